"""A small sweep end to end: Parquet rows read back with DuckDB, chunking, rerun, report."""
import csv
import json

import duckdb
import numpy as np
import pytest

from sevr.sim.outcomes import COLUMNS
from tests.images import assert_drawn

from .conftest import SMALL_SPEC, flat, invoke, rows, write_spec


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    """The same 2-point x 2048-episode spec run with chunks of 1 block and of 2 blocks."""
    base = tmp_path_factory.mktemp("sweep")
    spec = write_spec(base, SMALL_SPEC)
    outs = {}
    for k in (1, 2):
        outs[k] = base / f"out{k}"
        result = invoke("sweep", spec, "--out", outs[k], "--chunk-blocks", k)
        assert result.exit_code == 0, result.output
    return spec, outs


def test_rows_read_back_as_one_table(swept):
    _, outs = swept
    t = rows(outs[1])
    assert t.num_rows == 2 * 2048
    expected = {"point", "label", "evaders.tactics.reversals", "seed", *COLUMNS}
    assert expected <= set(t.column_names)
    assert t.schema.field("point").type == "int64"   # the folder name and the column agree
    glob = f"{outs[1]}/**/*.parquet"
    per_point = duckdb.sql(f"SELECT point, count(*), count(DISTINCT episode), min(episode), max(episode), "
                           f'bool_and("evaders.tactics.reversals") FROM read_parquet(\'{glob}\') '
                           "GROUP BY point ORDER BY point").fetchall()
    assert per_point == [(0, 2048, 2048, 0, 2047, True), (1, 2048, 2048, 0, 2047, False)]
    assert len(list((outs[1] / "results" / "point=0").glob("chunk-*.parquet"))) == 2
    found = np.array(t["found"].to_pylist())
    t_found = np.array(t["t_found_h"].to_pylist(), dtype=float)
    assert np.isnan(t_found[~found]).all() and not np.isnan(t_found[found]).any()  # NULL when not found


def test_same_rows_whatever_the_chunk_size(swept):
    _, outs = swept
    assert rows(outs[1]).equals(rows(outs[2]))
    assert len(list((outs[2] / "results" / "point=1").glob("*.parquet"))) == 1


def test_summary_matches_the_rows(swept):
    _, outs = swept
    t = rows(outs[1]).to_pydict()
    with open(outs[1] / "summary.csv", newline="") as fh:
        summary = list(csv.DictReader(fh))
    assert [r["label"] for r in summary] == ["reversals=true", "reversals=false"]
    for r in summary:
        sel = np.array(t["point"]) == int(r["point"])
        found = np.array(t["found"])[sel]
        assert int(r["episodes"]) == sel.sum() and int(r["n_found"]) == found.sum()
        assert float(r["p_found_lo"]) <= float(r["p_found"]) <= float(r["p_found_hi"])
        disc = np.array(t["discovered_h"])[sel]
        assert float(r["discovered_h_mean"]) == pytest.approx(disc.mean())
        branch = np.array(t["tracker_branch_min"])[sel]
        assert float(r["tracker_branch_min_mean"]) == pytest.approx(branch.mean(), abs=1e-9)
    assert float(summary[1]["tracker_branch_min_mean"]) == 0.0 < float(summary[0]["tracker_branch_min_mean"])
    for name in ("p_found_by_point.png", "tracker_delay.png"):
        assert_drawn(outs[1] / name, min_colours=10, min_inked=0.02)
    md = (outs[1] / "summary.md").read_text()
    assert "reversals=true" in md and "reversals=false" in md
    assert md.index("reversals=true") < md.index("reversals=false")  # in the order of the points


def test_report_redraws_from_the_parquet(swept):
    _, outs = swept
    out = outs[2]
    names = ("summary.csv", "summary.md", "p_found_by_point.png")
    before = {name: (out / name).read_bytes() for name in names}
    for name in names:
        (out / name).unlink()
    result = invoke("report", out)
    assert result.exit_code == 0, result.output
    assert {name: (out / name).read_bytes() for name in names} == before  # the same files again
    assert "small (95 % intervals)" in flat(result.output) and "summary.md" in flat(result.output)


def test_rerun_skips_everything_and_other_designs_are_refused(swept, tmp_path):
    spec, outs = swept
    out = outs[1]
    before = rows(out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")}
    result = invoke("sweep", spec, "--out", out)   # chunk size comes from the manifest
    assert result.exit_code == 0, result.output
    assert "4 of 4 chunks were already on disk" in flat(result.output)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")} == mtimes
    assert rows(out).equals(before)

    result = invoke("sweep", spec, "--out", out, "--chunk-blocks", 3)
    assert result.exit_code == 2 and "--chunk-blocks 1" in flat(result.output)
    other = write_spec(tmp_path, SMALL_SPEC.replace("seed = 5", "seed = 6"), "other.toml")
    result = invoke("sweep", other, "--out", out)
    assert result.exit_code == 2 and "manifest.json" in flat(result.output)
    assert "different sweep" in flat(result.output)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")} == mtimes
    assert json.loads((out / "manifest.json").read_text())["seed"] == 5


def test_report_on_a_folder_that_is_not_a_sweep(tmp_path):
    result = invoke("report", tmp_path)
    assert result.exit_code == 2 and "manifest.json" in flat(result.output)
