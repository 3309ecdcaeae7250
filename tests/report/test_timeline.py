"""timeline.md and the console rendering: structure, labels from the templates, escaping."""
from __future__ import annotations

import pytest
from rich.console import Console

from sevr.narrate.localize import load_templates
from sevr.narrate.narrator import narrate
from sevr.report.console import print_timeline
from sevr.report.timeline import escape_markdown, render_timeline, summary_from_records, write_timeline
from sevr.scenarios import load
from tests.narrate.engine_records import all_engine_records, narrated_run, records_of


@pytest.fixture(scope="module")
def scenario():
    return load("hijra")


def _records() -> list[dict]:
    """The records of the narrated night as the engine emits them (seed 0)."""
    return [dict(r) for r in records_of(narrated_run(0))]


SUMMARY = {"seed": 3, "straight_line_m": 5257.1, "path_length_m": 6555.8, "walk_duration_h": 3.2,
           "climb_m": 444.2, "voices_heard_m": 20.0, "closest_approach_m": 1.0, "prior_inside": 0.75,
           "posterior_inside": 0.0306, "misled_count": 4, "days_in_hideout": 3.78, "attempts": 1}


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
    # The notes on the date and the moon come after the narration and the table.
    table_at = text.index("## " + summary_heading)
    assert table_at < text.index("### " + load_templates(lang)["date"]["heading"])
    assert table_at < text.index("### " + load_templates(lang)["light"]["heading"])
    assert labels["facts_note"] in text.replace("\\", "")
    if lang == "en":
        assert "### Before nightfall · 9 September 622" in text
        assert "### Night 1 · 9–10 September 622" in text
        assert "### Day 1 · 10 September 622" in text
        assert text.index("### Night 1") < text.index("### Day 1")
        assert "27 Safar, 1 AH" in text and "Julian calendar" in text and "Thursday 9 September 622" in text
        assert "night of Monday" in text and "night of Friday" in text
        assert "| 5.3 km |" in text and "| 3.1% |" in text and "| 75% |" in text
        assert "| 20 m |" in text and "| 1 m |" in text
        assert "new moon" in text and "--light astronomical" in text
        assert "scenario facts" not in text and "story" not in text.lower().replace("history", "")
    else:
        assert "### Birinci gece · 9–10 Eylül 622" in text
        assert "Hicret gecesi" in text and "Jülyen takvimi" in text and "Perşembe" in text and "Cuma gecesi" in text
        assert "| 5,3 km |" in text and "| %3,1 |" in text
        assert "## Sayılarla" in text and "dâhil" in text
        assert "yeni ay" in text
        for word in ("senaryonun", "hikâye", "Rakamlarla"):
            assert word not in text


def test_timeline_light_note_follows_the_run(scenario):
    records = records_of(narrated_run(0, "astronomical"))
    text = render_timeline(narrate(records, scenario, "en"), scenario, "en", SUMMARY)
    assert "--light as_narrated" in text


def test_summary_rows_skip_missing_keys(scenario):
    text = render_timeline(narrate(_records()[:3], scenario, "en"), scenario, "en", {"climb_m": 444.0})
    assert "| Height gained | 440 m |" in text
    assert "Closest approach of the pursuers" not in text
    assert "Notes" in text and "About the date" in text
    assert "In numbers" in render_timeline([], scenario, "en", {"climb_m": 1.0})
    assert "In numbers" not in render_timeline([], scenario, "en", {})


def test_summary_from_records():
    records = _records()
    s = summary_from_records(records)
    assert s["straight_line_m"] == pytest.approx(5257.1, abs=0.1)
    assert s["closest_approach_m"] == pytest.approx(1.0)
    assert s["voices_heard_m"] == pytest.approx(20.0)
    assert s["posterior_inside"] == pytest.approx(0.0306, abs=1e-4)
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
    assert "Night 1" in out and "Day 1" in out
    for line in lines:
        assert line.time_label in out


def test_console_rendering_in_turkish(scenario):
    lines = narrate(_records(), scenario, "tr")
    console = Console(record=True, width=120, color_system=None)
    print_timeline(console, lines, "Hicret gecesi")
    out = console.export_text()
    assert "Birinci gece" in out and "Ebû Kürz" in out


def test_every_kind_renders_in_the_timeline(tmp_path, scenario):
    runs = all_engine_records()
    kinds = {r["kind"] for records in runs for r in records}
    for records in runs:
        for lang in ("en", "tr"):
            text = render_timeline(narrate(records, scenario, lang, what_if=True), scenario, lang, SUMMARY, what_if=True)
            assert load_templates(lang)["what_if"]["heading"] in text.split("\n")[0]
            assert "{" not in text.split("## ", 2)[-1]
    assert len(kinds) > 30


def test_a_what_if_timeline_says_so(scenario):
    text = render_timeline(narrate(_records(), scenario, "en", what_if=True), scenario, "en", SUMMARY, what_if=True)
    assert text.startswith("# A what-if of the model")
    assert "the two travellers" in text and "not the narrated night" in text.replace("\\", "")
    assert "as the tradition tells them" not in text
