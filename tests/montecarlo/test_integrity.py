"""Chunk records in the manifest: damage is repaired on resume and refused by `report`, naming the file."""
import dataclasses
import json
import shutil

import numpy as np
import pytest

from sevr.montecarlo import runner, store

from .conftest import flat, invoke, write_spec

SPEC = """
    title = "integrity"
    scenario = "hijra"
    episodes = 2048
    seed = 3
    [[points]]
    label = "as told"
"""


@pytest.fixture(scope="module")
def done_sweep(tmp_path_factory):
    """A finished two-chunk sweep, copied fresh for each test."""
    base = tmp_path_factory.mktemp("integrity")
    spec = write_spec(base, SPEC)
    out = base / "out"
    result = invoke("sweep", spec, "--out", out, "--chunk-blocks", "1")
    assert result.exit_code == 0, result.output
    return spec, out


@pytest.fixture
def sweep(done_sweep, tmp_path):
    spec, out = done_sweep
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    return spec, copy


def one_error_line(result) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    return lines[0]


def chunk(out, i: int):
    return out / "results" / "point=0" / f"chunk-{i:06d}.parquet"


def test_manifest_records_every_chunk(sweep):
    _, out = sweep
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["complete"] is True
    assert list(manifest["chunks"]) == ["point=0/chunk-000000.parquet", "point=0/chunk-000001.parquet"]
    second = manifest["chunks"]["point=0/chunk-000001.parquet"]
    assert (second["rows"], second["first_episode"], second["last_episode"]) == (1024, 1024, 2047)
    assert second == store.chunk_record(store.file_digest(chunk(out, 1)), 1024, 1024)


