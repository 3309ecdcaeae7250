"""The story engine: one night, one random stream, every beat as an event.

It is the readable reference of the model: each stage is a plain function of the scenario, the
prepared world and one random stream, called in the order things happen. `sevr run` uses the
scenario's central values; Monte Carlo passes drawn values (`sevr.sim.draws`).
"""
from __future__ import annotations

import numpy as np

from sevr.agents.pursuer_map import pursuers_belief
from sevr.agents.pursuers import (INTERCEPT_AFTER_MIN, WITHDRAW_AFTER_MIN, assess_hideout, departure_risk,
                                  entrance_intact, hours_until_suspended)
from sevr.agents.watchers import discover
from sevr.sim import draws as draws_mod
from sevr.scenarios.schema import EvasionScenario
from sevr.sim.events import Event, sort_events
from sevr.sim.prepare import Prepared, prepare
from sevr.sim.result import StoryResult
from sevr.sim.stream import DEPART, LOOKS, SEEN, EpisodeStream
from sevr.trail.tracking import follow_trail
from sevr.world import path_length_m

ESCAPE_MARGIN_MIN = 30.0   # the hiders never leave within half an hour of the pursuers' going
MOUNTS_BEFORE_MIN = 20.0   # the camels are brought to the cave this long before the departure


def run_story(scenario: EvasionScenario, seed: int = 0, light_mode: str | None = None,
              draws: draws_mod.Draws | None = None, stream: EpisodeStream | None = None,
              with_belief: bool = True) -> StoryResult:
    """Replay the scenario once; the same seed (or stream) gives the same result, byte for byte.

    Parameters
    ----------
    scenario : EvasionScenario
    seed : int, default=0
        Seeds the episode's stream (point 0, episode 0) when `stream` is not given.
    light_mode : str, optional
        "as_narrated" or "astronomical"; default the scenario's.
    draws : Draws, optional
        The uncertain quantities; default the scenario's central values (what `sevr run` uses).
    stream : EpisodeStream, optional
        The episode's random numbers (`sevr.sim.stream`); Monte Carlo passes one per episode.
    with_belief : bool, default=True
        Add the pursuers' probability map over time (about half a second; Monte Carlo skips it).

    Returns
    -------
    StoryResult
    """
    stream = stream if stream is not None else EpisodeStream.of(seed)
    draws = draws or draws_mod.central(scenario)
    prep = prepare(scenario, light_mode)
    world, path = prep.world, prep.path
    ev, tac = scenario.evaders, scenario.evaders.tactics
    ids = [m.id for m in ev.members]
    start, hideout, watched = world.start_xy, world.hideout_xy, world.watched_xy
    t_exit, t_arrive = prep.t_exit, prep.t_arrive
    events = [Event(0.0, "arrive_house", (ids[0],), *start, {"place": "start"})]
    if ev.money_dirham:
        # Told before the exit: the companion's precautions and the money he took along.
        events.append(Event(t_exit - 1.0, "provisions", (ids[-1],), *start,
                            {"money_dirham": int(ev.money_dirham), "precautions": True}))

    # --- the exit and the walk ------------------------------------------------------------------
    found_out = discover(t_exit=t_exit, t_dawn=prep.t_dawn, back_window=tac.back_window, decoy=tac.decoy,
                         watchers=scenario.watchers, u_seen=stream.slot(SEEN), u_looks=stream.slot(LOOKS))
    sky = prep.sky_at_exit
    events.append(Event(t_exit, "exit", tuple(ids), *start, {
        "via": "back_window" if tac.back_window else "front_door",
        "seen_by_watchers": found_out.seen_leaving, "light_mode": prep.light_mode,
        "moon_phase": sky.moon_phase, "moon_alt_deg": sky.moon_alt_deg, "visibility": sky.visibility}))
    if tac.decoy and ev.decoy_person is not None:
        # He lay down before they left; the beat is told once the two are out of the window.
        events.append(Event(t_exit + 0.5, "decoy", (ev.decoy_person.id,), *watched, {"decoy": ev.decoy_person.id}))
    g = ev.gait
    events.append(Event(t_exit + 1.0, "gait", tuple(ids), *start, {
        "gait": "tiptoe" if tac.tiptoe else "normal",
        "speed_factor": g.tiptoe_speed_factor if tac.tiptoe else 1.0,
        "print_factor": g.tiptoe_print_factor if tac.tiptoe else 1.0}))
    if len(path.branch_at):
        i = int(path.branch_at[0])
        events.append(Event(prep.t[i], "evasive_move", (ev.injury.carrier,), *path.xy[i], {
            "reversals": int(len(path.branch_at)), "sidesteps": path.sidesteps,
            "extra_m": path_length_m(path.xy) - path_length_m(world.route_xy)}))
    if ev.injury.happens:
        i, j = prep.injury_at, prep.carry_at
        events.append(Event(prep.t[i], "injury", (ev.injury.carried,), *path.xy[i],
                            {"cause": "torn_sandal", "bleeding": True}))
        events.append(Event(prep.t[j], "carry", (ev.injury.carrier, ev.injury.carried), *path.xy[j], {
            "carrier": ev.injury.carrier, "carried": ev.injury.carried, "distance_m": path_length_m(path.xy[j:])}))
    events.append(Event(t_arrive, "arrive_hideout", tuple(ids), *hideout,
                        {**prep.figures, "light_mode": prep.light_mode}))
    events += _inside_the_hideout(prep, scenario, ids)
    t_recovered = max(e.t_min for e in events)

    # --- the pursuit --------------------------------------------------------------------------
    events.append(Event(found_out.t_min, "departure_discovered", ("watchers",), *watched, {
        "how": found_out.how, "delay_min": found_out.t_min - t_exit}))
    tr = scenario.tracker
    t_hired = found_out.t_min + draws.hire_delay_min
    events.append(Event(t_hired, "tracker_hired", (tr.id,), *start, {"tracker": tr.id}))
    events.append(Event(t_hired + 1.0, "pursuit_start", (tr.id, "pursuers"), *start, {
        "party_size": scenario.pursuers.party_size, "trail_age_h": (t_hired - t_exit) / 60.0}))
    trail = prep.trail
    tracker = tr.model_copy(update={"skill": draws.tracker_skill, "p_misled_by_branch": draws.p_misled})
    track = follow_trail(xy=trail.xy, t_made=trail.t_made, strength=trail.strength,
                         half_life_h=trail.half_life_h * draws.fading_factor, step_min=trail.step_min,
                         branch_prints=trail.branch_prints, branch_len_m=trail.branch_len_m,
                         branch_dir=trail.branch_dir, t_start=t_hired + 1.0, visibility=prep.visibility,
                         tracker=tracker, walk_m_per_min=trail.walk_m_per_min, rng=stream)
    for b in track.branches:
        events.append(Event(b.t_min, "false_branch", (tr.id,), *trail.xy[b.print_index], {
            "branch": b.branch, "misled": b.misled, "loss_min": b.loss_min}))

    summary = {"outcome": "hidden", **prep.figures,
               "departure_discovered_h": (found_out.t_min - t_exit) / 60.0, "discovered_how": found_out.how,
               "tracker_delay_min": track.branch_min + track.search_min,
               "tracker_branch_min": track.branch_min, "tracker_search_min": track.search_min,
               "tracker_losses": track.losses, "tracker_steps": track.steps, "tracker_search_rounds": track.search_rounds, "misled_count": sum(b.misled for b in track.branches)}
    closest_xy, t_free, verdict = None, track.t_end, None
    if track.caught:
        summary["outcome"] = "caught_en_route"
        # The walk ends where they were caught: nothing they would have done later happens.
        events = [e for e in events if e.t_min <= track.t_end]
        events.append(Event(track.t_end, "found", (tr.id, "pursuers", *ids), *trail.xy[track.last_sure],
                            {"where": "en_route"}))
    elif track.gave_up:
        summary["outcome"] = "trail_lost"
        last = trail.xy[track.last_sure]
        events.append(Event(track.t_end, "trail_lost", (tr.id,), *last, {
            "distance_to_hideout_m": float(np.hypot(*(last - np.asarray(hideout))))}))
    else:
        scene, t_free, verdict = _at_the_mouth(prep, scenario, track.t_end, t_recovered, {
            "delay_min": track.branch_min + track.search_min, "misled_count": summary["misled_count"]})
        events += scene
        for e in scene:
            if e.kind == "voices_heard":
                summary["voices_heard_m"] = e.data["distance_m"]
            if e.kind == "closest_approach":
                closest_xy = (e.x_m, e.y_m)
                summary["closest_approach_m"] = e.data["distance_m"]
            if e.kind == "evidence_assessed":
                summary.update(prior_inside=e.data["prior"], posterior_inside=e.data["posterior"],
                               decision=e.data["decision"])
            if e.kind == "found":
                summary["outcome"] = "found_at_hideout"
        summary["tracker_reached_h"] = (track.t_end - t_exit) / 60.0

    # --- the wait and the departure -----------------------------------------------------------
    if summary["outcome"] in ("hidden", "trail_lost"):
        events += _wait_and_depart(prep, scenario, ids, t_free, stream.slot(DEPART), summary)

    beliefs = []
    if with_belief:
        beliefs = pursuers_belief(prep, scenario, t_discovered=found_out.t_min, t_town_searched=t_hired,
                                  tracker_xy=track.route_xy,
                                  tracker_t=track.route_t, reached_end=track.reached_end,
                                  t_reach=track.t_end if track.reached_end else None, verdict=verdict)
    return StoryResult(
        scenario=scenario, seed=seed, frame=world.frame, clock=world.clock, terrain=world.terrain,
        events=sort_events(events), start_xy=start, hideout_xy=hideout, path_xy=path.xy,
        path_t_min=prep.t, route_xy=world.route_xy, branches=_branch_lines(path),
        prints_xy=prep.prints.xy, prints_t_min=prep.prints.t_min, prints_strength=prep.prints.strength,
        prints_blood=prep.prints.blood, tracker_xy=track.route_xy, tracker_t_min=track.route_t,
        closest_xy=closest_xy, beliefs=[(t, grid) for t, _, grid in beliefs],
        belief_labels=[label for _, label, _ in beliefs], summary=summary)


