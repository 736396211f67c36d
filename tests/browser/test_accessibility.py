"""axe-core (vendored from npm under tests/vendor/axe-core, MPL-2.0) on the map and plan pages,
Chinese and English, phone and desktop: no serious or critical violations. The script is run
through the DevTools protocol (page.evaluate), so a Content-Security-Policy does not block it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import guarded_page
from tests.browser.helpers import log_in
from tests.browser.test_screens import SCREENS, plan_id  # noqa: F401 (fixture)

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"


@pytest.fixture(params=["phone", "desktop"])
def sized(request, browser):
    context = browser.new_context(locale="zh-CN", **SCREENS[request.param])
    yield guarded_page(context)
    context.close()


def serious_violations(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 12).map(n => n.html)})))"
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_county_map_has_no_serious_violations(live_server, sized, lang):
    sized.goto(f"{live_server.url}/?lang={lang}", wait_until="networkidle")
    sized.wait_for_selector("path.jl-stop")
    assert serious_violations(sized) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plan_page_has_no_serious_violations(live_server, sized, plan_id, lang):  # noqa: F811
    log_in(sized, live_server.url, "planner")
    sized.goto(f"{live_server.url}/plans/{plan_id}?lang={lang}", wait_until="networkidle")
    sized.wait_for_selector(".jl-num")
    assert serious_violations(sized) == []
