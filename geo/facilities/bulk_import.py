"""Bulk update of plant status from the county's spreadsheet (CSV or XLSX).

Reads the table (UTF-8 or GB18030 CSV, or the first XLSX sheet), finds the header row by its
Chinese or English labels, and checks every row with the same validators as a single edit
(``geo.facilities.edits``). Nothing is applied here: ``parse_bulk`` returns the rows and every
error by row and column, and the caller applies the rows only when there is no error.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from geo.errors import ValidationError
from geo.facilities.edits import (
    Edit,
    parse_date,
    parse_load_rate,
    parse_note,
    parse_status,
    parse_version,
)

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 1000
MAX_XLSX_UNZIPPED = 50 * 1024 * 1024
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


def _check_unzipped_size(file_name: str, data: bytes) -> None:
    """An .xlsx is a zip: refuse one that would unpack to more than ``MAX_XLSX_UNZIPPED``
    (Python's zipfile never reads past the sizes it declares, so the declared sum is a cap)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ValidationError(f"{file_name}: not a readable Excel .xlsx file ({exc})") from None
    if unpacked > MAX_XLSX_UNZIPPED:
        raise ValidationError(
            f"{file_name}: unpacks to {unpacked / 2**20:.0f} MB; an update form is far smaller "
            f"(limit {MAX_XLSX_UNZIPPED / 2**20:.0f} MB)"
        )


def _read_xlsx(file_name: str, data: bytes) -> list[tuple[int, list[Any]]]:
    import openpyxl

    _check_unzipped_size(file_name, data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationError(f"{file_name}: not a readable Excel .xlsx file ({exc})") from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            if number > MAX_IMPORT_ROWS + _HEADER_ROWS_SEARCHED:
                break
            _refuse_formulas(file_name, cells)
            rows.append((number, [_xlsx_value(c) for c in cells]))
        return rows
    finally:
        book.close()


def _refuse_formulas(file_name: str, cells: tuple[Any, ...]) -> None:
    """A formula is refused by its cell: its value is whatever Excel last computed (or nothing,
    for a file written by a script), which is no figure to report to the county."""
    for cell in cells:
        if getattr(cell, "data_type", None) == "f":
            raise ValidationError(
                f"{file_name}: 单元格 {cell.coordinate} 是公式（{cell.value}），请复制后"
                f"“选择性粘贴 → 数值”再上传 / cell {cell.coordinate} holds a formula "
                f"({cell.value}); paste it as values (Paste Special → Values) and upload again"
            )


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
