"""Township staff on a phone add a stop with a photo on their township's map; the planner then
sees it flagged on the plan page, picks it, and the plan's clean-up lists that township's roads."""

from __future__ import annotations

import pytest
from shapely.geometry import shape

from tests.browser.conftest import guarded_page
from tests.browser.helpers import log_in
from tests.test_township_photos import photo_bytes

WANAN = "350428101"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def accounts(live_server, tmp_path):
    """A township user of 万安镇, a planner and an empty plan; returns (plan id, a point inside
    万安镇)."""
    app = live_server.app
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    with app.app_context():
        from store.layers import features
        from store.plans import create_plan
        from store.users import create_user

        create_user("wanan", "test-password", "township", township=WANAN)
        create_user("planner", "test-password", "planner")
        plan_id = create_plan("考察方案", "planner").id
        town = next(f for f in features("townships") if f["properties"]["id"] == WANAN)
    inside = shape(town["geometry"]).representative_point()
    return plan_id, (inside.x, inside.y)


def _click_map_at(page, lon: float, lat: float) -> None:
    """Click the map at a lon/lat once the map has stopped moving (a click computed during the
    opening zoom lands somewhere else)."""
    where = (
        "([lat, lon]) => { const p = window.jiangleMap.latLngToContainerPoint([lat, lon]);"
        " return [Math.round(p.x), Math.round(p.y)]; }"
    )
    point, previous = page.evaluate(where, [lat, lon]), None
    while point != previous:
        page.wait_for_timeout(300)
        previous, point = point, page.evaluate(where, [lat, lon])
    page.locator("#town-map .folium-map").click(position={"x": point[0], "y": point[1]})


def test_a_township_stop_with_a_photo_reaches_the_plan_and_its_cleanup(
    live_server, browser, accounts, tmp_path
):
    plan_id, (lon, lat) = accounts
    base = live_server.url
    photo = tmp_path / "茶园.jpg"
    photo.write_bytes(photo_bytes(gps=(lon, lat)))

    phone = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=2)
    page = guarded_page(phone)
    log_in(page, base, "wanan", then="/township")
    page.wait_for_selector("path.jl-town-stop")
    before = page.locator(".jl-stop-list li").count()
    page.click("#add-stop")
    assert "点选" in page.locator("#town-message").inner_text()
    _click_map_at(page, lon, lat)
    form = page.locator("#stop-form")
    form.wait_for(state="visible")
    form.locator("[name=name_zh]").fill("万安生态茶园")
    form.locator("[name=name_en]").fill("Wan'an eco tea garden")
    form.locator("[name=theme]").select_option("eco_industry")
    form.locator("[name=visit_minutes]").fill("25")
    form.locator("[name=description_zh]").fill("生态茶园与茶叶加工")
    form.locator("[name=description_en]").fill("Eco tea garden and tea processing")
    form.locator("[name=presenter]").fill("李明")
    form.locator("[name=talking_points]").fill("茶园 1200 亩，有机认证")
    page.set_input_files("#photo-file", str(photo))
    page.click("#save-stop")
    page.wait_for_function(
        "() => document.getElementById('town-message').textContent.includes('照片已上传')"
        " || document.getElementById('stop-error').textContent !== ''"
    )
    assert page.locator("#stop-error").inner_text() == ""
    assert page.locator(".jl-stop-list li").count() == before + 1
    stop_id = page.locator(".jl-stop-list li.jl-current").get_attribute("data-stop-id")
    assert stop_id.startswith(f"stop-{WANAN}-")
    thumb = page.locator(".jl-photo img")
    thumb.wait_for()
    page.wait_for_function("() => document.querySelector('.jl-photo img').naturalWidth > 0")
    assert page.locator(f'path.jl-town-stop[data-stop-id="{stop_id}"]').count() == 1
    # a phone screen: nothing wider than the viewport
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.outside_requests == [] and page.errors == []
    phone.close()

    desk = browser.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")
    page = guarded_page(desk)
    log_in(page, base, "planner", then=f"/plans/{plan_id}")
    row = page.locator(f'.jl-cand[data-stop-id="{stop_id}"]')
    row.wait_for()
    assert row.locator(".jl-site-flag").inner_text() == "乡镇新增"
    assert page.locator(".jl-site-flag").count() == 1
    row.locator(".jl-cand-name").click()
    assert "jl-picked" in row.get_attribute("class")
    page.click("#save-plan")
    page.wait_for_function("() => document.getElementById('plan-version').textContent === '2'")
    page.goto(f"{base}/plans/{plan_id}/cleanup", wait_until="networkidle")
    town = page.locator(f'.jl-cleanup-town[data-township="{WANAN}"]')
    assert town.locator("h2").inner_text() == "万安镇"
    assert town.locator(".jl-cleanup-road-name").count() > 0
    assert page.outside_requests == [] and page.errors == []
    desk.close()
