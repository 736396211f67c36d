"""Facility status in a real browser: an admin edits a plant and the main map recolours it."""

from __future__ import annotations

from tests.browser.helpers import create_account, log_in

OPERATING_GREEN = "rgb(46, 125, 50)"
PLANNED_GREY = "rgb(158, 158, 158)"


def _login_as_admin(live_server, page) -> None:
    create_account(live_server.app, "chief", "admin")
    log_in(page, live_server.url, "chief", then="/facilities")


def _colour(page, selector: str) -> str:
    return page.eval_on_selector(selector, "el => getComputedStyle(el).backgroundColor")


def test_admin_edits_a_plant_and_the_map_recolours_it(live_server, page):
    page.goto(live_server.url + "/", wait_until="networkidle")
    page.wait_for_selector(".jl-plant")
    operating = page.locator(".jl-plant-operating").count()
    assert page.locator(".jl-plant-planned").count() == 1  # 万全乡: the only planned plant
    assert _colour(page, ".jl-plant-planned") == PLANNED_GREY
    assert page.locator(".jl-plant-planned.jl-late").count() == 1

    _login_as_admin(live_server, page)
    page.click("tr[data-plant=wwtp-wanquan] a")
    page.wait_for_selector("form.jl-form")
    page.select_option("select[name=status]", "operating")
    page.fill("input[name=load_rate]", "18.5")
    page.fill("input[name=date]", "2014-07-14")
    page.fill("textarea[name=note]", "主体完工，通水运行")
    page.click("form.jl-form button[type=submit]")
    page.wait_for_selector(".jl-flash.ok")
    assert page.inner_text("#jl-plant-status") == "已运行"
    assert "主体完工，通水运行" in page.inner_text(".jl-history")

    page.goto(live_server.url + "/", wait_until="networkidle")
    page.wait_for_selector(".jl-plant")
    assert page.locator(".jl-plant-planned").count() == 0
    assert page.locator(".jl-plant-operating").count() == operating + 1
    assert {_colour(page, f".jl-plant-operating >> nth={i}") for i in range(operating + 1)} == {
        OPERATING_GREEN
    }
    assert page.outside_requests == [] and page.errors == []


def test_dashboard_draws_map_table_and_charts_offline(live_server, page):
    page.goto(live_server.url + "/facilities", wait_until="networkidle")
    page.wait_for_selector(".jl-fac-map .jl-plant")
    assert page.locator("tr[data-plant]").count() == 12
    assert page.locator(".jl-fac-map .jl-plant.jl-late").count() == 6
    assert page.evaluate("Object.keys(window.jiangleCharts).sort()") == ["load", "timeline"]
    bars = page.evaluate("window.jiangleCharts.load.data.datasets[0].data.length")
    assert bars == 6  # the six operating plants report a load rate
    page.check("input[name=late]")
    page.click("form.jl-filters button[type=submit]")
    page.wait_for_selector(".jl-fac-map .jl-plant")
    assert page.locator("tr[data-plant]").count() == 6
    assert page.locator(".jl-fac-map .jl-plant").count() == 6
    assert page.outside_requests == [] and page.errors == []
