"""Every page at phone size (390x844, touch) and desktop size (1440x900), Chinese and English:
no sideways scrolling, the map shown and tappable (no control or legend over the stops),
every control inside the screen and, on a phone, at least 40 px tall."""

from __future__ import annotations

import pytest

from tests.browser.conftest import guarded_page
from tests.browser.helpers import create_account, log_in

SCREENS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
    "desktop": {"viewport": {"width": 1440, "height": 900}},
}
MIN_TAP = 40  # px, the smallest control on a phone

# controls that must be big enough to tap (inline links in running text are exempt)
TAP_TARGETS = (
    "button, select, summary, a.jl-button, input[type=file], .leaflet-bar a, "
    ".leaflet-control-layers-toggle, .jl-menu-toggle, .jl-cand"
)
CONTROLS = "a[href], button, select, summary, input:not([type=hidden])"


@pytest.fixture(params=["phone", "desktop"])
def screen(request, browser):
    """A page at the size of ``request.param`` (``page.screen`` says which)."""
    context = browser.new_context(locale="zh-CN", **SCREENS[request.param])
    page = guarded_page(context)
    page.screen = request.param
    yield page
    context.close()


def phone(page) -> bool:
    return page.screen == "phone"


def assert_fits(page) -> None:
    """Nothing wider than the screen; no script errors; nothing fetched from outside."""
    # the screen's own width: a mobile browser zooms out to a page wider than the screen, and
    # then window.innerWidth grows with the page
    screen_width = page.viewport_size["width"]
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= screen_width, f"the page scrolls sideways: {width} px wide in {screen_width}"
    assert page.errors == []
    assert page.outside_requests == []


def assert_controls_reachable(page) -> None:
    """Every visible control lies inside the screen's width; on a phone the tap targets are at
    least MIN_TAP px tall and wide enough to hit."""
    boxes = page.evaluate(
        """([controls, targets]) => [...document.querySelectorAll(controls)].filter(
             e => e.checkVisibility({visibilityProperty: true})
           ).map(e => { const r = e.getBoundingClientRect();
             return {what: e.outerHTML.slice(0, 80), left: r.left, right: r.right,
                     width: r.width, height: r.height, target: e.matches(targets)}; })""",
        [CONTROLS, TAP_TARGETS],
    )
    assert boxes, "no controls found"
    width = page.evaluate("window.innerWidth")
    outside = [b["what"] for b in boxes if b["left"] < -1 or b["right"] > width + 1]
    assert outside == [], f"controls outside the screen: {outside[:5]}"
    if phone(page):
        small = [b["what"] for b in boxes if b["target"] and min(b["height"], b["width"]) < MIN_TAP]
        assert small == [], f"tap targets under {MIN_TAP} px: {small[:5]}"


def assert_map_visible(page) -> dict:
    box = page.locator(".folium-map").bounding_box()
    assert box and box["width"] >= 300 and box["height"] >= 300, f"map box {box}"
    return box


def covered_markers(page, selector: str) -> list[str]:
    """Markers inside the map whose centre a tap would not reach (a control lies over it)."""
    return page.evaluate(
        """(selector) => { const map = document.querySelector('.folium-map').getBoundingClientRect();
          return [...document.querySelectorAll(selector)].filter(e => {
            const r = e.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
            if (x < map.left || x > map.right || y < map.top || y > map.bottom) return false;
            if (x < 0 || x > innerWidth || y < 0 || y > innerHeight) return false;
            const hit = document.elementFromPoint(x, y);
            return !hit || hit.closest('.leaflet-control-container, .jl-map-tour');
          }).map(e => e.getAttribute('class')); }""",
        selector,
    )


def tap(page, locator) -> None:
    box = locator.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    if phone(page):
        page.touchscreen.tap(x, y)
    else:
        page.mouse.click(x, y)


