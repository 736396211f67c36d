"""The facility service without a request: edits checked and recorded, the bulk update all or
nothing, who may edit what; and the store's compare-and-set under it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from geo.errors import ConflictError, ForbiddenError, ValidationError
from geo.facilities import dashboard as fac
from services import facilities as service
from store import facilities as store
from store.layers import feature, layer_revision

TODAY = date(2014, 7, 15)
INDICATORS = Path(__file__).resolve().parent.parent / "data" / "indicators.csv"


@dataclass(frozen=True)
class Who:
    username: str
    role: str = "admin"
    unit: str | None = None


ADMIN = Who("admin")


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


def _version(plant_id: str) -> int:
    return store.plant(plant_id)["properties"]["version"]


def _edit(plant_id: str, user=ADMIN, version: int | None = None, **body):
    version = _version(plant_id) if version is None else version
    return service.edit_plant(plant_id, {"version": version, **body}, user, TODAY)


# --------------------------------------------------------------------------- one edit
def test_edit_bumps_version_and_revision_and_records_who(ctx):
    before = _version("wwtp-bailian")
    revision = layer_revision("sewage_plants")
    saved = _edit("wwtp-bailian", status="operating", load_rate=35)
    props = saved.feature["properties"]
    assert props["version"] == before + 1 and props["status"] == "operating"
    assert props["updated_at"] == "2014-07-15" and props["late"] is False
    assert layer_revision("sewage_plants") == revision + 1
    fields = [(c["field"], c["old"], c["new"], c["changed_by"]) for c in saved.history]
    assert fields == [
        ("status", "commissioning", "operating", "admin"),
        ("load_rate", None, 35.0, "admin"),
        ("updated_at", "2014-05-18", "2014-07-15", "admin"),
    ]
    assert "version" not in feature("sewage_plants", "wwtp-bailian").properties  # kept apart


def test_stale_version_is_refused_and_changes_nothing(ctx):
    v = _version("wwtp-huangtan")
    _edit("wwtp-huangtan", Who("a"), v, note="first")
    with pytest.raises(ConflictError, match="changed by someone else"):
        # stale is reported as stale even though the date is also out of order
        _edit("wwtp-huangtan", Who("b"), v, status="operating", note="second", date="2014-01-01")
    props = store.plant("wwtp-huangtan")["properties"]
    assert props["status"] == "under_construction" and props["progress_note"] == "first"
    assert props["version"] == v + 1
    assert {c["changed_by"] for c in store.history("wwtp-huangtan")} == {"a"}


def test_history_after_several_edits(ctx):
    v = _version("wwtp-nankou")
    steps = [
        dict(status="commissioning", note="设备安装完成", date="2014-07-01"),
        dict(status="operating", load_rate=20, note="通水", date="2014-07-08"),
        dict(load_rate=32.5, note="管网接入", date="2014-07-14"),
    ]
    for i, step in enumerate(steps):
        _edit("wwtp-nankou", Who(f"user{i}"), v + i, **step)
    history = store.history("wwtp-nankou")
    status = [(c["old"], c["new"], c["effective"]) for c in history if c["field"] == "status"]
    assert status == [
        ("under_construction", "commissioning", "2014-07-01"),
        ("commissioning", "operating", "2014-07-08"),
    ]
    loads = [(c["old"], c["new"], c["changed_by"]) for c in history if c["field"] == "load_rate"]
    assert loads == [(None, 20.0, "user1"), (20.0, 32.5, "user2")]
    assert [c["new"] for c in history if c["field"] == "progress_note"] == [
        "设备安装完成",
        "通水",
        "管网接入",
    ]
    assert [c["version"] for c in history] == sorted(c["version"] for c in history)
    assert history[-1]["version"] == v + 3
    timeline = fac.operating_timeline(store.plants(), store.history(), TODAY)
    assert [p["date"] for p in timeline][-3:] == ["2014-07-01", "2014-07-08", "2014-07-15"]
    assert timeline[-1]["operating"] == timeline[0]["operating"] + 1


@pytest.mark.parametrize(
    ("user", "allowed"),
    [
        (None, False),
        (Who("v", "viewer"), False),
        (Who("e", "editor", "黄潭镇人民政府"), False),
        (Who("e", "editor", "白莲镇人民政府"), True),
        (ADMIN, True),
    ],
)
def test_only_the_responsible_unit_and_admins_edit(ctx, user, allowed):
    if allowed:
        assert _edit("wwtp-bailian", user, note="ok").feature["properties"]["progress_note"] == "ok"
    else:
        with pytest.raises(ForbiddenError, match="responsibility of 白莲镇人民政府"):
            _edit("wwtp-bailian", user, note="no")
        assert store.history("wwtp-bailian") == []
    assert service.plant_page("wwtp-bailian", "en", user, TODAY).editable is allowed


def test_bad_values_and_out_of_order_dates_change_nothing(ctx):
    v = _version("wwtp-gaotang")
    with pytest.raises(ValidationError, match="Load rate: 180% is outside"):
        _edit("wwtp-gaotang", load_rate=180)
    with pytest.raises(ValidationError, match="before this plant's last update"):
        _edit("wwtp-gaotang", note="late entry", date="2014-05-01")
    assert _version("wwtp-gaotang") == v and store.history("wwtp-gaotang") == []


def test_the_store_refuses_a_write_made_from_an_old_version(ctx):
    """The compare-and-set itself: a write checked against version n fails once the row moved."""
    props = store.plant("wwtp-dayuan")["properties"]
    stored = {k: val for k, val in props.items() if k != "version"}
    write = store.PlantWrite("wwtp-dayuan", props["version"], stored, [], "", "2014-07-15")
    _edit("wwtp-dayuan", note="someone else")
    with pytest.raises(
        store.StaleEdit, match="Dayuan Township Sewage Treatment Plant was changed by someone else"
    ):
        store.save_plants([write], "late", "batch")
    assert store.plant("wwtp-dayuan")["properties"]["progress_note"] == "someone else"


# --------------------------------------------------------------------------- reading
def test_dashboard_and_list_follow_the_filters(ctx):
    filters = service.Filters(status="operating")
    view = service.dashboard(filters, "en", None, TODAY, INDICATORS)
    assert {r["status"] for r in view.rows} == {"operating"}
    assert len(view.plants) == len(view.rows) == view.summary["by_status"]["operating"] == 6
    assert view.summary["total"] == 12 and not any(r["editable"] for r in view.rows)
    assert all(r["label"].endswith("Sewage Treatment Plant") for r in view.rows)
    assert len(view.townships) == 13 and view.townships == sorted(view.townships)
    assert view.charts["text"]["load_rate"] == "Load rate"
    assert len(service.listed(filters, TODAY)) == 6
    with pytest.raises(ValidationError, match="Status: 'open' is not a plant status"):
        service.Filters(status="open")


def test_shipped_indicators_cover_the_plan():
    inds = {i.id: i for i in service.indicators(INDICATORS)}
    assert {
        "eco_townships",
        "urban_load_rate",
        "urban_load_rate_2014",
        "township_plants",
        "sewer_pipe_km",
        "forest_cover",
        "industrial_water_reuse",
        "safe_drinking_water",
    } <= set(inds)
    assert inds["township_plants"].target == 8 and inds["township_plants"].deadline == "2014-06-30"
    assert inds["urban_load_rate_2014"].target == 85 and inds["sewer_pipe_km"].target == 6
    assert all(i.sample for i in inds.values() if not i.computed)


# --------------------------------------------------------------------------- bulk update
FILE = "编号,状态\nwwtp-bailian,已运行\nwwtp-dayuan,已运行\n".encode()


def test_bulk_preview_changes_nothing_then_apply_is_all_or_nothing(ctx):
    versions = service.current_versions()
    preview = service.preview_bulk("f.csv", FILE, "en", ADMIN, TODAY)
    assert preview.result.errors == [] and preview.applied == 0
    assert [(c.row, c.stale) for c in preview.changes] == [(2, False), (3, False)]
    assert store.history() == []
    # someone edits dayuan between preview and apply
    _edit("wwtp-dayuan", Who("other"), note="x")
    with pytest.raises(ConflictError, match="row 3: .*nothing was applied"):
        service.apply_bulk("f.csv", FILE, versions, "en", ADMIN, TODAY)
    assert store.plant("wwtp-bailian")["properties"]["status"] == "commissioning"
    assert store.history("wwtp-bailian") == []
    again = service.preview_bulk("f.csv", FILE, "en", ADMIN, TODAY, versions)
    assert [c.stale for c in again.changes] == [False, True]
    done = service.apply_bulk("f.csv", FILE, service.current_versions(), "en", ADMIN, TODAY)
    assert done.applied == 2
    assert store.plant("wwtp-bailian")["properties"]["status"] == "operating"
    [batch] = {c["batch"] for c in store.history("wwtp-bailian")}
    assert batch.startswith("import-") and {c["batch"] for c in store.history()} >= {batch}


def test_a_bad_bulk_file_is_refused_with_nothing_changed(ctx):
    revision = layer_revision("sewage_plants")
    bad = "编号,状态,负荷率(%)\nwwtp-bailian,已运行,\nwwtp-dayuan,已运行,180\n".encode()
    outcome = service.apply_bulk("f.csv", bad, service.current_versions(), "en", ADMIN, TODAY)
    assert outcome.applied == 0
    assert [(e.row, e.column) for e in outcome.result.errors] == [(3, "负荷率(%)")]
    with pytest.raises(ValidationError, match="no header row with a plant column"):
        service.apply_bulk("f.csv", "状态\n已运行\n".encode(), {}, "en", ADMIN, TODAY)
    dated = "编号,进展说明,日期\nwwtp-bailian,补录,2014-05-01\n".encode()
    with pytest.raises(ValidationError, match="row 2: Date: .*nothing was applied"):
        service.apply_bulk("f.csv", dated, service.current_versions(), "en", ADMIN, TODAY)
    assert store.history() == [] and layer_revision("sewage_plants") == revision


def test_bulk_rows_of_other_units_are_errors_and_the_form_holds_only_mine(ctx):
    editor = Who("e", "editor", "白莲镇人民政府")
    preview = service.preview_bulk("f.csv", FILE, "zh", editor, TODAY)
    assert [(e.row, e.say("zh")) for e in preview.result.errors] == [
        (3, "您不能修改大源乡污水处理厂（责任单位：大源乡人民政府）")
    ]
    form = service.update_form_file("csv", editor, TODAY)
    assert form.file_name == "facility_status_2014-07-15.csv"
    body = form.body.decode("utf-8-sig")
    assert "wwtp-bailian" in body and "wwtp-dayuan" not in body
