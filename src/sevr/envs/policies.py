"""Scripted policies for every role of trail_pursuit_v0, built from sevr's existing model.

Each is a small class with ``act(view, rng) -> action``: `view` is an `AgentView` (the parameters,
the state, which episode and which agent), `rng` a `numpy.random.Generator` (only `RandomPolicy`
and `LostWalker` draw from it). A policy remembers what it needs per episode (the tracker's last
sure print, the searcher's belief) and forgets it when the episode's step counter is back at 0.

- `StoryEvader`: the story's walk (`sevr.sim.prepare`: the least-cost route with its false turns),
  on tiptoe, carrying near the end where the scenario says so, then into the hideout and still.
- `LostWalker`: the lost hiker, who walks on and turns now and then but never hides.
- `TrailTracker`: reads the newest print ahead, counts prints missed, goes back to the last sure
  print and looks around it when the trail is lost, gives up after the scenario's patience
  (`sevr.trail.tracking`'s rules); at a hideout where the trail ends it decides by
  `sevr.agents.pursuers.assess_hideout` whether to go in.
- `BayesSearcher`: keeps the searcher's belief (`sevr.envs.belief`) and walks to the cell with the
  most probability per minute of walking.
- `RandomPolicy`: uniform actions.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from sevr.envs import core
from sevr.envs.belief import initial_belief, motion, update_belief
from sevr.envs.params import CARRY, EVADER, TIPTOE, TRACKER, WALK, EnvParams
from sevr.world.movement import tobler_speed_kmh

if TYPE_CHECKING:
    from sevr.scenarios.schema import EvasionScenario, Scenario


class AgentView(NamedTuple):
    """What a policy is given: the parameters, the state, the episode row and the agent's index."""

    params: EnvParams
    state: core.EnvState
    env: int
    agent: int

    @property
    def pos(self) -> tuple[int, int]:
        """The agent's (row, col) cell."""
        r, c = self.state.pos[self.env, self.agent]
        return int(r), int(c)


def move_toward(params: EnvParams, pos, target) -> int:
    """The move (0..8) that brings `pos` closest to `target` over passable cells (0 if none helps).

    Closest in Chebyshev cells, ties broken by the straight-line distance.

    Parameters
    ----------
    params : EnvParams
        The environment's configuration (grid and passability).
    pos : tuple of int
        (row, col) of the agent.
    target : tuple of int
        (row, col) to walk toward.

    Returns
    -------
    int
        Index into `core.MOVES`; 0 stays put.
    """
    h, w = params.shape
    best, best_key = 0, (_dist(pos, target), 0.0)
    for m in range(1, core.N_MOVES):
        r, c = pos[0] + core.MOVES[m, 0], pos[1] + core.MOVES[m, 1]
        if not (0 <= r < h and 0 <= c < w) or not params.passable[r, c]:
            continue
        key = (_dist((r, c), target), math.hypot(r - target[0], c - target[1]))
        if key < best_key:
            best, best_key = m, key
    return best


def _dist(a, b) -> int:
    return max(abs(int(a[0]) - int(b[0])), abs(int(a[1]) - int(b[1])))


def evader_action(move: int, gait: int) -> int:
    """An evader's action number for a move (0..8) in a gait (WALK, TIPTOE, CARRY).

    Parameters
    ----------
    move : int
        Index into `core.MOVES`, 0..8.
    gait : int
        WALK, TIPTOE or CARRY.

    Returns
    -------
    int
        ``gait * N_MOVES + move``.
    """
    return gait * core.N_MOVES + move


