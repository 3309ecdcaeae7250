"""The one input checker shared by every function in :mod:`sevr.search`.

Every check raises :class:`ValueError` (the project's ``InputError`` subclass
when available) whose message starts with the name of the offending argument,
e.g. ``"prior: contains NaN at index (3, 1)"`` or
``"transition: row 3 sums to 0.8, expected 1"``.

The checks are written to be cheap on valid input: a finite, non-negative
array is recognised with one ``min`` and one ``max`` reduction, and the slow
work of locating the first bad element only happens when something is wrong.
Hot paths that fuse validation into a numba kernel call these functions only
after the kernel has flagged a problem, so the wording stays in one place.
"""
from __future__ import annotations

import numbers
from typing import Any

import numpy as np

try:  # the project-wide input error (a ValueError subclass), if present
    from sevr.errors import InputError as _BaseError
except Exception:  # pragma: no cover - fallback for a stripped-down install
    _BaseError = None  # type: ignore[assignment]

__all__ = [
    "SearchInputError",
    "fail",
    "as_array",
    "as_nonnegative",
    "as_probabilities",
    "as_distribution",
    "check_same_shape",
    "check_transition",
    "as_nonnegative_scalar",
    "as_probability_scalar",
    "as_positive_int",
    "check_choice",
]


if _BaseError is not None:

    class SearchInputError(_BaseError):  # type: ignore[misc, valid-type]
        """Bad argument to a :mod:`sevr.search` function (a ``ValueError``)."""

        def __init__(self, name: str, message: str):
            super().__init__(message, field=name)
            self.argument = name

else:  # pragma: no cover

    class SearchInputError(ValueError):  # type: ignore[no-redef]
        """Bad argument to a :mod:`sevr.search` function (a ``ValueError``)."""

        def __init__(self, name: str, message: str):
            super().__init__(f"{name}: {message}")
            self.argument = name
            self.field = name
            self.detail = message


def fail(name: str, message: str) -> SearchInputError:
    """Build (not raise) the error for argument *name*: ``raise fail(...)``.

    Parameters
    ----------
    name : str
        Name of the offending argument (or field); it starts the message.
    message : str
        What is wrong with it.

    Returns
    -------
    SearchInputError
        The error, a ``ValueError`` (and the project's ``InputError`` when available).
    """
    return SearchInputError(name, message)


def _fmt(x: float) -> str:
    return f"{float(x):.6g}"


def _index(arr: np.ndarray, flat: int) -> str:
    if arr.ndim <= 1:
        return str(int(flat))
    return str(tuple(int(i) for i in np.unravel_index(int(flat), arr.shape)))


