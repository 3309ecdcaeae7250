"""trail_pursuit_v0's rules: the readable NumPy reference, vectorised over a leading episode axis.

Pure functions in the gymnax manner: `reset(params, keys) -> state`,
`step(params, state, actions, keys) -> (state, rewards, terminated, truncated, info)` and
`observe(params, state) -> observations`. Nothing here keeps state between calls; the PettingZoo
adapter and the vector environments are thin drivers around these three.

Randomness: `keys` holds one counter-based stream per episode (`sevr.sim.stream`, keyed by
(seed, episode index)); the detection draw of pursuer `a` for print slot `k` at step `s` is number
``DETECT_FIRST + ((s - 1) * n_agents + a) * max_prints + k`` of its episode's stream, so a fast
path can reproduce every draw without replaying the others.

The order of one step (docs/envs.md, "rules"):
1. evaders choose their gait, enter or leave a hideout, or walk; pursuers walk, look or enter;
2. walking spends a budget of metres earned at Tobler's speed on the move's slope;
3. every evader that changed cell leaves a print there (`sevr.trail.prints.deposit`);
4. the clock advances; every print fades (`sevr.trail.prints.faded`) and every active pursuer
   reads the prints within its sight (`sevr.trail.prints.detect_probability`, this step's light);
5. who sees whom (light-scaled sight; nobody sees into a hideout from outside); capture needs
   a pursuer in reach that sees the evader; rewards; ends.
"""
from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from sevr.envs.params import EVADER, EnvParams
from sevr.sim.stream import TRACKER_FIRST, uniforms_at
from sevr.trail.prints import deposit, detect_probability, faded
from sevr.world.movement import tobler_speed_kmh

# Moves: 0 waits, 1..8 go N, NE, E, SE, S, SW, W, NW as (d_row, d_col); row 0 is north.
MOVES = np.array([(0, 0), (-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1)], dtype=np.int64)
N_MOVES = len(MOVES)
N_GAITS = 3
EVADER_ENTER = N_MOVES * N_GAITS        # 27
EVADER_LEAVE = EVADER_ENTER + 1         # 28
N_EVADER_ACTIONS = EVADER_LEAVE + 1     # 29
PURSUER_LOOK = N_MOVES                  # 9
PURSUER_ENTER = N_MOVES + 1             # 10
N_PURSUER_ACTIONS = PURSUER_ENTER + 1   # 11

DETECT_FIRST = TRACKER_FIRST            # first counter of the detection draws

# Evader outcomes (info["outcome"]) and end reasons (info["end_reason"]).
ONGOING, CAUGHT, HIDDEN, SAFE = 0, 1, 2, 3
OUTCOMES = ("ongoing", "caught", "hidden", "safe")
END_REASONS = ("", "capture", "horizon")  # running, every evader caught, the step limit reached

# Observation layout.
PATCH_CHANNELS = ("elevation", "ground", "passable", "prints", "evaders", "pursuers", "hideout")
VECTOR_FIELDS = ("progress", "clock_sin", "clock_cos", "light", "walk", "tiptoe", "carry", "hidden",
                 "active", "evader", "tracker", "searcher")
ELEVATION_SCALE_M = 100.0  # relative elevation in the patch is in units of 100 m


