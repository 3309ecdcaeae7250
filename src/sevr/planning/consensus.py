"""Planners' consensus (the Mattson method) and how it is mixed with the statistical surface.

**Mattson consensus.** Each planner ``j`` gives every region ``r`` a weight ``w_rj >= 0`` on any
scale. A planner's weights are normalised to sum to 1 over the regions, ``w_rj / sum_r w_rj``, and
the consensus POA of region ``r`` is the mean of the normalised weights over the planners:

    POA_r = (1 / J) sum_j  w_rj / sum_r' w_r'j.

(Mattson, R. J. (1976), Establishing search priorities, in *Search and Rescue Magazine*;
as presented in NASAR's *Fundamentals of Search and Rescue* (2005) and Cooper, Frost & Robe
(2003) as the consensus method of land-search planning.)

**Mixture with the statistical surface** (an assumption, stated in docs/planning.md). Within a
region the consensus mass is spread in proportion to the statistical surface (uniformly where the
surface is 0), so it keeps the surface's detail and changes only how much each region holds. With
mixture weight ``alpha`` the in-area probability is

    p = (1 - ROW) [ (1 - alpha) p_stat / sum(p_stat) + alpha q ],

``q`` being the consensus spread over the cells (``sum(q) = 1`` over the regions' cells). ROW is the
statistical one: the planners share out the in-area mass, they do not move mass off the map.
Cells in no region get only the statistical share; a cell in two regions belongs to the first.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sevr.errors import InputError

__all__ = ["mattson_poa", "region_labels", "mix_consensus", "ConsensusResult", "with_consensus"]


def mattson_poa(weights) -> np.ndarray:
    """Consensus POA per region from a (regions x planners) weight table (see the module docstring).

    Raises ValueError for negative weights or a planner whose weights are all 0.
    """
    w = np.asarray(weights, dtype=float)
    if w.ndim != 2 or w.size == 0:
        raise ValueError(f"need a (regions x planners) table, got shape {w.shape}")
    if np.any(w < 0) or not np.all(np.isfinite(w)):
        raise ValueError("weights must be finite and non-negative")
    totals = w.sum(axis=0)
    if np.any(totals <= 0):
        raise ValueError(f"planner(s) {np.flatnonzero(totals <= 0).tolist()} give every region weight 0")
    return (w / totals).mean(axis=1)


def region_labels(terrain, polygons_xy) -> np.ndarray:
    """Index of the region holding each cell centre (-1: none); the first region wins an overlap.

    Parameters
    ----------
    terrain : Terrain
        The grid whose cell centres are tested (its ``shape`` and ``rc_to_xy``).
    polygons_xy : sequence of array_like, shape (v, 2)
        Each region's outline as (x, y) vertices in local metres.

    Returns
    -------
    ndarray of int64, shape terrain.shape
        The region index of each cell, -1 for cells in no region.
    """
    from matplotlib.path import Path as MplPath

    ny, nx = terrain.shape
    x, y = terrain.rc_to_xy(*np.meshgrid(np.arange(ny), np.arange(nx), indexing="ij"))
    pts = np.column_stack([x.ravel(), y.ravel()])
    labels = np.full(ny * nx, -1, dtype=np.int64)
    for k in range(len(polygons_xy) - 1, -1, -1):
        inside = MplPath(np.asarray(polygons_xy[k], dtype=float)).contains_points(pts)
        labels[inside] = k
    return labels.reshape(ny, nx)


@dataclass(frozen=True, eq=False)
class ConsensusResult:
    p: np.ndarray  # the mixed surface (sums to 1 - ROW)
    poa_regions: np.ndarray  # Mattson consensus POA per region (sums to 1)
    labels: np.ndarray  # region index per cell, -1 outside every region
    alpha: float


def mix_consensus(p_stat, row: float, labels, poa_regions, alpha: float) -> ConsensusResult:
    """Mix the consensus into the statistical surface (see the module docstring).

    Parameters
    ----------
    p_stat : array_like
        The statistical surface per cell (any positive scale; only its proportions count).
    row : float
        Probability the subject is off the map (rest of world), kept as it is.
    labels : ndarray of int
        Region index per cell, -1 outside every region (:func:`region_labels`), same shape as `p_stat`.
    poa_regions : array_like, shape (regions,)
        Consensus POA per region (:func:`mattson_poa`); regions that hold no cell give their
        share to the others.
    alpha : float
        Mixture weight of the consensus, in [0, 1] (0: the statistical surface alone).

    Returns
    -------
    ConsensusResult
        The mixed surface (summing to ``1 - row``), the POA per region actually used, the labels
        and `alpha`.

    Raises
    ------
    ValueError
        If `alpha` is outside [0, 1].
    InputError
        If no region covers any cell of the map (field ``consensus.regions``).
    """
    p_stat = np.asarray(p_stat, dtype=float)
    poa = np.asarray(poa_regions, dtype=float)
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"mixture weight must lie in [0, 1], got {alpha}")
    present = np.bincount(labels[labels >= 0], minlength=poa.size) > 0
    if not present.any():
        raise InputError("no consensus region covers any cell of the map", field="consensus.regions")
    poa = np.where(present, poa, 0.0)
    poa = poa / poa.sum()  # regions wholly off the map give their share to the others
    inr = labels >= 0
    stat_in = np.bincount(labels[inr], weights=p_stat[inr], minlength=poa.size)
    count = np.bincount(labels[inr], minlength=poa.size)
    q = np.zeros_like(p_stat)
    lab = labels[inr]
    share = np.where(stat_in[lab] > 0, p_stat[inr] / np.where(stat_in[lab] > 0, stat_in[lab], 1.0),
                     1.0 / np.maximum(count[lab], 1))
    q[inr] = poa[lab] * share
    total = p_stat.sum()
    base = p_stat / total if total > 0 else np.zeros_like(p_stat)
    p = (1.0 - row) * ((1.0 - alpha) * base + alpha * q)
    return ConsensusResult(p=p, poa_regions=poa, labels=labels, alpha=float(alpha))


def with_consensus(surface, terrain, frame, spec):
    """The surface with a scenario's ``[consensus]`` mixed in (regions given in lat/lon).

    Parameters
    ----------
    surface : ProbabilitySurface
        The statistical surface (its ``p``, ``row`` and ``components``).
    terrain : Terrain
        The grid of the surface.
    frame : GeoFrame
        Converts the regions' lat/lon vertices (degrees) to local metres.
    spec : Consensus
        The scenario's consensus: regions (polygon, one weight per planner) and ``mixture_weight``.

    Returns
    -------
    Surface
        A copy of `surface` with the mixed ``p`` and the :class:`ConsensusResult` added to its
        components as ``"consensus"``.

    Raises
    ------
    ValueError
        For invalid weights or mixture weight (see :func:`mattson_poa`, :func:`mix_consensus`).
    InputError
        If no region covers any cell of the map.
    """
    import dataclasses

    polys = [np.column_stack(frame.to_xy(np.array([v.lat for v in r.polygon]), np.array([v.lon for v in r.polygon])))
             for r in spec.regions]
    poa = mattson_poa([r.weights for r in spec.regions])
    mixed = mix_consensus(surface.p, surface.row, region_labels(terrain, polys), poa, spec.mixture_weight)
    components = dict(surface.components, consensus=mixed)
    return dataclasses.replace(surface, p=mixed.p, components=components)
