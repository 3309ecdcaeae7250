"""The environment's configuration, built once from a scenario: `EnvParams` and `make_params`.

Everything here is fixed for the life of an environment (the gymnax split: params configure, the
state changes). The terrain is the scenario's, coarsened to cells of about `cell_m` metres; the
light is tabulated per step from the scenario's clock; the print laws' constants come from the
scenario's trail and tracker tables; every agent has a row in the per-role arrays, checked here so
the step never has to. Every number is listed with its unit and source in docs/envs.md.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from sevr.errors import InputError

if TYPE_CHECKING:
    from sevr.scenarios.schema import Scenario

EVADER, TRACKER, SEARCHER = 0, 1, 2
ROLE_NAMES = ("evader", "tracker", "searcher")

WALK, TIPTOE, CARRY = 0, 1, 2
GAIT_NAMES = ("walk", "tiptoe", "carry")

# Defaults of make_params (each an assumption, documented in docs/envs.md).
DEFAULT_STEP_MIN = 1.0           # minutes per env step
DEFAULT_CELL_M = 50.0            # target cell size after coarsening
DEFAULT_OBS_RADIUS = 5           # cells each side of the agent in its patch
DEFAULT_MAX_STEPS = 360          # six hours at one minute per step
DEFAULT_MAX_PRINTS = 1024        # print slots per episode (a ring: the oldest goes first)
DEFAULT_PURSUIT_DELAY_MIN = 90.0 # the pursuers start this long after the evaders
DEFAULT_SIGHT_M = 150.0          # how far a pursuer reads prints and sees people in full light
DEFAULT_EVADER_SIGHT_M = 150.0
DEFAULT_REACH_CELLS = 1.0        # capture reach when reach_m is None: the neighbouring cells (Chebyshev 1)
DEFAULT_LOOK_LOOKS = 2           # a "look" step is this many independent looks at each print
DEFAULT_LOOK_EXTRA_CELLS = 1     # ... and reaches this many cells further for prints
FLAT_WALK_KMH = 5.036            # Tobler's speed on flat ground (6 exp(-3.5 x 0.05))
LOST_HIKER_ENTER_COST = 0.05     # reward units; lost-person scenarios have no hideout decision table
MAX_CELLS = 1_000_000


class EnvParams(NamedTuple):
    """The fixed configuration of a trail-pursuit environment (arrays and scalars only).

    Grids are north-up: row 0 is the northern edge, column 0 the western edge; positions are
    (row, col) cell indices.
    """

    elevation: np.ndarray        # (H, W) metres, mean of the fine cells
    ground: np.ndarray           # (H, W) int8 ground code (0 sand, 1 gravel, 2 rock), the commonest
    passable: np.ndarray         # (H, W) bool
    cell_m: float                # metres per cell side
    west_m: float                # x of the western edge, metres in the scenario frame
    north_m: float               # y of the northern edge
    hideout_rc: np.ndarray       # (n_hideouts, 2) int cells of the hideouts (mouth and inside share it)
    start_rc: np.ndarray         # (n_agents, 2) int start cell of every agent
    step_min: float              # minutes per step
    t0_min: float                # scenario minute of step 0
    start_hour: float            # local clock hour at scenario minute 0
    max_steps: int
    visibility: np.ndarray       # (max_steps + 1,) 0..1 light at every step (sevr.world.light)
    retention: np.ndarray        # (3,) print strength factor by ground
    half_life_h: np.ndarray      # (3,) fading half-life by ground, hours
    gait_speed: np.ndarray       # (3,) speed factor of walk, tiptoe, carry
    gait_print: np.ndarray       # (3,) print factor of walk, tiptoe, carry
    p_detect_max: float
    detect_scale: float
    look_looks: int
    look_extra_cells: int
    role: np.ndarray             # (n_agents,) EVADER / TRACKER / SEARCHER
    speed: np.ndarray            # (n_agents,) factor on Tobler's speed
    sight_cells: np.ndarray      # (n_agents,) sight radius in full light, cells (Chebyshev)
    skill: np.ndarray            # (n_agents,) 0..1, in the print detection law
    reach_cells: np.ndarray      # (n_agents,) capture reach of pursuers, cells
    active_from: np.ndarray      # (n_agents,) first step at which the agent acts
    enter_cost: float            # reward a pursuer pays for entering a hideout
    capture_reward: float
    escape_reward: float         # an evader still free (hidden or not) at the horizon
    obs_radius: int
    max_prints: int
    agent_ids: tuple             # ("evader_0", "tracker_0", ...) in agent order
    scenario_kind: str

    @property
    def n_agents(self) -> int:
        """Number of agents (all roles)."""
        return len(self.role)

    @property
    def shape(self) -> tuple[int, int]:
        """(H, W) of the coarse grid, cells."""
        return self.elevation.shape


def _bad(field: str, message: str) -> InputError:
    return InputError(message, source="trail_pursuit_v0", field=field)


def _positive(field: str, value, *, integer: bool = False, allow_zero: bool = False):
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    if ok:
        ok = math.isfinite(float(value)) and (value >= 0 if allow_zero else value > 0)
    if ok and integer:
        ok = float(value) == int(value)
    if not ok:
        kind = "a whole number" if integer else "a number"
        raise _bad(field, f"must be {kind} {'>= 0' if allow_zero else '> 0'}, got {value!r}")
    return int(value) if integer else float(value)


def coarsen_terrain(terrain, factor: int):
    """Merge a terrain's cells into `factor` x `factor` blocks.

    Elevation is the block mean, ground the commonest code, and a block is passable when at
    least half of its fine cells are walkable (and its elevation is finite); edge rows and
    columns that do not fill a block are dropped.

    Parameters
    ----------
    terrain : sevr.world.Terrain
        The fine terrain.
    factor : int
        Fine cells per block side.

    Returns
    -------
    elevation : numpy.ndarray
        (H, W) float, metres.
    ground : numpy.ndarray
        (H, W) int8 ground code (0 sand, 1 gravel, 2 rock).
    passable : numpy.ndarray
        (H, W) bool.

    Raises
    ------
    InputError
        On field ``cell_m`` when one block is larger than the whole map.
    """
    from sevr.world.movement import cost_surface

    h, w = (n // factor for n in terrain.shape)
    if h < 1 or w < 1:
        raise _bad("cell_m", f"coarser than the whole map ({terrain.shape[0]} x {terrain.shape[1]} cells "
                             f"of {terrain.cell_m:g} m)")

    def blocks(a):
        return a[: h * factor, : w * factor].reshape(h, factor, w, factor)

    elev = blocks(np.asarray(terrain.elevation, dtype=float)).mean(axis=(1, 3))
    fine_ground = blocks(np.asarray(terrain.ground, dtype=np.int64))
    counts = np.stack([(fine_ground == g).sum(axis=(1, 3)) for g in range(3)])
    ground = counts.argmax(axis=0).astype(np.int8)
    walkable = np.isfinite(cost_surface(terrain)) & np.isfinite(np.asarray(terrain.elevation, dtype=float))
    passable = blocks(walkable).mean(axis=(1, 3)) >= 0.5
    return elev, ground, passable & np.isfinite(elev)


def make_params(scenario: Scenario, *, step_min: float = DEFAULT_STEP_MIN, cell_m: float = DEFAULT_CELL_M,
                obs_radius: int = DEFAULT_OBS_RADIUS, max_steps: int = DEFAULT_MAX_STEPS,
                max_prints: int = DEFAULT_MAX_PRINTS, n_evaders: int | None = None,
                n_trackers: int | None = None, n_searchers: int | None = None,
                pursuit_delay_min: float = DEFAULT_PURSUIT_DELAY_MIN, sight_m: float = DEFAULT_SIGHT_M,
                evader_sight_m: float = DEFAULT_EVADER_SIGHT_M, reach_m: float | None = None,
                hideouts_xy=None, light_mode: str | None = None) -> EnvParams:
    """The environment's parameters for a scenario (an `EvasionScenario` or a `LostPersonScenario`).

    Parameters
    ----------
    scenario : Scenario
        The scenario whose terrain, places, clock, light and laws the environment uses.
    step_min : float, default=1.0
        Minutes per step.
    cell_m : float, default=50.0
        Target cell size in metres; the scenario's cells are merged in square blocks of
        ``round(cell_m / terrain.cell_m)`` (at least 1).
    obs_radius : int, default=5
        Cells each side of the agent in its observation patch.
    max_steps : int, default=360
        Steps before the episode is truncated (the horizon).
    max_prints : int, default=1024
        Print slots per episode; when full the oldest print is overwritten.
    n_evaders, n_trackers, n_searchers : int, optional
        How many agents of each role; the defaults follow the scenario (docs/envs.md).
    pursuit_delay_min : float, default=90.0
        Minutes after the start before the pursuers act.
    sight_m, evader_sight_m : float, default=150.0
        Sight radius of pursuers / evaders in full light, metres.
    reach_m : float, optional
        Capture reach of the pursuers, metres (Chebyshev distance; 0: the same cell only). Default
        (None): one cell, i.e. the pursuer's own cell and its eight neighbours.
    hideouts_xy : sequence of (x, y), optional
        Hideout positions in metres in the scenario frame; default: the scenario's hideout (none
        for a lost-person scenario).
    light_mode : str, optional
        "as_narrated" or "astronomical"; default: the scenario's (astronomical without a light table).

    Returns
    -------
    EnvParams

    Raises
    ------
    InputError
        Naming the field: a step of 0 minutes, an observation radius of 0, no evader, a hideout off
        the map, a start or hideout on impassable ground, ...
    """
    step_min = _positive("step_min", step_min)
    cell_m = _positive("cell_m", cell_m)
    obs_radius = _positive("obs_radius", obs_radius, integer=True)
    max_steps = _positive("max_steps", max_steps, integer=True)
    max_prints = _positive("max_prints", max_prints, integer=True)
    pursuit_delay_min = _positive("pursuit_delay_min", pursuit_delay_min, allow_zero=True)
    sight_m = _positive("sight_m", sight_m, allow_zero=True)
    evader_sight_m = _positive("evader_sight_m", evader_sight_m, allow_zero=True)
    if reach_m is not None:
        reach_m = _positive("reach_m", reach_m, allow_zero=True)
    kind = scenario.meta.kind
    evasion = kind == "evasion"
    counts = {"n_evaders": 1 if n_evaders is None else n_evaders,
              "n_trackers": (1 if evasion else 0) if n_trackers is None else n_trackers,
              "n_searchers": (1 if evasion else len(scenario.teams)) if n_searchers is None else n_searchers}
    for name, value in counts.items():
        _positive(name, value, integer=True, allow_zero=True)
    if counts["n_evaders"] < 1:
        raise _bad("n_evaders", "needs at least one evader (got 0)")
    if counts["n_trackers"] + counts["n_searchers"] < 1:
        raise _bad("n_trackers", "needs at least one pursuer (tracker or searcher), got none")

    from sevr.scenarios.schema import Gait, Light
    from sevr.sim.setup import VisibilityTable, build_terrain
    from sevr.trail.prints import ground_tables
    from sevr.world import GeoFrame, ScenarioClock
    from sevr.world.clock import minutes_between

    frame = GeoFrame(scenario.frame.origin_lat, scenario.frame.origin_lon)
    terrain = build_terrain(scenario.terrain, frame)
    factor = max(1, int(round(cell_m / terrain.cell_m)))
    elev, ground, passable = coarsen_terrain(terrain, factor)
    if elev.size > MAX_CELLS:
        raise _bad("cell_m", f"{cell_m:g} m gives {elev.size:,} cells; at most {MAX_CELLS:,} (use larger cells)")
    cell = terrain.cell_m * factor
    west, north = terrain.west_m, terrain.north_m
    h, w = elev.shape

    def cell_of(field: str, x: float, y: float, *, must_pass: bool = True) -> tuple[int, int]:
        c = math.floor((x - west) / cell)
        r = math.floor((north - y) / cell)
        if not (0 <= r < h and 0 <= c < w):
            raise _bad(field, f"({x:.0f} m, {y:.0f} m) is off the map (x {west:.0f}..{west + w * cell:.0f} m, "
                              f"y {north - h * cell:.0f}..{north:.0f} m)")
        if must_pass and not passable[r, c]:
            passable[r, c] = True  # a walkable place in a mostly steep block: keep its cell open
        return r, c

    if evasion:
        start = frame.to_xy(scenario.places.start.lat, scenario.places.start.lon)
        start_rc = cell_of("places.start", *start)
        pursuer_rc = start_rc  # the pursuers take up the trail where it begins
        t0 = minutes_between(scenario.time.start, scenario.time.exit)
        trail, tracker, gait = scenario.trail, scenario.tracker, scenario.evaders.gait
        place, light = scenario.places.start, scenario.light
        default_hideouts = [frame.to_xy(scenario.places.hideout.lat, scenario.places.hideout.lon)]
        decision = scenario.pursuers.decision
        enter_cost = decision.cost_of_entering / decision.value_of_capture if decision.value_of_capture else 0.0
        pursuer_speed = tracker.speed_factor
        searcher_speeds = [tracker.speed_factor] * counts["n_searchers"]
        evader_speed = gait.night_speed_factor
    else:
        start = frame.to_xy(scenario.ipp.lat, scenario.ipp.lon)
        start_rc = cell_of("ipp", *start)
        pursuer_rc = start_rc  # the teams set out from the point last seen
        t0 = 0.0
        from sevr.scenarios.schema import Trail, Tracker
        trail = Trail()
        tracker = Tracker(id="tracker", name_en="tracker", name_tr="iz sürücü")
        gait, place, light = Gait(), scenario.ipp, Light(mode="astronomical")
        default_hideouts = []
        enter_cost = LOST_HIKER_ENTER_COST
        pursuer_speed = tracker.speed_factor
        teams = scenario.teams
        searcher_speeds = [teams[i % len(teams)].speed_kmh / FLAT_WALK_KMH for i in range(counts["n_searchers"])]
        evader_speed = 1.0  # the lost hiker walks by day and by night alike (assumption)
    if hideouts_xy is None:
        hideouts_xy = default_hideouts
    hideout_rc = np.array([cell_of(f"hideouts_xy[{i}]", float(x), float(y))
                           for i, (x, y) in enumerate(hideouts_xy)], dtype=np.int64).reshape(-1, 2)

    ne, nt, ns = counts["n_evaders"], counts["n_trackers"], counts["n_searchers"]
    role = np.array([EVADER] * ne + [TRACKER] * nt + [SEARCHER] * ns, dtype=np.int8)
    ids = tuple([f"evader_{i}" for i in range(ne)] + [f"tracker_{i}" for i in range(nt)]
                + [f"searcher_{i}" for i in range(ns)])
    speed = np.array([evader_speed] * ne + [pursuer_speed] * nt + searcher_speeds, dtype=float)
    sight = np.where(role == EVADER, evader_sight_m, sight_m) / cell
    skill = np.where(role == EVADER, 0.0, tracker.skill)
    reach = np.where(role == EVADER, 0.0, DEFAULT_REACH_CELLS if reach_m is None else reach_m / cell)
    delay = int(math.ceil(pursuit_delay_min / step_min))
    active_from = np.where(role == EVADER, 0, delay).astype(np.int64)
    start_rc_all = np.array([start_rc] * ne + [pursuer_rc] * (nt + ns), dtype=np.int64)

    mode = light_mode or light.mode
    if mode not in ("as_narrated", "astronomical"):
        raise _bad("light_mode", f"must be 'as_narrated' or 'astronomical', got {mode!r}")
    clock = ScenarioClock.of(scenario.time)
    t_steps = t0 + step_min * np.arange(max_steps + 1)
    table = VisibilityTable(clock, place.lat, place.lon, light, mode, t0, float(t_steps[-1]))
    retention, half_life = ground_tables(trail)

    return EnvParams(
        elevation=elev, ground=ground, passable=passable, cell_m=float(cell), west_m=float(west),
        north_m=float(north), hideout_rc=hideout_rc, start_rc=start_rc_all, step_min=step_min, t0_min=float(t0),
        start_hour=scenario.time.start.hour + scenario.time.start.minute / 60.0,
        max_steps=max_steps, visibility=np.asarray(table(t_steps), dtype=float),
        retention=np.asarray(retention, dtype=float), half_life_h=np.asarray(half_life, dtype=float),
        gait_speed=np.array([1.0, gait.tiptoe_speed_factor, gait.carry_speed_factor]),
        gait_print=np.array([1.0, gait.tiptoe_print_factor, gait.carry_print_factor]),
        p_detect_max=float(tracker.p_detect_max), detect_scale=float(tracker.detect_scale),
        look_looks=DEFAULT_LOOK_LOOKS, look_extra_cells=DEFAULT_LOOK_EXTRA_CELLS, role=role, speed=speed, sight_cells=sight, skill=skill,
        reach_cells=reach, active_from=active_from, enter_cost=float(enter_cost), capture_reward=1.0,
        escape_reward=1.0, obs_radius=obs_radius, max_prints=max_prints, agent_ids=ids, scenario_kind=kind)