class _PerEpisode:
    """Memory per episode row, cleared when that row's step counter is 0 (a new episode)."""

    def __init__(self):
        self._memory: dict[int, dict] = {}

    def memory(self, view: AgentView) -> dict:
        """This episode row's memory, started afresh when the row is new or its step counter is 0.

        Parameters
        ----------
        view : AgentView
            The parameters, the state, the episode row and the agent's index.

        Returns
        -------
        dict
            The mutable memory of ``view.env``.
        """
        if view.state.step[view.env] == 0 or view.env not in self._memory:
            self._memory[view.env] = self.fresh(view)
        return self._memory[view.env]

    def fresh(self, view: AgentView) -> dict:
        """The memory of a new episode.

        Parameters
        ----------
        view : AgentView
            The parameters, the state, the episode row and the agent's index.

        Returns
        -------
        dict
            Empty here; subclasses add what they keep.
        """
        return {}


class RandomPolicy:
    """Uniform over the agent's actions."""

    def act(self, view: AgentView, rng: np.random.Generator) -> int:
        """A uniformly random action of the agent.

        Parameters
        ----------
        view : AgentView
            The parameters, the state, the episode row and the agent's index.
        rng : numpy.random.Generator
            Source of the policy's random numbers.

        Returns
        -------
        int
            The agent's action index.
        """
        return int(rng.integers(core.n_actions(view.params)[view.agent]))


def route_cells(params: EnvParams, xy: np.ndarray) -> np.ndarray:
    """The cells a path in metres runs through, in order, each next to the one before.

    Diagonal steps are allowed, repeats are dropped, and points off the map are clipped to
    its edge.

    Parameters
    ----------
    params : EnvParams
        The environment's configuration (grid origin and cell size).
    xy : numpy.ndarray
        (n, 2) path points (x, y), metres in the scenario frame.

    Returns
    -------
    numpy.ndarray
        (m, 2) int (row, col) cells.
    """
    c = np.floor((xy[:, 0] - params.west_m) / params.cell_m).astype(int)
    r = np.floor((params.north_m - xy[:, 1]) / params.cell_m).astype(int)
    h, w = params.shape
    rc = np.column_stack([np.clip(r, 0, h - 1), np.clip(c, 0, w - 1)])
    out = [rc[0]]
    for cell in rc[1:]:
        while _dist(out[-1], cell) > 1:  # fill a jump with single steps
            out.append(out[-1] + np.sign(cell - out[-1]))
        if _dist(out[-1], cell) == 1:
            out.append(cell)
    return np.array(out)


class StoryEvader(_PerEpisode):
    """The story's evader: the prepared walk, on tiptoe, carrying near the end, then hiding.

    Parameters
    ----------
    scenario : EvasionScenario
    params : EnvParams
    """

    def __init__(self, scenario: EvasionScenario, params: EnvParams):
        from sevr.sim.prepare import prepare

        super().__init__()
        prep = prepare(scenario)
        self.cells = route_cells(params, prep.path.xy)
        carry_cell = route_cells(params, prep.path.xy[: prep.carry_at + 1])
        self.carry_from = len(carry_cell) - 1 if prep.carry_at < len(prep.path.xy) - 1 else len(self.cells)
        self.tiptoe = scenario.evaders.tactics.tiptoe
        self.hideouts = {tuple(rc) for rc in params.hideout_rc}

    def fresh(self, view: AgentView) -> dict:
        """The memory of a new episode.

        Parameters
        ----------
        view : AgentView
            The parameters, the state, the episode row and the agent's index.

        Returns
        -------
        dict
            ``i``: index of the walk's cell reached so far.
        """
        return {"i": 0}

    def act(self, view: AgentView, rng: np.random.Generator) -> int:
        """Follow the prepared walk one cell, enter the hideout at its end, then stay still.

        Parameters
        ----------
        view : AgentView
            The parameters, the state, the episode row and the agent's index.
        rng : numpy.random.Generator
            Unused (the policy is deterministic); part of the interface.

        Returns
        -------
        int
            The agent's action index.
        """
        mem = self.memory(view)
        s = view.state
        if s.hidden[view.env, view.agent]:
            return evader_action(0, WALK)  # stay still inside
        pos = view.pos
        i = mem["i"]
        while i + 1 < len(self.cells) and tuple(self.cells[i + 1]) == pos:
            i += 1  # arrived at the next cell of the walk
        if tuple(self.cells[i]) != pos and _dist(self.cells[i], pos) > 1:  # pushed off the walk: rejoin it
            i = int(np.argmin(np.abs(self.cells - np.array(pos)).max(axis=1)))
        mem["i"] = i
        if i + 1 >= len(self.cells):
            return core.EVADER_ENTER if pos in self.hideouts else evader_action(0, WALK)
        gait = CARRY if i + 1 >= self.carry_from else (TIPTOE if self.tiptoe else WALK)
        return evader_action(move_toward(view.params, pos, self.cells[i + 1]), gait)


