import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sevr.search.sar import ROW_ID, Ledger, SearchRecord, Segment


def _segments(poas, area=1e6):
    return [Segment(f"S{i}", area, p) for i, p in enumerate(poas)]


def _record_with_pod(seg, pod):
    """A definite-range search whose coverage equals *pod* (POD = min(C, 1))."""
    # coverage = W * v * 1000 * h * n / A; W = 10 m, v = 1 km/h, one searcher -> C = 0.01 h (A = 1e6 m²)
    return SearchRecord(seg, sweep_width_m=10.0, speed_kmh=1.0, hours=pod * seg.area_m2 / 1e4,
                        law="definite_range")


def test_coverage_and_pod_of_a_record():
    seg = Segment("A", 2e6, 0.3)
    rec = SearchRecord(seg, sweep_width_m=20.0, speed_kmh=2.0, hours=5.0, searchers=4)
    assert rec.searcher_hours == 20.0
    assert rec.track_length_m == 40_000.0
    assert rec.coverage == pytest.approx(20.0 * 40_000.0 / 2e6)
    assert rec.pod == pytest.approx(1 - math.exp(-0.4))
    assert rec.as_dict()["pod"] == pytest.approx(rec.pod)


def test_two_passes_of_pod_half_give_three_quarters():
    segs = _segments([0.6, 0.3])
    ledger = Ledger(segs)
    assert ledger.row == pytest.approx(0.1)
    r1 = _record_with_pod(segs[0], 0.5)
    assert r1.pod == pytest.approx(0.5)
    ledger.record([r1])
    ledger.record([_record_with_pod(segs[0], 0.5)])
    assert ledger.cumulative_pod()["S0"] == pytest.approx(0.75)
    # two searches within one period combine the same way
    other = Ledger(_segments([0.6, 0.3]))
    s0 = other.segments[0]
    entry = other.record([_record_with_pod(s0, 0.5), _record_with_pod(s0, 0.5)])
    assert entry["segments"][0]["pod"] == pytest.approx(0.75)
    assert other.poa()["S0"] == pytest.approx(ledger.poa()["S0"])


def test_poa_shift_matches_hand_computation():
    segs = _segments([0.5, 0.3, 0.1])  # ROW = 0.1
    ledger = Ledger(segs)
    entry = ledger.record([_record_with_pod(segs[0], 0.8), _record_with_pod(segs[1], 0.5)])
    # POS = 0.5*0.8 + 0.3*0.5 = 0.55; denominator 0.45
    assert entry["pos"] == pytest.approx(0.55)
    poa = ledger.poa()
    assert poa["S0"] == pytest.approx(0.5 * 0.2 / 0.45)
    assert poa["S1"] == pytest.approx(0.3 * 0.5 / 0.45)
    assert poa["S2"] == pytest.approx(0.1 / 0.45)
    assert ledger.row == pytest.approx(0.1 / 0.45)
    assert ledger.cumulative_pos == pytest.approx(0.55)
    # second period: conditional POS uses the shifted POAs, absolute POS the initial units
    e2 = ledger.record([_record_with_pod(segs[2], 0.5)])
    assert e2["pos"] == pytest.approx(0.1 / 0.45 * 0.5)
    assert e2["pos_absolute"] == pytest.approx(0.05)
    assert ledger.cumulative_pos == pytest.approx(0.60)
    assert 1 - (1 - entry["pos"]) * (1 - e2["pos"]) == pytest.approx(ledger.cumulative_pos)
    table = ledger.table()
    assert table[-1]["segment"] == ROW_ID
    assert sum(r["poa"] for r in table) == pytest.approx(1.0)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=6),
    st.floats(0.0, 0.5),
    st.lists(st.lists(st.tuples(st.integers(0, 5), st.floats(0.0, 0.95)), max_size=5), max_size=4),
)
def test_total_pos_plus_remaining_is_one(weights, row, periods):
    w = np.asarray(weights) + 1e-3
    poa = (1 - row) * w / w.sum()
    segs = _segments(poa)
    ledger = Ledger(segs, rest_of_world=row)
    for searches in periods:
        recs = [_record_with_pod(segs[i % len(segs)], q) for i, q in searches]
        ledger.record(recs)
        total = ledger.cumulative_pos + ledger.remaining_in_area + ledger.initial_row
        assert total == pytest.approx(1.0, abs=1e-9)
        assert ledger.poa_in_area + ledger.row == pytest.approx(1.0, abs=1e-9)
        assert ledger.row >= row - 1e-12  # unsearched ROW never shrinks
        assert all(0 <= v <= 1 + 1e-12 for v in ledger.cumulative_pod().values())


def test_ledger_input_errors():
    with pytest.raises(ValueError, match="duplicate"):
        Ledger([Segment("A", 1.0, 0.2), Segment("A", 1.0, 0.2)])
    with pytest.raises(ValueError, match="sum"):
        Ledger(_segments([0.7, 0.6]))
    with pytest.raises(ValueError, match="sum to 1"):
        Ledger(_segments([0.5]), rest_of_world=0.2)
    with pytest.raises(ValueError, match="area_m2"):
        Segment("A", 0.0, 0.1)
    with pytest.raises(ValueError, match="id"):
        Segment(ROW_ID, 1.0, 0.1)
    ledger = Ledger(_segments([0.5]))
    with pytest.raises(ValueError, match="unknown segment"):
        ledger.record([_record_with_pod(Segment("Z", 1e6, 0.1), 0.5)])
    with pytest.raises(ValueError, match="law"):
        SearchRecord(ledger.segments[0], 10, 1, 1, law="magic")
