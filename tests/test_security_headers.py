"""Security headers on every answer (issue 12, "No security headers") and the refusal of
cross-origin writes ("an Origin check on state-changing requests")."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

PAGES = ["/", "/plans", "/facilities", "/login", "/api/layers/county", "/static/css/app.css"]


def _nonce(response) -> str:
    return re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)


@pytest.mark.parametrize("path", [*PAGES, "/no/such/page"])
def test_no_security_headers_every_answer_has_them(client, path):
    response = client.get(path)
    response.close()  # a static file is streamed
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert re.search(r"script-src 'self' 'nonce-[\w-]{20,}'(;|$)", policy)
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_only_with_secure_cookies(app, client):
    app.config["SESSION_COOKIE_SECURE"] = True
    hsts = client.get("/login").headers["Strict-Transport-Security"]
    assert hsts == "max-age=31536000"


def test_each_response_has_its_own_nonce(client):
    assert _nonce(client.get("/login")) != _nonce(client.get("/login"))


@pytest.mark.parametrize("path", ["/", "/facilities"])
def test_every_inline_script_of_a_map_page_carries_the_nonce(client, path):
    response = client.get(path)
    nonce = _nonce(response)
    tree = lxml_html.fromstring(response.get_data(as_text=True))
    inline = [
        s for s in tree.iter("script") if not s.get("src") and s.get("type") != "application/json"
    ]
    assert len(inline) >= 2  # folium's head script and the map script at least
    assert [s.get("nonce") for s in inline] == [nonce] * len(inline)
    assert not tree.xpath("//@*[starts-with(name(), 'on')]"), "no inline event handlers"


def test_the_basemap_server_is_allowed_for_images(app, client):
    app.config["BASEMAP"] = "osm"
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "img-src 'self' data: blob: https://tile.openstreetmap.org" in policy


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/phish.html"},
        {"Origin": "http://localhost.evil.example"},
    ],
)
def test_cross_origin_write_is_refused_with_403_and_changes_nothing(client, auth, headers):
    auth.login()
    before = client.get("/api/plans").get_json()
    response = client.post(
        "/api/plans", json={"name": "跨站"}, headers={**auth.headers(), **headers}
    )
    assert response.status_code == 403
    assert "cross-origin request refused" in response.get_json()["error"]
    assert "拒绝跨站请求" in response.get_json()["error"]
    assert client.get("/api/plans").get_json() == before


def test_cross_origin_form_post_gets_a_page_saying_why(client):
    response = client.post(
        "/login",
        data={"username": "x", "password": "y"},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert "拒绝跨站请求" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "headers", [{"Origin": "http://localhost"}, {"Referer": "http://localhost/plans"}, {}]
)
def test_same_origin_or_unnamed_write_goes_through(client, auth, headers):
    auth.login()
    response = client.post(
        "/api/plans", json={"name": "本站"}, headers={**auth.headers(), **headers}
    )
    assert response.status_code == 201


def test_cross_origin_read_is_not_refused(client):
    assert (
        client.get("/api/layers/county", headers={"Origin": "https://evil.example"}).status_code
        == 200
    )
