import json
import math

import numpy as np
import pytest
import rasterio
from lxml import etree
from pypdf import PdfReader
from pyproj import CRS

from sevr.planning.assignments import MIN_SEARCHER_HOURS, plan_assignments, sweep_route
from sevr.planning.exports import EXPORT_FILES, write_plan_exports
from sevr.planning.lostperson import fit_lognormal
from sevr.planning.plan import Team, make_plan
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


def test_sweep_route_lanes_cover_the_box():
    route, lanes = sweep_route((0.0, 1000.0, -500.0, 500.0), 180.0)
    assert lanes == 6  # round(1000 / 180 = 5.6)
    np.testing.assert_allclose(route[:, 0], np.repeat((np.arange(6) + 0.5) * 1000 / 6, 2))
    np.testing.assert_allclose(route[:4, 1], [-500, 500, 500, -500])  # up, across, down (boustrophedon)
    assert sweep_route((0.0, 100.0, 0.0, 50.0), 1e6)[1] == 1  # a team wider than the box: one lane
    with pytest.raises(ValueError):
        sweep_route((0.0, 0.0, 0.0, 1.0), 10.0)


def test_assignments_carry_the_plan(plan):
    assigned = plan_assignments(plan)
    assert assigned and len({a.id for a in assigned}) == len(assigned)
    for per in plan.periods:
        mine = [a for a in assigned if a.period == per.index]
        kept = [r for r in per.entry["searches"] if r["searcher_hours"] >= MIN_SEARCHER_HOURS]
        # every kept searcher-hour is assigned once (teams split into strips share the hours)
        assert sum(a.searcher_hours for a in mine) == pytest.approx(sum(r["searcher_hours"] for r in kept))
        assert all(a.hours <= plan.hours_per_period + 1e-9 for a in mine)
    for a in assigned:
        assert a.sweep_width_m / a.spacing_m == pytest.approx(a.coverage)  # parallel sweep: C = W / S
        w, e, s, n = a.box
        assert (a.route_xy[:, 0] > w).all() and (a.route_xy[:, 0] < e).all()
        assert a.route_xy[:, 1].min() == s and a.route_xy[:, 1].max() == n
        sw, se, ss, sn = a.segment_box
        assert sw <= w < e <= se and (ss, sn) == (s, n)
    # the strips of one record tile its segment from west to east
    split = [a for a in assigned if a.strips > 1]
    for a in split:
        sib = sorted((b for b in split if b.period == a.period and b.segment == a.segment and b.team == a.team),
                     key=lambda b: b.strip)
        assert sib[0].box[0] == a.segment_box[0] and sib[-1].box[1] == pytest.approx(a.segment_box[1])
        assert all(x.box[1] == pytest.approx(y.box[0]) for x, y in zip(sib, sib[1:]))
    # higher-POA segments come first within a period
    first = [a.poa for a in assigned if a.period == 1]
    assert first == sorted(first, reverse=True)


def test_long_records_are_split_between_teams(plan):
    """A record of more team-hours than a period is shared by ceil(h / T) teams in strips."""
    assigned = plan_assignments(plan)
    for per in plan.periods:
        for r in per.entry["searches"]:
            if r["searcher_hours"] < MIN_SEARCHER_HOURS:
                continue
            mine = [a for a in assigned if a.period == per.index and a.segment == r["segment"] and a.team == r["team"]]
            assert len(mine) == math.ceil(r["hours"] / plan.hours_per_period - 1e-9)
    assert any(a.strips > 1 for a in assigned)  # the fixture exercises the split


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
    assert len(shapes) == seg.n and len(lines) == len(plan_assignments(plan)) and len(marks) == 1
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


