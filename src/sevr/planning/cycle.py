"""The planning cycle: plan a period from a belief, debrief it from what the teams really did.

One operational period goes

1. **plan** (:func:`plan_period`): the segments' POA from the cell belief, the period's
   searcher-hours spread by :func:`sevr.search.allocation.optimal_allocation`, the suspension
   check (:func:`sevr.search.suspend.assess`) made before it;
2. **field**: the teams walk, their GPS units log tracks;
3. **debrief** (:func:`debrief`): the coverage each cell really got from the tracks
   (:mod:`sevr.planning.coverage`), the POD per cell by the plan's detection law
   (:func:`sevr.search.detection.pod`; by default the exponential or random-search law
   ``POD = 1 - exp(-C)``), the POD per segment (POA-weighted mean over its cells), the belief
   after the unsuccessful search by Bayes' rule over the cells *and* the rest of the world
   (ROW, POD 0), and after each clue by its likelihood (:mod:`sevr.search.clues`).
   The next period is planned from that belief.

Beliefs here are absolute: the cells hold the probability that the subject is in them and
``row`` the probability that they are outside the mapped area, the two summing to 1.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from sevr.errors import InputError
from sevr.search import bayes
from sevr.search.allocation import optimal_allocation
from sevr.search.clues import clue_found_at
from sevr.search.detection import pod as pod_of_coverage
from sevr.search.suspend import SuspensionAssessment, SuspensionRule, assess

from .coverage import GridGeometry, track_coverage

__all__ = ["CLUE_KINDS", "LAW_FORMULAS", "PlanGrid", "Belief", "PeriodPlan", "Clue", "TrackLog", "Debrief",
           "plan_period", "debrief", "parse_clue"]

# Clue kinds: how far from the clue the subject may be now (sd of a Gaussian, m) and the chance
# the clue is not theirs at all (the likelihood's floor). All assumptions, see docs/planning.md.
CLUE_KINDS: dict[str, tuple[float, float]] = {
    "item": (800.0, 0.05),      # an article the subject dropped (glove, wrapper, map)
    "print": (500.0, 0.10),     # a footprint matched to the subject's shoes
    "sighting": (1500.0, 0.20),  # a witness who saw someone like the subject
}

# The detection laws of sevr.search.detection, as written in debrief records.
LAW_FORMULAS = {"exponential": "POD = 1 - exp(-C)", "inverse_cube": "POD = erf(sqrt(pi)/2 C)",
                "definite_range": "POD = min(C, 1)"}


@dataclass(frozen=True, eq=False)
class PlanGrid:
    """What a plan folder keeps of its map so that later periods need no scenario rebuild.

    *labels* gives each cell's segment index; *prior* is the probability surface (absolute,
    summing to ``1 - row``); *boxes* are the segments' (west, east, south, north) in metres.
    """

    elevation: np.ndarray
    cell_m: float
    west_m: float
    north_m: float
    labels: np.ndarray
    ids: tuple[str, ...]
    areas_m2: np.ndarray
    boxes: np.ndarray
    prior: np.ndarray
    row: float
    ipp_xy: tuple[float, float]
    origin_lat: float
    origin_lon: float

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, cols) of the grid."""
        return self.labels.shape

    @property
    def n_segments(self) -> int:
        """Number of segments."""
        return len(self.ids)

    @property
    def geometry(self) -> GridGeometry:
        """The grid's :class:`GridGeometry` (shape, north-west corner and cell size in m)."""
        return GridGeometry(self.shape, self.west_m, self.north_m, self.cell_m)

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """(west, east, south, north) of the grid's outer edges, metres in the local frame."""
        ny, nx = self.shape
        return (self.west_m, self.west_m + nx * self.cell_m, self.north_m - ny * self.cell_m, self.north_m)

    def by_segment(self, grid) -> np.ndarray:
        """Sum of a cell grid within each segment.

        Parameters
        ----------
        grid : array_like, shape (rows, cols)
            One value per cell (e.g. probability).

        Returns
        -------
        ndarray, shape (n_segments,)
            The sum of `grid` over each segment's cells, in the order of ``ids``.
        """
        return np.bincount(self.labels.ravel(), weights=np.asarray(grid, float).ravel(), minlength=self.n_segments)

    def cell_centres(self) -> tuple[np.ndarray, np.ndarray]:
        """Coordinates of every cell centre.

        Returns
        -------
        x, y : ndarray, shape (rows, cols)
            East and north of each cell centre, metres in the local frame (row 0 is the northmost).
        """
        ny, nx = self.shape
        x = self.west_m + (np.arange(nx) + 0.5) * self.cell_m
        y = self.north_m - (np.arange(ny) + 0.5) * self.cell_m
        return np.meshgrid(x, y)

    def frame(self):
        """The :class:`~sevr.world.GeoFrame` at the plan's origin (lat/lon <-> local metres)."""
        from sevr.world import GeoFrame

        return GeoFrame(self.origin_lat, self.origin_lon)

    @classmethod
    def from_plan(cls, plan) -> "PlanGrid":
        """The grid of a :class:`sevr.planning.plan.Plan` (needs its terrain and frame).

        Parameters
        ----------
        plan : Plan
            A plan built from a scenario with terrain.

        Returns
        -------
        PlanGrid
            Elevation, segment labels, ids, areas and boxes, prior surface, ROW, IPP and origin of `plan`.

        Raises
        ------
        ValueError
            If the plan has no terrain or no frame.
        """
        t, seg = plan.terrain, plan.segmentation
        if t is None or plan.frame is None:
            raise ValueError("the plan has no terrain or frame to keep")
        return cls(elevation=np.asarray(t.elevation, np.float32), cell_m=t.cell_m, west_m=t.west_m,
                   north_m=t.north_m, labels=np.asarray(seg.labels, np.int32), ids=tuple(seg.ids),
                   areas_m2=seg.areas_m2, boxes=np.array(seg.boxes, float), prior=np.asarray(plan.surface.p, float),
                   row=float(plan.surface.row), ipp_xy=tuple(map(float, plan.ipp_xy)),
                   origin_lat=plan.frame.origin_lat, origin_lon=plan.frame.origin_lon)


