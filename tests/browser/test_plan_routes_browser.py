"""Named routes on the plan page in headless Chromium: a planner adds 路线A 两天 and 路线B 一天
over a plan's 26 sites, moves a stop of route A to its other day (the timetable and the map's
day colours follow; undo, redo), switches between the routes by mouse and keyboard and sees the
timetable and the sites left out change, saves (route A's move with it), and opens route B's print pack (one day). On a phone the routes
box does not scroll sideways. Saves docs/two-routes.png."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.helpers import log_in

ROWS = "#timetable .jl-day .jl-tt-stop"
SHOT = Path(__file__).resolve().parents[2] / "docs" / "two-routes.png"


def _days(page) -> int:
    return page.locator("#timetable .jl-day").count()


def _wait_route(page, key: str, days: int) -> None:
    """The tab of ``key`` selected and its tour shown with ``days`` days at most."""
    page.wait_for_selector(f'#route-tab-{key}[aria-selected="true"]')
    page.wait_for_function(
        "([n, full]) => { const d = document.querySelectorAll('#timetable .jl-day').length;"
        " const s = document.querySelectorAll('#timetable .jl-tt-stop').length;"
        " return d >= 1 && d <= n && (full ? s === 26 : s < 26)"
        " && (full || document.querySelector('#route-left-out') !== null); }",
        arg=[days, key == "all"],
    )


def _day_of(page, stop: str) -> int:
    return int(
        page.locator(f'.jl-day:has(.jl-tt-stop[data-stop-id="{stop}"])').get_attribute("data-day")
    )


def _wait_on_day(page, stop: str, day: int) -> None:
    page.wait_for_selector(f'.jl-day[data-day="{day}"] .jl-tt-stop[data-stop-id="{stop}"]')


def _badge_day(page, stop: str) -> int | None:
    """The day whose colour the map's numbered badge of ``stop`` has."""
    return page.evaluate(
        'id => { const b = document.querySelector(`.jl-num[data-stop-id="${id}"]`);'
        " const p = document.createElement('span');"
        " for (let d = 1; d <= 14; d += 1) { p.style.background = window.JiangleTour.dayColour(d);"
        " if (b && b.style.background === p.style.background) { return d; } } return null; }",
        stop,
    )


def _add(page, name: str, days: int) -> None:
    page.fill("#route-new-name", name)
    page.fill("#route-new-days", str(days))
    page.click("#route-add")


