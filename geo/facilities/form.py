"""The county's facility update form, pre-filled: the file an editor downloads, fills in and
uploads again (``geo.facilities.bulk_import`` reads it back), as CSV (UTF-8 with a BOM, for Excel)
or XLSX. Cells that would start like a formula are written as text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from geo.cells import spreadsheet_safe
from geo.errors import NotFoundError
from geo.i18n import text

HEADER = ["编号", "名称", "状态", "负荷率(%)", "进展说明", "日期", "责任单位"]
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _rows(plants: Iterable[dict[str, Any]]) -> list[list[Any]]:
    return [
        [
            spreadsheet_safe(p["id"]),
            spreadsheet_safe(p["name_zh"]),
            text(p["status"], "zh"),
            p.get("load_rate"),
            "",
            "",
            spreadsheet_safe(p.get("responsible_unit") or ""),
        ]
        for p in plants
    ]


def update_form(plants: Iterable[dict[str, Any]], fmt: str) -> tuple[bytes, str]:
    """The form for these plants' properties, and its MIME type."""
    if fmt not in FORMATS:
        raise NotFoundError(f"no template as .{fmt}; use .csv or .xlsx")
    rows = [HEADER, *_rows(plants)]
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        return ("\ufeff" + out.getvalue()).encode("utf-8"), FORMATS[fmt]
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "facilities"
    for line in rows:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), FORMATS[fmt]
