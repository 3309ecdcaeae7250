"""The plan in the formats field tools read: CalTopo, Google Earth, GPS units, GIS and paper.

Two sets of files, one for the whole search and one per operational period.

:func:`write_plan_exports` writes the whole-search files at the top of the plan folder
(:data:`EXPORT_FILES`):

=============================  ==============================================================
``segments.caltopo.geojson``   every segment (coloured by its initial POA) and the IPP, CalTopo keys
``segments.kml``               the same for Google Earth
``segments.gpx``               IPP waypoint and the boundaries of the segments the plan searches
``probability.tif``            the prior probability surface (COG)
=============================  ==============================================================

:func:`write_period_exports` writes one period's field files into its ``period-NN`` folder
(:data:`PERIOD_EXPORT_FILES`), from what both ``sevr plan`` and ``sevr plan debrief`` hold: the
folder's :class:`~sevr.planning.cycle.PlanGrid`, the period's
:class:`~sevr.planning.cycle.PeriodPlan` and the belief before it:

================================  ===========================================================
``assignments.pdf``               one printable sheet per assignment of the period
``assignments.gpx``               IPP, clues so far, and each assignment's sweep route
``assignments.caltopo.geojson``   segments with the period's POA and hours, routes, IPP, clues
``segments.kml``                  the same for Google Earth, polygons styled by the period's POA
``probability.tif``               the probability per cell before the period (COG)
================================  ===========================================================

The features are built here (:class:`FieldMap`); the writers in :mod:`sevr.formats` know
nothing of plans.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np

from sevr.formats import Area, Line, Mark, caltopo_geojson, gpx_text, kml_text, poa_colours, write_cog

from .assignments import Assignment, period_assignments, segment_polygons
from .cycle import Belief, PeriodPlan, PlanGrid
from .plan import Plan

__all__ = ["EXPORT_FILES", "PERIOD_EXPORT_FILES", "FieldMap", "grid_rings", "clue_marks", "assignment_text",
           "write_plan_exports", "write_period_exports"]

EXPORT_FILES = ("segments.caltopo.geojson", "segments.kml", "segments.gpx", "probability.tif")
PERIOD_EXPORT_FILES = ("assignments.pdf", "assignments.gpx", "assignments.caltopo.geojson", "segments.kml",
                       "probability.tif")

IPP_COLOUR = "#ffd400"  # the star of the plan map
ROUTE_COLOUR = "#0057b8"  # the searched-segment blue of the plan map
CLUE_COLOUR = "#d7191c"


def _pct(p: float) -> str:
    return f"{100 * p:.1f} %" if p >= 0.001 else f"{100 * p:.3f} %"


def _ring_lonlat(frame, xy) -> list[tuple[float, float]]:
    xy = np.asarray(xy, dtype=float)
    lat, lon = frame.to_latlon(xy[:, 0], xy[:, 1])
    return list(zip(map(float, lon), map(float, lat)))


def grid_rings(grid: PlanGrid) -> list:
    """Each segment's rings in local metres, traced along the cell edges of *grid*'s labels
    (needs rasterio, the ``geo`` extra); without rasterio, the segments' boxes."""
    try:
        from .terrain_segments import label_outlines

        return label_outlines(grid.labels, grid, grid.n_segments)
    except ImportError:
        return [[((w, s), (e, s), (e, n), (w, n), (w, s))] for w, e, s, n in np.asarray(grid.boxes, float)]


