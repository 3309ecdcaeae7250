"""`from sevr.envs import trail_pursuit_v0; trail_pursuit_v0.parallel_env(scenario="hijra")`."""
from sevr.envs.pettingzoo_env import env, parallel_env, raw_env

__all__ = ["env", "parallel_env", "raw_env"]
