"""Facility status rules (geo/facilities): late flags, edits, indicators and bulk files.
The service and the versioned store are pinned in test_services_facilities.py."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from geo.errors import ValidationError
from geo.facilities import dashboard as fac

TODAY = date(2014, 7, 15)


def _plant(**props) -> dict:
    base = {
        "id": "wwtp-x",
        "name_zh": "某镇污水处理厂",
        "name_en": "X Town Sewage Treatment Plant",
        "kind": "township",
        "status": "under_construction",
        "load_rate": None,
        "target_load_rate": 60.0,
        "deadline": "2014-06-30",
        "responsible_unit": "某镇人民政府",
        "updated_at": "2014-05-20",
    }
    return {"type": "Feature", "properties": {**base, **props}, "geometry": None}


# --------------------------------------------------------------------------- late flag, days
@pytest.mark.parametrize(
    ("props", "late", "days"),
    [
        ({"deadline": "2014-06-30", "status": "under_construction"}, True, -15),
        ({"deadline": "2014-06-30", "status": "commissioning"}, True, -15),
        ({"deadline": "2014-06-30", "status": "operating"}, False, -15),
        ({"deadline": "2014-07-15", "status": "planned"}, False, 0),  # due today: not late yet
        ({"deadline": "2014-07-14", "status": "planned"}, True, -1),
        ({"deadline": "2014-12-31", "status": "under_construction"}, False, 169),
        ({"deadline": None, "status": "planned"}, False, None),
    ],
)
def test_late_flag_and_days_left_against_a_fixed_today(props, late, days):
    state = fac.plant_state(_plant(**props)["properties"], TODAY)
    assert state["late"] is late
    assert state["days_left"] == days


def test_load_rate_against_target():
    assert fac.plant_state(_plant(load_rate=55.0)["properties"], TODAY)["load_gap"] == -5.0
    met = fac.plant_state(_plant(load_rate=62.0)["properties"], TODAY)
    assert met["load_gap"] == 2.0 and met["load_met"] is True
    assert fac.plant_state(_plant()["properties"], TODAY)["load_met"] is None


def test_filters_and_summary():
    plants = [
        _plant(id="a", township_code="1", status="operating", load_rate=70.0),
        _plant(id="b", township_code="1", status="planned"),
        _plant(id="c", township_code="2", status="planned", deadline="2015-01-01"),
    ]
    ids = lambda fs: [f["properties"]["id"] for f in fs]  # noqa: E731
    assert ids(fac.filter_plants(plants, TODAY, township="1")) == ["a", "b"]
    assert ids(fac.filter_plants(plants, TODAY, status="planned")) == ["b", "c"]
    assert ids(fac.filter_plants(plants, TODAY, late_only=True)) == ["b"]
    summary = fac.summary(plants, TODAY)
    assert summary["late"] == 1 and summary["by_status"]["planned"] == 2
    assert (summary["load_reported"], summary["load_met"]) == (1, 1)


@pytest.mark.parametrize(
    ("role", "unit", "allowed"),
    [
        ("admin", None, True),
        ("editor", "某镇人民政府", True),
        ("editor", "县住建局", False),
        ("editor", None, False),
        ("planner", "某镇人民政府", False),
        ("viewer", None, False),
    ],
)
def test_who_may_edit(role, unit, allowed):
    assert fac.may_edit(role, unit, _plant()["properties"]) is allowed


# --------------------------------------------------------------------------- validation rules
@pytest.mark.parametrize("value", [-0.1, 150.1, 1000, "abc", True, float("nan"), [80]])
def test_load_rate_outside_0_to_150_or_not_a_number_is_refused(value):
    with pytest.raises(ValidationError, match="Load rate"):
        fac.parse_load_rate(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 0.0), (150, 150.0), ("78%", 78.0), (" 61.25 ", 61.2), ("", None), (None, None)],
)
def test_load_rate_accepted(value, expected):
    assert fac.parse_load_rate(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2014-02-30", "not a real date"),
        ("2014-13-01", "not a real date"),
        ("2014/07/01", "not a real date"),
        ("01-07-2014", "not a real date"),
        ("2014-7-1", "YYYY-MM-DD"),
        (20140701, "YYYY-MM-DD"),
        ("2014-07-16", "and today"),
        ("1999-12-31", "between 2000-01-01"),
    ],
)
def test_dates_must_be_real_and_not_in_the_future(value, message):
    with pytest.raises(ValidationError, match=message):
        fac.parse_date(value, TODAY)


def test_dates_accepted():
    assert fac.parse_date("2014-07-15", TODAY) == "2014-07-15"
    assert fac.parse_date(date(2014, 2, 28), TODAY) == "2014-02-28"


@pytest.mark.parametrize(
    ("label", "status"),
    [
        ("operating", "operating"),
        ("已运行", "operating"),
        ("Under construction", "under_construction"),
        (" 调试中 ", "commissioning"),
    ],
)
def test_status_codes_and_labels(label, status):
    assert fac.parse_status(label) == status


@pytest.mark.parametrize("value", ["closed", "", None, 3])
def test_status_outside_the_list_is_refused(value):
    with pytest.raises(ValidationError, match="Status: .* is not a plant status"):
        fac.parse_status(value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"status": "operating"}, "version: required"),
        ({"version": 0, "status": "operating"}, "version: required"),
        ({"version": True, "status": "operating"}, "version: required"),
        ({"version": 1.5, "status": "operating"}, "version: required"),
        ({"version": 1}, "nothing to change"),
        ({"version": 1, "colour": "red"}, "colour: unknown field"),
        ({"version": 1, "status": "running"}, "Status: 'running' is not a plant status"),
        ({"version": 1, "load_rate": 151}, "Load rate: 151% is outside 0–150%"),
        ({"version": 1, "note": "x" * 501}, "note: at most 500"),
        ({"version": 1, "note": 5}, "Progress note: must be text"),
        (
            {"version": 1, "note": "ok", "date": "2014-06-31"},
            "Date: '2014-06-31' is not a real date",
        ),
        (["version", 1], "JSON object"),
    ],
)
def test_edit_body_rules(body, message):
    with pytest.raises(ValidationError, match=message):
        fac.validate_edit(body, TODAY)


def test_edit_applies_and_lists_changed_values():
    edit = fac.validate_edit(
        {
            "version": 3,
            "status": "operating",
            "load_rate": 40,
            "note": "通水",
            "date": "2014-07-10",
        },
        TODAY,
    )
    assert edit.version == 3 and edit.effective == "2014-07-10"
    new, changed = fac.apply_edit(_plant()["properties"], edit)
    assert new["status"] == "operating" and new["updated_at"] == "2014-07-10"
    assert changed == [
        ("status", "under_construction", "operating"),
        ("load_rate", None, 40.0),
        ("progress_note", None, "通水"),
        ("updated_at", "2014-05-20", "2014-07-10"),
    ]
    assert fac.validate_edit({"version": 1, "note": "x"}, TODAY).effective == "2014-07-15"


# --------------------------------------------------------------------------- timeline
def test_operating_timeline_undoes_the_history_to_start_from_the_shipped_state():
    plants = [
        _plant(id="a", status="operating", updated_at="2014-07-01"),
        _plant(id="b", status="operating", kind="urban", updated_at="2014-05-20"),
        _plant(id="c", status="planned", updated_at="2014-05-18"),
    ]
    changes = [
        {
            "plant_id": "a",
            "field": "status",
            "old": "commissioning",
            "new": "operating",
            "effective": "2014-07-01",
        },
        {
            "plant_id": "a",
            "field": "updated_at",
            "old": "2014-05-19",
            "new": "2014-07-01",
            "effective": "2014-07-01",
        },
    ]
    points = fac.operating_timeline(plants, changes, TODAY)
    assert points == [
        {"date": "2014-05-20", "operating": 1, "township_operating": 0},
        {"date": "2014-07-01", "operating": 2, "township_operating": 1},
        {"date": "2014-07-15", "operating": 2, "township_operating": 1},
    ]


# --------------------------------------------------------------------------- indicators
_HEADER = ",".join(fac.INDICATOR_COLUMNS)


def test_indicators_file_is_read_and_checked():
    good = f"{_HEADER}\nx,甲,X,%,>=,80,70,2014-06-30,2014-06-30,县环保局,test,yes,\n"
    (ind,) = fac.read_indicators(good)
    assert ind.target == 80 and ind.current == 70 and ind.sample
    bad = good.replace(">=", "about")
    with pytest.raises(ValidationError, match="line 2, column comparison"):
        fac.read_indicators(bad)
    with pytest.raises(ValidationError, match="line 2, column current"):
        fac.read_indicators(good.replace(",70,", ",seventy,"))
    with pytest.raises(ValidationError, match="column deadline"):
        fac.read_indicators(good.replace("2014-06-30,县", "2014-06-31,县"))
    with pytest.raises(ValidationError, match="missing column"):
        fac.read_indicators("id,name_zh\nx,y\n")


def _ind(**kw) -> fac.Indicator:
    base = dict(
        id="i",
        name_zh="",
        name_en="",
        unit="%",
        comparison=">=",
        target=80.0,
        current=70.0,
        as_of="",
        deadline="",
        responsible_unit="",
        source="",
        sample=True,
    )
    return fac.Indicator(**{**base, **kw})


def test_indicator_progress_met_and_late():
    open_ = fac.indicator_progress(_ind(), TODAY)
    assert (open_["percent"], open_["met"], open_["late"]) == (88, False, False)
    late = fac.indicator_progress(_ind(deadline="2014-06-30"), TODAY)
    assert late["late"] and late["days_left"] == -15
    assert fac.indicator_progress(_ind(current=80.0), TODAY)["met"]
    assert not fac.indicator_progress(_ind(current=80.0, comparison=">"), TODAY)["met"]
    assert fac.indicator_progress(_ind(current=100.0, target=100.0, comparison="="), TODAY)["met"]
    assert fac.indicator_progress(_ind(current=None), TODAY)["percent"] == 0


def test_eco_township_share_is_computed_from_the_townships_layer():
    townships = [{"properties": {"eco_status": s}} for s in ["accepted"] * 4 + ["applied"] * 9]
    ind = _ind(computed="eco_townships", current=None)
    (live,) = fac.with_live_values([ind], [], townships, TODAY)
    assert live.current == pytest.approx(30.8) and live.detail == "4/13"


# --------------------------------------------------------------------------- bulk files
PLANTS = [
    _plant(id="wwtp-a", name_zh="甲镇污水处理厂", responsible_unit="甲镇人民政府"),
    _plant(id="wwtp-b", name_zh="乙镇污水处理厂", responsible_unit="乙镇人民政府"),
    _plant(id="wwtp-c", name_zh="丙镇污水处理厂", responsible_unit="丙镇人民政府"),
]


def _csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def test_bulk_csv_is_parsed_row_by_row():
    data = _csv(
        "编号,状态,负荷率(%),进展说明,日期\nwwtp-a,已运行,45%,通水试运行,2014-07-10\nwwtp-b,在建,,,\n,,,,\nwwtp-c,在建,,土建完成80%,\n"
    )
    result = fac.parse_bulk("form.csv", data, PLANTS, TODAY)
    assert result.errors == []
    assert [(r.row, r.plant_id) for r in result.rows] == [(2, "wwtp-a"), (5, "wwtp-c")]
    assert result.rows[0].edit.changes == {"status": "operating", "load_rate": 45.0}
    assert result.rows[0].edit.effective == "2014-07-10"
    assert (
        result.rows[1].edit.effective == "2014-07-15" and result.rows[1].edit.note == "土建完成80%"
    )
    assert result.skipped == [3]


def test_bulk_errors_name_row_and_column_and_keep_going():
    data = _csv(
        "编号,状态,负荷率(%),日期\n"
        "wwtp-a,running,,\n"
        "wwtp-b,已运行,180,2014-02-30\n"
        "wwtp-zz,已运行,,\n"
        "wwtp-a,在建,,\n"
        "wwtp-c,已运行,50,\n"
    )
    result = fac.parse_bulk("form.csv", data, PLANTS, TODAY)
    errors = [(e.row, e.column) for e in result.errors]
    assert errors == [(2, "状态"), (3, "负荷率(%)"), (3, "日期"), (4, "编号"), (5, "编号")]
    assert "180% is outside 0–150%" in result.errors[1].message
    assert result.errors[1].say("zh") == "负荷率：180% 超出 0–150% 的范围"
    assert "already updated in row 2" in result.errors[4].message
    assert result.errors[4].say("zh") == "甲镇污水处理厂已在第 2 行更新过"  # the name, not wwtp-a
    assert "row 3, column 日期" in str(result.errors[2])


def test_bulk_file_in_gb18030_with_a_title_line_and_names_instead_of_ids():
    data = _csv(
        "将乐县污水处理设施进展情况表,,\n名称,状态,备注\n乙镇污水处理厂,调试中,设备调试\n",
        "gb18030",
    )
    result = fac.parse_bulk("表.csv", data, PLANTS, TODAY)
    assert result.errors == [] and result.rows[0].plant_id == "wwtp-b"
    assert result.rows[0].row == 3


def test_bulk_respects_who_may_edit():
    data = _csv("id,status\nwwtp-a,operating\nwwtp-b,operating\n")
    result = fac.parse_bulk("f.csv", data, PLANTS, TODAY, allowed=lambda p: p["id"] == "wwtp-a")
    assert [(e.row, e.column) for e in result.errors] == [(3, "id")]
    assert result.errors[0].say("zh") == "您不能修改乙镇污水处理厂（责任单位：乙镇人民政府）"


def test_bulk_xlsx_with_percent_cells_and_date_cells():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["编号", "状态", "负荷率", "日期"])
    sheet.append(["wwtp-a", "已运行", 0.625, date(2014, 7, 1)])
    sheet["C2"].number_format = "0.0%"
    sheet.append(["wwtp-b", "调试中", 30, "2014-07-02"])
    out = io.BytesIO()
    book.save(out)
    result = fac.parse_bulk("f.xlsx", out.getvalue(), PLANTS, TODAY)
    assert result.errors == []
    assert result.rows[0].edit.changes["load_rate"] == 62.5
    assert result.rows[0].edit.effective == "2014-07-01"
    assert result.rows[1].edit.changes["load_rate"] == 30.0


def test_bulk_xlsx_with_formulas_is_refused_naming_the_cell():
    """Issue 12: "an XLSX with formulas gets 'the file has no rows to apply'": a formula has no
    value in a file a script wrote, and only a stale one in Excel's; the cell is named."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["编号", "状态", "负荷率"])
    sheet.append(["wwtp-a", "已运行", "=B9*100"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ValidationError, match=r"cell C2 holds a formula \(=B9\*100\)") as caught:
        fac.parse_bulk("f.xlsx", out.getvalue(), PLANTS, TODAY)
    assert "单元格 C2 是公式（=B9*100）" in caught.value.say("zh")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("f.txt", b"id\n", "upload a .csv or .xlsx"),
        ("f.xlsx", b"not a zip", "not a readable Excel"),
        ("f.csv", b"\xff\xfe\x00\x00\xff", "not UTF-8 or GB18030|no header row"),
        ("f.csv", "状态,负荷率\n已运行,50\n".encode(), "no header row with a plant column"),
        ("f.csv", b"x" * (fac.MAX_IMPORT_BYTES + 1), "larger than"),
    ],
)
def test_unreadable_files_are_refused_whole(name, data, message):
    with pytest.raises(ValidationError, match=message):
        fac.parse_bulk(name, data, PLANTS, TODAY)


def test_a_file_with_no_filled_rows_is_an_error():
    result = fac.parse_bulk("f.csv", b"id,status\nwwtp-a,\n", PLANTS, TODAY)
    assert result.rows == [] and "no rows to apply" in result.errors[0].message


def test_an_xlsx_that_would_unpack_huge_is_refused_before_reading():
    """A zip bomb in .xlsx clothing: tiny upload, gigantic shared strings."""
    import zipfile

    from geo.facilities.bulk_import import read_table
    from geo.tables import MAX_XLSX_UNZIPPED

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"\0" * (MAX_XLSX_UNZIPPED + 1))
    assert len(buffer.getvalue()) < 1024 * 1024
    with pytest.raises(ValidationError, match=r"bomb.xlsx: unpacks to 50 MB"):
        read_table("bomb.xlsx", buffer.getvalue())
