"""A lost-person scenario from real ground: an elevation model (GeoTIFF), a last-seen point and a
subject category, without a TOML file.

Choices (each stated in docs/planning.md):

* **Frame** origin at the IPP: distances and bearings from it are exact (azimuthal equidistant).
* **Extent**: the largest north-up square around the IPP that the DEM covers (its footprint in
  the local frame, shrunk to an inscribed box), cut to ``radius_km`` on each side of the IPP;
  ``radius_km`` defaults to twice the category's 95 % distance, so the map holds nearly all of
  the distance ring (what falls off the map is rest of world).
* **Cell**: the DEM's own resolution in metres (for a geographic DEM, its pixel converted at the
  IPP's latitude), at least 1 m, enlarged if the grid would have more than
  :data:`~sevr.scenarios.schema.MAX_TERRAIN_CELLS` cells; a cell above 200 m is refused.
* **Distances**: the category's row of the ISRID table (:mod:`sevr.planning.subjects`).
* **Teams, period, suspension rule**: the defaults of the built-in ``lost-hiker`` scenario.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from sevr.errors import InputError

from .subjects import distance_row

__all__ = ["DemInfo", "inspect_dem", "scenario_from_dem", "scenario_dict_from_dem", "segment_area_for"]

MAX_CELL_M = 200.0


class DemInfo:
    """What planning needs to know of a DEM: CRS, pixel size in metres at the IPP, footprint."""

    def __init__(self, path, crs, transform, width, height, res_m):
        self.path, self.crs, self.transform = path, crs, transform
        self.width, self.height, self.res_m = width, height, res_m


def _open_error(path, exc) -> InputError:
    return InputError(f"not a readable GeoTIFF elevation model ({str(exc).splitlines()[0][:160]})",
                      source=str(path), field="dem")


def inspect_dem(path, ipp_lat: float, ipp_lon: float) -> DemInfo:
    """Open and fully read band 1 of *path* (a truncated file fails here, before anything is
    written), check it has a CRS and holds the IPP.

    Parameters
    ----------
    path : str or Path
        The GeoTIFF elevation model.
    ipp_lat, ipp_lon : float
        The initial planning point (WGS84 degrees).

    Returns
    -------
    DemInfo
        The raster's CRS, affine transform, width and height (pixels) and its pixel size in
        metres at the IPP (a geographic DEM's degrees converted at the IPP's latitude).

    Raises
    ------
    InputError
        Not a file, not a readable raster, no CRS (field ``crs``), no valid elevation, or the
        IPP outside the raster (field ``ipp``).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", source=str(path), field="dem")
    try:
        import rasterio
        from rasterio.errors import RasterioError
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise InputError("reading a DEM needs rasterio; install sevr[geo]", source=str(path), field="dem") from exc
    from pyproj import Transformer

    try:
        with rasterio.open(path) as src:
            crs, transform, width, height = src.crs, src.transform, src.width, src.height
            data = src.read(1, masked=True)
    except (RasterioError, OSError, ValueError) as exc:
        raise _open_error(path, exc) from None
    if crs is None:
        raise InputError("the raster has no coordinate reference system (georeference it, e.g. "
                         "gdal_edit.py -a_srs EPSG:xxxx)", source=str(path), field="crs")
    if np.ma.count(data) == 0:
        raise InputError("band 1 holds no valid elevation (every pixel is no-data)", source=str(path), field="dem")
    to_src = Transformer.from_crs("EPSG:4326", crs.to_wkt(), always_xy=True)
    sx, sy = to_src.transform(ipp_lon, ipp_lat)
    col, row = ~transform * (sx, sy)
    if not (np.isfinite(col) and np.isfinite(row) and 0 <= col < width and 0 <= row < height):
        raise InputError(f"the IPP ({ipp_lat:g}, {ipp_lon:g}) lies outside the elevation model",
                         source=str(path), field="ipp")
    px, py = abs(transform.a), abs(transform.e)
    if crs.is_geographic:
        res = math.sqrt(px * 111_320.0 * math.cos(math.radians(ipp_lat)) * py * 110_574.0)
    else:
        res = math.sqrt(px * py) * crs.linear_units_factor[1]
    return DemInfo(path, crs, transform, width, height, res)


