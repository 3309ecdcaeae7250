"""Terrain backgrounds drawn once and kept in the cache, and the faster PNG writer: same pictures."""
from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from sevr.report import layers
from sevr.report.mapplot import draw_terrain
from sevr.report.png import figure_pixels, save_png
from tests.report.test_mapplot import FakeTerrain


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("SEVR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SEVR_CACHE", raising=False)
    return tmp_path / "cache"


def _terrain(bump: float = 0.0) -> FakeTerrain:
    rows, cols, cell = 120, 100, 20.0
    yy, xx = np.mgrid[0:rows, 0:cols]
    elev = 300.0 + 380.0 * np.exp(-(((xx - 55.0) / 22.0) ** 2 + ((yy - 50.0) / 30.0) ** 2)) + 0.02 * xx * yy
    elev[0, 0] += bump
    return FakeTerrain(elev, np.zeros(elev.shape, np.uint8), cell, 1000.0, 5000.0)


def _axes(terrain, dpi=100):
    fig = Figure(figsize=(5, 5), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes([0.1, 0.1, 0.8, 0.8])
    extent = tuple(v / 1000.0 for v in terrain.extent)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal")
    ax.set_axis_off()
    return fig, ax, extent


class Counter:
    def __init__(self, terrain):
        self.terrain, self.calls = terrain, 0

    def __call__(self, ax):
        self.calls += 1
        draw_terrain(ax, self.terrain, lambda v: f"{v:.0f} m")


def _layer(terrain, draw, size=(200, 240), dpi=100):
    extent = tuple(v / 1000.0 for v in terrain.extent)
    return layers.cached_layer("test-terrain", terrain, {"label": "{level:.0f} m"}, size, dpi, extent, draw)


def test_the_cached_background_is_the_background_drawn_directly(folder):
    terrain = _terrain()
    fig_a, ax_a, extent = _axes(terrain)
    draw_terrain(ax_a, terrain, lambda v: f"{v:.0f} m")
    ax_a.set_xlim(extent[0], extent[1])
    ax_a.set_ylim(extent[2], extent[3])
    direct = figure_pixels(fig_a)[..., :3].astype(int)

    fig_b, ax_b, _ = _axes(terrain)
    size = layers.axes_size_px(ax_b)
    pixels = layers.cached_layer("test-terrain", terrain, {}, size, fig_b.dpi, extent, Counter(terrain))
    assert pixels.shape == (size[1], size[0], 3) and pixels.dtype == np.uint8
    layers.place(ax_b, pixels, extent)
    via_cache = figure_pixels(fig_b)[..., :3].astype(int)

    assert direct.shape == via_cache.shape
    diff = np.abs(direct - via_cache)
    # The same picture, up to half-pixel alignment at the edges of lines and letters.
    assert diff.mean() < 1.5, diff.mean()
    assert np.mean(diff.max(axis=2) > 40) < 0.01
    # ... and not a trivially similar one: a picture upside down is far off.
    assert np.abs(direct - via_cache[::-1]).mean() > 5 * diff.mean()


def test_a_layer_is_drawn_once_then_read_back(folder):
    terrain = _terrain()
    draw = Counter(terrain)
    first = _layer(terrain, draw)
    second = _layer(terrain, draw)
    assert draw.calls == 1
    assert np.array_equal(first, second)
    assert len(list(folder.glob("test-terrain-*.pkl"))) == 1


@pytest.mark.parametrize("change", ["one cell of the elevation", "the size", "the resolution"])
def test_a_changed_input_draws_anew(folder, change):
    terrain = _terrain()
    draw = Counter(terrain)
    _layer(terrain, draw)
    if change == "one cell of the elevation":
        _layer(_terrain(bump=0.5), draw)
    elif change == "the size":
        _layer(terrain, draw, size=(201, 240))
    else:
        _layer(terrain, draw, dpi=101)
    assert draw.calls == 2


def test_without_the_cache_every_call_draws(folder, monkeypatch):
    monkeypatch.setenv("SEVR_CACHE", "off")
    terrain = _terrain()
    draw = Counter(terrain)
    _layer(terrain, draw)
    _layer(terrain, draw)
    assert draw.calls == 2
    assert not folder.exists()


def test_the_digest_follows_the_terrain():
    assert layers.terrain_digest(_terrain()) == layers.terrain_digest(_terrain())
    assert layers.terrain_digest(_terrain()) != layers.terrain_digest(_terrain(bump=1e-9))


def _figure(transparent: bool) -> Figure:
    fig = Figure(figsize=(3, 2), dpi=80)
    if transparent:
        fig.patch.set_alpha(0.0)
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [2, 0, 1], color="tab:red")
    ax.set_title("a title")
    return fig


@pytest.mark.parametrize("transparent", [False, True])
def test_save_png_writes_the_pixels_savefig_writes(tmp_path, transparent):
    import matplotlib.image as mpimg

    reference = tmp_path / "savefig.png"
    FigureCanvasAgg(_figure(transparent)).figure.savefig(reference, dpi=120)
    ours = save_png(_figure(transparent), tmp_path / "ours.png", dpi=120)
    want = np.round(mpimg.imread(reference) * 255).astype(np.uint8)
    with Image.open(ours) as im:
        assert im.mode == ("RGBA" if transparent else "RGB")
        got = np.asarray(im)
    assert got.shape[:2] == want.shape[:2] == (240, 360)
    assert np.array_equal(got, want if transparent else want[..., :3])
