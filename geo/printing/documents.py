"""A stand-alone A4 landscape PDF with the print pack's footer (title, printed on, page n): the
clean-up task lists and the progress report are printed this way, apart from the pack."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

from geo.i18n import text
from geo.maps.fonts import register_font
from geo.maps.static import CjkFont
from geo.printing.pages import Styles

MARGIN = 12 * mm


def landscape_pdf(
    title: str,
    plan_name: str,
    font: CjkFont,
    lang: str,
    today: date,
    story: Callable[[Styles, float], list],
) -> bytes:
    """The PDF's bytes; ``story(styles, width)`` makes the flowables for the frame's width."""
    st = Styles(register_font(font), lang)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=14 * mm,
        title=f"{plan_name} · {title}",
        author="Jiangle Inspect",
    )
    footer = f"{plan_name} · {text('print_printed', lang)} {today.isoformat()}"

    def draw(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(st.font, 7.5)
        canvas.drawString(MARGIN, 8 * mm, footer[:100])
        page = text("print_page", lang, n=document.page)
        canvas.drawRightString(document.pagesize[0] - MARGIN, 8 * mm, page)
        canvas.restoreState()

    doc.build(story(st, doc.width), onFirstPage=draw, onLaterPages=draw)
    return out.getvalue()