def _inside_the_hideout(prep: Prepared, scenario: EvasionScenario, ids) -> list[Event]:
    """The night in the cave, as the source tells it: the narrated beats at set delays."""
    ev, facts, hideout = scenario.evaders, scenario.facts, prep.world.hideout_xy
    carrier = ev.injury.carrier
    t = prep.t_arrive
    out = [Event(t + 1.0, "asks_to_enter", (carrier, ids[0]), *hideout,
                 {"asker": carrier, "reason": "snakes_and_vermin"})]
    t += facts.prepare_min
    out.append(Event(t, "hideout_prepared", (carrier,), *hideout, {"foot_hole": True}))
    if facts.snake_bite:
        t += facts.bite_after_min
        out.append(Event(t, "hazard", (carrier,), *hideout, {"hazard": "snake_bite", "victim": carrier}))
        out.append(Event(t + 1.0, "why_weeping", (ids[0], carrier), *hideout, {"asker": ids[0], "victim": carrier}))
        if facts.healing:
            t += facts.pain_stops_min
            out.append(Event(t, "recovered", (ids[0], carrier), *hideout, {"victim": carrier, "remedy": "saliva"}))
    return out


# Minutes around the tracker's reaching the last print (t_reach): the scene at the mouth as the
# source orders it. Ordering only; see docs/model.md.
_SCENE_MIN = {"voices_heard": -3.0, "companion_weeps": -2.5, "do_not_grieve": -2.0,
              "closest_approach": 0.0, "third_is_allah": 0.5, "trail_end": 1.0}


