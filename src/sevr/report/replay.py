"""replay.html: the run as a page that plays the night back, offline, in both languages.

The page is one file (`sevr.report.webpage`): the terrain as a JPEG (hillshade, elevation tint
and 50 m contours), the run's arrays (path, prints with their strength and fading half-life,
false branches, tracker's route, the pursuers' belief snapshots, light over time) and every
event with its narrated sentence in English and Turkish. The script in
``web/replay.js`` draws the map at the slider's time; it reads events generically (time,
kind, place, sentence), so new event kinds need nothing here.
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sevr import cache
from sevr.narrate.localize import LANGS, Localizer, format_date, load_templates
from sevr.narrate.narrator import day_period, narrate, period_label, scenario_context
from sevr.report.layers import terrain_digest
from sevr.report.mapplot import MAP_STYLE, _contour_levels, _grid_axes, _tint_cmap
from sevr.report.timeline import scenario_title
from sevr.report.webpage import asset_text, b64_uint8, jpeg_data_uri, render_page
from sevr.trail.prints import ground_tables
from sevr.world.light import light_at

__all__ = ["replay_data", "write_replay", "terrain_layer", "ui_labels"]

LIGHT_STEP_MIN = 10.0        # the light is sampled every 10 minutes (the page interpolates)
TERRAIN_MAX_PX = 1400        # longest side of the terrain image
BELIEF_MAX_CELLS = 160       # longest side of a belief snapshot on the page
END_MARGIN_MIN = 60.0        # the slider runs this long past the last event
PARTY_EVENTS_END = ("search_withdrawn", "found", "trail_lost", "intercepted")


def ui_labels(lang: str) -> dict[str, str]:
    """The page's own words (buttons, legend entries) in `lang`, from ``web/labels.toml``."""
    return dict(tomllib.loads(asset_text("labels.toml"))[lang])


def terrain_layer(terrain, contour_m: float = 50.0, max_px: int = TERRAIN_MAX_PX) -> str:
    """The terrain as a JPEG data URI: hillshade, elevation tint and contours, north up.

    Drawn once per terrain and kept in the on-disk cache (keyed by the terrain's bytes, see
    `sevr.report.layers.terrain_digest`, and by `contour_m` and `max_px`).

    Parameters
    ----------
    terrain : Terrain
        The terrain.
    contour_m : float, default=50.0
        Contour interval, m.
    max_px : int, default=TERRAIN_MAX_PX
        Pixels of the image's longer side.

    Returns
    -------
    str
        A ``data:image/jpeg;base64,...`` URI.
    """
    parts = {"terrain": terrain_digest(terrain), "contour_m": float(contour_m), "max_px": int(max_px)}
    return cache.get_or_make("page-terrain", parts, lambda: _draw_terrain_layer(terrain, contour_m, max_px))


def _draw_terrain_layer(terrain, contour_m: float, max_px: int) -> str:
    rows, cols = terrain.shape
    scale = max_px / max(rows, cols)
    fig = Figure(figsize=(cols * scale / 100.0, rows * scale / 100.0), dpi=100)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_axis_off()
    west, east, south, north = terrain.extent
    elev = np.asarray(terrain.elevation, dtype=float)
    ax.imshow(terrain.hillshade(), cmap="gray", vmin=0, vmax=1, extent=(west, east, south, north),
              origin="upper", interpolation="bilinear")
    ax.imshow(elev, cmap=_tint_cmap(), extent=(west, east, south, north), origin="upper", alpha=0.42,
              interpolation="bilinear")
    levels = _contour_levels(elev, contour_m)
    if len(levels):
        gx, gy = _grid_axes(terrain)
        major = np.isclose(np.mod(levels, 2 * contour_m), 0.0)
        ax.contour(gx * 1000.0, gy * 1000.0, elev[::-1], levels=levels, colors=MAP_STYLE["contour"]["color"],
                   linewidths=np.where(major, 0.8, 0.4), alpha=0.7)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    canvas.draw()
    rgb = np.asarray(canvas.buffer_rgba())[:, :, :3] / 255.0
    return jpeg_data_uri(rgb)


