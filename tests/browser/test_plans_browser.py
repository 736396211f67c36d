"""The plan page in headless Chromium: build a plan by clicking, save, reload, stale save."""

from __future__ import annotations

import pytest

from tests.browser.helpers import log_in


@pytest.fixture
def planned(live_server):
    """A planner account and an empty plan; returns (plan id, {township: [stop ids]})."""
    with live_server.app.app_context():
        from store.layers import features
        from store.plans import create_plan
        from store.users import create_user

        create_user("planner", "test-password", "planner")
        create_user("planner2", "test-password", "planner")
        plan_id = create_plan("国家生态县考核验收 2014", "planner").id
        towns: dict[str, list[str]] = {}
        for f in features("stops"):
            towns.setdefault(f["properties"]["township_code"], []).append(f["properties"]["id"])
    return plan_id, towns


def _open(page, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector(".jl-cand")


def test_build_a_complete_plan_by_clicking_then_reload(live_server, page, planned):
    plan_id, towns = planned
    base = live_server.url
    log_in(page, base, "planner")
    _open(page, f"{base}/plans/{plan_id}")
    summary = page.locator("#quota-summary")
    assert summary.get_attribute("data-complete") == "false"
    codes = sorted(towns)
    # first site of each township on the map, second one in the list
    for code in codes:
        page.locator(f'path.jl-pick[data-stop-id="{towns[code][0]}"]').click(force=True)
        page.locator(f'.jl-cand[data-stop-id="{towns[code][1]}"] .jl-cand-name').click()
    assert summary.get_attribute("data-complete") == "true"
    assert page.locator(".jl-q-ok").count() >= 13
    # the tour is recomputed and drawn: legs on the map, numbered stops, totals
    page.wait_for_selector("path.jl-tour-leg")
    page.wait_for_function("() => document.querySelectorAll('.jl-num').length === 26")
    assert "公里" in page.locator("#tour-totals").inner_text()
    page.click("#save-plan")
    page.wait_for_function(
        "() => document.getElementById('plan-message').textContent.includes('2')"
    )
    assert "已保存" in page.locator("#plan-message").inner_text()
    page.click("#toggle-final")
    page.wait_for_function("() => document.getElementById('plan-version').textContent === '3'")
    assert page.locator("#plan-status").inner_text() == "定稿"
    page.reload(wait_until="networkidle")
    page.wait_for_selector(".jl-cand.jl-picked")
    assert page.locator(".jl-cand.jl-picked").count() == 26
    assert page.locator("#quota-summary").get_attribute("data-complete") == "true"
    assert page.locator("#plan-version").inner_text() == "3"
    assert page.outside_requests == [] and page.errors == []


def test_stale_save_in_a_second_session_gets_a_conflict(live_server, page, browser, planned):
    plan_id, towns = planned
    base = live_server.url
    url = f"{base}/plans/{plan_id}"
    log_in(page, base, "planner")
    _open(page, url)
    other = browser.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")
    second = other.new_page()
    try:
        log_in(second, base, "planner2")
        _open(second, url)  # both sessions now hold version 1
        codes = sorted(towns)
        for code in codes[:3]:
            page.locator(f'.jl-cand[data-stop-id="{towns[code][0]}"] .jl-cand-name').click()
        page.click("#save-plan")
        page.wait_for_function("() => document.getElementById('plan-version').textContent === '2'")
        second.locator(f'.jl-cand[data-stop-id="{towns[codes[5]][0]}"] .jl-cand-name').click()
        second.click("#save-plan")
        second.wait_for_selector("#plan-message.conflict")
        text = second.locator("#plan-message").inner_text()
        assert "保存失败" in text and "planner" in text and "2" in text
        assert second.locator("#plan-message button").inner_text() == "重新加载"
    finally:
        other.close()
    with live_server.app.app_context():
        from store.plans import get_plan

        plan = get_plan(plan_id)
        assert plan.version == 2
        assert plan.sites == [towns[code][0] for code in sorted(towns)[:3]]


def test_suggest_and_apply(live_server, page, planned):
    plan_id, _ = planned
    base = live_server.url
    log_in(page, base, "planner")
    _open(page, f"{base}/plans/{plan_id}")
    page.click("#suggest")
    page.wait_for_selector("#apply-proposal", timeout=60_000)  # a loaded CI machine
    assert "公里" in page.locator(".jl-prop-figures").inner_text()
    page.click("#apply-proposal")
    assert page.locator("#quota-summary").get_attribute("data-complete") == "true"
    assert "六大主题均已覆盖" in page.locator("#theme-bar").inner_text()
    page.wait_for_function("() => document.querySelectorAll('.jl-num').length === 26")
    assert page.errors == [] and page.outside_requests == []


def test_viewer_sees_the_plan_but_cannot_pick(live_server, page, planned):
    plan_id, towns = planned
    with live_server.app.app_context():
        from store.users import create_user

        create_user("viewer", "test-password", "viewer")
    base = live_server.url
    log_in(page, base, "viewer")
    _open(page, f"{base}/plans/{plan_id}")
    assert page.locator("#save-plan").count() == 0
    first = towns[sorted(towns)[0]][0]
    page.locator(f'.jl-cand[data-stop-id="{first}"] .jl-cand-name').click()
    assert page.locator(".jl-cand.jl-picked").count() == 0


def _full_plan(live_server, towns, **settings) -> int:
    """A saved plan with two sites in every township (version 2)."""
    with live_server.app.app_context():
        from store.plans import create_plan, save_plan

        sites = [s for code in sorted(towns) for s in towns[code][:2]]
        plan = create_plan("全县路线", "planner")
        return save_plan(plan.id, 1, {"sites": sites, **settings}, "planner").id


def _days(page) -> str:
    return page.locator("#tour-totals .jl-total-days").get_attribute("data-days")


def test_working_day_changes_the_tour_without_saving(live_server, page, planned):
    _, towns = planned
    plan_id = _full_plan(live_server, towns)
    base = live_server.url
    log_in(page, base, "planner")
    _open(page, f"{base}/plans/{plan_id}")
    page.wait_for_function("() => document.querySelectorAll('.jl-num').length === 26")
    page.wait_for_selector("#tour-totals .jl-total-days")
    assert _days(page) == "3"  # the days planned together: 2 sites a township in 3 days
    page.click("#plan-settings summary")
    page.fill("input[name=day_end]", "15:00")
    page.wait_for_function(
        "() => Number(document.querySelector('#tour-totals .jl-total-days')?.dataset.days) > 3"
    )
    assert page.locator(".jl-num").count() == 26
    assert "有未保存的修改" in page.locator("#plan-message").inner_text()
    # an invalid value: the server's message beside the panel, the last good tour stays
    page.fill("input[name=day_start]", "16:00")
    page.fill("input[name=day_end]", "09:00")
    page.wait_for_function("() => document.getElementById('settings-error').textContent !== ''")
    assert "每日工作时间须先开始后结束：16:00–09:00" in page.locator("#settings-error").inner_text()
    assert _days(page) == "5" and page.locator(".jl-num").count() == 26
    # a good value again clears the message; the quota is the county's, shown, not edited
    page.fill("input[name=day_start]", "08:30")
    page.fill("input[name=day_end]", "17:30")
    page.locator("input[name=day_end]").dispatch_event("change")
    page.wait_for_function("() => document.getElementById('settings-error').textContent === ''")
    assert "2–3 个(全县设置)" in page.locator("#plan-quota").inner_text()
    assert page.locator("input[name=quota_min]").count() == 0
    assert page.locator("#quota-bar .jl-q-ok").count() == 13
    with live_server.app.app_context():
        from store.plans import get_plan

        plan = get_plan(plan_id)
        assert plan.version == 2 and plan.day_end == "17:30"
    assert page.outside_requests == [] and page.errors == []


def test_delete_a_plan_from_its_page_and_from_the_list(live_server, page, planned):
    plan_id, towns = planned
    other_id = _full_plan(live_server, towns)
    base = live_server.url
    log_in(page, base, "planner")
    _open(page, f"{base}/plans/{plan_id}")
    page.click("#delete-plan")
    assert "修改记录会保留" in page.locator("#plan-message").inner_text()
    page.click("#cancel-delete")
    assert page.locator("#confirm-delete").count() == 0
    page.click("#delete-plan")
    page.click("#confirm-delete")
    page.wait_for_url(f"{base}/plans")
    assert page.locator(f'tr[data-plan-id="{plan_id}"]').count() == 0
    row = page.locator(f'tr[data-plan-id="{other_id}"]')
    row.locator(".jl-delete").click()
    assert "全县路线" in row.locator(".jl-delete-question").inner_text()
    row.locator(".jl-delete-yes").click()
    page.wait_for_selector(f'tr[data-plan-id="{other_id}"]', state="detached")
    response = page.goto(f"{base}/plans/{plan_id}")
    assert response.status == 404 and "被 planner 删除" in page.content()
    page.goto(f"{base}/plans/{plan_id}/history")
    assert "删除方案" in page.locator(".jl-history").inner_text()
    assert page.outside_requests == [] and page.errors == []


def test_stale_delete_in_the_list_is_refused(live_server, page, planned):
    plan_id, _ = planned
    base = live_server.url
    log_in(page, base, "planner")
    page.goto(f"{base}/plans", wait_until="networkidle")
    with live_server.app.app_context():
        from store.plans import save_plan

        save_plan(plan_id, 1, {"name": "别人改过"}, "planner2")
    row = page.locator(f'tr[data-plan-id="{plan_id}"]')
    row.locator(".jl-delete").click()
    row.locator(".jl-delete-yes").click()
    page.wait_for_function("() => document.querySelector('.jl-delete-error').textContent !== ''")
    assert "现在是第 2 版" in row.locator(".jl-delete-error").inner_text()
    with live_server.app.app_context():
        from store.plans import get_plan

        assert get_plan(plan_id).version == 2
