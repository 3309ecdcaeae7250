"""assignments.pdf: one A4 sheet per assignment, the page a team leader takes into the field.

Each page has a map extract (hillshade, 50 m contours, a kilometre grid in the plan's local
frame with the latitude/longitude of its corners, a scale bar and a north arrow) with the
segment outlined, the team's strip shaded and its sweep route drawn from the start point,
and below it the task: team, hours, search pattern and spacing, target POD, the segment's
POA, the corner coordinates for the GPS, and standing instructions. Drawn with matplotlib's
PdfPages (no further dependency).
"""
from __future__ import annotations

import math
import textwrap
from pathlib import Path
from typing import Sequence

import numpy as np

from .assignments import Assignment
from .outputs import _nice_length  # the plan map's round scale lengths
from .plan import Plan

__all__ = ["write_assignment_sheets", "INSTRUCTIONS"]

INSTRUCTIONS = (
    "Keep the spacing; walk the lanes in order from the start point (green dot) and turn at the strip edge.",
    "Call the subject's name and listen at every lane end.",
    "A clue: do not touch it; mark it on the GPS, note the time, photograph it and radio it in.",
    "Keep the GPS track running all period; hand in the GPX at the debrief.",
    "Stop and report if the ground is unsafe or the time runs out before the strip is done.",
)
A4_IN = (8.27, 11.69)


def _extract(plan: Plan, box, margin_m: float):
    """Window of the terrain around *box*: (rows slice, cols slice, extent in m)."""
    t = plan.terrain
    w, e, s, n = box
    c0 = max(0, int(math.floor((w - margin_m - t.west_m) / t.cell_m)))
    c1 = min(t.shape[1], int(math.ceil((e + margin_m - t.west_m) / t.cell_m)))
    r0 = max(0, int(math.floor((t.north_m - (n + margin_m)) / t.cell_m)))
    r1 = min(t.shape[0], int(math.ceil((t.north_m - (s - margin_m)) / t.cell_m)))
    ext = (t.west_m + c0 * t.cell_m, t.west_m + c1 * t.cell_m, t.north_m - r1 * t.cell_m, t.north_m - r0 * t.cell_m)
    return slice(r0, r1), slice(c0, c1), ext


def _draw_page(pdf, plan: Plan, a: Assignment, shade: np.ndarray, text: str) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    t = plan.terrain
    w, e, s, n = a.segment_box
    size = max(e - w, n - s)
    rs, cs, ext = _extract(plan, a.segment_box, margin_m=max(0.25 * size, 2 * t.cell_m))
    fig = plt.figure(figsize=A4_IN)
    fig.text(0.06, 0.965, f"Assignment {a.id}", fontsize=18, fontweight="bold", va="top")
    fig.text(0.94, 0.965, f"{plan.title or plan.name}\nperiod {a.period} of {len(plan.periods)}", fontsize=9,
             ha="right", va="top")
    ax = fig.add_axes([0.1, 0.37, 0.8, 0.55])
    ax.imshow(shade[rs, cs], extent=ext, origin="upper", cmap="gray", vmin=0, vmax=1, interpolation="bilinear")
    z = t.elevation[rs, cs]
    if z.size > 4 and float(z.max() - z.min()) > 1:
        xs = t.west_m + (np.arange(cs.start, cs.stop) + 0.5) * t.cell_m
        ys = t.north_m - (np.arange(rs.start, rs.stop) + 0.5) * t.cell_m
        levels = np.arange(math.floor(float(z.min()) / 50) * 50, float(z.max()) + 50, 50)
        cset = ax.contour(xs, ys, z, levels=levels, colors="#6b4f2a", linewidths=0.5, alpha=0.8)
        ax.clabel(cset, levels[::4], fontsize=6, fmt="%d m")
    ax.add_patch(Rectangle((w, s), e - w, n - s, fill=False, ec="black", lw=2.2, zorder=5))
    bw, be, bs, bn = a.box
    ax.add_patch(Rectangle((bw, bs), be - bw, bn - bs, fc="#0057b8", alpha=0.12, ec="#0057b8", lw=1.2, zorder=4))
    ax.plot(a.route_xy[:, 0], a.route_xy[:, 1], color="#0057b8", lw=1.6, zorder=6)
    ax.plot(*a.route_xy[0], marker="o", ms=8, mfc="#1a7f37", mec="white", zorder=7)
    ax.plot(*a.route_xy[-1], marker="s", ms=7, mfc="#b00020", mec="white", zorder=7)
    ax.text((w + e) / 2, n, f" {a.segment} ", ha="center", va="bottom", fontsize=11, fontweight="bold", zorder=8,
            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="black", lw=0.6))
    ix, iy = plan.ipp_xy
    if ext[0] <= ix <= ext[1] and ext[2] <= iy <= ext[3]:
        ax.plot([ix], [iy], marker="*", ms=15, mfc="#ffd400", mec="black", zorder=8)
    # kilometre grid of the local frame
    span = max(ext[1] - ext[0], ext[3] - ext[2])
    step = _nice_length(span / 4)
    ax.set_xticks(np.arange(math.ceil(ext[0] / step) * step, ext[1] + 1e-6, step))
    ax.set_yticks(np.arange(math.ceil(ext[2] / step) * step, ext[3] + 1e-6, step))
    ax.xaxis.set_major_formatter(lambda v, _: f"{v / 1000:g}")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v / 1000:g}")
    ax.tick_params(labelsize=7)
    ax.grid(True, color="#333333", lw=0.4, alpha=0.6)
    ax.set_xlim(ext[0], ext[1])
    ax.set_ylim(ext[2], ext[3])
    ax.set_aspect("equal")
    ax.set_xlabel(f"km east of the plan origin (grid {step:g} m)", fontsize=7)
    ax.set_ylabel("km north of the plan origin", fontsize=7)
    # scale bar and north arrow
    bar = _nice_length(span / 4)
    x0, y0 = ext[0] + 0.04 * span, ext[2] + 0.04 * span
    ax.add_patch(Rectangle((x0, y0), bar, 0.012 * span, fc="black", ec="black", zorder=9))
    ax.add_patch(Rectangle((x0 + bar / 2, y0), bar / 2, 0.012 * span, fc="white", ec="black", zorder=9))
    ax.text(x0 + bar / 2, y0 + 0.02 * span, f"{bar:g} m", ha="center", va="bottom", fontsize=7, zorder=9,
            bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.8))
    ax.annotate("N", xy=(0.95, 0.95), xytext=(0.95, 0.86), xycoords="axes fraction", ha="center", fontsize=10,
                fontweight="bold", arrowprops=dict(arrowstyle="-|>", color="black"), zorder=9)
    fig.text(0.06, 0.33, text, fontsize=8.6, va="top", linespacing=1.45)
    pdf.savefig(fig)
    plt.close(fig)


