"""The counter-based episode stream: SplitMix64, read the same way in Python and NumPy."""
import numpy as np
import pytest
from scipy import stats

from sevr.sim import stream as st


def test_splitmix64_matches_the_published_sequence_for_seed_zero():
    # SplitMix64 seeded with 0 (Steele, Lea & Flood 2014; the sequence Vigna's splitmix64.c prints).
    first = [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F]
    assert [st.mix64((k + 1) * st.GOLDEN & st.MASK) for k in range(3)] == first
    assert st.uniform(0, 0) == ((first[0] >> 11) + 0.5) / 2**53


def test_numpy_and_python_give_the_same_numbers():
    episodes = np.array([0, 1, 2, 1023, 1024, 2**40, 2**63 - 1])
    keys = st.episode_keys(9, 3, episodes)
    assert [int(k) for k in keys] == [st.episode_key(9, 3, int(e)) for e in episodes]
    for counter in (0, st.DEPART, st.TRACKER_FIRST, 10_000):
        assert st.uniforms(keys, counter).tolist() == [st.uniform(int(k), counter) for k in keys]


def test_the_stream_reads_fixed_slots_then_the_tracker_sequence():
    s = st.EpisodeStream.of(4, 0, 7)
    assert s.slot(st.SEEN) == st.uniform(s.key, 0)
    assert [s.random() for _ in range(3)] == [st.uniform(s.key, st.TRACKER_FIRST + k) for k in range(3)]
    with pytest.raises(ValueError, match="not a fixed slot"):
        s.slot(st.TRACKER_FIRST)


def test_keys_differ_by_seed_point_and_episode_and_are_checked():
    keys = {st.episode_key(a, b, c) for a in range(3) for b in range(3) for c in range(3)}
    assert len(keys) == 27
    for bad in (-1, 2**63):
        with pytest.raises(ValueError, match=r"\[0, 2\*\*63\)"):
            st.episode_key(bad, 0, 0)


def test_uniforms_are_uniform_on_the_open_interval():
    u = st.uniforms(st.episode_keys(1, 0, np.arange(200_000)), st.TRACKER_FIRST)
    assert 0 < u.min() and u.max() < 1
    assert stats.kstest(u, "uniform").pvalue > 1e-4
    # Neighbouring counters of one key are not correlated.
    v = st.uniforms(st.episode_keys(1, 0, np.arange(200_000)), st.TRACKER_FIRST + 1)
    assert abs(np.corrcoef(u, v)[0, 1]) < 0.01
