import dataclasses
import json
import math

import numpy as np
import pytest
import rasterio
from lxml import etree
from pypdf import PdfReader
from pyproj import CRS

from sevr.planning.assignments import MIN_SEARCHER_HOURS, period_assignments, sweep_route
from sevr.planning.cycle import Belief, Clue
from sevr.planning.exports import EXPORT_FILES, PERIOD_EXPORT_FILES, FieldMap, write_period_exports, write_plan_exports
from sevr.planning.lostperson import fit_lognormal
from sevr.planning.plan import Team, make_plan
from sevr.planning.planfolder import plan_next, plan_settings
from sevr.planning.segments import grid_segments
from sevr.planning.surface import probability_surface
from sevr.world import GeoFrame
from tests.xmlschemas import assert_valid

GPX = {"g": "http://www.topografix.com/GPX/1/1"}
KML = {"k": "http://www.opengis.net/kml/2.2"}


@pytest.fixture(scope="module")
def plan(small_terrain):
    """12 x 12 km at 100 m, 2 km segments, two team types, 2 periods of 3 h (short, so the best segments need
    more than one team)."""
    frame = GeoFrame(47.40, -121.35)
    surface = probability_surface(small_terrain, (0.0, 0.0), fit_lognormal())
    seg = grid_segments(small_terrain, surface.p, block_m=2000)
    teams = (Team("ground", 4, 4, 20.0, 2.0), Team("hasty", 1, 3, 25.0, 2.5))
    return make_plan(surface, seg, teams, 3.0, 2, name="tiny", title="Tiny test search", terrain=small_terrain,
                     frame=frame, ipp_name="trailhead")


