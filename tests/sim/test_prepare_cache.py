"""The scenario preparation through the disk cache: same rows from an entry, never a stale entry."""
import numpy as np
import pytest

from sevr import cache
from sevr.scenarios import load, with_overrides
from sevr.sim import prepare as prep_mod
from sevr.sim.batched import run_batched


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty cache folder and an empty in-memory cache, so each prepare() goes to the disk."""
    monkeypatch.setenv("SEVR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SEVR_CACHE", raising=False)
    monkeypatch.setattr(prep_mod, "_CACHE", prep_mod.BoundedCache(16))
    return tmp_path


def _forget():
    prep_mod._CACHE._items.clear()


class Counting:
    """Stands in for the real preparation: counts its calls, returns a small picklable marker."""

    def __init__(self):
        self.calls = 0

    def __call__(self, scenario, mode):
        self.calls += 1
        return ("prepared", self.calls)


def test_an_entry_gives_the_same_rows_as_a_fresh_preparation(fresh, monkeypatch):
    hijra = load("hijra")
    built = run_batched(hijra, seed=3, point=0, first=0, count=300)
    assert len(cache.entries()) == 1
    _forget()

    def must_not_run(*_):
        raise AssertionError("prepared again although the entry was on disk")

    monkeypatch.setattr(prep_mod, "_prepare", must_not_run)
    again = run_batched(hijra, seed=3, point=0, first=0, count=300)
    assert built.keys() == again.keys()
    for name in built:
        np.testing.assert_array_equal(built[name], again[name], err_msg=name)


def test_one_changed_scenario_value_is_prepared_again(fresh, monkeypatch):
    counting = Counting()
    monkeypatch.setattr(prep_mod, "_prepare", counting)
    hijra = load("hijra")
    assert prep_mod.prepare(hijra) == ("prepared", 1)
    _forget()
    assert prep_mod.prepare(hijra) == ("prepared", 1)  # from disk
    _forget()
    slower = with_overrides(hijra, {"tracker.speed_factor": hijra.tracker.speed_factor * 0.99})
    assert prep_mod.prepare(slower) == ("prepared", 2)
    _forget()
    assert prep_mod.prepare(hijra, "astronomical" if hijra.light.mode != "astronomical" else "as_narrated") \
        == ("prepared", 3)  # the light mode is part of the key
    assert counting.calls == 3


def test_one_changed_dem_byte_is_prepared_again(fresh, monkeypatch):
    counting = Counting()
    monkeypatch.setattr(prep_mod, "_prepare", counting)
    dem = fresh / "dem.tif"
    dem.write_bytes(bytes(range(256)) * 8)
    scenario = with_overrides(load("hijra"), {"terrain.source": str(dem)})
    assert prep_mod.prepare(scenario) == ("prepared", 1)
    _forget()
    assert prep_mod.prepare(scenario) == ("prepared", 1)
    data = bytearray(dem.read_bytes())
    data[1000] ^= 1
    dem.write_bytes(bytes(data))
    _forget()
    assert prep_mod.prepare(scenario) == ("prepared", 2)


def test_a_corrupt_entry_is_prepared_again(fresh, monkeypatch):
    counting = Counting()
    monkeypatch.setattr(prep_mod, "_prepare", counting)
    hijra = load("hijra")
    prep_mod.prepare(hijra)
    (entry,) = cache.entries()
    entry.path.write_bytes(b"\x80\x05not a pickle")
    _forget()
    assert prep_mod.prepare(hijra) == ("prepared", 2)