def _corner_lines(plan: Plan, box) -> list[str]:
    w, e, s, n = box
    out = []
    for name, x, y in (("NW", w, n), ("NE", e, n), ("SW", w, s), ("SE", e, s)):
        lat, lon = plan.frame.to_latlon(x, y)
        out.append(f"{name} {lat:.5f}, {lon:.5f}")
    return out


def sheet_text(plan: Plan, a: Assignment) -> str:
    """The text block of an assignment's sheet."""
    w, e, s, n = a.box
    strip = (f"the whole segment ({(e - w) / 1000:.2f} × {(n - s) / 1000:.2f} km)" if a.strips == 1 else
             f"strip {a.strip} of {a.strips} from the west ({(e - w) / 1000:.2f} × {(n - s) / 1000:.2f} km)")
    cx, cy = (w + e) / 2, (s + n) / 2
    dx, dy = cx - plan.ipp_xy[0], cy - plan.ipp_xy[1]
    bearing = math.degrees(math.atan2(dx, dy)) % 360
    corners = _corner_lines(plan, a.box)
    lines = [
        f"Team: {a.team}, {a.searchers} searchers      Time in the field: {a.hours:.1f} h "
        f"(period of {plan.hours_per_period:g} h)",
        f"Ground: segment {a.segment}, {strip}; its centre lies {math.hypot(dx, dy) / 1000:.1f} km from the IPP, "
        f"bearing {bearing:.0f}° (true)",
        f"Pattern: parallel sweep in {a.lanes} north-south lane(s), searchers {a.spacing_m:.0f} m apart "
        f"(a pass {a.searchers * a.spacing_m:.0f} m wide); route {a.route_length_m / 1000:.1f} km",
        f"Target POD: {a.pod:.0%} (coverage {a.coverage:.2f} at sweep width {a.sweep_width_m:g} m, "
        f"{a.speed_kmh:g} km/h)      Segment POA at the start of the period: {100 * a.poa:.2f} %",
        "Strip corners (lat, lon, WGS84):   " + "      ".join(corners[:2]),
        "                                              " + "      ".join(corners[2:]),
        f"IPP: {plan.ipp_name} {plan.frame.to_latlon(*plan.ipp_xy)[0]:.5f}, "
        f"{plan.frame.to_latlon(*plan.ipp_xy)[1]:.5f}      GPS file: assignments.gpx, track {a.id}",
        "",
        "Instructions:",
    ]
    lines += ["  • " + "\n     ".join(textwrap.wrap(s, 100)) for s in INSTRUCTIONS]
    return "\n".join(lines)


def write_assignment_sheets(plan: Plan, assignments: Sequence[Assignment], path) -> Path:
    """Write one page per assignment to the PDF *path* (one page saying so if there are none)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    path = Path(path)
    shade = plan.terrain.hillshade()
    # no CreationDate: the same plan gives the same bytes
    meta = {"Title": f"{plan.title or plan.name}: assignments", "Creator": "sevr", "CreationDate": None}
    with PdfPages(path, metadata=meta) as pdf:
        for a in assignments:
            _draw_page(pdf, plan, a, shade, sheet_text(plan, a))
        if not assignments:
            fig = plt.figure(figsize=A4_IN)
            fig.text(0.5, 0.5, "No assignments in this plan.", ha="center", fontsize=14)
            pdf.savefig(fig)
            plt.close(fig)
    return path
