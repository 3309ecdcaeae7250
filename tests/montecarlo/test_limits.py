"""Huge requests and out-of-range seeds: exit 2 and one line, nothing written, little memory used."""
import inspect
import tracemalloc

import pytest

from sevr.errors import InputError
from sevr.montecarlo import runner, spec as spec_mod
from sevr.montecarlo.spec import MAX_EPISODES, MAX_POINTS, MAX_SEED, check_seed

from .conftest import invoke, write_spec

MEMORY_BUDGET = 200 * 2**20


def refused(*args, within: int = MEMORY_BUDGET) -> str:
    """Run the CLI in-process under tracemalloc; the refusal must be one line and stay in budget."""
    tracemalloc.start()
    try:
        result = invoke(*args)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert peak < within, f"peak {peak / 2**20:.0f} MiB"
    return " ".join(result.output.split())


def test_a_trillion_episodes_is_refused_before_anything_is_written(tmp_path):
    out = tmp_path / "out"
    line = refused("simulate", "-n", str(10**12), "--out", out)
    assert "--episodes" in line and f"{MAX_EPISODES:,}" in line
    assert not out.exists()


def test_just_past_the_episode_limit_is_refused(tmp_path):
    out = tmp_path / "out"
    assert "past the limit" in refused("simulate", "-n", str(MAX_EPISODES + 1), "--out", out)
    assert not out.exists()


def test_a_million_point_grid_is_refused_without_building_it(tmp_path):
    values = ", ".join(str(v) for v in range(1000))
    spec = write_spec(tmp_path, f"""
        scenario = "hijra"
        episodes = 1024
        [grid]
        "evaders.tactics.wait_days" = [{values}]
        "tracker.hire_delay_min" = [{values}]
    """)
    out = tmp_path / "out"
    line = refused("sweep", spec, "--out", out, within=50 * 2**20)
    assert "1,000,000 points" in line and "grid" in line
    assert not out.exists()


