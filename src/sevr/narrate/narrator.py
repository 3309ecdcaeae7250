"""Events -> sentences, in English or Turkish.

The sentences live in ``templates/<lang>.toml`` (data, not code; see :mod:`sevr.narrate.render`).
The narrator fills them in: it looks up names in the scenario, formats numbers for the language
(:mod:`sevr.narrate.localize`) and, in Turkish, adds case suffixes to names
(:mod:`sevr.narrate.turkish`). Kinds a template file marks ``summarize = true`` (the tracker's
false turns) are told once, in one or two sentences that sum them up.

A what-if episode (a run that is not conditioned on the source) names roles, never the persons,
and leaves out the beats that belong to the narrated night only (``[what_if] omit``).

Public API: :func:`narrate`, :class:`NarratedLine`, :func:`actor_names`, :func:`scenario_context`,
:func:`day_period`, :func:`period_date_span`, :data:`DERIVED_FIELDS`, :data:`SUMMARY_FIELDS`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from sevr.narrate.localize import Localizer, load_templates
from sevr.narrate.render import render

if TYPE_CHECKING:
    from sevr.scenarios.schema import EvasionScenario, Scenario
    from sevr.world.clock import ScenarioClock

# Record fields that hold an actor id and are shown as that actor's name.
ROLE_FIELDS = ("carrier", "carried", "victim", "decoy", "tracker", "asker", "companion")

# Fields the narrator adds to every record before formatting (see templates/en.toml).
DERIVED_FIELDS = (
    "time", "date", "iso", "who", "evaders", "principal", "companion", "others", "healer", "start",
    "hideout", "destination", "leader", "tracker", "decoy", "pursuers", "watchers", "guides",
    "n_actors", "principal_alt", "principal_alt2",
)

# Fields of the one line that sums up the records of a summarized kind.
SUMMARY_FIELDS = ("count", "misled_count", "kept_count", "loss_total_min")

# Facts that, once told, stay true for later events (so a later template can depend on them).
CARRIED_STATE = {"mounts_arrive": ("camels",)}

# Day and night, for grouping lines: local clock hours at which a "day" and a "night" begin.
DAY_STARTS_H = 6
NIGHT_STARTS_H = 18


@dataclass(frozen=True)
class NarratedLine:
    """One narrated event."""

    t_min: float
    time_label: str     # local 'HH:MM'
    date_label: str     # local date 'YYYY-MM-DD' in the scenario calendar
    period: str         # "day" | "night"
    period_no: int      # 1-based: Day 1, Night 1, Day 2, ...
    day_label: str      # localized, e.g. "Night 1" / "Birinci gece"
    kind: str
    text: str
    # The record's own fields beyond the common ones (e.g. light_mode of an exit), for reports.
    fields: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


_COMMON_FIELDS = ("t_min", "time", "kind", "actors", "x_m", "y_m", "lat", "lon")


def _name_of(member, lang: str) -> str:
    return getattr(member, f"name_{lang}", None) or getattr(member, "name_en", None) or member.id


def _scenario_text(obj, attr: str, lang: str, loc: Localizer) -> str:
    """A scenario string in `lang`: a `<attr>_<lang>` attribute if the scenario has one, else
    `<attr>_en` / `<attr>` through the template glossary."""
    own = getattr(obj, f"{attr}_{lang}", None)
    if own:
        return own
    base = getattr(obj, f"{attr}_en", None) or getattr(obj, attr, None) or ""
    return loc.term(base) if isinstance(base, str) else base


def actor_names(scenario: EvasionScenario, lang: str, what_if: bool = False) -> dict[str, str]:
    """id -> display name in `lang`, for every actor a record can name.

    With `what_if`, roles from the template's ``[what_if.roles]`` instead of the persons' names.

    Parameters
    ----------
    scenario : EvasionScenario
        Names come from it (members, decoy, tracker, pursuers, ...).
    lang : str
        "en" or "tr".
    what_if : bool, default=False
        Roles instead of persons.

    Returns
    -------
    dict of str to str
    """
    tpl = load_templates(lang)
    loc = Localizer(lang)
    if what_if:
        return _role_names(scenario, tpl["what_if"]["roles"])
    names = {m.id: _name_of(m, lang) for m in scenario.evaders.members}
    decoy = getattr(scenario.evaders, "decoy_person", None)
    if decoy is not None:
        names[decoy.id] = _name_of(decoy, lang)
    tracker = getattr(scenario, "tracker", None)
    if tracker is not None:
        names[tracker.id] = _name_of(tracker, lang)
    generic = tpl.get("names", {})
    pursuers = getattr(scenario, "pursuers", None)
    names["pursuers"] = (getattr(pursuers, f"name_{lang}", None) if pursuers is not None else None) or generic.get("pursuers", "pursuers")
    names["watchers"] = generic.get("watchers", "watchers")
    departure = getattr(scenario, "departure", None)
    guides = list(getattr(departure, f"guides_{lang}", None) or getattr(departure, "guides_en", None) or []) if departure else []
    names["guides"] = loc.join(guides) if guides else generic.get("guides", "guides")
    return names


def _role_names(scenario: EvasionScenario, roles: Mapping[str, str]) -> dict[str, str]:
    members = [m.id for m in scenario.evaders.members]
    names = {i: roles["principal"] if k == 0 else roles["companion"] for k, i in enumerate(members)}
    if scenario.evaders.decoy_person is not None:
        names[scenario.evaders.decoy_person.id] = roles["decoy"]
    names[scenario.tracker.id] = roles["tracker"]
    for key in ("pursuers", "watchers", "guides"):
        names[key] = roles[key]
    return names


def _scenario_context(scenario: EvasionScenario, loc: Localizer, tpl: dict, what_if: bool = False) -> dict[str, Any]:
    lang = loc.lang
    names = actor_names(scenario, lang, what_if)
    members = [m.id for m in scenario.evaders.members]
    places = scenario.places
    ctx: dict[str, Any] = {
        "evaders": loc.join([names[i] for i in members]),
        "principal": names[members[0]],
        "companion": loc.join([names[i] for i in members[1:]]) or names[members[0]],
        "start": _scenario_text(places.start, "name", lang, loc),
        "hideout": _scenario_text(places.hideout, "name", lang, loc),
        "pursuers": names["pursuers"],
        "watchers": names["watchers"],
        "guides": names["guides"],
        "tracker": names.get(scenario.tracker.id, scenario.tracker.id),
        "leader": tpl["what_if"]["roles"]["leader"] if what_if else _scenario_text(scenario.pursuers, "leader", lang, loc),
        "destination": _scenario_text(scenario.departure, "destination", lang, loc),
        "decoy": names.get(scenario.evaders.decoy_person.id) if scenario.evaders.decoy_person else
        tpl.get("names", {}).get("evaders", ""),
    }
    epithets = [] if what_if else list(tpl.get("names", {}).get("epithets", {}).get(members[0], []))
    ctx["principal_alt"] = epithets[0] if epithets else ctx["principal"]
    ctx["principal_alt2"] = epithets[1] if len(epithets) > 1 else ctx["principal_alt"]
    if what_if:
        ctx["evaders"] = tpl["what_if"]["roles"]["evaders"]
        ctx["start"] = tpl["what_if"]["roles"]["start"]
    return ctx


def scenario_context(scenario: EvasionScenario, lang: str, what_if: bool = False) -> dict[str, Any]:
    """The scenario's names in `lang`, as templates see them.

    Evaders, principal, companion, start, hideout, tracker, leader, pursuers, watchers, guides,
    destination, decoy; roles instead of persons with `what_if`.

    Parameters
    ----------
    scenario : EvasionScenario
        The scenario.
    lang : str
        "en" or "tr".
    what_if : bool, default=False
        Roles instead of persons.

    Returns
    -------
    dict
        Template field name to value.
    """
    return dict(_scenario_context(scenario, Localizer(lang), load_templates(lang), what_if))


def _context(record: Mapping[str, Any], scenario: EvasionScenario, loc: Localizer, tpl: dict,
             state: Mapping[str, Any] | None = None, base: Mapping[str, Any] | None = None,
             clock=None, what_if: bool = False) -> dict[str, Any]:
    """Everything a template of this record may use (see the header of templates/en.toml)."""
    names = actor_names(scenario, loc.lang, what_if)
    ctx: dict[str, Any] = dict(base) if base is not None else _scenario_context(scenario, loc, tpl, what_if)
    ctx.update(state or {})
    ctx.update({k: v for k, v in record.items() if k not in ("actors",)})
    actors = [str(a) for a in record.get("actors", [])]
    role_ids = set()
    for role in ROLE_FIELDS:
        if isinstance(record.get(role), str):
            role_ids.add(record[role])
            ctx[f"{role}_id"] = record[role]
            ctx[role] = names.get(record[role], record[role])
    ctx["who"] = loc.join([names.get(a, a) for a in actors]) or ctx["evaders"]
    others = [a for a in actors if a not in role_ids]
    ctx["others"] = loc.join([names.get(a, a) for a in others]) or ctx["principal"]
    ctx["healer"] = ctx["others"]
    ctx["n_actors"] = len(actors)
    # The record's destination is the engine's (English) name; the scenario knows the language's.
    ctx["destination"] = _scenario_text(scenario.departure, "destination", loc.lang, loc)
    ctx["iso"] = record.get("time")
    t_min = float(record.get("t_min", 0.0))
    date, hhmm = _local_label(scenario, t_min, clock)
    ctx["time"], ctx["date"] = hhmm, date
    return ctx


def _clock_of(scenario: Scenario) -> ScenarioClock:
    from sevr.world.clock import ScenarioClock

    return ScenarioClock.of(scenario.time)


def _local_label(scenario: Scenario, t_min: float, clock=None) -> tuple[str, str]:
    return (clock if clock is not None else _clock_of(scenario)).local_label(t_min)


def day_period(scenario: Scenario, t_min: float) -> tuple[str, int]:
    """("day" | "night", number), the night before the day, as the Islamic day begins at sunset.

    Night 1 is the scenario's first night and Day 1 the daytime after it; a daytime before the
    first night is Day 0. A day runs from 06:00 to 18:00 local time, a night from 18:00 to 06:00
    (fixed hours, not sunrise and sunset), so a night keeps its number across midnight.

    Parameters
    ----------
    scenario : Scenario
        Its start time anchors the count.
    t_min : float
        Minutes after the scenario's start.

    Returns
    -------
    (str, int)
    """
    start = scenario.time.start
    start_s = start.hour * 3600 + start.minute * 60 + start.second
    local_s = start_s + 60.0 * float(t_min)
    half = 12 * 3600

    def index(seconds: float) -> int:
        return math.floor((seconds - DAY_STARTS_H * 3600) / half)

    base = index(start_s)
    base -= base % 2  # the first period is Day 0, or the night after it (Night 1)
    k = index(local_s) - base
    if k % 2 == 0:
        return "day", k // 2
    return "night", (k + 1) // 2


def period_label(period: str, number: int, loc: Localizer, labels: Mapping[str, str]) -> str:
    """The heading of a day or night ("Night 1", "Birinci gece").

    A label of its own is used where the templates give one, such as ``day0`` for the afternoon
    before the first night.

    Parameters
    ----------
    period : str
        "day" or "night".
    number : int
        Its number (`day_period`).
    loc : Localizer
        Formats in the language.
    labels : Mapping
        The template file's ``[labels]``.

    Returns
    -------
    str
    """
    return loc.format(labels.get(f"{period}{number}", labels.get(period, "{n}")), {"n": number})


def _summarize(records: list[Mapping[str, Any]], tpl: dict) -> list[Mapping[str, Any]]:
    """Records of kinds marked ``summarize = true`` become one record, at the first one's place
    in the list, with their count, how many misled, and the total time lost."""
    events = tpl.get("events", {})
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for r in records:
        if events.get(str(r.get("kind")), {}).get("summarize"):
            groups.setdefault(str(r["kind"]), []).append(r)
    out: list[Mapping[str, Any]] = []
    for r in records:
        kind = str(r.get("kind"))
        if kind not in groups:
            out.append(r)
        elif groups[kind][0] is r:
            group = groups[kind]
            misled = sum(bool(g.get("misled")) for g in group)
            out.append({**r, "count": len(group), "misled_count": misled, "kept_count": len(group) - misled,
                        "loss_total_min": float(sum(float(g.get("loss_min", 0.0)) for g in group))})
    return out


def narrate(records: Iterable[Mapping[str, Any]], scenario: EvasionScenario, lang: str = "en",
            strict: bool = False, what_if: bool = False) -> list[NarratedLine]:
    """One :class:`NarratedLine` per record (one per summarized kind), in the order given.

    Parameters
    ----------
    records : iterable of dict
        Event records (the events.jsonl contract, :data:`sevr.sim.events.EVENT_FIELDS`).
    scenario : EvasionScenario
        Names come from it (members, decoy, tracker, leader, guides, places).
    lang : str
        "en" or "tr".
    strict : bool
        Raise on a template that does not format, instead of falling back to a simpler variant.
    what_if : bool
        Narrate a what-if episode of the model: roles instead of persons, and the kinds in the
        template's ``[what_if] omit`` left out.
    """
    tpl = load_templates(lang)
    loc = Localizer(lang)
    base = _scenario_context(scenario, loc, tpl, what_if)
    clock = _clock_of(scenario)
    labels = tpl.get("labels", {})
    omit = set(tpl.get("what_if", {}).get("omit", [])) if what_if else set()
    state: dict[str, Any] = {}
    lines: list[NarratedLine] = []
    for record in _summarize([r for r in records if r.get("kind") not in omit], tpl):
        kind = str(record.get("kind"))
        ctx = _context(record, scenario, loc, tpl, state, base, clock, what_if)
        text = render(kind, ctx, loc, tpl, strict=strict)
        period, number = day_period(scenario, float(record.get("t_min", 0.0)))
        day_label = period_label(period, number, loc, labels)
        lines.append(NarratedLine(
            t_min=float(record.get("t_min", 0.0)), time_label=ctx["time"], date_label=ctx["date"],
            period=period, period_no=number, day_label=day_label, kind=kind, text=text,
            fields={k: v for k, v in record.items() if k not in _COMMON_FIELDS}))
        for fact in CARRIED_STATE.get(kind, ()):
            if fact in record:
                state[fact] = record[fact]
    return lines


def period_date_span(scenario: Scenario, line: NarratedLine, clock=None) -> tuple[str, str]:
    """Local dates (first, last) of the day or night a line belongs to: a night spans two dates.

    Parameters
    ----------
    scenario : Scenario
        The scenario (its clock).
    line : NarratedLine
        A narrated line.
    clock : ScenarioClock, optional
        The scenario's clock, if already built.

    Returns
    -------
    (str, str)
        'YYYY-MM-DD' labels; the same twice for a day.
    """
    if line.period != "night":
        return line.date_label, line.date_label
    hh, mm = (int(x) for x in line.time_label.split(":"))
    since_midnight = hh * 60 + mm
    if hh < NIGHT_STARTS_H:  # after midnight: the evening was the day before
        evening = _local_label(scenario, line.t_min - since_midnight - 1, clock)[0]
        return evening, line.date_label
    morning = _local_label(scenario, line.t_min + (24 * 60 - since_midnight) + 1, clock)[0]
    return line.date_label, morning
