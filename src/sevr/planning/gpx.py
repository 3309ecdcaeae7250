"""Read the track points of a GPX file (GPX 1.0 or 1.1) with the standard library.

Only tracks count (``<trk>`` / ``<trkseg>`` / ``<trkpt lat= lon=>``): they are where a team
walked. Routes (``<rte>``) and waypoints (``<wpt>``) are plans and marks, not coverage, and are
ignored. Every problem is an :class:`~sevr.errors.InputError` naming the file and the element.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

from sevr.errors import InputError

__all__ = ["MAX_GPX_BYTES", "read_gpx_tracks"]

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
    if path.is_file() and path.stat().st_size > MAX_GPX_BYTES:
        raise InputError(f"is larger than {MAX_GPX_BYTES // 1_000_000} MB", source=source, field="gpx")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(f"is not a readable GPX file ({exc})", source=source, field="gpx") from None
    if _local(root.tag) != "gpx":
        raise InputError(f"root element is <{_local(root.tag)}>, expected <gpx>", source=source, field="gpx")
    segments = []
    for i, trk in enumerate(e for e in root if _local(e.tag) == "trk"):
        for j, seg in enumerate(e for e in trk if _local(e.tag) == "trkseg"):
            pts = [e for e in seg if _local(e.tag) == "trkpt"]
            rows = []
            for k, pt in enumerate(pts):
                where = f"trk[{i}].trkseg[{j}].trkpt[{k}]"
                rows.append((_coordinate(pt, "lat", 90.0, where, source),
                             _coordinate(pt, "lon", 180.0, where, source)))
            if rows:
                segments.append(np.array(rows, dtype=np.float64))
    if not segments:
        raise InputError("has no track points (<trk><trkseg><trkpt>); routes and waypoints are not tracks",
                         source=source, field="trk")
    return segments
