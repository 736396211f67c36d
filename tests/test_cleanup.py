"""The clean-up along the route (geo.prep) on a small hand-made layer set: roads, km and streams
per township, stretch ends, stop surroundings, task keys, the workbook's defused cells.

Fixture (made up for this test, CC0): two townships side by side, west 117.40-117.45E and east
117.45-117.50E (26.70-26.76N). County road 测试线 (X001) runs east along 26.725N from 117.41E to
117.49E, crossing the border at 117.45E; an unnamed village road leaves it at 117.48E to the north.
Stop s-west is 0.002 deg north of the county road at 117.42E, s-east beside the village road. The
stream 近溪 runs 100 m north of s-west, 东溪 crosses the county road at 117.47E, 远溪 is 2.8 km away.
"""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from pyproj import Geod

from geo.prep import CleanupLayers, CleanupSettings, DrivenRoute, cleanup_workbook, route_cleanup
from geo.roads.network import RoadGraph

GEOD = Geod(ellps="WGS84")
WEST, EAST = "350000001", "350000002"


def _line(*coords) -> dict:
    return {"type": "LineString", "coordinates": [list(c) for c in coords]}


def _box(x0, x1) -> dict:
    ring = [[x0, 26.70], [x1, 26.70], [x1, 26.76], [x0, 26.76], [x0, 26.70]]
    return {"type": "Polygon", "coordinates": [ring]}


def _road(rid, geometry, cls, name=None, ref=None) -> dict:
    props = {"id": rid, "name_zh": name, "class": cls, "speed_kmh": 40, "oneway": False}
    if ref:
        props["ref"] = ref
    return {"type": "Feature", "properties": props, "geometry": geometry}


def _feature(props: dict, geometry: dict) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geometry}


ROADS = [
    _road(
        "r-main",
        _line(*[(117.41 + 0.01 * k, 26.725) for k in range(9)]),
        "county",
        "测试线",
        "X001",
    ),
    _road("r-spur", _line((117.48, 26.725), (117.48, 26.735)), "village"),
    _road("r-side", _line((117.43, 26.725), (117.43, 26.745)), "village"),  # not driven
]
RIVERS = [
    _feature({"id": "w-near", "name_zh": "近溪", "name_en": "Near Brook", "class": "tributary"},
             _line((117.4195, 26.728), (117.4205, 26.728))),
    _feature({"id": "w-cross", "name_zh": "东溪", "name_en": "East Brook", "class": "tributary"},
             _line((117.47, 26.74), (117.47, 26.71))),
    _feature({"id": "w-far", "name_zh": "远溪", "name_en": "Far Brook", "class": "tributary"},
             _line((117.41, 26.75), (117.44, 26.75))),
]  # fmt: skip
TOWNSHIPS = [
    _feature(
        {"id": WEST, "name_zh": "西乡", "name_en": "Xi", "seat_lon": 117.405, "seat_lat": 26.705},
        _box(117.40, 117.45),
    ),
    _feature(
        {"id": EAST, "name_zh": "东镇", "name_en": "Dong", "seat_lon": 117.495, "seat_lat": 26.705},
        _box(117.45, 117.50),
    ),
]
LAYERS = CleanupLayers.of(ROADS, RIVERS, TOWNSHIPS)


def _stop(sid, lon, lat, township) -> dict:
    props = {
        "id": sid,
        "name_zh": f"考察点{sid}",
        "name_en": f"Stop {sid}",
        "township_code": township,
    }
    return _feature(props, {"type": "Point", "coordinates": [lon, lat]})


def _east_west_km(lon0: float, lon1: float, lat: float = 26.725) -> float:
    return GEOD.line_length([lon0, lon1], [lat, lat]) / 1000


def _route(east=(117.4805, 26.732)) -> DrivenRoute:
    return _route_over(ROADS, east)


def _route_over(roads: list[dict], east=(117.4805, 26.732)) -> DrivenRoute:
    """There and back over a fixture graph, as the tour pipeline drives it."""
    stops = [_stop("s-west", 117.42, 26.727, WEST), _stop("s-east", *east, EAST)]
    points = {s["properties"]["id"]: tuple(s["geometry"]["coordinates"]) for s in stops}
    legs = RoadGraph.from_features(roads).cost_matrix(points).legs(["s-west", "s-east", "s-west"])
    roads = {r for leg in legs for r in leg.road_ids}
    return DrivenRoute([leg.coords for leg in legs], roads, stops)


@pytest.fixture(scope="module")
def cleanup():
    return route_cleanup(_route(), LAYERS, "zh")


def test_roads_per_township_with_km(cleanup):
    assert [t.code for t in cleanup.townships] == [WEST, EAST]  # the order the panel reaches them
    west, east = cleanup.townships
    assert [(r.label, r.road_ids) for r in west.roads] == [("测试线 (X001)", ("r-main",))]
    assert west.roads[0].km == pytest.approx(_east_west_km(117.42, 117.45), rel=0.01)
    assert [r.label for r in east.roads] == ["测试线 (X001)", "无名村道"]
    assert east.roads[0].km == pytest.approx(_east_west_km(117.45, 117.48), rel=0.01)
    spur_km = GEOD.line_length([117.48, 117.48], [26.725, 26.732]) / 1000
    assert east.roads[1].km == pytest.approx(spur_km, rel=0.01)
    # driven there and back, each road is swept once, on both sides
    assert east.roads[1].verge_km == pytest.approx(2 * east.roads[1].km)
    assert all(r.both_sides for t in cleanup.townships for r in t.roads)


