"""When to suspend a search: a stated rule and the numbers that drive it.

The rule (see ``docs/planning.md``, "Suspension"):

    Continue into the next operational period while BOTH
      (a) the expected probability of success per searcher-hour of the best plan for that
          period, POS_next / H, is at least ``min_pos_per_searcher_hour``, and
      (b) the probability that the subject is inside the search area, 1 - ROW, is at least
          ``min_poa_in_area``.
    Otherwise recommend suspension -- or, when (b) fails, re-planning over a larger area.

POS_next is the conditional POS (given no find so far) of the optimal allocation of the
period's H searcher-hours (:func:`sevr.search.allocation.optimal_allocation`, the
Charnes–Cooper/Stone solution for exponential detection). The report also gives the marginal
rate ``lambda`` of that plan -- the POS the last searcher-hour buys, equal in every segment
that receives effort (Koopman 1980; Stone 1975, where ``lambda`` is the Lagrange multiplier of
the optimal plan). Effort is worth adding while ``lambda`` exceeds the cost of an hour
expressed in probability; the mean rate ``POS_next / H`` (always >= ``lambda``) answers the
coarser question whether fielding the whole period is.

This mirrors how land-SAR texts frame suspension (NASAR, *Fundamentals of Search and
Rescue*; Cooper, Frost & Robe 2003 for the US Coast Guard; Koester 2008): searching stops
paying when the probability left in the area is low and each further hour finds little, and
the decision must be made on numbers written down beforehand, not on fatigue. Survivability,
weather and risk to searchers are outside this rule and remain the incident commander's call.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from .allocation import optimal_allocation
from .validate import as_nonnegative, as_nonnegative_scalar, as_probability_scalar, check_same_shape, fail

__all__ = ["SuspensionRule", "SuspensionAssessment", "next_period_gain", "assess"]


@dataclass(frozen=True)
class SuspensionRule:
    """Thresholds of the suspension rule (probabilities, conditional on no find so far)."""

    min_pos_per_searcher_hour: float = 0.0005
    min_poa_in_area: float = 0.25

    def __post_init__(self) -> None:
        object.__setattr__(self, "min_pos_per_searcher_hour",
                           as_probability_scalar("min_pos_per_searcher_hour", self.min_pos_per_searcher_hour))
        object.__setattr__(self, "min_poa_in_area", as_probability_scalar("min_poa_in_area", self.min_poa_in_area))


@dataclass(frozen=True)
class SuspensionAssessment:
    """The verdict and every number behind it."""

    continue_search: bool
    reasons: tuple[str, ...]
    poa_in_area: float
    row: float
    searcher_hours: float
    pos_next: float
    pos_per_searcher_hour: float
    marginal_pos_per_searcher_hour: float
    min_pos_per_searcher_hour: float
    min_poa_in_area: float

    @property
    def verdict(self) -> str:
        """``"continue"`` or ``"suspend"``."""
        return "continue" if self.continue_search else "suspend"

    def as_dict(self) -> dict:
        """All fields as a dict (``reasons`` as a list) plus ``verdict``, e.g. for JSON."""
        d = asdict(self)
        d["reasons"] = list(self.reasons)
        d["verdict"] = self.verdict
        return d


def next_period_gain(poa, effectiveness, searcher_hours: float) -> tuple[np.ndarray, float, float]:
    """Optimal allocation of *searcher_hours* over segments with current POAs *poa* and
    effectiveness ``e_i`` (POD ``1 - exp(-e_i t_i)``, e.g. ``e_i = W v / A_i``).

    Returns ``(hours per segment, POS of the plan, lambda)`` where POS is
    ``sum_i poa_i (1 - exp(-e_i t_i))`` in the units of *poa* and ``lambda`` is the marginal POS
    of one more searcher-hour, ``max_i poa_i e_i exp(-e_i t_i)`` (equal on every segment that
    gets effort; with no effort it is the best single segment's initial rate).
    """
    p = as_nonnegative("poa", poa)
    e = as_nonnegative("effectiveness", effectiveness)
    if e.ndim == 0:
        e = np.full(p.shape, float(e))
    check_same_shape(poa=p, effectiveness=e)
    h = as_nonnegative_scalar("searcher_hours", searcher_hours)
    t = optimal_allocation(p, e, h)
    pos = float(np.sum(p * -np.expm1(-e * t)))
    rate = p * e * np.exp(-e * t)
    lam = float(rate.max()) if rate.size else 0.0
    return t, pos, lam


def assess(poa, row: float, effectiveness, searcher_hours: float, rule: SuspensionRule) -> SuspensionAssessment:
    """Apply the suspension rule to the current POAs (*poa* per segment and *row*, summing
    to 1) for a next period of *searcher_hours*.

    The search continues unless the next period's POS per searcher-hour is below
    ``rule.min_pos_per_searcher_hour`` or the probability inside the area is below
    ``rule.min_poa_in_area``; each failed test adds a reason. The sum to 1 is not checked.

    Parameters
    ----------
    poa : array_like
        Current POA per segment (given no find so far), non-negative.
    row : float
        Current probability that the subject is outside the area (rest of world), in [0, 1].
    effectiveness : float or array_like
        Search effectiveness per segment, in 1 / searcher-hour (POD ``1 - exp(-e t)``).
    searcher_hours : float
        Effort of the next period, in searcher-hours (h, >= 0).
    rule : SuspensionRule
        The thresholds.

    Returns
    -------
    SuspensionAssessment
        The verdict, its reasons and the numbers behind it.

    Raises
    ------
    InputError
        If *poa* or *effectiveness* has NaN, infinite or negative values or mismatched
        shapes, *row* is outside [0, 1], *searcher_hours* is negative, or *rule* is not a
        SuspensionRule.
    """
    p = as_nonnegative("poa", poa)
    row = as_probability_scalar("row", row)
    if not isinstance(rule, SuspensionRule):
        raise fail("rule", f"must be a SuspensionRule, got {type(rule).__name__}")
    h = as_nonnegative_scalar("searcher_hours", searcher_hours)
    _, pos, lam = next_period_gain(p, effectiveness, h)
    in_area = float(p.sum())
    per_hour = pos / h if h > 0 else 0.0
    reasons = []
    if per_hour < rule.min_pos_per_searcher_hour:
        reasons.append(
            f"next period's POS per searcher-hour {per_hour:.2e} is below the threshold "
            f"{rule.min_pos_per_searcher_hour:.2e}")
    if in_area < rule.min_poa_in_area:
        reasons.append(
            f"probability inside the search area {in_area:.3f} is below the floor {rule.min_poa_in_area:.3f} "
            f"(ROW {row:.3f}): suspend or widen the area")
    return SuspensionAssessment(
        continue_search=not reasons,
        reasons=tuple(reasons),
        poa_in_area=in_area,
        row=row,
        searcher_hours=h,
        pos_next=pos,
        pos_per_searcher_hour=per_hour,
        marginal_pos_per_searcher_hour=lam,
        min_pos_per_searcher_hour=rule.min_pos_per_searcher_hour,
        min_poa_in_area=rule.min_poa_in_area,
    )
