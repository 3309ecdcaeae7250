"""Detection laws: probability of detection (POD) as a function of coverage.

Coverage ``C = W * L / A`` is the swept area (sweep width ``W`` times track
length ``L``) divided by the area searched ``A``.  Three classical laws
(Koopman, *Search and Screening*, 1946/1980; see ``docs/search.md``):

``"exponential"``    random search: ``POD = 1 - exp(-C)``.
``"inverse_cube"``   parallel sweeps with Koopman's inverse-cube sensor:
                     ``POD = erf(sqrt(pi) / 2 * C)``.
``"definite_range"`` "cookie-cutter" sensor, perfect parallel sweeps:
                     ``POD = min(C, 1)``.

The lateral-range helpers give the single-pass detection probability at
lateral (closest-approach) distance ``x`` for a sensor of sweep width ``W``.
"""
from __future__ import annotations

import math

import numpy as np

from .validate import as_nonnegative, as_nonnegative_scalar, check_choice, fail

__all__ = ["LAWS", "pod", "lateral_range", "parallel_sweep_pod"]

LAWS = ("exponential", "inverse_cube", "definite_range")
LATERAL_LAWS = ("inverse_cube", "definite_range")

_HALF_SQRT_PI = math.sqrt(math.pi) / 2.0


def pod(coverage, law: str = "exponential") -> np.ndarray:
    """Probability of detection for *coverage* under detection *law*.

    Parameters
    ----------
    coverage : array_like, >= 0 (``inf`` allowed, giving POD 1)
    law : ``"exponential"`` | ``"inverse_cube"`` | ``"definite_range"``

    Returns
    -------
    ndarray of float64 with the shape of *coverage*.
    """
    check_choice("law", law, LAWS)
    c = as_nonnegative("coverage", coverage, allow_inf=True)
    if law == "exponential":
        return -np.expm1(-c)
    if law == "inverse_cube":
        from scipy.special import erf  # here, not at import: SciPy takes ~0.2 s to load

        return erf(_HALF_SQRT_PI * c)
    return np.minimum(c, 1.0)


def lateral_range(x, sweep_width: float, law: str = "inverse_cube") -> np.ndarray:
    """Single-pass detection probability at lateral range *x*.

    ``"inverse_cube"``: ``1 - exp(-W**2 / (4 pi x**2))`` -- integrating an
    instantaneous detection rate proportional to ``1 / r**3`` along an infinite
    straight track gives ``1 - exp(-k / x**2)``; ``k = W**2 / (4 pi)`` makes the
    curve's integral over ``x`` equal the sweep width ``W``.

    ``"definite_range"``: 1 for ``|x| <= W / 2``, else 0.

    Parameters
    ----------
    x : array_like
        Lateral (closest-approach) distance, in the length unit of *sweep_width* (e.g. m);
        the sign is ignored.
    sweep_width : float
        Sweep width ``W`` of the sensor (>= 0), same length unit as *x*.
    law : {"inverse_cube", "definite_range"}, default "inverse_cube"
        Lateral-range law.

    Returns
    -------
    numpy.ndarray or numpy.float64
        Detection probability in [0, 1], with the shape of *x*.

    Raises
    ------
    InputError
        If *law* is unknown, *sweep_width* is negative or not finite, or *x* contains NaN.
    """
    check_choice("law", law, LATERAL_LAWS)
    w = as_nonnegative_scalar("sweep_width", sweep_width)
    xa = np.abs(np.asarray(x, dtype=np.float64))
    if np.isnan(xa).any():
        raise fail("x", "contains NaN")
    if law == "definite_range":
        return (xa <= w / 2.0).astype(np.float64)
    with np.errstate(divide="ignore"):
        return -np.expm1(-(w * w / (4.0 * math.pi)) / (xa * xa))


def parallel_sweep_pod(spacing: float, sweep_width: float, law: str = "inverse_cube") -> float:
    """POD of an endless set of parallel tracks *spacing* apart, target uniform.

    Closed forms (coverage ``C = W / S``): ``erf(sqrt(pi)/2 * C)`` for the
    inverse-cube law (sum the exponents over all tracks, then average over the
    target's offset with Craig's integral for ``erfc``) and ``min(C, 1)`` for
    the definite-range law.

    Parameters
    ----------
    spacing : float
        Distance between neighbouring tracks (> 0), same length unit as *sweep_width*.
    sweep_width : float
        Sweep width ``W`` of the sensor (>= 0).
    law : {"inverse_cube", "definite_range"}, default "inverse_cube"
        Lateral-range law of the sensor.

    Returns
    -------
    float
        Probability of detection in [0, 1].

    Raises
    ------
    InputError
        If *law* is unknown, either length is negative or not finite, or *spacing* is 0.
    """
    check_choice("law", law, LATERAL_LAWS)
    s = as_nonnegative_scalar("spacing", spacing)
    w = as_nonnegative_scalar("sweep_width", sweep_width)
    if s == 0:
        raise fail("spacing", "must be > 0")
    return float(pod(w / s, law))
