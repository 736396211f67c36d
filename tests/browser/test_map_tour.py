"""A plan's tour on the county map (/?plan=<id>) in headless Chromium, outside world blocked."""

from __future__ import annotations

import re

HOSTILE = '<img src=x onerror="window.pwned=1">'


def _plan(live_server, per_township: int = 1, name: str = "路线") -> tuple[int, int]:
    with live_server.app.app_context():
        from store.layers import features
        from store.plans import create_plan, save_plan

        towns: dict[str, list[str]] = {}
        for f in features("stops"):
            towns.setdefault(f["properties"]["township_code"], []).append(f["properties"]["id"])
        sites = [s for code in sorted(towns) for s in towns[code][:per_township]]
        plan = create_plan(name, "planner")
        save_plan(plan.id, 1, {"sites": sites}, "planner")
        return plan.id, len(sites)


def test_map_shows_a_plans_tour(live_server, page):
    plan_id, n = _plan(live_server, name=HOSTILE)
    page.goto(f"{live_server.url}/?plan={plan_id}", wait_until="networkidle")
    page.wait_for_function(f"() => document.querySelectorAll('.jl-num').length === {n}")
    numbers = page.locator(".jl-num").all_inner_texts()
    assert sorted(int(x) for x in numbers) == list(range(1, n + 1))
    assert page.locator("path.jl-tour-leg").count() >= 1
    assert page.locator("path.jl-township").count() == 13  # still the county map
    panel = page.locator("#map-tour")
    link = panel.locator("h2 a")
    assert link.inner_text() == HOSTILE and link.get_attribute("href") == f"/plans/{plan_id}"
    totals = panel.locator("#map-tour-totals").inner_text()
    assert "公里" in totals and "车程" in totals and "考察" in totals and "天数" in totals
    page.locator(".jl-num", has_text=re.compile(r"^1$")).click()
    popup = page.locator(".leaflet-popup-content .jl-tour-popup")
    popup.wait_for()
    assert re.search(r"到达 \d\d:\d\d", popup.inner_text())
    assert re.search(r"离开 \d\d:\d\d|出发 \d\d:\d\d", popup.inner_text())
    assert page.evaluate("window.pwned") is None
    assert page.outside_requests == [] and page.errors == []


def test_map_with_an_unknown_plan_says_so(live_server, page):
    response = page.goto(f"{live_server.url}/?plan=4242", wait_until="networkidle")
    assert response.status == 404
    message = page.locator("#map-tour-error").inner_text()
    assert "无法显示方案路线" in message and "4242" in message
    assert page.locator("path.jl-township").count() == 13
    assert page.locator(".jl-num").count() == 0
    assert page.outside_requests == [] and page.errors == []