@dataclass(frozen=True, eq=False)
class FieldMap:
    """What the field files need of a plan: its grid (map, segments, IPP), each segment's
    outline in metres, and the names printed on them."""

    grid: PlanGrid
    rings_m: list  # per segment: exterior ring, then holes, (x, y) metres
    title: str
    name: str
    ipp_name: str
    hours_per_period: float
    _cache: dict = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def from_plan(cls, plan: Plan) -> "FieldMap":
        """The field map of a freshly built plan.

        Parameters
        ----------
        plan : Plan
            A plan with terrain and frame (see :meth:`PlanGrid.from_plan`).

        Returns
        -------
        FieldMap
        """
        return cls(PlanGrid.from_plan(plan), plan.segmentation.rings_m(), plan.title or plan.name, plan.name,
                   plan.ipp_name, plan.hours_per_period)

    @classmethod
    def from_grid(cls, grid: PlanGrid, manifest: dict, hours_per_period: float) -> "FieldMap":
        """From a plan folder's grid and plan.json (its ``title``, ``scenario`` and ``ipp.name``).

        Parameters
        ----------
        grid : PlanGrid
            The grid the plan folder keeps.
        manifest : dict
            The folder's plan.json; missing names fall back to ``"plan"`` and ``"IPP"``.
        hours_per_period : float
            Length of an operational period (h).

        Returns
        -------
        FieldMap
            Segment outlines traced from the grid's labels (:func:`grid_rings`).
        """
        name = str(manifest.get("scenario") or "plan")
        return cls(grid, grid_rings(grid), str(manifest.get("title") or name), name,
                   str((manifest.get("ipp") or {}).get("name") or "IPP"), float(hours_per_period))

    @property
    def frame(self):
        """The plan's :class:`~sevr.world.GeoFrame` (built once, then cached)."""
        if "frame" not in self._cache:
            self._cache["frame"] = self.grid.frame()
        return self._cache["frame"]

    @property
    def polygons(self) -> list:
        """shapely Polygons of the segments (local metres)."""
        if "polygons" not in self._cache:
            self._cache["polygons"] = segment_polygons(self.rings_m)
        return self._cache["polygons"]

    def areas(self, poa, describe, props) -> list[Area]:
        """Every segment as an :class:`Area` coloured by *poa*; *describe(i)* and *props(i)* give
        segment *i*'s description and properties.

        Parameters
        ----------
        poa : sequence of float
            Each segment's POA, in the grid's segment order (sets the fill colour).
        describe : callable
            ``describe(i) -> str``, the description of segment ``i``.
        props : callable
            ``props(i) -> dict``, extra properties of segment ``i`` (after its ``id``).

        Returns
        -------
        list of Area
            One per segment, the exterior ring in (lon, lat) degrees.
        """
        colours = poa_colours(list(map(float, poa)))
        return [Area(sid, ring=_ring_lonlat(self.frame, self.rings_m[i][0]), description=describe(i),
                     colour=colours[i], fill_opacity=0.35, properties={"id": sid, **props(i)})
                for i, sid in enumerate(self.grid.ids)]

    def routes(self, assignments: Sequence[Assignment]) -> list[Line]:
        """The assignments' sweep routes as lines for the field files.

        Parameters
        ----------
        assignments : sequence of Assignment
            The period's team tasks.

        Returns
        -------
        list of Line
            One per assignment, its route in (lon, lat) degrees, with the task's period, segment,
            team, searchers, hours (h), spacing (m), route length (km) and POD as properties.
        """
        return [Line(a.id, points=_ring_lonlat(self.frame, a.route_xy), description=assignment_text(a),
                     colour=ROUTE_COLOUR, width=3.0,
                     properties={"period": a.period, "segment": a.segment, "team": a.team, "searchers": a.searchers,
                                 "hours": round(a.hours, 2), "spacing_m": round(a.spacing_m, 1),
                                 "route_km": round(a.route_length_m / 1000, 2), "POD": round(a.pod, 4)})
                for a in assignments]

    def ipp(self) -> Mark:
        """The initial planning point as a flag marker (lat/lon in degrees, name cut to 40 characters)."""
        lat, lon = self.frame.to_latlon(*self.grid.ipp_xy)
        return Mark(f"IPP {self.ipp_name}"[:40], lon=float(lon), lat=float(lat), colour=IPP_COLOUR, symbol="Flag",
                    description=f"Initial planning point: {self.ipp_name} ({float(lat):.5f}, {float(lon):.5f})")


def clue_marks(clues: Sequence) -> list[Mark]:
    """Debrief clues (:class:`~sevr.planning.cycle.Clue`: lat, lon, kind) as map markers."""
    return [Mark(f"Clue {k + 1}: {c.kind}", lon=c.lon, lat=c.lat, colour=CLUE_COLOUR, symbol="Pin",
                 description=f"{c.kind} found, {c.lat:.5f}, {c.lon:.5f}", properties={"kind": c.kind})
            for k, c in enumerate(clues)]


def assignment_text(a: Assignment) -> str:
    """One paragraph that briefs an assignment (in route descriptions and on its sheet)."""
    strip = "" if a.strips == 1 else f", strip {a.strip} of {a.strips} from the west"
    return (f"Period {a.period}, segment {a.segment}{strip}: {a.team} team of {a.searchers}, {a.hours:.1f} h. "
            f"Parallel sweep in {a.lanes} north-south lane(s), searchers {a.spacing_m:.0f} m apart "
            f"(sweep width {a.sweep_width_m:g} m, {a.speed_kmh:.3g} km/h), route {a.route_length_m / 1000:.1f} km. "
            f"Target POD {a.pod:.0%} (coverage {a.coverage:.2f}); segment POA {_pct(a.poa)} at the start of the "
            f"period.")


def _has_rasterio() -> bool:
    try:
        import rasterio  # noqa: F401
    except ImportError:
        return False
    return True


