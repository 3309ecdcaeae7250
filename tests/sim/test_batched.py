"""The batched engine against the story engine (the reference)."""
import numpy as np
import pytest
from scipy import stats

from sevr.scenarios import load, with_overrides
from sevr.sim.batched import BLOCK, run_batched, run_reference

DETERMINISTIC = {
    "tracker.p_detect_max": 1.0, "tracker.detect_scale": 1e6, "tracker.p_misled_by_branch": 1.0,
    "uncertainty.misled_sd": 0.0, "uncertainty.tracker_skill_sd": 0.0, "uncertainty.fading_log_sd": 0.0,
    "uncertainty.hire_delay_sd_min": 0.0, "watchers.p_see_back_window": 0.0,
    "pursuers.decay.p_intercept_at_full_intensity": 0.0,
}


@pytest.fixture(scope="module")
def hijra():
    return load("hijra")


def test_engines_agree_exactly_where_nothing_is_left_to_chance(hijra):
    s = with_overrides(hijra, DETERMINISTIC)
    b = run_batched(s, 7, 0, 0, 20)
    r = run_reference(s, 7, 0, 0, 20)
    for name in ("tracker_reached_h", "tracker_delay_min", "discovered_h", "departure_risk", "t_found_h"):
        np.testing.assert_allclose(b[name], r[name], rtol=1e-9, equal_nan=True, err_msg=name)
    for name in ("outcome", "misled_count", "tracker_losses", "found"):
        assert list(b[name]) == list(r[name]), name
    assert set(b["outcome"]) == {"hidden"} and (b["misled_count"] == 7).all()


def test_engines_agree_in_distribution(hijra):
    """Two-sample tests at the 0.1 % level on the stochastic scenario (reference: 300 episodes)."""
    b = run_batched(hijra, 11, 0, 0, 4 * BLOCK)
    r = run_reference(hijra, 11, 0, 0, 300)
    for name in ("tracker_delay_min", "tracker_reached_h", "discovered_h"):
        x, y = b[name][~np.isnan(b[name])], r[name][~np.isnan(r[name])]
        assert stats.ks_2samp(x, y).pvalue > 1e-3, name
        assert abs(x.mean() - y.mean()) < 4 * np.sqrt(x.var() / len(x) + y.var() / len(y)) + 1e-9, name
    pb, pr = b["found"].mean(), r["found"].mean()
    se = np.sqrt(pb * (1 - pb) / len(b["found"]) + pr * (1 - pr) / len(r["found"]))
    assert abs(pb - pr) < 4 * se + 0.005


def test_same_rows_whatever_the_chunking(hijra):
    whole = run_batched(hijra, 3, 2, 0, 2 * BLOCK + 10)
    parts = [run_batched(hijra, 3, 2, 0, BLOCK), run_batched(hijra, 3, 2, BLOCK, BLOCK + 10)]
    for name in whole:
        joined = np.concatenate([p[name] for p in parts])
        assert np.array_equal(whole[name], joined) or np.allclose(whole[name].astype(float), joined.astype(float), equal_nan=True), name
    other_seed = run_batched(hijra, 4, 2, 0, BLOCK)
    assert not np.array_equal(whole["tracker_delay_min"][:BLOCK], other_seed["tracker_delay_min"])


def test_chunks_must_start_on_a_block(hijra):
    with pytest.raises(ValueError, match="multiple of the block"):
        run_batched(hijra, 0, 0, 5, 10)


def test_what_ifs_move_the_outcome(hijra):
    no_web = with_overrides(hijra, {"facts.web_over_entrance": False, "facts.pigeon_nest": False})
    assert run_batched(no_web, 0, 0, 0, BLOCK)["found"].mean() > 0.9
    front = with_overrides(hijra, {"evaders.tactics.back_window": False, "evaders.tactics.decoy": False})
    base = run_batched(hijra, 0, 0, 0, BLOCK)
    alt = run_batched(front, 0, 0, 0, BLOCK)
    assert alt["discovered_h"].mean() < base["discovered_h"].mean() - 2
