"""A planner sets the review date on the plan page and sees a preparation task turn late and
another due on the tasks dashboard (and a red badge on the map). "Today" is 2014-07-15."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import create_account, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def plan(live_server) -> dict:
    """A plan with one site and two tasks counted back from the review: 10 and 3 days before."""
    with live_server.app.app_context():
        from services import prep_tasks
        from store.layers import features
        from store.plans import create_plan

        stop = next(f["properties"] for f in features("stops"))
        plan = create_plan("筹备浏览器测试", "planner", sites=[stop["id"]])
        for kind, days in (("boards", 10), ("rehearsal", 3)):
            prep_tasks.create_task(
                plan.id, {"stop_id": stop["id"], "kind": kind, "days_before": days}, "planner"
            )
        return {"id": plan.id, "stop": stop}


def test_a_review_date_makes_tasks_late_and_due(live_server, page, plan):
    create_account(live_server.app, "wang", "planner")
    base = live_server.url
    log_in(page, base, "wang", then=f"/plans/{plan['id']}/tasks")
    assert page.locator('[data-progress="undated"]').count() == 2
    assert page.locator(".jl-task-badge").count() == 0

    page.goto(f"{base}/plans/{plan['id']}", wait_until="networkidle")
    box = page.locator("#review-visit")
    box.locator('input[name="review_start"]').fill("2014-07-20")
    box.locator('input[name="review_end"]').fill("2014-07-21")
    box.locator("#review-add-expert").click()
    box.locator('#review-experts input[name="name"]').fill("王审查")
    box.locator("#review-save").click()
    # expect() polls from Python: the CSP (no unsafe-eval) blocks a page-side string predicate
    expect(page.locator("#review-message")).to_contain_text("已保存", timeout=30_000)

    page.click("#plan-tasks")
    page.wait_for_load_state("networkidle")
    late = page.locator('tr[data-progress="late"]')  # boards: due 07-10
    assert late.count() == 1 and "展板" in late.inner_text()
    assert "jl-row-late" in late.get_attribute("class")
    colour = late.locator(".jl-prep-late").evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(213, 0, 0)"  # the red of the late plants
    due = page.locator('tr[data-progress="due"]')  # rehearsal: due 07-17
    assert due.count() == 1 and "2014-07-17" in due.inner_text()
    assert page.locator(".jl-task-badge-late").inner_text() == "1"
    assert page.locator('#prep-counts [data-count="late"]').inner_text() == "1"
    assert "王审查" not in page.content()  # the expert panel stays on the plan page
    assert page.outside_requests == [] and page.errors == []
