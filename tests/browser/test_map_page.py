"""The map page in a real browser, with the outside world blocked."""

from __future__ import annotations

import json

# markup, and the characters that would break out of folium's JavaScript template literals
HOSTILE = '<img src=x onerror="window.pwned=1">`${window.pwned=2}`\\'


def _count(page, selector: str) -> int:
    return page.locator(selector).count()


def test_map_draws_every_layer_offline(live_server, page):
    with live_server.app.app_context():
        from store.layers import feature_count

        n_stops = feature_count("stops")
        n_plants = feature_count("sewage_plants")
    page.goto(live_server.url + "/", wait_until="networkidle")
    page.wait_for_selector("path.jl-township")
    assert _count(page, "path.jl-county") == 1
    assert _count(page, "path.jl-township") == 13
    assert _count(page, "path.jl-reserve") == 1
    assert _count(page, "path.jl-stop") == n_stops
    assert _count(page, ".jl-plant") == n_plants
    assert _count(page, "path.jl-roads") >= 3
    assert _count(page, "path.jl-rivers") >= 1
    assert _count(page, ".leaflet-control-layers") == 1
    assert page.outside_requests == [], "the page asked for something outside localhost"
    assert page.errors == []


def test_stop_popup_opens_with_its_details(live_server, page):
    page.goto(live_server.url + "/", wait_until="networkidle")
    page.locator("path.jl-theme-natural_landscape").first.click(force=True)
    popup = page.locator(".leaflet-popup-content .jl-popup")
    popup.wait_for()
    text = popup.inner_text()
    assert "主题" in text and "考察时长" in text and "准备情况" in text
    assert page.outside_requests == []


def test_english_map(live_server, page):
    page.goto(live_server.url + "/?lang=en", wait_until="networkidle")
    assert "Legend" in page.locator(".jl-legend").inner_text()
    assert "Sewage treatment plants" in page.locator(".leaflet-control-layers").inner_text()


def test_hostile_names_are_shown_as_text(live_server, page):
    """A stop name with markup must appear literally in the popup, never run."""
    with live_server.app.app_context():
        from store import db
        from store.layers import Feature, bump_revision

        rows = db.session.scalars(db.select(Feature).where(Feature.layer == "stops"))
        row = next(r for r in rows if r.properties["theme"] == "natural_landscape")
        row.properties = {**row.properties, "name_zh": HOSTILE}
        bump_revision("stops")
        db.session.commit()
        stop_id = row.fid
    page.goto(live_server.url + "/", wait_until="networkidle")
    page.locator(f"path.jl-id-{stop_id}").click(force=True)
    content = page.locator(".leaflet-popup-content").inner_text()
    assert HOSTILE in content
    assert page.evaluate("window.pwned") is None
    assert json.dumps(page.outside_requests) == "[]"
