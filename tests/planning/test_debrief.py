"""The planning cycle's arithmetic: coverage from tracks, POD by the law, Bayes, clues, GPX input."""
import math

import numpy as np
import pytest

from sevr.errors import InputError
from sevr.planning.coverage import GridGeometry, cell_lengths, track_coverage
from sevr.planning.cycle import CLUE_KINDS, Belief, PlanGrid, TrackLog, debrief, parse_clue, plan_period
from sevr.planning.gpx import read_gpx_tracks
from sevr.search.clues import clue_found_at
from sevr.search.suspend import SuspensionRule
from sevr.world import GeoFrame

ORIGIN = (47.40, -121.35)


@pytest.fixture(scope="module")
def grid():
    """1 km x 1 km of 100 m cells, four 500 m segments (A01 A02 / B01 B02), an uneven prior, ROW 0.1."""
    labels = np.zeros((10, 10), np.int32)
    labels[:5, 5:], labels[5:, :5], labels[5:, 5:] = 1, 2, 3
    prior = np.random.default_rng(7).uniform(0.5, 1.5, (10, 10))
    prior *= 0.9 / prior.sum()
    boxes = np.array([(0, 500, 500, 1000), (500, 1000, 500, 1000), (0, 500, 0, 500), (500, 1000, 0, 500)], float)
    return PlanGrid(elevation=np.zeros((10, 10), np.float32), cell_m=100.0, west_m=0.0, north_m=1000.0,
                    labels=labels, ids=("A01", "A02", "B01", "B02"), areas_m2=np.full(4, 250_000.0), boxes=boxes,
                    prior=prior, row=0.1, ipp_xy=(500.0, 500.0), origin_lat=ORIGIN[0], origin_lon=ORIGIN[1])


def sweep_a01(spacing=25.0):
    """Parallel east-west legs across segment A01 (x 0..500, y 500..1000), *spacing* apart, one
    track segment each (no turns)."""
    ys = np.arange(500 + spacing / 2, 1000, spacing)
    return TrackLog("team-a.gpx", tuple(np.array([[0.0, y], [500.0, y]]) for y in ys))


def test_parallel_sweep_gives_the_closed_form_coverage_pod_and_bayes_shift(grid):
    w, s = 10.0, 25.0
    before = Belief(grid.prior, grid.row)
    d = debrief(grid, before, [sweep_a01(s)], w)
    a01 = grid.labels == 0
    np.testing.assert_allclose(d.coverage[a01], w / s, rtol=1e-12)
    assert not d.coverage[~a01].any()
    pod = 1 - math.exp(-w / s)  # exponential (random-search) law
    np.testing.assert_allclose(d.pod[a01], pod, rtol=1e-12)
    assert d.segment_pod[0] == pytest.approx(pod, rel=1e-12) and d.segment_coverage[0] == pytest.approx(w / s)
    # Bayes by hand: POA' = POA (1 - POD) / (1 - POA POD) for the searched segment; others / (1 - POA POD)
    poa = grid.by_segment(grid.prior)
    denom = 1 - poa[0] * pod
    after = grid.by_segment(d.after.cells)
    assert after[0] == pytest.approx(poa[0] * (1 - pod) / denom, rel=1e-12)
    np.testing.assert_allclose(after[1:], poa[1:] / denom, rtol=1e-12)
    assert d.after.row == pytest.approx(0.1 / denom, rel=1e-12)
    assert d.pos == pytest.approx(poa[0] * pod, rel=1e-12)
    assert d.after.cells.sum() + d.after.row == pytest.approx(1.0)


def test_overlapping_passes_are_counted_twice(grid):
    once = debrief(grid, Belief(grid.prior, grid.row), [sweep_a01()], 10.0)
    twice = debrief(grid, Belief(grid.prior, grid.row), [sweep_a01(), sweep_a01()], 10.0)
    np.testing.assert_allclose(twice.coverage, 2 * once.coverage, rtol=1e-12)
    assert twice.segment_pod[0] == pytest.approx(1 - math.exp(-0.8), rel=1e-12)


def test_tracks_partly_outside_are_clipped(grid):
    log = TrackLog("t.gpx", (np.array([[-500.0, 950.0], [500.0, 950.0]]),))
    d = debrief(grid, Belief(grid.prior, grid.row), [log], 20.0)
    assert d.tracks[0]["length_m"] == pytest.approx(1000.0) and d.tracks[0]["length_inside_m"] == pytest.approx(500.0)
    np.testing.assert_allclose(d.coverage[0, :5], 100 * 20.0 / 100**2)
    assert d.coverage.sum() == pytest.approx(5 * 0.2)
    # out of every side, ending half a cell beyond the edge: west to east across the top row,
    # south to north up the first column
    log = TrackLog("t.gpx", (np.array([[-50.0, 950.0], [1050.0, 950.0]]), np.array([[50.0, -50.0], [50.0, 1050.0]])))
    d = debrief(grid, Belief(grid.prior, grid.row), [log], 20.0)
    assert d.tracks[0]["length_m"] == pytest.approx(2200.0) and d.tracks[0]["length_inside_m"] == pytest.approx(2000.0)
    expected = np.zeros((10, 10))
    expected[0, :] += 0.2
    expected[:, 0] += 0.2
    np.testing.assert_allclose(d.coverage, expected, atol=1e-12)


