"""Likelihoods for clues: ``L(x, y) = P(what we observed | the target is at (x, y))``.

Each constructor returns an array of likelihoods for points given by coordinate arrays (any
shape, metres in the local frame), so the same function serves a grid (pass
:func:`cell_centres` of the terrain and hand the result to :meth:`GridBelief.update_clue
<sevr.search.belief.GridBelief.update_clue>`) and particles (wrap it as ``lambda x, y: ...``
for :meth:`ParticleBelief.update_clue <sevr.search.belief.ParticleBelief.update_clue>`).

Only ratios of a likelihood matter (Bayes' rule renormalises), so the shapes below are chosen
for readability, with their free parameters named after what they mean in the field:

* :func:`clue_found_at` -- an item (a glove, a wrapper, a footprint) found at a place: the
  target passed nearby; a Gaussian bump plus a *background* for the chance the item is not
  theirs or was carried off.
* :func:`no_clue_found` -- a region searched for clues without result: ``1 - p_left * pod``
  inside the region (``pod`` = chance of spotting a clue if one is there, ``p_left`` = chance
  that a target who went there left one), 1 elsewhere. With ``p_left = 1`` this is the
  unsuccessful-search likelihood ``1 - pod`` itself.
* :func:`trail_ends_at` -- a trail that stops: either the target stopped (or went to ground)
  close to the end, or walked on over ground that kept no prints; a narrow plus a wide
  Gaussian mixed by *p_stopped*.
* :func:`undisturbed_entrance` / :func:`undisturbed_entrance_likelihood` -- a hiding place
  whose entrance looks untouched: a yes/no hypothesis "inside" weighed with
  :func:`sevr.search.bayes.binary_posterior`.
"""
from __future__ import annotations

import numpy as np

from .bayes import binary_posterior
from .validate import as_nonnegative_scalar, as_probabilities, as_probability_scalar, fail

__all__ = [
    "cell_centres",
    "clue_found_at",
    "no_clue_found",
    "trail_ends_at",
    "undisturbed_entrance",
    "undisturbed_entrance_likelihood",
]


def cell_centres(terrain) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) grids of the terrain's cell centres, metres."""
    rows, cols = np.indices(terrain.shape)
    return terrain.rc_to_xy(rows, cols)


def _xy(x, y):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    try:
        return np.broadcast_arrays(x, y)
    except ValueError:
        raise fail("y", f"shape {y.shape} does not broadcast with x shape {x.shape}") from None


def _positive(name: str, v: float) -> float:
    v = as_nonnegative_scalar(name, v)
    if v == 0:
        raise fail(name, "must be > 0")
    return v


def _dist2(x, y, point) -> np.ndarray:
    px, py = (float(v) for v in np.asarray(point, dtype=np.float64).reshape(2))
    x, y = _xy(x, y)
    return (x - px) ** 2 + (y - py) ** 2


def clue_found_at(x, y, clue_xy, sigma_m: float, background: float = 0.05) -> np.ndarray:
    """Likelihood of finding a clue at *clue_xy* if the target is at (x, y).

    ``L = background + (1 - background) * exp(-d^2 / (2 sigma^2))`` with ``d`` the distance to
    the clue. *sigma_m* says how far from the clue the target may be now (their walking since
    dropping it plus the location error); *background* in [0, 1] keeps far cells possible
    (the clue may not be theirs).

    Parameters
    ----------
    x, y : array_like
        Coordinates of the candidate target positions, in metres (local frame); broadcast
        together.
    clue_xy : array_like, shape (2,)
        Where the clue was found, ``(x, y)`` in metres.
    sigma_m : float
        Spread of the bump, in metres (> 0).
    background : float, default 0.05
        Floor of the likelihood far from the clue, a probability in [0, 1].

    Returns
    -------
    numpy.ndarray
        Likelihood in [background, 1], of the broadcast shape of *x* and *y*.

    Raises
    ------
    InputError
        If *sigma_m* is not > 0, *background* is outside [0, 1], or *x* and *y* do not
        broadcast.
    """
    sigma = _positive("sigma_m", sigma_m)
    bg = as_probability_scalar("background", background)
    return bg + (1.0 - bg) * np.exp(-_dist2(x, y, clue_xy) / (2.0 * sigma * sigma))


def no_clue_found(region, pod, p_left: float = 1.0) -> np.ndarray:
    """Likelihood of finding nothing after searching *region* for clues.

    *region* is a boolean grid (or array of points' membership), *pod* the probability of
    spotting a clue where one lies (scalar or same shape), *p_left* the chance a target in
    the region left a detectable clue. ``L = 1 - p_left * pod`` inside, 1 outside.

    Parameters
    ----------
    region : array_like of bool
        Which cells (or points) were searched.
    pod : float or array_like
        Probability of spotting a clue where one lies, in [0, 1], scalar or broadcastable
        to *region*.
    p_left : float, default 1.0
        Probability that a target in the region left a detectable clue, in [0, 1].

    Returns
    -------
    numpy.ndarray
        Likelihood in [0, 1], of the shape of *region*.

    Raises
    ------
    InputError
        If *pod* or *p_left* is outside [0, 1], or *pod* does not fit the shape of *region*.
    """
    mask = np.asarray(region, dtype=bool)
    q = as_probabilities("pod", pod)
    a = as_probability_scalar("p_left", p_left)
    try:
        q = np.broadcast_to(q, mask.shape)
    except ValueError:
        raise fail("pod", f"shape {q.shape} does not match region shape {mask.shape}") from None
    return np.where(mask, 1.0 - a * q, 1.0)


