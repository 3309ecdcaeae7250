"""Console tables of a debrief: what the tracks covered, how the belief moved, the next period."""
from __future__ import annotations

from pathlib import Path

from .cycle import Debrief, PeriodPlan

__all__ = ["debrief_tables"]


def debrief_tables(folder: Path, d: Debrief, nxt: PeriodPlan, ids) -> list:
    """Rich tables: the tracks, the searched segments (coverage, POD, POA before/after), the
    clues, and the next period's allocation with its suspension check.

    Parameters
    ----------
    folder : Path
        The new period's folder; its ``debrief/debrief.json`` is read.
    d : Debrief
        The debrief's result (sweep width in m, period POS).
    nxt : PeriodPlan
        The next period's allocation (segments with over 0.05 searcher-hours are listed).
    ids : sequence of str
        Segment ids, in the allocation's order.

    Returns
    -------
    list of rich.table.Table
    """
    import json

    from rich import box
    from rich.markup import escape
    from rich.table import Table

    rec = json.loads((Path(folder) / "debrief" / "debrief.json").read_text(encoding="utf-8"))
    t = Table("file", "points", "km", "km in area", title=f"Tracks of period {rec['period_debriefed']}",
              title_justify="left", box=box.SIMPLE_HEAD)
    for r in rec["tracks"]:
        t.add_row(escape(r["file"]), str(r["points"]), f"{r['length_m'] / 1000:.2f}",
                  f"{r['length_inside_m'] / 1000:.2f}")
    tables = [t]
    t = Table("segment", "POA before", "planned h", "coverage", "POD", "POA after", title=(
        f"Searched segments ({rec['detection_law_formula']}, W = {d.sweep_width_m:g} m): period POS {d.pos:.1%}, "
        f"ROW {rec['row_before']:.1%} → {rec['row_after']:.1%}"), title_justify="left", box=box.SIMPLE_HEAD)
    for r in rec["segments"]:
        t.add_row(r["segment"], f"{r['poa_before']:.3f}", f"{r['searcher_hours_planned']:.1f}", f"{r['coverage']:.2f}",
                  f"{r['pod']:.2f}", f"{r['poa_after']:.3f}")
    tables.append(t)
    if rec["clues"]:
        t = Table("kind", "lat", "lon", "mass within σ: before → after", "ROW", title="Clues", title_justify="left",
                  box=box.SIMPLE_HEAD)
        for c in rec["clues"]:
            t.add_row(c["kind"], f"{c['lat']:.5f}", f"{c['lon']:.5f}",
                      f"{c['mass_within_sigma_before']:.3f} → {c['mass_within_sigma_after']:.3f}",
                      f"{c['row_before']:.3f} → {c['row_after']:.3f}")
        tables.append(t)
    t = Table("segment", "POA", "searcher-h", "POD", "POS", title=(
        f"Period {nxt.index}: {nxt.searcher_hours.sum():.0f} searcher-hours, POS {nxt.pos.sum():.1%}; "
        f"suspension check: {nxt.check.verdict}"), title_justify="left", box=box.SIMPLE_HEAD)
    order = sorted(range(len(nxt.poa)), key=lambda i: -nxt.poa[i])
    for i in order:
        if nxt.searcher_hours[i] > 0.05:
            t.add_row(ids[i], f"{nxt.poa[i]:.3f}", f"{nxt.searcher_hours[i]:.1f}", f"{nxt.pod[i]:.2f}",
                      f"{nxt.pos[i]:.3f}")
    tables.append(t)
    return tables

