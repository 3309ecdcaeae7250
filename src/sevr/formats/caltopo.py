"""GeoJSON that CalTopo (and SARTopo) imports with titles, descriptions and colours.

CalTopo keeps a map object's name in ``title`` and its notes in ``description``, and tells
shapes from markers by ``class``: ``"Shape"`` for lines and polygons, ``"Marker"`` for points.
Shapes carry ``stroke`` (``#rrggbb``), ``stroke-width`` (pixels), ``stroke-opacity`` and, for
polygons, ``fill`` and ``fill-opacity``; lines a ``pattern`` (``"solid"``). Markers carry
``marker-color`` (six hex digits *without* ``#``), ``marker-symbol`` and ``marker-size``.
These are the keys CalTopo itself writes in its GeoJSON exports and that its API clients send
(see docs/planning.md, "Exports", for the sources). Other GeoJSON readers (QGIS, geojson.io)
ignore the extra keys or read the simplestyle ones (``stroke``, ``fill`` ...), which are the same.

Geometry follows RFC 7946: WGS84 ``[lon, lat]``, polygon rings closed and counter-clockwise.
"""
from __future__ import annotations

from typing import Iterable

from .features import COORD_DECIMALS, Area, Line, Mark

__all__ = ["caltopo_geojson"]


def _xy(pair) -> list[float]:
    return [round(pair[0], COORD_DECIMALS), round(pair[1], COORD_DECIMALS)]


def _props(f, extra: dict) -> dict:
    out = {"title": f.name, "description": f.description}
    out.update(extra)
    for k, v in f.properties.items():
        out.setdefault(k, v)  # the caller's numbers ride along; CalTopo's own keys win
    return out


def _area(a: Area) -> dict:
    ring = list(a.ring if a.counter_clockwise else reversed(a.ring))
    props = _props(a, {"class": "Shape", "stroke": a.colour, "stroke-width": 2, "stroke-opacity": 1.0,
                       "fill": a.colour, "fill-opacity": float(a.fill_opacity)})
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "Polygon", "coordinates": [[_xy(p) for p in ring]]}}


def _line(ln: Line) -> dict:
    props = _props(ln, {"class": "Shape", "stroke": ln.colour, "stroke-width": float(ln.width),
                        "stroke-opacity": 1.0, "pattern": "solid"})
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "LineString", "coordinates": [_xy(p) for p in ln.points]}}


def _mark(m: Mark) -> dict:
    props = _props(m, {"class": "Marker", "marker-color": m.colour.lstrip("#").upper(),
                       "marker-symbol": m.symbol, "marker-size": "1"})
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "Point", "coordinates": _xy((m.lon, m.lat))}}


def caltopo_geojson(areas: Iterable[Area] = (), lines: Iterable[Line] = (), marks: Iterable[Mark] = ()) -> dict:
    """A GeoJSON FeatureCollection of *areas*, *lines* and *marks*, in that order.

    Parameters
    ----------
    areas, lines, marks : iterables of :class:`Area`, :class:`Line`, :class:`Mark`
        The features; their ``properties`` are copied into each feature's properties after
        CalTopo's own keys (which they cannot override).

    Returns
    -------
    dict
        Ready for ``json.dumps``; coordinates rounded to 1e-7 degree (about 1 cm).
    """
    features = [_area(a) for a in areas] + [_line(ln) for ln in lines] + [_mark(m) for m in marks]
    return {"type": "FeatureCollection", "features": features}