def test_one_flipped_bit_is_refused_by_report_and_repaired_by_resume(sweep):
    spec, out = sweep
    original = chunk(out, 1).read_bytes()
    summary = (out / "summary.csv").read_bytes()
    damaged = bytearray(original)
    damaged[len(damaged) // 2] ^= 0x01
    chunk(out, 1).write_bytes(bytes(damaged))

    line = one_error_line(invoke("report", out))
    assert "chunk-000001.parquet" in line and "sha256" in line
    assert (out / "summary.csv").read_bytes() == summary, "a refused report must not rewrite the summary"

    result = invoke("sweep", spec, "--out", out, "--chunk-blocks", "1")
    assert result.exit_code == 0, result.output
    assert "1 chunk file(s) failed their check" in flat(result.output)
    assert "Resuming: 1 of 2 chunks already on disk" in flat(result.output)
    assert chunk(out, 1).read_bytes() == original, "the recomputed chunk must be the same bytes"
    assert invoke("report", out).exit_code == 0


def test_empty_chunk_is_refused_by_report_and_recomputed_by_resume(sweep):
    spec, out = sweep
    chunk(out, 0).write_bytes(b"")
    line = one_error_line(invoke("report", out))
    assert "chunk-000000.parquet" in line and "0 bytes" in line
    assert invoke("sweep", spec, "--out", out, "--chunk-blocks", "1").exit_code == 0
    assert chunk(out, 0).stat().st_size > 0
    assert invoke("report", out).exit_code == 0


def test_missing_chunk_is_refused_by_report(sweep):
    _, out = sweep
    chunk(out, 1).unlink()
    line = one_error_line(invoke("report", out))
    assert "chunk-000001.parquet" in line and "missing" in line


def test_stray_chunk_is_refused_not_summed(sweep):
    spec, out = sweep
    stray = out / "results" / "point=0" / "chunk-000007.parquet"
    shutil.copy(chunk(out, 0), stray)
    line = one_error_line(invoke("report", out))
    assert "chunk-000007.parquet" in line and "not recorded" in line
    line = one_error_line(invoke("sweep", spec, "--out", out, "--chunk-blocks", "1"))
    assert "chunk-000007.parquet" in line


def test_unrecorded_copy_at_a_planned_name_is_recomputed_not_adopted(sweep):
    """Chunk 0's file copied over chunk 1 (its own metadata says episodes 0-1023): resume redoes it."""
    spec, out = sweep
    original = chunk(out, 1).read_bytes()
    manifest = json.loads((out / "manifest.json").read_text())
    del manifest["chunks"]["point=0/chunk-000001.parquet"]
    manifest["complete"] = False
    (out / "manifest.json").write_text(json.dumps(manifest))
    shutil.copy(chunk(out, 0), chunk(out, 1))
    assert "not recorded" in one_error_line(invoke("report", out))
    result = invoke("sweep", spec, "--out", out, "--chunk-blocks", "1")
    assert result.exit_code == 0, result.output
    assert chunk(out, 1).read_bytes() == original


def test_chunk_written_just_before_a_kill_is_adopted_not_rewritten(sweep):
    """The file is complete but its record had not reached the manifest: resume checks and keeps it."""
    spec, out = sweep
    stamp = chunk(out, 1).stat().st_mtime_ns
    manifest = json.loads((out / "manifest.json").read_text())
    record = manifest["chunks"].pop("point=0/chunk-000001.parquet")
    manifest["complete"] = False
    (out / "manifest.json").write_text(json.dumps(manifest))
    result = invoke("sweep", spec, "--out", out, "--chunk-blocks", "1")
    assert result.exit_code == 0, result.output
    assert "2 of 2 chunks already on disk" in flat(result.output)
    assert chunk(out, 1).stat().st_mtime_ns == stamp
    assert json.loads((out / "manifest.json").read_text())["chunks"]["point=0/chunk-000001.parquet"] == record


@pytest.mark.parametrize("text, expected", [
    ("[1, 2]", "not a sweep manifest"),
    ("{}", "format: is missing"),
    ("not json", "cannot be read"),
])
def test_manifest_that_is_not_ours_is_one_line(sweep, text, expected):
    _, out = sweep
    (out / "manifest.json").write_text(text)
    line = one_error_line(invoke("report", out))
    assert expected in flat(line) and "manifest.json" in line


@pytest.mark.parametrize("key", ["chunks", "points", "complete"])
def test_manifest_without_a_key_names_it(sweep, key):
    _, out = sweep
    manifest = json.loads((out / "manifest.json").read_text())
    del manifest[key]
    (out / "manifest.json").write_text(json.dumps(manifest))
    line = one_error_line(invoke("report", out))
    assert f"manifest.json: {key}: is missing" in flat(line)


def test_manifest_key_of_the_wrong_type_is_named(sweep):
    _, out = sweep
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["episodes"] = True
    (out / "manifest.json").write_text(json.dumps(manifest))
    assert "episodes: must be a JSON int" in flat(one_error_line(invoke("report", out)))


def test_summary_csv_is_byte_reproducible(sweep):
    _, out = sweep
    first = (out / "summary.csv").read_bytes()
    assert invoke("report", out).exit_code == 0
    assert (out / "summary.csv").read_bytes() == first
    header, row = first.decode().splitlines()[:2]
    value = dict(zip(header.split(","), row.split(",")))["tracker_delay_min_mean"]
    assert value == format(float(value), ".12g") and len(value.replace(".", "").lstrip("0")) <= 12


def test_report_on_an_incomplete_sweep_says_so(sweep, monkeypatch):
    spec, out = sweep
    manifest = json.loads((out / "manifest.json").read_text())
    del manifest["chunks"]["point=0/chunk-000001.parquet"]
    manifest["complete"] = False
    (out / "manifest.json").write_text(json.dumps(manifest))
    chunk(out, 1).unlink()
    result = invoke("report", out)
    assert result.exit_code == 0, result.output
    assert "Incomplete sweep: 1,024 of 2,048 episodes are on disk" in flat(result.output)
    assert "1,024" in (out / "summary.md").read_text()
    # a complete folder says nothing of the kind
    assert invoke("sweep", spec, "--out", out, "--chunk-blocks", "1").exit_code == 0
    assert "Incomplete" not in invoke("report", out).output


def inf_engine(scenario, seed, point, first, count, light_mode=None):
    cols = runner.ENGINES["batched"](scenario, seed, point, first, count, light_mode)
    cols["tracker_delay_min"] = np.where(np.arange(count) == 3, np.inf, cols["tracker_delay_min"])
    return cols


def test_infinite_values_never_reach_a_chunk_and_the_rerun_is_not_blocked(tmp_path, monkeypatch):
    spec = write_spec(tmp_path, SPEC)
    out = tmp_path / "out"
    monkeypatch.setitem(runner.ENGINES, "broken", inf_engine)
    from sevr.montecarlo import load_spec, run_design

    design = load_spec(str(spec))
    broken = dataclasses.replace(design, engine="broken")
    with pytest.raises(store.InputError, match="infinite value .*'tracker_delay_min'.* row 3"):
        run_design(broken, out, chunk_blocks=1)
    assert not store.chunk_files(out)
    assert json.loads((out / "manifest.json").read_text())["chunks"] == {}
    # the corrected run (another design: a new fingerprint) may replace the manifest with no chunks
    fixed = write_spec(tmp_path, SPEC.replace("seed = 3", "seed = 4"), "fixed.toml")
    result = invoke("sweep", fixed, "--out", out, "--chunk-blocks", "1")
    assert result.exit_code == 0, result.output
    assert json.loads((out / "manifest.json").read_text())["seed"] == 4


def test_a_different_sweep_with_chunks_is_still_refused(sweep, tmp_path):
    _, out = sweep
    other = write_spec(tmp_path, SPEC.replace("seed = 3", "seed = 4"), "other.toml")
    assert "a different sweep" in one_error_line(invoke("sweep", other, "--out", out, "--chunk-blocks", "1"))


def test_a_failed_run_keeps_the_records_of_its_finished_chunks(tmp_path, monkeypatch):
    spec = write_spec(tmp_path, SPEC)
    out = tmp_path / "out"
    calls = []

    def dies_on_second(scenario, seed, point, first, count, light_mode=None):
        calls.append(first)
        if first >= 1024:
            raise RuntimeError("worker lost")
        return runner.run_batched(scenario, seed, point, first, count, light_mode)

    monkeypatch.setitem(runner.ENGINES, "batched", dies_on_second)
    monkeypatch.setattr(runner, "MANIFEST_FLUSH_S", 1e9)  # only the final flush can record the chunk
    from sevr.montecarlo import load_spec, run_design

    with pytest.raises(RuntimeError, match="worker lost"):
        run_design(load_spec(str(spec)), out, chunk_blocks=1)
    manifest = json.loads((out / "manifest.json").read_text())
    assert list(manifest["chunks"]) == ["point=0/chunk-000000.parquet"] and manifest["complete"] is False


def test_a_manifest_without_records_but_with_chunk_files_is_not_replaced(sweep, tmp_path):
    """Chunks written before the first record reached the manifest still belong to that sweep."""
    _, out = sweep
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["chunks"], manifest["complete"] = {}, False
    (out / "manifest.json").write_text(json.dumps(manifest))
    other = write_spec(tmp_path, SPEC.replace("seed = 3", "seed = 4"), "other.toml")
    assert "a different sweep" in one_error_line(invoke("sweep", other, "--out", out, "--chunk-blocks", "1"))


def test_a_chunk_record_that_points_outside_results_is_refused(sweep):
    _, out = sweep
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["chunks"]["../manifest.json"] = manifest["chunks"]["point=0/chunk-000000.parquet"]
    (out / "manifest.json").write_text(json.dumps(manifest))
    line = flat(one_error_line(invoke("report", out)))
    assert "manifest.json: chunks: '../manifest.json' is not the name of a chunk" in line
