"""GeoTIFF elevation models, really read: rasters the tests write in a projected CRS (UTM 37N)
and a geographic one (WGS 84 lat/lon), with no-data holes, loaded directly, from a scenario and
through `sevr run`."""
import json
import sys

import numpy as np
import pytest
import rasterio
from pyproj import Transformer
from rasterio.transform import from_origin
from typer.testing import CliRunner

from sevr.cli import app
from sevr.errors import InputError
from sevr.scenarios.loader import load, to_toml
from sevr.sim.setup import build_terrain, build_world
from sevr.world import GRAVEL, ROCK, SAND, GeoFrame, load_geotiff

# rasterio's own from_origin still multiplies affines with `*`, which affine 3 warns about.
pytestmark = pytest.mark.filterwarnings("ignore:Use `@` matmul:PendingDeprecationWarning")

NODATA = -9999.0
FRAME = GeoFrame(21.4225, 39.8262)  # the Kaaba, as in the Hijra scenario
GRID = dict(west_m=-600.0, east_m=600.0, south_m=-400.0, north_m=400.0, cell_m=20.0,
            sand_max_slope_deg=6.0, rock_min_slope_deg=22.0, rock_min_relief_m=250.0)


def write_geotiff(path, elevation, crs, transform, nodata=NODATA):
    """One float32 band, north-up, as a DEM from a survey would come."""
    with rasterio.open(path, "w", driver="GTiff", height=elevation.shape[0], width=elevation.shape[1],
                       count=1, dtype="float32", crs=crs, transform=transform, nodata=nodata) as dst:
        dst.write(elevation.astype(np.float32), 1)
    return path


def cell_centres(grid=GRID):
    ncols = round((grid["east_m"] - grid["west_m"]) / grid["cell_m"])
    nrows = round((grid["north_m"] - grid["south_m"]) / grid["cell_m"])
    x = grid["west_m"] + (np.arange(ncols) + 0.5) * grid["cell_m"]
    y = grid["north_m"] - (np.arange(nrows) + 0.5) * grid["cell_m"]
    return np.meshgrid(x, y)


# A plane in the raster's own coordinates: bilinear resampling reproduces it exactly, so the
# loaded grid can be checked cell by cell against the plane evaluated at each cell centre,
# converted straight from the local frame to the raster's CRS (not through the loader's route).
UTM = "EPSG:32637"
E0, N0 = 584_000.0, 2_370_500.0  # UTM 37N corner north-west of the Kaaba (E 585 624, N 2 369 134)
PIX = 30.0


def utm_plane(e, n):
    return 400.0 + 0.02 * (e - E0) - 0.015 * (n - N0)


def utm_raster():
    rows, cols = 150, 150
    e = E0 + (np.arange(cols) + 0.5) * PIX
    n = N0 - (np.arange(rows) + 0.5) * PIX
    ee, nn = np.meshgrid(e, n)
    return utm_plane(ee, nn), from_origin(E0, N0, PIX, PIX)


def test_projected_geotiff_is_resampled_exactly(tmp_path):
    elevation, transform = utm_raster()
    path = write_geotiff(tmp_path / "utm.tif", elevation, UTM, transform)
    t = load_geotiff(path, FRAME, **GRID)
    xx, yy = cell_centres()
    e, n = Transformer.from_crs(FRAME.crs, UTM, always_xy=True).transform(xx, yy)
    assert t.shape == xx.shape == (40, 60)
    # float32 storage: a few millimetres at 400 m.
    np.testing.assert_allclose(t.elevation, utm_plane(e, n), atol=0.01)
    # North-up and not mirrored: the plane falls to the north and rises to the east.
    assert t.elevation[0, 0] < t.elevation[-1, 0] and t.elevation[0, 0] < t.elevation[0, -1]


LON0, LAT0, DEG = 39.80, 21.44, 0.0003  # ~31 m by ~28 m pixels


