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

from typing import Iterable
from xml.sax.saxutils import escape

from .colours import kml_colour
from .features import COORD_DECIMALS, Area, Line, Mark

__all__ = ["KML_NS", "kml_text"]

KML_NS = "http://www.opengis.net/kml/2.2"


# Attribute values escaped as ElementTree writes them: also quotes, line breaks and tabs.
_ATTR_ENTITIES = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}


def _text(value) -> str:
    """Element text escaped as ElementTree writes it (&, <, >)."""
    return escape(str(value))


def _attr(value) -> str:
    """An attribute value escaped as ElementTree writes it."""
    return escape(str(value), _ATTR_ENTITIES)


class _Writer:
    """KML text, one indented line per element, as ``ElementTree.indent`` + ``tostring`` lay it out.

    Written directly rather than through an element tree: a story's KML has over a thousand
    placemarks, and building and serialising the tree took most of the time of its exports.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.depth = 0

    def leaf(self, tag: str, text) -> None:
        """Append ``<tag>text</tag>`` at the current depth (``<tag />`` when the escaped text is empty).

        Parameters
        ----------
        tag : str
            Element name.
        text : Any
            Element text, converted with ``str`` and XML-escaped.
        """
        text = _text(text)
        pad = " " * self.depth
        self.lines.append(f"{pad}<{tag}>{text}</{tag}>" if text else f"{pad}<{tag} />")

    def open(self, tag: str, **attrib) -> None:
        """Append the opening ``<tag ...>`` line and indent what follows by one more space.

        Parameters
        ----------
        tag : str
            Element name.
        **attrib
            Attributes, written in the order given, values converted with ``str`` and escaped.
        """
        attrs = "".join(f' {k}="{_attr(v)}"' for k, v in attrib.items())
        self.lines.append(f"{' ' * self.depth}<{tag}{attrs}>")
        self.depth += 1

    def close(self, tag: str) -> None:
        """Go back one level of indentation and append ``</tag>``.

        Parameters
        ----------
        tag : str
            Name of the element opened last with :meth:`open`.
        """
        self.depth -= 1
        self.lines.append(f"{' ' * self.depth}</{tag}>")


def _coords(points) -> str:
    return " ".join(f"{lon:.{COORD_DECIMALS}f},{lat:.{COORD_DECIMALS}f}" for lon, lat in points)


def _value(v) -> str:
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)


def _placemark(w: _Writer, f, style: list[tuple]) -> None:
    """Open a Placemark: name, description, its Style (a list of (substyle, [(tag, text)])) and data."""
    w.open("Placemark")
    w.leaf("name", f.name)
    if f.description:
        w.leaf("description", f.description)
    w.open("Style")
    for substyle, leaves in style:
        w.open(substyle)
        for tag, text in leaves:
            w.leaf(tag, text)
        w.close(substyle)
    w.close("Style")
    if f.properties:
        w.open("ExtendedData")
        for k, v in f.properties.items():
            w.open("Data", name=str(k))
            w.leaf("value", _value(v))
            w.close("Data")
        w.close("ExtendedData")


def _area(w: _Writer, a: Area) -> None:
    _placemark(w, a, [("LineStyle", [("color", kml_colour(a.colour, 1.0)), ("width", 2)]),
                      ("PolyStyle", [("color", kml_colour(a.colour, a.fill_opacity)),
                                     ("fill", 1 if a.fill_opacity > 0 else 0), ("outline", 1)])])
    ring = a.ring if a.counter_clockwise else tuple(reversed(a.ring))
    w.open("Polygon")
    w.leaf("tessellate", 1)
    w.open("outerBoundaryIs")
    w.open("LinearRing")
    w.leaf("coordinates", _coords(ring))
    w.close("LinearRing")
    w.close("outerBoundaryIs")
    w.close("Polygon")
    w.close("Placemark")


def _line(w: _Writer, ln: Line) -> None:
    _placemark(w, ln, [("LineStyle", [("color", kml_colour(ln.colour, 1.0)), ("width", f"{ln.width:g}")])])
    w.open("LineString")
    w.leaf("tessellate", 1)
    w.leaf("coordinates", _coords(ln.points))
    w.close("LineString")
    w.close("Placemark")


def _mark(w: _Writer, m: Mark) -> None:
    _placemark(w, m, [("IconStyle", [("color", kml_colour(m.colour, 1.0)), ("scale", 1.1)])])
    w.open("Point")
    w.leaf("coordinates", _coords([(m.lon, m.lat)]))
    w.close("Point")
    w.close("Placemark")


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
    w = _Writer()
    w.open("kml", xmlns=KML_NS)
    w.open("Document")
    w.leaf("name", title)
    w.leaf("open", 1)
    if description:
        w.leaf("description", description)
    for name, items, add in zip(folder_names, (list(areas), list(lines), list(marks)), (_area, _line, _mark)):
        if items:
            w.open("Folder")
            w.leaf("name", name)
            for item in items:
                add(w, item)
            w.close("Folder")
    w.close("Document")
    w.close("kml")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(w.lines) + "\n"
