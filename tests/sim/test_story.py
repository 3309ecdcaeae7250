import json

import numpy as np
import pytest

from sevr.scenarios import load, with_overrides
from sevr.sim.events import to_record
from sevr.sim.story import run_story

# The beats of the source, in the order the timeline tells them. The source tells the discovery
# at the house before the walk's end; in time it comes at dawn, after the arrival (docs/model.md).
BEATS = ["arrive_house", "provisions", "exit", "decoy", "gait", "evasive_move", "injury", "carry",
         "arrive_hideout", "asks_to_enter", "hideout_prepared", "hazard", "why_weeping", "recovered",
         "departure_discovered", "tracker_hired", "pursuit_start", "web_spun", "pigeon_nest", "tree_rose",
         "voices_heard", "companion_weeps", "do_not_grieve", "closest_approach", "third_is_allah",
         "trail_end", "evidence_assessed", "search_withdrawn", "search_suspended", "mounts_arrive",
         "depart_hideout"]


@pytest.fixture(scope="module")
def hijra():
    return load("hijra")


@pytest.fixture(scope="module")
def story(hijra):
    return run_story(hijra, 0)


def _first(result, kind):
    return next(e for e in result.events if e.kind == kind)


def test_every_beat_is_present_in_story_order(story):
    kinds = [e.kind for e in story.events]
    positions = [kinds.index(k) for k in BEATS]
    assert positions == sorted(positions), [k for k in BEATS]
    times = [e.t_min for e in story.events]
    assert times == sorted(times)


def test_durations_are_plausible(story, hijra):
    s = story.summary
    assert 3.0 <= s["walk_duration_h"] <= 4.0
    assert 4500 <= s["straight_line_m"] <= 6500
    assert s["path_length_m"] > s["route_length_m"] > s["straight_line_m"]
    assert 380 <= s["climb_m"] <= 520
    dawn = _first(story, "departure_discovered")
    hour = int(story.clock.local_label(dawn.t_min)[1][:2])
    assert 4 <= hour <= 6 and dawn.data["how"] == "decoy_at_dawn"
    # Three days and three nights more after the pursuers left: the evening of the third day after.
    left = _first(story, "search_withdrawn").t_min
    depart = _first(story, "depart_hideout")
    assert 3 * 1440 - 12 * 60 <= depart.t_min - left <= 3 * 1440 + 14 * 60
    assert story.clock.local_label(depart.t_min)[1] == "21:30"
    assert depart.data["days_after_pursuers"] == 3


def test_the_cave_scene(story):
    voices, close = _first(story, "voices_heard"), _first(story, "closest_approach")
    assert voices.data["distance_m"] == 20.0 and voices.t_min < close.t_min
    assert close.data["distance_m"] <= 1.5 and close.data["at_mouth"] and not close.data["could_see_inside"]
    assert story.summary["voices_heard_m"] == 20.0 and story.summary["closest_approach_m"] == close.data["distance_m"]
    hx, hy = story.hideout_xy
    assert np.hypot(voices.x_m - hx, voices.y_m - hy) == pytest.approx(20.0)
    assert np.hypot(close.x_m - hx, close.y_m - hy) == pytest.approx(close.data["distance_m"])
    a = _first(story, "evidence_assessed")
    assert a.data["prior"] > 0.5 > 0.1 > a.data["posterior"]
    assert a.data["decision"] == "leave"
    assert _first(story, "exit").data == {**_first(story, "exit").data, "via": "back_window", "seen_by_watchers": False}
    assert _first(story, "gait").data["gait"] == "tiptoe"
    assert _first(story, "evasive_move").data["reversals"] == 7


def test_the_moon_is_told_at_the_cave(story):
    assert _first(story, "arrive_hideout").data["light_mode"] == "as_narrated"


def test_same_seed_same_bytes(hijra):
    a, b = run_story(hijra, 5), run_story(hijra, 5)
    ra = [json.dumps(to_record(e, a.frame, a.clock)) for e in a.events]
    rb = [json.dumps(to_record(e, b.frame, b.clock)) for e in b.events]
    assert ra == rb
    assert np.array_equal(a.tracker_xy, b.tracker_xy)


def test_without_web_and_nest_they_are_found(hijra):
    what_if = with_overrides(hijra, {"facts.web_over_entrance": False, "facts.pigeon_nest": False})
    r = run_story(what_if, 0)
    assert r.summary["outcome"] == "found_at_hideout"
    kinds = {e.kind for e in r.events}
    assert "depart_hideout" not in kinds and "third_is_allah" not in kinds and "do_not_grieve" not in kinds
    assert _first(r, "closest_approach").data["could_see_inside"]


def test_reversals_leave_false_branches_and_lengthen_the_path(hijra, story):
    straight = run_story(with_overrides(hijra, {"evaders.tactics.reversals": False}), 0)
    assert story.branches and not straight.branches
    assert story.summary["path_length_m"] > straight.summary["path_length_m"] + 500


def test_astronomical_light_is_darker_at_the_exit(hijra, story):
    dark = run_story(hijra, 0, light_mode="astronomical")
    assert _first(dark, "exit").data["visibility"] < _first(story, "exit").data["visibility"]
    assert _first(dark, "exit").data["moon_phase"] < 0.1


def test_pursuers_belief_ends_at_the_evidence_posterior(story):
    assert story.belief_labels == ["discovery", "town_searched", "trail_followed", "trail_end", "evidence"]
    for _, grid in story.beliefs:
        assert grid.shape == story.terrain.shape
        assert abs(grid.sum() - 1.0) < 1e-9 and grid.min() >= 0
    r, c = story.terrain.xy_to_rc(*story.hideout_xy)
    assessed = _first(story, "evidence_assessed").data
    assert story.beliefs[3][1][r, c] == pytest.approx(assessed["prior"])
    assert story.beliefs[4][1][r, c] == pytest.approx(assessed["posterior"])
    # Halfway along the trail the belief has moved towards the hideout.
    def mean_distance(grid):
        rows, cols = np.indices(grid.shape)
        x, y = story.terrain.rc_to_xy(rows, cols)
        return float((grid * np.hypot(x - story.hideout_xy[0], y - story.hideout_xy[1])).sum())
    assert mean_distance(story.beliefs[2][1]) < mean_distance(story.beliefs[0][1])
    # The unsuccessful search of the town moves belief out of it (a miss never raises the searched cells).
    wr, wc = story.terrain.xy_to_rc(*story.start_xy)
    assert story.beliefs[1][1][wr, wc] < story.beliefs[0][1][wr, wc]


def test_caught_on_the_trail_ends_the_story_there(hijra):
    seen = with_overrides(hijra, {"watchers.p_see_back_window": 1.0, "tracker.hire_delay_min": 0.0})
    r = run_story(seen, 0, with_belief=False)
    assert r.summary["outcome"] == "caught_en_route"
    kinds = [e.kind for e in r.events]
    assert kinds[-1] == "found"
    for later in ("arrive_hideout", "hideout_prepared", "hazard", "recovered", "depart_hideout"):
        assert later not in kinds
