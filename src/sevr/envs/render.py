"""Draw one episode of a state: text ("ansi") or an RGB image ("rgb_array"). Pure: any recorded
state can be drawn later."""
from __future__ import annotations

import numpy as np

from sevr.envs.core import EnvState
from sevr.envs.params import EVADER, TRACKER, EnvParams
from sevr.trail.prints import faded

PRINT_SHOWN = 0.05     # prints fainter than this are not drawn
ANSI_MARGIN = 8        # cells around the agents in the text view
PIXELS_PER_CELL = 4
GROUND_CHARS = ".:^"   # sand, gravel, rock
AGENT_COLOURS = {EVADER: (30, 90, 220), TRACKER: (220, 40, 40)}
SEARCHER_COLOUR = (240, 150, 20)


def print_strength_now(params: EnvParams, state: EnvState, env: int) -> np.ndarray:
    """Strength of every print slot of one episode now.

    Parameters
    ----------
    params : EnvParams
        The environment's configuration.
    state : EnvState
        The batched state.
    env : int
        Index of the episode in the batch.

    Returns
    -------
    numpy.ndarray
        (max_prints,) float: the faded strength of each print, 0 for empty slots.
    """
    made = state.print_step[env]
    age_h = (state.step[env] - made) * params.step_min / 60.0
    return np.where(made >= 0, faded(state.print_strength[env], age_h, state.print_half_life_h[env]), 0.0)


def ansi(params: EnvParams, state: EnvState, env: int = 0) -> str:
    """The map around the agents as text, north up.

    Ground . : ^, # impassable, o print, H hideout, E evader (e hidden, x caught), T tracker,
    S searcher; cropped to the agents and hideouts plus a margin of cells.

    Parameters
    ----------
    params : EnvParams
        The environment's configuration.
    state : EnvState
        The batched state.
    env : int, default=0
        Index of the episode in the batch.

    Returns
    -------
    str
        A header line (step, rows and columns shown) and one text line per row.
    """
    h, w = params.shape
    grid = np.array(list(GROUND_CHARS))[params.ground]
    grid[~params.passable] = "#"
    now = print_strength_now(params, state, env)
    k = now > PRINT_SHOWN
    grid[state.print_rc[env, k, 0], state.print_rc[env, k, 1]] = "o"
    for r, c in params.hideout_rc:
        grid[r, c] = "H"
    for a, role in enumerate(params.role):
        r, c = state.pos[env, a]
        if role == EVADER:
            ch = "x" if not state.alive[env, a] else ("e" if state.hidden[env, a] else "E")
        else:
            ch = "T" if role == TRACKER else "S"
        grid[r, c] = ch
    pts = np.vstack([state.pos[env], params.hideout_rc.reshape(-1, 2)])
    r0, c0 = np.maximum(pts.min(axis=0) - ANSI_MARGIN, 0)
    r1, c1 = np.minimum(pts.max(axis=0) + ANSI_MARGIN + 1, (h, w))
    head = f"step {int(state.step[env])}/{params.max_steps}  rows {r0}-{r1 - 1} cols {c0}-{c1 - 1}"
    return head + "\n" + "\n".join("".join(row) for row in grid[r0:r1, c0:c1])


def rgb_array(params: EnvParams, state: EnvState, env: int = 0) -> np.ndarray:
    """One episode as an RGB image.

    Terrain in greys (higher is lighter), impassable dark, prints red by strength, hideouts
    green, agents as coloured cells (caught agents black).

    Parameters
    ----------
    params : EnvParams
        The environment's configuration.
    state : EnvState
        The batched state.
    env : int, default=0
        Index of the episode in the batch.

    Returns
    -------
    numpy.ndarray
        (H x p, W x p, 3) uint8, p = PIXELS_PER_CELL.
    """
    z = params.elevation
    span = max(float(np.ptp(z)), 1e-9)
    grey = 70.0 + 150.0 * (z - z.min()) / span
    img = np.repeat(grey[..., None], 3, axis=2)
    img[~params.passable] = 35.0
    now = print_strength_now(params, state, env)
    k = now > PRINT_SHOWN
    rr, cc = state.print_rc[env, k, 0], state.print_rc[env, k, 1]
    alpha = np.clip(now[k], 0.0, 1.0)[:, None]
    img[rr, cc] = (1 - alpha) * img[rr, cc] + alpha * np.array([200.0, 20.0, 20.0])
    for r, c in params.hideout_rc:
        img[r, c] = (20, 160, 60)
    for a, role in enumerate(params.role):
        r, c = state.pos[env, a]
        img[r, c] = AGENT_COLOURS.get(int(role), SEARCHER_COLOUR) if state.alive[env, a] else (0, 0, 0)
    big = np.repeat(np.repeat(img, PIXELS_PER_CELL, axis=0), PIXELS_PER_CELL, axis=1)
    return big.astype(np.uint8)
