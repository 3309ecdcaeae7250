"""Field assignments from a plan: who sweeps which ground, for how long, along which lines.

The plan gives each period's searcher-hours per segment and team type
(:class:`~sevr.search.sar.SearchRecord`: ``hours`` of one team of ``searchers`` at sweep width
``W`` and speed ``v``, which may add up to more than one team's period). An *assignment* is
the task of one team in one period:

* a record needing ``h`` team-hours in a period of ``T`` hours becomes ``k = ceil(h / T)``
  teams of ``h / k`` hours each, and the segment is cut into ``k`` strips of equal *area* from
  west to east (north-south cuts), one per team, so the teams never sweep the same ground twice
  and each sweeps the ground its hours buy;
* records of under :data:`MIN_SEARCHER_HOURS` are left out (the same threshold the plan map
  uses to outline a searched segment): a few minutes of effort is not a task to brief;
* the team sweeps its strip in a **parallel sweep**: its searchers walk abreast, ``S`` metres
  apart, along north-south lanes, turning at the strip's edge. For a parallel sweep the
  coverage is ``C = W / S`` (Koopman; see docs/search.md), so the spacing that gives the
  record's coverage is ``S = W / C``. One lane is ``n S`` wide for ``n`` searchers, and the
  strip is cut into ``m = max(1, round(width / (n S)))`` lanes. Each lane is clipped to the
  segment's polygon (a terrain segment is no rectangle), so the lanes inside the strip add up
  to about ``area / (n S)``, which is the team's ``v t`` (speed x hours): the route the hours
  buy. The route is the line the middle of the team follows, lane after lane; where a lane
  leaves the polygon and enters it again (a concave outline) the team crosses over to the
  next piece. The team's hours buy the lanes; the crossings between lanes come on top (on a
  convex piece at most its width plus four times its height, much less with many lanes) and are
  printed on the sheet. The spacing, not the route, carries the coverage.

:func:`period_assignments` applies them to a plan folder's period (a
:class:`~sevr.planning.cycle.PeriodPlan`, teams of the folder's average size), the same for the
first period (``sevr plan``) and every later one (``sevr plan debrief``).

The target POD of an assignment is the record's POD (:func:`sevr.search.detection.pod` of its
coverage): the strip gets the segment's coverage, so each strip's POD equals the segment's for
that team type.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np


__all__ = ["MIN_SEARCHER_HOURS", "Assignment", "period_assignments", "segment_polygons",
           "sweep_route", "equal_area_cuts"]

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
    piece: object = None  # shapely geometry of the team's ground (the segment clipped to the strip)
    outline: object = None  # shapely Polygon of the whole segment

    @property
    def searcher_hours(self) -> float:
        """Searcher-hours of the task (h): hours in the field times searchers."""
        return self.hours * self.searchers

    @property
    def route_length_m(self) -> float:
        """Length of the whole route (m): lanes and the crossings between them."""
        return float(np.hypot(*np.diff(self.route_xy, axis=0).T).sum())

    @property
    def lane_length_m(self) -> float:
        """Length of the lanes alone (the route's vertices come in pairs, one pair per lane
        piece); the rest of the route is the crossings between them."""
        return float(np.abs(self.route_xy[1::2, 1] - self.route_xy[0::2, 1]).sum())

    @property
    def crossing_length_m(self) -> float:
        """The route between the lanes (turns at the lane ends, crossings over a notch)."""
        return self.route_length_m - self.lane_length_m

    @property
    def piece_area_m2(self) -> float:
        """Area of the team's ground (m²): the segment clipped to the strip, or the strip's box without it."""
        w, e, s, n = self.box
        return float(self.piece.area) if self.piece is not None else (e - w) * (n - s)


def sweep_route(box: tuple[float, float, float, float], lane_width_m: float,
                polygon=None) -> tuple[np.ndarray, int]:
    """The centre line of a parallel sweep of *box* in north-south lanes about *lane_width_m* wide.

    Parameters
    ----------
    box : (west, east, south, north)
        The strip to sweep, metres in the local frame.
    lane_width_m : float
        Width one pass of the team covers (searchers x spacing).
    polygon : shapely geometry, optional
        The ground to sweep within the box: each lane is clipped to it (pieces of a lane in
        south-to-north order, reversed on the lanes walked southwards). None: the whole box.

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
    pts: list[tuple[float, float]] = []
    for j in range(lanes):
        x = w + (j + 0.5) * step
        spans = [(s, n)] if polygon is None else _lane_spans(polygon, x, s, n)
        if j % 2:
            spans = [(b, a) for a, b in reversed(spans)]
        for a, b in spans:
            pts += [(x, a), (x, b)]
    if not pts:  # a sliver the lane centres miss: walk its middle
        x = (w + e) / 2
        pts = [(x, s), (x, n)]
    return np.array(pts, dtype=float), lanes


