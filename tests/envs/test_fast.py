"""The Numba fast path against the NumPy reference (`sevr.envs.core`), row for row, bit for bit.

Each run drives both with the same seeds and the same actions for 300 steps on a small map where
things happen (the hideout a few cells from the start, a print ring smaller than the walk), and
checks that what must be compared actually occurred: captures, evaders hidden at the horizon,
prints read, a full ring, faded prints.
"""
import numpy as np
import pytest

from sevr.envs import core, fast
from sevr.envs.params import make_params
from sevr.scenarios import load
from sevr.sim.stream import episode_keys, uniforms_at
from sevr.trail.prints import detect_probability, faded
from sevr.world.movement import tobler_speed_kmh
from tests.envs.chase import chase_actions

STEPS = 300


def small_params(name: str, **extra):
    """200 m cells and 5-minute steps (a diagonal needs a budget over one cell), the hideout 4 rows south and 3 columns east of the start, 6 print slots."""
    scenario = load(name)
    coarse = make_params(scenario, cell_m=200.0)
    r, c = coarse.start_rc[0] + [4, 3]
    hideout = [(coarse.west_m + (c + 0.5) * coarse.cell_m, coarse.north_m - (r + 0.5) * coarse.cell_m)]
    config = dict(hideouts_xy=hideout, cell_m=200.0, step_min=5.0, max_steps=STEPS, max_prints=6, obs_radius=3,
                  pursuit_delay_min=60.0, sight_m=400.0)
    return make_params(scenario, **{**config, **extra})


def assert_same(ref, got, what):
    if isinstance(ref, tuple):  # an EnvState
        for name in ref._fields:
            assert np.array_equal(getattr(ref, name), getattr(got, name)), (what, name)
    elif isinstance(ref, dict):
        assert set(ref) == set(got), what
        for k in ref:
            assert np.array_equal(ref[k], got[k]), (what, k)
    else:
        assert ref.dtype == got.dtype and np.array_equal(ref, got), what


@pytest.mark.parametrize("name", ["hijra", "lost-hiker"])
def test_fast_step_and_observations_equal_the_reference(name):
    params = small_params(name)
    fp = fast.fast_params(params)
    keys = episode_keys(3, 0, np.arange(12))
    ref = core.reset(params, keys)
    got = fast.copy_state(ref)
    rng = np.random.default_rng(1)
    seen = dict(caught=0, entered=0, read=0, faded_read=0, hidden_end=0)
    for t in range(STEPS):
        actions = chase_actions(params, ref, rng)
        ref, *ref_out = core.step(params, ref, actions, keys)
        before = fast.copy_state(got)
        got, *got_out = fast.step(params, got, actions, keys, fp)
        assert_same(before, fast.copy_state(before), "input state left unchanged")
        assert_same(ref, got, ("state", t))
        for what, a, b in zip(("rewards", "terminated", "truncated", "info"), ref_out, got_out):
            assert_same(a, b, (what, t))
        assert_same(core.observe(params, ref), fast.observe(params, got, fp), ("observation", t))
        info = ref_out[3]
        seen["caught"] += info["caught"].sum()
        seen["entered"] += info["entered"].sum()
        seen["read"] += info["prints_read"].sum()
        made = ref.print_strength[:, None, :]
        seen["faded_read"] += ((ref.perceived > 0) & (ref.perceived < made)).sum()
    seen["hidden_end"] = (ref.outcome == core.HIDDEN).sum()
    assert ref.done.all()
    assert (ref.print_count > params.max_prints).any(), "the print ring never wrapped"
    assert all(v > 0 for v in seen.values()), seen


