"""The Content-Security-Policy in headless Chromium: every page runs under it (maps drawn, charts
drawn, plan picked and saved) with no violation reported, and a script without the nonce is
blocked."""

from __future__ import annotations

import pytest

from tests.browser.helpers import create_account, log_in

WATCH_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, recording CSP violations (the DOM event and Chromium's console message)."""
    page.add_init_script(WATCH_VIOLATIONS)
    page.console_csp = []
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and page.console_csp.append(m.text),
    )
    return page


def _violations(page) -> list[str]:
    return page.evaluate("window.cspViolations") + page.console_csp


def _visit(page, url: str, ready: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    page.wait_for_selector(ready)
    assert _violations(page) == [], url
    assert page.errors == [], url


def test_map_plan_facility_and_admin_pages_run_under_the_csp(live_server, watched):
    page, base = watched, live_server.url
    with live_server.app.app_context():
        from store.plans import create_plan

        plan_id = create_plan("CSP 方案", "boss").id
    create_account(live_server.app, "boss", "admin")
    log_in(page, base, "boss")
    _visit(page, f"{base}/", ".jl-plant")
    assert page.evaluate("typeof window.jiangleMap.getCenter") == "function"
    _visit(page, f"{base}/plans/{plan_id}", ".jl-cand")
    page.locator(".jl-cand .jl-cand-name").first.click()
    page.click("#save-plan")
    page.wait_for_function("() => document.getElementById('plan-version').textContent === '2'")
    _visit(page, f"{base}/facilities", "canvas")
    _visit(page, f"{base}/plans/{plan_id}/cleanup", ".leaflet-container")
    _visit(page, f"{base}/admin/users", "form")
    _visit(page, f"{base}/admin/layers", "form")
    _visit(page, f"{base}/plans", "a")
    assert _violations(page) == [] and page.outside_requests == []


def test_an_injected_inline_script_is_blocked(live_server, watched):
    page = watched
    page.goto(live_server.url + "/", wait_until="networkidle")
    page.evaluate(
        """() => {
            const s = document.createElement("script");
            s.textContent = "window.injected = true";
            document.body.append(s);
        }"""
    )
    page.wait_for_function("() => window.cspViolations.length > 0")
    assert page.evaluate("window.injected === undefined")
    assert any("script-src" in v for v in _violations(page))
