"""The Hijra pursuit written in Mesa 3, the agent-based framework a modeller would pick instead.

    .venv/bin/python benchmarks/peer_mesa.py [EPISODES]

A peer for the speed figures, not part of sevr: one Mesa `Model` per episode, with the agents
of sevr's model taking the same decisions in the same order under the same rules —

- the watchers (one step: when the empty house is discovered, `sevr.agents.watchers`);
- the tracker (one step per print he reads along the prepared trail, one per round of looking
  about a lost trail, a false branch followed or not: the rules of `sevr.sim.batched`'s kernel,
  written here again as a plain Mesa agent);
- the pursuers (one step at the cave mouth if the tracker gets there, `sevr.agents.pursuers`);
- the travellers (one step: leaving the cave, met or not by a late searcher).

Every episode reads the same counter-based stream as sevr's engines (`sevr.sim.stream`), so the
rows can be compared one for one: `main` runs a few episodes both ways and checks that the
outcome, the tracker's delay and the agent-steps agree, then times them side by side.
Terrain, route, trail and light (`sevr.sim.prepare`) are prepared once and shared by both, as a
Mesa modeller would load them from files.
"""
from __future__ import annotations

import math
import sys
import time

import mesa
import numpy as np

from sevr.agents.pursuers import (INTERCEPT_AFTER_MIN, WITHDRAW_AFTER_MIN, assess_hideout, departure_risk,
                                  entrance_intact)
from sevr.agents.watchers import discover_many
from sevr.scenarios import load
from sevr.sim import draws as draws_mod
from sevr.sim import stream as st
from sevr.sim.batched import TRACKER_STATE, run_batched
from sevr.sim.outcomes import agent_steps
from sevr.sim.prepare import prepare
from sevr.sim.story import departure_time

MASK = (1 << 64) - 1
LN2 = math.log(2.0)


def splitmix(state: int) -> tuple[int, float]:
    """Next state and a uniform in (0, 1): the same generator as sevr's stream."""
    state = (state + st.GOLDEN) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    z ^= z >> 31
    return state, ((z >> 11) + 0.5) * (1.0 / 9007199254740992.0)


class Watchers(mesa.Agent):
    def step(self):
        m = self.model
        seen, t_disc, _ = discover_many(t_exit=m.prep.t_exit, t_dawn=m.prep.t_dawn, back_window=m.tac.back_window,
                                        decoy=m.tac.decoy, watchers=m.scenario.watchers,
                                        u_seen=st.uniforms(m.keys, st.SEEN), u_looks=st.uniforms(m.keys, st.LOOKS))
        m.seen, m.t_disc = bool(seen[0]), float(t_disc[0])
        m.steps += 1


class Tracker(mesa.Agent):
    """Abu Kurz on the trail: each step reads one print, or looks about once for a lost trail."""

    def __init__(self, model, t_start: float, skill: float, p_misled: float, fading: float, key: int):
        super().__init__(model)
        self.t, self.skill, self.p_misled, self.fading = t_start, skill, p_misled, fading
        self.state = (key + TRACKER_STATE) & MASK
        self.i = self.gap = self.last = self.losses = self.misled = self.reads = self.rounds = 0
        self.search = self.branch_min = 0.0
        self.lost = False
        self.done_branches: set[int] = set()
        self.status = None  # "reached", "gave_up", "caught"
        self.p_round = 0.0

    def p_seen(self, i: int, t: float) -> float:
        tr, trail, vis = self.model.tracker, self.model.trail, self.model.prep.visibility
        age_h = (t - trail.t_made[i]) / 60.0
        now = (trail.strength[i] * math.exp(-LN2 * max(age_h, 0.0) / (trail.half_life_h[i] * self.fading))
               if age_h >= 0 else 0.0)
        return tr.p_detect_max * (1.0 - math.exp(-tr.detect_scale * now * float(np.interp(t, vis.t, vis.v))
                                                 * self.skill))

    def uniform(self) -> float:
        self.state, u = splitmix(self.state)
        return u

    def step(self):
        m = self.model
        tr, trail, n = m.tracker, m.trail, len(m.trail.t_made)
        if self.lost:
            self.look_about(tr)
            return
        if self.i >= n - 1:
            self.status = "reached"
            return
        self.i += 1
        i = self.i
        self.reads += 1
        self.t += trail.step_min[i]
        if self.t <= trail.t_made[i] + tr.catch_window_min:
            self.status = "caught"
            return
        if self.uniform() < self.p_seen(i, self.t):
            self.gap, self.last = 0, i
        else:
            self.gap += 1
            if self.gap >= tr.max_gap_prints:
                self.losses += 1
                for j in range(self.last + 1, i + 1):
                    self.t += trail.step_min[j]
                q = self.p_seen(min(self.last + 1, n - 1), self.t)
                self.p_round = 1.0 - (1.0 - q) ** float(tr.search_looks)
                self.lost = True
                if not self.search < tr.patience_min:
                    self.status = "gave_up"
                return
        k = m.branches.get(i, -1)
        if k >= 0 and self.gap == 0 and k not in self.done_branches:
            if self.uniform() < self.p_misled:
                loss = 2.0 * float(trail.branch_len_m[k]) / trail.walk_m_per_min + tr.misled_loss_min
                self.misled += 1
            else:
                loss = tr.lost_search_min / 2.0
            self.t += loss
            self.branch_min += loss
            self.done_branches.add(k)

    def look_about(self, tr):
        self.t += tr.lost_search_min
        self.search += tr.lost_search_min
        self.rounds += 1
        if self.uniform() < self.p_round:
            self.lost, self.i, self.gap = False, self.last, 0
        elif not self.search < tr.patience_min:
            self.status = "gave_up"


