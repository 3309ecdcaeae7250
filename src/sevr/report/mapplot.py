"""map.png: terrain, the walk, the trail, the tracker and the pursuers' belief on one page.

Drawn with matplotlib's object API on an Agg canvas (no pyplot, no global backend switch), so
it works headless and leaves any interactive backend of the caller alone. All labels come from
the language's template file (``[map]``); scenario strings are shown literally (``$`` is
escaped so that no name is read as mathtext).

Layout: hillshade with a light elevation tint, contours every 50 m (labelled every 100 m), the
least-cost route (thin dashed), the walked path (solid) with the false branches highlighted,
the prints (dots, darker = clearer, blood traces red), the tracker's route, the closest
approach (ring of that radius around the hideout), named peaks, the optional belief of the
pursuers, a zoom inset around the hideout, a scale bar and a north arrow. The inset, the
legend and the scale bar each take the emptiest free corner.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch
import matplotlib.patheffects as pe

from sevr.narrate.localize import Localizer, format_date, load_templates
from sevr.narrate.narrator import scenario_context
from sevr.report.layers import axes_size_px, cached_layer, place
from sevr.report.png import save_png

if TYPE_CHECKING:
    from sevr.scenarios.schema import Scenario

__all__ = ["draw_story_map", "draw_terrain", "draw_inset_terrain", "MAP_STYLE"]

# Colours and widths in one place, so the legend and the plot cannot disagree.
MAP_STYLE: dict[str, dict[str, Any]] = {
    "route": dict(color="#3a3a3a", lw=0.8, ls=(0, (5, 3)), alpha=0.85),
    "tracker": dict(color="#8e44ad", lw=3.2, alpha=0.35, solid_capstyle="round"),
    "path": dict(color="#0b3d91", lw=1.1, alpha=0.95),
    "branches": dict(color="#f28c00", lw=2.2, alpha=0.95, solid_capstyle="round"),
    "prints": dict(color="#111111", size=1.0),
    "blood": dict(color="#d7191c", size=6.0),
    "start": dict(marker="s", color="#0b3d91", size=7),
    "hideout": dict(marker="o", color="#8b0000", size=8),
    "closest": dict(marker="D", color="#d7191c", size=4.5),
    "voices": dict(marker="o", color="#f28e2b", size=4.0),
    "trail_end": dict(marker="X", color="#111111", size=6),
    "peak": dict(marker="^", color="#222222", size=5),
    "contour": dict(color="#5b4a3a"),
}

_HALO = [pe.withStroke(linewidth=2.2, foreground="white", alpha=0.85)]
_INSET_HALF_M = 200.0           # the zoom inset shows the hideout +- this many metres
_INSET_CONTOUR_M = 10.0


def _mpl(text: str) -> str:
    """A string shown literally by matplotlib ($ would start mathtext)."""
    return str(text).replace("$", r"\$")


def _km(xy) -> np.ndarray:
    a = np.asarray(xy, dtype=float).reshape(-1, 2)
    return a / 1000.0


def _grid_axes(terrain) -> tuple[np.ndarray, np.ndarray]:
    """Cell-centre coordinates in km: x increasing east, y increasing north (rows flipped)."""
    rows, cols = terrain.shape
    x = (terrain.west_m + (np.arange(cols) + 0.5) * terrain.cell_m) / 1000.0
    y = (terrain.north_m - (np.arange(rows)[::-1] + 0.5) * terrain.cell_m) / 1000.0
    return x, y


def _hdr_levels(grid: np.ndarray, masses) -> list[float]:
    """Density thresholds whose super-level sets hold the given probability masses (ascending)."""
    values = np.sort(grid.ravel())[::-1]
    cum = np.cumsum(values) / values.sum()
    levels = sorted(float(values[min(np.searchsorted(cum, m), len(values) - 1)]) for m in masses)
    return [lv * (1 + 1e-9 * k) for k, lv in enumerate(levels)]  # strictly increasing for contour


def _contour_levels(z: np.ndarray, step: float) -> np.ndarray:
    lo, hi = float(np.nanmin(z)), float(np.nanmax(z))
    first = np.ceil(lo / step) * step
    return np.arange(first, hi + 1e-9, step)


def _tint_cmap() -> LinearSegmentedColormap:
    return LinearSegmentedColormap.from_list(
        "sevr_desert", ["#e9dcc0", "#d8c197", "#b99a6b", "#8f7556", "#6e5b4b"])


def _event_xy(result, kind: str) -> tuple[float, float] | None:
    for e in result.events:
        if getattr(e, "kind", None) == kind:
            return float(e.x_m), float(e.y_m)
    return None


def _event_data(result, kind: str) -> dict:
    for e in result.events:
        if getattr(e, "kind", None) == kind:
            return dict(getattr(e, "data", {}) or {})
    return {}


def _print_colors(strength: np.ndarray, base: str, lo: float = 0.12, hi: float = 0.9) -> np.ndarray:
    s = np.asarray(strength, dtype=float)
    top = float(np.nanmax(s)) if s.size and np.nanmax(s) > 0 else 1.0
    alpha = lo + (hi - lo) * np.clip(np.nan_to_num(s / top), 0.0, 1.0)
    rgba = np.tile(np.array(to_rgba(base)), (len(s), 1))
    rgba[:, 3] = alpha
    return rgba


def _corner_order(points_frac: np.ndarray, sizes: Sequence[tuple[float, float]]) -> list[str]:
    """Corners ('ur', 'ul', 'lr', 'll') from emptiest to busiest, for boxes of the given sizes."""
    w = max(s[0] for s in sizes)
    h = max(s[1] for s in sizes)
    boxes = {"ur": (1 - w, 1 - h), "ul": (0, 1 - h), "lr": (1 - w, 0), "ll": (0, 0)}
    scores = {}
    for name, (x0, y0) in boxes.items():
        if len(points_frac):
            inside = ((points_frac[:, 0] >= x0) & (points_frac[:, 0] <= x0 + w)
                      & (points_frac[:, 1] >= y0) & (points_frac[:, 1] <= y0 + h))
            scores[name] = int(inside.sum())
        else:
            scores[name] = 0
    preference = ["ur", "ll", "lr", "ul"]  # ties: a stable, conventional order
    return sorted(boxes, key=lambda k: (scores[k], preference.index(k)))


_LEGEND_LOC = {"ur": "upper right", "ul": "upper left", "lr": "lower right", "ll": "lower left"}


def _inset_bounds(corner: str, size: float, pad: float = 0.015) -> list[float]:
    x = 1 - size - pad if corner in ("ur", "lr") else pad
    y = 1 - size - pad if corner in ("ur", "ul") else pad
    return [x, y, size, size]


def _scale_bar(ax, length_km: float, label: str, corner: str, fontsize: float = 6.5) -> None:
    """A black-and-white bar of `length_km` with its label, in data units, inside `corner`."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    w, h = x1 - x0, y1 - y0
    pad_x, pad_y = 0.04 * w, 0.045 * h
    left = x0 + pad_x if corner in ("ul", "ll") else x1 - pad_x - length_km
    base = y0 + pad_y if corner in ("ll", "lr") else y1 - pad_y - 0.04 * h
    bar_h = 0.008 * h
    half = length_km / 2
    ax.add_patch(_rect(left - 0.015 * w, base - 0.022 * h, length_km + 0.03 * w, 0.06 * h,
                       face="white", alpha=0.75, lw=0))
    ax.add_patch(_rect(left, base, half, bar_h, face="black"))
    ax.add_patch(_rect(left + half, base, half, bar_h, face="white", edge="black"))
    ax.text(left + length_km / 2, base + bar_h + 0.006 * h, _mpl(label), ha="center", va="bottom",
            fontsize=fontsize, zorder=30)


