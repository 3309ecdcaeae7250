"""Sweep values have strict types and finite numbers; unquoted dotted keys mean what they say."""
import pytest

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
