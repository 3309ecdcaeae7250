"""Event records the story engine really emits, for tests of the event contract and narration.

One run of the narrated night plus what-if runs that reach the outcomes the story rules out, so
that every event kind (and the variants of its templates) appears at least once.
"""
from __future__ import annotations

from functools import lru_cache

from sevr.scenarios import load, with_overrides
from sevr.sim.events import to_record
from sevr.sim.narrated import run_narrated
from sevr.sim.story import run_story

WHAT_IFS = {
    "found_at_hideout": {"facts.web_over_entrance": False, "facts.pigeon_nest": False},
    "caught_en_route": {"watchers.p_see_back_window": 1.0, "tracker.hire_delay_min": 0.0},
    "trail_lost": {"tracker.patience_min": 0.0, "tracker.skill": 0.3},
    "intercepted": {"pursuers.decay.p_intercept_at_full_intensity": 1.0, "pursuers.decay.half_life_h": 10000.0},
    "front_door": {"evaders.tactics.back_window": False, "evaders.tactics.tiptoe": False,
                   "evaders.tactics.decoy": False, "departure.camels": 1},
}


def records_of(result) -> list[dict]:
    return [to_record(e, result.frame, result.clock) for e in result.events]


@lru_cache(maxsize=None)
def narrated_run(seed: int = 0, light_mode: str | None = None):
    return run_narrated(load("hijra"), seed, light_mode=light_mode, with_belief=False)


@lru_cache(maxsize=None)
def what_if_run(name: str):
    return run_story(with_overrides(load("hijra"), WHAT_IFS[name]), 0, with_belief=False)


def all_engine_records() -> list[list[dict]]:
    """The records of each run: the narrated night (both light modes) and every what-if."""
    runs = [narrated_run(0), narrated_run(0, "astronomical")] + [what_if_run(n) for n in WHAT_IFS]
    return [records_of(r) for r in runs]
