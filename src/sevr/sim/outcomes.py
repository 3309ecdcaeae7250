"""One row per episode: the columns both engines produce, and how a story run becomes a row."""
from __future__ import annotations

import numpy as np

from sevr.sim.result import StoryResult

OUTCOMES = ("hidden", "trail_lost", "caught_en_route", "found_at_hideout", "intercepted")
FOUND = {"caught_en_route": "en_route", "found_at_hideout": "hideout", "intercepted": "departure"}

# name -> numpy dtype; every engine fills exactly these.
COLUMNS = {
    "episode": np.int64,
    "found": np.bool_,
    "outcome": object,
    "found_where": object,
    "t_found_h": np.float64,          # hours after the exit; NaN if never found
    "seen_leaving": np.bool_,
    "discovered_h": np.float64,       # hours from the exit to the discovery of the departure
    "tracker_reached": np.bool_,
    "tracker_reached_h": np.float64,  # hours from the exit to the trail's end; NaN if not reached
    "tracker_delay_min": np.float64,  # false branches + searching for a lost trail
    "tracker_branch_min": np.float64,
    "tracker_search_min": np.float64,
    "misled_count": np.int64,
    "tracker_losses": np.int64,
    "departure_risk": np.float64,     # NaN if they never came to leave
    "agent_steps": np.int64,          # see `agent_steps`
    # The episode's drawn uncertain quantities (`sevr.sim.draws`), for analysis and checks.
    "tracker_skill": np.float64,
    "p_misled": np.float64,
    "fading_factor": np.float64,
    "hire_delay_min": np.float64,
}


def agent_steps(prints_read, search_rounds, reached_mouth, departed):
    """Agent-steps of an episode: one per decision an agent takes in the model.

    The tracker takes one per print he reads and one per round of looking around a lost trail;
    the watchers take one (the discovery, whatever its cause); the pursuers one at the mouth if
    they reach it; the travellers one when they leave the hideout. Both engines count with this
    function, and the benchmark's agent-steps per second divides its sum by the wall time.

    Parameters
    ----------
    prints_read : int or array_like
        Prints the tracker read.
    search_rounds : int or array_like
        Rounds of looking around a lost trail.
    reached_mouth : bool or array_like
        The pursuers reached the hideout's mouth.
    departed : bool or array_like
        The travellers left the hideout.

    Returns
    -------
    numpy.ndarray or numpy.int64
        Integer counts, the broadcast shape of the arguments (a scalar for scalars).
    """
    return (np.asarray(prints_read) + np.asarray(search_rounds) + 1
            + np.asarray(reached_mouth, dtype=np.int64) + np.asarray(departed, dtype=np.int64))


def empty_columns(n: int) -> dict[str, np.ndarray]:
    """Columns of `COLUMNS` for `n` episodes, filled with "nothing happened" values.

    Zeros and False, NaN for t_found_h, tracker_reached_h and departure_risk, outcome "hidden",
    found_where "".

    Parameters
    ----------
    n : int
        Number of episodes.

    Returns
    -------
    dict of str to numpy.ndarray
        Each of shape (n,).
    """
    cols = {name: np.zeros(n, dtype) for name, dtype in COLUMNS.items()}
    for name in ("t_found_h", "tracker_reached_h", "departure_risk"):
        cols[name][:] = np.nan
    cols["outcome"][:] = "hidden"
    cols["found_where"][:] = ""
    return cols


def row_from_story(result: StoryResult, episode: int, t_exit: float, draws) -> dict:
    """One row of COLUMNS from a story run and the draws it was run with.

    Parameters
    ----------
    result : StoryResult
        The episode's story run.
    episode : int
        Its episode number.
    t_exit : float
        Minute of the exit after the start (times in the row are hours after it).
    draws : Draws
        The draws the episode was run with.

    Returns
    -------
    dict
        Column name to value (NaN where it does not apply).
    """
    s = result.summary
    found_event = next((e for e in result.events if e.kind in ("found", "intercepted")), None)
    return {
        "episode": episode,
        "found": s["outcome"] in FOUND,
        "outcome": s["outcome"],
        "found_where": FOUND.get(s["outcome"], ""),
        "t_found_h": (found_event.t_min - t_exit) / 60.0 if found_event else np.nan,
        "seen_leaving": s["discovered_how"] == "seen_leaving",
        "discovered_h": s["departure_discovered_h"],
        "tracker_reached": "tracker_reached_h" in s,
        "tracker_reached_h": s.get("tracker_reached_h", np.nan),
        "tracker_delay_min": s["tracker_delay_min"],
        "tracker_branch_min": s["tracker_branch_min"],
        "tracker_search_min": s["tracker_search_min"],
        "misled_count": s["misled_count"],
        "tracker_losses": s["tracker_losses"],
        "departure_risk": s.get("departure_risk", np.nan),
        "agent_steps": int(agent_steps(s["tracker_steps"], s["tracker_search_rounds"],
                                       "tracker_reached_h" in s, "departure_risk" in s)),
        "tracker_skill": draws.tracker_skill,
        "p_misled": draws.p_misled,
        "fading_factor": draws.fading_factor,
        "hire_delay_min": draws.hire_delay_min,
    }
