"""The on-disk cache: keyed by content, atomic, bounded, self-healing, and emptied on demand."""
import os
import pickle

import pytest

from sevr import cache


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("SEVR_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.delenv("SEVR_CACHE_MAX_MB", raising=False)
    monkeypatch.delenv("SEVR_CACHE", raising=False)
    return tmp_path / "c"


class Maker:
    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def test_a_second_call_reads_the_entry_back(folder):
    make = Maker({"a": [1.5, 2.5]})
    assert cache.get_or_make("t", {"x": 1}, make) == {"a": [1.5, 2.5]}
    assert cache.get_or_make("t", {"x": 1}, Maker("other")) == {"a": [1.5, 2.5]}
    assert make.calls == 1
    assert len(list(folder.glob("t-*.pkl"))) == 1
    assert not list(folder.glob(".tmp-*"))  # the temporary file was renamed into place


def test_any_changed_part_is_a_new_entry(folder):
    cache.get_or_make("t", {"x": 1, "y": [1, 2]}, Maker(1))
    assert cache.get_or_make("t", {"x": 1, "y": [1, 3]}, Maker(2)) == 2
    assert cache.get_or_make("u", {"x": 1, "y": [1, 2]}, Maker(3)) == 3
    assert cache.get_or_make("t", {"x": 1, "y": [1, 2]}, Maker(4)) == 1


def test_the_key_includes_the_program(folder, monkeypatch):
    before = cache.key_of("t", {"x": 1})
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another program")
    assert cache.key_of("t", {"x": 1}) != before


def test_the_fingerprint_follows_the_sources(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "sub" / "b.py").write_text("y = 2\n")
    before = cache.sources_digest(tmp_path, "v1")
    assert cache.sources_digest(tmp_path, "v2") != before  # the version
    (tmp_path / "sub" / "b.py").write_text("y = 3\n")
    assert cache.sources_digest(tmp_path, "v1") != before  # one byte of one source
    (tmp_path / "sub" / "b.py").write_text("y = 2\n")
    assert cache.sources_digest(tmp_path, "v1") == before


def test_a_corrupt_entry_is_dropped_and_rebuilt(folder):
    cache.get_or_make("t", {"x": 1}, Maker(1))
    (path,) = folder.glob("t-*.pkl")
    path.write_bytes(path.read_bytes()[:-5])  # truncated
    assert cache.get_or_make("t", {"x": 1}, Maker(2)) == 2
    assert cache.get_or_make("t", {"x": 1}, Maker(3)) == 2  # the rebuilt entry is whole again


def test_an_entry_holding_another_key_is_not_trusted(folder):
    cache.get_or_make("t", {"x": 1}, Maker(1))
    (path,) = folder.glob("t-*.pkl")
    path.write_bytes(pickle.dumps(("t-someone-else", 99)))
    assert cache.get_or_make("t", {"x": 1}, Maker(2)) == 2


def test_errors_are_not_stored(folder):
    def fail():
        raise ValueError("bad input")

    with pytest.raises(ValueError):
        cache.get_or_make("t", {"x": 1}, fail)
    assert not folder.exists() or not list(folder.iterdir())


def test_the_least_recently_used_entries_go_first(folder, monkeypatch):
    for i in range(3):
        cache.get_or_make("t", {"i": i}, Maker(bytes(100_000)))
    paths = {i: next(p for p in folder.glob("*.pkl") if p.name == cache.key_of("t", {"i": i}) + ".pkl")
             for i in range(3)}
    for age, i in ((300, 0), (200, 1), (100, 2)):
        os.utime(paths[i], (paths[i].stat().st_atime - age, paths[i].stat().st_mtime - age))
    cache.get_or_make("t", {"i": 0}, Maker(None))  # a hit: entry 0 becomes the most recent
    size = paths[0].stat().st_size
    monkeypatch.setenv("SEVR_CACHE_MAX_MB", str(3.5 * size / 1e6))
    cache.get_or_make("t", {"i": 3}, Maker(bytes(100_000)))  # four entries do not fit in 3.5
    assert not paths[1].exists()
    assert paths[0].exists() and paths[2].exists()
    assert sum(e.size for e in cache.entries()) <= cache.max_bytes()


def test_clear_empties_the_folder(folder):
    for i in range(2):
        cache.get_or_make("t", {"i": i}, Maker(i))
    (folder / ".tmp-left-over.pkl").write_bytes(b"half")
    count, size = cache.clear()
    assert count == 2 and size > 0
    assert list(folder.iterdir()) == []


def test_off_switch_and_folder_choice(folder, monkeypatch):
    monkeypatch.setenv("SEVR_CACHE", "off")
    make = Maker(1)
    cache.get_or_make("t", {"x": 1}, make)
    cache.get_or_make("t", {"x": 1}, make)
    assert make.calls == 2 and not folder.exists()
    monkeypatch.delenv("SEVR_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    if os.name == "posix" and cache.sys.platform == "linux":
        assert str(cache.cache_dir()) == "/somewhere/sevr"


def test_the_cache_commands(folder):
    from typer.testing import CliRunner

    from sevr.cli import app

    for i in range(3):
        cache.get_or_make("t", {"i": i}, Maker(i))
    info = CliRunner().invoke(app, ["cache", "info"])
    assert info.exit_code == 0 and "entries: 3" in info.output
    cleared = CliRunner().invoke(app, ["cache", "clear"])
    assert cleared.exit_code == 0 and "removed 3 entries" in cleared.output
    assert cache.entries() == []
    assert "entries: 0" in CliRunner().invoke(app, ["cache", "info"]).output


def test_scenario_parts_follow_the_dem_bytes(tmp_path):
    from sevr.scenarios import load, with_overrides

    dem = tmp_path / "dem.tif"
    dem.write_bytes(b"\0" * 4096)
    scenario = with_overrides(load("hijra"), {"terrain.source": str(dem)})
    before = cache.scenario_parts(scenario)
    dem.write_bytes(b"\0" * 4095 + b"\1")
    after = cache.scenario_parts(scenario)
    assert before["scenario"] == after["scenario"] and before["dem_sha256"] != after["dem_sha256"]
    dem.unlink()
    assert cache.scenario_parts(scenario) is None  # nothing cached for a missing file
    assert cache.scenario_parts(load("hijra"))["dem_sha256"] is None


def _write_same_entry(folder: str, value: int) -> int:
    os.environ["SEVR_CACHE_DIR"] = folder
    import time

    def slow():
        time.sleep(0.2)  # all the processes are inside make() together
        return value

    return cache.get_or_make("t", {"shared": True}, slow)


def test_concurrent_runs_leave_one_whole_entry(folder):
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(4) as pool:
        got = list(pool.map(_write_same_entry, [str(folder)] * 4, range(4)))
    assert set(got) <= {0, 1, 2, 3}
    (entry,) = cache.entries()
    assert not list(folder.glob(".tmp-*"))
    final = cache.get_or_make("t", {"shared": True}, Maker(99))
    assert final in got  # the survivor is one process's whole value, read back intact
