"""Vector layers for planning: lines (trails, roads, streams) and regions read from GeoJSON or GPX.

Lines come back as ``(name, (n, 2) array of lon, lat)``; GeoJSON LineString / MultiLineString
features give one line per part, Polygon outlines are read as closed lines, points are skipped.
GPX tracks (every segment) and routes give one line each (:func:`sevr.planning.gpx.read_gpx_lines`). A file that cannot be read,
or that holds no line, is an :class:`~sevr.errors.InputError` naming the file and the field.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from sevr.errors import InputError

__all__ = ["read_lines", "read_regions", "lines_to_xy"]


def _geojson_features(path: Path, field: str) -> list[dict]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a readable GeoJSON file ({exc.__class__.__name__}: {exc})", source=str(path),
                         field=field) from None
    if not isinstance(data, dict):
        raise InputError("not a GeoJSON object", source=str(path), field=field)
    if data.get("type") == "FeatureCollection":
        feats = data.get("features")
    elif data.get("type") == "Feature":
        feats = [data]
    else:
        feats = [{"type": "Feature", "properties": {}, "geometry": data}]
    if not isinstance(feats, list):
        raise InputError("'features' must be a list", source=str(path), field=field)
    return feats


def _coords(arr, path, field) -> np.ndarray:
    a = np.asarray(arr, dtype=float)
    if a.ndim != 2 or a.shape[1] < 2 or not np.all(np.isfinite(a[:, :2])):
        raise InputError("a geometry has coordinates that are not [lon, lat] pairs", source=str(path), field=field)
    a = a[:, :2]
    if np.any(np.abs(a[:, 0]) > 180) or np.any(np.abs(a[:, 1]) > 90):
        raise InputError("coordinates must be WGS84 [lon, lat] in degrees (RFC 7946)", source=str(path), field=field)
    return a


def read_lines(path, field: str = "layers") -> list[tuple[str, np.ndarray]]:
    """Every line of a GeoJSON or GPX file as ``(name, lonlat array)`` (see the module docstring).

    Parameters
    ----------
    path : str or Path
        A ``.gpx`` file (tracks and routes) or a GeoJSON file (LineString, MultiLineString,
        Polygon and MultiPolygon features; polygon rings count as lines).
    field : str, optional
        The scenario field or option named in error messages.

    Returns
    -------
    list of (str, ndarray of shape (n, 2))
        Each line's name and its (lon, lat) vertices in degrees, at least two per line.

    Raises
    ------
    InputError
        If the file is missing or unreadable, has coordinates that are not WGS84 degrees, or
        holds no line.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", source=str(path), field=field)
    out: list[tuple[str, np.ndarray]] = []
    if path.suffix.lower() == ".gpx":
        from .gpx import read_gpx_lines

        try:
            lines = read_gpx_lines(path)
        except InputError as exc:  # keep the element's path, name the layer the user gave
            where = f" at {exc.field}" if exc.field not in (None, "gpx") else ""
            raise InputError(f"not a readable GPX file: {exc.detail}{where}", source=str(path), field=field) from None
        for name, latlon in lines:
            if len(latlon) >= 2:
                out.append((name, _coords(latlon[:, ::-1], path, field)))
    else:
        for k, feat in enumerate(_geojson_features(path, field)):
            geom = (feat or {}).get("geometry") or {}
            props = (feat or {}).get("properties") or {}
            name = str(props.get("name") or props.get("title") or f"feature {k + 1}")
            kind, coords = geom.get("type"), geom.get("coordinates")
            parts = {"LineString": lambda c: [c], "MultiLineString": lambda c: c,
                     "Polygon": lambda c: c, "MultiPolygon": lambda c: [r for poly in c for r in poly]}
            if kind in parts:
                for part in parts[kind](coords):
                    a = _coords(part, path, field)
                    if len(a) >= 2:
                        out.append((name, a))
    if not out:
        raise InputError("holds no line (GeoJSON LineString/Polygon features, or GPX tracks/routes)",
                         source=str(path), field=field)
    return out


def read_regions(path, field: str = "consensus") -> list[tuple[str, np.ndarray, dict]]:
    """Polygon features of a GeoJSON file: ``(name, exterior ring lon/lat, properties)``.

    Parameters
    ----------
    path : str or Path
        A GeoJSON file.
    field : str, optional
        The scenario field or option named in error messages.

    Returns
    -------
    list of (str, ndarray of shape (n, 2), dict)
        Each Polygon feature's name (``"region k"`` if it has none), its exterior ring as
        (lon, lat) degrees, and its properties.

    Raises
    ------
    InputError
        If the file is missing or unreadable, has coordinates that are not WGS84 degrees, or
        holds no Polygon feature.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", source=str(path), field=field)
    out = []
    for k, feat in enumerate(_geojson_features(path, field)):
        geom = (feat or {}).get("geometry") or {}
        props = (feat or {}).get("properties") or {}
        if geom.get("type") == "Polygon":
            out.append((str(props.get("name") or f"region {k + 1}"), _coords(geom["coordinates"][0], path, field), props))
    if not out:
        raise InputError("holds no Polygon feature", source=str(path), field=field)
    return out


def lines_to_xy(lines, frame) -> list[tuple[str, np.ndarray]]:
    """Lines from lon/lat to the local frame's (x, y) metres.

    Parameters
    ----------
    lines : sequence of (str, ndarray of shape (n, 2))
        Names and (lon, lat) vertices in degrees (as :func:`read_lines` returns them).
    frame : GeoFrame
        The local frame.

    Returns
    -------
    list of (str, ndarray of shape (n, 2))
        The same names with (x east, y north) vertices in metres.
    """
    out = []
    for name, ll in lines:
        x, y = frame.to_xy(ll[:, 1], ll[:, 0])
        out.append((name, np.column_stack([np.atleast_1d(x), np.atleast_1d(y)])))
    return out
