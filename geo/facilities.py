"""Sewage plant status and the plan's indicators, as plain data (no Flask, no database).

Everything a leader reads on the dashboard is derived here from the stored plant properties and a
given "today": late flags, days left, load rate against target, the operating count over time and
progress against each indicator. Edits, whether typed into a form, sent as JSON or read from a
spreadsheet, go through the same validators, so one rule holds everywhere.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from geo.catalogue import PLANT_STATUSES
from geo.errors import ValidationError
from geo.i18n import text
from geo.plants import is_late

MAX_LOAD_RATE = 150.0
MAX_NOTE_CHARS = 500
EARLIEST_DATE = date(2000, 1, 1)
EDIT_FIELDS = ("status", "load_rate", "note", "date")
# Properties an edit may change, in the order the history lists them.
TRACKED = ("status", "load_rate", "progress_note", "updated_at")


# ---------------------------------------------------------------------------------------------
# Derived facts for the dashboard
# ---------------------------------------------------------------------------------------------
def days_left(properties: dict, today: date) -> int | None:
    """Days until the deadline (negative once passed); None without a deadline."""
    deadline = properties.get("deadline")
    if not deadline:
        return None
    return (date.fromisoformat(deadline[:10]) - today).days


def load_gap(properties: dict) -> float | None:
    """Load rate minus its target, in percentage points; None when either is unknown."""
    load, target = properties.get("load_rate"), properties.get("target_load_rate")
    if load is None or target is None:
        return None
    return round(load - target, 1)


def plant_state(properties: dict, today: date) -> dict[str, Any]:
    """The facts the dashboard, the map and the API add to a plant's stored properties."""
    gap = load_gap(properties)
    return {
        "late": is_late(properties, today),
        "days_left": days_left(properties, today),
        "load_gap": gap,
        "load_met": None if gap is None else gap >= 0,
    }


def filter_plants(
    features: Iterable[dict],
    today: date,
    township: str | None = None,
    status: str | None = None,
    late_only: bool = False,
) -> list[dict]:
    """Plants matching the dashboard filters (empty filter = no restriction)."""
    return [
        f
        for f in features
        if (not township or f["properties"].get("township_code") == township)
        and (not status or f["properties"].get("status") == status)
        and (not late_only or is_late(f["properties"], today))
    ]


def summary(plants: list[dict], today: date) -> dict[str, Any]:
    """Counts for the dashboard header: by status, late, and load rate against target."""
    props = [f["properties"] for f in plants]
    by_status = {s: sum(p["status"] == s for p in props) for s in PLANT_STATUSES}
    gaps = [load_gap(p) for p in props]
    known = [g for g in gaps if g is not None]
    return {
        "total": len(props),
        "by_status": by_status,
        "late": sum(is_late(p, today) for p in props),
        "load_reported": len(known),
        "load_met": sum(g >= 0 for g in known),
        "load_below": sum(g < 0 for g in known),
    }


def may_edit(role: str | None, unit: str | None, properties: dict) -> bool:
    """Admins edit every plant; an editor only the plants of its own responsible unit."""
    if role == "admin":
        return True
    return role == "editor" and bool(unit) and unit == properties.get("responsible_unit")


# ---------------------------------------------------------------------------------------------
# Validation shared by the form, the JSON API and the bulk import
# ---------------------------------------------------------------------------------------------
def _status_aliases() -> dict[str, str]:
    aliases = {}
    for status in PLANT_STATUSES:
        for label in (status, text(status, "zh"), text(status, "en")):
            aliases[label.strip().lower()] = status
    return aliases


STATUS_ALIASES = _status_aliases()


def parse_status(value: Any, field_name: str = "status") -> str:
    """A status code, also accepted as its Chinese or English label (spreadsheets use labels)."""
    if not isinstance(value, str) or value.strip().lower() not in STATUS_ALIASES:
        raise ValidationError(
            f"{field_name}: {value!r} is not a plant status; use one of {', '.join(PLANT_STATUSES)}"
        )
    return STATUS_ALIASES[value.strip().lower()]


