"""Files of a search plan: plan.json, plan.csv, segments.geojson, plan_map.png and plan.html, and
the plan-folder files that let the search go on period by period (scenario.toml, grid.npz,
period-01/; see :mod:`sevr.planning.planfolder`).

All are written into a scratch folder next to the output folder and moved into place only
when every one of them is complete, so an error never leaves a half-written plan behind.
"""
from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import numpy as np

from sevr.report.folder import write_folder

from .exports import EXPORT_FILES, write_plan_exports
from .plan import Plan

__all__ = ["OUTPUT_FILES", "plan_to_dict", "plan_rows", "segments_geojson", "draw_plan_map", "write_plan_outputs",
           "plan_tables"]

OUTPUT_FILES = ("plan.json", "plan.csv", "segments.geojson", "plan_map.png", "plan.html", "scenario.toml", "grid.npz",
                "period-01") + EXPORT_FILES

CSV_COLUMNS = (
    "period", "segment", "area_km2", "poa_before", "searcher_hours", "team_hours", "coverage", "pod", "pos",
    "pos_absolute", "poa_after", "cumulative_pod", "cumulative_pos_absolute",
)


def _clean(obj):
    """JSON-safe copy: numpy scalars to Python, non-finite floats to None."""
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return _clean(obj.tolist())
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        v = float(obj)
        return v if math.isfinite(v) else None
    return obj


def _team_size(plan: Plan) -> float:
    """Searchers per team averaged over teams (to express searcher-hours as team-hours)."""
    teams = sum(t.teams for t in plan.teams)
    return plan.searchers / teams


def plan_rows(plan: Plan) -> list[dict]:
    """One row per (period, searched segment): the table of plan.csv and of the console."""
    size = _team_size(plan)
    rows = []
    for per in plan.periods:
        for r in per.entry["segments"]:
            rows.append({
                "period": per.index,
                "segment": r["segment"],
                "area_km2": r["area_m2"] / 1e6,
                "poa_before": r["poa_before"],
                "searcher_hours": r["searcher_hours"],
                "team_hours": r["searcher_hours"] / size,
                "coverage": r["coverage"],
                "pod": r["pod"],
                "pos": r["pos"],
                "pos_absolute": r["pos_absolute"],
                "poa_after": r["poa_after"],
                "cumulative_pod": r["cumulative_pod"],
                "cumulative_pos_absolute": r["cumulative_pos_absolute"],
            })
    return rows


def plan_to_dict(plan: Plan) -> dict:
    """Everything in plan.json."""
    lat, lon = plan.frame.to_latlon(*plan.ipp_xy) if plan.frame is not None else (None, None)
    seg = plan.segmentation
    table = {row["segment"]: row for row in plan.ledger.table()}
    hours = plan.hours_by_segment()
    segments = []
    for i, s in enumerate(seg.segments):
        w, e, so, n = seg.boxes[i]
        row = table[s.id]
        segments.append({
            "id": s.id, "area_m2": s.area_m2, "bounds_m": {"west": w, "east": e, "south": so, "north": n},
            "poa_initial": row["poa_initial"], "poa_final": row["poa"], "searcher_hours": float(hours[i]),
            "cumulative_pod": row["cumulative_pod"], "cumulative_pos_absolute": row["cumulative_pos_absolute"],
            **({"name": seg.names[i], "bounded_by": list(seg.bounded_by[i])} if seg.names is not None else {}),
        })
    return _clean({
        "scenario": plan.name,
        "title": plan.title,
        "ipp": {"name": plan.ipp_name, "lat": lat, "lon": lon, "x_m": plan.ipp_xy[0], "y_m": plan.ipp_xy[1]},
        "distance_fit": plan.fit.report() if plan.fit is not None else None,
        "surface": {
            "rest_of_world": plan.surface.row,
            "ring_mass_on_map": plan.surface.ring_mass_on_map,
            "cell_m": plan.terrain.cell_m if plan.terrain is not None else None,
            "drainage_cells": int(plan.surface.drainage.sum()),
            "trails": [{"name": n, "length_m": float(np.hypot(*np.diff(xy, axis=0).T).sum())}
                       for n, xy in plan.surface.trails],
        },
        "teams": [{"name": t.name, "teams": t.teams, "searchers_per_team": t.searchers_per_team,
                   "sweep_width_m": t.sweep_width_m, "speed_kmh": t.speed_kmh} for t in plan.teams],
        "operations": {
            "hours_per_period": plan.hours_per_period,
            "periods_requested": plan.periods_requested,
            "periods_planned": len(plan.periods),
            "suspended_before_period": plan.suspended_before,
            "searchers": plan.searchers,
            "searcher_hours_per_period": plan.budget_per_period,
            "detection_law": plan.law,
            **plan.meta,
        },
        "suspension_rule": {"min_pos_per_searcher_hour": plan.rule.min_pos_per_searcher_hour,
                            "min_poa_in_area": plan.rule.min_poa_in_area},
        "periods": [{
            "period": per.index,
            "check_before": per.check.as_dict(),
            "searcher_hours": per.entry["searcher_hours"],
            "pos": per.entry["pos"],
            "pos_absolute": per.entry["pos_absolute"],
            "cumulative_pos": per.entry["cumulative_pos"],
            "poa_in_area_after": per.entry["poa_in_area_after"],
            "row_after": per.entry["row_after"],
            "segments": per.entry["segments"],
            "searches": per.entry["searches"],
        } for per in plan.periods],
        "final_check": plan.final_check.as_dict(),
        "summary": plan.ledger.summary(),
        "segments": segments,
    })


