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
    "agent_steps": np.int64,
}


def empty_columns(n: int) -> dict[str, np.ndarray]:
    cols = {name: np.zeros(n, dtype) for name, dtype in COLUMNS.items()}
    for name in ("t_found_h", "tracker_reached_h", "departure_risk"):
        cols[name][:] = np.nan
    cols["outcome"][:] = "hidden"
    cols["found_where"][:] = ""
    return cols


def row_from_story(result: StoryResult, episode: int, t_exit: float) -> dict:
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
        "agent_steps": s["tracker_steps"],
    }
