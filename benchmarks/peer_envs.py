"""Speed of the peer grid-chase environments, for bench_envs.py (not part of sevr).

PettingZoo's `pursuit_v5` (SISL) and MPE's `simple_tag_v3` (the `mpe2` package), each with its
default agent counts, stepped through the parallel API in this process with uniformly random
actions, resetting when an episode ends. Neither ships a vector wrapper of its own (PettingZoo's
vectorisation lives in SuperSuit, a separate package built on Gymnasium's process pools), so
"n parallel episodes" of a peer are n instances stepped one after the other in a loop, which is
what a single process can do with them.
"""
from __future__ import annotations

import time

import numpy as np


def peer_factories() -> dict:
    """Name -> a function making one parallel env; empty entries for peers that are not installed."""
    out = {}
    try:
        from pettingzoo.sisl import pursuit_v5
        out["pursuit_v5"] = pursuit_v5.parallel_env
    except ImportError:
        pass
    try:
        from mpe2 import simple_tag_v3
        out["simple_tag_v3"] = simple_tag_v3.parallel_env
    except ImportError:
        pass
    return out


def measure_peer(make, n_envs: int, seconds: float, seed: int = 0) -> tuple[float, float]:
    """(env-steps/s, agent-steps/s) of `n_envs` instances stepped in a loop for about `seconds`.

    One env-step is one call of `step` on one instance; its agent-steps are the agents alive in it.
    Actions are drawn from a seeded Generator over each agent's discrete or box action space.
    """
    rng = np.random.default_rng(seed)
    envs = [make() for _ in range(n_envs)]
    for i, env in enumerate(envs):
        env.reset(seed=seed + i)
    spaces = {a: envs[0].action_space(a) for a in envs[0].possible_agents}

    def act(agent):
        sp = spaces[agent]
        if hasattr(sp, "n"):
            return int(rng.integers(sp.n))
        return rng.uniform(sp.low, sp.high).astype(sp.dtype)

    def sweep() -> int:
        agent_steps = 0
        for env in envs:
            agents = list(env.agents)
            env.step({a: act(a) for a in agents})
            agent_steps += len(agents)
            if not env.agents:
                env.reset()
        return agent_steps

    sweep()  # warm-up
    env_steps = agent_steps = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        agent_steps += sweep()
        env_steps += n_envs
    dt = time.perf_counter() - t0
    for env in envs:
        env.close()
    return env_steps / dt, agent_steps / dt