class EnvState(NamedTuple):
    """The state of n_envs episodes (arrays with a leading episode axis)."""

    pos: np.ndarray             # (n_envs, n_agents, 2) int64 (row, col)
    gait: np.ndarray            # (n_envs, n_agents) int8, evaders only (pursuers keep WALK)
    hidden: np.ndarray          # (n_envs, n_agents) bool, in a hideout
    alive: np.ndarray           # (n_envs, n_agents) bool, not caught
    budget_m: np.ndarray        # (n_envs, n_agents) metres of walking earned and not yet spent
    step: np.ndarray            # (n_envs,) int64, steps taken
    done: np.ndarray            # (n_envs,) bool, episode over (captured or at the horizon)
    # The print ring and the perceived strengths are the state's bulk, read every step; their dtypes
    # are the narrowest that hold them exactly (cells and steps fit int32; the patch that shows a
    # perceived strength is float32), half the bytes of int64 and float64 for the fast path to read.
    print_rc: np.ndarray        # (n_envs, max_prints, 2) int32
    print_step: np.ndarray      # (n_envs, max_prints) int32 step made, -1 for an empty slot
    print_strength: np.ndarray  # (n_envs, max_prints) strength when made
    print_half_life_h: np.ndarray  # (n_envs, max_prints)
    print_agent: np.ndarray     # (n_envs, max_prints) int64 evader who made it
    print_count: np.ndarray     # (n_envs,) int64 prints made so far (the ring's write position)
    perceived: np.ndarray       # (n_envs, n_agents, max_prints) float32 strength each agent perceived this step
    seen: np.ndarray            # (n_envs, n_agents, n_agents) bool: a sees b this step
    entered: np.ndarray         # (n_envs, n_agents) bool: went into a hideout this step
    looked: np.ndarray          # (n_envs, n_agents) bool: pursuer looked this step
    outcome: np.ndarray         # (n_envs, n_agents) int8 evader outcome (ONGOING for pursuers)


def n_actions(params: EnvParams) -> np.ndarray:
    """Number of discrete actions of every agent (evaders 29, pursuers 11)."""
    return np.where(params.role == EVADER, N_EVADER_ACTIONS, N_PURSUER_ACTIONS)


def reset(params: EnvParams, keys: np.ndarray) -> EnvState:
    """Fresh episodes: everyone at their start cell, no prints, step 0.

    Parameters
    ----------
    params : EnvParams
    keys : numpy.ndarray
        (n_envs,) uint64 stream keys (`sevr.sim.stream.episode_keys`); the start is the same for
        every key (the rules draw their numbers in `step`).

    Returns
    -------
    EnvState
    """
    keys = np.asarray(keys, dtype=np.uint64).reshape(-1)
    n, a, m = len(keys), params.n_agents, params.max_prints
    state = EnvState(
        pos=np.broadcast_to(params.start_rc, (n, a, 2)).copy(),
        gait=np.zeros((n, a), dtype=np.int8), hidden=np.zeros((n, a), dtype=bool),
        alive=np.ones((n, a), dtype=bool), budget_m=np.zeros((n, a)), step=np.zeros(n, dtype=np.int64),
        done=np.zeros(n, dtype=bool), print_rc=np.zeros((n, m, 2), dtype=np.int32),
        print_step=np.full((n, m), -1, dtype=np.int32), print_strength=np.zeros((n, m)),
        print_half_life_h=np.ones((n, m)), print_agent=np.full((n, m), -1, dtype=np.int64),
        print_count=np.zeros(n, dtype=np.int64), perceived=np.zeros((n, a, m), dtype=np.float32),
        seen=np.zeros((n, a, a), dtype=bool), entered=np.zeros((n, a), dtype=bool),
        looked=np.zeros((n, a), dtype=bool), outcome=np.zeros((n, a), dtype=np.int8))
    seen = _sight(params, state, revealed=np.zeros((n, a, a), dtype=bool))
    return state._replace(seen=seen)


def _chebyshev(a_rc: np.ndarray, b_rc: np.ndarray) -> np.ndarray:
    return np.abs(a_rc - b_rc).max(axis=-1)


def _at_hideout(params: EnvParams, pos: np.ndarray) -> np.ndarray:
    """(n_envs, n_agents) bool: the agent's cell is a hideout's."""
    if len(params.hideout_rc) == 0:
        return np.zeros(pos.shape[:2], dtype=bool)
    return (pos[:, :, None, :] == params.hideout_rc[None, None]).all(axis=-1).any(axis=-1)


