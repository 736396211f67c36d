"""A planner keeps an indicator's archive on its page: saves a new value, uploads evidence and
deletes it, and a stale copy's refusal shows in the page's message box as text."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.helpers import create_account, log_in

pytestmark = pytest.mark.browser


def _png(path) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_a_planner_saves_a_value_and_manages_evidence(live_server, page, tmp_path):
    create_account(live_server.app, "wang", "planner")
    log_in(page, live_server.url, "wang", then="/indicators/forest_cover")

    page.fill('#archive-form input[name="value"]', "66.5")
    page.fill('#archive-form input[name="as_of"]', "2014-07-01")
    page.click("#archive-form button[type=submit]")
    expect(page.locator(".jl-archive-history tbody")).to_contain_text("66.5")

    page.set_input_files('#evidence-form input[type="file"]', _png(tmp_path / "林地照片.png"))
    page.click("#evidence-form button[type=submit]")
    page.wait_for_selector(".jl-archive-files li[data-evidence]")
    assert "林地照片.png" in page.inner_text(".jl-archive-files")

    page.click(".jl-evidence-delete")
    expect(page.locator(".jl-archive-files li[data-evidence]")).to_have_count(0)


def test_a_stale_copy_is_refused_in_the_message_box(live_server, page):
    create_account(live_server.app, "wang", "planner")
    log_in(page, live_server.url, "wang", then="/indicators/forest_cover")
    page.eval_on_selector("#archive", "box => { box.dataset.version = '99'; }")
    page.fill('#archive-form input[name="leader"]', "<b>张三</b>")
    page.click("#archive-form button[type=submit]")
    page.wait_for_selector("#archive-message.error")
    assert page.inner_text("#archive-message").strip()
    assert page.locator("#archive-message b").count() == 0
    page.reload()
    assert page.input_value('#archive-form input[name="leader"]') != "<b>张三</b>"
