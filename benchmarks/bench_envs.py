"""Speed of trail_pursuit_v0's vector environment against PettingZoo's pursuit and MPE's simple_tag.

    .venv/bin/python benchmarks/bench_envs.py [SECONDS_PER_MEASURE]

All in this process, one after the other, on the Hijra map with the environment's defaults (50 m
cells, one-minute steps, 1 evader, 1 tracker, 1 searcher, 11 x 11 patches of 7 channels): uniformly
random actions through the batched environment (`sevr.envs.vector.BatchedTrailPursuit`, Numba
engine), step and every agent's observation, episodes restarting as they end, at 1, 64 and 1,024
parallel episodes; the NumPy reference at 64 episodes for scale; then the fused kernel alone at
1,024 episodes on one and on two threads (`measure_kernel`), which leaves the Python side out. The
peers (benchmarks/peer_envs.py) run with their default agent counts through the parallel API with
random actions; "n episodes" of a peer are n instances stepped in a loop (neither ships a vector
wrapper of its own).

Goals (issue 12): at least 100 times pursuit_v5's env-steps/s, and at least a million agent-steps/s
at 1,024 episodes on two cores.
"""
from __future__ import annotations

import os
import sys
import time

import numpy as np

import peer_envs
from timing import verdict

SPEEDUP_TARGET = 100.0
AGENT_STEPS_TARGET = 1e6
SEVR_EPISODES = (1, 64, 1024)
PEER_EPISODES = (1, 64)


def _rates(step, batch, pool, seconds: float):
    """(env-steps/s, agent-steps/s, CPU ms per step) of `step(actions)` cycling through `pool` (drawn
    before timing) on `batch` (a BatchedTrailPursuit, whose state gives the live agents). CPU time
    (all threads of this process) is less inflated by other jobs than wall time."""
    for k in range(3):  # warm-up (compilation is cached on disk after the first run)
        step(pool[k])
    steps = agent_steps = 0
    c0 = time.process_time()
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        alive, done = batch.state.alive, batch.state.done  # live agents: alive, their episode not over
        live = np.count_nonzero(alive) - np.count_nonzero(alive[done])
        step(pool[steps % len(pool)])
        steps += 1
        agent_steps += int(live)
    dt = time.perf_counter() - t0
    return steps * batch.n_envs / dt, agent_steps / dt, (time.process_time() - c0) / steps * 1e3


def measure_sevr(params, n_envs: int, seconds: float, engine: str = "fast", seed: int = 0):
    """`_rates` of the batched env, every agent observed: random actions, step + observations."""
    from sevr.envs import core
    from sevr.envs.vector import BatchedTrailPursuit

    batch = BatchedTrailPursuit(params, n_envs, engine)
    batch.reset(seed=seed)
    rng = np.random.default_rng(seed)
    pool = [rng.integers(0, core.n_actions(params), (n_envs, params.n_agents)) for _ in range(16)]
    return _rates(batch.step, batch, pool, seconds)


def measure_learner(params, n_envs: int, seconds: float, seed: int = 0):
    """`_rates` of Gymnasium's `EvaderVectorEnv`: the evader's actions from a pool, the pursuers random
    (their draws timed), only the evader observed."""
    from sevr.envs.vector import EvaderVectorEnv

    env = EvaderVectorEnv(params, n_envs)
    env.reset(seed=seed)
    rng = np.random.default_rng(seed)
    pool = [rng.integers(0, env.single_action_space.n, n_envs) for _ in range(16)]
    return _rates(env.step, env.batch, pool, seconds)


def measure_kernel(params, n_envs: int, threads: int, warm_steps: int = 300, steps: int = 20,
                   repeats: int = 7) -> float:
    """Wall ms per step of the fused Numba kernel alone (no Python side), on `threads` threads: the
    batch after `warm_steps` random steps, then `steps` steps from that same saved state, best of
    `repeats` (the same work every repeat, so the best is the least disturbed)."""
    import numba

    from sevr.envs import core, fast
    from sevr.envs.vector import BatchedTrailPursuit

    batch = BatchedTrailPursuit(params, n_envs)
    batch.reset(seed=0)
    rng = np.random.default_rng(0)
    pool = [rng.integers(0, core.n_actions(params), (n_envs, params.n_agents)) for _ in range(16)]
    for k in range(warm_steps):
        batch.step(pool[k % len(pool)])
    saved = fast.copy_state(batch.state)
    out = fast.step_out(n_envs, params.n_agents)
    patch, vector = fast.observation_buffers(params, n_envs)
    before = numba.get_num_threads()
    numba.set_num_threads(threads)
    best = float("inf")
    try:
        for _ in range(repeats):
            state = fast.copy_state(saved)
            t0 = time.perf_counter()
            for k in range(steps):
                fast.step_observe_inplace(batch.fp, state, pool[k % len(pool)], batch.keys, out, patch, vector)
            best = min(best, (time.perf_counter() - t0) / steps)
    finally:
        numba.set_num_threads(before)
    return best * 1e3


