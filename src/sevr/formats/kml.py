"""KML 2.2 (OGC 07-147r2) for Google Earth: styled polygons, lines and placemarks.

One ``Document`` holds up to three ``Folder`` s (areas, lines, points; empty ones are left
out). Every ``Placemark`` carries its own ``Style`` (so a polygon's fill follows its colour,
e.g. a POA ramp), a ``description`` shown in the balloon, and its numbers as ``ExtendedData``
(``Data name=... / value``), which Google Earth lists in the balloon and GIS tools read as
attributes. KML colours are ``aabbggrr`` (:func:`sevr.formats.colours.kml_colour`). Polygon
rings are closed and counter-clockwise, as the KML reference asks; lines are tessellated so
they follow the ground. Elements appear in the order the OGC schema requires: the output
validates against ``ogckml22.xsd`` (a test checks it).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Iterable

from .colours import kml_colour
from .features import COORD_DECIMALS, Area, Line, Mark
from .xmltext import document, sub

__all__ = ["KML_NS", "kml_text"]

KML_NS = "http://www.opengis.net/kml/2.2"


def _el(parent, tag: str, text=None, **attrib) -> ET.Element:
    return sub(parent, KML_NS, tag, text, **attrib)


def _coords(points) -> str:
    return " ".join(f"{lon:.{COORD_DECIMALS}f},{lat:.{COORD_DECIMALS}f}" for lon, lat in points)


def _value(v) -> str:
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)


def _placemark(folder, f, style) -> ET.Element:
    pm = _el(folder, "Placemark")
    _el(pm, "name", f.name)
    if f.description:
        _el(pm, "description", f.description)
    style(_el(pm, "Style"))
    if f.properties:
        ext = _el(pm, "ExtendedData")
        for k, v in f.properties.items():
            _el(_el(ext, "Data", name=str(k)), "value", _value(v))
    return pm


def _area(folder, a: Area) -> None:
    def style(st):
        ls = _el(st, "LineStyle")
        _el(ls, "color", kml_colour(a.colour, 1.0))
        _el(ls, "width", 2)
        ps = _el(st, "PolyStyle")
        _el(ps, "color", kml_colour(a.colour, a.fill_opacity))
        _el(ps, "fill", 1 if a.fill_opacity > 0 else 0)
        _el(ps, "outline", 1)

    pm = _placemark(folder, a, style)
    poly = _el(pm, "Polygon")
    _el(poly, "tessellate", 1)
    ring = a.ring if a.counter_clockwise else tuple(reversed(a.ring))
    _el(_el(_el(poly, "outerBoundaryIs"), "LinearRing"), "coordinates", _coords(ring))


def _line(folder, ln: Line) -> None:
    def style(st):
        ls = _el(st, "LineStyle")
        _el(ls, "color", kml_colour(ln.colour, 1.0))
        _el(ls, "width", f"{ln.width:g}")

    pm = _placemark(folder, ln, style)
    geom = _el(pm, "LineString")
    _el(geom, "tessellate", 1)
    _el(geom, "coordinates", _coords(ln.points))


def _mark(folder, m: Mark) -> None:
    def style(st):
        icon = _el(st, "IconStyle")
        _el(icon, "color", kml_colour(m.colour, 1.0))
        _el(icon, "scale", 1.1)

    pm = _placemark(folder, m, style)
    _el(_el(pm, "Point"), "coordinates", _coords([(m.lon, m.lat)]))


def kml_text(title: str, *, areas: Iterable[Area] = (), lines: Iterable[Line] = (), marks: Iterable[Mark] = (),
             description: str = "", folder_names: tuple[str, str, str] = ("Areas", "Lines", "Points")) -> str:
    """A KML 2.2 document (UTF-8 text with its XML declaration).

    Parameters
    ----------
    title : str
        The document's name in Google Earth's Places panel.
    areas, lines, marks : iterables of :class:`Area`, :class:`Line`, :class:`Mark`
        The features, each placed in its folder.
    description : str, default=""
        The document's description.
    folder_names : tuple of 3 str, default=("Areas", "Lines", "Points")
        Names of the folders of areas, lines and marks.

    Returns
    -------
    str
    """
    root = ET.Element(f"{{{KML_NS}}}kml")
    doc = _el(root, "Document")
    _el(doc, "name", title)
    _el(doc, "open", 1)
    if description:
        _el(doc, "description", description)
    for name, items, add in zip(folder_names, (list(areas), list(lines), list(marks)), (_area, _line, _mark)):
        if items:
            folder = _el(doc, "Folder")
            _el(folder, "name", name)
            for item in items:
                add(folder, item)
    return document(root, KML_NS)