def lonlat_plane(lon, lat):
    return 300.0 + 9000.0 * (lon - LON0) + 4000.0 * (LAT0 - lat)


def test_geographic_geotiff_is_resampled_exactly(tmp_path):
    rows, cols = 200, 200
    lon = LON0 + (np.arange(cols) + 0.5) * DEG
    lat = LAT0 - (np.arange(rows) + 0.5) * DEG
    lo, la = np.meshgrid(lon, lat)
    path = write_geotiff(tmp_path / "wgs84.tif", lonlat_plane(lo, la), "EPSG:4326", from_origin(LON0, LAT0, DEG, DEG))
    t = load_geotiff(path, FRAME, **GRID)
    xx, yy = cell_centres()
    plon, plat = Transformer.from_crs(FRAME.crs, "EPSG:4326", always_xy=True).transform(xx, yy)
    np.testing.assert_allclose(t.elevation, lonlat_plane(plon, plat), atol=0.01)


def test_nodata_holes_take_the_nearest_valid_height(tmp_path):
    elevation, transform = utm_raster()
    # A hole of no-data over the middle of the area: rows/columns of the raster's own grid.
    holed = elevation.copy()
    holed[45:60, 55:75] = NODATA
    t = load_geotiff(write_geotiff(tmp_path / "holed.tif", holed, UTM, transform), FRAME, **GRID)
    full = load_geotiff(write_geotiff(tmp_path / "full.tif", elevation, UTM, transform), FRAME, **GRID)
    assert np.isfinite(t.elevation).all()
    # Nothing of the no-data value leaks in: every height lies within the valid heights.
    valid = elevation[holed != NODATA]
    assert valid.min() - 0.01 <= t.elevation.min() and t.elevation.max() <= valid.max() + 0.01
    changed = np.abs(t.elevation - full.elevation) > 0.01
    # The hole moved some cells (it lies inside the area), and only those near it.
    assert 20 <= changed.sum() <= 0.3 * t.elevation.size
    # A filled cell copies a pixel on the hole's rim, so it is off by at most the plane's change
    # across the hole (20 columns x 30 m x 0.02 + 15 rows x 30 m x 0.015 = 18.75 m).
    assert np.abs(t.elevation - full.elevation).max() <= 18.75 + 0.01


def test_geographic_geotiff_with_nan_nodata(tmp_path):
    rows, cols = 200, 200
    lon = LON0 + (np.arange(cols) + 0.5) * DEG
    lat = LAT0 - (np.arange(rows) + 0.5) * DEG
    lo, la = np.meshgrid(lon, lat)
    z = lonlat_plane(lo, la)
    z[60:80, 90:110] = np.nan
    path = write_geotiff(tmp_path / "nan.tif", z, "EPSG:4326", from_origin(LON0, LAT0, DEG, DEG), nodata=np.nan)
    t = load_geotiff(path, FRAME, **GRID)
    assert np.isfinite(t.elevation).all()
    assert np.nanmin(z) - 0.01 <= t.elevation.min() and t.elevation.max() <= np.nanmax(z) + 0.01


def test_unset_base_is_the_fifth_percentile(tmp_path):
    """A gentle ramp rising 0.08 m per metre eastwards (4.6 deg, below the 6 deg sand limit)
    across a 6 km wide area spans R = 480 m, with heights spread evenly over it. With the base
    at the 5th percentile, sand (relief < 250/4 m) covers 5 % + 62.5/480 of the area and rock
    (relief >= 250 m) 95 % - 250/480; everything between is gravel."""
    west = 582_000.0
    cols, rows = 250, 150
    ee, nn = np.meshgrid(west + (np.arange(cols) + 0.5) * PIX, N0 - (np.arange(rows) + 0.5) * PIX)
    path = write_geotiff(tmp_path / "ramp.tif", 300.0 + 0.08 * (ee - west), UTM, from_origin(west, N0, PIX, PIX))
    grid = dict(GRID, west_m=-3000.0, east_m=3000.0)
    mix = shares(load_geotiff(path, FRAME, **grid).ground)
    assert mix["sand"] == pytest.approx(0.05 + 62.5 / 480.0, abs=0.005)
    assert mix["rock"] == pytest.approx(0.95 - 250.0 / 480.0, abs=0.005)
    # A stated base wins over the percentile: 0 m puts the whole ramp (300 m and up) in rock.
    low = load_geotiff(path, FRAME, base_elevation_m=0.0, **grid)
    assert shares(low.ground)["rock"] == 1.0