def test_the_point_limit_is_counted_across_grid_and_points(tmp_path):
    points = "\n".join(f'[[points]]\nlabel = "p{i}"' for i in range(MAX_POINTS // 2 + 1))
    spec = write_spec(tmp_path, f"""
        scenario = "hijra"
        episodes = 1024
        [grid]
        "evaders.tactics.decoy" = [true, false]
    """ + "\n" + points)
    line = refused("sweep", spec, "--out", tmp_path / "out")
    assert f"{2 * (MAX_POINTS // 2 + 1):,} points" in line


def test_too_many_chunk_files_are_refused(tmp_path):
    spec = write_spec(tmp_path, f"""
        scenario = "hijra"
        episodes = {MAX_EPISODES}
        [grid]
        "evaders.tactics.decoy" = [true, false]
    """)
    out = tmp_path / "out"
    line = refused("sweep", spec, "--out", out, "--chunk-blocks", "1")
    assert f"limit is {runner.MAX_CHUNKS:,}" in line and "--chunk-blocks" in line
    assert not out.exists()


def test_a_request_the_disk_cannot_hold_is_refused(tmp_path, monkeypatch):
    class Tiny:
        free = 10 * runner.BYTES_PER_ROW * 1024
    monkeypatch.setattr(runner.shutil, "disk_usage", lambda path: Tiny)
    out = tmp_path / "out"
    line = refused("simulate", "-n", "20480", "--out", out)
    assert "GB are free" in line
    assert not out.exists()


def test_the_disk_check_passes_when_the_rows_fit(tmp_path, monkeypatch):
    design = spec_mod.load_spec("ablation", episodes=1024)
    need = len(design.points) * 1024 * runner.BYTES_PER_ROW

    class Enough:
        free = need
    monkeypatch.setattr(runner.shutil, "disk_usage", lambda path: Enough)
    runner.check_size(design, tmp_path, 1)  # exactly enough: accepted
    Enough.free = need - 1
    with pytest.raises(InputError, match="GB are free"):
        runner.check_size(design, tmp_path, 1)


@pytest.mark.parametrize("blocks", ["0", str(runner.MAX_CHUNK_BLOCKS + 1)])
def test_chunk_blocks_out_of_range(tmp_path, blocks):
    spec = write_spec(tmp_path, 'scenario = "hijra"\nepisodes = 1024\n[[points]]\nlabel = "a"\n')
    line = refused("sweep", spec, "--out", tmp_path / "out", "--chunk-blocks", blocks)
    assert "--chunk-blocks" in line and f"between 1 and {runner.MAX_CHUNK_BLOCKS}" in line


def test_the_plan_is_lazy():
    design = spec_mod.load_spec("ablation", episodes=MAX_EPISODES)
    jobs = runner.plan(design, "unused", 1)
    assert inspect.isgenerator(jobs), "the plan must not build every chunk up front"
    first = next(jobs)
    assert (first.point, first.chunk, first.first, first.count) == (0, 0, 0, 1024)
    assert runner.chunks_per_point(MAX_EPISODES, 1) == 976563
    assert runner.chunks_per_point(1024, 1) == 1 and runner.chunks_per_point(1025, 1) == 2


@pytest.mark.parametrize("seed", [str(2**63), str(2**64 + 5), "-1"])
def test_simulate_seed_outside_int64(tmp_path, seed):
    out = tmp_path / "out"
    line = refused("simulate", "-n", "1024", "--seed", seed, "--out", out)
    assert "--seed" in line and "2^63 - 1" in line
    assert not out.exists()


@pytest.mark.parametrize("seed", [str(2**63), "-3", "true", "1.5"])
def test_sweep_spec_seed_outside_int64(tmp_path, seed):
    spec = write_spec(tmp_path, f'scenario = "hijra"\nepisodes = 1024\nseed = {seed}\n[[points]]\nlabel = "a"\n')
    line = refused("sweep", spec, "--out", tmp_path / "out")
    assert "seed" in line and "2^63 - 1" in line and "spec.toml" in line


def test_seed_bounds_are_inclusive():
    assert check_seed(0, None, "--seed") == 0
    assert check_seed(MAX_SEED, None, "--seed") == MAX_SEED
    with pytest.raises(InputError):
        check_seed(MAX_SEED + 1, None, "--seed")


def test_spec_file_size_is_capped(tmp_path):
    spec = tmp_path / "big.toml"
    spec.write_text('scenario = "hijra"\nepisodes = 1024\n' + "#" * spec_mod.MAX_SPEC_BYTES + "\n")
    line = refused("sweep", spec, "--out", tmp_path / "out")
    assert "big.toml" in line and "larger than" in line


def test_limits_are_inclusive(tmp_path, monkeypatch):
    assert spec_mod.check_episodes(MAX_EPISODES, None, "--episodes") == MAX_EPISODES
    design = spec_mod.load_spec("ablation", episodes=2048)
    chunks = len(design.points) * 2
    monkeypatch.setattr(runner, "MAX_CHUNKS", chunks)
    runner.check_size(design, tmp_path, 1)
    monkeypatch.setattr(runner, "MAX_CHUNKS", chunks - 1)
    with pytest.raises(InputError, match=f"would write {chunks} chunk files"):
        runner.check_size(design, tmp_path, 1)


def test_the_point_limit_is_inclusive(tmp_path, monkeypatch):
    monkeypatch.setattr(spec_mod, "MAX_POINTS", 4)
    body = 'scenario = "hijra"\nepisodes = 1024\n[grid]\n"evaders.tactics.wait_days" = [1, 2]\n'
    assert len(load_spec_text(tmp_path, body + '"evaders.tactics.decoy" = [true, false]\n').points) == 4
    with pytest.raises(InputError, match="5 points; the limit is 4"):
        load_spec_text(tmp_path, 'scenario = "hijra"\nepisodes = 1024\n[grid]\n"evaders.tactics.wait_days" = [1, 2, 3, 4, 5]\n')


def load_spec_text(folder, text):
    return spec_mod.load_spec(str(write_spec(folder, text)))


def test_the_largest_chunk_size_is_accepted(tmp_path):
    """256 passes the --chunk-blocks check: the next check (the folder is a file) is the one that fails."""
    spec = write_spec(tmp_path, 'scenario = "hijra"\nepisodes = 1024\n[[points]]\nlabel = "a"\n')
    (tmp_path / "file").write_text("x")
    line = refused("sweep", spec, "--out", tmp_path / "file", "--chunk-blocks", str(runner.MAX_CHUNK_BLOCKS))
    assert "exists and is not a folder" in line