def _put(made: dict, folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")
    made[name] = folder / name


def write_plan_exports(plan: Plan, folder) -> dict[str, Path]:
    """Write the whole-search files of :data:`EXPORT_FILES` into *folder* (which must exist).

    ``probability.tif`` is skipped when rasterio (the ``geo`` extra) is not installed; the
    other files need only the core dependencies. Returns the paths written.
    """
    if plan.frame is None:
        raise ValueError("the plan has no geographic frame; cannot export lon/lat features")
    folder = Path(folder)
    fmap = FieldMap.from_plan(plan)
    table = {row["segment"]: row for row in plan.ledger.table()}
    rows = [table[sid] for sid in fmap.grid.ids]
    hours = plan.hours_by_segment()
    areas_m2 = fmap.grid.areas_m2

    def describe(i: int) -> str:
        r = rows[i]
        return (f"Segment {r['segment']}: {areas_m2[i] / 1e6:.2f} km². POA {_pct(r['poa_initial'])} at the start, "
                f"{_pct(r['poa'])} after the plan. {hours[i]:.1f} searcher-hours planned over "
                f"{len(plan.periods)} period(s), cumulative POD {r['cumulative_pod']:.0%}.")

    def props(i: int) -> dict:
        r = rows[i]
        return {"area_km2": round(areas_m2[i] / 1e6, 4), "POA": r["poa_initial"], "POA_final": r["poa"],
                "POD": r["cumulative_pod"], "hours": float(hours[i])}

    areas = fmap.areas([r["poa_initial"] for r in rows], describe, props)
    marks = [fmap.ipp()]
    made: dict[str, Path] = {}
    _put(made, folder, "segments.caltopo.geojson",
         json.dumps(caltopo_geojson(areas, (), marks), ensure_ascii=False) + "\n")
    _put(made, folder, "segments.kml",
         kml_text(f"{fmap.title}: search segments", areas=areas, marks=marks,
                  folder_names=("Segments (POA)", "", "Points"),
                  description=f"{len(plan.periods)} period(s) of {plan.hours_per_period:g} h planned; segments "
                              f"coloured by initial POA (darker = more probable). Each period's assignments are "
                              f"in its period folder."))
    searched = [a for a, h in zip(areas, hours) if h >= 0.05]
    _put(made, folder, "segments.gpx", gpx_text(f"{plan.name} segments", marks=marks, areas=searched,
                                                description="IPP and the boundaries of the segments searched"))
    if _has_rasterio():
        g = fmap.grid
        made["probability.tif"] = write_cog(folder / "probability.tif", [g.prior], west=g.west_m, north=g.north_m,
                                            cell=g.cell_m, crs=fmap.frame.crs,
                                            descriptions=("prior probability per cell",))
    return made


def write_period_exports(fmap: FieldMap, per: PeriodPlan, belief: Belief, settings: dict, folder, *,
                         clues: Sequence = ()) -> dict[str, Path]:
    """Write period *per*'s field files (:data:`PERIOD_EXPORT_FILES`) into *folder*.

    Parameters
    ----------
    fmap : FieldMap
        The plan's map, outlines and names.
    per : PeriodPlan
        The period's allocation; its assignments follow :func:`period_assignments`.
    belief : Belief
        The belief before the period (``probability.tif``).
    settings : dict
        The plan folder's settings (team size, sweep width and rate, period hours).
    folder : path-like
        The period folder being built (must exist).
    clues : sequence of Clue, default=()
        Clues found so far, drawn as markers.
    """
    from .sheets import write_assignment_sheets

    folder = Path(folder)
    g = fmap.grid
    assignments = period_assignments(per, g.ids, fmap.polygons, settings)
    team_size = float(settings["team_size"])

    def describe(i: int) -> str:
        return (f"Segment {g.ids[i]}: {g.areas_m2[i] / 1e6:.2f} km². Period {per.index}: POA {_pct(per.poa[i])} "
                f"before it, {per.searcher_hours[i]:.1f} searcher-hours ({per.searcher_hours[i] / team_size:.1f} "
                f"team-hours), coverage {per.coverage[i]:.2f}, POD {per.pod[i]:.0%}.")

    def props(i: int) -> dict:
        return {"area_km2": round(float(g.areas_m2[i]) / 1e6, 4), "period": per.index, "POA": float(per.poa[i]),
                "hours": round(float(per.searcher_hours[i]), 3), "coverage": round(float(per.coverage[i]), 4),
                "POD": round(float(per.pod[i]), 4)}

    areas = fmap.areas(per.poa, describe, props)
    routes = fmap.routes(assignments)
    marks = [fmap.ipp(), *clue_marks(clues)]
    made: dict[str, Path] = {}
    write_assignment_sheets(fmap, assignments, folder / "assignments.pdf")
    made["assignments.pdf"] = folder / "assignments.pdf"
    _put(made, folder, "assignments.gpx",
         gpx_text(f"{fmap.name} period {per.index}", marks=marks, lines=routes, routes=True,
                  description=f"Period {per.index}: IPP, clues so far and one sweep route per assignment"))
    _put(made, folder, "assignments.caltopo.geojson",
         json.dumps(caltopo_geojson(areas, routes, marks), ensure_ascii=False) + "\n")
    _put(made, folder, "segments.kml",
         kml_text(f"{fmap.title}: period {per.index}", areas=areas, lines=routes, marks=marks,
                  folder_names=("Segments (POA before the period)", "Assignments", "Points"),
                  description=f"Period {per.index} of {fmap.hours_per_period:g} h: {len(assignments)} "
                              f"assignment(s); segments coloured by their POA before the period "
                              f"(darker = more probable)."))
    if _has_rasterio():
        made["probability.tif"] = write_cog(folder / "probability.tif", [belief.cells], west=g.west_m,
                                            north=g.north_m, cell=g.cell_m, crs=fmap.frame.crs,
                                            descriptions=(f"probability per cell before period {per.index}",))
    return made
