"""Search segments a field team can find on the ground: areas bounded by drainages, ridges,
trails, roads and water, sized to a team's task.

Construction (each step an assumption, stated in docs/planning.md):

1. **Drainage links.** On the priority-flood drainage tree (:func:`~sevr.planning.surface.terrain_routing`)
   the drainage cells (the surface's drainages, water included) are cut into *links* at every
   junction: a link starts at a channel head or just below a confluence.
2. **Sub-basins.** Every other cell takes the link of the first drainage cell downstream of it.
   Two neighbouring cells of different sub-basins lie on a divide: a **ridge**.
3. **Banks.** Drainage, trail, road and water cells are taken out; the connected pieces of each
   sub-basin that remain are the first segments (a stream therefore separates its two banks).
4. **Size.** Pieces larger than ``1.5 x target`` are cut by a square grid of side ``sqrt(target)``;
   pieces smaller than ``target / 2`` join the neighbour they share the longest border with, the
   smallest first. The cells taken out in step 3 join the nearest segment.
5. **Outlines.** Each segment's cells are traced into one polygon (exterior ring and holes) along
   cell edges (``rasterio.features.shapes``), in local metres; :meth:`Segmentation.polygons_lonlat`
   gives WGS84. ``bounded_by`` lists what runs along each segment's border: drainage, ridge,
   trail, road, water, grid line (a cut of step 4), map edge.
"""
from __future__ import annotations

import heapq
import math

import numpy as np
from numba import njit
from scipy import ndimage

from sevr.search.sar import Segment

from .segments import Segmentation, row_letters
from .surface import rasterise_lines, terrain_routing

__all__ = ["terrain_segments", "FEATURES"]

FEATURES = ("drainage", "ridge", "trail", "road", "water", "grid line", "map edge")
_BIT = {name: 1 << k for k, name in enumerate(FEATURES)}


@njit(cache=True)
def _link_labels(receiver, order, drainage):
    """Sub-basin label of every cell: the link of its first downstream drainage cell (-1: none)."""
    n = receiver.size
    ups = np.zeros(n, dtype=np.int64)  # drainage cells draining straight into each cell
    for i in range(n):
        j = receiver[i]
        if j >= 0 and drainage[i] and drainage[j]:
            ups[j] += 1
    parent = np.full(n, -1, dtype=np.int64)  # the single upstream drainage cell, where there is one
    for i in range(n):
        j = receiver[i]
        if j >= 0 and drainage[i] and drainage[j] and ups[j] == 1:
            parent[j] = i
    label = np.full(n, -1, dtype=np.int64)
    nxt = 0
    for k in range(n - 1, -1, -1):  # upstream first: a link's cells inherit from their parent
        i = order[k]
        if drainage[i]:
            if ups[i] == 1 and label[parent[i]] >= 0:
                label[i] = label[parent[i]]
            else:
                label[i] = nxt
                nxt += 1
    for k in range(n):  # downstream first: hillslope cells take their receiver's label
        i = order[k]
        if not drainage[i]:
            j = receiver[i]
            label[i] = label[j] if j >= 0 else -1
    return label


@njit(cache=True)
def _valley_heads(receiver, order, drainage, cell_area):
    """Valley lines above the channel heads: from every drainage cell that no drainage cell flows
    into, follow upstream the neighbour with the largest contributing area up to the divide."""
    n = receiver.size
    acc = np.full(n, cell_area)
    for k in range(n - 1, -1, -1):
        i = order[k]
        j = receiver[i]
        if j >= 0:
            acc[j] += acc[i]
    best = np.full(n, -1, dtype=np.int64)  # upstream neighbour with the largest area
    fed = np.zeros(n, dtype=np.bool_)  # some drainage cell flows into it
    for i in range(n):
        j = receiver[i]
        if j >= 0:
            if best[j] < 0 or acc[i] > acc[best[j]]:
                best[j] = i
            if drainage[i]:
                fed[j] = True
    out = np.zeros(n, dtype=np.bool_)
    for i in range(n):
        if drainage[i] and not fed[i]:
            k = best[i]
            while k >= 0 and not drainage[k] and not out[k]:
                out[k] = True
                k = best[k]
    return out


