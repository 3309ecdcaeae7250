"""A plan folder holds its operational periods, so a whole search can be replayed and audited.

Layout (``sevr plan`` writes the top level and ``period-01``; each ``sevr plan debrief`` adds
the next period, or nothing)::

    plan.json           manifest: the plan (as before) plus "format", "frame", "settings" and
                        "field_periods" (one entry per period folder)
    scenario.toml       the scenario, every key resolved (when the plan came from one)
    grid.npz            the map kept for later periods: elevation, segment labels, ids,
                        areas, boxes, the prior surface and ROW, the IPP
    period-01/          period.json (allocation with every segment's hours, the check made
                        before it), allocation.csv, belief_before.npz, map.png, and the
                        period's field files (PERIOD_EXPORT_FILES of sevr.planning.exports):
                        assignments.pdf, assignments.gpx, assignments.caltopo.geojson,
                        segments.kml, probability.tif
    period-02/          the same, planned from the debrief of period 1, plus
      debrief/          debrief.json, coverage.png and tracks/ (copies of the GPX files)

Beliefs are stored as ``belief_before.npz`` (``cells``: absolute probability per cell,
``row``: outside the map). The ``.npz`` files are written with fixed zip timestamps, so the
same inputs give the same bytes. :mod:`sevr.planning.cyclerun` debriefs and replays a folder.
"""
from __future__ import annotations

import io
import json
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from sevr.errors import InputError
from sevr.search.suspend import SuspensionRule

from .cycle import LAW_FORMULAS, Belief, PeriodPlan, PlanGrid, plan_period
from .outputs import _clean, _csv_text

__all__ = ["FORMAT", "period_name", "plan_settings", "plan_next", "write_period", "write_plan_folder_files",
           "manifest_fields", "check_plan_out", "PlanFolder", "open_plan_folder", "read_json", "json_text",
           "add_to_manifest"]

FORMAT = {"name": "sevr-plan-folder", "version": 1}
PERIOD_RE = re.compile(r"^period-(\d{2,})$")
ALLOCATION_COLUMNS = ("segment", "area_km2", "poa", "searcher_hours", "team_hours", "coverage", "pod", "pos")
MAX_PERIOD = 99
SETTINGS_KEYS = ("searcher_hours_per_period", "team_size", "sweep_rate_m2_per_searcher_hour", "sweep_width_m",
                 "detection_law", "suspension_rule")


def period_name(k: int) -> str:
    """The folder name of period *k*.

    Parameters
    ----------
    k : int
        Period number (1 = first).

    Returns
    -------
    str
        ``"period-01"``, ``"period-02"``, ... (at least two digits).
    """
    return f"period-{k:02d}"


# ----------------------------------------------------------------------------------------------
# files


def _write_npz(path: Path, arrays: dict) -> None:
    """np.savez_compressed with fixed timestamps (same arrays, same bytes)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, value in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(value), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue())


def _read_npz(path: Path, names: Sequence[str]) -> dict:
    try:
        with np.load(path, allow_pickle=False) as data:
            return {n: data[n] for n in names}
    except FileNotFoundError:
        raise InputError("is missing: the plan folder is incomplete", source=str(path)) from None
    except (KeyError, ValueError, OSError, zipfile.BadZipFile) as exc:
        raise InputError(f"cannot be read ({exc})", source=str(path)) from None


def json_text(obj) -> str:
    """Indented JSON of *obj* (numpy values as Python numbers, non-finite floats as null)."""
    return json.dumps(_clean(obj), indent=2, ensure_ascii=False) + "\n"


def read_json(path: Path) -> dict:
    """A JSON file of the plan folder (InputError naming it when missing or malformed)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("is missing: the plan folder is incomplete", source=str(path)) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"is not valid JSON ({exc})", source=str(path)) from None


