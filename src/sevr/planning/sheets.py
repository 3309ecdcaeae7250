"""assignments.pdf: one A4 sheet per assignment, the page a team leader takes into the field.

Each page has a map extract (hillshade, 50 m contours, a kilometre grid in the plan's local
frame with the latitude/longitude of its corners, a scale bar and a north arrow) with the
segment's polygon outlined, the team's piece of it shaded and its sweep route drawn from the start point,
and below it the task: team, hours, search pattern and spacing, target POD, the segment's
POA, the corner coordinates for the GPS, and standing instructions. Drawn with matplotlib's
PdfPages; the hillshade and contours are computed once per file and cropped per page.
"""
from __future__ import annotations

import math
import textwrap
from pathlib import Path
from typing import Sequence

import numpy as np

from .assignments import Assignment
from .exports import FieldMap
from .outputs import _nice_length  # the plan map's round scale lengths

__all__ = ["write_assignment_sheets", "INSTRUCTIONS"]

INSTRUCTIONS = (
    "Keep the spacing; walk the lanes in order from the start point (green dot) and turn at the strip edge.",
    "Call the subject's name and listen at every lane end.",
    "A clue: do not touch it; mark it on the GPS, note the time, photograph it and radio it in.",
    "Keep the GPS track running all period; hand in the GPX at the debrief.",
    "Stop and report if the ground is unsafe or the time runs out before the strip is done.",
)
A4_IN = (8.27, 11.69)
CONTOUR_M = 50.0  # contour interval of the sheets' maps


def _extract(t, box, margin_m: float):
    """Window of the grid *t* around *box*: (rows slice, cols slice, extent in m)."""
    w, e, s, n = box
    c0 = max(0, int(math.floor((w - margin_m - t.west_m) / t.cell_m)))
    c1 = min(t.shape[1], int(math.ceil((e + margin_m - t.west_m) / t.cell_m)))
    r0 = max(0, int(math.floor((t.north_m - (n + margin_m)) / t.cell_m)))
    r1 = min(t.shape[0], int(math.ceil((t.north_m - (s - margin_m)) / t.cell_m)))
    ext = (t.west_m + c0 * t.cell_m, t.west_m + c1 * t.cell_m, t.north_m - r1 * t.cell_m, t.north_m - r0 * t.cell_m)
    return slice(r0, r1), slice(c0, c1), ext


