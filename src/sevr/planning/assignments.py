"""Field assignments from a plan: who sweeps which ground, for how long, along which lines.

The plan gives each period's searcher-hours per segment and team type
(:class:`~sevr.search.sar.SearchRecord`: ``hours`` of one team of ``searchers`` at sweep width
``W`` and speed ``v``, which may add up to more than one team's period). An *assignment* is
the task of one team in one period:

* a record needing ``h`` team-hours in a period of ``T`` hours becomes ``k = ceil(h / T)``
  teams of ``h / k`` hours each, and the segment is cut into ``k`` strips of equal width from
  west to east, one per team, so the teams never sweep the same ground twice;
* records of under :data:`MIN_SEARCHER_HOURS` are left out (the same threshold the plan map
  uses to outline a searched segment): a few minutes of effort is not a task to brief;
* the team sweeps its strip in a **parallel sweep**: its searchers walk abreast, ``S`` metres
  apart, along north-south lanes, turning at the strip's edge. For a parallel sweep the
  coverage is ``C = W / S`` (Koopman; see docs/search.md), so the spacing that gives the
  record's coverage is ``S = W / C``. One lane is ``n S`` wide for ``n`` searchers, and the
  strip is cut into ``m = max(1, round(width / (n S)))`` lanes. The route is the line the
  middle of the team follows; the spacing, not the route, carries the coverage.

The target POD of an assignment is the record's POD (:func:`sevr.search.detection.pod` of its
coverage): the strip gets the segment's coverage, so each strip's POD equals the segment's for
that team type.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .plan import Plan

__all__ = ["MIN_SEARCHER_HOURS", "Assignment", "plan_assignments", "sweep_route"]

MIN_SEARCHER_HOURS = 0.05  # below this a record is not briefed as a task (as on the plan map)


@dataclass(frozen=True, eq=False)
class Assignment:
    """One team's task in one period (see the module docstring)."""

    id: str  # "P1-C07-1": period, segment, number within the segment and period
    period: int
    segment: str
    segment_index: int
    team: str  # the team type's name in the scenario
    searchers: int  # searchers in the team
    hours: float  # hours in the field
    sweep_width_m: float
    speed_kmh: float
    coverage: float
    pod: float
    poa: float  # the segment's POA at the start of the period
    strip: int  # 1-based strip number, west to east
    strips: int  # strips the segment is cut into for this team type
    box: tuple[float, float, float, float]  # (west, east, south, north) m of the team's strip
    segment_box: tuple[float, float, float, float]
    spacing_m: float  # between searchers walking abreast
    lanes: int
    route_xy: np.ndarray  # (p, 2) local metres, the route of the team's centre

    @property
    def searcher_hours(self) -> float:
        return self.hours * self.searchers

    @property
    def route_length_m(self) -> float:
        return float(np.hypot(*np.diff(self.route_xy, axis=0).T).sum())


def sweep_route(box: tuple[float, float, float, float], lane_width_m: float) -> tuple[np.ndarray, int]:
    """The centre line of a parallel sweep of *box* in north-south lanes about *lane_width_m* wide.

    Parameters
    ----------
    box : (west, east, south, north)
        The strip to sweep, metres in the local frame.
    lane_width_m : float
        Width one pass of the team covers (searchers x spacing).

    Returns
    -------
    route : ndarray, shape (p, 2)
        Vertices from the south-west corner: up the first lane, across, down the next ...
    lanes : int
        ``max(1, round(width / lane_width_m))``; each lane is ``width / lanes`` wide.
    """
    w, e, s, n = map(float, box)
    if not (e > w and n > s):
        raise ValueError(f"box must have west < east and south < north, got {box}")
    if not lane_width_m > 0:
        raise ValueError(f"lane_width_m must be positive, got {lane_width_m}")
    lanes = max(1, int(round((e - w) / lane_width_m)))
    step = (e - w) / lanes
    pts = []
    for j in range(lanes):
        x = w + (j + 0.5) * step
        ys = (s, n) if j % 2 == 0 else (n, s)
        pts += [(x, ys[0]), (x, ys[1])]
    return np.array(pts, dtype=float), lanes


def plan_assignments(plan: Plan) -> list[Assignment]:
    """Every period's assignments, in period order, then by segment POA (highest first)."""
    seg = plan.segmentation
    index = {sid: i for i, sid in enumerate(seg.ids)}
    out: list[Assignment] = []
    for per in plan.periods:
        poa = {r["segment"]: r["poa_before"] for r in per.entry["segments"]}
        records = [r for r in per.entry["searches"] if r["searcher_hours"] >= MIN_SEARCHER_HOURS]
        records.sort(key=lambda r: (-poa.get(r["segment"], 0.0), index[r["segment"]]))
        count: dict[str, int] = {}
        for r in records:
            i = index[r["segment"]]
            w, e, s, n = seg.boxes[i]
            k = max(1, math.ceil(r["hours"] / plan.hours_per_period - 1e-9))
            spacing = r["sweep_width_m"] / r["coverage"] if r["coverage"] > 0 else math.inf
            for j in range(k):
                box = (w + (e - w) * j / k, w + (e - w) * (j + 1) / k, s, n)
                route, lanes = sweep_route(box, r["searchers"] * spacing)
                count[r["segment"]] = count.get(r["segment"], 0) + 1
                out.append(Assignment(
                    id=f"P{per.index}-{r['segment']}-{count[r['segment']]}", period=per.index,
                    segment=r["segment"], segment_index=i, team=r["team"], searchers=int(r["searchers"]),
                    hours=r["hours"] / k, sweep_width_m=r["sweep_width_m"], speed_kmh=r["speed_kmh"],
                    coverage=r["coverage"], pod=r["pod"], poa=poa.get(r["segment"], 0.0), strip=j + 1,
                    strips=k, box=box, segment_box=(w, e, s, n), spacing_m=spacing, lanes=lanes,
                    route_xy=route))
    return out