def _grid_arrays(grid: PlanGrid) -> dict:
    return {"elevation": grid.elevation.astype(np.float32), "cell_m": grid.cell_m, "west_m": grid.west_m,
            "north_m": grid.north_m, "labels": grid.labels.astype(np.int32), "ids": np.array(grid.ids),
            "areas_m2": grid.areas_m2, "boxes": grid.boxes, "prior": grid.prior, "row": grid.row,
            "ipp_xy": np.array(grid.ipp_xy), "origin": np.array([grid.origin_lat, grid.origin_lon])}


def _read_grid(path: Path) -> PlanGrid:
    a = _read_npz(path, ("elevation", "cell_m", "west_m", "north_m", "labels", "ids", "areas_m2", "boxes",
                         "prior", "row", "ipp_xy", "origin"))
    return PlanGrid(elevation=a["elevation"], cell_m=float(a["cell_m"]), west_m=float(a["west_m"]),
                    north_m=float(a["north_m"]), labels=a["labels"], ids=tuple(str(s) for s in a["ids"]),
                    areas_m2=a["areas_m2"], boxes=a["boxes"], prior=a["prior"], row=float(a["row"]),
                    ipp_xy=tuple(map(float, a["ipp_xy"])), origin_lat=float(a["origin"][0]),
                    origin_lon=float(a["origin"][1]))


def plan_settings(plan) -> dict:
    """What later periods need of a :class:`~sevr.planning.plan.Plan`: sweep rate and width,
    the period's searcher-hours, team size, detection law and suspension rule."""
    searchers = sum(t.searchers for t in plan.teams)
    return {
        "hours_per_period": plan.hours_per_period,
        "searchers": searchers,
        "searcher_hours_per_period": searchers * plan.hours_per_period,
        "team_size": searchers / sum(t.teams for t in plan.teams),
        "sweep_rate_m2_per_searcher_hour": sum(t.searchers * t.sweep_rate_m2_per_h for t in plan.teams) / searchers,
        "sweep_width_m": sum(t.searchers * t.sweep_width_m for t in plan.teams) / searchers,
        "detection_law": plan.law,
        "suspension_rule": {"min_pos_per_searcher_hour": plan.rule.min_pos_per_searcher_hour,
                            "min_poa_in_area": plan.rule.min_poa_in_area},
    }


def _rule(settings: dict) -> SuspensionRule:
    r = settings["suspension_rule"]
    return SuspensionRule(r["min_pos_per_searcher_hour"], r["min_poa_in_area"])


def plan_next(k: int, grid: PlanGrid, belief: Belief, settings: dict) -> PeriodPlan:
    """Period *k*'s allocation from *belief* with the plan folder's *settings*.

    Parameters
    ----------
    k : int
        The period's number.
    grid : PlanGrid
        The plan folder's map and segments.
    belief : Belief
        Probabilities before the period.
    settings : dict
        The folder's settings (:func:`plan_settings`): sweep rate (m² per searcher-hour),
        searcher-hours per period, detection law and suspension rule.

    Returns
    -------
    PeriodPlan
    """
    return plan_period(k, grid, belief, settings["sweep_rate_m2_per_searcher_hour"],
                       settings["searcher_hours_per_period"], settings["detection_law"], _rule(settings))


