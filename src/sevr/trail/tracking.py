"""The tracker: follow prints one by one, lose and regain the trail, pay for false branches.

This is the readable reference: one tracker, one trail, one random stream. The batched engine in
`sevr.sim.batched` steps the same rules for many episodes at once and is tested against it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from sevr.trail.prints import detect_probability, faded


@dataclass
class BranchOutcome:
    t_min: float
    print_index: int
    branch: int
    misled: bool
    loss_min: float


@dataclass
class TrackOutcome:
    reached_end: bool           # followed the trail to its last print
    gave_up: bool
    caught: bool                # came on the walkers themselves while they were still on the move
    t_end: float                # time at the last print reached (or when he gave up / caught them)
    last_sure: int              # index of the last print he was sure of
    losses: int                 # how often the trail was lost and searched for
    search_min: float           # minutes spent searching for a lost trail
    branch_min: float           # minutes lost on false branches
    route_xy: np.ndarray        # the tracker's route, detours included
    route_t: np.ndarray
    branches: list[BranchOutcome] = field(default_factory=list)
    steps: int = 0                  # prints read
    search_rounds: int = 0          # rounds of looking around a lost trail


def follow_trail(*, xy: np.ndarray, t_made: np.ndarray, strength: np.ndarray, half_life_h: np.ndarray,
                 step_min: np.ndarray, branch_prints: np.ndarray, branch_len_m: np.ndarray,
                 branch_dir: np.ndarray, t_start: float, visibility: Callable[[float], float],
                 tracker, walk_m_per_min: float, rng) -> TrackOutcome:
    """Follow the main-line prints `xy` (in walking order) from the first one, starting at `t_start`.

    step_min[i] is the tracker's walking time from print i-1 to print i. branch_prints[k] is the
    print where false branch k leaves (its one-way length branch_len_m[k], heading branch_dir[k]).
    `rng` is anything with a `random()` method giving uniforms: the episode's stream in the engines.
    """
    n = len(xy)
    branch_of = {int(p): k for k, p in enumerate(branch_prints)}
    t, gap, last_sure, losses = t_start, 0, 0, 0
    search_min = branch_min = 0.0
    route, times, branches = [xy[0]], [t_start], []
    i = steps = rounds = 0

    def done(reached, gave_up, caught, last):
        return TrackOutcome(reached, gave_up, caught, t, last, losses, search_min, branch_min,
                            np.asarray(route), np.asarray(times), branches, steps, rounds)

    while i < n - 1:
        i += 1
        steps += 1
        t += step_min[i]
        if t <= t_made[i] + tracker.catch_window_min:
            route.append(xy[i]); times.append(t)
            return done(False, False, True, i)
        p = _p_seen(i, t, t_made, strength, half_life_h, visibility, tracker)
        if rng.random() < p:
            gap, last_sure = 0, i
            route.append(xy[i]); times.append(t)
        else:
            gap += 1
            if gap >= tracker.max_gap_prints:
                losses += 1
                # Back to the last sure print, then look around it until a print shows up again.
                for j in range(last_sure + 1, i + 1):
                    t += step_min[j]
                p_round = 1.0 - (1.0 - _p_seen(min(last_sure + 1, n - 1), t, t_made, strength,
                                                half_life_h, visibility, tracker)) ** tracker.search_looks
                found = False
                while search_min < tracker.patience_min:
                    t += tracker.lost_search_min
                    search_min += tracker.lost_search_min
                    rounds += 1
                    if rng.random() < p_round:
                        found = True
                        break
                if not found:
                    return done(False, True, False, last_sure)
                i, gap = last_sure, 0
                continue
        k = branch_of.get(i)
        # A junction is read only from its own print, just seen (gap 0). A lost trail sends him back
        # to the last print he saw, at or past any junction already read, so none is read twice.
        if k is not None and gap == 0:
            misled = rng.random() < tracker.p_misled_by_branch
            if misled:
                loss = 2 * branch_len_m[k] / walk_m_per_min + tracker.misled_loss_min
                tip = xy[i] + branch_dir[k] * branch_len_m[k]
                route += [tip, xy[i]]; times += [t + loss / 2, t + loss]
            else:
                loss = tracker.lost_search_min / 2  # reading the junction still takes a moment
            t += loss
            branch_min += loss
            branches.append(BranchOutcome(t, i, k + 1, misled, loss))
    return done(True, False, False, n - 1)


def _p_seen(i, t, t_made, strength, half_life_h, visibility, tracker) -> float:
    now = faded(strength[i], (t - t_made[i]) / 60.0, half_life_h[i])
    return float(detect_probability(now, visibility(t), tracker.skill, tracker.p_detect_max, tracker.detect_scale))