def as_array(name: str, a: Any) -> np.ndarray:
    """Convert *a* to a float64 ndarray (no copy if it already is one).

    Parameters
    ----------
    name : str
        Argument name used in the error message.
    a : array_like
        The value to convert.

    Returns
    -------
    numpy.ndarray
        float64 array of the shape of *a*.

    Raises
    ------
    SearchInputError
        If *a* cannot be read as an array of real numbers.
    """
    if isinstance(a, np.ndarray) and a.dtype == np.float64:
        return a
    try:
        arr = np.asarray(a, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise fail(name, f"cannot be read as an array of real numbers ({exc})") from None
    return arr


def _scan(name: str, arr: np.ndarray, lo: float, hi: float, allow_inf: bool) -> None:
    """Check lo <= arr <= hi, no NaN, and (unless allow_inf) all finite."""
    if arr.size == 0:
        return
    mn = arr.min()
    mx = arr.max()
    if mn >= lo and mx <= hi and (allow_inf or mx < np.inf):
        return  # fast path: NaN makes both comparisons False, so it can't get here
    # Slow path: say exactly what is wrong and where.
    flat = arr.ravel()
    nan = np.flatnonzero(np.isnan(flat))
    if nan.size:
        raise fail(name, f"contains NaN at index {_index(arr, nan[0])}")
    if not allow_inf:
        inf = np.flatnonzero(np.isinf(flat))
        if inf.size:
            raise fail(name, f"contains infinite value {flat[inf[0]]} at index {_index(arr, inf[0])}")
    if mn < lo:
        i = int(np.argmin(flat))
        what = "negative value" if lo == 0 else "value"
        raise fail(name, f"contains {what} {_fmt(flat[i])} at index {_index(arr, i)}, expected >= {_fmt(lo)}")
    i = int(np.argmax(flat))
    raise fail(name, f"contains value {_fmt(flat[i])} at index {_index(arr, i)}, expected <= {_fmt(hi)}")


def as_nonnegative(name: str, a: Any, *, allow_inf: bool = False) -> np.ndarray:
    """float64 array with every entry >= 0, no NaN and (by default) finite.

    Parameters
    ----------
    name : str
        Argument name used in the error message.
    a : array_like
        The value to check.
    allow_inf : bool, default False
        Accept ``+inf`` entries.

    Returns
    -------
    numpy.ndarray
        *a* as a float64 array.

    Raises
    ------
    SearchInputError
        On NaN, a negative entry, an infinite entry (unless allowed) or non-numeric input;
        the message gives the index of the first bad entry.
    """
    arr = as_array(name, a)
    _scan(name, arr, 0.0, np.inf, allow_inf)
    return arr


def as_probabilities(name: str, a: Any) -> np.ndarray:
    """float64 array with every entry in [0, 1] (each entry is a probability).

    Parameters
    ----------
    name : str
        Argument name used in the error message.
    a : array_like
        The value to check.

    Returns
    -------
    numpy.ndarray
        *a* as a float64 array.

    Raises
    ------
    SearchInputError
        On NaN, an entry outside [0, 1] or non-numeric input.
    """
    arr = as_array(name, a)
    _scan(name, arr, 0.0, 1.0, False)
    return arr


def as_distribution(name: str, a: Any) -> np.ndarray:
    """Non-negative finite array with a positive total (need not sum to 1).

    Parameters
    ----------
    name : str
        Argument name used in the error message.
    a : array_like
        The weights to check.

    Returns
    -------
    numpy.ndarray
        *a* as a float64 array, not normalised.

    Raises
    ------
    SearchInputError
        If *a* is empty, has NaN, infinite or negative entries, sums to 0, or its sum
        overflows.
    """
    arr = as_nonnegative(name, a)
    if arr.size == 0:
        raise fail(name, "is empty")
    total = arr.sum()
    if not total > 0:
        raise fail(name, "sums to 0; need a positive total probability")
    if not np.isfinite(total):
        raise fail(name, "sum overflows to infinity")
    return arr


def check_same_shape(**arrays: np.ndarray) -> None:
    """All keyword arrays must have the shape of the first one.

    ``check_same_shape(prior=p, pod=q)`` raises ``"pod: shape (3,) does not
    match prior shape (4,)"``.
    """
    items = list(arrays.items())
    if not items:
        return
    ref_name, ref = items[0]
    ref_shape = np.shape(ref)
    for name, arr in items[1:]:
        if np.shape(arr) != ref_shape:
            raise fail(name, f"shape {np.shape(arr)} does not match {ref_name} shape {ref_shape}")


def as_nonnegative_scalar(name: str, x: Any) -> float:
    """A finite real number >= 0.

    Parameters
    ----------
    name : str
        Argument name used in the error message.
    x : float
        The value to check (a real number or a 0-d array; not a bool).

    Returns
    -------
    float
        *x* as a float.

    Raises
    ------
    SearchInputError
        If *x* is not a real scalar, or is NaN, infinite or negative.
    """
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (numbers.Real, np.ndarray)):
        raise fail(name, f"must be a real number, got {type(x).__name__}")
    arr = np.asarray(x, dtype=np.float64)
    if arr.ndim != 0:
        raise fail(name, f"must be a scalar, got shape {arr.shape}")
    v = float(arr)
    if np.isnan(v):
        raise fail(name, "is NaN")
    if not np.isfinite(v):
        raise fail(name, f"must be finite, got {v}")
    if v < 0:
        raise fail(name, f"must be >= 0, got {_fmt(v)}")
    return v


