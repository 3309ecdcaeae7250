"""A story run's geography for other tools: story.geojson, story.kml and story.gpx.

The same features in three formats (:mod:`sevr.formats`): the walked path (false branches
included), the least-cost route it started from, the tracker's route, every print (time and
strength; blood traces in red), and the places: start, hideout and the pursuers' closest
approach. Google Earth shows the KML over its imagery of the real ground; a GPS unit or any
map app reads the GPX; the GeoJSON opens in QGIS, geojson.io or CalTopo.

In the GPX the paths are tracks and the places waypoints; the prints, which a GPS unit would
list as a thousand waypoints, are a track through the prints in the order they were made, with
their times kept in the GeoJSON and KML.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from sevr.formats import Line, Mark, caltopo_geojson, gpx_text, kml_text
from sevr.sim.result import StoryResult

__all__ = ["STORY_EXPORT_FILES", "story_features", "write_story_exports"]

STORY_EXPORT_FILES = ("story.geojson", "story.kml", "story.gpx")

COLOURS = {"path": "#0b3d91", "route": "#7f7f7f", "tracker": "#8e44ad", "print": "#111111", "blood": "#c0392b",
           "start": "#1a7f37", "hideout": "#000000", "closest": "#d7191c"}


def _lonlat(frame, xy) -> list[tuple[float, float]]:
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    lat, lon = frame.to_latlon(xy[:, 0], xy[:, 1])
    return list(zip(map(float, np.atleast_1d(lon)), map(float, np.atleast_1d(lat))))


def _name(obj, lang: str, default: str) -> str:
    return getattr(obj, f"name_{lang}", None) or getattr(obj, "name_en", None) or default


def story_features(result: StoryResult, lang: str = "en") -> tuple[list[Line], list[Mark], list[Mark]]:
    """(lines, places, prints) of a run as lon/lat features; the labels are English or Turkish.

    Parameters
    ----------
    result : StoryResult
        The run.
    lang : str, default="en"
        "tr" for Turkish labels, anything else English.

    Returns
    -------
    lines : list of Line
        The path walked, the least-cost route and the tracker's route (those with two points or
        more).
    places : list of Mark
        Start, hideout and (if any) the pursuers' closest approach.
    prints : list of Mark
        Every print in the order made, with its minute, strength and whether it is blood.
    """
    tr = lang == "tr"
    fr, clock = result.frame, result.clock
    places = result.scenario.places
    lines = []
    if len(result.path_xy) >= 2:
        t0, t1 = clock.local_label(result.path_t_min[0])[1], clock.local_label(result.path_t_min[-1])[1]
        lines.append(Line("Yürünen yol" if tr else "Path walked", points=_lonlat(fr, result.path_xy),
                          colour=COLOURS["path"], width=2.5,
                          description=(f"{t0}–{t1}, geri dönüşler ve yanıltıcı kollar dahil" if tr else
                                       f"{t0}–{t1}, reversals and false branches included")))
    if len(result.route_xy) >= 2:
        lines.append(Line("En kolay yol" if tr else "Least-cost route", points=_lonlat(fr, result.route_xy),
                          colour=COLOURS["route"], width=1.5,
                          description=("Arazide en az emekle giden yol (kaçınma taktiklerinden önce)" if tr else
                                       "The easiest line over the ground, before the evasive tactics")))
    if len(result.tracker_xy) >= 2:
        who = _name(getattr(result.scenario, "tracker", None), lang, "tracker")
        lines.append(Line(f"{who}: izci yolu" if tr else f"{who}: tracker's route",
                          points=_lonlat(fr, result.tracker_xy), colour=COLOURS["tracker"], width=3.0,
                          description=(f"{clock.local_label(result.tracker_t_min[0])[1]}–"
                                       f"{clock.local_label(result.tracker_t_min[-1])[1]}")))
    marks = []
    for key, xy in (("start", result.start_xy), ("hideout", result.hideout_xy)):
        ((lon, lat),) = _lonlat(fr, xy)
        marks.append(Mark(_name(getattr(places, key), lang, key), lon=lon, lat=lat, colour=COLOURS[key],
                          symbol="Flag" if key == "start" else "Cave", description=f"{lat:.5f}, {lon:.5f}"))
    if result.closest_xy is not None:
        ((lon, lat),) = _lonlat(fr, result.closest_xy)
        d = float(np.hypot(*(np.asarray(result.closest_xy) - np.asarray(result.hideout_xy))))
        marks.append(Mark("Takipçilerin en yakın noktası" if tr else "Pursuers' closest approach", lon=lon, lat=lat,
                          colour=COLOURS["closest"], symbol="Pin",
                          description=(f"sığınaktan {d:.1f} m" if tr else f"{d:.1f} m from the hideout")))
    prints = []
    blood = np.asarray(result.prints_blood, dtype=bool).reshape(-1)
    for k, ((lon, lat), t, s) in enumerate(zip(_lonlat(fr, result.prints_xy), result.prints_t_min,
                                                result.prints_strength)):
        is_blood = bool(blood[k]) if k < len(blood) else False
        label = ("kan izi" if tr else "blood trace") if is_blood else ("iz" if tr else "print")
        prints.append(Mark(f"{label} {k + 1}", lon=lon, lat=lat, symbol="Footprint",
                           colour=COLOURS["blood" if is_blood else "print"],
                           description=f"{clock.local_label(t)[1]}",
                           properties={"t_min": round(float(t), 2), "strength": round(float(s), 3),
                                       "blood": is_blood}))
    return lines, marks, prints


def write_story_exports(result: StoryResult, folder, lang: str = "en") -> dict[str, Path]:
    """Write :data:`STORY_EXPORT_FILES` into *folder* (which must exist); return their paths.

    Parameters
    ----------
    result : StoryResult
        The run.
    folder : path
        An existing folder.
    lang : str, default="en"
        "en" or "tr" labels.

    Returns
    -------
    dict of str to Path
        File name (story.geojson, story.kml, story.gpx) to its path.
    """
    folder = Path(folder)
    lines, places, prints = story_features(result, lang)
    title = result.scenario.meta.title
    tr = lang == "tr"
    out = {}
    texts = {
        "story.geojson": json.dumps(caltopo_geojson((), lines, places + prints), ensure_ascii=False) + "\n",
        "story.kml": kml_text(title, lines=lines, marks=places + prints,
                              folder_names=("", "Yollar", "Yerler ve izler") if tr else ("", "Paths", "Places and prints"),
                              description=f"seed {result.seed}"),
        "story.gpx": gpx_text(title, marks=places, lines=lines + _print_track(prints, tr),
                              description=f"seed {result.seed}"),
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
        out[name] = folder / name
    return out


def _print_track(prints: list[Mark], tr: bool) -> list[Line]:
    if len(prints) < 2:
        return []
    return [Line("İzler (sırayla)" if tr else "Prints (in order)", points=[(m.lon, m.lat) for m in prints],
                 colour=COLOURS["print"], description=(f"{len(prints)} iz, bırakıldıkları sırayla" if tr else
                                                      f"{len(prints)} prints, in the order they were made"))]