def _walk(params: EnvParams, state: EnvState, move: np.ndarray, gait: np.ndarray, can_move: np.ndarray):
    """New positions and budgets: a move happens once the budget covers its length."""
    h, w = params.shape
    want = can_move & (move != 0)
    d = MOVES[move]
    target = state.pos + d
    inside = (target[..., 0] >= 0) & (target[..., 0] < h) & (target[..., 1] >= 0) & (target[..., 1] < w)
    tr, tc = np.clip(target[..., 0], 0, h - 1), np.clip(target[..., 1], 0, w - 1)
    open_ = inside & params.passable[tr, tc]
    dist = params.cell_m * np.where((d != 0).all(axis=-1), math.sqrt(2.0), 1.0)
    rise = params.elevation[tr, tc] - params.elevation[state.pos[..., 0], state.pos[..., 1]]
    pace = tobler_speed_kmh(rise / dist) * (1000.0 / 60.0)  # metres per minute on this slope
    factor = params.speed[None, :] * np.where(params.role[None, :] == EVADER, params.gait_speed[gait], 1.0)
    budget = state.budget_m + pace * factor * params.step_min
    go = want & open_ & (budget >= dist)
    pos = np.where(go[..., None], target, state.pos)
    left = np.where(go, budget - dist, budget)
    # at most one diagonal move is banked; standing still (or a blocked move) banks nothing
    budget = np.where(want & open_, np.minimum(left, params.cell_m * math.sqrt(2.0)), 0.0)
    return pos, budget, go


def _sight(params: EnvParams, state: EnvState, revealed: np.ndarray) -> np.ndarray:
    """(n_envs, a, b) bool: agent a sees agent b.

    Sight is `sight_cells` times this step's light (the own cell is always seen); nobody is seen
    in a hideout from outside (only a pursuer who went in, `revealed`), and a hidden evader sees
    only its own cell. Agents that are caught or not yet active see nothing and are not seen.
    """
    n, a = state.alive.shape
    vis = params.visibility[np.minimum(state.step, params.max_steps)]
    radius = params.sight_cells[None, :] * vis[:, None]
    radius = np.where(state.hidden, 0.0, radius)
    active = state.alive & (state.step[:, None] >= params.active_from[None, :])
    dist = _chebyshev(state.pos[:, :, None, :], state.pos[:, None, :, :])
    seen = (dist <= radius[:, :, None]) & ~state.hidden[:, None, :]
    seen = (seen | revealed) & active[:, :, None] & active[:, None, :]
    return seen & ~np.eye(a, dtype=bool)[None]


