"""Print pack and exports through the Flask test client (routes/printing.py)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from defusedxml import ElementTree as SafeET
from lxml import etree
from pypdf import PdfReader

from tests.conftest import TWO_DAY_STOPS

KML = "{http://www.opengis.net/kml/2.2}"
XSD = Path(__file__).parent / "data" / "gpx.xsd"


def _plan(app, sites, name="两日考察方案", **settings) -> int:
    from store import db
    from store.plans import Plan

    with app.app_context():
        plan = Plan(name=name, sites=list(sites), created_by="t", updated_by="t", **settings)
        db.session.add(plan)
        db.session.commit()
        return plan.id


@pytest.fixture
def two_day(app) -> int:
    return _plan(app, TWO_DAY_STOPS, day_end="15:00")


@pytest.fixture
def empty(app) -> int:
    return _plan(app, [], name="空方案")


@pytest.mark.parametrize(
    "path",
    ["/plans/9999/print.pdf", "/plans/9999/print", "/api/plans/9999/export.gpx",
     "/api/plans/9999/export.kml", "/api/plans/9999/export.csv"],
)  # fmt: skip
def test_unknown_plan_is_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    if path.startswith("/api/"):
        assert response.get_json() == {"error": "没有编号为 9999 的考察方案", "code": "err_no_plan"}


def test_pdf_for_a_two_day_plan(client, two_day):
    response = client.get(f"/plans/{two_day}/print.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "plan-" in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "两日考察方案" in text and "第1天" in text and "第2天" in text
    assert "城区垃圾转运站" in text
    assert round(float(reader.pages[0].mediabox.width)) == 842  # A4 landscape


def test_pdf_on_a3_and_bad_paper(client, empty):
    reader = PdfReader(io.BytesIO(client.get(f"/plans/{empty}/print.pdf?paper=a3").data))
    assert round(float(reader.pages[0].mediabox.width)) == 1191
    response = client.get(f"/plans/{empty}/print.pdf?paper=B5")
    assert response.status_code == 422
    assert "纸张须为 A4, A3 之一" in response.get_data(as_text=True)


def test_pdf_for_a_plan_without_sites(client, empty):
    reader = PdfReader(io.BytesIO(client.get(f"/plans/{empty}/print.pdf").data))
    assert len(reader.pages) == 2
    assert "尚未生成路线" in reader.pages[0].extract_text()


def test_pdf_for_a_plan_whose_tour_does_not_fit_still_prints(client, app):
    plan = _plan(app, TWO_DAY_STOPS, day_end="11:00", max_days=1)
    response = client.get(f"/plans/{plan}/print.pdf")
    assert response.status_code == 200
    first = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "路线无法计算" in first and "排不进行程" in first
    export = client.get(f"/api/plans/{plan}/export.gpx")
    assert export.status_code == 422
    assert "排不进行程" in export.get_json()["error"]


def test_print_page_html(client, app):
    plan = _plan(app, TWO_DAY_STOPS, name="<script>alert(1)</script>", day_end="15:00")
    response = client.get(f"/plans/{plan}/print")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "@media print" in html and "size: A4 landscape" in html
    assert html.count('src="data:image/png;base64,') == 3  # overview + two days
    assert 'id="day-1"' in html and 'id="day-2"' in html
    assert "城区垃圾转运站" in html and "审图号" in html
    for link in ("print.pdf", "export.gpx", "export.kml", "export.csv", "coords=gcj02"):
        assert link in html
    assert "http://" not in html.replace("http://www.w3.org", "")  # nothing from the web


def test_print_page_in_english_for_empty_plan(client, empty):
    html = client.get(f"/plans/{empty}/print?lang=en").get_data(as_text=True)
    assert "No route yet" in html and 'id="day-1"' not in html


def test_gpx_export_validates(client, two_day):
    response = client.get(f"/api/plans/{two_day}/export.gpx")
    assert response.status_code == 200
    assert response.mimetype == "application/gpx+xml"
    assert "attachment" in response.headers["Content-Disposition"]
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    doc = etree.fromstring(response.data)
    assert schema.validate(doc), schema.error_log
    assert len(doc.findall("{http://www.topografix.com/GPX/1/1}wpt")) == 8


def test_kml_export_and_gcj02(client, two_day):
    plain = SafeET.fromstring(client.get(f"/api/plans/{two_day}/export.kml").data)
    shifted = SafeET.fromstring(client.get(f"/api/plans/{two_day}/export.kml?coords=gcj02").data)
    points = [p for p in plain.iter(KML + "Placemark") if p.find(KML + "Point") is not None]
    assert len(points) == 8 and len(list(plain.iter(KML + "LineString"))) == 2  # one a day
    a = next(plain.iter(KML + "coordinates")).text
    b = next(shifted.iter(KML + "coordinates")).text
    assert a != b


def test_csv_export_round_trips(client, two_day):
    response = client.get(f"/api/plans/{two_day}/export.csv")
    assert response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    stops = [r for r in rows if r["序号"]]
    assert sorted(r["编号"] for r in stops) == sorted(TWO_DAY_STOPS)
    assert {r["天"] for r in stops} == {"1", "2"}
    assert all(r["到达"] < r["离开"] for r in stops)


def test_empty_plan_exports(client, empty):
    gpx = client.get(f"/api/plans/{empty}/export.gpx")
    assert gpx.status_code == 200 and b"<wpt" not in gpx.data
    rows = list(
        csv.reader(
            io.StringIO(client.get(f"/api/plans/{empty}/export.csv").data.decode("utf-8-sig"))
        )
    )
    assert len(rows) == 1


def test_bad_export_options(client, two_day):
    assert client.get(f"/api/plans/{two_day}/export.shp").status_code == 404
    response = client.get(f"/api/plans/{two_day}/export.gpx?coords=bd09")
    assert response.status_code == 422
    assert response.get_json()["error"] == "坐标须为 wgs84（GPS）或 gcj02（高德地图），收到“bd09”"


def test_print_reads_facility_status_live(client, app, two_day):
    from store import db
    from store.layers import bump_revision, feature

    with app.app_context():
        row = feature("sewage_plants", "wwtp-urban")
        row.properties = {**row.properties, "status": "planned", "deadline": "2014-01-01"}
        bump_revision("sewage_plants")
        db.session.commit()
    html = client.get(f"/plans/{two_day}/print").get_data(as_text=True)
    assert "规划中 (逾期)" in html


def test_missing_font_is_a_clear_500(client, app, empty):
    app.config["CJK_FONT"] = "/nowhere/font.ttc"
    response = client.get(f"/plans/{empty}/print.pdf")
    assert response.status_code == 500
    assert "no font file at /nowhere/font.ttc" in response.get_data(as_text=True)


def test_plan_page_links_to_print_pack_and_exports(client, auth, two_day):
    auth.login()
    html = client.get(f"/plans/{two_day}").get_data(as_text=True)
    for link in (f"/plans/{two_day}/print.pdf", f"/plans/{two_day}/print.pdf?paper=A3",
                 f"/plans/{two_day}/print\"", f"/api/plans/{two_day}/export.gpx",
                 f"/api/plans/{two_day}/export.kml", f"/api/plans/{two_day}/export.csv",
                 f"/api/plans/{two_day}/export.gpx?coords=gcj02"):  # fmt: skip
        assert link in html, link


def test_names_with_markup_and_math_print_literally(client, app, two_day):
    """Stop names go into reportlab paragraphs and matplotlib labels: neither may interpret them
    ('$' starts matplotlib mathtext, '<' starts reportlab markup)."""
    from store import db
    from store.layers import bump_revision, feature

    hostile = "站<b>$\\frac{x$ & 5%"
    with app.app_context():
        row = feature("stops", TWO_DAY_STOPS[1])
        row.properties = {**row.properties, "name_zh": hostile}
        bump_revision("stops")
        db.session.commit()
    response = client.get(f"/plans/{two_day}/print.pdf")
    assert response.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert hostile in text.replace("\n", "")


def test_pack_is_built_once_until_something_it_shows_changes(client, app, two_day, monkeypatch):
    from geo.printing import pack as printing
    from store import db
    from store.layers import bump_revision, feature

    builds = []
    real = printing.build_print_pack

    def counting(*args, **kwargs):
        builds.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr("services.printing.build_print_pack", counting)
    first = client.get(f"/plans/{two_day}/print.pdf").data
    again = client.get(f"/plans/{two_day}/print.pdf").data
    assert first == again and len(builds) == 1
    with app.app_context():
        row = feature("sewage_plants", "wwtp-urban")
        row.properties = {**row.properties, "status": "planned"}
        bump_revision("sewage_plants")
        db.session.commit()
    client.get(f"/plans/{two_day}/print.pdf")
    assert len(builds) == 2, "a facility edit shows in the next download"
    client.get(f"/plans/{two_day}/print.pdf?paper=A3")
    assert len(builds) == 3
