"""Spec parsing, the built-in ablation, and bad specs refused through the CLI before any work."""
import pytest

from sevr.errors import InputError
from sevr.montecarlo.spec import builtin_spec_names, load_spec
from sevr.scenarios import load, to_toml

from .conftest import flat, invoke, write_spec


def test_grid_is_a_cartesian_product_with_every_path_as_a_column(tmp_path):
    spec = write_spec(tmp_path, """
        scenario = "hijra"
        episodes = 10
        [grid]
        "evaders.tactics.reversals" = [true, false]
        "evaders.tactics.wait_days" = [1, 2, 3]
        "tracker.skill" = [0.8]
    """)
    d = load_spec(str(spec))
    assert len(d.points) == 6 and d.seed == 0 and d.title == "spec"
    assert d.paths == ("evaders.tactics.reversals", "evaders.tactics.wait_days", "tracker.skill")
    assert d.column_types == {"evaders.tactics.reversals": "bool", "evaders.tactics.wait_days": "int64",
                              "tracker.skill": "double"}
    assert [p.index for p in d.points] == list(range(6))
    assert d.points[1].values == {"evaders.tactics.reversals": True, "evaders.tactics.wait_days": 2,
                                  "tracker.skill": 0.8}
    assert d.points[1].scenario.evaders.tactics.wait_days == 2
    assert d.points[1].label == "reversals=true, wait_days=2, skill=0.8"


def test_points_crossed_with_the_grid_and_unset_paths_take_the_scenario_value(tmp_path):
    spec = write_spec(tmp_path, """
        scenario = "hijra"
        episodes = 10
        seed = 3
        [grid]
        "evaders.tactics.wait_days" = [1, 4]
        [[points]]
        label = "story"
        [[points]]
        label = "no web"
        overrides = { "facts.web_over_entrance" = false }
    """)
    d = load_spec(str(spec))
    assert [p.label for p in d.points] == ["story | wait_days=1", "story | wait_days=4",
                                           "no web | wait_days=1", "no web | wait_days=4"]
    assert d.points[0].values["facts.web_over_entrance"] is True     # the scenario's own value
    assert d.points[3].values == {"facts.web_over_entrance": False, "evaders.tactics.wait_days": 4}
    assert d.baseline == {"facts.web_over_entrance": True, "evaders.tactics.wait_days": 3}


def test_relative_scenario_paths_resolve_against_the_spec_folder(tmp_path, monkeypatch):
    sub = tmp_path / "specs"
    sub.mkdir()
    (tmp_path / "my.toml").write_text(to_toml(load("hijra")).replace('name = "hijra"', 'name = "mine"'))
    spec = write_spec(sub, 'scenario = "../my.toml"\nepisodes = 5\n[grid]\n"tracker.skill" = [0.5]\n')
    monkeypatch.chdir("/")
    assert load_spec(str(spec)).base.meta.name == "mine"


def test_fingerprint_follows_what_decides_the_rows(tmp_path, small_spec):
    a = load_spec(str(small_spec))
    assert a.fingerprint() == load_spec(str(small_spec)).fingerprint()
    assert a.fingerprint() != load_spec(str(small_spec), episodes=99).fingerprint()


def test_builtin_ablation_has_every_variant():
    assert "ablation" in builtin_spec_names()
    d = load_spec("ablation")
    labels = [p.label for p in d.points]
    assert labels[0].startswith("baseline") and d.points[0].overrides == {}
    for tactic in ("back_window", "decoy", "tiptoe", "reversals"):
        alone = [p for p in d.points if p.overrides == {f"evaders.tactics.{tactic}": False}]
        assert len(alone) == 1, tactic
    assert any(len(p.overrides) == 4 and not any(p.overrides.values()) for p in d.points)
    days = {p.values["evaders.tactics.wait_days"] for p in d.points}
    assert days == {1, 2, 3, 4, 5}
    what_if = [p for p in d.points if "facts.pigeon_nest" in p.overrides]
    assert len(what_if) == 1 and "what-if" in what_if[0].label
    assert what_if[0].overrides == {"facts.web_over_entrance": False, "facts.pigeon_nest": False}


