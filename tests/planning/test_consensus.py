"""Mattson consensus by hand, and its mixture with the statistical surface."""
import numpy as np
import pytest

from sevr.planning.consensus import mattson_poa, mix_consensus, region_labels
from sevr.world import Terrain


def test_mattson_numbers_by_hand():
    # three regions, two planners: A says 5/3/2 (sum 10), B says 1/1/2 (sum 4)
    poa = mattson_poa([[5, 1], [3, 1], [2, 2]])
    # region 1: (0.5 + 0.25) / 2 = 0.375; region 2: (0.3 + 0.25) / 2 = 0.275; region 3: (0.2 + 0.5) / 2 = 0.35
    assert poa == pytest.approx([0.375, 0.275, 0.35], abs=1e-12)
    assert poa.sum() == pytest.approx(1.0)


def test_scale_of_a_planners_weights_does_not_matter():
    assert mattson_poa([[50, 1], [30, 1], [20, 2]]) == pytest.approx(mattson_poa([[5, 1], [3, 1], [2, 2]]))


def test_bad_weights_are_refused():
    with pytest.raises(ValueError, match="planner"):
        mattson_poa([[1, 0], [2, 0]])
    with pytest.raises(ValueError, match="non-negative"):
        mattson_poa([[1, -1], [2, 3]])


def test_mixture_by_hand():
    # four cells; regions: cells 0-1 -> region 0, cell 2 -> region 1, cell 3 -> none
    p_stat = np.array([[0.1, 0.3, 0.2, 0.2]])  # sums to 0.8 (ROW 0.2)
    labels = np.array([[0, 0, 1, -1]])
    out = mix_consensus(p_stat, 0.2, labels, [0.6, 0.4], alpha=0.5)
    # statistical share normalised: 0.125 0.375 0.25 0.25; consensus: region 0 (0.6) split 1:3, region 1 (0.4)
    q = np.array([0.15, 0.45, 0.4, 0.0])
    expect = 0.8 * (0.5 * np.array([0.125, 0.375, 0.25, 0.25]) + 0.5 * q)
    assert out.p.ravel() == pytest.approx(expect, abs=1e-12)
    assert out.p.sum() == pytest.approx(0.8)  # ROW kept


def test_alpha_zero_and_one():
    p_stat = np.array([[0.2, 0.2, 0.4]])
    labels = np.array([[0, 1, 1]])
    assert mix_consensus(p_stat, 0.2, labels, [0.5, 0.5], 0.0).p == pytest.approx(p_stat)
    assert mix_consensus(p_stat, 0.2, labels, [0.5, 0.5], 1.0).p.ravel() == pytest.approx(
        0.8 * np.array([0.5, 0.5 / 3, 1.0 / 3]))


def test_region_labels_by_cell_centre():
    t = Terrain(np.zeros((4, 4)), np.zeros((4, 4), np.uint8), 10.0, 0.0, 40.0)
    square = [(0, 20), (20, 20), (20, 40), (0, 40)]  # the north-west quarter
    lab = region_labels(t, [square])
    assert (lab[:2, :2] == 0).all() and (lab[2:, :] == -1).all() and (lab[:, 2:] == -1).all()


def test_a_scenario_consensus_moves_the_mass_into_the_favoured_region():
    from sevr.planning import plan_scenario
    from sevr.scenarios import load, with_overrides

    base = load("lost-hiker")
    # two regions: the map's north half and its south half; both planners favour the north 3:1
    north = [{"lat": 47.40, "lon": -121.49}, {"lat": 47.40, "lon": -121.21}, {"lat": 47.49, "lon": -121.21},
             {"lat": 47.49, "lon": -121.49}]
    south = [{"lat": 47.31, "lon": -121.49}, {"lat": 47.31, "lon": -121.21}, {"lat": 47.40, "lon": -121.21},
             {"lat": 47.40, "lon": -121.49}]
    spec = {"planners": ["ann", "bo"], "mixture_weight": 1.0,
            "regions": [{"name": "north", "polygon": north, "weights": [3.0, 30.0]},
                        {"name": "south", "polygon": south, "weights": [1.0, 10.0]}]}
    plan = plan_scenario(with_overrides(base, {"consensus": spec, "operations.periods": 1}))
    p = plan.surface.p
    in_area = 1.0 - plan.surface.row
    labels = plan.surface.components["consensus"].labels
    assert p[labels == 0].sum() == pytest.approx(0.75 * in_area, rel=1e-9)
    assert p[labels == 1].sum() == pytest.approx(0.25 * in_area, rel=1e-9)
