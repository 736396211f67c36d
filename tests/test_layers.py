"""The layer loader: every rule of the catalogue has a broken fixture and its specific error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely

from geo.errors import GeoInputError
from geo.layers.catalogue import LAYERS
from geo.layers.loader import (
    COUNTY_TOLERANCE_M,
    county_geometry,
    load_all,
    load_layer,
    outside_county,
    read_feature_collection,
    validate_features,
)

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "shapefiles"
BAD = Path(__file__).parent / "data" / "bad"


@pytest.fixture(scope="module")
def county():
    return county_geometry(load_layer("county", SHIPPED / "county.geojson"))


@pytest.mark.parametrize(
    ("layer", "fixture", "expected"),
    [
        (
            "stops",
            "stops_missing_property",
            r"feature 1 \(id='stop-b'\): missing required property 'theme'",
        ),
        (
            "stops",
            "stops_wrong_type",
            r"feature 1 \(id='stop-b'\): property 'visit_minutes' = 'forty': must be a whole number",
        ),
        (
            "stops",
            "stops_bad_choice",
            r"feature 1 \(id='stop-b'\): property 'theme' = 'tourism': must be one of natural_landscape",
        ),
        (
            "stops",
            "stops_empty_coordinates",
            r"feature 1 \(id='stop-b'\): geometry is (empty|malformed)",
        ),
        (
            "stops",
            "stops_wrong_geometry_type",
            r"feature 1 \(id='stop-b'\): geometry type LineString not allowed in layer 'stops' \(expected Point\)",
        ),
        (
            "stops",
            "stops_duplicate_id",
            r"feature 1 \(id='stop-a'\): property 'id': duplicate id 'stop-a' \(also feature 0\)",
        ),
        (
            "stops",
            "stops_outside_county",
            r"feature 1 \(id='stop-b'\): geometry lies outside the county outline",
        ),
        ("stops", "stops_wrong_crs", r"wrong CRS 'urn:ogc:def:crs:EPSG::3857'"),
        (
            "stops",
            "stops_projected_no_crs",
            r"feature 0 \(id='stop-a'\): coordinates 13076800.0,3090000.0 are not longitude/latitude: wrong CRS",
        ),
        ("stops", "stops_not_feature_collection", r"expected a GeoJSON FeatureCollection"),
        ("stops", "stops_not_json", r"cannot read as GeoJSON"),
        ("stops", "stops_empty", r"layer 'stops' has no features"),
        (
            "townships",
            "townships_bowtie",
            r"feature 0 \(id='350428105'\): geometry is invalid \(Self-intersection",
        ),
        (
            "townships",
            "townships_unclosed_ring",
            r"feature 0 \(id='350428105'\): geometry is malformed",
        ),
    ],
)
def test_broken_fixture_gets_its_specific_error(county, layer, fixture, expected):
    path = BAD / f"{fixture}.geojson"
    with pytest.raises(GeoInputError, match=expected) as info:
        load_layer(layer, path, county)
    assert str(info.value).startswith(path.name), "the error names the file first"


def test_every_broken_fixture_is_covered():
    tested = {p.stem for p in BAD.glob("*.geojson")}
    source = Path(__file__).read_text(encoding="utf-8")
    assert all(f'"{name}"' in source for name in tested)


def test_unknown_layer_is_refused():
    with pytest.raises(GeoInputError, match="unknown layer 'parks'"):
        load_layer("parks", SHIPPED / "stops.geojson")


def test_null_allowed_only_where_nullable():
    feature = json.loads((SHIPPED / "stops.geojson").read_text(encoding="utf-8"))["features"][0]
    feature["properties"]["plant_id"] = None
    validate_features("x.geojson", LAYERS["stops"], [feature])
    feature["properties"]["readiness"] = None
    with pytest.raises(GeoInputError, match="property 'readiness' must not be null"):
        validate_features("x.geojson", LAYERS["stops"], [feature])


@pytest.mark.parametrize(
    ("prop", "bad"),
    [
        ("name_zh", "万安\u200b镇"),
        ("id", "stop-\u202e1"),
        ("name_en", "A\x00B"),
        ("description_zh", "x\x07"),
        ("remark", "y\x1b"),
    ],
)
def test_layer_text_with_control_or_invisible_characters_is_refused(prop, bad):
    """Names in an uploaded layer get the same text checks as a name a planner types."""
    feature = json.loads((SHIPPED / "stops.geojson").read_text(encoding="utf-8"))["features"][0]
    feature["properties"][prop] = bad
    with pytest.raises(GeoInputError, match=rf"stops.geojson: feature 0 .*property {prop}: "):
        validate_features("stops.geojson", LAYERS["stops"], [feature])


def test_layer_text_is_stored_in_nfc():
    feature = json.loads((SHIPPED / "stops.geojson").read_text(encoding="utf-8"))["features"][0]
    feature["properties"]["name_en"] = "Cafe\u0301 Wetland"  # e + combining acute
    clean = validate_features("stops.geojson", LAYERS["stops"], [feature])
    assert clean[0]["properties"]["name_en"] == "Caf\u00e9 Wetland"


def _road(coords: list) -> dict:
    feature = json.loads((DATA / "roads_small.geojson").read_text(encoding="utf-8"))["features"][0]
    return {**feature, "geometry": {"type": "LineString", "coordinates": coords}}


def test_self_overlapping_million_vertex_road_is_refused_at_import():
    """Issue 12: "one self-overlapping 1,000,000-vertex road passes validation and then takes
    the map page to 47 s and 12.9 GB before a 500"."""
    back_and_forth = [[117.40 + 0.01 * (i % 2), 26.70] for i in range(1_000_000)]
    with pytest.raises(GeoInputError, match=r"1,000,000 个顶点，上限 50,000"):
        validate_features("roads.geojson", LAYERS["roads"], [_road(back_and_forth)])