def write_period(folder: Path, fmap, belief: Belief, per: PeriodPlan, settings: dict, made_by: str,
                 debriefed: dict | None = None, clues: Sequence = ()) -> None:
    """Write one period's files (see the module docstring) into *folder*: the record, the map and
    the field files of :func:`~sevr.planning.exports.write_period_exports` (*fmap* a
    :class:`~sevr.planning.exports.FieldMap`, *clues* found so far drawn as markers).

    Parameters
    ----------
    folder : Path
        The period's folder (existing).
    fmap : FieldMap
        The plan's map, outlines and names.
    belief : Belief
        Probabilities before the period (kept as belief_before.npz).
    per : PeriodPlan
        The period's allocation.
    settings : dict
        The plan folder's settings (:func:`plan_settings`).
    made_by : str
        What made the period (``"plan"`` or ``"debrief"``), recorded in period.json.
    debriefed : dict, optional
        The debrief that led to this period, recorded under ``debrief``.
    clues : sequence of Clue, optional
        Clues found so far.
    """
    from .exports import write_period_exports
    from .periodmap import draw_period_map

    grid = fmap.grid

    _write_npz(folder / "belief_before.npz", {"cells": belief.cells, "row": belief.row})
    rows = per.rows(grid.ids, grid.areas_m2, settings["team_size"])
    (folder / "allocation.csv").write_text(_csv_text(rows, ALLOCATION_COLUMNS), encoding="utf-8")
    record = {
        "period": per.index, "made_by": made_by, "detection_law": per.law,
        "searcher_hours": float(per.searcher_hours.sum()), "pos": float(per.pos.sum()),
        "poa_in_area_before": float(per.poa.sum()), "row_before": per.row,
        "check_before": per.check.as_dict(), "allocation": rows,
        "searcher_hours_by_segment": dict(zip(grid.ids, map(float, per.searcher_hours))),
        "poa_by_segment": dict(zip(grid.ids, map(float, per.poa))),
        **({"debrief": debriefed} if debriefed else {}),
    }
    (folder / "period.json").write_text(json_text(record), encoding="utf-8")
    draw_period_map(grid, belief, per, folder / "map.png", title=fmap.title, team_size=settings["team_size"])
    write_period_exports(fmap, per, belief, settings, folder, clues=clues)


def write_plan_folder_files(plan, tmp: Path, scenario_toml: str | None = None) -> list[str]:
    """Add the plan-folder files of *plan* to a folder being built: scenario.toml (if given),
    grid.npz and period-01/. Returns the names written."""
    from .exports import FieldMap

    grid = PlanGrid.from_plan(plan)
    names = ["grid.npz", period_name(1)]
    if scenario_toml is not None:
        (tmp / "scenario.toml").write_text(scenario_toml, encoding="utf-8")
        names.insert(0, "scenario.toml")
    _write_npz(tmp / "grid.npz", _grid_arrays(grid))
    folder = tmp / period_name(1)
    folder.mkdir()
    belief = Belief(grid.prior, grid.row)
    settings = plan_settings(plan)
    write_period(folder, FieldMap.from_plan(plan), belief, plan_next(1, grid, belief, settings), settings, "plan")
    return names


def manifest_fields(plan, scenario_toml: str | None) -> dict:
    """The manifest keys plan.json gets on top of the plan's own record.

    Parameters
    ----------
    plan : Plan
        The plan being written (needs its frame).
    scenario_toml : str or None
        The resolved scenario's text; None records no scenario file.

    Returns
    -------
    dict
        ``format``, ``files``, ``frame`` (origin lat/lon in degrees), ``settings`` and
        ``field_periods`` (period 1, made by the plan).
    """
    return {"format": FORMAT, "files": {"scenario": "scenario.toml" if scenario_toml is not None else None,
                                        "grid": "grid.npz"},
            "frame": {"origin_lat": plan.frame.origin_lat, "origin_lon": plan.frame.origin_lon},
            "settings": plan_settings(plan),
            "field_periods": [{"period": 1, "folder": period_name(1), "made_by": "plan"}]}


def check_plan_out(out_dir) -> None:
    """Refuse to plan into a folder whose search has already been debriefed (its later periods
    would no longer follow from the new plan)."""
    out = Path(out_dir)
    later = sorted(p.name for p in out.glob("period-*") if p.is_dir() and p.name != period_name(1)) \
        if out.is_dir() else []
    if later:
        raise InputError(f"holds a search already debriefed ({', '.join(later)}); plan into a new folder",
                         source=str(out))


# ----------------------------------------------------------------------------------------------
# reading


