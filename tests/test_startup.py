"""Start-up: the CLI loads heavy libraries only in the commands that use them.

Checked by content (which modules a fresh interpreter has loaded), never by the clock.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("matplotlib", "dask", "distributed", "duckdb", "numba", "pyarrow")


def _loaded_after(code: str) -> list[str]:
    """Run `code` in a new interpreter with this checkout first on the path; the heavy modules it loaded."""
    probe = code + f"\nimport sys, json\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
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
