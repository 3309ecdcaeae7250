import numpy as np
import pytest

from sevr.search import optimal_allocation
from sevr.search.suspend import SuspensionRule, assess, next_period_gain


def test_marginal_rate_is_the_common_rate_on_searched_segments():
    poa = np.array([0.4, 0.25, 0.15, 0.05])
    eff = np.array([0.02, 0.03, 0.02, 0.05])
    t, pos, lam = next_period_gain(poa, eff, 60.0)
    np.testing.assert_allclose(t, optimal_allocation(poa, eff, 60.0))
    assert pos == pytest.approx(np.sum(poa * (1 - np.exp(-eff * t))))
    active = t > 0
    rates = poa * eff * np.exp(-eff * t)
    np.testing.assert_allclose(rates[active], lam, rtol=1e-9)
    assert np.all(poa[~active] * eff[~active] <= lam + 1e-12)
    # the mean rate of the plan is at least the marginal one (diminishing returns)
    assert pos / 60.0 >= lam


def test_zero_budget_reports_best_initial_rate():
    t, pos, lam = next_period_gain([0.5, 0.2], [0.01, 0.1], 0.0)
    assert pos == 0.0 and np.all(t == 0)
    assert lam == pytest.approx(0.02)


def test_rule_continue_and_suspend():
    poa = np.array([0.3, 0.3, 0.2])
    eff = np.full(3, 0.04)
    go = assess(poa, 0.2, eff, 100.0, SuspensionRule(min_pos_per_searcher_hour=1e-4, min_poa_in_area=0.5))
    assert go.continue_search and go.verdict == "continue" and go.reasons == ()
    assert go.poa_in_area == pytest.approx(0.8)
    assert go.pos_per_searcher_hour == pytest.approx(go.pos_next / 100.0)
    low_gain = assess(poa, 0.2, eff, 100.0, SuspensionRule(min_pos_per_searcher_hour=0.05, min_poa_in_area=0.5))
    assert not low_gain.continue_search and "per searcher-hour" in low_gain.reasons[0]
    outside = assess(poa * 0.25, 0.8, eff, 100.0, SuspensionRule(min_pos_per_searcher_hour=0.0, min_poa_in_area=0.5))
    assert not outside.continue_search and "widen" in outside.reasons[0]
    d = outside.as_dict()
    assert d["verdict"] == "suspend" and d["row"] == pytest.approx(0.8)


def test_rule_validates():
    with pytest.raises(ValueError, match="min_poa_in_area"):
        SuspensionRule(min_poa_in_area=1.5)
    with pytest.raises(ValueError, match="rule"):
        assess([0.5], 0.5, [0.1], 1.0, rule={"min": 1})
