"""The watchers' rule (`discover_many`), shared by both engines, against its closed forms."""
import numpy as np
import pytest
from scipy import stats

from sevr.agents.watchers import HOW, discover, discover_many, geometric
from sevr.scenarios import load

W = load("hijra").watchers
T_EXIT, T_DAWN = 100.0, 400.0


def _many(n=20000, **kw):
    rng = np.random.default_rng(1)
    return discover_many(t_exit=T_EXIT, t_dawn=T_DAWN, watchers=W, u_seen=rng.random(n), u_looks=rng.random(n), **kw)


def test_the_exit_is_seen_exactly_when_the_uniform_falls_below_the_chance():
    below, above = np.nextafter(W.p_see_back_window, 0), W.p_see_back_window
    kw = dict(t_exit=T_EXIT, t_dawn=T_DAWN, back_window=True, decoy=True, watchers=W, u_looks=0.5)
    assert discover(u_seen=below, **kw) == discover(u_seen=below, **kw)
    assert discover(u_seen=below, **kw).seen_leaving and discover(u_seen=below, **kw).t_min == T_EXIT
    assert not discover(u_seen=above, **kw).seen_leaving
    front = discover(**{**kw, "back_window": False}, u_seen=np.nextafter(W.p_see_front_exit, 0))
    assert front.seen_leaving and front.how == "seen_leaving"


def test_no_watchers_see_nothing():
    nobody = W.model_copy(update={"count": 0})
    d = discover(t_exit=T_EXIT, t_dawn=T_DAWN, back_window=False, decoy=True, watchers=nobody, u_seen=1e-9, u_looks=0.5)
    assert not d.seen_leaving and d.how == "decoy_at_dawn" and d.t_min == T_DAWN


@pytest.mark.parametrize("back_window", [True, False])
def test_seen_leaving_is_binomial_with_the_watchers_chance(back_window):
    seen, t, how = _many(back_window=back_window, decoy=True)
    p = W.p_see_back_window if back_window else W.p_see_front_exit
    assert stats.binomtest(int(seen.sum()), len(seen), p).pvalue > 1e-4
    assert (t[seen] == T_EXIT).all() and (t[~seen] == T_DAWN).all()
    assert set(how[seen]) == {0} and set(how[~seen]) == {1}


def test_without_decoy_the_looks_are_geometric_and_dawn_ends_them():
    seen, t, how = _many(back_window=True, decoy=False)
    looks = np.round((t[~seen] - T_EXIT) / W.check_interval_min).astype(int)
    max_looks = int((T_DAWN - T_EXIT) // W.check_interval_min)   # 3 looks before dawn
    q = W.p_notice_empty_without_decoy
    expected = [q * (1 - q) ** (k - 1) for k in range(1, max_looks + 1)]
    expected.append(1 - sum(expected))                           # found at dawn
    observed = [np.sum((looks == k) & (t[~seen] < T_DAWN)) for k in range(1, max_looks + 1)]
    observed.append(np.sum(t[~seen] == T_DAWN))
    assert stats.chisquare(observed, np.array(expected) * (~seen).sum()).pvalue > 1e-4
    assert {HOW[h] for h in how[~seen]} == {"empty_house"}


@pytest.mark.parametrize("p", [0.5, 0.1, 0.9])
def test_geometric_from_a_uniform_has_the_geometric_law(p):
    u = np.random.default_rng(2).random(50000)
    k = geometric(u, p)
    assert k.min() >= 1
    for j in range(1, 5):
        assert abs(np.mean(k == j) - p * (1 - p) ** (j - 1)) < 5 * np.sqrt(0.25 / len(u))
    assert geometric(0.3, 1.0) == 1 and geometric(np.exp(-1e-12), 0.5) == 1
    # P(K > k) = (1-p)^k: the uniform exactly at 0.5^2 gives 2 looks, a hair below gives 3.
    assert geometric(0.25, 0.5) == 2 and geometric(np.nextafter(0.25, 0), 0.5) == 3
