"""The plain geographic data every writer takes: named areas, lines and marks in WGS84.

Coordinates are ``(lon, lat)`` pairs in decimal degrees (the GeoJSON and KML order); the GPX
writer swaps them into its ``lat``/``lon`` attributes itself. Colours are ``#rrggbb``.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Mapping, Sequence

__all__ = ["Area", "Line", "Mark", "COORD_DECIMALS", "lonlat_pairs"]

COORD_DECIMALS = 7  # 1e-7 degree is about 1 cm on the ground: far below a GPS fix
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def lonlat_pairs(coords, *, where: str) -> tuple[tuple[float, float], ...]:
    """*coords* as a tuple of finite ``(lon, lat)`` float pairs inside the WGS84 ranges.

    Raises
    ------
    ValueError
        naming *where* when a pair is not two finite numbers or lies off the globe.
    """
    out = []
    for k, pair in enumerate(coords):
        try:
            lon, lat = (float(v) for v in pair)
        except (TypeError, ValueError):
            raise ValueError(f"{where}: point {k} is not a (lon, lat) pair: {pair!r}") from None
        if not (math.isfinite(lon) and math.isfinite(lat) and -180.0 <= lon < 180.0 and -90.0 <= lat <= 90.0):
            raise ValueError(f"{where}: point {k} ({lon}, {lat}) is not a WGS84 longitude/latitude")
        out.append((lon, lat))
    return tuple(out)


def _check_colour(colour: str, where: str) -> str:
    if not isinstance(colour, str) or not _HEX.match(colour):
        raise ValueError(f"{where}: colour must be '#rrggbb', got {colour!r}")
    return colour.lower()


@dataclass(frozen=True)
class _Feature:
    name: str
    description: str = ""
    colour: str = "#ff0000"
    properties: Mapping[str, object] = field(default_factory=dict)

    def _check(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ValueError(f"a {type(self).__name__.lower()} needs a non-empty name, got {self.name!r}")
        object.__setattr__(self, "colour", _check_colour(self.colour, self.name))
        object.__setattr__(self, "properties", dict(self.properties))


@dataclass(frozen=True)
class Area(_Feature):
    """A polygon: *ring* is its outer boundary, closed (first point repeated last) or not.

    *fill_opacity* is how solid the fill is drawn (0 = outline only).
    """

    ring: Sequence[tuple[float, float]] = ()
    fill_opacity: float = 0.3

    def __post_init__(self) -> None:
        self._check()
        ring = list(lonlat_pairs(self.ring, where=self.name))
        if len(ring) >= 2 and ring[0] == ring[-1]:
            ring = ring[:-1]
        if len(ring) < 3:
            raise ValueError(f"{self.name}: an area needs at least 3 distinct corners, got {len(ring)}")
        if not 0.0 <= float(self.fill_opacity) <= 1.0:
            raise ValueError(f"{self.name}: fill_opacity must be in [0, 1], got {self.fill_opacity}")
        object.__setattr__(self, "ring", tuple(ring + [ring[0]]))

    @property
    def counter_clockwise(self) -> bool:
        """True when the ring turns counter-clockwise on a lon/lat plot (shoelace sign)."""
        r = self.ring
        return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(r[:-1], r[1:])) > 0


@dataclass(frozen=True)
class Line(_Feature):
    """A path through *points* in order (a route to walk, a track that was walked)."""

    points: Sequence[tuple[float, float]] = ()
    width: float = 2.0

    def __post_init__(self) -> None:
        self._check()
        pts = lonlat_pairs(self.points, where=self.name)
        if len(pts) < 2:
            raise ValueError(f"{self.name}: a line needs at least 2 points, got {len(pts)}")
        object.__setattr__(self, "points", pts)


@dataclass(frozen=True)
class Mark(_Feature):
    """A single point: the IPP, a clue, a house, a cave."""

    lon: float = 0.0
    lat: float = 0.0
    symbol: str = "point"

    def __post_init__(self) -> None:
        self._check()
        ((lon, lat),) = lonlat_pairs([(self.lon, self.lat)], where=self.name)
        object.__setattr__(self, "lon", lon)
        object.__setattr__(self, "lat", lat)
