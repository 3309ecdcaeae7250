"""The sweep's figures, drawn from the summary rows and DuckDB histograms (no episode rows in memory).

Which points go in which figure follows from the design itself: a numeric setting varied on its
own around the baseline (e.g. `evaders.tactics.wait_days`) becomes a curve; every other point is
a bar. Figures use Matplotlib's object API on an Agg canvas, so no GUI backend or global pyplot
state is involved.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from sevr.montecarlo.summary import histogram
from sevr.report.png import save_png

MAX_PANELS = 12
COLOURS = {"baseline": "#333333", "ablation": "#3b75af", "what-if": "#e08a2c"}


def draw_all(out: Path, rows: list[dict], manifest: dict) -> list[Path]:
    """Draw every figure of a sweep into `out` and return the files written.

    A numeric design path varied on its own around the baseline gets a curve of P(found)
    against its values; the other points share a bar chart (when there are at least two) and a
    panel each (at most MAX_PANELS) of tracker-delay histograms.

    Parameters
    ----------
    out : path
        The sweep folder (figures are written into it).
    rows : list of dict
        The summary rows, one per point (`summarize`).
    manifest : dict
        The sweep's manifest (design paths, column types, baseline values).

    Returns
    -------
    list of Path
        The PNG files written.
    """
    out = Path(out)
    curves = _curve_paths(rows, manifest)
    bars = [r for r in rows if not any(_changed(r, manifest) == {p} for p in curves)]
    files = []
    if len(bars) >= 2:
        files.append(_bars(bars, manifest, out / "p_found_by_point.png"))
    for dotted in curves:
        files.append(_curve(rows, manifest, dotted, out / f"p_found_vs_{dotted.rsplit('.', 1)[-1]}.png"))
    shown = [r for r in bars if r["episodes"]][:MAX_PANELS]
    if shown:
        files.append(_delay_histograms(out, shown, manifest, out / "tracker_delay.png"))
    return files


def _changed(row: dict, manifest: dict) -> set[str]:
    """The design paths where this point differs from the scenario as written."""
    return {k for k in manifest["paths"] if row[k] != manifest["baseline"][k]}


def _curve_paths(rows, manifest) -> list[str]:
    out = []
    for k in manifest["paths"]:
        if manifest["column_types"][k] not in ("int64", "double"):
            continue
        values = {r[k] for r in rows if _changed(r, manifest) <= {k}}
        if len(values) >= 2:
            out.append(k)
    return out


def _kind(row, manifest) -> str:
    changed = _changed(row, manifest)
    if not changed:
        return "baseline"
    return "what-if" if any(k.startswith("facts.") for k in changed) else "ablation"


def _save(fig: Figure, path: Path) -> Path:
    return save_png(fig, path, dpi=120)


def _bars(rows, manifest, path: Path) -> Path:
    n = len(rows)
    fig = Figure(figsize=(9.0, 1.2 + 0.42 * n), layout="constrained")
    ax = fig.add_subplot()
    y = np.arange(n)[::-1]
    p = np.array([r["p_found"] for r in rows])
    lo = np.array([r["p_found_lo"] for r in rows])
    hi = np.array([r["p_found_hi"] for r in rows])
    kinds = [_kind(r, manifest) for r in rows]
    # A what-if that changes a story fact can dwarf every tactic; cut the axis above the others so
    # their differences stay visible, and write the value of any bar that runs past the cut.
    others = [h for h, k in zip(hi, kinds) if k != "what-if"]
    top = min(1.0, max(0.05, 1.3 * max(others) if others else 1.0))
    top = 1.0 if top > 0.6 else top
    ax.barh(y, np.minimum(p, top), color=[COLOURS[k] for k in kinds])
    inside = hi <= top
    ax.errorbar(p[inside], y[inside], xerr=[p[inside] - lo[inside], hi[inside] - p[inside]], fmt="none",
                ecolor="black", elinewidth=1.0, capsize=3)
    for yi, pi, li, hi_i, ok in zip(y, p, lo, hi, inside):
        text = f"{pi:.3f} [{li:.3f}, {hi_i:.3f}]"
        ax.text(hi_i + top * 0.01 if ok else top * 0.99, yi, text if ok else text + " →", va="center",
                ha="left" if ok else "right", fontsize=7.5, color="black" if ok else "white")
    base = next((r for r, k in zip(rows, kinds) if k == "baseline"), None)
    if base is not None:
        ax.axvline(base["p_found"], color=COLOURS["baseline"], lw=0.8, ls="--")
    ax.set_yticks(y, [r["label"] for r in rows], fontsize=8)
    ax.set_xlim(0, top * 1.18 if top < 1.0 else 1.0)
    cut = f"\n(axis cut at {top:.2f}; bars that run past it are marked →)" if top < 1.0 and not inside.all() else ""
    ax.set_xlabel(f"P(found): bar = estimate, whiskers and brackets = 95 % Wilson interval{cut}", fontsize=9)
    ax.set_title(f"{manifest['title']}\nP(found) by point ({manifest['episodes']:,} episodes each)", fontsize=10)
    handles = [Patch(color=COLOURS[k], label=lbl) for k, lbl in
               (("baseline", "as in the story"), ("ablation", "tactic changed"),
                ("what-if", "story fact changed (what-if)")) if k in kinds]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=8)
    return _save(fig, path)


def _curve(rows, manifest, dotted: str, path: Path) -> Path:
    chosen = sorted((r for r in rows if _changed(r, manifest) <= {dotted}), key=lambda r: r[dotted])
    x = np.array([r[dotted] for r in chosen], dtype=float)
    fig = Figure(figsize=(6.5, 4.2), layout="constrained")
    ax = fig.add_subplot()
    nudge = 0.015 * (np.ptp(x) or 1.0)  # the two series often coincide: shift them apart a little
    for key, label, colour, style, dx in (("found", "P(found), all causes", "#333333", "-s", -nudge),
                                          ("departure", "P(intercepted on departure)", "#3b75af", "--o", nudge)):
        p = np.array([r[f"p_{key}"] for r in chosen])
        err = np.array([[r[f"p_{key}"] - r[f"p_{key}_lo"], r[f"p_{key}_hi"] - r[f"p_{key}"]] for r in chosen]).T
        ax.errorbar(x + dx, p, yerr=err, fmt=style, capsize=3, color=colour, label=label, markersize=5)
    base = manifest["baseline"][dotted]
    ax.axvline(base, color="grey", lw=0.8, ls="--", label=f"scenario value ({base})")
    ax.set_xlabel(dotted + (" (days)" if dotted.endswith("_days") else ""))
    ax.set_ylabel("probability (95 % Wilson interval)")
    ax.set_ylim(bottom=0)
    if manifest["column_types"][dotted] == "int64":
        ax.set_xticks(np.unique(x))
    ax.set_title(f"P(found) against {dotted.rsplit('.', 1)[-1]}, other settings as in the scenario", fontsize=10)
    ax.legend(fontsize=8)
    return _save(fig, path)


def _delay_histograms(out, rows, manifest, path: Path) -> Path:
    """Tracker delay (false branches + searching for a lost trail), one panel per point."""
    edges, counts = histogram(out, "tracker_delay_min", [r["point"] for r in rows])
    n = len(rows)
    cols = min(3, n)
    nrows = math.ceil(n / cols)
    fig = Figure(figsize=(3.4 * cols, 2.3 * nrows + 0.6), layout="constrained")
    axes = fig.subplots(nrows, cols, sharex=True, squeeze=False).ravel()
    for ax, r in zip(axes, rows):
        c = counts.get(r["point"], np.zeros(len(edges) - 1))
        total = max(c.sum(), 1)
        ax.stairs(c / total, edges, fill=True, color=COLOURS[_kind(r, manifest)], alpha=0.8)
        ax.axvline(r["tracker_delay_min_mean"], color="black", lw=0.8, ls="--")
        ax.set_title(_short(r["label"]), fontsize=8)
        ax.text(0.98, 0.95, f"mean {r['tracker_delay_min_mean']:.0f} min\nof which branches "
                f"{r['tracker_branch_min_mean']:.0f}", transform=ax.transAxes, ha="right", va="top", fontsize=7)
        ax.tick_params(labelsize=7)
    for ax in axes[n:]:
        ax.set_visible(False)
    fig.supxlabel("tracker delay, minutes (false branches + lost-trail searches)", fontsize=9)
    fig.supylabel("fraction of episodes", fontsize=9)
    return _save(fig, path)


def _short(label: str, width: int = 42) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"
