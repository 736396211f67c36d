"""services.printing without a request: the print input of a plan, the built-PDF cache and the
exports, on the shipped layers."""

from __future__ import annotations

import csv
import io
from datetime import date

import flask
import pytest

from geo.errors import NotFoundError, ScheduleError
from geo.maps.static import find_cjk_font
from services import printing
from services.printing import PrintOptions
from store import plans as store
from tests.conftest import TWO_DAY_STOPS

OPTIONS = PrintOptions("zh", date(2014, 7, 15), "Asia/Shanghai", "闽S〔2014〕1号")


@pytest.fixture
def ctx(app):
    with app.app_context():
        assert not flask.has_request_context()
        printing.clear_pdf_cache()
        yield app


def test_print_input_of_a_two_day_plan(ctx):
    plan = store.create_plan("两日", "planner", sites=TWO_DAY_STOPS, day_end="15:00")
    data = printing.pack_input(plan.id, OPTIONS)
    assert data.tour_error is None and data.lang == "zh" and data.today == date(2014, 7, 15)
    assert data.tour.totals.days == 2
    assert sorted(data.tour.order) == sorted(TWO_DAY_STOPS)
    assert data.plan["name"] == "两日" and data.plan["sites"] == TWO_DAY_STOPS
    assert len(data.plan["updated_at"]) == 16  # local "YYYY-MM-DD HH:MM"
    assert data.approval_number == "闽S〔2014〕1号"
    assert data.sources["stops"] and len(data.layers["stops"]) >= len(TWO_DAY_STOPS)


def test_a_tour_that_cannot_be_made_is_printed_with_its_reason(ctx):
    plan = store.create_plan("太长", "planner", sites=TWO_DAY_STOPS, day_end="15:00", max_days=1)
    data = printing.pack_input(plan.id, OPTIONS)
    assert data.tour is None and "1天内排不下" in data.tour_error
    with pytest.raises(ScheduleError, match="1天内排不下"):  # an export needs the tour
        printing.export(plan.id, "gpx", "zh", False)


def test_the_same_pack_is_built_once_until_the_plan_changes(ctx, monkeypatch):
    builds = []
    real = printing.build_print_pack
    monkeypatch.setattr(
        printing, "build_print_pack", lambda *a, **k: builds.append(1) or real(*a, **k)
    )
    plan = store.create_plan("缓存", "planner", sites=TWO_DAY_STOPS[:2])
    font = find_cjk_font()
    first = printing.print_pdf(plan.id, "A4", OPTIONS, font)
    assert first.body.startswith(b"%PDF") and first.name == f"plan-{plan.id}-缓存.pdf"
    assert printing.print_pdf(plan.id, "A4", OPTIONS, font).body == first.body
    assert len(builds) == 1
    in_english = PrintOptions("en", OPTIONS.today, OPTIONS.zone, OPTIONS.approval_number)
    english = printing.print_pdf(plan.id, "A4", in_english, font)
    assert english.body != first.body and len(builds) == 2
    store.save_plan(plan.id, 1, {"name": "缓存2"}, "planner")
    again = printing.print_pdf(plan.id, "A4", OPTIONS, font)
    assert again.body != first.body and again.name == f"plan-{plan.id}-缓存2.pdf"
    assert len(builds) == 3


def test_csv_export_lists_the_stops_in_visiting_order(ctx):
    plan = store.create_plan("导出", "planner", sites=TWO_DAY_STOPS, day_end="15:00")
    file = printing.export(plan.id, "csv", "zh", False)
    assert file.mimetype == "text/csv" and file.name.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(file.body.decode("utf-8-sig"))))
    order = printing.pack_input(plan.id, OPTIONS).tour.order
    assert [r["编号"] for r in rows if r["编号"] in TWO_DAY_STOPS] == list(order)


def test_unknown_plan(ctx):
    with pytest.raises(NotFoundError, match="no plan with id 9999"):
        printing.pack_input(9999, OPTIONS)
