import numpy as np
import pytest

from sevr.errors import InputError
from sevr.planning.lostperson import fit_lognormal
from sevr.planning.plan import Team, make_plan, plan_scenario
from sevr.planning.segments import grid_segments
from sevr.planning.surface import probability_surface
from sevr.scenarios import load
from sevr.search.suspend import SuspensionRule


@pytest.fixture(scope="module")
def setup(small_terrain):
    surface = probability_surface(small_terrain, (0.0, 0.0), fit_lognormal())
    return surface, grid_segments(small_terrain, surface.p, block_m=1000)


TEAMS = (Team("ground", 3, 4, 20.0, 2.0), Team("hasty", 1, 3, 25.0, 2.5))


def test_plan_spends_the_budget_and_keeps_the_books(setup):
    surface, seg = setup
    plan = make_plan(surface, seg, TEAMS, 8.0, 3)
    assert len(plan.periods) == 3 and plan.suspended_before is None
    for per in plan.periods:
        assert per.hours.sum() == pytest.approx(15 * 8.0)
        assert per.entry["searcher_hours"] == pytest.approx(120.0)
    led = plan.ledger
    assert led.cumulative_pos + led.remaining_in_area + led.initial_row == pytest.approx(1.0)
    assert led.initial_row == pytest.approx(surface.row)
    # the cell map after the plan agrees with the segment POAs
    np.testing.assert_allclose(seg.sum_by_segment(plan.posterior.p_) * led.poa_in_area, led.poa_array(), atol=1e-12)
    # cumulative POS is 1 - prod(1 - conditional POS per period)
    cond = [p.entry["pos"] for p in plan.periods]
    assert led.cumulative_pos == pytest.approx(1 - np.prod([1 - c for c in cond]))
    # the most probable segment gets the most first-period effort
    first = plan.periods[0].hours
    assert np.argmax(first) == np.argmax([s.poa for s in plan.segmentation.segments])


def test_pooling_team_types_is_exact(setup):
    """Two team types with the same W*v as one pooled type give the same plan."""
    surface, seg = setup
    a = make_plan(surface, seg, (Team("a", 2, 4, 20.0, 2.0), Team("b", 1, 4, 40.0, 1.0)), 6.0, 2)
    b = make_plan(surface, seg, (Team("ab", 3, 4, 20.0, 2.0),), 6.0, 2)
    assert a.ledger.cumulative_pos == pytest.approx(b.ledger.cumulative_pos, rel=1e-9)
    np.testing.assert_allclose(a.periods[1].hours, b.periods[1].hours, atol=1e-9)


def test_suspension_rule_stops_the_plan(setup):
    surface, seg = setup
    plan = make_plan(surface, seg, TEAMS, 8.0, 4, rule=SuspensionRule(min_pos_per_searcher_hour=0.0012))
    # Where it should stop, read off the same plan run without a threshold: the first period
    # after the first whose expected POS per searcher-hour falls below 0.0012.
    free = make_plan(surface, seg, TEAMS, 8.0, 4, rule=SuspensionRule(min_pos_per_searcher_hour=0.0))
    rates = [p.check.pos_per_searcher_hour for p in free.periods]
    expected = next(k for k, r in enumerate(rates, start=1) if k > 1 and r < 0.0012)
    assert 2 <= expected <= 4 and plan.suspended_before == expected
    # Unstopped, the final check looks past the last period: less is left to find each time.
    assert free.suspended_before is None and len(free.periods) == 4
    assert free.final_check.pos_per_searcher_hour < rates[-1] and free.final_check.continue_search
    assert len(plan.periods) == expected - 1
    np.testing.assert_allclose(plan.periods[-1].hours, free.periods[expected - 2].hours)
    assert not plan.final_check.continue_search
    assert plan.final_check.pos_per_searcher_hour == pytest.approx(rates[expected - 1])
    # the first period is always searched
    never = make_plan(surface, seg, TEAMS, 8.0, 2, rule=SuspensionRule(min_pos_per_searcher_hour=0.5))
    assert len(never.periods) == 1 and never.suspended_before == 2


def test_plan_scenario_checks_its_input():
    hijra = load("hijra")
    with pytest.raises(InputError, match="lost_person"):
        plan_scenario(hijra)
    hiker = load("lost-hiker")
    with pytest.raises(InputError, match="> 0"):
        plan_scenario(hiker, hours=0.0)
    with pytest.raises(InputError, match=">= 1"):
        plan_scenario(hiker, periods=0)
    with pytest.raises(InputError, match="24"):
        plan_scenario(hiker, hours=25.0)
