"""The suspension rule against computations that do not go through the allocation code:
the closed form for equal effectiveness, a bisection on the multiplier written here, and a
brute-force search over splits of the budget."""
import math

import numpy as np
import pytest

from sevr.search.suspend import SuspensionRule, assess, next_period_gain


def equal_effectiveness_plan(poa, e, hours):
    """Closed form when every segment has effectiveness *e* and all of them get effort:
    ``p_i exp(-e t_i) = k`` for a common k, so ``t_i = ln(p_i / k) / e`` and the budget gives
    ``ln k = (sum ln p_i - e H) / n``; then POS = sum p_i - n k and lambda = e k."""
    poa = np.asarray(poa, dtype=float)
    k = math.exp((np.log(poa).sum() - e * hours) / poa.size)
    assert k < poa.min(), "the closed form needs every segment active"
    return np.log(poa / k) / e, poa.sum() - poa.size * k, e * k


def bisection_plan(poa, eff, hours):
    """The KKT conditions solved by bisection on ln(lambda):
    ``t_i = max(0, ln(p_i e_i / lambda) / e_i)`` with ``sum t_i = H``."""
    poa, eff = np.asarray(poa, float), np.asarray(eff, float)

    def t_of(mu):
        return np.maximum(0.0, (np.log(poa * eff) - mu) / eff)

    lo, hi = np.log(poa * eff).max() - 50.0, np.log(poa * eff).max()
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if t_of(mid).sum() > hours else (lo, mid)
    t = t_of(0.5 * (lo + hi))
    return t, float(np.sum(poa * (1 - np.exp(-eff * t)))), math.exp(0.5 * (lo + hi))


def test_equal_effectiveness_matches_the_closed_form():
    poa = [0.3, 0.3, 0.2]
    t, pos, lam = next_period_gain(poa, 0.04, 100.0)
    t_ref, pos_ref, lam_ref = equal_effectiveness_plan(poa, 0.04, 100.0)
    np.testing.assert_allclose(t, t_ref, rtol=1e-9)
    assert pos == pytest.approx(pos_ref, rel=1e-12)
    assert lam == pytest.approx(lam_ref, rel=1e-9)
    # By hand: ln k = (2 ln 0.3 + ln 0.2 - 4) / 3, k = 0.06908, POS = 0.8 - 3k = 0.5928.
    assert pos == pytest.approx(0.5928, abs=1e-4)
    assert t.sum() == pytest.approx(100.0)


def test_unequal_effectiveness_matches_a_bisection_with_an_idle_segment():
    poa = np.array([0.4, 0.25, 0.15, 0.05])
    eff = np.array([0.02, 0.03, 0.02, 0.05])
    t, pos, lam = next_period_gain(poa, eff, 60.0)
    t_ref, pos_ref, lam_ref = bisection_plan(poa, eff, 60.0)
    np.testing.assert_allclose(t, t_ref, atol=1e-7)
    assert pos == pytest.approx(pos_ref, rel=1e-10)
    assert lam == pytest.approx(lam_ref, rel=1e-8)
    # The last two segments (p e = 0.003 and 0.0025) start below lambda and get nothing.
    assert np.all(t[2:] == 0.0) and np.all(t[:2] > 0) and np.all(poa[2:] * eff[2:] < lam)
    # The mean rate of the plan is at least the marginal one (diminishing returns).
    assert pos / 60.0 >= lam


def test_two_segments_match_a_brute_force_split():
    poa = np.array([0.45, 0.2])
    eff = np.array([0.01, 0.05])
    hours = 80.0
    split = np.linspace(0.0, hours, 80_001)  # 1 ms of a searcher-hour apart
    pos_grid = poa[0] * -np.expm1(-eff[0] * split) + poa[1] * -np.expm1(-eff[1] * (hours - split))
    best = int(np.argmax(pos_grid))
    t, pos, lam = next_period_gain(poa, eff, hours)
    assert pos == pytest.approx(pos_grid[best], abs=1e-9)
    assert pos >= pos_grid.max() - 1e-12  # nothing on the grid beats the plan
    assert t[0] == pytest.approx(split[best], abs=2e-3)
    # lambda is the slope of POS in the budget: one more hour, split optimally, buys lambda.
    _, pos_more, _ = next_period_gain(poa, eff, hours + 1e-3)
    assert (pos_more - pos) / 1e-3 == pytest.approx(lam, rel=1e-4)