def test_kml_and_gpx_validate_and_hold_the_routes(plan, exported):
    folder, _ = exported
    assigned = plan_assignments(plan)
    for name in ("segments.kml",):
        assert_valid("kml", (folder / name).read_text())
    for name in ("segments.gpx", "assignments.gpx"):
        assert_valid("gpx", (folder / name).read_text())
    kml = etree.parse(str(folder / "segments.kml"))
    assert len(kml.findall(".//k:Polygon", KML)) == plan.segmentation.n
    assert len(kml.findall(".//k:LineString", KML)) == len(assigned)
    gpx = etree.parse(str(folder / "assignments.gpx"))
    trks = gpx.findall("g:trk", GPX)
    assert [t.findtext("g:name", namespaces=GPX) for t in trks] == [a.id for a in assigned]
    for t, a in zip(trks, assigned):  # each track is the sweep route, within 1 m
        pts = [(float(p.get("lat")), float(p.get("lon"))) for p in t.findall(".//g:trkpt", GPX)]
        x, y = plan.frame.to_xy(*map(np.array, zip(*pts)))
        assert np.hypot(x - a.route_xy[:, 0], y - a.route_xy[:, 1]).max() < 1.0
    seg_gpx = etree.parse(str(folder / "segments.gpx"))
    assert sorted(t.findtext("g:name", namespaces=GPX) for t in seg_gpx.findall("g:trk", GPX)) == \
        sorted({a.segment for a in assigned})
    assert len(seg_gpx.findall("g:wpt", GPX)) == 1


def test_probability_tif_is_the_surface(plan, exported):
    folder, _ = exported
    t = plan.terrain
    with rasterio.open(folder / "probability.tif") as ds:
        assert ds.count == 2 and ds.shape == t.shape
        assert CRS.from_wkt(ds.crs.to_wkt()).equals(plan.frame.crs)  # the frame's projection, not an approximation
        assert (ds.transform.c, ds.transform.f, ds.transform.a) == (t.west_m, t.north_m, t.cell_m)
        before, after = ds.read(1), ds.read(2)
    np.testing.assert_allclose(before, plan.surface.p, rtol=1e-6, atol=1e-12)
    assert after.sum() == pytest.approx(plan.ledger.poa_in_area, rel=1e-5)
    assert after.sum() < before.sum()  # the unsuccessful periods moved mass out of the area


def test_pdf_has_one_sheet_per_assignment(plan, exported):
    folder, _ = exported
    assigned = plan_assignments(plan)
    pdf = PdfReader(str(folder / "assignments.pdf"))
    assert len(pdf.pages) == len(assigned)
    for page, a in zip(pdf.pages, assigned):
        text = page.extract_text()
        assert f"Assignment {a.id}" in text
        assert f"Target POD: {a.pod:.0%}" in text
        assert f"{a.searchers} searchers" in text and f"{a.hours:.1f} h" in text
        assert f"{a.spacing_m:.0f} m apart" in text and "Instructions" in text


def test_exports_are_deterministic(plan, exported, tmp_path):
    """The same plan gives the same bytes (no timestamps in the PDF or the GeoTIFF)."""
    folder, _ = exported
    again = write_plan_exports(plan, tmp_path)
    for name, path in again.items():
        assert path.read_bytes() == (folder / name).read_bytes(), name


def test_only_searches_of_a_few_minutes_are_left_out(plan):
    """Records under MIN_SEARCHER_HOURS are not briefed; at or above it they are."""
    import dataclasses

    per = plan.periods[0]
    base = per.entry["searches"][0]
    tiny = []
    for sh in (0.6 * MIN_SEARCHER_HOURS, MIN_SEARCHER_HOURS, 1.5 * MIN_SEARCHER_HOURS):
        tiny.append({**base, "hours": sh / base["searchers"], "searcher_hours": sh, "team": f"t{sh:.3f}"})
    entry = {**per.entry, "searches": tiny}
    small = dataclasses.replace(plan, periods=[dataclasses.replace(per, entry=entry)])
    kept = [a.team for a in plan_assignments(small)]
    assert kept == [f"t{MIN_SEARCHER_HOURS:.3f}", f"t{1.5 * MIN_SEARCHER_HOURS:.3f}"]
