import numpy as np

from sevr.agents.watchers import discover
from sevr.scenarios import load

W = load("hijra").watchers


def _many(**kw):
    rng = np.random.default_rng(1)
    return [discover(t_exit=100.0, t_dawn=400.0, watchers=W, rng=rng, **kw) for _ in range(2000)]


def test_back_window_and_decoy_hold_until_dawn_mostly():
    runs = _many(back_window=True, decoy=True)
    seen = np.mean([r.seen_leaving for r in runs])
    assert abs(seen - W.p_see_back_window) < 0.015
    assert all(r.t_min == 400.0 for r in runs if not r.seen_leaving)


def test_front_door_is_usually_seen():
    runs = _many(back_window=False, decoy=True)
    assert np.mean([r.seen_leaving for r in runs]) > 0.85


def test_without_decoy_the_empty_house_is_found_earlier():
    runs = [r for r in _many(back_window=True, decoy=False) if not r.seen_leaving]
    early = np.mean([r.t_min < 400.0 for r in runs])
    assert early > 0.8 and all(r.t_min >= 100.0 + W.check_interval_min for r in runs if r.t_min < 400)