def _parts(geom) -> list:
    """The polygons of a shapely Polygon or MultiPolygon (empty pieces dropped)."""
    if geom is None or geom.is_empty:
        return []
    return [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon" and not g.is_empty]


class _Background:
    """The map under every sheet, computed once per PDF: the hillshade of the whole grid and
    its contour lines (every :data:`CONTOUR_M` metres) with their bounding boxes, so that a
    page only crops the raster and picks the lines in its window."""

    def __init__(self, fmap: FieldMap):
        import contourpy

        from sevr.world.terrain import Terrain

        g = fmap.grid
        z = np.asarray(g.elevation, dtype=float)
        self.shade = Terrain(z, np.zeros(z.shape, np.uint8), g.cell_m, g.west_m, g.north_m).hillshade()
        self.lines: list[tuple[float, np.ndarray]] = []
        if z.size > 4 and float(z.max() - z.min()) > 1:
            ny, nx = z.shape
            xs = g.west_m + (np.arange(nx) + 0.5) * g.cell_m
            ys = g.north_m - (np.arange(ny) + 0.5) * g.cell_m
            gen = contourpy.contour_generator(xs, ys, z, line_type="Separate")
            for level in np.arange(np.ceil(z.min() / CONTOUR_M) * CONTOUR_M, z.max(), CONTOUR_M):
                self.lines += [(float(level), seg) for seg in gen.lines(level) if len(seg) > 1]
        self.boxes = np.array([(p[:, 0].min(), p[:, 0].max(), p[:, 1].min(), p[:, 1].max())
                               for _, p in self.lines]).reshape(-1, 4)

    def draw(self, ax, rs, cs, ext) -> None:
        """Draw the hillshade and the contour lines of a window onto *ax*, labelling some index contours.

        Parameters
        ----------
        ax : matplotlib.axes.Axes
            The page's map axes.
        rs, cs : slice
            Rows and columns of the grid in the window.
        ext : tuple of float
            (west, east, south, north) of the window, metres in the local frame.
        """
        from matplotlib.collections import LineCollection

        ax.imshow(self.shade[rs, cs], extent=ext, origin="upper", cmap="gray", vmin=0, vmax=1,
                  interpolation="bilinear")
        if not self.lines:
            return
        b = self.boxes
        near = np.flatnonzero((b[:, 1] >= ext[0]) & (b[:, 0] <= ext[1]) & (b[:, 3] >= ext[2]) & (b[:, 2] <= ext[3]))
        ax.add_collection(LineCollection([self.lines[i][1] for i in near], colors="#6b4f2a", linewidths=0.5,
                                         alpha=0.8, zorder=2))
        labelled = 0
        for i in near:  # the index contours (every fourth) labelled once each, where they cross the window
            level, pts = self.lines[i]
            if level % (4 * CONTOUR_M) or labelled >= 12:
                continue
            inside = pts[(pts[:, 0] > ext[0]) & (pts[:, 0] < ext[1]) & (pts[:, 1] > ext[2]) & (pts[:, 1] < ext[3])]
            if len(inside) >= 4:
                x, y = inside[len(inside) // 2]
                ax.text(x, y, f"{level:.0f} m", fontsize=6, color="#6b4f2a", ha="center", va="center", zorder=3,
                        bbox=dict(boxstyle="round,pad=0.05", fc="white", ec="none", alpha=0.6))
                labelled += 1


def _outline(ax, geom, **kw) -> None:
    from matplotlib.patches import Polygon as Patch

    for poly in _parts(geom):
        for ring in [poly.exterior, *poly.interiors]:
            ax.add_patch(Patch(np.asarray(ring.coords), closed=True, **kw))


def _draw_page(pdf, fmap: FieldMap, a: Assignment, bg: _Background, text: str) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    t = fmap.grid
    w, e, s, n = a.segment_box
    size = max(e - w, n - s)
    rs, cs, ext = _extract(t, a.segment_box, margin_m=max(0.25 * size, 2 * t.cell_m))
    fig = plt.figure(figsize=A4_IN)
    fig.text(0.06, 0.965, f"Assignment {a.id}", fontsize=18, fontweight="bold", va="top")
    fig.text(0.94, 0.965, f"{fmap.title}\noperational period {a.period}", fontsize=9, ha="right", va="top")
    ax = fig.add_axes([0.1, 0.37, 0.8, 0.55])
    bg.draw(ax, rs, cs, ext)
    _outline(ax, a.outline, fill=False, ec="black", lw=2.2, zorder=5)  # the segment
    _outline(ax, a.piece, fc="#0057b8", alpha=0.12, ec="#0057b8", lw=1.2, zorder=4)  # the team's strip of it
    ax.plot(a.route_xy[:, 0], a.route_xy[:, 1], color="#0057b8", lw=1.6, zorder=6)
    ax.plot(*a.route_xy[0], marker="o", ms=8, mfc="#1a7f37", mec="white", zorder=7)
    ax.plot(*a.route_xy[-1], marker="s", ms=7, mfc="#b00020", mec="white", zorder=7)
    ax.text((w + e) / 2, n, f" {a.segment} ", ha="center", va="bottom", fontsize=11, fontweight="bold", zorder=8,
            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="black", lw=0.6))
    ix, iy = t.ipp_xy
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


def _corner_lines(fmap: FieldMap, box) -> list[str]:
    w, e, s, n = box
    out = []
    for name, x, y in (("NW", w, n), ("NE", e, n), ("SW", w, s), ("SE", e, s)):
        lat, lon = fmap.frame.to_latlon(x, y)
        out.append(f"{name} {lat:.5f}, {lon:.5f}")
    return out


def sheet_text(fmap: FieldMap, a: Assignment) -> str:
    """The text block of an assignment's sheet.

    Parameters
    ----------
    fmap : FieldMap
        The plan's map and names (IPP, period length in h).
    a : Assignment
        The team's task.

    Returns
    -------
    str
        Team, time (h), ground (km², distance in km and true bearing from the IPP), sweep pattern
        (spacing in m, route in km), target POD, corner coordinates and the instructions.
    """
    w, e, s, n = a.box
    km2 = a.piece_area_m2 / 1e6
    strip = (f"the whole segment ({km2:.2f} km², outlined in black)" if a.strips == 1 else
             f"strip {a.strip} of {a.strips} from the west ({km2:.2f} km², shaded)")
    cx, cy = (w + e) / 2, (s + n) / 2
    dx, dy = cx - fmap.grid.ipp_xy[0], cy - fmap.grid.ipp_xy[1]
    bearing = math.degrees(math.atan2(dx, dy)) % 360
    corners = _corner_lines(fmap, a.box)
    ipp_lat, ipp_lon = fmap.frame.to_latlon(*fmap.grid.ipp_xy)
    lines = [
        f"Team: {a.team}, {a.searchers} searchers      Time in the field: {a.hours:.1f} h "
        f"(period of {fmap.hours_per_period:g} h)",
        f"Ground: segment {a.segment}, {strip}; its centre lies {math.hypot(dx, dy) / 1000:.1f} km from the IPP, "
        f"bearing {bearing:.0f}° (true)",
        f"Pattern: parallel sweep in {a.lanes} north-south lane(s), searchers {a.spacing_m:.0f} m apart "
        f"(a pass {a.searchers * a.spacing_m:.0f} m wide); route {a.route_length_m / 1000:.1f} km:",
        f"    lanes {a.lane_length_m / 1000:.1f} km ({a.lane_length_m / 1000 / a.speed_kmh:.1f} h at "
        f"{a.speed_kmh:.3g} km/h), crossings between lanes {a.crossing_length_m / 1000:.1f} km",
        f"Target POD: {a.pod:.0%} (coverage {a.coverage:.2f} at sweep width {a.sweep_width_m:g} m, "
        f"{a.speed_kmh:.3g} km/h)      Segment POA at the start of the period: {100 * a.poa:.2f} %",
        "Corners of the strip's box (lat, lon): " + "      ".join(corners[:2]),
        "                                              " + "      ".join(corners[2:]),
        f"IPP: {fmap.ipp_name} {float(ipp_lat):.5f}, {float(ipp_lon):.5f}      "
        f"GPS file: assignments.gpx of period {a.period}, route {a.id}",
        "",
        "Instructions:",
    ]
    lines += ["  • " + "\n     ".join(textwrap.wrap(s, 100)) for s in INSTRUCTIONS]
    return "\n".join(lines)


def write_assignment_sheets(fmap: FieldMap, assignments: Sequence[Assignment], path) -> Path:
    """Write one page per assignment to the PDF *path* (one page saying so if there are none).

    Parameters
    ----------
    fmap : FieldMap
        The plan's map, outlines and names.
    assignments : sequence of Assignment
        The period's team tasks, one A4 page each.
    path : str or Path
        The PDF file to write.

    Returns
    -------
    Path
        `path`.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    path = Path(path)
    bg = _Background(fmap)
    # no CreationDate: the same plan gives the same bytes
    meta = {"Title": f"{fmap.title}: assignments", "Creator": "sevr", "CreationDate": None}
    with PdfPages(path, metadata=meta) as pdf:
        for a in assignments:
            _draw_page(pdf, fmap, a, bg, sheet_text(fmap, a))
        if not assignments:
            fig = plt.figure(figsize=A4_IN)
            fig.text(0.5, 0.5, "No assignments in this period.", ha="center", fontsize=14)
            pdf.savefig(fig)
            plt.close(fig)
    return path