class LostWalker(_PerEpisode):
    """The lost hiker: walks on in one direction, turns with probability `p_turn` each step (and
    when blocked), never hides.

    Parameters
    ----------
    p_turn : float, default=0.1
        Chance per step to pick a new direction (assumption, docs/envs.md).
    """

    def __init__(self, p_turn: float = 0.1):
        super().__init__()
        self.p_turn = p_turn

    def fresh(self, view: AgentView) -> dict:
        """The memory of a new episode.

        Parameters
        ----------
        view : AgentView
            The parameters, the state, the episode row and the agent's index.

        Returns
        -------
        dict
            ``heading``: the current move index (0: not set yet).
        """
        return {"heading": 0}

    def act(self, view: AgentView, rng: np.random.Generator) -> int:
        """Walk on in the current heading, turning at random or when blocked.

        Parameters
        ----------
        view : AgentView
            The parameters, the state, the episode row and the agent's index.
        rng : numpy.random.Generator
            Source of the policy's random numbers.

        Returns
        -------
        int
            The agent's action index.
        """
        mem = self.memory(view)
        turn = rng.random() < self.p_turn
        h, w = view.params.shape
        r, c = view.pos
        heading = mem["heading"]
        for _ in range(16):
            nr, nc = r + core.MOVES[heading, 0], c + core.MOVES[heading, 1]
            blocked = heading == 0 or not (0 <= nr < h and 0 <= nc < w) or not view.params.passable[nr, nc]
            if not (turn or blocked):
                break
            heading, turn = int(rng.integers(1, core.N_MOVES)), False
        mem["heading"] = heading
        return evader_action(heading, WALK)


