"""Regression tests for the hardening findings of issue 12, each named after its finding."""

from __future__ import annotations

import pytest

from store.users import create_user


def _login_with_next(app, auth, client, target: str):
    with app.app_context():
        create_user("zhao", "s3cret-pass", "viewer")
    return client.post(
        "/login",
        query_string={"next": target},
        data={"username": "zhao", "password": "s3cret-pass", "csrf_token": auth.csrf_token()},
    )


@pytest.mark.parametrize(
    "target",
    ["/\t/evil.example/phish", "/\n/evil.example", "/\\evil.example", "https://evil.example/"],
)
def test_login_next_rejects_tab_slash_open_redirect(app, auth, client, target):
    response = _login_with_next(app, auth, client, target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_next_with_crlf_does_not_500(app, auth, client):
    response = _login_with_next(app, auth, client, "/plans\r\nSet-Cookie: x=1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "x=1" not in response.headers.get("Set-Cookie", "")


def test_login_next_keeps_a_local_path(app, auth, client):
    response = _login_with_next(app, auth, client, "/plans/3?tab=map")
    assert response.headers["Location"] == "/plans/3?tab=map"
