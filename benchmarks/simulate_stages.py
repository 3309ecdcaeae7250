"""Where the fixed cost of `sevr simulate` goes: one run of the command's steps, each timed.

    python benchmarks/simulate_stages.py OUT_DIR [EPISODES]

Run in a new process by `bench_montecarlo.py` (so every import is a first import), with the
preparation already in the cache. Prints one JSON object of wall seconds per stage, in order:
  imports_cli       typer, rich and the CLI module (what `sevr --help` pays)
  imports_scenario  the scenario schema (pydantic) and loading the TOML
  imports_engine    NumPy, Numba, pyarrow, SciPy's special functions (the Monte Carlo draws) and
                    the batched engine's modules
  prepare           the scenario's preparation, read back from the cache
  numba_load        the first call of the batched kernel on one episode: Numba loads the compiled
                    kernel from its cache (and initialises its CPU target, threads included)
  kernel            the EPISODES episodes themselves
  parquet           the chunk's Arrow table and its Parquet file, with the manifest
  summary           DuckDB's import and the outcome table over the Parquet files
  plots             Matplotlib's import and the histogram figure
  total             from the first line of this script to the end
The sum is the command's own work; a `sevr` process also pays the interpreter's start-up
(measured by `bench_montecarlo.py` as `python -c pass`).
"""
from __future__ import annotations

import time

T0 = time.perf_counter()

import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def main() -> None:
    out = Path(sys.argv[1])
    episodes = int(sys.argv[2]) if len(sys.argv) > 2 else 1024
    stages: dict[str, float] = {}
    last = [T0]

    def mark(name: str) -> None:
        now = time.perf_counter()
        stages[name] = now - last[0]
        last[0] = now

    import sevr.cli  # noqa: F401

    mark("imports_cli")
    from sevr.scenarios import load

    model = load("hijra", kind="evasion")
    mark("imports_scenario")
    from sevr.montecarlo import store
    from sevr.montecarlo.runner import plan
    from sevr.montecarlo.spec import single_point
    from sevr.sim.batched import run_batched
    from sevr.sim.prepare import prepare
    from scipy import special  # noqa: F401  (imported by the first draws, sevr.sim.draws)

    mark("imports_engine")
    prepare(model)
    mark("prepare")
    run_batched(model, 0, 0, 0, 1)
    mark("numba_load")
    design = single_point(model, "hijra", episodes, 0, "batched", {})
    (job,) = list(plan(design, out, 16))
    cols = run_batched(job.scenario, job.seed, job.point, job.first, job.count)
    mark("kernel")
    manifest = store.new_manifest(design, 16)
    info = {"fingerprint": job.fingerprint, "point": job.point, "first_episode": job.first, "rows": job.count}
    digest = store.write_atomic(store.chunk_table(job.schema, cols, job.constants, info), job.path)
    manifest["chunks"][job.key] = store.chunk_record(digest, job.first, job.count)
    manifest["complete"] = True
    store.write_manifest(out, manifest)
    mark("parquet")
    from sevr.montecarlo.summary import summarize, write_summary

    rows = summarize(out, manifest, store.verified_chunks(out, manifest))
    mark("summary")
    from sevr.montecarlo.plots import draw_all

    plots = draw_all(out, rows, manifest)
    write_summary(out, rows, manifest, plots)
    mark("plots")
    stages["total"] = time.perf_counter() - T0
    print(json.dumps(stages))


if __name__ == "__main__":
    main()
