"""A generated corpus of hostile scenario edits: every leaf of every built-in scenario kind, given
values of the wrong type, non-finite, zero, tiny and huge numbers, over-long text and places off the map."""
from __future__ import annotations

import copy
import datetime as dt
import math
from typing import Any, Iterator

from sevr.scenarios import load

BUILTINS = {"evasion": "hijra", "lost_person": "lost-hiker"}

FLOATS = (math.nan, math.inf, -math.inf, 0.0, 5e-324, 1e-9, 1e300, -1e300)
WRONG_FOR_NUMBER = (True, False, "0.9", [1.0], {"a": 1.0})
WRONG_FOR_INT = (True, "3", 2.5, 10**30, -(10**30))
WRONG_FOR_BOOL = ("off", "true", 1, 0, 1.0)
WRONG_FOR_STR = (7, True, 1.5, "x" * 100_000)
WRONG_FOR_TIME = (dt.date(2024, 10, 5), dt.datetime(2024, 10, 5, 18, 30, tzinfo=dt.timezone(dt.timedelta(hours=3))),
                  dt.datetime(9999, 12, 31, 23, 0), dt.datetime(1, 1, 1, 0, 0), "2024-10-05T18:30:00")
OFF_MAP = ((0.0, 0.0), (89.9, 179.9), (-89.9, -179.9))


def leaves(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted path, value) of every leaf of a dumped scenario; list items as name[i]."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list) and node and isinstance(node[0], dict):
        for i, item in enumerate(node):
            yield from leaves(item, f"{path}[{i}]")
    else:
        yield path, node


def set_leaf(data: dict, path: str, value: Any) -> None:
    """Replace the value at a dotted path (with [i] list indices) inside `data`."""
    node: Any = data
    parts = path.split(".")
    for part in parts[:-1]:
        node = _step(node, part)
    last = parts[-1]
    if "[" in last:
        name, index = last[:-1].split("[")
        node[name][int(index)] = value
    else:
        node[last] = value


def _step(node, part):
    if "[" in part:
        name, index = part[:-1].split("[")
        return node[name][int(index)]
    return node[part]


def bad_values(value: Any) -> tuple:
    """The hostile replacements of one leaf, chosen by the type of its current value."""
    if isinstance(value, bool):
        return WRONG_FOR_BOOL
    if isinstance(value, int):
        return WRONG_FOR_INT + FLOATS[:3]
    if isinstance(value, float):
        return FLOATS + WRONG_FOR_NUMBER
    if isinstance(value, dt.datetime):
        return WRONG_FOR_TIME
    if isinstance(value, str):
        return WRONG_FOR_STR
    if isinstance(value, list):  # a list of strings (guides) or numbers
        return (["x" * 100_000], [1, 2], "not a list", list(range(1000)))
    return ()


def corpus(kind: str) -> list[tuple[str, str, Any, dict]]:
    """(case id, dotted path, bad value, scenario data) for one scenario kind."""
    base = load(BUILTINS[kind]).model_dump(mode="python")
    cases = []
    for path, value in list(leaves(base)):
        for i, bad in enumerate(bad_values(value)):
            data = copy.deepcopy(base)
            set_leaf(data, path, bad)
            cases.append((f"{kind}:{path}#{i}", path, bad, data))
    lat_lon = [p for p, _ in leaves(base) if p.endswith(".lat") or p == "ipp.lat"]
    for path in lat_lon:
        if path.startswith("terrain.peaks") or path.startswith("departure"):
            continue
        for i, (lat, lon) in enumerate(OFF_MAP):
            data = copy.deepcopy(base)
            set_leaf(data, path, lat)
            set_leaf(data, path[:-3] + "lon", lon)
            cases.append((f"{kind}:{path[:-4]}@off{i}", path[:-4], (lat, lon), data))
    return cases
