"""The map page and the layer API through the Flask test client."""

from __future__ import annotations

import html
import re
import threading
import time

import pytest

from geo.layers.catalogue import LAYERS, REQUIRED_LAYERS
from store import db
from store.layers import bump_revision, features, replace_layer
from tests.conftest import TWO_DAY_STOPS
from tests.test_routes_printing import _plan


def test_map_page_refers_to_nothing_outside_the_server(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "将乐县" in html
    external = re.findall(r"""(?:src|href)=["'](https?:)?//[^"']+""", html)
    assert external == []
    assert "cdn" not in html.lower()
    assert "/static/vendor/leaflet/leaflet.js" in html


def test_map_page_in_english(client):
    response = client.get("/?lang=en")
    html = response.get_data(as_text=True)
    assert "Legend" in html and "Sewage treatment plants" in html
    assert "lang=en" in ",".join(response.headers.getlist("Set-Cookie"))
    assert "Legend" in client.get("/").get_data(as_text=True), "the choice is remembered"


@pytest.mark.parametrize(
    ("accept", "word"),
    [
        ("en-US,en;q=0.9", "Legend"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "图例"),
        ("de-DE", "图例"),
        ("", "图例"),
    ],
)
def test_the_browser_language_is_the_default(client, accept, word):
    """An English browser gets English without asking; any other, or none, gets Chinese."""
    assert word in client.get("/", headers={"Accept-Language": accept}).get_data(as_text=True)


def test_a_chosen_language_wins_over_the_browser(client):
    client.get("/?lang=zh")
    english_browser = {"Accept-Language": "en-US,en;q=0.9"}
    assert "图例" in client.get("/", headers=english_browser).get_data(as_text=True)


def test_every_vendored_asset_is_served(client):
    html = client.get("/").get_data(as_text=True)
    for path in re.findall(r"""(?:src|href)=["'](/static/[^"']+)""", html):
        with client.get(path) as response:  # closes the streamed file
            assert response.status_code == 200, path


def test_osm_basemap_is_optional_configuration(app, client):
    app.config["BASEMAP"] = "osm"
    html = client.get("/").get_data(as_text=True)
    assert "tile.openstreetmap.org" in html


def test_layer_list_has_counts(client):
    layers = {row["name"]: row for row in client.get("/api/layers").get_json()}
    assert set(layers) == set(LAYERS)
    assert layers["townships"]["feature_count"] == 13
    assert layers["stops"]["feature_count"] >= 52


@pytest.mark.parametrize("name", sorted(REQUIRED_LAYERS))
def test_each_layer_as_geojson(client, name):
    data = client.get(f"/api/layers/{name}").get_json()
    assert data["type"] == "FeatureCollection"
    assert data["features"] and all(f["geometry"] for f in data["features"])


def test_a_layer_is_tagged_by_its_content_and_a_browser_that_has_it_gets_304(client, app):
    first = client.get("/api/layers/places")
    tag = first.headers["ETag"]
    assert first.status_code == 200 and tag and first.headers["Cache-Control"] == "no-cache"
    again = client.get("/api/layers/places", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    with app.app_context():
        from store import db
        from store.layers import features, replace_layer

        changed = features("places")
        changed[0]["properties"]["name_zh"] = "将乐县人民政府（新址）"
        replace_layer("places", changed, "test")
        db.session.commit()
    after = client.get("/api/layers/places", headers={"If-None-Match": tag})
    assert after.status_code == 200 and after.headers["ETag"] != tag
    names = [f["properties"]["name_zh"] for f in after.get_json()["features"]]
    assert "将乐县人民政府（新址）" in names


def test_optional_layer_is_empty_until_imported(client):
    assert client.get("/api/layers/rail").get_json() == {
        "type": "FeatureCollection",
        "features": [],
    }


def test_unknown_layer_is_404_with_a_message(client):
    response = client.get("/api/layers/parks")
    assert response.status_code == 404
    assert "没有名为“parks”的图层；现有图层：县界、乡镇" in response.get_json()["error"]


def test_secret_key_required_outside_tests(monkeypatch, tmp_path):
    from app import create_app

    monkeypatch.delenv("JIANGLE_SECRET_KEY", raising=False)
    monkeypatch.delenv("JIANGLE_ENV", raising=False)
    with pytest.raises(RuntimeError, match="JIANGLE_SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db", "AUTO_INIT_DB": False})


def test_mbtiles_basemap_is_served_locally(app, client, tmp_path):
    """A local MBTiles file (TMS rows) is served as XYZ tiles by the app itself."""
    import sqlite3

    path = tmp_path / "jiangle.mbtiles"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, "
            "tile_data BLOB)"
        )
        # XYZ tile z=3, x=6, y=3 is TMS row 2**3 - 1 - 3 = 4
        conn.execute("INSERT INTO tiles VALUES (3, 6, 4, ?)", (b"\x89PNG fake tile",))
    app.config.update(BASEMAP="mbtiles", MBTILES_PATH=str(path))
    html = client.get("/").get_data(as_text=True)
    assert "/tiles/{z}/{x}/{y}.png" in html
    tile = client.get("/tiles/3/6/3.png")
    assert tile.status_code == 200 and tile.data == b"\x89PNG fake tile"
    assert client.get("/tiles/3/6/4.png").status_code == 404


