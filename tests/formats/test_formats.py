import json

import numpy as np
import pytest
import rasterio
from lxml import etree

from sevr.formats import Area, Line, Mark, caltopo_geojson, gpx_text, kml_colour, kml_text, poa_colours, write_cog
from sevr.formats.colours import RAMP, ZERO_COLOUR
from sevr.world import GeoFrame
from tests.xmlschemas import assert_valid, errors

KML = {"k": "http://www.opengis.net/kml/2.2"}
GPX = {"g": "http://www.topografix.com/GPX/1/1"}


@pytest.fixture(scope="module")
def frame():
    return GeoFrame(47.40, -121.35)


@pytest.fixture(scope="module")
def local(frame):
    """A segment (clockwise in x/y, to test the reorientation), a zig-zag route and a point, in metres."""
    ring = np.array([[-1500.0, 800.0], [-500.0, 800.0], [-500.0, -200.0], [-1500.0, -200.0]])  # NW NE SE SW
    route = np.array([[-1400.0, -200.0], [-1400.0, 800.0], [-1200.0, 800.0], [-1200.0, -200.0], [-1000.0, -200.0]])
    point = np.array([[123.4, -567.8]])
    return ring, route, point


def _lonlat(frame, xy):
    lat, lon = frame.to_latlon(xy[:, 0], xy[:, 1])
    return list(zip(lon.tolist(), lat.tolist()))


@pytest.fixture(scope="module")
def features(frame, local):
    ring, route, point = local
    (plon, plat), = _lonlat(frame, point)
    area = Area("C07", ring=_lonlat(frame, ring), description="POA 4.1 %", colour="#fd8d3c", fill_opacity=0.4,
                properties={"POA": 0.041, "title": "not me"})
    line = Line("P1-C07-1", points=_lonlat(frame, route), description="sweep", colour="#0057b8", width=3)
    mark = Mark("IPP trailhead", lon=plon, lat=plat, description="last seen", colour="#ffd400", symbol="Flag")
    return area, line, mark


def _metres(frame, lonlat, xy_expected):
    lonlat = np.asarray(lonlat, dtype=float)
    x, y = frame.to_xy(lonlat[:, 1], lonlat[:, 0])
    return np.hypot(x - xy_expected[:, 0], y - xy_expected[:, 1])


def _ring_back_to_source(frame, coords, ring_xy):
    """Max distance (m) between a written closed ring and the source corners (any start, either turn)."""
    got = np.asarray(coords, dtype=float)
    assert np.array_equal(got[0], got[-1])  # closed
    x, y = frame.to_xy(got[:-1, 1], got[:-1, 0])
    pts = np.column_stack([x, y])
    # every source corner is a written vertex within 1 m, and vice versa
    d = np.hypot(*(pts[:, None, :] - ring_xy[None, :, :]).transpose(2, 0, 1))
    return max(d.min(axis=0).max(), d.min(axis=1).max())


# --- colours ------------------------------------------------------------------------------------


def test_kml_colour_is_alpha_blue_green_red():
    assert kml_colour("#112233", 1.0) == "ff332211"
    assert kml_colour("#ff0000", 0.0) == "000000ff"
    assert kml_colour("#00ff00", 0.5) == "8000ff00"
    with pytest.raises(ValueError):
        kml_colour("red")
    with pytest.raises(ValueError):
        kml_colour("#ff0000", 1.5)


