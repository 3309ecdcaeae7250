"""Maps of one operational period (map.png) and of a debrief (debrief/coverage.png)."""
from __future__ import annotations

import numpy as np

from .cycle import Belief, Debrief, PeriodPlan, PlanGrid

__all__ = ["draw_period_map", "draw_debrief_map"]


def _hillshade(grid: PlanGrid) -> np.ndarray:
    from sevr.world import Terrain

    t = Terrain(np.asarray(grid.elevation, float), np.zeros(grid.shape, np.uint8), grid.cell_m, grid.west_m,
                grid.north_m)
    return t.hillshade()


def _boundaries(grid: PlanGrid) -> np.ndarray:
    """Segment boundaries as line pieces (km): cell edges between cells of different segments,
    so any labelling (blocks or drawn outlines) is outlined."""
    lab, c, w, n = grid.labels, grid.cell_m / 1000.0, grid.west_m / 1000.0, grid.north_m / 1000.0
    r, k = np.nonzero(lab[:, 1:] != lab[:, :-1])  # vertical edge left of column k + 1
    x = w + (k + 1) * c
    vert = np.stack([np.column_stack([x, n - r * c]), np.column_stack([x, n - (r + 1) * c])], 1)
    r, k = np.nonzero(lab[1:, :] != lab[:-1, :])  # horizontal edge above row r + 1
    y = n - (r + 1) * c
    horiz = np.stack([np.column_stack([w + k * c, y]), np.column_stack([w + (k + 1) * c, y])], 1)
    return np.concatenate([vert, horiz])


def _base(ax, grid: PlanGrid, shade: np.ndarray) -> tuple:
    from matplotlib.collections import LineCollection

    ext = tuple(v / 1000.0 for v in grid.extent)
    ax.imshow(shade, extent=ext, origin="upper", cmap="gray", vmin=0, vmax=1, interpolation="bilinear")
    ax.add_collection(LineCollection(_boundaries(grid), colors="0.25", linewidths=0.4, alpha=0.6))
    ix, iy = (v / 1000.0 for v in grid.ipp_xy)
    ax.plot([ix], [iy], marker="*", ms=14, mfc="#ffd400", mec="black", mew=1.0, zorder=6)
    ax.set_xlim(ext[0], ext[1])
    ax.set_ylim(ext[2], ext[3])
    ax.set_aspect("equal")
    ax.set_xlabel("km east of the frame origin")
    ax.set_ylabel("km north of the frame origin")
    return ext


def _probability(ax, fig, grid: PlanGrid, belief: Belief, ext, per: PeriodPlan, team_size: float):
    from matplotlib.colors import LogNorm
    from matplotlib.patches import Rectangle

    cell_km2 = (grid.cell_m / 1000.0) ** 2
    dens = belief.cells / cell_km2
    vmax = float(dens.max()) if dens.max() > 0 else 1.0
    im = ax.imshow(np.ma.masked_less(dens, vmax * 1e-3), extent=ext, origin="upper", cmap="inferno_r",
                   norm=LogNorm(vmin=vmax * 1e-3, vmax=vmax), alpha=0.55, interpolation="nearest",
                   interpolation_stage="rgba")
    for i in np.flatnonzero(per.searcher_hours > 0.05):
        w, e, s, n = (v / 1000.0 for v in grid.boxes[i])
        ax.add_patch(Rectangle((w, s), e - w, n - s, fill=False, ec="#0057b8", lw=1.6, zorder=5))
        h = per.searcher_hours[i]
        ax.text((w + e) / 2, (s + n) / 2, f"{grid.ids[i]}\n{h:.0f} h" if h >= 9.5 else f"{grid.ids[i]}\n{h:.1f} h",
                ha="center", va="center", fontsize=6, zorder=6,
                bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.75))
    cb = fig.colorbar(im, ax=ax, shrink=0.75, pad=0.01)
    cb.set_label("probability per km²")
    ax.set_title(f"Period {per.index}: {per.searcher_hours.sum():.0f} searcher-hours "
                 f"(÷{team_size:g} = team-hours), POS {per.pos.sum():.1%}, ROW {belief.row:.1%}", fontsize=10)