def _rect(x, y, w, h, face="black", edge="black", alpha=1.0, lw=0.6):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, facecolor=face, edgecolor=edge, alpha=alpha, lw=lw, zorder=29)


def _north_arrow(ax, label: str, corner: str) -> None:
    """An arrow pointing up (north: the map is in a north-up frame) with its letter on top."""
    x = 0.05 if corner in ("ul", "ll") else 0.95
    y_top = 0.86 if corner in ("ul", "ur") else 0.2
    ax.annotate("", xy=(x, y_top), xytext=(x, y_top - 0.07), xycoords="axes fraction",
                arrowprops=dict(arrowstyle="-|>,head_length=0.6,head_width=0.3", color="black", lw=1.3),
                zorder=31)
    ax.text(x, y_top + 0.012, _mpl(label), transform=ax.transAxes, ha="center", va="bottom",
            fontsize=9, fontweight="bold", zorder=31, path_effects=_HALO)


def _labelled_peaks_km(result, scenario: Scenario) -> list[tuple[float, float]]:
    out = []
    for peak in getattr(scenario.terrain, "peaks", []) or []:
        if getattr(peak, "label", True):
            px, py = result.frame.to_xy(peak.lat, peak.lon)
            out.append((float(px) / 1000.0, float(py) / 1000.0))
    return out


