"""Planning on real ground: scenarios built from GeoTIFFs the tests write (a projected CRS and a
geographic one, with no-data holes), `sevr plan --dem`, `sevr scenario new`, and bad input."""
import json

import numpy as np
import pytest
import rasterio
from pyproj import Transformer
from rasterio.transform import from_origin
from typer.testing import CliRunner

from sevr.cli import app
from sevr.errors import InputError
from sevr.planning.ground import scenario_from_dem
from sevr.scenarios import load
from sevr.world import GeoFrame

from .dems import LAT0, LON0, utm_dem, wgs84_dem, write

pytestmark = pytest.mark.filterwarnings("ignore:Use `@` matmul:PendingDeprecationWarning")
runner = CliRunner()
IPP = f"{LAT0},{LON0}"


@pytest.fixture(scope="module")
def dems(tmp_path_factory):
    d = tmp_path_factory.mktemp("dems")
    return {"utm": utm_dem(d / "utm.tif"), "wgs84": wgs84_dem(d / "wgs84.tif")}


@pytest.mark.parametrize("kind", ["utm", "wgs84"])
def test_scenario_from_dem_frames_the_ipp_and_takes_the_dem_resolution(dems, kind):
    sc = scenario_from_dem(dems[kind], LAT0, LON0, "hunter", terrain_type="flat")
    assert (sc.frame.origin_lat, sc.frame.origin_lon) == (LAT0, LON0)
    t = sc.terrain
    expect_cell = 40.0 if kind == "utm" else 47.0  # 0.0005° at 47.4° N: 37.7 m east, 55.3 m north -> 45.7 m
    assert t.cell_m == pytest.approx(expect_cell, abs=1.5)
    assert t.west_m < 0 < t.east_m and t.south_m < 0 < t.north_m
    frame = GeoFrame(LAT0, LON0)
    with rasterio.open(dems[kind]) as src:  # every corner of the map lies inside the raster
        to_src = Transformer.from_crs("EPSG:4326", src.crs.to_wkt(), always_xy=True)
        for x in (t.west_m, t.east_m):
            for y in (t.south_m, t.north_m):
                lat, lon = frame.to_latlon(x, y)
                sx, sy = to_src.transform(lon, lat)
                b = src.bounds
                assert b.left <= sx <= b.right and b.bottom <= sy <= b.top
        assert (t.east_m - t.west_m) * (t.north_m - t.south_m) > 0.8 * (b.right - b.left) * (b.top - b.bottom) * (
            1.0 if kind == "utm" else 111_320.0 * np.cos(np.radians(LAT0)) * 110_574.0)
    assert (sc.distance.q25_km, sc.distance.q95_km) == (0.6, 13.7)
    assert "Hunter" in sc.distance.source and sc.subject.terrain_type == "flat"
    # the IPP round-trips through the frame to well within 1 m
    x, y = frame.to_xy(sc.ipp.lat, sc.ipp.lon)
    assert abs(x) < 1e-6 and abs(y) < 1e-6
    lat, lon = frame.to_latlon(x, y)
    assert frame.to_xy(lat, lon) == pytest.approx((0.0, 0.0), abs=1e-3)


def test_the_radius_caps_the_extent(dems):
    sc = scenario_from_dem(dems["utm"], LAT0, LON0, "hiker", radius_km=1.0)
    t = sc.terrain
    assert -1000 <= t.west_m and t.east_m <= 1000 and -1000 <= t.south_m and t.north_m <= 1000


def test_bad_ground_is_refused_with_file_and_field(tmp_path, dems):
    z = np.full((10, 10), 500.0)
    no_crs = tmp_path / "nocrs.tif"
    with rasterio.open(no_crs, "w", driver="GTiff", height=10, width=10, count=1, dtype="float32",
                       transform=from_origin(0, 10, 1, 1)) as dst:
        dst.write(z.astype(np.float32), 1)
    with pytest.raises(InputError) as err:
        scenario_from_dem(no_crs, LAT0, LON0)
    assert str(err.value).startswith(f"{no_crs}: crs: ")
    with pytest.raises(InputError) as err:
        scenario_from_dem(dems["utm"], LAT0 + 1.0, LON0)
    assert str(err.value).startswith(f"{dems['utm']}: ipp: ") and "outside" in str(err.value)
    text = tmp_path / "text.tif"
    text.write_text("not a raster")
    with pytest.raises(InputError) as err:
        scenario_from_dem(text, LAT0, LON0)
    assert str(err.value).startswith(f"{text}: dem: not a readable GeoTIFF")
    truncated = tmp_path / "truncated.tif"
    truncated.write_bytes(dems["utm"].read_bytes()[:3000])
    with pytest.raises(InputError) as err:
        scenario_from_dem(truncated, LAT0, LON0)
    assert str(err.value).startswith(f"{truncated}: dem: ")
    with pytest.raises(InputError, match="^category: unknown subject category"):
        scenario_from_dem(dems["utm"], LAT0, LON0, "astronaut")