def _r(a, digits: int = 1) -> list:
    """Rounded floats as a plain list (the page needs decimetres, not micrometres)."""
    return np.round(np.asarray(a, dtype=float), digits).tolist()


def _belief_layers(result, terrain) -> list[dict[str, Any]]:
    out = []
    labels = list(getattr(result, "belief_labels", []) or [])
    for k, (t, grid) in enumerate(getattr(result, "beliefs", []) or []):
        g = np.asarray(grid, dtype=float)
        if g.shape != terrain.shape or not np.nanmax(g) > 0:
            continue
        step = max(1, int(np.ceil(max(g.shape) / BELIEF_MAX_CELLS)))
        r, c = (g.shape[0] // step) * step, (g.shape[1] // step) * step
        coarse = np.nan_to_num(g[:r, :c]).reshape(r // step, step, c // step, step).sum(axis=(1, 3))
        q = np.round(255.0 * np.sqrt(coarse / coarse.max()))  # square root: the tails stay visible
        out.append({"t": round(float(t), 2), "label": labels[k] if k < len(labels) else "",
                    "rows": int(q.shape[0]), "cols": int(q.shape[1]),
                    "north": float(terrain.north_m), "west": float(terrain.west_m),
                    "cell": float(terrain.cell_m * step), "data": b64_uint8(q)})
    return out


def _light_series(result, t_end: float) -> dict[str, Any]:
    scenario = result.scenario
    place = scenario.places.start
    mode = next((str(e.data.get("light_mode")) for e in result.events
                 if e.kind == "exit" and e.data.get("light_mode")), scenario.light.mode)
    ts = np.arange(0.0, t_end + LIGHT_STEP_MIN, LIGHT_STEP_MIN)
    vis = [light_at(result.clock, float(t), place.lat, place.lon, mode, scenario.light.narrated_moon_phase,
                    scenario.light.narrated_moon_alt_deg).visibility for t in ts]
    return {"step": LIGHT_STEP_MIN, "visibility": _r(vis, 3), "mode": mode}


def _print_half_life(result) -> np.ndarray:
    xy = np.asarray(result.prints_xy, dtype=float).reshape(-1, 2)
    if not len(xy):
        return np.empty(0)
    _, half_life = ground_tables(result.scenario.trail)
    return half_life[np.asarray(result.terrain.ground_at(xy[:, 0], xy[:, 1]), dtype=int)]


def _branch_times(result) -> list[float]:
    """When each false branch was walked: the time of the path vertex nearest its first point."""
    path = np.asarray(result.path_xy, dtype=float).reshape(-1, 2)
    out = []
    for b in result.branches or []:
        if len(b) and len(path):
            i = int(np.argmin(np.hypot(*(path - np.asarray(b[0], dtype=float)).T)))
            out.append(round(float(result.path_t_min[i]), 2))
        else:
            out.append(0.0)
    return out


def _clock_table(result, t_end: float, langs: Sequence[str]) -> dict[str, Any]:
    """Local time at t=0 and the labels of each half-day period and each date the run spans."""
    scenario, clock = result.scenario, result.clock
    date0, hhmm = clock.local_label(0.0)
    h, m = (int(v) for v in hhmm.split(":")[:2])
    start_min = h * 60 + m
    days = int(np.floor((start_min + t_end) / 1440.0)) + 1
    dates = {lang: [format_date(clock.local_label(k * 1440.0 - start_min + 720.0)[0], lang)
                    for k in range(days)] for lang in langs}
    # Half-day periods: blocks 06:00-18:00 (day) and 18:00-06:00 (night), local time.
    first = np.floor((start_min - 360.0) / 720.0)
    blocks = int(np.floor((start_min + t_end - 360.0) / 720.0) - first) + 1
    periods: dict[str, list[str]] = {lang: [] for lang in langs}
    for k in range(blocks):
        t_mid = (first + k) * 720.0 + 360.0 + 360.0 - start_min
        period, number = day_period(scenario, t_mid)
        for lang in langs:
            labels = load_templates(lang).get("labels", {})
            periods[lang].append(period_label(period, number, Localizer(lang), labels))
    return {"start_min": start_min, "dates": dates, "period_first": int(first), "periods": periods,
            "date0": date0}


def _places(result, lang: str, ctx: Mapping[str, Any], what_if: bool) -> list[dict[str, Any]]:
    scenario, frame = result.scenario, result.frame
    named = {"start": ctx["start"], "hideout": ctx["hideout"]}
    loc = Localizer(lang)
    out = []
    places = scenario.places
    for kind, place in (("start", places.start), ("hideout", places.hideout),
                        ("house", getattr(places, "watched_house", None))):
        if place is None:
            continue
        x, y = frame.to_xy(place.lat, place.lon)
        name = getattr(place, f"name_{lang}", None) or loc.term(place.name_en)
        if what_if:  # a house named after a person is called by its role
            name = named.get(kind, load_templates(lang)["what_if"]["roles"].get("watched_house", ""))
        out.append({"kind": kind, "x": round(float(x), 1), "y": round(float(y), 1), "name": name})
    for peak in getattr(scenario.terrain, "peaks", []) or []:
        if getattr(peak, "label", True):
            x, y = frame.to_xy(peak.lat, peak.lon)
            name = getattr(peak, f"name_{lang}", None) or loc.term(peak.name)
            out.append({"kind": "peak", "x": round(float(x), 1), "y": round(float(y), 1),
                        "name": f"{name} {peak.elevation_m:.0f} m"})
    return out


def _texts(result, records: Sequence[Mapping[str, Any]], lang: str, what_if: bool) -> dict[str, Any]:
    """Everything that is said on the page in `lang`: title, map labels, UI words, sentences.

    A what-if (a run not conditioned on the narrated facts) names roles, as the narrator does."""
    scenario = result.scenario
    tpl = load_templates(lang)
    loc = Localizer(lang)
    ctx = scenario_context(scenario, lang, what_if)
    maplabels = {}
    for key, text in tpl.get("map", {}).items():
        try:
            maplabels[key] = loc.capitalize_first(loc.format(text, ctx, capitalize=False))
        except (KeyError, ValueError, IndexError):
            continue  # a label that needs a run figure (closest distance, a time) is built by the page
    lines = narrate(records, scenario, lang, what_if=what_if)
    exit_ = scenario.time.exit
    date = format_date(f"{exit_.year:04d}-{exit_.month:02d}-{exit_.day:02d}", lang)
    hijri = getattr(scenario.meta, f"hijri_date_{lang}", None) or loc.term(scenario.meta.hijri_date or "")
    return {
        "title": scenario_title(scenario, lang),
        "subtitle": f"{hijri} · {date}" if hijri else date,
        "map": maplabels,
        "ui": ui_labels(lang),
        "lines": [{"t": round(line.t_min, 2), "time": line.time_label, "period": line.day_label,
                   "kind": line.kind, "text": line.text} for line in lines],
        "closest": (loc.capitalize_first(loc.format(tpl["map"]["closest"], {**ctx, "distance": loc.dist(
            float(_closest_distance(result)))}, capitalize=False)) if _closest_distance(result) is not None else None),
        "places": _places(result, lang, ctx, what_if),
    }


def _closest_distance(result) -> float | None:
    for e in result.events:
        if e.kind == "closest_approach" and e.data.get("distance_m") is not None:
            return float(e.data["distance_m"])
    return None


def replay_data(result, records: Sequence[Mapping[str, Any]], lang: str, *,
                what_if: bool = False) -> dict[str, Any]:
    """The page's data for a run: arrays, events and both languages' texts (JSON-able).

    Parameters
    ----------
    result : StoryResult
        The run.
    records : sequence of dict
        Its events as events.jsonl records (`sevr.sim.events.to_record`), in time order.
    lang : str
        The language the page opens in.
    what_if : bool, default=False
        A what-if of the model (a run not conditioned on the narrated facts, or a sweep episode
        replayed): the page says so and names roles, never persons.

    Returns
    -------
    dict
    """
    terrain = result.terrain
    t_last = max([float(r["t_min"]) for r in records] + [float(np.max(result.path_t_min, initial=0.0)),
                  float(np.max(result.tracker_t_min, initial=0.0))])
    t_end = float(np.ceil(t_last + END_MARGIN_MIN))
    kinds = [str(r["kind"]) for r in records]
    t_party_end = next((float(r["t_min"]) for r in records if r["kind"] in PARTY_EVENTS_END), None)
    party = next((r.get("party_size") for r in records if r["kind"] == "pursuit_start"), None)
    prints_xy = np.asarray(result.prints_xy, dtype=float).reshape(-1, 2)
    west, east, south, north = terrain.extent
    return {
        "version": 1,
        "lang": lang,
        "langs": list(LANGS),
        "what_if": bool(what_if),
        "scenario": result.scenario.meta.name,
        "seed": int(result.seed),
        "t_end": t_end,
        "extent": [west, east, south, north],
        "terrain": terrain_layer(terrain),
        "clock": _clock_table(result, t_end, LANGS),
        "light": _light_series(result, t_end),
        "path": {"x": _r(np.asarray(result.path_xy)[:, 0]) if len(result.path_xy) else [],
                 "y": _r(np.asarray(result.path_xy)[:, 1]) if len(result.path_xy) else [],
                 "t": _r(result.path_t_min, 2)},
        "route": {"x": _r(np.asarray(result.route_xy).reshape(-1, 2)[:, 0]),
                  "y": _r(np.asarray(result.route_xy).reshape(-1, 2)[:, 1])},
        "branches": [{"x": _r(np.asarray(b)[:, 0]), "y": _r(np.asarray(b)[:, 1]), "t": tb}
                     for b, tb in zip(result.branches or [], _branch_times(result))],
        "prints": {"x": _r(prints_xy[:, 0]), "y": _r(prints_xy[:, 1]), "t": _r(result.prints_t_min, 2),
                   "s": _r(result.prints_strength, 4), "half_life_h": _r(_print_half_life(result), 2),
                   "blood": [bool(b) for b in np.asarray(result.prints_blood, dtype=bool).reshape(-1)]},
        "tracker": {"x": _r(np.asarray(result.tracker_xy).reshape(-1, 2)[:, 0]),
                    "y": _r(np.asarray(result.tracker_xy).reshape(-1, 2)[:, 1]),
                    "t": _r(result.tracker_t_min, 2)},
        "party": {"size": party, "t_end": t_party_end},
        "hideout": [round(float(v), 1) for v in result.hideout_xy],
        "events": [{"t": round(float(r["t_min"]), 2), "kind": str(r["kind"]),
                    "x": round(float(r["x_m"]), 1), "y": round(float(r["y_m"]), 1)} for r in records],
        "kinds": sorted(set(kinds)),
        "beliefs": _belief_layers(result, terrain),
        "text": {code: _texts(result, records, code, what_if) for code in LANGS},
    }


def write_replay(result, records: Sequence[Mapping[str, Any]], lang: str, path, *,
                 what_if: bool = False) -> Path:
    """Write replay.html for a run (see :func:`replay_data`); return the path.

    Parameters
    ----------
    result : StoryResult
        The run.
    records : sequence of Mapping
        Its events.jsonl records.
    lang : str
        The page's opening language, "en" or "tr".
    path : path
        The HTML file written.
    what_if : bool, default=False
        Narrate with roles and title the page as a what-if of the model.

    Returns
    -------
    Path
    """
    data = replay_data(result, records, lang, what_if=what_if)
    text = data["text"][lang]
    title = text["title"]
    if what_if:
        title = f"{text['ui']['what_if']} — {title}"
    page = render_page("replay.html.tmpl", ["replay.js"], ["page.css"], data, title, lang)
    path = Path(path)
    path.write_text(page, encoding="utf-8")
    return path
