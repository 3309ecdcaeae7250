"""`sevr plan debrief` and `sevr plan replay` on a small plan folder: a full cycle, bad input, atomicity."""
import json
import math
import shutil

import numpy as np
import pytest
from typer.testing import CliRunner

from sevr.cli import app
from sevr.planning.lostperson import fit_lognormal
from sevr.planning.outputs import write_plan_outputs
from sevr.planning.plan import Team, make_plan
from sevr.planning.segments import grid_segments
from sevr.planning.surface import probability_surface
from sevr.world import GeoFrame
from tests.images import assert_drawn

runner = CliRunner()
FRAME_ORIGIN = (47.40, -121.35)


@pytest.fixture(scope="module")
def made(small_terrain, tmp_path_factory):
    """A plan folder of the 12 km test terrain (1 km segments), written by the library."""
    surface = probability_surface(small_terrain, (0.0, 0.0), fit_lognormal())
    seg = grid_segments(small_terrain, surface.p, block_m=1000)
    plan = make_plan(surface, seg, (Team("ground", 3, 4, 20.0, 2.0),), 8.0, 2, terrain=small_terrain,
                     frame=GeoFrame(*FRAME_ORIGIN), title="Test search")
    out = tmp_path_factory.mktemp("made") / "plan"
    write_plan_outputs(plan, out, scenario_toml="# test\n")
    return out, plan


@pytest.fixture
def folder(made, tmp_path):
    out = tmp_path / "plan"
    shutil.copytree(made[0], out)
    return out


def gpx(path, legs, frame=GeoFrame(*FRAME_ORIGIN)):
    """A GPX 1.1 file with one track segment per leg ((x0, y0), (x1, y1)) in metres."""
    segs = []
    for (x0, y0), (x1, y1) in legs:
        lat, lon = frame.to_latlon(np.array([x0, x1], float), np.array([y0, y1], float))
        segs.append("<trkseg>" + "".join(f'<trkpt lat="{float(a)!r}" lon="{float(b)!r}"/>' for a, b in zip(lat, lon))
                    + "</trkseg>")
    path.write_text('<?xml version="1.0"?><gpx version="1.1" creator="test" '
                    f'xmlns="http://www.topografix.com/GPX/1/1"><trk>{"".join(segs)}</trk></gpx>')
    return path


def sweep(x0, y0, spacing, size=1000.0, margin=0.01):
    """Parallel east-west legs across the block [x0, x0 + size] x [y0, y0 + size], stopping
    *margin* m short of its edges (lat/lon round trips move a point by ~1e-9 m)."""
    return [((x0 + margin, y), (x0 + size - margin, y)) for y in np.arange(y0 + spacing / 2, y0 + size, spacing)]


def test_the_plan_folder_holds_period_one(made):
    out, plan = made
    manifest = json.loads((out / "plan.json").read_text())
    assert manifest["format"]["name"] == "sevr-plan-folder" and manifest["field_periods"][0]["folder"] == "period-01"
    assert (out / "scenario.toml").read_text() == "# test\n"
    per = json.loads((out / "period-01" / "period.json").read_text())
    hours = np.array([per["searcher_hours_by_segment"][i] for i in plan.segmentation.ids])
    np.testing.assert_allclose(hours, plan.periods[0].hours, atol=1e-9)  # period 1 is the plan's first period
    assert per["searcher_hours"] == pytest.approx(96.0)
    with np.load(out / "period-01" / "belief_before.npz") as b:
        assert b["cells"].sum() + b["row"] == pytest.approx(1.0)
    assert_drawn(out / "period-01" / "map.png")