class TrailTracker(_PerEpisode):
    """The trail-following tracker with losses and recoveries (the rules of `sevr.trail.tracking`).

    Parameters
    ----------
    scenario : Scenario
        Its `tracker` table gives `max_gap_prints` (steps without a print before the trail counts
        as lost), `lost_search_min` and `patience_min`; at a hideout its `pursuers` evidence and
        decision tables and its `facts` decide whether to go in.
    """

    def __init__(self, scenario: Scenario):
        super().__init__()
        from sevr.agents.pursuers import assess_hideout, entrance_intact

        tracker = getattr(scenario, "tracker", None)
        self.max_gap = tracker.max_gap_prints if tracker else 6
        self.patience_min = tracker.patience_min if tracker else 240.0
        if hasattr(scenario, "pursuers"):
            choice = assess_hideout(scenario.pursuers.evidence, scenario.pursuers.decision, trail_ends_here=True,
                                    entrance_intact=entrance_intact(scenario.facts))
            self.enter_at_trail_end = choice.decision == "enter"
        else:
            self.enter_at_trail_end = False

    def fresh(self, view: AgentView) -> dict:
        """The memory of a new episode.

        Parameters
        ----------
        view : AgentView
            The parameters, the state, the episode row and the agent's index.

        Returns
        -------
        dict
            The last sure print, prints missed, minutes searched, losses and whether it gave up or went in.
        """
        return {"sure_rc": view.pos, "sure_step": -1, "gap": 0, "searched_min": 0.0, "losses": 0,
                "gave_up": False, "entered": False}

    def act(self, view: AgentView, rng: np.random.Generator) -> int:
        """Follow the trail: go for a seen evader, else the newest print read, else look, recover or give up.

        Parameters
        ----------
        view : AgentView
            The parameters, the state, the episode row and the agent's index.
        rng : numpy.random.Generator
            Unused (the policy is deterministic); part of the interface.

        Returns
        -------
        int
            The agent's action index.
        """
        mem = self.memory(view)
        p, s, e, a = view.params, view.state, view.env, view.agent
        pos = view.pos
        if s.step[e] < p.active_from[a]:
            return 0
        seen = np.flatnonzero(s.seen[e, a] & (p.role == EVADER))
        if len(seen):  # the walkers themselves: go for them
            return move_toward(p, pos, s.pos[e, seen[0]])
        if mem["gave_up"]:
            return 0
        read = np.flatnonzero((s.perceived[e, a] > 0) & (s.print_step[e] > mem["sure_step"]))
        if len(read):
            k = read[np.argmax(s.print_step[e, read])]  # the newest print read: furthest along
            mem.update(sure_rc=tuple(int(v) for v in s.print_rc[e, k]), sure_step=int(s.print_step[e, k]), gap=0)
            if mem["sure_rc"] != pos:
                return move_toward(p, pos, mem["sure_rc"])
        mem["gap"] += 1
        if mem["gap"] < self.max_gap:
            return core.PURSUER_LOOK if mem["sure_rc"] == pos else move_toward(p, pos, mem["sure_rc"])
        # the trail is lost: back to the last sure print and look around it, up to the patience
        if mem["gap"] == self.max_gap:
            mem["losses"] += 1
        if mem["sure_rc"] != pos:
            return move_toward(p, pos, mem["sure_rc"])
        at_hideout = any(pos == tuple(h) for h in p.hideout_rc)
        near_hideout = any(_dist(pos, h) <= 1 for h in p.hideout_rc)
        if near_hideout and not mem["entered"]:  # the trail ends at a hideout: the evidence decides
            mem["entered"] = True
            if self.enter_at_trail_end:
                target = min((tuple(h) for h in p.hideout_rc), key=lambda h: _dist(pos, h))
                return core.PURSUER_ENTER if at_hideout else move_toward(p, pos, target)
            mem["gave_up"] = True
            return 0
        mem["searched_min"] += p.step_min
        if mem["searched_min"] > self.patience_min:
            mem["gave_up"] = True
            return 0
        return core.PURSUER_LOOK


def best_cell(params: EnvParams, p: np.ndarray, pos, pace_m_per_min: float) -> tuple[int, int]:
    """The cell with the most probability per minute of walking from `pos`: argmax p / minutes.

    The walk is counted in Chebyshev cells, the own cell as one step away; impassable cells
    are never chosen.

    Parameters
    ----------
    params : EnvParams
        The environment's configuration.
    p : numpy.ndarray
        (H, W) probability of the target in each cell.
    pos : tuple of int
        (row, col) of the searcher.
    pace_m_per_min : float
        The searcher's walking pace, metres per minute.

    Returns
    -------
    tuple of int
        (row, col) of the best cell.
    """
    h, w = params.shape
    rows, cols = np.arange(h)[:, None], np.arange(w)[None, :]
    steps = np.maximum(np.maximum(np.abs(rows - pos[0]), np.abs(cols - pos[1])), 1)
    minutes = steps * params.cell_m / pace_m_per_min
    score = np.where(params.passable, p / minutes, -1.0)
    r, c = np.unravel_index(int(np.argmax(score)), score.shape)
    return int(r), int(c)


