"""The pursuers at the hideout: what the evidence says, whether to go in, how the search fades."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sevr.search.bayes import sequential_posterior


@dataclass(frozen=True)
class Assessment:
    prior: float        # P(someone inside) once the trail has ended here
    posterior: float    # ... after looking at the entrance
    ev_enter: float     # expected value of going in: posterior x value - cost
    decision: str       # "enter" | "leave"


def assess_hideout(evidence, decision, *, trail_ends_here: bool, entrance_intact: bool) -> Assessment:
    """The pursuers' reasoning at the mouth, as two Bayes updates and an expected-value choice.

    First the trail's end (the prints stop at this mouth) raises P(inside) from the base prior;
    then an entrance that shows no sign of anyone passing (web whole, eggs in the nest) is far
    likelier if nobody went in. Without those signs the entrance tells nothing either way.

    Parameters
    ----------
    evidence : Evidence
        The scenario's base prior and the likelihoods of the two signs (probabilities).
    decision : Decision
        Value of a capture and cost of entering (same arbitrary utility unit).
    trail_ends_here : bool
        Whether the prints stop at this mouth (the first update is applied).
    entrance_intact : bool
        Whether the entrance shows no sign of anyone passing (the second update is applied).

    Returns
    -------
    Assessment
        P(inside) before and after looking at the entrance, the expected value of going in
        (``posterior * value_of_capture - cost_of_entering``) and ``"enter"`` if it is
        positive, else ``"leave"``.
    """
    seen = [(evidence.p_trail_end_given_inside, evidence.p_trail_end_given_outside)] if trail_ends_here else []
    if entrance_intact:
        seen.append((evidence.p_intact_given_inside, evidence.p_intact_given_outside))
    steps = sequential_posterior(evidence.base_prior_inside, seen, history=True)
    prior = steps[1] if trail_ends_here else steps[0]  # P(inside) before the entrance is looked at
    posterior = steps[-1]
    ev_enter = posterior * decision.value_of_capture - decision.cost_of_entering
    return Assessment(float(prior), float(posterior), float(ev_enter), "enter" if ev_enter > 0 else "leave")


WITHDRAW_AFTER_MIN = 5.0    # from the decision at the mouth to the party turning back
INTERCEPT_AFTER_MIN = 30.0  # a party that spots the departure reaches the camels half an hour later


def entrance_intact(facts) -> bool:
    """Does the entrance show no sign of anyone passing (the web whole, or the nest with its eggs)?"""
    return bool(facts.web_over_entrance or facts.pigeon_nest)


def departure_risk(decay, hours_since_withdrawal):
    """Chance that leaving is noticed: proportional to the search effort still spent.

    Parameters
    ----------
    decay : Decay
        The scenario's decay of the search (half-life in hours, chance at full intensity).
    hours_since_withdrawal : float or array_like
        Time since the pursuers withdrew from the mouth, in hours.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        Probability that the departure is noticed, of the shape of *hours_since_withdrawal*.
    """
    return decay.p_intercept_at_full_intensity * search_intensity(hours_since_withdrawal, decay.half_life_h)


def search_intensity(hours_since_withdrawal, half_life_h: float):
    """Relative effort the pursuers still spend on the search: halves every half_life_h.

    Parameters
    ----------
    hours_since_withdrawal : float or array_like
        Time since the pursuers withdrew, in hours.
    half_life_h : float
        Half-life of the search effort, in hours.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        Intensity relative to full effort, 1 at withdrawal, of the shape of the input.
    """
    return np.exp2(-np.asarray(hours_since_withdrawal, dtype=float) / half_life_h)


def hours_until_suspended(decay) -> float:
    """Hours after withdrawal at which the intensity falls below the suspend threshold."""
    return decay.half_life_h * np.log2(1.0 / max(decay.suspend_below, 1e-12))
