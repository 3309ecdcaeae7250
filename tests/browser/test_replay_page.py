"""replay.html in a real headless Chromium: offline, in step with the slider, both languages, safe."""
from __future__ import annotations

import base64
import dataclasses
import io

import numpy as np
import pytest

from sevr.narrate.narrator import narrate
from sevr.report.replay import write_replay
from sevr.scenarios import with_overrides

NASTY_TITLE = "</script><script>window.__pwned = 1</script> \"Gece\" & 'yolculuk' — İğüşöçı <b>bold</b>"
NASTY_NAME = "<img src=x onerror=\"window.__pwned = 2\"> Ömer's \"guide\""


@pytest.fixture(scope="module")
def replay_en(hijra_story, hijra_records, tmp_path_factory):
    return write_replay(hijra_story, hijra_records, "en", tmp_path_factory.mktemp("replay") / "replay.html")


def state(w) -> dict:
    return w.page.evaluate("window.sevrReplay.state()")


def move_slider(w, t: float) -> None:
    """Set the range input's value and fire its input event, as dragging it does."""
    w.page.locator("#slider").evaluate("(el, t) => { el.value = String(t); el.dispatchEvent(new Event('input')); }", t)


def wait_until_time_passes(w, t: float, tries: int = 400) -> None:
    """Poll (the page's CSP forbids the string evaluation that wait_for_function uses)."""
    for _ in range(tries):
        if state(w)["t"] > t:
            return
        w.page.wait_for_timeout(25)
    raise AssertionError(f"the replay did not pass t={t} (at {state(w)['t']})")


def current_line(w) -> tuple[int, str]:
    el = w.page.locator("#lines li.line.current")
    return int(el.get_attribute("data-index")), el.inner_text()


def map_png(w) -> np.ndarray:
    """The map canvas's own pixels (without the legend and buttons laid over it)."""
    from PIL import Image

    uri = w.page.evaluate("document.getElementById('map').toDataURL('image/png')")
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("RGB"), dtype=float)


def test_loads_offline_with_no_console_error(open_page, replay_en):
    w = open_page(replay_en)
    assert w.errors == []
    assert w.network == []
    assert w.requests == [replay_en.resolve().as_uri()]  # the file itself, nothing else
    lines = w.page.evaluate("JSON.parse(document.getElementById('sevr-data').textContent).text.en.lines")
    assert w.page.locator("#lines li.line").count() == len(lines)
    assert w.page.locator("#lines li.line").first.inner_text().endswith(lines[0]["text"])


def test_slider_moves_clock_path_and_sentence(open_page, replay_en, hijra_records):
    w = open_page(replay_en)
    move_slider(w, 700)
    a = state(w)
    a_line = current_line(w)
    move_slider(w, 845)
    b = state(w)
    b_line = current_line(w)
    assert a["t"] == 700 and b["t"] == 845
    assert a["clock"] != b["clock"]
    assert 0 < a["pathVertices"] < b["pathVertices"]
    assert a_line[0] < b_line[0]
    # The highlighted sentence is the last one whose time has come.
    times = [r["t_min"] for r in hijra_records]
    assert a_line[0] == max(i for i, t in enumerate(times) if t <= 700)
    assert b_line[0] == max(i for i, t in enumerate(times) if t <= 845)


def test_clock_shows_each_sentence_time(open_page, replay_en, hijra_story, hijra_records):
    w = open_page(replay_en)
    lines = narrate(hijra_records, hijra_story.scenario, "en")
    for k, line in enumerate(lines):
        w.page.locator(f"#lines li.line[data-index='{k}']").click()
        clock = state(w)["clock"]
        assert line.time_label in clock and line.day_label in clock


def test_clicking_a_sentence_moves_the_slider(open_page, replay_en, hijra_story, hijra_records):
    w = open_page(replay_en)
    lines = narrate(hijra_records, hijra_story.scenario, "en")
    k = [line.kind for line in lines].index("closest_approach")
    t = next(r["t_min"] for r in hijra_records if r["kind"] == "closest_approach")
    item = w.page.locator(f"#lines li.line[data-index='{k}']")
    item.click()
    s = state(w)
    assert s["t"] == pytest.approx(t, abs=0.01)
    assert float(w.page.locator("#slider").input_value()) == pytest.approx(t, abs=1.0)
    assert "current" in item.get_attribute("class")
    assert s["trackerVertices"] > 0


