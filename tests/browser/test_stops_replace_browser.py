"""Replacing the stops layer never breaks a plan, in a real browser: an admin uploads a stops
file that renames one stop, adds one and removes one a saved plan uses; the plan page opens
without a script error and marks the removed stop, its other pages, print pack and exports
answer, "suggest a set" proposes, one click drops the removed stop and the plan saves, and a
rollback to the earlier revision brings the old stops back."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.helpers import create_account, log_in

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "shapefiles"
NEW_NAME = "更名后的考察点"


def _plan_and_file(app, folder: Path) -> dict:
    """A saved plan of six sites in three townships, and a stops file without its first site,
    with its second renamed and a new stop added."""
    from services.plans import create_plan
    from store.layers import features, layer_revision

    with app.app_context():
        towns: dict[str, list[str]] = {}
        for f in features("stops"):
            towns.setdefault(f["properties"]["township_code"], []).append(f["properties"]["id"])
        sites = [s for code in sorted(towns)[:3] for s in sorted(towns[code])[:2]]
        plan_id = create_plan("换图层后的方案", {"sites": sites}, "chief").id
        revision = layer_revision("stops")
    stops = json.loads((SHIPPED / "stops.geojson").read_text(encoding="utf-8"))
    by_id = {f["properties"]["id"]: f for f in stops["features"]}
    removed, renamed = by_id[sites[0]], by_id[sites[1]]
    added = copy.deepcopy(by_id[sites[2]])
    lon, lat = added["geometry"]["coordinates"][:2]
    added["geometry"]["coordinates"] = [lon + 0.002, lat + 0.001]
    added["properties"].update(id="stop-browser-new", name_zh="新增考察点", name_en="New stop")
    old_name = renamed["properties"]["name_zh"]
    renamed = copy.deepcopy(renamed)
    renamed["properties"]["name_zh"] = NEW_NAME
    stops["features"] = [
        renamed if f["properties"]["id"] == sites[1] else f
        for f in stops["features"]
        if f["properties"]["id"] != sites[0]
    ] + [added]
    path = folder / "stops_v2.geojson"
    path.write_text(json.dumps(stops, ensure_ascii=False), encoding="utf-8")
    return {
        "plan": plan_id,
        "sites": sites,
        "file": path,
        "revision": revision,
        "removed_name": removed["properties"]["name_zh"],
        "old_name": old_name,
        "count": len(by_id),
    }


def _stops(page) -> dict[str, str]:
    api = page.evaluate("fetch('/api/layers/stops').then(r => r.json())")
    return {f["id"]: f["properties"]["name_zh"] for f in api["features"]}


def test_replacing_stops_keeps_a_plan_usable_and_rollback_restores_them(
    live_server, page, tmp_path
):
    app = live_server.app
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    create_account(app, "chief", "admin")
    case = _plan_and_file(app, tmp_path)
    base, plan_id, sites = live_server.url, case["plan"], case["sites"]
    log_in(page, base, "chief", then="/admin/layers")

    # replace the stops through the admin upload: the preview names the plan that loses a stop
    row = page.locator("tr[data-layer=stops]")
    row.locator("input[type=file]").set_input_files(str(case["file"]))
    row.locator("button[type=submit]").click()
    expect(page.locator(".jl-layer-preview")).to_be_visible()
    expect(page.locator(".jl-warning-plan")).to_contain_text("换图层后的方案")
    expect(page.locator(".jl-warning-plan")).to_contain_text(sites[0])
    page.click("form.jl-apply button[type=submit]")
    expect(page.locator(".jl-flash.ok")).to_be_visible()
    now = _stops(page)
    assert sites[0] not in now and now[sites[1]] == NEW_NAME and "stop-browser-new" in now

    # the plan page opens, marks the removed stop and computes the tour of the other five
    page.goto(f"{base}/plans/{plan_id}", wait_until="networkidle")
    removed = page.locator(f".jl-removed li[data-stop-id='{sites[0]}']")
    expect(removed).to_contain_text(case["removed_name"])
    expect(removed).to_contain_text("已从考察点图层中删除")
    expect(page.locator(f".jl-cand[data-stop-id='{sites[1]}']")).to_contain_text(NEW_NAME)
    expect(page.locator("path.jl-tour-leg").first).to_be_attached(timeout=60_000)
    expect(page.locator(".jl-num")).to_have_count(len(sites) - 1)
    expect(page.locator("#quota-summary")).to_be_visible()
    assert page.errors == []

    # the plan's other pages open without a script error too
    for path in [
        "/plans",
        f"/plans/{plan_id}/history",
        f"/plans/compare?a={plan_id}&b={plan_id}",
        f"/plans/{plan_id}/print",
        f"/plans/{plan_id}/cleanup",
        f"/plans/{plan_id}/tasks",
        f"/?plan={plan_id}",
    ]:
        opened = page.goto(base + path, wait_until="networkidle", timeout=300_000)
        assert opened.status == 200, (path, opened.status)
        assert page.errors == [], (path, page.errors)

    # the print pack and the exports answer
    for path, kind in [
        (f"/plans/{plan_id}/print.pdf", "application/pdf"),
        (f"/api/plans/{plan_id}/export.gpx", "gpx"),
        (f"/api/plans/{plan_id}/export.kml", "kml"),
        (f"/api/plans/{plan_id}/export.csv", "csv"),
    ]:
        got = page.request.get(base + path, timeout=300_000)
        assert got.status == 200, (path, got.status, got.text()[:300])
        assert kind in got.headers["content-type"] or kind in got.headers.get(
            "content-disposition", ""
        ), (path, got.headers)
        if kind != "application/pdf":
            assert sites[0] not in got.text()  # the removed stop is not in the tour's files

    # "suggest a set" still proposes; one click drops the removed stop; the plan saves
    page.goto(f"{base}/plans/{plan_id}", wait_until="networkidle")
    page.click("#suggest")
    expect(page.locator("#apply-proposal")).to_be_visible(timeout=120_000)
    expect(page.locator(".jl-prop-figures")).to_contain_text("公里")
    page.click(f".jl-removed-drop[data-stop-id='{sites[0]}']")
    page.click("#save-plan")
    expect(page.locator("#plan-message")).to_contain_text("已保存")
    assert page.errors == []

    # roll the stops back to the earlier revision: the old stops are live again
    page.goto(f"{base}/admin/layers", wait_until="networkidle")
    old = page.locator(
        f"table.jl-revisions[data-layer=stops] tr[data-revision='{case['revision']}']"
    )
    old.locator("a").click()
    page.click("form.jl-rollback button[type=submit]")
    expect(page.locator(".jl-flash.ok")).to_be_visible()
    back = _stops(page)
    assert len(back) == case["count"] and "stop-browser-new" not in back
    assert back[sites[0]] == case["removed_name"] and back[sites[1]] == case["old_name"]

    page.goto(f"{base}/plans/{plan_id}", wait_until="networkidle")
    expect(page.locator("path.jl-tour-leg").first).to_be_attached(timeout=60_000)
    expect(page.locator(".jl-num")).to_have_count(len(sites) - 1)  # as saved, without it
    assert page.locator(".jl-removed").count() == 0
    expect(page.locator(f".jl-cand[data-stop-id='{sites[1]}']")).to_contain_text(case["old_name"])
    assert page.outside_requests == [] and page.errors == []
