"""Beliefs about where the sought person is: a probability grid and a particle cloud.

Both are *immutable*: every update returns a new object, so a run can keep the belief at each
step (e.g. to draw the pursuers' belief map over time) without copying by hand.

:class:`GridBelief`
    A probability for every cell of a grid (normally a :class:`~sevr.world.Terrain`'s shape).
    Updates after an unsuccessful search and after a clue use :mod:`sevr.search.bayes`; motion
    between looks is a row-stochastic transition matrix (e.g. :func:`terrain_transition`) or a
    mass-preserving kernel (e.g. :func:`masked_diffusion`).

:class:`ParticleBelief`
    Weighted positions in metres, for a target that keeps moving over the terrain. Particles
    walk a terrain-aware random walk (slower on steep ground, blocked by cliffs and the map
    edge); updates reweight them with the same Bayes functions; systematic resampling keeps the
    weights from degenerating. Every random draw comes from a ``numpy.random.Generator`` passed
    in explicitly, so the same seed gives the same cloud.

Conventions: grids are indexed ``[row, col]`` with row 0 the northern edge (as in
:class:`~sevr.world.Terrain`); a "mask" is a boolean array of the grid's shape; callables used as
likelihoods or PODs for particles take ``(x, y)`` arrays in metres and return one value per
particle.
"""
from __future__ import annotations

from typing import Callable, Union

import numpy as np
import scipy.sparse as sp
from scipy import ndimage

from sevr.world.movement import DEFAULT_MAX_SLOPE_DEG, cost_surface

from . import bayes
from .validate import (
    as_distribution,
    as_nonnegative,
    as_nonnegative_scalar,
    as_positive_int,
    as_probabilities,
    as_probability_scalar,
    check_transition,
    fail,
)

__all__ = [
    "GridBelief",
    "ParticleBelief",
    "terrain_transition",
    "masked_diffusion",
    "relative_speed",
]

Motion = Union[np.ndarray, sp.spmatrix, Callable[[np.ndarray], np.ndarray]]
PointFn = Callable[[np.ndarray, np.ndarray], np.ndarray]


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.array(a, dtype=np.float64, copy=True)
    a.flags.writeable = False
    return a


def _as_mask(name: str, mask, shape) -> np.ndarray:
    m = np.asarray(mask)
    if m.shape != tuple(shape):
        raise fail(name, f"shape {m.shape} does not match the belief's shape {tuple(shape)}")
    if m.dtype != bool:
        if not np.isin(m, (0, 1)).all():
            raise fail(name, "must be boolean (or 0/1)")
        m = m.astype(bool)
    return m


# ----------------------------------------------------------------------------------------------
# terrain-aware motion


def relative_speed(terrain, *, max_slope_deg: float = DEFAULT_MAX_SLOPE_DEG, cost=None) -> np.ndarray:
    """Walking speed on each cell relative to flat ground, in [0, 1]; 0 where impassable.

    From :func:`sevr.world.cost_surface` (Tobler's hiking function, mean of the up- and downhill
    pace at the cell's slope): ``pace(flat) / pace(cell)``. The mean pace is lowest on the flat,
    so the ratio never exceeds 1. *cost* may pass a precomputed cost surface.
    """
    pace = cost_surface(terrain, max_slope_deg=max_slope_deg) if cost is None else np.asarray(cost, float)
    if pace.shape != terrain.shape:
        raise fail("cost", f"shape {pace.shape} does not match terrain shape {terrain.shape}")
    finite = np.isfinite(pace) & (pace > 0)
    # Flat-ground pace: the cost surface at zero slope (same formula, no special casing).
    flat = _flat_pace()
    rel = np.zeros(pace.shape)
    rel[finite] = np.minimum(flat / pace[finite], 1.0)
    return rel


def _flat_pace() -> float:
    from sevr.world.movement import tobler_speed_kmh

    return 3.6 / tobler_speed_kmh(0.0)


_OFFSETS = ((-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))