def _components(labels, keep):
    """Connected (4-neighbour) pieces of equal label among the cells *keep*; -1 elsewhere."""
    from skimage.measure import label as cc

    shifted = np.where(keep, labels - labels.min() + 1, 0)
    return cc(shifted, background=0, connectivity=1).astype(np.int64) - 1


def _close_diagonals(mask):
    """Add a cell wherever the mask steps diagonally, so that it separates 4-connected regions,
    and carry lines that stop one cell short of the map edge out to it."""
    m = mask.copy()
    if min(m.shape) >= 3:
        m[0] |= m[1]
        m[-1] |= m[-2]
        m[:, 0] |= m[:, 1]
        m[:, -1] |= m[:, -2]
    a, b = m[:-1, :-1], m[1:, 1:]
    c, d = m[:-1, 1:], m[1:, :-1]
    m[:-1, 1:] |= a & b & ~c & ~d  # a step down-right: close it with the cell to the right
    a, b = m[:-1, 1:], m[1:, :-1]
    c, d = m[:-1, :-1], m[1:, 1:]
    m[:-1, :-1] |= a & b & ~c & ~d  # a step down-left: close it with the cell to the left
    return m


def _fill_from_nearest(labels):
    """Give every -1 cell the label of the nearest labelled cell."""
    hole = labels < 0
    if not hole.any():
        return labels
    idx = ndimage.distance_transform_edt(hole, return_distances=False, return_indices=True)
    return labels[tuple(idx)]


