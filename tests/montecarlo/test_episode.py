"""A sweep episode replayed through the story engine: its recorded stream, roles instead of persons."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from sevr.cli import app
from sevr.errors import InputError
from sevr.montecarlo.episode import episode_scenario, replay_episode

runner = CliRunner()


def _sweep_folder(tmp_path, episodes=3, overrides=None):
    """A real sweep folder: one point of the Hijra with `overrides`, written by `sevr sweep`."""
    spec = tmp_path / "spec.toml"
    lines = ['title = "t"', 'scenario = "hijra"', f"episodes = {episodes}", "seed = 11", "", "[[points]]",
             'label = "base"']
    if overrides:
        lines.append("overrides = { " + ", ".join(f'"{k}" = {str(v).lower()}' for k, v in overrides.items()) + " }")
    spec.write_text("\n".join(lines) + "\n", "utf-8")
    folder = tmp_path / "sweep"
    done = runner.invoke(app, ["sweep", str(spec), "--out", str(folder)])
    assert done.exit_code == 0, done.output
    return folder


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
    for name in ("Abu Bakr", "Ebû Bekir", "Abu Kurz", "Ebû Kürz", "Umayya", "Ümeyye", "Amir", "Âmir"):
        assert name not in html, name
    assert "yolcu" in html and "the two travellers" in html  # both languages name the roles
    records = [json.loads(l) for l in (page.parent / "events.jsonl").read_text("utf-8").splitlines()]
    # Episode 2 of seed 11 draws its own tracker: the story's own central run is not what we replayed.
    from sevr.scenarios import load
    from sevr.sim import draws as draws_mod
    from sevr.sim.stream import EpisodeStream

    stream = EpisodeStream.of(11, 0, 2)
    assert draws_mod.sample(load("hijra"), stream) != draws_mod.central(load("hijra"))
    assert records[0]["kind"] == "arrive_house" and str(page.resolve()) in result.output.replace("\n", "")
