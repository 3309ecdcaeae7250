"""Colours for exports: a POA ramp and the conversion to KML's ``aabbggrr``.

The ramp runs from pale yellow (least probable) through orange to dark red (most probable),
the order of the ColorBrewer "YlOrRd" scheme, so a planner reads "darker = search first" in
CalTopo, Google Earth and on paper alike. Values are placed on the ramp by their rank among
the segments with probability above zero, not by their size: POAs of a real search span
orders of magnitude and a linear scale would paint all but two segments the same pale yellow.
"""
from __future__ import annotations

import numpy as np

__all__ = ["RAMP", "ZERO_COLOUR", "poa_colours", "kml_colour"]

# Five stops from light to dark (hex sRGB); interpolated linearly between them.
RAMP = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
ZERO_COLOUR = "#9e9e9e"  # grey: a segment with no probability at all


def _rgb(hex_colour: str) -> np.ndarray:
    h = hex_colour.lstrip("#")
    return np.array([int(h[i:i + 2], 16) for i in (0, 2, 4)], dtype=float)


def _ramp_at(t: float) -> str:
    stops = np.array([_rgb(c) for c in RAMP])
    pos = min(max(float(t), 0.0), 1.0) * (len(RAMP) - 1)
    k = min(int(pos), len(RAMP) - 2)
    rgb = stops[k] + (stops[k + 1] - stops[k]) * (pos - k)
    return "#" + "".join(f"{int(round(v)):02x}" for v in rgb)


def poa_colours(values) -> list[str]:
    """One ``#rrggbb`` colour per value: darker for a higher rank, grey for zero.

    Parameters
    ----------
    values : array_like of float
        Probabilities (POA) of the segments, >= 0.

    Returns
    -------
    list of str
        The colour of each value, in input order. Equal values get equal colours.

    Examples
    --------
    >>> poa_colours([0.1, 0.0, 0.5])
    ['#ffffb2', '#9e9e9e', '#bd0026']
    """
    v = np.asarray(values, dtype=float).reshape(-1)
    if np.any(~np.isfinite(v)) or np.any(v < 0):
        raise ValueError("POA values must be finite and >= 0")
    positive = np.unique(v[v > 0])
    out = []
    for x in v:
        if x <= 0:
            out.append(ZERO_COLOUR)
        else:
            rank = int(np.searchsorted(positive, x))
            out.append(_ramp_at(rank / (len(positive) - 1) if len(positive) > 1 else 1.0))
    return out


def kml_colour(hex_colour: str, opacity: float = 1.0) -> str:
    """KML's colour: ``aabbggrr`` hex (alpha, blue, green, red), from ``#rrggbb`` and an opacity.

    Parameters
    ----------
    hex_colour : str
        ``#rrggbb`` (the ``#`` is optional, any case).
    opacity : float, optional
        Alpha in [0, 1] (1 = opaque); rounded to the nearest of 0..255.

    Returns
    -------
    str
        Eight lower-case hex digits, alpha first, then blue, green, red.

    Raises
    ------
    ValueError
        If the colour is not six hex digits or the opacity is outside [0, 1].

    Examples
    --------
    >>> kml_colour("#ff8000", 0.5)
    '800080ff'
    """
    h = hex_colour.lstrip("#").lower()
    if len(h) != 6 or any(c not in "0123456789abcdef" for c in h):
        raise ValueError(f"colour must be '#rrggbb', got {hex_colour!r}")
    if not 0.0 <= float(opacity) <= 1.0:
        raise ValueError(f"opacity must be in [0, 1], got {opacity}")
    alpha = int(round(float(opacity) * 255))
    return f"{alpha:02x}{h[4:6]}{h[2:4]}{h[0:2]}"
