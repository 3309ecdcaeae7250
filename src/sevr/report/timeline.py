"""timeline.md: the narrated run as Markdown, grouped by day and night, with a summary block.

Every label comes from the language's template file (``[labels]``, ``[light]``, ``[summary]``);
all text that comes from the scenario or the narration is escaped with :func:`escape_markdown`,
so a name such as ``*Star* [x]`` prints as written instead of turning into formatting.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from sevr.world.clock import ScenarioClock, minutes_between
from sevr.world.light import moon_report
from sevr.narrate.localize import Localizer, format_date, format_date_range, load_templates, weekday_of
from sevr.narrate.narrator import NarratedLine, period_date_span, scenario_context

if TYPE_CHECKING:
    from sevr.scenarios.schema import EvasionScenario, Scenario

__all__ = ["date_note", "escape_markdown", "light_note", "render_timeline", "scenario_title", "summary_from_records",
           "write_timeline"]

# Characters with a meaning in CommonMark / GitHub Markdown inline text and tables.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def escape_markdown(text: Any) -> str:
    """`text` with Markdown's special characters backslash-escaped (and no line breaks)."""
    s = _MD_SPECIAL.sub(r"\\\1", str(text))
    s = s.replace("\r", " ").replace("\n", " ")
    # A leading "+", "-" or "1." would start a list, a leading "=" a heading underline.
    return re.sub(r"^(\s*)([+\-=])", r"\1\\\2", s)


