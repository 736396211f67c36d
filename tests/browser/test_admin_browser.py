"""The admin area in a real browser: an admin replaces the places layer by uploading a GeoJSON
file through the form, checks the preview, applies it, and the API and plan page show it."""

from __future__ import annotations

from pathlib import Path

from tests.browser.helpers import create_account, log_in

UPLOAD = Path(__file__).resolve().parent.parent / "data" / "places_upload.geojson"


def _login_as_admin(live_server, page) -> None:
    create_account(live_server.app, "chief", "admin")
    log_in(page, live_server.url, "chief")


def test_admin_uploads_places_previews_and_applies(live_server, page, tmp_path):
    live_server.app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    _login_as_admin(live_server, page)
    page.click("a.jl-nav-admin")
    page.wait_for_selector("table.jl-users")
    page.click(".jl-admin-tabs a[href='/admin/layers']")
    row = page.locator("tr[data-layer=places]")
    assert row.locator(".jl-count").inner_text() == "3"  # government, hotel, station
    revision = int(row.locator(".jl-revision").inner_text())

    row.locator("input[type=file]").set_input_files(str(UPLOAD))
    row.locator("button[type=submit]").click()
    page.wait_for_selector(".jl-layer-preview")
    assert page.inner_text("#jl-new-count") == "3"
    assert "place-guesthouse" in page.inner_text(".jl-added-ids")
    assert "龙栖山招待所" in page.inner_text("table.jl-sample")
    assert page.locator("svg.jl-sketch circle.jl-sketch-point").count() == 3
    # nothing has changed yet
    api = page.evaluate("fetch('/api/layers/places').then(r => r.json())")
    assert len(api["features"]) == 3

    page.click("form.jl-apply button[type=submit]")
    page.wait_for_selector(".jl-flash.ok")
    assert "已替换为 3 个要素" in page.inner_text(".jl-flash.ok")
    row = page.locator("tr[data-layer=places]")
    assert row.locator(".jl-count").inner_text() == "3"
    assert int(row.locator(".jl-revision").inner_text()) == revision + 1
    assert "places_upload.geojson" in page.inner_text("table.jl-import-history")

    api = page.evaluate("fetch('/api/layers/places').then(r => r.json())")
    assert [f["id"] for f in api["features"]][-1] == "place-guesthouse"
    layers = page.evaluate("fetch('/api/layers').then(r => r.json())")
    assert next(x for x in layers if x["name"] == "places")["revision"] == revision + 1

    # the plan page offers the new place as a start
    page.goto(live_server.url + "/plans", wait_until="networkidle")
    page.fill("form.jl-new-plan input[name=name]", "上传后的方案")
    page.click("form.jl-new-plan button[type=submit]")
    page.wait_for_selector("select[name=start]", state="attached")
    options = page.eval_on_selector_all("select[name=start] option", "els => els.map(e => e.value)")
    assert "place-guesthouse" in options
    assert page.outside_requests == [] and page.errors == []
