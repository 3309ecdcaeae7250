"""The batched engine's outcome frequencies against the model's laws, computed independently.

On a stressed scenario where the tracker's fate has a closed form (no false branches, the trail lost
at the first unseen print, no patience to look for it), every episode's chance of each outcome can be
written down from its drawn quantities: the chance to be caught is the product of the detection
chances up to the print where the tracker would come on the walkers, and so on. With 100,000
episodes the standard error of each outcome's share is under 0.16 points, so a change of one
percentage point in any category fails the test.
"""
import numpy as np
import pytest
from scipy import special, stats

from sevr.agents.pursuers import departure_risk
from sevr.scenarios import load, with_overrides
from sevr.sim.batched import run_batched
from sevr.sim.prepare import prepare
from sevr.sim.story import departure_time

N = 100_000
STRESSED = {
    "evaders.tactics.reversals": False, "tracker.max_gap_prints": 1, "tracker.patience_min": 0.0,
    "tracker.detect_scale": 200.0, "tracker.p_detect_max": 0.9995, "watchers.p_see_back_window": 0.3, "tracker.hire_delay_min": 20.0,
    "uncertainty.hire_delay_sd_min": 15.0, "uncertainty.tracker_skill_sd": 0.1,
    "pursuers.decay.p_intercept_at_full_intensity": 0.9, "evaders.tactics.wait_days": 1,
    "pursuers.decay.half_life_h": 24.0,
}


@pytest.fixture(scope="module")
def stressed():
    scenario = with_overrides(load("hijra"), STRESSED)
    return scenario, run_batched(scenario, 17, 0, 0, N)


def _expected_outcomes(scenario, rows, chunk=4000):
    """Each episode's probability of each outcome, from the laws written out here by hand."""
    prep = prepare(scenario)
    tr, trail, pu = scenario.tracker, prep.trail, scenario.pursuers
    s, t_made, half = trail.strength[1:], trail.t_made[1:], trail.half_life_h[1:]
    t_start = prep.t_exit + rows["discovered_h"] * 60.0 + rows["hire_delay_min"] + 1.0
    probs = {k: np.zeros(len(t_start)) for k in ("hidden", "trail_lost", "caught_en_route", "intercepted")}
    for a in range(0, len(t_start), chunk):
        sl = slice(a, a + chunk)
        t = t_start[sl, None] + np.cumsum(trail.step_min[1:])[None, :]       # arrival at each print
        age_h = (t - t_made) / 60.0
        now = s * 2.0 ** (-age_h / (half * rows["fading_factor"][sl, None]))
        p = tr.p_detect_max * (1 - np.exp(-tr.detect_scale * now * prep.visibility(t) * rows["tracker_skill"][sl, None]))
        caught_at = np.where((t <= t_made + tr.catch_window_min).any(axis=1),
                             np.argmax(t <= t_made + tr.catch_window_min, axis=1), -1)
        before = np.concatenate([np.ones((p.shape[0], 1)), np.cumprod(p, axis=1)], axis=1)  # P(read all before i)
        n = p.shape[1]
        stop = np.where(caught_at >= 0, caught_at, n)                      # the tracker never reads past here
        p_caught = np.where(caught_at >= 0, before[np.arange(len(stop)), stop], 0.0)
        p_reach = np.where(caught_at >= 0, 0.0, before[:, n])
        # Gave up at print i (seen all before, missed i): free at the time he walked back, t_i + step_i.
        p_lost_at = before[:, :n] * (1 - p) * (np.arange(n)[None, :] < stop[:, None])
        t_free_lost = t + trail.step_min[1:]
        t_free_reach = t[:, -1] + pu.inspect_min + 5.0
        risk_lost = departure_risk(pu.decay, (departure_time(scenario, prep.t_arrive, t_free_lost) - t_free_lost) / 60)
        risk_reach = departure_risk(pu.decay, (departure_time(scenario, prep.t_arrive, t_free_reach) - t_free_reach) / 60)
        probs["caught_en_route"][sl] = p_caught
        probs["trail_lost"][sl] = (p_lost_at * (1 - risk_lost)).sum(axis=1)
        probs["hidden"][sl] = p_reach * (1 - risk_reach)
        probs["intercepted"][sl] = (p_lost_at * risk_lost).sum(axis=1) + p_reach * risk_reach
    return probs