def summary_from_records(records: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The summary figures the timeline shows, read back from event records."""
    out: dict[str, Any] = {}
    for r in records:
        kind = r.get("kind")
        if kind == "arrive_hideout":
            for key in ("straight_line_m", "path_length_m", "walk_duration_h", "climb_m"):
                if key in r:
                    out[key] = r[key]
        elif kind == "voices_heard" and "distance_m" in r:
            out["voices_heard_m"] = r["distance_m"]
        elif kind == "closest_approach" and "distance_m" in r:
            out["closest_approach_m"] = r["distance_m"]
        elif kind == "trail_end" and "misled_count" in r:
            out["misled_count"] = r["misled_count"]
        elif kind == "evidence_assessed":
            out["prior_inside"] = r.get("prior")
            out["posterior_inside"] = r.get("posterior")
        elif kind == "depart_hideout" and "days_in_hideout" in r:
            out["days_in_hideout"] = r["days_in_hideout"]
        elif kind == "exit" and "light_mode" in r:
            out["light_mode"] = r["light_mode"]
    return out


def scenario_title(scenario: Scenario, lang: str) -> str:
    """The scenario's title in `lang` (a `title_<lang>` field, the template's [titles], or the title).

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    lang : str
        "en" or "tr".

    Returns
    -------
    str
    """
    meta = scenario.meta
    return (getattr(meta, f"title_{lang}", None) or load_templates(lang).get("titles", {}).get(meta.name)
            or meta.title)


def _light_mode(lines: Sequence[NarratedLine], summary: Mapping[str, Any], scenario: EvasionScenario) -> str:
    for line in lines:
        if line.kind == "exit" and line.fields.get("light_mode"):
            return str(line.fields["light_mode"])
    return str(summary.get("light_mode") or scenario.light.mode)


def light_note(scenario: Scenario, lang: str, mode: str) -> str:
    """The note on narrated vs computed moonlight, with the computed figures when available.

    Parameters
    ----------
    scenario : Scenario
        The scenario (its clock and start place give the moon's phase at the exit).
    lang : str
        "en" or "tr".
    mode : str
        "as_narrated" or "astronomical".

    Returns
    -------
    str
        The note; the short one without figures when the scenario has no exit time.
    """
    tpl = load_templates(lang)
    loc = Localizer(lang)
    light = tpl.get("light", {})
    labels = tpl.get("labels", {})
    calendar = labels.get(f"calendar_{scenario.time.calendar}", scenario.time.calendar)
    exit_time = getattr(scenario.time, "exit", None)
    if exit_time is None:  # no night walk to speak of: the short note says the same without numbers
        return loc.format(light.get(f"{mode}_short", ""), {})
    clock = ScenarioClock.of(scenario.time)
    place = scenario.places.start
    report = moon_report(clock, minutes_between(scenario.time.start, exit_time), place.lat, place.lon)
    new_moon = format_date(clock.date_label(report["new_moon_t_min"]), lang)
    return loc.format(light[mode], {"moon_phase": report["moon_phase"], "new_moon": new_moon,
                                    "calendar": calendar})


def date_note(scenario: EvasionScenario, lang: str) -> str:
    """The endnote on the weekday: the source's and the reconstruction's, side by side.

    Parameters
    ----------
    scenario : EvasionScenario
        The scenario (its exit date and calendar).
    lang : str
        "en" or "tr".

    Returns
    -------
    str
    """
    tpl = load_templates(lang)
    loc = Localizer(lang)
    labels = tpl.get("labels", {})
    calendar = scenario.time.calendar
    exit_ = scenario.time.exit
    label = f"{exit_.year:04d}-{exit_.month:02d}-{exit_.day:02d}"
    clock = ScenarioClock.of(scenario.time)
    t_exit = minutes_between(scenario.time.start, exit_)
    # A night belongs to the day after it: the exit is before midnight or after it.
    next_day = clock.date_label(t_exit + (24 * 60 if exit_.hour >= 12 else 0) - 60 * exit_.hour - exit_.minute + 1)
    return loc.format(tpl["date"]["note"], {
        "exit_date": format_date(label, lang), "exit_weekday": weekday_of(label, calendar, lang),
        "night_weekday": weekday_of(next_day, calendar, lang),
        "calendar": labels.get(f"calendar_{calendar}", calendar)})


def render_timeline(lines: Sequence[NarratedLine], scenario: EvasionScenario, lang: str,
                    summary: Mapping[str, Any] | None = None, what_if: bool = False) -> str:
    """The Markdown text of timeline.md.

    The narrated night opens with the note on how the beats of divine protection are told; a
    what-if episode (``what_if``) opens with a heading saying it is a what-if of the model. The
    notes on the date and the light close the text.

    Parameters
    ----------
    lines : sequence of NarratedLine
        The narrated lines.
    scenario : EvasionScenario
        The scenario.
    lang : str
        "en" or "tr".
    summary : Mapping, optional
        The run's summary (with ``seed``); rows of the summary table come from it.
    what_if : bool, default=False
        A what-if episode of the model.

    Returns
    -------
    str
    """
    tpl = load_templates(lang)
    loc = Localizer(lang)
    labels = tpl.get("labels", {})
    summary = dict(summary or {})
    esc = escape_markdown
    out: list[str] = []

    title = scenario_title(scenario, lang)
    if what_if:
        title = f"{tpl['what_if']['heading']}: {title}"
    out.append("# " + esc(loc.format(labels.get("title", "{scenario_title}"), {"scenario_title": title}, capitalize=False)))
    out.append("")
    seed = summary.get("seed", "–")
    out.append("*" + esc(loc.format(labels["generated"], {"scenario_name": scenario.meta.name, "seed": seed})) + "*")
    out.append("")

    exit_ = scenario.time.exit
    day = f"{exit_.year:04d}-{exit_.month:02d}-{exit_.day:02d}"
    calendar = labels.get(f"calendar_{scenario.time.calendar}", scenario.time.calendar)
    hijri = getattr(scenario.meta, f"hijri_date_{lang}", None) or loc.term(scenario.meta.hijri_date or "")
    date_tpl = labels["date_line"] if hijri else labels["date_line_no_hijri"]
    out.append(loc.format(date_tpl, {"hijri_date": esc(hijri), "date": esc(format_date(day, lang)),
                                     "weekday": weekday_of(day, scenario.time.calendar, lang),
                                     "calendar": esc(calendar)}))
    out.append("")
    if what_if:
        out.append("> " + esc(tpl["what_if"]["note"]))
        out.append("")
    elif labels.get("facts_note"):
        out.append("> " + esc(labels["facts_note"]))
        out.append("")

    out.append("## " + esc(labels.get("timeline", "Timeline")))
    clock = ScenarioClock.of(scenario.time)
    for group in _groups(lines):
        first = period_date_span(scenario, group[0], clock)[0]
        last = period_date_span(scenario, group[-1], clock)[1]
        heading = loc.format(labels.get("group", "{period} · {dates}"), {
            "period": group[0].day_label, "dates": format_date_range(first, last, lang)})
        out.append("")
        out.append("### " + esc(heading))
        out.append("")
        for line in group:
            out.append(f"- **{esc(line.time_label)}** — {esc(line.text)}")

    rows = _summary_rows(summary, scenario, lang, what_if)
    if rows:
        s = tpl.get("summary", {})
        out += ["", "## " + esc(s.get("heading", "")), "",
                f"| {esc(s.get('label', ''))} | {esc(s.get('value', ''))} |", "|---|---:|"]
        out += [f"| {esc(label)} | {esc(value)} |" for label, value in rows]

    # Endnotes: the weekday, then the moon, after the narration.
    out += ["", "## " + esc(labels.get("notes", "Notes"))]
    if hijri:
        out += ["", "### " + esc(tpl["date"]["heading"]), "", esc(date_note(scenario, lang))]
    mode = _light_mode(lines, summary, scenario)
    note = light_note(scenario, lang, mode)
    if note:
        out += ["", "### " + esc(tpl.get("light", {}).get("heading", "")), "", _escape_keep_code(note)]
    out.append("")
    return "\n".join(out)


def write_timeline(lines: Sequence[NarratedLine], scenario: EvasionScenario, lang: str, path, summary: Mapping[str, Any] | None = None,
                   what_if: bool = False) -> Path:
    """Write the narrated timeline of a run as Markdown to `path` (UTF-8); return the path.

    `summary` is the run's summary dict (``StoryResult.summary`` plus ``seed``); the keys shown
    are listed in the template's ``[[summary.rows]]`` (straight_line_m, path_length_m,
    walk_duration_h, climb_m, misled_count, closest_approach_m, prior_inside / prior,
    posterior_inside / posterior, days_in_hideout). Missing keys are left out.

    Parameters
    ----------
    lines : sequence of NarratedLine
        The narrated lines.
    scenario : EvasionScenario
        The scenario.
    lang : str
        "en" or "tr".
    path : path
        The file written.
    summary : Mapping, optional
        The run's summary.
    what_if : bool, default=False
        A what-if episode of the model.

    Returns
    -------
    Path
    """
    path = Path(path)
    path.write_text(render_timeline(lines, scenario, lang, summary, what_if), encoding="utf-8")
    return path


def _groups(lines: Sequence[NarratedLine]) -> list[list[NarratedLine]]:
    groups: list[list[NarratedLine]] = []
    for line in lines:
        if groups and (groups[-1][-1].period, groups[-1][-1].period_no) == (line.period, line.period_no):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _summary_rows(summary: Mapping[str, Any], scenario: EvasionScenario, lang: str, what_if: bool = False) -> list[tuple[str, str]]:
    tpl = load_templates(lang)
    loc = Localizer(lang)
    ctx = scenario_context(scenario, lang, what_if)
    rows = []
    for row in tpl.get("summary", {}).get("rows", []):
        key = next((k for k in row.get("keys", []) if summary.get(k) is not None), None)
        if key is None:
            continue
        try:
            value = loc.format(row.get("value", "{value}"), {"value": _plain(summary[key])})
            label = loc.format(row.get("label", key), ctx)
        except (KeyError, ValueError, TypeError):
            continue
        rows.append((label, value))
    return rows


def _plain(value: Any) -> Any:
    """numpy scalars -> Python numbers (summary dicts may hold either)."""
    return value.item() if hasattr(value, "item") else value


def _escape_keep_code(text: str) -> str:
    """Escape a template sentence but keep its `code` spans (command-line options) as code."""
    parts = re.split(r"(`[^`]*`)", text)
    return "".join(p if p.startswith("`") and p.endswith("`") and len(p) > 1 else escape_markdown(p) for p in parts)