def _toward(hideout, point, distance: float) -> tuple[float, float]:
    """The point `distance` metres from the hiders, on the line towards `point`."""
    h = np.asarray(hideout, dtype=float)
    d = np.asarray(point, dtype=float) - h
    n = float(np.hypot(*d)) or 1.0
    x, y = h + d / n * distance
    return float(x), float(y)


def _at_the_mouth(prep: Prepared, scenario: EvasionScenario, t_reach: float, t_recovered: float,
                  tracking: dict) -> tuple[list[Event], float, object]:
    """The trail ends below the mouth: the voices, the pursuers at the mouth, their reasoning."""
    facts, hideout, tr, pu = scenario.facts, prep.world.hideout_xy, scenario.tracker, scenario.pursuers
    companion = scenario.evaders.injury.carrier
    last = prep.trail.xy[-1]
    out = []
    intact = entrance_intact(facts)
    t_cover = max(t_reach - facts.covered_before_pursuers_min, t_recovered + 1.0)
    for i, (kind, on) in enumerate((("web_spun", facts.web_over_entrance), ("pigeon_nest", facts.pigeon_nest),
                                    ("tree_rose", facts.tree_at_entrance))):
        if on:
            out.append(Event(t_cover + 2.0 * i, kind, tuple(), *hideout, {}))
    verdict = assess_hideout(pu.evidence, pu.decision, trail_ends_here=True, entrance_intact=intact)
    t = {k: t_reach + v for k, v in _SCENE_MIN.items()}
    to_mouth = float(np.hypot(*(last - np.asarray(hideout))))
    out.append(Event(t["voices_heard"], "voices_heard", ("pursuers", tr.id), *_toward(hideout, last, pu.voices_heard_m),
                     {"distance_m": float(pu.voices_heard_m)}))
    looked_in = verdict.decision == "enter"
    if not looked_in:
        out.append(Event(t["companion_weeps"], "companion_weeps", (companion,), *hideout, {"companion": companion}))
        out.append(Event(t["do_not_grieve"], "do_not_grieve", tuple(m.id for m in scenario.evaders.members), *hideout, {}))
    # The pursuers stand at the mouth, the hiders a step inside; standing, they do not see in.
    inside = scenario.places.hideout.hiders_inside_m
    out.append(Event(t["closest_approach"], "closest_approach", ("pursuers", tr.id), *_toward(hideout, last, inside), {
        "distance_m": float(inside), "at_mouth": True,
        "could_see_inside": looked_in and inside <= pu.sight_into_hideout_m}))
    if not looked_in:
        out.append(Event(t["third_is_allah"], "third_is_allah", tuple(m.id for m in scenario.evaders.members), *hideout, {}))
    out.append(Event(t["trail_end"], "trail_end", (tr.id,), *last, {"distance_to_hideout_m": to_mouth, **tracking}))
    t_assessed = t_reach + pu.inspect_min
    out.append(Event(t_assessed, "evidence_assessed", ("pursuers",), *last, {
        "prior": verdict.prior, "posterior": verdict.posterior, "decision": verdict.decision,
        "ev_enter": verdict.ev_enter, "cost_of_entering": pu.decision.cost_of_entering,
        "web": facts.web_over_entrance, "nest": facts.pigeon_nest, "tree": facts.tree_at_entrance}))
    t_free = t_assessed + WITHDRAW_AFTER_MIN
    if looked_in:
        ids = [m.id for m in scenario.evaders.members]
        out.append(Event(t_free, "found", ("pursuers", *ids), *hideout, {"where": "hideout"}))
    else:
        out.append(Event(t_free, "search_withdrawn", ("pursuers",), *last, {}))
    return out, t_free, verdict