def test_zero_budget_reports_best_initial_rate():
    t, pos, lam = next_period_gain([0.5, 0.2], [0.01, 0.1], 0.0)
    assert pos == 0.0 and np.all(t == 0)
    assert lam == pytest.approx(0.2 * 0.1)


POA = np.array([0.5, 0.25])  # 0.75 inside the area, exactly representable
EFF = np.full(2, 0.04)
HOURS = 100.0


def test_rule_continues_with_the_numbers_behind_it():
    _, pos_ref, lam_ref = equal_effectiveness_plan(POA, 0.04, HOURS)
    go = assess(POA, 0.25, EFF, HOURS, SuspensionRule(min_pos_per_searcher_hour=1e-4, min_poa_in_area=0.5))
    assert go.continue_search and go.verdict == "continue" and go.reasons == ()
    assert go.poa_in_area == 0.75 and go.row == 0.25 and go.searcher_hours == HOURS
    assert go.pos_next == pytest.approx(pos_ref, rel=1e-12)
    assert go.pos_per_searcher_hour == pytest.approx(pos_ref / HOURS, rel=1e-12)
    assert go.marginal_pos_per_searcher_hour == pytest.approx(lam_ref, rel=1e-9)


def test_rule_thresholds_are_inclusive():
    """At exactly the threshold the search continues; a hair above it, it is suspended."""
    rate = equal_effectiveness_plan(POA, 0.04, HOURS)[1] / HOURS
    at = assess(POA, 0.25, EFF, HOURS, SuspensionRule(min_pos_per_searcher_hour=rate * (1 - 1e-9),
                                                      min_poa_in_area=0.75))
    assert at.continue_search, at.reasons
    above = assess(POA, 0.25, EFF, HOURS, SuspensionRule(min_pos_per_searcher_hour=rate * (1 + 1e-6),
                                                         min_poa_in_area=0.75))
    assert not above.continue_search and len(above.reasons) == 1
    assert above.reasons[0].startswith("next period's POS per searcher-hour") and "below the threshold" in above.reasons[0]
    outside = assess(POA, 0.25, EFF, HOURS, SuspensionRule(min_pos_per_searcher_hour=0.0, min_poa_in_area=0.76))
    assert not outside.continue_search and len(outside.reasons) == 1
    assert "probability inside the search area 0.750 is below the floor 0.760" in outside.reasons[0]
    assert "widen" in outside.reasons[0]


def test_both_failures_are_reported_and_dumped():
    both = assess(POA * 0.2, 0.85, EFF, HOURS, SuspensionRule(min_pos_per_searcher_hour=0.05, min_poa_in_area=0.5))
    assert both.verdict == "suspend" and len(both.reasons) == 2
    d = both.as_dict()
    assert d["verdict"] == "suspend" and d["continue_search"] is False and d["row"] == 0.85
    assert d["reasons"] == list(both.reasons) and d["poa_in_area"] == pytest.approx(0.15)


def test_zero_hours_means_no_gain():
    a = assess(POA, 0.25, EFF, 0.0, SuspensionRule(min_pos_per_searcher_hour=0.0, min_poa_in_area=0.5))
    assert a.pos_next == 0.0 and a.pos_per_searcher_hour == 0.0 and a.continue_search


def test_rule_validates():
    with pytest.raises(ValueError, match="min_poa_in_area"):
        SuspensionRule(min_poa_in_area=1.5)
    with pytest.raises(ValueError, match="rule"):
        assess([0.5], 0.5, [0.1], 1.0, rule={"min": 1})