def terrain_transition(
    terrain,
    *,
    move_prob: float = 0.5,
    max_slope_deg: float = DEFAULT_MAX_SLOPE_DEG,
    cost=None,
) -> sp.csr_matrix:
    """Sparse 8-neighbour random walk over a terrain for one time step.

    From cell *i* the target leaves with probability ``move_prob * rel_i`` (``rel`` from
    :func:`relative_speed`: 1 on the flat, smaller on steep ground) and otherwise stays. A
    leaving target goes to a passable neighbour *j* with probability proportional to
    ``rel_j / d_ij`` (``d_ij`` = 1 or sqrt(2) cells): easy ground and straight steps are
    preferred; impassable cells (slope above *max_slope_deg*) and the map edge are never
    entered. A target in an impassable cell (where only the prior can put it) leaves with
    probability *move_prob*; a cell with no passable neighbour keeps its mass.

    Returns a ``scipy.sparse.csr_matrix`` ``M`` with ``M[i, j] = P(i -> j)`` (rows sum to 1),
    flattened C-order like ``belief.p_.ravel()``. Use with :meth:`GridBelief.predict`.
    """
    move_prob = as_probability_scalar("move_prob", move_prob)
    rel = relative_speed(terrain, max_slope_deg=max_slope_deg, cost=cost)
    ny, nx = rel.shape
    n = ny * nx
    rr, cc = np.divmod(np.arange(n), nx)
    relf = rel.ravel()
    weights = []
    targets = []
    for dr, dc in _OFFSETS:
        r2, c2 = rr + dr, cc + dc
        inside = (r2 >= 0) & (r2 < ny) & (c2 >= 0) & (c2 < nx)
        j = np.where(inside, r2 * nx + c2, 0)
        w = np.where(inside, relf[j], 0.0) / np.hypot(dr, dc)
        weights.append(w)
        targets.append(j)
    wsum = np.sum(weights, axis=0)
    leave = np.where(relf > 0, move_prob * relf, move_prob)
    leave = np.where(wsum > 0, leave, 0.0)
    rows = [np.arange(n)]
    cols = [np.arange(n)]
    vals = [1.0 - leave]
    safe = np.where(wsum > 0, wsum, 1.0)
    for w, j in zip(weights, targets):
        nz = np.flatnonzero(w > 0)
        rows.append(nz)
        cols.append(j[nz])
        vals.append(leave[nz] * w[nz] / safe[nz])
    m = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))
    m.sum_duplicates()
    m.eliminate_zeros()
    return m