def _inscribed_box(info: DemInfo, frame) -> tuple[float, float, float, float]:
    """(west, east, south, north) in the local frame of a box inside the DEM's footprint."""
    from pyproj import Transformer

    n = 64
    t = (np.arange(n) + 0.5) / n
    w, h = info.width, info.height
    edges = {"west": (np.zeros(n), t * h), "east": (np.full(n, w), t * h),
             "north": (t * w, np.zeros(n)), "south": (t * w, np.full(n, h))}
    to_ll = Transformer.from_crs(info.crs.to_wkt(), "EPSG:4326", always_xy=True)
    xy = {}
    for name, (c, r) in edges.items():
        mx, my = info.transform * (c, r)
        lon, lat = to_ll.transform(np.asarray(mx), np.asarray(my))
        xy[name] = frame.to_xy(lat, lon)
    return (float(np.max(xy["west"][0])), float(np.min(xy["east"][0])),
            float(np.max(xy["south"][1])), float(np.min(xy["north"][1])))


def scenario_dict_from_dem(dem, ipp_lat: float, ipp_lon: float, category: str = "hiker", *,
                           terrain_type: str = "mountainous", climate: str = "temperate",
                           radius_km: float | None = None, cell_m: float | None = None,
                           segments: str = "terrain", target_area_km2: float = 1.0,
                           team_hours: float | None = None,
                           trails=(), roads=(), water=(), name: str | None = None) -> dict:
    """The scenario as plain data (what :func:`scenario_from_dem` validates); see the module docstring.

    Every layer file is read once here, so a bad one is refused before anything is written.

    Parameters
    ----------
    dem : str or Path
        A GeoTIFF elevation model in any CRS.
    ipp_lat, ipp_lon : float
        The initial planning point (WGS84 degrees).
    category : str, optional
        Subject category of the ISRID table (:func:`sevr.planning.subjects.distance_row`).
    terrain_type, climate : str, optional
        Which row of the table to use for the category.
    radius_km : float, optional
        Half the side of the map around the IPP (km); default twice the row's 95 % distance.
    cell_m : float, optional
        Cell size (m); default the DEM's resolution, at least 1 m, coarsened to stay within
        :data:`~sevr.scenarios.schema.MAX_TERRAIN_CELLS`.
    segments : str, optional
        Segmentation method, ``"terrain"`` or ``"grid"``.
    target_area_km2 : float, optional
        Target segment area (km²); replaced by :func:`segment_area_for` when `team_hours` is given.
    team_hours : float, optional
        Hours one team should need for a segment (h).
    trails, roads, water : sequence of path, optional
        GeoJSON or GPX line layers.
    name : str, optional
        Scenario name; default from the category and the DEM's file name.

    Returns
    -------
    dict
        The scenario's sections (``meta``, ``frame``, ``terrain``, ``ipp``, ``distance``,
        ``segments``, ``layers``, ``teams`` ...), unvalidated.

    Raises
    ------
    InputError
        For an IPP that is not a latitude/longitude, an unknown category, a bad DEM or layer
        (see :func:`inspect_dem`, :func:`sevr.planning.layers.read_lines`), a non-positive
        radius, a cell over 200 m, or too little ground around the IPP.
    """
    from sevr.scenarios import load
    from sevr.scenarios.schema import MAX_TERRAIN_CELLS
    from sevr.world import GeoFrame

    if not (-90 <= ipp_lat <= 90 and -180 <= ipp_lon <= 180):
        raise InputError(f"({ipp_lat:g}, {ipp_lon:g}) is not a latitude, longitude in degrees", field="ipp")
    row = distance_row(category, terrain_type, climate)
    info = inspect_dem(dem, ipp_lat, ipp_lon)
    from .layers import read_lines

    for field, paths in (("trails", trails), ("roads", roads), ("water", water)):
        for path in paths:
            read_lines(path, field=field)  # a bad layer stops here, before anything is written
    frame = GeoFrame(ipp_lat, ipp_lon)
    west, east, south, north = _inscribed_box(info, frame)
    r = 2000.0 * row.km[3] if radius_km is None else 1000.0 * float(radius_km)
    if not r > 0:
        raise InputError(f"must be positive, got {radius_km}", field="radius")
    west, east, south, north = max(west, -r), min(east, r), max(south, -r), min(north, r)
    cell = float(cell_m) if cell_m is not None else max(1.0, round(info.res_m, 1))
    cells = (east - west) * (north - south) / cell ** 2
    if cells > MAX_TERRAIN_CELLS:
        cell = math.ceil(math.sqrt((east - west) * (north - south) / MAX_TERRAIN_CELLS) * 10) / 10
    if cell > MAX_CELL_M:
        raise InputError(f"a {cell:g} m cell is too coarse to plan on (at most {MAX_CELL_M:g} m); "
                         "give a smaller --radius-km or a finer DEM", source=str(dem), field="cell")
    # whole cells, inside the box and around the IPP
    west, south = math.ceil(west / cell) * cell, math.ceil(south / cell) * cell
    east, north = math.floor(east / cell) * cell, math.floor(north / cell) * cell
    if min(east - west, north - south) < 3 * cell or not (west < 0 < east and south < 0 < north):
        raise InputError("the elevation model covers too little ground around the IPP to plan on",
                         source=str(dem), field="ipp")
    base = load("lost-hiker").model_dump(mode="python", exclude_none=True)
    if team_hours is not None:
        target_area_km2 = segment_area_for(base["teams"], team_hours)
    label = name or f"{row.category.replace('_', '-')}-{Path(dem).stem.lower()}"
    label = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in label.lower()).strip("-_") or "dem-plan"
    if not label[0].isalpha():
        label = "p-" + label
    data = {
        "meta": {"name": label[:60], "kind": "lost_person",
                 "title": f"Lost {row.category.replace('_', ' ')} from ({ipp_lat:.5f}, {ipp_lon:.5f}) on "
                          f"{Path(dem).name}"[:200]},
        "time": base["time"],
        "frame": {"origin_name": "IPP", "origin_lat": float(ipp_lat), "origin_lon": float(ipp_lon)},
        "terrain": {"source": str(Path(dem).resolve()), "cell_m": cell, "west_m": west, "east_m": east,
                    "south_m": south, "north_m": north, "sand_max_slope_deg": 6.0, "rock_min_slope_deg": 30.0,
                    "rock_min_relief_m": 900.0},
        "ipp": {"name": "IPP", "kind": "point_last_seen", "lat": float(ipp_lat), "lon": float(ipp_lon)},
        "subject": {"category": row.category, "terrain_type": terrain_type, "climate": climate,
                    "description": f"distance row: {row.label}"},
        "distance": {"source": f"{row.source} (n = {row.n}; data file isrid_distances.toml)",
                     "q25_km": row.km[0], "q50_km": row.km[1], "q75_km": row.km[2], "q95_km": row.km[3],
                     "rest_of_world_min": base["distance"]["rest_of_world_min"]},
        "weights": {k: v for k, v in base["weights"].items() if k != "trails"},
        "segments": {"method": segments, "block_m": base["segments"]["block_m"],
                     "min_fraction": base["segments"]["min_fraction"], "target_area_km2": float(target_area_km2)},
        "layers": {"trails": [str(Path(p).resolve()) for p in trails], "roads": [str(Path(p).resolve()) for p in roads],
                   "water": [str(Path(p).resolve()) for p in water]},
        "teams": base["teams"],
        "operations": base["operations"],
        "suspension": base["suspension"],
    }
    return data


