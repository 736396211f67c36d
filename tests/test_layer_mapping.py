"""Layers from files in the county's own schema through a field mapping: surveyed roads in a
CGCS2000 Gauss-Kruger zone with Chinese field names, stops copied from Amap (GCJ-02) and plants
from Baidu (BD-09). Fixtures are written by tests/data/mapping/make_fixtures.py."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from geo.crs import METRIC, datum_to_wgs84
from geo.errors import GeoInputError
from geo.layers.catalogue import LAYERS
from geo.layers.mapping import DROP, FieldMapping, apply_mapping, guess
from geo.layers.source import read_source
from services.layer_mapping import read_mapped
from services.layers import import_mapped
from store.layers import feature_count, features, import_history
from tests.data.mapping import make_fixtures

ROAD_FIELDS = {"name_zh": "名称", "class": "等级", "speed_kmh": "设计速度", "oneway": "单向",
               "ref": "路线编号"}  # fmt: skip


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory):
    return make_fixtures.write_all(tmp_path_factory.mktemp("mapping"))


def _metres_apart(a: tuple[float, float], b: tuple[float, float]) -> float:
    from pyproj import Transformer

    to_metric = Transformer.from_crs("EPSG:4326", METRIC, always_xy=True)
    (ax, ay), (bx, by) = to_metric.transform(*a), to_metric.transform(*b)
    return float(np.hypot(ax - bx, ay - by))


def _road_mapping(table) -> FieldMapping:
    guessed = guess(LAYERS["roads"], table)
    return FieldMapping(guessed.fields, {"class": {**guessed.values["class"], "人行道": DROP}})


def test_the_road_file_is_read_in_its_cgcs2000_zone(fixtures):
    table = read_source(fixtures["roads"], "roads_cgcs2000_zone39.gpkg")
    assert table.crs == "EPSG:4527 CGCS2000 / 3-degree Gauss-Kruger zone 39"
    assert table.columns == ["名称", "等级", "设计速度", "单向", "路线编号"]
    # reprojected to WGS84: the first vertex is where the script put it, within a metre
    first = table.geometries[0]["coordinates"][0]
    assert _metres_apart(tuple(first), make_fixtures.ROADS[0][5][0]) < 1.0


def test_chinese_field_names_and_class_words_are_guessed(fixtures):
    table = read_source(fixtures["roads"], "roads_cgcs2000_zone39.gpkg")
    guessed = guess(LAYERS["roads"], table)
    assert guessed.fields == ROAD_FIELDS
    assert guessed.values["class"] == {
        "高速公路": "expressway", "国道": "national", "省道": "provincial", "县道": "county",
        "乡道": "township", "村道": "village",
    }  # fmt: skip
    assert "人行道" in table.distinct("等级")  # left for the user: not a road class


def test_mapped_roads_carry_class_speed_oneway_name_and_ref(fixtures):
    table = read_source(fixtures["roads"], "roads_cgcs2000_zone39.gpkg")
    feats, summary = read_mapped(
        "roads", fixtures["roads"], "roads_cgcs2000_zone39.gpkg", _road_mapping(table), None
    )
    assert len(feats) == 6 and summary.dropped == 1 and summary.rows == 7
    assert summary.counts["class"] == {
        "expressway": 1, "national": 1, "provincial": 1, "county": 1, "township": 1, "village": 1,
    }  # fmt: skip
    first, provincial, village = feats[0]["properties"], feats[2]["properties"], feats[5]
    assert first["class"] == "expressway" and first["oneway"] is True
    assert (
        first["speed_kmh"] == 100 and first["ref"] == "G1517" and first["name_zh"] == "将乐连接线"
    )
    # no speed in the file: the class default of the county's speed table
    assert provincial["speed_kmh"] == 60.0 and provincial["oneway"] is False
    assert village["properties"]["name_zh"] is None and village["properties"]["id"] == "roads-6"
    assert first["accuracy"] == "official" and first["source"] == "roads_cgcs2000_zone39.gpkg"
    line = shape(village["geometry"])
    for got, want in zip(line.coords, make_fixtures.ROADS[5][5], strict=True):
        assert _metres_apart(got, want) < 1.0


def test_an_unmapped_class_value_is_refused_by_name(fixtures):
    table = read_source(fixtures["roads"], "roads_cgcs2000_zone39.gpkg")
    with pytest.raises(GeoInputError, match=r"feature 6 .*'class' = '人行道': must be one of"):
        read_mapped("roads", fixtures["roads"], "r.gpkg", guess(LAYERS["roads"], table), None)


def test_required_properties_nobody_mapped_are_listed(fixtures):
    table = read_source(fixtures["stops"], "stops_gcj02.csv")
    field_map = FieldMapping({"name_zh": "名称"}, lon="经度", lat="纬度")
    with pytest.raises(GeoInputError, match="map these properties to a column: name_en, "):
        apply_mapping(LAYERS["stops"], table, field_map)


def test_a_crs_given_by_the_user_overrides_the_file(fixtures, tmp_path):
    """A GeoJSON written in zone-39 metres claims WGS84 (RFC 7946): naming EPSG:4527 reads it."""
    import geopandas

    frame = geopandas.read_file(fixtures["roads"], engine="pyogrio")
    raw = json.loads(frame.to_json(drop_id=True))
    raw.pop("crs", None)  # as most tools write it: no CRS member, so read as WGS84
    path = tmp_path / "zone39.geojson"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(GeoInputError, match="not longitude/latitude"):
        read_mapped("roads", path, path.name, _road_mapping(read_source(path, path.name)), None)
    table = read_source(path, path.name, "4527")
    assert table.crs.startswith("EPSG:4527")
    feats, _summary = read_mapped("roads", path, path.name,
                                  FieldMapping(**{**vars(_road_mapping(table)), "crs": "EPSG:4527"}),
                                  None)  # fmt: skip
    assert len(feats) == 6
    with pytest.raises(GeoInputError, match="unknown coordinate system 'EPSG:99999'"):
        read_source(path, path.name, "EPSG:99999")


def test_gcj02_stops_land_on_their_wgs84_positions(fixtures):
    table = read_source(fixtures["stops"], "stops_gcj02.csv")
    field_map = FieldMapping(**{**vars(guess(LAYERS["stops"], table)), "datum": "gcj02"})
    feats, summary = read_mapped("stops", fixtures["stops"], "stops_gcj02.csv", field_map, None)
    assert summary.datum == "gcj02" and summary.crs is None
    for feat, (fid, name, _en, lon, lat) in zip(feats, make_fixtures.STOPS, strict=True):
        assert feat["properties"]["id"] == fid and feat["properties"]["name_zh"] == name
        assert _metres_apart(tuple(feat["geometry"]["coordinates"]), (lon, lat)) < 1.0
        assert feat["properties"]["visit_minutes"] == 30
        assert feat["properties"]["accuracy"] == "approximate"
    # read as WGS84 instead, the Amap offset (hundreds of metres here) stays in
    as_wgs84, _ = read_mapped("stops", fixtures["stops"], "s.csv", guess(LAYERS["stops"], table),
                              None)  # fmt: skip
    lon, lat = make_fixtures.STOPS[0][3:]
    assert _metres_apart(tuple(as_wgs84[0]["geometry"]["coordinates"]), (lon, lat)) > 100


def test_bd09_plants_from_excel_land_on_their_wgs84_positions(fixtures):
    table = read_source(fixtures["plants"], "plants_bd09.xlsx")
    field_map = FieldMapping(**{**vars(guess(LAYERS["sewage_plants"], table)), "datum": "bd09"})
    feats, _ = read_mapped("sewage_plants", fixtures["plants"], "p.xlsx", field_map, None)
    for feat, (_fid, _name, _en, lon, lat) in zip(feats, make_fixtures.PLANTS, strict=True):
        assert _metres_apart(tuple(feat["geometry"]["coordinates"]), (lon, lat)) < 1.0
    assert (
        feats[0]["properties"]["capacity_m3d"] == 500 and feats[0]["properties"]["deadline"] is None
    )


def test_datum_conversion_is_the_inverse_of_the_published_formula():
    import prcoords

    gcj = prcoords.wgs_gcj(prcoords.Coords(26.73, 117.47))
    lon, lat = datum_to_wgs84(gcj.lon, gcj.lat, "gcj02")
    assert abs(lon - 117.47) < 1e-7 and abs(lat - 26.73) < 1e-7
    assert datum_to_wgs84(2.35, 48.85, "bd09") == (2.35, 48.85)  # outside China: no offset


def test_bad_table_cells_name_row_and_column(tmp_path):
    path = tmp_path / "stops.csv"
    path.write_text("名称,name_en,kind,经度,纬度\n甲,A,hotel,117.47,26.73\n乙,B,hotel,东经117,26.74\n",
                    encoding="utf-8")  # fmt: skip
    table = read_source(path, path.name)
    names = {"name_zh": "名称", "name_en": "name_en", "kind": "kind"}
    with pytest.raises(GeoInputError, match=r"stops.csv: row 3: column '经度' = '东经117'"):
        apply_mapping(LAYERS["places"], table, FieldMapping(names, lon="经度", lat="纬度"))
    with pytest.raises(GeoInputError, match="choose the longitude and latitude columns"):
        apply_mapping(LAYERS["places"], table, FieldMapping(names))


def test_a_table_cannot_become_a_line_layer(fixtures):
    with pytest.raises(GeoInputError, match="a table .* holds points; layer 'roads'"):
        read_mapped("roads", fixtures["stops"], "stops_gcj02.csv", FieldMapping(), None)


def test_import_mapped_replaces_the_layer_inside_the_county(app, fixtures):
    with app.app_context():
        table = read_source(fixtures["roads"], "roads_cgcs2000_zone39.gpkg")
        summary = import_mapped("roads", fixtures["roads"], _road_mapping(table), user="test")
        assert summary.crs.startswith("EPSG:4527") and feature_count("roads") == 6
        assert import_history()[0].file_name == "roads_cgcs2000_zone39.gpkg"
        assert {f["properties"]["class"] for f in features("roads")} >= {"expressway", "village"}


def test_import_layer_command_with_a_field_mapping(app, fixtures):
    args = ["import-layer", "stops", str(fixtures["stops"]), "--datum", "gcj02",
            "--field", "id=编号", "--field", "name_zh=名称", "--field", "visit_minutes=考察时长",
            "--field", "responsible_unit=责任单位"]  # fmt: skip
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "3 features" in result.output and "GCJ-02" in result.output
    with app.app_context():
        stop = features("stops")[0]
        lon, lat = make_fixtures.STOPS[0][3:]
        assert _metres_apart(tuple(stop["geometry"]["coordinates"]), (lon, lat)) < 1.0


def test_import_layer_command_refuses_a_bad_mapping_and_changes_nothing(app, fixtures):
    args = ["import-layer", "roads", str(fixtures["roads"]), "--field", "class=等级",
            "--value", "class:高速公路=motorway"]  # fmt: skip
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code != 0 and "must be one of" in result.output
    bad = app.test_cli_runner().invoke(args=["import-layer", "roads", str(fixtures["roads"]),
                                             "--field", "class"])  # fmt: skip
    assert bad.exit_code != 0 and "TARGET=COLUMN" in bad.output
    with app.app_context():
        assert feature_count("roads") == 3202


def test_distinct_values_most_frequent_first(fixtures):
    table = read_source(fixtures["roads"], "roads_cgcs2000_zone39.gpkg")
    assert table.distinct("单向") == ["否", "是"]
    assert shapely.get_num_geometries(shape(table.geometries[0])) == 1


def test_a_stops_shapefile_with_dbf_names_cut_to_10_characters_passes(tmp_path):
    """Issue 12: "a stops Shapefile can never pass (DBF field names cut to 10 characters)".
    The guessed mapping reads township_c as township_code, visit_minu as visit_minutes, and
    GDAL's descriptio / descript_1 as the two descriptions."""
    import geopandas

    from tests.test_layers import SHIPPED

    frame = geopandas.read_file(SHIPPED / "stops.geojson")
    path = tmp_path / "stops.shp"
    with warnings.catch_warnings():  # geopandas and GDAL say what they cut: that is the point
        warnings.simplefilter("ignore")
        frame.to_file(path, engine="pyogrio", encoding="utf-8")
    guessed = guess(LAYERS["stops"], read_source(path, "stops.shp"))
    assert {k: guessed.fields[k] for k in ("township_code", "visit_minutes", "description_en")} == {
        "township_code": "township_c",
        "visit_minutes": "visit_minu",
        "description_en": "descript_1",
    }
    feats, _ = read_mapped("stops", path, "stops.shp", guessed, None)
    assert [f["properties"]["township_code"] for f in feats] == list(frame["township_code"])
    assert [f["properties"]["description_en"] for f in feats] == list(frame["description_en"])