def masked_diffusion(sigma_m: float, cell_m: float, passable=None) -> Callable[[np.ndarray], np.ndarray]:
    """A mass-preserving Gaussian spread of *sigma_m* metres that never enters blocked cells.

    Each cell's mass is shared among the passable cells around it in proportion to a Gaussian
    of their distance (normalised convolution): ``p' = mask * G(p / G(mask))`` with ``G`` the
    Gaussian filter (zero outside the map). Mass on blocked cells is spread the same way. The
    returned function maps a probability grid to the next one (sum preserved to rounding).

    Parameters
    ----------
    sigma_m : float
        Standard deviation of the Gaussian spread per step, in metres (>= 0; 0 leaves the
        grid unchanged).
    cell_m : float
        Side of one grid cell, in metres (> 0).
    passable : array_like of bool, optional
        Mask of the cells the mass may enter, of the grid's shape; None means every cell.

    Returns
    -------
    callable
        ``step(p) -> p'`` mapping a 2-D probability grid to the spread grid of the same shape.
        It raises InputError if *passable* does not match the grid's shape.

    Raises
    ------
    InputError
        If *sigma_m* or *cell_m* is negative, NaN or infinite, or *cell_m* is 0.
    """
    sigma_m = as_nonnegative_scalar("sigma_m", sigma_m)
    cell_m = as_nonnegative_scalar("cell_m", cell_m)
    if cell_m == 0:
        raise fail("cell_m", "must be > 0")
    s = sigma_m / cell_m

    def step(p: np.ndarray) -> np.ndarray:
        p = np.asarray(p, dtype=np.float64)
        if s == 0:
            return p.copy()
        mask = np.ones(p.shape) if passable is None else np.asarray(passable, dtype=np.float64)
        if mask.shape != p.shape:
            raise fail("passable", f"shape {mask.shape} does not match the grid {p.shape}")
        reach = ndimage.gaussian_filter(mask, s, mode="constant", cval=0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(reach > 0, p / reach, 0.0)
        out = mask * ndimage.gaussian_filter(share, s, mode="constant", cval=0.0)
        lost = p.sum() - out.sum()  # sources with no passable cell in reach keep their mass
        if lost > 0:
            out = out + np.where(reach > 0, 0.0, p)
        return out

    return step


# ----------------------------------------------------------------------------------------------
# grid belief


class GridBelief:
    """Probability of containment over the cells of a grid; immutable.

    Build with :meth:`from_prior` (any non-negative array, normalised here) or :meth:`uniform`.
    ``p_`` is the normalised, read-only probability array. Every update returns a new belief.
    """

    __slots__ = ("_p",)

    def __init__(self, p) -> None:
        arr = as_distribution("prior", p)
        if arr.ndim != 2:
            raise fail("prior", f"must be a 2-D grid, got shape {arr.shape}")
        self._p = _readonly(arr / arr.sum())

    # --- construction ------------------------------------------------------------------------

    @classmethod
    def from_prior(cls, prior) -> "GridBelief":
        """Normalise a non-negative 2-D array (e.g. a probability surface) into a belief.

        Parameters
        ----------
        prior : array_like, shape (ny, nx)
            Non-negative, finite weights with a positive total (need not sum to 1).

        Returns
        -------
        GridBelief
            The normalised belief.

        Raises
        ------
        InputError
            If *prior* is not 2-D, holds NaN, infinite or negative values, or sums to 0.
        """
        return cls(prior)

    @classmethod
    def uniform(cls, shape, mask=None) -> "GridBelief":
        """Equal probability on every cell (or on the cells where *mask* is true).

        Parameters
        ----------
        shape : tuple of int
            ``(ny, nx)`` grid shape.
        mask : array_like of bool, optional
            Cells allowed to hold probability, of shape *shape*; None means all cells.

        Returns
        -------
        GridBelief
            The uniform belief.

        Raises
        ------
        InputError
            If *mask* has the wrong shape, is not boolean (or 0/1), or is all false.
        """
        shape = tuple(int(v) for v in shape)
        p = np.ones(shape)
        if mask is not None:
            p = p * _as_mask("mask", mask, shape)
        return cls(p)

    @classmethod
    def _trusted(cls, p: np.ndarray) -> "GridBelief":
        obj = cls.__new__(cls)
        total = p.sum()
        obj._p = _readonly(p / total if total != 1.0 else p)
        return obj

    # --- views -------------------------------------------------------------------------------

    @property
    def p_(self) -> np.ndarray:
        """Normalised probabilities (read-only array of the grid's shape)."""
        return self._p

    @property
    def shape(self) -> tuple[int, int]:
        """``(ny, nx)``: number of grid rows and columns."""
        return self._p.shape

    def __repr__(self) -> str:
        return f"GridBelief(shape={self.shape}, entropy={self.entropy():.3f} nats)"

    def entropy(self, base: float | None = None) -> float:
        """Shannon entropy ``-sum p ln p`` (nats; bits with ``base=2``). 0 for a certain cell,
        ``ln(n)`` for a uniform belief over n cells.

        Parameters
        ----------
        base : float, optional
            Logarithm base of the result; None (or 0) gives nats.

        Returns
        -------
        float
            The entropy, in nats or in units of log *base*.
        """
        p = self._p[self._p > 0]
        h = float(-np.sum(p * np.log(p)))
        return h / np.log(base) if base else h

    def mass_in(self, mask) -> float:
        """Probability that the target is in the cells where *mask* is true.

        Parameters
        ----------
        mask : array_like of bool, shape (ny, nx)
            The cells to add up (0/1 integers are accepted).

        Returns
        -------
        float
            Probability in [0, 1].

        Raises
        ------
        InputError
            If *mask* does not have the belief's shape or is not boolean (or 0/1).
        """
        m = _as_mask("mask", mask, self.shape)
        return float(self._p[m].sum())

    def detection_probability(self, pod) -> float:
        """Chance that a search with per-cell POD *pod* finds the target: ``sum p * pod``.

        Parameters
        ----------
        pod : array_like, shape (ny, nx)
            Probability of detection in each cell if the target is there, each in [0, 1].

        Returns
        -------
        float
            Probability of success of the search, in [0, 1].

        Raises
        ------
        InputError
            If *pod* has values outside [0, 1], NaN, or the wrong shape.
        """
        q = as_probabilities("pod", pod)
        if q.shape != self.shape:
            raise fail("pod", f"shape {q.shape} does not match the belief's shape {self.shape}")
        return float(np.sum(self._p * q))

    def argmax_rc(self) -> tuple[int, int]:
        """(row, col) of the most probable cell."""
        r, c = np.unravel_index(int(np.argmax(self._p)), self.shape)
        return int(r), int(c)

    def credible_mask(self, mass: float) -> np.ndarray:
        """Smallest set of cells holding at least *mass* of the probability (highest cells
        first): the region to outline as "the target is here with probability *mass*".

        Parameters
        ----------
        mass : float
            Probability to enclose, in [0, 1] (e.g. 0.9).

        Returns
        -------
        numpy.ndarray of bool, shape (ny, nx)
            True on the cells of the region.

        Raises
        ------
        InputError
            If *mass* is not a probability in [0, 1].
        """
        mass = as_probability_scalar("mass", mass)
        flat = self._p.ravel()
        order = np.argsort(flat, kind="stable")[::-1]
        csum = np.cumsum(flat[order])
        k = int(np.searchsorted(csum, mass * csum[-1] - 1e-15)) + 1
        out = np.zeros(flat.size, dtype=bool)
        out[order[: min(k, flat.size)]] = True
        return out.reshape(self.shape)

    # --- updates -----------------------------------------------------------------------------

    def update_miss(self, pod) -> "GridBelief":
        """Belief after an unsuccessful search with per-cell POD *pod* (Bayes, via
        :func:`sevr.search.bayes.update_miss`).

        Parameters
        ----------
        pod : array_like, shape (ny, nx)
            Probability of detection in each cell if the target is there, each in [0, 1].

        Returns
        -------
        GridBelief
            The posterior belief.

        Raises
        ------
        InputError
            If *pod* is out of [0, 1], has the wrong shape, or is 1 wherever the belief is
            positive (the miss would be impossible).
        """
        return GridBelief._trusted(bayes.update_miss(self._p, pod))

    def update_clue(self, likelihood) -> "GridBelief":
        """Belief after evidence with per-cell likelihood ``P(evidence | target in cell)``
        (via :func:`sevr.search.bayes.update_clue`); see :mod:`sevr.search.clues`.

        Parameters
        ----------
        likelihood : array_like, shape (ny, nx)
            Non-negative, finite likelihood per cell; only ratios matter.

        Returns
        -------
        GridBelief
            The posterior belief.

        Raises
        ------
        InputError
            If *likelihood* is negative, NaN, infinite, of the wrong shape, or 0 wherever the
            belief is positive.
        """
        return GridBelief._trusted(bayes.update_clue(self._p, likelihood))

    def predict(self, motion: Motion, steps: int = 1) -> "GridBelief":
        """Belief after the target moves *steps* times.

        *motion* is either a row-stochastic ``(n, n)`` matrix (dense or scipy.sparse, e.g.
        :func:`terrain_transition`) with ``M[i, j] = P(i -> j)`` over the flattened grid, so
        ``p' = M^T p``; or a function mapping the probability grid to the next one (e.g.
        :func:`masked_diffusion`), whose output is renormalised.

        Parameters
        ----------
        motion : ndarray, scipy.sparse matrix or callable
            Transition matrix of shape ``(ny*nx, ny*nx)``, or a function of the grid.
        steps : int, default 1
            Number of time steps to apply (>= 1).

        Returns
        -------
        GridBelief
            The predicted belief.

        Raises
        ------
        InputError
            If *steps* is not a positive integer, the matrix is not square of the right size or
            not row-stochastic, or the function returns a grid of the wrong shape, with negative
            values, or with no probability left.
        """
        steps = as_positive_int("steps", steps)
        p = self._p
        if callable(motion) and not sp.issparse(motion) and not isinstance(motion, np.ndarray):
            for _ in range(steps):
                nxt = as_nonnegative("motion(p)", motion(p))
                if nxt.shape != self.shape:
                    raise fail("motion", f"returned shape {nxt.shape}, expected {self.shape}")
                if not nxt.sum() > 0:
                    raise fail("motion", "returned a grid with no probability left")
                p = nxt / nxt.sum()
            return GridBelief._trusted(p)
        m = check_transition("motion", motion, p.size)
        mt = m.T.tocsr() if sp.issparse(m) else m.T
        flat = p.ravel()
        for _ in range(steps):
            flat = mt @ flat
        flat = np.clip(np.asarray(flat, dtype=np.float64), 0.0, None)
        return GridBelief._trusted(flat.reshape(self.shape))


# ----------------------------------------------------------------------------------------------
# particle belief


def _point_values(name: str, fn_or_grid, xy: np.ndarray, terrain) -> np.ndarray:
    """Evaluate a per-particle function f(x, y), or sample a grid at the particles' cells."""
    if callable(fn_or_grid):
        vals = np.asarray(fn_or_grid(xy[:, 0], xy[:, 1]), dtype=np.float64)
        if vals.ndim == 0:
            vals = np.full(xy.shape[0], float(vals))
        if vals.shape != (xy.shape[0],):
            raise fail(name, f"returned shape {vals.shape}, expected ({xy.shape[0]},)")
        return vals
    if terrain is None:
        raise fail(name, "a grid needs the terrain it lives on (terrain=...) to be read at the particles")
    grid = np.asarray(fn_or_grid, dtype=np.float64)
    if grid.shape != terrain.shape:
        raise fail(name, f"grid shape {grid.shape} does not match terrain shape {terrain.shape}")
    r, c = terrain.xy_to_rc(xy[:, 0], xy[:, 1])
    return grid[r, c]


class ParticleBelief:
    """Weighted particles (positions in metres, local frame); immutable.

    ``xy_`` is ``(n, 2)`` (x east, y north), ``weights_`` sums to 1. Random draws only happen in
    :meth:`predict`, :meth:`resample` and the samplers, each taking a ``numpy.random.Generator``.
    """

    __slots__ = ("_xy", "_w")

    def __init__(self, xy, weights=None) -> None:
        pts = np.asarray(xy, dtype=np.float64)
        if pts.ndim != 2 or pts.shape[1] != 2 or pts.shape[0] == 0:
            raise fail("xy", f"must have shape (n, 2) with n >= 1, got {pts.shape}")
        if not np.all(np.isfinite(pts)):
            raise fail("xy", "contains NaN or infinite coordinates")
        if weights is None:
            w = np.full(pts.shape[0], 1.0 / pts.shape[0])
        else:
            w = as_distribution("weights", weights)
            if w.shape != (pts.shape[0],):
                raise fail("weights", f"shape {w.shape} does not match {pts.shape[0]} particles")
            w = w / w.sum()
        self._xy = _readonly(pts)
        self._w = _readonly(w)

    @classmethod
    def _trusted(cls, xy: np.ndarray, w: np.ndarray) -> "ParticleBelief":
        obj = cls.__new__(cls)
        obj._xy = _readonly(xy)
        obj._w = _readonly(w / w.sum())
        return obj

    # --- construction ------------------------------------------------------------------------

    @classmethod
    def around(cls, rng: np.random.Generator, center_xy, sigma_m: float, n: int) -> "ParticleBelief":
        """*n* equally weighted particles, Gaussian (sd *sigma_m* per axis) around a point.

        Parameters
        ----------
        rng : numpy.random.Generator
            Source of the random draws.
        center_xy : array_like, shape (2,)
            Centre ``(x, y)`` in metres (local frame, x east, y north).
        sigma_m : float
            Standard deviation per axis, in metres (>= 0).
        n : int
            Number of particles (>= 1).

        Returns
        -------
        ParticleBelief
            The cloud.

        Raises
        ------
        InputError
            If *n* is not a positive integer or *sigma_m* is negative or not finite.
        """
        n = as_positive_int("n", n)
        sigma_m = as_nonnegative_scalar("sigma_m", sigma_m)
        c = np.asarray(center_xy, dtype=np.float64).reshape(2)
        return cls(c + sigma_m * rng.standard_normal((n, 2)))

    @classmethod
    def from_grid(cls, rng: np.random.Generator, belief, terrain, n: int) -> "ParticleBelief":
        """*n* equally weighted particles drawn from a grid belief (or probability array): a
        cell by its probability, then a uniform point inside the cell.

        Parameters
        ----------
        rng : numpy.random.Generator
            Source of the random draws.
        belief : GridBelief or array_like
            Grid belief, or non-negative weights, of the terrain's shape.
        terrain : Terrain
            The grid the belief lives on (cell centres and ``cell_m`` in metres).
        n : int
            Number of particles (>= 1).

        Returns
        -------
        ParticleBelief
            The cloud, positions in metres.

        Raises
        ------
        InputError
            If *n* is not a positive integer, the weights are invalid, or the belief's shape
            differs from the terrain's.
        """
        n = as_positive_int("n", n)
        p = belief.p_ if isinstance(belief, GridBelief) else GridBelief(belief).p_
        if p.shape != terrain.shape:
            raise fail("belief", f"shape {p.shape} does not match terrain shape {terrain.shape}")
        idx = rng.choice(p.size, size=n, p=p.ravel())
        r, c = np.divmod(idx, p.shape[1])
        x, y = terrain.rc_to_xy(r, c)
        jitter = (rng.random((n, 2)) - 0.5) * terrain.cell_m
        return cls(np.column_stack([x, y]) + jitter)

    # --- views -------------------------------------------------------------------------------

    @property
    def xy_(self) -> np.ndarray:
        """Particle positions in metres, read-only array of shape ``(n, 2)`` (x east, y north)."""
        return self._xy

    @property
    def weights_(self) -> np.ndarray:
        """Particle weights, read-only array of shape ``(n,)`` summing to 1."""
        return self._w

    @property
    def n(self) -> int:
        """Number of particles."""
        return self._xy.shape[0]

    def __repr__(self) -> str:
        return f"ParticleBelief(n={self.n}, ess={self.ess():.1f})"

    def ess(self) -> float:
        """Effective sample size ``1 / sum w^2`` (n for equal weights, 1 for a single survivor)."""
        return float(1.0 / np.sum(self._w * self._w))

    def mean_xy(self) -> np.ndarray:
        """Weighted mean position, array ``(x, y)`` of shape ``(2,)`` in metres."""
        return self._w @ self._xy

    def mass_in(self, inside: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> float:
        """Total weight of the particles for which ``inside(x, y)`` is true.

        Parameters
        ----------
        inside : callable
            ``inside(x, y)`` taking arrays of positions in metres and returning one boolean
            per particle.

        Returns
        -------
        float
            Probability in [0, 1].
        """
        m = np.asarray(inside(self._xy[:, 0], self._xy[:, 1]), dtype=bool)
        return float(self._w[m].sum())

    def to_grid(self, terrain) -> GridBelief:
        """Histogram of the weights over the terrain's cells (particles off the map are put in
        the nearest edge cell).

        Parameters
        ----------
        terrain : Terrain
            The grid to bin onto.

        Returns
        -------
        GridBelief
            Belief of the terrain's shape.
        """
        r, c = terrain.xy_to_rc(self._xy[:, 0], self._xy[:, 1])
        flat = np.bincount(r * terrain.shape[1] + c, weights=self._w, minlength=terrain.shape[0] * terrain.shape[1])
        return GridBelief._trusted(flat.reshape(terrain.shape).astype(np.float64))

    # --- updates -----------------------------------------------------------------------------

    def update_miss(self, pod: Union[PointFn, np.ndarray], terrain=None) -> "ParticleBelief":
        """Reweight after an unsuccessful search: ``w' ~ w (1 - pod)``. *pod* is ``f(x, y)``
        giving each particle's detection probability, or a POD grid with its *terrain*.

        Parameters
        ----------
        pod : callable or array_like
            ``pod(x, y)`` (positions in metres) returning one probability in [0, 1] per
            particle, or a POD grid of the terrain's shape.
        terrain : Terrain, optional
            Needed only when *pod* is a grid.

        Returns
        -------
        ParticleBelief
            Same positions, new weights.

        Raises
        ------
        InputError
            If *pod* returns the wrong shape or values outside [0, 1], a grid is given without
            (or not matching) *terrain*, or the miss is impossible for every particle.
        """
        q = _point_values("pod", pod, self._xy, terrain)
        return ParticleBelief._trusted(self._xy, bayes.update_miss(self._w, q))

    def update_clue(self, likelihood: Union[PointFn, np.ndarray], terrain=None) -> "ParticleBelief":
        """Reweight by evidence: ``w' ~ w L``. *likelihood* is ``f(x, y)`` (see
        :mod:`sevr.search.clues`) or a likelihood grid with its *terrain*.

        Parameters
        ----------
        likelihood : callable or array_like
            ``likelihood(x, y)`` (positions in metres) returning one non-negative value per
            particle, or a likelihood grid of the terrain's shape.
        terrain : Terrain, optional
            Needed only when *likelihood* is a grid.

        Returns
        -------
        ParticleBelief
            Same positions, new weights.

        Raises
        ------
        InputError
            If the likelihood has the wrong shape, negative or non-finite values, a grid is
            given without (or not matching) *terrain*, or it is 0 for every weighted particle.
        """
        lik = _point_values("likelihood", likelihood, self._xy, terrain)
        return ParticleBelief._trusted(self._xy, bayes.update_clue(self._w, lik))

    def resample(self, rng: np.random.Generator) -> "ParticleBelief":
        """Systematic resampling: one uniform offset, n evenly spaced pointers into the
        cumulative weights; equal weights afterwards. Low variance, O(n).

        Parameters
        ----------
        rng : numpy.random.Generator
            Source of the one uniform draw.

        Returns
        -------
        ParticleBelief
            *n* particles with equal weights.
        """
        n = self.n
        positions = (rng.random() + np.arange(n)) / n
        cum = np.cumsum(self._w)
        cum[-1] = 1.0
        idx = np.searchsorted(cum, positions, side="right")
        return ParticleBelief._trusted(self._xy[np.minimum(idx, n - 1)], np.full(n, 1.0 / n))

    def resample_if_degenerate(self, rng: np.random.Generator, threshold: float = 0.5) -> "ParticleBelief":
        """Resample when ESS < *threshold* * n (default n/2); otherwise return self.

        Parameters
        ----------
        rng : numpy.random.Generator
            Source of the draw, used only when resampling.
        threshold : float, default 0.5
            Fraction of *n* in [0, 1] below which the effective sample size triggers it.

        Returns
        -------
        ParticleBelief
            The resampled cloud, or this one unchanged.

        Raises
        ------
        InputError
            If *threshold* is not in [0, 1].
        """
        threshold = as_probability_scalar("threshold", threshold)
        return self.resample(rng) if self.ess() < threshold * self.n else self

    def predict(
        self,
        rng: np.random.Generator,
        terrain,
        speed_m_per_step: float,
        steps: int = 1,
        *,
        max_slope_deg: float = DEFAULT_MAX_SLOPE_DEG,
        resample_threshold: float = 0.5,
        cost=None,
    ) -> "ParticleBelief":
        """Move every particle by a terrain-aware random walk.

        First, if the effective sample size is below ``resample_threshold * n``, the cloud is
        resampled (:meth:`resample`). Then, *steps* times: each particle picks a uniformly
        random heading and tries a step of ``speed_m_per_step * rel`` metres, ``rel`` being
        the relative walking speed of the cell it stands on (:func:`relative_speed`, 1 on the
        flat). A step that would end off the map or in an impassable cell is not taken (the
        particle waits). Particles standing on an impassable cell move at a tenth of the flat
        speed so that they can get off it.

        Parameters
        ----------
        rng : numpy.random.Generator
            Source of the headings (and of the resampling draw).
        terrain : Terrain
            The ground the particles walk on.
        speed_m_per_step : float
            Step length on flat ground, in metres per time step (>= 0).
        steps : int, default 1
            Number of time steps (>= 1).
        max_slope_deg : float, optional
            Slope in degrees above which a cell is impassable.
        resample_threshold : float, default 0.5
            Fraction of *n* in [0, 1]; see :meth:`resample_if_degenerate`.
        cost : array_like, optional
            Precomputed cost surface of the terrain's shape (see :func:`relative_speed`).

        Returns
        -------
        ParticleBelief
            The moved cloud (weights kept, or equal after a resampling).

        Raises
        ------
        InputError
            If *speed_m_per_step* is negative or not finite, *steps* is not a positive integer,
            *resample_threshold* is outside [0, 1], or *cost* has the wrong shape.
        """
        speed = as_nonnegative_scalar("speed_m_per_step", speed_m_per_step)
        steps = as_positive_int("steps", steps)
        rel = relative_speed(terrain, max_slope_deg=max_slope_deg, cost=cost)
        cloud = self.resample_if_degenerate(rng, resample_threshold)
        xy = np.array(cloud._xy)
        west, east, south, north = terrain.extent
        for _ in range(steps):
            r, c = terrain.xy_to_rc(xy[:, 0], xy[:, 1])
            here = rel[r, c]
            step = speed * np.where(here > 0, here, 0.1)
            theta = rng.random(xy.shape[0]) * (2.0 * np.pi)
            cand = xy + step[:, None] * np.column_stack([np.cos(theta), np.sin(theta)])
            on_map = (cand[:, 0] >= west) & (cand[:, 0] < east) & (cand[:, 1] > south) & (cand[:, 1] <= north)
            r2, c2 = terrain.xy_to_rc(cand[:, 0], cand[:, 1])
            ok = on_map & (rel[r2, c2] > 0)
            xy[ok] = cand[ok]
        return ParticleBelief._trusted(xy, np.array(cloud._w))
