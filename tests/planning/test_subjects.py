"""The ISRID distance table: every row cited and cross-checked, quantiles increasing, lookups."""
import tomllib
from importlib import resources

import pytest

from sevr.errors import InputError
from sevr.planning.lostperson import KOESTER_HIKER_TEMPERATE_MOUNTAINOUS
from sevr.planning.subjects import categories, distance_row, load_table


def raw():
    text = resources.files("sevr.planning").joinpath("data", "isrid_distances.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_every_row_is_cited_checked_twice_and_increasing():
    data = raw()
    sources = set(data["transcriptions"])
    assert len(data["row"]) >= 20
    for row in data["row"]:
        assert row["source"].startswith("Koester 2008, Lost Person Behavior"), row
        assert len(set(row["checked_in"])) >= 2 and set(row["checked_in"]) <= sources, row
        km = row["km"]
        assert len(km) == 4 and all(a < b for a, b in zip(km, km[1:])) and km[0] > 0, row
        assert row["climate"] in ("temperate", "dry", "any") and row["terrain"] in ("mountainous", "flat", "any")
    keys = [(r["category"], r["climate"], r["terrain"]) for r in data["row"]]
    assert len(keys) == len(set(keys))


def test_the_issue_categories_are_there_or_documented_as_left_out():
    have = set(categories())
    assert {"hiker", "hunter", "child_1_3", "child_4_6", "child_7_9", "child_10_12", "child_13_15", "dementia",
            "despondent", "autistic", "mountain_biker", "skier_nordic", "gatherer", "horseback_rider"} <= have
    # left out because the transcriptions disagree or only one gives them (docs/planning.md says which)
    assert not {"climber", "runner", "skier_alpine"} & have


def test_the_hiker_row_is_the_built_in_one():
    row = distance_row("hiker", "mountainous", "temperate")
    assert row.km == KOESTER_HIKER_TEMPERATE_MOUNTAINOUS
    assert row.n == 568


def test_rows_by_terrain_and_climate_and_their_fallbacks():
    assert distance_row("hunter", "flat").km == (0.6, 1.6, 3.1, 13.7)
    assert distance_row("Hiker", "flat", "dry").km == (1.3, 2.1, 6.6, 13.1)
    assert distance_row("child-4-6", "mountainous").km == (0.2, 0.8, 1.5, 3.7)
    # one row for all terrain, one for everything
    assert distance_row("autistic", "flat").terrain == "any"
    assert distance_row("horseback_rider", "flat", "dry").climate == "any"


def test_unknown_category_names_the_field_and_lists_the_known_ones():
    with pytest.raises(InputError) as err:
        distance_row("astronaut", field="--category")
    msg = str(err.value)
    assert msg.startswith("--category: unknown subject category 'astronaut'")
    assert "hiker" in msg and "dementia" in msg


def test_a_missing_row_is_an_error_listing_what_there_is():
    with pytest.raises(InputError, match="no published row for dementia in dry climate.*temperate/mountainous"):
        distance_row("dementia", "mountainous", "dry")


def test_table_is_read_once_and_is_immutable():
    assert load_table() is load_table()
    assert isinstance(load_table(), tuple)
