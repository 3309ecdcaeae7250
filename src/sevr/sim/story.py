"""The story engine: one night, one seed, every beat as an event.

It is the readable reference of the model: each stage is a plain function of the scenario, the
world and one random stream, called in the order things happen.
"""
from __future__ import annotations

import datetime as dt

import numpy as np

from sevr.agents.evaders import EvasivePath, evasive_path
from sevr.agents.pursuers import assess_hideout, hours_until_suspended, search_intensity
from sevr.agents.watchers import discover
from sevr.sim.events import Event, sort_events
from sevr.sim.result import StoryResult
from sevr.sim.setup import VisibilityTable, World, build_world, minutes_between
from sevr.trail.prints import deposit, ground_tables
from sevr.trail.tracking import follow_trail
from sevr.world import find_sun_crossing, light_at, path_length_m, walking_time_s
from sevr.world.movement import tobler_speed_kmh

# The tracker reads the trail by day at this fraction of his walking pace on open ground.
DAY_SPEED_FACTOR = 1.0


def run_story(scenario, seed: int = 0, light_mode: str | None = None) -> StoryResult:
    """Replay the scenario once with `seed`; the same seed gives the same result, byte for byte."""
    rng = np.random.default_rng(seed)
    world = build_world(scenario)
    mode = light_mode or scenario.light.mode
    ev, events = scenario.evaders, []
    ids = [m.id for m in ev.members]
    lat, lon = scenario.places.start.lat, scenario.places.start.lon
    t_exit = minutes_between(scenario.time.start, scenario.time.exit)

    # --- the walk -------------------------------------------------------------------------
    tac = ev.tactics
    protect = ev.injury.distance_before_hideout_m + 50.0 if ev.injury.happens else 50.0
    path = evasive_path(world.route_xy, spacing_m=ev.route_spacing_m, reversals=tac.reversals,
                        count=tac.reversal_count, branch_m=tac.reversal_branch_m,
                        sidestep_m=tac.sidestep_m, protect_end_m=protect, rng=rng)
    walk = _walk(path, scenario, world, t_exit)
    sky = light_at(world.clock, t_exit, lat, lon, mode, scenario.light.narrated_moon_phase,
                   scenario.light.narrated_moon_alt_deg)
    start, hideout = world.start_xy, world.hideout_xy
    events += [
        Event(0.0, "arrive_house", (ids[0],), *start, {"place": "start"}),
    ]
    # --- the watchers ------------------------------------------------------------------------
    t_dawn = find_sun_crossing(world.clock, t_exit, lat, lon, scenario.watchers.discovery_sun_alt_deg)
    found_out = discover(t_exit=t_exit, t_dawn=t_dawn, back_window=tac.back_window, decoy=tac.decoy,
                         watchers=scenario.watchers, rng=rng)
    events.append(Event(t_exit, "exit", tuple(ids), *start, {
        "via": "back_window" if tac.back_window else "front_door",
        "seen_by_watchers": found_out.seen_leaving, "light_mode": mode,
        "moon_phase": sky.moon_phase, "moon_alt_deg": sky.moon_alt_deg, "visibility": sky.visibility}))
    watched = world.watched_xy
    if tac.decoy and ev.decoy_person is not None:
        # He lay down before they left; the beat is told once the two are out of the window.
        events.append(Event(t_exit + 0.5, "decoy", (ev.decoy_person.id,), *watched, {"decoy": ev.decoy_person.id}))
    gait = "tiptoe" if tac.tiptoe else "normal"
    g = ev.gait
    events.append(Event(t_exit + 1.0, "gait", tuple(ids), *start, {
        "gait": gait, "speed_factor": g.tiptoe_speed_factor if tac.tiptoe else 1.0,
        "print_factor": g.tiptoe_print_factor if tac.tiptoe else 1.0}))
    if len(path.branch_at):
        i = int(path.branch_at[0])
        events.append(Event(walk["t"][i], "evasive_move", (ev.injury.carrier,), *path.xy[i], {
            "reversals": int(len(path.branch_at)), "sidesteps": path.sidesteps,
            "extra_m": path_length_m(path.xy) - path_length_m(world.route_xy)}))
    if ev.injury.happens:
        i, j = walk["injury_at"], walk["carry_at"]
        events.append(Event(walk["t"][i], "injury", (ev.injury.carried,), *path.xy[i],
                            {"cause": "torn_sandal", "bleeding": True}))
        events.append(Event(walk["t"][j], "carry", (ev.injury.carrier, ev.injury.carried), *path.xy[j], {
            "carrier": ev.injury.carrier, "carried": ev.injury.carried,
            "distance_m": path_length_m(path.xy[j:])}))
    t_arrive = float(walk["t"][-1])
    events.append(Event(t_arrive, "arrive_hideout", tuple(ids), *hideout, walk["figures"]))
    facts = scenario.facts
    t_prepared = t_arrive + facts.prepare_min
    events.append(Event(t_prepared, "hideout_prepared", (ev.injury.carrier,), *hideout,
                        {"foot_hole": True}))
    t_recovered = t_prepared
    if facts.snake_bite:
        t_bite = t_prepared + facts.bite_after_min
        events.append(Event(t_bite, "hazard", (ev.injury.carrier,), *hideout,
                            {"hazard": "snake_bite", "victim": ev.injury.carrier}))
        if facts.healing:
            t_recovered = t_bite + facts.pain_stops_min
            events.append(Event(t_recovered, "recovered", (ids[0], ev.injury.carrier), *hideout,
                                {"victim": ev.injury.carrier, "remedy": "saliva"}))

    # --- the pursuit -------------------------------------------------------------------------
    events.append(Event(found_out.t_min, "departure_discovered", ("watchers",), *watched, {
        "how": found_out.how, "delay_min": found_out.t_min - t_exit}))
    tr = scenario.tracker
    t_hired = found_out.t_min + tr.hire_delay_min
    events.append(Event(t_hired, "tracker_hired", (tr.id,), *start, {"tracker": tr.id}))
    events.append(Event(t_hired + 1.0, "pursuit_start", (tr.id, "pursuers"), *start, {
        "party_size": scenario.pursuers.party_size, "trail_age_h": (t_hired - t_exit) / 60.0}))
    prints = walk["prints"]
    main = ~prints.on_branch
    vis = VisibilityTable(world.clock, lat, lon, scenario.light, mode, t_exit, t_hired + 6 * 1440)
    track = _track(prints, main, path, walk, world, scenario, t_hired + 1.0, vis, rng)
    main_xy = prints.xy[main]
    for b in track.branches:
        events.append(Event(b.t_min, "false_branch", (tr.id,), *main_xy[b.print_index], {
            "branch": b.branch, "misled": b.misled, "loss_min": b.loss_min}))

    outcome, t_free = "hidden", track.t_end
    closest_xy = None
    if track.caught:
        outcome = "caught_en_route"
        events.append(Event(track.t_end, "found", (tr.id, "pursuers", *ids), *main_xy[track.last_sure],
                            {"where": "en_route"}))
    elif track.gave_up:
        outcome = "trail_lost"
        last = main_xy[track.last_sure]
        events.append(Event(track.t_end, "trail_lost", (tr.id,), *last, {
            "distance_to_hideout_m": float(np.hypot(*(last - np.asarray(hideout))))}))
    else:
        last = main_xy[-1]
        t_reach = track.t_end
        intact = facts.web_over_entrance or facts.pigeon_nest
        if intact or facts.tree_at_entrance:
            t_cover = max(t_reach - facts.covered_before_pursuers_min, t_recovered + 1.0)
            events.append(Event(t_cover, "entrance_evidence", tuple(), *hideout, {
                "web": facts.web_over_entrance, "nest": facts.pigeon_nest, "tree": facts.tree_at_entrance}))
        distance = float(np.hypot(*(last - np.asarray(hideout)))) + scenario.places.hideout.hiders_inside_m
        closest_xy = tuple(map(float, last))
        events.append(Event(t_reach, "closest_approach", ("pursuers", tr.id), *last, {
            "distance_m": distance, "could_see_inside": distance <= scenario.pursuers.sight_into_hideout_m}))
        events.append(Event(t_reach + 1.0, "trail_end", (tr.id,), *last, {
            "distance_to_hideout_m": distance - scenario.places.hideout.hiders_inside_m,
            "delay_min": track.branch_min + track.search_min,
            "misled_count": sum(b.misled for b in track.branches)}))
        verdict = assess_hideout(scenario.pursuers.evidence, scenario.pursuers.decision,
                                 trail_ends_here=True, entrance_intact=intact)
        t_assessed = t_reach + scenario.pursuers.inspect_min
        events.append(Event(t_assessed, "evidence_assessed", ("pursuers",), *last, {
            "prior": verdict.prior, "posterior": verdict.posterior, "decision": verdict.decision,
            "ev_enter": verdict.ev_enter, "cost_of_entering": scenario.pursuers.decision.cost_of_entering}))
        t_free = t_assessed + 5.0
        if verdict.decision == "enter":
            outcome = "found_at_hideout"
            events.append(Event(t_free, "found", ("pursuers", *ids), *hideout, {"where": "hideout"}))
        else:
            events.append(Event(t_free, "search_withdrawn", ("pursuers",), *last, {}))

    summary = {"outcome": outcome, **walk["figures"],
               "departure_discovered_h": (found_out.t_min - t_exit) / 60.0,
               "discovered_how": found_out.how,
               "tracker_delay_min": track.branch_min + track.search_min,
               "tracker_branch_min": track.branch_min, "tracker_search_min": track.search_min,
               "tracker_losses": track.losses, "misled_count": sum(b.misled for b in track.branches)}
    for e in events:
        if e.kind == "closest_approach":
            summary["closest_approach_m"] = e.data["distance_m"]
        if e.kind == "evidence_assessed":
            summary.update(prior_inside=e.data["prior"], posterior_inside=e.data["posterior"],
                           decision=e.data["decision"])

    # --- the wait and the departure ----------------------------------------------------------
    if outcome in ("hidden", "trail_lost"):
        decay = scenario.pursuers.decay
        t_suspend = t_free + 60.0 * hours_until_suspended(decay)
        events.append(Event(t_suspend, "search_suspended", ("pursuers",), *start, {
            "intensity": decay.suspend_below, "after_h": (t_suspend - t_free) / 60.0}))
        t_depart = _departure_time(scenario, world, t_arrive, t_free)
        risk = decay.p_intercept_at_full_intensity * float(search_intensity((t_depart - t_free) / 60.0, decay.half_life_h))
        intercepted = rng.random() < risk
        dep = scenario.departure
        events.append(Event(t_depart - 20.0, "mounts_arrive", ("guides",), *hideout, {"camels": dep.camels}))
        events.append(Event(t_depart, "depart_hideout", (*ids, "guides"), *hideout, {
            "destination": dep.destination_en, "days_in_hideout": (t_depart - t_arrive) / 1440.0}))
        if intercepted:
            outcome = "intercepted"
            events.append(Event(t_depart + 30.0, "intercepted", ("pursuers", *ids), *hideout, {}))
        summary.update(outcome=outcome, departure_risk=risk, days_in_hideout=(t_depart - t_arrive) / 1440.0)

    return StoryResult(
        scenario=scenario, seed=seed, frame=world.frame, clock=world.clock, terrain=world.terrain,
        events=sort_events(events), start_xy=start, hideout_xy=hideout, path_xy=path.xy,
        path_t_min=walk["t"], route_xy=world.route_xy,
        branches=_branch_lines(path), prints_xy=prints.xy, prints_t_min=prints.t_min,
        prints_strength=prints.strength, prints_blood=prints.blood,
        tracker_xy=track.route_xy, tracker_t_min=track.route_t, closest_xy=closest_xy,
        summary=summary)


