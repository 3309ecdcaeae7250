"""Large grids are resampled through a projection lattice (sevr.world.terrain.load_geotiff): the
result must be what projecting every cell gives, on a plane whose bilinear sample is exact."""
import numpy as np
import pytest
from pyproj import Transformer
from rasterio.transform import from_origin

from sevr.world import GeoFrame, load_geotiff

from .dems import LAT0, LON0, UTM, write

pytestmark = pytest.mark.filterwarnings("ignore:Use `@` matmul:PendingDeprecationWarning")


def plane(e, n, e0, n0, k):
    return 1000.0 + k * (0.03 * (e - e0) - 0.02 * (n - n0))


@pytest.mark.parametrize("crs", [UTM, "EPSG:4326"])
def test_lattice_resampling_matches_the_plane_everywhere(tmp_path, crs):
    frame = GeoFrame(LAT0, LON0)
    to_src = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    e0, n0 = to_src.transform(LON0, LAT0)
    if crs == UTM:
        pix, half, k = 30.0, 9000.0, 1.0
    else:
        pix, half, k = 0.0004, 0.12, 1e5  # about the same slope in metres
    n = int(2 * half / pix)
    west, north = e0 - half, n0 + half
    ee, nn = np.meshgrid(west + (np.arange(n) + 0.5) * pix, north - (np.arange(n) + 0.5) * pix)
    path = write(tmp_path / "plane.tif", plane(ee, nn, e0, n0, k), crs, from_origin(west, north, pix, pix))
    grid = dict(west_m=-7000.0, east_m=7000.0, south_m=-7000.0, north_m=7000.0, cell_m=20.0,
                sand_max_slope_deg=6.0, rock_min_slope_deg=22.0, rock_min_relief_m=250.0)
    t = load_geotiff(path, frame, **grid)
    assert t.shape[0] * t.shape[1] > 250_000  # the lattice path
    r, c = np.indices(t.shape)
    x, y = t.rc_to_xy(r, c)
    lat, lon = frame.to_latlon(x.ravel(), y.ravel())
    e, nth = to_src.transform(lon, lat)
    expect = plane(np.asarray(e), np.asarray(nth), e0, n0, k).reshape(t.shape)
    # float32 storage of ~1000 m values; a lattice error of 1e-3 pixel would be under 1 mm here
    np.testing.assert_allclose(t.elevation, expect, atol=0.01)