def test_a_full_cycle_debrief_then_replay(folder, tmp_path):
    w, s = 20.0, 50.0  # 50 m spacing: two legs in every 100 m cell
    track = gpx(tmp_path / "team-a.gpx", sweep(-1000.0, 0.0, s))  # segment F06: x -1..0 km, y 0..1 km
    before = json.loads((folder / "period-01" / "period.json").read_text())["poa_by_segment"]
    result = runner.invoke(app, ["plan", "debrief", str(folder), "--tracks", str(track), "--sweep-width-m", str(w)])
    assert result.exit_code == 0, result.output
    new = folder / "period-02"
    assert "Field files of period 2" in result.output and "assignments.pdf" in result.output
    assert sorted(p.name for p in new.iterdir()) == [
        "allocation.csv", "assignments.caltopo.geojson", "assignments.gpx", "assignments.pdf", "belief_before.npz",
        "debrief", "map.png", "period.json", "probability.tif", "segments.kml"]
    assert (new / "debrief" / "tracks" / "01-team-a.gpx").read_bytes() == track.read_bytes()
    assert_drawn(new / "debrief" / "coverage.png")
    rec = json.loads((new / "debrief" / "debrief.json").read_text())
    [row] = rec["segments"]
    pod = 1 - math.exp(-w / s)
    assert row["segment"] == "F06" and row["coverage"] == pytest.approx(w / s, rel=1e-4)
    assert row["pod"] == pytest.approx(pod, rel=1e-4) and rec["detection_law_formula"] == "POD = 1 - exp(-C)"
    poa = before["F06"]
    assert row["poa_after"] == pytest.approx(poa * (1 - pod) / (1 - poa * pod), rel=1e-4)
    manifest = json.loads((folder / "plan.json").read_text())
    assert [p["folder"] for p in manifest["field_periods"]] == ["period-01", "period-02"]
    # a second debrief adds period-03; replay then reproduces all three
    result = runner.invoke(app, ["plan", "debrief", str(folder), "--tracks", str(track), "--clue",
                                 "47.405,-121.352,print"])
    assert result.exit_code == 0, result.output and (folder / "period-03" / "debrief" / "debrief.json").exists()
    check_period_exports(folder, 3, clues=[(47.405, -121.352)])
    check_period_exports(folder, 2, clues=[])
    result = runner.invoke(app, ["plan", "replay", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.output.count("reproduced") == 3
    # a tampered belief is found
    b = folder / "period-02" / "belief_before.npz"
    with np.load(b) as data:
        cells, row = data["cells"].copy(), float(data["row"])
    cells[0, 0] += 1e-6
    np.savez(b, cells=cells, row=row)
    result = runner.invoke(app, ["plan", "replay", str(folder)])
    assert result.exit_code == 1 and "DIFFERS" in result.output
    # a damaged debrief record is named, not a traceback
    (folder / "period-03" / "debrief" / "debrief.json").write_text('{"settings": {"tracks": []}}')
    _refused(runner.invoke(app, ["plan", "replay", str(folder)]), "debrief.json", ": settings:")


def check_period_exports(folder, k, clues):
    """Period *k*'s field files: one sheet per assignment of its allocation, routes in the GPX
    and KML (valid against the schemas), clue markers, the belief before it in the GeoTIFF."""
    import rasterio
    from lxml import etree
    from pypdf import PdfReader

    from sevr.planning.assignments import period_assignments
    from sevr.planning.cycle import Belief
    from sevr.planning.exports import FieldMap
    from sevr.planning.planfolder import open_plan_folder, plan_next
    from tests.xmlschemas import assert_valid

    pf = open_plan_folder(folder)
    d = pf.period_dir(k)
    belief = pf.belief_before(k)
    per = plan_next(k, pf.grid, belief, pf.settings)
    fmap = FieldMap.from_grid(pf.grid, pf.manifest, pf.settings["hours_per_period"])
    assigned = period_assignments(per, pf.grid.ids, fmap.polygons, pf.settings)
    assert assigned and {a.period for a in assigned} == {k}
    assert len(PdfReader(str(d / "assignments.pdf")).pages) == len(assigned)
    kml_text = (d / "segments.kml").read_text()
    gpx_text = (d / "assignments.gpx").read_text()
    assert_valid("kml", kml_text)
    assert_valid("gpx", gpx_text)
    ns = {"k": "http://www.opengis.net/kml/2.2", "g": "http://www.topografix.com/GPX/1/1"}
    kml = etree.fromstring(kml_text.encode())
    names = [p.findtext("k:name", namespaces=ns) for p in kml.iter("{%s}Placemark" % ns["k"])]
    assert sum(n.startswith("Clue ") for n in names) == len(clues)
    assert len(kml.findall(".//k:LineString", ns)) == len(assigned)
    gpx = etree.fromstring(gpx_text.encode())
    wpts = [(float(w.get("lat")), float(w.get("lon"))) for w in gpx.findall("g:wpt", ns)]
    assert len(wpts) == 1 + len(clues)
    for lat, lon in clues:
        assert min(abs(a - lat) + abs(b - lon) for a, b in wpts) < 1e-6
    assert [r.findtext("g:name", namespaces=ns) for r in gpx.findall("g:rte", ns)] == [a.id for a in assigned]
    cal = json.loads((d / "assignments.caltopo.geojson").read_text())
    shapes = [f for f in cal["features"] if f["geometry"]["type"] == "Polygon"]
    assert [f["properties"]["id"] for f in shapes] == list(pf.grid.ids)
    np.testing.assert_allclose([f["properties"]["POA"] for f in shapes], per.poa, rtol=1e-9)
    with rasterio.open(d / "probability.tif") as tif:
        np.testing.assert_allclose(tif.read(1), belief.cells, rtol=1e-6, atol=1e-12)


def _refused(result, *words):
    assert result.exit_code == 2, result.output
    line = " ".join(result.output.split())
    assert "Traceback" not in result.output and line.startswith("error:")
    for w in words:
        assert w in line, line


def _nothing_written(folder):
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith("period-")) == ["period-01"]
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("text, field", [
    ('<gpx version="1.1"><wpt lat="47.4" lon="-121.35"/></gpx>', "trk"),
    ('<gpx version="1.1"><trk><trkseg><trkpt lat="47.4" lon="-121.35"></trk></gpx>', "gpx"),
    ("\x00\x01 not xml", "gpx"),
])
def test_bad_gpx_is_refused_and_nothing_written(folder, tmp_path, text, field):
    bad = tmp_path / "bad.gpx"
    bad.write_text(text)
    _refused(runner.invoke(app, ["plan", "debrief", str(folder), "--tracks", str(bad)]), "bad.gpx", f": {field}:")
    _nothing_written(folder)


def test_tracks_wholly_outside_are_refused(folder, tmp_path):
    good = gpx(tmp_path / "good.gpx", sweep(-1000.0, 0.0, 50.0))
    far = gpx(tmp_path / "far.gpx", [((20_000.0, 0.0), (21_000.0, 0.0))])
    _refused(runner.invoke(app, ["plan", "debrief", str(folder), "--tracks", str(good), "--tracks", str(far)]),
             "far.gpx", ": trk:", "outside the plan area")
    _nothing_written(folder)


@pytest.mark.parametrize("clue", ["47.4,-121.35", "47.4,-121.35,boot", "north,-121.35,item", "48.5,-121.35,item"])
def test_a_bad_clue_is_refused(folder, tmp_path, clue):
    good = gpx(tmp_path / "good.gpx", sweep(-1000.0, 0.0, 50.0))
    _refused(runner.invoke(app, ["plan", "debrief", str(folder), "--tracks", str(good), "--clue", clue]), "--clue")
    _nothing_written(folder)


def test_a_bad_sweep_width_is_refused(folder, tmp_path):
    good = gpx(tmp_path / "good.gpx", sweep(-1000.0, 0.0, 50.0))
    _refused(runner.invoke(app, ["plan", "debrief", str(folder), "--tracks", str(good), "--sweep-width-m", "0"]),
             "--sweep-width-m")
    _nothing_written(folder)


def test_a_missing_or_foreign_plan_folder_is_refused(tmp_path):
    good = gpx(tmp_path / "good.gpx", sweep(-1000.0, 0.0, 50.0))
    _refused(runner.invoke(app, ["plan", "debrief", str(tmp_path / "nope"), "--tracks", str(good)]),
             "nope", "no such plan folder")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "plan.json").write_text('{"scenario": "x"}')
    _refused(runner.invoke(app, ["plan", "debrief", str(tmp_path / "old"), "--tracks", str(good)]),
             "plan.json", "format")
    _refused(runner.invoke(app, ["plan", "replay", str(tmp_path / "nope")]), "no such plan folder")
    _refused(runner.invoke(app, ["plan", "debrief", str(tmp_path / "old"), "--tracks", str(tmp_path / "none.gpx")]),
             "format")
    settings = {"searcher_hours_per_period": 96.0, "team_size": 4.0, "sweep_rate_m2_per_searcher_hour": 4e4,
                "sweep_width_m": 20.0, "detection_law": "magic", "suspension_rule": {}}
    manifest = {"format": {"name": "sevr-plan-folder", "version": 1}, "settings": settings}
    (tmp_path / "old" / "plan.json").write_text(json.dumps(manifest))
    _refused(runner.invoke(app, ["plan", "replay", str(tmp_path / "old")]), "plan.json", "settings.detection_law")
    del settings["team_size"]
    (tmp_path / "old" / "plan.json").write_text(json.dumps(manifest))
    _refused(runner.invoke(app, ["plan", "replay", str(tmp_path / "old")]), "plan.json", "settings.team_size")