def _walk(path: EvasivePath, scenario, world: World, t_exit: float) -> dict:
    """Times, gait and load along the path; the prints it leaves; the walk's key figures."""
    ev, terrain = scenario.evaders, world.terrain
    tac, g = ev.tactics, ev.gait
    xy = path.xy
    seg = np.hypot(*np.diff(xy, axis=0).T)
    to_go = np.concatenate([np.cumsum(seg[::-1])[::-1], [0.0]])  # path metres still ahead
    n = len(xy)
    injured = ev.injury.happens
    d_inj = ev.injury.distance_before_hideout_m
    blood = injured & (to_go <= d_inj) & (to_go > d_inj - scenario.trail.blood_m)
    carry = injured & (to_go <= d_inj - scenario.trail.blood_m)
    tiptoe = tac.tiptoe & ~carry
    speed = g.night_speed_factor * np.where(tiptoe, g.tiptoe_speed_factor, 1.0) * np.where(carry, g.carry_speed_factor, 1.0)
    gait_load = np.where(tiptoe, g.tiptoe_print_factor, 1.0) * np.where(carry, g.carry_print_factor, 1.0)
    z = terrain.elevation_at(xy[:, 0], xy[:, 1])
    t = t_exit + walking_time_s(xy, z, speed[1:]) / 60.0
    hideout = np.asarray(world.hideout_xy)
    keep = np.hypot(*(xy - hideout).T) > scenario.places.hideout.apron_m
    retention, half_life = ground_tables(scenario.trail)
    prints = deposit(xy, t, terrain.ground_at(xy[:, 0], xy[:, 1]).astype(int), gait_load, blood,
                     ev.injury.blood_trace_strength, path.on_branch, keep, retention, half_life)
    ascent = np.diff(z)
    figures = {
        "straight_line_m": float(np.hypot(*(hideout - np.asarray(world.start_xy)))),
        "path_length_m": path_length_m(xy),
        "route_length_m": path_length_m(world.route_xy),
        "walk_duration_h": float(t[-1] - t_exit) / 60.0,
        "climb_m": float(z[-1] - z[0]),
        "total_ascent_m": float(ascent[ascent > 0].sum()),
    }
    injury_at = int(np.argmax(to_go <= d_inj)) if injured else n - 1
    carry_at = int(np.argmax(carry)) if carry.any() else n - 1
    return {"t": t, "prints": prints, "figures": figures, "injury_at": injury_at, "carry_at": carry_at}


