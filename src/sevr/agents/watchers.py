"""The watchers at the house: do they see the exit, and when is the departure discovered."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Discovery:
    seen_leaving: bool
    t_min: float
    how: str  # "seen_leaving" | "decoy_at_dawn" | "empty_house"


def discover(*, t_exit: float, t_dawn: float, back_window: bool, decoy: bool, watchers,
             rng: np.random.Generator) -> Discovery:
    """When the watchers learn that the house is empty.

    Leaving by the back window keeps the exit out of the watchers' sight except by chance; with
    the decoy in the bed they believe the target is home until the sleeper rises at dawn; without
    it, each look into the house may find it empty.
    """
    p_see = watchers.p_see_back_window if back_window else watchers.p_see_front_exit
    seen = watchers.count > 0 and rng.random() < p_see
    if seen:
        return Discovery(True, t_exit, "seen_leaving")
    if decoy:
        return Discovery(False, max(t_dawn, t_exit), "decoy_at_dawn")
    looks = rng.geometric(max(watchers.p_notice_empty_without_decoy, 1e-9))
    t_found = t_exit + looks * watchers.check_interval_min
    if t_found >= t_dawn:  # by dawn the empty bed is found anyway
        return Discovery(False, t_dawn, "decoy_at_dawn" if decoy else "empty_house")
    return Discovery(False, t_found, "empty_house")