def parse_load_rate(value: Any, field_name: str = "load_rate") -> float | None:
    """A load rate in percent, 0 to 150; '78%' is read as 78; None/'' clears it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError(f"{field_name}: must be a number of percent, not {value!r}")
    if isinstance(value, str):
        try:
            value = float(value.strip().rstrip("%").strip())
        except ValueError:
            raise ValidationError(
                f"{field_name}: {value!r} is not a number (give the percent, e.g. 78.5)"
            ) from None
    if not isinstance(value, int | float) or value != value:  # NaN is not equal to itself
        raise ValidationError(f"{field_name}: must be a number of percent, not {value!r}")
    if not 0 <= value <= MAX_LOAD_RATE:
        raise ValidationError(f"{field_name}: {value:g}% is outside 0-{MAX_LOAD_RATE:g}%")
    return round(float(value), 1)


def parse_date(value: Any, today: date, field_name: str = "date") -> str:
    """A real calendar date written YYYY-MM-DD, not before 2000 and not after today."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        day = value
    elif isinstance(value, str) and len(value.strip()) == 10:
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(
                f"{field_name}: {value!r} is not a real date (YYYY-MM-DD)"
            ) from None
    else:
        raise ValidationError(f"{field_name}: {value!r} is not a date written YYYY-MM-DD")
    if day < EARLIEST_DATE or day > today:
        raise ValidationError(
            f"{field_name}: {day.isoformat()} must lie between {EARLIEST_DATE.isoformat()} "
            f"and today ({today.isoformat()})"
        )
    return day.isoformat()


def parse_note(value: Any, field_name: str = "note") -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(f"{field_name}: must be text")
    value = value.strip()
    if len(value) > MAX_NOTE_CHARS:
        raise ValidationError(f"{field_name}: at most {MAX_NOTE_CHARS} characters")
    return value


@dataclass(frozen=True)
class Edit:
    """A validated status update: the changed values, the note and the date it takes effect."""

    changes: dict[str, Any]
    note: str = ""
    effective: str = ""
    version: int | None = None


def parse_version(value: Any) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError("version: required, the positive integer you last read")
    return value


def validate_edit(body: Any, today: date) -> Edit:
    """Check a JSON (or form) body ``{"version", "status", "load_rate", "note", "date"}``."""
    if not isinstance(body, dict):
        raise ValidationError("the body must be a JSON object")
    unknown = sorted(set(body) - {"version", *EDIT_FIELDS})
    if unknown:
        raise ValidationError(
            f"{unknown[0]}: unknown field; allowed: version, {', '.join(EDIT_FIELDS)}"
        )
    version = parse_version(body.get("version"))
    changes: dict[str, Any] = {}
    if body.get("status") not in (None, ""):
        changes["status"] = parse_status(body["status"])
    if "load_rate" in body:
        changes["load_rate"] = parse_load_rate(body["load_rate"])
    note = parse_note(body.get("note"))
    effective = (
        parse_date(body["date"], today) if body.get("date") not in (None, "") else today.isoformat()
    )
    if not changes and not note:
        raise ValidationError("nothing to change: give status, load_rate or note")
    return Edit(changes, note, effective, version)


def apply_edit(properties: dict, edit: Edit) -> tuple[dict, list[tuple[str, Any, Any]]]:
    """New properties after ``edit`` and the (property, old, new) triples that changed."""
    new = dict(properties)
    new.update(edit.changes)
    if edit.note:
        new["progress_note"] = edit.note
    new["updated_at"] = edit.effective
    changed = [
        (k, properties.get(k), new.get(k)) for k in TRACKED if properties.get(k) != new.get(k)
    ]
    return new, changed


# ---------------------------------------------------------------------------------------------
# Plants operating over time, rebuilt from the current state and the change history
# ---------------------------------------------------------------------------------------------
def operating_timeline(
    plants: list[dict], changes: list[dict], today: date
) -> list[dict[str, Any]]:
    """Operating plants (all, and township plants) at the data's as-of date and after each
    status change, ending today. ``changes``: history rows with plant_id, field, old, new,
    effective (oldest first)."""
    props = {f["properties"]["id"]: f["properties"] for f in plants}
    status = {pid: p["status"] for pid, p in props.items()}
    as_of = {pid: p.get("updated_at") for pid, p in props.items()}
    for change in reversed(changes):  # undo the history to get the state as shipped
        if change["plant_id"] not in status:
            continue
        if change["field"] == "status":
            status[change["plant_id"]] = change["old"]
        elif change["field"] == "updated_at":
            as_of[change["plant_id"]] = change["old"]
    events = [c for c in changes if c["field"] == "status" and c["plant_id"] in status]
    start = max((d for d in as_of.values() if d), default=today.isoformat())
    if events:
        start = min(start, min(c["effective"] for c in events))
    points = [_count_point(start, status, props)]
    for change in sorted(events, key=lambda c: c["effective"]):
        status[change["plant_id"]] = change["new"]
        point = _count_point(change["effective"], status, props)
        if points[-1]["date"] == point["date"]:
            points[-1] = point
        else:
            points.append(point)
    if points[-1]["date"] < today.isoformat():
        points.append({**points[-1], "date": today.isoformat()})
    return points


