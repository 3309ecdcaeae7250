"""timeline.md and the console rendering: structure, labels from the templates, escaping."""
from __future__ import annotations

import pytest
from rich.console import Console

from sevr.narrate.narrator import load_templates, narrate, sample_record
from sevr.report.console import print_timeline
from sevr.report.timeline import escape_markdown, render_timeline, summary_from_records, write_timeline
from sevr.scenarios import load
from sevr.sim.events import EVENT_KINDS


@pytest.fixture(scope="module")
def scenario():
    return load("hijra")


def _records() -> list[dict]:
    # Day 1 at the start, the night walk, the next day's pursuit, the departure three days on.
    times = {"arrive_house": 0.0, "exit": 670.0, "decoy": 670.5, "gait": 671.0, "evasive_move": 680.0,
             "injury": 830.0, "carry": 831.0, "arrive_hideout": 862.0, "hideout_prepared": 882.0,
             "hazard": 932.0, "recovered": 937.0, "departure_discovered": 987.0, "tracker_hired": 1062.0,
             "pursuit_start": 1063.0, "false_branch": 1074.0, "entrance_evidence": 1206.0,
             "closest_approach": 1246.0, "trail_end": 1247.0, "evidence_assessed": 1271.0,
             "search_withdrawn": 1276.0, "search_suspended": 4212.0, "mounts_arrive": 4840.0,
             "depart_hideout": 4860.0}
    return [sample_record(kind, t_min=t) for kind, t in times.items()]


SUMMARY = {"seed": 3, "straight_line_m": 5257.1, "path_length_m": 6555.8, "walk_duration_h": 3.2,
           "climb_m": 444.2, "closest_approach_m": 25.9, "prior_inside": 0.75, "posterior_inside": 0.0306,
           "misled_count": 4, "days_in_hideout": 2.78}


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_timeline_file(tmp_path, scenario, lang):
    lines = narrate(_records(), scenario, lang)
    out = write_timeline(lines, scenario, lang, tmp_path / "timeline.md", SUMMARY)
    text = out.read_text(encoding="utf-8")
    labels = load_templates(lang)["labels"]
    assert text.startswith("# ")
    assert labels["timeline"] in text
    summary_heading = load_templates(lang)["summary"]["heading"]
    assert f"## {summary_heading}" in text
    # Every narrated line appears once, with its time.
    for line in lines:
        assert f"**{line.time_label}**" in text
    assert text.count("\n- **") == len(lines)
    if lang == "en":
        assert "### Day 1 · 9 September 622" in text
        assert "### Night 1 · 9–10 September 622" in text
        assert "### Day 2 · 10 September 622" in text
        assert "27 Safar, 1 AH" in text and "Julian calendar" in text
        assert "| 5.3 km |" in text and "| 3.1% |" in text and "| 75% |" in text
        assert "new moon" in text and "--light astronomical" in text
    else:
        assert "### Birinci gece · 9–10 Eylül 622" in text
        assert "Hicret gecesi" in text and "Jülyen takvimi" in text
        assert "| 5,3 km |" in text and "| %3,1 |" in text
        assert "yeni ay" in text


def test_timeline_light_note_follows_the_run(scenario):
    records = _records()
    records[1]["light_mode"] = "astronomical"
    records[1]["moon_alt_deg"] = -50.0
    text = render_timeline(narrate(records, scenario, "en"), scenario, "en", SUMMARY)
    assert "--light as_narrated" in text


def test_summary_rows_skip_missing_keys(scenario):
    text = render_timeline(narrate(_records()[:3], scenario, "en"), scenario, "en", {"climb_m": 444.0})
    assert "| Height gained | 440 m |" in text
    assert "Closest approach of the pursuers" not in text
    assert "In numbers" in render_timeline([], scenario, "en", {"climb_m": 1.0})
    assert "In numbers" not in render_timeline([], scenario, "en", {})


def test_summary_from_records():
    records = _records()
    s = summary_from_records(records)
    assert s["straight_line_m"] == pytest.approx(5257.1)
    assert s["closest_approach_m"] == pytest.approx(25.9)
    assert s["posterior_inside"] == pytest.approx(0.0306)
    assert s["light_mode"] == "as_narrated"


@pytest.mark.parametrize("raw, escaped", [
    ("*bold* _it_", r"\*bold\* \_it\_"),
    ("[link](x)", r"\[link\](x)"),
    ("a|b `c` <d> #e ~f", r"a\|b \`c\` \<d\> \#e \~f"),
    ("back\\slash", "back\\\\slash"),
    ("- not a list", r"\- not a list"),
    ("Abu Bakr (r.a.)", "Abu Bakr (r.a.)"),
    ("Peygamber Efendimiz (s.a.v.) ﷺ", "Peygamber Efendimiz (s.a.v.) ﷺ"),
])
def test_escape_markdown(raw, escaped):
    assert escape_markdown(raw) == escaped


def test_scenario_names_are_escaped_in_markdown(tmp_path, scenario):
    odd = scenario.model_copy(deep=True)
    odd.evaders.members[0].name_en = "*Star* _x_ [y]"
    odd.places.hideout.name_en = "the | cave"
    lines = narrate(_records(), odd, "en")
    text = write_timeline(lines, odd, "en", tmp_path / "t.md", SUMMARY).read_text(encoding="utf-8")
    assert r"\*Star\* \_x\_ \[y\]" in text
    assert "*Star*" not in text.replace(r"\*Star\*", "")
    assert r"the \| cave" in text  # a pipe would break the summary table


def test_console_rendering_escapes_rich_markup(scenario):
    odd = scenario.model_copy(deep=True)
    odd.evaders.members[0].name_en = "[bold red]Star[/bold red]"
    lines = narrate(_records(), odd, "en")
    console = Console(record=True, width=100, color_system=None)
    print_timeline(console, lines, "Title [x] *y*")
    out = console.export_text()
    assert "[bold red]Star[/bold red]" in out
    assert "Title [x] *y*" in out
    assert "Night 1" in out and "Day 2" in out
    for line in lines:
        assert line.time_label in out


def test_console_rendering_in_turkish(scenario):
    lines = narrate(_records(), scenario, "tr")
    console = Console(record=True, width=120, color_system=None)
    print_timeline(console, lines, "Hicret gecesi")
    out = console.export_text()
    assert "Birinci gece" in out and "Ebû Kürz" in out


def test_every_kind_renders_in_the_timeline(tmp_path, scenario):
    records = [sample_record(kind, t_min=600.0 + i) for i, kind in enumerate(EVENT_KINDS)]
    for lang in ("en", "tr"):
        text = render_timeline(narrate(records, scenario, lang), scenario, lang, SUMMARY)
        assert text.count("\n- **") == len(EVENT_KINDS)
        assert "{" not in text.split("## ", 2)[-1]
