"""The clean-up page of a plan in headless Chromium: the map draws the corridor, and a township's
roads are listed."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def plan_id(live_server) -> int:
    with live_server.app.app_context():
        from store.layers import features
        from store.plans import create_plan

        first: dict[str, str] = {}
        for f in features("stops"):
            first.setdefault(f["properties"]["township_code"], f["properties"]["id"])
        return create_plan("整治测试", "planner", sites=sorted(first.values())).id


def test_cleanup_page_lists_a_townships_roads(live_server, page, plan_id):
    page.goto(f"{live_server.url}/plans/{plan_id}/cleanup", wait_until="networkidle")
    town = page.locator('.jl-cleanup-town[data-township="350428100"]')  # 古镛镇, the county seat
    assert town.locator("h2").inner_text() == "古镛镇"
    roads = town.locator(".jl-cleanup-road-name").all_inner_texts()
    assert roads and "洋万线" in roads
    assert page.locator("path.jl-cleanup-corridor").count() == 1
    assert page.locator("path.jl-cleanup-road").count() >= len(roads)
    assert page.outside_requests == [] and page.errors == []


def test_a_township_user_ticks_off_its_clean_up_and_adds_a_photo(
    live_server, page, plan_id, tmp_path
):
    """Township staff set the status of their own township's clean-up task and attach a before
    photo on their task list, then delete it; another township's list offers them nothing to change."""
    from tests.browser.helpers import log_in
    from tests.test_township_photos import photo_bytes

    app = live_server.app
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    with app.app_context():
        from store.users import create_user

        create_user("gaotang", "test-password", "township", township="350428102")  # 高唐镇
    base = live_server.url
    log_in(page, base, "gaotang")
    page.goto(f"{base}/plans/{plan_id}/townships", wait_until="networkidle")
    assert page.url.endswith("/townships/350428102")
    row = page.locator('tr[data-section="cleanup"]').first
    key = row.get_attribute("data-key")
    with page.expect_navigation(wait_until="networkidle"):
        row.locator("select.jl-task-status-select").select_option("done")
    row = page.locator(f'tr[data-key="{key}"]')
    assert row.locator("select.jl-task-status-select").input_value() == "done"
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(photo_bytes(size=(640, 480)))
    row.locator("input[type=file]").set_input_files(str(photo))
    with page.expect_navigation(wait_until="networkidle"):
        row.locator("form.jl-task-photo-form button").click()
    thumb = page.locator(f'tr[data-key="{key}"] a.jl-task-photo[data-stage="before"] img')
    assert thumb.count() == 1
    assert page.evaluate("(img) => img.naturalWidth", thumb.element_handle()) == 320
    page.goto(f"{base}/plans/{plan_id}/townships/350428100", wait_until="networkidle")
    assert page.locator("select.jl-task-status-select").count() == 0
    page.goto(f"{base}/plans/{plan_id}/cleanup", wait_until="networkidle")
    assert page.locator(f'td[data-task="{key}"].jl-task-done img').count() == 1
    page.goto(f"{base}/plans/{plan_id}/townships/350428102", wait_until="networkidle")
    with page.expect_navigation(wait_until="networkidle"):
        page.locator(f'tr[data-key="{key}"] button.jl-task-photo-delete').click()
    assert page.locator(f'tr[data-key="{key}"] a.jl-task-photo').count() == 0
    assert page.outside_requests == [] and page.errors == []
