"""The shipped sample layers (data/shapefiles) and their generator scripts/build_sample_layers.py."""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import json
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import Point, box, shape
from shapely.ops import unary_union

from geo.layers.catalogue import INT, LAYERS, NUM, REQUIRED_LAYERS, STR, THEMES

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "shapefiles"
SCRIPT = ROOT / "scripts" / "build_sample_layers.py"
TO_UTM = Transformer.from_crs(4326, 32650, always_xy=True)
RESERVE_BOX = (117 + 13 / 60, 26 + 28 / 60, 117 + 21 / 60, 26 + 37 / 60)


def utm(geom):
    """Project WGS84 geometry to UTM 50N so areas and distances are in metres."""
    return shapely.transform(geom, lambda x, y: TO_UTM.transform(x, y), interleaved=False)


@pytest.fixture(scope="module")
def layers() -> dict[str, dict]:
    """The shipped files, parsed."""
    return {
        name: json.loads((DATA / f"{name}.geojson").read_text(encoding="utf-8"))
        for name in REQUIRED_LAYERS  # optional layers (rail) ship no file
    }


@pytest.fixture(scope="module")
def geoms(layers) -> dict[str, list]:
    """Shapely geometries (UTM) of every layer, in file order."""
    return {
        name: [utm(shape(f["geometry"])) for f in fc["features"]] for name, fc in layers.items()
    }


def _props(layers, name):
    return [f["properties"] for f in layers[name]["features"]]


# --- the catalogue contract ----------------------------------------------------------------------
def _type_ok(kind: str, value) -> bool:
    if kind == STR:
        return isinstance(value, str)
    if kind == NUM:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "list":
        return isinstance(value, list)
    if kind == "date":
        try:
            return dt.date.fromisoformat(value).isoformat() == value
        except (TypeError, ValueError):
            return False
    raise AssertionError(f"unknown property kind {kind}")


def _value_problem(prop, value) -> str | None:
    """Why one property value breaks its catalogue entry, or None."""
    if value is None:
        return None if prop.nullable else "null"
    if not _type_ok(prop.kind, value):
        return f"not {prop.kind}"
    if prop.choices and value not in prop.choices:
        return "not one of the choices"
    if prop.minimum is not None and value < prop.minimum:
        return f"below {prop.minimum}"
    if prop.maximum is not None and value > prop.maximum:
        return f"above {prop.maximum}"
    return None


def contract_errors(name: str, collection: dict) -> list[str]:
    """Every way the collection breaks catalogue.LAYERS[name] (empty when it conforms)."""
    spec = LAYERS[name]
    errors = []
    if collection.get("type") != "FeatureCollection" or "crs" in collection:
        errors.append("not an RFC 7946 FeatureCollection")
    ids = [f["properties"].get(spec.id_prop) for f in collection["features"]]
    if len(set(ids)) != len(ids):
        errors.append("duplicate ids")
    for i, feat in enumerate(collection["features"]):
        if feat["geometry"]["type"] not in spec.geometry_types:
            errors.append(f"{i}: geometry {feat['geometry']['type']}")
        props = feat["properties"]
        for prop in spec.props:
            where = f"{name}[{i}].{prop.name}"
            if prop.name not in props:
                if prop.required:
                    errors.append(f"{where} missing")
                continue
            problem = _value_problem(prop, props[prop.name])
            if problem:
                errors.append(f"{where}={props[prop.name]!r}: {problem}")
    return errors


@pytest.mark.parametrize("name", sorted(REQUIRED_LAYERS))
def test_layer_satisfies_catalogue(layers, name):
    assert layers[name]["features"], f"{name} is empty"
    assert contract_errors(name, layers[name]) == []


def test_contract_check_catches_a_bad_feature(layers):
    bad = json.loads(json.dumps(layers["stops"]))
    bad["features"][0]["properties"]["theme"] = "scenery"
    bad["features"][1]["properties"]["visit_minutes"] = 30.5
    del bad["features"][2]["properties"]["readiness"]
    assert len(contract_errors("stops", bad)) == 3


@pytest.mark.parametrize("name", sorted(REQUIRED_LAYERS))
def test_coordinates_are_rounded_lon_lat(layers, name):
    for feat in layers[name]["features"]:
        coords = shapely.get_coordinates(shape(feat["geometry"]))
        assert (coords.round(6) == coords).all(), feat["properties"]["id"]
        assert (coords[:, 0] > 116.9).all() and (coords[:, 0] < 117.8).all()
        assert (coords[:, 1] > 26.3).all() and (coords[:, 1] < 27.2).all()


