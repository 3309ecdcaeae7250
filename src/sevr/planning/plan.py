"""Plan a lost-person search over several operational periods.

For each period k = 1..K:

1. **Suspension check** (:func:`sevr.search.suspend.assess`) on the current POAs; from the
   second period on, a "suspend" verdict ends the plan there.
2. **Allocation.** All teams' searcher-hours for the period, ``H = sum teams x searchers x
   hours``, go to the segments by :func:`sevr.search.allocation.optimal_allocation` with
   effectiveness ``e_i = r / A_i``: ``r`` is the searchers' sweep rate ``W v`` (m² per
   searcher-hour; the searcher-weighted mean when team types differ) and ``A_i`` the segment
   area, so ``e_i t_i`` is the coverage of ``t_i`` searcher-hours and, for exponential
   detection, ``POD_i = 1 - exp(-e_i t_i)``. Because every team type's effectiveness is the
   same multiple of ``1 / A_i``, pooling the types into one budget is exact: each segment's
   hours are then split between types in proportion to their share of the searchers.
3. **Record** the searches (:class:`sevr.search.sar.SearchRecord`, one per segment and team
   type) in the :class:`~sevr.search.sar.Ledger`, which shifts the POAs by Bayes' rule and
   keeps cumulative POD and POS. The cell-level map is updated the same way
   (:class:`~sevr.search.belief.GridBelief`), with each segment's POD on its cells.

A final suspension check after period K says whether a period K+1 is worth fielding.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np

from sevr.errors import InputError
from sevr.search.allocation import optimal_allocation
from sevr.search.belief import GridBelief
from sevr.search.sar import Ledger, SearchRecord
from sevr.search.suspend import SuspensionAssessment, SuspensionRule, assess

from .consensus import with_consensus
from .layers import lines_to_xy, read_lines
from .lostperson import DistanceFit, fit_lognormal
from .segments import Segmentation, grid_segments
from .surface import ProbabilitySurface, SurfaceParams, probability_surface
from .terrain_segments import terrain_segments

if TYPE_CHECKING:
    from sevr.scenarios.schema import Scenario

__all__ = ["Team", "PlanPeriod", "Plan", "make_plan", "plan_scenario"]

Progress = Callable[[str], None]


def _noop(_: str) -> None:
    pass


@dataclass(frozen=True)
class Team:
    """*teams* teams of *searchers_per_team*, each searcher sweeping *sweep_width_m* at *speed_kmh*."""

    name: str
    teams: int
    searchers_per_team: int
    sweep_width_m: float
    speed_kmh: float

    @property
    def searchers(self) -> int:
        """Searchers of this type: teams times searchers per team."""
        return self.teams * self.searchers_per_team

    @property
    def sweep_rate_m2_per_h(self) -> float:
        """Area one searcher sweeps in an hour: W x v."""
        return self.sweep_width_m * self.speed_kmh * 1000.0


@dataclass(frozen=True, eq=False)
class PlanPeriod:
    index: int  # 1-based
    hours: np.ndarray  # searcher-hours per segment
    check: SuspensionAssessment  # the check made before the period
    entry: dict  # the ledger's account of the period


@dataclass(frozen=True, eq=False)
class Plan:
    """Everything a plan produced (inputs, surface, segments, periods, ledger, final check)."""

    name: str
    title: str
    terrain: object
    frame: object
    ipp_xy: tuple[float, float]
    ipp_name: str
    fit: DistanceFit
    surface: ProbabilitySurface
    segmentation: Segmentation
    teams: tuple[Team, ...]
    hours_per_period: float
    periods_requested: int
    law: str
    rule: SuspensionRule
    periods: list[PlanPeriod]
    ledger: Ledger
    final_check: SuspensionAssessment
    posterior: GridBelief  # in-area map after the planned periods (normalised over the map)
    suspended_before: int | None = None  # period at which the rule stopped the plan
    meta: dict = field(default_factory=dict)
    landmarks: tuple = ()  # (name, x_m, y_m) to label on maps

    @property
    def searchers(self) -> int:
        """Searchers in the field each period, over all team types."""
        return sum(t.searchers for t in self.teams)

    @property
    def budget_per_period(self) -> float:
        """Searcher-hours available per period (h): searchers times hours per period."""
        return self.searchers * self.hours_per_period

    def hours_by_segment(self) -> np.ndarray:
        """Total searcher-hours per segment over all periods."""
        out = np.zeros(self.segmentation.n)
        for per in self.periods:
            out += per.hours
        return out


def _sweep_rate(teams: Sequence[Team]) -> float:
    total = sum(t.searchers for t in teams)
    return sum(t.searchers * t.sweep_rate_m2_per_h for t in teams) / total


def make_plan(
    surface: ProbabilitySurface,
    segmentation: Segmentation,
    teams: Sequence[Team],
    hours_per_period: float,
    periods: int,
    *,
    law: str = "exponential",
    rule: SuspensionRule = SuspensionRule(),
    progress: Progress = _noop,
    name: str = "plan",
    title: str = "",
    terrain=None,
    frame=None,
    ipp_name: str = "IPP",
    landmarks: Sequence[tuple[str, float, float]] = (),
) -> Plan:
    """Allocate, record and check period by period (see the module docstring).

    Before every period after the first the suspension rule is checked; when it says stop, no
    more periods are planned.

    Parameters
    ----------
    surface : ProbabilitySurface
        The prior probability per cell (summing to ``1 - ROW``).
    segmentation : Segmentation
        The search segments.
    teams : sequence of Team
        The team types; every segment's searcher-hours are shared between them by head count.
    hours_per_period : float
        Length of an operational period (h).
    periods : int
        Periods to plan (at least 1).
    law : str, optional
        Detection law (coverage to POD), ``"exponential"`` by default.
    rule : SuspensionRule, optional
        When to stop planning more periods.
    progress : callable, optional
        Called with a short text at each period.
    name, title : str, optional
        The plan's name and title.
    terrain, frame : optional
        The terrain and geographic frame, kept for the maps and exports.
    ipp_name : str, optional
        Name of the initial planning point.
    landmarks : sequence of (str, float, float), optional
        (name, x_m, y_m) to label on the maps.

    Returns
    -------
    Plan

    Raises
    ------
    InputError
        For a non-positive `hours_per_period`, fewer than one period, or no team.
    """
    if not hours_per_period > 0:
        raise InputError(f"must be > 0, got {hours_per_period}", field="operations.hours_per_period")
    if int(periods) < 1:
        raise InputError(f"must be >= 1, got {periods}", field="operations.periods")
    teams = tuple(teams)
    if not teams:
        raise InputError("need at least one team", field="teams")
    poa0 = segmentation.sum_by_segment(surface.p)
    segmentation = segmentation.with_poa(np.clip(poa0, 0.0, 1.0))
    ledger = Ledger(segmentation.segments, rest_of_world=max(0.0, 1.0 - float(poa0.sum())))
    rate = _sweep_rate(teams)
    eff = rate / segmentation.areas_m2  # coverage per searcher-hour in each segment
    budget = sum(t.searchers for t in teams) * float(hours_per_period)
    share = [t.searchers / sum(u.searchers for u in teams) for t in teams]
    belief = GridBelief.from_prior(surface.p)
    done: list[PlanPeriod] = []
    stopped = None
    for k in range(1, int(periods) + 1):
        progress(f"period {k}: allocating {budget:.0f} searcher-hours")
        check = assess(ledger.poa_array(), ledger.row, eff, budget, rule)
        if k > 1 and not check.continue_search:
            stopped = k
            break
        hours = optimal_allocation(ledger.poa_array(), eff, budget)
        records = []
        for i in np.flatnonzero(hours > 1e-9):
            seg = segmentation.segments[i]
            for team, s in zip(teams, share):
                team_hours = hours[i] * s / team.searchers_per_team
                records.append(SearchRecord(seg, team.sweep_width_m, team.speed_kmh, team_hours,
                                            searchers=team.searchers_per_team, law=law, team=team.name))
        entry = ledger.record(records, label=f"period {k}")
        pods = ledger.pods_of(records)
        if np.any(pods > 0):
            belief = belief.update_miss(segmentation.spread(pods))
        done.append(PlanPeriod(k, hours, check, entry))
    final = assess(ledger.poa_array(), ledger.row, eff, budget, rule)
    return Plan(
        name=name, title=title, terrain=terrain, frame=frame, ipp_xy=surface.ipp_xy, ipp_name=ipp_name,
        fit=surface.fit, surface=surface, segmentation=segmentation, teams=teams,
        hours_per_period=float(hours_per_period), periods_requested=int(periods), law=law, rule=rule,
        periods=done, ledger=ledger, final_check=final, posterior=belief, suspended_before=stopped,
        meta={"sweep_rate_m2_per_searcher_hour": rate, "budget_searcher_hours_per_period": budget},
        landmarks=tuple(landmarks),
    )


def plan_scenario(scenario: Scenario, *, hours: float | None = None, periods: int | None = None,
                  progress: Progress = _noop) -> Plan:
    """Build terrain, surface and segments from a ``lost_person`` scenario and plan it.

    *hours* / *periods* override ``operations.hours_per_period`` / ``operations.periods``.
    Raises :class:`~sevr.errors.InputError` for a scenario of another kind, non-positive
    hours or periods, or an IPP off the map.
    """
    from sevr.sim.setup import build_terrain
    from sevr.world import GeoFrame

    kind = getattr(getattr(scenario, "meta", None), "kind", None)
    if kind != "lost_person":
        raise InputError(f"is a '{kind}' scenario; planning needs meta.kind = 'lost_person' "
                         "(try the built-in 'lost-hiker')", source=getattr(scenario.meta, "name", None),
                         field="meta.kind")
    ops = scenario.operations
    h = ops.hours_per_period if hours is None else hours
    k = ops.periods if periods is None else periods
    if not (isinstance(h, (int, float)) and np.isfinite(h) and h > 0):
        raise InputError(f"must be > 0 hours per period, got {h}", field="hours")
    if h > 24:
        raise InputError(f"must be at most 24 hours per period, got {h:g}", field="hours")
    if isinstance(k, bool) or int(k) != k or k < 1:
        raise InputError(f"must be a whole number >= 1, got {k}", field="periods")

    progress("building the terrain")
    frame = GeoFrame(scenario.frame.origin_lat, scenario.frame.origin_lon)
    terrain = build_terrain(scenario.terrain, frame)
    ipp = tuple(map(float, frame.to_xy(scenario.ipp.lat, scenario.ipp.lon)))
    west, east, south, north = terrain.extent
    if not (west <= ipp[0] < east and south < ipp[1] <= north):
        raise InputError(f"the IPP ({scenario.ipp.lat}, {scenario.ipp.lon}) lies off the terrain map",
                         source=scenario.meta.name, field="ipp")

    progress("fitting the distance statistics")
    d = scenario.distance
    fit = fit_lognormal((d.q25_km, d.q50_km, d.q75_km, d.q95_km))

    progress("reading map layers")
    layers = {kind: [line for path in getattr(scenario.layers, attr) for line in
                     lines_to_xy(read_lines(path, field=f"layers.{attr}"), frame)]
              for kind, attr in (("trail", "trails"), ("road", "roads"), ("water", "water"))}

    progress("routing trails and computing drainages")
    trails = [(t.name, np.column_stack(frame.to_xy(np.array([w.lat for w in t.waypoints]),
                                                   np.array([w.lon for w in t.waypoints]))))
              for t in scenario.weights.trails]
    try:
        surface = probability_surface(terrain, ipp, fit, SurfaceParams.from_scenario(scenario), trails,
                                      lines_xy=layers["trail"] + layers["road"], water_xy=layers["water"])
    except ValueError as exc:
        raise InputError(str(exc), source=scenario.meta.name, field="weights") from None
    if scenario.consensus.active:
        surface = with_consensus(surface, terrain, frame, scenario.consensus)

    progress("cutting segments")
    spec = scenario.segments
    if spec.method == "terrain":
        seg = terrain_segments(terrain, surface.p, surface.drainage, target_area_km2=spec.target_area_km2,
                               lines=layers)
    else:
        seg = grid_segments(terrain, surface.p, block_m=spec.block_m, min_fraction=spec.min_fraction)
    teams = [Team(t.name, t.teams, t.searchers_per_team, t.sweep_width_m, t.speed_kmh) for t in scenario.teams]
    rule = SuspensionRule(scenario.suspension.min_pos_per_searcher_hour, scenario.suspension.min_poa_in_area)
    return make_plan(surface, seg, teams, float(h), int(k), law=ops.detection_law, rule=rule,
                     progress=progress, name=scenario.meta.name, title=scenario.meta.title,
                     terrain=terrain, frame=frame, ipp_name=scenario.ipp.name,
                     landmarks=[(pk.name, *map(float, frame.to_xy(pk.lat, pk.lon)))
                                for pk in scenario.terrain.peaks if pk.label])
