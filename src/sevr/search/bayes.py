"""Bayesian updates of a search map (a probability-of-containment grid).

``update_miss``   posterior after an unsuccessful search with per-cell POD q:
                  ``p'_i = p_i (1 - q_i) / sum_j p_j (1 - q_j)``.
``update_clue``   general evidence: ``p'_i  ~  p_i * L_i`` with
                  ``L_i = P(evidence | target in cell i)``.
``binary_posterior`` / ``sequential_posterior``: Bayes' rule for a single
yes/no hypothesis (e.g. "someone is inside the cave").

The grid updates are fused numba kernels: one pass validates the inputs and
accumulates the normalising sum, a second pass writes the posterior.  When the
first pass sees a bad value the shared checkers in :mod:`.validate` are called
to produce the error message.
"""
from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np
from numba import njit

from .validate import (
    as_array,
    as_distribution,
    as_nonnegative,
    as_probabilities,
    as_probability_scalar,
    check_same_shape,
    fail,
)

__all__ = ["update_miss", "update_clue", "binary_posterior", "sequential_posterior"]

# 'reassoc' lets LLVM vectorise the reductions; NaN/inf still propagate
# (unlike full fastmath), which the validity test below relies on.
_FM = {"reassoc", "contract"}


@njit(cache=True, nogil=True, fastmath=_FM)
def _weighted_sums(p, l, complement):
    """One pass: (sum p, sum l, sum p*w, number of out-of-range values).

    w = 1 - l when *complement* (l is a POD, must lie in [0, 1]) else w = l
    (a likelihood, must be >= 0).  NaN / inf show up in the sums.
    """
    sp = 0.0
    sl = 0.0
    sw = 0.0
    bad = 0.0
    n = p.size
    if complement:
        for i in range(n):
            pi = p[i]
            li = l[i]
            sp += pi
            sl += li
            sw += pi * (1.0 - li)
            bad += (pi < 0.0) + (li < 0.0) + (li > 1.0)
    else:
        for i in range(n):
            pi = p[i]
            li = l[i]
            sp += pi
            sl += li
            sw += pi * li
            bad += (pi < 0.0) + (li < 0.0)
    return sp, sl, sw, bad


@njit(cache=True, nogil=True, fastmath=_FM)
def _scaled_product(p, l, complement, scale, out):
    n = p.size
    if complement:
        for i in range(n):
            out[i] = p[i] * (1.0 - l[i]) * scale
    else:
        for i in range(n):
            out[i] = p[i] * l[i] * scale


@njit(cache=True, nogil=True, fastmath=_FM)
def _divided_product(p, l, complement, denom, out):
    n = p.size
    if complement:
        for i in range(n):
            out[i] = p[i] * (1.0 - l[i]) / denom
    else:
        for i in range(n):
            out[i] = p[i] * l[i] / denom


def _flat(a: np.ndarray) -> np.ndarray:
    return a.reshape(-1) if a.flags.c_contiguous else np.ascontiguousarray(a).reshape(-1)


def _update(prior, other, other_name: str, complement: bool) -> np.ndarray:
    p = as_array("prior", prior)
    q = as_array(other_name, other)
    if p.shape != q.shape:
        check_same_shape(prior=p, **{other_name: q})
    pf = _flat(p)
    qf = _flat(q)
    if pf.size:
        sp, sl, sw, bad = _weighted_sums(pf, qf, complement)
    if pf.size == 0 or bad or not (np.isfinite(sp) and np.isfinite(sl)) or not sp > 0:
        # Something is off: let the shared checkers say what (they raise).
        as_distribution("prior", p)
        if complement:
            as_probabilities(other_name, q)
        else:
            as_nonnegative(other_name, q)
        raise fail("prior", "invalid values")  # pragma: no cover - defensive
    if not sw > 0:
        if complement:
            raise fail(
                other_name,
                "equals 1 in every cell with positive prior probability: an unsuccessful "
                "search is impossible, so the posterior after a miss is undefined",
            )
        raise fail(
            other_name,
            "is 0 in every cell with positive prior probability: the evidence is "
            "impossible under the prior, so the posterior is undefined",
        )
    if not np.isfinite(sw):
        raise fail(other_name, "prior * likelihood overflows; rescale the likelihood")
    out = np.empty(pf.size, dtype=np.float64)
    scale = 1.0 / sw
    if np.isfinite(scale):
        _scaled_product(pf, qf, complement, scale, out)
    else:  # sw is subnormal: divide instead of multiplying by an infinite scale
        _divided_product(pf, qf, complement, sw, out)
    return out.reshape(p.shape)