@pytest.mark.parametrize(
    "name", ["townships", "sewage_plants", "reserve", "stops", "places", "roads", "rivers"]
)
def test_layer_lies_inside_county(geoms, name):
    county = geoms["county"][0].buffer(1.0)
    outside = [i for i, g in enumerate(geoms[name]) if not county.contains(g)]
    assert outside == []


# --- townships -----------------------------------------------------------------------------------
def test_townships_partition_the_county(layers, geoms):
    codes = [p["id"] for p in _props(layers, "townships")]
    assert sorted(codes) == [
        f"350428{n}" for n in (100, 101, 102, 103, 104, 105, 106, 107, 201, 203, 204, 205, 206)
    ]
    county = geoms["county"][0]
    polys = geoms["townships"]
    assert unary_union(polys).area == pytest.approx(county.area, rel=0.005)
    assert sum(p.area for p in polys) == pytest.approx(county.area, rel=0.005)
    overlap = sum(a.intersection(b).area for a, b in itertools.combinations(polys, 2))
    assert overlap < 10_000  # m2, i.e. about zero against 2,246 km2


def test_township_seats_lie_in_their_township(layers, geoms):
    for props, poly in zip(_props(layers, "townships"), geoms["townships"], strict=True):
        assert poly.contains(utm(Point(props["seat_lon"], props["seat_lat"]))), props["id"]


@pytest.mark.parametrize(("code", "km2"), [("350428105", 25.4), ("350428107", 195.9)])
def test_published_township_areas(layers, geoms, code, km2):
    i = [p["id"] for p in _props(layers, "townships")].index(code)
    assert geoms["townships"][i].area / 1e6 == pytest.approx(km2, rel=0.15)


def test_township_names_kinds_and_status(layers):
    by_code = {p["id"]: p for p in _props(layers, "townships")}
    assert {c for c, p in by_code.items() if p["kind"] == "乡"} == {
        "350428201", "350428203", "350428204", "350428205", "350428206"
    }  # fmt: skip
    assert by_code["350428106"]["aliases"] == ["光明乡"]
    assert by_code["350428107"]["aliases"] == ["南口乡"]
    applied = {p["name_zh"] for p in by_code.values() if p["eco_status"] == "applied"}
    assert applied == {"白莲镇", "古镛镇", "光明镇", "大源乡", "漠源乡", "余坊乡"}
    assert all(
        (p["eco_applied_year"] == 2013) == (p["eco_status"] == "applied") for p in by_code.values()
    )


# --- reserve -------------------------------------------------------------------------------------
def test_reserve_area_and_extent(layers, geoms):
    [reserve] = geoms["reserve"]
    assert reserve.area / 1e4 == pytest.approx(15693, rel=0.02)
    wgs = shape(layers["reserve"]["features"][0]["geometry"])
    assert box(*RESERVE_BOX).contains(wgs)
    assert geoms["county"][0].contains(reserve)
    assert reserve.area < 0.95 * reserve.minimum_rotated_rectangle.area  # not a rectangle


def test_reserve_neighbours(layers, geoms):
    [reserve] = geoms["reserve"]
    share = {
        p["name_zh"]: poly.intersection(reserve).area
        for p, poly in zip(_props(layers, "townships"), geoms["townships"], strict=True)
    }
    assert {n for n, a in share.items() if a > 1e6} == {"白莲镇", "黄潭镇", "万全乡"}


# --- stops and plants ----------------------------------------------------------------------------
def test_stops_per_township_inside_and_themed(layers, geoms):
    towns = {
        p["id"]: g for p, g in zip(_props(layers, "townships"), geoms["townships"], strict=True)
    }
    stops = _props(layers, "stops")
    per_town = Counter(s["township_code"] for s in stops)
    assert set(per_town) == set(towns)
    assert all(4 <= n <= 6 for n in per_town.values())
    for props, point in zip(stops, geoms["stops"], strict=True):
        assert towns[props["township_code"]].contains(point), props["id"]
        assert 20 <= props["visit_minutes"] <= 60
    for code in towns:
        assert len({s["theme"] for s in stops if s["township_code"] == code}) >= 3, code
    themes = Counter(s["theme"] for s in stops)
    assert set(themes) == set(THEMES) and min(themes.values()) >= 5
    assert Counter(s["readiness"] for s in stops).most_common(1)[0][0] == "ready"


