"""The print pack: what the review panel holds. Plain data in, PDF bytes out (reportlab).

Cover (plan, dates, county, legend, a slot for the map approval number 审图号, data sources),
an overview map, one section per day (its map at a readable scale and its itinerary table) and
a fact card per site. Maps are drawn from the county's own layers by ``geo.maps.static``; no tile
server is needed. One CJK TrueType font is embedded (subset), so Chinese prints as glyphs.

This module puts the document together (paper, margins, footer, page order) and is the public entry:
``geo.printing.content`` computes what the PDF and the HTML print page share (``pack_content``),
``geo.printing.maps`` builds their maps and legend, ``geo.printing.pages`` lays out each page. Their
public names are re-exported here, where the routes import them.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from geo.errors import ValidationError
from geo.i18n import text
from geo.maps.fonts import register_font
from geo.maps.static import CjkFont, TileFetcher
from geo.printing.cleanup_pages import cleanup_pages
from geo.printing.content import PackContent, PackInput, layer_sources, pack_content, totals_text
from geo.printing.maps import day_view, legend_items, map_image, overview_view
from geo.printing.pages import Styles, cover, day_section, fact_cards, overview
from geo.printing.township_pages import township_pages

__all__ = [
    "PAPERS",
    "PackInput",
    "Progress",
    "build_print_pack",
    "day_view",
    "layer_sources",
    "legend_items",
    "map_image",
    "overview_view",
    "pack_content",
    "totals_text",
]

# Images go into the PDF as binary zlib streams, not ASCII85 text: 20% less CPU per pack and
# 20% smaller files (bench/bench_print.py; README "Print pack speed"). rl-accel (requirements)
# does what ASCII85 is still done in C.
rl_config.useA85 = 0

PAPERS = {"A4": landscape(A4), "A3": landscape(A3)}
MARGIN = 12 * mm
FOOTER = 9 * mm


Progress = Callable[[str, float], None]  # (stage, fraction done): a background job's progress


def _silent(_stage: str, _fraction: float) -> None:
    """No one watches a pack built in the foreground."""


def build_print_pack(
    data: PackInput,
    font: CjkFont,
    paper: str = "A4",
    tiles: TileFetcher | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The PDF print pack on A4 or A3 landscape; ``progress`` hears of each map and the layout."""
    if paper not in PAPERS:
        raise ValidationError(code="err_paper", papers=", ".join(PAPERS), value=paper[:20])
    c = pack_content(data)
    st = Styles(register_font(font), data.lang)
    size = PAPERS[paper]
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + FOOTER,
        title=str(data.plan.get("name", "")),
        author="Jiangle Inspect",
        subject=text("print_pack", data.lang),
        creator="Jiangle Inspect",
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=_footer(c, st))])
    progress = progress or _silent
    maps = len(c.days) + 1
    progress(text("job_stage_map", data.lang, n=1, of=maps), 0.1)
    story = cover(c, st, doc.width, font)
    story += overview(c, st, doc.width, doc.height, font, tiles)
    for i, day in enumerate(c.days, 2):
        progress(text("job_stage_map", data.lang, n=i, of=maps), 0.1 + 0.6 * (i - 1) / maps)
        story += day_section(c, st, day, doc.width, doc.height, font, tiles)
    story += fact_cards(c, st, doc.width)
    if data.cleanup is not None:
        story += cleanup_pages(
            data.cleanup, st, doc.width, data.lang, data.task_statuses, data.task_photos
        )
    story += township_pages(data.township_tasks, st, doc.width, data.lang)
    progress(text("job_stage_layout", data.lang), 0.75)
    doc.build(story)
    return out.getvalue()


def _footer(c: PackContent, st: Styles):
    lang = c.lang
    left = f"{text('print_county', lang)} · {c.data.plan.get('name', '')}"
    approval = c.data.approval_number
    right_extra = f"{text('print_printed', lang)} {c.data.today.isoformat()}"

    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor("#90a4ae"))
        canvas.setLineWidth(0.5)
        y = MARGIN + FOOTER * 0.55
        canvas.line(MARGIN, y + 9, doc.pagesize[0] - MARGIN, y + 9)
        canvas.setFont(st.font, 7.5)
        canvas.setFillColor(colors.HexColor("#455a64"))
        canvas.drawString(MARGIN, y, left[:90])
        if approval:
            canvas.drawCentredString(
                doc.pagesize[0] / 2, y, f"{text('print_approval', lang)}: {approval}"
            )
        page = text("print_page", lang, n=doc.page)
        canvas.drawRightString(doc.pagesize[0] - MARGIN, y, f"{right_extra}  ·  {page}")
        canvas.restoreState()

    return draw