class Pursuers(mesa.Agent):
    def step(self):
        m = self.model
        pu = m.scenario.pursuers
        verdict = assess_hideout(pu.evidence, pu.decision, trail_ends_here=True,
                                 entrance_intact=entrance_intact(m.scenario.facts))
        m.t_free = m.tracker_agent.t + pu.inspect_min + WITHDRAW_AFTER_MIN
        m.entered = verdict.decision == "enter"
        m.steps += 1


class Travellers(mesa.Agent):
    def step(self):
        m = self.model
        t_depart = float(departure_time(m.scenario, m.prep.t_arrive, np.array([m.t_free]))[0])
        risk = float(departure_risk(m.scenario.pursuers.decay, (t_depart - m.t_free) / 60.0))
        m.intercepted = float(st.uniforms(m.keys, st.DEPART)[0]) < risk
        m.t_depart = t_depart
        m.steps += 1


class HijraPursuit(mesa.Model):
    """One episode: discovery, the tracker's walk, the mouth, the departure."""

    def __init__(self, scenario, prep, seed: int, episode: int, point: int = 0):
        super().__init__(seed=seed)
        self.scenario, self.prep, self.trail, self.tracker = scenario, prep, prep.trail, scenario.tracker
        self.tac = scenario.evaders.tactics
        self.keys = st.episode_keys(seed, point, np.array([episode]))
        self.branches = {int(p): k for k, p in enumerate(prep.trail.branch_prints)}  # print -> branch
        self.steps = 0
        self.t_free = self.t_depart = math.nan
        self.entered = self.intercepted = False
        Watchers(self).step()
        d = draws_mod.sample_many(scenario, self.keys)
        self.tracker_agent = Tracker(self, self.t_disc + float(d.hire_delay_min[0]) + 1.0, float(d.tracker_skill[0]),
                                     float(d.p_misled[0]), float(d.fading_factor[0]), int(self.keys[0]))

    def step(self):
        self.tracker_agent.step()
        if self.tracker_agent.status is not None:
            self.running = False

    def finish(self) -> dict:
        tk = self.tracker_agent
        if tk.status == "reached":
            Pursuers(self).step()
        else:
            self.t_free = tk.t
        leaving = tk.status != "caught" and not self.entered
        if leaving:
            Travellers(self).step()
        outcome = {"caught": "caught_en_route", "gave_up": "trail_lost"}.get(tk.status, "hidden")
        if self.entered:
            outcome = "found_at_hideout"
        elif leaving and self.intercepted:
            outcome = "intercepted"
        steps = int(agent_steps(tk.reads, tk.rounds, tk.status == "reached", leaving))
        return {"outcome": outcome, "tracker_delay_min": tk.branch_min + tk.search, "agent_steps": steps}


def run_mesa(scenario, seed: int, first: int, count: int) -> list[dict]:
    prep = prepare(scenario)
    rows = []
    for e in range(first, first + count):
        model = HijraPursuit(scenario, prep, seed, e)
        while model.running:
            model.step()
        rows.append(model.finish())
    return rows


def compare(scenario, seed: int, count: int) -> tuple[int, int]:
    """(episodes whose rows agree, episodes compared) between sevr's batched engine and the peer."""
    ours = run_batched(scenario, seed, 0, 0, count)
    theirs = run_mesa(scenario, seed, 0, count)
    same = 0
    for k, row in enumerate(theirs):
        same += (row["outcome"] == ours["outcome"][k] and row["agent_steps"] == ours["agent_steps"][k]
                 and math.isclose(row["tracker_delay_min"], ours["tracker_delay_min"][k], rel_tol=1e-12, abs_tol=1e-9))
    return same, count


def main(argv: list[str]) -> int:
    episodes = int(argv[1]) if len(argv) > 1 else 200
    hijra = load("hijra")
    prepare(hijra)
    run_batched(hijra, 0, 0, 0, 64)  # warm-up: Numba compile or cache load
    same, count = compare(hijra, 7, 50)
    t0 = time.perf_counter()
    rows = run_mesa(hijra, 1, 0, episodes)
    t_mesa = time.perf_counter() - t0
    t0 = time.perf_counter()
    run_batched(hijra, 1, 0, 0, 10_000)
    t_fast = (time.perf_counter() - t0) / 10_000 * episodes
    steps = sum(r["agent_steps"] for r in rows)
    print(f"rows agreeing with sevr: {same} of {count}")
    print(f"Mesa {mesa.__version__}: {episodes} episodes in {t_mesa:.2f} s, {steps / t_mesa:,.0f} agent-steps/s")
    print(f"batched / Mesa per episode: {t_mesa / t_fast:,.0f}x")
    return 0 if same == count else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