class BayesSearcher(_PerEpisode):
    """The Bayesian searcher: keeps its belief (`sevr.envs.belief`) and goes where the probability
    per minute of walking is highest; goes for an evader in sight."""

    def __init__(self, params: EnvParams):
        super().__init__()
        self._motion = motion(params)

    def fresh(self, view: AgentView) -> dict:
        """The memory of a new episode.

        Parameters
        ----------
        view : AgentView
            The parameters, the state, the episode row and the agent's index.

        Returns
        -------
        dict
            ``belief``: uniform over the passable cells; ``step``: the step it is up to date with.
        """
        return {"belief": initial_belief(view.params), "step": int(view.state.step[view.env])}

    def belief(self, view: AgentView):
        """The belief after the latest step (updated once per step).

        Parameters
        ----------
        view : AgentView
            The parameters, the state, the episode row and the agent's index.

        Returns
        -------
        GridBelief
            The searcher's belief over the (H, W) grid.
        """
        mem = self.memory(view)
        step_now = int(view.state.step[view.env])
        while mem["step"] < step_now:
            mem["belief"] = update_belief(view.params, mem["belief"], view.state, view.env, view.agent, self._motion)
            mem["step"] += 1
        return mem["belief"]

    def act(self, view: AgentView, rng: np.random.Generator) -> int:
        """Go for a seen evader, else toward the best cell of the belief; look when already there.

        Parameters
        ----------
        view : AgentView
            The parameters, the state, the episode row and the agent's index.
        rng : numpy.random.Generator
            Unused (the policy is deterministic); part of the interface.

        Returns
        -------
        int
            The agent's action index.
        """
        p, s, e, a = view.params, view.state, view.env, view.agent
        belief = self.belief(view)
        if s.step[e] < p.active_from[a]:
            return 0
        seen = np.flatnonzero(s.seen[e, a] & (p.role == EVADER))
        if len(seen):
            return move_toward(p, view.pos, s.pos[e, seen[0]])
        pace = float(tobler_speed_kmh(0.0)) * 1000.0 / 60.0 * p.speed[a]
        target = best_cell(p, belief.p_, view.pos, pace)
        return move_toward(p, view.pos, target) if target != view.pos else core.PURSUER_LOOK


def scripted(scenario: Scenario, params: EnvParams) -> dict:
    """The default scripted policy of every agent.

    The story's evader (or the lost walker in a lost-person scenario), the trail tracker, the
    Bayesian searcher.

    Parameters
    ----------
    scenario : Scenario
        The scenario the parameters were made from.
    params : EnvParams
        The environment's configuration.

    Returns
    -------
    dict
        Agent id to policy object (each with ``act(view, rng)``).
    """
    out = {}
    for i, name in enumerate(params.agent_ids):
        role = params.role[i]
        if role == EVADER:
            out[name] = StoryEvader(scenario, params) if scenario.meta.kind == "evasion" else LostWalker()
        elif role == TRACKER:
            out[name] = TrailTracker(scenario)
        else:
            out[name] = BayesSearcher(params)
    return out


def play(params: EnvParams, policies: dict, keys: np.ndarray, rng: np.random.Generator,
         state: core.EnvState | None = None):
    """Run episodes to their end with one policy per agent.

    The policies' numbers come from `rng` in agent order, episode by episode, so a run is the
    same for the same keys and the same generator seed.

    Parameters
    ----------
    params : EnvParams
        The environment's configuration.
    policies : dict
        Agent id to policy (``act(view, rng) -> int``).
    keys : numpy.ndarray
        (n_envs,) uint64 stream keys, one per episode.
    rng : numpy.random.Generator
        Source of the policies' random numbers.
    state : EnvState, optional
        The state to start from; default ``core.reset(params, keys)``.

    Yields
    ------
    state : EnvState
        The state after each step.
    rewards : numpy.ndarray
        (n_envs, n_agents) float.
    info : dict
        As `sevr.envs.core.step`.
    """
    state = core.reset(params, keys) if state is None else state
    n = len(keys)
    while not state.done.all():
        actions = np.zeros((n, params.n_agents), dtype=np.int64)
        for e in range(n):
            for a, name in enumerate(params.agent_ids):
                if state.alive[e, a]:
                    actions[e, a] = policies[name].act(AgentView(params, state, e, a), rng)
        state, rewards, _, _, info = core.step(params, state, actions, keys)
        yield state, rewards, info
