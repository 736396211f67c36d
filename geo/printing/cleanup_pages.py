"""The clean-up pages: one page per township with its task list (road verges, streams, stops'
surroundings) and boxes to tick, in the print pack after the fact cards, or on their own as a
PDF for the township offices."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from geo.i18n import text
from geo.maps.static import CjkFont
from geo.prep import Cleanup, TownshipCleanup
from geo.printing.documents import landscape_pdf
from geo.printing.pages import Styles

_COLUMNS = ("cleanup_kind", "cleanup_subject", "cleanup_where", "km", "status", "cleanup_person")
_WIDTHS = (0.13, 0.2, 0.39, 0.07, 0.09, 0.12)


def cleanup_pages(
    cleanup: Cleanup,
    st: Styles,
    width: float,
    lang: str,
    statuses: Mapping[str, str] | None = None,
) -> list:
    """A page per township that has work (nothing for an empty tour); ``statuses`` maps task
    keys to todo/doing/done."""
    story: list = []
    for town in cleanup.townships:
        story += [PageBreak(), *_township(town, cleanup, st, width, lang, statuses or {})]
    return story


def _township(
    town: TownshipCleanup,
    cleanup: Cleanup,
    st: Styles,
    width: float,
    lang: str,
    statuses: Mapping[str, str],
) -> list:
    s = cleanup.settings
    head = f"{text('cleanup_title', lang)} · {town.label}"
    figures = (
        f"{text('cleanup_road_km', lang)} {town.road_km:.2f} · "
        f"{text('cleanup_river_km', lang)} {town.river_km:.2f} · "
        f"{text('cleanup_task_count', lang)} {len(town.tasks)}"
    )
    intro = text("cleanup_intro", lang, d=s.river_distance_m, r=s.stop_radius_m)
    rows = [[_p(text(k, lang), st.para(8.5, colors.white)) for k in _COLUMNS]]
    cell = st.para(8.5, leading=11)
    for task in town.tasks:
        km = "" if task.km is None else f"{task.km:.2f}"
        state = statuses.get(task.key)
        state = text(f"task_status_{state}", lang) if state else ""
        rows.append(
            [_p(text(f"cleanup_kind_{task.kind}", lang), cell), _p(task.subject, cell),
             _p(task.where, cell), _p(km, cell), _p(state, cell), ""]
        )  # fmt: skip
    table = Table(
        rows,
        colWidths=[w * width for w in _WIDTHS],
        repeatRows=1,
        style=TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e65100")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#90a4ae")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), st.font),
            ]
        ),
    )
    return [
        _p(head, st.para(15)),
        Spacer(1, 4),
        _p(figures, st.para(9.5, colors.HexColor("#37474f"))),
        _p(intro, st.para(8, colors.HexColor("#546e7a"))),
        Spacer(1, 6),
        table,
    ]


def _p(value: str, style) -> Paragraph:
    return Paragraph(escape(value), style)


def cleanup_pdf(
    cleanup: Cleanup,
    plan_name: str,
    font: CjkFont,
    lang: str,
    today: date,
    statuses: Mapping[str, str] | None = None,
) -> bytes:
    """The clean-up pages alone (A4 landscape), for the townships' offices."""

    def story(st: Styles, width: float) -> list:
        pages = cleanup_pages(cleanup, st, width, lang, statuses)[1:]  # no break before the first
        return pages or [_p(text("cleanup_empty", lang), st.para(12))]

    return landscape_pdf(text("cleanup_title", lang), plan_name, font, lang, today, story)