@dataclass(frozen=True, eq=False)
class Belief:
    """Absolute probabilities: *cells* (the grid) and *row* (outside the map), summing to 1."""

    cells: np.ndarray
    row: float

    def as_vector(self) -> np.ndarray:
        """The belief as one vector.

        Returns
        -------
        ndarray, shape (rows * cols + 1,)
            The cells in row-major order, then ROW as the last entry.
        """
        return np.append(self.cells.ravel(), self.row)

    @classmethod
    def from_vector(cls, v: np.ndarray, shape) -> "Belief":
        """The inverse of :meth:`as_vector`.

        Parameters
        ----------
        v : ndarray, shape (rows * cols + 1,)
            Cell probabilities in row-major order, then ROW.
        shape : tuple of int
            (rows, cols) of the grid.

        Returns
        -------
        Belief
        """
        return cls(v[:-1].reshape(shape), float(v[-1]))


@dataclass(frozen=True, eq=False)
class PeriodPlan:
    """One operational period's allocation, from the belief before it."""

    index: int
    poa: np.ndarray  # per segment, before the period
    row: float
    searcher_hours: np.ndarray
    coverage: np.ndarray
    pod: np.ndarray
    check: SuspensionAssessment
    law: str

    @property
    def pos(self) -> np.ndarray:
        """Probability of success per segment: POA times POD."""
        return self.poa * self.pod

    def rows(self, ids: Sequence[str], areas_m2, team_size: float) -> list[dict]:
        """One row per segment that gets effort (allocation.csv), highest POA first.

        Parameters
        ----------
        ids : sequence of str
            The segment ids, in the allocation's order.
        areas_m2 : array_like
            Each segment's area (m²).
        team_size : float
            Searchers per team, to turn searcher-hours into team-hours.

        Returns
        -------
        list of dict
            ``segment``, ``area_km2`` (km²), ``poa``, ``searcher_hours``, ``team_hours`` (h),
            ``coverage``, ``pod`` and ``pos`` of each segment given more than 1e-9 searcher-hours.
        """
        out = []
        for i in np.argsort(-self.poa, kind="stable"):
            if self.searcher_hours[i] > 1e-9:
                out.append({"segment": ids[i], "area_km2": float(areas_m2[i]) / 1e6, "poa": float(self.poa[i]),
                            "searcher_hours": float(self.searcher_hours[i]),
                            "team_hours": float(self.searcher_hours[i]) / team_size,
                            "coverage": float(self.coverage[i]), "pod": float(self.pod[i]),
                            "pos": float(self.pos[i])})
        return out


