"""The progress report as an Excel workbook: counts per responsible unit, counts per kind of
work, and every item grouped by unit. Text cells go through ``spreadsheet_safe`` (names come
from uploaded layers and users)."""

from __future__ import annotations

import io

import openpyxl
from openpyxl.styles import Font, PatternFill

from geo.cells import spreadsheet_safe
from geo.i18n import text
from geo.prep.progress import SECTIONS, ProgressReport

STATES = ("done", "due", "late", "todo", "undated")
COUNT_HEADER = tuple(f"prep_progress_{s}" for s in STATES) + ("prep_total",)
DETAIL_HEADER = (
    "prep_unit", "report_section", "report_item", "cleanup_where", "prep_deadline", "progress",
    "archive_note",
)  # fmt: skip
_LATE = PatternFill("solid", fgColor="FFCDD2")


def progress_workbook(report: ProgressReport, lang: str) -> bytes:
    """The workbook's bytes (.xlsx)."""
    book = openpyxl.Workbook()
    units = book.active
    units.title = text("report_by_unit", lang)
    _title(units, report, lang)
    _header(units, ("prep_unit", *COUNT_HEADER), lang)
    for unit in report.by_unit():
        units.append([spreadsheet_safe(unit.unit), *_counts(unit.counts)])
    units.append([text("prep_county", lang), *_counts(report.counts)])
    units[units.max_row][0].font = Font(bold=True)
    units.column_dimensions["A"].width = 28

    sections = book.create_sheet(text("report_by_section", lang))
    _title(sections, report, lang)
    _header(sections, ("report_section", *COUNT_HEADER), lang)
    for section in SECTIONS:
        sections.append([text(f"report_section_{section}", lang),
                         *_counts(report.section_counts(section))])  # fmt: skip
    sections.column_dimensions["A"].width = 20

    details = book.create_sheet(text("report_details", lang))
    _title(details, report, lang)
    _header(details, DETAIL_HEADER, lang)
    for unit in report.by_unit():
        for row in unit.rows:
            details.append([
                spreadsheet_safe(unit.unit), text(f"report_section_{row.section}", lang),
                spreadsheet_safe(row.item), spreadsheet_safe(row.where),
                row.deadline.isoformat() if row.deadline else "",
                text(f"prep_progress_{row.state}", lang), spreadsheet_safe(row.detail),
            ])  # fmt: skip
            if row.state == "late":
                for cell in details[details.max_row]:
                    cell.fill = _LATE
    for column, width in zip("ABCDEFG", (24, 12, 36, 30, 12, 12, 30), strict=True):
        details.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _counts(counts: dict[str, int]) -> list[int]:
    return [counts[s] for s in STATES] + [counts["total"]]


def _title(sheet, report: ProgressReport, lang: str) -> None:
    review = report.review_start.isoformat() if report.review_start else "—"
    sheet.append([spreadsheet_safe(
        f"{report.plan_name} · {text('report_title', lang)} · "
        f"{text('report_as_of', lang, d=report.today.isoformat(), r=review)}"
    )])  # fmt: skip
    sheet["A1"].font = Font(bold=True, size=13)


def _header(sheet, keys: tuple[str, ...], lang: str) -> None:
    sheet.append([text(k, lang) for k in keys])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