@pytest.fixture
def plan_id(live_server):
    """A planner account (password test-password) and a plan with one site per township."""
    with live_server.app.app_context():
        from store.layers import features
        from store.plans import create_plan, save_plan
        from store.users import create_user

        create_user("planner", "test-password", "planner")
        plan = create_plan("国家生态县考核验收 2014", "planner")
        first: dict[str, str] = {}
        for f in features("stops"):
            first.setdefault(f["properties"]["township_code"], f["properties"]["id"])
        save_plan(plan.id, plan.version, {"sites": list(first.values())}, "planner")
    return plan.id


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_county_map(live_server, screen, lang):
    page = screen
    page.goto(f"{live_server.url}/?lang={lang}", wait_until="networkidle")
    page.wait_for_selector("path.jl-stop")
    assert_fits(page)
    assert_map_visible(page)
    layers = page.locator(".leaflet-control-layers")
    legend = page.locator("details.jl-legend")
    assert legend.locator("summary").inner_text() == ("Legend" if lang == "en" else "图例")
    # folded on a phone so the map stays free; open on a wide screen
    assert layers.evaluate("e => e.classList.contains('leaflet-control-layers-expanded')") is (
        not phone(page)
    )
    assert legend.evaluate("e => e.open") is (not phone(page))
    assert covered_markers(page, "path.jl-stop") == []
    assert_controls_reachable(page)
    # a tap on a stop opens its popup
    tap(page, page.locator("path.jl-theme-natural_landscape").first)
    page.locator(".leaflet-popup-content .jl-popup").wait_for()
    page.keyboard.press("Escape")
    # the folded controls open when tapped
    if phone(page):
        tap(page, page.locator(".leaflet-control-layers-toggle"))
        page.wait_for_selector(".leaflet-control-layers-expanded")
        tap(page, legend.locator("summary"))
        assert legend.evaluate("e => e.open") is True
        assert_fits(page)
    # the scale bar is metric only
    assert page.locator(".leaflet-control-scale-line").count() == 1
    assert "km" in page.locator(".leaflet-control-scale-line").inner_text()


def test_phone_menu(live_server, screen):
    page = screen
    page.goto(live_server.url + "/plans", wait_until="networkidle")
    nav = page.locator(".jl-nav a").first
    toggle = page.locator(".jl-menu-toggle")
    if not phone(page):
        assert not toggle.is_visible() and nav.is_visible()
        assert page.locator(".jl-nav").inner_text().split() == ["地图", "考察方案", "设施状态"]
        return
    assert not nav.is_visible()
    toggle.tap()
    assert toggle.get_attribute("aria-expanded") == "true"
    links = page.locator(".jl-nav a")
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300
    assert links.all_inner_texts() == ["地图", "考察方案", "设施状态"]  # whole, never clipped
    assert_controls_reachable(page)
    page.keyboard.press("Escape")
    assert not nav.is_visible()
    toggle.tap()
    page.locator(".jl-nav a", has_text="设施状态").tap()
    page.wait_for_url(live_server.url + "/facilities")


