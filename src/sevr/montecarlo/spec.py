"""Sweep designs: a TOML spec (scenario, episodes, seed, [grid], [[points]]) expanded into points.

Every point is validated with `with_overrides` while the spec is read, so a bad value anywhere in
the design stops the sweep before any episode runs or any file is written.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from sevr.errors import InputError
from sevr.scenarios import builtin_names, get_path, load, with_overrides
from sevr.scenarios.loader import parse

if TYPE_CHECKING:
    from sevr.scenarios.schema import EvasionScenario

SPECS_PACKAGE = "sevr.montecarlo.specs"
TOP_LEVEL = ("title", "description", "scenario", "episodes", "seed", "grid", "points")
POINT_KEYS = ("label", "overrides")
FORMAT = 1  # bump when the meaning of the stored rows changes; old folders then refuse to resume
MAX_EPISODES = 10**9        # episodes per point
MAX_POINTS = 2_000          # points per design (each is validated as a scenario before anything runs)
MAX_SEED = 2**63 - 1        # seeds are stored as signed 64-bit integers
MAX_SPEC_BYTES = 1_000_000  # a spec file larger than this is refused unread


@dataclass(frozen=True)
class Point:
    index: int
    label: str
    overrides: dict[str, Any]   # the settings this point changes, as written in the spec
    scenario: EvasionScenario   # the validated scenario of this point
    values: dict[str, Any]      # every design path -> this point's value, as stored in the rows


@dataclass(frozen=True)
class Design:
    """A validated sweep: one base scenario, the points to run, episodes per point, the seed."""

    source: str                 # spec file (or "simulate") for messages and the manifest
    title: str
    scenario_ref: str
    base: Any
    episodes: int
    seed: int
    paths: tuple[str, ...]      # every dotted path the design sets, in order of first use
    column_types: dict[str, str]
    points: tuple[Point, ...]
    engine: str = "batched"
    kind: str = "sweep"
    baseline: dict[str, Any] = field(default_factory=dict)  # the scenario's own value of each path

    def fingerprint(self) -> str:
        """SHA-256 hex digest of everything that decides the rows (not the chunking, executor or output folder)."""
        payload = {"format": FORMAT, "engine": self.engine, "episodes": self.episodes, "seed": self.seed,
                   "scenario": self.base.model_dump(mode="json"), "paths": list(self.paths),
                   "points": [[p.label, p.overrides] for p in self.points]}
        text = json.dumps(payload, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def builtin_spec_names() -> list[str]:
    """Names of the built-in sweep specs (their file names without ``.toml``), sorted.

    Returns
    -------
    list of str
    """
    folder = resources.files(SPECS_PACKAGE)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_spec(name_or_path: str, episodes: int | None = None) -> Design:
    """Read a built-in spec by name or a spec file.

    Parameters
    ----------
    name_or_path : str
        A built-in spec name or the path of a TOML spec (at most MAX_SPEC_BYTES bytes).
    episodes : int, optional
        Episodes per point; overrides the spec's own count.

    Returns
    -------
    Design

    Raises
    ------
    InputError
        Naming the file: missing, a folder, too large, unreadable, not UTF-8, or any error of
        `parse_spec`.
    """
    if name_or_path in builtin_spec_names():
        resource = resources.files(SPECS_PACKAGE).joinpath(f"{name_or_path}.toml")
        path, label = Path(str(resource)), f"{name_or_path}.toml (built-in spec)"
    else:
        path = Path(name_or_path)
        label = str(path)
        if not path.is_file():
            known = ", ".join(builtin_spec_names())
            what = "is a folder, expected a TOML file" if path.is_dir() else \
                f"no such file or built-in spec (built-ins: {known})"
            raise InputError(what, source=label)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_SPEC_BYTES + 1)
        if len(raw) > MAX_SPEC_BYTES:
            raise InputError(f"is larger than {MAX_SPEC_BYTES:,} bytes; a sweep spec is a short TOML file",
                             source=label)
        text = raw.decode("utf-8")
    except (UnicodeDecodeError, OSError) as exc:
        raise InputError(f"cannot be read ({exc})", source=label) from None
    return parse_spec(parse(text, label), label, path.parent, episodes, name=path.stem)


def parse_spec(data: dict, label: str, folder: Path, episodes: int | None = None, name: str = "sweep") -> Design:
    """Validate a parsed spec and build its design.

    The points are the product of the [[points]] and the [grid]'s cartesian product; every
    point's scenario is validated before anything runs.

    Parameters
    ----------
    data : dict
        The spec's TOML tables.
    label : str
        The spec's name for messages.
    folder : Path
        Where relative scenario paths are looked for.
    episodes : int, optional
        Episodes per point; overrides ``data["episodes"]``.
    name : str, default="sweep"
        Default title.

    Returns
    -------
    Design

    Raises
    ------
    InputError
        Naming the field: an unknown key, no scenario, no episodes, a bad seed or title, an empty
        design, more than MAX_POINTS points, a path set twice, a value of the wrong type, or a
        point whose scenario does not validate.
    """
    unknown = [k for k in data if k not in TOP_LEVEL]
    if unknown:
        raise InputError(f"unknown top-level key (allowed: {', '.join(TOP_LEVEL)})", source=label, field=unknown[0])
    ref = data.get("scenario")
    if not isinstance(ref, str) or not ref:
        raise InputError("required: a built-in scenario name or a path to a scenario TOML", source=label,
                         field="scenario")
    base = _load_scenario(ref, label, folder)
    n = episodes if episodes is not None else data.get("episodes")
    if n is None:
        raise InputError("required key is missing (episodes per point)", source=label, field="episodes")
    n = check_episodes(n, label, "episodes" if episodes is None else "--episodes")
    seed = check_seed(data.get("seed", 0), label, "seed")
    title = data.get("title", name)
    if not isinstance(title, str):
        raise InputError("must be a string", source=label, field="title")

    grid_table = _flat_grid(data.get("grid"), base, label)
    n_points = math.prod(len(v) for v in grid_table.values() if isinstance(v, list)) if grid_table else 1
    if isinstance(data.get("points"), list):
        n_points *= max(1, len(data["points"]))
    if n_points > MAX_POINTS:
        raise InputError(f"the design has {n_points:,} points; the limit is {MAX_POINTS:,} (see docs/limits.md)",
                         source=label, field="grid" if grid_table else "points")
    grid = _grid(grid_table, base, label)
    explicit = _explicit_points(data.get("points"), base, label)
    if grid is None and explicit is None:
        raise InputError("the design is empty: give a [grid] table, [[points]] or both", source=label)
    grid = grid or [("", {}, {})]
    explicit = explicit or [("", {}, "")]
    combos = []
    for (plabel, pover, pfield), (glabel, gover, gfields) in itertools.product(explicit, grid):
        clash = set(pover) & set(gover)
        if clash:
            path = sorted(clash)[0]
            raise InputError(f"'{path}' is set both by this point and by [grid]; set it in one place",
                             source=label, field=pfield)
        name = " | ".join(part for part in (plabel, glabel) if part) or "baseline"
        combos.append((name, {**pover, **gover}, {**{k: f"{pfield}.overrides.\"{k}\"" for k in pover}, **gfields}))
    return _design(base, ref, label, title, n, seed, combos)


def single_point(scenario: EvasionScenario, ref: str, episodes: int, seed: int, engine: str,
                 overrides: dict | None = None) -> Design:
    """The design of `sevr simulate`: one point, the scenario with the command's own overrides.

    Parameters
    ----------
    scenario : EvasionScenario
        The base scenario.
    ref : str
        How the scenario was named on the command line (stored in the manifest).
    episodes : int
        Episodes to run, 1 to MAX_EPISODES.
    seed : int
        0 to 2^63 - 1.
    engine : str
        "batched" or "reference".
    overrides : dict, optional
        Dotted path to value.

    Returns
    -------
    Design

    Raises
    ------
    InputError
        On ``--episodes``, ``--seed`` or an override of the wrong type or that does not validate.
    """
    n = check_episodes(episodes, None, "--episodes")
    seed = check_seed(seed, None, "--seed")
    for dotted, value in (overrides or {}).items():
        check_value(scenario, dotted, value, None, dotted)
    return _design(scenario, ref, "simulate", scenario.meta.name, n, seed,
                   [(scenario.meta.name, dict(overrides or {}), {})], engine=engine, kind="simulate")


def check_episodes(n, label: str | None, where: str) -> int:
    """Check a count of episodes per point.

    Parameters
    ----------
    n : int
        The count.
    label : str or None
        The source named in the message.
    where : str
        The field named in the message.

    Returns
    -------
    int
        `n`, a whole number from 1 to MAX_EPISODES.

    Raises
    ------
    InputError
        When `n` is not a whole number > 0 (booleans refused) or is past MAX_EPISODES.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n <= 0:
        raise InputError(f"must be a whole number > 0 (got {n!r})", source=label, field=where)
    if n > MAX_EPISODES:
        raise InputError(f"{n:,} episodes per point is past the limit of {MAX_EPISODES:,} (see docs/limits.md)",
                         source=label, field=where)
    return n