@pytest.fixture(scope="module")
def exported(plan, tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    made = write_plan_exports(plan, folder)
    return folder, made


@pytest.fixture(scope="module")
def period(plan):
    """The plan's first period as a plan folder holds it: map, allocation, settings."""
    fmap = FieldMap.from_plan(plan)
    grid = fmap.grid
    settings = plan_settings(plan)
    belief = Belief(grid.prior, grid.row)
    return fmap, plan_next(1, grid, belief, settings), belief, settings


@pytest.fixture(scope="module")
def period_files(period, tmp_path_factory):
    fmap, per, belief, settings = period
    folder = tmp_path_factory.mktemp("period")
    made = write_period_exports(fmap, per, belief, settings, folder, clues=[Clue(47.401, -121.351, "item")])
    return folder, made, period_assignments(per, fmap.grid.ids, fmap.polygons, settings)


def test_sweep_route_lanes_cover_the_box():
    route, lanes = sweep_route((0.0, 1000.0, -500.0, 500.0), 180.0)
    assert lanes == 6  # round(1000 / 180 = 5.6)
    np.testing.assert_allclose(route[:, 0], np.repeat((np.arange(6) + 0.5) * 1000 / 6, 2))
    np.testing.assert_allclose(route[:4, 1], [-500, 500, 500, -500])  # up, across, down (boustrophedon)
    assert sweep_route((0.0, 100.0, 0.0, 50.0), 1e6)[1] == 1  # a team wider than the box: one lane
    with pytest.raises(ValueError):
        sweep_route((0.0, 0.0, 0.0, 1.0), 10.0)


def test_sweep_route_skips_a_hole_in_walking_order():
    """A lane through a hole (a lake, a cliff band cut out of the segment) is walked in two pieces,
    south to north on the lanes going up and north to south on the lanes coming down."""
    from shapely.geometry import Polygon

    ring = [(0, 0), (1000, 0), (1000, 1000), (0, 1000)]
    hole = [(200, 400), (800, 400), (800, 600), (200, 600)]
    route, lanes = sweep_route((0.0, 1000.0, 0.0, 1000.0), 100.0, Polygon(ring, [hole]))
    assert lanes == 10
    for j, x in enumerate((np.arange(10) + 0.5) * 100):
        ys = route[route[:, 0] == x, 1]
        assert (np.diff(ys) >= 0).all() if j % 2 == 0 else (np.diff(ys) <= 0).all()
        inside = np.abs(ys[1::2] - ys[0::2]).sum()
        assert inside == pytest.approx(800.0 if 200 < x < 800 else 1000.0)


def test_assignments_carry_the_period(period, period_files):
    fmap, per, _, settings = period
    assigned = period_files[2]
    assert assigned and len({a.id for a in assigned}) == len(assigned) and {a.period for a in assigned} == {1}
    kept = per.searcher_hours[per.searcher_hours >= MIN_SEARCHER_HOURS]
    # every kept searcher-hour is assigned once (teams split into strips share the hours)
    assert sum(a.searcher_hours for a in assigned) == pytest.approx(kept.sum())
    assert all(a.hours <= settings["hours_per_period"] + 1e-9 for a in assigned)
    for a in assigned:
        assert a.sweep_width_m / a.spacing_m == pytest.approx(a.coverage)  # parallel sweep: C = W / S
        w, e, s, n = a.box
        assert (a.route_xy[:, 0] > w).all() and (a.route_xy[:, 0] < e).all()
        assert a.route_xy[:, 1].min() == pytest.approx(s) and a.route_xy[:, 1].max() == pytest.approx(n)
        sw, se, ss, sn = a.segment_box
        assert sw <= w < e <= se and (ss, sn) == (s, n)
    # the strips of one segment tile it from west to east, in pieces of equal area
    split = [a for a in assigned if a.strips > 1]
    assert split  # the fixture exercises the split
    for a in split:
        sib = sorted((b for b in split if b.segment == a.segment), key=lambda b: b.strip)
        assert len(sib) == a.strips == math.ceil(a.strips * a.hours / settings["hours_per_period"] - 1e-9)
        assert sib[0].box[0] == a.segment_box[0] and sib[-1].box[1] == pytest.approx(a.segment_box[1])
        assert all(x.box[1] == pytest.approx(y.box[0]) for x, y in zip(sib, sib[1:]))
        assert sum(b.piece_area_m2 for b in sib) == pytest.approx(a.outline.area, rel=1e-6)
        assert a.piece_area_m2 == pytest.approx(a.outline.area / a.strips, rel=1e-4)
    # higher-POA segments come first
    assert [a.poa for a in assigned] == sorted((a.poa for a in assigned), reverse=True)


def test_routes_on_shaped_segments_fit_the_teams_hours(period):
    """On segments that are no rectangle (a disc, an L, a U: terrain segments), the lanes are
    clipped to the outline: their length is the piece's area over the pass width (the hours at
    the sweep speed), and on a convex piece the crossings between lanes are bounded by its
    width and height."""
    from shapely.geometry import Point, Polygon

    fmap, per, _, settings = period
    shapes = [Point(0, 0).buffer(800, 64), Polygon([(0, 0), (1500, 0), (1500, 500), (500, 500), (500, 1500),
                                                    (0, 1500)]),
              Polygon([(0, 0), (1500, 0), (1500, 1500), (1100, 1500), (1100, 400), (400, 400), (400, 1500),
                       (0, 1500)])]
    polygons = shapes + list(fmap.polygons[3:])
    rate = settings["sweep_rate_m2_per_searcher_hour"]
    for team_periods in (1.0, 2.0, 4.5):  # one team, two teams in strips, five
        hours = np.zeros_like(per.searcher_hours)
        hours[:3] = team_periods * settings["hours_per_period"] * round(settings["team_size"])
        cover = rate * hours / np.array([p.area for p in polygons])
        shaped = dataclasses.replace(per, searcher_hours=hours, coverage=cover)
        assigned = period_assignments(shaped, fmap.grid.ids, polygons, settings)
        assert len(assigned) == 3 * math.ceil(team_periods)
        for a in assigned:
            assert a.piece.difference(a.outline).area < 1e-6 * a.outline.area  # the piece is in the segment
            pass_m = a.searchers * a.spacing_m
            # within the rounding of the lane count and where the outline cuts a lane (about 1 / lanes)
            assert a.lane_length_m / (a.piece_area_m2 / pass_m) == pytest.approx(1.0, abs=1.0 / a.lanes + 0.02)
            lanes_h = a.lane_length_m / 1000 / a.speed_kmh
            assert lanes_h == pytest.approx(a.hours, rel=1.0 / a.lanes + 0.02)  # the lanes take the team's hours
            w, e, s, n = a.piece.bounds[0], a.piece.bounds[2], a.piece.bounds[1], a.piece.bounds[3]
            if a.segment_index == 0:  # a convex piece; an L's or a U's notch can cost more (docs, section 16)
                assert 0 < a.crossing_length_m <= (e - w) + 4 * (n - s)


def test_grid_segments_keep_their_box_lanes(period, period_files):
    """A square segment is its box: lanes run its full height, as before the outlines."""
    for a in period_files[2]:
        w, e, s, n = a.box
        assert a.lane_length_m == pytest.approx(a.lanes * (n - s))
        assert a.piece_area_m2 == pytest.approx((e - w) * (n - s))


def test_only_searches_of_a_few_minutes_are_left_out(period):
    """Segments under MIN_SEARCHER_HOURS are not briefed; at or above it they are."""
    fmap, per, _, settings = period
    hours = np.zeros_like(per.searcher_hours)
    hours[:3] = (0.6 * MIN_SEARCHER_HOURS, MIN_SEARCHER_HOURS, 1.5 * MIN_SEARCHER_HOURS)
    few = dataclasses.replace(per, searcher_hours=hours, coverage=np.full_like(hours, 0.5))
    kept = [a.segment for a in period_assignments(few, fmap.grid.ids, fmap.polygons, settings)]
    assert sorted(kept) == sorted(fmap.grid.ids[1:3])


def test_plan_exports_are_written(exported):
    folder, made = exported
    assert sorted(made) == sorted(EXPORT_FILES)
    assert sorted(p.name for p in folder.iterdir()) == sorted(EXPORT_FILES)


def test_caltopo_geojson_round_trips_segments(plan, exported):
    folder, _ = exported
    gj = json.loads((folder / "segments.caltopo.geojson").read_text())
    seg, frame = plan.segmentation, plan.frame
    shapes = [f for f in gj["features"] if f["geometry"]["type"] == "Polygon"]
    lines = [f for f in gj["features"] if f["geometry"]["type"] == "LineString"]
    marks = [f for f in gj["features"] if f["geometry"]["type"] == "Point"]
    assert len(shapes) == seg.n and not lines and len(marks) == 1  # the routes are in the period folders
    for f, (w, e, s, n), sid in zip(shapes, seg.boxes, seg.ids):
        p = f["properties"]
        assert p["title"] == sid and p["class"] == "Shape" and sid in p["description"]
        ring = np.asarray(f["geometry"]["coordinates"][0])
        x, y = frame.to_xy(ring[:, 1], ring[:, 0])
        # every vertex lies on the segment's boundary, and the corners are there, within 1 m
        on_edge = np.minimum(np.minimum(abs(x - w), abs(x - e)), np.minimum(abs(y - s), abs(y - n)))
        assert on_edge.max() < 1.0
        for cx, cy in ((w, s), (e, s), (e, n), (w, n)):
            assert np.hypot(x - cx, y - cy).min() < 1.0
    # the most probable segment is drawn in the darkest colour
    top = int(np.argmax([s.poa for s in seg.segments]))
    assert shapes[top]["properties"]["fill"] == "#bd0026"
    ipp = marks[0]
    x, y = frame.to_xy(ipp["geometry"]["coordinates"][1], ipp["geometry"]["coordinates"][0])
    assert math.hypot(x - plan.ipp_xy[0], y - plan.ipp_xy[1]) < 1.0
    assert ipp["properties"]["class"] == "Marker"


def test_period_exports_are_written(period_files):
    folder, made, _ = period_files
    assert sorted(made) == sorted(PERIOD_EXPORT_FILES)
    assert sorted(p.name for p in folder.iterdir()) == sorted(PERIOD_EXPORT_FILES)


def test_kml_and_gpx_validate_and_hold_the_routes(plan, exported, period_files):
    top, _ = exported
    folder, _, assigned = period_files
    assert_valid("kml", (top / "segments.kml").read_text())
    assert_valid("kml", (folder / "segments.kml").read_text())
    assert_valid("gpx", (top / "segments.gpx").read_text())
    assert_valid("gpx", (folder / "assignments.gpx").read_text())
    kml = etree.parse(str(folder / "segments.kml"))
    assert len(kml.findall(".//k:Polygon", KML)) == plan.segmentation.n
    assert len(kml.findall(".//k:LineString", KML)) == len(assigned)
    names = [p.findtext("k:name", namespaces=KML) for p in kml.findall(".//k:Placemark", KML)]
    assert "Clue 1: item" in names
    gpx = etree.parse(str(folder / "assignments.gpx"))
    trks = gpx.findall("g:trk", GPX)
    assert [t.findtext("g:name", namespaces=GPX) for t in trks] == [a.id for a in assigned]
    for t, a in zip(trks, assigned):  # each track is the sweep route, within 1 m
        pts = [(float(p.get("lat")), float(p.get("lon"))) for p in t.findall(".//g:trkpt", GPX)]
        x, y = plan.frame.to_xy(*map(np.array, zip(*pts)))
        assert np.hypot(x - a.route_xy[:, 0], y - a.route_xy[:, 1]).max() < 1.0
    assert len(gpx.findall("g:wpt", GPX)) == 2  # the IPP and the clue
    seg_gpx = etree.parse(str(top / "segments.gpx"))
    searched = [sid for sid, h in zip(plan.segmentation.ids, plan.hours_by_segment()) if h >= MIN_SEARCHER_HOURS]
    assert sorted(t.findtext("g:name", namespaces=GPX) for t in seg_gpx.findall("g:trk", GPX)) == sorted(searched)
    assert len(seg_gpx.findall("g:wpt", GPX)) == 1


def test_probability_tifs_are_the_prior_and_the_belief(plan, exported, period, period_files):
    t = plan.terrain
    for folder, want in ((exported[0], plan.surface.p), (period_files[0], period[2].cells)):
        with rasterio.open(folder / "probability.tif") as ds:
            assert ds.count == 1 and ds.shape == t.shape
            assert CRS.from_wkt(ds.crs.to_wkt()).equals(plan.frame.crs)  # the frame's projection
            assert (ds.transform.c, ds.transform.f, ds.transform.a) == (t.west_m, t.north_m, t.cell_m)
            np.testing.assert_allclose(ds.read(1), want, rtol=1e-6, atol=1e-12)


def test_pdf_has_one_sheet_per_assignment(period_files):
    folder, _, assigned = period_files
    pdf = PdfReader(str(folder / "assignments.pdf"))
    assert len(pdf.pages) == len(assigned)
    for page, a in zip(pdf.pages, assigned):
        text = page.extract_text()
        assert f"Assignment {a.id}" in text
        assert f"Target POD: {a.pod:.0%}" in text
        assert f"{a.searchers} searchers" in text and f"{a.hours:.1f} h" in text
        assert f"{a.spacing_m:.0f} m apart" in text and "Instructions" in text
        assert f"route {a.route_length_m / 1000:.1f} km" in text


def test_exports_are_deterministic(plan, period, exported, period_files, tmp_path):
    """The same plan gives the same bytes (no timestamps in the PDF or the GeoTIFF)."""
    fmap, per, belief, settings = period
    (tmp_path / "top").mkdir()
    (tmp_path / "period").mkdir()
    pairs = [(write_plan_exports(plan, tmp_path / "top"), exported[0]),
             (write_period_exports(fmap, per, belief, settings, tmp_path / "period",
                                   clues=[Clue(47.401, -121.351, "item")]), period_files[0])]
    for again, folder in pairs:
        for name, path in again.items():
            assert path.read_bytes() == (folder / name).read_bytes(), name
