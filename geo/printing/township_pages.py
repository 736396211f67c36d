"""A page per township in the print pack with its task list (preparation and clean-up tasks
together: task, site or road, unit, person, deadline, status), late rows in red, for the
township offices' own copy of the backward timetable (倒排工作时间表)."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from geo.i18n import text
from geo.prep.township_list import TownshipTaskList
from geo.printing.pages import Styles

_COLUMNS = ("prep_kind", "township_task_where", "prep_unit", "prep_person", "prep_deadline",
            "status", "progress")  # fmt: skip
_WIDTHS = (0.12, 0.32, 0.16, 0.1, 0.1, 0.08, 0.12)
LATE = colors.HexColor("#d50000")


def township_pages(lists: Sequence[TownshipTaskList], st: Styles, width: float, lang: str) -> list:
    """One page per township that has tasks (nothing when none has)."""
    story: list = []
    for town in lists:
        story += [PageBreak(), *_township(town, st, width, lang)]
    return story


def _township(town: TownshipTaskList, st: Styles, width: float, lang: str) -> list:
    counts = town.counts
    figures = " · ".join(
        f"{text(f'prep_progress_{state}', lang)} {counts[state]}"
        for state in ("late", "due", "todo", "undated", "done")
    )
    head = _p(text("township_tasks_title", lang, name=town.name), st.para(15))
    rows = [[_p(text(k, lang), st.para(8.5, colors.white)) for k in _COLUMNS]]
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#37474f")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#90a4ae")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for number, task in enumerate(town.tasks, start=1):
        late = task.state == "late"
        cell = st.para(8.5, LATE if late else colors.black, leading=11)
        rows.append(
            [_p(task.task, cell), _p(task.where, cell), _p(task.unit, cell),
             _p(task.person, cell), _p(task.deadline.isoformat() if task.deadline else "–", cell),
             _p(text(f"task_status_{task.status}", lang), cell),
             _p(text(f"prep_progress_{task.state}", lang), cell)]
        )  # fmt: skip
        if late:
            style.append(("BACKGROUND", (0, number), (-1, number), colors.HexColor("#ffebee")))
    table = Table(rows, colWidths=[w * width for w in _WIDTHS], repeatRows=1)
    table.setStyle(TableStyle(style))
    review = town.review_start.isoformat() if town.review_start else text("review_unset", lang)
    meta = f"{text('review_start', lang)} {review} · {text('prep_today', lang, d=town.today)}"
    return [
        head,
        Spacer(1, 4),
        _p(f"{meta} · {figures}", st.para(9.5, colors.HexColor("#37474f"))),
        Spacer(1, 6),
        table,
    ]


def _p(value: str, style) -> Paragraph:
    return Paragraph(escape(value), style)