def test_every_plant_has_a_stop_at_it(layers):
    plants = {
        f["properties"]["id"]: f["geometry"]["coordinates"]
        for f in layers["sewage_plants"]["features"]
    }
    assert len(plants) == 12
    visits = {
        f["properties"]["plant_id"]: f
        for f in layers["stops"]["features"]
        if f["properties"]["plant_id"]
    }
    assert set(visits) == set(plants)
    for pid, feat in visits.items():
        assert feat["geometry"]["coordinates"] == plants[pid]
        assert feat["properties"]["theme"] == "urban_infrastructure"


def test_plants_follow_the_plan(layers):
    plants = {p["id"]: p for p in _props(layers, "sewage_plants")}
    urban = plants["wwtp-urban"]
    assert (urban["kind"], urban["township_code"], urban["deadline"]) == (
        "urban",
        "350428100",
        "2014-12-31",
    )
    due = {p["township_code"] for p in plants.values() if p["deadline"] == "2014-06-30"}
    assert len(due) == 8
    for p in plants.values():
        assert (p["load_rate"] is None) == (p["status"] != "operating"), p["id"]
        if p["kind"] == "township":
            assert 300 <= p["capacity_m3d"] <= 1500


# --- roads ---------------------------------------------------------------------------------------
def _digraph(features, honour_oneway=True) -> nx.DiGraph:
    g = nx.DiGraph()
    for f in features:
        coords = f["geometry"]["coordinates"]
        a, b = tuple(coords[0]), tuple(coords[-1])
        g.add_edge(a, b)
        if not (honour_oneway and f["properties"]["oneway"]):
            g.add_edge(b, a)
    return g


def test_road_network_size_and_classes(layers, geoms):
    roads = _props(layers, "roads")
    assert 2000 <= len(roads) <= 5000
    assert {r["class"] for r in roads} == {"provincial", "county", "township", "village"}
    assert any(r["name_zh"] == "洋万线" for r in roads)
    lengths = [g.length for g in geoms["roads"]]
    assert 300 <= sorted(lengths)[len(lengths) // 2] <= 800

    def bend(line):  # largest distance of a vertex from the segment's chord, in metres
        chord = shapely.geometry.LineString([line.coords[0], line.coords[-1]])
        return max(chord.distance(Point(c)) for c in line.coords)

    curved = sum(bend(g) > 3.0 for g in geoms["roads"])
    assert curved > len(lengths) / 2


def test_road_network_is_connected_and_oneway_safe(layers):
    feats = layers["roads"]["features"]
    assert any(f["properties"]["oneway"] for f in feats)
    assert nx.is_connected(_digraph(feats, honour_oneway=False).to_undirected())
    assert nx.is_strongly_connected(_digraph(feats))


def test_everything_to_visit_is_near_a_road(layers, geoms):
    tree = shapely.STRtree(geoms["roads"])
    made = [g for g, p in zip(geoms["places"], _props(layers, "places"), strict=True)
            if p["kind"] != "station"]  # fmt: skip
    points = geoms["stops"] + geoms["sewage_plants"] + made
    points += [utm(Point(p["seat_lon"], p["seat_lat"])) for p in _props(layers, "townships")]
    for point in points:
        nearest = geoms["roads"][tree.nearest(point)]
        assert nearest.distance(point) <= 150.0, point


def test_the_station_is_the_real_osm_point_and_reachable(layers, geoms):
    """将乐站 keeps its OSM position (the roads were drawn without it) and snaps to a road."""
    places = _props(layers, "places")
    station = geoms["places"][[p["kind"] for p in places].index("station")]
    assert station.distance(utm(Point(117.4731311, 26.6984102))) < 0.2
    tree = shapely.STRtree(geoms["roads"])
    assert geoms["roads"][tree.nearest(station)].distance(station) < 1000.0


# --- rivers --------------------------------------------------------------------------------------
def test_rivers(layers, geoms):
    rivers = _props(layers, "rivers")
    assert [r["class"] for r in rivers].count("main") == 1
    main = geoms["rivers"][[r["class"] for r in rivers].index("main")]
    assert main.length > 40_000
    gov = utm(Point(117.468349, 26.731961))
    assert main.distance(gov) < 2000


# --- the generator -------------------------------------------------------------------------------
def _load_generator():
    spec = importlib.util.spec_from_file_location("build_sample_layers", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_is_deterministic_and_matches_shipped_files():
    gen = _load_generator()
    first, second = gen.build_layers(), gen.build_layers()
    for name in REQUIRED_LAYERS:
        text = gen.dumps(first[name])
        assert text == gen.dumps(second[name]), name
        assert text == (DATA / f"{name}.geojson").read_text(encoding="utf-8"), (
            f"{name}: rerun the script"
        )