def test_language_switch_changes_the_panel_without_reloading(open_page, replay_en, hijra_story, hijra_records):
    w = open_page(replay_en)
    w.page.evaluate("window.__stay = 42")
    english = w.page.locator("#lines li.line .s").all_inner_texts()
    w.page.locator("#langs button[data-lang='tr']").click()
    turkish = w.page.locator("#lines li.line .s").all_inner_texts()
    assert english == [l.text for l in narrate(hijra_records, hijra_story.scenario, "en")]
    assert turkish == [l.text for l in narrate(hijra_records, hijra_story.scenario, "tr")]
    assert w.page.evaluate("document.documentElement.lang") == "tr"
    assert w.page.evaluate("window.__stay") == 42  # same document: no reload
    assert w.page.locator("#play").inner_text() == "Oynat"
    assert w.errors == []


def test_page_opens_in_the_runs_language(open_page, hijra_story, hijra_records, tmp_path):
    page = write_replay(hijra_story, hijra_records, "tr", tmp_path / "replay.html")
    w = open_page(page)
    assert w.page.evaluate("document.documentElement.lang") == "tr"
    assert w.page.locator("#title").inner_text() == "Hicret gecesi: Mekke'den Sevr mağarasına"
    assert w.page.locator("#lines li.line .s").first.inner_text() == narrate(hijra_records, hijra_story.scenario, "tr")[0].text


def test_keyboard_plays_pauses_and_steps(open_page, replay_en):
    w = open_page(replay_en)
    move_slider(w, 600)
    w.page.keyboard.press("ArrowRight")
    assert state(w)["t"] == 610
    w.page.keyboard.press("Shift+ArrowRight")
    assert state(w)["t"] == 670
    w.page.keyboard.press("ArrowLeft")
    assert state(w)["t"] == 660
    w.page.keyboard.press("Space")
    assert state(w)["playing"] is True
    wait_until_time_passes(w, 660)
    w.page.keyboard.press("Space")
    assert state(w)["playing"] is False
    w.page.keyboard.press("End")
    assert state(w)["t"] == float(w.page.locator("#slider").get_attribute("max"))


def test_play_advances_at_the_chosen_speed(open_page, replay_en):
    w = open_page(replay_en)
    move_slider(w, 100)
    w.page.locator("#speed").select_option("60")
    w.page.locator("#play").click()
    wait_until_time_passes(w, 160)  # an hour of the run: about a second
    w.page.locator("#play").click()
    assert w.page.locator("#play").inner_text() == "Play"


def test_screenshots_at_three_moments_differ_where_they_should(open_page, replay_en):
    w = open_page(replay_en)
    shots = {}
    for t in (700, 1100, 1300, 700):
        move_slider(w, t)
        shots.setdefault(t, []).append(map_png(w))
    night, dawn, day = shots[700][0], shots[1100][0], shots[1300][0]
    assert np.array_equal(shots[700][0], shots[700][1])  # same moment, same picture
    assert not np.array_equal(night, dawn) and not np.array_equal(dawn, day)
    assert night.mean() < day.mean() - 10  # the night is shaded, mid-morning is not
    # Between dawn and mid-morning only the tracker has moved on: the change is local, not global.
    changed = np.abs(dawn - day).sum(axis=2) > 30
    assert 200 < changed.sum() < 0.2 * changed.size


def test_belief_layer_switches_on_after_the_discovery(open_page, replay_en, hijra_story):
    w = open_page(replay_en)
    first_belief = hijra_story.beliefs[0][0]
    move_slider(w, first_belief - 30)
    before_off = map_png(w)
    w.page.locator("#belief-toggle").check()
    before_on = map_png(w)
    move_slider(w, first_belief + 1)
    after_on = map_png(w)
    w.page.locator("#belief-toggle").uncheck()
    after_off = map_png(w)
    assert np.array_equal(before_off, before_on)  # no belief yet: nothing to show
    assert np.abs(after_on - after_off).sum(axis=2).max() > 60


def test_hostile_title_and_names_show_as_text_and_run_nothing(open_page, hijra_story, hijra_records, tmp_path):
    members = [{"id": m.id, "name_en": NASTY_NAME if k == 0 else m.name_en, "name_tr": m.name_tr}
               for k, m in enumerate(hijra_story.scenario.evaders.members)]
    nasty = with_overrides(hijra_story.scenario, {"meta.title": NASTY_TITLE, "evaders.members": members})
    result = dataclasses.replace(hijra_story, scenario=nasty)
    page = write_replay(result, hijra_records, "en", tmp_path / "replay.html")
    html = page.read_text("utf-8")
    assert html.count("<script") == 2  # the data block and the page's script, nothing more
    w = open_page(page)
    assert w.page.evaluate("window.__pwned") is None
    assert w.page.locator("#title").inner_text() == NASTY_TITLE
    assert w.page.title() == NASTY_TITLE
    assert w.page.locator("img").count() == 0
    texts = w.page.locator("#lines li.line .s").all_inner_texts()
    assert any(NASTY_NAME in t for t in texts)
    assert w.errors == [] and w.network == []


