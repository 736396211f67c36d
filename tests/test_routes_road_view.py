"""Web maps of a large roads layer: the page carries no roads and starts the loader; the map
loads the roads of its view from /api/layers/roads/view; a small layer stays inline."""

from __future__ import annotations

import pytest

from store.layers import replace_layer_recorded
from tests.road_grid import grid_roads

VIEW = "/api/layers/roads/view"


@pytest.fixture
def large_roads(app):
    with app.app_context():
        replace_layer_recorded("roads", grid_roads(6000), "grid", "grid.geojson", "test")


def test_the_small_shipped_layer_stays_inline(client):
    html = client.get("/").get_data(as_text=True)
    assert "jiangleRoadsByView(" not in html and 'class="jl-roads"' not in html
    assert '"className": "jl-roads"' in html


@pytest.mark.parametrize("path", ["/", "/facilities"])
def test_pages_of_a_large_layer_load_roads_by_view(client, auth, large_roads, path):
    auth.login("boss", "admin")
    page = client.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "jiangleRoadsByView(" in html and VIEW in html
    assert '"className": "jl-roads"' not in html  # not one road inline
    assert "/static/js/road_view.js" in html


def test_the_page_stays_small_with_a_large_layer(client, large_roads):
    inline_free = len(client.get("/").data)
    assert inline_free < 1024 * 1024


def test_the_view_answers_the_roads_of_a_box_by_zoom(client, large_roads):
    low = client.get(f"{VIEW}?bbox=117.0,26.4,117.9,27.1&zoom=9").get_json()
    high = client.get(f"{VIEW}?bbox=117.30,26.60,117.32,26.62&zoom=16").get_json()
    assert low["type"] == "FeatureCollection" and low["zoom_band"] == 0
    assert {f["properties"]["class"] for f in low["features"]} == {"national", "provincial"}
    assert "village" in {f["properties"]["class"] for f in high["features"]}


@pytest.mark.parametrize(
    "query",
    ["", "?bbox=1,2,3&zoom=5", "?bbox=117.5,26,117.4,27&zoom=5", "?bbox=a,b,c,d&zoom=5",
     "?bbox=117,26,118,27&zoom=40", "?bbox=117,26,118,27&zoom=nan"],
)  # fmt: skip
@pytest.mark.parametrize(
    ("lang", "said", "other"),
    [
        ("zh", "bbox 须为 西,南,东,北", "bbox must be"),
        ("en", "bbox must be west,south,east,north", "须为"),
    ],
)
def test_a_bad_view_is_a_clear_422_in_the_users_language(
    client, large_roads, query, lang, said, other
):
    response = client.get(VIEW + query, headers={"Accept-Language": lang})
    assert response.status_code == 422
    assert response.get_json()["code"] == "err_roads_view_query"
    assert said in response.get_json()["error"] and other not in response.get_json()["error"]
