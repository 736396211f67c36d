"""The plan page's timetable in headless Chromium: the days listed with their times, a stop moved
to another day by keyboard and by dragging, undo and redo, the edit saved with the plan, and the
timetable readable on a phone without scrolling sideways."""

from __future__ import annotations

from tests.browser.helpers import log_in

STOP_ROWS = ".jl-day .jl-tt-stop"


def _open(page, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    page.wait_for_function(f"() => document.querySelectorAll('{STOP_ROWS}').length === 26")


def _day_of(page, stop: str) -> int:
    return int(
        page.locator(f'.jl-day:has(.jl-tt-stop[data-stop-id="{stop}"])').get_attribute("data-day")
    )


def _wait_on_day(page, stop: str, day: int) -> None:
    page.wait_for_selector(f'.jl-day[data-day="{day}"] .jl-tt-stop[data-stop-id="{stop}"]')


def _drag(page, source, target) -> None:
    """Press on ``source``, move in steps, release on ``target``: an HTML5 drag in Chromium."""
    source.scroll_into_view_if_needed()
    a, b = source.bounding_box(), target.bounding_box()
    page.mouse.move(a["x"] + 5, a["y"] + a["height"] / 2)
    page.mouse.down()
    page.mouse.move(a["x"] + 15, a["y"] + a["height"] / 2 + 5, steps=5)
    page.mouse.move(b["x"] + 20, b["y"] + b["height"] / 2, steps=15)
    page.mouse.up()


def test_timetable_keyboard_move_undo_redo_drag_and_save(live_server, page, pair_plan):
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 1800})  # the drag needs both days in view
    log_in(page, base, "planner")
    _open(page, f"{base}/plans/{pair_plan}")
    assert page.locator(".jl-day").count() == 3
    first_day = page.locator('.jl-day[data-day="1"]')
    assert "08:30" in first_day.locator(".jl-day-hours").inner_text()
    assert first_day.locator(".jl-tt-lunch").count() == 1
    assert "公里" in first_day.locator(".jl-day-totals").inner_text()
    row = first_day.locator(".jl-tt-stop").first
    stop = row.get_attribute("data-stop-id")
    assert row.locator(".jl-tt-time").inner_text().count(":") == 2  # arrival–departure

    # keyboard: focus the stop's "move to" list and pick day 2 with the arrow keys
    row.locator("select.jl-move-day").focus()
    page.keyboard.press("ArrowDown")  # day 1 is where it is (disabled): lands on day 2
    _wait_on_day(page, stop, 2)
    moved = page.locator(f'.jl-tt-stop[data-stop-id="{stop}"]')
    assert moved.locator(".jl-pin").get_attribute("aria-pressed") == "true"
    assert page.locator(STOP_ROWS).count() == 26
    assert "有未保存的修改" in page.locator("#plan-message").inner_text()
    said = page.locator("#day-change").inner_text()  # what the move did, from the server
    assert "第2天现在" in said or "第1天现在" in said
    focused = "() => document.activeElement.closest('.jl-tt-stop')?.dataset.stopId"
    assert page.evaluate(focused) == stop  # the keyboard stays on the moved stop

    page.click("#day-undo")
    _wait_on_day(page, stop, 1)
    page.click("#day-redo")
    _wait_on_day(page, stop, 2)

    # drag the first stop of day 2 onto the last stop of day 1 (both in view: a real drag)
    other = page.locator('.jl-day[data-day="2"] .jl-tt-stop').first.get_attribute("data-stop-id")
    if other == stop:
        other = (
            page.locator('.jl-day[data-day="2"] .jl-tt-stop').nth(1).get_attribute("data-stop-id")
        )
    source = page.locator(f'.jl-tt-stop[data-stop-id="{other}"] .jl-tt-name')
    _drag(page, source, page.locator('.jl-day[data-day="1"] .jl-tt-stop').last)
    _wait_on_day(page, other, 1)
    page.click("#save-plan")
    page.wait_for_function("() => document.getElementById('plan-message').className.includes('ok')")
    with live_server.app.app_context():
        from store.plans import get_plan

        edits = get_plan(pair_plan).day_edits
    assert edits["pins"] == {stop: 2, other: 1}
    _open(page, f"{base}/plans/{pair_plan}")  # the saved tour comes back as it was left
    assert _day_of(page, stop) == 2 and _day_of(page, other) == 1
    assert page.outside_requests == [] and page.errors == []


def test_timetable_fits_a_phone(live_server, browser, pair_plan):
    from tests.browser.conftest import guarded_page

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = guarded_page(context)
    try:
        log_in(page, live_server.url, "planner")
        _open(page, f"{live_server.url}/plans/{pair_plan}")
        page.locator("#timetable").scroll_into_view_if_needed()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        box = page.locator("#timetable").bounding_box()
        assert width <= 390 and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert page.errors == []
    finally:
        context.close()