def test_two_routes_switched_saved_and_printed(live_server, page, pair_plan):
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 1000})
    log_in(page, base, "planner")
    page.goto(f"{base}/plans/{pair_plan}", wait_until="networkidle")
    page.wait_for_function(f"() => document.querySelectorAll('{ROWS}').length === 26")
    full_days = _days(page)
    assert full_days == 3

    _add(page, "路线A 两天", 2)
    _wait_route(page, "r1", 2)
    two = sorted(page.locator(ROWS).evaluate_all("rows => rows.map(r => r.dataset.stopId)"))
    left = page.locator("#route-left-out .jl-route-site")
    assert left.count() == 26 - len(two)
    assert "天内" in left.first.locator(".jl-route-why").inner_text()  # why, in Chinese
    assert "（" in left.first.locator(".jl-route-site-name").inner_text()  # with its township

    # route A's own timetable: move a stop of day 1 to day 2 ("移到…", by keyboard); a move
    # that does not fit the route's two days is said by name and undone
    assert _days(page) == 2
    first_day = page.locator('#timetable .jl-day[data-day="1"] .jl-tt-stop')
    for moved in first_day.evaluate_all("rows => rows.map(r => r.dataset.stopId)"):
        assert _badge_day(page, moved) == 1
        page.locator(f'.jl-tt-stop[data-stop-id="{moved}"] select.jl-move-day').focus()
        page.keyboard.press("ArrowDown")  # day 1 is disabled: lands on day 2
        page.wait_for_function(
            'id => document.querySelector(`.jl-day[data-day="2"] [data-stop-id="${id}"]`)'
            " || document.getElementById('tour-error').textContent",
            arg=moved,
        )
        if page.locator(f'.jl-day[data-day="2"] [data-stop-id="{moved}"]').count():
            break
        assert "排不进行程" in page.locator("#tour-error").inner_text()
        page.click("#day-undo")
        _wait_on_day(page, moved, 1)
    else:
        pytest.fail("no stop of route A's day 1 could move to day 2")
    page.wait_for_function(
        "n => document.querySelectorAll('#timetable .jl-tt-stop').length === n", arg=len(two)
    )
    assert (
        page.locator(f'.jl-tt-stop[data-stop-id="{moved}"] .jl-pin').get_attribute("aria-pressed")
        == "true"
    )
    page.wait_for_function(
        'id => document.querySelector(`.jl-num[data-stop-id="${id}"]`) !== null', arg=moved
    )
    assert _badge_day(page, moved) == 2  # the map draws it in day 2's colour
    assert page.locator("#day-change").inner_text()  # what the move did, from the server
    page.click("#day-undo")
    _wait_on_day(page, moved, 1)
    page.click("#day-redo")
    _wait_on_day(page, moved, 2)

    _add(page, "路线B 一天", 1)
    _wait_route(page, "r2", 1)
    assert _days(page) == 1
    one = page.locator(ROWS).count()
    assert one < len(two)
    assert (
        "km" in page.locator("#tour-totals").inner_text()
        or "公里" in page.locator("#tour-totals").inner_text()
    )

    page.click("#save-plan")
    page.wait_for_selector("#plan-message.ok")
    with live_server.app.app_context():
        from store.plans import get_plan

        saved = {r["key"]: r for r in get_plan(pair_plan).routes}
    assert saved["r1"]["day_edits"]["pins"] == {moved: 2} and saved["r2"]["day_edits"]["pins"] == {}

    # keyboard: from route B's tab, the left arrow goes to route A, Home to the full tour
    page.focus("#route-tab-r2")
    page.keyboard.press("ArrowLeft")
    _wait_route(page, "r1", 2)
    assert page.evaluate("() => document.activeElement.id") == "route-tab-r1"
    assert sorted(page.locator(ROWS).evaluate_all("rows => rows.map(r => r.dataset.stopId)")) == two
    assert _day_of(page, moved) == 2  # route A's edit kept while route B was shown
    SHOT.parent.mkdir(exist_ok=True)
    page.locator("#routes-box").evaluate("b => b.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(SHOT))
    page.keyboard.press("Home")
    _wait_route(page, "all", full_days)

    # route B's print page: its name and one day
    page.click("#route-tab-r2")
    _wait_route(page, "r2", 1)
    href = page.locator('#print-pack a[data-kind="page"]').get_attribute("href")
    assert "route=r2" in href
    page.goto(base + href, wait_until="load", timeout=180_000)  # maps drawn: slow
    assert "两条路线 · 路线B 一天" in page.locator("#plan-title").inner_text()
    assert page.locator("section.jl-day").count() == 1


def test_routes_on_a_phone(live_server, page, pair_plan):
    base = live_server.url
    with live_server.app.app_context():
        from store.plans import save_plan

        routes = [{"key": "b", "name": "路线B 一天", "max_days": 1}]
        save_plan(pair_plan, 2, {"routes": [{"settings": {}, "include": [], "exclude": [],
                                             **routes[0]}]}, "planner")  # fmt: skip
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base, "planner")
    page.goto(f"{base}/plans/{pair_plan}", wait_until="networkidle")
    page.click("#route-tab-b")
    _wait_route(page, "b", 1)
    wide = "() => document.scrollingElement.scrollWidth"
    assert page.evaluate(wide) <= 390
    tab = page.locator("#route-tab-b").bounding_box()
    assert tab["height"] >= 40  # a finger-sized target
