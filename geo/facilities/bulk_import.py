"""Bulk update of plant status from the county's spreadsheet (CSV or XLSX).

Reads the table (UTF-8 or GB18030 CSV, or the first XLSX sheet), finds the header row by its
Chinese or English labels, and checks every row with the same validators as a single edit
(``geo.facilities.edits``). Nothing is applied here: ``parse_bulk`` returns the rows and every
error by row and column, and the caller applies the rows only when there is no error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from geo.errors import Both, ValidationError
from geo.facilities.edits import (
    Edit,
    parse_date,
    parse_load_rate,
    parse_note,
    parse_status,
    parse_version,
)
from geo.tables import read_rows

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
    """A problem in one cell: spreadsheet row number (header = its own row), column, and the
    coded error, said in the reader's language by the page (``say``)."""

    row: int
    column: str
    problem: ValidationError

    @property
    def message(self) -> str:
        return str(self.problem)

    def say(self, lang: str) -> str:
        return self.problem.say(lang)

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


def _plant(props: dict) -> Both:
    """A plant as a message names it: by name, in the reader's language."""
    return Both(str(props.get("name_zh") or props["id"]), str(props.get("name_en") or props["id"]))


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
    """The rows of the county's update form (``geo.tables.read_rows``, within this import's
    limits); raises ValidationError for a file that cannot be read."""
    return read_rows(file_name, data, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS + _HEADER_ROWS_SEARCHED)


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
    raise ValidationError(code="err_bulk_no_header", columns=wanted, n=_HEADER_ROWS_SEARCHED)


def parse_bulk(
    file_name: str, data: bytes, plants: list[dict], today: date, allowed=lambda _p: True
) -> BulkResult:
    """Read and check every row of an update file. Nothing is applied here; the caller applies
    ``rows`` only when ``errors`` is empty. ``allowed(properties)`` says who may edit a plant."""
    table = read_table(file_name, data)
    header_index, columns = _find_header(table)
    body = table[header_index + 1 :]
    if len(body) > MAX_IMPORT_ROWS:
        raise ValidationError(code="err_bulk_too_long", file=file_name, n=MAX_IMPORT_ROWS)
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
        nothing = ValidationError(code="err_bulk_no_rows")
        result.errors.append(RowError(header_index + 1, "", nothing))
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
            errors.append(RowError(number, labels[key], exc))
            return None

    props = _row_plant(number, values, labels, by_id, by_name, errors)
    if props is not None:
        column = labels.get("id") or labels["name"]
        if props["id"] in seen:
            twice = ValidationError(
                code="err_bulk_twice", plant=_plant(props), first=seen[props["id"]]
            )
            errors.append(RowError(number, column, twice))
        elif not allowed(props):
            unit = props.get("responsible_unit") or "–"
            refused = ValidationError(code="err_bulk_not_yours", plant=_plant(props), unit=unit)
            errors.append(RowError(number, column, refused))
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
            unknown = ValidationError(code="err_bulk_no_id", value=str(pid)[:40])
            errors.append(RowError(number, labels["id"], unknown))
            return None
    if pname not in (None, ""):
        named = by_name.get(str(pname)) or by_name.get(str(pname).lower())
        if named is None and props is None:
            unknown = ValidationError(code="err_bulk_no_name", value=str(pname)[:40])
            errors.append(RowError(number, labels["name"], unknown))
        elif named is not None and props is not None and named["id"] != props["id"]:
            other = ValidationError(
                code="err_bulk_other_plant", value=str(pname)[:40], plant=_plant(props)
            )
            errors.append(RowError(number, labels["name"], other))
            return None
        props = props or named
    if props is None and not errors:
        column = labels.get("id") or labels.get("name")
        errors.append(RowError(number, column, ValidationError(code="err_bulk_which")))
    return props
