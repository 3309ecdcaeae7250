"""Everything about a scenario that does not depend on luck, computed once and cached.

The walk (path, times, prints), the tracker's view of the trail, dawn and the light table are
the same in every run of a scenario; the story engine and the batched engine both start here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sevr.agents.evaders import EvasivePath, evasive_path
from sevr.sim.setup import BoundedCache, VisibilityTable, World, build_world
from sevr.world.clock import minutes_between
from sevr.trail.prints import Prints, deposit, ground_tables
from sevr.world import LightState, find_sun_crossing, light_at, path_length_m, walking_time_s
from sevr.world.movement import tobler_speed_kmh

if TYPE_CHECKING:
    from sevr.scenarios.schema import EvasionScenario

VISIBILITY_SPAN_MIN = 6 * 1440.0  # the light table covers the night of the exit and the days after


@dataclass(frozen=True)
class TrailView:
    """The main-line prints in walking order, as the tracker meets them."""

    xy: np.ndarray
    t_made: np.ndarray
    strength: np.ndarray
    half_life_h: np.ndarray
    step_min: np.ndarray        # tracker's walking minutes from print i-1 to print i
    branch_prints: np.ndarray   # print index where each false branch leaves
    branch_len_m: np.ndarray
    branch_dir: np.ndarray      # (b, 2) unit heading of each branch
    walk_m_per_min: float       # tracker's pace on open ground


@dataclass(frozen=True)
class Prepared:
    world: World
    light_mode: str
    path: EvasivePath
    t: np.ndarray               # time at each path vertex
    prints: Prints
    figures: dict
    injury_at: int
    carry_at: int
    t_exit: float
    t_arrive: float
    t_dawn: float
    sky_at_exit: LightState
    trail: TrailView
    visibility: VisibilityTable


_CACHE = BoundedCache(16)


def prepare(scenario: EvasionScenario, light_mode: str | None = None) -> Prepared:
    """The scenario's deterministic preparation, from memory, else from the disk cache, else computed.

    The disk entry (see `sevr.cache`) is keyed by the scenario's full content, the light mode, the
    program (version and source) and, for terrain from a file, that file's bytes.

    Parameters
    ----------
    scenario : EvasionScenario
        The validated scenario.
    light_mode : str, optional
        "as_narrated" or "astronomical"; default the scenario's.

    Returns
    -------
    Prepared
        The world, the evasive path with its times (minutes after the start), the prints, the
        trail as the tracker meets it, the light table and the walk's key times.

    Raises
    ------
    InputError
        Naming the field when the terrain or places cannot be used (see `build_world`).
    """
    mode = light_mode or scenario.light.mode
    return _CACHE.get([scenario.model_dump(mode="json"), mode], lambda: _from_disk(scenario, mode))


def _from_disk(scenario: EvasionScenario, mode: str) -> Prepared:
    from sevr import cache

    return cache.get_or_make_for("prepared", scenario, lambda: _prepare(scenario, mode), {"light_mode": mode})


def _prepare(scenario: EvasionScenario, mode: str) -> Prepared:
    world = build_world(scenario)
    ev = scenario.evaders
    tac = ev.tactics
    t_exit = minutes_between(scenario.time.start, scenario.time.exit)
    protect = ev.injury.distance_before_hideout_m + 50.0 if ev.injury.happens else 50.0
    path = evasive_path(world.route_xy, spacing_m=ev.route_spacing_m, reversals=tac.reversals,
                        count=tac.reversal_count, branch_m=tac.reversal_branch_m,
                        sidestep_m=tac.sidestep_m, protect_end_m=protect,
                        rng=np.random.default_rng(tac.layout_seed))
    walk = _walk(path, scenario, world, t_exit)
    place = scenario.places.start
    sky = light_at(world.clock, t_exit, place.lat, place.lon, mode, scenario.light.narrated_moon_phase,
                   scenario.light.narrated_moon_alt_deg)
    t_dawn = find_sun_crossing(world.clock, t_exit, place.lat, place.lon, scenario.watchers.discovery_sun_alt_deg)
    vis = VisibilityTable(world.clock, place.lat, place.lon, scenario.light, mode, t_exit,
                          t_exit + VISIBILITY_SPAN_MIN)
    return Prepared(world=world, light_mode=mode, path=path, t=walk["t"], prints=walk["prints"],
                    figures=walk["figures"], injury_at=walk["injury_at"], carry_at=walk["carry_at"],
                    t_exit=t_exit, t_arrive=float(walk["t"][-1]), t_dawn=t_dawn, sky_at_exit=sky,
                    trail=_trail_view(walk["prints"], path, world, scenario.tracker), visibility=vis)


def _walk(path: EvasivePath, scenario: EvasionScenario, world: World, t_exit: float) -> dict:
    """Times, gait and load along the path; the prints it leaves; the walk's key figures."""
    ev, terrain = scenario.evaders, world.terrain
    tac, g = ev.tactics, ev.gait
    xy = path.xy
    seg = np.hypot(*np.diff(xy, axis=0).T)
    to_go = np.concatenate([np.cumsum(seg[::-1])[::-1], [0.0]])  # path metres still ahead
    injured = ev.injury.happens
    d_inj = ev.injury.distance_before_hideout_m
    blood = injured & (to_go <= d_inj) & (to_go > d_inj - scenario.trail.blood_m)
    carry = injured & (to_go <= d_inj - scenario.trail.blood_m)
    tiptoe = tac.tiptoe & ~carry
    speed = (g.night_speed_factor * np.where(tiptoe, g.tiptoe_speed_factor, 1.0)
             * np.where(carry, g.carry_speed_factor, 1.0))
    gait_load = np.where(tiptoe, g.tiptoe_print_factor, 1.0) * np.where(carry, g.carry_print_factor, 1.0)
    z = terrain.elevation_at(xy[:, 0], xy[:, 1])
    t = t_exit + walking_time_s(xy, z, speed[1:]) / 60.0
    hideout = np.asarray(world.hideout_xy)
    keep = np.hypot(*(xy - hideout).T) > scenario.places.hideout.apron_m  # bare rock at the mouth
    retention, half_life = ground_tables(scenario.trail)
    prints = deposit(xy, t, terrain.ground_at(xy[:, 0], xy[:, 1]).astype(int), gait_load, blood,
                     ev.injury.blood_trace_strength, path.on_branch, keep, retention, half_life)
    rise = np.diff(z)
    figures = {
        "straight_line_m": float(np.hypot(*(hideout - np.asarray(world.start_xy)))),
        "path_length_m": path_length_m(xy),
        "route_length_m": path_length_m(world.route_xy),
        "walk_duration_h": float(t[-1] - t_exit) / 60.0,
        "climb_m": float(z[-1] - z[0]),
        "total_ascent_m": float(rise[rise > 0].sum()),
    }
    n = len(xy)
    injury_at = int(np.argmax(to_go <= d_inj)) if injured else n - 1
    carry_at = int(np.argmax(carry)) if carry.any() else n - 1
    return {"t": t, "prints": prints, "figures": figures, "injury_at": injury_at, "carry_at": carry_at}


def _trail_view(prints: Prints, path: EvasivePath, world: World, tracker) -> TrailView:
    main = ~prints.on_branch
    xy = prints.xy[main]
    z = world.terrain.elevation_at(xy[:, 0], xy[:, 1])
    step = np.diff(walking_time_s(xy, z, tracker.speed_factor), prepend=0.0) / 60.0
    branch_prints = np.searchsorted(prints.path_index[main], path.branch_at)
    heading = path.xy[np.minimum(path.branch_at + 1, len(path.xy) - 1)] - path.xy[path.branch_at]
    heading = heading / np.maximum(np.linalg.norm(heading, axis=1, keepdims=True), 1e-9)
    return TrailView(xy=xy, t_made=prints.t_min[main], strength=prints.strength[main],
                     half_life_h=prints.half_life_h[main], step_min=step, branch_prints=branch_prints,
                     branch_len_m=path.branch_len_m, branch_dir=heading.reshape(-1, 2),
                     walk_m_per_min=float(tobler_speed_kmh(0.0)) * 1000.0 / 60.0 * tracker.speed_factor)