def plan_period(index: int, grid: PlanGrid, belief: Belief, sweep_rate_m2_per_h: float, budget_h: float,
                law: str, rule: SuspensionRule) -> PeriodPlan:
    """Allocate a period's *budget_h* searcher-hours over the segments for *belief*.

    Effectiveness per segment is ``e_i = r / A_i`` (``r`` the searchers' sweep rate ``W v``),
    so ``e_i t_i`` is the coverage bought by ``t_i`` searcher-hours; the allocation maximises
    the period's POS for exponential detection (Charnes & Cooper 1958; Stone 1975).

    Parameters
    ----------
    index : int
        The period's number (1 = first).
    grid : PlanGrid
        The plan's map and segments.
    belief : Belief
        Probabilities before the period.
    sweep_rate_m2_per_h : float
        Area one searcher sweeps per hour (m²/h).
    budget_h : float
        Searcher-hours available in the period (h).
    law : str
        Detection law used to turn coverage into POD (a key of :data:`LAW_FORMULAS`).
    rule : SuspensionRule
        The rule the period is checked against (whether to go on searching).

    Returns
    -------
    PeriodPlan
        POA, searcher-hours, coverage and POD per segment, and the suspension assessment.
    """
    poa = grid.by_segment(belief.cells)
    eff = float(sweep_rate_m2_per_h) / grid.areas_m2
    check = assess(poa, belief.row, eff, budget_h, rule)
    hours = optimal_allocation(poa, eff, budget_h)
    coverage = eff * hours
    return PeriodPlan(index, poa, belief.row, hours, coverage, pod_of_coverage(coverage, law), check, law)


@dataclass(frozen=True)
class Clue:
    """A clue found at (*lat*, *lon*) of one of :data:`CLUE_KINDS`."""

    lat: float
    lon: float
    kind: str

    @property
    def sigma_m(self) -> float:
        """Standard deviation (m) of where the subject may be around a clue of this kind."""
        return CLUE_KINDS[self.kind][0]

    @property
    def background(self) -> float:
        """Probability that a clue of this kind is not the subject's (the likelihood's floor)."""
        return CLUE_KINDS[self.kind][1]

    def as_dict(self) -> dict:
        """The clue as a JSON-ready dict: ``lat``, ``lon`` (degrees), ``kind``, ``sigma_m`` (m), ``background``."""
        return {"lat": self.lat, "lon": self.lon, "kind": self.kind, "sigma_m": self.sigma_m,
                "background": self.background}


