"""Train an evader for trail_pursuit_v0 by the cross-entropy method, NumPy only, on two CPU cores.

    PYTHONPATH=src python examples/train_evader_cem.py [ITERATIONS] [--out docs/img/train-evader-cem.png]

An example, not a test (its one extra need, matplotlib for the curve, is in the `train` extra).
The learner is the Hijra map's evader; the tracker (the only pursuer here) follows the scripted policy
of `sevr.envs.policies`. The policy is small and readable: from its own observation patch it
scores the eight directions by what lies that way (prints, pursuers in sight, open ground, the
hideout, the climb), plus a score for waiting; three linear scores pick the gait; two thresholds
decide when to go into or come out of a hideout: 19 numbers in all.

The cross-entropy method (Rubinstein 1999; de Boer et al. 2005) samples a population of parameter
vectors from a Gaussian, plays each on its own block of episodes (all candidates in one batched
environment, one step for all), keeps the best fifth and refits the Gaussian to them. The score is
the protocol's first metric, the share of episodes in which the evader is not caught by the
horizon, with its second, the minutes to capture (the whole horizon if not caught), as the
tie-break that gives the search a slope while no candidate escapes. At the end the learned evader
and the scripted story evader are scored on both, on the protocol's held-out seeds.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from sevr.envs import core
from sevr.envs.params import EVADER, make_params
from sevr.envs.vector import BatchedTrailPursuit
from sevr.scenarios import load

N_PARAMS = 19
TRAIN_CONFIG = dict(n_searchers=0)  # the Hijra map, make_params' defaults, the tracker alone
CHANNELS = (0, 2, 3, 5, 6)  # elevation, passable, prints, pursuers, hideout (core.PATCH_CHANNELS)


def sector_weights(radius: int) -> np.ndarray:
    """(8, S*S): each patch cell's weight in the direction of moves 1..8 (its 45 degree sector), 1/distance."""
    size = 2 * radius + 1
    w = np.zeros((8, size, size))
    for y in range(size):
        for x in range(size):
            dy, dx = y - radius, x - radius
            if dy == dx == 0:
                continue
            angle = np.arctan2(dx, -dy)  # 0 = north, clockwise, as core.MOVES 1..8
            d = int(np.round(angle / (np.pi / 4))) % 8
            w[d, y, x] = 1.0 / max(abs(dy), abs(dx))
    return (w / w.sum(axis=(1, 2), keepdims=True)).reshape(8, -1)


class LinearEvader:
    """The 19-number evader: direction scores, gait scores, hideout thresholds (see the module doc)."""

    def __init__(self, radius: int):
        self.radius = radius
        self.sectors = sector_weights(radius)
        size = 2 * radius + 1
        self.adjacent = np.array([(radius + dr) * size + radius + dc for dr, dc in core.MOVES[1:]])

    def act(self, theta: np.ndarray, patch: np.ndarray, vector: np.ndarray) -> np.ndarray:
        """Actions for a batch: theta (n, 19) per episode, patch (n, 7, S, S), vector (n, 12)."""
        n = len(patch)
        flat = patch.reshape(n, patch.shape[1], -1)
        feats = np.einsum("ncs,ds->ndc", flat[:, CHANNELS], self.sectors)          # (n, 8, 5)
        open_next = flat[:, 2][:, self.adjacent]                                      # (n, 8)
        score = np.einsum("ndc,nc->nd", feats, theta[:, :5]) + theta[:, 5:6] * open_next
        score = np.where(open_next > 0, score, -np.inf)
        wait = theta[:, 6]
        move = np.where(score.max(axis=1) > wait, score.argmax(axis=1) + 1, 0)
        seen = flat[:, 5].sum(axis=1)  # pursuers in sight
        gait_scores = theta[:, 7:10] + theta[:, 10:13] * seen[:, None] + theta[:, 13:16] * vector[:, 3:4]
        gait = gait_scores.argmax(axis=1)
        action = move + core.N_MOVES * gait
        centre = self.radius * (2 * self.radius + 1) + self.radius
        at_hideout, hidden = flat[:, 6, centre] > 0, vector[:, 7] > 0
        action = np.where(at_hideout & ~hidden & (theta[:, 16] + theta[:, 17] * seen > 0), core.EVADER_ENTER, action)
        action = np.where(hidden & (theta[:, 18] + vector[:, 0] < 0), core.EVADER_LEAVE, action)
        return action


