"""Coverage that GPS tracks really gave each cell of a plan's grid.

A searcher walking a track of length ``L`` inside a cell of area ``A`` with sweep width ``W``
sweeps ``W L`` square metres there, so the cell's coverage is ``C = W L / A``. Passes add up:
a cell walked twice gets twice the coverage. Parts of a track outside the grid count for
nothing (they are clipped, not moved to the edge).

The length inside every cell is exact: each leg between two fixes is cut where it crosses a
column or row line of the grid, and each piece is given to the cell that holds its midpoint
(one vectorised pass over all legs, then ``np.bincount``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

__all__ = ["GridGeometry", "cell_lengths", "track_coverage"]


@dataclass(frozen=True)
class GridGeometry:
    """A north-up grid of square cells: *shape* (rows, cols), north-west corner, cell size (m)."""

    shape: tuple[int, int]
    west_m: float
    north_m: float
    cell_m: float

    @property
    def cell_area_m2(self) -> float:
        """Area of one cell (m²)."""
        return self.cell_m * self.cell_m


def _line_crossings(a0: np.ndarray, a1: np.ndarray, n_lines: int) -> tuple[np.ndarray, np.ndarray]:
    """(leg index, t) of every grid line ``k`` (0..n_lines) that legs a0 -> a1 cross strictly
    inside, in grid units; lines outside the grid are skipped (they only split outside pieces)."""
    lo, hi = np.minimum(a0, a1), np.maximum(a0, a1)
    k0 = np.maximum(np.floor(lo) + 1, 0)
    k1 = np.minimum(np.ceil(hi) - 1, n_lines)
    count = np.maximum(k1 - k0 + 1, 0).astype(np.int64)
    leg = np.repeat(np.arange(a0.size), count)
    offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    k = np.repeat(k0, count) + offset
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (k - a0[leg]) / (a1[leg] - a0[leg])
    return leg, t


def cell_lengths(xy, grid: GridGeometry) -> np.ndarray:
    """Length (m) of the polyline *xy* (``(n, 2)`` metres east/north) inside each cell.

    Returns a ``grid.shape`` array; its sum is the length of the polyline inside the grid.
    """
    pts = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    ny, nx = grid.shape
    out = np.zeros(ny * nx)
    if len(pts) < 2:
        return out.reshape(grid.shape)
    col = (pts[:, 0] - grid.west_m) / grid.cell_m  # continuous grid coordinates
    row = (grid.north_m - pts[:, 1]) / grid.cell_m
    c0, c1, r0, r1 = col[:-1], col[1:], row[:-1], row[1:]
    length = np.hypot(c1 - c0, r1 - r0) * grid.cell_m
    legs = np.arange(c0.size)
    lc, tc = _line_crossings(c0, c1, nx)
    lr, tr = _line_crossings(r0, r1, ny)
    leg = np.concatenate([legs, legs, lc, lr])
    t = np.concatenate([np.zeros(legs.size), np.ones(legs.size), tc, tr])
    order = np.lexsort((t, leg))
    leg, t = leg[order], t[order]
    same = leg[1:] == leg[:-1]
    a, b, g = t[:-1][same], t[1:][same], leg[:-1][same]
    mid = (a + b) / 2
    cc = np.floor(c0[g] + mid * (c1[g] - c0[g]))
    rr = np.floor(r0[g] + mid * (r1[g] - r0[g]))
    inside = (cc >= 0) & (cc < nx) & (rr >= 0) & (rr < ny)
    piece = (b - a) * length[g]
    out += np.bincount((rr[inside] * nx + cc[inside]).astype(np.int64), weights=piece[inside], minlength=ny * nx)
    return out.reshape(grid.shape)


def track_coverage(tracks: Sequence, grid: GridGeometry, sweep_width_m: float) -> np.ndarray:
    """Coverage per cell, ``sum over passes of W x length in the cell / cell area``.

    Parameters
    ----------
    tracks : sequence of ``(n, 2)`` arrays
        Polylines in metres east/north of the plan's frame origin (one per GPS track segment).
    grid : GridGeometry
        The plan's grid.
    sweep_width_m : float
        Sweep width ``W`` of the searcher who walked the tracks (m).

    Returns
    -------
    ndarray of the grid's shape, dimensionless coverage.
    """
    total = np.zeros(grid.shape)
    for xy in tracks:
        total += cell_lengths(xy, grid)
    return total * (float(sweep_width_m) / grid.cell_area_m2)