def _track(prints, main, path: EvasivePath, walk: dict, world: World, scenario, t_start, vis, rng):
    """Set up the tracker's view of the main-line prints and follow them."""
    tr = scenario.tracker
    xy = prints.xy[main]
    z = world.terrain.elevation_at(xy[:, 0], xy[:, 1])
    cum_s = walking_time_s(xy, z, DAY_SPEED_FACTOR * tr.speed_factor)
    step = np.diff(cum_s, prepend=0.0) / 60.0
    main_path_index = prints.path_index[main]
    branch_prints = np.searchsorted(main_path_index, path.branch_at)
    heading = path.xy[np.minimum(path.branch_at + 1, len(path.xy) - 1)] - path.xy[path.branch_at]
    heading = heading / np.maximum(np.linalg.norm(heading, axis=1, keepdims=True), 1e-9)
    walk_m_per_min = float(tobler_speed_kmh(0.0)) * 1000.0 / 60.0 * tr.speed_factor
    return follow_trail(xy=xy, t_made=prints.t_min[main], strength=prints.strength[main],
                        half_life_h=prints.half_life_h[main], step_min=step, branch_prints=branch_prints,
                        branch_len_m=path.branch_len_m, branch_dir=heading, t_start=t_start,
                        visibility=vis, tracker=tr, walk_m_per_min=walk_m_per_min, rng=rng)


def _departure_time(scenario, world: World, t_arrive: float, t_free: float) -> float:
    """The evening `wait_days` days after arrival (the arrival day counts as the first)."""
    clock = world.clock
    hh, mm = (int(v) for v in scenario.departure.clock.split(":"))
    arrive_local = scenario.time.start + dt.timedelta(minutes=t_arrive)
    day = arrive_local.date() + dt.timedelta(days=scenario.evaders.tactics.wait_days - 1)
    depart = dt.datetime.combine(day, dt.time(hh, mm))
    t = minutes_between(scenario.time.start, depart)
    while t <= max(t_free, t_arrive) + 30.0:  # never before the pursuers have gone
        t += 1440.0
    return t


def _branch_lines(path: EvasivePath) -> list[np.ndarray]:
    lines, on = [], path.on_branch
    starts = np.flatnonzero(on & ~np.concatenate([[False], on[:-1]]))
    for s in starts:
        e = s
        while e < len(on) and on[e]:
            e += 1
        lines.append(path.xy[s - 1:e + 1])
    return lines
