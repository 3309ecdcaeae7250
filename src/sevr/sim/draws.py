"""The uncertain quantities of one episode: central values for the story, random draws for Monte Carlo.

Each draw is an inverse-CDF transform of one uniform of the episode's stream (`sevr.sim.stream`),
so the same function serves one episode (floats) and many (arrays), and both engines get the same
values from the same uniforms.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sevr.scenarios.schema import EvasionScenario
from sevr.sim import stream as st


@dataclass(frozen=True)
class Draws:
    tracker_skill: float
    p_misled: float
    fading_factor: float     # multiplies every ground's half-life
    hire_delay_min: float


def central(scenario: EvasionScenario) -> Draws:
    """The scenario's own values: what `sevr run` uses."""
    tr = scenario.tracker
    return Draws(tr.skill, tr.p_misled_by_branch, 1.0, tr.hire_delay_min)


def beta_mean_sd(u, mean: float, sd: float):
    """Beta quantile at `u` for the given mean and standard deviation (sd shrunk if infeasible).

    Parameters
    ----------
    u : float or ndarray
        Uniforms in (0, 1).
    mean, sd : float
        Mean in (0, 1) and standard deviation; sd = 0 gives the mean itself.

    Returns
    -------
    float or ndarray
        Quantiles, the shape of `u`.
    """
    mean = min(max(float(mean), 1e-6), 1 - 1e-6)
    sd = min(float(sd), 0.99 * np.sqrt(mean * (1 - mean)))
    if sd <= 0:
        return np.full_like(np.asarray(u, dtype=float), mean)[()]
    k = mean * (1 - mean) / sd**2 - 1
    from scipy import special  # here, not at import: the story (central values) never needs SciPy

    return special.betaincinv(mean * k, (1 - mean) * k, u)


def from_uniforms(scenario: EvasionScenario, u_skill, u_misled, u_fading, u_hire) -> Draws:
    """The Monte Carlo draws of one episode (float uniforms) or of many (arrays of uniforms).

    Skill and the chance to be misled are Beta quantiles around the tracker's values; the fading
    factor is log-normal with median 1; the hire delay is normal around the tracker's, floored at 0.

    Parameters
    ----------
    scenario : EvasionScenario
        Its `tracker` and `uncertainty` tables give the means and spreads.
    u_skill, u_misled, u_fading, u_hire : float or numpy.ndarray
        Uniforms in (0, 1), all of one shape.

    Returns
    -------
    Draws
        tracker_skill (0..1), p_misled (probability), fading_factor (multiplies every half-life),
        hire_delay_min (minutes): floats, or arrays of the uniforms' shape.
    """
    from scipy import special

    tr, unc = scenario.tracker, scenario.uncertainty
    skill = beta_mean_sd(u_skill, tr.skill, unc.tracker_skill_sd)
    misled = beta_mean_sd(u_misled, tr.p_misled_by_branch, unc.misled_sd)
    fading = np.exp(unc.fading_log_sd * special.ndtri(u_fading))
    hire = np.maximum(tr.hire_delay_min + unc.hire_delay_sd_min * special.ndtri(u_hire), 0.0)
    if np.ndim(u_skill) == 0:
        return Draws(float(skill), float(misled), float(fading), float(hire))
    return Draws(skill, misled, fading, hire)


def sample(scenario: EvasionScenario, stream: st.EpisodeStream) -> Draws:
    """One episode's draws, read from its stream's fixed slots.

    Parameters
    ----------
    scenario : EvasionScenario
        The validated scenario.
    stream : EpisodeStream
        The episode's stream.

    Returns
    -------
    Draws
        Float fields.
    """
    return from_uniforms(scenario, stream.slot(st.SKILL), stream.slot(st.MISLED),
                         stream.slot(st.FADING), stream.slot(st.HIRE))


def sample_many(scenario: EvasionScenario, keys: np.ndarray) -> Draws:
    """The same draws for many episodes, given their stream keys.

    Parameters
    ----------
    scenario : EvasionScenario
        The validated scenario.
    keys : numpy.ndarray
        (n,) uint64 episode keys (`sevr.sim.stream.episode_keys`).

    Returns
    -------
    Draws
        Array fields of shape (n,).
    """
    return from_uniforms(scenario, st.uniforms(keys, st.SKILL), st.uniforms(keys, st.MISLED),
                         st.uniforms(keys, st.FADING), st.uniforms(keys, st.HIRE))
