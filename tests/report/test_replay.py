"""replay.html's data: every event and sentence, both languages, arrays the page can draw."""
from __future__ import annotations

import json
import re

import numpy as np
import pytest

from sevr.narrate.narrator import narrate
from sevr.report.replay import replay_data, write_replay
from sevr.trail.prints import ground_tables


@pytest.fixture(scope="module")
def data(hijra_story, hijra_records):
    return replay_data(hijra_story, hijra_records, "en")


def test_every_event_with_its_sentence_in_both_languages(data, hijra_story, hijra_records):
    assert [e["kind"] for e in data["events"]] == [r["kind"] for r in hijra_records]
    for lang in ("en", "tr"):
        lines = data["text"][lang]["lines"]
        assert [l["text"] for l in lines] == [l.text for l in narrate(hijra_records, hijra_story.scenario, lang)]
        # One sentence per event, except the false turns, which the narrator sums up in one or two.
        told = [e["t"] for e in data["events"] if e["kind"] != "false_branch"]
        assert [l["t"] for l in lines if l["kind"] != "false_branch"] == told
        turns = [l for l in lines if l["kind"] == "false_branch"]
        assert 1 <= len(turns) <= 2 and {l["t"] for l in turns} <= {e["t"] for e in data["events"]}
    assert data["text"]["en"]["lines"][0]["text"] != data["text"]["tr"]["lines"][0]["text"]


def test_slider_covers_the_whole_run(data, hijra_records):
    last = max(r["t_min"] for r in hijra_records)
    assert last < data["t_end"] <= last + 61
    assert len(data["light"]["visibility"]) * data["light"]["step"] >= data["t_end"]


def test_prints_carry_the_half_life_of_their_ground(data, hijra_story):
    _, half = ground_tables(hijra_story.scenario.trail)
    p = data["prints"]
    assert len(p["x"]) == len(p["t"]) == len(p["s"]) == len(p["half_life_h"]) == len(hijra_story.prints_xy)
    assert set(p["half_life_h"]) <= set(np.round(half, 2))
    k = 17
    g = hijra_story.terrain.ground_at(hijra_story.prints_xy[k, 0], hijra_story.prints_xy[k, 1])
    assert p["half_life_h"][k] == pytest.approx(half[g])
    assert sum(p["blood"]) == int(np.sum(hijra_story.prints_blood)) > 0


def test_light_is_dark_at_night_and_bright_at_midday(data, hijra_records):
    vis = data["light"]["visibility"]
    step = data["light"]["step"]
    exit_t = next(r["t_min"] for r in hijra_records if r["kind"] == "exit")  # 23:40 local
    assert vis[int(exit_t // step)] < 0.7
    assert vis[int((exit_t + 720) // step)] == pytest.approx(1.0)  # 11:40 next day


def test_belief_snapshots_are_on_the_terrain(data, hijra_story):
    b = data["beliefs"]
    assert [x["t"] for x in b] == pytest.approx([t for t, _ in hijra_story.beliefs], abs=0.01)
    first = b[0]
    assert first["rows"] * first["cell"] <= hijra_story.terrain.shape[0] * hijra_story.terrain.cell_m
    assert first["west"] == hijra_story.terrain.west_m


def test_clock_table_matches_the_narration(data, hijra_story, hijra_records):
    c = data["clock"]
    lines = narrate(hijra_records, hijra_story.scenario, "en")
    for line in lines:
        local = round(c["start_min"] + line.t_min)
        assert f"{local % 1440 // 60:02d}:{local % 60:02d}" == line.time_label
        assert c["periods"]["en"][int((local - 360) // 720) - c["period_first"]] == line.day_label


def test_written_page_is_self_contained(hijra_story, hijra_records, tmp_path):
    page = write_replay(hijra_story, hijra_records, "tr", tmp_path / "replay.html")
    html = page.read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="tr">' in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    block = re.search(r'<script type="application/json" id="sevr-data">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)["lang"] == "tr"
    assert page.stat().st_size < 3_000_000
