"""Scripted policies: the story's walk and hiding, the tracker's trail and its decision at the
hideout, the Bayesian searcher's choice, the lost walker, determinism."""
from __future__ import annotations

import numpy as np
import pytest

from sevr.envs import core, policies as P
from sevr.envs.params import CARRY, TIPTOE, make_params
from sevr.sim.stream import episode_keys
from tests.envs.conftest import SMALL

STORY = dict(cell_m=100.0, step_min=2.0, max_steps=170, pursuit_delay_min=150.0, n_searchers=0)


def run(params, policies, seed=0, n_envs=1, action_seed=0):
    keys = episode_keys(seed, 0, np.arange(n_envs))
    steps = list(P.play(params, policies, keys, np.random.default_rng(action_seed)))
    return steps


def without_entrance_signs(scenario):
    facts = scenario.facts.model_copy(update={"web_over_entrance": False, "pigeon_nest": False})
    return scenario.model_copy(update={"facts": facts})


@pytest.fixture(scope="module")
def story_params(hijra):
    return make_params(hijra, **STORY)


def test_story_plays_out_the_tracker_turns_back_at_the_intact_entrance(hijra, story_params):
    """The story evader walks the prepared route on tiptoe, carries at the end and hides; the
    tracker follows the trail to the cave, reads the intact entrance and does not go in."""
    pol = P.scripted(hijra, story_params)
    steps = run(story_params, pol)
    final, _, info = steps[-1]
    assert info["end_reason"][0] == "horizon" and core.OUTCOMES[info["outcome"][0, 0]] == "hidden"
    assert tuple(final.pos[0, 0]) == tuple(story_params.hideout_rc[0])
    gaits = [int(s.gait[0, 0]) for s, _, _ in steps]
    assert TIPTOE in gaits and CARRY in gaits and gaits.index(CARRY) > gaits.index(TIPTOE)
    assert _dist(final.pos[0, 1], story_params.hideout_rc[0]) <= 1  # the tracker came to the mouth
    assert not any(i["entered"][0, 1] for _, _, i in steps)
    assert sum(i["prints_read"][0] for _, _, i in steps) > 10
    mem = pol["tracker_0"]._memory[0]
    assert mem["entered"] and mem["gave_up"]  # the decision was taken, and it was to leave


def _dist(a, b):
    return int(np.abs(np.asarray(a) - np.asarray(b)).max())


def test_without_the_entrance_signs_the_tracker_goes_in(hijra):
    scenario = without_entrance_signs(hijra)
    params = make_params(scenario, **STORY)
    steps = run(params, P.scripted(scenario, params))
    final, rewards, info = steps[-1]
    assert info["end_reason"][0] == "capture" and info["entered"][0, 1]
    assert rewards[0, 1] == pytest.approx(1.0 - params.enter_cost)


def test_story_route_cells_are_a_connected_walk(hijra, story_params):
    ev = P.StoryEvader(hijra, story_params)
    steps = np.abs(np.diff(ev.cells, axis=0)).max(axis=1)
    assert (steps == 1).all()
    assert tuple(ev.cells[0]) == tuple(story_params.start_rc[0])
    assert tuple(ev.cells[-1]) == tuple(story_params.hideout_rc[0])
    assert 0 < ev.carry_from < len(ev.cells)


def test_tracker_loses_a_faint_trail_and_gives_up(hijra):
    """Prints that cannot be read: the trail is lost at once, searched for up to the patience."""
    p = make_params(hijra, **{**STORY, "pursuit_delay_min": 10.0, "max_steps": 150})._replace(p_detect_max=0.0)
    pol = P.scripted(hijra, p)
    steps = run(p, pol)
    mem = pol["tracker_0"]._memory[0]
    assert mem["losses"] == 1 and mem["gave_up"] and mem["sure_step"] == -1
    assert mem["searched_min"] > hijra.tracker.patience_min
    looks = sum(bool(s.looked[0, 1]) for s, _, _ in steps)
    # looks while the gap grows (max_gap_prints - 1 steps), then one per step of the search
    assert looks == hijra.tracker.max_gap_prints - 1 + hijra.tracker.patience_min / p.step_min


def test_best_cell_is_most_probability_per_minute(small_params):
    p = small_params._replace(passable=np.ones(small_params.shape, dtype=bool))
    belief = np.zeros(p.shape)
    belief[2, 2], belief[20, 20] = 0.3, 0.7
    # from (0, 0): 0.3 per 2 steps beats 0.7 per 20 steps
    assert P.best_cell(p, belief, (0, 0), 50.0) == (2, 2)
    # from (18, 18): 0.7 per 2 steps beats 0.3 per 16
    assert P.best_cell(p, belief, (18, 18), 50.0) == (20, 20)


def test_bayes_searcher_walks_to_the_belief(hijra, small_params):
    p = small_params._replace(active_from=np.zeros(3, dtype=np.int64))
    searcher = P.BayesSearcher(p)
    keys = episode_keys(0, 0, [0])
    s = core.reset(p, keys)
    pos = s.pos.copy()
    pos[0, 0] = p.hideout_rc[0]  # the evader out of sight
    s = s._replace(pos=pos, seen=np.zeros_like(s.seen))
    view = P.AgentView(p, s, 0, 2)
    first = searcher.belief(view)
    a = searcher.act(view, np.random.default_rng(0))
    target = P.best_cell(p, first.p_, view.pos, 5.036 * 1000 / 60 * p.speed[2])
    assert a == P.move_toward(p, view.pos, target)
    s, *_ = core.step(p, s, np.array([[0, 0, a]]), keys)
    later = searcher.belief(P.AgentView(p, s, 0, 2))
    r, c = s.pos[0, 2]
    assert later.p_[r, c] < first.p_[r, c]  # its own cell searched without success


def test_lost_walker_moves_and_never_hides(lost_hiker):
    p = make_params(lost_hiker, cell_m=500.0, step_min=10.0, max_steps=40, pursuit_delay_min=600.0)
    pol = P.scripted(lost_hiker, p)
    assert isinstance(pol["evader_0"], P.LostWalker)
    steps = run(p, pol, n_envs=2)
    final = steps[-1][0]
    assert not any(s.hidden.any() for s, _, _ in steps)
    assert (final.print_count > 10).all()
    assert (final.pos[:, 0] != p.start_rc[0]).any(axis=-1).all()


def test_policies_are_deterministic_given_the_stream(hijra, small_params):
    pols = lambda: {**P.scripted(hijra, small_params), "evader_0": P.RandomPolicy()}  # noqa: E731
    a = [s.pos.copy() for s, _, _ in run(small_params, pols(), seed=4, n_envs=2, action_seed=9)]
    b = [s.pos.copy() for s, _, _ in run(small_params, pols(), seed=4, n_envs=2, action_seed=9)]
    assert len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))
    c = [s.pos.copy() for s, _, _ in run(small_params, pols(), seed=4, n_envs=2, action_seed=10)]
    assert any(not np.array_equal(x, y) for x, y in zip(a, c))


def test_random_policy_covers_the_actions(small_params):
    keys = episode_keys(0, 0, [0])
    view = P.AgentView(small_params, core.reset(small_params, keys), 0, 0)
    rng = np.random.default_rng(0)
    acts = {P.RandomPolicy().act(view, rng) for _ in range(400)}
    assert acts == set(range(core.N_EVADER_ACTIONS))
