"""Kill a sweep with SIGKILL part-way, start it again: every episode exactly once, old chunks untouched."""
import os
import signal
import subprocess
import sys
import time

import duckdb

from .conftest import flat, invoke, write_spec

SPEC = """
    scenario = "hijra"
    episodes = 16384        # 16 blocks: 16 chunk files per point at --chunk-blocks 1
    seed = 9
    [grid]
    "evaders.tactics.tiptoe" = [true, false]
"""


def test_killed_sweep_resumes_without_lost_or_duplicated_rows(tmp_path):
    spec = write_spec(tmp_path, SPEC)
    out = tmp_path / "out"
    env = {**os.environ, "MPLBACKEND": "Agg"}
    proc = subprocess.Popen([sys.executable, "-m", "sevr", "sweep", str(spec), "--out", str(out),
                             "--chunk-blocks", "1"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    try:
        while not list(out.glob("results/point=*/chunk-*.parquet")):
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "no chunk file appeared within 60 s"
            time.sleep(0.005)
        time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    before = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in out.rglob("chunk-*.parquet")}
    assert 0 < len(before) < 32, "the sweep must be killed part-way"
    assert not (out / "summary.csv").exists()

    result = invoke("sweep", spec, "--out", out)
    assert result.exit_code == 0, result.output
    assert f"{len(before)} of 32 chunks already on disk" in flat(result.output)
    for path, stamp in before.items():
        assert (path.stat().st_mtime_ns, path.stat().st_ino) == stamp, f"{path.name} was rewritten"
    assert not list(out.rglob("*.tmp"))
    glob = f"{out}/**/*.parquet"
    counts = duckdb.sql(f"SELECT point, count(*), count(DISTINCT episode), max(episode) "
                        f"FROM read_parquet('{glob}') GROUP BY point ORDER BY point").fetchall()
    assert counts == [(0, 16384, 16384, 16383), (1, 16384, 16384, 16383)]
