"""The narrated run: the story engine conditioned on what the source narrates.

What the source tells (the exit unseen, the decoy holding until dawn, nobody caught on the way,
the tracker reaching the cave, the pursuers not going in, the departure safe) is not an outcome
of chance in `sevr run`: it is a condition. The conditioned model is sampled by rejection: the
story engine runs on successive attempt streams derived from (seed, attempt) until every
condition the scenario declares in ``[story] conditions`` holds. The accepted episode is then an
exact draw from the model's distribution given those facts; seeds vary only what the source
leaves open (the hours, which false turns mislead the tracker, how long he searches).

A scenario without conditions is run once (attempt 0) and narrated as a what-if of the model.
`sevr simulate` and `sevr sweep` never condition.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from sevr.errors import InputError
from sevr.sim.result import StoryResult
from sevr.sim.story import run_story
from sevr.sim.stream import EpisodeStream

if TYPE_CHECKING:
    from sevr.scenarios.schema import EvasionScenario


def _attempt_stream(seed: int, attempt: int) -> EpisodeStream:
    """The random stream of one attempt: episode `attempt` of the seed's stream (point 0), so
    attempt 0 is the very episode `sevr simulate --seed SEED` numbers 0, before conditioning."""
    return EpisodeStream.of(seed, 0, attempt)


def _kinds(result: StoryResult) -> set[str]:
    return {e.kind for e in result.events}


def _event(result: StoryResult, kind: str):
    return next((e for e in result.events if e.kind == kind), None)


# Each condition the schema allows (scenarios.schema.StoryCondition), as a test on one episode.
CONDITIONS: dict[str, Callable[[StoryResult], bool]] = {
    "exit_unseen": lambda r: not _event(r, "exit").data["seen_by_watchers"],
    "decoy_holds_until_dawn": lambda r: r.summary["discovered_how"] == "decoy_at_dawn",
    "not_caught_on_the_way": lambda r: r.summary["outcome"] != "caught_en_route",
    "tracker_reaches_hideout": lambda r: "trail_end" in _kinds(r),
    "pursuers_do_not_enter": lambda r: "search_withdrawn" in _kinds(r) and "found" not in _kinds(r),
    "departure_safe": lambda r: "depart_hideout" in _kinds(r) and "intercepted" not in _kinds(r),
}


def failed_conditions(result: StoryResult, conditions) -> list[str]:
    """The declared conditions this episode does not meet (empty when it tells the source).

    Parameters
    ----------
    result : StoryResult
        One episode of the story engine.
    conditions : iterable of str
        Names of `CONDITIONS`.

    Returns
    -------
    list of str
        The failed conditions, in the order given.
    """
    return [c for c in conditions if not CONDITIONS[c](result)]


def run_narrated(scenario: EvasionScenario, seed: int = 0, light_mode: str | None = None, with_belief: bool = True,
                 source: str | None = None) -> StoryResult:
    """One episode of the model conditioned on the scenario's ``[story] conditions``.

    Parameters
    ----------
    scenario : EvasionScenario
        The validated scenario; ``scenario.story.conditions`` lists the narrated facts and
        ``scenario.story.max_attempts`` caps the rejection loop.
    seed : int
        The run's seed; attempt k uses ``_attempt_stream(seed, k)``. Same seed, same episode.
    light_mode : str, optional
        "as_narrated" or "astronomical" (default: the scenario's).
    with_belief : bool
        Add the pursuers' probability map to the accepted episode.
    source : str, optional
        The scenario file (or built-in name) to name in an error; default the scenario's name.

    Returns
    -------
    StoryResult
        The accepted episode; its summary adds ``attempts``, ``conditioned`` (whether any
        condition was declared) and ``conditions``.

    Raises
    ------
    InputError
        If no attempt within the cap meets the conditions (they are impossible, or nearly so,
        under this scenario).
    """
    conditions = list(scenario.story.conditions)
    cap = scenario.story.max_attempts  # with no conditions the first attempt is accepted
    misses: dict[str, int] = {}
    for attempt in range(cap):
        # The belief map draws no random numbers, so it is added only to the accepted episode.
        result = run_story(scenario, seed, light_mode=light_mode, stream=_attempt_stream(seed, attempt), with_belief=False)
        failed = failed_conditions(result, conditions)
        if not failed:
            if with_belief:
                result = run_story(scenario, seed, light_mode=light_mode, stream=_attempt_stream(seed, attempt))
            result.summary.update(attempts=attempt + 1, conditioned=bool(conditions), conditions=conditions)
            return result
        for c in failed:
            misses[c] = misses.get(c, 0) + 1
    worst = max(misses, key=misses.get)
    raise InputError(f"no episode in {cap} attempts met the narrated conditions (most often failed: {worst!r}, "
                     f"{misses[worst]} times); they are (nearly) impossible under this scenario",
                     source=source or scenario.meta.name, field="story.conditions")
