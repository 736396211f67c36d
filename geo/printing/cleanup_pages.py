"""The clean-up pages: one page per township with its task list (road verges, streams, stops'
surroundings), each task's status with its before/after photos (thumbnails) and boxes to tick,
in the print pack after the fact cards, or on their own as a PDF for the township offices."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    Image,
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
_WIDTHS = (0.13, 0.2, 0.33, 0.07, 0.15, 0.12)
THUMB_MM = 16  # a photo's thumbnail in the status cell
Photos = Mapping[str, Sequence[tuple[str, bytes]]]  # task key -> (before/after, JPEG thumbnail)


def cleanup_pages(
    cleanup: Cleanup,
    st: Styles,
    width: float,
    lang: str,
    statuses: Mapping[str, str] | None = None,
    photos: Photos | None = None,
) -> list:
    """A page per township that has work (nothing for an empty tour); ``statuses`` maps task
    keys to todo/doing/done, ``photos`` to their thumbnails."""
    story: list = []
    for town in cleanup.townships:
        story += [
            PageBreak(),
            *_township(town, cleanup, st, width, lang, statuses or {}, photos or {}),
        ]
    return story


def _township(
    town: TownshipCleanup,
    cleanup: Cleanup,
    st: Styles,
    width: float,
    lang: str,
    statuses: Mapping[str, str],
    photos: Photos,
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
        status = [_p(state, cell), *_thumbs(photos.get(task.key, ()), lang, cell)]
        rows.append(
            [_p(text(f"cleanup_kind_{task.kind}", lang), cell), _p(task.subject, cell),
             _p(task.where, cell), _p(km, cell), status, ""]
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


def _thumbs(photos: Sequence[tuple[str, bytes]], lang: str, style) -> list:
    """Each photo's thumbnail, kept to its proportions, under the word before/after."""
    out: list = []
    for stage, jpeg in photos:
        image = Image(io.BytesIO(jpeg))
        scale = THUMB_MM * mm / max(image.imageWidth, image.imageHeight)
        image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
        out += [_p(text(f"task_photo_{stage}", lang), style), image]
    return out


def _p(value: str, style) -> Paragraph:
    return Paragraph(escape(value), style)


def cleanup_pdf(
    cleanup: Cleanup,
    plan_name: str,
    font: CjkFont,
    lang: str,
    today: date,
    statuses: Mapping[str, str] | None = None,
    photos: Photos | None = None,
) -> bytes:
    """The clean-up pages alone (A4 landscape), for the townships' offices."""

    def story(st: Styles, width: float) -> list:
        pages = cleanup_pages(cleanup, st, width, lang, statuses, photos)[
            1:
        ]  # no break before the first
        return pages or [_p(text("cleanup_empty", lang), st.para(12))]

    return landscape_pdf(text("cleanup_title", lang), plan_name, font, lang, today, story)