def test_plan_being_edited(live_server, screen, plan_id):
    page = screen
    base = live_server.url
    log_in(page, base, "planner")
    page.goto(f"{base}/plans/{plan_id}", wait_until="networkidle")
    page.wait_for_selector(".jl-num")
    # the first Tab reaches the skip link, which leads to the panel leads to the panel
    page.keyboard.press("Tab")
    skip = page.locator(".jl-skip")
    assert skip.evaluate("e => e === document.activeElement")
    assert skip.inner_text() == "跳到方案面板"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "plan-panel"
    page.evaluate("window.scrollTo(0, 0)")
    assert_fits(page)
    box = assert_map_visible(page)
    panel = page.locator("#plan-panel").bounding_box()
    if phone(page):  # the map above, the panel below it, both as wide as the screen
        assert box["width"] == 390 and panel["width"] == 390
        assert panel["y"] >= box["y"] + box["height"] - 1
    else:  # side by side
        assert panel["x"] >= box["x"] + box["width"] - 1 and box["width"] >= 900
    assert covered_markers(page, "path.jl-pick") == []
    assert_controls_reachable(page)
    # picking a site on the map by tapping it
    picked = page.evaluate("window.jianglePlan.sites.length")
    stop_id = page.evaluate(
        """() => [...document.querySelectorAll('path.jl-pick:not(.jl-picked)')].find(e => {
             const r = e.getBoundingClientRect();
             return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === e;
           }).dataset.stopId"""
    )
    target = page.locator(f'path.jl-pick[data-stop-id="{stop_id}"]')
    tap(page, target)
    page.wait_for_function(f"() => window.jianglePlan.sites.length === {picked + 1}")
    assert (
        page.locator(f'.jl-cand[data-stop-id="{stop_id}"]')
        .get_attribute("class")
        .count("jl-picked")
    )
    page.wait_for_function(f"() => document.querySelectorAll('.jl-num').length === {picked + 1}")
    assert_fits(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_print_page(live_server, screen, plan_id, lang):
    """The HTML print page read on a phone: the day tables scroll in their own box, the page does
    not scroll sideways, and the toolbar's downloads stay on screen."""
    page = screen
    log_in(page, live_server.url, "planner")
    page.goto(f"{live_server.url}/plans/{plan_id}/print?lang={lang}", wait_until="networkidle")
    assert page.locator(".jl-itinerary").count() >= 1
    assert_fits(page)
    assert_controls_reachable(page)


def test_number_badges_do_not_hide_each_other(live_server, screen, plan_id):
    page = screen
    log_in(page, live_server.url, "planner")
    page.goto(f"{live_server.url}/plans/{plan_id}", wait_until="networkidle")
    page.wait_for_selector(".jl-num")
    overlaps = page.evaluate(
        """() => { const r = [...document.querySelectorAll('.jl-num')].map(e => e.getBoundingClientRect());
          let n = 0;
          r.forEach((a, i) => r.slice(i + 1).forEach(b => {
            const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (w > 4 && h > 4) n += 1; }));
          return [n, r.length]; }"""
    )
    assert overlaps[1] == 13 and overlaps[0] == 0, f"{overlaps[0]} badge pairs overlap"
    # the legend lists the tour's days once the tour is known
    assert page.locator(".jl-legend-tour .jl-legend-day").count() >= 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_facilities_dashboard(live_server, screen, lang):
    page = screen
    page.goto(f"{live_server.url}/facilities?lang={lang}", wait_until="networkidle")
    assert_fits(page)
    assert_map_visible(page)
    assert page.locator(".jl-fac-map details.jl-legend").count() == 1
    assert_controls_reachable(page)
    name = page.locator(".jl-fac-table tbody tr td.jl-card-title").first
    header = page.locator(".jl-fac-table thead")
    if phone(page):  # one card per plant, names on one line, each value with its label
        assert not header.is_visible()
        assert name.bounding_box()["width"] >= 300
        label = page.locator(".jl-fac-table tbody tr").first.locator("td[data-label]").first
        content = label.evaluate("e => getComputedStyle(e, '::before').content")
        assert content.strip('"') == ("Township" if lang == "en" else "乡镇")
    else:
        assert header.is_visible()
    assert name.bounding_box()["height"] < 60  # not one character a line


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_error_page(live_server, screen, lang):
    page = screen
    response = page.goto(f"{live_server.url}/no/such/page?lang={lang}", wait_until="networkidle")
    assert response.status == 404
    assert_fits(page)
    text = page.locator("main").inner_text()
    assert ("Page not found" if lang == "en" else "页面不存在") in text
    assert "Not Found" not in text and "requested URL" not in text
    assert_controls_reachable(page)
    page.locator(".jl-error-actions a.jl-button").first.click()
    page.wait_for_url(live_server.url + "/")


def test_admin_layers_page(live_server, screen):
    page = screen
    create_account(live_server.app, "admin", "admin")
    log_in(page, live_server.url, "admin", then="/admin/layers")
    page.wait_for_selector("tr[data-layer]")
    assert_fits(page)
    assert_controls_reachable(page)
    upload = page.locator('tr[data-layer="places"] button[type=submit]')
    box = upload.bounding_box()
    assert box["x"] + box["width"] <= 390 if phone(page) else box["x"] > 0
