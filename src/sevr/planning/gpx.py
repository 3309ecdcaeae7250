"""Read the lines of a GPX file (GPX 1.0 or 1.1) with the standard library.

For a debrief only tracks count (``<trk>`` / ``<trkseg>`` / ``<trkpt lat= lon=>``): they are
where a team walked; routes (``<rte>``) and waypoints (``<wpt>``) are plans and marks, not
coverage (:func:`read_gpx_tracks`). A map layer (trails, roads, streams) takes tracks and routes
alike (:func:`read_gpx_lines`). Every problem is an :class:`~sevr.errors.InputError` naming the
file and the element.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

from sevr.errors import InputError

__all__ = ["MAX_GPX_BYTES", "read_gpx_tracks", "read_gpx_lines"]

MAX_GPX_BYTES = 200_000_000  # a day of 1 s fixes is ~10 MB; anything far larger is not a GPS log


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _coordinate(pt, name: str, limit: float, where: str, source: str) -> float:
    text = pt.get(name)
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise InputError(f"{name!r} is {text!r}, not a number", source=source, field=f"{where}.{name}") from None
    if not -limit <= value <= limit:
        raise InputError(f"{name} {value:g} is outside [-{limit:g}, {limit:g}]", source=source,
                         field=f"{where}.{name}")
    return value


def _gpx_root(path: Path) -> ET.Element:
    source = str(path)
    if path.is_file() and path.stat().st_size > MAX_GPX_BYTES:
        raise InputError(f"is larger than {MAX_GPX_BYTES // 1_000_000} MB", source=source, field="gpx")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(f"is not a readable GPX file ({exc})", source=source, field="gpx") from None
    if _local(root.tag) != "gpx":
        raise InputError(f"root element is <{_local(root.tag)}>, expected <gpx>", source=source, field="gpx")
    return root


def _children(parent, tag: str) -> list:
    return [e for e in parent if _local(e.tag) == tag]


def _latlon(points, where: str, source: str) -> np.ndarray:
    rows = [(_coordinate(pt, "lat", 90.0, f"{where}[{k}]", source), _coordinate(pt, "lon", 180.0, f"{where}[{k}]", source))
            for k, pt in enumerate(points)]
    return np.array(rows, dtype=np.float64).reshape(-1, 2)


def _name(element, default: str) -> str:
    names = _children(element, "name")
    return (names[0].text or "").strip() or default if names else default


def _track_segments(root: ET.Element, source: str):
    """(track name, [lat, lon] points) of every non-empty ``<trkseg>``, in file order."""
    for i, trk in enumerate(_children(root, "trk")):
        for j, seg in enumerate(_children(trk, "trkseg")):
            pts = _latlon(_children(seg, "trkpt"), f"trk[{i}].trkseg[{j}].trkpt", source)
            if len(pts):
                yield _name(trk, f"track {i + 1}"), pts


def read_gpx_lines(path) -> list[tuple[str, np.ndarray]]:
    """Every track segment and route of a GPX file as ``(name, (n, 2) array of [lat, lon])``.

    Parameters
    ----------
    path : str or Path
        The GPX file.

    Returns
    -------
    list of (str, ndarray)
        Track segments first, then routes, in file order; the name is the track's or route's
        ``<name>``, else "track k" / "route k". Empty segments and routes are left out.

    Raises
    ------
    InputError
        The file is not XML, its root is not ``<gpx>``, or a point's ``lat``/``lon`` is missing
        or out of range.
    """
    path = Path(path)
    source = str(path)
    root = _gpx_root(path)
    lines = list(_track_segments(root, source))
    for i, rte in enumerate(_children(root, "rte")):
        pts = _latlon(_children(rte, "rtept"), f"rte[{i}].rtept", source)
        if len(pts):
            lines.append((_name(rte, f"route {i + 1}"), pts))
    return lines


def read_gpx_tracks(path) -> list[np.ndarray]:
    """Track segments of a GPX file as ``(n, 2)`` arrays of ``[lat, lon]`` (degrees, WGS84).

    Parameters
    ----------
    path : str or Path
        The GPX file.

    Returns
    -------
    list of ndarray, one per ``<trkseg>`` with at least one point, in file order.

    Raises
    ------
    InputError
        The file is not XML, its root is not ``<gpx>``, a point's ``lat``/``lon`` is missing or
        out of range, or it holds no track points at all.
    OSError
        The file cannot be read.
    """
    path = Path(path)
    source = str(path)
    segments = [pts for _, pts in _track_segments(_gpx_root(path), source)]
    if not segments:
        raise InputError("has no track points (<trk><trkseg><trkpt>); routes and waypoints are not tracks",
                         source=source, field="trk")
    return segments