def segment_area_for(teams, team_hours: float) -> float:
    """Segment area (km²) one team sweeps at coverage 1 in *team_hours*: the team-weighted mean of
    ``searchers_per_team x sweep_width_m x speed_kmh``, times the hours (an assumption: a segment
    is one assignment, searched once at coverage about 1, POD about 63 % under the exponential law).

    Parameters
    ----------
    teams : sequence of dict
        Team types with ``teams``, ``searchers_per_team``, ``sweep_width_m`` (m) and ``speed_kmh`` (km/h).
    team_hours : float
        Hours of one team (h), in (0, 24].

    Returns
    -------
    float
        The area in km², clipped to [0.05, 100].

    Raises
    ------
    InputError
        If `team_hours` is not in (0, 24] (field ``--segment-team-hours``).
    """
    if not 0 < team_hours <= 24:
        raise InputError(f"must be between 0 and 24 hours, got {team_hours:g}", field="--segment-team-hours")
    n = sum(t["teams"] for t in teams)
    rate_m2_h = sum(t["teams"] * t["searchers_per_team"] * t["sweep_width_m"] * t["speed_kmh"] * 1000.0
                    for t in teams) / n
    return min(100.0, max(0.05, rate_m2_h * team_hours / 1e6))


def scenario_from_dem(dem, ipp_lat: float, ipp_lon: float, category: str = "hiker", **kwargs):
    """A validated ``lost_person`` scenario from a DEM, an IPP and a category.

    Parameters
    ----------
    dem : path
        A GeoTIFF elevation model in any CRS.
    ipp_lat, ipp_lon : float
        The initial planning point (WGS84 degrees).
    category : str
        A subject category of the ISRID table (:func:`sevr.planning.subjects.categories`).
    **kwargs
        ``terrain_type``, ``climate``, ``radius_km``, ``cell_m``, ``segments`` ("terrain" or
        "grid"), ``target_area_km2`` or ``team_hours`` (:func:`segment_area_for`), ``trails``, ``roads``, ``water`` (GeoJSON / GPX paths), ``name``.

    Returns
    -------
    LostPersonScenario
    """
    from sevr.scenarios.loader import validate

    data = scenario_dict_from_dem(dem, ipp_lat, ipp_lon, category, **kwargs)
    return validate(data, str(dem))
