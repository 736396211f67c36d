"""Spreadsheets as the county keeps them: CSV (UTF-8, or GB18030 as Chinese Excel saves it) or
the first sheet of an .xlsx, read into numbered rows. Shared by the plant-status update form
(``geo.facilities.bulk_import``) and point layers from a table (``geo.layers.source``)."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

from geo.errors import ValidationError

MAX_XLSX_UNZIPPED = 50 * 1024 * 1024


def read_rows(
    file_name: str, data: bytes, max_bytes: int, max_rows: int
) -> list[tuple[int, list[Any]]]:
    """The rows of a CSV or the first XLSX sheet (of an .xlsx at most ``max_rows``: a huge sheet
    is not read to its end), each with its spreadsheet row number; raises ValidationError for a
    file that cannot be read."""
    if len(data) > max_bytes:
        raise ValidationError(code="err_table_large", file=file_name, kb=max_bytes // 1024)
    suffix = file_name.lower().rsplit(".", 1)[-1] if "." in file_name else ""
    if suffix == "csv":
        return _read_csv(file_name, data)
    if suffix in ("xlsx", "xlsm"):
        return _read_xlsx(file_name, data, max_rows)
    raise ValidationError(code="err_table_kind", file=file_name)


def _read_csv(file_name: str, data: bytes) -> list[tuple[int, list[Any]]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            content = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(code="err_table_encoding", file=file_name)
    try:
        rows = list(csv.reader(io.StringIO(content)))
    except csv.Error as exc:
        raise ValidationError(code="err_table_csv", file=file_name, detail=exc) from None
    return list(enumerate(rows, start=1))


def _check_unzipped_size(file_name: str, data: bytes) -> None:
    """An .xlsx is a zip: refuse one that would unpack to more than ``MAX_XLSX_UNZIPPED``
    (Python's zipfile never reads past the sizes it declares, so the declared sum is a cap)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise _not_xlsx(file_name, exc) from None
    if unpacked > MAX_XLSX_UNZIPPED:
        raise ValidationError(
            code="err_table_unpacked",
            file=file_name,
            mb=f"{unpacked / 2**20:.0f}",
            limit=f"{MAX_XLSX_UNZIPPED / 2**20:.0f}",
        )


def _not_xlsx(file_name: str, exc: Exception) -> ValidationError:
    return ValidationError(code="err_table_xlsx", file=file_name, detail=exc)


def _read_xlsx(file_name: str, data: bytes, max_rows: int) -> list[tuple[int, list[Any]]]:
    import openpyxl

    _check_unzipped_size(file_name, data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _not_xlsx(file_name, exc) from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            if number > max_rows:
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
                code="err_table_formula", file=file_name, cell=cell.coordinate, formula=cell.value
            )


def _xlsx_value(cell: Any) -> Any:
    """Cell value; a number formatted as percent (0.78 shown as 78%) becomes 78."""
    value = getattr(cell, "value", None)
    fmt = getattr(cell, "number_format", "") or ""
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in fmt:
        return round(value * 100, 4)
    return value
