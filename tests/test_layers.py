"""The layer loader: every rule of the catalogue has a broken fixture and its specific error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.catalogue import LAYERS
from geo.errors import GeoInputError
from geo.layers import county_geometry, load_all, load_layer, validate_features

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
