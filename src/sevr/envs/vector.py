"""Thousands of trail-pursuit episodes stepped at once, and Gymnasium views for one learning agent.

`BatchedTrailPursuit` drives `sevr.envs.core`'s rules (or the identical Numba path, `sevr.envs.fast`)
over a leading episode axis, with every agent's action as one column. Episodes restart on their
own, the way Gymnasium's vector environments do by default ("next step"): the call after an
episode ends starts the next one in that slot, ignores that slot's actions and returns the new
episode's first observation with reward 0.

Episode numbers make the runs reproducible and comparable: after ``reset(seed=s)`` slot i plays
episode i of seed s, and each restart takes the next unused number (in slot order within a step).
Episode e of seed s is the episode that `trail_pursuit_v0.parallel_env` plays after
``reset(seed=s)`` followed by e plain ``reset()`` calls, step for step (tests/envs/test_vector.py).

`EvaderVectorEnv` and `SearcherVectorEnv` are `gymnasium.vector.VectorEnv`s in which one agent
learns and every other agent follows a scripted policy; `SingleAgentEnv` is the same for one
episode as a `gymnasium.Env` (what Gymnasium's environment checker takes).
"""
from __future__ import annotations

from typing import Callable

import gymnasium as gym
import numpy as np
from gymnasium import spaces
from gymnasium.vector.utils import batch_space

from sevr.envs import core, fast
from sevr.envs.params import EVADER, SEARCHER, EnvParams
from sevr.envs.pettingzoo_env import PATCH_BOUND
from sevr.errors import InputError
from sevr.sim.stream import SEED_LIMIT, episode_keys

ENGINES = ("fast", "numpy")

# A scripted policy: (params, state, agent index, rng) -> (n_envs,) int actions of that agent.
Policy = Callable[[EnvParams, core.EnvState, int, np.random.Generator], np.ndarray]


def random_policy(params: EnvParams, state: core.EnvState, agent: int, rng: np.random.Generator) -> np.ndarray:
    """Uniformly random actions of `agent` in every episode (a `Policy`).

    Parameters
    ----------
    params : EnvParams
        The environment's configuration.
    state : EnvState
        The batched state.
    agent : int
        Index of the agent.
    rng : numpy.random.Generator
        Source of the draws.

    Returns
    -------
    numpy.ndarray
        (n_envs,) int actions.
    """
    return rng.integers(0, int(core.n_actions(params)[agent]), len(state.step))


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= int(seed) < SEED_LIMIT:
        raise InputError(f"must be an integer in [0, 2**63), got {seed!r}", source="trail_pursuit_v0", field="seed")
    return int(seed)