def as_probability_scalar(name: str, x: Any) -> float:
    """A real number in [0, 1].

    Parameters
    ----------
    name : str
        Argument name used in the error message.
    x : float
        The probability to check.

    Returns
    -------
    float
        *x* as a float.

    Raises
    ------
    SearchInputError
        If *x* is not a real scalar, is NaN, or lies outside [0, 1].
    """
    v = as_nonnegative_scalar(name, x)
    if v > 1:
        raise fail(name, f"must be a probability in [0, 1], got {_fmt(v)}")
    return v


def as_positive_int(name: str, x: Any) -> int:
    """An integer >= 1.

    Parameters
    ----------
    name : str
        Argument name used in the error message.
    x : int
        The value to check (an integral type, not a bool or a float).

    Returns
    -------
    int
        *x* as an int.

    Raises
    ------
    SearchInputError
        If *x* is not an integer or is below 1.
    """
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (numbers.Integral,)):
        raise fail(name, f"must be a positive integer, got {x!r}")
    if int(x) < 1:
        raise fail(name, f"must be >= 1, got {int(x)}")
    return int(x)


def check_choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    """*value* must be one of *choices* (strings).

    Parameters
    ----------
    name : str
        Argument name used in the error message.
    value : str
        The value to check.
    choices : tuple of str
        The accepted values.

    Returns
    -------
    str
        *value* unchanged.

    Raises
    ------
    SearchInputError
        If *value* is not a string among *choices*; the message lists them.
    """
    if not isinstance(value, str) or value not in choices:
        raise fail(name, f"unknown value {value!r}; expected one of {', '.join(map(repr, choices))}")
    return value


def check_transition(name: str, m: Any, n: int | None = None, *, atol: float = 1e-8):
    """Row-stochastic square matrix: ``m[i, j]`` = P(move from i to j).

    Accepts a dense array-like or any ``scipy.sparse`` matrix/array. Returns a
    float64 ``ndarray`` or a ``scipy.sparse.csr_matrix``. Checks: square, size
    *n* (if given), entries finite and >= 0, every row summing to 1 within
    *atol*.
    """
    try:
        import scipy.sparse as sp
    except ImportError:  # pragma: no cover
        sp = None
    if sp is not None and sp.issparse(m):
        mat = sp.csr_matrix(m, dtype=np.float64)
        shape = mat.shape
        values = mat.data
    else:
        mat = as_array(name, m)
        shape = mat.shape
        values = mat
    if len(shape) != 2 or shape[0] != shape[1]:
        raise fail(name, f"must be a square matrix, got shape {shape}")
    if n is not None and shape[0] != n:
        raise fail(name, f"is {shape[0]}x{shape[1]} but there are {n} cells")
    if values.size:
        mn, mx = values.min(), values.max()
        if not (mn >= 0 and mx < np.inf):
            flat = values.ravel()
            bad = np.flatnonzero(~np.isfinite(flat) | (flat < 0))[0]
            if sp is not None and sp.issparse(mat):
                row = int(np.searchsorted(mat.indptr, bad, side="right") - 1)
                where = (row, int(mat.indices[bad]))
            else:
                where = tuple(int(i) for i in np.unravel_index(bad, shape))
            v = flat[bad]
            if np.isnan(v):
                raise fail(name, f"contains NaN at index {where}")
            raise fail(name, f"contains invalid entry {_fmt(v)} at index {where}; probabilities must be finite and >= 0")
    rows = np.asarray(mat.sum(axis=1)).ravel()
    off = np.abs(rows - 1.0)
    if rows.size and off.max() > atol:
        i = int(np.argmax(off > atol))
        raise fail(name, f"row {i} sums to {_fmt(rows[i])}, expected 1")
    return mat
