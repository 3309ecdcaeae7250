"""The evaders' walk: the evasive path they lay over the route, and how fast they go on it."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sevr.world.movement import path_length_m, resample_path


@dataclass(frozen=True)
class EvasivePath:
    xy: np.ndarray            # (n, 2) vertices every ~spacing metres, spurs included
    on_branch: np.ndarray     # (n,) bool: vertex lies on a false branch (out and back)
    branch_at: np.ndarray     # (b,) index into xy of the vertex where each false branch leaves
    branch_len_m: np.ndarray  # (b,) one-way length of each branch
    main_len_m: float         # length of the path without the branches

    @property
    def sidesteps(self) -> int:
        """One sideways swing is laid around each false branch."""
        return len(self.branch_at)


def _unit_normals(xy: np.ndarray) -> np.ndarray:
    d = np.gradient(xy, axis=0)
    d /= np.maximum(np.linalg.norm(d, axis=1, keepdims=True), 1e-9)
    return np.column_stack([-d[:, 1], d[:, 0]])


def evasive_path(route_xy: np.ndarray, *, spacing_m: float, reversals: bool, count: int,
                 branch_m: float, sidestep_m: float, protect_end_m: float,
                 rng: np.random.Generator) -> EvasivePath:
    """Lay the 'back and forth, right and left' walk over a route.

    Back and forth: at `count` points the walkers go out along a false branch and come back on
    their own prints, leaving a spur that ends nowhere. Right and left: around each such point the
    line swings sideways by up to `sidestep_m`. The last `protect_end_m` (the carry up to the
    hideout) is walked straight. Where the points go and which way each branch leaves is drawn
    from `rng`.
    """
    main = resample_path(route_xy, spacing_m)
    total = path_length_m(main)
    if not reversals or count == 0 or total <= protect_end_m + 4 * spacing_m:
        return EvasivePath(main, np.zeros(len(main), bool), np.zeros(0, int), np.zeros(0), total)

    s = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(main, axis=0), axis=1))])
    usable = total - protect_end_m
    # Even spread with jitter: reversals throughout the walk, none in the first 200 m.
    lo = min(200.0, 0.2 * usable)
    anchors = lo + (np.arange(count) + rng.uniform(0.2, 0.8, count)) * (usable - lo) / count
    anchor_idx = np.searchsorted(s, anchors).clip(1, len(main) - 2)
    anchor_idx = np.unique(anchor_idx)

    # Right and left: a smooth sideways swing centred on each anchor.
    normals = _unit_normals(main)
    offset = np.zeros(len(main))
    for i in anchor_idx:
        side = rng.choice([-1.0, 1.0])
        offset += side * sidestep_m * np.exp(-0.5 * ((s - s[i]) / 25.0) ** 2) * np.sin((s - s[i]) / 12.0)
    swung = main + normals * offset[:, None]
    main_len = path_length_m(swung)

    # Back and forth: a spur out and back at each anchor, inserted into the vertex list.
    pieces, flags, branch_at, lengths = [], [], [], []
    start = 0
    n_out = max(int(round(branch_m / spacing_m)), 1)
    for i in anchor_idx:
        pieces.append(swung[start:i + 1]); flags.append(np.zeros(i + 1 - start, bool))
        heading = swung[min(i + 1, len(swung) - 1)] - swung[i - 1]
        heading /= max(np.linalg.norm(heading), 1e-9)
        angle = rng.choice([-1.0, 1.0]) * rng.uniform(np.radians(35), np.radians(80))
        rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        direction = rot @ heading
        steps = np.arange(1, n_out + 1)[:, None] * spacing_m
        out = swung[i] + steps * direction
        back = out[-2::-1] + np.array([-direction[1], direction[0]]) * 0.8  # returns beside its own prints
        spur = np.vstack([out, back, swung[i][None, :]])
        branch_at.append(sum(len(p) for p in pieces) - 1)
        lengths.append(n_out * spacing_m)
        pieces.append(spur); flags.append(np.ones(len(spur), bool))
        flags[-1][-1] = False  # back on the line
        start = i + 1
    pieces.append(swung[start:]); flags.append(np.zeros(len(swung) - start, bool))
    xy = np.vstack(pieces)
    return EvasivePath(xy, np.concatenate(flags), np.asarray(branch_at, int), np.asarray(lengths), main_len)
