"""The batched Monte Carlo engine: many episodes of the evasion model stepped together.

Every episode reads its random numbers from its own counter-based stream (`sevr.sim.stream`),
keyed by (seed, grid point, episode): the fixed slots as NumPy arrays, the tracker's sequence
inside a Numba kernel. The story engine reads the very same numbers one at a time, so the two
engines give the same rows, column for column (tests compare them), and a row does not depend on
how the episodes are chunked or spread over workers. The tracker's rules are those of
`sevr.trail.tracking.follow_trail`, the readable reference; the kernel repeats them for speed.
For speed it also looks ahead: the times and chances of the next prints (up to a junction) are
computed in a row before the draws that read them, and computed again whenever the tracker's
clock moves another way (a junction, a lost trail); they are the walk's own numbers, to the bit.
"""
from __future__ import annotations

import numpy as np
from numba import njit, prange

from sevr.agents.pursuers import (INTERCEPT_AFTER_MIN, WITHDRAW_AFTER_MIN, assess_hideout, departure_risk,
                                  entrance_intact)
from sevr.agents.watchers import discover_many
from sevr.scenarios.schema import EvasionScenario
from sevr.sim import draws as draws_mod
from sevr.sim import stream as st
from sevr.sim.outcomes import FOUND, OUTCOMES, agent_steps, empty_columns
from sevr.sim.prepare import prepare
from sevr.sim.story import departure_time

# SplitMix64's constants, once, from sevr.sim.stream (NumPy scalars: Numba takes them as constants).
_GOLDEN, _M1, _M2 = np.uint64(st.GOLDEN), np.uint64(st.MIX1), np.uint64(st.MIX2)
TRACKER_STATE = np.uint64((st.TRACKER_FIRST * st.GOLDEN) & st.MASK)
BLOCK = 1024  # episodes stepped together (memory per call); chunks of a sweep are whole blocks
GAVE_UP, CAUGHT = 1, 2  # the kernel's end codes besides 0, reached the trail's end
_OUTCOME_NAMES = np.array(OUTCOMES, dtype=object)  # an outcome's index -> its name, and where it was found
_FOUND_WHERE = np.array([FOUND.get(o, "") for o in OUTCOMES], dtype=object)