def main() -> int:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    from sevr.envs.params import make_params
    from sevr.scenarios import load

    params = make_params(load("hijra"))
    print(f"cores: {os.cpu_count()}, seconds per measure: {seconds:g}, load average: "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"trail_pursuit_v0 on the Hijra map: {params.shape[0]} x {params.shape[1]} cells of {params.cell_m:g} m, "
          f"{params.n_agents} agents, {params.max_steps} steps an episode")
    rows = []
    peers = peer_envs.peer_factories()
    for name, make in peers.items():
        for n in PEER_EPISODES:
            rows.append((name, n, *peer_envs.measure_peer(make, n, seconds), float("nan")))
    for n in SEVR_EPISODES:
        rows.append(("trail_pursuit_v0 (fast)", n, *measure_sevr(params, n, seconds)))
    rows.append(("trail_pursuit_v0 (numpy)", 64, *measure_sevr(params, 64, seconds, engine="numpy")))
    for n in SEVR_EPISODES:  # one learner: only its observations are made (not the target's setting)
        rows.append(("EvaderVectorEnv (gym)", n, *measure_learner(params, n, seconds)))

    print(f"{'environment':<26} {'episodes':>8} {'env-steps/s':>13} {'agent-steps/s':>14} {'CPU ms/step':>12}")
    for name, n, env_rate, agent_rate, cpu_ms in rows:
        cpu = "-" if cpu_ms != cpu_ms else f"{cpu_ms:.2f}"
        print(f"{name:<26} {n:>8,} {env_rate:>13,.0f} {agent_rate:>14,.0f} {cpu:>12}")

    import numba

    for threads in sorted({1, min(2, numba.config.NUMBA_NUM_THREADS)}):  # Numba refuses more than it has
        ms = measure_kernel(params, 1024, threads)
        print(f"fused kernel alone, 1,024 episodes, {threads} thread(s): {ms:.2f} ms a step "
              f"({params.n_agents * 1024 / ms / 1e3:.2f} M agent slots a second, without the Python side)")

    best = {(name, n): (e, a) for name, n, e, a, _ in rows}
    sevr_1024 = best[("trail_pursuit_v0 (fast)", 1024)]
    failures = []
    if "pursuit_v5" in peers:
        pursuit = max(best[("pursuit_v5", n)][0] for n in PEER_EPISODES)
        ratio = sevr_1024[0] / pursuit
        print(f"env-steps/s, trail_pursuit_v0 at 1,024 episodes / pursuit_v5 (best of its rows): {ratio:,.0f}x "
              f"(target >= {SPEEDUP_TARGET:.0f}x)")
        if ratio < SPEEDUP_TARGET:
            failures.append(f"{ratio:,.0f}x pursuit_v5 < {SPEEDUP_TARGET:.0f}x")
    else:
        failures.append("pursuit_v5 not installed (the `bench` extra)")
    if "simple_tag_v3" in peers:
        tag = max(best[("simple_tag_v3", n)][0] for n in PEER_EPISODES)
        print(f"env-steps/s, trail_pursuit_v0 at 1,024 episodes / simple_tag_v3: {sevr_1024[0] / tag:,.0f}x")
    print(f"agent-steps/s at 1,024 episodes: {sevr_1024[1] / 1e6:.2f} M (target >= {AGENT_STEPS_TARGET / 1e6:g} M)")
    if sevr_1024[1] < AGENT_STEPS_TARGET:
        failures.append(f"{sevr_1024[1] / 1e6:.2f} M agent-steps/s < 1 M")
    return verdict(failures, "environment")


if __name__ == "__main__":
    sys.exit(main())
