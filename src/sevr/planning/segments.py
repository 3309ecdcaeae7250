"""Search segments: the map cut into square blocks, each with its area and POA.

A regular grid is the simplest segmentation that is always valid (no slivers, no holes, every
cell in exactly one segment) and easy to brief ("B07 is the square north of the trailhead").
Field teams would re-draw boundaries along ridges, streams and trails; the planner's numbers
then carry over by summing the cell probabilities inside the new outlines
(:meth:`Segmentation.sum_by_segment`).

Blocks of ``block_m`` are laid from the map's north-west corner. Where the last row or column
of blocks would be thinner than ``min_fraction`` of a block it joins its neighbour instead, so
edge segments are between ``min_fraction`` and ``1 + min_fraction`` blocks wide.

Segment ids are a row letter (A = northernmost; AA, AB ... after Z) and a two-digit column
number counted from the west: ``"C07"``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sevr.search.sar import Segment

__all__ = ["Segmentation", "grid_segments", "row_letters"]
# Feature-bounded segments: sevr.planning.terrain_segments.terrain_segments.


def row_letters(i: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA', ... (spreadsheet-style)."""
    s = ""
    i += 1
    while i > 0:
        i, rem = divmod(i - 1, 26)
        s = chr(65 + rem) + s
    return s


def _edges(n_cells: int, block: int, min_fraction: float) -> list[int]:
    """Cell indices where blocks start along one axis, plus the end."""
    edges = list(range(0, n_cells, block)) + [n_cells]
    if len(edges) > 2 and (edges[-1] - edges[-2]) < min_fraction * block:
        del edges[-2]
    return edges


@dataclass(frozen=True, eq=False)
class Segmentation:
    """Segments over a terrain grid: ``labels[r, c]`` is the index of the cell's segment."""

    labels: np.ndarray
    segments: list[Segment]
    boxes: list[tuple[float, float, float, float]] = field(repr=False)  # (west, east, south, north) m
    cell_slices: list[tuple[slice, slice]] = field(repr=False)
    # Each segment's outline in local metres: [exterior ring (counter-clockwise), holes (clockwise) ...],
    # a ring being closed (x, y) tuples. None: the boxes are the outlines (square grid).
    polygons_m: list | None = field(default=None, repr=False)
    bounded_by: list[tuple[str, ...]] | None = field(default=None, repr=False)  # features along each border
    names: list[str] | None = field(default=None, repr=False)  # e.g. "C04: bounded by drainage, ridge"

    @property
    def n(self) -> int:
        """Number of segments."""
        return len(self.segments)

    @property
    def ids(self) -> list[str]:
        """The segments' ids, in label order."""
        return [s.id for s in self.segments]

    @property
    def areas_m2(self) -> np.ndarray:
        """Each segment's area (m²), in label order."""
        return np.array([s.area_m2 for s in self.segments])

    def mask(self, i: int) -> np.ndarray:
        """The cells of segment *i*.

        Parameters
        ----------
        i : int
            Segment index.

        Returns
        -------
        ndarray of bool, shape labels.shape
        """
        return self.labels == i

    def sum_by_segment(self, grid) -> np.ndarray:
        """Sum of a cell grid within each segment (e.g. POA from a probability surface).

        Parameters
        ----------
        grid : array_like, shape labels.shape
            One value per cell.

        Returns
        -------
        ndarray, shape (n,)

        Raises
        ------
        ValueError
            If `grid`'s shape differs from the labels'.
        """
        g = np.asarray(grid, dtype=float)
        if g.shape != self.labels.shape:
            raise ValueError(f"grid shape {g.shape} does not match segmentation {self.labels.shape}")
        return np.bincount(self.labels.ravel(), weights=g.ravel(), minlength=self.n)

    def spread(self, values) -> np.ndarray:
        """A grid holding each segment's value on its cells.

        Parameters
        ----------
        values : array_like, shape (n,)
            One value per segment.

        Returns
        -------
        ndarray, shape labels.shape

        Raises
        ------
        ValueError
            If there is not exactly one value per segment.
        """
        v = np.asarray(values, dtype=float)
        if v.shape != (self.n,):
            raise ValueError(f"need one value per segment ({self.n}), got shape {v.shape}")
        return v[self.labels]

    def with_poa(self, poa) -> "Segmentation":
        """A copy whose segments carry new POAs (labels, boxes and outlines shared).

        Parameters
        ----------
        poa : array_like, shape (n,)
            Probability of area per segment.

        Returns
        -------
        Segmentation
        """
        poa = np.asarray(poa, dtype=float)
        segs = [Segment(s.id, s.area_m2, float(p), polygon=s.polygon) for s, p in zip(self.segments, poa)]
        return Segmentation(self.labels, segs, self.boxes, self.cell_slices, polygons_m=self.polygons_m,
                            bounded_by=self.bounded_by, names=self.names)

    def rings_m(self) -> list[list[tuple[tuple[float, float], ...]]]:
        """Every segment's rings in local metres (exterior counter-clockwise first, then holes)."""
        if self.polygons_m is not None:
            return self.polygons_m
        return [[((w, s), (e, s), (e, n), (w, n), (w, s))] for w, e, s, n in self.boxes]

    def rings_lonlat(self, frame) -> list[list[list[list[float]]]]:
        """Every segment as GeoJSON Polygon coordinates: rings of [lon, lat] (7 decimals, about
        1 cm), exterior counter-clockwise then holes clockwise, as RFC 7946 asks.

        Parameters
        ----------
        frame : GeoFrame
            Converts local metres to lat/lon.

        Returns
        -------
        list
            Per segment, a list of closed rings, each a list of [lon, lat] (degrees). Square-grid
            segments get their densified box (:meth:`polygons_lonlat`).
        """
        if self.polygons_m is None:
            return [[ring] for ring in self.polygons_lonlat(frame)]
        flat = [np.asarray(ring, dtype=float) for rings in self.polygons_m for ring in rings]
        xy = np.vstack(flat)
        lat, lon = frame.to_latlon(xy[:, 0], xy[:, 1])  # one projection call for every vertex
        ll = np.round(np.column_stack([lon, lat]), 7)
        out, k, start = [], 0, 0
        for rings in self.polygons_m:
            poly = []
            for _ in rings:
                r = ll[start:start + len(flat[k])].tolist()
                r[-1] = list(r[0])  # exactly closed after rounding
                poly.append(r)
                start += len(flat[k])
                k += 1
            out.append(poly)
        return out

    def polygons_lonlat(self, frame, points_per_edge: int = 4) -> list[list[list[float]]]:
        """Each segment's outline as a closed GeoJSON ring of [lon, lat], counter-clockwise
        (the exterior-ring orientation RFC 7946 asks for). Edges are densified with
        *points_per_edge* vertices so the outline follows the local projection exactly
        enough at any zoom. For feature-bounded segments: the exterior ring of each
        (:meth:`rings_lonlat` gives the holes too).

        Parameters
        ----------
        frame : GeoFrame
            Converts local metres to lat/lon.
        points_per_edge : int, optional
            Vertices per box edge (at least 1); unused for feature-bounded segments.

        Returns
        -------
        list
            Per segment, one closed ring: a list of [lon, lat] in degrees, rounded to 7 decimals.
        """
        if self.polygons_m is not None:
            return [poly[0] for poly in self.rings_lonlat(frame)]
        k = max(1, int(points_per_edge))
        t = np.arange(k) / k
        rings = []
        for w, e, s, n in self.boxes:
            # SW -> SE -> NE -> NW -> SW is counter-clockwise with x east and y north.
            xs = np.concatenate([w + (e - w) * t, np.full(k, e), e - (e - w) * t, np.full(k, w), [w]])
            ys = np.concatenate([np.full(k, s), s + (n - s) * t, np.full(k, n), n - (n - s) * t, [s]])
            lat, lon = frame.to_latlon(xs, ys)
            ring = [[round(float(a), 7), round(float(b), 7)] for a, b in zip(lon, lat)]
            ring[-1] = list(ring[0])  # exactly closed after rounding
            rings.append(ring)
        return rings


