"""One day of a plan's tour printed or exported alone (``?day=N``): the day's stops and route
only; a bad day is a clear 400, a day the tour does not have a 404, never a 500."""

from __future__ import annotations

import csv
import io

import pytest
from defusedxml import ElementTree as SafeET

from tests.conftest import TWO_DAY_STOPS
from tests.test_routes_printing import _plan

G = "{http://www.topografix.com/GPX/1/1}"


def _said(response) -> str:
    """The error message, from the JSON answer or the error page."""
    if response.is_json:
        return response.get_json()["error"]
    return response.get_data(as_text=True)


@pytest.fixture
def two_day(app) -> int:
    return _plan(app, TWO_DAY_STOPS, day_end="15:00")


def test_one_day_export_has_that_days_route_and_stops_only(client, two_day):
    whole = SafeET.fromstring(client.get(f"/api/plans/{two_day}/export.gpx").data)
    got = client.get(f"/api/plans/{two_day}/export.gpx?day=2")
    assert got.status_code == 200 and "day2" in got.headers["Content-Disposition"]
    day = SafeET.fromstring(got.data)
    tracks = [t.findtext(G + "name") for t in day.findall(G + "trk")]
    assert len(tracks) == 1 and tracks[0].startswith("路线B（第2天）")
    assert 0 < len(day.findall(G + "wpt")) < len(whole.findall(G + "wpt"))
    rows = list(csv.reader(io.StringIO(client.get(f"/api/plans/{two_day}/export.csv?day=1")
                                       .data.decode("utf-8-sig"))))  # fmt: skip
    assert {r[0] for r in rows[1:]} == {"1"}
    assert client.get(f"/api/plans/{two_day}/export.kml?day=1").status_code == 200


def test_one_day_print_pack_and_page(client, two_day):
    pdf = client.get(f"/plans/{two_day}/print.pdf?day=2")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    page = client.get(f"/plans/{two_day}/print?day=1").get_data(as_text=True)
    assert "路线A（第1天）" in page and "路线B（第2天）" not in page


@pytest.mark.parametrize("day", ["0", "x", "-1", "15", "99999999999", "1.5", "２"])
def test_a_bad_day_is_a_400_naming_the_parameter(client, two_day, day):
    for path in (f"/api/plans/{two_day}/export.gpx", f"/plans/{two_day}/print.pdf"):
        got = client.get(f"{path}?day={day}")
        assert got.status_code == 400, (path, day, got.status_code)
        assert f"天数须为 1 到 14 的整数，收到“{day}”" in _said(got)


def test_a_day_the_tour_does_not_have_is_a_404(client, two_day):
    for path in (
        f"/api/plans/{two_day}/export.csv?day=3",
        f"/plans/{two_day}/print.pdf?day=3",
        f"/plans/{two_day}/print?day=3",
    ):
        got = client.get(path)
        assert got.status_code == 404
        assert "第3天不在此路线中（共2天）" in _said(got)
