"""Large JSON goes out compressed; HTML pages never do (BREACH)."""

from __future__ import annotations

import gzip
import json

import brotli
import pytest
from backports import zstd

DECODE = {"gzip": gzip.decompress, "br": brotli.decompress, "zstd": zstd.decompress}
BROWSER = "gzip, deflate, br, zstd"  # what Chromium asks for


def _decoded(response) -> bytes:
    return DECODE[response.headers["Content-Encoding"]](response.get_data())


@pytest.mark.parametrize("encoding", ["gzip", "br", "zstd"])
@pytest.mark.parametrize(
    "path", ["/api/layers/roads", "/api/layers/roads/view?bbox=117.0,26.4,117.9,27.2&zoom=10"]
)
def test_json_apis_are_compressed_in_what_the_client_accepts(client, path, encoding):
    plain = client.get(path).get_data()
    packed = client.get(path, headers={"Accept-Encoding": encoding})
    assert packed.status_code == 200 and packed.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert len(packed.get_data()) * 4 < len(plain) and _decoded(packed) == plain


@pytest.mark.parametrize("path", ["/", "/login", "/plans", "/facilities"])
def test_html_pages_are_never_compressed(client, path):
    """They carry the CSRF token beside text a visitor can put in them: compressed, its size
    would give the token away (BREACH)."""
    response = client.get(path, headers={"Accept-Encoding": BROWSER})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "Content-Encoding" not in response.headers


@pytest.mark.parametrize("encoding", ["", "gzip", "zstd"])
def test_a_compressed_layer_revalidates_to_304_until_it_changes(client, app, encoding):
    """Its tag carries the encoding (``stamp:zstd``); a browser sending it back still holds
    the layer's current content."""
    headers = {"Accept-Encoding": encoding}
    first = client.get("/api/layers/places", headers=headers)
    tag = first.headers["ETag"]
    again = client.get("/api/layers/places", headers={**headers, "If-None-Match": tag})
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == tag
    with app.app_context():
        from store import db
        from store.layers import features, replace_layer

        changed = features("places")
        changed[0]["properties"]["name_zh"] = "将乐县人民政府（新址）"
        replace_layer("places", changed, "test")
        db.session.commit()
    after = client.get("/api/layers/places", headers={**headers, "If-None-Match": tag})
    assert after.status_code == 200 and after.headers["ETag"] != tag
    body = _decoded(after) if encoding else after.get_data()
    assert "将乐县人民政府（新址）" in body.decode()


def test_usernames_are_hidden_before_the_answer_is_compressed(client, auth):
    """Compression runs after every other hook: what it packs is the answer as finally sent."""
    auth.login("zhaoyun", "planner")
    for number in range(12):  # over the 1 KiB below which nothing is compressed
        made = client.post("/api/plans", json={"name": f"方案{number}"}, headers=auth.headers())
        assert made.status_code == 201, made.get_json()
    client.post("/logout", data={"csrf_token": auth.csrf_token("/")})
    response = client.get("/api/plans", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    body = _decoded(response).decode()
    assert "方案11" in {plan["name"] for plan in json.loads(body)} and "zhaoyun" not in body
