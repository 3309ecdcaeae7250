"""Start-up: the CLI loads heavy libraries only in the commands that use them.

Checked by content (which modules a fresh interpreter has loaded), never by the clock.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("matplotlib", "dask", "distributed", "duckdb", "numba", "pyarrow")


def _loaded_after(code: str, watch: tuple[str, ...] = HEAVY) -> list[str]:
    """Run `code` in a new interpreter with this checkout first on the path; the `watch` modules it loaded."""
    probe = code + f"\nimport sys, json\nprint(json.dumps(sorted(m for m in {watch!r} if m in sys.modules)))"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_importing_the_cli_loads_no_heavy_library():
    assert _loaded_after("import sevr.cli") == []


def test_a_failing_validation_is_answered_before_the_heavy_imports(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[meta]\nkind = "evasion"\nname = 3\n')
    for command in ("run", "simulate"):
        code = (f"from sevr.cli import app\ntry:\n    app([{command!r}, {str(bad)!r}])\n"
                "except SystemExit as exit:\n    assert exit.code == 2, exit.code\nelse:\n    raise AssertionError('accepted')")
        assert _loaded_after(code) == [], command


def test_the_probe_sees_a_heavy_import():
    # The check above could pass vacuously if the probe never saw anything: here it must.
    assert _loaded_after("import sevr.montecarlo.store") == ["pyarrow"]


def test_a_story_run_loads_neither_the_solvers_nor_scipy():
    # `sevr run` needs the Bayes updates and the exponential detection law, not the allocation
    # solvers, FAB's sparse matrices or SciPy's special functions (Monte Carlo draws, the
    # inverse-cube law): `sevr.search` hands out each name from its own module on first use.
    watch = ("scipy.special", "scipy.sparse", "sevr.search.allocation", "sevr.search.fab")
    code = ("from sevr.sim.narrated import run_narrated\nfrom sevr.report.outputs import write_story_outputs\n"
            "from sevr.search import update_miss, pod\npod(1.0)")
    assert _loaded_after(code, watch) == []
    assert _loaded_after(code + "\nfrom sevr.search import optimal_allocation, fab_allocation", watch) == list(watch)[1:]
    assert _loaded_after(code + "\npod(1.0, 'inverse_cube')", watch) == ["scipy.special"]


def test_writing_a_chunk_loads_no_pandas(tmp_path):
    # pyarrow imports pandas (half a second) the first time `pa.array` is called, whatever it is
    # given; the store builds its columns from NumPy buffers instead (`store.arrow_array`).
    code = ("import numpy as np, pyarrow as pa\nfrom pathlib import Path\nfrom sevr.montecarlo import store\n"
            "schema = pa.schema([pa.field('point', pa.int64()), pa.field('label', pa.string()),\n"
            "                    pa.field('found', pa.bool_()), pa.field('t', pa.float64())])\n"
            "cols = {'found': np.array([True, False]), 't': np.array([1.5, np.nan])}\n"
            "table = store.chunk_table(schema, {'episode': np.arange(2), **cols}, {'point': 0, 'label': 'x'})\n"
            f"store.write_atomic(table, Path({str(tmp_path / 'c.parquet')!r}))\n"
            f"assert pa.parquet.ParquetFile({str(tmp_path / 'c.parquet')!r}).metadata.num_rows == 2")
    assert _loaded_after(code, ("pandas", "pyarrow")) == ["pyarrow"]
