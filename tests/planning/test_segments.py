import numpy as np
import pytest

from sevr.planning.segments import grid_segments, row_letters
from sevr.world import GeoFrame


def test_row_letters():
    assert [row_letters(i) for i in (0, 25, 26, 27, 51, 52)] == ["A", "Z", "AA", "AB", "AZ", "BA"]


def test_grid_covers_the_map_and_carries_poa(small_terrain):
    rng = np.random.default_rng(0)
    p = rng.random(small_terrain.shape)
    p /= p.sum() * 1.25  # 0.8 inside, ROW 0.2
    seg = grid_segments(small_terrain, p, block_m=1000)
    assert seg.n == 144
    assert seg.ids[0] == "A01" and seg.ids[-1] == "L12"
    assert seg.areas_m2.sum() == pytest.approx(12_000.0 ** 2)
    assert sum(s.poa for s in seg.segments) == pytest.approx(0.8)
    np.testing.assert_allclose(seg.sum_by_segment(p), [s.poa for s in seg.segments])
    assert np.array_equal(np.unique(seg.labels), np.arange(seg.n))
    np.testing.assert_allclose(seg.spread(np.arange(seg.n))[seg.mask(5)], 5)


def test_thin_edge_strips_join_their_neighbour(small_terrain):
    seg = grid_segments(small_terrain, block_m=1100, min_fraction=0.4)  # 11 cells; 120 = 10*11 + 10
    widths = {round(e - w) for w, e, s, n in seg.boxes}
    assert widths == {1100, 1000}  # the 10-cell strip is wide enough (>= 0.4 blocks) to stay
    seg2 = grid_segments(small_terrain, block_m=1100, min_fraction=0.95)
    assert max(round(e - w) for w, e, s, n in seg2.boxes) == 2100


def test_polygons_are_closed_and_counter_clockwise(small_terrain):
    seg = grid_segments(small_terrain, block_m=3000)
    rings = seg.polygons_lonlat(GeoFrame(47.4, -121.35))
    assert len(rings) == seg.n == 16
    for ring in rings:
        assert ring[0] == ring[-1] and len(ring) >= 4
        xy = np.array(ring)
        area2 = np.sum(xy[:-1, 0] * xy[1:, 1] - xy[1:, 0] * xy[:-1, 1])
        assert area2 > 0  # positive shoelace area: counter-clockwise
