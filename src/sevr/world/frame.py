"""Local metric frame: metres east (x) and north (y) of a geographic origin.

An azimuthal-equidistant projection keeps distances and bearings from the origin exact, and
over the few tens of kilometres of a scenario its scale error elsewhere is negligible.
"""

from __future__ import annotations

import numpy as np

__all__ = ["GeoFrame"]


def _scalar_or_array(a: np.ndarray, like_scalar: bool):
    return float(a) if like_scalar else a


class GeoFrame:
    """Maps WGS84 latitude/longitude (degrees) to local x/y metres and back."""

    def __init__(self, origin_lat: float, origin_lon: float) -> None:
        self.origin_lat = float(origin_lat)
        self.origin_lon = float(origin_lon)
        from pyproj import CRS, Transformer  # here, not at import: pyproj is slow to load

        self.crs = CRS.from_proj4(
            f"+proj=aeqd +lat_0={self.origin_lat!r} +lon_0={self.origin_lon!r} "
            "+x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
        )
        # Built once: creating a Transformer costs far more than using it.
        # always_xy pins the axis order to (lon, lat) / (x, y) regardless of CRS conventions.
        self._fwd = Transformer.from_crs("EPSG:4326", self.crs, always_xy=True)
        self._inv = Transformer.from_crs(self.crs, "EPSG:4326", always_xy=True)

    def __repr__(self) -> str:
        return f"GeoFrame(origin_lat={self.origin_lat!r}, origin_lon={self.origin_lon!r})"

    def to_xy(self, lat, lon):
        """(x_m, y_m) east/north of the origin; floats for scalars, arrays for arrays.

        Parameters
        ----------
        lat, lon : float or array_like
            WGS84 latitude and longitude, in degrees.

        Returns
        -------
        tuple
            ``(x, y)`` in metres east and north of the origin, floats or arrays of the
            broadcast shape.
        """
        scalar = np.ndim(lat) == 0 and np.ndim(lon) == 0
        x, y = self._fwd.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
        return _scalar_or_array(np.asarray(x), scalar), _scalar_or_array(np.asarray(y), scalar)

    def to_latlon(self, x_m, y_m):
        """(lat, lon) in degrees of local x/y metres; floats for scalars, arrays for arrays.

        Parameters
        ----------
        x_m, y_m : float or array_like
            Metres east and north of the origin.

        Returns
        -------
        tuple
            ``(lat, lon)`` WGS84, in degrees, floats or arrays.
        """
        scalar = np.ndim(x_m) == 0 and np.ndim(y_m) == 0
        lon, lat = self._inv.transform(np.asarray(x_m, dtype=float), np.asarray(y_m, dtype=float))
        return _scalar_or_array(np.asarray(lat), scalar), _scalar_or_array(np.asarray(lon), scalar)
