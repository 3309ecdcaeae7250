import pytest

from sevr.agents.pursuers import assess_hideout, hours_until_suspended, search_intensity
from sevr.scenarios import load


@pytest.fixture(scope="module")
def pursuers():
    return load("hijra").pursuers


def test_trail_end_raises_and_intact_entrance_collapses_the_belief(pursuers):
    ev, dec = pursuers.evidence, pursuers.decision
    a = assess_hideout(ev, dec, trail_ends_here=True, entrance_intact=True)
    # By hand: prior 0.5 -> 0.5*0.9/(0.5*0.9+0.5*0.3) = 0.75; then 0.75*0.01/(0.75*0.01+0.25*0.95)
    assert a.prior == pytest.approx(0.75)
    assert a.posterior == pytest.approx(0.0075 / (0.0075 + 0.2375))
    assert a.decision == "leave" and a.ev_enter < 0


def test_without_the_web_and_nest_they_go_in(pursuers):
    a = assess_hideout(pursuers.evidence, pursuers.decision, trail_ends_here=True, entrance_intact=False)
    assert a.posterior == pytest.approx(a.prior)
    assert a.decision == "enter"


def test_search_intensity_halves_and_suspension_time(pursuers):
    d = pursuers.decay
    assert search_intensity(0.0, d.half_life_h) == pytest.approx(1.0)
    assert search_intensity(d.half_life_h, d.half_life_h) == pytest.approx(0.5)
    h = hours_until_suspended(d)
    assert search_intensity(h, d.half_life_h) == pytest.approx(d.suspend_below)