def test_plan_on_a_dem_end_to_end_and_scenario_new_gives_the_same_plan(tmp_path, dems):
    a = tmp_path / "a"
    res = runner.invoke(app, ["plan", "--dem", str(dems["utm"]), "--ipp", IPP, "--category", "child_7_9",
                              "--periods", "1", "--segment-km2", "0.5", "--out", str(a)])
    assert res.exit_code == 0, res.output
    plan = json.loads((a / "plan.json").read_text())
    assert plan["distance_fit"]["quantiles"][3]["observed_km"] == 11.3
    assert plan["ipp"]["lat"] == pytest.approx(LAT0, abs=1e-9) and plan["ipp"]["x_m"] == pytest.approx(0.0, abs=1e-6)
    segs = plan["segments"]
    assert all("bounded_by" in s and s["name"].startswith(s["id"]) for s in segs)
    assert any("drainage" in s["bounded_by"] for s in segs)
    gj = json.loads((a / "segments.geojson").read_text())
    assert len(gj["features"]) == len(segs)

    toml = tmp_path / "new.toml"
    res = runner.invoke(app, ["scenario", "new", "lost-person", "--dem", str(dems["utm"]), "--ipp", IPP,
                              "--category", "child_7_9", "--segment-km2", "0.5", "--out", str(toml)])
    assert res.exit_code == 0, res.output
    assert load(str(toml)).segments.method == "terrain"
    b = tmp_path / "b"
    res = runner.invoke(app, ["plan", str(toml), "--periods", "1", "--out", str(b)])
    assert res.exit_code == 0, res.output
    assert json.loads((b / "plan.json").read_text())["segments"] == segs
    assert (b / "segments.geojson").read_bytes() == (a / "segments.geojson").read_bytes()


def test_plan_with_layers_on_a_geographic_dem(tmp_path, dems):
    trail = tmp_path / "trail.geojson"
    trail.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"name": "ridge path"},
        "geometry": {"type": "LineString", "coordinates": [[LON0 - 0.02, LAT0 + 0.005], [LON0 + 0.02, LAT0 + 0.005]]}}]}))
    road = tmp_path / "road.gpx"
    road.write_text(f"""<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
<trk><name>forest road</name><trkseg><trkpt lat="{LAT0 - 0.01}" lon="{LON0 - 0.02}"/>
<trkpt lat="{LAT0 - 0.01}" lon="{LON0 + 0.02}"/></trkseg></trk></gpx>""")
    out = tmp_path / "p"
    res = runner.invoke(app, ["plan", "--dem", str(dems["wgs84"]), "--ipp", IPP, "--trails", str(trail),
                              "--roads", str(road), "--periods", "1", "--out", str(out)])
    assert res.exit_code == 0, res.output
    segs = json.loads((out / "plan.json").read_text())["segments"]
    assert any("trail" in s["bounded_by"] for s in segs) and any("road" in s["bounded_by"] for s in segs)


@pytest.mark.parametrize("case", ["nocrs", "outside", "category", "text", "truncated", "ipp", "layer", "radius"])
def test_cli_bad_input_exit_2_one_line_nothing_written(tmp_path, dems, case):
    dem, ipp, extra = str(dems["utm"]), IPP, []
    if case == "nocrs":
        dem = str(write(tmp_path / "n.tif", np.full((8, 8), 5.0), None, from_origin(0, 8, 1, 1)))
    elif case == "outside":
        ipp = f"{LAT0 + 2},{LON0}"
    elif case == "category":
        extra = ["--category", "astronaut"]
    elif case == "text":
        (tmp_path / "t.tif").write_text("hello")
        dem = str(tmp_path / "t.tif")
    elif case == "truncated":
        (tmp_path / "c.tif").write_bytes(dems["utm"].read_bytes()[:2000])
        dem = str(tmp_path / "c.tif")
    elif case == "ipp":
        ipp = "forty,seven"
    elif case == "layer":
        (tmp_path / "bad.geojson").write_text("{not json")
        extra = ["--trails", str(tmp_path / "bad.geojson")]
    elif case == "radius":
        extra = ["--radius-km", "nan"]
    out = tmp_path / "out"
    toml = tmp_path / "s.toml"
    for args in (["plan", "--dem", dem, "--ipp", ipp, "--out", str(out)] + extra,
                 ["scenario", "new", "lost-person", "--dem", dem, "--ipp", ipp, "--out", str(toml)] + extra):
        res = runner.invoke(app, args)
        assert res.exit_code == 2, res.output
        lines = res.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error:"), res.output
        field = {"nocrs": "crs", "outside": "--ipp", "category": "--category", "text": "dem", "truncated": "dem",
                 "ipp": "--ipp", "layer": "--trails", "radius": "--radius-km"}[case]
        assert f": {field}: " in lines[0] or lines[0].startswith(f"error: {field}: "), lines[0]
        assert not out.exists() and not toml.exists()
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("out", "s.toml"))) == []


def test_dem_options_without_dem_are_refused(tmp_path):
    res = runner.invoke(app, ["plan", "--category", "hunter", "--out", str(tmp_path / "o")])
    assert res.exit_code == 2 and res.output.startswith("error: --dem: ")
    assert not (tmp_path / "o").exists()


def test_segment_area_from_team_hours_by_hand():
    from sevr.planning.ground import segment_area_for

    teams = [{"teams": 3, "searchers_per_team": 4, "sweep_width_m": 20.0, "speed_kmh": 2.0},
             {"teams": 1, "searchers_per_team": 3, "sweep_width_m": 25.0, "speed_kmh": 2.5}]
    # per team and hour: (3 x 4 x 20 x 2000 + 1 x 3 x 25 x 2500) / 4 = (480 000 + 187 500) / 4 = 166 875 m²
    assert segment_area_for(teams, 6.0) == pytest.approx(6 * 166_875 / 1e6)
    with pytest.raises(InputError, match="--segment-team-hours"):
        segment_area_for(teams, 0.0)
