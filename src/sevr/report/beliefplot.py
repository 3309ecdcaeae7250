"""belief.png: the pursuers' probability map at each snapshot of a run, side by side."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure

from sevr.narrate.localize import Localizer, load_templates
from sevr.narrate.narrator import scenario_context
from sevr.report import layers
from sevr.report.mapplot import _grid_axes, _km, _mpl
from sevr.report.png import save_png

FLOOR = 1e-7  # cells below this share are left clear


def draw_belief_panels(result, path, lang: str = "en", *, dpi: int = 150) -> Path | None:
    """One panel per belief snapshot of a run, written as a PNG.

    Parameters
    ----------
    result : StoryResult
        The run; ``result.beliefs`` holds (minute, (H, W) grid) snapshots.
    path : path
        The PNG written.
    lang : str, default="en"
        "en" or "tr" (titles and labels).
    dpi : int, default=150
        Resolution, pixels per inch (each panel is 3.2 x 4.2 inches).

    Returns
    -------
    Path or None
        The path, or None (nothing written) when the run has no belief.
    """
    if not result.beliefs:
        return None
    labels = load_templates(lang).get("map", {})
    loc = Localizer(lang)
    ctx = scenario_context(result.scenario, lang, not result.summary.get("conditioned", False))
    n = len(result.beliefs)
    fig = Figure(figsize=(3.2 * n, 4.2), dpi=dpi)
    FigureCanvasAgg(fig)
    fig.suptitle(_mpl(loc.format(labels.get("belief_panels_title", ""), ctx)), fontsize=11)
    terrain = result.terrain
    extent_km = np.asarray(terrain.extent) / 1000.0
    x, y = _grid_axes(terrain)
    hr, hc = terrain.xy_to_rc(*result.hideout_xy)
    peak = max(float(g.max()) for _, g in result.beliefs)
    names = result.belief_labels or [""] * n
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.03, top=0.82, wspace=0.05)
    limits = (x[0], x[-1], y[0], y[-1])
    relief = None
    for k, ((t, grid), name) in enumerate(zip(result.beliefs, names)):
        ax = fig.add_subplot(1, n, k + 1)
        ax.set_xlim(x[0], x[-1]), ax.set_ylim(y[0], y[-1])
        ax.set_aspect("equal")
        if relief is None:  # the grey relief under every panel: one picture, drawn once per terrain and size
            relief = layers.cached_layer("belief-relief", terrain, {}, layers.axes_size_px(ax), fig.dpi, limits,
                                         lambda a: a.imshow(terrain.hillshade(), cmap="gray", extent=extent_km,
                                                            origin="upper", vmin=0, vmax=1.4))
        layers.place(ax, relief, limits)
        shown = np.ma.masked_less(grid, FLOOR)
        ax.imshow(shown, cmap="magma_r", norm=LogNorm(FLOOR, peak), extent=extent_km, origin="upper",
                  alpha=0.75, interpolation="nearest")
        ax.plot(*_km(result.path_xy).T, color="#0b3d91", lw=0.5, alpha=0.6)
        done = result.tracker_t_min <= t
        if done.any():
            ax.plot(*_km(result.tracker_xy[done]).T, color="#7b3294", lw=1.0)
        ax.plot(*(np.asarray(result.hideout_xy) / 1000.0), "o", color="#8b0000", ms=4)
        title = loc.format(labels.get(f"belief_{name}", "{time}"), {**ctx, "time": result.clock.local_label(t)[1]})
        inside = loc.format(labels.get("belief_inside", "{pct}"), {"pct": loc.pct(float(grid[hr, hc]))})
        ax.set_title(_mpl(f"{title}\n{inside}"), fontsize=8)
        ax.set_xticks([]), ax.set_yticks([])
        ax.set_xlim(x[0], x[-1]), ax.set_ylim(y[0], y[-1])
    return save_png(fig, path)
