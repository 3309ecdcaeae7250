import csv
import json

import pytest
from typer.testing import CliRunner

from sevr.cli import app
from tests.images import assert_drawn

runner = CliRunner()


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    out = tmp_path_factory.mktemp("plan") / "hiker"
    result = runner.invoke(app, ["plan", "--periods", "2", "--hours", "6", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result


def test_plan_writes_its_files_and_first_period(planned):
    out, result = planned
    assert sorted(p.name for p in out.iterdir()) == [
        "grid.npz", "period-01", "plan.csv", "plan.html", "plan.json", "plan_map.png", "probability.tif",
        "scenario.toml", "segments.caltopo.geojson", "segments.geojson", "segments.gpx", "segments.kml"]
    # the field files of the first period live in its folder, with its allocation
    assert sorted(p.name for p in (out / "period-01").iterdir()) == [
        "allocation.csv", "assignments.caltopo.geojson", "assignments.gpx", "assignments.pdf", "belief_before.npz",
        "map.png", "period.json", "probability.tif", "segments.kml"]
    from sevr.scenarios import load

    assert load(str(out / "scenario.toml")).meta.name == "lost-hiker"  # the resolved scenario, loadable again
    assert_drawn(out / "plan_map.png")  # the other three are read in the tests below
    assert "Period 1" in result.output and "suspension check" in result.output
    assert "Field files of period 1" in result.output and "assignments.pdf" in result.output
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no scratch left


def test_plan_json_and_csv(planned):
    out, _ = planned
    plan = json.loads((out / "plan.json").read_text())
    assert plan["scenario"] == "lost-hiker"
    assert plan["operations"]["hours_per_period"] == 6.0 and len(plan["periods"]) == 2
    s = plan["summary"]
    assert s["cumulative_pos"] + s["remaining_in_area_absolute"] + s["initial_row"] == pytest.approx(1.0)
    rows = list(csv.DictReader((out / "plan.csv").open()))
    assert rows and {r["period"] for r in rows} == {"1", "2"}
    assert sum(float(r["searcher_hours"]) for r in rows if r["period"] == "1") == pytest.approx(
        plan["operations"]["searcher_hours_per_period"], rel=1e-4)


def test_geojson_is_valid_and_complete(planned):
    out, _ = planned
    gj = json.loads((out / "segments.geojson").read_text())
    plan = json.loads((out / "plan.json").read_text())
    assert gj["type"] == "FeatureCollection"
    assert len(gj["features"]) == len(plan["segments"]) == 400
    for f in gj["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Polygon"
        ring = f["geometry"]["coordinates"][0]
        assert ring[0] == ring[-1] and len(ring) >= 4
        area2 = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring[:-1], ring[1:]))
        assert area2 > 0  # counter-clockwise exterior
        lon, lat = ring[0]
        assert -122 < lon < -121 and 47 < lat < 48
        assert {"id", "POA", "POD", "POS", "hours"} <= set(f["properties"])
    assert sum(f["properties"]["hours"] for f in gj["features"]) == pytest.approx(2 * 6.0 * 15, rel=1e-6)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--hours", "0"], "--hours"),
        (["--hours", "-3"], "--hours"),
        (["--hours", "30"], "24"),
        (["--periods", "0"], "--periods"),
        (["hijra"], "lost_person"),
        (["no-such-scenario"], "no such file"),
    ],
)
def test_bad_input_exits_2(tmp_path, args, message):
    result = runner.invoke(app, ["plan", *args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "out").exists()


def test_failure_leaves_nothing_half_written(tmp_path, monkeypatch):
    import sevr.planning.outputs as outputs

    def boom(plan, path):
        raise RuntimeError("disk full")

    monkeypatch.setattr(outputs, "draw_plan_map", boom)
    result = runner.invoke(app, ["plan", "--periods", "1", "--out", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert list(tmp_path.iterdir()) == []
