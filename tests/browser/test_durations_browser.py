"""Durations in the pages' scripts read as on the server (geo.i18n.duration): "3 小时 05 分" /
"3 h 05 min", never "3:05"; one helper (static/js/duration.js) for every script."""

from __future__ import annotations

import re

import pytest

from geo.i18n import duration
from tests.browser.helpers import log_in
from tests.conftest import TWO_DAY_STOPS

MINUTES = [0, 5, 45, 59.4, 59.6, 60, 61, 185, 509, -12, -75]
SAID = r"(\d+ 小时 \d\d 分|\d+ 分)"
CLOCK = re.compile(r"(?<![\d:])\d:\d\d\b")  # "8:05" as a length of time (times of day are "08:30")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_script_helper_says_a_duration_like_the_server(live_server, page, lang):
    page.goto(f"{live_server.url}/plans?lang={lang}", wait_until="networkidle")
    said = page.evaluate(f"{MINUTES}.map(m => window.JiangleDuration.duration(m))")
    assert said == [duration(m, lang) for m in MINUTES]
    signed = page.evaluate("[12, -12, 0].map(m => window.JiangleDuration.change(m))")
    assert signed == ["+" + duration(12, lang), duration(-12, lang), duration(0, lang)]


def test_the_plan_page_totals_and_timetable_use_the_one_format(live_server, page):
    with live_server.app.app_context():
        from store.plans import create_plan, save_plan
        from store.users import create_user

        create_user("planner", "test-password", "planner")
        plan = create_plan("两日方案", "planner")
        plan_id = save_plan(plan.id, 1, {"sites": TWO_DAY_STOPS}, "planner").id
    log_in(page, live_server.url, "planner")
    page.goto(f"{live_server.url}/plans/{plan_id}", wait_until="networkidle")
    page.wait_for_selector("#tour-totals .jl-total-drive")
    page.wait_for_selector(".jl-day")
    drive = page.inner_text("#tour-totals .jl-total-drive")
    assert re.fullmatch(rf"车程 {SAID}", drive), drive
    days = " ".join(page.locator(".jl-day").all_inner_texts())
    assert re.search(rf"车程[\d.]+公里·{SAID}，考察{SAID}", days), days  # a day's totals
    assert re.search(rf"车程[\d.]+公里·{SAID}", days)  # a leg
    assert not CLOCK.search(drive + days)
    assert page.errors == []