def play(params, opponents, thetas: np.ndarray, episodes_each: int, seed: int, evader_policy=None):
    """Escape share and mean minutes free of each parameter vector (or of `evader_policy` if given)
    over its block of episodes: two (len(thetas),) arrays. Minutes free are the minutes to capture,
    or the whole horizon for an evader not caught."""
    k = len(thetas)
    n = k * episodes_each
    ev = int(np.flatnonzero(params.role == EVADER)[0])
    batch = BatchedTrailPursuit(params, n, observed=[ev])  # the opponents are scripted: only the evader observes
    obs = batch.reset(seed=seed)
    learner = LinearEvader(params.obs_radius)
    rng = np.random.default_rng(seed)
    per_env = np.repeat(thetas, episodes_each, axis=0)
    escaped = np.zeros(n, dtype=bool)
    free_steps = np.full(n, params.max_steps, dtype=np.int64)
    finished = np.zeros(n, dtype=bool)
    for _ in range(params.max_steps + 1):
        actions = np.zeros((n, params.n_agents), dtype=np.int64)
        for i, policy in opponents.items():
            actions[:, i] = policy(params, batch.state, i, rng)
        if evader_policy is None:
            actions[:, ev] = learner.act(per_env, obs["patch"][:, 0], obs["vector"][:, 0])
        else:
            actions[:, ev] = evader_policy(params, batch.state, ev, rng)
        obs, _, _, _, info = batch.step(actions)
        over = info["episode_over"] & ~finished
        caught = over & (info["outcome"][:, ev] == core.CAUGHT)
        escaped |= over & ~caught
        free_steps[caught] = batch.state.step[caught]
        finished |= over
        if finished.all():
            break
    minutes = free_steps * params.step_min
    return escaped.reshape(k, episodes_each).mean(axis=1), minutes.reshape(k, episodes_each).mean(axis=1)


def train(params, opponents, iterations: int, population: int, episodes_each: int, seed: int):
    """Cross-entropy method; returns the final mean and the curve (iteration, mean score, best score)."""
    rng = np.random.default_rng(seed)
    mean, sd = np.zeros(N_PARAMS), np.ones(N_PARAMS)
    curve = []
    n_elite = max(2, population // 5)
    for it in range(iterations):
        thetas = mean + sd * rng.standard_normal((population, N_PARAMS))
        escape, minutes = play(params, opponents, thetas, episodes_each, seed=1000 + it)
        # the score: escapes first, then minutes free (at most the horizon, so below one escape in 16)
        scores = escape + minutes / (params.max_steps * params.step_min) / (episodes_each + 1)
        elite = thetas[np.argsort(-scores)[:n_elite]]
        mean, sd = elite.mean(axis=0), elite.std(axis=0) + 0.05
        best = int(np.argmax(scores))
        curve.append((it, float(minutes.mean()), float(minutes[best]), float(escape.mean()), float(escape[best])))
        print(f"iteration {it:2d}: population escape share {escape.mean():.3f}, minutes free {minutes.mean():.1f}; "
              f"best candidate {escape[best]:.3f}, {minutes[best]:.1f} min", flush=True)
    return mean, curve


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("iterations", nargs="?", type=int, default=15)
    ap.add_argument("--population", type=int, default=16)
    ap.add_argument("--episodes", type=int, default=16, help="episodes per candidate per iteration")
    ap.add_argument("--eval-episodes", type=int, default=256)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=Path("docs/img/train-evader-cem.png"))
    args = ap.parse_args(argv)

    from sevr.envs.protocol import EVAL_SEED, catalogue

    scenario = load("hijra")
    params = make_params(scenario, **TRAIN_CONFIG)
    evaders, teams = catalogue(scenario, params)
    opponents, story_evader = teams["scripted"], evaders["story, tactics on"]
    t0 = time.perf_counter()
    mean, curve = train(params, opponents, args.iterations, args.population, args.episodes, args.seed)
    minutes = (time.perf_counter() - t0) / 60
    learned, learned_min = (x[0] for x in play(params, opponents, mean[None], args.eval_episodes, EVAL_SEED))
    story, story_min = (x[0] for x in play(params, opponents, mean[None], args.eval_episodes, EVAL_SEED,
                                           evader_policy=story_evader))
    print(f"training: {minutes:.1f} min; on {args.eval_episodes} held-out episodes (seed {EVAL_SEED}): "
          f"escape share learned {learned:.3f}, scripted story evader {story:.3f}; "
          f"mean minutes free learned {learned_min:.1f}, story evader {story_min:.1f}")
    print("theta:", np.array2string(mean, precision=2, separator=", "))

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    it, avg, best, _, _ = np.array(curve).T
    fig, ax = plt.subplots(figsize=(6, 3.4))
    ax.plot(it, avg, label="population mean")
    ax.plot(it, best, label="best candidate")
    ax.axhline(story_min, color="k", ls="--", label=f"scripted story evader, held-out ({story_min:.0f}; "
               f"escapes {story:.2f})")
    ax.axhline(learned_min, color="C2", ls=":", label=f"learned, held-out ({learned_min:.0f}; escapes {learned:.2f})")
    ax.set_xlabel("CEM iteration")
    ax.set_ylabel("mean minutes free (capture or horizon)")
    ax.set_title("trail_pursuit_v0, Hijra map: evader vs the scripted tracker", fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out, dpi=110)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