def test_segment_pod_is_the_poa_weighted_mean_of_its_cells(grid):
    log = TrackLog("t.gpx", (np.array([[0.0, 950.0], [500.0, 950.0]]), np.array([[0.0, 850.0], [300.0, 850.0]])))
    d = debrief(grid, Belief(grid.prior, grid.row), [log, log], 30.0)
    a01 = grid.labels == 0
    p = grid.prior[a01]
    assert d.segment_pod[0] == pytest.approx(np.sum(p * d.pod[a01]) / p.sum(), rel=1e-12)
    assert abs(d.segment_pod[0] - d.pod[a01].mean()) > 1e-4  # not the plain mean over the cells
    assert d.segment_coverage[0] == pytest.approx(2 * 800 * 30.0 / 250_000)


def test_tracks_wholly_outside_are_refused_by_file(grid):
    log = TrackLog("far.gpx", (np.array([[5000.0, 5000.0], [6000.0, 5000.0]]),))
    with pytest.raises(InputError) as exc:
        debrief(grid, Belief(grid.prior, grid.row), [log], 20.0)
    assert exc.value.source == "far.gpx" and exc.value.field == "trk" and "outside" in str(exc.value)


def test_tracks_without_length_are_refused(grid):
    log = TrackLog("still.gpx", (np.array([[100.0, 100.0]]), np.array([[200.0, 200.0], [200.0, 200.0]])))
    with pytest.raises(InputError) as exc:
        debrief(grid, Belief(grid.prior, grid.row), [log], 20.0)
    assert exc.value.source == "still.gpx" and exc.value.field == "trkseg" and "no length" in str(exc.value)


@pytest.mark.parametrize("width", [0.0, -5.0, float("nan"), float("inf")])
def test_a_bad_sweep_width_is_refused(grid, width):
    with pytest.raises(InputError) as exc:
        debrief(grid, Belief(grid.prior, grid.row), [sweep_a01()], width)
    assert exc.value.field == "--sweep-width-m"


def test_a_clue_moves_the_mass_as_its_likelihood_says(grid):
    frame = GeoFrame(*ORIGIN)
    lat, lon = frame.to_latlon(250.0, 750.0)
    clue = parse_clue(f"{lat},{lon},item")
    before = Belief(grid.prior, grid.row)
    d = debrief(grid, before, [sweep_a01()], 10.0, clues=[clue])
    x, y = grid.cell_centres()
    sigma, bg = CLUE_KINDS["item"]
    like = clue_found_at(x, y, frame.to_xy(lat, lon), sigma, bg)
    ratio = d.after.cells / d.after_search.cells
    np.testing.assert_allclose(ratio / ratio[0, 0], like / like[0, 0], rtol=1e-9)
    assert d.after.row / d.after_search.row == pytest.approx(bg * ratio[0, 0] / like[0, 0], rel=1e-9)
    assert d.after.row < d.after_search.row  # a clue in the area makes "elsewhere" less likely
    assert d.clues[0]["mass_within_sigma_after"] > d.clues[0]["mass_within_sigma_before"]


def test_a_clue_off_the_map_is_refused(grid):
    with pytest.raises(InputError, match="outside the plan area"):
        debrief(grid, Belief(grid.prior, grid.row), [sweep_a01()], 10.0, clues=[parse_clue("48.0,-121.35,print")])


@pytest.mark.parametrize("text", ["47.4,-121.3", "47.4,x,item", "95,-121.3,item", "47.4,-121.3,boot", "nan,0,item"])
def test_bad_clues_name_the_option(text):
    with pytest.raises(InputError) as exc:
        parse_clue(text)
    assert exc.value.field == "--clue"


def test_next_period_puts_hours_where_the_probability_went(grid):
    rule = SuspensionRule(0.0, 0.0)
    before = Belief(grid.prior, grid.row)
    first = plan_period(1, grid, before, 40_000.0, 10.0, "exponential", rule)
    d = debrief(grid, before, [sweep_a01(10.0)], 20.0)  # A01 searched hard: POD 1 - e^-2
    second = plan_period(2, grid, d.after, 40_000.0, 10.0, "exponential", rule)
    assert first.searcher_hours.sum() == pytest.approx(10.0) == second.searcher_hours.sum()
    assert second.searcher_hours[0] < first.searcher_hours[0]
    np.testing.assert_allclose(second.pod, 1 - np.exp(-40_000.0 / grid.areas_m2 * second.searcher_hours))