def test_a_road_that_retraces_itself_is_refused_with_the_metres():
    retrace = [[117.40, 26.70], [117.42, 26.70], [117.41, 26.70]]
    with pytest.raises(
        GeoInputError, match=r"feature 0 .*自身重叠约 99\d 米.*runs back over itself"
    ):
        validate_features("roads.geojson", LAYERS["roads"], [_road(retrace)])


def test_a_road_that_crosses_itself_on_a_bridge_is_kept():
    loop = [[117.40, 26.70], [117.42, 26.72], [117.42, 26.70], [117.40, 26.72]]
    clean = validate_features("roads.geojson", LAYERS["roads"], [_road(loop)])
    assert len(clean[0]["geometry"]["coordinates"]) == 4


def test_a_layer_over_the_vertex_cap_is_refused(monkeypatch):
    from geo.layers import loader

    monkeypatch.setattr(loader, "MAX_VERTICES_PER_LAYER", 5)
    roads = [_road([[117.40, 26.70 + i / 1000], [117.41, 26.70 + i / 1000]]) for i in range(3)]
    for i, road in enumerate(roads):
        road["properties"] = {**road["properties"], "id": f"r-{i}"}
    with pytest.raises(GeoInputError, match=r"over 5 vertices \(by feature 2\)"):
        validate_features("roads.geojson", LAYERS["roads"], roads)


def test_an_id_longer_than_the_store_holds_is_refused():
    """Issue 12: "a 200-character id passes a VARCHAR(80) column"."""
    feature = json.loads((SHIPPED / "stops.geojson").read_text(encoding="utf-8"))["features"][0]
    feature["properties"]["id"] = "s" * 200
    with pytest.raises(GeoInputError, match=r"编号有 200 个字符，最多 80 个"):
        validate_features("stops.geojson", LAYERS["stops"], [feature])


