"""plan.html: a search plan as one offline page that answers "which segments, how many hours, what POS".

The page shows the probability surface over the terrain, the segments outlined, and a period
slider: after period k each cell's probability is the initial one times the chance that every
search of its segment so far missed, renormalised together with the rest of world (the same
Bayes-on-a-miss update the ledger applies to segment POAs). Hover or click a segment for its POA,
hours, POD and POS; the table below is sortable.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from sevr.report.replay import terrain_layer, ui_labels
from sevr.report.webpage import b64_uint8, render_page

__all__ = ["plan_page_data", "poa_after_periods", "write_plan_page"]

GRID_MAX_CELLS = 400     # longest side of the surface and label grids on the page


def poa_after_periods(poa0: np.ndarray, row0: float, pods: list[np.ndarray]) -> np.ndarray:
    """POA of each segment and the rest of world (last column) before and after each period.

    Parameters
    ----------
    poa0 : (n,) array
        Initial POA of the segments.
    row0 : float
        Initial rest-of-world probability.
    pods : list of (n,) arrays
        Each period's POD per segment (0 where not searched).

    Returns
    -------
    (len(pods) + 1, n + 1) array
        Row k: after period k (row 0: before any search); each row sums to 1.
    """
    p = np.append(np.asarray(poa0, dtype=float), float(row0))
    out = [p / p.sum()]
    for pod in pods:
        p = out[-1] * (1.0 - np.append(np.asarray(pod, dtype=float), 0.0))
        out.append(p / p.sum())
    return np.vstack(out)


def _grid_step(shape) -> int:
    return max(1, int(np.ceil(max(shape) / GRID_MAX_CELLS)))


def plan_page_data(plan, lang: str = "en") -> dict[str, Any]:
    """The page's data for a :class:`sevr.planning.plan.Plan` (JSON-able).

    Parameters
    ----------
    plan : Plan
        A search plan.
    lang : str, default="en"
        "en" or "tr" (the page's own words).

    Returns
    -------
    dict
        Extent (m), terrain image, a coarsened probability grid, per-segment area (km²), POA,
        hours, cumulative POD and POS after each period, the IPP, landmarks and labels.
    """
    seg, terrain = plan.segmentation, plan.terrain
    ids = seg.ids
    index = {sid: i for i, sid in enumerate(ids)}
    poa0 = seg.sum_by_segment(plan.surface.p)
    pods, pos_abs, hours = [], [], []
    for per in plan.periods:
        pod = np.zeros(seg.n)
        pa = np.zeros(seg.n)
        for r in per.entry["segments"]:
            pod[index[r["segment"]]] = r["pod"]
            pa[index[r["segment"]]] = r["pos_absolute"]
        pods.append(pod)
        pos_abs.append(pa)
        hours.append(np.asarray(per.hours, dtype=float))
    poa = poa_after_periods(poa0, plan.surface.row, pods)
    miss = np.cumprod(np.vstack([np.ones(seg.n)] + [1.0 - p for p in pods]), axis=0)
    step = _grid_step(seg.labels.shape)
    labels = np.asarray(seg.labels)[::step, ::step]
    surface = np.asarray(plan.surface.p, dtype=float)
    r, c = (surface.shape[0] // step) * step, (surface.shape[1] // step) * step
    coarse = surface[:r, :c].reshape(r // step, step, c // step, step).sum(axis=(1, 3))
    labels = labels[:coarse.shape[0], :coarse.shape[1]]
    top = float(coarse.max()) or 1.0
    west, east, south, north = terrain.extent
    cum_pos = [0.0] + [float(per.entry["cumulative_pos"]) for per in plan.periods]
    segments = []
    for i, s in enumerate(seg.segments):
        segments.append({
            "id": s.id, "area_km2": round(s.area_m2 / 1e6, 4),
            "box": [round(float(v), 1) for v in seg.boxes[i]],
            "poa": [round(float(v), 6) for v in poa[:, i]],
            "hours": [round(float(h[i]), 3) for h in hours],
            "pod": [round(float(1.0 - m), 6) for m in miss[:, i]],  # cumulative, after each period
            "pos": [round(float(v), 6) for v in np.cumsum([0.0] + [p[i] for p in pos_abs])],
        })
    return {
        "version": 1, "lang": lang, "title": plan.title, "scenario": plan.name,
        "extent": [west, east, south, north], "terrain": terrain_layer(terrain),
        "grid": {"rows": int(coarse.shape[0]), "cols": int(coarse.shape[1]), "cell": float(terrain.cell_m * step),
                 "west": float(terrain.west_m), "north": float(terrain.north_m),
                 "p": b64_uint8(np.round(255.0 * np.sqrt(coarse / top))),
                 "labels": b64_uint8((labels // 256).astype(np.uint8)) if seg.n > 255 else None,
                 "labels_lo": b64_uint8((labels % 256).astype(np.uint8))},
        "segments": segments,
        "periods": len(plan.periods),
        "row": [round(float(v), 6) for v in poa[:, -1]],
        "cum_pos": [round(v, 6) for v in cum_pos],
        "hours_per_period": float(plan.hours_per_period), "searchers": int(plan.searchers),
        "ipp": {"name": plan.ipp_name, "x": float(plan.ipp_xy[0]), "y": float(plan.ipp_xy[1])},
        "landmarks": [{"name": str(n), "x": float(x), "y": float(y)} for n, x, y in plan.landmarks],
        "ui": ui_labels(lang),
    }


def write_plan_page(plan, path, lang: str = "en") -> Path:
    """Write plan.html for a plan (see :func:`plan_page_data`); return the path.

    Parameters
    ----------
    plan : Plan
        A search plan.
    path : path
        The HTML file written.
    lang : str, default="en"
        "en" or "tr".

    Returns
    -------
    Path
    """
    data = plan_page_data(plan, lang)
    page = render_page("plan.html.tmpl", ["plan.js"], ["page.css"], data, f"{data['ui']['plan_title']} — {plan.title}", lang)
    path = Path(path)
    path.write_text(page, encoding="utf-8")
    return path
