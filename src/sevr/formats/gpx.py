"""GPX 1.1 (TopoGrafix) for handheld GPS units: waypoints, routes and tracks.

Handhelds treat the three differently: a *waypoint* (``wpt``) is a named point to navigate
to; a *route* (``rte``) a short list of turn points followed leg by leg (many units cap the
number of route points); a *track* (``trk``) a breadcrumb line drawn on the map and followed by
eye. Segment boundaries and sweep patterns are therefore written as tracks (they are lines
to see, with many vertices), and, when asked, also as routes. Names are kept short because
units truncate them; the full text goes into ``desc``. Elements appear in the order the
schema requires, so the output validates against ``gpx.xsd`` (a test checks it).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Iterable

from .features import COORD_DECIMALS, Area, Line, Mark
from .xmltext import document, sub

__all__ = ["GPX_NS", "gpx_text"]

GPX_NS = "http://www.topografix.com/GPX/1/1"


def _el(parent, tag: str, text=None, **attrib) -> ET.Element:
    return sub(parent, GPX_NS, tag, text, **attrib)


def _pt(parent, tag: str, lon: float, lat: float) -> ET.Element:
    return _el(parent, tag, lat=f"{lat:.{COORD_DECIMALS}f}", lon=f"{lon:.{COORD_DECIMALS}f}")


def _named(parent, tag: str, f, kind: str) -> ET.Element:
    e = _el(parent, tag)
    _el(e, "name", f.name)
    if f.description:
        _el(e, "desc", f.description)
    _el(e, "type", kind)
    return e


def gpx_text(name: str, *, marks: Iterable[Mark] = (), areas: Iterable[Area] = (), lines: Iterable[Line] = (),
             creator: str = "sevr", description: str = "", routes: bool = False) -> str:
    """A GPX 1.1 document (UTF-8 text with its XML declaration).

    Parameters
    ----------
    name : str
        The file's name in its metadata.
    marks : iterable of :class:`Mark`
        Written as waypoints (``wpt``) with name, description and ``sym`` = the mark's symbol.
    areas : iterable of :class:`Area`
        Their closed boundaries, written as tracks of type ``boundary``.
    lines : iterable of :class:`Line`
        Written as tracks of type ``route`` (and as ``rte`` routes too when *routes*).
    creator : str, default="sevr"
        The ``creator`` attribute GPX requires.
    description : str, default=""
        The metadata description.
    routes : bool, default=False
        Also write each line as a ``rte`` (turn points), for units that navigate routes.

    Returns
    -------
    str
    """
    root = ET.Element(f"{{{GPX_NS}}}gpx", {"version": "1.1", "creator": creator})
    meta = _el(root, "metadata")
    _el(meta, "name", name)
    if description:
        _el(meta, "desc", description)
    marks, areas, lines = list(marks), list(areas), list(lines)
    for m in marks:  # wpt children: position info, then name, cmt, desc, src, link, sym, type
        w = _pt(root, "wpt", m.lon, m.lat)
        _el(w, "name", m.name)
        if m.description:
            _el(w, "desc", m.description)
        _el(w, "sym", m.symbol)
    if routes:
        for ln in lines:
            r = _named(root, "rte", ln, "route")
            for k, (lon, lat) in enumerate(ln.points):
                p = _pt(r, "rtept", lon, lat)
                _el(p, "name", f"{ln.name[:10]}-{k + 1}")
    for kind, items in (("boundary", areas), ("route", lines)):
        for f in items:
            t = _named(root, "trk", f, kind)
            seg = _el(t, "trkseg")
            for lon, lat in (f.ring if kind == "boundary" else f.points):
                _pt(seg, "trkpt", lon, lat)
    return document(root, GPX_NS)