def trail_ends_at(
    x,
    y,
    end_xy,
    *,
    p_stopped: float = 0.7,
    sigma_near_m: float = 40.0,
    sigma_far_m: float = 1500.0,
) -> np.ndarray:
    """Likelihood of a trail ending at *end_xy* if the target is at (x, y).

    Two explanations, mixed by *p_stopped*: the target stopped, hid or went to ground close
    to the end (an area density of a Gaussian of sd *sigma_near_m*), or walked on where the
    ground kept no prints (a wide Gaussian of sd *sigma_far_m*). Each term is a 2-D normal
    density, so the mixture says how concentrated the mass becomes near the end: with
    ``p_stopped = 0.7``, ``sigma_near = 40 m`` and ``sigma_far = 1.5 km`` the cells within
    ~80 m of the end carry most of the posterior unless the prior there is tiny.

    Parameters
    ----------
    x, y : array_like
        Coordinates of the candidate target positions, in metres (local frame).
    end_xy : array_like, shape (2,)
        Where the trail ends, ``(x, y)`` in metres.
    p_stopped : float, default 0.7
        Probability that the target stopped near the end, in [0, 1].
    sigma_near_m : float, default 40.0
        Standard deviation of the near term, in metres (> 0).
    sigma_far_m : float, default 1500.0
        Standard deviation of the far term, in metres (> 0).

    Returns
    -------
    numpy.ndarray
        Likelihood (a density in 1/m², only ratios matter), of the broadcast shape of *x*
        and *y*.

    Raises
    ------
    InputError
        If *p_stopped* is outside [0, 1], a sigma is not > 0, or *x* and *y* do not broadcast.
    """
    w = as_probability_scalar("p_stopped", p_stopped)
    sn = _positive("sigma_near_m", sigma_near_m)
    sf = _positive("sigma_far_m", sigma_far_m)
    d2 = _dist2(x, y, end_xy)
    near = np.exp(-d2 / (2.0 * sn * sn)) / (2.0 * np.pi * sn * sn)
    far = np.exp(-d2 / (2.0 * sf * sf)) / (2.0 * np.pi * sf * sf)
    return w * near + (1.0 - w) * far


def undisturbed_entrance(prior_inside: float, p_intact_if_inside: float, p_intact_if_outside: float) -> float:
    """P(target inside | the entrance looks undisturbed), by Bayes' rule.

    *p_intact_if_inside* is the chance the entrance would still look untouched had someone
    gone in (a web unbroken, eggs in place: small); *p_intact_if_outside* the chance it looks
    untouched when nobody went in (large). Wraps :func:`sevr.search.bayes.binary_posterior`.

    Parameters
    ----------
    prior_inside : float
        Probability that the target is inside before looking, in [0, 1].
    p_intact_if_inside : float
        P(entrance looks untouched | target inside), in [0, 1].
    p_intact_if_outside : float
        P(entrance looks untouched | target not inside), in [0, 1].

    Returns
    -------
    float
        Posterior probability that the target is inside, in [0, 1].

    Raises
    ------
    InputError
        If an argument is outside [0, 1], or the observation has probability 0.
    """
    return binary_posterior(prior_inside, p_intact_if_inside, p_intact_if_outside)


def undisturbed_entrance_likelihood(inside, p_intact_if_inside: float, p_intact_if_outside: float) -> np.ndarray:
    """Grid version of :func:`undisturbed_entrance`: *p_intact_if_inside* on the cells of the
    hiding place (boolean *inside*), *p_intact_if_outside* elsewhere. Updating a grid belief
    with it moves the mass inside exactly as :func:`undisturbed_entrance` does.

    Parameters
    ----------
    inside : array_like of bool
        Cells of the hiding place.
    p_intact_if_inside : float
        P(entrance looks untouched | target inside), in [0, 1].
    p_intact_if_outside : float
        P(entrance looks untouched | target not inside), in [0, 1].

    Returns
    -------
    numpy.ndarray of float64
        Likelihood per cell, of the shape of *inside*.

    Raises
    ------
    InputError
        If either probability is outside [0, 1].
    """
    a = as_probability_scalar("p_intact_if_inside", p_intact_if_inside)
    b = as_probability_scalar("p_intact_if_outside", p_intact_if_outside)
    return np.where(np.asarray(inside, dtype=bool), a, b).astype(np.float64)
