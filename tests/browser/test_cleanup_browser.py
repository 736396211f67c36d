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
