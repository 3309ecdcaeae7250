"""The protocol's metrics on pairings whose results are known in advance."""
import numpy as np
import pytest

from sevr.envs.params import make_params
from sevr.envs.protocol import play_pairing
from sevr.envs.vector import random_policy

CONFIG = dict(cell_m=200.0, step_min=5.0, max_steps=30, max_prints=64, obs_radius=3, pursuit_delay_min=10.0,
              sight_m=400.0)


@pytest.fixture(scope="module")
def params():
    from sevr.scenarios import load

    return make_params(load("hijra"), **CONFIG)


def const(action):
    return lambda params, state, agent, rng: np.full(len(state.step), action)


def test_pursuers_at_the_start_catch_an_evader_who_waits_there_when_they_set_out(params):
    score = play_pairing(params, {0: const(0), 1: const(0), 2: const(0)}, episodes=6, seed=1)
    delay_steps = int(np.ceil(CONFIG["pursuit_delay_min"] / CONFIG["step_min"]))
    assert score.captured.all()
    assert np.array_equal(score.capture_min, np.full(6, delay_steps * CONFIG["step_min"]))
    assert (score.prints_left == 0).all() and not score.hidden_undetected.any()
    s = score.summary()
    assert s["captured"][0] == 1.0 and s["captured"][1] < 1.0 and s["captured"][2] == 1.0
    assert s["capture_min"][0] == delay_steps * CONFIG["step_min"]


def test_an_evader_walking_away_from_pursuers_who_wait_is_never_caught_and_its_prints_are_counted(params):
    score = play_pairing(params, {0: const(3), 1: const(0), 2: const(0)}, episodes=4, seed=1)
    assert not score.captured.any() and np.isnan(score.capture_min).all()
    assert (score.prints_left > 3).all()
    # the same walk stepped by hand: the prints are those of one episode
    from sevr.envs.vector import BatchedTrailPursuit

    b = BatchedTrailPursuit(params, 1)
    b.reset(seed=1)
    total = 0
    for _ in range(params.max_steps):
        _, _, _, _, info = b.step(np.array([[3, 0, 0]]))
        total += int(info["prints_made"][0])
    assert score.prints_left[0] == total
    assert (score.prints_read > 0).all()  # the waiting pursuers read the first prints by the door


def test_random_pairing_is_reproducible_and_seed_dependent(params):
    team = {i: random_policy for i in range(3)}
    a, b = play_pairing(params, team, 16, seed=4), play_pairing(params, team, 16, seed=4)
    c = play_pairing(params, team, 16, seed=5)
    assert all(np.array_equal(x, y, equal_nan=True) for x, y in zip(vars(a).values(), vars(b).values()))
    assert not np.array_equal(a.prints_left, c.prints_left)
    with pytest.raises(ValueError, match="no policy"):
        play_pairing(params, {0: const(0)}, 2)
