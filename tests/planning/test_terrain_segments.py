"""Feature-bounded segments: they follow a known valley line, they are near the target size, they
cover the map once, and their outlines round-trip through WGS84 to within 1 m."""
import numpy as np
import pytest

from sevr.planning.surface import flow_accumulation, terrain_routing
from sevr.planning.terrain_segments import terrain_segments
from sevr.world import GeoFrame, Terrain

CELL = 50.0
N = 120  # 6 km x 6 km


@pytest.fixture(scope="module")
def valley():
    """A valley along x = 0 falling to the south, with gentle bumps; drainage from 0.5 km²."""
    x = (np.arange(N) + 0.5) * CELL - N * CELL / 2
    y = N * CELL / 2 - (np.arange(N) + 0.5) * CELL
    xx, yy = np.meshgrid(x, y)
    z = 500 + 0.25 * np.abs(xx) + 0.05 * yy + 5 * np.sin(xx / 300) * np.cos(yy / 270)
    t = Terrain(z, np.zeros(z.shape, np.uint8), CELL, -N * CELL / 2, N * CELL / 2)
    drainage = flow_accumulation(t.elevation, CELL, terrain_routing(t)) >= 0.5e6
    return t, xx, drainage


def test_the_valley_line_is_a_segment_boundary(valley):
    t, xx, drainage = valley
    cols = np.flatnonzero(drainage.any(axis=0))
    assert set(cols) <= {N // 2 - 1, N // 2}  # the drainage is the valley axis
    seg = terrain_segments(t, np.full(t.shape, 1.0 / xx.size), drainage, target_area_km2=2.0)
    for k in range(seg.n):
        xs = xx[seg.labels == k]
        # every segment lies on one side of the valley line (a cell's width of slack for the line itself)
        assert xs.max() <= CELL or xs.min() >= -CELL, (seg.ids[k], xs.min(), xs.max())
    touching = [k for k in range(seg.n) if np.any(np.abs(xx[seg.labels == k]) < CELL)]
    assert touching and all("drainage" in seg.bounded_by[k] for k in touching)


def test_segments_cover_every_cell_once_and_poa_adds_up(valley):
    t, xx, drainage = valley
    p = np.random.default_rng(1).random(t.shape)
    p /= p.sum() / 0.9
    seg = terrain_segments(t, p, drainage, target_area_km2=1.0)
    assert seg.labels.min() == 0 and seg.labels.max() == seg.n - 1
    assert sum(s.area_m2 for s in seg.segments) == pytest.approx(N * N * CELL ** 2)
    assert sum(s.poa for s in seg.segments) == pytest.approx(0.9)
    assert len(set(seg.ids)) == seg.n


@pytest.mark.parametrize("target", [0.5, 1.0, 2.0])
def test_segment_sizes_are_near_the_target(valley, target):
    t, xx, drainage = valley
    seg = terrain_segments(t, np.full(t.shape, 1e-6), drainage, target_area_km2=target)
    a = seg.areas_m2 / 1e6
    assert 0.6 * target <= np.median(a) <= 1.6 * target
    assert a.min() >= 0.5 * target - 1e-9  # small pieces were merged
    assert a.max() <= 3.0 * target


def test_a_trail_bounds_segments(valley):
    t, xx, drainage = valley
    yy = t.rc_to_xy(*np.indices(t.shape))[1]
    trail = {"trail": [("east-west trail", np.array([[-3000.0, 510.0], [3000.0, 510.0]]))]}
    seg = terrain_segments(t, np.full(t.shape, 1e-6), drainage, target_area_km2=2.0, lines=trail)
    for k in range(seg.n):
        ys = yy[seg.labels == k]
        assert ys.max() <= 510 + CELL or ys.min() >= 510 - CELL, seg.ids[k]
    assert any("trail" in b for b in seg.bounded_by)


def test_outlines_enclose_the_cells_and_round_trip_through_wgs84(valley):
    t, xx, drainage = valley
    seg = terrain_segments(t, np.full(t.shape, 1e-6), drainage, target_area_km2=1.0)
    frame = GeoFrame(47.4, -117.0)
    polys = seg.rings_lonlat(frame)
    for k, (rings_m, rings_ll) in enumerate(zip(seg.rings_m(), polys)):
        ext = np.asarray(rings_m[0])
        x, y = ext[:, 0], ext[:, 1]
        area = 0.5 * np.sum(x[:-1] * y[1:] - x[1:] * y[:-1])
        holes = sum(-0.5 * np.sum(np.asarray(h)[:-1, 0] * np.asarray(h)[1:, 1]
                                  - np.asarray(h)[1:, 0] * np.asarray(h)[:-1, 1]) for h in rings_m[1:])
        assert area > 0  # counter-clockwise exterior
        assert area - holes == pytest.approx(seg.segments[k].area_m2)
        ll = np.asarray(rings_ll[0])
        assert ll[0].tolist() == ll[-1].tolist()
        bx, by = frame.to_xy(ll[:, 1], ll[:, 0])
        assert np.max(np.hypot(bx - x, by - y)) < 1.0
