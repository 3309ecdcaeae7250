"""A sweep episode replayed through the story engine: its recorded stream, roles instead of persons."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from sevr.cli import app
from sevr.errors import InputError
from sevr.montecarlo.episode import episode_scenario, replay_episode, roles_only
from sevr.narrate.narrator import narrate

runner = CliRunner()


def _persons(scenario) -> list[str]:
    ev = scenario.evaders
    names = [n for m in ev.members for n in (m.name_en, m.name_tr)]
    names += [ev.decoy_person.name_en, ev.decoy_person.name_tr, scenario.tracker.name_en, scenario.tracker.name_tr,
              scenario.pursuers.leader_en, scenario.pursuers.leader_tr]
    return names + list(scenario.departure.guides_en) + list(scenario.departure.guides_tr)


def test_roles_only_names_no_person_in_either_language(hijra_story, hijra_records):
    plain = roles_only(hijra_story.scenario)
    persons = _persons(hijra_story.scenario)
    for lang in ("en", "tr"):
        text = " ".join(line.text for line in narrate(hijra_records, plain, lang))
        for name in persons:
            assert name not in text, (lang, name)
        assert ("the first traveller" if lang == "en" else "birinci yolcu") in text.lower()
    assert plain.evaders.tactics == hijra_story.scenario.evaders.tactics  # only the names change


def _sweep_folder(tmp_path, episodes=3, overrides=None):
    manifest = {"format": 1, "kind": "simulate", "title": "t", "spec": "", "scenario": "hijra", "seed": 11,
                "episodes": episodes, "engine": "batched",
                "points": [{"point": 0, "label": "base", "overrides": overrides or {}, "values": {}}]}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    return tmp_path


def test_episode_scenario_applies_the_points_overrides(tmp_path):
    folder = _sweep_folder(tmp_path, overrides={"evaders.tactics.decoy": False})
    scenario, manifest = episode_scenario(folder, 0)
    assert scenario.evaders.tactics.decoy is False and manifest["seed"] == 11


@pytest.mark.parametrize("episode, point, field", [(3, 0, "episodes"), (0, 1, "points")])
def test_episode_out_of_range_names_the_field(tmp_path, episode, point, field):
    folder = _sweep_folder(tmp_path)
    with pytest.raises(InputError) as err:
        replay_episode(folder, episode, point)
    assert err.value.field == field and "manifest.json" in str(err.value)
    assert not (folder / "episodes").exists()


def test_view_replays_an_episode_as_a_what_if(tmp_path):
    folder = _sweep_folder(tmp_path)
    result = runner.invoke(app, ["view", str(folder), "--episode", "2", "--no-browser", "--lang", "tr"])
    assert result.exit_code == 0, result.output
    page = folder / "episodes" / "point-0-episode-2" / "replay.html"
    html = page.read_text("utf-8")
    assert '"what_if":true' in html and '<html lang="tr">' in html
    assert "Modelin bir varsayım denemesi" in html.split("</title>")[0]
    for name in ("Abu Bakr (r.a.)", "Abu Kurz", "Ebû Kürz", "Umayya"):
        assert name not in html
    records = [json.loads(l) for l in (page.parent / "events.jsonl").read_text("utf-8").splitlines()]
    # Episode 2 of seed 11 draws its own tracker: the story's own central run is not what we replayed.
    from sevr.scenarios import load
    from sevr.sim import draws as draws_mod
    from sevr.sim.stream import EpisodeStream

    stream = EpisodeStream.of(11, 0, 2)
    assert draws_mod.sample(load("hijra"), stream) != draws_mod.central(load("hijra"))
    assert records[0]["kind"] == "arrive_house" and str(page.resolve()) in result.output.replace("\n", "")
