"""The benchmark protocol of trail_pursuit_v0: fixed configuration, fixed seeds, five metrics.

A policy pairing is scored by playing `episodes` episodes of seed `seed` in the batched
environment (`sevr.envs.vector.BatchedTrailPursuit`), each episode once, to its end. Per episode:

- captured: the (first) evader was caught;
- time to capture: minutes from the start to the capture (captured episodes only);
- hidden undetected: at the horizon the evader was free and in a hideout;
- prints left: prints the evaders made;
- prints read: prints the pursuers read (a print read by two pursuers, or on two steps, counts
  each time it is read in a step by anyone; `core.step`'s ``prints_read``).

Shares have 95 % Wilson score intervals, means 95 % Student t intervals
(`sevr.montecarlo.summary`). The table of every pair of scripted policies is written by
tools/env_protocol.py into docs/envs.md.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sevr.envs import core
from sevr.envs.params import EVADER, EnvParams
from sevr.envs.vector import BatchedTrailPursuit, Policy

if TYPE_CHECKING:
    from sevr.scenarios.schema import EvasionScenario

# The protocol's environment: the Hijra map with make_params' defaults except a horizon of five hours.
PROTOCOL_CONFIG = dict(max_steps=300)
PROTOCOL_SEED = 2026       # the table's episodes: seed 2026, episodes 0 .. n-1
EVAL_SEED = 622            # held-out episodes for trained agents (never used in training)
PROTOCOL_EPISODES = 512


@dataclass(frozen=True)
class Score:
    """Per-episode results of one pairing (arrays of length `episodes`)."""

    captured: np.ndarray
    capture_min: np.ndarray    # NaN where not captured
    hidden_undetected: np.ndarray
    prints_left: np.ndarray
    prints_read: np.ndarray

    def summary(self) -> dict:
        """Estimates with 95 % intervals: name -> (estimate, low, high)."""
        from sevr.montecarlo.summary import t_interval, wilson

        n = len(self.captured)
        out = {}
        for name in ("captured", "hidden_undetected"):
            p, lo, hi = wilson(int(getattr(self, name).sum()), n)
            out[name] = (float(p), float(lo), float(hi))
        for name, values in (("capture_min", self.capture_min[self.captured]), ("prints_left", self.prints_left),
                             ("prints_read", self.prints_read)):
            values = np.asarray(values, dtype=float)
            if len(values) == 0:
                out[name] = (float("nan"),) * 3
                continue
            sd = float(values.std(ddof=1)) if len(values) > 1 else float("nan")
            lo, hi = t_interval(float(values.mean()), sd, len(values))
            out[name] = (float(values.mean()), float(lo), float(hi))
        return out


def play_pairing(params: EnvParams, policies: dict[int, Policy], episodes: int = PROTOCOL_EPISODES,
                 seed: int = PROTOCOL_SEED, policy_seed: int = 0) -> Score:
    """Play episodes 0 .. episodes-1 of `seed` with every agent on its scripted policy.

    Parameters
    ----------
    params : EnvParams
    policies : dict of int to Policy
        One policy per agent index.
    episodes : int, default=PROTOCOL_EPISODES
    seed : int, default=PROTOCOL_SEED
    policy_seed : int, default=0
        Seeds the Generator the policies draw from (mixed with `seed`).

    Returns
    -------
    Score
    """
    missing = sorted(set(range(params.n_agents)) - set(policies))
    if missing:
        raise ValueError(f"no policy for agents {[params.agent_ids[i] for i in missing]}")
    batch = BatchedTrailPursuit(params, episodes, observed=[])  # the policies read the state, not observations
    batch.reset(seed=seed)
    rng = np.random.default_rng([policy_seed, seed])
    ev = int(np.flatnonzero(params.role == EVADER)[0])
    captured = np.zeros(episodes, dtype=bool)
    capture_min = np.full(episodes, np.nan)
    hidden = np.zeros(episodes, dtype=bool)
    made = np.zeros(episodes, dtype=np.int64)
    read = np.zeros(episodes, dtype=np.int64)
    finished = np.zeros(episodes, dtype=bool)
    actions = np.zeros((episodes, params.n_agents), dtype=np.int64)
    while not finished.all():
        for i, policy in policies.items():
            actions[:, i] = policy(params, batch.state, i, rng)
        _, _, _, _, info = batch.step(actions)
        playing = ~finished & ~info["restarted"]
        made += np.where(playing, info["prints_made"], 0)
        read += np.where(playing, info["prints_read"], 0)
        now_caught = playing & info["caught"][:, ev]
        captured |= now_caught
        capture_min[now_caught] = batch.state.step[now_caught] * params.step_min
        over = playing & info["episode_over"]
        hidden |= over & (info["outcome"][:, ev] == core.HIDDEN)
        finished |= over
    return Score(captured, capture_min, hidden, made, read)


# --- the scripted policies of sevr.envs.policies, one agent over all episodes ------------------------

def batched(policy) -> Policy:
    """A `sevr.envs.policies` policy (``act(view, rng)`` per episode) as a `Policy` over all episodes.

    Episodes that are over and agents that were caught get action 0 (ignored by the step).
    """
    from sevr.envs.policies import AgentView

    def act(params: EnvParams, state: core.EnvState, agent: int, rng: np.random.Generator) -> np.ndarray:
        out = np.zeros(len(state.step), dtype=np.int64)
        for e in np.flatnonzero(state.alive[:, agent] & ~state.done):
            out[e] = policy.act(AgentView(params, state, int(e), agent), rng)
        return out

    return act


TACTICS_OFF = {"evaders.tactics.tiptoe": False, "evaders.tactics.reversals": False}


def catalogue(scenario: EvasionScenario, params: EnvParams) -> tuple[dict, dict]:
    """The protocol's evaders and pursuer teams for an evasion scenario.

    Returns
    -------
    evaders : dict of str to Policy
        "story, tactics on" (the story's walk on tiptoe with its false turns, `StoryEvader`),
        "story, tactics off" (the same walk laid out without false turns, at a normal walk) and
        "random".
    teams : dict of str to dict of int to Policy
        "scripted" (every tracker a `TrailTracker`, every searcher a `BayesSearcher`) and "random".
    """
    from sevr.envs.policies import BayesSearcher, RandomPolicy, StoryEvader, TrailTracker
    from sevr.envs.params import TRACKER
    from sevr.scenarios.loader import with_overrides

    ev = int(np.flatnonzero(params.role == EVADER)[0])
    plain = with_overrides(scenario, TACTICS_OFF, label="tactics off")
    evaders = {"story, tactics on": batched(StoryEvader(scenario, params)),
               "story, tactics off": batched(StoryEvader(plain, params)),
               "random": batched(RandomPolicy())}
    scripted, rand = {}, {}
    for i, role in enumerate(params.role):
        if i == ev:
            continue
        scripted[i] = batched(TrailTracker(scenario) if role == TRACKER else BayesSearcher(params))
        rand[i] = batched(RandomPolicy())
    return evaders, {"scripted": scripted, "random": rand}
