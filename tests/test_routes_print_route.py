"""A named route printed and exported (``?route=<key>``): the route's name on the title, its
days and stops only, one day of it with ``?day=N``; a bad key is a 400, a route the plan does not
have a 404, on the print pack, the print page, the exports and the clean-up page."""

from __future__ import annotations

import io

import pytest
from defusedxml import ElementTree as SafeET
from pypdf import PdfReader

from store.layers import features
from tests.test_routes_printing import _plan

G = "{http://www.topografix.com/GPX/1/1}"
ROUTES = [
    {"key": "a", "name": "路线A 两天", "max_days": 2},
    {"key": "b", "name": "路线B 一天", "max_days": 1},
]


def _canonical(route: dict) -> dict:
    return {"settings": {}, "include": [], "exclude": [], **route}


@pytest.fixture
def two_routes(app) -> int:
    with app.app_context():
        ids = sorted(f["properties"]["id"] for f in features("stops"))
    return _plan(app, ids[::2], name="两条路线", routes=[_canonical(r) for r in ROUTES])


def _said(response) -> str:
    return response.get_json()["error"] if response.is_json else response.get_data(as_text=True)


def test_the_print_page_of_a_route_has_its_name_and_days(client, two_routes):
    one = client.get(f"/plans/{two_routes}/print?route=b").get_data(as_text=True)
    assert "两条路线 · 路线B 一天" in one
    assert "路线A（第1天）" in one and "路线B（第2天）" not in one
    assert "route=b" in one  # the page's own links keep the route
    two = client.get(f"/plans/{two_routes}/print?route=a").get_data(as_text=True)
    assert "两条路线 · 路线A 两天" in two and "路线B（第2天）" in two
    full = client.get(f"/plans/{two_routes}/print").get_data(as_text=True)
    assert "路线B 一天" not in full and "route=" not in full


def test_the_pdf_of_a_route(client, two_routes):
    got = client.get(f"/plans/{two_routes}/print.pdf?route=b")
    assert got.status_code == 200 and "route-b" in got.headers["Content-Disposition"]
    pages = "".join(p.extract_text() for p in PdfReader(io.BytesIO(got.data)).pages)
    assert "路线B 一天" in pages and "第2天" not in pages


def test_exports_of_a_route_and_of_one_of_its_days(client, two_routes):
    gpx = client.get(f"/api/plans/{two_routes}/export.gpx?route=b")
    assert gpx.status_code == 200 and "route-b" in gpx.headers["Content-Disposition"]
    tree = SafeET.fromstring(gpx.data)
    assert tree.find(f"{G}metadata/{G}name").text == "两条路线 · 路线B 一天"
    assert len(tree.findall(G + "trk")) == 1
    two = SafeET.fromstring(client.get(f"/api/plans/{two_routes}/export.gpx?route=a").data)
    assert len(two.findall(G + "trk")) == 2
    day = client.get(f"/api/plans/{two_routes}/export.kml?route=a&day=2")
    assert day.status_code == 200 and "route-a-day2" in day.headers["Content-Disposition"]
    assert client.get(f"/api/plans/{two_routes}/export.csv?route=b").status_code == 200
    no_day = client.get(f"/api/plans/{two_routes}/export.gpx?route=b&day=2")
    assert no_day.status_code == 404 and "共1天" in _said(no_day)


PATHS = ("/plans/{}/print.pdf", "/plans/{}/print", "/api/plans/{}/export.gpx", "/plans/{}/cleanup")


@pytest.mark.parametrize("path", PATHS)
def test_a_bad_or_missing_route_is_said_plainly(client, two_routes, path):
    bad = client.get(path.format(two_routes) + "?route=B%20C")
    assert bad.status_code == 400 and "不是路线标识" in _said(bad)
    missing = client.get(path.format(two_routes) + "?route=zz")
    assert missing.status_code == 404
    assert "没有标识为“zz”的路线" in _said(missing) and "路线A 两天" in _said(missing)


def test_the_cleanup_page_of_a_route(client, two_routes):
    page = client.get(f"/plans/{two_routes}/cleanup?route=b")
    assert page.status_code == 200 and "两条路线 · 路线B 一天" in page.get_data(as_text=True)
    full = client.get(f"/api/plans/{two_routes}/cleanup").get_json()
    one = client.get(f"/api/plans/{two_routes}/cleanup?route=b").get_json()
    assert one["plan"]["name"] == "两条路线 · 路线B 一天"
    assert len(one["townships"]) <= len(full["townships"])