def _draw_layers(ax, result, styles, *, zoom: bool) -> None:
    """The paths, prints and markers (shared by the main map and the inset)."""
    route = _km(result.route_xy) if len(result.route_xy) else np.empty((0, 2))
    path = _km(result.path_xy) if len(result.path_xy) else np.empty((0, 2))
    tracker = _km(result.tracker_xy) if len(result.tracker_xy) else np.empty((0, 2))
    scale = 1.6 if zoom else 1.0
    if len(tracker):
        s = styles["tracker"]
        ax.plot(tracker[:, 0], tracker[:, 1], color=s["color"], lw=s["lw"] * (2.2 if zoom else 1.0),
                alpha=s["alpha"] * (0.7 if zoom else 1.0), solid_capstyle="round", zorder=4)
    if len(route) and not zoom:
        s = styles["route"]
        ax.plot(route[:, 0], route[:, 1], color=s["color"], lw=s["lw"], ls=s["ls"], alpha=s["alpha"], zorder=5)
    for branch in result.branches or []:
        b = _km(branch)
        if len(b):
            s = styles["branches"]
            ax.plot(b[:, 0], b[:, 1], color=s["color"], lw=s["lw"] * scale, alpha=s["alpha"],
                    solid_capstyle="round", zorder=6)
    if len(path):
        s = styles["path"]
        ax.plot(path[:, 0], path[:, 1], color=s["color"], lw=s["lw"] * (0.45 if zoom else 1.0),
                alpha=s["alpha"] * (0.5 if zoom else 1.0), zorder=7)
    prints = _km(result.prints_xy) if len(result.prints_xy) else np.empty((0, 2))
    if len(prints):
        blood = np.asarray(result.prints_blood, dtype=bool).reshape(-1)
        if blood.shape[0] != len(prints):
            blood = np.zeros(len(prints), dtype=bool)
        strength = np.asarray(result.prints_strength, dtype=float).reshape(-1)
        if strength.shape[0] != len(prints):
            strength = np.ones(len(prints))
        clear = ~blood
        ps, bs = styles["prints"], styles["blood"]
        if clear.any():
            ax.scatter(prints[clear, 0], prints[clear, 1], s=ps["size"] * (6 if zoom else 1),
                       c=_print_colors(strength[clear], ps["color"]), linewidths=0, zorder=8)
        if blood.any():
            ax.scatter(prints[blood, 0], prints[blood, 1], s=bs["size"] * (2.5 if zoom else 1),
                       c=_print_colors(strength[blood], bs["color"], 0.45, 1.0), linewidths=0, zorder=9)


