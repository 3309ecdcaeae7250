"""Search theory: detection laws, Bayesian map updates, optimal effort.

See ``docs/search.md`` for the mathematics and references.
"""
from .allocation import optimal_allocation, probability_of_success
from .bayes import binary_posterior, sequential_posterior, update_clue, update_miss
from .detection import LAWS, lateral_range, parallel_sweep_pod, pod
from .fab import evaluate_plan, fab_allocation, grid_walk_transition, myopic_allocation

__all__ = [
    "LAWS",
    "pod",
    "lateral_range",
    "parallel_sweep_pod",
    "update_miss",
    "update_clue",
    "binary_posterior",
    "sequential_posterior",
    "optimal_allocation",
    "probability_of_success",
    "fab_allocation",
    "myopic_allocation",
    "evaluate_plan",
    "grid_walk_transition",
]
