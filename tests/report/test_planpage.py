"""plan.html's data: the POA after each period is the ledger's, cell map and table agree."""
from __future__ import annotations

import base64

import numpy as np
import pytest

from sevr.planning.lostperson import fit_lognormal
from sevr.planning.plan import Team, make_plan
from sevr.planning.segments import grid_segments
from sevr.planning.surface import probability_surface
from sevr.report.planpage import plan_page_data, poa_after_periods, write_plan_page

TEAMS = (Team("ground", 3, 4, 20.0, 2.0),)


@pytest.fixture(scope="module")
def small_plan(small_terrain):
    surface = probability_surface(small_terrain, (0.0, 0.0), fit_lognormal())
    seg = grid_segments(small_terrain, surface.p, block_m=1000)
    return make_plan(surface, seg, TEAMS, 8.0, 3, title="Small <plan> & \"co\"", terrain=small_terrain,
                     ipp_name="IPP", landmarks=[("Hill", 2500.0, 2000.0)])


def test_poa_after_periods_is_bayes_on_a_miss():
    out = poa_after_periods(np.array([0.5, 0.3]), 0.2, [np.array([0.5, 0.0])])
    assert out[0] == pytest.approx([0.5, 0.3, 0.2])
    assert out[1] == pytest.approx(np.array([0.25, 0.3, 0.2]) / 0.75)
    assert np.allclose(out.sum(axis=1), 1.0)


def test_page_poa_matches_the_ledger(small_plan):
    data = plan_page_data(small_plan)
    by_id = {s["id"]: s for s in data["segments"]}
    for k, per in enumerate(small_plan.periods, start=1):
        for r in per.entry["segments"]:
            s = by_id[r["segment"]]
            assert s["poa"][k] == pytest.approx(r["poa_after"], abs=1e-6)
            assert s["poa"][k - 1] == pytest.approx(r["poa_before"], abs=1e-6)
            assert s["hours"][k - 1] == pytest.approx(r["searcher_hours"], abs=1e-3)
            assert s["pod"][k] == pytest.approx(r["cumulative_pod"], abs=1e-6)
            assert s["pos"][k] == pytest.approx(r["cumulative_pos_absolute"], abs=1e-6)
        assert data["row"][k] == pytest.approx(per.entry["row_after"], abs=1e-6)
        assert data["cum_pos"][k] == pytest.approx(per.entry["cumulative_pos"], abs=1e-6)


def test_label_grid_names_each_cell_segment(small_plan):
    data = plan_page_data(small_plan)
    g = data["grid"]
    lo = np.frombuffer(base64.b64decode(g["labels_lo"]), dtype=np.uint8).astype(int)
    hi = np.frombuffer(base64.b64decode(g["labels"]), dtype=np.uint8).astype(int) if g["labels"] else 0
    labels = (lo + 256 * hi).reshape(g["rows"], g["cols"])
    step = round(g["cell"] / small_plan.terrain.cell_m)
    assert np.array_equal(labels, small_plan.segmentation.labels[::step, ::step][:g["rows"], :g["cols"]])
    p = np.frombuffer(base64.b64decode(g["p"]), dtype=np.uint8)
    assert p.max() == 255 and p.size == g["rows"] * g["cols"]


def test_plan_page_is_written(small_plan, tmp_path):
    page = write_plan_page(small_plan, tmp_path / "plan.html")
    html = page.read_text("utf-8")
    assert "Small &lt;plan&gt; &amp; &quot;co&quot;" in html.split("</title>")[0]
    assert "Small <plan>" not in html


@pytest.fixture(scope="module")
def small_terrain():
    from sevr.world import Peak, synthetic_terrain

    return synthetic_terrain(west_m=-6000, east_m=6000, south_m=-6000, north_m=6000, cell_m=100,
                             base_elevation_m=600, peaks=[Peak(2500, 2000, 1600, 2000)], noise_amplitude_m=20,
                             noise_seed=5, sand_max_slope_deg=6, rock_min_slope_deg=30, rock_min_relief_m=800)
