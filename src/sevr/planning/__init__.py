"""Lost-person search planning: distance statistics, probability surface, segments, the plan.

See ``docs/planning.md``. The usual entry point is :func:`plan_scenario` (what `sevr plan`
runs) followed by :func:`~sevr.planning.outputs.write_plan_outputs`.
"""
from .lostperson import KOESTER_HIKER_TEMPERATE_MOUNTAINOUS, DistanceFit, fit_lognormal
from .plan import Plan, PlanPeriod, Team, make_plan, plan_scenario
from .segments import Segmentation, grid_segments
from .surface import ProbabilitySurface, SurfaceParams, flow_accumulation, probability_surface

__all__ = [
    "KOESTER_HIKER_TEMPERATE_MOUNTAINOUS",
    "DistanceFit",
    "fit_lognormal",
    "ProbabilitySurface",
    "SurfaceParams",
    "flow_accumulation",
    "probability_surface",
    "Segmentation",
    "grid_segments",
    "Team",
    "Plan",
    "PlanPeriod",
    "make_plan",
    "plan_scenario",
]