class BatchedTrailPursuit:
    """`n_envs` episodes of trail_pursuit_v0 stepped together, every agent's action a column.

    Parameters
    ----------
    params : EnvParams
        From `sevr.envs.params.make_params`.
    n_envs : int
        Episodes stepped at once.
    engine : {"fast", "numpy"}, default="fast"
        The Numba kernels or the NumPy reference (the same numbers, slower).
    observed : sequence of int, optional
        Indices of the agents whose observations are made, increasing; default every agent. The
        observations' agent axis then holds these agents in this order; every agent is still stepped.
        Leaving out agents that a scripted policy drives (it reads the state) saves most of a step's
        memory traffic; an empty sequence makes no observations.

    Attributes
    ----------
    state : EnvState
        The current state of every slot.
    episode : numpy.ndarray
        (n_envs,) the episode number each slot is playing.

    Notes
    -----
    The arrays returned by `reset` and `step` are reused by the next call; copy what you keep.
    """

    def __init__(self, params: EnvParams, n_envs: int, engine: str = "fast", observed=None):
        if isinstance(n_envs, bool) or not isinstance(n_envs, (int, np.integer)) or n_envs < 1:
            raise InputError(f"must be a whole number >= 1, got {n_envs!r}", source="trail_pursuit_v0",
                             field="n_envs")
        if engine not in ENGINES:
            raise InputError(f"must be one of {ENGINES}, got {engine!r}", source="trail_pursuit_v0", field="engine")
        try:
            self.slots = fast.patch_slots(params.n_agents, observed)
        except (ValueError, TypeError) as exc:
            raise InputError(str(exc), source="trail_pursuit_v0", field="observed") from None
        self.observed = np.flatnonzero(self.slots >= 0)
        self.params, self.n_envs, self.engine = params, int(n_envs), engine
        self.fp = fast.fast_params(params, self.n_envs)
        self._patch, self._vector = fast.observation_buffers(params, self.n_envs, len(self.observed))
        self._out = fast.step_out(self.n_envs, params.n_agents)
        self._first = core.reset(params, np.zeros(1, np.uint64))  # the start, the same for every key
        self.state: core.EnvState | None = None
        self.seed: int | None = None

    # --- episodes ---------------------------------------------------------------------------------

    def reset(self, seed: int | None = None) -> dict:
        """Start episodes 0 .. n_envs-1 of `seed` and return their observations.

        Parameters
        ----------
        seed : int, optional
            In [0, 2**63); default a fresh random seed.

        Returns
        -------
        dict
            "patch" and "vector" as `sevr.envs.core.observe` (reused buffers).

        Raises
        ------
        InputError
            On field ``seed`` when the seed is out of range or not an integer.
        """
        self.seed = _check_seed(seed) if seed is not None else int(np.random.SeedSequence().entropy % SEED_LIMIT)
        self.episode = np.arange(self.n_envs, dtype=np.int64)
        self._next = self.n_envs
        self.keys = episode_keys(self.seed, 0, self.episode)
        self.state = fast.copy_state(core.reset(self.params, self.keys))
        self._restart = np.zeros(self.n_envs, dtype=bool)
        return self.observe()

    def _start_new_episodes(self, rows: np.ndarray) -> None:
        count = len(rows)
        self.episode[rows] = np.arange(self._next, self._next + count)
        self._next += count
        self.keys[rows] = episode_keys(self.seed, 0, self.episode[rows])
        for field, first in zip(self.state, self._first):
            field[rows] = first[0]

    def step(self, actions: np.ndarray):
        """Advance every slot by one step (slots whose episode ended last step start a new one).

        Parameters
        ----------
        actions : numpy.ndarray
            (n_envs, n_agents) int, as `sevr.envs.core.step`.

        Returns
        -------
        obs : dict
            "patch" and "vector" as `sevr.envs.core.observe`.
        rewards : numpy.ndarray
            (n_envs, n_agents) float.
        terminated, truncated : numpy.ndarray
            (n_envs, n_agents) bool.
        info : dict
            "episode_over" (n_envs,) bool: the episode in the slot ended this step; "restarted"
            (n_envs,) bool: the slot began a new episode this step; "outcome", "caught", "prints_made",
            "prints_read", "end_code" (index into `core.END_REASONS`).
        """
        if self.state is None:
            raise RuntimeError("call reset() before step()")
        actions = fast.check_actions(self.params, actions, self.n_envs)
        restart = np.flatnonzero(self._restart)
        if len(restart):
            self._start_new_episodes(restart)
            self.state.done[restart] = True  # a finished episode's step changes nothing: the new start stands
        if self.engine == "fast":
            # the observations are written in the same kernel (they do not read `done`)
            fast.step_observe_inplace(self.fp, self.state, actions, self.keys, self._out, self._patch, self._vector,
                                      self.slots)
            rewards, term, trunc, out = self._out.rewards, self._out.terminated, self._out.truncated, self._out
            info = {"caught": out.caught, "prints_made": out.prints_made, "prints_read": out.prints_read,
                    "end_code": out.end_code}
        else:
            self.state, rewards, term, trunc, ref = core.step(self.params, self.state, actions, self.keys)
            self.state = fast.copy_state(self.state)
            codes = {r: k for k, r in enumerate(core.END_REASONS)}
            info = {"caught": ref["caught"], "prints_made": ref["prints_made"], "prints_read": ref["prints_read"],
                    "end_code": np.array([codes[r] for r in ref["end_reason"]], dtype=np.int64)}
        self.state.done[restart] = False
        self._restart = self.state.done.copy()
        restarted = np.zeros(self.n_envs, dtype=bool)
        restarted[restart] = True
        info.update(outcome=self.state.outcome, episode_over=self._restart.copy(), restarted=restarted,
                    episode=self.episode.copy())
        obs = {"patch": self._patch, "vector": self._vector} if self.engine == "fast" else self.observe()
        return obs, rewards, term, trunc, info

    def observe(self) -> dict:
        """Every slot's observations of the observed agents (`core.observe`), in the reused buffers."""
        if self.engine == "fast":
            fast.observe_into(self.fp, self.state, self._patch, self._vector, self.slots)
        else:
            o = core.observe(self.params, self.state)
            self._patch[...], self._vector[...] = o["patch"][:, self.observed], o["vector"][:, self.observed]
        return {"patch": self._patch, "vector": self._vector}