def draw_terrain(ax, terrain, contour_label) -> None:
    """Hillshade, a light elevation tint and contours every 50 m (labelled every 100 m), in km.

    `contour_label(level)` is the text of a labelled contour. This is the background of the map;
    `draw_story_map` shows it from `sevr.report.layers`, drawn once per terrain.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes, in km of the scenario frame.
    terrain : Terrain
        The terrain.
    contour_label : callable
        Elevation (m) to label text.
    """
    west, east, south, north = (v / 1000.0 for v in terrain.extent)
    extent = (west, east, south, north)
    elev = np.asarray(terrain.elevation, dtype=float)
    ax.imshow(terrain.hillshade(), cmap="gray", vmin=0.0, vmax=1.0, extent=extent, origin="upper",
              interpolation="bilinear", zorder=0)
    ax.imshow(elev, cmap=_tint_cmap(), extent=extent, origin="upper", alpha=0.42,
              interpolation="bilinear", zorder=1)
    stride = max(1, int(np.ceil(np.sqrt(elev.size / 1.2e6))))
    gx, gy = _grid_axes(terrain)
    z = elev[::-1][::stride, ::stride]
    gx, gy = gx[::stride], gy[::stride]
    levels = _contour_levels(z, 50.0)
    if len(levels):
        major = np.isclose(np.mod(levels, 100.0), 0.0)
        cs = ax.contour(gx, gy, z, levels=levels, colors=MAP_STYLE["contour"]["color"],
                        linewidths=np.where(major, 0.55, 0.25), alpha=0.7, zorder=2)
        labelled = [lv for lv, m in zip(levels, major) if m]
        if labelled:
            ax.clabel(cs, levels=labelled, fmt=contour_label, fontsize=4.5, inline=True, inline_spacing=2)


def draw_inset_terrain(ax, terrain, centre_xy) -> None:
    """The inset's background: hillshade, tint and contours every 10 m around `centre_xy`.

    Contours are drawn only on the cells within 1.5 x the inset's half-width of the centre.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The inset's axes, in km.
    terrain : Terrain
        The terrain.
    centre_xy : tuple of float
        (x, y) of the centre, metres in the scenario frame.
    """
    west, east, south, north = (v / 1000.0 for v in terrain.extent)
    elev = np.asarray(terrain.elevation, dtype=float)
    ax.imshow(terrain.hillshade(), cmap="gray", vmin=0, vmax=1, extent=(west, east, south, north),
              origin="upper", interpolation="bilinear", zorder=0)
    ax.imshow(elev, cmap=_tint_cmap(), extent=(west, east, south, north), origin="upper", alpha=0.42,
              interpolation="bilinear", zorder=1)
    rows, cols = terrain.shape
    c0 = int(np.clip((centre_xy[0] - 1.5 * _INSET_HALF_M - terrain.west_m) / terrain.cell_m, 0, cols))
    c1 = int(np.clip((centre_xy[0] + 1.5 * _INSET_HALF_M - terrain.west_m) / terrain.cell_m, 0, cols))
    r0 = int(np.clip((terrain.north_m - centre_xy[1] - 1.5 * _INSET_HALF_M) / terrain.cell_m, 0, rows))
    r1 = int(np.clip((terrain.north_m - centre_xy[1] + 1.5 * _INSET_HALF_M) / terrain.cell_m, 0, rows))
    if r1 - r0 >= 2 and c1 - c0 >= 2:
        gx, gy = _grid_axes(terrain)
        sub = elev[r0:r1, c0:c1][::-1]
        sy = gy[rows - r1: rows - r0]
        levels = _contour_levels(sub, _INSET_CONTOUR_M)
        if len(levels):
            ax.contour(gx[c0:c1], sy, sub, levels=levels, colors=MAP_STYLE["contour"]["color"],
                       linewidths=0.35, alpha=0.7, zorder=2)