def update_miss(prior, pod) -> np.ndarray:
    """Posterior location distribution after an unsuccessful search.

    ``p'_i = p_i (1 - q_i) / sum_j p_j (1 - q_j)`` where *q* = *pod* is the
    probability of detecting the target in cell *i* if it is there.  *prior*
    need not be normalised (it is normalised first; the factor cancels).
    Arrays of any (equal) shape; returns a new float64 array of that shape.

    Parameters
    ----------
    prior : array_like
        Non-negative location probabilities (any shape, need not sum to 1).
    pod : array_like
        Probability of detection per cell, in [0, 1], of the shape of *prior*.

    Returns
    -------
    numpy.ndarray
        The normalised posterior, float64, of the shape of *prior*.

    Raises
    ------
    InputError
        A ValueError naming the argument, for NaN / infinite / negative values, POD outside
        [0, 1], shape mismatch, an all-zero prior, or when the miss is impossible (POD 1
        wherever the prior is positive).
    """
    return _update(prior, pod, "pod", True)


def update_clue(prior, likelihood) -> np.ndarray:
    """Posterior ``~ prior * likelihood``, normalised.

    *likelihood[i]* = P(observed evidence | target in cell i).  Only ratios
    matter, so any non-negative finite scaling is accepted.  ``update_miss``
    is the special case ``likelihood = 1 - pod``.

    Parameters
    ----------
    prior : array_like
        Non-negative location probabilities (any shape, need not sum to 1).
    likelihood : array_like
        Non-negative, finite likelihood per cell, of the shape of *prior*.

    Returns
    -------
    numpy.ndarray
        The normalised posterior, float64, of the shape of *prior*.

    Raises
    ------
    InputError
        A ValueError naming the argument, for NaN / infinite / negative values, shape
        mismatch, an all-zero prior, a likelihood that is 0 wherever the prior is positive,
        or an overflowing product.
    """
    return _update(prior, likelihood, "likelihood", False)


def binary_posterior(prior, p_e_given_h, p_e_given_not_h):
    """Bayes' rule for one hypothesis H and evidence E.

    ``P(H | E) = P(H) P(E|H) / (P(H) P(E|H) + (1 - P(H)) P(E|not H))``.

    Arguments are probabilities (scalars or broadcastable arrays); returns a
    float for scalar input, otherwise an ndarray.  Raises ValueError if E has
    zero probability under the prior (the posterior is undefined).

    Parameters
    ----------
    prior : float or array_like
        ``P(H)``, in [0, 1].
    p_e_given_h : float or array_like
        ``P(E | H)``, in [0, 1].
    p_e_given_not_h : float or array_like
        ``P(E | not H)``, in [0, 1].

    Returns
    -------
    float or numpy.ndarray
        ``P(H | E)``, of the broadcast shape of the arguments.

    Raises
    ------
    InputError
        A ValueError, if an argument is outside [0, 1] or NaN, the shapes do not
        broadcast, or E has probability 0.
    """
    h = as_probabilities("prior", prior)
    a = as_probabilities("p_e_given_h", p_e_given_h)
    b = as_probabilities("p_e_given_not_h", p_e_given_not_h)
    try:
        h, a, b = np.broadcast_arrays(h, a, b)
    except ValueError:
        raise fail("p_e_given_not_h", f"shapes {np.shape(prior)}, {np.shape(p_e_given_h)}, "
                   f"{np.shape(p_e_given_not_h)} do not broadcast together") from None
    num = h * a
    den = num + (1.0 - h) * b
    if np.any(den <= 0):
        raise fail(
            "p_e_given_h",
            "the evidence has probability 0 under the prior (P(E|H) P(H) + P(E|not H) P(not H) = 0); "
            "posterior undefined",
        )
    post = num / den
    return float(post) if post.ndim == 0 else post


def sequential_posterior(
    prior: float,
    evidence: Iterable[Sequence[float]],
    *,
    history: bool = False,
):
    """Apply :func:`binary_posterior` for each ``(P(E_k|H), P(E_k|not H))``.

    The pieces of evidence are assumed conditionally independent given H and
    given not-H.  Returns the final posterior, or with ``history=True`` the
    list ``[prior, after E_1, after E_2, ...]``.
    """
    h = as_probability_scalar("prior", prior)
    trail = [h]
    for k, item in enumerate(evidence):
        try:
            a, b = item
        except (TypeError, ValueError):
            raise fail(f"evidence[{k}]", "must be a pair (P(E|H), P(E|not H))") from None
        a = as_probability_scalar(f"evidence[{k}]", a)
        b = as_probability_scalar(f"evidence[{k}]", b)
        if not h * a + (1.0 - h) * b > 0:
            raise fail(f"evidence[{k}]", "has probability 0 given the evidence so far; posterior undefined")
        h = binary_posterior(h, a, b)
        trail.append(h)
    return trail if history else h