# --- one learner among scripted agents -------------------------------------------------------------

def _observation_space(params: EnvParams) -> spaces.Dict:
    size = 2 * params.obs_radius + 1
    return spaces.Dict({
        "patch": spaces.Box(-PATCH_BOUND, PATCH_BOUND, (len(core.PATCH_CHANNELS), size, size), np.float32),
        "vector": spaces.Box(-1.0, 1.0, (len(core.VECTOR_FIELDS),), np.float32)})


class _LearnerVectorEnv(gym.vector.VectorEnv):
    """One agent learns (`learner`, an index), the others follow `policies` (index -> Policy)."""

    metadata = {"autoreset_mode": gym.vector.AutoresetMode.NEXT_STEP, "render_modes": []}

    def __init__(self, params: EnvParams, learner: int, n_envs: int, policies: dict[int, Policy],
                 engine: str = "fast", policy_seed: int = 0):
        missing = [i for i in range(params.n_agents) if i != learner and i not in policies]
        if missing:
            raise InputError(f"no policy for agents {[params.agent_ids[i] for i in missing]}",
                             source="trail_pursuit_v0", field="policies")
        # only the learner is observed: the scripted policies read the state
        self.batch = BatchedTrailPursuit(params, n_envs, engine, observed=[learner])
        self.params, self.learner, self.policies = params, learner, dict(policies)
        self.num_envs = self.batch.n_envs
        self.single_observation_space = _observation_space(params)
        self.single_action_space = spaces.Discrete(int(core.n_actions(params)[learner]))
        self.observation_space = batch_space(self.single_observation_space, self.num_envs)
        self.action_space = batch_space(self.single_action_space, self.num_envs)
        self._policy_seed = policy_seed
        self._rng = np.random.default_rng(policy_seed)

    def _mine(self, obs: dict) -> dict:
        return {k: v[:, 0] for k, v in obs.items()}  # the learner is the batch's one observed agent

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        """Gymnasium's `VectorEnv.reset`: the learner's observations of episodes 0 .. n_envs-1.

        A seed also reseeds the scripted policies' generator (with `policy_seed`).

        Parameters
        ----------
        seed : int, optional
            In [0, 2**63); default a fresh random seed.
        options : dict, optional
            Accepted for the interface; unused.

        Returns
        -------
        obs : dict
            "patch" and "vector" of the learner, batched over slots.
        info : dict
            "episode": (n_envs,) the episode number of each slot.
        """
        if seed is not None:
            self._rng = np.random.default_rng([self._policy_seed, _check_seed(seed)])
        obs = self.batch.reset(seed)
        return self._mine(obs), {"episode": self.batch.episode.copy()}

    def step(self, actions):
        """Gymnasium's `VectorEnv.step` for the learner; the other agents act by their policies.

        Autoreset is "next step"; when an episode ends in a slot without the learner terminating,
        the learner's step is reported as truncated.

        Parameters
        ----------
        actions : array_like
            (n_envs,) int actions of the learner.

        Returns
        -------
        obs, rewards, terminated, truncated, info
            The learner's column of `BatchedTrailPursuit.step`'s results; info's "outcome" is the
            learner's.
        """
        actions = np.asarray(actions, dtype=np.int64).reshape(self.num_envs)
        state = self.batch.state
        joint = np.zeros((self.num_envs, self.params.n_agents), dtype=np.int64)
        for i, policy in self.policies.items():
            if i != self.learner:
                joint[:, i] = policy(self.params, state, i, self._rng)
        joint[:, self.learner] = actions
        obs, rewards, term, trunc, info = self.batch.step(joint)
        info = dict(info, outcome=info["outcome"][:, self.learner].copy())
        return (self._mine(obs), rewards[:, self.learner].copy(), term[:, self.learner].copy(),
                trunc[:, self.learner].copy() | (info["episode_over"] & ~term[:, self.learner]), info)


