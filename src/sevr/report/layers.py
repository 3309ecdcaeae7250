"""Terrain backgrounds drawn once per terrain and kept in the on-disk cache (`sevr.cache`).

Hillshade, elevation tint and contours do not depend on the seed, yet drawing and resampling
them is most of the time a map takes. :func:`cached_layer` draws such a layer alone, at the
exact pixel size it will occupy, and keeps the pixels; :func:`place` puts them back under the
run's own lines and marks, one image pixel per output pixel. The entry is keyed by the
terrain's bytes (:func:`terrain_digest`), the pixel size, the resolution, the limits, the
caller's parameters and the program itself, so another terrain, size or version draws anew.
"""
from __future__ import annotations

import hashlib
from typing import Any, Callable, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sevr import cache
from sevr.report.png import figure_pixels

__all__ = ["terrain_digest", "cached_layer", "place", "axes_size_px"]


def terrain_digest(terrain) -> str:
    """SHA-256 of what a terrain drawing depends on: the elevation's bytes, shape and georeference.

    The terrain's class is part of it, since the hillshade is the class's method.
    """
    elev = np.ascontiguousarray(terrain.elevation, dtype=np.float64)
    digest = hashlib.sha256(f"{type(terrain).__module__}.{type(terrain).__qualname__}".encode())
    digest.update(repr((elev.shape, float(terrain.cell_m), float(terrain.west_m), float(terrain.north_m))).encode())
    digest.update(elev.tobytes())
    return digest.hexdigest()


def cached_layer(name: str, terrain, params: dict[str, Any], size_px: tuple[int, int], dpi: float,
                 limits: Sequence[float], draw: Callable[[Axes], None]) -> np.ndarray:
    """The (h, w, 3) uint8 pixels of a background layer, from the cache or drawn now.

    Parameters
    ----------
    name : str
        What the layer is (the cache namespace, e.g. ``"map-terrain"``).
    terrain : Terrain
        The terrain drawn (its :func:`terrain_digest` is part of the key).
    params : dict
        Everything else the drawing depends on (JSON-serialisable: contour step, label format ...).
    size_px : (int, int)
        Width and height in pixels of the axes the layer will fill.
    dpi : float
        Dots per inch of the figure it goes in (line widths and fonts scale with it).
    limits : (x0, x1, y0, y1)
        The data limits of that axes.
    draw : callable
        ``draw(ax)`` draws the layer on a bare axes; it is called only when the entry is missing.

    Returns
    -------
    numpy.ndarray
        Opaque RGB pixels, row 0 at the top.
    """
    width, height = (int(v) for v in size_px)
    x0, x1, y0, y1 = (float(v) for v in limits)
    parts = {"terrain": terrain_digest(terrain), "params": params, "size_px": [width, height],
             "dpi": float(dpi), "limits": [x0, x1, y0, y1]}

    def make() -> np.ndarray:
        # A hair over the size, so that the canvas (which truncates) has exactly width x height pixels.
        fig = Figure(figsize=((width + 1e-6) / dpi, (height + 1e-6) / dpi), dpi=dpi)
        ax = fig.add_axes([0.0, 0.0, 1.0, 1.0])
        ax.set_axis_off()
        draw(ax)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        return np.array(figure_pixels(fig)[..., :3])

    return cache.get_or_make(name, parts, make)


def place(ax: Axes, pixels: np.ndarray, limits: Sequence[float], zorder: float = 0) -> None:
    """Show layer `pixels` (from :func:`cached_layer`) filling `limits` of `ax`, unsmoothed.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes drawn on.
    pixels : numpy.ndarray
        (h, w, 3) uint8 image, north up.
    limits : sequence of float
        (x0, x1, y0, y1) in the axes' data units.
    zorder : float, default=0
        Drawing order.
    """
    x0, x1, y0, y1 = (float(v) for v in limits)
    ax.imshow(pixels, extent=(x0, x1, y0, y1), origin="upper", interpolation="nearest", zorder=zorder)


def axes_size_px(ax: Axes) -> tuple[int, int]:
    """Width and height in pixels of `ax` once its aspect is applied (limits and aspect set first).

    An inset's place comes from its locator, as when the figure is drawn.
    """
    locator = ax.get_axes_locator()
    ax.apply_aspect(locator(ax, None) if locator is not None else None)
    box = ax.get_position()
    fig_w, fig_h = ax.figure.bbox.width, ax.figure.bbox.height
    return int(round(box.width * fig_w)), int(round(box.height * fig_h))
