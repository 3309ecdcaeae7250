"""Prints: where they are, how strong they were made, and how they fade."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LN2 = np.log(2.0)


@dataclass(frozen=True)
class Prints:
    xy: np.ndarray          # (m, 2) one print (pair of walkers) per path vertex
    t_min: np.ndarray       # (m,) when made
    strength: np.ndarray    # (m,) strength when made: gait x load x ground, plus blood
    half_life_h: np.ndarray # (m,) fading half-life of the ground under each print
    blood: np.ndarray       # (m,) bool
    on_branch: np.ndarray   # (m,) bool: print lies on a false branch
    path_index: np.ndarray  # (m,) index of the path vertex each print belongs to

    def __len__(self) -> int:
        return len(self.t_min)


def ground_tables(trail) -> tuple[np.ndarray, np.ndarray]:
    """Retention and half-life by ground code (sand, gravel, rock) from the scenario's trail table."""
    grounds = (trail.sand, trail.gravel, trail.rock)
    return (np.array([g.retention for g in grounds]), np.array([g.half_life_h for g in grounds]))


def deposit(xy: np.ndarray, t_min: np.ndarray, ground: np.ndarray, gait_load: np.ndarray,
            blood: np.ndarray, blood_strength: float, on_branch: np.ndarray, keep: np.ndarray,
            retention: np.ndarray, half_life_h: np.ndarray) -> Prints:
    """Prints for the path vertices where `keep` is true (none on bare rock at the hideout's mouth).

    A print's strength is gait_load x retention of its ground; a blood trace adds `blood_strength`
    whatever the ground, since a dark drop shows on rock as well as on sand.

    Parameters
    ----------
    xy : numpy.ndarray, shape (n, 2)
        Path vertices, in metres (local frame).
    t_min : numpy.ndarray, shape (n,)
        Time each vertex is passed, in scenario minutes.
    ground : numpy.ndarray of int, shape (n,)
        Ground code (0 sand, 1 gravel, 2 rock) under each vertex.
    gait_load : numpy.ndarray, shape (n,)
        Print-strength factor of the gait and load at each vertex (dimensionless).
    blood : numpy.ndarray of bool, shape (n,)
        Whether a blood trace is left at each vertex.
    blood_strength : float
        Strength a blood trace adds (dimensionless, same scale as a print).
    on_branch : numpy.ndarray of bool, shape (n,)
        Whether each vertex lies on a false branch.
    keep : numpy.ndarray of bool, shape (n,)
        Which vertices leave a print.
    retention : numpy.ndarray, shape (3,)
        Print retention by ground code (see :func:`ground_tables`).
    half_life_h : numpy.ndarray, shape (3,)
        Fading half-life by ground code, in hours.

    Returns
    -------
    Prints
        One entry per kept vertex (``m`` of them), with ``path_index`` the vertex index.
    """
    idx = np.flatnonzero(keep)
    g = ground[idx]
    strength = gait_load[idx] * retention[g] + np.where(blood[idx], blood_strength, 0.0)
    return Prints(xy[idx], t_min[idx], strength, half_life_h[g], blood[idx], on_branch[idx], idx)


def faded(strength: np.ndarray, age_h: np.ndarray, half_life_h: np.ndarray) -> np.ndarray:
    """Strength after `age_h` hours: exponential fading with the ground's half-life (age < 0: not yet made).

    Parameters
    ----------
    strength : numpy.ndarray
        Strength when made (dimensionless).
    age_h : array_like
        Age of each print, in hours; negative for a print not yet made.
    half_life_h : numpy.ndarray
        Fading half-life of each print's ground, in hours (broadcast with the others).

    Returns
    -------
    numpy.ndarray
        Current strength, of the broadcast shape; 0 where the age is negative.
    """
    age = np.asarray(age_h, dtype=float)
    return np.where(age >= 0, strength * np.exp(-LN2 * np.maximum(age, 0) / half_life_h), 0.0)


def detect_probability(strength_now: np.ndarray, visibility, skill, p_max: float, scale: float) -> np.ndarray:
    """Chance a tracker sees a print: saturating in strength x light x skill (exponential law).

    ``p = p_max * (1 - exp(-scale * strength_now * visibility * skill))``.

    Parameters
    ----------
    strength_now : numpy.ndarray
        Current print strength (dimensionless, see :func:`faded`).
    visibility : float or numpy.ndarray
        Light index in [0, 1] (see :func:`sevr.world.light.visibility_from_lux`).
    skill : float or numpy.ndarray
        Tracker skill, a probability in [0, 1].
    p_max : float
        Ceiling of the detection probability, in [0, 1].
    scale : float
        Rate of the exponential law (per unit of strength x visibility x skill).

    Returns
    -------
    numpy.ndarray
        Probability of seeing each print, of the broadcast shape of the inputs.
    """
    return p_max * (1.0 - np.exp(-scale * strength_now * visibility * skill))