def _count_point(day: str, status: dict[str, str], props: dict[str, dict]) -> dict[str, Any]:
    operating = [pid for pid, s in status.items() if s == "operating"]
    township = sum(props[pid].get("kind") == "township" for pid in operating)
    return {"date": day, "operating": len(operating), "township_operating": township}


# ---------------------------------------------------------------------------------------------
# The plan's indicators
# ---------------------------------------------------------------------------------------------
INDICATOR_COLUMNS = (
    "id",
    "name_zh",
    "name_en",
    "unit",
    "comparison",
    "target",
    "current",
    "as_of",
    "deadline",
    "responsible_unit",
    "source",
    "sample",
    "computed",
)
COMPARISONS = (">=", ">", "<=", "=")
COMPUTED = ("eco_townships", "urban_load_rate", "township_plants_operating")


@dataclass(frozen=True)
class Indicator:
    """One target of the plan; ``computed`` names a live source that replaces ``current``."""

    id: str
    name_zh: str
    name_en: str
    unit: str
    comparison: str
    target: float
    current: float | None
    as_of: str
    deadline: str
    responsible_unit: str
    source: str
    sample: bool
    computed: str = ""
    detail: str = field(default="", compare=False)


def read_indicators(content: str, file_name: str = "indicators.csv") -> list[Indicator]:
    """Parse the indicators file; a bad line raises ValidationError naming line and column."""
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    missing = [c for c in INDICATOR_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(f"{file_name}: missing column(s) {', '.join(missing)}")
    return [_indicator(row, file_name, line) for line, row in enumerate(reader, start=2)]


def _indicator(row: dict[str, str], file_name: str, line: int) -> Indicator:
    def fail(column: str, message: str) -> ValidationError:
        return ValidationError(f"{file_name} line {line}, column {column}: {message}")

    if row["comparison"] not in COMPARISONS:
        raise fail("comparison", f"use one of {' '.join(COMPARISONS)}")
    if row["computed"] and row["computed"] not in COMPUTED:
        raise fail("computed", f"use one of {', '.join(COMPUTED)} or leave empty")
    numbers = {}
    for column in ("target", "current"):
        try:
            numbers[column] = float(row[column]) if row[column].strip() else None
        except ValueError:
            raise fail(column, f"{row[column]!r} is not a number") from None
    if numbers["target"] is None:
        raise fail("target", "required")
    if numbers["current"] is None and not row["computed"]:
        raise fail("current", "required unless the value is computed")
    for column in ("as_of", "deadline"):
        if row[column]:
            try:
                date.fromisoformat(row[column])
            except ValueError:
                raise fail(column, f"{row[column]!r} is not a date YYYY-MM-DD") from None
    return Indicator(
        id=row["id"],
        name_zh=row["name_zh"],
        name_en=row["name_en"],
        unit=row["unit"],
        comparison=row["comparison"],
        target=numbers["target"],
        current=numbers["current"],
        as_of=row["as_of"],
        deadline=row["deadline"],
        responsible_unit=row["responsible_unit"],
        source=row["source"],
        sample=row["sample"].strip().lower() in ("yes", "true", "1", "是"),
        computed=row["computed"],
    )


def live_value(
    key: str, plants: list[dict], townships: list[dict], today: date
) -> tuple[float | None, str, str]:
    """(value, as-of date, detail) of a computed indicator from the stored layers."""
    plant_props = [f["properties"] for f in plants]
    plants_as_of = max((p.get("updated_at") or "" for p in plant_props), default="")
    if key == "eco_townships":
        accepted = sum(f["properties"].get("eco_status") == "accepted" for f in townships)
        total = len(townships)
        value = round(100.0 * accepted / total, 1) if total else None
        return value, today.isoformat(), f"{accepted}/{total}"
    if key == "urban_load_rate":
        urban = [p for p in plant_props if p.get("kind") == "urban"]
        value = urban[0].get("load_rate") if urban else None
        return value, (urban[0].get("updated_at") if urban else ""), ""
    if key == "township_plants_operating":
        township = [p for p in plant_props if p.get("kind") == "township"]
        running = sum(p["status"] == "operating" for p in township)
        return float(running), plants_as_of, f"{running}/{len(township)}"
    raise ValidationError(f"computed: unknown source {key!r}")


def with_live_values(
    indicators: list[Indicator], plants: list[dict], townships: list[dict], today: date
) -> list[Indicator]:
    """Indicators whose current value is computed get it from the layers, not the file."""
    result = []
    for ind in indicators:
        if ind.computed:
            value, as_of, detail = live_value(ind.computed, plants, townships, today)
            ind = Indicator(**{**ind.__dict__, "current": value, "as_of": as_of, "detail": detail})
        result.append(ind)
    return result


def indicator_progress(ind: Indicator, today: date) -> dict[str, Any]:
    """How far an indicator is toward its target: share (0-1), met, and late after its deadline."""
    current, target = ind.current, ind.target
    if current is None:
        share, met = 0.0, False
    elif ind.comparison == "<=":
        share = 1.0 if current <= target else (target / current if current else 0.0)
        met = current <= target
    else:
        share = min(current / target, 1.0) if target else 1.0
        met = current > target if ind.comparison == ">" else current >= target
    overdue = bool(ind.deadline) and date.fromisoformat(ind.deadline) < today
    return {
        "share": round(max(share, 0.0), 3),
        "percent": round(100 * max(share, 0.0)),
        "met": met,
        "late": overdue and not met,
        "days_left": (date.fromisoformat(ind.deadline) - today).days if ind.deadline else None,
    }


# ---------------------------------------------------------------------------------------------
# Bulk update from the county's spreadsheet (CSV or XLSX)
# ---------------------------------------------------------------------------------------------
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 1000
IMPORT_COLUMNS = {
    "id": ("编号", "设施编号", "id"),
    "name": ("名称", "设施名称", "name", "name_zh", "name_en"),
    "status": ("状态", "运行状态", "status"),
    "load_rate": ("负荷率", "负荷率(%)", "load_rate", "loadrate", "loadrate(%)"),
    "note": ("进展说明", "进展情况", "备注", "note", "progressnote"),
    "date": ("日期", "更新日期", "填报日期", "date"),
    "version": ("版本", "version"),
}
_HEADER_ROWS_SEARCHED = 5  # the county form may carry a title line above the header


@dataclass(frozen=True)
class RowError:
    """A problem in one cell: spreadsheet row number (header = its own row) and column."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


@dataclass(frozen=True)
class BulkRow:
    row: int
    plant_id: str
    edit: Edit


@dataclass
class BulkResult:
    rows: list[BulkRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # rows that change nothing


def _norm(header: Any) -> str:
    label = str(header or "").strip().lower().replace("（", "(").replace("）", ")")
    return "".join(label.split()).replace("_", "")


_HEADER_KEYS = {_norm(alias): key for key, aliases in IMPORT_COLUMNS.items() for alias in aliases}


def read_table(file_name: str, data: bytes) -> list[tuple[int, list[Any]]]:
    """The rows of a CSV (UTF-8 or GB18030, as Excel saves it) or the first XLSX sheet, each with
    its spreadsheet row number; raises ValidationError for a file that cannot be read."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError(f"{file_name}: larger than {MAX_IMPORT_BYTES // 1024} KB")
    suffix = file_name.lower().rsplit(".", 1)[-1] if "." in file_name else ""
    if suffix == "csv":
        return _read_csv(file_name, data)
    if suffix in ("xlsx", "xlsm"):
        return _read_xlsx(file_name, data)
    raise ValidationError(f"{file_name}: upload a .csv or .xlsx file")


def _read_csv(file_name: str, data: bytes) -> list[tuple[int, list[Any]]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            content = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(f"{file_name}: not UTF-8 or GB18030 text")
    try:
        rows = list(csv.reader(io.StringIO(content)))
    except csv.Error as exc:
        raise ValidationError(f"{file_name}: not a CSV table ({exc})") from None
    return list(enumerate(rows, start=1))


def _read_xlsx(file_name: str, data: bytes) -> list[tuple[int, list[Any]]]:
    from zipfile import BadZipFile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationError(f"{file_name}: not a readable Excel .xlsx file ({exc})") from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            if number > MAX_IMPORT_ROWS + _HEADER_ROWS_SEARCHED:
                break
            rows.append((number, [_xlsx_value(c) for c in cells]))
        return rows
    finally:
        book.close()


def _xlsx_value(cell: Any) -> Any:
    """Cell value; a number formatted as percent (0.78 shown as 78%) becomes 78."""
    value = getattr(cell, "value", None)
    fmt = getattr(cell, "number_format", "") or ""
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in fmt:
        return round(value * 100, 4)
    return value


def _find_header(table: list[tuple[int, list[Any]]]) -> tuple[int, dict[str, tuple[int, str]]]:
    """Index of the header row and, per known column, its position and label as written."""
    for index, (_number, cells) in enumerate(table[:_HEADER_ROWS_SEARCHED]):
        columns: dict[str, tuple[int, str]] = {}
        for position, cell in enumerate(cells):
            key = _HEADER_KEYS.get(_norm(cell))
            if key and key not in columns:
                columns[key] = (position, str(cell).strip())
        if "id" in columns or "name" in columns:
            return index, columns
    wanted = " / ".join(IMPORT_COLUMNS["id"] + IMPORT_COLUMNS["name"][:2])
    raise ValidationError(f"no header row with a plant column ({wanted}) in the first lines")


def parse_bulk(
    file_name: str, data: bytes, plants: list[dict], today: date, allowed=lambda _p: True
) -> BulkResult:
    """Read and check every row of an update file. Nothing is applied here; the caller applies
    ``rows`` only when ``errors`` is empty. ``allowed(properties)`` says who may edit a plant."""
    table = read_table(file_name, data)
    header_index, columns = _find_header(table)
    body = table[header_index + 1 :]
    if len(body) > MAX_IMPORT_ROWS:
        raise ValidationError(f"{file_name}: more than {MAX_IMPORT_ROWS} rows")
    by_id = {f["properties"]["id"]: f["properties"] for f in plants}
    by_name = {}
    for props in by_id.values():
        by_name[str(props.get("name_zh", "")).strip()] = props
        by_name[str(props.get("name_en", "")).strip().lower()] = props
    result, seen = BulkResult(), {}
    for number, cells in body:
        values = {key: _cell(cells, pos) for key, (pos, _label) in columns.items()}
        if all(v in (None, "") for v in values.values()):
            continue
        labels = {key: label for key, (_pos, label) in columns.items()}
        _parse_row(number, values, labels, by_id, by_name, seen, today, allowed, result)
    if not result.rows and not result.errors:
        result.errors.append(RowError(header_index + 1, "", "the file has no rows to apply"))
    return result


def _cell(cells: list[Any], position: int) -> Any:
    value = cells[position] if position < len(cells) else None
    return value.strip() if isinstance(value, str) else value


def _parse_row(number, values, labels, by_id, by_name, seen, today, allowed, result) -> None:
    """Check one row; append a BulkRow, its errors, or its number to ``skipped``."""
    errors: list[RowError] = []

    def check(key: str, parse):
        try:
            return parse(values[key])
        except ValidationError as exc:
            message = str(exc).split(": ", 1)[-1]
            errors.append(RowError(number, labels[key], message))
            return None

    props = _row_plant(number, values, labels, by_id, by_name, errors)
    if props is not None:
        if props["id"] in seen:
            errors.append(
                RowError(
                    number,
                    labels.get("id") or labels["name"],
                    f"{props['id']} already updated in row {seen[props['id']]}",
                )
            )
        elif not allowed(props):
            errors.append(
                RowError(
                    number,
                    labels.get("id") or labels["name"],
                    f"you may not edit {props['id']} (responsible unit: "
                    f"{props.get('responsible_unit')})",
                )
            )
        seen.setdefault(props["id"], number)
    filled = {k for k in ("status", "load_rate", "note") if values.get(k) not in (None, "")}
    changes = {}
    if "status" in filled:
        changes["status"] = check("status", parse_status)
    if "load_rate" in filled:
        changes["load_rate"] = check("load_rate", parse_load_rate)
    note = check("note", parse_note) if "note" in filled else ""
    effective = today.isoformat()
    if values.get("date") not in (None, ""):
        effective = check("date", lambda v: parse_date(v, today)) or effective
    version = check("version", parse_version) if values.get("version") not in (None, "") else None
    if errors:
        result.errors.extend(errors)
        return
    if not note and all(props.get(k) == v for k, v in changes.items()):
        result.skipped.append(number)  # blank, or the values it already has (the form as sent)
        return
    result.rows.append(BulkRow(number, props["id"], Edit(changes, note or "", effective, version)))


def _row_plant(number, values, labels, by_id, by_name, errors) -> dict | None:
    """The plant a row names by id or name (both given must agree)."""
    pid, pname = values.get("id"), values.get("name")
    props = None
    if pid not in (None, ""):
        props = by_id.get(str(pid))
        if props is None:
            errors.append(RowError(number, labels["id"], f"no plant with id {pid!r}"))
            return None
    if pname not in (None, ""):
        named = by_name.get(str(pname)) or by_name.get(str(pname).lower())
        if named is None and props is None:
            errors.append(RowError(number, labels["name"], f"no plant named {pname!r}"))
        elif named is not None and props is not None and named["id"] != props["id"]:
            errors.append(
                RowError(number, labels["name"], f"{pname!r} is not the plant {props['id']}")
            )
            return None
        props = props or named
    if props is None and not errors:
        column = labels.get("id") or labels.get("name")
        errors.append(RowError(number, column, "which plant? give its id or name"))
    return props