def test_tiles_outside_the_tile_grid_are_404_not_500(app, client, tmp_path):
    import sqlite3

    path = tmp_path / "empty.mbtiles"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, "
            "tile_data BLOB)"
        )
    app.config.update(BASEMAP="mbtiles", MBTILES_PATH=str(path))
    for url in ("/tiles/99999/0/0.png", "/tiles/3/8/0.png", "/tiles/3/0/8.png"):
        assert client.get(url).status_code == 404, url


def test_printed_maps_use_the_mbtiles_basemap_when_configured(tmp_path):
    from geo.maps.tile_sources import tile_fetcher

    assert tile_fetcher("none") is None
    path = tmp_path / "t.mbtiles"
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, "
            "tile_data BLOB)"
        )
        conn.execute("INSERT INTO tiles VALUES (1, 1, 0, x'89')")
    fetch = tile_fetcher("mbtiles", str(path))
    assert fetch(1, 1, 1) == b"\x89" and fetch(1, 0, 0) is None


def test_the_legend_keys_every_kind_of_place_the_map_draws(client):
    """The shipped places are the county government, the hotel and 将乐站: the legend has a
    symbol for each (it keyed only the first two while the map drew the station too)."""
    html = client.get("/").get_data(as_text=True)
    legend = html[html.index('<details class="jl-legend"') :]
    legend = legend[: legend.index("</details>")]
    for kind in ("government", "hotel", "station"):
        assert f"jl-swatch-place jl-place jl-place-{kind}" in legend
    assert ">站</span>车站</li>" in legend


def test_a_repeat_map_page_is_not_rendered_again_but_has_its_own_nonce(app, client, monkeypatch):
    import routes.layers_view

    real, calls = routes.layers_view.build_map, []
    monkeypatch.setattr(
        routes.layers_view, "build_map", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    with app.app_context():  # a content no other test renders: this test's own first render
        bump_revision("rivers")
        db.session.commit()
    pages = [client.get("/") for _ in range(2)]
    assert len(calls) == 1
    nonces = []
    for page in pages:
        nonce = re.search(r"'nonce-([^']+)'", page.headers["Content-Security-Policy"]).group(1)
        html = page.get_data(as_text=True)
        scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
        assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    assert client.get("/?lang=en").status_code == 200 and len(calls) == 2  # another language


def test_map_pages_asked_together_after_a_change_wait_for_one_render(app, monkeypatch):
    """After a facility edit every worker thread asking for the map missed it and rendered it
    itself (8 renders under one GIL, 1.0-1.2 s each in bench_load): now one renders, the
    others wait for it."""
    import routes.layers_view

    real, calls = routes.layers_view.build_map, []

    def slow_build(*args, **kwargs):
        calls.append(1)
        time.sleep(0.3)  # long enough that every request below arrives while it renders
        return real(*args, **kwargs)

    monkeypatch.setattr(routes.layers_view, "build_map", slow_build)
    with app.app_context():
        bump_revision("rivers")
        db.session.commit()
    start, statuses = threading.Barrier(4), []

    def ask() -> None:
        client = app.test_client()
        start.wait()
        statuses.append(client.get("/").status_code)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 4 and len(calls) == 1


def test_every_plan_page_shows_one_map_rendered_once(app, client, monkeypatch):
    """The plan pages draw their own stops over the same county map: rendered for the first,
    read for every other plan, and again when a layer changes."""
    import routes.layers_view

    real, calls = routes.layers_view.build_map, []
    monkeypatch.setattr(
        routes.layers_view, "build_map", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    with app.app_context():
        bump_revision("rivers")
        db.session.commit()
    plans = [_plan(app, TWO_DAY_STOPS, name=f"方案{i}") for i in range(3)]
    pages = [client.get(f"/plans/{plan}") for plan in plans]
    assert [page.status_code for page in pages] == [200] * 3 and len(calls) == 1
    assert all(f"方案{i}" in page.get_data(as_text=True) for i, page in enumerate(pages))
    with app.app_context():
        bump_revision("rivers")
        db.session.commit()
    assert client.get(f"/plans/{plans[0]}").status_code == 200 and len(calls) == 2


def test_a_layer_change_in_the_database_shows_on_the_next_map_page(app, client):
    assert "改名后的污水厂" not in client.get("/").get_data(as_text=True)
    with app.app_context():
        plants = features("sewage_plants")
        plants[0]["properties"]["name_zh"] = "改名后的污水厂"
        replace_layer("sewage_plants", plants, "renamed.geojson")
        db.session.commit()
    assert "改名后的污水厂" in client.get("/").get_data(as_text=True)


def test_names_that_read_as_template_code_are_shown_as_they_are(app, client):
    """folium (branca) renders each element's output again as a Jinja template, so a name such as
    ``{{ 7*7 }}`` came out as 49 (any Python the template reaches could run) and an unclosed
    ``{%`` answered 500; every user string the maps carry is shown as written."""
    odd = {"sewage_plants": "{{ 7*7 }}厂", "townships": "{% if x %}镇", "stops": "点{# 注"}
    with app.app_context():
        for layer, name in odd.items():
            rows = features(layer)
            rows[0]["properties"]["name_zh"] = name
            replace_layer(layer, rows, "odd.geojson")
        db.session.commit()
    page = client.get("/")
    assert page.status_code == 200
    shown = html.unescape(page.get_data(as_text=True))
    assert "49厂" not in shown and all(name in shown for name in odd.values())
    assert client.get("/?lang=en").status_code == 200  # the English names, the same map
