"""trail_pursuit_v0's fast path: the rules of `sevr.envs.core`, as Numba kernels over episodes.

`core` is the readable reference; this module repeats its step and its observations in two
kernels that run `prange` over episodes and update the state in place, so a vector environment
steps thousands of episodes without allocating. Every number comes out the same as `core`'s, to
the last bit (tests/envs/test_fast.py holds them together row for row, and each law repeated
here, Tobler's speed, fading, detection and the stream's uniforms, against its shared function).

What makes the kernels cheaper than the reference without changing a result:
- a print slot is visited only if it was ever written (slots fill in order, so those at or past
  ``print_count`` are empty and their perceived strength stays 0);
- a detection number is drawn only where a pursuer could read a print; the stream is
  counter-based, so skipping a draw does not shift any other;
- prints are read in runs of `PRINT_CHUNK` slots: an agent whose sight square does not meet a run's
  bounding box passes over the whole run; for an agent whose square meets it, its sight is a bit
  per slot (two unsigned comparisons each, no branch) and only the set bits are visited;
- a print's faded strength is its strength times a tabulated factor of its ground and age
  (`FastParams.fade`, built with the same `faded_one`), not an exponential per print;
- the static patch channels of every cell are tabulated once (`FastParams.table_elevation` in
  float32, `table_codes` in uint8: 14 MB for the Hijra map), so an observation copies them; for
  maps too large for a table they are cropped from padded layers. In the fused kernel the step lays
  each patch's base after the walk and marks a print in it as it is perceived, so the observation
  does not pass over the prints again;
- only the observed agents' patches and vectors are written (`patch_slots`; by default every
  agent is observed), since a scripted agent reads the state;
- each episode's short runs of print data, patches and table rows are prefetched one episode
  ahead, since the hardware prefetchers cannot catch runs that short (`_prefetch_episode`);
- the per-episode functions are compiled without reference counting (`_nrt=False`: they allocate
  nothing), which otherwise costs two atomic operations per array argument on every call.
"""
from __future__ import annotations

import os
from typing import NamedTuple

# Worker threads that wait for the next parallel call sleep instead of spinning (unless the user
# chose otherwise): a vector environment returns to Python between steps, and on two shared cores
# spinning threads took the CPU the stepping thread needed (docs/envs.md, "Speed"). OpenMP reads
# this when Numba first starts its threads, which is after this import.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import numpy as np
from llvmlite import ir
from numba import njit, prange, types
from numba.core import cgutils
from numba.extending import intrinsic

from sevr.envs import core
from sevr.envs.core import (CAUGHT, DETECT_FIRST, ELEVATION_SCALE_M, EVADER_ENTER, EVADER_LEAVE, HIDDEN,
                            N_MOVES, PURSUER_ENTER, PURSUER_LOOK, SAFE, EnvState)
from sevr.envs.params import EVADER, EnvParams
from sevr.sim import stream as st
from sevr.trail.prints import LN2
from sevr.world.movement import TOBLER_BEST_SLOPE, TOBLER_DECAY, TOBLER_MAX_KMH

_GOLDEN, _M1, _M2 = np.uint64(st.GOLDEN), np.uint64(st.MIX1), np.uint64(st.MIX2)
_MOVES = core.MOVES.copy()
_SQRT2 = float(np.sqrt(2.0))
_KMH_TO_M_PER_MIN = 1000.0 / 60.0
_TWO_PI = 2 * np.pi
_NOWHERE = -(2**40)  # a row or column far off any map (MAX_CELLS bounds a side well below it)
# Fewer episodes than this are stepped on one thread: waking the worker threads costs more than
# the work (about 0.1 ms idle, several ms on a loaded machine).
PARALLEL_FROM = 64
# Prints are read in runs of this many slots; a run whose bounding box no agent's sight meets is
# passed over as a whole (a walker's consecutive prints lie close together). At most 32: a run's
# slots are flagged as bits of a uint32 (`_read_prints`).
PRINT_CHUNK = 16
# The table of every cell's static patch is built only up to this size (14 MB for the Hijra map at
# the defaults); above it the patches are cropped from the padded layers (the same numbers).
STATIC_TABLE_MAX_BYTES = 256 * 2**20
# A patch buffer without rows and its map of agents to rows: the step kernels given them write no
# observations.
NO_PATCH = np.zeros((0, 1), np.float32)
NO_SLOTS = np.zeros(0, np.int64)
# Channels of the patch (core.PATCH_CHANNELS) that the kernels write by number.
_PRINTS, _EVADERS, _PURSUERS, _HIDEOUT = (core.PATCH_CHANNELS.index(name)
                                          for name in ("prints", "evaders", "pursuers", "hideout"))


class FastParams(NamedTuple):
    """The arrays and numbers of `EnvParams` that the kernels read (no strings, one dtype each)."""

    elevation: np.ndarray
    ground: np.ndarray
    passable: np.ndarray
    hideout: np.ndarray        # (H, W) bool: a hideout's cell
    hideout_rc: np.ndarray
    cell_m: float
    step_min: float
    t0_min: float
    start_hour: float
    max_steps: int
    visibility: np.ndarray
    retention: np.ndarray
    half_life_h: np.ndarray
    gait_speed: np.ndarray
    gait_print: np.ndarray
    p_detect_max: float
    detect_scale: float
    look_looks: int
    look_extra_cells: int
    role: np.ndarray
    speed: np.ndarray
    sight_cells: np.ndarray
    skill: np.ndarray
    reach_cells: np.ndarray
    active_from: np.ndarray
    enter_cost: float
    capture_reward: float
    escape_reward: float
    obs_radius: int
    max_prints: int
    fade: np.ndarray           # (ground codes, max_steps + 1) float64: the factor a print on that ground has
                               # faded by after that many steps (`faded_one` of strength 1)
    # The static layers padded by the patch radius and flattened, channel by channel, so that a patch
    # row is one contiguous run: rows of pad_width cells, (H+2R) of them.
    pad_width: int
    pad_elevation: np.ndarray  # ((H+2R) (W+2R),) float64 elevation, m (0 off the map)
    pad_inside: np.ndarray     # ((H+2R) (W+2R),) bool: the cell is on the map
    pad_static: np.ndarray     # (3, (H+2R) (W+2R)) float32 ground code, passable, hideout (0 off the map)
    # Every cell's static patch, ready to copy (0 rows: not built, the patches are cropped as above):
    table_elevation: np.ndarray  # (H W, (2R+1)**2) float32 elevation channel of the patch centred there
    table_codes: np.ndarray      # (H W, 3 (2R+1)**2) uint8 ground, passable and hideout channels