def run_batched(scenario: EvasionScenario, seed: int, point: int, first: int, count: int,
                light_mode: str | None = None) -> dict[str, np.ndarray]:
    """Outcome columns (`sevr.sim.outcomes.COLUMNS`) for episodes first .. first+count-1.

    Parameters
    ----------
    scenario : EvasionScenario
    seed, point : int
        The run's seed and the grid point (0 for a plain simulation).
    first, count : int
        The episode range; rows depend only on (seed, point, episode), not on the range.
    light_mode : str, optional
        "as_narrated" or "astronomical"; default the scenario's.

    Returns
    -------
    dict of str to ndarray
        One array of length `count` per column.
    """
    prep = prepare(scenario, light_mode)
    parts = [_run_episodes(scenario, prep, seed, point, np.arange(b0, min(b0 + BLOCK, first + count)))
             for b0 in range(first, first + count, BLOCK)]
    if not parts:
        return empty_columns(0)
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def _run_episodes(scenario: EvasionScenario, prep, seed, point, episodes):
    n = len(episodes)
    keys = st.episode_keys(seed, point, episodes)
    tac = scenario.evaders.tactics
    cols = empty_columns(n)
    cols["episode"][:] = episodes

    seen, t_disc, _ = discover_many(t_exit=prep.t_exit, t_dawn=prep.t_dawn, back_window=tac.back_window,
                                    decoy=tac.decoy, watchers=scenario.watchers,
                                    u_seen=st.uniforms(keys, st.SEEN), u_looks=st.uniforms(keys, st.LOOKS))
    d = draws_mod.sample_many(scenario, keys)
    u_depart = st.uniforms(keys, st.DEPART)
    t_start = t_disc + d.hire_delay_min + 1.0

    tr, trail = scenario.tracker, prep.trail
    branch_of = np.full(len(trail.xy), -1, np.int64)
    branch_of[trail.branch_prints] = np.arange(len(trail.branch_prints))
    out_f = np.zeros((n, 3))   # time at the end, minutes on branches, minutes searching
    out_i = np.zeros((n, 5), np.int64)  # end code, times misled, trail losses, prints read, search rounds
    _track_kernel(trail.t_made, trail.strength, trail.half_life_h, trail.step_min, branch_of,
                  trail.branch_len_m.astype(np.float64), t_start, d.tracker_skill, d.p_misled,
                  d.fading_factor, keys, prep.visibility.t, prep.visibility.v,
                  tr.p_detect_max, tr.detect_scale, tr.max_gap_prints, float(tr.search_looks),
                  tr.lost_search_min, tr.patience_min, tr.catch_window_min, tr.misled_loss_min,
                  trail.walk_m_per_min, out_f, out_i)
    t_end, branch_min, search_min = out_f[:, 0], out_f[:, 1], out_f[:, 2]
    status, misled, losses, steps, rounds = (out_i[:, k] for k in range(5))

    hours = lambda t: (t - prep.t_exit) / 60.0  # noqa: E731 - a unit change, named for reading
    cols.update(seen_leaving=seen, discovered_h=hours(t_disc), tracker_delay_min=branch_min + search_min,
                tracker_branch_min=branch_min, tracker_search_min=search_min, misled_count=misled,
                tracker_losses=losses, tracker_skill=d.tracker_skill, p_misled=d.p_misled,
                fading_factor=d.fading_factor, hire_delay_min=d.hire_delay_min)
    reached, gave_up, caught = status == 0, status == GAVE_UP, status == CAUGHT
    cols["tracker_reached"] = reached
    cols["tracker_reached_h"] = np.where(reached, hours(t_end), np.nan)

    facts, pu = scenario.facts, scenario.pursuers
    verdict = assess_hideout(pu.evidence, pu.decision, trail_ends_here=True, entrance_intact=entrance_intact(facts))
    t_free = np.where(reached, t_end + pu.inspect_min + WITHDRAW_AFTER_MIN, t_end)
    entered = reached & (verdict.decision == "enter")
    leaving = ~caught & ~entered
    t_depart = departure_time(scenario, prep.t_arrive, t_free)
    risk = departure_risk(pu.decay, (t_depart - t_free) / 60.0)
    intercepted = leaving & (u_depart < risk)
    cols["departure_risk"] = np.where(leaving, risk, np.nan)
    cols["agent_steps"] = agent_steps(steps, rounds, reached, leaving)

    outcome = np.zeros(n, np.int64)  # index into OUTCOMES; a later line overrides an earlier one
    outcome[gave_up] = OUTCOMES.index("trail_lost")
    outcome[caught] = OUTCOMES.index("caught_en_route")
    outcome[entered] = OUTCOMES.index("found_at_hideout")
    outcome[intercepted] = OUTCOMES.index("intercepted")
    cols["outcome"] = _OUTCOME_NAMES[outcome]
    cols["found"] = caught | entered | intercepted
    cols["found_where"] = _FOUND_WHERE[outcome]
    t_found = np.where(caught, t_end, np.where(entered, t_free, np.where(intercepted, t_depart + INTERCEPT_AFTER_MIN, np.nan)))
    cols["t_found_h"] = hours(t_found)
    return cols


@njit(inline="always")
def _uniform(state):
    """SplitMix64: next state and a uniform in (0, 1), as `sevr.sim.stream.uniform`."""
    state = state + _GOLDEN
    z = state
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    z = z ^ (z >> np.uint64(31))
    return state, ((z >> np.uint64(11)) + 0.5) * (1.0 / 9007199254740992.0)


@njit(inline="always")
def _interp(x, xp, fp):
    """`np.interp(x, xp, fp)` for one float and increasing `xp`, to the last bit, without allocating.

    Numba's np.interp builds arrays even for a scalar; the tracker calls it once per print. The
    result is the same value by the same arithmetic (see `_interp_near`).
    """
    return _interp_near(x, xp, fp, 0)[0]