def test_all_nodata_raster_is_refused_by_name(tmp_path):
    elevation, transform = utm_raster()
    path = write_geotiff(tmp_path / "empty.tif", np.full_like(elevation, NODATA), UTM, transform)
    with pytest.raises(ValueError, match=r"empty\.tif: band 1 has no valid elevation values"):
        load_geotiff(path, FRAME, **GRID)


def test_without_rasterio_the_message_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "rasterio", None)  # `import rasterio` now raises ImportError
    with pytest.raises(RuntimeError, match=r"pip install 'sevr\[geo\]'"):
        load_geotiff(tmp_path / "x.tif", FRAME, **GRID)


# --- a Hijra-like DEM: the synthetic Mecca terrain written out as a UTM GeoTIFF ----------------


@pytest.fixture(scope="module")
def hijra():
    return load("hijra")


@pytest.fixture(scope="module")
def mecca_dem(hijra, tmp_path_factory):
    """The built-in synthetic surface (about 230-750 m) sampled on a 30 m UTM 37N grid that
    covers the scenario's extent, with a no-data hole west of the route."""
    world = build_world(hijra)
    to_utm = Transformer.from_crs(world.frame.crs, UTM, always_xy=True)
    t = hijra.terrain
    corners_e, corners_n = to_utm.transform([t.west_m, t.east_m, t.east_m, t.west_m],
                                            [t.north_m, t.north_m, t.south_m, t.south_m])
    west, north = min(corners_e) - 300.0, max(corners_n) + 300.0
    cols = int((max(corners_e) + 300.0 - west) / PIX) + 1
    rows = int((north - (min(corners_n) - 300.0)) / PIX) + 1
    ee, nn = np.meshgrid(west + (np.arange(cols) + 0.5) * PIX, north - (np.arange(rows) + 0.5) * PIX)
    x, y = to_utm.transform(ee, nn, direction="INVERSE")
    z = world.terrain.elevation_at(x, y)
    z[rows // 2: rows // 2 + 10, 5:25] = NODATA
    folder = tmp_path_factory.mktemp("dem")
    write_geotiff(folder / "mecca_utm37n.tif", z, UTM, from_origin(west, north, PIX, PIX))
    return folder / "mecca_utm37n.tif", world.terrain


def scenario_file(hijra, folder, source, **terrain):
    """The Hijra scenario as a file in *folder* whose terrain comes from *source*."""
    text = to_toml(hijra)
    text = text.replace('source = "synthetic"', f'source = "{source}"')
    text = text.replace("base_elevation_m = 277.0\n", "".join(f"{k} = {v}\n" for k, v in terrain.items()))
    path = folder / "hijra_dem.toml"
    path.write_text(text, encoding="utf-8")
    return path


def shares(ground):
    return {name: float(np.mean(ground == code)) for name, code in (("sand", SAND), ("gravel", GRAVEL), ("rock", ROCK))}


def test_unset_base_elevation_gives_a_plausible_ground_mix(hijra, mecca_dem, tmp_path):
    dem, synthetic = mecca_dem
    scenario = load(str(scenario_file(hijra, dem.parent, dem.name)))
    assert scenario.terrain.base_elevation_m is None
    terrain = build_terrain(scenario.terrain, GeoFrame(scenario.frame.origin_lat, scenario.frame.origin_lon))
    # Through a 30 m UTM grid and back: close to the 10 m original except on the sharpest
    # slopes and in the hole.
    diff = np.abs(terrain.elevation - synthetic.elevation)
    assert np.median(diff) < 0.5 and np.percentile(diff, 99) < 5.0
    mix = shares(terrain.ground)
    # The built-in synthetic surface (base 277 m) is ~57 % sand, ~37 % gravel, ~6 % rock; the
    # DEM of it, with the 5th-percentile base (~253 m, so a little less counts as valley floor),
    # gives ~50 / 42 / 7 %: close to that, and certainly not all one type.
    reference = shares(synthetic.ground)
    for name in mix:
        assert abs(mix[name] - reference[name]) < 0.1, (name, mix, reference)
    assert 0.3 < mix["sand"] < 0.8 and 0.2 < mix["gravel"] < 0.6 and 0.02 < mix["rock"] < 0.2
    # The old behaviour for contrast: a base of 0 m puts nearly every cell (all above 250 m)
    # "high on the mountain".
    zero = load(str(scenario_file(hijra, tmp_path, str(dem), base_elevation_m=0.0)))
    rock = build_terrain(zero.terrain, GeoFrame(zero.frame.origin_lat, zero.frame.origin_lon))
    assert shares(rock.ground)["rock"] > 0.95


def test_relative_source_is_read_from_the_scenario_folder(hijra, mecca_dem, monkeypatch, tmp_path):
    dem, _ = mecca_dem
    path = scenario_file(hijra, dem.parent, dem.name)
    monkeypatch.chdir(tmp_path)  # somewhere the DEM is not
    scenario = load(str(path))
    assert scenario.terrain.source == str(dem.resolve())
    sub = dem.parent / "scenarios"
    sub.mkdir(exist_ok=True)
    nested = scenario_file(hijra, sub, f"../{dem.name}")
    assert load(str(nested)).terrain.source == str(sub.resolve() / ".." / dem.name)
    # Built-in scenarios and absolute paths are left as they are.
    assert load("hijra").terrain.source == "synthetic"
    absolute = scenario_file(hijra, tmp_path, str(dem.resolve()))
    assert load(str(absolute)).terrain.source == str(dem.resolve())


def test_missing_relative_source_names_the_resolved_file(hijra, tmp_path):
    scenario = load(str(scenario_file(hijra, tmp_path, "absent.tif")))
    with pytest.raises(InputError) as err:
        build_terrain(scenario.terrain, GeoFrame(scenario.frame.origin_lat, scenario.frame.origin_lon))
    assert err.value.field == "terrain.source" and str(tmp_path / "absent.tif") in str(err.value)


def test_sevr_run_on_a_geotiff_scenario(hijra, mecca_dem, monkeypatch, tmp_path):
    dem, _ = mecca_dem
    path = scenario_file(hijra, dem.parent, dem.name)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["run", str(path), "--out", "out"])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["scenario"] == "hijra"
    # The walk to the cave over the DEM: a few kilometres, climbing most of Thawr's height.
    assert summary["straight_line_m"] == pytest.approx(5257.1, abs=1.0)
    assert 1.0 <= summary["route_length_m"] / summary["straight_line_m"] <= 1.5
    assert 300.0 <= summary["climb_m"] <= 550.0
    events = [json.loads(line) for line in (tmp_path / "out" / "events.jsonl").read_text().splitlines()]
    kinds = [e["kind"] for e in events]
    assert kinds[:3] == ["arrive_house", "provisions", "exit"] and "arrive_hideout" in kinds
    arrival = events[kinds.index("arrive_hideout")]
    world = build_world(load(str(path)))
    assert np.hypot(arrival["x_m"] - world.hideout_xy[0], arrival["y_m"] - world.hideout_xy[1]) < 1.0
    # The run's world is the DEM's, with a sensible ground mix along the way.
    mix = shares(world.terrain.ground)
    assert 0.3 < mix["sand"] < 0.8 and 0.2 < mix["gravel"] < 0.6 and 0.02 < mix["rock"] < 0.2