def test_stretch_ends_are_told_by_stop_border_and_junction(cleanup):
    west, east = cleanup.townships
    assert [(s.start, s.end) for s in west.roads[0].spans] == [("考察点s-west", "与东镇交界")]
    assert [(s.start, s.end) for s in east.roads[0].spans] == [("与西乡交界", "无名村道路口")]
    assert [(s.start, s.end) for s in east.roads[1].spans] == [
        ("测试线 (X001)路口", "考察点s-east")
    ]


def test_streams_near_the_route_or_a_stop_per_township(cleanup):
    west, east = cleanup.townships
    assert [(r.label, r.near_stops) for r in west.rivers] == [("近溪", ("考察点s-west",))]
    near_km = GEOD.line_length([117.4195, 117.4205], [26.728, 26.728]) / 1000
    assert west.rivers[0].km == pytest.approx(near_km, rel=0.01)
    assert [(r.label, r.near_stops) for r in east.rivers] == [("东溪", ())]
    assert east.rivers[0].km == pytest.approx(0.4, rel=0.01)  # 200 m either side of the road
    assert "w-far" not in {r.river_id for t in cleanup.townships for r in t.rivers}


def test_a_wider_river_distance_reaches_further():
    wide = route_cleanup(_route(), LAYERS, "zh", CleanupSettings(river_distance_m=500))
    east = wide.township(EAST)
    assert east.rivers[0].km == pytest.approx(1.0, rel=0.01)
    assert "w-far" not in {r.river_id for t in wide.townships for r in t.rivers}


def test_stop_surroundings(cleanup):
    west, east = cleanup.townships
    (area,) = west.stops
    assert (area.stop_id, area.radius_m, area.roads, area.rivers) == ("s-west", 200, (), ("近溪",))
    (area,) = east.stops
    assert (area.stop_id, area.roads, area.rivers) == ("s-east", ("无名村道",), ())


def test_one_task_per_road_river_and_stop_with_unique_keys(cleanup):
    west, east = cleanup.townships
    assert [t.kind for t in west.tasks] == ["road", "river", "stop"]
    assert [t.kind for t in east.tasks] == ["road", "road", "river", "stop"]
    keys = [t.key for t in cleanup.tasks]
    assert len(set(keys)) == len(keys) == 7
    assert west.tasks[0].where == "考察点s-west — 与东镇交界"


def test_task_keys_survive_a_small_change_of_route(cleanup):
    moved = route_cleanup(_route(east=(117.4806, 26.7335)), LAYERS, "zh")
    assert [t.key for t in moved.tasks] == [t.key for t in cleanup.tasks]
    assert moved.township(EAST).roads[1].km > cleanup.township(EAST).roads[1].km + 0.1


def test_english_labels():
    english = route_cleanup(_route(), LAYERS, "en")
    east = english.township(EAST)
    assert [r.label for r in east.roads] == ["测试线 (X001)", "unnamed Village road"]
    assert east.roads[0].spans[0].start == "border with Xi"
    assert east.rivers[0].label == "East Brook"


def test_an_empty_tour_cleans_nothing():
    empty = route_cleanup(DrivenRoute([], (), []), LAYERS, "zh")
    assert empty.townships == () and empty.corridor is None and empty.tasks == ()


def test_formula_like_names_are_defused_in_the_workbook():
    roads = [_road("r-main", ROADS[0]["geometry"], "county", "=HYPERLINK(1)"), *ROADS[1:]]
    cleanup = route_cleanup(_route_over(roads), CleanupLayers.of(roads, RIVERS, TOWNSHIPS), "zh")
    book = openpyxl.load_workbook(io.BytesIO(cleanup_workbook(cleanup, "+plan", "zh")))
    subjects = [row[2] for row in book["西乡"].iter_rows(min_row=3, values_only=True)]
    assert subjects[0] == "'=HYPERLINK(1)"
    assert book.worksheets[0]["A1"].value.startswith("'+plan")


def _pdf_texts(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_pdf_has_a_task_page_per_township(cleanup):
    from geo.maps.fonts import find_cjk_font
    from geo.printing.cleanup_pages import cleanup_pdf

    pages = _pdf_texts(cleanup_pdf(cleanup, "测试方案", find_cjk_font(), "zh", date(2014, 7, 15)))
    assert len(pages) == 2
    assert "西乡" in pages[0] and "测试线" in pages[0] and "近溪" in pages[0]
    assert "东镇" in pages[1] and "无名村道" in pages[1] and "东溪" in pages[1]


def test_the_print_pack_ends_with_the_clean_up_pages(app, cleanup):
    from geo.maps.fonts import find_cjk_font
    from geo.printing.pack import PackInput, build_print_pack
    from store.layers import features

    with app.app_context():
        layers = {n: features(n) for n in ("county", "townships", "reserve", "rivers", "roads",
                                             "stops", "places", "sewage_plants")}  # fmt: skip
    plan = {
        "id": 1,
        "name": "方案",
        "sites": [],
        "depart": "2014-10-20T08:30",
        "start": "place-gov",
    }
    data = PackInput(plan, None, layers, "zh", date(2014, 7, 15), cleanup=cleanup)
    pages = _pdf_texts(build_print_pack(data, find_cjk_font()))
    assert "沿途环境整治 · 西乡" in pages[-2] and "沿途环境整治 · 东镇" in pages[-1]