@njit(cache=True)
def _fade_table(half_life_h, step_min, max_steps):
    """`FastParams.fade`: `faded_one` of strength 1 for every ground's half-life and age in steps, the
    age in hours computed as the step does (a print's half-life is its cell's ground's)."""
    table = np.empty((len(half_life_h), max_steps + 1))
    for g in range(len(half_life_h)):
        for age in range(max_steps + 1):
            table[g, age] = faded_one(1.0, age * step_min / 60.0, half_life_h[g])
    return table


def static_table_bytes(params: EnvParams) -> int:
    """Size of `FastParams.table_elevation` and `table_codes` together when they are built, bytes."""
    h, w = params.shape
    return h * w * (4 + 3) * (2 * int(params.obs_radius) + 1) ** 2


def fast_params(params: EnvParams, n_envs: int = 1) -> FastParams:
    """The kernels' view of `params` (built once per environment).

    Parameters
    ----------
    params : EnvParams
        The environment's configuration.
    n_envs : int, default=1
        Episodes the kernels will step at once. From `PARALLEL_FROM` episodes on, and when it takes
        at most `STATIC_TABLE_MAX_BYTES`, every cell's static patch is tabulated once, so that an
        observation copies it instead of cropping it channel by channel; the numbers are the same
        either way.

    Returns
    -------
    FastParams
    """
    hideout = np.zeros(params.shape, dtype=np.bool_)
    if len(params.hideout_rc):
        hideout[params.hideout_rc[:, 0], params.hideout_rc[:, 1]] = True
    r = int(params.obs_radius)
    f64 = lambda a: np.ascontiguousarray(a, dtype=np.float64)  # noqa: E731 - one dtype per field
    i64 = lambda a: np.ascontiguousarray(a, dtype=np.int64)  # noqa: E731
    pad = np.pad(core.static_layers(params), ((0, 0), (r, r), (r, r)))
    inside = np.pad(np.ones(params.shape, np.bool_), r).ravel()
    fp = FastParams(
        elevation=f64(params.elevation), ground=i64(params.ground), passable=np.ascontiguousarray(params.passable),
        hideout=hideout, hideout_rc=i64(params.hideout_rc).reshape(-1, 2), cell_m=float(params.cell_m),
        step_min=float(params.step_min), t0_min=float(params.t0_min), start_hour=float(params.start_hour),
        max_steps=int(params.max_steps), visibility=f64(params.visibility), retention=f64(params.retention),
        half_life_h=f64(params.half_life_h), gait_speed=f64(params.gait_speed), gait_print=f64(params.gait_print),
        p_detect_max=float(params.p_detect_max), detect_scale=float(params.detect_scale),
        look_looks=int(params.look_looks), look_extra_cells=int(params.look_extra_cells), role=i64(params.role), speed=f64(params.speed),
        sight_cells=f64(params.sight_cells), skill=f64(params.skill), reach_cells=f64(params.reach_cells),
        active_from=i64(params.active_from), enter_cost=float(params.enter_cost),
        capture_reward=float(params.capture_reward), escape_reward=float(params.escape_reward),
        obs_radius=int(params.obs_radius), max_prints=int(params.max_prints),
        fade=_fade_table(f64(params.half_life_h), float(params.step_min), int(params.max_steps)),
        pad_width=int(pad.shape[2]), pad_elevation=f64(pad[0].ravel()), pad_inside=inside,
        pad_static=np.ascontiguousarray(pad[1:].reshape(3, -1), dtype=np.float32),
        table_elevation=np.zeros((0, (2 * r + 1) ** 2), np.float32),
        table_codes=np.zeros((0, 3 * (2 * r + 1) ** 2), np.uint8))
    if n_envs >= PARALLEL_FROM and static_table_bytes(params) <= STATIC_TABLE_MAX_BYTES:
        elevation, codes = _static_table(fp)
        fp = fp._replace(table_elevation=elevation, table_codes=codes)
    return fp