def _wait_and_depart(prep: Prepared, scenario: EvasionScenario, ids, t_free: float, u_depart: float, summary: dict) -> list[Event]:
    decay, dep, hideout = scenario.pursuers.decay, scenario.departure, prep.world.hideout_xy
    t_suspend = t_free + 60.0 * hours_until_suspended(decay)
    out = [Event(t_suspend, "search_suspended", ("pursuers",), *prep.world.start_xy, {
        "intensity": decay.suspend_below, "after_h": (t_suspend - t_free) / 60.0})]
    t_depart = float(departure_time(scenario, prep.t_arrive, t_free))
    risk = float(departure_risk(decay, (t_depart - t_free) / 60.0))
    days = (t_depart - prep.t_arrive) / 1440.0
    out.append(Event(t_depart - MOUNTS_BEFORE_MIN, "mounts_arrive", ("guides",), *hideout,
                     {"camels": dep.camels, "instructed": True,
                      "days_after_pursuers": scenario.evaders.tactics.wait_days}))
    out.append(Event(t_depart, "depart_hideout", (*ids, "guides"), *hideout, {
        "destination": dep.destination_en, "days_in_hideout": days,
        "days_after_pursuers": scenario.evaders.tactics.wait_days, "camels": dep.camels}))
    if u_depart < risk:
        summary["outcome"] = "intercepted"
        out.append(Event(t_depart + INTERCEPT_AFTER_MIN, "intercepted", ("pursuers", *ids), *hideout, {}))
    summary.update(departure_risk=risk, days_in_hideout=days, depart_h=(t_depart - prep.t_exit) / 60.0)
    return out


def departure_time(scenario: EvasionScenario, t_arrive: float, t_free):
    """When they leave the hideout, in minutes after the start.

    The source counts the wait after the pursuers left: "three days and three nights more". The
    departure is at `departure.clock` on the evening `wait_days` days after the day the pursuers
    went (with the default 3, three nights and three days pass after they went). `t_free` may be
    an array (one per episode); the departure is never within ESCAPE_MARGIN_MIN of their going.

    Parameters
    ----------
    scenario : EvasionScenario
        Its `departure.clock` (HH:MM local) and `evaders.tactics.wait_days` are used.
    t_arrive : float
        Minute they reached the hideout, after the start.
    t_free : float or numpy.ndarray
        Minute the pursuers went, after the start (taken as at least `t_arrive`).

    Returns
    -------
    float or numpy.ndarray
        Minutes after the start, the shape of `t_free`.
    """
    hh, mm = (int(v) for v in scenario.departure.clock.split(":"))
    start = scenario.time.start
    start_min = start.hour * 60 + start.minute + start.second / 60.0
    free = np.maximum(np.asarray(t_free, dtype=float), t_arrive)
    day_of_free = np.floor((start_min + free) / 1440.0)          # local days since the start's midnight
    planned = (day_of_free + scenario.evaders.tactics.wait_days) * 1440.0 + hh * 60 + mm - start_min
    latest = free + ESCAPE_MARGIN_MIN
    days_late = np.where(planned <= latest, np.floor((latest - planned) / 1440.0) + 1, 0)
    out = planned + 1440.0 * days_late
    return float(out) if np.ndim(out) == 0 else out


def _branch_lines(path) -> list[np.ndarray]:
    lines, on = [], path.on_branch
    starts = np.flatnonzero(on & ~np.concatenate([[False], on[:-1]]))
    for s in starts:
        e = s
        while e < len(on) and on[e]:
            e += 1
        lines.append(path.xy[s - 1:e + 1])
    return lines