def test_long_trails_read_in_runs_equal_the_reference():
    """Random walks that leave long trails (several runs of `fast.PRINT_CHUNK` slots, the ring
    wrapping): runs that nobody's sight meets are passed over whole, and the prints perceived in
    them a step before must still be cleared."""
    params = small_params("hijra", max_prints=3 * fast.PRINT_CHUNK + 5, step_min=10.0, pursuit_delay_min=30.0)
    n = 16
    fp = fast.fast_params(params)
    keys = episode_keys(8, 0, np.arange(n))
    ref = core.reset(params, keys)
    got = fast.copy_state(ref)
    rng = np.random.default_rng(3)
    high = core.n_actions(params)
    cleared = 0
    for t in range(200):
        actions = rng.integers(0, high, (n, params.n_agents))
        before = ref.perceived > 0
        ref, *ref_out = core.step(params, ref, actions, keys)
        got, *got_out = fast.step(params, got, actions, keys, fp)
        assert_same(ref, got, ("state", t))
        for what, a, b in zip(("rewards", "terminated", "truncated", "info"), ref_out, got_out):
            assert_same(a, b, (what, t))
        assert_same(core.observe(params, ref), fast.observe(params, got, fp), ("observation", t))
        cleared += (before & (ref.perceived == 0) & (ref.print_step >= 0)[:, None, :]).sum()
    assert (ref.print_count > params.max_prints).any() and cleared > 0


@pytest.mark.parametrize("with_table", [False, True])
def test_parallel_and_fused_kernels_equal_the_serial_ones(with_table):
    """The one-thread step and observation kernels against the parallel ones and against the fused
    kernels (step and observation in one pass, the prints marked while they are read), with the
    static channels cropped from the padded layers or copied from the table."""
    params = small_params("hijra", max_steps=120)
    n = fast.PARALLEL_FROM
    fp = fast.fast_params(params, n if with_table else 1)
    assert (fp.table_elevation.shape[0] > 0) == with_table
    keys = episode_keys(9, 0, np.arange(n))
    one = core.reset(params, keys)
    many, fused, fused_one = (fast.copy_state(one) for _ in range(3))
    outs = [fast.step_out(n, params.n_agents) for _ in range(4)]
    rng = np.random.default_rng(2)
    obs, vec = zip(*(fast.observation_buffers(params, n) for _ in range(4)))
    slots = fast.patch_slots(params.n_agents)
    for t in range(120):
        actions = chase_actions(params, one, rng)
        fast._step_serial(fp, one, actions, keys, outs[0], fast.NO_PATCH)
        fast._step_parallel(fp, many, actions, keys, outs[1], fast.NO_PATCH)
        fast._observe_serial(fp, one, fast._flat(obs[0]), vec[0], slots)
        fast._observe_parallel(fp, many, fast._flat(obs[1]), vec[1], slots)
        fast._step_observe_parallel(fp, fused, actions, keys, outs[2], fast._flat(obs[2]), vec[2], slots)
        fast._step_observe_serial(fp, fused_one, actions, keys, outs[3], fast._flat(obs[3]), vec[3], slots)
        for k, (state, out) in enumerate([(many, outs[1]), (fused, outs[2]), (fused_one, outs[3])], 1):
            assert_same(one, state, ("state", k, t))
            assert_same(outs[0]._asdict(), out._asdict(), ("out", k, t))
            assert np.array_equal(obs[0], obs[k]) and np.array_equal(vec[0], vec[k]), (k, t)
    assert_same(core.observe(params, one), {"patch": obs[0], "vector": vec[0]}, "observation")
    assert _caught_somewhere(one, outs[0])
    assert (obs[0][:, :, core.PATCH_CHANNELS.index("prints")] > 0).any()


def _caught_somewhere(state, out):
    return out.caught.any() or (state.outcome == core.CAUGHT).any()


def test_the_kernels_laws_equal_the_shared_functions():
    slopes = np.linspace(-1.5, 1.5, 601)
    assert np.array_equal([fast.tobler_kmh(s) for s in slopes], tobler_speed_kmh(slopes))
    rng = np.random.default_rng(0)
    strength, age, half = rng.uniform(0, 2, 500), rng.uniform(-1, 30, 500), rng.uniform(0.5, 48, 500)
    assert np.array_equal([fast.faded_one(*x) for x in zip(strength, age, half)], faded(strength, age, half))
    vis, skill = rng.uniform(0, 1, 500), rng.uniform(0, 1, 500)
    assert np.array_equal([fast.detect_one(s, v, k, 0.9, 2.5) for s, v, k in zip(strength, vis, skill)],
                          detect_probability(strength, vis, skill, 0.9, 2.5))
    keys = episode_keys(5, 1, np.arange(50))
    counters = rng.integers(0, 2**40, 50)
    assert np.array_equal([fast.uniform_at(k, c) for k, c in zip(keys, counters)], uniforms_at(keys, counters))


