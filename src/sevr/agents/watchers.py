"""The watchers at the house: do they see the exit, and when is the departure discovered."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sevr.scenarios.schema import Watchers

HOW = ("seen_leaving", "decoy_at_dawn", "empty_house")  # codes 0, 1, 2 of `discover_many`


def geometric(u, p: float):
    """Number of trials up to and including the first success (support 1, 2, ...) at uniform `u`.

    P(K > k) = (1 - p)^k, so K = ceil(log u / log(1 - p)).

    Parameters
    ----------
    u : float or array_like
        Uniform draw(s) in (0, 1).
    p : float
        Success probability of one trial (clipped to [1e-9, 1]).

    Returns
    -------
    numpy.int64 or numpy.ndarray of int64
        Number of trials, >= 1, of the shape of *u*.
    """
    p = min(max(float(p), 1e-9), 1.0)
    if p >= 1.0:
        return np.ones_like(np.asarray(u, dtype=np.int64))[()]
    return np.maximum(np.ceil(np.log(u) / np.log1p(-p)), 1).astype(np.int64)[()]


@dataclass(frozen=True)
class Discovery:
    seen_leaving: bool
    t_min: float
    how: str  # one of HOW


def discover_many(*, t_exit: float, t_dawn: float, back_window: bool, decoy: bool, watchers: Watchers,
                  u_seen, u_looks) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """When the watchers learn that the house is empty, for one episode or many.

    Leaving by the back window keeps the exit out of the watchers' sight except by chance
    (`u_seen` below the chance of being seen); with the decoy in the bed they believe the target
    is home until the sleeper rises at dawn; without it, each look into the house, every
    `check_interval_min`, may find it empty (the number of looks is geometric, from `u_looks`),
    and at dawn the empty bed is found anyway.

    Parameters
    ----------
    t_exit, t_dawn : float
        Minutes from the scenario's start to the exit and to the discovery hour at dawn.
    back_window, decoy : bool
        The tactics.
    watchers : Watchers
        The scenario's watchers.
    u_seen, u_looks : float or ndarray
        The episode's uniforms for the two chances.

    Returns
    -------
    seen : ndarray of bool
    t_min : ndarray of float
        Minutes from the start to the discovery.
    how : ndarray of int
        Index into HOW.
    """
    p_see = watchers.p_see_back_window if back_window else watchers.p_see_front_exit
    seen = (np.asarray(u_seen) < p_see) & (watchers.count > 0)
    dawn = max(t_dawn, t_exit)
    if decoy:
        t_quiet, how_quiet = np.full(seen.shape, dawn), np.ones(seen.shape, np.int64)
    else:
        looks = geometric(u_looks, watchers.p_notice_empty_without_decoy)
        t_quiet, how_quiet = np.minimum(t_exit + looks * watchers.check_interval_min, dawn), np.full(seen.shape, 2)
    return seen, np.where(seen, t_exit, t_quiet), np.where(seen, 0, how_quiet)


def discover(*, t_exit: float, t_dawn: float, back_window: bool, decoy: bool, watchers: Watchers,
             u_seen: float, u_looks: float) -> Discovery:
    """`discover_many` for one episode, as a Discovery."""
    seen, t_min, how = discover_many(t_exit=t_exit, t_dawn=t_dawn, back_window=back_window, decoy=decoy,
                                     watchers=watchers, u_seen=u_seen, u_looks=u_looks)
    return Discovery(bool(seen), float(t_min), HOW[int(how)])
