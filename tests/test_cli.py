"""The CLI through Typer's runner: help, list, show -> run round-trip, bad input."""
import json

import pytest
from typer.testing import CliRunner

from sevr.cli import app
from tests.images import assert_drawn

runner = CliRunner()


def test_help_lists_the_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("run", "scenario"):
        assert command in result.output
    sub = runner.invoke(app, ["run", "--help"])
    assert sub.exit_code == 0 and "--seed" in sub.output and "--light" in sub.output


def test_scenario_list_names_hijra():
    result = runner.invoke(app, ["scenario", "list"])
    assert result.exit_code == 0 and "hijra" in result.output


@pytest.fixture(scope="module")
def shown(tmp_path_factory):
    path = tmp_path_factory.mktemp("show") / "hijra.toml"
    result = runner.invoke(app, ["scenario", "show", "hijra"])
    assert result.exit_code == 0
    path.write_text(result.stdout, encoding="utf-8")
    return path


def test_show_then_run_the_file_gives_the_builtin_run(shown, tmp_path):
    a = runner.invoke(app, ["run", str(shown), "--out", str(tmp_path / "file")])
    b = runner.invoke(app, ["run", "hijra", "--out", str(tmp_path / "builtin")])
    assert a.exit_code == 0, a.output
    assert b.exit_code == 0, b.output
    for name in ("events.jsonl", "summary.json", "timeline.md"):
        assert (tmp_path / "file" / name).read_bytes() == (tmp_path / "builtin" / name).read_bytes()
    assert (tmp_path / "file" / "map.png").read_bytes() == (tmp_path / "builtin" / "map.png").read_bytes()
    assert_drawn(tmp_path / "file" / "map.png", (1600, 1600))
    events = [json.loads(line) for line in (tmp_path / "file" / "events.jsonl").read_text().splitlines()]
    assert [e["t_min"] for e in events] == sorted(e["t_min"] for e in events)
    for e in events:
        assert {"t_min", "time", "kind", "actors", "x_m", "y_m", "lat", "lon"} <= set(e)


def test_turkish_run_and_astronomical_note(tmp_path):
    result = runner.invoke(app, ["run", "--lang", "tr", "--light", "astronomical", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "timeline.md").read_text(encoding="utf-8")
    assert "Sevr" in text and any(ch in text for ch in "ğşıİ")
    assert "yeni ay" in " ".join(result.output.split())
    assert "Hicret gecesi: Mekke'den Sevr mağarasına" in result.output and "Çıktılar" in result.output
    assert "Outputs" not in result.output
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["voices_heard_m"] == 20.0 and summary["closest_approach_m"] == 1.0
    assert summary["attempts"] >= 1 and summary["conditioned"] is True


def test_impossible_conditions_exit_2_naming_file_and_field(shown, tmp_path):
    base = shown.read_text(encoding="utf-8")
    text = base.replace("p_see_back_window = 0.03", "p_see_back_window = 1.0").replace(
        "max_attempts = 2000", "max_attempts = 3")
    out = _bad(tmp_path, text)
    assert "bad.toml" in out and "story.conditions" in out and "exit_unseen" in " ".join(out.split())


def test_a_scenario_without_conditions_is_told_as_a_what_if(shown, tmp_path):
    base = shown.read_text(encoding="utf-8")
    start = base.index("[story]")
    end = base.index("[", base.index("max_attempts", start))
    path = tmp_path / "free.toml"
    path.write_text(base[:start] + base[end:], encoding="utf-8")
    result = runner.invoke(app, ["run", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "timeline.md").read_text(encoding="utf-8")
    assert text.startswith("# A what-if of the model") and "the two travellers" in text
    assert "Abu Bakr" not in text.split("## Notes")[0].split("## Timeline")[1]


def _bad(tmp_path, text):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(path), "--out", str(out)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert not out.exists()
    return result.output


def test_bad_inputs_exit_2_and_write_nothing(shown, tmp_path):
    base = shown.read_text(encoding="utf-8")
    assert "bad.toml" in _bad(tmp_path, "not [valid toml")
    assert "evaders.tactics.reversalz" in _bad(tmp_path, base.replace("reversals = true", "reversalz = true"))
    assert "tracker.skill" in _bad(tmp_path, base.replace("skill = 0.9", "skill = 1.9"))
    assert "watchers.count" in _bad(tmp_path, base.replace("count = 3", 'count = "three"'))
    missing = runner.invoke(app, ["run", str(tmp_path / "nowhere.toml")])
    assert missing.exit_code == 2 and "nowhere.toml" in missing.output


def test_bad_options_exit_2():
    def flat(output):  # the message without Rich's box and line breaks
        return " ".join(output.replace("│", " ").split())

    lang = runner.invoke(app, ["run", "--lang", "fr"])
    assert lang.exit_code == 2 and "Traceback" not in lang.output
    assert "Invalid value for '--lang'" in flat(lang.output) and "'fr' is not one of 'en', 'tr'" in flat(lang.output)
    seed = runner.invoke(app, ["run", "--seed", "-1"])
    assert seed.exit_code == 2 and "Invalid value for '--seed'" in flat(seed.output)
    assert "greater than or equal to 0" in flat(seed.output)


def test_missing_geotiff_is_a_clear_error(shown, tmp_path):
    base = shown.read_text(encoding="utf-8")
    out = _bad(tmp_path, base.replace('source = "synthetic"', 'source = "nowhere.tif"'))
    assert "terrain.source" in out and "nowhere.tif" in out


def test_an_output_path_blocked_by_a_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    for out in (blocker, blocker / "sub"):
        result = runner.invoke(app, ["run", "--out", str(out)])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "file.txt" in result.output


def _help(*argv: str) -> str:
    import subprocess
    import sys

    code = f"import sys; sys.argv = ['sevr', *{list(argv)!r}]; from sevr.cli import main; main()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**__import__("os").environ,
                          "COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_run_help_is_in_turkish_under_lang_tr():
    import typer

    from sevr.cli import app
    from sevr.narrate.localize import load_templates

    texts = load_templates("tr")["cli_help"]["run"]
    params = {p.name for p in typer.main.get_command(app).commands["run"].params} - {"help"}
    assert params <= set(texts)  # every argument and option of `run` has its Turkish help
    turkish = _help("run", "--lang", "tr", "--help")
    assert "Anlatımın ve haritanın dili" in turkish and "Language of the narration" not in turkish
    assert "Anlatımın" in _help("run", "--help", "--lang=tr")
    english = _help("run", "--help")
    assert "Language of the narration" in english and "Anlatımın" not in english
