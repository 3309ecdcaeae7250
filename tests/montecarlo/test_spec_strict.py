"""Sweep values have strict types and finite numbers; unquoted dotted keys mean what they say."""
import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sevr.errors import InputError
from sevr.montecarlo.spec import load_spec, single_point
from sevr.scenarios import load

from .conftest import flat, invoke, write_spec

HEAD = 'scenario = "hijra"\nepisodes = 1024\n'


def refused_spec(tmp_path, body: str) -> str:
    spec = write_spec(tmp_path, HEAD + body)
    out = tmp_path / "out"
    result = invoke("sweep", spec, "--out", out)
    assert result.exit_code == 2, result.output
    assert len([line for line in result.output.splitlines() if line.strip()]) == 1, result.output
    assert not out.exists(), "nothing may be written"
    return flat(result.output)


@pytest.mark.parametrize("path, value, expected", [
    ("evaders.tactics.wait_days", "true", "must be a number (got true)"),
    ("evaders.tactics.wait_days", '"2"', "must be a number (got '2')"),
    ("tracker.skill", '"0.9"', "must be a number (got '0.9')"),
    ("tracker.skill", "false", "must be a number (got false)"),
    ("evaders.tactics.decoy", '"off"', "must be true or false (got 'off')"),
    ("evaders.tactics.decoy", "1", "must be true or false (got 1)"),
    ("light.mode", "1", "must be a string (got 1)"),
    ("tracker.hire_delay_min", "inf", "must be a finite number (got inf)"),
    ("tracker.hire_delay_min", "-inf", "must be a finite number (got -inf)"),
    ("tracker.hire_delay_min", "nan", "must be a finite number (got nan)"),
])
def test_grid_values_of_the_wrong_kind_are_refused_naming_the_key(tmp_path, path, value, expected):
    line = refused_spec(tmp_path, f'[grid]\n"{path}" = [{value}]\n')
    assert f'spec.toml: grid."{path}"[0]: {expected}' in line


@pytest.mark.parametrize("path, value, expected", [
    ("evaders.tactics.wait_days", "true", "must be a number"),
    ("evaders.tactics.decoy", '"off"', "must be true or false"),
    ("tracker.hire_delay_min", "inf", "must be a finite number"),
])
def test_point_overrides_of_the_wrong_kind_are_refused_naming_the_key(tmp_path, path, value, expected):
    line = refused_spec(tmp_path, f'[[points]]\nlabel = "a"\noverrides = {{ "{path}" = {value} }}\n')
    assert f'spec.toml: points[0].overrides."{path}": {expected}' in line


def test_the_second_bad_value_of_a_list_is_named_by_its_index(tmp_path):
    line = refused_spec(tmp_path, '[grid]\n"evaders.tactics.wait_days" = [1, 2.5, false]\n')
    assert 'grid."evaders.tactics.wait_days"[2]: must be a number' in line


def test_values_of_the_right_kind_pass_the_type_check_and_meet_the_schema(tmp_path):
    """An int for a float field is a number; the scenario's own validation then checks the range."""
    spec = write_spec(tmp_path, HEAD + '[grid]\n"tracker.skill" = [1, 0.5]\n"evaders.tactics.wait_days" = [2]\n')
    design = load_spec(str(spec))
    assert [p.scenario.tracker.skill for p in design.points] == [1.0, 0.5]
    line = refused_spec(tmp_path, '[grid]\n"tracker.skill" = [-3.0]\n')
    assert 'grid."tracker.skill"' in line and "point 0" in line


@pytest.mark.parametrize("key", ["evaders.tactics.nope", "evaders.nope.decoy", "nope"])
def test_an_unknown_unquoted_dotted_key_is_named_in_full(tmp_path, key):
    line = refused_spec(tmp_path, f"[grid]\n{key} = [1]\n")
    assert f'grid."{key}": no such setting' in line


def test_unquoted_dotted_keys_mean_the_same_as_quoted_ones(tmp_path):
    quoted = load_spec(str(write_spec(tmp_path, HEAD + '[grid]\n"evaders.tactics.decoy" = [true, false]\n'
                                      '[[points]]\nlabel = "w"\noverrides = { "evaders.tactics.wait_days" = 1 }\n',
                                      "a.toml")))
    bare = load_spec(str(write_spec(tmp_path, HEAD + "[grid]\nevaders.tactics.decoy = [true, false]\n"
                                    '[[points]]\nlabel = "w"\noverrides.evaders.tactics.wait_days = 1\n',
                                    "b.toml")))
    assert bare.paths == quoted.paths == ("evaders.tactics.wait_days", "evaders.tactics.decoy")
    assert bare.fingerprint() == quoted.fingerprint()


def test_a_grid_value_that_is_not_a_list_names_its_key(tmp_path):
    line = refused_spec(tmp_path, '[grid]\n"evaders.tactics.decoy" = true\n')
    assert 'grid."evaders.tactics.decoy": must be a list of values' in line
    line = refused_spec(tmp_path, '[grid]\nevaders.tactics = { decoy = true }\n')
    assert 'grid."evaders.tactics.decoy": must be a list of values' in line


def test_simulate_overrides_are_checked_too():
    scenario = load("hijra")
    with pytest.raises(InputError, match="light.mode: must be a string"):
        single_point(scenario, "hijra", 1024, 0, "batched", {"light.mode": 3})


# --- a generated corpus: every bool, number and string setting of the evasion scenario ------------

def leaves(node, prefix=""):
    """(dotted path, value) of every bool, int, float and str setting below a scenario model."""
    from pydantic import BaseModel

    for name in type(node).model_fields:
        value = getattr(node, name)
        path = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            yield from leaves(value, path + ".")
        elif isinstance(value, (bool, int, float, str)):
            yield path, value


HIJRA = load("hijra")
LEAVES = sorted(leaves(HIJRA))
TOML = {True: "true", False: "false", math.inf: "inf", -math.inf: "-inf"}


def toml_value(v) -> str:
    if isinstance(v, float) and math.isnan(v):
        return "nan"
    if isinstance(v, bool) or (isinstance(v, float) and math.isinf(v)):
        return TOML[v]
    return json.dumps(v)


def wrong_kinds(current):
    """Values of another kind than the setting's own, and non-finite numbers."""
    if isinstance(current, bool):
        return [1, 0, "true", "off", 1.0]
    if isinstance(current, (int, float)):
        return [True, False, "0.9", "1", math.nan, math.inf, -math.inf]
    return [True, 1, 2.5]


CASES = [(path, bad) for path, value in LEAVES for bad in wrong_kinds(value)]


def test_the_corpus_covers_every_kind_of_setting():
    kinds = {type(v) for _, v in LEAVES}
    assert {bool, int, float, str} <= kinds and len(LEAVES) > 50


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=st.sampled_from(CASES), where=st.sampled_from(["grid", "points"]))
def test_every_setting_refuses_values_of_another_kind_naming_file_and_key(tmp_path, case, where):
    path, bad = case
    if where == "grid":
        body, field = f'[grid]\n"{path}" = [{toml_value(bad)}]\n', f'grid."{path}"[0]'
    else:
        body, field = (f'[[points]]\nlabel = "x"\noverrides = {{ "{path}" = {toml_value(bad)} }}\n',
                       f'points[0].overrides."{path}"')
    spec = write_spec(tmp_path, HEAD + body, "hostile.toml")
    with pytest.raises(InputError) as info:
        load_spec(str(spec))
    assert info.value.source == str(spec) and info.value.field == field, str(info.value)