def draw_period_map(grid: PlanGrid, belief: Belief, per: PeriodPlan, path, *, title: str = "",
                    team_size: float = 1.0) -> None:
    """The belief before the period, the segments and the searcher-hours each gets.

    Parameters
    ----------
    grid : PlanGrid
        The plan folder's map and segments.
    belief : Belief
        Probabilities before the period (drawn per km²).
    per : PeriodPlan
        The period's allocation (searcher-hours per segment).
    path : str or Path
        The PNG file to write.
    title : str, optional
        Prefix of the figure's title.
    team_size : float, optional
        Searchers per team, quoted in the title to turn searcher-hours into team-hours.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8.6, 7.6), constrained_layout=True)
    ext = _base(ax, grid, _hillshade(grid))
    _probability(ax, fig, grid, belief, ext, per, team_size)
    fig.suptitle(f"{title} — period {per.index}" if title else f"Period {per.index}", fontsize=12)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def draw_debrief_map(grid: PlanGrid, d: Debrief, nxt: PeriodPlan, path, *, title: str = "", period: int = 1,
                     team_size: float = 1.0) -> None:
    """Left: the coverage the tracks gave each cell; right: the belief after the debrief and the
    next period's allocation.

    Parameters
    ----------
    grid : PlanGrid
        The plan folder's map and segments.
    d : Debrief
        What the debrief found (coverage, POD, clues, tracks, belief after).
    nxt : PeriodPlan
        The allocation of the next period.
    path : str or Path
        The PNG file to write.
    title : str, optional
        Prefix of the figure's title.
    period : int, optional
        The number of the period debriefed.
    team_size : float, optional
        Searchers per team, quoted in the right panel's title.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.colors import Normalize

    shade = _hillshade(grid)
    fig, axes = plt.subplots(1, 2, figsize=(16, 7.4), constrained_layout=True)
    ext = _base(axes[0], grid, shade)
    cov = np.ma.masked_less_equal(d.coverage, 0)
    top = max(1.0, float(d.coverage.max())) if d.coverage.size else 1.0
    im = axes[0].imshow(cov, extent=ext, origin="upper", cmap="viridis", norm=Normalize(0, min(top, 3.0)),
                        alpha=0.8, interpolation="nearest", interpolation_stage="rgba")
    cb = fig.colorbar(im, ax=axes[0], shrink=0.75, pad=0.01)
    cb.set_label(f"coverage C = W·L/A (W = {d.sweep_width_m:g} m); POD = 1 − e^−C"
                 if d.law == "exponential" else f"coverage C (W = {d.sweep_width_m:g} m), law {d.law}")
    searched = np.flatnonzero(d.segment_coverage > 0)
    if searched.size:
        w = grid.boxes[searched, 0].min() / 1000
        e = grid.boxes[searched, 1].max() / 1000
        s = grid.boxes[searched, 2].min() / 1000
        n = grid.boxes[searched, 3].max() / 1000
        for c in d.clues:  # keep the clues in view
            w, e = min(w, c["x_m"] / 1000), max(e, c["x_m"] / 1000)
            s, n = min(s, c["y_m"] / 1000), max(n, c["y_m"] / 1000)
        pad = 0.15 * max(e - w, n - s, 1.0)
        axes[0].set_xlim(max(ext[0], w - pad), min(ext[1], e + pad))
        axes[0].set_ylim(max(ext[2], s - pad), min(ext[3], n + pad))
    for i in searched:
        w_, e_, s_, n_ = (v / 1000.0 for v in grid.boxes[i])
        axes[0].text((w_ + e_) / 2, n_, f"{grid.ids[i]} POD {d.segment_pod[i]:.0%}", ha="center", va="top",
                     fontsize=7, zorder=6, bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.75))
    for c in d.clues:
        axes[0].plot([c["x_m"] / 1000], [c["y_m"] / 1000], marker="X", ms=11, mfc="#d62728", mec="white", zorder=7)
        axes[0].annotate(c["kind"], (c["x_m"] / 1000, c["y_m"] / 1000), xytext=(6, 6), textcoords="offset points",
                         fontsize=8, color="#d62728", zorder=7)
    axes[0].set_title(f"Debrief of period {period}: {len(d.tracks)} track file(s), "
                      f"{sum(t['length_inside_m'] for t in d.tracks) / 1000:.1f} km walked in the area, "
                      f"POS {d.pos:.1%}", fontsize=10)
    _base(axes[1], grid, shade)
    _probability(axes[1], fig, grid, d.after, ext, nxt, team_size)
    for c in d.clues:
        axes[1].plot([c["x_m"] / 1000], [c["y_m"] / 1000], marker="X", ms=9, mfc="#d62728", mec="white", zorder=7)
    fig.suptitle(f"{title} — debrief of period {period} and plan of period {nxt.index}" if title else
                 f"Debrief of period {period} and plan of period {nxt.index}", fontsize=12)
    fig.savefig(path, dpi=100)
    plt.close(fig)
