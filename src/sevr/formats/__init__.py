"""Writers of the file formats other tools read: CalTopo GeoJSON, KML 2.2, GPX 1.1, GeoTIFF (COG).

Each module does one format. The writers take plain data (:mod:`sevr.formats.features`:
named areas, lines and marks in WGS84 longitude/latitude with a description, a colour and a
few properties) and return text, so they know nothing of plans or stories; the GeoTIFF writer
takes a grid, its georeferencing and a CRS. Callers (``sevr.planning.exports``,
``sevr.report.exports``) turn their own records into these features.
"""
from __future__ import annotations

from .caltopo import caltopo_geojson
from .colours import kml_colour, poa_colours
from .features import Area, Line, Mark
from .geotiff import write_cog
from .gpx import gpx_text
from .kml import kml_text

__all__ = ["Area", "Line", "Mark", "caltopo_geojson", "gpx_text", "kml_text", "kml_colour", "poa_colours",
           "write_cog"]
