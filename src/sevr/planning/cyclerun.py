"""Run the planning cycle on a plan folder: debrief a period from GPX tracks and clues into the
next period folder (:func:`run_debrief`), and recompute every period from its stored inputs
(:func:`replay`). The folder's format is :mod:`sevr.planning.planfolder`; the arithmetic is
:mod:`sevr.planning.cycle`.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Sequence

import numpy as np

from sevr.errors import InputError
from sevr.report.folder import write_folder

from .cycle import (CLUE_KINDS, LAW_FORMULAS, Belief, Clue, Debrief, PeriodPlan, PlanGrid, TrackLog,
                    debrief)
from .exports import PERIOD_EXPORT_FILES, FieldMap
from .gpx import read_gpx_tracks
from .planfolder import (MAX_PERIOD, PlanFolder, add_to_manifest, json_text, open_plan_folder, plan_next, read_json,
                         write_period)

__all__ = ["run_debrief", "replay"]


def _tracks_in_frame(grid: PlanGrid, paths: Sequence[Path]) -> list[TrackLog]:
    frame = grid.frame()
    logs = []
    for path in paths:
        segments = []
        for latlon in read_gpx_tracks(path):
            x, y = frame.to_xy(latlon[:, 0], latlon[:, 1])
            segments.append(np.column_stack([np.atleast_1d(x), np.atleast_1d(y)]))
        logs.append(TrackLog(str(path), tuple(segments)))
    return logs


def _debrief_record(folder: PlanFolder, k: int, d: Debrief, files: list[str], clues: Sequence[Clue]) -> dict:
    """debrief.json: the settings that reproduce the debrief and what it found."""
    grid = folder.grid
    prev = folder.period_record(k)
    planned = prev.get("searcher_hours_by_segment", {})
    poa_before = grid.by_segment(d.before.cells)
    poa_search = grid.by_segment(d.after_search.cells)
    poa_after = grid.by_segment(d.after.cells)
    searched = [i for i in np.argsort(-poa_before, kind="stable") if d.segment_coverage[i] > 0]
    return {
        "period_debriefed": k,
        "settings": {"tracks": files, "sweep_width_m": d.sweep_width_m, "detection_law": d.law,
                     "clues": [c.as_dict() for c in clues]},
        "detection_law_formula": LAW_FORMULAS[d.law],
        "tracks": [{**t, "file": files[i]} for i, t in enumerate(d.tracks)],
        "pos": d.pos,
        "poa_in_area_before": float(d.before.cells.sum()),
        "row_before": d.before.row, "row_after_search": d.after_search.row, "row_after": d.after.row,
        "segments": [{"segment": grid.ids[i], "poa_before": float(poa_before[i]),
                      "searcher_hours_planned": float(planned.get(grid.ids[i], 0.0)),
                      "coverage": float(d.segment_coverage[i]), "pod": float(d.segment_pod[i]),
                      "poa_after_search": float(poa_search[i]), "poa_after": float(poa_after[i])}
                     for i in searched],
        "clues": d.clues,
    }


def _debrief_from(folder: PlanFolder, k: int, track_paths: Sequence[Path], clues: Sequence[Clue],
                  sweep_width_m: float | None) -> Debrief:
    w = folder.settings["sweep_width_m"] if sweep_width_m is None else float(sweep_width_m)
    logs = _tracks_in_frame(folder.grid, track_paths)
    return debrief(folder.grid, folder.belief_before(k), logs, w, folder.settings["detection_law"], clues)


def run_debrief(plan_dir, track_paths: Sequence, clues: Sequence[Clue] = (), sweep_width_m: float | None = None,
                progress=lambda step: None) -> tuple[Path, PlanFolder, Debrief, PeriodPlan]:
    """Debrief the plan folder's last period from GPX *track_paths* (and *clues*) and add the next
    period folder, atomically: the folder gains ``period-NN`` complete, or nothing.

    Returns the new period's folder, the plan folder as it was opened, the debrief and the new
    period's plan.
    """
    folder = open_plan_folder(plan_dir)
    paths = [Path(p) for p in track_paths]
    if not paths:
        raise InputError("give at least one GPX file of the period's tracks", field="--tracks")
    k = folder.last
    if k >= MAX_PERIOD:
        raise InputError(f"already holds {k} periods, the most a plan folder keeps", source=str(folder.path))
    progress(f"reading {len(paths)} track file(s) and computing the coverage of period {k}")
    d = _debrief_from(folder, k, paths, clues, sweep_width_m)
    progress(f"planning period {k + 1}")
    nxt = plan_next(k + 1, folder.grid, d.after, folder.settings)
    files = [f"tracks/{i + 1:02d}-{p.name}" for i, p in enumerate(paths)]
    record = _debrief_record(folder, k, d, files, clues)
    fmap = FieldMap.from_grid(folder.grid, folder.manifest, folder.settings["hours_per_period"])
    found = [c for j in folder.periods[1:] for c in _debrief_settings(folder, j)[0]] + list(clues)

    def build(tmp: Path) -> None:
        from .periodmap import draw_debrief_map

        sub = tmp / "debrief"
        (sub / "tracks").mkdir(parents=True)
        for path, name in zip(paths, files):
            shutil.copyfile(path, sub / name)
        (sub / "debrief.json").write_text(json_text(record), encoding="utf-8")
        progress("drawing the coverage map")
        draw_debrief_map(folder.grid, d, nxt, sub / "coverage.png", title=fmap.title, period=k,
                         team_size=folder.settings["team_size"])
        progress(f"writing period {k + 1}")
        write_period(tmp, fmap, d.after, nxt, folder.settings, "debrief", {"of_period": k, "folder": "debrief"},
                     clues=found)

    target = folder.period_dir(k + 1)
    if target.exists():
        raise InputError("exists already but is not a complete period; move it away first", source=str(target))
    write_folder(target, build, ("debrief", "belief_before.npz", "allocation.csv", "period.json", "map.png",
                                 *PERIOD_EXPORT_FILES))
    add_to_manifest(folder, k + 1)
    return target, folder, d, nxt


# ----------------------------------------------------------------------------------------------
# replay


def _debrief_settings(folder: PlanFolder, k: int) -> tuple[list[Clue], list[Path], float, str]:
    """The clues, copied track files, sweep width and detection law of the debrief that made
    period *k* (InputError naming debrief.json when malformed)."""
    path = folder.period_dir(k) / "debrief" / "debrief.json"
    try:
        s = read_json(path)["settings"]
        clues = [Clue(float(c["lat"]), float(c["lon"]), str(c["kind"])) for c in s["clues"]]
        paths = [path.parent / f for f in s["tracks"]]
        width, law = float(s["sweep_width_m"]), str(s["detection_law"])
        unknown = [c.kind for c in clues if c.kind not in CLUE_KINDS]
        if unknown:
            raise ValueError(f"clue kind {unknown[0]!r}")
        if law not in LAW_FORMULAS:
            raise ValueError(f"detection law {law!r}")
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"is not a debrief record ({exc!r} missing or malformed)", source=str(path),
                         field="settings") from None
    return clues, paths, width, law


def replay(plan_dir) -> list[dict]:
    """Recompute every period of a plan folder from its inputs (the prior in grid.npz, each
    debrief's copied tracks, clues and settings) and compare with what is stored.

    Returns one row per period: ``period``, ``belief_diff`` (largest absolute difference of the
    cell probabilities and ROW), ``hours_diff`` (largest difference of searcher-hours per
    segment) and ``match``.
    """
    folder = open_plan_folder(plan_dir)
    grid = folder.grid
    belief = Belief(grid.prior, grid.row)
    rows = []
    for k in folder.periods:
        if k > 1:
            clues, paths, width, law = _debrief_settings(folder, k)
            logs = _tracks_in_frame(grid, paths)
            belief = debrief(grid, belief, logs, width, law, clues).after
        stored = folder.belief_before(k)
        per = plan_next(k, grid, belief, folder.settings)
        hours = folder.period_record(k).get("searcher_hours_by_segment", {})
        stored_hours = np.array([hours.get(i, np.nan) for i in grid.ids], dtype=float)
        bdiff = float(np.max(np.abs(stored.as_vector() - belief.as_vector())))
        hdiff = float(np.max(np.abs(stored_hours - per.searcher_hours)))
        rows.append({"period": k, "belief_diff": bdiff, "hours_diff": hdiff,
                     "match": bool(bdiff <= 1e-12 and hdiff <= 1e-9)})
    return rows
