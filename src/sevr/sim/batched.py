"""The batched Monte Carlo engine: many episodes of the evasion model stepped together.

Episodes are grouped in blocks of BLOCK; each block draws from its own Generator seeded by
(seed, grid point, block), so the same seed gives the same rows however the work is chunked or
spread over workers. Per-episode draws are NumPy arrays; the tracker's walk along the trail, a
loop with lost trails and back-tracking that NumPy cannot express, is a Numba kernel with one
counter-based stream per episode (its seed drawn from the block's Generator). The rules are those
of `sevr.trail.tracking.follow_trail`, the readable reference; tests compare the two.
"""
from __future__ import annotations

import numpy as np
from numba import njit, prange

from sevr.agents.pursuers import (INTERCEPT_AFTER_MIN, WITHDRAW_AFTER_MIN, assess_hideout, departure_risk,
                                  entrance_intact)
from sevr.sim import draws as draws_mod
from sevr.sim.outcomes import FOUND, empty_columns
from sevr.sim.prepare import prepare
from sevr.sim.story import departure_time

BLOCK = 1024  # episodes per random-stream block; chunks are whole blocks


def block_rng(seed: int, point: int, block: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, point, block]))


def run_batched(scenario, seed: int, point: int, first: int, count: int,
                light_mode: str | None = None) -> dict[str, np.ndarray]:
    """Outcome columns for episodes first .. first+count-1 (first a multiple of BLOCK)."""
    if first % BLOCK:
        raise ValueError(f"first episode {first} must be a multiple of the block size {BLOCK}")
    parts = []
    for b0 in range(first, first + count, BLOCK):
        n = min(BLOCK, first + count - b0)
        parts.append(_run_block(scenario, seed, point, b0 // BLOCK, n, light_mode))
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def _run_block(scenario, seed, point, block, n, light_mode):
    prep = prepare(scenario, light_mode)
    rng = block_rng(seed, point, block)
    tac, w = scenario.evaders.tactics, scenario.watchers
    cols = empty_columns(n)
    cols["episode"][:] = block * BLOCK + np.arange(n)

    # The watchers: seen leaving, or the decoy holds till dawn, or a look finds the house empty.
    p_see = w.p_see_back_window if tac.back_window else w.p_see_front_exit
    seen = (rng.random(n) < p_see) & (w.count > 0)
    looks = rng.geometric(max(w.p_notice_empty_without_decoy, 1e-9), n)
    t_disc = np.full(n, max(prep.t_dawn, prep.t_exit))
    if not tac.decoy:
        t_disc = np.minimum(prep.t_exit + looks * w.check_interval_min, prep.t_dawn)
    t_disc = np.where(seen, prep.t_exit, t_disc)

    d = draws_mod.sample(scenario, rng, n)
    stream_seeds = rng.integers(0, 2**63 - 1, n, dtype=np.int64).astype(np.uint64)
    u_intercept = rng.random(n)
    t_start = t_disc + d.hire_delay_min + 1.0

    tr, trail = scenario.tracker, prep.trail
    branch_of = np.full(len(trail.xy), -1, np.int64)
    branch_of[trail.branch_prints] = np.arange(len(trail.branch_prints))
    out_f = np.zeros((n, 3))   # time at the end, minutes on branches, minutes searching
    out_i = np.zeros((n, 4), np.int64)  # status, times misled, trail losses, prints read
    _track_kernel(trail.t_made, trail.strength, trail.half_life_h, trail.step_min, branch_of,
                  trail.branch_len_m.astype(np.float64), t_start, d.tracker_skill, d.p_misled,
                  d.fading_factor, stream_seeds, prep.visibility.t, prep.visibility.v,
                  tr.p_detect_max, tr.detect_scale, tr.max_gap_prints, tr.search_looks,
                  tr.lost_search_min, tr.patience_min, tr.catch_window_min, tr.misled_loss_min,
                  trail.walk_m_per_min, out_f, out_i)
    t_end, branch_min, search_min = out_f[:, 0], out_f[:, 1], out_f[:, 2]
    status, misled, losses, steps = out_i[:, 0], out_i[:, 1], out_i[:, 2], out_i[:, 3]

    hours = lambda t: (t - prep.t_exit) / 60.0  # noqa: E731 - a unit change, named for reading
    cols.update(seen_leaving=seen, discovered_h=hours(t_disc), tracker_delay_min=branch_min + search_min,
                tracker_branch_min=branch_min, tracker_search_min=search_min, misled_count=misled,
                tracker_losses=losses, agent_steps=steps + 2)  # + watchers' look, pursuers' decision
    reached, gave_up, caught = status == 0, status == 1, status == 2
    cols["tracker_reached"] = reached
    cols["tracker_reached_h"] = np.where(reached, hours(t_end), np.nan)

    facts, pu = scenario.facts, scenario.pursuers
    verdict = assess_hideout(pu.evidence, pu.decision, trail_ends_here=True, entrance_intact=entrance_intact(facts))
    t_free = np.where(reached, t_end + pu.inspect_min + WITHDRAW_AFTER_MIN, t_end)
    entered = reached & (verdict.decision == "enter")
    leaving = ~caught & ~entered
    t_depart = departure_time(scenario, prep.t_arrive, t_free)
    risk = departure_risk(pu.decay, (t_depart - t_free) / 60.0)
    intercepted = leaving & (u_intercept < risk)
    cols["departure_risk"] = np.where(leaving, risk, np.nan)

    outcome = np.full(n, "hidden", dtype=object)
    outcome[gave_up] = "trail_lost"
    outcome[caught] = "caught_en_route"
    outcome[entered] = "found_at_hideout"
    outcome[intercepted] = "intercepted"
    cols["outcome"] = outcome
    cols["found"] = caught | entered | intercepted
    cols["found_where"] = np.array([FOUND.get(o, "") for o in outcome], dtype=object)
    t_found = np.where(caught, t_end, np.where(entered, t_free, np.where(intercepted, t_depart + INTERCEPT_AFTER_MIN, np.nan)))
    cols["t_found_h"] = hours(t_found)
    return cols


@njit(inline="always")
def _uniform(state):
    """SplitMix64: next state and a uniform in [0, 1)."""
    state = state + np.uint64(0x9E3779B97F4A7C15)
    z = state
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    return state, (z >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(inline="always")
def _p_seen(i, t, t_made, strength, half_life, fading, vis_t, vis_v, skill, p_max, scale):
    age_h = (t - t_made[i]) / 60.0
    now = strength[i] * np.exp(-np.log(2.0) * max(age_h, 0.0) / (half_life[i] * fading)) if age_h >= 0 else 0.0
    return p_max * (1.0 - np.exp(-scale * now * np.interp(t, vis_t, vis_v) * skill))


@njit(parallel=True, cache=True)
def _track_kernel(t_made, strength, half_life, step, branch_of, branch_len, t_start, skill, misled_p,
                  fading, seeds, vis_t, vis_v, p_max, scale, max_gap, looks, lost_min, patience,
                  catch_window, misled_loss, walk_m_per_min, out_f, out_i):
    n = t_made.shape[0]
    n_branch = branch_len.shape[0]
    for e in prange(t_start.shape[0]):
        s = seeds[e]
        done = np.zeros(max(n_branch, 1), np.bool_)
        t = t_start[e]
        gap = last = losses = misled = steps = status = 0
        search = bmin = 0.0
        i = 0
        while i < n - 1:
            i += 1
            steps += 1
            t += step[i]
            if t <= t_made[i] + catch_window:
                status = 2
                break
            p = _p_seen(i, t, t_made, strength, half_life, fading[e], vis_t, vis_v, skill[e], p_max, scale)
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
                                vis_t, vis_v, skill[e], p_max, scale)
                    p_round = 1.0 - (1.0 - q) ** looks
                    found = False
                    while search < patience:
                        t += lost_min
                        search += lost_min
                        s, u = _uniform(s)
                        if u < p_round:
                            found = True
                            break
                    if not found:
                        status = 1
                        break
                    i = last
                    gap = 0
                    continue
            k = branch_of[i]
            if k >= 0 and gap == 0 and not done[k]:
                s, u = _uniform(s)
                if u < misled_p[e]:
                    loss = 2.0 * branch_len[k] / walk_m_per_min + misled_loss
                    misled += 1
                else:
                    loss = lost_min / 2.0
                t += loss
                bmin += loss
                done[k] = True
        out_f[e, 0] = t
        out_f[e, 1] = bmin
        out_f[e, 2] = search
        out_i[e, 0] = status
        out_i[e, 1] = misled
        out_i[e, 2] = losses
        out_i[e, 3] = steps


def run_reference(scenario, seed: int, point: int, first: int, count: int,
                  light_mode: str | None = None) -> dict[str, np.ndarray]:
    """The same columns from the story engine, one episode at a time (slow, readable)."""
    from sevr.sim.outcomes import row_from_story
    from sevr.sim.story import run_story

    prep = prepare(scenario, light_mode)
    cols = empty_columns(count)
    for k in range(count):
        e = first + k
        rng = np.random.default_rng(np.random.SeedSequence([seed, point, e]))
        result = run_story(scenario, seed, light_mode, draws=draws_mod.sample(scenario, rng), rng=rng,
                           with_belief=False)
        for name, value in row_from_story(result, e, prep.t_exit).items():
            cols[name][k] = value
    return cols
