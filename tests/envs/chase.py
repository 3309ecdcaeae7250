"""A seeded test driver that makes things happen: evaders head for the hideout, change gait, go in
and out; pursuers close in on the first evader, look and try the hideout (in every third episode they
wander at random); some moves are random."""
from __future__ import annotations

import numpy as np

from sevr.envs import core
from sevr.envs.params import EVADER


def _toward(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """The move (1..8, 0 if already there) from cells `src` towards cells `dst`, (..., 2) arrays."""
    d = np.sign(dst - src) + 1
    table = np.zeros((3, 3), dtype=np.int64)
    table[core.MOVES[:, 0] + 1, core.MOVES[:, 1] + 1] = np.arange(len(core.MOVES))
    return table[d[..., 0], d[..., 1]]


def chase_actions(params, state, rng: np.random.Generator) -> np.ndarray:
    """(n_envs, n_agents) actions for the current state."""
    n, a = state.alive.shape
    acts = np.zeros((n, a), dtype=np.int64)
    is_ev = params.role == EVADER
    goal = params.hideout_rc[0] if len(params.hideout_rc) else params.start_rc[0] + np.array([15, 10])
    for i in range(a):
        u = rng.random(n)
        if is_ev[i]:
            move = _toward(state.pos[:, i], np.broadcast_to(goal, (n, 2)))
            move = np.where(u < 0.25, rng.integers(0, 9, n), move)
            gait = rng.integers(0, 3, n)
            act = move + 9 * gait
            at = (state.pos[:, i] == goal).all(axis=1)
            act = np.where(at & ~state.hidden[:, i] & (u < 0.7), core.EVADER_ENTER, act)
            act = np.where(state.hidden[:, i] & (u > 0.97), core.EVADER_LEAVE, act)
        else:
            ev = np.flatnonzero(is_ev)
            target = state.pos[:, ev[0]]
            act = _toward(state.pos[:, i], target)
            act = np.where(u < 0.2, rng.integers(0, core.N_PURSUER_ACTIONS, n), act)
            act = np.where((u > 0.85) & (u < 0.93), core.PURSUER_LOOK, act)
            at = (state.pos[:, i] == goal).all(axis=1)
            act = np.where(at & (u > 0.3), core.PURSUER_ENTER, act)
            act = np.where(np.arange(n) % 3 == 2, rng.integers(0, core.N_MOVES, n), act)  # every third wanders
        acts[:, i] = act
    return acts
