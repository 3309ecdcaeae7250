from types import SimpleNamespace

import numpy as np

from sevr.trail.tracking import follow_trail


def _tracker(**kw):
    base = dict(skill=0.9, p_detect_max=0.995, detect_scale=8.0, lost_search_min=6.0, patience_min=240.0,
                max_gap_prints=6, search_looks=8, catch_window_min=5.0, p_misled_by_branch=0.5,
                misled_loss_min=14.0)
    base.update(kw)
    return SimpleNamespace(**base)


def _line(n=200, strength=1.0):
    xy = np.column_stack([np.arange(n) * 5.0, np.zeros(n)])
    return dict(xy=xy, t_made=np.arange(n) * 0.1, strength=np.full(n, strength),
                half_life_h=np.full(n, 12.0), step_min=np.full(n, 0.1))


def _follow(trail, tracker, branches=(), t_start=600.0, vis=1.0, seed=0):
    b = np.asarray(branches, int)
    return follow_trail(**trail, branch_prints=b, branch_len_m=np.full(len(b), 60.0),
                        branch_dir=np.tile([0.0, 1.0], (len(b), 1)), t_start=t_start,
                        visibility=lambda t: vis, tracker=tracker, walk_m_per_min=70.0,
                        rng=np.random.default_rng(seed))


def test_strong_fresh_trail_is_followed_to_its_end_without_delay():
    out = _follow(_line(), _tracker())
    assert out.reached_end and not out.gave_up and out.losses == 0
    assert out.t_end == np.float64(600.0 + 0.1 * 199) or abs(out.t_end - (600.0 + 19.9)) < 1e-9


def test_invisible_trail_is_given_up_after_patience():
    out = _follow(_line(strength=0.0), _tracker(patience_min=60.0))
    assert out.gave_up and not out.reached_end
    assert out.search_min >= 60.0


def test_branches_cost_time_when_they_mislead():
    always = _follow(_line(), _tracker(p_misled_by_branch=1.0), branches=[50, 100])
    never = _follow(_line(), _tracker(p_misled_by_branch=0.0), branches=[50, 100])
    assert [b.misled for b in always.branches] == [True, True]
    expected = 2 * (2 * 60.0 / 70.0 + 14.0)
    assert abs(always.branch_min - expected) < 1e-9
    assert abs((always.t_end - never.t_end) - (expected - 2 * 6.0 / 2)) < 1e-9


def test_a_tracker_on_their_heels_catches_them():
    trail = _line()
    out = _follow(trail, _tracker(), t_start=0.0)  # starts as they leave, walks at their pace
    assert out.caught and not out.reached_end


def test_same_seed_same_route():
    a = _follow(_line(strength=0.05), _tracker(), seed=3)
    b = _follow(_line(strength=0.05), _tracker(), seed=3)
    assert np.array_equal(a.route_xy, b.route_xy) and a.t_end == b.t_end
