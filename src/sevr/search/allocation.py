"""Optimal allocation of search effort for a stationary target.

Maximise the probability of success ``sum_i p_i (1 - exp(-e_i t_i))`` subject
to ``sum_i t_i = B`` and ``t >= 0`` (Koopman; Charnes & Cooper 1958; Stone
1975).  The objective is concave and separable, so the KKT conditions are
sufficient: there is a multiplier ``lam`` with

    p_i e_i exp(-e_i t_i) = lam   where t_i > 0,
    p_i e_i              <= lam   where t_i = 0,

i.e. ``t_i = max(0, ln(p_i e_i / lam) / e_i)``.  With ``u_i = ln(p_i e_i)`` and
``mu = ln(lam)`` the budget equation ``g(mu) = sum_i max(0, u_i - mu) / e_i = B``
is piecewise linear and decreasing in ``mu``; on the right piece (active set
``A``) it solves exactly as ``mu = (sum_A u_i / e_i - B) / sum_A 1 / e_i``.

The active set is found without a full sort by the fixed-point iteration used
for simplex projections (Michelot 1986): start with every useful cell active,
solve for ``mu``, drop the cells with ``u_i <= mu``, repeat.  ``mu`` increases
monotonically and the active set only shrinks, so the iteration ends after
finitely many exact steps -- usually a handful of O(n) passes.  If it has not
settled after ``_MAX_PASSES`` passes the remaining candidates are sorted and
the breakpoint interval is located directly (the textbook O(n log n) method).
A final Newton polish on the fixed active set makes ``sum(t)`` match ``B`` to
rounding.
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit

from .validate import as_nonnegative, as_nonnegative_scalar, check_same_shape, fail

__all__ = ["optimal_allocation", "probability_of_success"]

_MAX_PASSES = 60


@njit(cache=True, nogil=True)
def _kahan_add(s, c, x):
    y = x - c
    t = s + y
    c = (t - s) - y
    return t, c


@njit(cache=True, nogil=True, error_model="numpy")
def _allocate_flat(p, e, budget, out, idx, w, max_passes):
    """Fill *out* (zeros on entry) with the optimal allocation. Returns mu
    (ln of the multiplier; +inf when no cell is useful or budget == 0).

    Pass 1 filters while it reads (Condat 2016, here with weights): it keeps
    a running multiplier ``mu`` from the cells kept so far, which never
    exceeds the optimal one, so a cell with ``u <= mu`` can be dropped on
    sight.  The comparison is made on ``p e`` against ``lam = exp(mu)``
    (refreshed every few kept cells; a stale, lower ``lam`` only keeps a few
    more cells), so the logarithm is taken only for the cells that pass it.
    The loops after it run over the kept cells only.

    Memory: the kept cells' ``u`` are packed at the front of *out* itself,
    their indices in *idx* (int32 when it fits) and ``w = 1 / e`` in *w*
    (scratch arrays of n entries, touched only as far as cells are kept).
    The allocation is scattered into place at the end, from the last kept
    cell to the first (a cell's index is never below its packed position, so
    nothing is overwritten before it is read).  Fresh scratch pages cost
    page faults: the old layout (u, w and an int64 index in three arrays of
    their own) spent more time in them than in the arithmetic.
    """
    n = p.size
    m = 0
    s = 0.0
    r = 0.0
    utop = -np.inf
    mu = -np.inf
    lam = 0.0
    since = 0
    for i in range(n):
        pi = p[i]
        ei = e[i]
        v = pi * ei
        if v > lam or (v == 0.0 and pi > 0.0 and ei > 0.0):
            if v > 0.0 and v < np.inf:
                ui = math.log(v)
            else:  # rare: under/overflow of the product
                ui = math.log(pi) + math.log(ei)
            if ui > mu:
                wi = 1.0 / ei
                idx[m] = i
                out[m] = ui
                w[m] = wi
                m += 1
                s += ui * wi
                r += wi
                utop = max(utop, ui)
                since += 1
                if since >= 16:  # mu and lam move every 16 kept cells: no division on every cell's path
                    mu = (s - budget) / r
                    lam = math.exp(mu) * (1.0 - 1e-12)  # rounded down: never drops a cell wrongly
                    since = 0
    packed = m  # out[:packed] holds packed values; out[packed:] is still zero
    if m == 0 or budget <= 0.0:
        out[:packed] = 0.0
        return np.inf
    mu = (s - budget) / r
    # Fixed-point passes: drop u <= mu, re-solve on the survivors.  In exact
    # arithmetic mu < max(u) whenever budget > 0; when the budget is lost in
    # rounding (budget << |mu| / e) the top cell(s) must still be kept.
    # Each cell dropped raises mu at once (Gauss-Seidel, as in Condat's
    # algorithm), so a pass drops far more than with mu held fixed; the sums are
    # taken afresh over the kept cells at the end of every pass.
    passes = 0
    while True:
        k = 0
        ks = 0.0
        kr = 0.0
        for j in range(m):
            uj = out[j]
            wj = w[j]
            if (uj > mu) | (uj >= utop):
                if k != j:  # nothing moves until the first drop of the pass
                    idx[k] = idx[j]
                    out[k] = uj
                    w[k] = wj
                ks += uj * wj
                kr += wj
                k += 1
            else:
                s -= uj * wj
                r -= wj
                mu = max(mu, (s - budget) / r)
        s = ks
        r = kr
        if k == m:
            break
        m = k
        mu = (s - budget) / r
        passes += 1
        if passes >= max_passes:
            # Fallback: sort the remaining candidates by u (descending) and
            # stop at the first breakpoint where g(u_k) >= budget.
            order = np.argsort(-out[:m])
            uu = out[:m][order]
            ii = idx[:m][order]
            s = 0.0
            r = 0.0
            k = 0
            while k < m:
                # g(mu) at mu = uu[k] with cells 0..k-1 active
                ww = 1.0 / e[ii[k]]
                if uu[k] < uu[0] and s - uu[k] * r >= budget:
                    break
                s += uu[k] * ww
                r += ww
                k += 1
            m = k
            back = np.argsort(ii[:m])  # packed in index order again, for the scatter
            for j in range(m):
                out[j] = uu[back[j]]
                idx[j] = ii[back[j]]
                w[j] = 1.0 / e[idx[j]]
            mu = (s - budget) / r
            break
    # Final solve on the fixed active set, in coordinates shifted by the
    # largest u (so t = (v - mu') / e involves no cancellation of large
    # numbers when the budget is small), with compensated sums and a Newton
    # polish: sum(t) matches the budget to rounding.
    # The compensated sums run in four interleaved lanes: one Kahan chain is
    # bound by its own latency, four run side by side.
    umax = -np.inf
    for j in range(m):
        if out[j] > umax:
            umax = out[j]
    s0 = s1 = s2 = s3 = c0 = c1 = c2 = c3 = 0.0
    r0 = r1 = r2 = r3 = d0 = d1 = d2 = d3 = 0.0
    m4 = m - m % 4
    for j in range(0, m4, 4):
        u0 = out[j] - umax
        u1 = out[j + 1] - umax
        u2 = out[j + 2] - umax
        u3 = out[j + 3] - umax
        out[j] = u0
        out[j + 1] = u1
        out[j + 2] = u2
        out[j + 3] = u3
        w0 = w[j]
        w1 = w[j + 1]
        w2 = w[j + 2]
        w3 = w[j + 3]
        s0, c0 = _kahan_add(s0, c0, u0 * w0)
        s1, c1 = _kahan_add(s1, c1, u1 * w1)
        s2, c2 = _kahan_add(s2, c2, u2 * w2)
        s3, c3 = _kahan_add(s3, c3, u3 * w3)
        r0, d0 = _kahan_add(r0, d0, w0)
        r1, d1 = _kahan_add(r1, d1, w1)
        r2, d2 = _kahan_add(r2, d2, w2)
        r3, d3 = _kahan_add(r3, d3, w3)
    for j in range(m4, m):
        u0 = out[j] - umax
        out[j] = u0
        w0 = w[j]
        s0, c0 = _kahan_add(s0, c0, u0 * w0)
        r0, d0 = _kahan_add(r0, d0, w0)
    s = _lanes_total(s0, s1, s2, s3, c0, c1, c2, c3)
    r = _lanes_total(r0, r1, r2, r3, d0, d1, d2, d3)
    mu = (s - budget) / r
    used = mu  # the multiplier the allocation is written with
    for _ in range(3):
        used = mu
        t0 = t1 = t2 = t3 = e0 = e1 = e2 = e3 = 0.0
        for j in range(0, m4, 4):
            v0 = max((out[j] - mu) * (w[j]), 0.0)
            v1 = max((out[j + 1] - mu) * (w[j + 1]), 0.0)
            v2 = max((out[j + 2] - mu) * (w[j + 2]), 0.0)
            v3 = max((out[j + 3] - mu) * (w[j + 3]), 0.0)
            t0, e0 = _kahan_add(t0, e0, v0)
            t1, e1 = _kahan_add(t1, e1, v1)
            t2, e2 = _kahan_add(t2, e2, v2)
            t3, e3 = _kahan_add(t3, e3, v3)
        for j in range(m4, m):
            v0 = max((out[j] - mu) * (w[j]), 0.0)
            t0, e0 = _kahan_add(t0, e0, v0)
        tot = _lanes_total(t0, t1, t2, t3, e0, e1, e2, e3)
        delta = (tot - budget) / r
        if abs(delta) <= 1e-16 * abs(mu):
            break
        mu += delta
    # Scatter, last kept cell first: write its effort at its index and clear the
    # packed values between it and the next kept cell above (only out[:packed] was used).
    above = n
    for j in range(m - 1, -1, -1):
        ij = idx[j]
        t = max((out[j] - used) * w[j], 0.0)
        for q in range(ij + 1, min(above, packed)):
            out[q] = 0.0
        out[ij] = t
        above = ij
    for q in range(0, min(above, packed)):
        out[q] = 0.0
    return used + umax


@njit(cache=True, nogil=True)
def _lanes_total(s0, s1, s2, s3, c0, c1, c2, c3):
    """The total of four Kahan lanes (sums s, carries c), each carry folded in, added with compensation."""
    s, c = _kahan_add(0.0, 0.0, s0)
    s, c = _kahan_add(s, c, -c0)
    s, c = _kahan_add(s, c, s1)
    s, c = _kahan_add(s, c, -c1)
    s, c = _kahan_add(s, c, s2)
    s, c = _kahan_add(s, c, -c2)
    s, c = _kahan_add(s, c, s3)
    s, c = _kahan_add(s, c, -c3)
    return s


def _allocate(poc_flat: np.ndarray, eff_flat: np.ndarray, budget: float,
              max_passes: int = _MAX_PASSES) -> np.ndarray:
    """Unchecked core: contiguous flat float64 inputs, returns flat allocation.

    *max_passes* = 0 goes straight to the sort-based interval search (tests).
    """
    if not (poc_flat.size and budget > 0):
        return np.zeros(poc_flat.size, dtype=np.float64)
    n = poc_flat.size
    out = np.zeros(n, dtype=np.float64)
    idx = np.empty(n, dtype=np.int32 if n < 2**31 - 1 else np.int64)
    _allocate_flat(poc_flat, eff_flat, float(budget), out, idx, np.empty(n), max_passes)
    return out


def _prepare(poc, effectiveness):
    p = as_nonnegative("poc", poc)
    e = as_nonnegative("effectiveness", effectiveness)
    if e.ndim == 0:
        e = np.full(p.shape, float(e))
    elif e.shape != p.shape:
        check_same_shape(poc=p, effectiveness=e)
    return p, e


def optimal_allocation(poc, effectiveness, budget) -> np.ndarray:
    """Effort per cell maximising ``sum_i poc_i (1 - exp(-e_i t_i))``.

    Parameters
    ----------
    poc : array_like >= 0
        Probability of containment per cell (any shape; need not sum to 1).
    effectiveness : array_like >= 0, same shape as *poc* (or a scalar)
        Search effectiveness ``e_i``: POD in cell i is ``1 - exp(-e_i t_i)``.
        For sweep width ``W`` and cell area ``A_i`` with effort measured in
        track length, ``e_i = W / A_i``.
    budget : float >= 0
        Total effort ``sum_i t_i``.

    Returns
    -------
    ndarray ``t`` with the shape of *poc*, ``t >= 0``, ``t.sum() == budget``
    (to ~1e-12 relative).  Cells with ``poc == 0`` or ``e == 0`` get 0.  If no
    cell has ``poc * e > 0`` no effort can help and all zeros are returned.
    """
    p, e = _prepare(poc, effectiveness)
    b = as_nonnegative_scalar("budget", budget)
    pf = p.reshape(-1) if p.flags.c_contiguous else np.ascontiguousarray(p).reshape(-1)
    ef = e.reshape(-1) if e.flags.c_contiguous else np.ascontiguousarray(e).reshape(-1)
    return _allocate(pf, ef, b).reshape(p.shape)


def probability_of_success(poc, effectiveness, allocation) -> float:
    """``sum_i poc_i (1 - exp(-e_i t_i)) / sum_i poc_i`` for allocation *t*.

    Parameters
    ----------
    poc : array_like
        Probability of containment per cell, non-negative (normalised here).
    effectiveness : array_like
        Search effectiveness ``e_i`` per cell (scalar or the shape of *poc*), in
        1 / (unit of effort).
    allocation : array_like
        Effort ``t_i`` per cell, >= 0, of the shape of *poc* (same unit as the effort in
        *effectiveness*).

    Returns
    -------
    float
        Probability of success (finding the target), in [0, 1].

    Raises
    ------
    InputError
        If an argument has NaN, infinite or negative values, the shapes differ, or *poc*
        sums to 0.
    """
    p, e = _prepare(poc, effectiveness)
    t = as_nonnegative("allocation", allocation)
    if t.shape != p.shape:
        check_same_shape(poc=p, allocation=t)
    total = p.sum()
    if not total > 0:
        raise fail("poc", "sums to 0; need a positive total probability")
    return float(np.sum(p * -np.expm1(-e * t)) / total)
