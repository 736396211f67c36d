"""GPX 1.1, KML 2.2 and CSV exports of a real tour over the shipped layers (geo/printing/exports.py)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from defusedxml import ElementTree as SafeET
from lxml import etree

from geo.crs import wgs84_to_gcj02
from geo.printing.exports import GPX_NS, KML_NS, to_csv, to_gpx, to_kml
from geo.printing.rows import Gazetteer, itinerary, route_paths
from tests.conftest import TWO_DAY_STOPS

XSD = Path(__file__).parent / "data" / "gpx.xsd"
# Eight stops in six townships; a 08:30-15:00 day makes the tour take two days.
G, K = f"{{{GPX_NS}}}", f"{{{KML_NS}}}"


@pytest.fixture
def layers(app):
    from store.layers import features

    with app.app_context():
        return {n: features(n) for n in ("stops", "places", "sewage_plants", "townships")}


@pytest.fixture
def gaz(layers, tour) -> Gazetteer:
    return Gazetteer.from_layers(layers, tour)


def _validate_gpx(data: bytes) -> etree._Element:
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    doc = etree.fromstring(data)
    assert schema.validate(doc), schema.error_log
    return doc


def test_tour_fixture_spans_two_days(tour, tour_json):
    assert tour_json["totals"]["days"] == 2
    assert {s["day"] for s in tour_json["stops"]} == {1, 2}


def test_gpx_validates_and_lists_stops_as_named_waypoints_in_visiting_order(
    tour, gaz, layers, tour_json
):
    doc = _validate_gpx(to_gpx(tour, gaz, "县考察 <一>", "zh"))
    names = {f["properties"]["id"]: f["properties"]["name_zh"] for f in layers["stops"]}
    wpts = doc.findall(G + "wpt")
    expected = [names[s["id"]] for s in tour_json["stops"]]
    assert [w.findtext(G + "name") for w in wpts] == [
        f"{i:02d} {n}" for i, n in enumerate(expected, 1)
    ]
    first = next(f for f in layers["stops"] if f["properties"]["id"] == tour_json["stops"][0]["id"])
    lon, lat = first["geometry"]["coordinates"][:2]
    assert float(wpts[0].get("lon")) == pytest.approx(lon, abs=1e-6)
    assert float(wpts[0].get("lat")) == pytest.approx(lat, abs=1e-6)
    assert tour_json["stops"][0]["arrival"][11:16] in wpts[0].findtext(G + "desc")
    assert doc.find(G + "metadata").findtext(G + "name") == "县考察 <一>"


def test_gpx_track_follows_the_road_path_with_one_named_track_per_day(tour, gaz, tour_json):
    doc = _validate_gpx(to_gpx(tour, gaz, "t", "zh"))
    tracks = doc.findall(G + "trk")
    assert [t.findtext(G + "name") for t in tracks] == ["路线A（第1天） · t", "路线B（第2天） · t"]
    segments = [seg for t in tracks for seg in t.findall(G + "trkseg")]
    assert len(segments) == 2
    road_points = sum(len(f["geometry"]["coordinates"]) for f in tour_json["geometry"]["features"])
    track_points = sum(len(s.findall(G + "trkpt")) for s in segments)
    # joined legs share their end points, so the track has fewer points, but far more than stops
    assert len(tour_json["stops"]) * 3 < track_points <= road_points
    start = tour_json["places"]["start"]
    first = segments[0].find(G + "trkpt")
    assert float(first.get("lon")) == pytest.approx(start["lon"], abs=0.01)


def test_kml_has_one_placemark_per_stop_and_one_route_line_per_day(tour, gaz, tour_json):
    data = to_kml(tour, gaz, "考察 & 路线", "zh")
    root = SafeET.fromstring(data)
    assert root.tag == K + "kml"
    marks = root.iter(K + "Placemark")
    points = [m for m in marks if m.find(K + "Point") is not None]
    lines = list(root.iter(K + "LineString"))
    assert len(points) == len(tour_json["stops"]) == 8
    assert len(lines) == 2  # a route line per day, in a folder named as the day's route
    folders = [f.findtext(K + "name") for f in root.iter(K + "Folder")]
    assert folders == ["路线A（第1天）", "路线B（第2天）"]
    coords = lines[0].findtext(K + "coordinates").split()
    assert len(coords) > 50
    lon, lat, _ = (float(v) for v in coords[0].split(","))
    assert 117.0 < lon < 118.0 and 26.0 < lat < 27.5
    assert "责任单位" in points[0].findtext(K + "description")


def test_kml_and_gpx_escape_hostile_names(tour, layers):
    hostile = '<script>alert("x")</script> & ]]>'
    stops = [
        {**f, "properties": {**f["properties"], "name_zh": hostile, "description_zh": hostile}}
        for f in layers["stops"]
    ]
    gaz = Gazetteer.from_layers({**layers, "stops": stops}, tour)
    kml = to_kml(tour, gaz, hostile, "zh")
    assert b"<script>" not in kml
    root = SafeET.fromstring(kml)
    assert root.find(K + "Document").findtext(K + "name") == hostile
    assert next(root.iter(K + "Placemark")).findtext(K + "name") == f"01 {hostile}"
    doc = _validate_gpx(to_gpx(tour, gaz, hostile, "zh"))
    assert doc.find(G + "wpt").findtext(G + "name") == f"01 {hostile}"


def test_nul_and_control_characters_in_names_keep_gpx_and_kml_valid_xml(tour, layers):
    """Issue 12: "NUL and control characters in names make GPX/KML invalid XML". Names are
    refused with them now; a name stored before that still gives files every reader opens."""
    dirty = "万安\x00镇\x0b文化\x1f站\ufffe"
    stops = [
        {**f, "properties": {**f["properties"], "name_zh": dirty, "description_zh": dirty}}
        for f in layers["stops"]
    ]
    gaz = Gazetteer.from_layers({**layers, "stops": stops}, tour)
    doc = _validate_gpx(to_gpx(tour, gaz, dirty, "zh"))
    assert doc.find(G + "wpt").findtext(G + "name") == "01 万安镇文化站"
    root = SafeET.fromstring(to_kml(tour, gaz, dirty, "zh"))
    assert root.find(K + "Document").findtext(K + "name") == "万安镇文化站"


def test_csv_round_trips_with_the_same_stops_and_times(tour, gaz, tour_json):
    data = to_csv(tour, gaz, "zh")
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel shows the Chinese
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    stops = [r for r in rows if r["序号"]]
    assert [r["编号"] for r in stops] == [s["id"] for s in tour_json["stops"]]
    assert [(r["到达"], r["离开"]) for r in stops] == [
        (s["arrival"][11:16], s["departure"][11:16]) for s in tour_json["stops"]
    ]
    assert [int(r["天"]) for r in stops] == [s["day"] for s in tour_json["stops"]]
    assert [r["日期"] for r in stops] == [s["arrival"][:10] for s in tour_json["stops"]]
    legs = {(g["from"], g["to"]): g for g in tour_json["legs"]}
    previous = tour_json["places"]["start"]["id"]
    for r in stops:
        if r["类型"] == "考察" and (previous, r["编号"]) in legs:
            assert float(r["距上站(公里)"]) == pytest.approx(
                legs[previous, r["编号"]]["km"], abs=0.05
            )
        previous = r["编号"]
    kinds = [r["类型"] for r in rows]
    assert kinds.count("出发") == 2 and kinds.count("到达") == 2 and kinds.count("午餐") >= 1


def test_csv_in_english_and_formula_cells_neutralised(tour, layers):
    stops = [
        {**f, "properties": {**f["properties"], "name_en": '=HYPERLINK("http://x")'}}
        for f in layers["stops"]
    ]
    gaz = Gazetteer.from_layers({**layers, "stops": stops}, tour)
    rows = list(csv.DictReader(io.StringIO(to_csv(tour, gaz, "en").decode("utf-8-sig"))))
    visit = [r for r in rows if r["Type"] == "Visit"]
    assert len(visit) == 8
    assert all(r["Place"].startswith("'=") for r in visit)


def test_csv_export_defuses_every_text_cell_ids_included(tour, gaz, monkeypatch):
    """A stop id (or any other text) that starts like a formula is text in Excel; numbers stay
    numbers (issue 12: "the CSV export leaves a formula in the id column")."""
    import dataclasses

    from geo.printing import exports

    rows = itinerary(tour, gaz, "zh")
    hostile = [
        dataclasses.replace(r, id="=cmd|'/C calc'!A0", township="@SUM(1)") if r.id else r
        for r in rows
    ]
    monkeypatch.setattr(exports, "itinerary", lambda *_: hostile)
    out = list(csv.DictReader(io.StringIO(to_csv(tour, gaz, "zh").decode("utf-8-sig"))))
    visits = [r for r in out if r["编号"]]
    assert visits and all(r["编号"] == "'=cmd|'/C calc'!A0" for r in visits)
    assert all(r["乡镇"] == "'@SUM(1)" for r in visits)
    assert all(not r["考察时长(分钟)"].startswith("'") for r in visits)


def test_gcj02_option_writes_shifted_coordinates(tour, gaz):
    plain = etree.fromstring(to_gpx(tour, gaz, "t", "zh"))
    shifted = _validate_gpx(to_gpx(tour, gaz, "t", "zh", gcj02=True))
    a, b = plain.find(G + "wpt"), shifted.find(G + "wpt")
    lon, lat = wgs84_to_gcj02(float(a.get("lon")), float(a.get("lat")))
    assert float(b.get("lon")) == pytest.approx(lon, abs=1e-6)
    assert float(b.get("lat")) == pytest.approx(lat, abs=1e-6)
    assert abs(float(b.get("lon")) - float(a.get("lon"))) > 0.002  # GCJ-02 is offset ~500 m
    csv_rows = list(
        csv.reader(io.StringIO(to_csv(tour, gaz, "zh", gcj02=True).decode("utf-8-sig")))
    )
    assert csv_rows[0][1] == "路线"
    stop = next(r for r in csv_rows[1:] if r[3] == "1")
    assert float(stop[-2]) == pytest.approx(lon, abs=1e-5)


def test_empty_tour_gives_valid_empty_files(layers):
    gaz = Gazetteer.from_layers(layers)
    doc = _validate_gpx(to_gpx(None, gaz, "空方案", "zh"))
    assert doc.findall(G + "wpt") == [] and doc.find(G + "trk") is None
    root = SafeET.fromstring(to_kml(None, gaz, "空方案", "zh"))
    assert list(root.iter(K + "Placemark")) == []
    rows = list(csv.reader(io.StringIO(to_csv(None, gaz, "zh").decode("utf-8-sig"))))
    assert len(rows) == 1 and rows[0][0] == "天"


def test_itinerary_rows_hold_start_stops_lunch_and_return_each_day(tour, gaz):
    rows = itinerary(tour, gaz, "zh")
    for day in (1, 2):
        kinds = [r.kind for r in rows if r.day == day]
        assert kinds[0] == "start" and kinds[-1] == "end"
    lunch = next(r for r in rows if r.kind == "lunch")
    before = rows[rows.index(lunch) - 1]
    assert (before.departure or before.arrival) <= lunch.arrival
    first_stop = next(r for r in rows if r.kind == "stop")
    assert first_stop.number == 1 and first_stop.township and first_stop.theme
    assert first_stop.visit_minutes > 0
    assert route_paths(tour, gaz).keys() == {1, 2}


def test_free_start_point_is_named_and_located(app, layers):
    from geo.tour.pipeline import parse_tour_request
    from services.tours import tour as tour_of

    with app.app_context():
        body = {"stops": TWO_DAY_STOPS[:2], "start": [117.47, 26.73]}
        tour = tour_of(parse_tour_request(body), "zh")
    gaz = Gazetteer.from_layers(layers, tour)
    rows = itinerary(tour, gaz, "zh")
    assert rows[0].name == "出发地" and rows[0].lon == pytest.approx(117.47)
    assert rows[-1].name == "出发地"
