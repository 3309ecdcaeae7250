"""Walking speed on slopes (Tobler's hiking function), walking times, and least-cost routes.

Tobler (1993): v = 6 * exp(-3.5 * |s + 0.05|) km/h, with s = dh/dx the slope along the
direction of travel (rise over horizontal run). Fastest (6 km/h) on a gentle 5 % descent;
5.04 km/h on the flat. Distances here are horizontal, as in Tobler's formulation.
Night, gait and load enter as a multiplicative ``speed_factor`` chosen by the caller.
"""

from __future__ import annotations

import numpy as np

from .terrain import Terrain

__all__ = [
    "TOBLER_MAX_KMH",
    "TOBLER_DECAY",
    "TOBLER_BEST_SLOPE",
    "DEFAULT_MAX_SLOPE_DEG",
    "tobler_speed_kmh",
    "walking_time_s",
    "cost_surface",
    "least_cost_route",
    "path_length_m",
    "resample_path",
]

TOBLER_MAX_KMH = 6.0  # peak speed, km/h
TOBLER_DECAY = 3.5  # exponential decay per unit of slope
TOBLER_BEST_SLOPE = -0.05  # slope of the peak speed (5 % downhill)
DEFAULT_MAX_SLOPE_DEG = 40.0  # steeper cells are treated as impassable on foot


def tobler_speed_kmh(slope):
    """Walking speed (km/h) on slope ``slope`` = dh/dx (dimensionless; negative = downhill)."""
    s = np.asarray(slope, dtype=float)
    v = TOBLER_MAX_KMH * np.exp(-TOBLER_DECAY * np.abs(s - TOBLER_BEST_SLOPE))
    return float(v) if v.ndim == 0 else v


def path_length_m(xy) -> float:
    """Horizontal length (m) of a polyline given as an (n, 2) array of x, y."""
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    return float(np.hypot(*np.diff(xy, axis=0).T).sum()) if len(xy) > 1 else 0.0


def walking_time_s(xy, elevations, speed_factor=1.0) -> np.ndarray:
    """Cumulative walking time (s) at each vertex of a polyline; the first is 0.

    Each segment is walked at Tobler's speed for its own signed slope (uphill and downhill
    differ), times ``speed_factor`` (a number, or one factor per segment). A zero-length
    segment takes no time.

    Parameters
    ----------
    xy : array_like, shape (n, 2)
        Polyline vertices ``(x, y)`` in metres.
    elevations : array_like, shape (n,)
        Ground elevation at each vertex, in metres.
    speed_factor : float or array_like, default 1.0
        Multiplier of Tobler's speed (> 0), one number or one per segment (shape (n - 1,)).

    Returns
    -------
    numpy.ndarray, shape (n,)
        Cumulative walking time at each vertex, in seconds.

    Raises
    ------
    ValueError
        If the numbers of vertices and elevations differ, or a speed factor is <= 0.
    """
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    z = np.asarray(elevations, dtype=float).ravel()
    if z.shape[0] != xy.shape[0]:
        raise ValueError(f"{xy.shape[0]} vertices but {z.shape[0]} elevations")
    if np.any(np.asarray(speed_factor) <= 0):
        raise ValueError(f"speed_factor must be positive, got {speed_factor}")
    run = np.hypot(*np.diff(xy, axis=0).T)
    rise = np.diff(z)
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = np.where(run > 0, rise / np.where(run > 0, run, 1.0), 0.0)
    speed_ms = tobler_speed_kmh(slope) * speed_factor / 3.6
    seg_s = np.where(run > 0, run / speed_ms, 0.0)
    return np.concatenate([[0.0], np.cumsum(seg_s)])


def cost_surface(
    terrain: Terrain,
    speed_factor: float = 1.0,
    max_slope_deg: float = DEFAULT_MAX_SLOPE_DEG,
) -> np.ndarray:
    """Isotropic travel cost (seconds per horizontal metre) of every cell.

    A raster router does not know which way a cell will be crossed, so each cell's pace is
    the mean of the uphill and downhill Tobler paces at its slope magnitude s (the pace of a
    there-and-back walk): 0.5 * (1/v(+s) + 1/v(-s)). Cells with slope above
    ``max_slope_deg`` get ``np.inf``, which the router treats as impassable.

    Parameters
    ----------
    terrain : Terrain
        The ground (its slope per cell is used).
    speed_factor : float, default 1.0
        Multiplier of Tobler's speed (> 0), e.g. for night or load; the pace is divided by it.
    max_slope_deg : float, default 40.0
        Slope in degrees above which a cell is impassable.

    Returns
    -------
    numpy.ndarray
        Pace in s/m of the terrain's shape ``(ny, nx)``; ``inf`` on impassable cells.

    Raises
    ------
    ValueError
        If *speed_factor* is <= 0.
    """
    if speed_factor <= 0:
        raise ValueError(f"speed_factor must be positive, got {speed_factor}")
    slope_deg = terrain.slope_deg()
    s = np.tan(np.radians(slope_deg))
    pace_up = 3.6 / tobler_speed_kmh(s)  # s per m (km/h -> m/s is /3.6)
    pace_down = 3.6 / tobler_speed_kmh(-s)
    cost = 0.5 * (pace_up + pace_down) / speed_factor
    cost[slope_deg > max_slope_deg] = np.inf
    return cost