def _borders(labels, cut=None, basin=None):
    """(pairs, weight) for every pair of different labels sharing cell edges (a < b): the border
    length in cell edges, an edge counting 1, or 0.5 along a ridge (the two cells in different
    sub-basins), or 0.001 where either cell is a drainage, trail, road or water cell."""
    pairs, weights = [], []
    for sa, sb in (((slice(None), slice(None, -1)), (slice(None), slice(1, None))),
                   ((slice(None, -1), slice(None)), (slice(1, None), slice(None)))):
        a, b = labels[sa], labels[sb]
        d = a != b
        w = np.ones(int(d.sum()))
        if basin is not None:
            w[basin[sa][d] != basin[sb][d]] = 0.5
        if cut is not None:
            w[cut[sa][d] | cut[sb][d]] = 0.001
        pairs.append(np.column_stack([np.minimum(a[d], b[d]), np.maximum(a[d], b[d])]))
        weights.append(w)
    allp = np.vstack(pairs).astype(np.int64)
    if allp.size == 0:
        return np.empty((0, 2), dtype=np.int64), np.empty(0)
    base = int(labels.max()) + 1
    keys, inv = np.unique(allp[:, 0] * base + allp[:, 1], return_inverse=True)
    uniq = np.column_stack([keys // base, keys % base])
    return uniq, np.bincount(inv.ravel(), weights=np.concatenate(weights), minlength=len(uniq))


def _merge_small(labels, cell_area, min_area, cut=None, basin=None):
    """Merge regions below *min_area* into the neighbour they share the most border with
    (weighted as in :func:`_borders`, so a stream or trail is crossed only when nothing else is
    next to them), the smallest region first."""
    n = int(labels.max()) + 1  # labels are 0 .. n-1, every one present (connected components)
    area = np.bincount(labels.ravel(), minlength=n) * cell_area
    pairs, counts = _borders(labels, cut, basin)
    nbrs: list[dict[int, float]] = [dict() for _ in range(n)]
    for (a, b), c in zip(pairs.tolist(), counts.tolist()):
        nbrs[a][b] = c
        nbrs[b][a] = c
    root = np.arange(n)
    alive = np.ones(n, dtype=bool)
    heap = [(area[i], i) for i in range(n) if area[i] < min_area]
    heapq.heapify(heap)
    while heap:
        a_i, i = heapq.heappop(heap)
        if not alive[i] or a_i != area[i] or area[i] >= min_area or not nbrs[i]:
            continue
        j = max(nbrs[i], key=lambda k: (nbrs[i][k], -k))
        alive[i] = False
        root[i] = j
        area[j] += area[i]
        for k, c in nbrs[i].items():
            if k != j:
                nbrs[j][k] = nbrs[j].get(k, 0.0) + c
                nbrs[k][j] = nbrs[k].get(j, 0.0) + c
            nbrs[k].pop(i, None)
        nbrs[i] = {}
        if area[j] < min_area:
            heapq.heappush(heap, (area[j], j))
    for i in range(n):  # follow the merges to the surviving region
        r = i
        while root[r] != r:
            r = root[r]
        root[i] = r
    compact = np.unique(root, return_inverse=True)[1].ravel()
    return compact[labels]


def _split_large(labels, terrain, target_m2, max_factor=1.5):
    """Cut regions larger than max_factor x target by a square grid of side sqrt(target)."""
    n = int(labels.max()) + 1
    area = np.bincount(labels.ravel(), minlength=n) * terrain.cell_m ** 2
    big = area > max_factor * target_m2
    if not big.any():
        return labels, np.zeros(labels.shape, dtype=bool)
    side = max(1, int(round(math.sqrt(target_m2) / terrain.cell_m)))
    ny, nx = labels.shape
    block = (np.arange(ny)[:, None] // side) * (nx // side + 1) + (np.arange(nx)[None, :] // side)
    key = labels * (int(block.max()) + 2) + np.where(big[labels], block + 1, 0)
    return _components(key, np.ones(labels.shape, dtype=bool)), big[labels]


def label_outlines(labels, terrain, n):
    """Rings of every region in metres, traced along cell edges in one pass: for region k, the
    exterior first (counter-clockwise), then the holes (clockwise).

    Needs rasterio (the ``geo`` extra).

    Parameters
    ----------
    labels : ndarray of int, shape (rows, cols)
        Region index per cell, 0 to ``n - 1``; each region one 4-connected piece.
    terrain : Terrain or PlanGrid
        The grid's cell size and north-west corner (m).
    n : int
        Number of regions.

    Returns
    -------
    list
        Per region, a list of closed rings, each a tuple of (x, y) vertices in local metres.

    Raises
    ------
    RuntimeError
        If a region comes in more than one piece.
    """
    from affine import Affine
    from rasterio import features

    transform = Affine(terrain.cell_m, 0.0, terrain.west_m, 0.0, -terrain.cell_m, terrain.north_m)
    out: list = [None] * n
    for geom, value in features.shapes(labels.astype(np.int32), connectivity=4, transform=transform):
        k = int(value)
        rings = []
        for i, ring in enumerate(np.asarray(r, dtype=float) for r in geom["coordinates"]):
            x, y = ring[:, 0], ring[:, 1]
            ccw = 0.5 * np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]) > 0
            if (i == 0) != ccw:
                ring = ring[::-1]
            rings.append(tuple(map(tuple, ring.tolist())))
        if out[k] is not None:  # cannot happen for 4-connected regions; kept loud if it does
            raise RuntimeError(f"segment {k} is not one connected piece")
        out[k] = rings
    return out


def terrain_segments(terrain, probability, drainage, *, target_area_km2: float = 1.0,
                     lines: dict | None = None) -> Segmentation:
    """Segments bounded by terrain features and mapped lines (see the module docstring).

    Parameters
    ----------
    terrain : Terrain
    probability : ndarray
        Cell probabilities (the POA of a segment is their sum over its cells).
    drainage : ndarray of bool
        Drainage cells (e.g. ``ProbabilitySurface.drainage``).
    target_area_km2 : float
        The area one team can search in its assignment.
    lines : dict, optional
        ``{"trail": [(name, xy), ...], "road": [...], "water": [...]}`` polylines in metres.

    Returns
    -------
    Segmentation
        With ``polygons_m``, ``bounded_by`` and ``names`` filled in.
    """
    if not target_area_km2 > 0:
        raise ValueError(f"target_area_km2 must be positive, got {target_area_km2}")
    p = np.asarray(probability, dtype=float)
    if p.shape != terrain.shape:
        raise ValueError(f"probability shape {p.shape} does not match terrain {terrain.shape}")
    target = target_area_km2 * 1e6
    cell2 = terrain.cell_m ** 2
    ny, nx = terrain.shape
    lines = lines or {}
    masks = {name: rasterise_lines(terrain, lines.get(name, [])) for name in ("trail", "road", "water")}
    drain = np.asarray(drainage, dtype=bool) | masks["water"]

    receiver, order = terrain_routing(terrain)
    basin = _link_labels(receiver, order, drain.ravel()).reshape(ny, nx)
    drain = drain | _valley_heads(receiver, order, drain.ravel(), cell2).reshape(ny, nx)
    cut = _close_diagonals(drain | masks["trail"] | masks["road"])
    pieces = _components(basin, ~cut)
    pieces = _fill_from_nearest(pieces) if (pieces >= 0).any() else np.zeros((ny, nx), dtype=np.int64)
    pieces = _components(pieces, np.ones((ny, nx), dtype=bool))  # nearest-fill may break connectivity
    pieces, was_split = _split_large(pieces, terrain, target)
    labels = _merge_small(pieces, cell2, 0.5 * target, cut=cut, basin=basin)

    # what runs along each border
    flags = np.zeros(int(labels.max()) + 1, dtype=np.int64)
    feature_bits = (np.where(drain & ~masks["water"], _BIT["drainage"], 0) | np.where(masks["water"], _BIT["water"], 0)
                    | np.where(masks["trail"], _BIT["trail"], 0) | np.where(masks["road"], _BIT["road"], 0))
    for sl_a, sl_b in (((slice(None), slice(None, -1)), (slice(None), slice(1, None))),
                       ((slice(None, -1), slice(None)), (slice(1, None), slice(None)))):
        la, lb = labels[sl_a], labels[sl_b]
        d = la != lb
        bits = feature_bits[sl_a][d] | feature_bits[sl_b][d]
        ridge = (basin[sl_a][d] != basin[sl_b][d]) & (bits == 0)
        bits = bits | np.where(ridge, _BIT["ridge"], 0)
        grid = (bits == 0) & (was_split[sl_a][d] | was_split[sl_b][d])
        bits = bits | np.where(grid, _BIT["grid line"], 0)
        for side in (la[d], lb[d]):
            np.bitwise_or.at(flags, side, bits)
    edge = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    flags[edge] |= _BIT["map edge"]

    # order segments north to south in bands of the target's side, west to east within a band
    n = flags.size
    rr, cc = np.indices((ny, nx))
    count = np.bincount(labels.ravel(), minlength=n)
    cr = np.bincount(labels.ravel(), weights=rr.ravel(), minlength=n) / count
    ccol = np.bincount(labels.ravel(), weights=cc.ravel(), minlength=n) / count
    band = np.floor(cr * terrain.cell_m / math.sqrt(target)).astype(int)
    rank = np.lexsort((ccol, band))
    new = np.empty(n, dtype=np.int64)
    new[rank] = np.arange(n)
    labels = new[labels]
    flags = flags[rank]
    band = band[rank]

    objs = ndimage.find_objects(labels + 1)
    outlines = label_outlines(labels, terrain, n)
    poa = np.bincount(labels.ravel(), weights=p.ravel(), minlength=n)
    area_cells = np.bincount(labels.ravel(), minlength=n)
    segments, boxes, slices, polys, bounded, names = [], [], [], [], [], []
    per_band: dict[int, int] = {}
    for k in range(n):
        b = int(band[k])
        per_band[b] = per_band.get(b, 0) + 1
        sid = f"{row_letters(b)}{per_band[b]:02d}"
        rs, cs = objs[k]
        rings = outlines[k]
        feats = tuple(f for f in FEATURES if flags[k] & _BIT[f])
        segments.append(Segment(sid, float(area_cells[k]) * cell2, float(poa[k]), polygon=rings[0]))
        boxes.append((terrain.west_m + cs.start * terrain.cell_m, terrain.west_m + cs.stop * terrain.cell_m,
                      terrain.north_m - rs.stop * terrain.cell_m, terrain.north_m - rs.start * terrain.cell_m))
        slices.append((rs, cs))
        polys.append(rings)
        bounded.append(feats)
        names.append(f"{sid}: bounded by {', '.join(feats) if feats else 'nothing mapped'}")
    return Segmentation(labels, segments, boxes, slices, polygons_m=polys, bounded_by=bounded, names=names)
