"""Helpers shared by the benchmark scripts (imported as `timing`; run_all.py runs only bench_*.py)."""
from __future__ import annotations

import statistics
import time


def median_time(fn, repeats: int) -> float:
    """Median wall time (s) of *repeats* calls of *fn*, after one warm-up call (JIT, caches)."""
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def verdict(failures: list[str], what: str) -> int:
    """Print the missed targets (or that all were met); the script's exit status."""
    if failures:
        print("MISSED:", ", ".join(failures))
        return 1
    print(f"all {what} speed targets met")
    return 0
