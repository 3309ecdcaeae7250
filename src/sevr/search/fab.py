"""Effort allocation against a moving (Markov) target in discrete time and space.

Model (Brown 1980; Washburn, *Search and Detection*): cells ``0..n-1``,
periods ``0..T-1``.  The target starts in cell i with probability ``p0[i]`` and
between periods moves from i to j with probability ``transition[i, j]``.  In
period t the searcher spreads ``budget[t]`` units of effort, ``phi[t]``; a
target in cell i escapes that period's search with probability
``exp(-e[t, i] * phi[t, i])``.  The search in a period happens *before* the
move.  With ``g_t = exp(-e_t * phi_t)`` (elementwise):

    forward   f_0 = p0,        f_{t+1} = M^T (f_t * g_t)
              f_t[i] = P(undetected before t and in cell i at t)
    backward  b_{T-1} = 1,     b_t = M (g_{t+1} * b_{t+1})
              b_t[i] = P(not detected after t | in cell i at t)

and for every t the probability of never detecting the target is
``Q = sum_i f_t[i] g_t[i] b_t[i]``.  Holding all other periods fixed, ``Q`` is
minimised over ``phi_t`` by the stationary-target solution with
``poc = f_t * b_t`` (:func:`optimal_allocation`).  The forward-and-backward
(FAB) algorithm cycles through the periods re-optimising one at a time; every
step can only lower ``Q``, and since ``Q`` is convex in the whole plan
(exponential detection) the iteration converges to the optimal plan.  Here the
sweeps alternate direction (0..T-1, then T-1..0), each reusing the vectors of
the previous sweep, and start from the myopic plan, so the result is never
worse than :func:`myopic_allocation`.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .allocation import _allocate
from .validate import (
    as_distribution,
    as_nonnegative,
    as_nonnegative_scalar,
    as_positive_int,
    check_transition,
    fail,
)

__all__ = ["fab_allocation", "myopic_allocation", "evaluate_plan", "grid_walk_transition"]


# ----------------------------------------------------------------------------
# input handling


class _Problem:
    """Validated, flattened problem data shared by the planners."""

    __slots__ = ("p0", "m", "mt", "e", "n", "periods")

    def __init__(self, p0, transition, effectiveness, periods: int | None):
        p = as_distribution("p0", p0)
        p = np.ascontiguousarray(p, dtype=np.float64).reshape(-1)
        self.p0 = p / p.sum()
        self.n = n = self.p0.size
        m = check_transition("transition", transition, n)
        if sp.issparse(m):
            self.m = m.tocsr()
            self.mt = m.T.tocsr()
        else:
            self.m = np.ascontiguousarray(m)
            self.mt = np.ascontiguousarray(m.T)
        self.periods = periods
        self.e = self._effectiveness(effectiveness, np.shape(p0), periods) if periods else None

    def _effectiveness(self, effectiveness, grid_shape, periods):
        e = as_nonnegative("effectiveness", effectiveness)
        n = self.n
        if e.ndim == 0:
            return np.full((periods, n), float(e))
        if e.shape == tuple(grid_shape) or e.shape == (n,):
            return np.tile(e.reshape(1, n), (periods, 1))
        if e.shape == (periods, n) or e.shape == (periods,) + tuple(grid_shape):
            return np.array(e.reshape(periods, n), dtype=np.float64, order="C")
        raise fail(
            "effectiveness",
            f"shape {e.shape} fits neither one value per cell ({n},) nor one per period "
            f"and cell ({periods}, {n})",
        )

    def forward(self, s):
        """Distribution after the move, from undetected mass *s* before it.

        Parameters
        ----------
        s : numpy.ndarray, shape (n,)
            Probability mass per cell before the move (flattened grid).

        Returns
        -------
        numpy.ndarray, shape (n,)
            ``M^T s``: the mass per cell after one move.
        """
        return self.mt @ s

    def backward(self, v):
        """``M v``: expectation of *v* at the next period's cell.

        Parameters
        ----------
        v : numpy.ndarray, shape (n,)
            A value per cell at the next period (e.g. a survival probability).

        Returns
        -------
        numpy.ndarray, shape (n,)
            For each cell now, the expected value of *v* after one move.
        """
        return self.m @ v


def _budgets(budget_per_period, periods: int) -> np.ndarray:
    b = as_nonnegative("budget_per_period", budget_per_period)
    if b.ndim == 0:
        return np.full(periods, float(b))
    if b.shape != (periods,):
        raise fail("budget_per_period", f"shape {b.shape} does not match periods ({periods},)")
    return b


def _rescaled(poc: np.ndarray) -> np.ndarray:
    """poc / max(poc): the allocation is scale-free; this avoids underflow."""
    top = poc.max()
    return poc / top if top > 0 else poc


# ----------------------------------------------------------------------------
# planners


def evaluate_plan(p0, transition, effectiveness, allocation) -> float:
    """Probability of detecting the target at some period under *allocation*.

    *allocation* has shape ``(periods, cells)`` (or ``(periods,) + p0.shape``);
    *p0* is normalised first.  Returns ``1 - P(never detected)``.
    """
    a = as_nonnegative("allocation", allocation)
    if a.ndim < 2:
        raise fail("allocation", f"must have shape (periods, cells), got {a.shape}")
    periods = a.shape[0]
    prob = _Problem(p0, transition, effectiveness, periods)
    if a[0].size != prob.n:
        raise fail("allocation", f"shape {a.shape} does not match {prob.n} cells")
    a = a.reshape(periods, prob.n)
    f = prob.p0
    for t in range(periods):
        s = f * np.exp(-prob.e[t] * a[t])
        if t < periods - 1:
            f = prob.forward(s)
    return float(1.0 - s.sum())


def _myopic(prob: _Problem, budgets: np.ndarray):
    periods, n = prob.periods, prob.n
    phi = np.zeros((periods, n))
    g = np.ones((periods, n))
    f = prob.p0
    for t in range(periods):
        phi[t] = _allocate(_rescaled(f), prob.e[t], budgets[t])
        g[t] = np.exp(-prob.e[t] * phi[t])
        s = f * g[t]
        if t < periods - 1:
            f = prob.forward(s)
    return phi, g, 1.0 - float(s.sum())


def myopic_allocation(p0, transition, effectiveness, budget_per_period, periods):
    """Greedy plan: each period maximises that period's detection probability
    for the current (undetected) target distribution, ignoring the future.

    Returns ``(allocation, pod_total)`` like :func:`fab_allocation`.
    """
    periods = as_positive_int("periods", periods)
    prob = _Problem(p0, transition, effectiveness, periods)
    budgets = _budgets(budget_per_period, periods)
    phi, _, pod_total = _myopic(prob, budgets)
    return phi, pod_total


def fab_allocation(
    p0,
    transition,
    effectiveness,
    budget_per_period,
    periods,
    *,
    tol: float = 1e-10,
    max_iter: int = 500,
    return_info: bool = False,
):
    """Brown's forward-and-backward algorithm for a Markov target.

    Parameters
    ----------
    p0 : array_like (cells,) or a grid shape
        Initial location distribution (normalised here; flattened C-order).
    transition : (cells, cells) ndarray or scipy.sparse matrix
        ``transition[i, j]`` = P(move i -> j) between consecutive periods.
    effectiveness : scalar, (cells,) / p0.shape, or (periods, cells)
        Detection rate per unit effort: escape probability ``exp(-e phi)``.
    budget_per_period : scalar or (periods,)
        Effort available in each period.
    periods : int >= 1
    tol : stop when a sweep raises the total POD by less than this.
    max_iter : maximum number of sweeps (each sweep re-optimises every period).
    return_info : also return a dict with ``iterations``, ``converged`` and
        ``history`` (total POD after the myopic start and after each sweep).

    Returns
    -------
    allocation : ndarray (periods, cells)
    pod_total : float, probability the target is detected in some period.
    """
    periods = as_positive_int("periods", periods)
    tol = as_nonnegative_scalar("tol", tol)
    max_iter = as_positive_int("max_iter", max_iter)
    prob = _Problem(p0, transition, effectiveness, periods)
    budgets = _budgets(budget_per_period, periods)
    e = prob.e

    phi, g, pod_total = _myopic(prob, budgets)
    history = [pod_total]
    converged = False
    T = periods
    iterations = 0
    for it in range(max_iter):
        iterations = it + 1
        if it % 2 == 0:
            # forward sweep: backward vectors from the current plan ...
            b = [None] * T
            b[T - 1] = np.ones(prob.n)
            for t in range(T - 2, -1, -1):
                b[t] = prob.backward(g[t + 1] * b[t + 1])
            # ... then re-optimise t = 0, 1, ..., carrying f forward.
            f = prob.p0
            for t in range(T):
                phi[t] = _allocate(_rescaled(f * b[t]), e[t], budgets[t])
                g[t] = np.exp(-e[t] * phi[t])
                s = f * g[t]
                if t < T - 1:
                    f = prob.forward(s)
            q = float(s.sum())
        else:
            # backward sweep: forward vectors from the current plan ...
            fs = [None] * T
            fs[0] = prob.p0
            for t in range(T - 1):
                fs[t + 1] = prob.forward(fs[t] * g[t])
            # ... then re-optimise t = T-1, ..., 0, carrying b backward.
            bt = np.ones(prob.n)
            for t in range(T - 1, -1, -1):
                phi[t] = _allocate(_rescaled(fs[t] * bt), e[t], budgets[t])
                g[t] = np.exp(-e[t] * phi[t])
                v = g[t] * bt
                if t > 0:
                    bt = prob.backward(v)
            q = float(np.dot(prob.p0, v))
        new = 1.0 - q
        gain = new - pod_total
        pod_total = new  # a sweep never lowers it (beyond rounding)
        history.append(new)
        if gain < tol:
            converged = True
            break
    if return_info:
        return phi, pod_total, {"iterations": iterations, "converged": converged, "history": history}
    return phi, pod_total


# ----------------------------------------------------------------------------
# a convenient transition model


def grid_walk_transition(ny: int, nx: int, stay: float = 0.5, diagonal: bool = True):
    """Sparse random-walk transition on an ``ny x nx`` grid (C-order cells).

    The target stays put with probability *stay*, otherwise moves to one of
    its in-grid neighbours (8 with *diagonal*, else 4) chosen uniformly.
    Returns a ``scipy.sparse.csr_matrix`` whose rows sum to 1.
    """
    ny = as_positive_int("ny", ny)
    nx = as_positive_int("nx", nx)
    stay = as_nonnegative_scalar("stay", stay)
    if stay > 1:
        raise fail("stay", f"must be a probability in [0, 1], got {stay}")
    offsets = [(-1, 0), (1, 0), (0, -1), (0, 1)]
    if diagonal:
        offsets += [(-1, -1), (-1, 1), (1, -1), (1, 1)]
    yy, xx = np.divmod(np.arange(ny * nx), nx)
    valid = []
    for dy, dx in offsets:
        valid.append((yy + dy >= 0) & (yy + dy < ny) & (xx + dx >= 0) & (xx + dx < nx))
    count = np.sum(valid, axis=0)
    rows, cols, vals = [np.arange(ny * nx)], [np.arange(ny * nx)], [np.where(count > 0, stay, 1.0)]
    for (dy, dx), ok in zip(offsets, valid):
        src = np.flatnonzero(ok)
        rows.append(src)
        cols.append((yy[src] + dy) * nx + (xx[src] + dx))
        vals.append((1.0 - stay) / count[src])
    m = sp.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(ny * nx, ny * nx)
    )
    m.sum_duplicates()
    return m