def least_cost_route(terrain: Terrain, cost: np.ndarray, start_xy, end_xy) -> np.ndarray:
    """Cheapest 8-connected route over ``cost`` from the cell of ``start_xy`` to that of
    ``end_xy``, as an (n, 2) array of cell-centre x, y (first = start cell, last = end cell).

    Uses skimage's MCP_Geometric: a step between neighbours costs the mean of the two cells'
    costs times the step length in metres, so with ``cost_surface`` the total is seconds.
    Raises ValueError if the end cannot be reached.

    Parameters
    ----------
    terrain : Terrain
        Gives the grid, its cell size (m) and the x/y <-> cell mapping.
    cost : array_like, shape (ny, nx)
        Cost per metre of each cell (e.g. s/m from :func:`cost_surface`); ``inf`` blocks.
    start_xy, end_xy : tuple of float
        Start and end points ``(x, y)`` in metres.

    Returns
    -------
    numpy.ndarray, shape (n, 2)
        Cell-centre ``(x, y)`` in metres along the route.

    Raises
    ------
    ValueError
        If *cost* does not have the terrain's shape, the start or end cell is impassable,
        or no passable route joins them.
    """
    cost = np.asarray(cost, dtype=float)
    if cost.shape != terrain.shape:
        raise ValueError(f"cost shape {cost.shape} != terrain shape {terrain.shape}")
    r0, c0 = (int(v) for v in terrain.xy_to_rc(*start_xy))
    r1, c1 = (int(v) for v in terrain.xy_to_rc(*end_xy))
    for name, (r, c) in (("start", (r0, c0)), ("end", (r1, c1))):
        if not np.isfinite(cost[r, c]) or cost[r, c] < 0:
            raise ValueError(f"{name} cell ({r}, {c}) is impassable")
    from skimage.graph import MCP_Geometric  # here, not at import: scikit-image is slow to load

    mcp = MCP_Geometric(cost, fully_connected=True, sampling=(terrain.cell_m, terrain.cell_m))
    cumulative, _ = mcp.find_costs([(r0, c0)], [(r1, c1)], find_all_ends=True)
    if not np.isfinite(cumulative[r1, c1]):
        raise ValueError(f"no passable route from cell ({r0}, {c0}) to cell ({r1}, {c1})")
    rc = np.asarray(mcp.traceback((r1, c1)), dtype=float)
    x, y = terrain.rc_to_xy(rc[:, 0], rc[:, 1])
    return np.column_stack([x, y])


def resample_path(xy, spacing_m: float, include_end: bool = True) -> np.ndarray:
    """Points every ``spacing_m`` metres of arc length along a polyline, starting at its
    first vertex (e.g. one point per footstep). With ``include_end`` the final vertex is
    appended when the last regular point falls short of it, so a trail reaches its end.

    Parameters
    ----------
    xy : array_like, shape (n, 2)
        Polyline vertices ``(x, y)`` in metres.
    spacing_m : float
        Arc length between points, in metres (> 0).
    include_end : bool, default True
        Append the last vertex if the regular points stop short of it.

    Returns
    -------
    numpy.ndarray, shape (m, 2)
        The points, in metres (a copy of *xy* if it has fewer than 2 vertices).

    Raises
    ------
    ValueError
        If *spacing_m* is <= 0.
    """
    if spacing_m <= 0:
        raise ValueError(f"spacing_m must be positive, got {spacing_m}")
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    if len(xy) < 2:
        return xy.copy()
    seg = np.hypot(*np.diff(xy, axis=0).T)
    arc = np.concatenate([[0.0], np.cumsum(seg)])
    total = arc[-1]
    s = np.arange(0.0, total + 1e-9 * max(total, 1.0), spacing_m)
    if include_end and total - s[-1] > 1e-9 * max(total, 1.0):
        s = np.append(s, total)
    # np.interp needs increasing x: drop repeated vertices (zero-length segments).
    keep = np.concatenate([[True], seg > 0])
    return np.column_stack(
        [np.interp(s, arc[keep], xy[keep, 0]), np.interp(s, arc[keep], xy[keep, 1])]
    )
