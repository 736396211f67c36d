"""The OpenStreetMap import (geo/layers/osm.py, services/osm_import.py): every tag rule on the
fixture of tests/data/osm/make_fixtures.py, read as OSM XML and as PBF (made with osmium)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import shape
from sqlalchemy.exc import IntegrityError

from geo.crs import to_metric
from geo.errors import GeoInputError
from geo.layers.loader import county_geometry, load_layer
from geo.layers.osm import import_osm, merge_stations
from geo.layers.osm_tags import maxspeed_kmh, read_speed_table
from geo.roads.network import RoadGraph
from geo.roads.pieces import build_pieces
from geo.tour.pipeline import TourRequest, plan_tour
from geo.tour.records import Site
from geo.tour.settings import TourSettings
from services.osm_import import DEFAULT_SPEEDS
from store.layers import (
    feature_count,
    features,
    import_history,
    layer_revision,
    replace_layer_recorded,
    revisions,
)
from tests.data.osm import make_fixtures

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "shapefiles"
DATA = ROOT / "tests" / "data"
FIXTURE = make_fixtures.FIXTURE


@pytest.fixture(scope="module")
def county():
    return county_geometry(load_layer("county", SHIPPED / "county.geojson"))


@pytest.fixture(scope="module")
def rules():
    return read_speed_table(DEFAULT_SPEEDS)


@pytest.fixture(scope="module")
def pbf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("osm") / "jiangle_fixture.osm.pbf"
    subprocess.run(["osmium", "cat", str(FIXTURE), "-o", str(out)], check=True)
    return out


@pytest.fixture(scope="module", params=["osm", "pbf"])
def result(request, county, rules, pbf):
    path = FIXTURE if request.param == "osm" else pbf
    return import_osm(path, county, rules, buffer_km=10)


def _by_id(feats: list[dict]) -> dict[str, dict]:
    return {f["properties"]["id"]: f for f in feats}


def test_fixture_file_is_current():
    assert FIXTURE.read_text(encoding="utf-8") == make_fixtures.osm_xml()


@pytest.mark.parametrize(
    ("way", "cls", "speed"),
    [
        (101, "provincial", 80.0),  # maxspeed=80
        (102, "county", 48.3),  # maxspeed=30 mph
        (103, "township", 40.0),  # maxspeed=CN:rural: the class default
        (104, "village", 30.0),
        (105, "village", 25.0),
        (106, "village", 15.0),
        (107, "village", 15.0),
        (108, "national", 70.0),
        (111, "expressway", 120.0),
        (112, "expressway", 100.0),
        (113, "expressway", 50.0),
        (116, "provincial", 40.0),
        (117, "county", 30.0),
        (118, "township", 30.0),
        (119, "national", 40.0),
    ],
)
def test_highway_tags_give_class_and_speed(result, way, cls, speed):
    props = _by_id(result.layers["roads"])[f"osm-w{way}"]["properties"]
    assert (props["class"], props["speed_kmh"]) == (cls, speed)


def test_maxspeed_units_and_fallbacks():
    values = pd.Series(["60", "30 mph", "20 knots", "45 km/h", "CN:urban", "none", "60;80", None])
    got = maxspeed_kmh(values).round(1).tolist()
    assert got[:4] == [60.0, 48.3, 37.0, 45.0]
    assert all(np.isnan(got[4:]))


@pytest.mark.parametrize(
    ("way", "oneway"),
    [
        (101, False),
        (105, True),  # oneway=yes
        (106, True),  # oneway=-1
        (111, True),  # motorway: implied
        (113, True),  # motorway_link: implied
        (115, False),  # motorway with oneway=no
        (118, False),  # oneway=reversible: time-dependent, kept as two-way
        (120, True),  # junction=roundabout: implied
    ],
)
def test_oneway_rules(result, way, oneway):
    assert _by_id(result.layers["roads"])[f"osm-w{way}"]["properties"]["oneway"] is oneway


def test_reversed_oneway_is_drawn_in_driving_direction(result):
    coords = _by_id(result.layers["roads"])["osm-w106"]["geometry"]["coordinates"]
    assert [tuple(c) for c in coords] == [(117.50, 26.74), (117.50, 26.72)]  # nodes 8 -> 4


def test_excluded_ways_are_dropped_and_counted(result):
    roads = _by_id(result.layers["roads"])
    for way in (130, 131, 132, 133):  # construction, access=no, motor_vehicle=no, footway
        assert f"osm-w{way}" not in roads
    assert "osm-w134" in roads  # access=no but motor_vehicle=yes
    assert result.report.dropped == {
        "no_motor_vehicles": 2,
        "construction": 1,
        "not_a_motor_road": 1,
    }


def test_ref_names_bridges_and_tunnels_are_kept(result):
    roads = _by_id(result.layers["roads"])
    assert roads["osm-w101"]["properties"]["name_zh"] == "洋万线"  # name:zh before name
    assert roads["osm-w101"]["properties"]["ref"] == "S304"
    assert roads["osm-w102"]["properties"]["name_zh"] == "将乐大道"
    assert roads["osm-w103"]["properties"]["name_zh"] is None
    assert roads["osm-w109"]["properties"]["ref"] == "G356"
    bridge, tunnel = roads["osm-w135"], roads["osm-w136"]
    assert bridge["properties"]["bridge"] and not bridge["properties"]["tunnel"]
    assert tunnel["properties"]["tunnel"] and not tunnel["properties"]["bridge"]
    assert bridge["geometry"]["type"] == tunnel["geometry"]["type"] == "LineString"


def test_county_line_and_buffer_edge(result, county):
    roads = _by_id(result.layers["roads"])
    across = shape(roads["osm-w109"]["geometry"])  # leaves the county, stays in the buffer
    assert not county.contains(across)
    assert across.coords[-1] == (117.65, 26.70)
    cut = shape(roads["osm-w110"]["geometry"])  # leaves the buffer: cut at its edge
    end = shapely.Point(cut.coords[-1])
    assert to_metric(county).distance(to_metric(end)) == pytest.approx(10_000, abs=20)
    assert "osm-w150" not in roads and "osm-w151" not in roads
    assert (result.report.clipped, result.report.outside) == (1, 1)


def test_a_smaller_buffer_keeps_less(county, rules):
    small = import_osm(FIXTURE, county, rules, buffer_km=1)
    roads = _by_id(small.layers["roads"])
    assert "osm-w110" not in roads
    end = shapely.Point(shape(roads["osm-w109"]["geometry"]).coords[-1])
    assert to_metric(county).distance(to_metric(end)) == pytest.approx(1_000, abs=20)


def test_unconnected_island_is_reported(result):
    assert result.report.island_count == 1
    island = result.report.islands[0]
    assert island.road_ids == ("osm-w140", "osm-w141")
    assert island.names == ("孤岛村道",)
    assert "not connected to the main network: 1" in "\n".join(result.report.lines())


def test_report_counts_and_km(result):
    report = result.report
    assert sum(t.count for t in report.roads.values()) == len(result.layers["roads"]) == 25
    assert list(report.roads) == [
        "expressway", "national", "provincial", "county", "township", "village"
    ]  # fmt: skip
    assert report.roads["provincial"].km == pytest.approx(7.5, abs=0.1)
    assert report.rivers["main"].count == 1 and report.rail["siding"].count == 1


def test_rivers_rail_and_stations(result):
    rivers = _by_id(result.layers["rivers"])
    assert set(rivers) == {"osm-w160", "osm-w161", "osm-w162"}  # the ditch is left out
    assert rivers["osm-w160"]["properties"]["class"] == "main"
    assert rivers["osm-w160"]["properties"]["name_en"] == "Jinxi"
    assert rivers["osm-w161"]["properties"]["class"] == "tributary"
    assert rivers["osm-w161"]["properties"]["name_zh"] == "无名河流"
    rail = _by_id(result.layers["rail"])
    assert rail["osm-w170"]["properties"]["class"] == "mainline"
    assert rail["osm-w171"]["properties"]["class"] == "siding"
    assert [s["properties"]["id"] for s in result.stations] == ["osm-n82"]  # not 邻县站
    assert result.stations[0]["properties"]["name_zh"] == "将乐站"


def test_ways_are_split_at_shared_nodes(result):
    pieces, nodes = build_pieces(result.layers["roads"])
    w101 = [i for i, rid in enumerate(pieces.road_ids) if rid == "osm-w101"]
    assert len(w101) == 3  # nodes 2 and 3 are shared with other ways
    node_keys = {tuple(np.round(n, 7)) for n in nodes}
    assert {(117.46, 26.72), (117.48, 26.72), (117.47, 26.73)} <= node_keys


def test_graph_respects_reversed_oneway(result):
    graph = RoadGraph.from_features(result.layers["roads"]).graph
    w106 = [
        (graph.nodes[s]["lon"], graph.nodes[s]["lat"], graph.nodes[d]["lat"])
        for s, d, data in graph.edges(data=True)
        if data["road_id"] == "osm-w106"
    ]
    assert w106 == [(117.50, 26.74, 26.72)]  # only north -> south, as oneway=-1 says


def test_imported_roads_route_a_tour(result):
    graph = RoadGraph.from_features(result.layers["roads"])
    places = {"start": Site("start", 117.4405, 26.7202, "start")}
    stops = {
        "a": Site("a", 117.4995, 26.7398, "a", 30),
        "b": Site("b", 117.4602, 26.7595, "b", 30),
        "c": Site("c", 117.4803, 26.7300, "c", 30),
    }
    request = TourRequest(stops=("a", "b", "c"), settings=TourSettings(start="start"))
    tour = plan_tour(graph, request, stops, places)
    assert sorted(tour.order) == ["a", "b", "c"]
    assert [leg.from_id for leg in tour.schedule.legs] == ["start", *tour.order]
    assert all(leg.minutes > 0 and leg.km > 0 for leg in tour.schedule.legs)
    assert all(path.coords for path in tour.paths)


def test_station_merge_keeps_stored_places():
    places = load_layer("places", SHIPPED / "places.geojson")
    station = {
        "type": "Feature",
        "properties": {"id": "osm-n1", "kind": "station"},
        "geometry": {"type": "Point", "coordinates": [117.4731, 26.6984]},
    }
    merged = merge_stations(places, [station])
    assert merged[: len(places)] == places
    near = {**station, "properties": {"id": "osm-n2", "kind": "station"}}
    near["geometry"] = {"type": "Point", "coordinates": [117.4735, 26.6986]}  # ~45 m away
    assert merge_stations(merged, [near]) == merged


def test_not_an_osm_file_is_refused(county, rules):
    with pytest.raises(GeoInputError, match="must end in .osm or .osm.pbf"):
        import_osm(SHIPPED / "roads.geojson", county, rules)


def test_extract_of_another_region_is_refused(county, rules):
    far = shapely.box(100.0, 30.0, 100.5, 30.5)
    with pytest.raises(GeoInputError, match="no roads in the county plus 10 km"):
        import_osm(FIXTURE, far, rules)


def test_buffer_out_of_range_is_refused(county, rules):
    with pytest.raises(GeoInputError, match="buffer_km must be 0-50"):
        import_osm(FIXTURE, county, rules, buffer_km=80)


def test_bad_speed_table_names_the_line(tmp_path):
    table = tmp_path / "speeds.csv"
    table.write_text("highway,class,speed_kmh\nprimary,provincial,60\ntrack,lane,20\n")
    with pytest.raises(GeoInputError, match="line 3: .*class must be one of"):
        read_speed_table(table)
    table.write_text("highway,class,speed_kmh\nprimary,provincial,fast\n")
    with pytest.raises(GeoInputError, match="line 2: .*speed_kmh must be 5-130"):
        read_speed_table(table)


def test_speed_table_changes_the_defaults(tmp_path, county):
    table = tmp_path / "speeds.csv"
    table.write_text(DEFAULT_SPEEDS.read_text().replace("track,village,15", "track,village,10"))
    roads = _by_id(import_osm(FIXTURE, county, read_speed_table(table)).layers["roads"])
    assert roads["osm-w107"]["properties"]["speed_kmh"] == 10.0


def test_import_osm_command_replaces_layers_and_records(app):
    with app.app_context():
        before = {name: feature_count(name) for name in ("roads", "rivers", "rail", "places")}
    result = app.test_cli_runner().invoke(args=["import-osm", str(FIXTURE), "--buffer-km", "10"])
    assert result.exit_code == 0, result.output
    assert "roads: 25 ways" in result.output
    assert "dropped 1: under construction" in result.output
    with app.app_context():
        assert before["roads"] == 3202 and before["rail"] == 0
        assert feature_count("roads") == 25
        assert feature_count("rivers") == 3 and feature_count("rail") == 2
        # the shipped place-station is the same station: kept, the OSM node not added twice
        assert "osm-n82" not in {f["id"] for f in features("places")}
        assert feature_count("places") == before["places"]
        assert {r.layer for r in import_history()} == {"roads", "rivers", "rail"}


def test_import_osm_command_adds_a_new_station_to_the_places(app):
    with app.app_context():
        replace_layer_recorded("places", load_layer("places", DATA / "places_upload.geojson"),
                               "places_upload.geojson", "places_upload.geojson", "test")  # fmt: skip
    result = app.test_cli_runner().invoke(args=["import-osm", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        ids = [f["id"] for f in features("places")]
        assert ids == ["place-gov", "place-hotel", "place-guesthouse", "osm-n82"]


def test_import_osm_command_refuses_bad_input_and_changes_nothing(app, tmp_path):
    bad = tmp_path / "broken.osm"
    bad.write_text("<osm><way id='1'>")
    result = app.test_cli_runner().invoke(args=["import-osm", str(bad)])
    assert result.exit_code != 0
    assert "cannot read as OpenStreetMap" in result.output or "no roads" in result.output
    with app.app_context():
        assert feature_count("roads") == 3202


def test_stray_invisible_characters_in_osm_names_are_scrubbed_not_fatal(tmp_path, county, rules):
    """One zero-width space or bidi mark in a mapper's name must not fail a province's import
    (the loader refuses them in names): the import keeps the name without them, in NFC."""
    path = tmp_path / "invisible.osm"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="test">\n'
        '  <node id="1" version="1" lat="26.72" lon="117.44"/>\n'
        '  <node id="2" version="1" lat="26.72" lon="117.46"/>\n'
        '  <way id="1" version="1"><nd ref="1"/><nd ref="2"/>\n'
        '    <tag k="highway" v="primary"/><tag k="name" v="将乐&#x200B;大道&#x202E;"/>\n'
        '    <tag k="ref" v="S304&#xFEFF;"/><tag k="name:en" v="Cafe&#x301; Road"/></way>\n'
        "</osm>\n",
        encoding="utf-8",
    )
    road = import_osm(path, county, rules, buffer_km=10).layers["roads"][0]["properties"]
    assert (road["name_zh"], road["ref"], road["name_en"]) == ("将乐大道", "S304", "Café Road")


def test_a_failing_second_layer_leaves_every_old_revision_live(app, monkeypatch):
    """The layers of one import are written all or none: rivers (the second layer) holding an
    id twice is refused by the database after roads were swapped in the same transaction."""
    import services.osm_import as use_case

    def broken_rivers(*args, **kwargs):
        result = import_osm(*args, **kwargs)
        rivers = result.layers["rivers"]
        result.layers["rivers"] = [*rivers, rivers[0]]
        return result

    monkeypatch.setattr(use_case, "import_osm", broken_rivers)
    names = ("roads", "rivers", "rail", "places")
    with app.app_context():
        before = {name: (layer_revision(name), feature_count(name)) for name in names}
        with pytest.raises(IntegrityError):
            use_case.import_osm_file(FIXTURE)
        assert {name: (layer_revision(name), feature_count(name)) for name in names} == before
        assert import_history() == []
        assert [r.number for r in revisions("roads")] == [1]
