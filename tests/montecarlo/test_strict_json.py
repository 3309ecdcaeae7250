"""Files sevr writes are strict JSON: non-finite floats become null (summary.json, manifest.json)."""
import json
import math

import pytest

from sevr.montecarlo import store
from sevr.report import strictjson


def strict_loads(text: str):
    def refuse(name):
        raise ValueError(f"non-standard JSON constant {name}")
    return json.loads(text, parse_constant=refuse)


def test_non_finite_floats_become_null_at_any_depth():
    value = {"a": math.inf, "b": [1.5, -math.inf, {"c": math.nan}], "d": (math.nan, 2), "e": "inf", "f": 0.0}
    text = strictjson.dumps(value, sort_keys=True)
    assert strict_loads(text) == {"a": None, "b": [1.5, None, {"c": None}], "d": [None, 2], "e": "inf", "f": 0.0}


def test_float_subclasses_are_mapped_too():
    class Minutes(float):
        pass
    assert strictjson.dumps([Minutes(math.inf), Minutes(2.5)]) == "[null, 2.5]"


def test_the_manifest_is_strict_json(tmp_path):
    manifest = {"title": "t", "baseline": {"tracker.hire_delay_min": math.inf}, "chunks": {"b": 1, "a": 2}}
    store.write_manifest(tmp_path, manifest)
    text = (tmp_path / store.MANIFEST).read_text()
    data = strict_loads(text)
    assert data["baseline"] == {"tracker.hire_delay_min": None}
    assert list(data["chunks"]) == ["a", "b"], "chunk records are written in a fixed order"