def test_poa_ramp_orders_by_rank_and_greys_zero():
    cols = poa_colours([0.3, 0.0, 0.01, 0.3, 0.002])
    assert cols[1] == ZERO_COLOUR
    assert cols[0] == cols[3] == RAMP[-1]  # the highest is the darkest stop
    assert cols[4] == RAMP[0]  # the lowest non-zero the lightest
    lum = [sum(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in (cols[4], cols[2], cols[0])]
    assert lum[0] > lum[1] > lum[2]  # darker with rank
    assert poa_colours([0.2]) == [RAMP[-1]]
    with pytest.raises(ValueError):
        poa_colours([0.1, -0.1])


# --- features ------------------------------------------------------------------------------------


def test_features_check_their_input():
    with pytest.raises(ValueError, match="C1.*not a WGS84"):
        Area("C1", ring=[(10, 45), (10, 95), (11, 45)])
    with pytest.raises(ValueError, match="at least 3"):
        Area("C1", ring=[(10, 45), (10.1, 45), (10, 45)])
    with pytest.raises(ValueError, match="colour"):
        Line("L", points=[(0, 0), (1, 1)], colour="blue")
    with pytest.raises(ValueError, match="2 points"):
        Line("L", points=[(0, 0)])
    with pytest.raises(ValueError, match="name"):
        Mark("", lon=0, lat=0)
    a = Area("C1", ring=[(10, 45), (10.1, 45), (10.1, 45.1)])
    assert a.ring[0] == a.ring[-1] and len(a.ring) == 4  # closed once


# --- CalTopo GeoJSON ------------------------------------------------------------------------------


def test_caltopo_geojson_keys_and_round_trip(frame, local, features):
    ring, route, point = local
    area, line, mark = features
    gj = json.loads(json.dumps(caltopo_geojson([area], [line], [mark])))
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 3
    a, ln, m = gj["features"]
    assert a["geometry"]["type"] == "Polygon" and ln["geometry"]["type"] == "LineString"
    assert m["geometry"]["type"] == "Point"
    pa = a["properties"]
    assert pa["class"] == "Shape" and pa["title"] == "C07" and pa["description"] == "POA 4.1 %"
    assert pa["stroke"] == pa["fill"] == "#fd8d3c" and pa["fill-opacity"] == 0.4 and pa["stroke-opacity"] == 1.0
    assert pa["POA"] == 0.041  # caller's numbers ride along, but cannot replace CalTopo's own keys
    assert ln["properties"]["class"] == "Shape" and ln["properties"]["pattern"] == "solid"
    assert ln["properties"]["stroke-width"] == 3
    pm = m["properties"]
    assert pm["class"] == "Marker" and pm["marker-color"] == "FFD400" and pm["marker-symbol"] == "Flag"
    # RFC 7946: the exterior ring is counter-clockwise (the source ring was clockwise)
    c = np.asarray(a["geometry"]["coordinates"][0])
    assert np.sum(c[:-1, 0] * c[1:, 1] - c[1:, 0] * c[:-1, 1]) > 0
    # within 1 m of the source lon/lat and of the local metres
    assert _ring_back_to_source(frame, a["geometry"]["coordinates"][0], ring) < 1.0
    assert _metres(frame, ln["geometry"]["coordinates"], route).max() < 1.0
    assert _metres(frame, [m["geometry"]["coordinates"]], point).max() < 1.0
    src = np.asarray(line.points)
    assert np.abs(np.asarray(ln["geometry"]["coordinates"]) - src).max() < 1e-6  # degrees: ~10 cm


# --- KML ------------------------------------------------------------------------------------------


def test_kml_validates_styles_and_round_trips(frame, local, features):
    ring, route, point = local
    area, line, mark = features
    text = kml_text("Test plan", areas=[area], lines=[line], marks=[mark], description="d")
    assert_valid("kml", text)
    doc = etree.fromstring(text.encode())
    pms = doc.findall(".//k:Placemark", KML)
    assert [p.findtext("k:name", namespaces=KML) for p in pms] == ["C07", "P1-C07-1", "IPP trailhead"]
    poly = pms[0]
    assert poly.findtext("k:Style/k:PolyStyle/k:color", namespaces=KML) == kml_colour("#fd8d3c", 0.4) == "663c8dfd"
    assert poly.findtext("k:Style/k:LineStyle/k:color", namespaces=KML) == "ff3c8dfd"
    assert poly.find("k:ExtendedData/k:Data[@name='POA']", KML).findtext("k:value", namespaces=KML) == "0.041"

    def coords(pm, path):
        return [tuple(map(float, t.split(","))) for t in pm.findtext(path, namespaces=KML).split()]

    ring_ll = coords(poly, "k:Polygon/k:outerBoundaryIs/k:LinearRing/k:coordinates")
    c = np.asarray(ring_ll)
    assert np.sum(c[:-1, 0] * c[1:, 1] - c[1:, 0] * c[:-1, 1]) > 0  # counter-clockwise
    assert _ring_back_to_source(frame, ring_ll, ring) < 1.0
    assert _metres(frame, coords(pms[1], "k:LineString/k:coordinates"), route).max() < 1.0
    assert _metres(frame, coords(pms[2], "k:Point/k:coordinates"), point).max() < 1.0
    assert pms[2].findtext("k:Style/k:IconStyle/k:color", namespaces=KML) == "ff00d4ff"


def test_kml_schema_check_catches_a_misordered_document(features):
    """The validation is real: swapping two elements the schema orders makes it fail."""
    area, _, _ = features
    text = kml_text("x", areas=[area])
    bad = text.replace("<name>C07</name>", "").replace("</Style>", "</Style>\n<name>C07</name>", 1)
    assert errors("kml", text) == [] and errors("kml", bad)


# --- GPX ------------------------------------------------------------------------------------------


def test_gpx_validates_and_round_trips(frame, local, features):
    ring, route, point = local
    area, line, mark = features
    text = gpx_text("plan", marks=[mark], areas=[area], lines=[line], routes=True, description="d")
    assert_valid("gpx", text)
    doc = etree.fromstring(text.encode())
    assert doc.get("version") == "1.1" and doc.get("creator") == "sevr"

    def pts(elems):
        return [(float(e.get("lon")), float(e.get("lat"))) for e in elems]

    (wpt,) = doc.findall("g:wpt", GPX)
    assert wpt.findtext("g:name", namespaces=GPX) == "IPP trailhead" and wpt.findtext("g:sym", namespaces=GPX) == "Flag"
    assert _metres(frame, pts([wpt]), point).max() < 1.0
    (rte,) = doc.findall("g:rte", GPX)
    assert _metres(frame, pts(rte.findall("g:rtept", GPX)), route).max() < 1.0
    trks = doc.findall("g:trk", GPX)
    assert [t.findtext("g:type", namespaces=GPX) for t in trks] == ["boundary", "route"]
    assert _ring_back_to_source(frame, pts(trks[0].findall(".//g:trkpt", GPX)), ring) < 1.0
    assert _metres(frame, pts(trks[1].findall(".//g:trkpt", GPX)), route).max() < 1.0
    # without routes=True, lines are tracks only
    assert "<rte>" not in gpx_text("plan", lines=[line])


def test_gpx_schema_check_catches_a_bad_document(features):
    _, line, mark = features
    text = gpx_text("p", marks=[mark], lines=[line])
    assert errors("gpx", text) == []
    assert errors("gpx", text.replace('version="1.1"', 'version="1.0"'))
    assert errors("gpx", text.replace("<sym>Flag</sym>", "").replace("<name>IPP trailhead</name>",
                                                                     "<sym>Flag</sym><name>IPP trailhead</name>"))


# --- GeoTIFF --------------------------------------------------------------------------------------


@pytest.mark.parametrize("crs_of", ["frame", "utm"])
def test_cog_reads_back_with_crs_transform_and_places_cells(tmp_path, frame, crs_of):
    from pyproj import Transformer

    rng = np.random.default_rng(7)
    grid = rng.random((300, 520)).astype(np.float32)
    if crs_of == "frame":
        crs, west, north, cell = frame.crs, -2600.0, 1500.0, 10.0
    else:  # a real projected CRS: UTM zone 10 N around the same place
        crs, west, north, cell = "EPSG:32610", 550000.0, 5252000.0, 30.0
    path = write_cog(tmp_path / "p.tif", [grid, grid * 2], west=west, north=north, cell=cell, crs=crs,
                     descriptions=("before", "after"))
    with rasterio.open(path) as ds:
        assert ds.count == 2 and ds.shape == grid.shape and ds.descriptions == ("before", "after")
        assert ds.crs is not None and ds.crs.is_projected
        t = ds.transform
        assert (t.a, t.b, t.c, t.d, t.e, t.f) == pytest.approx((cell, 0, west, 0, -cell, north))
        np.testing.assert_array_equal(ds.read(1), grid)
        np.testing.assert_array_equal(ds.read(2), grid * 2)
        assert ds.profile["tiled"] and ds.overviews(1)  # tiled, with reduced copies
        assert ds.tags(ns="IMAGE_STRUCTURE").get("LAYOUT") == "COG"
        # the centre of cell (r, c) lands on the right lon/lat, to within 1 m
        r, c = 137, 411
        x, y = ds.xy(r, c)  # cell centre in the file's CRS
        to_ll = Transformer.from_crs(ds.crs.to_wkt(), "EPSG:4326", always_xy=True)
        lon, lat = to_ll.transform(x, y)
    ex, ey = west + (c + 0.5) * cell, north - (r + 0.5) * cell
    if crs_of == "frame":
        lat0, lon0 = frame.to_latlon(ex, ey)
    else:
        lon0, lat0 = Transformer.from_crs("EPSG:32610", "EPSG:4326", always_xy=True).transform(ex, ey)
    fx, fy = frame.to_xy(lat, lon)
    gx, gy = frame.to_xy(lat0, lon0)
    assert np.hypot(fx - gx, fy - gy) < 1.0


def test_cog_refuses_bad_grids(tmp_path, frame):
    with pytest.raises(ValueError, match="one shape"):
        write_cog(tmp_path / "x.tif", [np.zeros((3, 3)), np.zeros((3, 4))], west=0, north=0, cell=1, crs=frame.crs)
    with pytest.raises(ValueError, match="cell"):
        write_cog(tmp_path / "x.tif", [np.zeros((3, 3))], west=0, north=0, cell=0, crs=frame.crs)


def test_kml_text_is_laid_out_as_elementtree_writes_it():
    """kml_text writes its text directly; it must be the document ElementTree would write for the
    same elements: escaping of text and attributes, empty elements, one-space indentation."""
    import xml.etree.ElementTree as ET

    from sevr.formats.kml import KML_NS
    from sevr.formats.xmltext import document

    marks = [Mark(name=f"print {i} & <b> \"q\" 'é'", description="a print > a guess" if i % 2 else "",
                  colour="#7b3294", lon=39.8 + i * 1e-5, lat=21.4,
                  properties={"t_min": 12.5 + i, 'a"b&\n\tc\r': "x<y", "empty": "", "n": 3})
             for i in range(4)]
    lines = [Line(name="l", points=[(39.8, 21.4), (39.9, 21.5)], width=1.5)]
    areas = [Area(name="a", ring=[(39.8, 21.4), (39.9, 21.5), (39.8, 21.5)], fill_opacity=0.0),
             Area(name="b>", ring=[(39.8, 21.4), (39.8, 21.5), (39.9, 21.5)])]
    for text in (kml_text("t&<", marks=marks, lines=lines, areas=areas, description="d&"),
                 kml_text("", marks=marks[:1], folder_names=("A", "B", "C"))):
        root = ET.fromstring(text.encode("utf-8"))
        assert document(root, KML_NS) == text
    assert "<name />" in kml_text("", marks=marks[:1])
    assert 'name="a&quot;b&amp;&#10;&#09;c&#13;"' in kml_text("x", marks=marks[:1])