def test_cell_lengths_are_exact_across_cells():
    g = GridGeometry((10, 10), 0.0, 1000.0, 100.0)
    diag = cell_lengths([[50.0, 50.0], [950.0, 950.0], [950.0, 50.0]], g)
    assert diag.sum() == pytest.approx(math.hypot(900, 900) + 900)
    assert diag[9, 0] == pytest.approx(math.hypot(50, 50))  # the first, south-west cell: half a diagonal
    cov = track_coverage([np.array([[0.0, 990.0], [1000.0, 990.0]])], g, 30.0)
    np.testing.assert_allclose(cov[0], 100 * 30 / 100**2)
    assert cov[1:].sum() == 0


GPX11 = ('<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">'
         '<wpt lat="1" lon="1"/><trk><name>a</name><trkseg><trkpt lat="47.4" lon="-121.35"><ele>5</ele></trkpt>'
         '<trkpt lat="47.401" lon="-121.35"/></trkseg><trkseg/><trkseg><trkpt lat="47.402" lon="-121.351"/>'
         '</trkseg></trk></gpx>')


def test_gpx_tracks_are_read_by_segment(tmp_path):
    p = tmp_path / "a.gpx"
    p.write_text(GPX11)
    segs = read_gpx_tracks(p)
    assert [s.shape for s in segs] == [(2, 2), (1, 2)]
    assert segs[0][1].tolist() == [47.401, -121.35]
    gpx10 = GPX11.replace(' xmlns="http://www.topografix.com/GPX/1/1"', "").replace('version="1.1"', 'version="1.0"')
    p.write_text(gpx10)
    assert len(read_gpx_tracks(p)) == 2


@pytest.mark.parametrize("text, field", [
    ('<gpx version="1.1"><wpt lat="1" lon="2"/><rte><rtept lat="1" lon="2"/></rte></gpx>', "trk"),
    ('<gpx><trk><trkseg><trkpt lat="47.4" lon="-121.35"></trkseg></trk></gpx>', "gpx"),
    ('<kml><trk/></kml>', "gpx"),
    ('<gpx><trk><trkseg><trkpt lat="47.4"/></trkseg></trk></gpx>', "trk[0].trkseg[0].trkpt[0].lon"),
    ('<gpx><trk><trkseg><trkpt lat="147.4" lon="3"/></trkseg></trk></gpx>', "trk[0].trkseg[0].trkpt[0].lat"),
])
def test_bad_gpx_names_file_and_element(tmp_path, text, field):
    p = tmp_path / "bad.gpx"
    p.write_text(text)
    with pytest.raises(InputError) as exc:
        read_gpx_tracks(p)
    assert exc.value.source == str(p) and exc.value.field == field


def test_gpx_lines_for_map_layers_take_tracks_and_routes_by_name(tmp_path):
    from sevr.planning.gpx import read_gpx_lines
    from sevr.planning.layers import read_lines

    p = tmp_path / "a.gpx"
    p.write_text(GPX11.replace("</trk></gpx>", '</trk><rte><name>ridge path</name><rtept lat="47.41" lon="-121.36"/>'
                                              '<rtept lat="47.42" lon="-121.37"/></rte><rte><rtept lat="1" lon="2"/>'
                                              '<rtept lat="1.1" lon="2"/></rte></gpx>'))
    lines = read_gpx_lines(p)
    assert [name for name, _ in lines] == ["a", "a", "ridge path", "route 2"]
    assert lines[2][1].tolist() == [[47.41, -121.36], [47.42, -121.37]]
    # a map layer keeps lines of two points or more, as [lon, lat]
    layer = read_lines(p, field="trails")
    assert [name for name, _ in layer] == ["a", "ridge path", "route 2"]
    assert layer[1][1].tolist() == [[-121.36, 47.41], [-121.37, 47.42]]
    p.write_text('<gpx><rte><rtept lat="47.4" lon="200"/></rte></gpx>')
    with pytest.raises(InputError) as exc:
        read_lines(p, field="trails")
    assert exc.value.field == "trails" and "rte[0].rtept[0].lon" in str(exc.value)


def test_write_folder_swaps_a_sub_folder_whole(tmp_path):
    from sevr.report.folder import write_folder

    def build(files):
        def make(tmp):
            (tmp / "sub").mkdir()
            for name in files:
                (tmp / "sub" / name).write_text(name)
        return make

    out = tmp_path / "out"
    write_folder(out, build(["a", "b"]), ["sub"])
    write_folder(out, build(["c"]), ["sub"])  # into an existing folder: the old sub-folder is replaced
    assert sorted(p.name for p in (out / "sub").iterdir()) == ["c"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_npz_files_are_byte_for_byte_reproducible(tmp_path):
    from sevr.planning.planfolder import _read_npz, _write_npz

    arrays = {"cells": np.random.default_rng(3).random((4, 5)), "row": 0.25}
    _write_npz(tmp_path / "a.npz", arrays)
    _write_npz(tmp_path / "b.npz", arrays)
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    back = _read_npz(tmp_path / "a.npz", ("cells", "row"))
    np.testing.assert_array_equal(back["cells"], arrays["cells"])
    assert float(back["row"]) == 0.25
    with pytest.raises(InputError, match="cannot be read"):
        _read_npz(tmp_path / "a.npz", ("missing",))