def grid_segments(terrain, probability=None, *, block_m: float = 1000.0, min_fraction: float = 0.4) -> Segmentation:
    """Cut *terrain* into square blocks of about *block_m* metres; POA from *probability*
    (a cell grid, e.g. the probability surface), else 0.

    Parameters
    ----------
    terrain : Terrain
        The grid to cut.
    probability : array_like, optional
        Probability per cell, same shape as the terrain.
    block_m : float, optional
        Block side (m), rounded to whole cells (at least one).
    min_fraction : float, optional
        A last row or column of blocks narrower than this fraction of a block joins its neighbour.

    Returns
    -------
    Segmentation
        Blocks named ``A01``, ``A02``, ... (row letters from the north, column numbers from the west).

    Raises
    ------
    ValueError
        If `block_m` is not positive or `probability`'s shape differs from the terrain's.
    """
    if not block_m > 0:
        raise ValueError(f"block_m must be positive, got {block_m}")
    ny, nx = terrain.shape
    block = max(1, int(round(block_m / terrain.cell_m)))
    redges = _edges(ny, block, min_fraction)
    cedges = _edges(nx, block, min_fraction)
    labels = np.empty((ny, nx), dtype=np.int64)
    p = np.zeros(terrain.shape) if probability is None else np.asarray(probability, dtype=float)
    if p.shape != terrain.shape:
        raise ValueError(f"probability shape {p.shape} does not match terrain {terrain.shape}")
    segments, boxes, slices = [], [], []
    cell2 = terrain.cell_m ** 2
    k = 0
    for i, (r0, r1) in enumerate(zip(redges[:-1], redges[1:])):
        for j, (c0, c1) in enumerate(zip(cedges[:-1], cedges[1:])):
            labels[r0:r1, c0:c1] = k
            west = terrain.west_m + c0 * terrain.cell_m
            east = terrain.west_m + c1 * terrain.cell_m
            north = terrain.north_m - r0 * terrain.cell_m
            south = terrain.north_m - r1 * terrain.cell_m
            poly = ((west, south), (east, south), (east, north), (west, north), (west, south))
            segments.append(Segment(f"{row_letters(i)}{j + 1:02d}", (r1 - r0) * (c1 - c0) * cell2,
                                    float(p[r0:r1, c0:c1].sum()), polygon=poly))
            boxes.append((west, east, south, north))
            slices.append((slice(r0, r1), slice(c0, c1)))
            k += 1
    return Segmentation(labels, segments, boxes, slices)
