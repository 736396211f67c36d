"""The clean-up task list as an Excel workbook: a summary sheet, then one sheet per township
with its tasks and empty columns the township fills in (status, person, date).

Every text cell goes through ``spreadsheet_safe``: road, river and stop names come from uploaded
layers, and a name starting with "=" must not run as a formula in Excel or WPS.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

import openpyxl
from openpyxl.styles import Font

from geo.cells import spreadsheet_safe
from geo.i18n import text
from geo.prep.records import Cleanup, Task, TownshipCleanup

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TASK_HEADER = (
    "cleanup_task_key", "cleanup_kind", "cleanup_subject", "cleanup_where", "km",
    "status", "cleanup_person", "cleanup_done_on",
)  # fmt: skip
SUMMARY_HEADER = ("township", "cleanup_road_km", "cleanup_river_km", "cleanup_task_count")
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def task_row(task: Task, lang: str, status: str | None = None) -> list:
    """One task as cells: its recorded status if any, then two cells the township fills in."""
    km = None if task.km is None else round(task.km, 2)
    kind = text(f"cleanup_kind_{task.kind}", lang)
    state = text(f"task_status_{status}", lang) if status else ""
    return [task.key, kind, spreadsheet_safe(task.subject), spreadsheet_safe(task.where), km,
            state, "", ""]  # fmt: skip


def cleanup_workbook(
    cleanup: Cleanup, plan_name: str, lang: str, statuses: Mapping[str, str] | None = None
) -> bytes:
    """The workbook's bytes (.xlsx); ``statuses`` maps task keys to todo/doing/done."""
    book = openpyxl.Workbook()
    summary = book.active
    summary.title = text("cleanup_summary", lang)
    _title(summary, f"{plan_name} · {text('cleanup_title', lang)}")
    _header(summary, SUMMARY_HEADER, lang)
    for town in cleanup.townships:
        summary.append([spreadsheet_safe(town.label), round(town.road_km, 2),
                        round(town.river_km, 2), len(town.tasks)])  # fmt: skip
        _township_sheet(book, town, lang, statuses or {})
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _township_sheet(
    book: openpyxl.Workbook, town: TownshipCleanup, lang: str, statuses: Mapping[str, str]
) -> None:
    sheet = book.create_sheet(_SHEET_UNSAFE.sub("_", town.label)[:31] or town.code)
    _title(sheet, f"{town.label} · {text('cleanup_tasks', lang)}")
    _header(sheet, TASK_HEADER, lang)
    for task in town.tasks:
        sheet.append(task_row(task, lang, statuses.get(task.key)))
    for column, width in zip("ABCDEFGH", (16, 14, 24, 48, 8, 10, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width


def _title(sheet, title: str) -> None:
    sheet.append([spreadsheet_safe(title)])
    sheet["A1"].font = Font(bold=True, size=13)


def _header(sheet, keys: tuple[str, ...], lang: str) -> None:
    sheet.append([text(k, lang) for k in keys])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