@njit(inline="always")
def _interp_near(x, xp, fp, lo):
    """`_interp(x, xp, fp)` and the node `lo` with xp[lo] <= x < xp[lo + 1], starting from a guess.

    Below or above the table its end values; at a node that node's value; between nodes the slope
    times the offset from the left node plus the left value (from the right node if that is not a
    number). The guess `lo` is kept if it is right or one node short (the tracker's clock moves on
    by less than a table step between prints), else the node is found by bisection, so any guess
    gives the same value. Outside the table the guess comes back unchanged.
    """
    n = xp.shape[0]
    if np.isnan(x):
        return x, lo
    if n == 1 or x < xp[0]:
        return fp[0], lo
    if x > xp[n - 1]:
        return fp[n - 1], lo
    if lo < 0 or lo >= n or x < xp[lo] or (lo + 2 < n and xp[lo + 2] <= x):
        lo, hi = 0, n  # xp[lo] <= x < xp[hi] (xp[n] read as +inf)
        while hi - lo > 1:
            mid = (lo + hi) >> 1
            if x >= xp[mid]:
                lo = mid
            else:
                hi = mid
    elif lo + 1 < n and xp[lo + 1] <= x:
        lo += 1
    if lo == n - 1 or xp[lo] == x:
        return fp[lo], lo
    slope = (fp[lo + 1] - fp[lo]) / (xp[lo + 1] - xp[lo])
    y = slope * (x - xp[lo]) + fp[lo]
    if np.isnan(y):
        y = slope * (x - xp[lo + 1]) + fp[lo + 1]
        if np.isnan(y) and fp[lo] == fp[lo + 1]:
            y = fp[lo]
    return y, lo


@njit(inline="always")
def _chances(j0, j1, age_h, strength, half_life, light, fading, skill, p_max, scale, out):
    """out[j] for j0 <= j < j1: the chance to see print j, `detect_probability(faded(...))` to the bit.

    age_h[j] is the print's age in hours, light[j] the light then; strength and half_life are
    indexed like the slots. Done in passes over the slots, so that each pass's calls to exp do not
    wait on one another.
    """
    for j in range(j0, j1):
        out[j] = -np.log(2.0) * max(age_h[j], 0.0) / (half_life[j] * fading)
    for j in range(j0, j1):
        out[j] = np.exp(out[j])
    for j in range(j0, j1):
        now = strength[j] * out[j] if age_h[j] >= 0 else 0.0  # not yet made: nothing to see
        out[j] = -scale * now * light[j] * skill
    for j in range(j0, j1):
        out[j] = p_max * (1.0 - np.exp(out[j]))


@njit(inline="always")
def _p_seen(i, t, t_made, strength, half_life, fading, vis_t, vis_v, skill, p_max, scale, ahead):
    """The chance to see print i at time t (slot 0 of the look-ahead rows `ahead` is its scratch)."""
    ahead[1, 0] = (t - t_made[i]) / 60.0
    ahead[2, 0] = _interp(t, vis_t, vis_v)
    _chances(0, 1, ahead[1], strength[i:], half_life[i:], ahead[2], fading, skill, p_max, scale, ahead[3])
    return ahead[3, 0]


@njit(inline="always")
def _look_ahead(i, stop, t, step, t_made, strength, half_life, branch_of, fading, skill, vis_t, vis_v, vis_slope,
                p_max, scale, lo, ahead):
    """The times and chances of prints i+1 .. `ready`, read in a row from time `t` at print i.

    They are what the tracker's walk gives if nothing changes his clock on the way: the walk stops
    at a junction (its reading or a detour moves the clock) or at `stop`; a lost trail also sends
    him elsewhere, and the kernel then looks ahead again from where he is. Slot j of the rows of
    `ahead` holds print i+j: row 0 the time (added up step by step as in the walk, so the walk's
    own bits), row 1 the print's age in hours, row 2 the light, row 3 the chance to see it.
    Computed apart from the draws, the chances need no branch on a draw between them. The light
    between two nodes of its table comes from `vis_slope` (that interval's slope, as `_interp_near`
    computes it); the rest of the time from `_interp_near`. Returns `ready` and the light node.
    """
    ready = stop
    for j in range(i + 1, stop + 1):
        t += step[j]
        ahead[0, j - i] = t
        if branch_of[j] >= 0:
            ready = j
            break
    m = ready - i
    nv = vis_t.shape[0]
    a = b = 0.0  # the light table's interval (vis_t[lo], vis_t[lo + 1]) while lo is known
    for j in range(1, m + 1):
        x = ahead[0, j]
        ahead[1, j] = (x - t_made[i + j]) / 60.0
        if a < x < b:
            light = vis_slope[lo] * (x - a) + vis_v[lo]
            if np.isnan(light):
                light, lo = _interp_near(x, vis_t, vis_v, lo)
        else:
            light, lo = _interp_near(x, vis_t, vis_v, lo)
            a, b = (vis_t[lo], vis_t[lo + 1]) if 0 <= lo < nv - 1 else (0.0, 0.0)
        ahead[2, j] = light
    _chances(1, m + 1, ahead[1], strength[i:], half_life[i:], ahead[2], fading, skill, p_max, scale, ahead[3])
    return ready, lo