def test_a_missing_gpx_file_is_refused(folder, tmp_path):
    _refused(runner.invoke(app, ["plan", "debrief", str(folder), "--tracks", str(tmp_path / "none.gpx")]),
             "none.gpx")
    _nothing_written(folder)


def test_a_failing_debrief_adds_no_period(folder, tmp_path, monkeypatch):
    import sevr.planning.periodmap as periodmap

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(periodmap, "draw_debrief_map", boom)
    good = gpx(tmp_path / "good.gpx", sweep(-1000.0, 0.0, 50.0))
    result = runner.invoke(app, ["plan", "debrief", str(folder), "--tracks", str(good)])
    assert result.exit_code != 0
    _nothing_written(folder)
    assert len(json.loads((folder / "plan.json").read_text())["field_periods"]) == 1


def test_planning_over_a_debriefed_folder_is_refused(folder, tmp_path):
    (folder / "period-02").mkdir()
    (folder / "period-02" / "period.json").write_text("{}")
    _refused(runner.invoke(app, ["plan", "--out", str(folder)]), str(folder), "already debriefed")


def test_plan_help_still_shows_the_plan_options_and_names_the_subcommands():
    result = runner.invoke(app, ["plan", "--help"])
    assert result.exit_code == 0 and "--hours" in result.output and "debrief" in result.output
    result = runner.invoke(app, ["plan", "debrief", "--help"])
    assert result.exit_code == 0 and "--tracks" in result.output and "--sweep-width-m" in result.output
