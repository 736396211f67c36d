"""The map's search box in headless Chromium: pinyin typed, a hit chosen with the keyboard, the
map flies there and opens the popup; on the county map and the plan page, in Chinese and
English, at desktop and phone size."""

from __future__ import annotations

import pytest

from tests.browser.conftest import guarded_page
from tests.browser.test_screens import SCREENS, plan_id  # noqa: F401 - the plan fixture

NAMES = {"zh": "万安镇", "en": "Wan'an Town"}


@pytest.fixture(params=["phone", "desktop"])
def screen(request, browser):
    context = browser.new_context(locale="zh-CN", **SCREENS[request.param])
    page = guarded_page(context)
    yield page
    context.close()


def _search(page, typed: str) -> None:
    box = page.locator("#map-search-input")
    box.click()
    box.press_sequentially(typed, delay=30)
    page.locator("#map-search-list [role=option]").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"


def _centre(page) -> tuple[float, float, float]:
    return page.evaluate(
        "[jiangleMap.getCenter().lat, jiangleMap.getCenter().lng, jiangleMap.getZoom()]"
    )


def _fly_to_wanan(page, lang: str) -> None:
    """Type "wa", go down to 万安镇 with the arrow keys, Enter: the map is centred on it and its
    popup is open."""
    box = page.locator("#map-search-input")
    _search(page, "wa")
    options = page.locator("#map-search-list [role=option]")
    names = options.locator(".jl-search-name").all_inner_texts()
    assert NAMES[lang] in names, names
    before = _centre(page)
    for _ in range(names.index(NAMES[lang]) + 1):
        box.press("ArrowDown")
    chosen = page.locator("#map-search-list [aria-selected=true]")
    assert chosen.count() == 1 and chosen.locator(".jl-search-name").inner_text() == NAMES[lang]
    assert box.get_attribute("aria-activedescendant") == chosen.get_attribute("id")
    box.press("Enter")
    popup = page.locator(".leaflet-popup-content h4")
    popup.wait_for()
    assert popup.inner_text() == NAMES[lang]
    assert box.get_attribute("aria-expanded") == "false"
    after = _centre(page)
    assert after != before
    seat = page.evaluate(
        "fetch('/api/search?q=350428101').then(r => r.json()).then(b => b.hits[0])"
    )
    west, south, east, north = seat["bbox"]
    assert south < after[0] < north and west < after[1] < east, "the map is over the township"
    assert page.errors == [] and page.outside_requests == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_search_on_the_county_map(live_server, screen, lang):
    page = screen
    page.goto(f"{live_server.url}/?lang={lang}", wait_until="networkidle")
    box = page.locator("#map-search-input")
    label = page.locator("label[for=map-search-input]").inner_text()
    assert label == (
        "Find a stop, township, plant or place"
        if lang == "en"
        else "查找考察点、乡镇、污水厂或地点"
    )
    assert box.get_attribute("role") == "combobox"
    assert box.bounding_box()["x"] + box.bounding_box()["width"] <= page.viewport_size["width"]
    _fly_to_wanan(page, lang)
    # a stop by its pinyin initials opens the stop's own popup
    box.fill("")
    _search(page, "jlxcs")
    first = page.locator("#map-search-list [role=option]").first
    name = first.locator(".jl-search-name").inner_text()
    box.press("ArrowDown")
    box.press("Enter")
    page.locator(".leaflet-popup-content h4", has_text=name).wait_for()
    # Escape closes the list, a second Escape clears the box
    box.fill("")
    _search(page, "x")
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false" and box.input_value() != ""
    box.press("Escape")
    assert box.input_value() == ""


def test_search_says_when_nothing_matches(live_server, page):
    page.goto(live_server.url, wait_until="networkidle")
    page.locator("#map-search-input").press_sequentially("qqqzzz", delay=20)
    status = page.locator(".jl-search-status")
    status.filter(has_text="qqqzzz").wait_for()
    assert status.inner_text() == "未找到“qqqzzz”"
    assert page.locator("#map-search-list").is_hidden()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_search_on_the_plan_page(live_server, screen, plan_id, lang):  # noqa: F811
    page = screen
    page.goto(f"{live_server.url}/plans/{plan_id}?lang={lang}", wait_until="networkidle")
    page.wait_for_selector(".jl-num")
    _fly_to_wanan(page, lang)
    # a stop on the plan page (its markers have no popup of their own): the search's popup
    box = page.locator("#map-search-input")
    box.fill("")
    _search(page, "stop-350428100-01")
    name = page.locator("#map-search-list .jl-search-name").first.inner_text()
    box.press("Enter")
    page.locator(".leaflet-popup-content .jl-search-popup h4", has_text=name).wait_for()