@dataclass(frozen=True, eq=False)
class PlanFolder:
    """An open plan folder: its manifest, grid and period numbers (from the period folders)."""

    path: Path
    manifest: dict
    grid: PlanGrid
    periods: tuple[int, ...]

    @property
    def settings(self) -> dict:
        """The plan folder's settings from plan.json (see :func:`plan_settings`)."""
        return self.manifest["settings"]

    @property
    def last(self) -> int:
        """The number of the latest period folder."""
        return self.periods[-1]

    def period_dir(self, k: int) -> Path:
        """The folder of period *k*.

        Parameters
        ----------
        k : int
            Period number.

        Returns
        -------
        Path
        """
        return self.path / period_name(k)

    def period_record(self, k: int) -> dict:
        """Period *k*'s period.json.

        Parameters
        ----------
        k : int
            Period number.

        Returns
        -------
        dict

        Raises
        ------
        InputError
            If the file is missing or not valid JSON.
        """
        return read_json(self.period_dir(k) / "period.json")

    def belief_before(self, k: int) -> Belief:
        """The belief kept before period *k* (belief_before.npz).

        Parameters
        ----------
        k : int
            Period number.

        Returns
        -------
        Belief
            Cell probabilities (the grid's shape) and ROW.

        Raises
        ------
        InputError
            If the file is missing or unreadable, or its cells do not match the grid's shape.
        """
        a = _read_npz(self.period_dir(k) / "belief_before.npz", ("cells", "row"))
        if a["cells"].shape != self.grid.shape:
            raise InputError(f"cells have shape {a['cells'].shape}, the grid {self.grid.shape}",
                             source=str(self.period_dir(k) / "belief_before.npz"), field="cells")
        return Belief(a["cells"], float(a["row"]))


def open_plan_folder(path) -> PlanFolder:
    """Read a plan folder written by ``sevr plan`` (InputError naming what is wrong)."""
    root = Path(path)
    if not root.is_dir():
        raise InputError("no such plan folder (make one with `sevr plan --out FOLDER`)", source=str(root))
    manifest_path = root / "plan.json"
    if not manifest_path.is_file():
        raise InputError("is not a plan folder: it has no plan.json", source=str(root))
    manifest = read_json(manifest_path)
    fmt = manifest.get("format") if isinstance(manifest, dict) else None
    if not isinstance(fmt, dict) or fmt.get("name") != FORMAT["name"]:
        raise InputError("has no plan-folder manifest (written by an older sevr?); run `sevr plan` again",
                         source=str(manifest_path), field="format")
    if fmt.get("version") != FORMAT["version"]:
        raise InputError(f"version {fmt.get('version')!r}, this sevr reads {FORMAT['version']}",
                         source=str(manifest_path), field="format.version")
    settings = manifest.get("settings")
    if not isinstance(settings, dict):
        raise InputError("is missing", source=str(manifest_path), field="settings")
    for key in SETTINGS_KEYS:
        if key not in settings:
            raise InputError("is missing", source=str(manifest_path), field=f"settings.{key}")
    if settings["detection_law"] not in LAW_FORMULAS:
        raise InputError(f"{settings['detection_law']!r} is not one of {', '.join(LAW_FORMULAS)}",
                         source=str(manifest_path), field="settings.detection_law")
    periods = sorted(int(m.group(1)) for p in root.iterdir()
                     if p.is_dir() and (m := PERIOD_RE.match(p.name)) and (p / "period.json").is_file())
    if not periods or periods != list(range(1, len(periods) + 1)):
        raise InputError(f"period folders must run period-01, period-02, … without gaps, found {periods}",
                         source=str(root))
    return PlanFolder(root, manifest, _read_grid(root / "grid.npz"), tuple(periods))


def add_to_manifest(folder: PlanFolder, k: int) -> None:
    """List period *k* (made by a debrief) in plan.json's ``field_periods``, replacing the file atomically.

    Entries for period *k* and later are dropped first.

    Parameters
    ----------
    folder : PlanFolder
        The open plan folder.
    k : int
        The new period's number (the debrief of period ``k - 1``).
    """
    manifest = dict(folder.manifest)
    entries = [e for e in manifest.get("field_periods", []) if e.get("period", 0) < k]
    entries.append({"period": k, "folder": period_name(k), "made_by": "debrief", "debrief_of": k - 1})
    manifest["field_periods"] = entries
    fd, tmp = tempfile.mkstemp(prefix=".plan.json.", dir=folder.path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        os.replace(tmp, folder.path / "plan.json")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