def test_number_ranges_are_checked():
    feature = json.loads((SHIPPED / "sewage_plants.geojson").read_text(encoding="utf-8"))[
        "features"
    ][0]
    feature["properties"]["load_rate"] = 180
    with pytest.raises(GeoInputError, match="property 'load_rate' = 180: must be at most 150"):
        validate_features("plants.geojson", LAYERS["sewage_plants"], [feature])


def test_old_style_wgs84_crs_member_is_accepted(tmp_path, county):
    data = json.loads((SHIPPED / "places.geojson").read_text(encoding="utf-8"))
    data["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    path = tmp_path / "places.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert len(load_layer("places", path, county)) == len(data["features"])


def test_shipped_layers_all_load():
    layers = load_all(SHIPPED)
    assert set(layers) == set(LAYERS)
    assert len(layers["townships"]) == 13
    assert {f["properties"]["id"] for f in layers["townships"]} == {
        "350428100",
        "350428101",
        "350428102",
        "350428103",
        "350428104",
        "350428105",
        "350428106",
        "350428107",
        "350428201",
        "350428203",
        "350428204",
        "350428205",
        "350428206",
    }


def test_shapefile_goes_through_the_same_validation(tmp_path, county):
    """Real data arrives as Shapefiles: read with pyogrio, reprojected, then validated."""
    import geopandas

    frame = geopandas.read_file(SHIPPED / "places.geojson").to_crs(32650)
    path = tmp_path / "places.shp"
    frame.to_file(path, engine="pyogrio", encoding="utf-8")
    loaded = load_layer("places", path, county)
    assert [f["properties"]["id"] for f in loaded] == list(frame["id"])
    frame.loc[0, "kind"] = "castle"
    frame.to_file(path, engine="pyogrio", encoding="utf-8")
    with pytest.raises(GeoInputError, match=r"places.shp: feature 0 .*'kind' = 'castle'"):
        load_layer("places", path, county)


# --------------------------------------------------------------------------- KML
DATA = Path(__file__).parent / "data"
PLACES_KML = ["places_upload_gdal.kml", "places_upload_libkml.kml", "places_upload_mymaps.kml"]


@pytest.mark.parametrize("fixture", PLACES_KML)
def test_kml_placemarks_carry_the_same_places_as_the_geojson(county, fixture):
    """ExtendedData (<Data> or <SchemaData>), the placemark id and <name> all reach the layer;
    altitudes are dropped; placemarks in every folder are read."""
    expected = load_layer("places", DATA / "places_upload.geojson", county)
    loaded = load_layer("places", DATA / fixture, county)
    names = [p.name for p in LAYERS["places"].props]
    assert [{k: f["properties"][k] for k in names} for f in loaded] == [
        f["properties"] for f in expected
    ]
    assert [list(f["geometry"]["coordinates"]) for f in loaded] == [
        list(f["geometry"]["coordinates"]) for f in expected
    ]


def test_kml_text_is_typed_by_the_catalogue(county):
    first, second = load_layer("roads", DATA / "roads_upload.kml", county)
    assert first["properties"]["name_zh"] == "三华路"  # from <name>
    assert (first["properties"]["speed_kmh"], first["properties"]["oneway"]) == (40, False)
    assert first["geometry"]["type"] == "LineString"
    assert second["properties"]["name_zh"] is None  # an empty <value/> of a nullable property
    assert (second["properties"]["speed_kmh"], second["properties"]["oneway"]) == (25.5, True)
    assert second["geometry"]["type"] == "MultiLineString"
    assert len(second["geometry"]["coordinates"]) == 2


def test_kml_values_that_do_not_convert_get_the_validators_message(tmp_path, county):
    body = (DATA / "roads_upload.kml").read_text(encoding="utf-8")
    path = tmp_path / "roads.kml"
    path.write_text(body.replace("<value>40</value>", "<value>fast</value>"), encoding="utf-8")
    with pytest.raises(
        GeoInputError,
        match=r"roads.kml: feature 0 \(id='road-kml-1'\): "
        r"property 'speed_kmh' = 'fast': must be a finite number",
    ):
        load_layer("roads", path, county)


def test_kml_polygon_with_a_hole_and_a_list_property(tmp_path):
    townships = json.loads((SHIPPED / "townships.geojson").read_text(encoding="utf-8"))
    props = townships["features"][0]["properties"]
    data = "".join(
        f'<Data name="{k}"><value>{json.dumps(v) if isinstance(v, list) else v}</value></Data>'
        for k, v in props.items()
        if v is not None
    )
    data += '<Data name="eco_applied_year"><value></value></Data>'
    path = tmp_path / "townships.kml"
    path.write_text(
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><ExtendedData>'
        f"{data}</ExtendedData><Polygon>"
        "<innerBoundaryIs><LinearRing><coordinates>117.4,26.7 117.41,26.7 117.41,26.71 "
        "117.4,26.7</coordinates></LinearRing></innerBoundaryIs>"
        "<outerBoundaryIs><LinearRing><coordinates>117.3,26.6 117.5,26.6 117.5,26.8 117.3,26.8 "
        "117.3,26.6</coordinates></LinearRing></outerBoundaryIs>"
        "</Polygon></Placemark></kml>",
        encoding="utf-8",
    )
    [feature] = load_layer("townships", path)
    assert feature["properties"]["aliases"] == props["aliases"]
    assert feature["properties"]["eco_applied_year"] is None
    outer, hole = feature["geometry"]["coordinates"]
    assert list(outer[0]) == [117.3, 26.6] and list(hole[0]) == [117.4, 26.7]


@pytest.mark.parametrize(
    ("layer", "fixture", "expected"),
    [
        (
            "places",
            "places_names_only",
            r"feature 0: the KML placemark lacks the properties id, name_en, kind, source, "
            r"accuracy of layer 'places'; give them as <ExtendedData>.* or upload GeoJSON, a "
            r"zipped Shapefile or a GeoPackage",
        ),
        (
            "places",
            "places_bad_coordinates",
            r"feature 1 \(id='place-hotel'\): KML coordinates '117.4652' are not "
            r"longitude,latitude",
        ),
    ],
)
def test_broken_kml_fixture_gets_its_specific_error(county, layer, fixture, expected):
    path = BAD / f"{fixture}.kml"
    with pytest.raises(GeoInputError, match=expected) as info:
        load_layer(layer, path, county)
    assert str(info.value).startswith(path.name), "the error names the file first"


def test_every_broken_kml_fixture_is_covered():
    source = Path(__file__).read_text(encoding="utf-8")
    assert all(f'"{p.stem}"' in source for p in BAD.glob("*.kml"))


def test_kml_tracks_are_refused_by_name(tmp_path):
    path = tmp_path / "t.kml"
    path.write_text(
        '<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">'
        "<Placemark><gx:Track><when>2014-07-10</when></gx:Track></Placemark></kml>",
        encoding="utf-8",
    )
    with pytest.raises(GeoInputError, match=r"^t.kml: feature 0: KML <Track> is not supported"):
        read_feature_collection(path)


def test_outside_county_is_the_loaders_check_with_its_tolerance(county):
    stops = load_layer("stops", SHIPPED / "stops.geojson", county)
    assert outside_county(stops, county) == []
    shrunk = shapely.intersection(county, shapely.box(117.0, 26.47, 118.0, 27.2))
    south = [i for i, f in enumerate(stops) if f["geometry"]["coordinates"][1] < 26.46]
    assert south and outside_county(stops, shrunk) == south
    # 0.009 degrees of longitude at 26.75N are about 894 m: within the 1000 m tolerance;
    # 0.0115 degrees (about 1142 m) are not
    assert COUNTY_TOLERANCE_M == 1000
    square = shapely.box(117.4, 26.7, 117.5, 26.8)
    near = [
        {"geometry": {"type": "Point", "coordinates": [117.5 + dx, 26.75]}}
        for dx in (0.009, 0.0115)
    ]
    assert outside_county(near, square) == [1]
