"""A large roads layer in a real browser: the map page stays light, the main roads come by
view, zooming in brings every road with its detail, and the layer control still hides and
shows them."""

from __future__ import annotations

from services.display import warm_after_import
from store.layers import replace_layer_recorded
from tests.road_grid import grid_roads

PIECES = 20000


def _large_roads(live_server) -> None:
    with live_server.app.app_context():
        replace_layer_recorded("roads", grid_roads(PIECES), "grid", "grid.geojson", "test")
        warm_after_import("roads")  # as every import does


def _band(page) -> str | None:
    return page.evaluate("() => document.querySelector('.folium-map').dataset.roadsBand || null")


def _weights(page) -> list[str]:
    return page.evaluate(
        "() => [...document.querySelectorAll('path.jl-roads')]"
        ".map((p) => p.getAttribute('stroke-width'))"
    )


def test_large_roads_load_by_view_and_zoom(live_server, page):
    _large_roads(live_server)
    response = page.goto(live_server.url + "/", wait_until="networkidle")
    assert len(response.body()) < 1024 * 1024
    page.wait_for_function("() => document.querySelector('.folium-map').dataset.roadsBand")
    assert _band(page) in ("0", "10")  # the county fits the window: an overview band
    assert page.locator("path.jl-roads").count() > 0
    assert "0.8" not in _weights(page)  # no village road yet

    page.evaluate("() => window.jiangleMap.setView([26.62, 117.32], 16)")
    page.wait_for_function("() => document.querySelector('.folium-map').dataset.roadsBand === '15'")
    detail = page.locator("path.jl-roads")
    assert detail.count() > 0
    # the village roads the overview left out are drawn now, thin as inline ones
    assert "0.8" in _weights(page)

    roads_toggle = page.locator(".leaflet-control-layers-overlays label", has_text="道路")
    roads_toggle.locator("input").uncheck()
    assert page.locator("path.jl-roads").count() == 0
    roads_toggle.locator("input").check()
    page.wait_for_function("() => document.querySelectorAll('path.jl-roads').length > 0")
    assert page.outside_requests == [] and page.errors == []