def draw_story_map(result, path, lang: str = "en", *, dpi: int = 200, size_in: float = 8.0,
                   belief: bool = True, inset: bool = True) -> Path:
    """Draw the story map of a run (a :class:`sevr.sim.result.StoryResult`) to a PNG at `path`.

    The image is ``size_in * dpi`` pixels square (1600 x 1600 by default). ``belief`` draws the
    last belief grid of ``result.beliefs`` (if any, and if it matches the terrain's shape) as a
    translucent overlay; ``inset`` adds the zoom around the hideout.

    Parameters
    ----------
    result : StoryResult
        The run.
    path : path
        The PNG written.
    lang : str, default="en"
        "en" or "tr".
    dpi : int, default=200
        Pixels per inch.
    size_in : float, default=8.0
        Side of the square image, inches.
    belief : bool, default=True
        Overlay the last belief grid.
    inset : bool, default=True
        Add the zoom around the hideout.

    Returns
    -------
    Path
    """
    tpl = load_templates(lang)
    loc = Localizer(lang)
    labels = tpl.get("map", {})
    scenario, terrain = result.scenario, result.terrain
    styles = MAP_STYLE
    # A run not conditioned on the narrated facts is a what-if: roles, and a heading that says so.
    what_if = not result.summary.get("conditioned", False)
    ctx = scenario_context(scenario, lang, what_if)
    origin = getattr(scenario.frame, f"origin_name_{lang}", None) or loc.term(scenario.frame.origin_name)

    def L(key: str, cap: bool = True, **extra) -> str:  # a label from the template, formatted
        text = loc.format(labels.get(key, key), {**ctx, **extra}, capitalize=False)
        return _mpl(loc.capitalize_first(text) if cap else text)

    fig = Figure(figsize=(size_in, size_in), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes([0.085, 0.075, 0.87, 0.83])

    # --- terrain (drawn once per terrain, size and language: sevr.report.layers) -------------
    west, east, south, north = (v / 1000.0 for v in terrain.extent)
    extent = (west, east, south, north)
    elev = np.asarray(terrain.elevation, dtype=float)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect("equal")
    contour_label = lambda v: L("contour", cap=False, level=v)  # noqa: E731
    place(ax, cached_layer("map-terrain", terrain, {"lang": lang, "contour": labels.get("contour", "contour")},
                           axes_size_px(ax), dpi, extent, lambda a: draw_terrain(a, terrain, contour_label)),
          extent)

    # --- belief (optional) ------------------------------------------------------------------
    belief_time = None
    if belief and getattr(result, "beliefs", None):
        # The belief while the trail was being followed shows the pursuit best on the big map;
        # belief.png shows every snapshot.
        labels_b = getattr(result, "belief_labels", []) or []
        pick = labels_b.index("trail_followed") if "trail_followed" in labels_b else -1
        t_b, grid = result.beliefs[pick]
        grid = np.asarray(grid, dtype=float)
        if grid.shape == elev.shape and np.nanmax(grid) > 0:
            # Outline the smallest areas holding 50 % and 90 % of the belief (highest-density regions).
            levels = _hdr_levels(grid, (0.9, 0.5))
            gx_b, gy_b = _grid_axes(terrain)
            ax.contourf(gx_b, gy_b, grid[::-1], levels=[levels[0], np.inf], colors=["#b5367a"], alpha=0.12, zorder=3)
            ax.contour(gx_b, gy_b, grid[::-1], levels=levels, colors=["#b5367a"], linewidths=[0.6, 1.1],
                       linestyles=["--", "-"], zorder=3)
            try:
                belief_time = result.clock.local_label(t_b)[1]
            except Exception:
                belief_time = f"t={t_b:.0f} min"

    # --- the story --------------------------------------------------------------------------
    _draw_layers(ax, result, styles, zoom=False)
    sx, sy = np.asarray(result.start_xy, dtype=float) / 1000.0
    hx, hy = np.asarray(result.hideout_xy, dtype=float) / 1000.0
    st, hd = styles["start"], styles["hideout"]
    ax.plot([sx], [sy], marker=st["marker"], ms=st["size"], color=st["color"], mec="white", mew=1.0,
            ls="none", zorder=20)
    ax.plot([hx], [hy], marker=hd["marker"], ms=hd["size"], color=hd["color"], mec="white", mew=1.0,
            ls="none", zorder=20)
    # The start label goes to the right unless a peak label sits there (or the edge is near).
    peak_xy = _labelled_peaks_km(result, scenario)
    crowded = any(0 < px - sx < 1.5 * (east - west) / 6 and abs(py - sy) < 0.06 * (north - south)
                  for px, py in peak_xy)
    left = crowded or (east - sx) < 0.25 * (east - west)
    ax.annotate(L("start"), (sx, sy), xytext=(-7 if left else 7, 5), textcoords="offset points",
                ha="right" if left else "left", fontsize=7.5, fontweight="bold", color=st["color"],
                path_effects=_HALO, zorder=21)
    ax.annotate(L("hideout"), (hx, hy), xytext=(-8, -4), textcoords="offset points", fontsize=7.5,
                ha="right", va="top", fontweight="bold", color=hd["color"], path_effects=_HALO, zorder=21)

    for peak in getattr(scenario.terrain, "peaks", []) or []:
        if not getattr(peak, "label", True):
            continue
        px, py = result.frame.to_xy(peak.lat, peak.lon)
        px, py = float(px) / 1000.0, float(py) / 1000.0
        if not (west <= px <= east and south <= py <= north):
            continue
        pk = styles["peak"]
        ax.plot([px], [py], marker=pk["marker"], ms=pk["size"], color=pk["color"], ls="none", zorder=18)
        name = getattr(peak, f"name_{lang}", None) or loc.term(peak.name)
        ax.annotate(_mpl(f"{name}\n{peak.elevation_m:.0f} m"), (px, py), xytext=(6, -2),
                    textcoords="offset points", fontsize=6.5, style="italic", va="top",
                    path_effects=_HALO, zorder=19)

    closest = result.closest_xy
    closest_d = None
    if closest is not None:
        cx, cy = float(closest[0]) / 1000.0, float(closest[1]) / 1000.0
        closest_d = _event_data(result, "closest_approach").get("distance_m")
        if closest_d is None:
            closest_d = float(np.hypot(closest[0] - result.hideout_xy[0], closest[1] - result.hideout_xy[1]))
        cl = styles["closest"]
        ax.add_patch(Circle((hx, hy), closest_d / 1000.0, fill=False, ec=cl["color"], lw=0.8, ls="--", zorder=15))
        ax.plot([cx], [cy], marker=cl["marker"], ms=cl["size"], color=cl["color"], mec="white", mew=0.5,
                ls="none", zorder=16)
    voices_xy = _event_xy(result, "voices_heard")
    voices_d = _event_data(result, "voices_heard").get("distance_m") if voices_xy is not None else None
    if voices_xy is not None:
        vo = styles["voices"]
        ax.add_patch(Circle((hx, hy), voices_d / 1000.0, fill=False, ec=vo["color"], lw=0.8, ls=":", zorder=15))
        ax.plot([voices_xy[0] / 1000.0], [voices_xy[1] / 1000.0], marker=vo["marker"], ms=vo["size"],
                color=vo["color"], mec="white", mew=0.5, ls="none", zorder=16)
    end_xy = _event_xy(result, "trail_end")
    lost_xy = _event_xy(result, "trail_lost") if end_xy is None else None
    te = styles["trail_end"]
    for xy in (end_xy, lost_xy):
        if xy is not None:
            ax.plot([xy[0] / 1000.0], [xy[1] / 1000.0], marker=te["marker"], ms=te["size"] * 0.8,
                    color=te["color"], mec="white", mew=0.5, ls="none", zorder=17)

    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect("equal")
    ax.set_xlabel(L("xlabel", cap=False, origin=origin), fontsize=7.5)
    ax.set_ylabel(L("ylabel", cap=False, origin=origin), fontsize=7.5)
    ax.tick_params(labelsize=6.5)

    # --- title, note ------------------------------------------------------------------------
    exit_ = scenario.time.exit
    date = format_date(f"{exit_.year:04d}-{exit_.month:02d}-{exit_.day:02d}", lang)
    hijri = getattr(scenario.meta, f"hijri_date_{lang}", None) or loc.term(scenario.meta.hijri_date or "")
    title = f"{tpl['what_if']['heading']}: {L('title', cap=False)}" if what_if else L("title")
    fig.text(0.5, 0.965, title, ha="center", va="center", fontsize=12, fontweight="bold")
    subtitle = L("subtitle", hijri_date=hijri, date=date) if hijri else _mpl(date)
    fig.text(0.5, 0.937, subtitle, ha="center", va="center", fontsize=8, color="#333333")
    source = str(getattr(scenario.terrain, "source", "synthetic"))
    note = L("note_synthetic") if source == "synthetic" else L("note_dem", source=Path(source).name)
    fig.text(0.955, 0.012, note, ha="right", va="bottom", fontsize=6.5, style="italic", color="#444444")

    # --- where the furniture goes -----------------------------------------------------------
    clutter = [np.array([[sx, sy], [hx, hy]])]
    for arr in (result.path_xy, result.tracker_xy):
        if len(arr):
            clutter.append(_km(arr)[:: max(1, len(arr) // 400)])
    pts = np.vstack(clutter)
    frac = np.column_stack(((pts[:, 0] - west) / (east - west), (pts[:, 1] - south) / (north - south)))
    inset_size = 0.36
    order = _corner_order(frac, [(inset_size + 0.03, inset_size + 0.03), (0.36, 0.3)])
    inset_corner, legend_corner, bar_corner = order[0], order[1], order[2]
    if not inset:
        legend_corner, bar_corner = order[0], order[1]

    # --- legend -----------------------------------------------------------------------------
    handles = [
        Line2D([], [], marker=st["marker"], color=st["color"], mec="white", ls="none", ms=6, label=L("start")),
        Line2D([], [], marker=hd["marker"], color=hd["color"], mec="white", ls="none", ms=7, label=L("hideout")),
    ]
    if len(result.route_xy):
        s = styles["route"]
        handles.append(Line2D([], [], color=s["color"], lw=s["lw"] + 0.2, ls=s["ls"], label=L("route")))
    if len(result.path_xy):
        handles.append(Line2D([], [], color=styles["path"]["color"], lw=1.4, label=L("path")))
    if result.branches:
        handles.append(Line2D([], [], color=styles["branches"]["color"], lw=2.2, label=L("branches")))
    if len(result.prints_xy):
        handles.append(Line2D([], [], marker="o", color=styles["prints"]["color"], alpha=0.7, ls="none",
                              ms=2.5, label=L("prints")))
        if np.asarray(result.prints_blood, dtype=bool).any():
            handles.append(Line2D([], [], marker="o", color=styles["blood"]["color"], ls="none", ms=3,
                                  label=L("blood")))
    if len(result.tracker_xy):
        s = styles["tracker"]
        handles.append(Line2D([], [], color=s["color"], lw=s["lw"], alpha=s["alpha"] + 0.1, label=L("tracker")))
    if voices_d is not None:
        handles.append(Line2D([], [], marker=styles["voices"]["marker"], color=styles["voices"]["color"],
                              ls=":", lw=0.8, ms=4, label=L("voices", distance=loc.dist(voices_d))))
    if closest_d is not None:
        handles.append(Line2D([], [], marker=styles["closest"]["marker"], color=styles["closest"]["color"],
                              ls="--", lw=0.8, ms=4, label=L("closest", distance=loc.dist(closest_d))))
    if end_xy is not None:
        handles.append(Line2D([], [], marker=te["marker"], color=te["color"], ls="none", ms=5, label=L("trail_end")))
    elif lost_xy is not None:
        handles.append(Line2D([], [], marker=te["marker"], color=te["color"], ls="none", ms=5, label=L("trail_lost")))
    if belief_time is not None:
        handles.append(Patch(facecolor="#b5367a", alpha=0.5, label=L("belief", time=belief_time)))
    leg = ax.legend(handles=handles, loc=_LEGEND_LOC[legend_corner], fontsize=6.2, framealpha=0.88,
                    borderpad=0.6, labelspacing=0.45, handlelength=2.2)
    leg.set_zorder(40)

    # --- scale bar and north arrow ----------------------------------------------------------
    span = east - west
    bar_km = max([v for v in (0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0) if v <= span / 4] or [0.05])
    _scale_bar(ax, bar_km, L("scale", cap=False, length=loc.dist(bar_km * 1000.0)), bar_corner)
    _north_arrow(ax, L("north"), bar_corner)

    # --- zoom inset around the hideout --------------------------------------------------------
    if inset:
        _draw_inset(ax, result, styles, inset_corner, inset_size, L, loc, closest_d, end_xy or lost_xy,
                    voices_xy, voices_d)

    return save_png(fig, path)


def _draw_inset(ax, result, styles, corner, size, L, loc, closest_d, end_xy, voices_xy=None,
                voices_d=None) -> None:
    terrain = result.terrain
    hx, hy = np.asarray(result.hideout_xy, dtype=float) / 1000.0
    half = _INSET_HALF_M / 1000.0
    axin = ax.inset_axes(_inset_bounds(corner, size))
    axin.set_xlim(hx - half, hx + half)
    axin.set_ylim(hy - half, hy + half)
    axin.set_aspect("equal")
    hideout = [float(v) for v in result.hideout_xy]
    limits = (hx - half, hx + half, hy - half, hy + half)
    place(axin, cached_layer("map-inset", terrain, {"centre_m": hideout, "half_m": _INSET_HALF_M},
                             axes_size_px(axin), ax.figure.dpi, limits,
                             lambda a: draw_inset_terrain(a, terrain, hideout)), limits)
    _draw_layers(axin, result, styles, zoom=True)
    hd = styles["hideout"]
    if closest_d is not None and result.closest_xy is not None:
        cl = styles["closest"]
        axin.add_patch(Circle((hx, hy), closest_d / 1000.0, fill=False, ec=cl["color"], lw=1.0, ls="--", zorder=15))
        cx, cy = (float(v) / 1000.0 for v in result.closest_xy)
        axin.plot([cx], [cy], marker=cl["marker"], ms=cl["size"] + 1, color=cl["color"], mec="white", mew=0.6,
                  ls="none", zorder=16)
        axin.annotate(_mpl(loc.dist(closest_d)), (hx, hy + closest_d / 1000.0), xytext=(0, 3),
                      textcoords="offset points", ha="center", va="bottom", fontsize=6, color=cl["color"],
                      fontweight="bold", path_effects=_HALO, zorder=22)
    if voices_xy is not None:
        vo = styles["voices"]
        axin.add_patch(Circle((hx, hy), voices_d / 1000.0, fill=False, ec=vo["color"], lw=1.0, ls=":", zorder=15))
        axin.plot([voices_xy[0] / 1000.0], [voices_xy[1] / 1000.0], marker=vo["marker"], ms=vo["size"] + 1,
                  color=vo["color"], mec="white", mew=0.6, ls="none", zorder=16)
        axin.annotate(_mpl(loc.dist(voices_d)), (hx, hy - voices_d / 1000.0), xytext=(0, -3),
                      textcoords="offset points", ha="center", va="top", fontsize=6, color=vo["color"],
                      fontweight="bold", path_effects=_HALO, zorder=22)
    if end_xy is not None:
        te = styles["trail_end"]
        axin.plot([end_xy[0] / 1000.0], [end_xy[1] / 1000.0], marker=te["marker"], ms=te["size"],
                  color=te["color"], mec="white", mew=0.6, ls="none", zorder=17)
    axin.plot([hx], [hy], marker=hd["marker"], ms=hd["size"] - 1, color=hd["color"], mec="white", mew=1.0,
              ls="none", zorder=20)
    axin.set_xticks([])
    axin.set_yticks([])
    for spine in axin.spines.values():
        spine.set_linewidth(0.9)
    axin.set_title(L("inset"), fontsize=6.5, pad=2)
    bar_corner = "ll" if corner in ("ur", "lr", "ul") else "lr"
    _scale_bar(axin, 0.1, loc.dist(100.0), bar_corner, fontsize=5.5)
    ax.indicate_inset_zoom(axin, edgecolor="#222222", lw=0.8, alpha=0.9)
