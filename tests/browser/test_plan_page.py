"""plan.html in headless Chromium: offline, hover and click give a segment's figures, periods, sorting."""
from __future__ import annotations

import pytest

from sevr.planning.lostperson import fit_lognormal
from sevr.planning.plan import Team, make_plan
from sevr.planning.segments import grid_segments
from sevr.planning.surface import probability_surface
from sevr.report.planpage import write_plan_page
from sevr.world import Peak, synthetic_terrain


@pytest.fixture(scope="module")
def plan_and_page(tmp_path_factory):
    terrain = synthetic_terrain(west_m=-6000, east_m=6000, south_m=-6000, north_m=6000, cell_m=100,
                                base_elevation_m=600, peaks=[Peak(2500, 2000, 1600, 2000)], noise_amplitude_m=20,
                                noise_seed=5, sand_max_slope_deg=6, rock_min_slope_deg=30, rock_min_relief_m=800)
    surface = probability_surface(terrain, (0.0, 0.0), fit_lognormal())
    seg = grid_segments(terrain, surface.p, block_m=1000)
    plan = make_plan(surface, seg, (Team("ground", 3, 4, 20.0, 2.0),), 8.0, 2, title="<i>Hiker</i> İğüş",
                     terrain=terrain, ipp_name="IPP", landmarks=[("Hill", 2500.0, 2000.0)])
    return plan, write_plan_page(plan, tmp_path_factory.mktemp("plan") / "plan.html")


def canvas_point(w, x_m: float, y_m: float) -> tuple[float, float]:
    """Page coordinates of a map point (the page fits the terrain's extent into the canvas)."""
    return tuple(w.page.evaluate("""([x, y]) => {
        const D = JSON.parse(document.getElementById('sevr-data').textContent);
        const c = document.getElementById('map'), r = c.getBoundingClientRect();
        const w = D.extent[1] - D.extent[0], h = D.extent[3] - D.extent[2], s = Math.min(r.width / w, r.height / h);
        return [r.left + (r.width - w * s) / 2 + (x - D.extent[0]) * s, r.top + (r.height - h * s) / 2 + (D.extent[3] - y) * s];
    }""", [x_m, y_m]))


def test_plan_page_answers_which_segment_how_many_hours_what_pos(open_page, plan_and_page):
    plan, page = plan_and_page
    w = open_page(page)
    assert w.errors == [] and w.network == []
    assert w.page.locator("#title").inner_text().endswith("<i>Hiker</i> İğüş")
    # The segment with the most hours over the plan, hovered, then clicked.
    hours = plan.hours_by_segment()
    i = int(hours.argmax())
    west, east, south, north = plan.segmentation.boxes[i]
    x, y = canvas_point(w, (west + east) / 2, (south + north) / 2)
    w.page.mouse.move(x, y)
    tip = w.page.locator("#tip").inner_text()
    sid = plan.segmentation.segments[i].id
    last = plan.periods[-1].entry
    row = next(r for r in last["segments"] if r["segment"] == sid)
    assert sid in tip and f"{row['searcher_hours']:.1f} h" in tip
    assert f"{100 * row['cumulative_pos_absolute']:.2f}" in tip or f"{100 * row['cumulative_pos_absolute']:.1f}" in tip
    w.page.mouse.click(x, y)
    assert w.page.evaluate("window.sevrPlan.state().selected") == i
    assert w.page.locator("#segs tbody tr.sel td").first.inner_text() == sid


def test_period_slider_and_rest_of_world(open_page, plan_and_page):
    plan, page = plan_and_page
    w = open_page(page)
    rows = []
    for k in range(len(plan.periods) + 1):
        w.page.locator("#period").evaluate("(el, k) => { el.value = String(k); el.dispatchEvent(new Event('input')); }", k)
        rows.append(float(w.page.locator("#figures").get_attribute("data-row")))
    assert rows[0] == pytest.approx(plan.surface.row, abs=1e-6)
    assert rows[-1] == pytest.approx(plan.periods[-1].entry["row_after"], abs=1e-6)
    assert rows[0] < rows[1] < rows[2]  # every unsuccessful period makes "outside the area" likelier


def test_table_sorts_by_a_clicked_column(open_page, plan_and_page):
    plan, page = plan_and_page
    w = open_page(page)
    w.page.locator("#segs th[data-key='id']").click()
    ids = w.page.locator("#segs tbody tr td:first-child").all_inner_texts()
    assert ids == sorted(s.id for s in plan.segmentation.segments)
    w.page.locator("#segs th[data-key='id']").click()
    assert w.page.locator("#segs tbody tr td:first-child").first.inner_text() == ids[-1]
