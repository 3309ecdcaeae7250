"""trail_pursuit_v0 as a natively parallel PettingZoo environment: a thin adapter over `core`.

Agent-keyed dictionaries exist only here (the JaxMARL boundary); the rules are in `sevr.envs.core`.
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import numpy as np
from gymnasium import spaces
from pettingzoo import ParallelEnv

from sevr.envs import core, render
from sevr.envs.belief import initial_belief, motion, update_belief
from sevr.envs.params import EVADER, SEARCHER, EnvParams, make_params
from sevr.errors import InputError
from sevr.sim.stream import SEED_LIMIT, episode_keys

if TYPE_CHECKING:
    from sevr.scenarios.schema import Scenario

PATCH_BOUND = 100.0  # |relative elevation| / 100 m, print strength and agent counts stay below this


def load_scenario(scenario: str | Scenario) -> Scenario:
    """A scenario object from a built-in name, a TOML path, or a scenario already loaded."""
    if isinstance(scenario, str):
        from sevr.scenarios.loader import load

        return load(scenario)
    if not hasattr(scenario, "meta"):
        raise InputError(f"expected a scenario name, a TOML path or a loaded scenario, got {type(scenario).__name__}",
                         source="trail_pursuit_v0", field="scenario")
    return scenario


class raw_env(ParallelEnv):
    """Trail pursuit on a scenario's terrain: evaders walk and hide, trackers read prints, searchers
    search by belief (docs/envs.md).

    Parameters
    ----------
    scenario : str or Scenario, default="hijra"
        A built-in name ("hijra", "lost-hiker"), a TOML path, or a loaded scenario.
    render_mode : {None, "ansi", "rgb_array"}
    belief : bool, default=False
        Searchers' observations also hold their belief map ("belief", (H, W) float32).
    **config
        Keyword arguments of `sevr.envs.params.make_params` (step_min, cell_m, obs_radius, max_steps, ...).
    """

    metadata = {"name": "trail_pursuit_v0", "render_modes": ["ansi", "rgb_array"], "is_parallelizable": True,
                "render_fps": 8}

    def __init__(self, scenario: str | Scenario = "hijra", render_mode: str | None = None, belief: bool = False, **config):
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise InputError(f"must be one of {self.metadata['render_modes']} or None, got {render_mode!r}",
                             source="trail_pursuit_v0", field="render_mode")
        self.scenario = load_scenario(scenario)
        self.params: EnvParams = make_params(self.scenario, **config)
        self.render_mode = render_mode
        self.belief = bool(belief)
        self.possible_agents = list(self.params.agent_ids)
        self.agents: list[str] = []
        self._index = {a: i for i, a in enumerate(self.possible_agents)}
        self._seed: int | None = None
        self._episode = 0
        self.state_: core.EnvState | None = None
        self._beliefs: dict[str, object] = {}
        self._motion = motion(self.params) if self.belief else None

    # --- spaces -------------------------------------------------------------------------------

    @functools.cache
    def observation_space(self, agent: str) -> spaces.Dict:
        """PettingZoo's `observation_space`: a Dict of ``patch`` and ``vector`` boxes.

        Searchers also get a ``belief`` box of the map's (H, W) shape when the environment was
        made with ``belief=True``.

        Parameters
        ----------
        agent : str
            An agent id, e.g. ``"tracker_0"``.

        Returns
        -------
        gymnasium.spaces.Dict
        """
        size = 2 * self.params.obs_radius + 1
        parts = {
            "patch": spaces.Box(-PATCH_BOUND, PATCH_BOUND, (len(core.PATCH_CHANNELS), size, size), np.float32),
            "vector": spaces.Box(-1.0, 1.0, (len(core.VECTOR_FIELDS),), np.float32),
        }
        if self.belief and self.params.role[self._index[agent]] == SEARCHER:
            parts["belief"] = spaces.Box(0.0, 1.0, self.params.shape, np.float32)
        return spaces.Dict(parts)

    @functools.cache
    def action_space(self, agent: str) -> spaces.Discrete:
        """PettingZoo's `action_space`: Discrete over the evader's or the pursuer's actions.

        Parameters
        ----------
        agent : str
            An agent id.

        Returns
        -------
        gymnasium.spaces.Discrete
        """
        i = self._index[agent]
        return spaces.Discrete(core.N_EVADER_ACTIONS if self.params.role[i] == EVADER else core.N_PURSUER_ACTIONS)

    # --- episode ------------------------------------------------------------------------------

    def reset(self, seed: int | None = None, options: dict | None = None):
        """Start an episode (PettingZoo's `reset`).

        A seed restarts the sequence of episodes; without one the next episode of the current
        sequence is played (a fresh random seed if none was ever given).

        Parameters
        ----------
        seed : int, optional
            Seed of the sequence of episodes, in [0, 2**63).
        options : dict, optional
            Accepted for the interface; unused.

        Returns
        -------
        observations : dict
            Agent id to its observation.
        infos : dict
            Agent id to an empty dict.

        Raises
        ------
        InputError
            On field ``seed`` when the seed is out of range.
        """
        if seed is not None:
            if not 0 <= int(seed) < SEED_LIMIT:
                raise InputError(f"must be an integer in [0, 2**63), got {seed!r}", source="trail_pursuit_v0",
                                 field="seed")
            self._seed, self._episode = int(seed), 0
        elif self._seed is None:
            self._seed, self._episode = int(np.random.SeedSequence().entropy % SEED_LIMIT), 0
        else:
            self._episode += 1
        self._keys = episode_keys(self._seed, 0, np.array([self._episode]))
        self.state_ = core.reset(self.params, self._keys)
        self.agents = list(self.possible_agents)
        self._beliefs = {a: initial_belief(self.params) for a in self.agents
                         if self.belief and self.params.role[self._index[a]] == SEARCHER}
        return self._observations(self.agents), {a: {} for a in self.agents}

    def step(self, actions: dict):
        """Advance every live agent one step (PettingZoo's parallel `step`).

        Actions of unknown agents are ignored and agents missing from `actions` take action 0;
        the infos carry ``outcome``, ``end_reason``, ``caught`` and ``entered``.

        Parameters
        ----------
        actions : dict
            Agent id to action index.

        Returns
        -------
        observations, rewards, terminations, truncations, infos : dict
            Each keyed by the agents that acted this step.

        Raises
        ------
        RuntimeError
            When called before `reset`.
        """
        if self.state_ is None:
            raise RuntimeError("call reset() before step()")
        acting = list(self.agents)
        row = np.zeros((1, self.params.n_agents), dtype=np.int64)
        for agent, action in actions.items():
            if agent in self._index:
                row[0, self._index[agent]] = int(action)
        self.state_, rewards, term, trunc, info = core.step(self.params, self.state_, row, self._keys)
        for agent in self._beliefs:
            self._beliefs[agent] = update_belief(self.params, self._beliefs[agent], self.state_, 0,
                                                 self._index[agent], self._motion)
        idx = [self._index[a] for a in acting]
        obs = self._observations(acting)
        rew = {a: float(rewards[0, i]) for a, i in zip(acting, idx)}
        terms = {a: bool(term[0, i]) for a, i in zip(acting, idx)}
        truncs = {a: bool(trunc[0, i]) for a, i in zip(acting, idx)}
        reason = str(info["end_reason"][0])
        infos = {a: {"outcome": core.OUTCOMES[int(info["outcome"][0, i])], "end_reason": reason,
                     "caught": bool(info["caught"][0, i]), "entered": bool(info["entered"][0, i])}
                 for a, i in zip(acting, idx)}
        self.agents = [a for a in acting if not (terms[a] or truncs[a])]
        return obs, rew, terms, truncs, infos

    def _observations(self, agents: list[str]) -> dict:
        o = core.observe(self.params, self.state_)
        out = {}
        for a in agents:
            i = self._index[a]
            item = {"patch": o["patch"][0, i], "vector": o["vector"][0, i]}
            if a in self._beliefs:
                item["belief"] = self._beliefs[a].p_.astype(np.float32)
            out[a] = item
        return out

    # --- views --------------------------------------------------------------------------------

    def state(self) -> np.ndarray:
        """The global state: (8, H, W) float32 layers elevation (m), ground, passable, hideout, print
        strength now, evaders (hidden ones too), trackers, searchers."""
        if self.state_ is None:
            raise RuntimeError("call reset() before state()")
        p, s = self.params, self.state_
        layers = np.zeros((8, *p.shape))
        layers[:4] = core.static_layers(p)
        now = render.print_strength_now(p, s, 0)
        np.maximum.at(layers[4], (s.print_rc[0, :, 0], s.print_rc[0, :, 1]), now)
        for a, role in enumerate(p.role):
            if s.alive[0, a]:
                layers[5 + int(role), s.pos[0, a, 0], s.pos[0, a, 1]] += 1.0
        return layers.astype(np.float32)

    def render(self):
        """PettingZoo's `render`: text (``ansi``) or an RGB array (``rgb_array``); None without a render mode or before `reset`."""
        if self.render_mode is None or self.state_ is None:
            return None
        if self.render_mode == "ansi":
            return render.ansi(self.params, self.state_, 0)
        return render.rgb_array(self.params, self.state_, 0)

    def close(self):
        """PettingZoo's `close`: nothing to release."""
        pass


def parallel_env(scenario: str | Scenario = "hijra", render_mode: str | None = None, **config) -> raw_env:
    """The parallel environment (see `raw_env`).

    Parameters
    ----------
    scenario : str or Scenario, default="hijra"
        A built-in scenario name, a scenario file, or a loaded scenario.
    render_mode : str, optional
        ``"ansi"`` or ``"rgb_array"``.
    **config
        Keyword arguments of `make_params` (and ``belief``).

    Returns
    -------
    raw_env
    """
    return raw_env(scenario=scenario, render_mode=render_mode, **config)


def env(scenario: str | Scenario = "hijra", render_mode: str | None = None, **config):
    """The same environment in PettingZoo's turn-by-turn (AEC) form, through PettingZoo's converter.

    Parameters
    ----------
    scenario : str or Scenario, default="hijra"
        As in `parallel_env`.
    render_mode : str, optional
        ``"ansi"`` or ``"rgb_array"``.
    **config
        As in `parallel_env`.

    Returns
    -------
    pettingzoo.AECEnv
    """
    from pettingzoo.utils.conversions import parallel_to_aec

    return parallel_to_aec(parallel_env(scenario=scenario, render_mode=render_mode, **config))