def segments_geojson(plan: Plan) -> dict:
    """A FeatureCollection of the segments (WGS84 lon/lat, counter-clockwise closed rings)."""
    if plan.frame is None:
        raise ValueError("the plan has no geographic frame; cannot write lon/lat polygons")
    seg = plan.segmentation
    rings = seg.rings_lonlat(plan.frame)
    table = {row["segment"]: row for row in plan.ledger.table()}
    hours = plan.hours_by_segment()
    per_period = {per.index: per.hours for per in plan.periods}
    features = []
    for i, (s, ring) in enumerate(zip(seg.segments, rings)):
        row = table[s.id]
        props = {
            "id": s.id,
            "area_km2": s.area_m2 / 1e6,
            "POA": row["poa_initial"],
            "POA_final": row["poa"],
            "POD": row["cumulative_pod"],
            "POS": row["cumulative_pos_absolute"],
            "hours": float(hours[i]),
        }
        for k, h in per_period.items():
            props[f"hours_p{k}"] = float(h[i])
        if seg.names is not None:
            props["name"] = seg.names[i]
            props["bounded_by"] = list(seg.bounded_by[i])
        features.append({"type": "Feature", "id": s.id, "properties": props,
                         "geometry": {"type": "Polygon", "coordinates": ring}})
    return _clean({"type": "FeatureCollection", "name": f"{plan.name}_segments", "features": features})


# ----------------------------------------------------------------------------------------------
# map


def _nice_length(target_m: float) -> float:
    exp = 10 ** math.floor(math.log10(target_m))
    for m in (5, 2, 1):
        if m * exp <= target_m:
            return m * exp
    return exp


def _segment_centres(plan: Plan) -> np.ndarray:
    """(x, y) metres of a label point per segment: its mean cell centre when that cell is in the
    segment, else the segment's cell nearest to it."""
    from scipy import ndimage

    seg, terrain = plan.segmentation, plan.terrain
    lab = seg.labels
    n = np.bincount(lab.ravel(), minlength=seg.n)
    rr, cc = np.indices(lab.shape, sparse=True)
    mr = np.bincount(lab.ravel(), weights=np.broadcast_to(rr, lab.shape).ravel(), minlength=seg.n) / n
    mc = np.bincount(lab.ravel(), weights=np.broadcast_to(cc, lab.shape).ravel(), minlength=seg.n) / n
    r = np.clip(np.round(mr).astype(int), 0, lab.shape[0] - 1)
    c = np.clip(np.round(mc).astype(int), 0, lab.shape[1] - 1)
    objs = ndimage.find_objects(lab + 1)
    for k in np.flatnonzero(lab[r, c] != np.arange(seg.n)):
        rs, cs = objs[k]
        ir, ic = np.nonzero(lab[rs, cs] == k)
        j = np.argmin((ir + rs.start - mr[k]) ** 2 + (ic + cs.start - mc[k]) ** 2)
        r[k], c[k] = ir[j] + rs.start, ic[j] + cs.start
    x, y = terrain.rc_to_xy(r, c)
    return np.column_stack([x, y])


