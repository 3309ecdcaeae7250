"""A searcher's belief over where the evaders are, kept by `sevr.search` (GridBelief predict/update).

One rule for the observation's belief map and the Bayesian searcher policy: start uniform over the
passable cells around the start; each step the target may have walked (a masked Gaussian spread of
one step's walk), the cells the searcher saw without seeing anyone are searched with POD 1 except
the hideouts (nobody is seen inside from outside: POD 0 there), and an evader in sight collapses the
belief onto its cell.
"""
from __future__ import annotations

import numpy as np

from sevr.envs.core import EnvState
from sevr.envs.params import EVADER, EnvParams
from sevr.search.belief import GridBelief, masked_diffusion
from sevr.world.movement import tobler_speed_kmh

SPREAD_FRACTION = 0.5  # sigma of one step's spread = this x one step's walk on flat ground (assumption)


def initial_belief(params: EnvParams) -> GridBelief:
    """Uniform over the passable cells."""
    return GridBelief.uniform(params.shape, mask=params.passable)


def motion(params: EnvParams):
    """The belief's motion model: a spread that never enters impassable cells."""
    walk_m = float(tobler_speed_kmh(0.0)) * 1000.0 / 60.0 * params.step_min
    return masked_diffusion(SPREAD_FRACTION * walk_m, params.cell_m, params.passable)


def searched_pod(params: EnvParams, state: EnvState, env: int, agent: int) -> np.ndarray:
    """Probability of detection of one searcher's look this step, cell by cell.

    The look covers the square of Chebyshev radius ``sight_cells x visibility`` (cells) around
    the agent; the hideouts are never searched from outside.

    Parameters
    ----------
    params : EnvParams
        The environment's configuration.
    state : EnvState
        The batched state after the step.
    env : int
        Index of the episode in the batch.
    agent : int
        Index of the looking agent.

    Returns
    -------
    numpy.ndarray
        (H, W) float: 1 in the agent's sight, 0 elsewhere and at the hideouts.
    """
    h, w = params.shape
    radius = params.sight_cells[agent] * params.visibility[min(int(state.step[env]), params.max_steps)]
    r, c = state.pos[env, agent]
    rows, cols = np.arange(h)[:, None], np.arange(w)[None, :]
    pod = ((np.abs(rows - r) <= radius) & (np.abs(cols - c) <= radius)).astype(float)
    if len(params.hideout_rc):
        pod[params.hideout_rc[:, 0], params.hideout_rc[:, 1]] = 0.0
    return pod


def update_belief(params: EnvParams, belief: GridBelief, state: EnvState, env: int, agent: int,
                  move=None) -> GridBelief:
    """The belief after one step: predict the target's walk, then update on what was seen.

    An evader in sight collapses the belief onto its cell; otherwise the cells in sight are
    searched (`searched_pod`) and, if that would leave no probability anywhere, the belief
    starts again uniform.

    Parameters
    ----------
    params : EnvParams
        The environment's configuration.
    belief : GridBelief
        The belief before the step.
    state : EnvState
        The batched state after the step.
    env : int
        Index of the episode in the batch.
    agent : int
        Index of the searcher.
    move : callable, optional
        The motion model for the prediction; default ``motion(params)``.

    Returns
    -------
    GridBelief
        The new belief over the (H, W) grid.
    """
    belief = belief.predict(move if move is not None else motion(params))
    seen = np.flatnonzero(state.seen[env, agent] & (params.role == EVADER))
    if len(seen):
        like = np.zeros(params.shape)
        like[state.pos[env, seen, 0], state.pos[env, seen, 1]] = 1.0
        return GridBelief.from_prior(like)
    pod = searched_pod(params, state, env, agent)
    if belief.detection_probability(pod) >= 1.0 - 1e-12:  # everything searched: start again
        return initial_belief(params)
    return belief.update_miss(pod)
