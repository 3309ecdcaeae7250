"""The batched environment and its Gymnasium views: same numbers as the reference and as the
PettingZoo environment, episode for episode; Gymnasium's checker; bad arguments named."""
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

from sevr.envs import core, trail_pursuit_v0
from sevr.envs.params import make_params
from sevr.envs.vector import BatchedTrailPursuit, EvaderVectorEnv, SearcherVectorEnv, SingleAgentEnv, random_policy
from sevr.errors import InputError
from tests.envs.chase import chase_actions

CONFIG = dict(cell_m=200.0, step_min=5.0, max_steps=30, max_prints=8, obs_radius=3, pursuit_delay_min=10.0,
              sight_m=400.0)


@pytest.fixture(scope="module")
def params():
    from sevr.scenarios import load

    return make_params(load("hijra"), **CONFIG)


def _run(batch, steps, rng):
    obs = batch.reset(seed=11)
    rows = [({k: v.copy() for k, v in obs.items()}, None, None, None, None, batch.episode.copy())]
    for _ in range(steps):
        actions = chase_actions(batch.params, batch.state, rng)
        obs, r, te, tr, info = batch.step(actions)
        rows.append(({k: v.copy() for k, v in obs.items()}, actions, r.copy(), te.copy(), tr.copy(),
                     info["episode"].copy()))
    return rows


def test_fast_and_numpy_engines_give_the_same_steps_through_restarts(params):
    fast_rows = _run(BatchedTrailPursuit(params, 5, "fast"), 90, np.random.default_rng(4))
    ref_rows = _run(BatchedTrailPursuit(params, 5, "numpy"), 90, np.random.default_rng(4))
    for t, (a, b) in enumerate(zip(fast_rows, ref_rows)):
        for x, y in zip(a, b):
            if isinstance(x, dict):
                assert all(np.array_equal(x[k], y[k]) for k in x), t
            else:
                assert np.array_equal(x, y), t
    assert fast_rows[-1][5].min() >= 5, "every slot restarted at least once"


def test_each_slot_replays_as_the_pettingzoo_env_with_the_same_seed_and_episode(params):
    """Episode e of seed s in the batch = parallel_env after reset(seed=s) and e more resets."""
    rows = _run(BatchedTrailPursuit(params, 3, "fast"), 70, np.random.default_rng(5))
    episodes: dict[int, list] = {}
    for t in range(1, len(rows)):
        prev_ep, ep = rows[t - 1][5], rows[t][5]
        for slot in range(3):
            if ep[slot] == prev_ep[slot]:  # a step of that episode (not its restart)
                episodes.setdefault(int(ep[slot]), []).append((rows[t - 1][0], rows[t], slot))
    assert {0, 1, 2, 3, 4} <= set(episodes)
    env = trail_pursuit_v0.parallel_env("hijra", **CONFIG)
    ids = env.possible_agents
    for e in sorted(episodes)[:5]:
        obs, _ = env.reset(seed=11)
        for _ in range(e):
            obs, _ = env.reset()
        first_obs = episodes[e][0][0]
        slot = episodes[e][0][2]
        for k, agent in enumerate(ids):
            assert np.array_equal(obs[agent]["patch"], first_obs["patch"][slot, k])
        for _, (b_obs, actions, r, te, tr, _), slot in episodes[e]:
            live = list(env.agents)
            obs, rew, term, trunc, _ = env.step({a: int(actions[slot, ids.index(a)]) for a in live})
            for a in live:
                k = ids.index(a)
                assert np.array_equal(obs[a]["patch"], b_obs["patch"][slot, k]), (e, a)
                assert np.array_equal(obs[a]["vector"], b_obs["vector"][slot, k]), (e, a)
                assert (rew[a], term[a], trunc[a]) == (r[slot, k], te[slot, k], tr[slot, k]), (e, a)
        assert not env.agents or len(episodes[e]) == params.max_steps


def test_a_restarted_slot_starts_afresh_with_zero_reward(params):
    batch = BatchedTrailPursuit(params, 2)
    first = {k: v.copy() for k, v in batch.reset(seed=3).items()}
    away = np.zeros((2, params.n_agents), dtype=np.int64)
    away[:, 0] = 3  # the evader walks east, the pursuers wait: both episodes reach the horizon
    for _ in range(params.max_steps):
        batch.step(away)
    assert batch.state.done.all() and (batch.state.outcome[:, 0] == core.SAFE).all()
    obs, r, te, tr, info = batch.step(np.zeros((2, params.n_agents), dtype=np.int64))
    assert info["restarted"].all() and list(info["episode"]) == [2, 3]
    assert not r.any() and not te.any() and not tr.any()
    assert np.array_equal(obs["patch"], first["patch"]) and np.array_equal(obs["vector"], first["vector"])


