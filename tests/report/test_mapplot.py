"""The story map: a drawn PNG of the right size from a small synthetic run, in both languages."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from matplotlib import cbook
from matplotlib.text import Text

import sevr.report.mapplot as mapplot
from sevr.report.mapplot import draw_story_map
from sevr.scenarios import load
from sevr.sim.events import Event
from sevr.sim.result import StoryResult
from tests.images import assert_drawn


@dataclass(frozen=True)
class FakeTerrain:
    """The parts of sevr.world.Terrain the map uses (row 0 = north edge)."""

    elevation: np.ndarray
    ground: np.ndarray
    cell_m: float
    west_m: float
    north_m: float

    @property
    def shape(self):
        return self.elevation.shape

    @property
    def extent(self):
        rows, cols = self.shape
        return (self.west_m, self.west_m + cols * self.cell_m, self.north_m - rows * self.cell_m, self.north_m)

    def hillshade(self, azimuth_deg: float = 315.0, altitude_deg: float = 45.0):
        dy, dx = np.gradient(self.elevation, self.cell_m)
        slope = np.arctan(np.hypot(dx, dy))
        aspect = np.arctan2(-dx, dy)
        az, alt = np.radians(azimuth_deg), np.radians(altitude_deg)
        shade = np.sin(alt) * np.cos(slope) + np.cos(alt) * np.sin(slope) * np.cos(az - aspect)
        return np.clip(shade, 0.0, 1.0)


class FakeFrame:
    """Equirectangular lat/lon <-> metres around the scenario origin (good enough for a test)."""

    def __init__(self, lat0: float, lon0: float) -> None:
        self.lat0, self.lon0 = lat0, lon0

    def to_xy(self, lat, lon):
        return ((lon - self.lon0) * 111_320.0 * np.cos(np.radians(self.lat0)), (lat - self.lat0) * 110_574.0)

    def to_latlon(self, x, y):
        return (self.lat0 + y / 110_574.0, self.lon0 + x / (111_320.0 * np.cos(np.radians(self.lat0))))


class FakeClock:
    def local_label(self, t_min):
        minutes = int(round(750 + t_min)) % 1440
        return "0622-09-09", f"{minutes // 60:02d}:{minutes % 60:02d}"

    def iso(self, t_min):
        return "0622-09-12T12:30:00+02:39"


def _fake_result(scenario, *, belief: bool = True, minimal: bool = False) -> StoryResult:
    cell, west, north = 20.0, 0.0, -2500.0
    rows, cols = 150, 150
    yy, xx = np.mgrid[0:rows, 0:cols]
    x = west + (xx + 0.5) * cell
    y = north - (yy + 0.5) * cell
    elevation = 300.0 + 420.0 * np.exp(-(((x - 2500.0) / 700.0) ** 2 + ((y - 4900.0 * -1) / 700.0) ** 2))
    terrain = FakeTerrain(elevation, np.zeros_like(elevation, dtype=np.uint8), cell, west, north)
    start, hideout = (300.0, -2700.0), (2400.0, -4800.0)
    route = np.linspace(start, hideout, 60)
    wiggle = np.column_stack([np.zeros(60), 15.0 * np.sin(np.linspace(0, 12, 60))])
    path = route + wiggle
    branch = np.array([path[20], path[20] + [60.0, 10.0], path[20]])
    prints = path[::2]
    n = len(prints)
    strength = np.linspace(0.2, 0.7, n)
    blood = np.zeros(n, dtype=bool)
    blood[-6:-3] = True
    closest = (2399.0, -4799.0)
    events = [
        Event(598.0, "voices_heard", ("pursuers", "abu_kurz"), 2392.0, -4781.5, {"distance_m": 20.0}),
        Event(600.0, "closest_approach", ("pursuers", "abu_kurz"), *closest,
              {"distance_m": 1.4, "at_mouth": True, "could_see_inside": False}),
        Event(601.0, "trail_end", ("abu_kurz",), *closest, {"distance_to_hideout_m": 25.0, "delay_min": 40.0, "misled_count": 2}),
    ]
    beliefs = []
    if belief:
        grid = np.exp(-(((x - 2400.0) / 200.0) ** 2 + ((y + 4800.0) / 200.0) ** 2))
        beliefs = [(500.0, grid * 0.5), (620.0, grid)]
    empty = np.empty((0, 2))
    return StoryResult(
        scenario=scenario, seed=0, frame=FakeFrame(scenario.frame.origin_lat, scenario.frame.origin_lon),
        clock=FakeClock(), terrain=terrain, events=[] if minimal else events, start_xy=start, hideout_xy=hideout,
        path_xy=empty if minimal else path, path_t_min=np.linspace(0, 200, 0 if minimal else 60),
        route_xy=empty if minimal else route, branches=[] if minimal else [branch],
        prints_xy=empty if minimal else prints, prints_t_min=np.zeros(0 if minimal else n),
        prints_strength=np.zeros(0) if minimal else strength, prints_blood=np.zeros(0, bool) if minimal else blood,
        tracker_xy=empty if minimal else path[5:], tracker_t_min=np.zeros(0 if minimal else 55),
        closest_xy=None if minimal else closest, beliefs=beliefs)


@pytest.fixture(scope="module")
def scenario():
    return load("hijra")


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_map_png_written_with_the_right_size(tmp_path, scenario, lang):
    out = tmp_path / f"map_{lang}.png"
    returned = draw_story_map(_fake_result(scenario), out, lang=lang)
    assert returned == out
    assert_drawn(out, (1600, 1600))  # its speed is measured in benchmarks/bench_world.py


def test_map_without_trail_tracker_or_belief(tmp_path, scenario):
    out = tmp_path / "bare.png"
    draw_story_map(_fake_result(scenario, belief=False, minimal=True), out, inset=True)
    assert_drawn(out, (1600, 1600))


def test_map_size_and_options(tmp_path, scenario):
    out = tmp_path / "small.png"
    draw_story_map(_fake_result(scenario), out, dpi=100, size_in=6.0, belief=False, inset=False)
    assert_drawn(out, (600, 600))


def test_map_shows_special_characters_literally(tmp_path, scenario, monkeypatch):
    odd = scenario.model_copy(deep=True)
    odd.places.start.name_en = "$x$ *house* [1] _y_"
    odd.places.hideout.name_en = "cave $"
    out = tmp_path / "odd.png"
    figures = []

    class Recorded(mapplot.Figure):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            figures.append(self)

    monkeypatch.setattr(mapplot, "Figure", Recorded)
    told = _fake_result(odd)
    told.summary["conditioned"] = True  # the narrated run names the places; a what-if names roles
    draw_story_map(told, out, lang="en")  # no mathtext error from the $ signs
    assert_drawn(out, (1600, 1600))
    texts = [t.get_text() for t in figures[0].findobj(Text)]
    named = [t for t in texts if "house" in t or "cave" in t]
    assert named, texts
    for text in named:
        # Not read as mathtext, and shown as the name itself once matplotlib unescapes \$.
        assert not cbook.is_math_text(text)
    shown = [t.replace(r"\$", "$") for t in named]
    assert any("$x$ *house* [1] _y_" in t for t in shown) and any("cave $" in t for t in shown)


def test_map_is_deterministic(tmp_path, scenario):
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    draw_story_map(_fake_result(scenario), a)
    draw_story_map(_fake_result(scenario), b)
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("lang, voices, mouth", [("en", "Voices first heard: 20 m", "Pursuers at the mouth: 1 m"),
                                                 ("tr", "seslerin ilk duyulduğu yer: 20 m", "ağzındaki takipçiler")])
def test_map_marks_the_voices_and_the_pursuers_at_the_mouth(tmp_path, scenario, monkeypatch, lang, voices, mouth):
    figures = []
    save = mapplot.save_png
    monkeypatch.setattr(mapplot, "save_png", lambda fig, *a, **k: (figures.append(fig), save(fig, *a, **k))[1])
    draw_story_map(_fake_result(scenario), tmp_path / "m.png", lang=lang)
    labels = [t.get_text() for ax in figures[0].axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert any(voices.lower() in t.lower() for t in labels), labels
    assert any(mouth.lower() in t.lower() for t in labels), labels
