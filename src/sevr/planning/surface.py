"""The probability surface for a lost person: distance rings from the IPP times terrain weights.

Construction (each step an assumption, stated in ``docs/planning.md``):

1. **Rings.** The distance-from-IPP distribution (:class:`~sevr.planning.lostperson.DistanceFit`)
   is turned into a density per unit area by spreading each distance round its circle,
   ``f(r) / (2 pi r)``, and integrated over each cell (3 x 3 sub-points per cell). The mass of
   the rings that falls off the map is the rest-of-world (ROW) share.
2. **Terrain weights**, multiplied together:

   * slope: 1 up to ``slope_free_deg``, falling linearly to ``steep_weight`` at
     ``slope_limit_deg`` and staying there (people avoid, but do end up on, steep ground);
   * drainages: ``1 + (drainage_weight - 1) exp(-d / drainage_reach_m)`` with ``d`` the
     distance to the nearest drainage cell -- a cell whose upslope contributing area (flow
     accumulation on the elevation model) is at least ``drainage_min_area_km2``;
   * trails: the same form with ``trail_weight`` and ``trail_reach_m`` around paths routed
     over the terrain by least cost between their waypoints.
3. **Normalise** ring x weights to ``1 - ROW`` (ROW never below ``rest_of_world_min``), so the
   weights move probability around inside the map but do not change how much lies outside.

Flow accumulation uses a priority flood (Barnes, Lehman & Mulla 2014): cells are taken from
the map edge inwards in order of (depression-filled) elevation, and each cell drains to the
neighbour that first reached it. Pits and flats therefore still drain to the edge, which a
plain steepest-descent rule on a synthetic surface would not do.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

import numpy as np
from numba import njit
from scipy import ndimage

from sevr.world.movement import cost_surface, least_cost_route

from .lostperson import DistanceFit

if TYPE_CHECKING:
    from sevr.scenarios.schema import LostPersonScenario

__all__ = [
    "SurfaceParams",
    "ProbabilitySurface",
    "ring_mass",
    "flow_accumulation",
    "flow_routing",
    "terrain_routing",
    "slope_weight",
    "proximity_weight",
    "route_trails",
    "rasterise_lines",
    "probability_surface",
]


@dataclass(frozen=True)
class SurfaceParams:
    """Terrain-weight settings (mirrors the scenario's ``[weights]`` table)."""

    slope_free_deg: float = 15.0
    slope_limit_deg: float = 40.0
    steep_weight: float = 0.2
    drainage_min_area_km2: float = 1.0
    drainage_weight: float = 2.0
    drainage_reach_m: float = 100.0
    trail_weight: float = 2.5
    trail_reach_m: float = 60.0
    rest_of_world_min: float = 0.0

    @classmethod
    def from_scenario(cls, scenario: LostPersonScenario) -> "SurfaceParams":
        """The settings of a scenario's ``[weights]`` table and its ``distance.rest_of_world_min``.

        Parameters
        ----------
        scenario : LostPersonScenario

        Returns
        -------
        SurfaceParams
        """
        w = scenario.weights
        return cls(
            slope_free_deg=w.slope_free_deg, slope_limit_deg=w.slope_limit_deg, steep_weight=w.steep_weight,
            drainage_min_area_km2=w.drainage_min_area_km2, drainage_weight=w.drainage_weight,
            drainage_reach_m=w.drainage_reach_m, trail_weight=w.trail_weight, trail_reach_m=w.trail_reach_m,
            rest_of_world_min=scenario.distance.rest_of_world_min,
        )


@dataclass(frozen=True, eq=False)
class ProbabilitySurface:
    """Probability per cell (``p`` sums to ``1 - row``) and the pieces it was built from."""

    p: np.ndarray
    row: float
    ring: np.ndarray  # ring probability per cell (sums to the ring mass on the map)
    weight: np.ndarray  # product of the terrain weights
    components: dict = field(repr=False)  # name -> weight grid ("slope", "drainage", "trail")
    drainage: np.ndarray = field(repr=False)  # boolean drainage cells
    trails: list = field(repr=False)  # (name, (n, 2) array of x, y)
    ipp_xy: tuple[float, float] = (0.0, 0.0)
    fit: DistanceFit | None = None

    @property
    def ring_mass_on_map(self) -> float:
        """Probability the distance ring puts on the map (the sum of ``ring``)."""
        return float(self.ring.sum())


# ----------------------------------------------------------------------------------------------
# rings


def ring_mass(terrain, ipp_xy, fit: DistanceFit, supersample: int = 3) -> np.ndarray:
    """Ring probability of every cell: ``f(r) / (2 pi r)`` integrated over the cell by the
    midpoint rule on ``supersample x supersample`` sub-cells (distances in km).

    Parameters
    ----------
    terrain : Terrain
        The grid (cell size and corner in m).
    ipp_xy : tuple of float
        The IPP in local metres.
    fit : DistanceFit
        The lognormal distance distribution (km).
    supersample : int, optional
        Sub-cells per cell side (at least 1).

    Returns
    -------
    ndarray, shape terrain.shape
        Probability per cell (0 at a sub-point on the IPP itself).

    Raises
    ------
    ValueError
        If `supersample` is below 1.
    """
    s = int(supersample)
    if s < 1:
        raise ValueError(f"supersample must be >= 1, got {supersample}")
    ny, nx = terrain.shape
    h = terrain.cell_m / s
    x = (terrain.west_m + (np.arange(nx * s) + 0.5) * h - float(ipp_xy[0])) / 1000.0
    y = (terrain.north_m - (np.arange(ny * s) + 0.5) * h - float(ipp_xy[1])) / 1000.0
    return _ring_cells(x, y, s, float(fit.mu), float(fit.sigma), (h / 1000.0) ** 2)


@njit(cache=True)
def _ring_cells(x_km, y_km, s, mu, sigma, sub_area_km2):
    """Lognormal area density summed over each cell's s x s sub-points (0 at the IPP itself)."""
    ny = y_km.size // s
    nx = x_km.size // s
    out = np.zeros((ny, nx))
    norm = 1.0 / (sigma * np.sqrt(2.0 * np.pi) * 2.0 * np.pi)
    for i in range(y_km.size):
        yy = y_km[i] * y_km[i]
        r_out = i // s
        for j in range(x_km.size):
            r2 = x_km[j] * x_km[j] + yy
            if r2 > 0.0:
                lr = 0.5 * np.log(r2)
                z = (lr - mu) / sigma
                # pdf(r) / (2 pi r) with pdf(r) = exp(-z²/2) / (r sigma sqrt(2 pi))
                out[r_out, j // s] += norm * np.exp(-0.5 * z * z) / r2 * sub_area_km2
    return out


# ----------------------------------------------------------------------------------------------
# drainages


@njit(cache=True)
def _priority_flood(z):
    ny, nx = z.shape
    n = ny * nx
    receiver = np.full(n, -1, dtype=np.int64)
    order = np.empty(n, dtype=np.int64)
    closed = np.zeros(n, dtype=np.bool_)
    heap = [(z[0, 0], np.int64(0))]
    closed[0] = True
    for r in range(ny):
        for c in range(nx):
            if r == 0 or r == ny - 1 or c == 0 or c == nx - 1:
                i = r * nx + c
                if not closed[i]:
                    closed[i] = True
                    heapq.heappush(heap, (z[r, c], np.int64(i)))
    k = 0
    while len(heap) > 0:
        zc, i = heapq.heappop(heap)
        order[k] = i
        k += 1
        r = i // nx
        c = i - r * nx
        for dr in range(-1, 2):
            for dc in range(-1, 2):
                if dr == 0 and dc == 0:
                    continue
                r2 = r + dr
                c2 = c + dc
                if r2 < 0 or r2 >= ny or c2 < 0 or c2 >= nx:
                    continue
                j = r2 * nx + c2
                if closed[j]:
                    continue
                closed[j] = True
                receiver[j] = i
                zj = z[r2, c2]
                heapq.heappush(heap, (zj if zj > zc else zc, np.int64(j)))
    return receiver, order


@njit(cache=True)
def _accumulate(receiver, order, cell_area):
    acc = np.full(receiver.size, cell_area)
    for k in range(order.size - 1, -1, -1):
        i = order[k]
        j = receiver[i]
        if j >= 0:
            acc[j] += acc[i]
    return acc


def flow_routing(elevation) -> tuple[np.ndarray, np.ndarray]:
    """Priority-flood drainage tree of a grid: ``receiver[i]`` (flat index of the cell that cell
    *i* drains into, -1 for the map-edge outlets) and ``order`` (cells from the outlets upstream:
    every cell comes after its receiver)."""
    z = np.ascontiguousarray(elevation, dtype=np.float64)
    if z.ndim != 2 or z.size == 0:
        raise ValueError(f"elevation must be a non-empty 2-D array, got shape {z.shape}")
    return _priority_flood(z)


def terrain_routing(terrain) -> tuple[np.ndarray, np.ndarray]:
    """:func:`flow_routing` of a terrain's elevation, computed once per terrain and cached."""
    if "flow_routing" not in terrain._cache:
        terrain._cache["flow_routing"] = flow_routing(terrain.elevation)
    return terrain._cache["flow_routing"]


def flow_accumulation(elevation, cell_m: float, routing=None) -> np.ndarray:
    """Upslope contributing area (m²) of every cell, itself included (priority-flood routing;
    every map-edge cell is an outlet). *routing* reuses a ``(receiver, order)`` pair.

    Parameters
    ----------
    elevation : array_like, shape (rows, cols)
        Elevation grid (m).
    cell_m : float
        Cell size (m).
    routing : tuple of ndarray, optional
        ``(receiver, order)`` from :func:`flow_routing`, to skip recomputing it.

    Returns
    -------
    ndarray, shape (rows, cols)
        Contributing area (m²).

    Raises
    ------
    ValueError
        If `elevation` is not a non-empty 2-D array (when `routing` is not given).
    """
    z = np.asarray(elevation)
    receiver, order = flow_routing(z) if routing is None else routing
    return _accumulate(receiver, order, float(cell_m) ** 2).reshape(z.shape)


# ----------------------------------------------------------------------------------------------
# weights


def slope_weight(slope_deg, free_deg: float, limit_deg: float, steep_weight: float) -> np.ndarray:
    """1 below *free_deg*, linear down to *steep_weight* at *limit_deg*, constant beyond.

    Parameters
    ----------
    slope_deg : array_like
        Slope per cell (degrees).
    free_deg : float
        Slope (degrees) up to which the weight is 1.
    limit_deg : float
        Slope (degrees) from which the weight is `steep_weight`.
    steep_weight : float
        Weight of the steepest ground.

    Returns
    -------
    ndarray
        The weight per cell, same shape as `slope_deg`.
    """
    s = np.asarray(slope_deg, dtype=float)
    frac = np.clip((s - free_deg) / (limit_deg - free_deg), 0.0, 1.0)
    return 1.0 - (1.0 - steep_weight) * frac


def proximity_weight(distance_m, weight: float, reach_m: float) -> np.ndarray:
    """``1 + (weight - 1) exp(-d / reach)``: *weight* on the feature, 1 far from it.

    Parameters
    ----------
    distance_m : array_like
        Distance from each cell to the feature (m); ``inf`` gives 1.
    weight : float
        Weight on the feature itself.
    reach_m : float
        e-folding distance (m) of the extra weight.

    Returns
    -------
    ndarray
        The weight per cell, same shape as `distance_m`.
    """
    return 1.0 + (weight - 1.0) * np.exp(-np.asarray(distance_m, dtype=float) / reach_m)


def _distance_to(mask: np.ndarray, cell_m: float) -> np.ndarray:
    if not mask.any():
        return np.full(mask.shape, np.inf)
    return ndimage.distance_transform_edt(~mask) * cell_m


def route_trails(terrain, trails_xy: Sequence[tuple[str, np.ndarray]], cost=None) -> list[tuple[str, np.ndarray]]:
    """Route each named trail (waypoints as (n, 2) metres) over the terrain by least cost
    (:func:`sevr.world.least_cost_route`, leg by leg). Returns (name, (m, 2) polyline)."""
    cost = cost_surface(terrain) if cost is None else cost
    out = []
    for name, pts in trails_xy:
        pts = np.asarray(pts, dtype=float).reshape(-1, 2)
        legs = [least_cost_route(terrain, cost, a, b) for a, b in zip(pts[:-1], pts[1:])]
        line = np.vstack([legs[0]] + [leg[1:] for leg in legs[1:]])
        out.append((name, line))
    return out


def rasterise_lines(terrain, lines) -> np.ndarray:
    """Cells crossed by the polylines (each leg sampled every half cell; parts off the map dropped).

    Parameters
    ----------
    terrain : Terrain
        The grid.
    lines : sequence of (str, array_like of shape (n, 2))
        Named polylines in local metres.

    Returns
    -------
    ndarray of bool, shape terrain.shape
        True on every cell a line passes through.
    """
    mask = np.zeros(terrain.shape, dtype=bool)
    west, east, south, north = terrain.extent
    for _, line in lines:
        line = np.asarray(line, dtype=float).reshape(-1, 2)
        if len(line) == 1:
            pts = line
        else:
            d = np.hypot(*np.diff(line, axis=0).T)
            k = np.maximum(1, np.ceil(d / (0.5 * terrain.cell_m)).astype(int))
            pts = np.vstack([a + np.outer(np.arange(n) / n, b - a) for a, b, n in zip(line[:-1], line[1:], k)]
                            + [line[-1:]])
        inside = (pts[:, 0] >= west) & (pts[:, 0] < east) & (pts[:, 1] > south) & (pts[:, 1] <= north)
        r, c = terrain.xy_to_rc(pts[inside, 0], pts[inside, 1])
        mask[r, c] = True
    return mask


def probability_surface(
    terrain,
    ipp_xy,
    fit: DistanceFit,
    params: SurfaceParams = SurfaceParams(),
    trails_xy: Sequence[tuple[str, np.ndarray]] = (),
    *,
    lines_xy: Sequence[tuple[str, np.ndarray]] = (),
    water_xy: Sequence[tuple[str, np.ndarray]] = (),
    supersample: int = 3,
) -> ProbabilitySurface:
    """Build the lost-person probability surface (see the module docstring).

    Parameters
    ----------
    terrain : Terrain
    ipp_xy : (float, float)
        The IPP in the local frame, metres.
    fit : DistanceFit
    params : SurfaceParams
    trails_xy : sequence of (name, (n, 2) array)
        Waypoints of trails to route over the terrain by least cost.
    lines_xy : sequence of (name, (n, 2) array)
        Trails and roads from a map, drawn as given (not routed); weighted like trails.
    water_xy : sequence of (name, (n, 2) array)
        Streams and shores from a map; their cells join the drainages.
    supersample : int
        Sub-points per cell side for the ring integral.
    """
    ring = ring_mass(terrain, ipp_xy, fit, supersample=supersample)
    on_map = float(ring.sum())
    row = min(1.0, max(1.0 - on_map, float(params.rest_of_world_min), 0.0))

    w_slope = slope_weight(terrain.slope_deg(), params.slope_free_deg, params.slope_limit_deg, params.steep_weight)
    acc = flow_accumulation(terrain.elevation, terrain.cell_m, routing=terrain_routing(terrain))
    drainage = acc >= params.drainage_min_area_km2 * 1e6
    if len(water_xy):
        drainage |= rasterise_lines(terrain, water_xy)
    w_drain = proximity_weight(_distance_to(drainage, terrain.cell_m), params.drainage_weight, params.drainage_reach_m)
    trails = route_trails(terrain, trails_xy) if len(trails_xy) else []
    drawn = [(n, np.asarray(xy, dtype=float)) for n, xy in lines_xy]
    trails = trails + drawn
    w_trail = proximity_weight(_distance_to(rasterise_lines(terrain, trails), terrain.cell_m),
                               params.trail_weight, params.trail_reach_m)
    weight = w_slope * w_drain * w_trail
    raw = ring * weight
    total = raw.sum()
    if not total > 0:
        raise ValueError("the probability surface is zero everywhere on the map (check the IPP and the weights)")
    p = raw * ((1.0 - row) / total)
    return ProbabilitySurface(
        p=p, row=row, ring=ring, weight=weight,
        components={"slope": w_slope, "drainage": w_drain, "trail": w_trail},
        drainage=drainage, trails=trails, ipp_xy=(float(ipp_xy[0]), float(ipp_xy[1])), fit=fit,
    )
