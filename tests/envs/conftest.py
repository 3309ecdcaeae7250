"""Small, fast configurations of trail_pursuit_v0 shared by the env tests."""
from __future__ import annotations

import pytest

SMALL = dict(cell_m=200.0, max_steps=40, max_prints=64, obs_radius=3, pursuit_delay_min=5.0)


@pytest.fixture(scope="session")
def hijra():
    from sevr.scenarios import load

    return load("hijra")


@pytest.fixture(scope="session")
def lost_hiker():
    from sevr.scenarios import load

    return load("lost-hiker")


@pytest.fixture(scope="session")
def small_params(hijra):
    """The Hijra map in 200 m cells (a non-square 35 x 30 grid), pursuers active after 5 steps."""
    from sevr.envs.params import make_params

    return make_params(hijra, **SMALL)


@pytest.fixture(scope="session")
def active_params(small_params):
    """`small_params` with every pursuer acting from the first step."""
    import numpy as np

    return small_params._replace(active_from=np.zeros_like(small_params.active_from))