def check_seed(seed, label: str | None, where: str) -> int:
    """A seed is a whole number from 0 to 2^63 - 1 (it is stored in a signed 64-bit column).

    Parameters
    ----------
    seed : int
        The seed.
    label : str or None
        The source named in the message.
    where : str
        The field named in the message.

    Returns
    -------
    int
        `seed`.

    Raises
    ------
    InputError
        When it is not a whole number in that range (booleans refused).
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise InputError(f"must be a whole number from 0 to 2^63 - 1 (got {seed!r})", source=label, field=where)
    return seed


def check_value(base, dotted: str, value, label: str | None, where: str) -> None:
    """Strict types for a design value.

    It must have the kind of the scenario's own value (a boolean is not a number, a string is
    not a boolean), and a number must be finite. The scenario's own validation (with the
    override applied) checks the rest.

    Parameters
    ----------
    base : Scenario
        The base scenario.
    dotted : str
        Dotted path of the setting.
    value : object
        The value the design gives it.
    label : str or None
        The source named in the message.
    where : str
        The field named in the message.

    Raises
    ------
    InputError
        On a non-finite number or a value of the wrong kind (or a path that does not exist).
    """
    current = get_path(base, dotted)
    shown = _fmt(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"must be a finite number (got {shown})", source=label, field=where)
    if isinstance(current, bool):
        if not isinstance(value, bool):
            raise InputError(f"must be true or false (got {shown})", source=label, field=where)
    elif isinstance(current, (int, float)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError(f"must be a number (got {shown})", source=label, field=where)
    elif isinstance(current, str):
        if not isinstance(value, str):
            raise InputError(f"must be a string (got {shown})", source=label, field=where)


def _load_scenario(ref: str, label: str, folder: Path):
    target = ref if ref in builtin_names() or Path(ref).is_absolute() else str(folder / ref)
    try:
        return load(target)
    except InputError as exc:
        raise InputError(str(exc), source=label, field="scenario") from None


def _check_path(base, dotted, label: str, where: str) -> None:
    if not isinstance(dotted, str) or not dotted:
        raise InputError("keys must be dotted paths into the scenario", source=label, field=where)
    try:
        get_path(base, dotted)
    except InputError as exc:
        raise InputError(f"{exc.detail} (see `sevr scenario show {base.meta.name}`)",
                         source=label, field=where) from None


def _flat_grid(grid, base, label: str):
    """[grid] with unquoted dotted keys (TOML nests them in tables) turned back into dotted paths."""
    if grid is None:
        return None
    if not isinstance(grid, dict):
        raise InputError("must be a table of dotted path = [values]", source=label, field="grid")
    return _flatten(grid, base)


def _flatten(table: dict, base, prefix: str = "") -> dict:
    """{"a": {"b": v}} -> {"a.b": v} unless "a" is a setting that is not a table, so that
    `evaders.tactics.decoy = false` written without quotes means the same as with them."""
    flat = {}
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and isinstance(key, str) and key:
            try:
                node = get_path(base, dotted)
            except InputError:
                node = base  # not a setting: keep the whole dotted path, so that the error names it
            if isinstance(node, BaseModel):
                flat.update(_flatten(value, base, dotted + "."))
                continue
        flat[dotted] = value
    return flat


def _grid(grid, base, label: str):
    """[grid] -> list of (label, overrides, {path: spec field}) for its cartesian product."""
    if grid is None:
        return None
    if not grid:
        raise InputError("is empty: give at least one dotted path = [values]", source=label, field="grid")
    short = _short_names(list(grid))
    for dotted, values in grid.items():
        where = f'grid."{dotted}"'
        _check_path(base, dotted, label, where)
        if not isinstance(values, list):
            raise InputError(f"must be a list of values, e.g. [{_fmt(values)}]", source=label, field=where)
        if not values:
            raise InputError("the list of values is empty", source=label, field=where)
        for i, value in enumerate(values):
            check_value(base, dotted, value, label, f"{where}[{i}]")
    out = []
    for combo in itertools.product(*grid.values()):
        over = dict(zip(grid, combo))
        name = ", ".join(f"{short[k]}={_fmt(v)}" for k, v in over.items())
        out.append((name, over, {k: f'grid."{k}"' for k in over}))
    return out


def _explicit_points(points, base, label: str):
    """[[points]] -> list of (label, overrides, spec field)."""
    if points is None:
        return None
    if not isinstance(points, list) or not all(isinstance(p, dict) for p in points):
        raise InputError("must be an array of tables ([[points]] with label and overrides)",
                         source=label, field="points")
    if not points:
        raise InputError("is empty", source=label, field="points")
    out, seen = [], set()
    for i, p in enumerate(points):
        where = f"points[{i}]"
        extra = [k for k in p if k not in POINT_KEYS]
        if extra:
            raise InputError(f"unknown key '{extra[0]}' (allowed: label, overrides)", source=label, field=where)
        name = p.get("label")
        if not isinstance(name, str) or not name.strip():
            raise InputError("required: a non-empty label", source=label, field=f"{where}.label")
        if name in seen:
            raise InputError(f"label '{name}' is used twice; labels must be unique", source=label,
                             field=f"{where}.label")
        seen.add(name)
        over = p.get("overrides", {})
        if not isinstance(over, dict):
            raise InputError('must be a table of "dotted.path" = value', source=label, field=f"{where}.overrides")
        over = _flatten(over, base)
        for dotted, value in over.items():
            _check_path(base, dotted, label, f'{where}.overrides."{dotted}"')
            check_value(base, dotted, value, label, f'{where}.overrides."{dotted}"')
        out.append((name, over, where))
    return out


def _design(base, ref, label, title, episodes, seed, combos, engine="batched", kind="sweep") -> Design:
    if base.meta.kind != "evasion":  # the episode engines model an evasion night only
        raise InputError(f"Monte Carlo runs need an evasion scenario; '{base.meta.name}' is of kind "
                         f"'{base.meta.kind}'", source=label if kind == "sweep" else ref, field="scenario")
    paths = list(dict.fromkeys(k for _, over, _ in combos for k in over))
    scenarios = []
    for i, (name, over, fields) in enumerate(combos):
        try:
            scenarios.append(with_overrides(base, over, label=f"point {i} ({name})"))
        except InputError as exc:
            bad = next((k for k in over if exc.field and (exc.field == k or exc.field.startswith(k + "."))), None)
            where = fields.get(bad) if bad else None
            shown = f" = {_fmt(over[bad])}" if bad else ""
            detail = f"{exc.detail} (point {i}: {name}; {exc.field}{shown})"
            raise InputError(detail, source=label, field=where) from None
    raw = [[get_path(s, k) for k in paths] for s in scenarios]
    types = {k: _column_type([row[j] for row in raw]) for j, k in enumerate(paths)}
    points = tuple(Point(i, name, over, s, {k: column_value(v, types[k]) for k, v in zip(paths, row)})
                   for i, ((name, over, _), s, row) in enumerate(zip(combos, scenarios, raw)))
    baseline = {k: column_value(get_path(base, k), types[k]) for k in paths}
    return Design(source=label, title=title, scenario_ref=ref, base=base, episodes=episodes, seed=seed,
                  paths=tuple(paths), column_types=types, points=points, engine=engine, kind=kind,
                  baseline=baseline)


def _column_type(values: list) -> str:
    """One Parquet type per design column, whatever mix of values the points give it."""
    kinds = {type(v) for v in values if v is not None}
    if kinds == {bool}:
        return "bool"
    if kinds == {int}:
        return "int64"
    if kinds and kinds <= {int, float}:
        return "double"
    return "string"


def column_value(value, kind: str):
    """A scenario value as it is stored in a row (tables and dates become JSON text).

    Parameters
    ----------
    value : object
        The scenario's value (None passes through).
    kind : str
        The column's type: "bool", "int64", "double" or "string".

    Returns
    -------
    bool, int, float, str or None
        Floats for "double"; tables, lists and dates as JSON or ISO text for "string".
    """
    if value is None:
        return None
    if kind == "double":
        return float(value)
    if kind in ("bool", "int64") or isinstance(value, str):
        return value
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return json.dumps(value, sort_keys=True, default=str)


def _short_names(paths: list[str]) -> dict[str, str]:
    """The last part of each dotted path, unless two paths would share it."""
    last = [p.rsplit(".", 1)[-1] for p in paths]
    return {p: (s if last.count(s) == 1 else p) for p, s in zip(paths, last)}


def _fmt(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)
