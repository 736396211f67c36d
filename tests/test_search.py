"""Search on the map: the pinyin index (geo.maps.search) and GET /api/search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.errors import ValidationError
from geo.maps.search import MAX_HITS, MAX_QUERY, check_query, index_layer, search

LAYER_DIR = Path(__file__).resolve().parent.parent / "data" / "shapefiles"


@pytest.fixture(scope="module")
def entries():
    out = []
    for layer in ("townships", "places", "sewage_plants", "stops"):
        feats = json.loads((LAYER_DIR / f"{layer}.geojson").read_text("utf-8"))["features"]
        out += index_layer(layer, feats)
    return out


def _first(entries, query):
    hits = search(entries, check_query(query, "zh"))
    assert hits, query
    return hits[0]


@pytest.mark.parametrize(
    "query", ["万安镇", "万安", "wananzhen", "wanan", "wa", "waz", "WanAn", "350428101"]
)
def test_wanan_is_found_by_name_pinyin_initials_and_id(entries, query):
    hit = _first(entries, query)
    assert (hit.layer, hit.name_zh) == ("townships", "万安镇")


def test_township_hit_is_its_label_point_with_its_bounds(entries):
    hit = _first(entries, "wanan")
    west, south, east, north = hit.bbox
    assert west < hit.lon < east and south < hit.lat < north


def test_pinyin_of_a_later_syllable_and_an_english_word_are_found(entries):
    assert any(h.name_zh == "将乐宾馆" for h in search(entries, "binguan"))
    assert _first(entries, "hotel").layer == "places"
    assert _first(entries, "Urban Sewage").name_zh == "将乐县城市污水处理厂"


def test_plants_and_stops_by_chinese_substring_in_layer_order(entries):
    layers = [h.layer for h in search(entries, "城市污水处理厂")]
    assert layers == ["sewage_plants", "stops"]
    assert len(search(entries, "污水")) == MAX_HITS


def test_stop_by_id_comes_first(entries):
    assert _first(entries, "stop-350428100-01").id == "stop-350428100-01"


def test_historical_alias_is_found():
    feats = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [117.4, 26.7]},
              "properties": {"id": "t1", "name_zh": "光明镇", "name_en": "Guangming", "aliases": ["光明乡"]}}]  # fmt: skip
    entries = index_layer("townships", feats)
    assert [h.id for h in search(entries, "光明乡")] == ["t1"]
    assert [h.id for h in search(entries, "gmx")] == ["t1"]


def test_nothing_and_empty_query(entries):
    assert search(entries, "zzzzqqq") == []
    assert search(entries, check_query("   ", "zh")) == []


def test_too_long_query_is_refused_in_chinese_first():
    with pytest.raises(ValidationError, match=f"不能超过 {MAX_QUERY} 个字"):
        check_query("万" * (MAX_QUERY + 1), "zh")


# ------------------------------------------------------------------------------- the endpoint


def test_search_endpoint_answers_hits_in_the_language(client):
    body = client.get("/api/search?q=wanan").get_json()
    hit = body["hits"][0]
    assert hit["name"] == "万安镇" and hit["layer"] == "townships" and len(hit["bbox"]) == 4
    assert hit["detail"].startswith("乡镇")
    en = client.get("/api/search?q=wanan&lang=en").get_json()["hits"][0]
    assert (
        en["name"] != "万安镇" and "万安镇" in en["detail"] and en["detail"].startswith("Township")
    )


def test_search_endpoint_names_the_township_of_a_stop(client):
    hit = client.get("/api/search?q=stop-350428100-01").get_json()["hits"][0]
    assert hit["layer"] == "stops" and "古镛镇" in hit["detail"]


@pytest.mark.parametrize("query", ["", "%00", "<script>", "'; drop table", "%E2%80%AE", "a" * 5])
def test_search_endpoint_never_fails_on_odd_input(client, query):
    response = client.get(f"/api/search?q={query}")
    assert response.status_code == 200
    assert isinstance(response.get_json()["hits"], list)


def test_search_endpoint_refuses_a_long_query_clearly(client):
    response = client.get("/api/search?q=" + "x" * 500)
    assert response.status_code == 422
    assert "不能超过" in response.get_json()["error"]


def test_search_index_follows_an_edit_of_the_layer(app, client):
    from sqlalchemy import select

    from store import db
    from store.layers import Feature, bump_revision

    with app.app_context():
        row = db.session.scalar(
            select(Feature).where(Feature.layer == "places", Feature.fid == "place-hotel")
        )
        props = dict(row.properties)
        props["name_zh"] = "金溪宾馆"
        row.properties = props
        bump_revision("places")
        db.session.commit()
    assert client.get("/api/search?q=jinxi").get_json()["hits"][0]["id"] == "place-hotel"
