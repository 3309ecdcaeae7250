"""Search theory: detection laws, Bayesian map updates, optimal effort.

See ``docs/search.md`` for the mathematics and references.
"""
import importlib

# Each name from the module that defines it, loaded on first use: the story needs the Bayes
# updates and a detection law, not the allocation solvers or SciPy's sparse matrices.
_WHERE = {
    "optimal_allocation": "allocation", "probability_of_success": "allocation",
    "binary_posterior": "bayes", "sequential_posterior": "bayes", "update_clue": "bayes", "update_miss": "bayes",
    "LAWS": "detection", "lateral_range": "detection", "parallel_sweep_pod": "detection", "pod": "detection",
    "evaluate_plan": "fab", "fab_allocation": "fab", "grid_walk_transition": "fab", "myopic_allocation": "fab",
}


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


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
