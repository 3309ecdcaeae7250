"""Shared helpers: write a spec, run the CLI in-process, read a sweep folder back with DuckDB."""
from __future__ import annotations

import textwrap
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from sevr.cli import app

SMALL_SPEC = """
    title = "small"
    scenario = "hijra"
    episodes = 2048
    seed = 5
    [grid]
    "evaders.tactics.reversals" = [true, false]
"""


def write_spec(folder: Path, text: str, name: str = "spec.toml") -> Path:
    path = Path(folder) / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def invoke(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def flat(text: str) -> str:
    """Output with Rich's line wrapping undone, for substring checks."""
    return " ".join(text.split())


def rows(out: Path, where: str = "true"):
    """Every row of a sweep folder, ordered, as an Arrow table (the way a user would read it)."""
    glob = str(Path(out) / "**" / "*.parquet")
    return duckdb.sql(f"SELECT * FROM read_parquet('{glob}') WHERE {where} ORDER BY point, episode").arrow().read_all()


@pytest.fixture
def small_spec(tmp_path):
    return write_spec(tmp_path, SMALL_SPEC)