@pytest.mark.parametrize("engine, n_envs", [("fast", 5), ("fast", 64), ("numpy", 5)])
@pytest.mark.parametrize("observed", [[0], [1, 2], [0, 2], []])
def test_observing_some_agents_gives_their_rows_of_every_agents_observations(params, engine, n_envs, observed):
    """Leaving agents out of the observations changes nothing else: the same steps, and each observed
    agent's patch and vector as in the batch that observes everyone (serial and parallel kernels)."""
    steps = 40 if n_envs == 5 else 12
    full = _run(BatchedTrailPursuit(params, n_envs, engine), steps, np.random.default_rng(8))
    part = _run(BatchedTrailPursuit(params, n_envs, engine, observed=observed), steps, np.random.default_rng(8))
    for t, (a, b) in enumerate(zip(full, part)):
        for k in ("patch", "vector"):
            assert b[0][k].shape[1] == len(observed)
            assert np.array_equal(a[0][k][:, observed], b[0][k]), (t, k)
        for x, y in zip(a[1:], b[1:]):
            assert np.array_equal(x, y), t
    assert any(full[t][0]["patch"][:, :, core.PATCH_CHANNELS.index("prints")].any() for t in range(len(full)))


@pytest.mark.parametrize("cls", [EvaderVectorEnv, SearcherVectorEnv])
def test_the_learners_view_is_its_column_of_the_batch(params, cls):
    """A learner's observations, rewards and flags are its column of a batch that observes every
    agent and is given the same joint actions (the scripted policies drawn from the same generator)."""
    env = cls(params, 6)
    obs, _ = env.reset(seed=21)
    full = BatchedTrailPursuit(params, 6)
    full_obs = full.reset(seed=21)
    rng = np.random.default_rng([0, 21])
    mine = np.random.default_rng(3)
    for t in range(params.max_steps + 3):
        assert all(np.array_equal(obs[k], full_obs[k][:, env.learner]) for k in obs), t
        joint = np.zeros((6, params.n_agents), dtype=np.int64)
        for i in range(params.n_agents):
            if i != env.learner:
                joint[:, i] = random_policy(params, full.state, i, rng)
        joint[:, env.learner] = mine.integers(0, env.single_action_space.n, 6)
        obs, r, te, _, _ = env.step(joint[:, env.learner])
        full_obs, fr, fte, _, _ = full.step(joint)
        assert np.array_equal(r, fr[:, env.learner]) and np.array_equal(te, fte[:, env.learner]), t


@pytest.mark.parametrize("role", ["evader", "searcher"])
def test_gymnasium_checker_accepts_the_single_agent_view(params, role):
    check_env(SingleAgentEnv(params, role), skip_render_check=True)


@pytest.mark.parametrize("cls", [EvaderVectorEnv, SearcherVectorEnv])
def test_vector_env_spaces_hold_what_it_returns(params, cls):
    env = cls(params, 4)
    obs, _ = env.reset(seed=1)
    assert env.observation_space.contains(obs)
    ends = 0
    for _ in range(params.max_steps + 2):
        obs, r, te, tr, info = env.step(env.action_space.sample())
        assert env.observation_space.contains(obs) and r.shape == te.shape == tr.shape == (4,)
        ends += (te | tr).sum()
    assert ends >= 4


def test_bad_arguments_name_their_field(params):
    with pytest.raises(InputError, match="n_envs"):
        BatchedTrailPursuit(params, 0)
    with pytest.raises(InputError, match="engine"):
        BatchedTrailPursuit(params, 2, engine="jax")
    with pytest.raises(InputError, match="seed"):
        BatchedTrailPursuit(params, 2).reset(seed=-1)
    with pytest.raises(InputError, match="policies"):
        EvaderVectorEnv(params, 2, policies={})
    with pytest.raises(InputError, match="role"):
        SingleAgentEnv(params, "tracker")
    for observed in ([params.n_agents], [-1], [1, 0], [0, 0], ["first"], [0.5], [True], [np.nan], [0, np.inf]):
        with pytest.raises(InputError, match="observed"):
            BatchedTrailPursuit(params, 2, observed=observed)
    with pytest.raises(ValueError, match="shape"):
        b = BatchedTrailPursuit(params, 2)
        b.reset(seed=0)
        b.step(np.zeros((3, params.n_agents), dtype=np.int64))
