"""The uncertain quantities of one episode: central values for the story, random draws for Monte Carlo."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Draws:
    tracker_skill: float
    p_misled: float
    fading_factor: float     # multiplies every ground's half-life
    hire_delay_min: float


def central(scenario) -> Draws:
    """The scenario's own values: what `sevr run` uses."""
    tr = scenario.tracker
    return Draws(tr.skill, tr.p_misled_by_branch, 1.0, tr.hire_delay_min)


def beta_mean_sd(rng: np.random.Generator, mean, sd, size=None):
    """Beta draws with the given mean and standard deviation (sd shrunk if the pair is infeasible)."""
    mean = np.clip(np.asarray(mean, dtype=float), 1e-6, 1 - 1e-6)
    sd = np.minimum(np.asarray(sd, dtype=float), 0.99 * np.sqrt(mean * (1 - mean)))
    if np.all(sd <= 0):
        return np.broadcast_to(mean, size if size is not None else np.shape(mean)).astype(float).copy()
    k = mean * (1 - mean) / np.maximum(sd, 1e-12) ** 2 - 1
    return rng.beta(mean * k, (1 - mean) * k, size=size)


def sample(scenario, rng: np.random.Generator, size: int | None = None):
    """Draws for one episode (size None) or for `size` episodes as arrays, in a fixed order."""
    tr, u = scenario.tracker, scenario.uncertainty
    skill = beta_mean_sd(rng, tr.skill, u.tracker_skill_sd, size)
    misled = beta_mean_sd(rng, tr.p_misled_by_branch, u.misled_sd, size)
    fading = np.exp(rng.normal(0.0, u.fading_log_sd, size))
    hire = np.maximum(rng.normal(tr.hire_delay_min, u.hire_delay_sd_min, size), 0.0)
    if size is None:
        return Draws(float(skill), float(misled), float(fading), float(hire))
    return Draws(skill, misled, fading, hire)
