"""The rules of one step: prints, fading and reading, hiding, sight, capture, rewards and ends."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from sevr.envs import core
from sevr.envs.params import make_params
from sevr.sim.stream import episode_keys
from sevr.trail.prints import faded
from tests.envs.conftest import SMALL

N_ENVS = 4


def rollout(params, seed, steps, action_seed=0, n_envs=N_ENVS, state=None):
    """Random actions from a seeded Generator; returns the list of states (first is the reset)."""
    keys = episode_keys(seed, 0, np.arange(n_envs))
    rng = np.random.default_rng(action_seed)
    state = core.reset(params, keys) if state is None else state
    states, infos = [state], []
    for _ in range(steps):
        acts = rng.integers(0, core.n_actions(params)[None, :], size=(n_envs, params.n_agents))
        state, _, _, _, info = core.step(params, state, acts, keys)
        states.append(state)
        infos.append(info)
    return states, infos


def act(params, n_envs=1, **by_agent):
    """An action row: waiting (0) for everyone but the agents named."""
    a = np.zeros((n_envs, params.n_agents), dtype=np.int64)
    for name, value in by_agent.items():
        a[:, params.agent_ids.index(name)] = value
    return a


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32), action_seed=st.integers(0, 1000))
def test_prints_only_where_an_evader_walked(small_params, seed, action_seed):
    states, _ = rollout(small_params, seed, 30, action_seed)
    ev = np.flatnonzero(small_params.role == core.EVADER)
    for e in range(N_ENVS):
        walked = {tuple(s.pos[e, a]) for s in states for a in ev}
        final = states[-1]
        made = final.print_step[e] >= 0
        assert {tuple(rc) for rc in final.print_rc[e, made]} <= walked
        # and each print's cell is where its evader stood at the step it was made
        for k in np.flatnonzero(made):
            s = states[final.print_step[e, k]]
            assert tuple(s.pos[e, final.print_agent[e, k]]) == tuple(final.print_rc[e, k])


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_perceived_strength_never_rises_with_age(small_params, seed):
    states, _ = rollout(small_params, seed, 40, seed % 97)
    last = np.full(states[-1].perceived.shape, np.inf)
    for s in states[1:]:
        seen = s.perceived > 0
        assert np.all(s.perceived[seen] <= last[seen] + 1e-12)
        last = np.where(seen, s.perceived, last)


def test_faded_strength_law_is_the_trail_law(small_params):
    """The strength the rules use is `sevr.trail.prints.faded` of the deposit, by ground and gait."""
    p = small_params
    keys = episode_keys(0, 0, [0])
    s = core.reset(p, keys)
    for _ in range(10):
        if s.print_count[0]:
            break
        s, *_ = core.step(p, s, act(p, evader_0=core.N_MOVES * 1 + 5), keys)  # tiptoe south
    s, *_ = core.step(p, s, act(p), keys)
    assert s.print_count[0] == 1
    k = 0
    g = p.ground[tuple(s.print_rc[0, k])]
    made = p.gait_print[1] * p.retention[g]
    assert s.print_strength[0, k] == pytest.approx(made)
    age_h = (s.step[0] - s.print_step[0, k]) * p.step_min / 60.0
    assert s.print_half_life_h[0, k] == p.half_life_h[g]
    from sevr.envs.render import print_strength_now
    assert print_strength_now(p, s, 0)[k] == pytest.approx(faded(made, age_h, p.half_life_h[g]))


def evader_in_hideout(params, keys, pursuer_offsets):
    """A state with evader_0 hidden in the first hideout and the pursuers placed around it."""
    s = core.reset(params, keys)
    pos = s.pos.copy()
    h = params.hideout_rc[0]
    pos[:, 0] = h
    for i, off in enumerate(pursuer_offsets, start=1):
        pos[:, i] = h + np.asarray(off)
    s = s._replace(pos=pos)
    s, *_ = core.step(params, s, act(params, n_envs=len(keys), evader_0=core.EVADER_ENTER), keys)
    return s


@settings(max_examples=25, deadline=None)
@given(offsets=st.lists(st.tuples(st.integers(-1, 1), st.integers(-1, 1)), min_size=2, max_size=2),
       moves=st.lists(st.integers(0, core.PURSUER_LOOK), min_size=8, max_size=8), seed=st.integers(0, 1000))
def test_hidden_evader_is_never_seen_from_outside(active_params, offsets, moves, seed):
    p = active_params
    keys = episode_keys(seed, 0, [0])
    s = evader_in_hideout(p, keys, offsets)
    assert s.hidden[0, 0]
    for m in moves:  # walking and looking (never entering) around the mouth
        s, r, term, trunc, info = core.step(p, s, act(p, tracker_0=m, searcher_0=(m + 3) % 10), keys)
        assert not s.seen[0, 1:, 0].any()
        assert s.alive[0, 0] and not info["caught"].any()


def test_entering_reveals_and_captures(active_params):
    p = active_params
    keys = episode_keys(1, 0, [0])
    s = evader_in_hideout(p, keys, [(0, 0), (0, 1)])
    s, r, term, trunc, info = core.step(p, s, act(p, tracker_0=core.PURSUER_ENTER, searcher_0=core.PURSUER_ENTER),
                                        keys)
    assert s.seen[0, 1, 0] and not s.seen[0, 2, 0]  # the searcher was not at the mouth: no entry
    assert info["entered"][0].tolist() == [False, True, False]
    assert info["caught"][0, 0] and term[0].all() and info["end_reason"][0] == "capture"
    assert r[0, 0] == -p.capture_reward
    assert r[0, 1] == pytest.approx(p.capture_reward - p.enter_cost)  # the capture minus the cost of going in
    assert r[0, 2] == pytest.approx(p.capture_reward)


def test_entering_an_empty_hideout_costs(active_params):
    p = active_params
    keys = episode_keys(1, 0, [0])
    s = core.reset(p, keys)
    pos = s.pos.copy()
    pos[:, 1] = p.hideout_rc[0]
    pos[:, 2] = (0, 0)
    s, r, *_ = core.step(p, s._replace(pos=pos), act(p, tracker_0=core.PURSUER_ENTER), keys)
    assert r[0, 1] == pytest.approx(-p.enter_cost)
    assert r[0, 2] == 0.0


def placed(params, keys, evader_rc, pursuer_rc):
    s = core.reset(params, keys)
    pos = s.pos.copy()
    pos[:, 0], pos[:, 1], pos[:, 2] = evader_rc, pursuer_rc, (0, 0)
    return s._replace(pos=pos)


def test_capture_needs_reach(hijra):
    keys = episode_keys(2, 0, [0])
    here = (10, 10)
    for reach_m, caught in ((0.0, False), (200.0, True)):
        p = make_params(hijra, **{**SMALL, "reach_m": reach_m, "sight_m": 1000.0})
        p = p._replace(passable=np.ones(p.shape, dtype=bool), active_from=np.zeros(3, dtype=np.int64))
        s = placed(p, keys, here, (10, 11))
        s, r, term, trunc, info = core.step(p, s, act(p), keys)
        assert s.seen[0, 1, 0]  # in sight either way
        assert bool(info["caught"][0, 0]) is caught


def test_default_reach_is_one_cell(hijra):
    """By default a pursuer captures in its own cell and the eight around it (Chebyshev 1), not
    two cells away; `reach_m=0` keeps the same-cell rule."""
    keys = episode_keys(2, 0, [0])
    default = make_params(hijra, **{**SMALL, "sight_m": 1000.0})
    assert default.reach_cells.tolist() == [0.0, 1.0, 1.0]
    for reach_m, pursuer_rc, caught in ((None, (11, 11), True), (None, (10, 12), False),
                                        (None, (12, 9), False), (0.0, (11, 11), False)):
        p = default if reach_m is None else make_params(hijra, **{**SMALL, "sight_m": 1000.0, "reach_m": reach_m})
        p = p._replace(passable=np.ones(p.shape, dtype=bool), active_from=np.zeros(3, dtype=np.int64))
        s = placed(p, keys, (10, 10), pursuer_rc)
        s, r, term, trunc, info = core.step(p, s, act(p), keys)
        assert s.seen[0, 1, 0]
        assert bool(info["caught"][0, 0]) is caught, (reach_m, pursuer_rc)


def test_capture_needs_sight(hijra):
    """A pursuer in reach who cannot see that far (dark, short sight) does not capture."""
    keys = episode_keys(2, 0, [0])
    for sight_m, caught in ((50.0, False), (400.0, True)):
        p = make_params(hijra, **{**SMALL, "reach_m": 400.0, "sight_m": sight_m})
        p = p._replace(passable=np.ones(p.shape, dtype=bool), visibility=np.full(p.max_steps + 1, 1.0),
                       active_from=np.zeros(3, dtype=np.int64))
        s = placed(p, keys, (10, 10), (10, 12))
        s, r, term, trunc, info = core.step(p, s, act(p), keys)
        assert bool(s.seen[0, 1, 0]) is caught
        assert bool(info["caught"][0, 0]) is caught


def test_sight_scales_with_light(hijra):
    keys = episode_keys(2, 0, [0])
    p = make_params(hijra, **{**SMALL, "sight_m": 400.0})
    p = p._replace(passable=np.ones(p.shape, dtype=bool), active_from=np.zeros(3, dtype=np.int64))
    for vis, sees in ((1.0, True), (0.4, False)):  # 2 cells of sight at full light, 0.8 at 0.4
        q = p._replace(visibility=np.full(p.max_steps + 1, vis))
        s = placed(q, keys, (10, 10), (10, 12))
        s, *_ = core.step(q, s, act(q), keys)
        assert bool(s.seen[0, 1, 0]) is sees


@pytest.fixture(scope="module")
def coarse_reaching(hijra):
    return make_params(hijra, **{**SMALL, "reach_m": 200.0, "cell_m": 400.0})


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_every_capture_had_reach_and_sight(coarse_reaching, seed):
    p = coarse_reaching
    states, infos = rollout(p, seed, 30, seed % 13, n_envs=8)
    assert sum(info["caught"].sum() for info in infos) > 0  # the pursuers start on the trail: captures happen
    for s, info in zip(states[1:], infos):
        for e, b in zip(*np.nonzero(info["caught"])):
            d = np.abs(s.pos[e, :, :] - s.pos[e, b]).max(axis=-1)
            catchers = s.seen[e, :, b] & (d <= p.reach_cells) & (p.role != core.EVADER)
            assert catchers.any()


def test_same_seed_same_trajectory_other_seed_other_reads(small_params):
    # every print in sight and reads chancy; the pursuers far from the evader at the start
    p = small_params._replace(detect_scale=0.5, sight_cells=np.full(3, 40.0))

    def start(seed):
        s = core.reset(p, episode_keys(seed, 0, np.arange(N_ENVS)))
        pos = s.pos.copy()
        pos[:, 1:] = p.hideout_rc[0]
        return s._replace(pos=pos)

    a, _ = rollout(p, 7, 30, 3, state=start(7))
    b, _ = rollout(p, 7, 30, 3, state=start(7))
    c, _ = rollout(p, 8, 30, 3, state=start(8))
    assert sum((s.perceived[:, 1:] > 0).sum() for s in a) > 20
    for x, y in zip(a, b):
        for fx, fy in zip(x, y):
            assert np.array_equal(fx, fy)
    assert any(not np.array_equal(x.perceived, y.perceived) for x, y in zip(a, c))


def test_episodes_are_independent_of_their_batch(small_params):
    """Episode i of a batch equals the same episode stepped alone (keys by (seed, index))."""
    batch, _ = rollout(small_params, 5, 20, 11, n_envs=3)
    keys = episode_keys(5, 0, np.arange(3))
    rng = np.random.default_rng(11)
    acts = [rng.integers(0, core.n_actions(small_params)[None, :], size=(3, 3)) for _ in range(20)]
    s = core.reset(small_params, keys[2:3])
    for t, a in enumerate(acts):
        s, *_ = core.step(small_params, s, a[2:3], keys[2:3])
        assert np.array_equal(s.perceived[0], batch[t + 1].perceived[2])
        assert np.array_equal(s.pos[0], batch[t + 1].pos[2])


def test_walking_budget_gait_and_slopes(hijra):
    """Tiptoe and carrying are slower than walking (the scenario's factors); a wall stops a move."""
    p = make_params(hijra, **{**SMALL, "cell_m": 50.0, "max_steps": 60})
    flat = p._replace(elevation=np.zeros(p.shape), passable=np.ones(p.shape, dtype=bool))
    keys = episode_keys(0, 0, [0])
    cells = {}
    for gait in range(3):
        s = core.reset(flat, keys)
        s = s._replace(pos=np.array([[[10, 10], [0, 0], [0, 0]]]))
        for _ in range(30):
            s, *_ = core.step(flat, s, act(flat, evader_0=core.N_MOVES * gait + 3), keys)  # east
        cells[gait] = s.pos[0, 0, 1] - 10
    pace = 5.036 * 1000 / 60 * hijra.evaders.gait.night_speed_factor  # m/min on flat ground at night
    assert cells[0] == min(30, int(30 * pace / 50.0))
    assert cells[1] == int(30 * pace * 0.75 / 50.0 + 1e-9)
    assert cells[2] == int(30 * pace * 0.5 / 50.0 + 1e-9)
    wall = flat._replace(passable=flat.passable.copy())
    wall.passable[:, 12] = False
    s = core.reset(wall, keys)._replace(pos=np.array([[[10, 10], [0, 0], [0, 0]]]))
    for _ in range(30):
        s, *_ = core.step(wall, s, act(wall, evader_0=3), keys)
    assert s.pos[0, 0, 1] == 11


def test_pursuers_wait_for_the_delay(hijra):
    p = make_params(hijra, **{**SMALL, "pursuit_delay_min": 3.0, "cell_m": 50.0})
    keys = episode_keys(0, 0, [0])
    s = core.reset(p, keys)
    far = s.pos.copy()
    far[0, 0] = p.hideout_rc[0]  # the evader elsewhere: no capture at the start
    s = s._replace(pos=far)
    start = s.pos[0, 1].copy()
    for t in range(3):
        s, *_ = core.step(p, s, act(p, tracker_0=5), keys)
        assert np.array_equal(s.pos[0, 1], start)
        assert not s.perceived[0, 1].any()
    for _ in range(4):
        s, *_ = core.step(p, s, act(p, tracker_0=5), keys)
    assert not np.array_equal(s.pos[0, 1], start)


def test_horizon_truncates_with_named_outcomes(active_params):
    p = active_params._replace(max_steps=3)
    keys = episode_keys(0, 0, [0, 1])
    s = core.reset(p, keys)
    pos = s.pos.copy()
    pos[0, 0] = p.hideout_rc[0]
    pos[:, 1:] = (0, 0)
    s = s._replace(pos=pos)
    a = act(p, n_envs=2)
    a[0, 0] = core.EVADER_ENTER
    for t in range(3):
        s, r, term, trunc, info = core.step(p, s, a, keys)
        assert trunc.any() == (t == 2)
    assert info["end_reason"].tolist() == ["horizon", "horizon"]
    assert [core.OUTCOMES[o] for o in info["outcome"][:, 0]] == ["hidden", "safe"]
    assert r[:, 0].tolist() == [p.escape_reward] * 2 and r[:, 1].tolist() == [-p.escape_reward] * 2
    assert s.done.all() and not term.any()
    # a finished episode stands still
    s2, r2, term2, trunc2, _ = core.step(p, s, a, keys)
    assert np.array_equal(s2.pos, s.pos) and not r2.any() and not trunc2.any()


def test_actions_are_checked(small_params):
    keys = episode_keys(0, 0, [0])
    s = core.reset(small_params, keys)
    with pytest.raises(ValueError, match="out of range"):
        core.step(small_params, s, act(small_params, tracker_0=core.N_PURSUER_ACTIONS), keys)
    with pytest.raises(ValueError, match="shape"):
        core.step(small_params, s, np.zeros((2, 3), dtype=int), keys)


@pytest.mark.parametrize("look", [False, True])
def test_prints_are_read_out_to_the_sight_radius(active_params, look):
    """A print at exactly the sight radius is read, one cell further is not (a look adds a cell)."""
    p = active_params._replace(p_detect_max=1.0, detect_scale=1e6, sight_cells=np.full(3, 2.0),
                               passable=np.ones(active_params.shape, dtype=bool))
    keys = episode_keys(0, 0, [0])
    s = core.reset(p, keys)
    s = s._replace(pos=np.array([[[10, 10], [0, 0], [0, 0]]]))
    for _ in range(12):  # the evader walks east from (10, 10), a print in every cell
        s, *_ = core.step(p, s, act(p, evader_0=3), keys)
    made = s.print_step[0] >= 0
    cols = s.print_rc[0, made, 1]
    assert (s.print_rc[0, made, 0] == 10).all() and {11, 12, 13, 14} <= set(cols.tolist())
    pos = s.pos.copy()
    pos[0, 1] = (10, 11)  # the tracker on the first print
    s = s._replace(pos=pos)
    s, *_ = core.step(p, s, act(p, evader_0=0, tracker_0=core.PURSUER_LOOK if look else 0), keys)
    read = {int(c) for c in s.print_rc[0, s.perceived[0, 1] > 0, 1]}
    reach = 2 + (p.look_extra_cells if look else 0)
    assert read == {c for c in cols.tolist() if abs(c - 11) <= reach}


@pytest.mark.parametrize("look", [False, True])
def test_reads_follow_the_detection_law_and_the_documented_draws(active_params, look):
    """A pursuer reads print k at step s iff uniform number 16 + ((s-1) n_agents + a) max_prints + k
    of its episode's stream is below detect_probability (1 - (1-p)^2 when looking), and perceives
    its faded strength."""
    from sevr.sim.stream import uniforms_at
    from sevr.trail.prints import detect_probability

    p = active_params._replace(detect_scale=0.7, sight_cells=np.full(3, 40.0),
                               passable=np.ones(active_params.shape, dtype=bool))
    keys = episode_keys(3, 0, [0, 1])
    s = core.reset(p, keys)
    s = s._replace(pos=np.array([[[10, 10], [0, 0], [0, 0]]] * 2))
    for _ in range(30):
        s, *_ = core.step(p, s, act(p, n_envs=2, evader_0=3), keys)
    before = s
    s, *_ = core.step(p, s, act(p, n_envs=2, evader_0=0, tracker_0=core.PURSUER_LOOK if look else 0,
                                searcher_0=0), keys)
    step = int(s.step[0])
    made = s.print_step >= 0
    age_h = (step - s.print_step) * p.step_min / 60.0
    now = np.where(made, faded(s.print_strength, age_h, s.print_half_life_h), 0.0)
    for a in (1, 2):
        prob = detect_probability(now, p.visibility[step], p.skill[a], p.p_detect_max, p.detect_scale)
        if look and a == 1:
            prob = 1.0 - (1.0 - prob) ** 2
        counters = 16 + ((step - 1) * p.n_agents + a) * p.max_prints + np.arange(p.max_prints)
        u = uniforms_at(keys[:, None], counters[None, :])
        want = made & (u < prob)
        assert np.array_equal(s.perceived[:, a] > 0, want)
        np.testing.assert_allclose(s.perceived[:, a][want], now[want])
    assert 0 < (s.perceived[:, 1:] > 0).sum() < 2 * made.sum()  # some read, some missed
    assert before.print_count.min() > 5
