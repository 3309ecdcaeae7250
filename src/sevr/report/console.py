"""The narrated timeline in the terminal (Rich): a rule per day or night, time and text columns.

Scenario-derived text is never parsed as Rich markup: titles and day labels are escaped with
``rich.markup.escape`` and the narration is printed as plain ``Text``.
"""
from __future__ import annotations

from typing import Sequence

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from sevr.narrate.narrator import NarratedLine

__all__ = ["print_timeline", "KIND_STYLES"]

# A touch of colour for the turning points; everything else is plain.
KIND_STYLES: dict[str, str] = {
    "exit": "bold",
    "arrive_hideout": "bold",
    "web_spun": "green",
    "pigeon_nest": "green",
    "tree_rose": "green",
    "voices_heard": "yellow",
    "closest_approach": "yellow",
    "trail_end": "yellow",
    "evidence_assessed": "magenta",
    "search_withdrawn": "green",
    "depart_hideout": "bold",
    "found": "bold red",
    "intercepted": "bold red",
    "trail_lost": "cyan",
}


def print_timeline(console: Console, lines: Sequence[NarratedLine], title: str) -> None:
    """Print the narrated lines: the title, then each day / night under its own rule.

    Parameters
    ----------
    console : rich.console.Console
        Where to print.
    lines : sequence of NarratedLine
        The narrated lines, in time order.
    title : str
        The heading (printed as plain text, markup escaped).
    """
    console.print()
    console.rule(f"[bold]{escape(str(title))}[/]")
    current = None
    table: Table | None = None
    for line in lines:
        key = (line.period, line.period_no)
        if key != current:
            if table is not None:
                console.print(table)
            current = key
            style = "blue" if line.period == "night" else "yellow"
            console.rule(f"[{style}]{escape(line.day_label)}[/]", style=style, align="left")
            table = Table(box=box.SIMPLE, show_header=False, show_edge=False, pad_edge=False,
                          expand=True, padding=(0, 1))
            table.add_column("time", style="cyan", no_wrap=True, width=5)
            table.add_column("text", ratio=1, overflow="fold")
        assert table is not None
        table.add_row(Text(line.time_label), Text(line.text, style=KIND_STYLES.get(line.kind, "")))
    if table is not None:
        console.print(table)
    console.print()
