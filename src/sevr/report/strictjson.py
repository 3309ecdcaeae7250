"""Strict JSON for every file sevr writes: a non-finite float is written as null, never as the
`NaN` or `Infinity` that Python's json module emits by default and strict readers reject."""
from __future__ import annotations

import json
import math
from typing import Any


def finite(value: Any) -> Any:
    """The value with every NaN or infinite float (at any depth of dicts, lists, tuples) replaced by None."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def dumps(value: Any, **kwargs) -> str:
    """json.dumps of `finite(value)` with allow_nan=False: null means "no finite value"."""
    return json.dumps(finite(value), allow_nan=False, **kwargs)