class EvaderVectorEnv(_LearnerVectorEnv):
    """The first evader learns; trackers and searchers (and any other evader) are scripted.

    Parameters
    ----------
    params : EnvParams
    n_envs : int
    policies : dict of int to Policy, optional
        Scripted policy of every other agent (by index); default random.
    engine : {"fast", "numpy"}, default="fast"
    policy_seed : int, default=0
        Seeds the scripted policies' Generator (mixed with the seed given to `reset`).
    """

    def __init__(self, params: EnvParams, n_envs: int, policies: dict[int, Policy] | None = None,
                 engine: str = "fast", policy_seed: int = 0):
        learner = int(np.flatnonzero(params.role == EVADER)[0])
        policies = policies if policies is not None else {i: random_policy for i in range(params.n_agents)}
        super().__init__(params, learner, n_envs, policies, engine, policy_seed)


class SearcherVectorEnv(_LearnerVectorEnv):
    """The first searcher learns; the evaders (and other pursuers) are scripted. Same parameters."""

    def __init__(self, params: EnvParams, n_envs: int, policies: dict[int, Policy] | None = None,
                 engine: str = "fast", policy_seed: int = 0):
        searchers = np.flatnonzero(params.role == SEARCHER)
        if len(searchers) == 0:
            raise InputError("needs at least one searcher (n_searchers >= 1)", source="trail_pursuit_v0",
                             field="n_searchers")
        policies = policies if policies is not None else {i: random_policy for i in range(params.n_agents)}
        super().__init__(params, int(searchers[0]), n_envs, policies, engine, policy_seed)


class SingleAgentEnv(gym.Env):
    """One episode at a time of a learner among scripted agents, as a `gymnasium.Env`.

    Parameters
    ----------
    params : EnvParams
    role : {"evader", "searcher"}, default="evader"
    policies : dict of int to Policy, optional
    engine : {"fast", "numpy"}, default="fast"
    """

    metadata = {"render_modes": []}

    def __init__(self, params: EnvParams, role: str = "evader", policies: dict[int, Policy] | None = None,
                 engine: str = "fast"):
        kinds = {"evader": EvaderVectorEnv, "searcher": SearcherVectorEnv}
        if role not in kinds:
            raise InputError(f"must be one of {sorted(kinds)}, got {role!r}", source="trail_pursuit_v0", field="role")
        self._vec = kinds[role](params, 1, policies, engine)
        self.observation_space = self._vec.single_observation_space
        self.action_space = self._vec.single_action_space
        self._over = True

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        """Gymnasium's `Env.reset`: a seed restarts at episode 0, no seed plays the next episode.

        Parameters
        ----------
        seed : int, optional
            In [0, 2**63).
        options : dict, optional
            Accepted for the interface; unused.

        Returns
        -------
        obs : dict
            "patch" and "vector" of the learner.
        info : dict
            "episode": the episode number.
        """
        super().reset(seed=seed)
        batch = self._vec.batch
        if seed is None and batch.state is not None:  # the next episode of the same sequence
            batch._start_new_episodes(np.array([0]))
            batch._restart[:] = False
            obs = self._vec._mine(batch.observe())
        else:
            obs, _ = self._vec.reset(seed=seed)
        self._over = False
        return {k: v[0].copy() for k, v in obs.items()}, {"episode": int(self._vec.batch.episode[0])}

    def step(self, action):
        """Gymnasium's `Env.step` for the learner.

        Parameters
        ----------
        action : int
            The learner's action.

        Returns
        -------
        obs : dict
        reward : float
        terminated, truncated : bool
        info : dict
            "outcome": the learner's outcome name.

        Raises
        ------
        RuntimeError
            When the episode is over (call `reset`).
        """
        if self._over:
            raise RuntimeError("the episode is over: call reset()")
        obs, r, term, trunc, info = self._vec.step(np.array([action]))
        self._over = bool(term[0] or trunc[0])
        return ({k: v[0].copy() for k, v in obs.items()}, float(r[0]), bool(term[0]), bool(trunc[0]),
                {"outcome": core.OUTCOMES[int(info["outcome"][0])]})
