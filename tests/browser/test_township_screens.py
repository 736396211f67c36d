"""The township page at phone and desktop size, Chinese and English: no sideways scrolling, the
map shown, every control inside the screen and big enough to tap, no serious axe violations,
with a stop's form open."""

from __future__ import annotations

import pytest

from tests.browser.helpers import log_in
from tests.browser.test_accessibility import serious_violations
from tests.browser.test_screens import (  # noqa: F401 (screen is a fixture)
    assert_controls_reachable,
    assert_fits,
    assert_map_visible,
    screen,
)


@pytest.fixture
def township_user(live_server):
    with live_server.app.app_context():
        from store.users import create_user

        create_user("wanan", "test-password", "township", township="350428101")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_township_page_fits_and_is_accessible(live_server, screen, township_user, lang):  # noqa: F811
    page = screen
    log_in(page, live_server.url, "wanan", then="/township")
    page.goto(f"{live_server.url}/township?lang={lang}", wait_until="networkidle")
    page.wait_for_selector("path.jl-town-stop")
    assert_map_visible(page)
    page.locator(".jl-stop-list button").first.click()
    page.locator("#stop-form").wait_for(state="visible")
    assert_fits(page)
    assert_controls_reachable(page)
    assert serious_violations(page) == []
