"""The documented limits: every field bounded, the docs table in step with the schema, and the
boundaries of the rules that relate fields (terrain shape, places, times, file size)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from sevr.errors import InputError
from sevr.scenarios import load, with_overrides
from sevr.scenarios.geography import MIN_WALK_CELLS
from sevr.scenarios.loader import MAX_FILE_BYTES, read_capped
from sevr.scenarios.schema import MAX_TERRAIN_AXIS_CELLS, MAX_TERRAIN_CELLS, Terrain
from sevr.sim.setup import _check_walkable
from sevr.world import GeoFrame, Terrain as Grid, cost_surface
from tests.scenarios.schema_table import MODELS, doc_rows, field_rows

DOC = Path(__file__).resolve().parents[2] / "docs" / "limits.md"


def test_every_number_text_and_list_field_has_both_limits():
    for kind, model in MODELS.items():
        for path, type_name, bounds in field_rows(model):
            if type_name in ("float", "int"):
                assert {"ge", "gt"} & set(bounds) and {"le", "lt"} & set(bounds), (kind, path)
            elif type_name == "list":
                assert "max_length" in bounds, (kind, path)
            elif type_name == "str" and path != "departure.clock":  # the clock is a fixed HH:MM pattern
                assert "max_length" in bounds, (kind, path)


def test_the_docs_table_is_the_schema():
    table = [line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("| `")]
    assert table == doc_rows()


def _terrain(**edges) -> Terrain:
    return Terrain(**{"west_m": 0.0, "east_m": 30.0, "south_m": 0.0, "north_m": 30.0, "cell_m": 10.0, **edges})


def test_terrain_needs_three_cells_a_side_counted_on_the_real_grid():
    assert _terrain(east_m=25.001, north_m=34.9).shape == (3, 3)  # each axis rounded to whole cells
    for edges in ({"north_m": 24.9}, {"east_m": 25.0}):  # 2.5 cells round (half to even) to 2
        with pytest.raises(ValueError, match="at least 3 cells"):
            _terrain(**edges)
    with pytest.raises(ValueError, match="at least 3 cells"):  # the 10,000 km x 1 mm strip of the issue
        _terrain(west_m=-500_000.0, east_m=500_000.0, north_m=0.001, cell_m=1.0)


def test_terrain_size_limits_per_side_and_in_all():
    side = float(MAX_TERRAIN_AXIS_CELLS)
    assert _terrain(east_m=side, north_m=3.0, cell_m=1.0).shape == (3, MAX_TERRAIN_AXIS_CELLS)
    with pytest.raises(ValueError, match="per side"):
        _terrain(east_m=side + 1, north_m=3.0, cell_m=1.0)
    square = MAX_TERRAIN_CELLS ** 0.5
    assert _terrain(east_m=square, north_m=square, cell_m=1.0).shape == (2000, 2000)
    with pytest.raises(ValueError, match="in all"):
        _terrain(east_m=square, north_m=square + 1, cell_m=1.0)


def _moved(scenario, key: str, dx: float, dy: float, frame=None):
    """The scenario with a place moved to (dx, dy) metres from the origin."""
    frame = frame or GeoFrame(scenario.frame.origin_lat, scenario.frame.origin_lon)
    lat, lon = frame.to_latlon(dx, dy)
    return with_overrides(scenario, {f"{key}.lat": lat, f"{key}.lon": lon}, label="moved.toml")


def test_a_place_must_lie_inside_the_grid():
    s = load("hijra")
    west, east, south, north = s.terrain.grid_extent
    assert _moved(s, "places.watched_house", east - 0.5, north - 0.5)
    for x, y in ((east + 0.5, -100.0), (west - 0.5, -100.0), (0.0, north + 0.5), (0.0, south - 0.5)):
        with pytest.raises(InputError) as err:
            _moved(s, "places.watched_house", x, y)
        assert err.value.field == "places.watched_house" and err.value.source == "moved.toml"


def test_the_hideout_lies_at_least_two_cells_from_the_start():
    s = load("hijra")
    frame = GeoFrame(s.frame.origin_lat, s.frame.origin_lon)
    x0, y0 = frame.to_xy(s.places.start.lat, s.places.start.lon)
    least = MIN_WALK_CELLS * s.terrain.cell_m
    assert _moved(s, "places.hideout", x0, y0 - least - 0.01, frame)
    with pytest.raises(InputError, match="at least 20 m") as err:
        _moved(s, "places.hideout", x0, y0 - least + 0.5, frame)
    assert err.value.field == "places.hideout"


def test_times_limits():
    s = load("hijra")
    start = s.time.start
    assert with_overrides(s, {"time.exit": start + dt.timedelta(days=30)}).time.exit.day == 9
    with pytest.raises(InputError, match="within 30 days") as err:
        with_overrides(s, {"time.exit": start + dt.timedelta(days=30, seconds=1)})
    assert err.value.field == "time"
    assert with_overrides(s, {"time.start": dt.datetime(9998, 12, 1), "time.exit": dt.datetime(9998, 12, 2)})
    with pytest.raises(InputError, match="between 2 and 9998"):
        with_overrides(s, {"time.start": dt.datetime(9999, 1, 1), "time.exit": dt.datetime(9999, 1, 2)})
    with pytest.raises(InputError, match="between 2 and 9998"):
        with_overrides(s, {"time.start": dt.datetime(1, 6, 1)})
    aware = dt.datetime(622, 9, 9, 12, 30, tzinfo=dt.timezone.utc)
    with pytest.raises(InputError, match="time-zone offset") as err:
        with_overrides(s, {"time.start": aware})
    assert err.value.field == "time.start"


def test_rest_of_world_below_one():
    s = load("lost-hiker")
    assert with_overrides(s, {"distance.rest_of_world_min": 0.99}).distance.rest_of_world_min == 0.99
    with pytest.raises(InputError) as err:
        with_overrides(s, {"distance.rest_of_world_min": 1.0})
    assert err.value.field == "distance.rest_of_world_min"


def test_file_reads_stop_at_the_cap(tmp_path):
    path = tmp_path / "s.toml"
    path.write_bytes(b"#" * MAX_FILE_BYTES)
    assert len(read_capped(path)) == MAX_FILE_BYTES
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(InputError, match="larger than"):
        read_capped(path)
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(InputError, match="UTF-8"):
        read_capped(path)


def test_an_unwalkable_place_is_named_by_its_cause():
    elevation = np.zeros((5, 5))
    elevation[:, 3:] = np.arange(2) * 50.0 + 100.0  # a cliff in the east
    elevation[1, 1] = np.nan  # a nodata hole
    grid = Grid(elevation, np.zeros((5, 5), np.uint8), 10.0, 0.0, 50.0)
    cost = cost_surface(grid)
    for beside_the_hole in ((15.0, 35.0), (25.0, 35.0)):
        with pytest.raises(InputError, match="no elevation") as err:
            _check_walkable(grid, cost, "places.start", beside_the_hole)
        assert err.value.field == "places.start"
    with pytest.raises(InputError, match="steeper than 40 degrees") as err:
        _check_walkable(grid, cost, "places.hideout", (45.0, 5.0))
    assert err.value.field == "places.hideout"
    _check_walkable(grid, cost, "places.start", (5.0, 5.0))  # flat and known: no error


def test_non_finite_numbers_are_called_so():
    s = load("hijra")
    for value in (float("nan"), float("inf"), float("-inf")):
        with pytest.raises(InputError, match="must be a finite number") as err:
            with_overrides(s, {"tracker.hire_delay_min": value})
        assert err.value.field == "tracker.hire_delay_min"
