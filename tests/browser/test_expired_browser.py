"""An expired session in a real browser: the facility form is submitted after the session
cookie is gone; the page says to log in again, the login link comes back to the form, and what
was typed is in the form again (passwords never kept)."""

from __future__ import annotations

from tests.browser.helpers import create_account, log_in

PLANT = "/facilities/wwtp-wanquan"


def test_an_expired_session_keeps_what_was_typed(live_server, page):
    create_account(live_server.app, "chief", "admin")
    log_in(page, live_server.url, "chief", then=PLANT)
    page.select_option("select[name=status]", "commissioning")
    page.fill("input[name=load_rate]", "18.5")
    page.fill("textarea[name=note]", "主体完工，调试运行")
    page.context.clear_cookies()  # the session expired while the form was open
    page.click("form.jl-form button[type=submit]")
    page.wait_for_selector("#jl-expired")
    assert "登录已过期，请重新登录后再提交" in page.inner_text("#jl-expired")

    page.click("#jl-expired-login")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "test-password")
    page.click("form button[type=submit]")
    page.wait_for_url(live_server.url + PLANT)
    page.wait_for_selector(".jl-kept-note")
    assert page.input_value("select[name=status]") == "commissioning"
    assert page.input_value("input[name=load_rate]") == "18.5"
    assert page.input_value("textarea[name=note]") == "主体完工，调试运行"
    assert "已恢复您上次填写的内容" in page.inner_text(".jl-kept-note")
    kept = page.evaluate("JSON.stringify(Object.entries(sessionStorage))")
    assert "test-password" not in kept

    page.click("form.jl-form button[type=submit]")  # and now it saves
    page.wait_for_selector(".jl-flash.ok")
    assert "主体完工，调试运行" in page.inner_text(".jl-history")
    assert page.errors == [] and page.outside_requests == []