def _lane_spans(polygon, x: float, s: float, n: float) -> list[tuple[float, float]]:
    """South-to-north (y0, y1) pieces of the line x = *x* inside *polygon*."""
    from shapely.geometry import LineString

    cut = polygon.intersection(LineString([(x, s - 1.0), (x, n + 1.0)]))
    parts = getattr(cut, "geoms", [cut])
    spans = []
    for g in parts:
        if g.is_empty or g.length <= 0:
            continue
        ys = [c[1] for c in g.coords]
        spans.append((min(ys), max(ys)))
    return sorted(spans)


def equal_area_cuts(polygon, k: int) -> list[float]:
    """The ``k + 1`` x positions (west edge, cuts, east edge) that cut *polygon* into *k*
    north-south strips of equal area (bisection to a centimetre).

    Parameters
    ----------
    polygon : shapely geometry
        The ground to cut, in local metres.
    k : int
        Number of strips; 1 (or less) gives no cut.

    Returns
    -------
    list of float
        The polygon's west edge, the ``k - 1`` cuts from west to east, and its east edge (m).
    """
    from shapely.geometry import box as shapely_box

    w, s, e, n = polygon.bounds
    total = polygon.area
    cuts = [w]
    for j in range(1, k):
        lo, hi = cuts[-1], e
        target = total * j / k
        while hi - lo > 0.01:
            mid = (lo + hi) / 2
            if polygon.intersection(shapely_box(w, s, mid, n)).area < target:
                lo = mid
            else:
                hi = mid
        cuts.append((lo + hi) / 2)
    return cuts + [e]


def segment_polygons(rings_per_segment: Sequence) -> list:
    """shapely Polygons from each segment's rings in metres (exterior first, then holes)."""
    from shapely.geometry import Polygon

    return [Polygon(rings[0], rings[1:]).buffer(0) for rings in rings_per_segment]


def _segment_assignments(period: int, segment: str, index: int, polygon, *, team: str, searchers: int,
                         team_hours: float, period_hours: float, sweep_width_m: float, speed_kmh: float,
                         coverage: float, pod: float, poa: float, first: int) -> list[Assignment]:
    """The teams one record of *team_hours* needs in a segment, each on its strip (see the module
    docstring); numbered from *first*."""
    from shapely.geometry import box as shapely_box

    k = max(1, math.ceil(team_hours / period_hours - 1e-9))
    spacing = sweep_width_m / coverage if coverage > 0 else math.inf
    w, s, e, n = polygon.bounds
    cuts = equal_area_cuts(polygon, k)
    out = []
    for j in range(k):
        box = (cuts[j], cuts[j + 1], s, n)
        piece = polygon.intersection(shapely_box(cuts[j], s, cuts[j + 1], n))
        route, lanes = sweep_route(box, searchers * spacing, piece)
        out.append(Assignment(
            id=f"P{period}-{segment}-{first + j}", period=period, segment=segment, segment_index=index, team=team,
            searchers=int(searchers), hours=team_hours / k, sweep_width_m=sweep_width_m, speed_kmh=speed_kmh,
            coverage=coverage, pod=pod, poa=poa, strip=j + 1, strips=k, box=box, segment_box=(w, e, s, n),
            spacing_m=spacing, lanes=lanes, route_xy=route, piece=piece, outline=polygon))
    return out


def period_assignments(per, ids: Sequence[str], polygons: Sequence, settings: dict) -> list[Assignment]:
    """A plan folder period's assignments, by segment POA (highest first).

    Parameters
    ----------
    per : PeriodPlan
        The period's allocation (searcher-hours, coverage and POD per segment).
    ids : sequence of str
        The segment ids, in the allocation's order.
    polygons : sequence of shapely Polygon
        Each segment's outline in local metres (:func:`segment_polygons`).
    settings : dict
        The plan folder's settings (:func:`sevr.planning.planfolder.plan_settings`): teams of
        ``team_size`` (rounded) searchers at ``sweep_width_m`` and the sweep rate, in periods
        of ``hours_per_period``.
    """
    size = max(1, int(round(settings["team_size"])))
    width = float(settings["sweep_width_m"])
    speed_kmh = float(settings["sweep_rate_m2_per_searcher_hour"]) / width / 1000.0
    out: list[Assignment] = []
    for i in np.argsort(-np.asarray(per.poa), kind="stable"):
        if per.searcher_hours[i] < MIN_SEARCHER_HOURS:
            continue
        out += _segment_assignments(
            per.index, ids[i], int(i), polygons[i], team="search", searchers=size,
            team_hours=float(per.searcher_hours[i]) / size, period_hours=float(settings["hours_per_period"]),
            sweep_width_m=width, speed_kmh=speed_kmh, coverage=float(per.coverage[i]), pod=float(per.pod[i]),
            poa=float(per.poa[i]), first=1)
    return out
