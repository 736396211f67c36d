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


def _int_rules(app):
    from werkzeug.routing import IntegerConverter

    for rule in app.url_map.iter_rules():
        ints = [k for k, c in rule._converters.items() if isinstance(c, IntegerConverter)]
        if ints:
            yield rule, ints


@pytest.mark.parametrize("big", [2**63 - 1, 2**63, 2**64 + 5])
def test_int_routes_refuse_ids_over_2_63_with_404(app, auth, client, big):
    auth.login("boss", "admin")
    rules = list(_int_rules(app))
    assert len(rules) >= 10, "every <int:...> route is checked"
    for rule, ints in rules:
        values = {k: big for k in ints}
        values.update({k: "csv" for k in rule.arguments if k not in ints})
        path = rule.build(values, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method, headers=auth.headers())
            status = response.status_code
            assert status == 404 if big >= 2**63 else status < 500, (method, path, status)
