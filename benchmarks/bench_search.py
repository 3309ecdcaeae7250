"""Speed targets for sevr.search (a script, not a test).

    .venv/bin/python benchmarks/bench_search.py

Times, with the median of several repeats after a warm-up call:
  1. update_miss on a 1000x1000 grid vs a bare NumPy ``(p * (1 - q)).sum()``
     -- target ratio <= 3;
  2. optimal_allocation on 10^6 cells vs ``np.sort`` of 10^6 floats
     for every budget from 10 to 10^7 searcher-hours -- target ratio <= 2;
  3. fab_allocation on a 100x100 grid (sparse 9-neighbour walk), 12 periods
     -- target < 10 s.
Exits with status 1 if a target is missed.
"""
from __future__ import annotations

import sys
import time

import numpy as np

from sevr.search import (
    fab_allocation,
    grid_walk_transition,
    myopic_allocation,
    optimal_allocation,
    update_miss,
)
from timing import median_time, verdict

UPDATE_TARGET = 3.0
ALLOC_TARGET = 2.0
FAB_TARGET_S = 10.0


def main() -> int:
    rng = np.random.default_rng(2024)
    failures = []

    # 1. Bayesian update after a miss
    p = rng.random((1000, 1000))
    q = rng.random((1000, 1000))
    t_bare = median_time(lambda: (p * (1 - q)).sum(), 31)
    t_miss = median_time(lambda: update_miss(p, q), 31)
    r1 = t_miss / t_bare
    print(f"update_miss 1000x1000      : {t_miss * 1e3:8.2f} ms   bare numpy {t_bare * 1e3:6.2f} ms"
          f"   ratio {r1:5.2f}  (target <= {UPDATE_TARGET})")
    if r1 > UPDATE_TARGET:
        failures.append("update_miss")

    # 2. Stationary optimal allocation
    n = 10**6
    poc = rng.random(n) ** 2
    poc /= poc.sum()
    eff = rng.uniform(0.2, 2.0, n)
    x = rng.random(n)
    t_sort = median_time(lambda: np.sort(x), 9)
    ratios = []
    for budget in (10.0, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7):
        t_alloc = median_time(lambda: optimal_allocation(poc, eff, budget), 9)
        t = optimal_allocation(poc, eff, budget)
        err = abs(t.sum() - budget) / budget
        r2 = t_alloc / t_sort
        ratios.append(r2)
        print(f"optimal_allocation 1e6 B={budget:<7g}: {t_alloc * 1e3:8.2f} ms   np.sort {t_sort * 1e3:6.2f} ms"
              f"   ratio {r2:5.2f}  (target <= {ALLOC_TARGET})  active {np.count_nonzero(t)}"
              f"  |sum-B|/B {err:.1e}")
        if err > 1e-9:
            failures.append(f"optimal_allocation budget error {err:.2e}")
    if max(ratios) > ALLOC_TARGET:
        failures.append("optimal_allocation")

    # 3. FAB on a 100x100 grid, 12 periods
    ny = nx = 100
    m = grid_walk_transition(ny, nx, stay=0.5, diagonal=True)
    yy, xx = np.mgrid[0:ny, 0:nx]
    p0 = np.exp(-((yy - 35.0) ** 2 + (xx - 60.0) ** 2) / (2 * 10.0**2))
    e = np.full(ny * nx, 1.0)
    fab_allocation(p0[:5, :5], grid_walk_transition(5, 5), 1.0, 1.0, 2)  # warm-up JIT
    t0 = time.perf_counter()
    _, pod_my = myopic_allocation(p0, m, e, 25.0, 12)
    t_my = time.perf_counter() - t0
    t0 = time.perf_counter()
    _, pod_fab, info = fab_allocation(p0, m, e, 25.0, 12, return_info=True)
    t_fab = time.perf_counter() - t0
    print(f"fab_allocation 100x100x12  : {t_fab:8.2f} s    ({info['iterations']} sweeps, "
          f"converged={info['converged']})  target < {FAB_TARGET_S} s")
    print(f"    POD total: FAB {pod_fab:.6f}  vs myopic {pod_my:.6f} ({t_my * 1e3:.0f} ms)")
    if t_fab > FAB_TARGET_S:
        failures.append("fab_allocation")
    if pod_fab < pod_my - 1e-12:
        failures.append("fab worse than myopic")

    return verdict(failures, "search")


if __name__ == "__main__":
    sys.exit(main())