def test_every_outcome_share_matches_its_law_to_a_fraction_of_a_point(stressed):
    scenario, rows = stressed
    probs = _expected_outcomes(scenario, rows)
    total = sum(probs.values())
    np.testing.assert_allclose(total, 1.0, atol=1e-9)
    observed, expected = [], []
    for outcome, p in probs.items():
        k, mean, sd = (rows["outcome"] == outcome).sum(), p.sum(), np.sqrt((p * (1 - p)).sum())
        assert 0.01 * N < mean, outcome                  # every category really occurs
        assert abs(k - mean) < 3.5 * sd, (outcome, k / N, mean / N)
        assert 3.5 * sd < 0.005 * N                      # ... and a 1-point change would fail the line above
        observed.append(k)
        expected.append(mean)
    assert stats.chisquare(observed, expected).pvalue > 1e-4


def test_seen_leaving_is_binomial(stressed):
    _, rows = stressed
    assert stats.binomtest(int(rows["seen_leaving"].sum()), N, STRESSED["watchers.p_see_back_window"]).pvalue > 1e-4


def test_drawn_quantities_follow_their_laws(stressed):
    scenario, rows = stressed
    tr, u = scenario.tracker, scenario.uncertainty
    k = tr.skill * (1 - tr.skill) / u.tracker_skill_sd**2 - 1
    assert stats.kstest(rows["tracker_skill"], stats.beta(tr.skill * k, (1 - tr.skill) * k).cdf).pvalue > 1e-4
    m = tr.p_misled_by_branch
    km = m * (1 - m) / u.misled_sd**2 - 1
    assert stats.kstest(rows["p_misled"], stats.beta(m * km, (1 - m) * km).cdf).pvalue > 1e-4
    assert stats.kstest(np.log(rows["fading_factor"]), stats.norm(0, u.fading_log_sd).cdf).pvalue > 1e-4
    hire = rows["hire_delay_min"]
    cut = special.ndtr(-tr.hire_delay_min / u.hire_delay_sd_min)   # the share clipped to zero
    assert abs(np.mean(hire == 0) - cut) < 5 * np.sqrt(cut * (1 - cut) / N)
    positive = hire[hire > 0]
    law = stats.truncnorm(-tr.hire_delay_min / u.hire_delay_sd_min, np.inf, tr.hire_delay_min, u.hire_delay_sd_min)
    assert stats.kstest(positive, law.cdf).pvalue > 1e-4


def test_misled_count_is_binomial_in_the_branches_passed():
    # A tracker who never misses a print reads every junction, so each branch is one Bernoulli trial.
    scenario = with_overrides(load("hijra"), {"tracker.p_detect_max": 1.0, "tracker.detect_scale": 1e6})
    rows = run_batched(scenario, 8, 0, 0, 20_000)
    n_branch = len(prepare(scenario).trail.branch_prints)
    reached = rows["tracker_reached"]
    assert reached.mean() > 0.95
    p = rows["p_misled"][reached]
    k = rows["misled_count"][reached]
    mean, sd = (n_branch * p).sum(), np.sqrt((n_branch * p * (1 - p)).sum())
    assert abs(k.sum() - mean) < 4 * sd
    # Misled or not, every branch passed costs time: at least half a search round each.
    assert (rows["tracker_branch_min"][reached] >= n_branch * scenario.tracker.lost_search_min / 2 - 1e-9).all()
    # A misled branch costs the walk out and back plus the loss.
    walk = prepare(scenario).trail
    one = 2 * walk.branch_len_m / walk.walk_m_per_min + scenario.tracker.misled_loss_min
    extra = rows["tracker_branch_min"][reached] - (n_branch - k) * scenario.tracker.lost_search_min / 2
    assert ((extra >= k * one.min() - 1e-6) & (extra <= k * one.max() + 1e-6)).all()


def test_intercepted_count_matches_the_summed_departure_risk():
    rows = run_batched(load("hijra"), 9, 0, 0, 40_000)
    leaving = ~np.isnan(rows["departure_risk"])
    r = rows["departure_risk"][leaving]
    k = (rows["outcome"] == "intercepted").sum()
    assert abs(k - r.sum()) < 4 * np.sqrt((r * (1 - r)).sum())
    assert 3 * np.sqrt((r * (1 - r)).sum()) < 0.01 * len(r)   # sensitive to a one-point change