AHEAD = 64  # prints looked ahead at most (work lost if the trail is lost before they are read)


@njit(parallel=True, cache=True)
def _track_kernel(t_made, strength, half_life, step, branch_of, branch_len, t_start, skill, misled_p,
                  fading, keys, vis_t, vis_v, p_max, scale, max_gap, looks, lost_min, patience,
                  catch_window, misled_loss, walk_m_per_min, out_f, out_i):
    n = t_made.shape[0]
    vis_slope = (vis_v[1:] - vis_v[:-1]) / (vis_t[1:] - vis_t[:-1])  # as _interp_near computes it
    for e in prange(t_start.shape[0]):
        ahead = np.empty((4, AHEAD + 1))  # time, age, light, chance of the prints looked ahead
        s = keys[e] + TRACKER_STATE  # the stream's state just before counter TRACKER_FIRST
        t = t_start[e]
        gap = last = losses = misled = steps = status = rounds = 0
        search = bmin = 0.0
        i = base = ready = lo = 0  # prints base+1 .. ready are looked ahead from the clock at base
        while i < n - 1:
            if ready <= i:
                base = i
                ready, lo = _look_ahead(i, min(i + AHEAD, n - 1), t, step, t_made, strength, half_life, branch_of,
                                        fading[e], skill[e], vis_t, vis_v, vis_slope, p_max, scale, lo, ahead)
            i += 1
            steps += 1
            t = ahead[0, i - base]  # t + step[i]
            if t <= t_made[i] + catch_window:
                status = CAUGHT
                break
            p = ahead[3, i - base]
            s, u = _uniform(s)
            if u < p:
                gap = 0
                last = i
            else:
                gap += 1
                if gap >= max_gap:
                    losses += 1
                    for j in range(last + 1, i + 1):
                        t += step[j]
                    q = _p_seen(min(last + 1, n - 1), t, t_made, strength, half_life, fading[e],
                                vis_t, vis_v, skill[e], p_max, scale, ahead)
                    p_round = 1.0 - (1.0 - q) ** looks
                    found = False
                    while search < patience:
                        t += lost_min
                        search += lost_min
                        rounds += 1
                        s, u = _uniform(s)
                        if u < p_round:
                            found = True
                            break
                    if not found:
                        status = GAVE_UP
                        break
                    i = last
                    gap = 0
                    ready = 0  # the clock moved: look ahead again
                    continue
            k = branch_of[i]
            if k >= 0 and gap == 0:  # he stands on the junction's print (see follow_trail)
                s, u = _uniform(s)
                if u < misled_p[e]:
                    loss = 2.0 * branch_len[k] / walk_m_per_min + misled_loss
                    misled += 1
                else:
                    loss = lost_min / 2.0
                t += loss
                bmin += loss  # the look-ahead stopped at this junction: the next one starts from here
        out_f[e, 0] = t
        out_f[e, 1] = bmin
        out_f[e, 2] = search
        out_i[e, 0] = status
        out_i[e, 1] = misled
        out_i[e, 2] = losses
        out_i[e, 3] = steps
        out_i[e, 4] = rounds


def run_reference(scenario: EvasionScenario, seed: int, point: int, first: int, count: int,
                  light_mode: str | None = None) -> dict[str, np.ndarray]:
    """The same columns as `run_batched` from the story engine, one episode at a time (slow, readable).

    Each episode reads the same stream as in `run_batched`, so the rows are the same.

    Parameters
    ----------
    scenario : EvasionScenario
        The validated scenario.
    seed, point : int
        The run's seed and the grid point (0 for a plain simulation).
    first, count : int
        The episode range first .. first+count-1.
    light_mode : str, optional
        "as_narrated" or "astronomical"; default the scenario's.

    Returns
    -------
    dict of str to numpy.ndarray
        `sevr.sim.outcomes.COLUMNS`, each of shape (count,).
    """
    from sevr.sim.outcomes import row_from_story
    from sevr.sim.story import run_story

    prep = prepare(scenario, light_mode)
    cols = empty_columns(count)
    for k in range(count):
        e = first + k
        stream = st.EpisodeStream.of(seed, point, e)
        draws = draws_mod.sample(scenario, stream)
        result = run_story(scenario, seed, light_mode, draws=draws, stream=stream, with_belief=False)
        for name, value in row_from_story(result, e, prep.t_exit, draws).items():
            cols[name][k] = value
    return cols