def draw_plan_map(plan: Plan, path) -> None:
    """Two panels: the initial probability surface with the plan, and the map after it.

    Probability is drawn per km² on a log scale over the hillshade; segments given more than
    0.05 searcher-hours are outlined.

    Parameters
    ----------
    plan : Plan
        A plan with terrain (see :func:`sevr.planning.plan.plan_scenario`).
    path : str or Path
        The PNG file to write.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection
    from matplotlib.colors import ListedColormap, LogNorm
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle

    terrain = plan.terrain
    seg = plan.segmentation
    ext_km = tuple(v / 1000.0 for v in terrain.extent)
    cell_km2 = (terrain.cell_m / 1000.0) ** 2
    shade = terrain.hillshade()
    prior = plan.surface.p / cell_km2  # probability per km²
    post = plan.posterior.p_ * plan.ledger.poa_in_area / cell_km2
    positive = prior[prior > 0]
    vmax = float(positive.max()) if positive.size else 1.0
    vmin = vmax * 1e-3
    norm = LogNorm(vmin=vmin, vmax=vmax)
    hours = plan.hours_by_segment()
    searched = [seg.boxes[i] for i in np.flatnonzero(hours > 0.05)]
    water = ListedColormap(["#2b7bd6"])
    xs_km = (terrain.west_m + (np.arange(terrain.shape[1]) + 0.5) * terrain.cell_m) / 1000
    ys_km = (terrain.north_m - (np.arange(terrain.shape[0]) + 0.5) * terrain.cell_m) / 1000
    zmin, zmax = float(terrain.elevation.min()), float(terrain.elevation.max())
    levels = np.arange(math.ceil(zmin / 200) * 200, zmax, 200)

    fig, axes = plt.subplots(1, 2, figsize=(16, 7.9), constrained_layout=True)
    panels = (
        (axes[0], prior, f"Probability map and plan: {len(plan.periods)} period(s) × "
                         f"{plan.budget_per_period:.0f} searcher-hours"),
        (axes[1], post, f"After the plan: cumulative POS {plan.ledger.cumulative_pos:.0%}, "
                        f"ROW now {plan.ledger.row:.0%}"),
    )
    ix, iy = (v / 1000.0 for v in plan.ipp_xy)
    for ax, grid, title in panels:
        ax.imshow(shade, extent=ext_km, origin="upper", cmap="gray", vmin=0, vmax=1, interpolation="bilinear")
        masked = np.ma.masked_less(grid, vmin)
        im = ax.imshow(masked, extent=ext_km, origin="upper", cmap="inferno_r", norm=norm, alpha=0.55,
                       interpolation="nearest", interpolation_stage="rgba")
        ax.contour(xs_km, ys_km, terrain.elevation, levels=levels, colors="#6b4f2a", linewidths=0.4, alpha=0.6)
        # drainages and trails
        dr = np.ma.masked_where(~plan.surface.drainage, np.ones(terrain.shape))
        ax.imshow(dr, extent=ext_km, origin="upper", cmap=water, vmin=0, vmax=1, alpha=0.8,
                  interpolation="nearest", interpolation_stage="rgba")
        for name, x, y in plan.landmarks:
            ax.plot([x / 1000], [y / 1000], marker="^", ms=7, mfc="#6b4f2a", mec="white", mew=0.8, zorder=6)
            ax.text(x / 1000, y / 1000 + 0.25, name, ha="center", va="bottom", fontsize=7.5, zorder=6,
                    color="#3d2b12", bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="none", alpha=0.6))
        for name, xy in plan.surface.trails:
            ax.plot(xy[:, 0] / 1000, xy[:, 1] / 1000, color="#1a7f37", lw=1.4, ls=(0, (4, 2)))
        # segment outlines
        lines = [np.asarray(ring) / 1000 for rings in seg.rings_m() for ring in rings]
        ax.add_collection(LineCollection(lines, colors="0.25", linewidths=0.35, alpha=0.6))
        # rings at the distance quantiles
        for p, q in zip(plan.fit.probs, plan.fit.observed_km):
            circ = plt.Circle((ix, iy), q, fill=False, color="#1f4e9c", lw=1.1, ls="--")
            ax.add_patch(circ)
            ang = math.radians(58)
            tx, ty = ix + q * math.cos(ang), iy + q * math.sin(ang)
            covered = ax is axes[0] and any(w / 1000 <= tx <= e / 1000 and s / 1000 <= ty <= n / 1000
                                            for w, e, s, n in searched)
            if ext_km[0] < tx < ext_km[1] and ext_km[2] < ty < ext_km[3] and not covered:
                ax.text(tx, ty, f"{p:.0%} · {q:g} km", color="#1f4e9c", fontsize=7.5, ha="left", va="bottom",
                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.7))
        ax.plot([ix], [iy], marker="*", ms=16, mfc="#ffd400", mec="black", mew=1.0, zorder=6)
        ax.set_xlim(ext_km[0], ext_km[1])
        ax.set_ylim(ext_km[2], ext_km[3])
        ax.set_aspect("equal")
        ax.set_xlabel("km east of the frame origin")
        ax.set_ylabel("km north of the frame origin")
        ax.set_title(title, fontsize=11)
        # scale bar
        span = ext_km[1] - ext_km[0]
        bar = _nice_length(span / 5)
        x0, y0 = ext_km[0] + 0.04 * span, ext_km[2] + 0.04 * (ext_km[3] - ext_km[2])
        ax.add_patch(Rectangle((x0, y0), bar, 0.012 * span, fc="black", ec="black", zorder=7))
        ax.add_patch(Rectangle((x0 + bar / 2, y0), bar / 2, 0.012 * span, fc="white", ec="black", zorder=7))
        ax.text(x0 + bar / 2, y0 + 0.02 * span, f"{bar:g} km", ha="center", va="bottom", fontsize=8, zorder=7,
                bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.7))

    # searched segments: outlined and labelled with their hours on the left panel
    ax = axes[0]
    size = _team_size(plan)
    rings_m = seg.rings_m()
    centres = _segment_centres(plan)
    for i in np.flatnonzero(hours > 0.05):
        outline = [np.asarray(ring) / 1000 for ring in rings_m[i]]
        ax.add_collection(LineCollection(outline, colors="#0057b8", linewidths=1.8, zorder=5))
        axes[1].add_collection(LineCollection(outline, colors="#0057b8", linewidths=1.0, zorder=5))
        label = f"{hours[i]:.0f} h" if hours[i] >= 9.5 else f"{hours[i]:.1f} h"
        ax.text(*(centres[i] / 1000), f"{seg.ids[i]}\n{label}", ha="center", va="center",
                fontsize=6.5, zorder=6, color="black",
                bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="none", alpha=0.75))

    cb = fig.colorbar(im, ax=axes, shrink=0.8, pad=0.01)
    cb.set_label("probability per km² (of the subject being there)")
    handles = [
        Line2D([], [], marker="*", ls="", ms=13, mfc="#ffd400", mec="black", label=f"IPP: {plan.ipp_name}"),
        Line2D([], [], color="#1f4e9c", ls="--", label="distance rings (Koester quartiles, 95 %)"),
        Line2D([], [], color="#1a7f37", ls=(0, (4, 2)), label="trails (least-cost routes)"),
        Patch(fc="#2b7bd6", alpha=0.8, label="drainages (flow accumulation)"),
        Line2D([], [], color="#6b4f2a", lw=0.6, label="contours every 200 m"),
        Patch(fc="none", ec="#0057b8", lw=1.8, label=f"searched segment: id and searcher-hours "
                                                     f"(÷{size:g} = team-hours)"),
        Patch(fc="none", ec="0.25", lw=0.5, label=f"segments ({seg.n}, median {np.median(seg.areas_m2) / 1e6:.2g} km²)"),
    ]
    axes[0].legend(handles=handles, loc="upper left", fontsize=7.5, framealpha=0.85)
    fig.suptitle(f"{plan.title} — search plan", fontsize=13)
    fig.savefig(path, dpi=120)
    plt.close(fig)


# ----------------------------------------------------------------------------------------------
# writing


def _csv_text(rows: list[dict], columns=CSV_COLUMNS) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: (f"{v:.6g}" if isinstance(v, float) else v) for k, v in r.items()})
    return buf.getvalue()


def write_plan_outputs(plan: Plan, out_dir, progress=lambda step: None, *,
                       scenario_toml: str | None = None) -> dict[str, Path]:
    """Write the plan files (OUTPUT_FILES) into *out_dir* (created if needed), atomically as a set.

    *scenario_toml* (the resolved scenario) is kept as scenario.toml so the folder records what
    was planned; period-01/ holds the first operational period (see
    :mod:`sevr.planning.planfolder`). An existing folder whose search was already debriefed is
    refused.

    Parameters
    ----------
    plan : Plan
        The plan to write.
    out_dir : str or Path
        The plan folder.
    progress : callable, optional
        Called with a short text before each step.
    scenario_toml : str, optional
        The resolved scenario's TOML text.

    Returns
    -------
    dict of str to Path
        The path of each file written, by name.

    Raises
    ------
    InputError
        If `out_dir` holds periods after the first (a search already debriefed), or exists and
        is not a folder.
    """
    from .planfolder import check_plan_out, manifest_fields, write_plan_folder_files

    check_plan_out(out_dir)

    def build(tmp: Path) -> None:
        progress("writing plan.json, plan.csv and segments.geojson")
        record = {**plan_to_dict(plan), **_clean(manifest_fields(plan, scenario_toml))}
        (tmp / "plan.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (tmp / "plan.csv").write_text(_csv_text(plan_rows(plan)), encoding="utf-8")
        (tmp / "segments.geojson").write_text(json.dumps(segments_geojson(plan), ensure_ascii=False) + "\n",
                                              encoding="utf-8")
        progress("drawing plan_map.png")
        draw_plan_map(plan, tmp / "plan_map.png")
        progress("writing plan.html")
        from sevr.report.planpage import write_plan_page

        write_plan_page(plan, tmp / "plan.html")
        progress("writing the exports (CalTopo, KML, GPX, GeoTIFF, assignment sheets)")
        write_plan_exports(plan, tmp)
        progress("writing the plan folder: grid.npz and period-01")
        write_plan_folder_files(plan, tmp, scenario_toml)

    return write_folder(out_dir, build, OUTPUT_FILES)


# ----------------------------------------------------------------------------------------------
# console


def plan_tables(plan: Plan) -> list:
    """Rich tables for the console: one per period (searched segments, highest POA first) and a
    summary with the suspension check."""
    from rich import box
    from rich.table import Table

    size = _team_size(plan)
    tables = []
    for per in plan.periods:
        e = per.entry
        t = Table(title=f"Period {per.index}: {e['searcher_hours']:.0f} searcher-hours "
                        f"({plan.hours_per_period:g} h × {plan.searchers} searchers)",
                  caption=f"period POS {e['pos']:.1%} (given not found before) · cumulative POS "
                          f"{e['cumulative_pos']:.1%} · POA in area {e['poa_in_area_after']:.1%} · "
                          f"ROW {e['row_after']:.1%}",
                  title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
        for col in ("segment", "POA", "srch-h", "team-h", "cover", "POD", "POS", "cum.POD", "cum.POS"):
            t.add_column(col, justify="left" if col == "segment" else "right", no_wrap=True, min_width=len(col))
        for r in sorted(e["segments"], key=lambda r: -r["poa_before"]):
            t.add_row(r["segment"], f"{r['poa_before']:.3f}", f"{r['searcher_hours']:.1f}",
                      f"{r['searcher_hours'] / size:.1f}", f"{r['coverage']:.2f}", f"{r['pod']:.2f}",
                      f"{r['pos']:.3f}", f"{r['cumulative_pod']:.2f}", f"{r['cumulative_pos_absolute']:.3f}")
        tables.append(t)
    s = plan.ledger.summary()
    c = plan.final_check
    t = Table(title="Plan summary", show_header=False, title_justify="left")
    t.add_column("item")
    t.add_column("value", justify="right")
    t.add_row("periods planned", f"{len(plan.periods)} of {plan.periods_requested}"
              + (f" (suspension rule stopped before period {plan.suspended_before})" if plan.suspended_before else ""))
    t.add_row("searcher-hours", f"{s['searcher_hours']:.0f}")
    t.add_row("cumulative POS", f"{s['cumulative_pos']:.1%}")
    t.add_row("probability in the area (POA) now", f"{s['poa_in_area']:.1%}")
    t.add_row("rest of world (ROW): initial → now", f"{s['initial_row']:.1%} → {s['row']:.1%}")
    t.add_row("next period: POS per searcher-hour", f"{c.pos_per_searcher_hour:.2e} (threshold {c.min_pos_per_searcher_hour:.2e})")
    t.add_row("next period: marginal POS of the last hour", f"{c.marginal_pos_per_searcher_hour:.2e}")
    t.add_row("POA in area floor", f"{c.min_poa_in_area:.1%}")
    t.add_row("suspension check", c.verdict + ("" if c.continue_search else ": " + "; ".join(c.reasons)))
    tables.append(t)
    return tables
