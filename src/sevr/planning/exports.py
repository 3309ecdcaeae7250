"""The plan in the formats field tools read: CalTopo, Google Earth, GPS units, GIS and paper.

:func:`write_plan_exports` writes, into a folder (the plan's scratch folder, so they appear
with the rest of the plan or not at all):

=============================  ==============================================================
``segments.caltopo.geojson``   segments (coloured by POA) and assignment routes, CalTopo keys
``segments.kml``               the same for Google Earth, polygons styled by POA
``segments.gpx``               IPP waypoint and the boundaries of the segments searched
``assignments.gpx``            IPP waypoint and each assignment's sweep route (track + route)
``probability.tif``            the probability surface before and after the plan (COG)
``assignments.pdf``            one printable sheet per assignment
=============================  ==============================================================

The features are built here from the plan (:func:`plan_features`); the writers in
:mod:`sevr.formats` know nothing of plans.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from sevr.formats import Area, Line, Mark, caltopo_geojson, gpx_text, kml_text, poa_colours, write_cog

from .assignments import Assignment, plan_assignments
from .plan import Plan

__all__ = ["EXPORT_FILES", "PlanFeatures", "plan_features", "write_plan_exports"]

EXPORT_FILES = ("segments.caltopo.geojson", "segments.kml", "segments.gpx", "assignments.gpx",
                "probability.tif", "assignments.pdf")

IPP_COLOUR = "#ffd400"  # the star of the plan map
ROUTE_COLOUR = "#0057b8"  # the searched-segment blue of the plan map


@dataclass(frozen=True)
class PlanFeatures:
    """A plan as plain lon/lat features."""

    segments: list[Area]  # every segment, coloured by its initial POA
    searched: list[Area]  # the segments that get an assignment
    routes: list[Line]  # one sweep route per assignment
    marks: list[Mark]  # the IPP, then any clues
    assignments: list[Assignment]


def _pct(p: float) -> str:
    return f"{100 * p:.1f} %" if p >= 0.001 else f"{100 * p:.3f} %"


def _ring_lonlat(frame, xy) -> list[tuple[float, float]]:
    lat, lon = frame.to_latlon(np.asarray(xy)[:, 0], np.asarray(xy)[:, 1])
    return list(zip(map(float, lon), map(float, lat)))


def plan_features(plan: Plan, assignments: Sequence[Assignment] | None = None,
                  clues: Sequence[Mark] = ()) -> PlanFeatures:
    """The plan's segments, assignment routes and marks as :mod:`sevr.formats` features.

    Parameters
    ----------
    plan : Plan
        A plan with a geographic frame.
    assignments : sequence of Assignment, optional
        Default: :func:`~sevr.planning.assignments.plan_assignments` of *plan*.
    clues : sequence of Mark, default=()
        Extra points to place after the IPP (clues found, for instance).
    """
    if plan.frame is None:
        raise ValueError("the plan has no geographic frame; cannot export lon/lat features")
    assignments = plan_assignments(plan) if assignments is None else list(assignments)
    seg = plan.segmentation
    rings = seg.polygons_lonlat(plan.frame)
    table = {row["segment"]: row for row in plan.ledger.table()}
    hours = plan.hours_by_segment()
    colours = poa_colours([table[s.id]["poa_initial"] for s in seg.segments])
    busy = {a.segment for a in assignments}
    segments, searched = [], []
    for i, (s, ring) in enumerate(zip(seg.segments, rings)):
        row = table[s.id]
        desc = (f"Segment {s.id}: {s.area_m2 / 1e6:.2f} km². POA {_pct(row['poa_initial'])} at the start, "
                f"{_pct(row['poa'])} after the plan. {hours[i]:.1f} searcher-hours planned, cumulative POD "
                f"{row['cumulative_pod']:.0%}.")
        props = {"id": s.id, "area_km2": round(s.area_m2 / 1e6, 4), "POA": row["poa_initial"],
                 "POA_final": row["poa"], "POD": row["cumulative_pod"], "hours": float(hours[i])}
        area = Area(s.id, ring=[tuple(p) for p in ring], description=desc, colour=colours[i],
                    fill_opacity=0.35, properties=props)
        segments.append(area)
        if s.id in busy:
            searched.append(area)
    routes = [Line(a.id, points=_ring_lonlat(plan.frame, a.route_xy), description=assignment_text(a, plan),
                   colour=ROUTE_COLOUR, width=3.0,
                   properties={"period": a.period, "segment": a.segment, "team": a.team, "searchers": a.searchers,
                               "hours": round(a.hours, 2), "spacing_m": round(a.spacing_m, 1),
                               "POD": round(a.pod, 4)})
              for a in assignments]
    lat, lon = plan.frame.to_latlon(*plan.ipp_xy)
    ipp = Mark(f"IPP {plan.ipp_name}"[:40], lon=lon, lat=lat, colour=IPP_COLOUR, symbol="Flag",
               description=f"Initial planning point: {plan.ipp_name} ({lat:.5f}, {lon:.5f})")
    return PlanFeatures(segments, searched, routes, [ipp, *clues], assignments)


def assignment_text(a: Assignment, plan: Plan) -> str:
    """One paragraph that briefs an assignment (in route descriptions and on its sheet)."""
    strip = "" if a.strips == 1 else f", strip {a.strip} of {a.strips} from the west"
    return (f"Period {a.period}, segment {a.segment}{strip}: {a.team} team of {a.searchers}, {a.hours:.1f} h. "
            f"Parallel sweep in {a.lanes} north-south lane(s), searchers {a.spacing_m:.0f} m apart "
            f"(sweep width {a.sweep_width_m:g} m, {a.speed_kmh:g} km/h). Target POD {a.pod:.0%} "
            f"(coverage {a.coverage:.2f}); segment POA {_pct(a.poa)} at the start of the period.")


def write_plan_exports(plan: Plan, folder, *, clues: Sequence[Mark] = ()) -> dict[str, Path]:
    """Write the files of :data:`EXPORT_FILES` into *folder* (which must exist).

    ``probability.tif`` is skipped when rasterio (the ``geo`` extra) is not installed; the
    other files need only the core dependencies. Returns the paths written.
    """
    folder = Path(folder)
    feats = plan_features(plan, clues=clues)
    title = plan.title or plan.name
    made: dict[str, Path] = {}

    def put(name: str, text: str) -> None:
        (folder / name).write_text(text, encoding="utf-8")
        made[name] = folder / name

    put("segments.caltopo.geojson",
        json.dumps(caltopo_geojson(feats.segments, feats.routes, feats.marks), ensure_ascii=False) + "\n")
    put("segments.kml", kml_text(f"{title}: search plan", areas=feats.segments, lines=feats.routes,
                                 marks=feats.marks, folder_names=("Segments (POA)", "Assignments", "Points"),
                                 description=f"{len(plan.periods)} period(s) of {plan.hours_per_period:g} h; "
                                             f"segments coloured by initial POA (darker = more probable)."))
    put("segments.gpx", gpx_text(f"{plan.name} segments", marks=feats.marks, areas=feats.searched,
                                 description="IPP and the boundaries of the segments with assignments"))
    put("assignments.gpx", gpx_text(f"{plan.name} assignments", marks=feats.marks, lines=feats.routes, routes=True,
                                    description="IPP and one sweep route per assignment"))
    try:
        import rasterio  # noqa: F401
    except ImportError:
        pass
    else:
        made["probability.tif"] = write_probability_tif(plan, folder / "probability.tif")
    from .sheets import write_assignment_sheets

    write_assignment_sheets(plan, feats.assignments, folder / "assignments.pdf")
    made["assignments.pdf"] = folder / "assignments.pdf"
    return made


def write_probability_tif(plan: Plan, path) -> Path:
    """The probability per cell before (band 1) and after (band 2) the plan, as a COG in the
    plan's local frame (azimuthal equidistant about the scenario origin, metres)."""
    t = plan.terrain
    after = plan.posterior.p_ * plan.ledger.poa_in_area
    return write_cog(path, [plan.surface.p, after], west=t.west_m, north=t.north_m, cell=t.cell_m,
                     crs=plan.frame.crs, descriptions=("probability per cell before the plan",
                                                       "probability per cell after the planned periods"))
