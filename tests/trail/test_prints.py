import numpy as np
import pytest

from sevr.trail.prints import deposit, detect_probability, faded, ground_tables
from sevr.scenarios import load


def test_fading_halves_per_half_life_and_never_grows():
    s = np.array([1.0, 1.0, 1.0])
    hl = np.array([12.0, 12.0, 48.0])
    now = faded(s, np.array([0.0, 12.0, 12.0]), hl)
    assert now == pytest.approx([1.0, 0.5, 2 ** -0.25])
    ages = np.linspace(0, 100, 50)
    assert np.all(np.diff(faded(np.ones(50), ages, np.full(50, 10.0))) < 0)
    assert faded(np.ones(1), np.array([-1.0]), np.ones(1))[0] == 0.0  # not yet made


def test_strength_by_gait_ground_and_blood():
    retention, half_life = ground_tables(load("hijra").trail)
    xy = np.zeros((4, 2))
    p = deposit(xy, np.arange(4.0), np.array([0, 1, 2, 2]), np.array([0.45, 0.45, 1.6, 1.0]),
                np.array([False, False, False, True]), 0.6, np.zeros(4, bool), np.ones(4, bool),
                retention, half_life)
    assert p.strength[0] > p.strength[1]  # sand keeps a tiptoe print better than gravel
    assert p.strength[2] == pytest.approx(1.6 * retention[2])
    assert p.strength[3] == pytest.approx(1.0 * retention[2] + 0.6)
    assert p.half_life_h[0] < p.half_life_h[2]


def test_detection_grows_with_strength_light_and_skill():
    base = detect_probability(0.2, 0.5, 0.9, 0.995, 8.0)
    assert detect_probability(0.4, 0.5, 0.9, 0.995, 8.0) > base
    assert detect_probability(0.2, 1.0, 0.9, 0.995, 8.0) > base
    assert detect_probability(0.2, 0.5, 0.5, 0.995, 8.0) < base
    assert detect_probability(0.0, 1.0, 1.0, 0.995, 8.0) == 0.0
    assert detect_probability(100.0, 1.0, 1.0, 0.995, 8.0) == pytest.approx(0.995)