def parse_clue(text: str, field: str = "--clue") -> Clue:
    """``"LAT,LON,KIND"`` (degrees, one of :data:`CLUE_KINDS`) as a :class:`Clue`.

    Parameters
    ----------
    text : str
        Latitude, longitude (decimal degrees) and kind, separated by commas.
    field : str, optional
        The option or field named in error messages.

    Returns
    -------
    Clue

    Raises
    ------
    InputError
        If there are not three parts, the coordinates are not numbers within [-90, 90] and
        [-180, 180], or the kind is unknown.
    """
    parts = [p.strip() for p in str(text).split(",")]
    kinds = ", ".join(CLUE_KINDS)
    if len(parts) != 3:
        raise InputError(f"{text!r} is not LAT,LON,KIND (e.g. 47.41,-121.36,item; kinds: {kinds})", field=field)
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise InputError(f"{text!r}: LAT and LON must be numbers in degrees", field=field) from None
    if not (np.isfinite(lat) and np.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise InputError(f"{text!r}: latitude must be in [-90, 90] and longitude in [-180, 180]", field=field)
    if parts[2] not in CLUE_KINDS:
        raise InputError(f"{text!r}: unknown kind {parts[2]!r} (one of {kinds})", field=field)
    return Clue(lat, lon, parts[2])


@dataclass(frozen=True, eq=False)
class TrackLog:
    """One GPS file's track segments in the plan frame (metres) with the file's name."""

    name: str
    segments: tuple[np.ndarray, ...]

    @property
    def points(self) -> int:
        """Number of fixes over all the track segments."""
        return sum(len(s) for s in self.segments)

    @property
    def length_m(self) -> float:
        """Length of the track (m): the sum of its segments' lengths."""
        return float(sum(np.hypot(*np.diff(s, axis=0).T).sum() for s in self.segments if len(s) > 1))


@dataclass(frozen=True, eq=False)
class Debrief:
    """What a debrief found: coverage and POD per cell and segment, and the beliefs it produced."""

    coverage: np.ndarray
    pod: np.ndarray
    law: str
    sweep_width_m: float
    segment_pod: np.ndarray
    segment_coverage: np.ndarray
    before: Belief
    after_search: Belief
    after: Belief
    tracks: list[dict]
    clues: list[dict]

    @property
    def pos(self) -> float:
        """The chance the period's searching would have found the subject (``sum p POD``)."""
        return float(np.sum(self.before.cells * self.pod))


def debrief(grid: PlanGrid, before: Belief, tracks: Sequence[TrackLog], sweep_width_m: float,
            law: str = "exponential", clues: Sequence[Clue] = ()) -> Debrief:
    """Coverage, POD and the updated belief after an unsuccessful period with *tracks*.

    Parameters
    ----------
    grid : PlanGrid
    before : Belief
        The belief the period was planned from.
    tracks : sequence of TrackLog
        Each file's track segments, metres in the plan's frame. A file none of whose track lies
        inside the map is refused (InputError naming it).
    sweep_width_m : float
        Sweep width ``W`` of the searcher behind each track (m).
    law : str
        Detection law of :func:`sevr.search.detection.pod`.
    clues : sequence of Clue
        Clues found during the period; each multiplies the belief by its likelihood
        (:func:`sevr.search.clues.clue_found_at`; ROW by the clue's background). A clue off the
        map is refused.
    """
    if not (np.isfinite(sweep_width_m) and sweep_width_m > 0):
        raise InputError(f"must be > 0 m, got {sweep_width_m}", field="--sweep-width-m")
    geo = grid.geometry
    coverage = np.zeros(grid.shape)
    rows = []
    for log in tracks:
        if not log.length_m > 0:
            raise InputError(f"its tracks have no length ({log.points} point(s), no two of them apart)",
                             source=log.name, field="trkseg")
        c = track_coverage(log.segments, geo, sweep_width_m)
        inside = float(c.sum()) * geo.cell_area_m2 / sweep_width_m
        if not inside > 0:
            raise InputError("its track lies wholly outside the plan area "
                             f"({log.points} points; map extent {_extent_text(grid)})", source=log.name, field="trk")
        rows.append({"file": log.name, "segments": len(log.segments), "points": log.points,
                     "length_m": log.length_m, "length_inside_m": inside})
        coverage += c
    pod = pod_of_coverage(coverage, law)
    p = before.cells
    weighted = grid.by_segment(p * pod)
    poa = grid.by_segment(p)
    count = np.bincount(grid.labels.ravel(), minlength=grid.n_segments)
    seg_pod = np.where(poa > 0, weighted / np.where(poa > 0, poa, 1.0), grid.by_segment(pod) / count)
    seg_cov = grid.by_segment(coverage) / count
    after_search = Belief.from_vector(bayes.update_miss(before.as_vector(), np.append(pod.ravel(), 0.0)), grid.shape)
    belief = after_search
    frame = grid.frame() if clues else None
    x, y = grid.cell_centres() if clues else (None, None)
    west, east, south, north = grid.extent
    records = []
    for clue in clues:
        cx, cy = frame.to_xy(clue.lat, clue.lon)
        if not (west <= cx < east and south < cy <= north):
            raise InputError(f"the clue at {clue.lat}, {clue.lon} lies outside the plan area "
                             f"({_extent_text(grid)}); re-plan over a larger area", field="--clue")
        like = clue_found_at(x, y, (cx, cy), clue.sigma_m, clue.background)
        prev = belief
        belief = Belief.from_vector(bayes.update_clue(prev.as_vector(), np.append(like.ravel(), clue.background)),
                                    grid.shape)
        near = (x - cx) ** 2 + (y - cy) ** 2 <= clue.sigma_m ** 2
        records.append({**clue.as_dict(), "x_m": cx, "y_m": cy,
                        "mass_within_sigma_before": float(prev.cells[near].sum()),
                        "mass_within_sigma_after": float(belief.cells[near].sum()),
                        "row_before": prev.row, "row_after": belief.row})
    return Debrief(coverage, pod, law, float(sweep_width_m), seg_pod, seg_cov, before, after_search, belief,
                   rows, records)


def _extent_text(grid: PlanGrid) -> str:
    frame = grid.frame()
    west, east, south, north = grid.extent
    lat0, lon0 = frame.to_latlon(west, south)
    lat1, lon1 = frame.to_latlon(east, north)
    return f"lat {lat0:.4f}..{lat1:.4f}, lon {lon0:.4f}..{lon1:.4f}"
