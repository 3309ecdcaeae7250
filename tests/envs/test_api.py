"""trail_pursuit_v0 through PettingZoo's own checks, its spaces, seeding, views and observations."""
from __future__ import annotations

import numpy as np
import pytest
from pettingzoo.test import parallel_api_test, parallel_seed_test

from sevr.envs import core, trail_pursuit_v0
from sevr.envs.params import make_params
from sevr.errors import InputError
from sevr.sim.stream import episode_keys
from tests.envs.conftest import SMALL

LOST = dict(cell_m=500.0, max_steps=30, max_prints=64, obs_radius=3, pursuit_delay_min=5.0)


@pytest.mark.parametrize("scenario, config", [("hijra", SMALL), ("lost-hiker", LOST)])
def test_pettingzoo_parallel_api(scenario, config):
    env = trail_pursuit_v0.parallel_env(scenario=scenario, **config)
    parallel_api_test(env, num_cycles=60)
    assert env.agents == []  # the episode ran to its end within the cycles


def test_pettingzoo_parallel_api_with_belief():
    env = trail_pursuit_v0.parallel_env(belief=True, **{**SMALL, "max_steps": 15})
    parallel_api_test(env, num_cycles=30)
    obs, _ = env.reset(seed=3)
    b = obs["searcher_0"]["belief"]
    assert env.observation_space("searcher_0").contains(obs["searcher_0"])
    assert "belief" not in obs["tracker_0"]
    assert b.shape == env.params.shape and b.sum() == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("scenario, config", [("hijra", SMALL), ("lost-hiker", LOST)])
def test_pettingzoo_seed_test(scenario, config):
    parallel_seed_test(lambda: trail_pursuit_v0.parallel_env(scenario=scenario, **config), num_cycles=20)


def test_agents_spaces_and_modules():
    env = trail_pursuit_v0.parallel_env(**SMALL)
    assert env.possible_agents == ["evader_0", "tracker_0", "searcher_0"]
    assert env.action_space("evader_0").n == 29 and env.action_space("tracker_0").n == 11
    assert env.observation_space("tracker_0") is env.observation_space("tracker_0")
    assert env.metadata["name"] == "trail_pursuit_v0"
    assert trail_pursuit_v0.raw_env is type(env)
    aec = trail_pursuit_v0.env(**SMALL)
    aec.reset(seed=0)
    assert aec.agents == env.possible_agents


def test_same_seed_same_episode_and_next_episode_differs():
    def play(env, seed):
        obs, _ = env.reset(seed=seed)
        rng = np.random.default_rng(0)
        trace = []
        while env.agents:
            actions = {a: int(rng.integers(env.action_space(a).n)) for a in env.agents}
            obs, rew, term, trunc, info = env.step(actions)
            trace.append((sorted(rew.items()), {a: o["patch"].tobytes() for a, o in obs.items()}))
        return trace

    cfg = {**SMALL, "max_steps": 25}
    a = trail_pursuit_v0.parallel_env(**cfg)
    b = trail_pursuit_v0.parallel_env(**cfg)
    assert play(a, 11) == play(b, 11)
    # reset without a seed plays the next episode of the sequence: episode 1 of seed 11
    a.reset(seed=11)
    a.reset()
    assert np.array_equal(a._keys, episode_keys(11, 0, [1]))


def test_caught_evader_leaves_agents(active_params):
    env = trail_pursuit_v0.parallel_env(**{**SMALL, "pursuit_delay_min": 0.0})
    env.reset(seed=0)
    obs, rew, term, trunc, info = env.step({a: 0 for a in env.agents})  # everyone at the start cell
    assert term == {"evader_0": True, "tracker_0": True, "searcher_0": True}
    assert info["evader_0"]["outcome"] == "caught" and info["tracker_0"]["end_reason"] == "capture"
    assert rew["evader_0"] == -1.0 and env.agents == []


def test_bad_configuration_through_the_env():
    with pytest.raises(InputError, match="obs_radius"):
        trail_pursuit_v0.parallel_env(obs_radius=0)
    with pytest.raises(InputError, match="render_mode"):
        trail_pursuit_v0.parallel_env(render_mode="human", **SMALL)
    with pytest.raises(InputError, match="scenario"):
        trail_pursuit_v0.parallel_env(scenario=42, **SMALL)