def step(params: EnvParams, state: EnvState, actions: np.ndarray, keys: np.ndarray):
    """Advance every episode by one step.

    Parameters
    ----------
    params : EnvParams
    state : EnvState
    actions : numpy.ndarray
        (n_envs, n_agents) int: evaders 0..28 (move + 9 x gait, 27 enter, 28 leave a hideout),
        pursuers 0..10 (move, 9 look, 10 enter a hideout). Actions of caught or inactive agents
        and of finished episodes are ignored.
    keys : numpy.ndarray
        (n_envs,) uint64 stream keys, the same as given to `reset`.

    Returns
    -------
    state : EnvState
    rewards : numpy.ndarray
        (n_envs, n_agents) float.
    terminated, truncated : numpy.ndarray
        (n_envs, n_agents) bool: an evader terminates when caught, everyone when all evaders are
        caught; everyone still in play is truncated at `max_steps`.
    info : dict
        "caught" (n_envs, n_agents) bool caught this step; "outcome" (n_envs, n_agents) int codes of
        `OUTCOMES`; "end_reason" (n_envs,) str of `END_REASONS`; "prints_made" and "prints_read"
        (n_envs,) int this step; "entered" (n_envs, n_agents) bool.
    """
    keys = np.asarray(keys, dtype=np.uint64).reshape(-1)
    actions = np.asarray(actions, dtype=np.int64)
    n, a = state.alive.shape
    if actions.shape != (n, a):
        raise ValueError(f"actions must have shape {(n, a)}, got {actions.shape}")
    if ((actions < 0) | (actions >= n_actions(params)[None, :])).any():
        raise ValueError("an action is out of range (evaders 0..28, pursuers 0..10)")
    is_ev = (params.role == EVADER)[None, :]
    live = ~state.done[:, None]
    active = state.alive & (state.step[:, None] >= params.active_from[None, :]) & live

    # 1. decode the actions
    ev_moves = actions < EVADER_ENTER
    move = np.where(is_ev, np.where(ev_moves, actions % N_MOVES, 0), np.where(actions < N_MOVES, actions, 0))
    gait = np.where(is_ev & ev_moves & active, actions // N_MOVES, state.gait).astype(np.int8)
    at_hideout = _at_hideout(params, state.pos)
    enter_ev = is_ev & active & (actions == EVADER_ENTER) & at_hideout
    leave_ev = is_ev & active & (actions == EVADER_LEAVE) & state.hidden
    hidden = (state.hidden | enter_ev) & ~leave_ev
    entered = ~is_ev & active & (actions == PURSUER_ENTER) & at_hideout
    looked = ~is_ev & active & (actions == PURSUER_LOOK)

    # 2. walking
    pos, budget, moved = _walk(params, state, move, gait, active & ~hidden)

    # 3. prints where evaders stepped into a new cell
    t = state.step + 1
    made = moved & is_ev
    g = params.ground[pos[..., 0], pos[..., 1]].astype(np.int64)
    new = deposit(pos.reshape(-1, 2), np.broadcast_to(t[:, None], (n, a)).reshape(-1), g.reshape(-1),
                  params.gait_print[gait].reshape(-1), np.zeros(n * a, dtype=bool), 0.0,
                  np.zeros(n * a, dtype=bool), made.reshape(-1), params.retention, params.half_life_h)
    env_of, agent_of = np.divmod(new.path_index, a)
    order = np.cumsum(made, axis=1) - 1
    slot = (state.print_count[env_of] + order[env_of, agent_of]) % params.max_prints
    print_rc, print_step = state.print_rc.copy(), state.print_step.copy()
    print_strength, print_half = state.print_strength.copy(), state.print_half_life_h.copy()
    print_agent = state.print_agent.copy()
    print_rc[env_of, slot] = new.xy
    print_step[env_of, slot] = new.t_min
    print_strength[env_of, slot] = new.strength
    print_half[env_of, slot] = new.half_life_h
    print_agent[env_of, slot] = agent_of
    print_count = state.print_count + made.sum(axis=1)

    # 4. the clock advances; prints fade and are read
    step_ = np.where(state.done, state.step, t)
    vis = params.visibility[np.minimum(step_, params.max_steps)]
    exists = print_step >= 0
    age_h = (step_[:, None] - print_step) * params.step_min / 60.0
    now = np.where(exists, faded(print_strength, age_h, print_half), 0.0)  # (n, m)
    dist = _chebyshev(pos[:, :, None, :], print_rc[:, None, :, :])        # (n, a, m)
    radius = params.sight_cells[None, :] + np.where(looked, params.look_extra_cells, 0)  # (n, a)
    in_sight = exists[:, None, :] & (dist <= radius[:, :, None]) & active[:, :, None]
    p = detect_probability(now[:, None, :], vis[:, None, None], params.skill[None, :, None],
                           params.p_detect_max, params.detect_scale)
    p = np.where(looked[:, :, None], 1.0 - (1.0 - p) ** params.look_looks, p)
    counters = (DETECT_FIRST + ((np.maximum(t, 1) - 1)[:, None, None] * a + np.arange(a)[None, :, None])
                * params.max_prints + np.arange(params.max_prints)[None, None, :])
    u = uniforms_at(keys[:, None, None], counters)
    read = in_sight & ~is_ev[:, :, None] & (u < p)
    knows = in_sight & is_ev[:, :, None]  # evaders know the prints they can see: they made them
    perceived = np.where(read | knows, now[:, None, :], 0.0).astype(np.float32)

    # 5. sight, capture, rewards, ends
    stepped = state._replace(pos=pos, hidden=hidden, step=step_)
    revealed = entered[:, :, None] & is_ev[:, None, :] & hidden[:, None, :] & \
        (pos[:, :, None, :] == pos[:, None, :, :]).all(axis=-1)
    seen = _sight(params, stepped, revealed)
    reach = _chebyshev(pos[:, :, None, :], pos[:, None, :, :]) <= params.reach_cells[None, :, None]
    grab = seen & reach & ~is_ev[:, :, None] & is_ev[:, None, :]
    caught = grab.any(axis=1) & state.alive & live
    alive = state.alive & ~caught
    evaders_left = (alive & is_ev).any(axis=1)
    captured_all = ~evaders_left & ~state.done
    horizon = (step_ >= params.max_steps) & evaders_left & ~state.done
    done = state.done | captured_all | horizon

    outcome = state.outcome.copy()
    outcome[caught] = CAUGHT
    end_free = horizon[:, None] & alive & is_ev
    outcome[end_free] = np.where(hidden[end_free], HIDDEN, SAFE)

    n_caught = caught.sum(axis=1)
    n_free_at_end = end_free.sum(axis=1)
    pursuer_team = (n_caught * params.capture_reward - n_free_at_end * params.escape_reward)[:, None]
    rewards = np.where(is_ev, np.where(caught, -params.capture_reward, 0.0) +
                       np.where(end_free, params.escape_reward, 0.0),
                       np.where(live, pursuer_team, 0.0) - np.where(entered, params.enter_cost, 0.0))
    terminated = np.where(is_ev, caught, captured_all[:, None]) & live
    truncated = horizon[:, None] & live & alive & ~terminated

    end_reason = np.array(END_REASONS, dtype=object)[np.where(captured_all, 1, np.where(horizon, 2, 0))]
    new_state = EnvState(pos=pos, gait=gait, hidden=hidden, alive=alive, budget_m=budget, step=step_, done=done,
                         print_rc=print_rc, print_step=print_step, print_strength=print_strength,
                         print_half_life_h=print_half, print_agent=print_agent, print_count=print_count,
                         perceived=perceived, seen=seen, entered=entered, looked=looked, outcome=outcome)
    info = {"caught": caught, "outcome": outcome, "end_reason": end_reason, "prints_made": made.sum(axis=1),
            "prints_read": read.any(axis=1).sum(axis=1), "entered": entered}
    return new_state, rewards, terminated, truncated, info


# --- observations ---------------------------------------------------------------------------------

def static_layers(params: EnvParams) -> np.ndarray:
    """(4, H, W) layers that never change: elevation (m), ground code, passable, hideout."""
    hideout = np.zeros(params.shape)
    if len(params.hideout_rc):
        hideout[params.hideout_rc[:, 0], params.hideout_rc[:, 1]] = 1.0
    return np.stack([params.elevation, params.ground.astype(float), params.passable.astype(float), hideout])


def agent_layers(params: EnvParams, state: EnvState, agent: int) -> np.ndarray:
    """(n_envs, len(PATCH_CHANNELS), H, W) the whole map as `agent` knows it (global coordinates).

    Elevation is relative to the agent's cell in units of 100 m; prints are the strength it
    perceived this step (max per cell); evaders and pursuers count those it sees. Its
    observation's patch is the crop of these layers around it, zero outside the map.

    Parameters
    ----------
    params : EnvParams
        The environment's configuration.
    state : EnvState
        The batched state.
    agent : int
        Index of the agent whose view is drawn.

    Returns
    -------
    numpy.ndarray
        (n_envs, len(PATCH_CHANNELS), H, W) float64 layers.
    """
    n = len(state.step)
    h, w = params.shape
    base = static_layers(params)
    out = np.zeros((n, len(PATCH_CHANNELS), h, w))
    own = params.elevation[state.pos[:, agent, 0], state.pos[:, agent, 1]]
    out[:, 0] = (base[0][None] - own[:, None, None]) / ELEVATION_SCALE_M
    out[:, 1], out[:, 2], out[:, 6] = base[1], base[2], base[3]
    e, k = np.nonzero(state.perceived[:, agent] > 0)
    np.maximum.at(out[:, 3], (e, state.print_rc[e, k, 0], state.print_rc[e, k, 1]), state.perceived[e, agent, k])
    e, b = np.nonzero(state.seen[:, agent])
    ch = np.where(params.role[b] == EVADER, 4, 5)
    np.add.at(out, (e, ch, state.pos[e, b, 0], state.pos[e, b, 1]), 1.0)
    return out


def observe(params: EnvParams, state: EnvState) -> dict:
    """Every agent's observation: an egocentric patch and a vector.

    Returns
    -------
    dict
        "patch": (n_envs, n_agents, len(PATCH_CHANNELS), 2R+1, 2R+1) float32, the agent's cell at
        the centre, north up, zeros off the map; "vector": (n_envs, n_agents, len(VECTOR_FIELDS))
        float32: progress to the horizon, the local clock as sine and cosine of the hour, the
        light, the gait (one-hot), hidden, active, the role (one-hot).
    """
    n, a = state.alive.shape
    r = params.obs_radius
    size = 2 * r + 1
    base = static_layers(params)
    padded = np.pad(base, ((0, 0), (r, r), (r, r)))
    rows = state.pos[..., 0][..., None] + np.arange(size)  # padded index of patch row i: row - r + i + r
    cols = state.pos[..., 1][..., None] + np.arange(size)
    rr, cc = rows[..., :, None], cols[..., None, :]
    patch = np.zeros((n, a, len(PATCH_CHANNELS), size, size))
    on_map = np.pad(np.ones(params.shape), r)[rr, cc] > 0
    own = params.elevation[state.pos[..., 0], state.pos[..., 1]]
    elev = np.pad(params.elevation, r)[rr, cc]
    patch[:, :, 0] = np.where(on_map, (elev - own[..., None, None]) / ELEVATION_SCALE_M, 0.0)
    patch[:, :, 1] = padded[1][rr, cc]
    patch[:, :, 2] = padded[2][rr, cc]
    patch[:, :, 6] = padded[3][rr, cc]
    # prints as perceived
    e, ag, k = np.nonzero(state.perceived > 0)
    pr = state.print_rc[e, k] - state.pos[e, ag] + r
    ok = ((pr >= 0) & (pr < size)).all(axis=-1)
    np.maximum.at(patch[:, :, 3], (e[ok], ag[ok], pr[ok, 0], pr[ok, 1]), state.perceived[e, ag, k][ok])
    # agents in sight
    e, ag, b = np.nonzero(state.seen)
    pr = state.pos[e, b] - state.pos[e, ag] + r
    ok = ((pr >= 0) & (pr < size)).all(axis=-1)
    ch = np.where(params.role[b] == EVADER, 4, 5)
    np.add.at(patch, (e[ok], ag[ok], ch[ok], pr[ok, 0], pr[ok, 1]), 1.0)

    vec = np.zeros((n, a, len(VECTOR_FIELDS)))
    step_ = np.minimum(state.step, params.max_steps)
    hour = ((params.t0_min + step_ * params.step_min) / 60.0 + params.start_hour) % 24.0
    vec[..., 0] = (step_ / params.max_steps)[:, None]
    vec[..., 1] = np.sin(2 * np.pi * hour / 24.0)[:, None]
    vec[..., 2] = np.cos(2 * np.pi * hour / 24.0)[:, None]
    vec[..., 3] = params.visibility[step_][:, None]
    is_ev = params.role[None, :] == EVADER
    for g in range(N_GAITS):
        vec[..., 4 + g] = is_ev & (state.gait == g)
    vec[..., 7] = state.hidden
    vec[..., 8] = state.alive & (state.step[:, None] >= params.active_from[None, :])
    for role in range(3):
        vec[..., 9 + role] = (params.role == role)[None, :]
    return {"patch": patch.astype(np.float32), "vector": vec.astype(np.float32)}
