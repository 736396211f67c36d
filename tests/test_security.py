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


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_deep_json_is_a_400_on_anonymous_tour(client):
    response = client.post("/api/tour", data=_deep(50_000), content_type="application/json")
    assert response.status_code == 400
    assert "嵌套" in response.get_json()["error"]


def test_deep_json_is_a_400_on_plans(client, auth):
    auth.login()
    response = client.post(
        "/api/plans",
        data='{"name": ' + _deep(50_000) + "}",
        content_type="application/json",
        headers=auth.headers(),
    )
    assert response.status_code == 400
    assert "nested deeper" in response.get_json()["error"]


def test_malformed_json_is_a_400_not_an_empty_body(client, auth):
    auth.login()
    response = client.post(
        "/api/plans", data='{"name": "x",', content_type="application/json", headers=auth.headers()
    )
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error.startswith("请求体不是有效的 JSON") and "not valid JSON" in error
    assert "must not be empty" not in error


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"name": "\\ud800"}', "surrogate"),
        ('{"name": "x", "n": 1e999}', "out of range"),
        ('{"name": "x", "n": NaN}', "not a JSON number"),
        ('{"name": "x", "n": ' + "9" * 5000 + "}", "out of range"),
        (b'{"name": "\xff"}', "not UTF-8"),
    ],
)
def test_json_values_no_store_can_hold_are_a_400(client, auth, body, message):
    auth.login()
    response = client.post(
        "/api/plans", data=body, content_type="application/json", headers=auth.headers()
    )
    assert response.status_code == 400
    assert message in response.get_json()["error"]


def test_json_brackets_inside_strings_do_not_count_as_depth():
    from routes.json_body import depth, parse_json

    text = '{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\"]]]", "b": [[1]]}'
    assert depth(text) == 3
    assert parse_json(text)["b"] == [[1]]


def test_bulk_apply_version_1e999_is_a_400(client, auth):
    auth.login("boss", "admin")
    response = client.post(
        "/facilities/import/apply",
        data={
            "csrf_token": auth.csrf_token("/"),
            "file_name": "f.csv",
            "content": "",
            "versions": '{"wwtp-guangming": 1e999}',
        },
    )
    assert response.status_code == 400
    assert "the preview form was damaged" in response.get_data(as_text=True)


@pytest.mark.parametrize("version", ["١", "²", "1" * 40])
def test_facility_version_in_other_digits_is_refused(client, auth, version):
    auth.login("boss", "admin")
    plant = client.get("/api/facilities/wwtp-guangming").get_json()
    response = client.post(
        "/facilities/wwtp-guangming",
        data={"csrf_token": auth.csrf_token("/"), "version": version, "note": "x"},
    )
    assert response.status_code == 422
    assert "version" in response.get_data(as_text=True)
    assert client.get("/api/facilities/wwtp-guangming").get_json() == plant


@pytest.mark.parametrize("query", ["a=١&b=1", "a=1&b=" + "9" * 30])
def test_plan_compare_ids_in_other_digits_or_too_long_are_a_400(client, query):
    assert client.get(f"/api/plans/compare?{query}").status_code == 400