def test_render_modes(hijra):
    env = trail_pursuit_v0.parallel_env(render_mode="ansi", **{**SMALL, "pursuit_delay_min": 30.0})
    env.reset(seed=0)
    for _ in range(8):
        env.step({"evader_0": 5, "tracker_0": 0, "searcher_0": 0})  # walk south
    text = env.render()
    lines = text.splitlines()
    assert lines[0].startswith("step 8/40")
    assert "E" in text and "H" in text and "S" in text and "o" in text  # the tracker stands under the searcher
    assert len({len(line) for line in lines[1:]}) == 1  # a rectangle
    img = trail_pursuit_v0.parallel_env(render_mode="rgb_array", **SMALL)
    img.reset(seed=0)
    frame = img.render()
    h, w = img.params.shape
    assert frame.shape == (h * 4, w * 4, 3) and frame.dtype == np.uint8
    r, c = img.params.hideout_rc[0]
    assert tuple(frame[r * 4, c * 4]) == (20, 160, 60)
    assert trail_pursuit_v0.parallel_env(**SMALL).render() is None


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_observation_is_a_crop_of_the_agents_map(small_params, seed):
    """On the non-square Hijra grid (35 x 30), near the edges too: the patch is the crop of the
    agent's whole-map layers, row 0 north, zeros off the map."""
    p = small_params._replace(active_from=np.zeros(3, dtype=np.int64), sight_cells=np.full(3, 3.0))
    h, w = p.shape
    assert h != w
    keys = episode_keys(seed, 0, np.arange(3))
    s = core.reset(p, keys)
    pos = s.pos.copy()
    pos[0] = [(0, 0), (1, 2), (2, 0)]           # the north-west corner
    pos[1] = [(h - 1, w - 2), (h - 2, w - 1), (h - 3, w - 3)]  # south-east
    pos[2] = [(h // 2, 1), (h // 2 + 1, 2), (h // 2, 0)]
    s = s._replace(pos=pos)
    rng = np.random.default_rng(seed)
    for _ in range(4):
        acts = rng.integers(0, core.n_actions(p)[None, :], size=(3, 3))
        s, *_ = core.step(p, s, acts, keys)
    obs = core.observe(p, s)
    r = p.obs_radius
    for agent in range(3):
        full = core.agent_layers(p, s, agent)
        padded = np.pad(full, ((0, 0), (0, 0), (r, r), (r, r)))
        for e in range(3):
            row, col = s.pos[e, agent]
            crop = padded[e, :, row:row + 2 * r + 1, col:col + 2 * r + 1]
            np.testing.assert_allclose(obs["patch"][e, agent], crop.astype(np.float32), rtol=1e-6, atol=1e-6)
    # the axis order: the patch's row above the centre is the cell to the north
    e, agent = 2, 0
    row, col = s.pos[e, agent]
    if row > 0:
        assert obs["patch"][e, agent, 2, r - 1, r] == float(p.passable[row - 1, col])
    assert (obs["patch"][0, 0, 2, :r - int(s.pos[0, 0, 0])] == 0).all()  # rows north of the map


def test_global_state_layers():
    env = trail_pursuit_v0.parallel_env(**{**SMALL, "pursuit_delay_min": 30.0})
    env.reset(seed=0)
    for _ in range(6):
        env.step({"evader_0": 5, "tracker_0": 0, "searcher_0": 0})
    g = env.state()
    p, s = env.params, env.state_
    assert g.shape == (8, *p.shape)
    assert g[5].sum() == 1 and g[5, s.pos[0, 0, 0], s.pos[0, 0, 1]] == 1  # the evader
    assert g[6].sum() == 1 and g[7].sum() == 1
    assert (g[4] > 0).sum() == len({tuple(rc) for rc in s.print_rc[0, s.print_step[0] >= 0]})


def test_vector_observation(small_params):
    keys = episode_keys(0, 0, [0])
    s = core.reset(small_params, keys)
    v = core.observe(small_params, s)["vector"][0]
    f = {name: i for i, name in enumerate(core.VECTOR_FIELDS)}
    assert v[0, f["evader"]] == 1 and v[1, f["tracker"]] == 1 and v[2, f["searcher"]] == 1
    assert v[0, f["walk"]] == 1 and v[1, f["walk"]] == 0
    assert v[0, f["active"]] == 1 and v[1, f["active"]] == 0  # the pursuers wait 5 steps
    assert v[0, f["light"]] == pytest.approx(small_params.visibility[0])
    hour = 23 + 40 / 60  # the exit at 23:40
    assert v[0, f["clock_sin"]] == pytest.approx(np.sin(2 * np.pi * hour / 24), abs=1e-6)
    assert v[0, f["clock_cos"]] == pytest.approx(np.cos(2 * np.pi * hour / 24), abs=1e-6)
