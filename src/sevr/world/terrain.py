"""Terrain raster: elevation and ground type on a regular grid in the local metric frame.

Grid convention (same as a north-up image): row 0 is the NORTH edge, column 0 the WEST edge,
and cell (r, c) has its centre at

    x = west_m + (c + 0.5) * cell_m,    y = north_m - (r + 0.5) * cell_m.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple, Sequence

import numpy as np

__all__ = [
    "SAND",
    "GRAVEL",
    "ROCK",
    "GROUND_NAMES",
    "Peak",
    "Terrain",
    "classify_ground",
    "grid_shape",
    "synthetic_terrain",
    "load_geotiff",
]

SAND = 0
GRAVEL = 1
ROCK = 2
GROUND_NAMES = ("sand", "gravel", "rock")

# Defaults of the synthetic-terrain knobs beyond the required ones (see docs/model-world.md).
DEFAULT_PEAK_SHAPE_EXPONENT = 1.5  # between a cone (1) and a Gaussian dome (2): long foot-slopes
DEFAULT_NOISE_WAVELENGTH_M = 2000.0  # longest noise wavelength (first octave)
DEFAULT_NOISE_OCTAVES = 4  # each further octave halves the wavelength
DEFAULT_NOISE_PERSISTENCE = 0.5  # amplitude ratio between successive octaves
DEFAULT_SUMMIT_TAPER_FRAC = 0.3  # noise fades within this fraction of a peak's radius
DEFAULT_VALLEY_HALF_WIDTH_M = 300.0  # half-width of the flattened valley corridor


def _frozen(a: np.ndarray) -> np.ndarray:
    out = a.copy() if a.flags.writeable else a.view()
    out.flags.writeable = False
    return out


class Peak(NamedTuple):
    """A summit: position (m, local frame), summit elevation (m) and horizontal scale (m)."""

    x_m: float
    y_m: float
    elevation_m: float
    radius_m: float


@dataclass(frozen=True, eq=False)
class Terrain:
    """Elevation (m) and ground code (SAND/GRAVEL/ROCK) on a north-up grid of square cells."""

    elevation: np.ndarray
    ground: np.ndarray
    cell_m: float
    west_m: float
    north_m: float
    # Derived rasters are cached here; frozen only forbids attribute assignment, not this dict.
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        elev = np.asarray(self.elevation, dtype=np.float64)
        ground = np.asarray(self.ground, dtype=np.uint8)
        if elev.ndim != 2:
            raise ValueError(f"elevation must be 2-D, got shape {elev.shape}")
        if ground.shape != elev.shape:
            raise ValueError(f"ground shape {ground.shape} != elevation shape {elev.shape}")
        if not self.cell_m > 0:
            raise ValueError(f"cell_m must be positive, got {self.cell_m}")
        # Private read-only copies (writable inputs are copied) so cached derived rasters
        # stay valid for the object's lifetime.
        elev = _frozen(elev)
        ground = _frozen(ground)
        object.__setattr__(self, "elevation", elev)
        object.__setattr__(self, "ground", ground)
        object.__setattr__(self, "cell_m", float(self.cell_m))
        object.__setattr__(self, "west_m", float(self.west_m))
        object.__setattr__(self, "north_m", float(self.north_m))

    # --- geometry ------------------------------------------------------------------------

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, columns)`` of the grid."""
        return self.elevation.shape

    @property
    def east_m(self) -> float:
        """x of the east edge of the grid, in metres."""
        return self.west_m + self.shape[1] * self.cell_m

    @property
    def south_m(self) -> float:
        """y of the south edge of the grid, in metres."""
        return self.north_m - self.shape[0] * self.cell_m

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """(west, east, south, north) in metres, for ``imshow(..., origin="upper")``."""
        return (self.west_m, self.east_m, self.south_m, self.north_m)

    def xy_to_rc(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """Row/column (int arrays) of the cells containing (x, y), clipped to the grid.

        Parameters
        ----------
        x, y : float or array_like
            Points in metres east and north (local frame); off-grid points go to the nearest
            edge cell.

        Returns
        -------
        tuple of numpy.ndarray
            ``(rows, cols)``, integer arrays (numpy integers for scalar input).
        """
        c = np.floor((np.asarray(x, dtype=float) - self.west_m) / self.cell_m).astype(np.intp)
        r = np.floor((self.north_m - np.asarray(y, dtype=float)) / self.cell_m).astype(np.intp)
        nrows, ncols = self.shape
        return np.clip(r, 0, nrows - 1), np.clip(c, 0, ncols - 1)

    def rc_to_xy(self, r, c) -> tuple[np.ndarray, np.ndarray]:
        """Cell-centre (x, y) in metres of row/column indices.

        Parameters
        ----------
        r, c : int or array_like
            Row and column indices (row 0 north, column 0 west); not checked against the grid.

        Returns
        -------
        tuple of numpy.ndarray
            ``(x, y)`` in metres, float arrays (numpy floats for scalar input).
        """
        x = self.west_m + (np.asarray(c, dtype=float) + 0.5) * self.cell_m
        y = self.north_m - (np.asarray(r, dtype=float) + 0.5) * self.cell_m
        return x, y

    # --- sampling ------------------------------------------------------------------------

    def elevation_at(self, x, y):
        """Bilinear elevation (m) between cell centres; edge values held outside the grid.

        Parameters
        ----------
        x, y : float or array_like
            Points in metres east and north (local frame).

        Returns
        -------
        float or numpy.ndarray
            Elevation in metres; a float for scalar input, else an array of the broadcast shape.
        """
        scalar = np.ndim(x) == 0 and np.ndim(y) == 0
        fc = (np.asarray(x, dtype=float) - self.west_m) / self.cell_m - 0.5
        fr = (self.north_m - np.asarray(y, dtype=float)) / self.cell_m - 0.5
        fr, fc = np.broadcast_arrays(fr, fc)
        from scipy import ndimage  # here, not at import: SciPy is slow to load

        z = ndimage.map_coordinates(
            self.elevation, [fr.ravel(), fc.ravel()], order=1, mode="nearest"
        ).reshape(fr.shape)
        return float(z) if scalar else z

    def ground_at(self, x, y):
        """Ground code of the cell containing (x, y) (int for scalars, uint8 array otherwise).

        Parameters
        ----------
        x, y : float or array_like
            Points in metres east and north (local frame); clipped to the grid.

        Returns
        -------
        int or numpy.ndarray
            SAND, GRAVEL or ROCK code(s).
        """
        r, c = self.xy_to_rc(x, y)
        g = self.ground[r, c]
        return int(g) if np.ndim(g) == 0 else g

    # --- derived rasters -----------------------------------------------------------------

    def _gradient(self) -> tuple[np.ndarray, np.ndarray]:
        """(dz/dx east, dz/dy north), dimensionless, by central differences."""
        if "grad" not in self._cache:
            d_row, d_col = np.gradient(self.elevation, self.cell_m)
            # Rows run southwards, so north-positive dz/dy is minus the row derivative.
            self._cache["grad"] = (d_col, -d_row)
        return self._cache["grad"]

    def slope_deg(self) -> np.ndarray:
        """Slope angle (degrees) of every cell; computed once and cached (read-only)."""
        if "slope" not in self._cache:
            gx, gy = self._gradient()
            slope = np.degrees(np.arctan(np.hypot(gx, gy)))
            slope.flags.writeable = False
            self._cache["slope"] = slope
        return self._cache["slope"]

    def hillshade(self, azimuth_deg: float = 315.0, altitude_deg: float = 45.0) -> np.ndarray:
        """Lambertian shading in [0, 1] for a light from ``azimuth_deg`` (clockwise from north)
        at ``altitude_deg`` above the horizon; 315/45 is the cartographic convention (NW light).

        Parameters
        ----------
        azimuth_deg : float, default 315.0
            Direction of the light, degrees clockwise from north.
        altitude_deg : float, default 45.0
            Height of the light above the horizon, in degrees.

        Returns
        -------
        numpy.ndarray
            Shading in [0, 1] of the grid's shape ``(rows, columns)``.
        """
        gx, gy = self._gradient()
        az, alt = np.radians(azimuth_deg), np.radians(altitude_deg)
        # Unit vector towards the light in (east, north, up) and the surface normal (-gx, -gy, 1).
        lx, ly, lz = np.sin(az) * np.cos(alt), np.cos(az) * np.cos(alt), np.sin(alt)
        shade = (-gx * lx - gy * ly + lz) / np.sqrt(gx * gx + gy * gy + 1.0)
        return np.clip(shade, 0.0, 1.0)


# --- ground classification -----------------------------------------------------------------


def classify_ground(
    elevation: np.ndarray,
    slope_deg: np.ndarray,
    *,
    base_elevation_m: float,
    sand_max_slope_deg: float,
    rock_min_slope_deg: float,
    rock_min_relief_m: float,
) -> np.ndarray:
    """Ground code per cell from slope and relief (height above ``base_elevation_m``).

    Rule, first match wins:

    * ROCK where the slope is at least ``rock_min_slope_deg`` (loose material does not stay on
      steep ground) or the relief is at least ``rock_min_relief_m`` (upper mountain flanks);
    * SAND where the slope is below ``sand_max_slope_deg`` and the relief is below a quarter of
      ``rock_min_relief_m`` (flat valley floors, where wind-blown and wash sand settles);
    * GRAVEL everywhere else (foot-slopes and fans between the two).

    Parameters
    ----------
    elevation : array_like
        Elevation per cell, in metres.
    slope_deg : array_like
        Slope per cell, in degrees, of the same shape.
    base_elevation_m : float
        Elevation of the plain, in metres; relief is measured from it.
    sand_max_slope_deg : float
        Slope in degrees below which low, flat ground is sand.
    rock_min_slope_deg : float
        Slope in degrees from which ground is rock.
    rock_min_relief_m : float
        Height above base, in metres, from which ground is rock.

    Returns
    -------
    numpy.ndarray of uint8
        SAND, GRAVEL or ROCK per cell, of the shape of *elevation*.
    """
    relief = np.asarray(elevation) - base_elevation_m
    slope = np.asarray(slope_deg)
    ground = np.full(relief.shape, GRAVEL, dtype=np.uint8)
    ground[(slope < sand_max_slope_deg) & (relief < rock_min_relief_m / 4.0)] = SAND
    ground[(slope >= rock_min_slope_deg) | (relief >= rock_min_relief_m)] = ROCK
    return ground


# --- synthetic terrain ---------------------------------------------------------------------


def _as_peak(p: Any) -> Peak:
    if isinstance(p, Peak):
        return p
    if hasattr(p, "x_m"):
        return Peak(float(p.x_m), float(p.y_m), float(p.elevation_m), float(p.radius_m))
    x, y, h, r = p
    return Peak(float(x), float(y), float(h), float(r))


def _smooth_upsample(coarse: np.ndarray, fr: np.ndarray, fc: np.ndarray) -> np.ndarray:
    """Separable interpolation of ``coarse`` at fractional rows ``fr`` and columns ``fc``.

    Smoothstep weights (3w^2 - 2w^3) make the surface C1, so hillshades show no creases
    along the coarse-grid lines (plain bilinear would).
    """

    def axis_weights(f: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        i0 = np.floor(f).astype(np.intp)
        w = f - i0
        return i0, w * w * (3.0 - 2.0 * w)

    r0, wr = axis_weights(fr)
    c0, wc = axis_weights(fc)
    rows = coarse[r0] * (1.0 - wr)[:, None] + coarse[r0 + 1] * wr[:, None]
    return rows[:, c0] * (1.0 - wc)[None, :] + rows[:, c0 + 1] * wc[None, :]


def fractal_noise(
    shape: tuple[int, int],
    cell_m: float,
    *,
    seed: int,
    wavelength_m: float = DEFAULT_NOISE_WAVELENGTH_M,
    octaves: int = DEFAULT_NOISE_OCTAVES,
    persistence: float = DEFAULT_NOISE_PERSISTENCE,
) -> np.ndarray:
    """Deterministic smooth value noise with unit RMS.

    Sum of ``octaves`` layers; layer k has random N(0, 1) values on a coarse lattice of
    spacing ``wavelength_m / 2**k``, smoothly interpolated, weighted by ``persistence**k``.
    A lattice spacing is never finer than one cell.

    Parameters
    ----------
    shape : tuple of int
        ``(rows, columns)`` of the output.
    cell_m : float
        Cell size, in metres.
    seed : int
        Seed of the ``numpy.random.Generator``; same seed, same noise.
    wavelength_m : float, optional
        Lattice spacing of the first octave, in metres.
    octaves : int, optional
        Number of layers.
    persistence : float, optional
        Amplitude ratio between successive layers.

    Returns
    -------
    numpy.ndarray
        Noise of shape *shape*, dimensionless, RMS 1 (unless it is all zero).
    """
    rng = np.random.default_rng(seed)
    nrows, ncols = shape
    total = np.zeros(shape)
    for k in range(octaves):
        step = max(wavelength_m / 2**k, cell_m) / cell_m  # lattice spacing in cells
        fr = (np.arange(nrows) + 0.5) / step
        fc = (np.arange(ncols) + 0.5) / step
        lattice = rng.standard_normal((int(fr[-1]) + 2, int(fc[-1]) + 2))
        total += persistence**k * _smooth_upsample(lattice, fr, fc)
    rms = np.sqrt(np.mean(total * total))
    return total / rms if rms > 0 else total


def _distance_to_polyline(x: np.ndarray, y: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Distance from each grid point (x row-vector, y column-vector) to a polyline."""
    best = np.full((y.size, x.size), np.inf)
    if len(pts) == 1:
        return np.hypot(x[None, :] - pts[0, 0], y[:, None] - pts[0, 1])
    for (ax, ay), (bx, by) in zip(pts[:-1], pts[1:]):
        dx, dy = bx - ax, by - ay
        seg2 = dx * dx + dy * dy
        px = x[None, :] - ax
        py = y[:, None] - ay
        t = np.clip((px * dx + py * dy) / seg2, 0.0, 1.0) if seg2 > 0 else 0.0
        np.minimum(best, np.hypot(px - t * dx, py - t * dy), out=best)
    return best


def grid_shape(west_m: float, east_m: float, south_m: float, north_m: float, cell_m: float) -> tuple[int, int]:
    """(rows, columns) of the grid that covers an extent: each axis rounded to whole cells, at least one.

    The grid starts at the west and north edges; both terrain builders use this shape, and the
    scenario schema checks its size before anything is allocated.

    Parameters
    ----------
    west_m, east_m, south_m, north_m : float
        Edges of the area, in metres of the local frame.
    cell_m : float
        Side of a square cell, in metres (> 0).

    Returns
    -------
    tuple of int
        ``(rows, columns)``, each >= 1.
    """
    ncols = max(1, int(round((east_m - west_m) / cell_m)))
    nrows = max(1, int(round((north_m - south_m) / cell_m)))
    return nrows, ncols


def synthetic_terrain(
    *,
    west_m: float,
    east_m: float,
    south_m: float,
    north_m: float,
    cell_m: float,
    base_elevation_m: float,
    peaks: Sequence[Any],
    noise_amplitude_m: float,
    noise_seed: int,
    valley_floor: Sequence[tuple[float, float]] | None = None,
    sand_max_slope_deg: float,
    rock_min_slope_deg: float,
    rock_min_relief_m: float,
    peak_shape_exponent: float = DEFAULT_PEAK_SHAPE_EXPONENT,
    noise_wavelength_m: float = DEFAULT_NOISE_WAVELENGTH_M,
    noise_octaves: int = DEFAULT_NOISE_OCTAVES,
    noise_persistence: float = DEFAULT_NOISE_PERSISTENCE,
    summit_taper_frac: float = DEFAULT_SUMMIT_TAPER_FRAC,
    valley_half_width_m: float = DEFAULT_VALLEY_HALF_WIDTH_M,
) -> Terrain:
    """A deterministic stand-in for a real elevation model, built from a few known summits.

    Construction (all in the local metric frame):

    1. Flat plain at ``base_elevation_m``.
    2. Each peak ``(x_m, y_m, elevation_m, radius_m)`` adds a bump of height
       ``elevation_m - base`` shaped ``exp(-(d / radius_m) ** peak_shape_exponent)``, d being
       the horizontal distance to the summit; overlapping bumps combine by maximum, so a
       summit keeps its height unless a taller neighbour's flank is higher there.
    3. Fractal value noise (see :func:`fractal_noise`) scaled to RMS ``noise_amplitude_m``,
       multiplied by ``1 - exp(-(d / (summit_taper_frac * radius_m)) ** 2)`` for every peak so
       it vanishes at the summits (which therefore keep their given elevation).
    4. If ``valley_floor`` (a polyline of (x, y) points along the valley axis) is given, the
       relief above base is scaled by a smoothstep of distance / ``valley_half_width_m``:
       zero on the axis, untouched beyond the half-width, giving a flat corridor.
    5. Ground codes from slope and relief via :func:`classify_ground`.

    The grid covers [west_m, east_m] x [south_m, north_m], rounded to whole cells.
    """
    if not (east_m > west_m and north_m > south_m):
        raise ValueError("need east_m > west_m and north_m > south_m")
    nrows, ncols = grid_shape(west_m, east_m, south_m, north_m, cell_m)
    x = west_m + (np.arange(ncols) + 0.5) * cell_m  # cell-centre coordinates
    y = north_m - (np.arange(nrows) + 0.5) * cell_m

    bumps = np.zeros((nrows, ncols))
    taper = np.ones((nrows, ncols))
    for p in map(_as_peak, peaks):
        d = np.hypot(x[None, :] - p.x_m, y[:, None] - p.y_m)
        height = p.elevation_m - base_elevation_m
        np.maximum(bumps, height * np.exp(-((d / p.radius_m) ** peak_shape_exponent)), out=bumps)
        taper *= 1.0 - np.exp(-((d / (summit_taper_frac * p.radius_m)) ** 2))

    relief = bumps
    if noise_amplitude_m > 0:
        noise = fractal_noise(
            (nrows, ncols),
            cell_m,
            seed=noise_seed,
            wavelength_m=noise_wavelength_m,
            octaves=noise_octaves,
            persistence=noise_persistence,
        )
        relief = relief + noise_amplitude_m * noise * taper

    if valley_floor is not None and len(valley_floor) > 0:
        pts = np.asarray(valley_floor, dtype=float).reshape(-1, 2)
        s = np.clip(_distance_to_polyline(x, y, pts) / valley_half_width_m, 0.0, 1.0)
        relief = relief * (s * s * (3.0 - 2.0 * s))

    return _with_ground(base_elevation_m + relief, cell_m, west_m, north_m, base_elevation_m,
                        sand_max_slope_deg, rock_min_slope_deg, rock_min_relief_m)


def _with_ground(elevation, cell_m, west_m, north_m, base_elevation_m, sand_max_slope_deg,
                 rock_min_slope_deg, rock_min_relief_m) -> Terrain:
    """A Terrain whose ground types are classified from its own elevation and slope."""
    bare = Terrain(elevation, np.zeros(elevation.shape, np.uint8), cell_m, west_m, north_m)
    ground = classify_ground(
        bare.elevation,
        bare.slope_deg(),
        base_elevation_m=base_elevation_m,
        sand_max_slope_deg=sand_max_slope_deg,
        rock_min_slope_deg=rock_min_slope_deg,
        rock_min_relief_m=rock_min_relief_m,
    )
    # Same elevation array, so the slope already cached on `bare` is reused.
    result = Terrain(bare.elevation, ground, cell_m, west_m, north_m)
    result._cache.update(bare._cache)
    return result


# --- real elevation models (optional dependency) -------------------------------------------


def load_geotiff(
    path,
    frame,
    *,
    west_m: float,
    east_m: float,
    south_m: float,
    north_m: float,
    cell_m: float,
    base_elevation_m: float | None = None,
    sand_max_slope_deg: float,
    rock_min_slope_deg: float,
    rock_min_relief_m: float,
    band: int = 1,
) -> Terrain:
    """Resample a GeoTIFF elevation model (any CRS) onto a local-frame grid.

    Cell centres are converted to lat/lon with ``frame`` (a :class:`~sevr.world.frame.GeoFrame`),
    then to the raster's CRS, and the raster is sampled bilinearly. Nodata cells become NaN
    and are filled with the nearest valid value. ``base_elevation_m`` (for the ground rule)
    defaults to the 5th percentile of the resampled elevations. Needs ``rasterio``.

    Parameters
    ----------
    path : str or path-like
        The GeoTIFF file.
    frame : GeoFrame
        The local metric frame of the scenario.
    west_m, east_m, south_m, north_m : float
        Edges of the area, in metres of the local frame.
    cell_m : float
        Side of a square cell, in metres (> 0).
    base_elevation_m : float, optional
        Plain elevation for the ground rule, in metres; None for the 5th percentile.
    sand_max_slope_deg : float
        Slope in degrees below which low, flat ground is sand.
    rock_min_slope_deg : float
        Slope in degrees from which ground is rock.
    rock_min_relief_m : float
        Height above base, in metres, from which ground is rock.
    band : int, default 1
        Raster band holding the elevations (1-based).

    Returns
    -------
    Terrain
        Elevation (m) and ground codes on the local grid.

    Raises
    ------
    RuntimeError
        If rasterio is not installed.
    ValueError
        If the band has no valid elevation value.
    """
    try:
        import rasterio
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "load_geotiff needs rasterio; install sevr[geo] (pip install 'sevr[geo]')"
        ) from exc
    from pyproj import Transformer

    nrows, ncols = grid_shape(west_m, east_m, south_m, north_m, cell_m)

    from scipy import ndimage  # here, not at import: SciPy is slow to load

    with rasterio.open(path) as src:
        data = src.read(band, masked=True).astype(np.float64).filled(np.nan)
        to_src = Transformer.from_crs("EPSG:4326", src.crs.to_wkt(), always_xy=True)
        inverse = ~src.transform

    def raster_position(r, c):
        """Fractional (row, col) in the raster of local-grid cell centres at rows r, cols c."""
        lat, lon = frame.to_latlon(west_m + (np.asarray(c, float) + 0.5) * cell_m,
                                   north_m - (np.asarray(r, float) + 0.5) * cell_m)
        sx, sy = to_src.transform(lon, lat)
        a, b, c0, d, e, f = inverse[:6]
        sx, sy = np.asarray(sx), np.asarray(sy)
        return d * sx + e * sy + f, a * sx + b * sy + c0

    # Projecting every cell centre costs seconds on millions of cells; the map between the two
    # grids is smooth, so on large grids it is projected on a lattice every STEP cells and
    # interpolated bilinearly, if a check on cells between lattice points finds it exact to
    # 1e-3 pixel (else every cell is projected).
    step = 16
    if nrows * ncols > 250_000:
        lr = np.unique(np.r_[np.arange(0, nrows, step), nrows - 1])
        lc = np.unique(np.r_[np.arange(0, ncols, step), ncols - 1])
        rr, cc = np.meshgrid(lr, lc, indexing="ij")
        lat_rows, lat_cols = (v.reshape(rr.shape) for v in raster_position(rr.ravel(), cc.ravel()))

        def interpolate(r, c):
            fr = np.interp(r, lr, np.arange(lr.size))
            fc = np.interp(c, lc, np.arange(lc.size))
            return tuple(ndimage.map_coordinates(g, [fr, fc], order=1, mode="nearest") for g in (lat_rows, lat_cols))

        probe_r = np.clip((np.arange(64) * 7919) % nrows + step // 2, 0, nrows - 1)
        probe_c = np.clip((np.arange(64) * 104729) % ncols + step // 2, 0, ncols - 1)
        exact = raster_position(probe_r, probe_c)
        approx = interpolate(probe_r, probe_c)
        if max(np.max(np.abs(a - b)) for a, b in zip(exact, approx)) < 1e-3:
            R, C = np.meshgrid(np.arange(nrows), np.arange(ncols), indexing="ij")
            rows, cols = interpolate(R.ravel().astype(float), C.ravel().astype(float))
        else:
            R, C = np.meshgrid(np.arange(nrows), np.arange(ncols), indexing="ij")
            rows, cols = raster_position(R.ravel(), C.ravel())
    else:
        R, C = np.meshgrid(np.arange(nrows), np.arange(ncols), indexing="ij")
        rows, cols = raster_position(R.ravel(), C.ravel())

    # Fill nodata with the nearest valid pixel so bilinear sampling never sees NaN.
    invalid = np.isnan(data)
    if invalid.all():
        raise ValueError(f"{path}: band {band} has no valid elevation values")
    if invalid.any():
        idx = ndimage.distance_transform_edt(invalid, return_distances=False, return_indices=True)
        data = data[tuple(idx)]
    elevation = ndimage.map_coordinates(
        data, [rows - 0.5, cols - 0.5], order=1, mode="nearest"
    ).reshape(nrows, ncols)

    base = float(np.percentile(elevation, 5)) if base_elevation_m is None else base_elevation_m
    return _with_ground(elevation, cell_m, west_m, north_m, base, sand_max_slope_deg,
                        rock_min_slope_deg, rock_min_relief_m)