@njit(parallel=True, cache=True)
def _static_table(p):
    """`FastParams.table_elevation` and `table_codes`: every cell's static patch, cropped by the same
    `_crop_static` that serves maps without a table."""
    h, w = p.elevation.shape
    area = (2 * p.obs_radius + 1) ** 2
    elevation = np.empty((h * w, area), np.float32)
    codes = np.empty((h * w, 3 * area), np.uint8)
    for cell in prange(h * w):
        row = np.zeros((1, len(core.PATCH_CHANNELS) * area), np.float32)
        _crop_static(p, row, 0, cell // w, cell % w)
        for j in range(area):
            elevation[cell, j] = row[0, j]
            codes[cell, j] = np.uint8(row[0, area + j])
            codes[cell, area + j] = np.uint8(row[0, 2 * area + j])
            codes[cell, 2 * area + j] = np.uint8(row[0, _HIDEOUT * area + j])
    return elevation, codes


class StepOut(NamedTuple):
    """Per-step outputs written by the step kernel (preallocated, reused)."""

    rewards: np.ndarray       # (n, a) float64
    terminated: np.ndarray    # (n, a) bool
    truncated: np.ndarray     # (n, a) bool
    caught: np.ndarray        # (n, a) bool
    end_code: np.ndarray      # (n,) int64: index into core.END_REASONS
    prints_made: np.ndarray   # (n,) int64
    prints_read: np.ndarray   # (n,) int64
    sight_box: np.ndarray     # (n, a, 3) int64 scratch: top row, left column and span of the cells an agent
                              # reads prints in this step
    faded: np.ndarray         # (n, PRINT_CHUNK) float64 scratch: faded strengths of the run being read


def observation_buffers(params: EnvParams, n_envs: int, n_observed: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Zeroed float32 buffers for `observe_into` and `step_observe_inplace`.

    Parameters
    ----------
    params : EnvParams
        The environment's configuration.
    n_envs : int
        Number of episodes in the batch.
    n_observed : int, optional
        Agents observed per episode (`patch_slots`); default every agent.

    Returns
    -------
    patch : numpy.ndarray
        (n_envs, n_observed, len(PATCH_CHANNELS), 2r+1, 2r+1), r = ``params.obs_radius``.
    vector : numpy.ndarray
        (n_envs, n_observed, len(VECTOR_FIELDS)).
    """
    size = 2 * params.obs_radius + 1
    n_observed = params.n_agents if n_observed is None else n_observed
    return (np.zeros((n_envs, n_observed, len(core.PATCH_CHANNELS), size, size), np.float32),
            np.zeros((n_envs, n_observed, len(core.VECTOR_FIELDS)), np.float32))


def patch_slots(n_agents: int, observed=None) -> np.ndarray:
    """Each agent's place among the observed agents of an episode, -1 for an agent not observed.

    Only observed agents get a patch and a vector (the kernels skip the others' observations, which
    are most of a step's memory traffic); every agent is still stepped.

    Parameters
    ----------
    n_agents : int
        Agents per episode.
    observed : sequence of int, optional
        Indices of the observed agents, increasing, without repeats; default every agent.

    Returns
    -------
    numpy.ndarray
        (n_agents,) int64: agent ``observed[q]`` has q, the others -1.

    Raises
    ------
    ValueError
        When an index is not a whole number, or out of range, repeated or out of order.
    """
    observed = np.arange(n_agents) if observed is None else np.asarray(observed).reshape(-1)
    if len(observed) and observed.dtype.kind not in "iu":  # 1.5 or True would pass as agent 1
        raise ValueError(f"observed agents must be whole-number indices, got {observed.tolist()}")
    observed = observed.astype(np.int64)
    if len(observed) and (observed.min() < 0 or observed.max() >= n_agents or np.any(np.diff(observed) <= 0)):
        raise ValueError(f"observed agents must be increasing indices in 0..{n_agents - 1}, got {observed.tolist()}")
    slots = np.full(n_agents, -1, np.int64)
    slots[observed] = np.arange(len(observed))
    return slots


def step_out(n_envs: int, n_agents: int) -> StepOut:
    """Empty output buffers for `step_inplace`.

    Parameters
    ----------
    n_envs : int
        Number of episodes in the batch.
    n_agents : int
        Number of agents per episode.

    Returns
    -------
    StepOut
        Zeroed arrays of shape (n_envs, n_agents) or (n_envs,).
    """
    return StepOut(np.zeros((n_envs, n_agents)), np.zeros((n_envs, n_agents), np.bool_),
                   np.zeros((n_envs, n_agents), np.bool_), np.zeros((n_envs, n_agents), np.bool_),
                   np.zeros(n_envs, np.int64), np.zeros(n_envs, np.int64), np.zeros(n_envs, np.int64),
                   np.zeros((n_envs, n_agents, 3), np.int64), np.zeros((n_envs, PRINT_CHUNK)))


# --- the laws, one number at a time (each tested against its shared NumPy function) ------------------

@njit(inline="always")
def uniform_at(key, counter):
    """`sevr.sim.stream.uniform(key, counter)` for uint64 key and a non-negative counter.

    Parameters
    ----------
    key : numpy.uint64
        The stream key.
    counter : int
        Index of the draw, >= 0.

    Returns
    -------
    float
        A uniform number in (0, 1).
    """
    z = key + (np.uint64(counter) + np.uint64(1)) * _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    z = z ^ (z >> np.uint64(31))
    return ((z >> np.uint64(11)) + 0.5) * (1.0 / 9007199254740992.0)


@njit(inline="always")
def tobler_kmh(slope):
    """`sevr.world.movement.tobler_speed_kmh` for one slope."""
    return TOBLER_MAX_KMH * np.exp(-TOBLER_DECAY * np.abs(slope - TOBLER_BEST_SLOPE))


@njit(inline="always")
def faded_one(strength, age_h, half_life_h):
    """`sevr.trail.prints.faded` for one print.

    Parameters
    ----------
    strength : float
        Strength when made.
    age_h : float
        Age of the print, hours (negative: not made yet).
    half_life_h : float
        Fading half-life, hours.

    Returns
    -------
    float
        Strength now; 0 for a negative age.
    """
    if age_h >= 0:
        return strength * np.exp(-LN2 * max(age_h, 0.0) / half_life_h)
    return 0.0


@njit(inline="always")
def detect_one(strength_now, visibility, skill, p_max, scale):
    """`sevr.trail.prints.detect_probability` for one print and one reader.

    Parameters
    ----------
    strength_now : float
        The print's strength now.
    visibility : float
        Light, 0..1.
    skill : float
        The reader's skill, 0..1.
    p_max : float
        Ceiling of the detection probability.
    scale : float
        Scale of the detection law.

    Returns
    -------
    float
        Probability of reading the print, 0..p_max.
    """
    return p_max * (1.0 - np.exp(-scale * strength_now * visibility * skill))


@njit(inline="always")
def _cheb(r0, c0, r1, c1):
    return max(abs(r0 - r1), abs(c0 - c1))


# --- prefetching -------------------------------------------------------------------------------------

def _prefetch_codegen(write):
    def codegen(context, builder, signature, args):
        array = context.make_array(signature.args[0])(context, builder, args[0])
        address = builder.bitcast(builder.gep(array.data, [args[1]]), ir.IntType(8).as_pointer())
        i32 = ir.IntType(32)
        fnty = ir.FunctionType(ir.VoidType(), [address.type, i32, i32, i32])
        fn = cgutils.get_or_insert_function(builder.module, fnty, "llvm.prefetch.p0")
        builder.call(fn, [address, i32(1 if write else 0), i32(2), i32(1)])
        return context.get_dummy_value()
    return codegen


@intrinsic
def _prefetch_read(typingctx, array, flat_index):
    return types.void(array, flat_index), _prefetch_codegen(False)


@intrinsic
def _prefetch_write(typingctx, array, flat_index):
    return types.void(array, flat_index), _prefetch_codegen(True)


@njit(inline="always")
def _prefetch_span(array, start, count, write):
    step = max(64 // array.itemsize, 1)
    for j in range(0, count, step):
        if write:
            _prefetch_write(array, start + j)
        else:
            _prefetch_read(array, start + j)


@njit(inline="always")
def _prefetch_episode(p, s, patch, slots, e):
    """Ask for episode e's prints, perceived strengths, patches and static table rows ahead of use
    (each is a short run in its own array, too short for the hardware prefetchers to catch)."""
    if e >= s.alive.shape[0]:
        return
    a = s.alive.shape[1]
    m = p.max_prints
    count = min(s.print_count[e], m)
    _prefetch_span(s.print_rc, e * m * 2, 2 * count, False)
    _prefetch_span(s.print_step, e * m, count, False)
    _prefetch_span(s.print_strength, e * m, count, False)
    _prefetch_span(s.print_half_life_h, e * m, count, False)
    per = _observed_per_episode(s, patch)
    tabled = p.table_elevation.shape[0] > 0
    w = p.elevation.shape[1]
    for i in range(a):
        _prefetch_span(s.perceived, (e * a + i) * m, count, False)
        row = _patch_row(per, slots, e, i)
        if row < 0:
            continue
        _prefetch_span(patch, row * patch.shape[1], patch.shape[1], True)
        if tabled:
            cell = s.pos[e, i, 0] * w + s.pos[e, i, 1]
            _prefetch_span(p.table_elevation, cell * p.table_elevation.shape[1], p.table_elevation.shape[1], False)
            _prefetch_span(p.table_codes, cell * p.table_codes.shape[1], p.table_codes.shape[1], False)


@njit(inline="always")
def _observed_per_episode(s, patch):
    """Rows of the flat patch buffer per episode: the observed agents (0 for a buffer without rows)."""
    return patch.shape[0] // s.alive.shape[0]


@njit(inline="always")
def _patch_row(per, slots, e, i):
    """Agent i's row of the flat patch buffer in episode e, -1 if it has none (`per`: rows per
    episode, `_observed_per_episode`)."""
    return e * per + slots[i] if per and slots[i] >= 0 else -1


# --- bits --------------------------------------------------------------------------------------------

def _bit_intrinsic(name):
    def codegen(context, builder, signature, args):
        i32 = ir.IntType(32)
        extra = [ir.Constant(ir.IntType(1), 1)] if name == "llvm.cttz.i32" else []
        fnty = ir.FunctionType(i32, [i32] + [ir.IntType(1)] * len(extra))
        return builder.call(cgutils.get_or_insert_function(builder.module, fnty, name), [args[0]] + extra)
    return codegen


@intrinsic
def _lowest_bit(typingctx, mask):
    """Index of the lowest set bit of a nonzero uint32 (one instruction)."""
    return types.uint32(types.uint32), _bit_intrinsic("llvm.cttz.i32")


@intrinsic
def _bit_count(typingctx, mask):
    """Number of set bits of a uint32 (one instruction)."""
    return types.uint32(types.uint32), _bit_intrinsic("llvm.ctpop.i32")


# --- the step ----------------------------------------------------------------------------------------

@njit(inline="always")
def _run_box(rc, start, n_run):
    """Top, bottom, left and right of the bounding box of the n_run prints whose (row, column)
    pairs follow one another in the flat positions `rc` from `start`."""
    top, bottom = rc[start], rc[start]
    left, right = rc[start + np.uint64(1)], rc[start + np.uint64(1)]
    for j in range(1, n_run):  # unsigned, constant-stride offsets: the loop vectorises
        k = start + np.uint64(2) * np.uint64(j)
        top, bottom = min(top, rc[k]), max(bottom, rc[k])
        left, right = min(left, rc[k + np.uint64(1)]), max(right, rc[k + np.uint64(1)])
    return top, bottom, left, right


@njit(inline="always")
def _sight_meets(out, e, i, box):
    """Whether agent i's sight square (`StepOut.sight_box`) meets a box of cells (top, bottom, left,
    right, as `_run_box` gives it): if not, agent i can read no print inside it this step."""
    top, bottom, left, right = box
    r, c, span = out.sight_box[e, i, 0], out.sight_box[e, i, 1], out.sight_box[e, i, 2]
    return top <= r + span and bottom >= r and left <= c + span and right >= c


@njit(parallel=True, cache=True)
def _step_parallel(p, s, actions, keys, out, no_patch):
    for e in prange(s.alive.shape[0]):
        _prefetch_episode(p, s, no_patch, NO_SLOTS, e + 1)
        _step_one(p, s, actions, keys, out, e, no_patch, NO_SLOTS)


@njit(cache=True)
def _step_serial(p, s, actions, keys, out, no_patch):
    for e in range(s.alive.shape[0]):
        _step_one(p, s, actions, keys, out, e, no_patch, NO_SLOTS)


@njit(cache=True, _nrt=False)
def _step_one(p, s, actions, keys, out, e, patch, slots):
    """One episode's step (a function of its own: Numba's parfors lose writes made through a
    NamedTuple's arrays in a loop body this large)."""
    _step_body(p, s, actions, keys, out, e, patch, slots)


@njit(inline="always")
def _step_body(p, s, actions, keys, out, e, patch, slots):
    """Episode e's step. Given a patch buffer with rows (the fused kernel), it also lays each observed
    agent's patch base (row ``slots[i]`` of the episode's rows) once the agents have moved and marks
    every print such an agent perceives while reading the prints, so that the observation need not
    pass over the prints again."""
    a = s.alive.shape[1]
    m = p.max_prints
    h, w = p.elevation.shape
    live = not s.done[e]
    t = s.step[e] + 1
    step_ = s.step[e] if s.done[e] else t
    made = 0
    # 1-3. actions, walking and prints, agent by agent (each reads only its own old state)
    for i in range(a):
        act = actions[e, i]
        is_ev = p.role[i] == EVADER
        active = s.alive[e, i] and s.step[e] >= p.active_from[i] and live
        r0, c0 = s.pos[e, i, 0], s.pos[e, i, 1]
        at_hideout = p.hideout[r0, c0]
        if is_ev:
            move = act % N_MOVES if act < EVADER_ENTER else 0
            if act < EVADER_ENTER and active:
                s.gait[e, i] = act // N_MOVES
            hidden = s.hidden[e, i]
            if active and act == EVADER_ENTER and at_hideout:
                hidden = True
            if active and act == EVADER_LEAVE and s.hidden[e, i]:
                hidden = False
            s.hidden[e, i] = hidden
            s.entered[e, i] = False
            s.looked[e, i] = False
        else:
            move = act if act < N_MOVES else 0
            s.entered[e, i] = active and act == PURSUER_ENTER and at_hideout
            s.looked[e, i] = active and act == PURSUER_LOOK
        # walking (core._walk)
        want = active and not s.hidden[e, i] and move != 0
        dr, dc = _MOVES[move, 0], _MOVES[move, 1]
        tr, tc = r0 + dr, c0 + dc
        inside = 0 <= tr < h and 0 <= tc < w
        tr, tc = min(max(tr, 0), h - 1), min(max(tc, 0), w - 1)
        open_ = inside and p.passable[tr, tc]
        go = False
        if want and open_:
            dist = p.cell_m * (_SQRT2 if dr != 0 and dc != 0 else 1.0)
            rise = p.elevation[tr, tc] - p.elevation[r0, c0]
            pace = tobler_kmh(rise / dist) * _KMH_TO_M_PER_MIN
            factor = p.speed[i] * (p.gait_speed[s.gait[e, i]] if is_ev else 1.0)
            budget = s.budget_m[e, i] + pace * factor * p.step_min
            go = budget >= dist
            left = budget - dist if go else budget
            s.budget_m[e, i] = min(left, p.cell_m * _SQRT2)  # at most one diagonal move is banked
        else:
            s.budget_m[e, i] = 0.0
        if go:
            s.pos[e, i, 0], s.pos[e, i, 1] = tr, tc
            if is_ev:  # a print where the evader stepped (sevr.trail.prints.deposit)
                k = s.print_count[e] % m
                g = p.ground[tr, tc]
                s.print_rc[e, k, 0], s.print_rc[e, k, 1] = tr, tc
                s.print_step[e, k] = t
                s.print_strength[e, k] = p.gait_print[s.gait[e, i]] * p.retention[g] + 0.0
                s.print_half_life_h[e, k] = p.half_life_h[g]
                s.print_agent[e, k] = i
                s.print_count[e] += 1
                made += 1
    out.prints_made[e] = made
    if live:
        s.step[e] = step_

    per = _observed_per_episode(s, patch)
    for i in range(a):
        row = _patch_row(per, slots, e, i)
        if row >= 0:
            _patch_base(p, s, patch, row, e, i)

    # 4. prints fade and are read in this step's light (a function of its own, so that the print
    # loop is compiled apart from the rest of the step)
    _read_prints(p, s, keys, out, e, t, step_, live, patch, slots)

    # 5. sight, capture, rewards, ends
    _sight_row(p, s, e)
    n_caught = 0
    for b in range(a):
        caught = False
        if p.role[b] == EVADER and s.alive[e, b] and live:
            for i in range(a):
                if p.role[i] != EVADER and s.seen[e, i, b] and _cheb(
                        s.pos[e, i, 0], s.pos[e, i, 1], s.pos[e, b, 0], s.pos[e, b, 1]) <= p.reach_cells[i]:
                    caught = True
        out.caught[e, b] = caught
        if caught:
            n_caught += 1
    evaders_left = False
    for b in range(a):
        if out.caught[e, b]:
            s.alive[e, b] = False
            s.outcome[e, b] = CAUGHT
        if p.role[b] == EVADER and s.alive[e, b]:
            evaders_left = True
    captured_all = not evaders_left and live
    horizon = step_ >= p.max_steps and evaders_left and live
    n_free = 0
    for b in range(a):
        if horizon and s.alive[e, b] and p.role[b] == EVADER:
            s.outcome[e, b] = HIDDEN if s.hidden[e, b] else SAFE
            n_free += 1
    team = n_caught * p.capture_reward - n_free * p.escape_reward
    for i in range(a):
        if p.role[i] == EVADER:
            end_free = horizon and s.alive[e, i]
            out.rewards[e, i] = ((-p.capture_reward if out.caught[e, i] else 0.0)
                                 + (p.escape_reward if end_free else 0.0))
            term = out.caught[e, i] and live
        else:
            out.rewards[e, i] = (team if live else 0.0) - (p.enter_cost if s.entered[e, i] else 0.0)
            term = captured_all
        out.terminated[e, i] = term
        out.truncated[e, i] = horizon and s.alive[e, i] and not term
    out.end_code[e] = 1 if captured_all else (2 if horizon else 0)
    if captured_all or horizon:
        s.done[e] = True


@njit(cache=True, _nrt=False)
def _read_prints(p, s, keys, out, e, t, step_, live, patch, slots):
    """Step 4 of `_step_one` for episode e: the prints fade and are read in this step's light.

    A print's faded strength is computed only when some agent has it in sight (once, kept in
    `StepOut.faded` for its run), and a run's perceived strengths are cleared only when one of them
    is not 0 (most stay 0 from step to step), then the prints read are written: the same numbers as
    `core`, less arithmetic and memory traffic. Prints are taken in runs of `PRINT_CHUNK` slots,
    agent by agent within a run; the order does not matter, since each (agent, print) pair has its
    own detection draw."""
    a = s.alive.shape[1]
    m = p.max_prints
    per = _observed_per_episode(s, patch)
    vis = p.visibility[min(step_, p.max_steps)]
    # Each active agent's sight as a square of cells: a print (kr, kc) is within Chebyshev distance
    # `rad` of the agent exactly when kr - top and kc - left both lie in 0..span (span = 2 floor(rad),
    # positions being whole cells), which is two unsigned comparisons. An agent that reads nothing
    # gets a square far off the map.
    for i in range(a):
        out.sight_box[e, i, 0] = _NOWHERE
        out.sight_box[e, i, 1] = _NOWHERE
        out.sight_box[e, i, 2] = 0
        if s.alive[e, i] and t - 1 >= p.active_from[i] and live:
            reach = int(np.floor(p.sight_cells[i] + (p.look_extra_cells if s.looked[e, i] else 0)))
            out.sight_box[e, i, 0] = s.pos[e, i, 0] - reach
            out.sight_box[e, i, 1] = s.pos[e, i, 1] - reach
            out.sight_box[e, i, 2] = 2 * reach
    # the positions as one flat run, (row, column) of slot k of episode e at 2 (e m + k): indexed
    # through the (n, m, 2) array, the inner size is a number known only at run time, which kept
    # the loops over slots from vectorising
    rc = s.print_rc.reshape(s.print_rc.size)
    base = np.uint64(2) * np.uint64(e) * np.uint64(m)
    read_count = 0
    count = min(s.print_count[e], m)
    for k0 in range(0, count, PRINT_CHUNK):
        k1 = min(k0 + PRINT_CHUNK, count)
        first = np.uint64(k0)
        n_run = k1 - k0
        # last step's perceived strengths of the run are cleared (looked for first in one pass
        # without branches; unsigned slots skip Numba's negative-index check, which would keep the
        # pass one value at a time); those read this step are written below
        for i in range(a):
            stale = False
            for j in range(n_run):
                stale |= s.perceived[e, i, first + np.uint64(j)] != 0.0
            if stale:
                for j in range(n_run):
                    s.perceived[e, i, first + np.uint64(j)] = 0.0
        start = base + np.uint64(2) * first
        box = _run_box(rc, start, n_run)
        faded = np.uint32(0)  # bit j: the faded strength of slot k0 + j is in out.faded[e, j]
        read = np.uint32(0)   # bit j: some pursuer read slot k0 + j
        for i in range(a):
            if not _sight_meets(out, e, i, box):
                continue  # none of the run is in this agent's sight
            top, left = out.sight_box[e, i, 0], out.sight_box[e, i, 1]
            span = np.uint64(out.sight_box[e, i, 2])
            # bit j: slot k0 + j lies in agent i's sight square (no branch per slot)
            in_sight = np.uint32(0)
            for j in range(n_run):
                k = start + np.uint64(2) * np.uint64(j)
                inside = (np.uint64(rc[k] - top) <= span) & (np.uint64(rc[k + np.uint64(1)] - left) <= span)
                in_sight |= np.uint32(inside) << np.uint32(j)
            evader = p.role[i] == EVADER
            skill = p.skill[i]
            looked = s.looked[e, i]
            row = _patch_row(per, slots, e, i)
            draws = DETECT_FIRST + ((max(t, 1) - 1) * a + i) * m
            while in_sight:
                j = _lowest_bit(in_sight)
                in_sight &= in_sight - np.uint32(1)
                bit = np.uint32(1) << j
                u = first + np.uint64(j)
                if faded & bit:
                    now = out.faded[e, j]
                else:
                    # faded_one = strength x the tabulated factor of its ground's half-life and its
                    # age (what the step lays; any other print is faded one by one)
                    k = start + np.uint64(2) * np.uint64(j)
                    g = p.ground[rc[k], rc[k + np.uint64(1)]]
                    age = step_ - s.print_step[e, u]
                    if s.print_half_life_h[e, u] == p.half_life_h[g] and 0 <= age <= p.max_steps:
                        now = s.print_strength[e, u] * p.fade[g, age]
                    else:
                        now = faded_one(s.print_strength[e, u], age * p.step_min / 60.0, s.print_half_life_h[e, u])
                    out.faded[e, j] = now
                    faded |= bit
                perceived = 0.0
                if evader:
                    perceived = now
                else:
                    q = detect_one(now, vis, skill, p.p_detect_max, p.detect_scale)
                    if looked:
                        q = 1.0 - (1.0 - q) ** p.look_looks
                    if uniform_at(keys[e], draws + k0 + j) < q:
                        perceived = now
                        read |= bit
                if perceived > 0:
                    s.perceived[e, i, u] = perceived
                    if row >= 0:
                        _mark_print(p, s, patch, row, e, i, k0 + j, perceived)
        read_count += _bit_count(read)
    out.prints_read[e] = read_count


@njit(inline="always")
def _sight_row(p, s, e):
    """`core._sight` for episode e, written into s.seen (revealed: a pursuer who went into the hideout)."""
    a = s.alive.shape[1]
    vis = p.visibility[min(s.step[e], p.max_steps)]
    for i in range(a):
        active_i = s.alive[e, i] and s.step[e] >= p.active_from[i]
        radius = 0.0 if s.hidden[e, i] else p.sight_cells[i] * vis
        for b in range(a):
            active_b = s.alive[e, b] and s.step[e] >= p.active_from[b]
            same = s.pos[e, i, 0] == s.pos[e, b, 0] and s.pos[e, i, 1] == s.pos[e, b, 1]
            sees = _cheb(s.pos[e, i, 0], s.pos[e, i, 1], s.pos[e, b, 0], s.pos[e, b, 1]) <= radius \
                and not s.hidden[e, b]
            if s.entered[e, i] and p.role[b] == EVADER and s.hidden[e, b] and same:
                sees = True
            s.seen[e, i, b] = sees and active_i and active_b and i != b


# --- observations ------------------------------------------------------------------------------------

@njit(parallel=True, cache=True)
def _observe_parallel(p, s, patch, vector, slots):
    for e in prange(s.alive.shape[0]):
        _prefetch_episode(p, s, patch, slots, e + 1)
        _observe_one(p, s, patch, vector, slots, e, False)


@njit(cache=True)
def _observe_serial(p, s, patch, vector, slots):
    for e in range(s.alive.shape[0]):
        _observe_one(p, s, patch, vector, slots, e, False)


@njit(inline="always")
def _patch_base(p, s, patch, row, e, i):
    """Agent i's patch, row `row` of the flat buffer, before anything is seen: the static channels
    around its cell (elevation relative to the cell in ELEVATION_SCALE_M, 0 off the map; ground,
    passable, hideout), copied from the static table or cropped from the padded layers; the dynamic
    channels zero."""
    size = np.uint64(2 * p.obs_radius + 1)
    area = size * size
    r0, c0 = s.pos[e, i, 0], s.pos[e, i, 1]
    hideout_to = np.uint64(_HIDEOUT) * area
    # Offsets are unsigned: Numba checks every signed index for a negative value, and that check
    # kept these loops one value at a time.
    if p.table_elevation.shape[0]:  # copied from the table rows of this cell: three flat runs
        cell = r0 * p.elevation.shape[1] + c0
        for j in range(area):
            patch[row, j] = p.table_elevation[cell, j]
        for j in range(np.uint64(2) * area):
            patch[row, area + j] = p.table_codes[cell, j]
        for j in range(area):
            patch[row, hideout_to + j] = p.table_codes[cell, np.uint64(2) * area + j]
    else:
        _crop_static(p, patch, row, r0, c0)
    dynamic = np.uint64(_PRINTS) * area
    for j in range(np.uint64(3) * area):  # the dynamic channels: one contiguous run of zeros
        patch[row, dynamic + j] = 0.0


@njit(inline="always")
def _crop_static(p, patch, row, r0, c0):
    """The static channels of the patch centred on (r0, c0), cropped from the padded layers."""
    size = np.uint64(2 * p.obs_radius + 1)
    area = size * size
    own = p.elevation[r0, c0]
    hideout_to = np.uint64(_HIDEOUT) * area
    for y in range(size):
        src = (np.uint64(r0) + y) * np.uint64(p.pad_width) + np.uint64(c0)
        dst = y * size
        for x in range(size):
            rel = (p.pad_elevation[src + x] - own) / ELEVATION_SCALE_M
            patch[row, dst + x] = rel if p.pad_inside[src + x] else 0.0
        for x in range(size):
            patch[row, area + dst + x] = p.pad_static[0, src + x]
        for x in range(size):
            patch[row, np.uint64(2) * area + dst + x] = p.pad_static[1, src + x]
        for x in range(size):
            patch[row, hideout_to + dst + x] = p.pad_static[2, src + x]


@njit(inline="always")
def _mark_print(p, s, patch, row, e, i, k, strength):
    """Print slot k, perceived by agent i at `strength` > 0, into the prints channel of its patch
    (row `row` of the flat buffer; the strongest print of a cell counts)."""
    r = p.obs_radius
    size = 2 * r + 1
    y, x = s.print_rc[e, k, 0] - s.pos[e, i, 0] + r, s.print_rc[e, k, 1] - s.pos[e, i, 1] + r
    if 0 <= y < size and 0 <= x < size:
        f = np.float32(strength)
        j = _PRINTS * size * size + y * size + x
        if f > patch[row, j]:
            patch[row, j] = f


@njit(cache=True, _nrt=False)
def _observe_one(p, s, patch, vector, slots, e, prints_marked):
    """Episode e's observations (a function of its own, as `_step_one`)."""
    _observe_body(p, s, patch, vector, slots, e, prints_marked)


@njit(inline="always")
def _observe_body(p, s, patch, vector, slots, e, prints_marked):
    """Episode e's observations of its observed agents; `patch` is flat, one (7 * (2r+1)**2,) row per
    observed agent, agent i at row ``slots[i]`` of the episode's rows and vector ``[e, slots[i]]``
    (-1: not observed). With `prints_marked` the step already laid the patches' base and marked the
    prints (`_step_body`)."""
    a = s.alive.shape[1]
    r = p.obs_radius
    size = 2 * r + 1
    area = size * size
    step_ = min(s.step[e], p.max_steps)
    hour = ((p.t0_min + step_ * p.step_min) / 60.0 + p.start_hour) % 24.0
    progress = step_ / p.max_steps
    sin_h = np.sin(_TWO_PI * hour / 24.0)
    cos_h = np.cos(_TWO_PI * hour / 24.0)
    light = p.visibility[step_]
    per = _observed_per_episode(s, patch)
    for i in range(a):
        row = _patch_row(per, slots, e, i)
        if row < 0:
            continue
        q = slots[i]
        r0, c0 = s.pos[e, i, 0], s.pos[e, i, 1]
        if not prints_marked:
            _patch_base(p, s, patch, row, e, i)
            for k in range(min(s.print_count[e], p.max_prints)):
                if s.perceived[e, i, k] > 0:
                    _mark_print(p, s, patch, row, e, i, k, s.perceived[e, i, k])
        for b in range(a):
            if s.seen[e, i, b]:
                y, x = s.pos[e, b, 0] - r0 + r, s.pos[e, b, 1] - c0 + r
                if 0 <= y < size and 0 <= x < size:
                    patch[row, (_EVADERS if p.role[b] == EVADER else _PURSUERS) * area + y * size + x] += 1.0
        is_ev = p.role[i] == EVADER
        vector[e, q, 0] = progress
        vector[e, q, 1] = sin_h
        vector[e, q, 2] = cos_h
        vector[e, q, 3] = light
        for g in range(3):
            vector[e, q, 4 + g] = 1.0 if is_ev and s.gait[e, i] == g else 0.0
        vector[e, q, 7] = 1.0 if s.hidden[e, i] else 0.0
        vector[e, q, 8] = 1.0 if s.alive[e, i] and s.step[e] >= p.active_from[i] else 0.0
        for role in range(3):
            vector[e, q, 9 + role] = 1.0 if p.role[i] == role else 0.0


# --- step and observations in one pass (one parallel region per step, the episode still in cache) ----

@njit(cache=True, _nrt=False)
def _step_observe_one(p, s, actions, keys, out, patch, vector, slots, e, prefetch):
    """Episode e's step and observations in one call: each call of a compiled function passes every
    array of the parameters, the state and the outputs (some 60, all on the stack), so one call per
    episode instead of three saves that work twice."""
    if prefetch:
        _prefetch_episode(p, s, patch, slots, e + 1)
    _step_body(p, s, actions, keys, out, e, patch, slots)
    _observe_body(p, s, patch, vector, slots, e, True)


@njit(parallel=True, cache=True)
def _step_observe_parallel(p, s, actions, keys, out, patch, vector, slots):
    for e in prange(s.alive.shape[0]):
        _step_observe_one(p, s, actions, keys, out, patch, vector, slots, e, True)


@njit(cache=True)
def _step_observe_serial(p, s, actions, keys, out, patch, vector, slots):
    for e in range(s.alive.shape[0]):
        _step_observe_one(p, s, actions, keys, out, patch, vector, slots, e, False)


# --- drivers -----------------------------------------------------------------------------------------

def check_actions(params: EnvParams, actions, n_envs: int) -> np.ndarray:
    """Actions as a contiguous int64 array, checked as `core.step` checks them.

    Parameters
    ----------
    params : EnvParams
        The environment's configuration.
    actions : array_like
        (n_envs, n_agents) action indices.
    n_envs : int
        Number of episodes in the batch.

    Returns
    -------
    numpy.ndarray
        (n_envs, n_agents) int64.

    Raises
    ------
    ValueError
        On a wrong shape or an action out of range for its agent's role.
    """
    actions = np.ascontiguousarray(actions, dtype=np.int64)
    if actions.shape != (n_envs, params.n_agents):
        raise ValueError(f"actions must have shape {(n_envs, params.n_agents)}, got {actions.shape}")
    if _any_out_of_range(actions, core.n_actions(params)):
        raise ValueError("an action is out of range (evaders 0..28, pursuers 0..10)")
    return actions


@njit(cache=True)
def _any_out_of_range(actions, high):
    """Whether an action lies outside 0 .. high[agent] - 1 (one pass without temporaries: 12
    microseconds a call at 1,024 episodes, against 25 for NumPy's three comparisons)."""
    for e in range(actions.shape[0]):
        for i in range(actions.shape[1]):
            if actions[e, i] < 0 or actions[e, i] >= high[i]:
                return True
    return False


def _flat(patch: np.ndarray) -> np.ndarray:
    """The (n_envs, n_observed, channels, size, size) patch buffer as one row per observed agent (a view)."""
    if not patch.flags.c_contiguous:  # a reshape would copy, and the kernel's writes be lost
        raise ValueError("the patch buffer must be C-contiguous")
    return patch.reshape(patch.shape[0] * patch.shape[1], int(np.prod(patch.shape[2:])))


def _slots_for(state: EnvState, patch: np.ndarray, slots: np.ndarray | None) -> np.ndarray:
    """`slots` checked against the buffer (default: every agent observed, in order)."""
    n_agents = state.alive.shape[1]
    slots = patch_slots(n_agents) if slots is None else np.ascontiguousarray(slots, dtype=np.int64)
    if slots.shape != (n_agents,) or patch.shape[1] != np.count_nonzero(slots >= 0):
        raise ValueError(f"the patch buffer holds {patch.shape[1]} agents per episode; slots {slots.tolist()} "
                         "observe a different number")
    return slots


def step_inplace(fp: FastParams, state: EnvState, actions: np.ndarray, keys: np.ndarray, out: StepOut) -> None:
    """`core.step` in place: `state` and `out` are overwritten (actions already checked).

    Parameters
    ----------
    fp : FastParams
        `fast_params(params)`.
    state : EnvState
        The batched state, advanced one step in place.
    actions : numpy.ndarray
        (n_envs, n_agents) int64, already checked (`check_actions`).
    keys : numpy.ndarray
        (n_envs,) uint64 stream keys.
    out : StepOut
        Buffers for rewards, flags and counts (`step_out`), overwritten.
    """
    (_step_parallel if len(keys) >= PARALLEL_FROM else _step_serial)(fp, state, actions, keys, out, NO_PATCH)


def observe_into(fp: FastParams, state: EnvState, patch: np.ndarray, vector: np.ndarray,
                 slots: np.ndarray | None = None) -> None:
    """`core.observe` written into preallocated float32 arrays, for every agent or the observed ones.

    Parameters
    ----------
    fp : FastParams
        `fast_params(params)`.
    state : EnvState
        The batched state (read only).
    patch : numpy.ndarray
        (n_envs, n_observed, len(PATCH_CHANNELS), 2r+1, 2r+1) float32, overwritten.
    vector : numpy.ndarray
        (n_envs, n_observed, len(VECTOR_FIELDS)) float32, overwritten.
    slots : numpy.ndarray, optional
        `patch_slots` of the observed agents; default every agent (n_observed = n_agents).
    """
    kernel = _observe_parallel if len(state.step) >= PARALLEL_FROM else _observe_serial
    kernel(fp, state, _flat(patch), vector, _slots_for(state, patch, slots))


def step_observe_inplace(fp: FastParams, state: EnvState, actions: np.ndarray, keys: np.ndarray, out: StepOut,
                         patch: np.ndarray, vector: np.ndarray, slots: np.ndarray | None = None) -> None:
    """`step_inplace` then `observe_into`, episode by episode in one kernel (the same numbers).

    Parameters
    ----------
    fp : FastParams
        `fast_params(params)`.
    state : EnvState
        The batched state, advanced one step in place.
    actions : numpy.ndarray
        (n_envs, n_agents) int64, already checked.
    keys : numpy.ndarray
        (n_envs,) uint64 stream keys.
    out : StepOut
        Step outputs, overwritten.
    patch, vector : numpy.ndarray
        Observation buffers as in `observe_into`, overwritten.
    slots : numpy.ndarray, optional
        As in `observe_into`.
    """
    kernel = _step_observe_parallel if len(keys) >= PARALLEL_FROM else _step_observe_serial
    kernel(fp, state, actions, keys, out, _flat(patch), vector, _slots_for(state, patch, slots))


def copy_state(state: EnvState) -> EnvState:
    """A deep copy of `state` (contiguous arrays, as the kernels need)."""
    return EnvState(*(np.array(x, copy=True, order="C") for x in state))


def info_of(state: EnvState, out: StepOut) -> dict:
    """The info dict of `core.step` from the kernel's outputs.

    Parameters
    ----------
    state : EnvState
        The state after the step.
    out : StepOut
        The kernel's outputs for that step.

    Returns
    -------
    dict
        ``caught``, ``outcome``, ``end_reason``, ``prints_made``, ``prints_read``, ``entered``
        (copies, as `core.step` returns them).
    """
    return {"caught": out.caught.copy(), "outcome": state.outcome.copy(),
            "end_reason": np.array(core.END_REASONS, dtype=object)[out.end_code],
            "prints_made": out.prints_made.copy(), "prints_read": out.prints_read.copy(),
            "entered": state.entered.copy()}


def step(params: EnvParams, state: EnvState, actions, keys, fp: FastParams | None = None):
    """`core.step` by the fast path: same arguments, same results, the input state left unchanged.

    Parameters
    ----------
    params : EnvParams
    state : EnvState
    actions : numpy.ndarray
        (n_envs, n_agents) int.
    keys : numpy.ndarray
        (n_envs,) uint64 stream keys.
    fp : FastParams, optional
        `fast_params(params)`, if already built.

    Returns
    -------
    state, rewards, terminated, truncated, info
        As `sevr.envs.core.step`.
    """
    fp = fast_params(params) if fp is None else fp
    n = len(state.step)
    actions = check_actions(params, actions, n)
    keys = np.ascontiguousarray(keys, dtype=np.uint64).reshape(-1)
    new = copy_state(state)
    out = step_out(n, params.n_agents)
    step_inplace(fp, new, actions, keys, out)
    return new, out.rewards, out.terminated, out.truncated, info_of(new, out)


def observe(params: EnvParams, state: EnvState, fp: FastParams | None = None) -> dict:
    """`core.observe` by the fast path.

    Parameters
    ----------
    params : EnvParams
        The environment's configuration.
    state : EnvState
        The batched state (left unchanged).
    fp : FastParams, optional
        `fast_params(params)`, if already built.

    Returns
    -------
    dict
        ``patch``: (n_envs, n_agents, len(PATCH_CHANNELS), 2r+1, 2r+1) float32 and ``vector``:
        (n_envs, n_agents, len(VECTOR_FIELDS)) float32, r = ``params.obs_radius``.
    """
    fp = fast_params(params) if fp is None else fp
    patch, vector = observation_buffers(params, len(state.step))
    observe_into(fp, copy_state(state), patch, vector)
    return {"patch": patch, "vector": vector}
