"""An expired session (or CSRF token) on a form or a fetch: "log in again, then submit" in the
user's language with a login link back to the form's page, never a bare "400 CSRF check failed",
and nothing changed."""

from __future__ import annotations

import re

import pytest

from tests.conftest import AuthActions

PLANT = "/facilities/wwtp-dayuan"
IN_BOTH_LANGUAGES = pytest.mark.parametrize(
    ("headers", "words"),
    [
        ({}, "登录已过期，请重新登录后再提交"),
        ({"Accept-Language": "en"}, "Your session has expired: log in again, then submit"),
    ],
)
TYPED = {"version": "1", "status": "operating", "load_rate": "42", "note": "管网接入", "date": ""}


def _expired(client, app) -> str:
    """A planner's CSRF token whose session is then gone (the cookie expired or was dropped)."""
    auth = AuthActions(app, client)
    auth.login("boss", role="admin")
    token = auth.csrf_token(PLANT)
    client.delete_cookie("session")
    return token


def _history(client) -> list:
    return client.get("/api/facilities/wwtp-dayuan").get_json()["history"]


@IN_BOTH_LANGUAGES
def test_a_form_after_the_session_expired_says_log_in_again(app, client, headers, words):
    token = _expired(client, app)
    before = _history(client)
    response = client.post(
        PLANT,
        data={**TYPED, "csrf_token": token},
        headers={**headers, "Referer": f"http://localhost{PLANT}?tab=edit"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert words in html and "CSRF" not in html
    # the login link comes back to the form's page, where page.js puts the typed values back
    assert f'href="/login?next={PLANT}?tab%3Dedit"' in html
    assert f'data-form-page="{PLANT}?tab=edit"' in html
    assert "js/kept_form.js" in html
    assert _history(client) == before  # nothing changed


def test_the_login_link_leads_back_to_the_form(app, client):
    token = _expired(client, app)
    html = client.post(
        PLANT, data={**TYPED, "csrf_token": token}, headers={"Referer": f"http://localhost{PLANT}"}
    ).get_data(as_text=True)
    login = re.search(r'href="(/login\?next=[^"]+)" id="jl-expired-login"', html).group(1)
    fresh = AuthActions(app, client).csrf_token(login)
    back = client.post(
        login, data={"username": "boss", "password": "test-password", "csrf_token": fresh}
    )
    assert back.status_code == 302 and back.location == PLANT
    page = client.get(PLANT).get_data(as_text=True)
    assert 'data-kept-notice="已恢复您上次填写的内容，请检查后再提交。"' in page


def test_a_token_from_another_site_page_falls_back_to_the_map(app, client):
    token = _expired(client, app)
    response = client.post(PLANT, data={**TYPED, "csrf_token": token})  # no Referer
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'href="/login?next=/"' in html


@IN_BOTH_LANGUAGES
def test_a_fetch_after_the_session_expired_gets_the_same_words_as_json(app, client, headers, words):
    token = _expired(client, app)
    before = _history(client)
    response = client.patch(
        "/api/facilities/wwtp-dayuan",
        json={"version": 1, "note": "x"},
        headers={**headers, "X-CSRFToken": token, "Referer": f"http://localhost{PLANT}"},
    )
    assert response.status_code == 400
    body = response.get_json()
    assert body == {"error": words, "code": "err_session_expired", "login": f"/login?next={PLANT}"}
    assert _history(client) == before