def test_prints_fade_as_the_hours_pass(open_page, replay_en):
    w = open_page(replay_en)
    # Same clock (13:50) on two afternoons, hours after the pursuers left: same light, the
    # tracker's route complete, no party, no fresh event ringed; only the prints' age differs,
    # so the second afternoon's map is lighter where they lie.
    move_slider(w, 1560)
    first = map_png(w)
    move_slider(w, 1560 + 1440)
    second = map_png(w)
    changed = np.abs(first - second).sum(axis=2) > 6
    assert changed.sum() > 50
    assert second[changed].mean() > first[changed].mean()


def test_a_run_with_no_pursuit_no_prints_and_no_belief_still_plays(open_page, hijra_story, hijra_records, tmp_path):
    walk_only = [r for r in hijra_records if r["t_min"] <= 900 and r["kind"] not in ("injury", "carry")]
    empty2, empty1 = np.empty((0, 2)), np.empty(0)
    bare = dataclasses.replace(hijra_story, tracker_xy=empty2, tracker_t_min=empty1, prints_xy=empty2,
                               prints_t_min=empty1, prints_strength=empty1, prints_blood=np.empty(0, bool),
                               branches=[], beliefs=[], belief_labels=[], closest_xy=None)
    page = write_replay(bare, walk_only, "en", tmp_path / "replay.html")
    w = open_page(page)
    w.page.locator("#belief-toggle").check()
    move_slider(w, 800)
    assert state(w)["pathVertices"] > 0 and state(w)["trackerVertices"] == 0
    assert w.page.locator("#lines li.line").count() == len(walk_only)
    assert w.errors == [] and w.network == []


def test_voices_and_mouth_marks_appear_when_their_time_comes(open_page, replay_en, hijra_records):
    w = open_page(replay_en)
    t_voices = next(r["t_min"] for r in hijra_records if r["kind"] == "voices_heard")
    t_mouth = next(r["t_min"] for r in hijra_records if r["kind"] == "closest_approach")
    assert t_voices < t_mouth
    seen = {}
    for name, t in (("before", t_voices - 1), ("voices", (t_voices + t_mouth) / 2), ("mouth", t_mouth + 0.5)):
        move_slider(w, t)
        seen[name] = (state(w), w.page.evaluate("document.body.dataset.marks"), map_png(w))
    before, voices, mouth = (seen[k][0] for k in ("before", "voices", "mouth"))
    assert "voices" not in before["marks"] and "closest" not in before["marks"] and before["inset"] is None
    assert "voices" in voices["marks"] and "closest" not in voices["marks"]
    assert "voices" in mouth["marks"] and "closest" in mouth["marks"]
    assert seen["mouth"][1].split() == mouth["marks"]
    # At the map's scale both marks fall on the hiding place's pixel: the close-up shows them.
    assert voices["inset"]["marks"] == ["voices"]
    assert mouth["inset"]["marks"] == ["voices", "closest"]
    box = mouth["inset"]
    x, y, n = int(box["x"]), int(box["y"]), int(box["size"])
    png_v, png_m = seen["voices"][2], seen["mouth"][2]
    # the close-up's pixels change when the mouth mark is drawn (the diamond and its label)
    assert (np.abs(png_m[y:y + n, x:x + n] - png_v[y:y + n, x:x + n]).sum(axis=2) > 60).sum() > 40
    # the sentence highlighted at the mouth is the closest approach's, ringed at its own event
    idx, _ = current_line(w)
    assert w.page.locator(f"#lines li.line[data-index='{idx}']").get_attribute("data-kind") == "closest_approach"
    data = w.page.evaluate("JSON.parse(document.getElementById('sevr-data').textContent).events")
    assert data[mouth["ring"]]["kind"] == "closest_approach"
    # at the very minute of each event its mark is already there (clicking its sentence goes there)
    for kind, name in (("voices", "voices_heard"), ("closest", "closest_approach")):
        t = next(e["t"] for e in data if e["kind"] == name)  # the page's own time of the event
        w.page.evaluate(f"window.sevrReplay.setTime({t!r})")
        assert kind in state(w)["marks"] and kind in state(w)["inset"]["marks"]
