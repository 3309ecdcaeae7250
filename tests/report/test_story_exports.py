import json

import numpy as np
import pytest
from lxml import etree

from sevr.report.exports import STORY_EXPORT_FILES, story_features, write_story_exports
from tests.xmlschemas import assert_valid

GPX = {"g": "http://www.topografix.com/GPX/1/1"}
KML = {"k": "http://www.opengis.net/kml/2.2"}


@pytest.fixture(scope="module")
def exported(hijra_story, tmp_path_factory):
    folder = tmp_path_factory.mktemp("story")
    return folder, write_story_exports(hijra_story, folder, "en")


def _metres(frame, lonlat, xy):
    ll = np.asarray(lonlat, dtype=float)
    x, y = frame.to_xy(ll[:, 1], ll[:, 0])
    return np.hypot(x - np.asarray(xy)[:, 0], y - np.asarray(xy)[:, 1])


def test_story_exports_are_written(exported):
    folder, made = exported
    assert sorted(made) == sorted(STORY_EXPORT_FILES)
    assert sorted(p.name for p in folder.iterdir()) == sorted(STORY_EXPORT_FILES)


def test_geojson_holds_path_tracker_and_every_print(hijra_story, exported):
    folder, _ = exported
    r = hijra_story
    gj = json.loads((folder / "story.geojson").read_text())
    by_title = {f["properties"]["title"]: f for f in gj["features"]}
    path = by_title["Path walked"]["geometry"]["coordinates"]
    tracker = by_title["Abu Kurz: tracker's route"]["geometry"]["coordinates"]
    assert _metres(r.frame, path, r.path_xy).max() < 1.0
    assert _metres(r.frame, tracker, r.tracker_xy).max() < 1.0
    prints = [f for f in gj["features"] if f["properties"]["title"].startswith(("print ", "blood trace "))]
    assert len(prints) == len(r.prints_xy)
    assert _metres(r.frame, [f["geometry"]["coordinates"] for f in prints], r.prints_xy).max() < 1.0
    blood = [f["properties"]["blood"] for f in prints]
    assert blood == np.asarray(r.prints_blood, dtype=bool).tolist() and any(blood)
    assert [f["properties"]["t_min"] for f in prints] == pytest.approx(np.round(r.prints_t_min, 2).tolist())
    cave = by_title["the cave of Thawr"]["geometry"]["coordinates"]
    assert _metres(r.frame, [cave], [r.hideout_xy]).max() < 1.0
    closest = by_title["Pursuers' closest approach"]
    assert _metres(r.frame, [closest["geometry"]["coordinates"]], [r.closest_xy]).max() < 1.0


def test_kml_and_gpx_validate_and_round_trip(hijra_story, exported):
    folder, _ = exported
    r = hijra_story
    kml_text = (folder / "story.kml").read_text()
    gpx_text = (folder / "story.gpx").read_text()
    assert_valid("kml", kml_text)
    assert_valid("gpx", gpx_text)
    kml = etree.fromstring(kml_text.encode())
    lines = {p.findtext("k:name", namespaces=KML): p.findtext("k:LineString/k:coordinates", namespaces=KML)
             for p in kml.findall(".//k:Placemark", KML) if p.find("k:LineString", KML) is not None}
    tracker = [tuple(map(float, c.split(","))) for c in lines["Abu Kurz: tracker's route"].split()]
    assert _metres(r.frame, tracker, r.tracker_xy).max() < 1.0
    gpx = etree.fromstring(gpx_text.encode())
    trks = {t.findtext("g:name", namespaces=GPX): t for t in gpx.findall("g:trk", GPX)}
    pts = [(float(p.get("lon")), float(p.get("lat"))) for p in trks["Path walked"].findall(".//g:trkpt", GPX)]
    assert _metres(r.frame, pts, r.path_xy).max() < 1.0
    prints = trks["Prints (in order)"].findall(".//g:trkpt", GPX)
    assert len(prints) == len(r.prints_xy)
    names = [w.findtext("g:name", namespaces=GPX) for w in gpx.findall("g:wpt", GPX)]
    assert names == ["the house of Abu Bakr (r.a.)", "the cave of Thawr", "Pursuers' closest approach"]


def test_turkish_labels(hijra_story):
    lines, places, prints = story_features(hijra_story, "tr")
    assert [ln.name for ln in lines][0] == "Yürünen yol"
    assert places[1].name == "Sevr mağarası"
    assert prints[0].name.startswith(("iz ", "kan izi "))