BAD = [
    ('scenario = "hijra"\nepisodes = 10\n[grid]\n"evaders.tactics.flying" = [true]\n',
     'grid."evaders.tactics.flying"', "no such setting"),
    ('scenario = "hijra"\nepisodes = 10\n[grid]\n', "grid", "empty"),
    ('scenario = "hijra"\nepisodes = 10\n[grid]\n"evaders.tactics.decoy" = []\n',
     'grid."evaders.tactics.decoy"', "list of values is empty"),
    ('scenario = "hijra"\nepisodes = 10\n[grid]\n"evaders.tactics.decoy" = true\n',
     'grid."evaders.tactics.decoy"', "must be a list"),
    ('scenario = "hijra"\nepisodes = 10\n[grid]\n"evaders.tactics.wait_days" = [2, "three"]\n',
     'grid."evaders.tactics.wait_days"', "three"),
    ('scenario = "hijra"\nepisodes = 10\n[grid]\n"evaders.tactics.wait_days" = [2, 0]\n',
     'grid."evaders.tactics.wait_days"', "greater than or equal to 1"),
    ('scenario = "hijra"\nepisodes = 0\n[grid]\n"tracker.skill" = [0.5]\n', "episodes", "> 0"),
    ('scenario = "hijra"\nepisodes = -3\n[grid]\n"tracker.skill" = [0.5]\n', "episodes", "> 0"),
    ('scenario = "hijra"\nepisodes = "many"\n[grid]\n"tracker.skill" = [0.5]\n', "episodes", "whole number"),
    ('scenario = "hijra"\n[grid]\n"tracker.skill" = [0.5]\n', "episodes", "missing"),
    ('scenario = "hijra"\nepisodes = 10\nseeds = 4\n[grid]\n"tracker.skill" = [0.5]\n', "seeds", "unknown top-level"),
    ('episodes = 10\n[grid]\n"tracker.skill" = [0.5]\n', "scenario", "required"),
    ('scenario = "nowhere.toml"\nepisodes = 10\n[grid]\n"tracker.skill" = [0.5]\n', "scenario", "no such file"),
    ('scenario = "hijra"\nepisodes = 10\n', "spec.toml", "design is empty"),
    ('scenario = "hijra"\nepisodes = 10\n[[points]]\nlabel = "x"\noverrides = { "facts.pigeons" = false }\n',
     'points[0].overrides."facts.pigeons"', "no such setting"),
    ('scenario = "hijra"\nepisodes = 10\n[[points]]\nlabel = "x"\noverrides = { "tracker.skill" = 1.5 }\n',
     'points[0].overrides."tracker.skill"', "less than or equal to 1"),
    ('scenario = "hijra"\nepisodes = 10\n[[points]]\nlabel = "a"\n[[points]]\nlabel = "a"\n',
     "points[1].label", "used twice"),
    ('scenario = "hijra"\nepisodes = 10\n[[points]]\noverrides = {}\n', "points[0].label", "label"),
    ('scenario = "hijra"\nepisodes = 10 ]\n', "spec.toml", "not valid TOML"),
]


@pytest.mark.parametrize("text, field, message", BAD, ids=[b[1] + ":" + b[2] for b in BAD])
def test_bad_specs_exit_2_naming_file_and_field_and_write_nothing(tmp_path, text, field, message):
    spec = write_spec(tmp_path, text)
    out = tmp_path / "out"
    result = invoke("sweep", spec, "--out", out)
    said = flat(result.output)
    assert result.exit_code == 2, said
    assert "error:" in said and "spec.toml" in said and field in said and message in said, said
    assert not out.exists()


def test_missing_spec_file_and_bad_options(tmp_path, small_spec):
    out = tmp_path / "out"
    result = invoke("sweep", tmp_path / "absent.toml", "--out", out)
    assert result.exit_code == 2 and "absent.toml" in flat(result.output) and "no such file" in flat(result.output)
    result = invoke("sweep", small_spec, "--out", out, "--episodes", "0")
    assert result.exit_code == 2 and "--episodes" in flat(result.output)
    result = invoke("sweep", small_spec, "--out", out, "--chunk-blocks", "0")
    assert result.exit_code == 2 and "--chunk-blocks" in flat(result.output)
    result = invoke("simulate", "--episodes", "-5", "--out", out)
    assert result.exit_code == 2 and "--episodes" in flat(result.output)
    assert not out.exists()


def test_library_errors_are_input_errors(tmp_path):
    spec = write_spec(tmp_path, 'scenario = "hijra"\nepisodes = 1\n[grid]\n"a.b" = [1]\n')
    with pytest.raises(InputError) as err:
        load_spec(str(spec))
    assert err.value.field == 'grid."a.b"' and err.value.source == str(spec)


def test_only_evasion_scenarios_can_be_simulated(tmp_path):
    from sevr.scenarios import builtin_names

    other = next(n for n in builtin_names() if load(n).meta.kind != "evasion")
    result = invoke("simulate", other, "-n", 10, "--out", tmp_path / "out")
    assert result.exit_code == 2 and "evasion scenario" in flat(result.output)
    assert not (tmp_path / "out").exists()
