import datetime as dt

import pytest

from sevr.errors import InputError
from sevr.scenarios import builtin_names, get_path, load, to_toml, validate, with_overrides
from sevr.scenarios.loader import parse


def test_builtin_hijra_loads_with_its_facts():
    s = load("hijra")
    assert "hijra" in builtin_names()
    assert s.meta.kind == "evasion"
    assert s.time.exit > s.time.start
    assert s.facts.web_over_entrance and s.facts.pigeon_nest
    assert {m.id for m in s.evaders.members} == {"prophet", "abu_bakr"}


def test_show_round_trips_exactly():
    s = load("hijra")
    again = validate(parse(to_toml(s), "shown.toml"), "shown.toml")
    assert again == s
    assert isinstance(again.time.start, dt.datetime)


def test_show_round_trips_an_unset_optional_key():
    s = with_overrides(load("hijra"), {"terrain.base_elevation_m": None})
    text = to_toml(s)
    assert "base_elevation_m" not in text  # TOML has no null: the key is left out
    again = validate(parse(text, "shown.toml"), "shown.toml")
    assert again.terrain.base_elevation_m is None and again == s


def _write(tmp_path, text, name="bad.toml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_typo_is_rejected_with_file_and_field(tmp_path):
    text = to_toml(load("hijra")).replace("reversal_count =", "reversal_cuont =")
    with pytest.raises(InputError) as err:
        load(_write(tmp_path, text))
    assert err.value.field == "evaders.tactics.reversal_cuont"
    assert "bad.toml" in str(err.value) and "unknown key" in str(err.value)


def test_wrong_type_and_range_name_the_field(tmp_path):
    base = to_toml(load("hijra"))
    with pytest.raises(InputError) as err:
        load(_write(tmp_path, base.replace("skill = 0.9", 'skill = "high"')))
    assert err.value.field == "tracker.skill"
    with pytest.raises(InputError) as err:
        load(_write(tmp_path, base.replace("p_see_back_window = 0.03", "p_see_back_window = 1.7")))
    assert err.value.field == "watchers.p_see_back_window"


def test_not_toml_and_missing_file(tmp_path):
    with pytest.raises(InputError, match="not valid TOML"):
        load(_write(tmp_path, "this is = = not toml"))
    with pytest.raises(InputError, match="no such file"):
        load(str(tmp_path / "nowhere.toml"))


def test_missing_required_and_unknown_kind(tmp_path):
    with pytest.raises(InputError) as err:
        load(_write(tmp_path, '[meta]\nname = "x"\nkind = "evasion"\ntitle = "t"\n'))
    assert err.value.field == "time"
    with pytest.raises(InputError) as err:
        load(_write(tmp_path, '[meta]\nname = "x"\nkind = "submarine"\ntitle = "t"\n'))
    assert err.value.field == "meta.kind"


def test_overrides_by_dotted_path():
    s = load("hijra")
    t = with_overrides(s, {"evaders.tactics.reversals": False, "evaders.tactics.wait_days": 2})
    assert get_path(t, "evaders.tactics.reversals") is False and t.evaders.tactics.wait_days == 2
    assert s.evaders.tactics.reversals is True  # the original is untouched
    with pytest.raises(InputError, match="no such setting"):
        with_overrides(s, {"evaders.tactics.reversal": False})
    with pytest.raises(InputError) as err:
        with_overrides(s, {"evaders.tactics.wait_days": "three"})
    assert err.value.field == "evaders.tactics.wait_days"


def test_builtin_names_match_their_meta_names():
    for name in builtin_names():
        assert load(name).meta.name == name


def test_the_hijra_file_states_the_schema_defaults_it_relies_on():
    """Where the schema has a default for a key the Hijra file sets, both must agree, unless the
    key is scenario-specific (listed here): the docs describe one value."""
    import tomllib
    from importlib import resources

    from pydantic import BaseModel
    from pydantic_core import PydanticUndefined

    from sevr.scenarios.schema import EvasionScenario

    specific = {"meta.hijri_date", "time.calendar", "time.utc_offset_min", "frame.origin_name",
                "terrain.base_elevation_m", "terrain.noise_amplitude_m", "terrain.noise_seed",
                "places.watched_house", "evaders.money_dirham", "evaders.decoy_person"}
    text = resources.files("sevr.scenarios.builtin").joinpath("hijra.toml").read_text("utf-8")
    clashes = []

    def walk(model, data, prefix):
        for name, f in model.model_fields.items():
            if name not in data:
                continue
            value, sub = data[name], f.annotation
            if isinstance(sub, type) and issubclass(sub, BaseModel) and isinstance(value, dict):
                walk(sub, value, prefix + name + ".")
            elif f.default is not PydanticUndefined and prefix + name not in specific and f.default != value:
                clashes.append((prefix + name, f.default, value))

    walk(EvasionScenario, tomllib.loads(text), "")
    assert clashes == []


def test_the_voices_cannot_be_heard_closer_than_the_mouth():
    from sevr.errors import InputError
    from sevr.scenarios import load, with_overrides

    hijra = load("hijra")
    at_mouth = with_overrides(hijra, {"pursuers.voices_heard_m": hijra.places.hideout.hiders_inside_m})
    assert at_mouth.pursuers.voices_heard_m == at_mouth.places.hideout.hiders_inside_m
    with pytest.raises(InputError, match=r"pursuers\.voices_heard_m: must be at least places\.hideout\.hiders_inside_m"):
        with_overrides(hijra, {"pursuers.voices_heard_m": 0.5})
