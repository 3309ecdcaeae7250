"""The hostile-input corpus: every leaf of every scenario kind with hostile values.

Each case is refused with one line that names the file and the key, or it is accepted exactly as
written (no conversion) with every number finite. Validation only here, so the corpus stays fast;
tests/test_cli_hostile.py runs a sample of the cases through the commands.
"""
from __future__ import annotations

import copy
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sevr.errors import InputError
from sevr.scenarios import load
from sevr.scenarios.loader import parse, validate
from tests.scenarios.hostile import BUILTINS, corpus, leaves, set_leaf

LABEL = "hostile.toml"
PLACE_KEYS = ("places.", "ipp", "weights.trails[")


def _related(field: str, path: str) -> bool:
    """The error names the key itself, the table whose rule it broke, or a part of a list value."""
    if field == path or path.startswith(field + ".") or path.startswith(field + "[") or field.startswith(path):
        return True
    # moving the map (its origin or an edge) moves every place on it: the place left off the map is named
    return path.startswith(("frame.", "terrain.")) and field.startswith(PLACE_KEYS)


def _outcome(data: dict):
    """The validated scenario, or the InputError.

    The data holds only values TOML can write (tests/test_cli_hostile.py sends a sample through
    real files); validating the parsed form directly keeps the corpus fast.
    """
    try:
        return validate(copy.deepcopy(data), LABEL)
    except InputError as exc:
        return exc


def _value_at(model, path: str):
    node = model.model_dump(mode="python")
    for part in path.split("."):
        if "[" in part:
            name, index = part[:-1].split("[")
            node = node[name][int(index)]
        else:
            node = node[part]
    return node


def _all_finite(model) -> bool:
    return all(math.isfinite(v) for _, v in leaves(model.model_dump(mode="python"))
               if isinstance(v, float))


def _check(case_id, path, bad, data):
    result = _outcome(data)
    if isinstance(result, InputError):
        message = str(result)
        assert result.source == LABEL, (case_id, message)
        assert result.field and _related(result.field, path), (case_id, message)
        assert message.startswith(f"{LABEL}: {result.field}: ") and "\n" not in message, (case_id, message)
        return "refused"
    assert _all_finite(result), case_id
    if not isinstance(bad, tuple):  # the value is kept as written: no bool -> int, no "0.9" -> 0.9
        kept = _value_at(result, path)
        assert kept == bad and (type(kept) is type(bad) or (type(bad) is int and type(kept) is float)), case_id
    return "accepted"


_BASES = {kind: load(name).model_dump(mode="python") for kind, name in BUILTINS.items()}


def _must_refuse(was, bad) -> bool:
    """Non-finite and huge numbers, over-long text and values of another type."""
    wrong_type = type(bad) is not type(was) and not (type(bad) is int and type(was) is float)
    hostile_number = isinstance(bad, float) and (not math.isfinite(bad) or abs(bad) >= 1e300)
    return wrong_type or hostile_number or (isinstance(bad, str) and len(bad) > 10_000)


@pytest.mark.parametrize("kind", sorted(BUILTINS))
def test_every_hostile_case_is_refused_naming_its_key_or_kept_as_written(kind):
    original = dict(leaves(_BASES[kind]))
    outcomes = {"refused": [], "accepted": []}
    for case_id, path, bad, data in corpus(kind):
        outcome = _check(case_id, path, bad, data)
        outcomes[outcome].append(case_id)
        if "@off" not in case_id and _must_refuse(original[path], bad):
            assert outcome == "refused", case_id
    assert len(outcomes["refused"]) > 5 * len(outcomes["accepted"])
    for case_id in outcomes["accepted"]:
        assert case_id.rsplit("#", 1)[-1] in {"3", "4", "5"}, case_id  # only 0, 5e-324 and 1e-9 may pass


def test_places_off_the_map_are_refused_by_name():
    for kind in BUILTINS:
        cases = [c for c in corpus(kind) if "@off" in c[0]]
        assert cases
        for case_id, path, _, data in cases:
            result = _outcome(data)
            assert isinstance(result, InputError) and result.field == path, case_id
            assert "outside the terrain" in result.detail, case_id


_LEAVES = {kind: [p for p, v in leaves(_BASES[kind]) if not isinstance(v, list)] for kind in BUILTINS}
_ANY_VALUE = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-(2**63), 2**63 - 1), st.booleans(),
    st.text(max_size=30), st.just("x" * 5000), st.lists(st.integers(0, 9), max_size=3),
)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(sorted(BUILTINS)), index=st.integers(0, 10_000), value=_ANY_VALUE)
def test_any_value_in_any_key_is_refused_by_name_or_kept(kind, index, value):
    path = _LEAVES[kind][index % len(_LEAVES[kind])]
    data = copy.deepcopy(_BASES[kind])
    set_leaf(data, path, value)
    _check(f"{kind}:{path}={value!r:.40}", path, value, data)


