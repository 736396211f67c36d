"""The progress report as a PDF for the creation office's meeting: the counts per responsible
unit and per kind of work, then each unit's items with late ones in red."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from geo.i18n import text
from geo.maps.static import CjkFont
from geo.prep.progress import SECTIONS, ProgressReport
from geo.prep.progress_workbook import COUNT_HEADER, STATES
from geo.printing.documents import landscape_pdf
from geo.printing.pages import Styles

LATE_RED = colors.HexColor("#d50000")
_HEAD = colors.HexColor("#37474f")
_ITEM_COLUMNS = ("report_section", "report_item", "cleanup_where", "prep_deadline", "progress")
_ITEM_WIDTHS = (0.12, 0.36, 0.3, 0.1, 0.12)


def progress_pdf(report: ProgressReport, font: CjkFont, lang: str) -> bytes:
    def story(st: Styles, width: float) -> list:
        review = report.review_start.isoformat() if report.review_start else "—"
        flow = [
            _p(f"{report.plan_name} · {text('report_title', lang)}", st.para(15)),
            _p(
                text("report_as_of", lang, d=report.today.isoformat(), r=review),
                st.para(9.5, _HEAD),
            ),  # fmt: skip
            Spacer(1, 6),
            _counts_table(
                [(u.unit, u.counts) for u in report.by_unit()]
                + [(text("prep_county", lang), report.counts)],
                "prep_unit",
                st,
                width,
                lang,
            ),  # fmt: skip
            Spacer(1, 6),
            _counts_table(
                [(text(f"report_section_{s}", lang), report.section_counts(s)) for s in SECTIONS],
                "report_section",
                st,
                width,
                lang,
            ),  # fmt: skip
        ]
        for unit in report.by_unit():
            heading = _p(unit.unit, st.para(12))
            flow += [Spacer(1, 8), KeepTogether([heading, _items(unit.rows, st, width, lang)])]
        return flow

    return landscape_pdf(text("report_title", lang), report.plan_name, font, lang, report.today,
                         story)  # fmt: skip


def _counts_table(rows, first: str, st: Styles, width: float, lang: str) -> Table:
    head = [_p(text(k, lang), st.para(8.5, colors.white)) for k in (first, *COUNT_HEADER)]
    cell, red = st.para(8.5), st.para(8.5, LATE_RED)
    body = [
        [_p(label, cell)]
        + [_p(str(c[s]), red if s == "late" and c[s] else cell) for s in STATES]
        + [_p(str(c["total"]), cell)]
        for label, c in rows
    ]
    style = _style(st)
    columns = [0.3 * width] + [0.7 * width / len(COUNT_HEADER)] * len(COUNT_HEADER)
    return Table([head, *body], colWidths=columns, repeatRows=1, style=style)


def _items(rows, st: Styles, width: float, lang: str) -> Table:
    head = [_p(text(k, lang), st.para(8.5, colors.white)) for k in _ITEM_COLUMNS]
    body = []
    for row in rows:
        cell = st.para(8.5, LATE_RED if row.state == "late" else colors.black, leading=11)
        deadline = row.deadline.isoformat() if row.deadline else ""
        body.append([_p(text(f"report_section_{row.section}", lang), cell), _p(row.item, cell),
                     _p(row.where, cell), _p(deadline, cell),
                     _p(text(f"prep_progress_{row.state}", lang), cell)])  # fmt: skip
    return Table(
        [head, *body],
        colWidths=[w * width for w in _ITEM_WIDTHS],
        repeatRows=1,
        style=_style(st),
    )


def _style(st: Styles) -> TableStyle:
    return TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), _HEAD),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#90a4ae")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), st.font),
        ]
    )


def _p(value: str, style) -> Paragraph:
    return Paragraph(escape(value), style)
