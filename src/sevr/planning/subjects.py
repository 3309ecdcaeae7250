"""Lost-person subject categories: distance-from-IPP quantiles read from a data file.

The figures live in ``data/isrid_distances.toml`` (Koester 2008, *Lost Person Behavior*, ISRID),
one row per category, climate and terrain, each with its citation; no figure is written in code.
:func:`distance_row` picks the row for a subject: the exact climate and terrain if the table has
it, else the category's row for "any" terrain in that climate, else its row for any climate and
terrain. An unknown category, or a climate or terrain the table has no row for, is an
:class:`~sevr.errors.InputError` that lists what there is.
"""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources

from sevr.errors import InputError

__all__ = ["SubjectRow", "load_table", "categories", "distance_row", "TERRAIN_TYPES", "CLIMATES"]

TERRAIN_TYPES = ("mountainous", "flat")
CLIMATES = ("temperate", "dry")
DATA_FILE = "isrid_distances.toml"


@dataclass(frozen=True)
class SubjectRow:
    """One row of the table: four distance quantiles (km) and where they come from."""

    category: str
    climate: str
    terrain: str
    km: tuple[float, float, float, float]
    source: str
    checked_in: tuple[str, ...]
    n: int | None = None

    @property
    def label(self) -> str:
        """The row in words: category, climate and terrain."""
        return f"{self.category}, {self.climate} climate, {self.terrain} terrain"


@functools.cache
def load_table() -> tuple[SubjectRow, ...]:
    """Every row of the packaged data file."""
    text = resources.files("sevr.planning").joinpath("data", DATA_FILE).read_text("utf-8")
    data = tomllib.loads(text)
    return tuple(SubjectRow(r["category"], r["climate"], r["terrain"], tuple(float(v) for v in r["km"]),
                            r["source"], tuple(r["checked_in"]), r.get("n")) for r in data["row"])


def categories() -> list[str]:
    """The known categories, sorted."""
    return sorted({r.category for r in load_table()})


def distance_row(category: str, terrain: str = "mountainous", climate: str = "temperate",
                 *, field: str = "category") -> SubjectRow:
    """The table row for a subject (see the module docstring for the fallbacks).

    Parameters
    ----------
    category : str
        Subject category, e.g. ``"hiker"`` or ``"child_4_6"`` (case and dashes ignored).
    terrain : {"mountainous", "flat"}
    climate : {"temperate", "dry"}
    field : str
        Name of the option or field to blame in an error.

    Raises
    ------
    InputError
        For an unknown category, or a climate / terrain with no row for that category.
    """
    key = category.strip().lower().replace("-", "_").replace(" ", "_")
    rows = [r for r in load_table() if r.category == key]
    if not rows:
        raise InputError(f"unknown subject category {category!r}; known: {', '.join(categories())}", field=field)
    for want in ((climate, terrain), (climate, "any"), ("any", "any")):
        for r in rows:
            if (r.climate, r.terrain) == want:
                return r
    have = "; ".join(f"{r.climate}/{r.terrain}" for r in rows)
    raise InputError(f"no published row for {key} in {climate} climate, {terrain} terrain "
                     f"(the table has: {have})", field=field)