def test_prints_on_the_edge_of_the_readers_box_are_read_as_by_the_reference():
    """The kernel skips prints outside the box of cells some active agent sees: a print on each
    side and corner of that box, at exactly the pursuers' sight, must still be read (and one just
    beyond it not)."""
    params = small_params("hijra", max_prints=16)
    n = 16
    keys = episode_keys(4, 0, np.arange(n))
    state = fast.copy_state(core.reset(params, keys))
    centre = np.array([15, 15])
    state.pos[:] = centre  # everyone on one cell; the pursuers (active from step 12) see 2 cells
    state.step[:] = 20
    sight = int(params.sight_cells[1])
    assert sight == params.sight_cells[1] == params.sight_cells[2] and params.sight_cells[0] < sight
    offsets = [(dr, dc) for dr in (-sight, 0, sight) for dc in (-sight, 0, sight) if (dr, dc) != (0, 0)]
    offsets.append((sight + 1, 0))
    k = len(offsets)
    state.print_rc[:, :k] = centre + np.array(offsets)[None]
    state.print_step[:, :k] = 17
    state.print_strength[:, :k] = 1.0
    state.print_half_life_h[:, :k] = 12.0
    state.print_agent[:, :k] = 0
    state.print_count[:] = k
    actions = np.zeros((n, params.n_agents), dtype=np.int64)
    ref, *_ = core.step(params, state, actions, keys)
    got, *_ = fast.step(params, state, actions, keys)
    assert_same(ref, got, "state")
    read = (ref.perceived[:, 1:, :k] > 0).any(axis=(0, 1))
    assert read[:-1].all() and not read[-1], read


def test_bad_actions_are_refused_as_by_the_reference():
    params = small_params("hijra")
    state = core.reset(params, episode_keys(0, 0, np.arange(2)))
    keys = episode_keys(0, 0, np.arange(2))
    with pytest.raises(ValueError, match="shape"):
        fast.step(params, state, np.zeros((2, 2)), keys)
    for bad in ([[0, 11, 0], [0, 0, 0]], [[0, 0, 0], [-1, 0, 0]], [[29, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 0, 11]]):
        with pytest.raises(ValueError, match="out of range"):
            fast.step(params, state, np.array(bad), keys)
    fast.step(params, state, np.array([[28, 10, 10], [0, 0, 0]]), keys)  # the last action of each role


def test_importing_the_fast_path_makes_idle_openmp_threads_sleep_unless_the_user_chose():
    import os
    import subprocess
    import sys

    code = "import os, sevr.envs.fast; print(os.environ['OMP_WAIT_POLICY'])"
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    got = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert got.stdout.strip() == "passive"
    got = subprocess.run([sys.executable, "-c", code], env={**env, "OMP_WAIT_POLICY": "active"},
                         capture_output=True, text=True, check=True)
    assert got.stdout.strip() == "active"


def test_a_patch_buffer_and_slots_that_disagree_are_refused():
    params = small_params("hijra")
    state = core.reset(params, episode_keys(1, 0, np.arange(2)))
    patch, vector = fast.observation_buffers(params, 2, 1)
    with pytest.raises(ValueError, match="holds 1 agents"):
        fast.observe_into(fast.fast_params(params), state, patch, vector)  # default slots: every agent
    fast.observe_into(fast.fast_params(params), state, patch, vector, fast.patch_slots(params.n_agents, [1]))
    assert np.array_equal(patch[:, 0], fast.observe(params, state)["patch"][:, 1])
    with pytest.raises(ValueError, match="increasing"):
        fast.patch_slots(params.n_agents, [1, 1])
