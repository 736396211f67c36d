"""The pages of the PDF print pack as reportlab flowables: cover, overview, day sections, cards.

Each function returns the story (list of flowables) for its part of the document; the document
itself (paper, margins, footer) is put together by ``geo.printing.pack``. Text goes through ``_p``,
which escapes it, so plan names with markup print as written.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect
from reportlab.graphics.shapes import Polygon as RLPolygon
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from geo.i18n import duration, text
from geo.maps.static import CjkFont
from geo.printing.content import Card, PackContent, totals_text
from geo.printing.day_select import route_name
from geo.printing.maps import day_view, legend_items, map_image, overview_view
from geo.printing.rows import Row
from geo.tour.records import DaySummary

HEADING_H = 24  # a page heading (13 pt on 17 pt leading) and the space under it, in points


@dataclass(frozen=True)
class Styles:
    """Paragraph styles in the embedded CJK font. Chinese text wraps between any two glyphs (CJK
    word wrap); English wraps at spaces only, so no word is cut ("Townshi-p"), and a Chinese
    name in it, having no spaces, is still cut where the line is full (reportlab's
    splitLongWords)."""

    font: str
    lang: str = "zh"

    def para(self, size: float, colour=colors.black, leading: float | None = None, **kw):
        return ParagraphStyle(
            f"s{size}",
            fontName=self.font,
            fontSize=size,
            leading=leading or size * 1.3,
            textColor=colour,
            wordWrap=None if self.lang == "en" else "CJK",
            splitLongWords=True,
            **kw,
        )


def _p(value: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(value)).replace("\n", "<br/>"), style)


def _key_facts(c: PackContent, st: Styles) -> list[tuple[str, str]]:
    lang, plan = c.lang, c.data.plan
    facts = [
        (text("print_dates", lang), c.dates()),
        (
            text("print_plan_status", lang),
            text(f"print_status_{plan.get('status', 'draft')}", lang),
        ),
        (
            text("print_version", lang),
            " · ".join(
                str(part)
                for part in (
                    plan.get("version", ""),
                    plan.get("updated_by"),
                    str(plan.get("updated_at", ""))[:16].replace("T", " "),
                )
                if part
            ),
        ),
        (text("print_stop_count", lang), str(len(plan.get("sites", ())))),
    ]
    if plan.get("removed"):
        names = text("tour_list_sep", lang).join(plan["removed"])
        facts.append((text("removed_title", lang), text("removed_print", lang, names=names)))
    if plan.get("revisions"):
        facts.append((text("print_layers", lang), plan["revisions"]))
    if totals_text(c):
        facts.append((text("print_totals", lang), totals_text(c)))
    review = c.data.review
    if review is not None and review.start:
        facts.append((text("review_visit", lang), f"{review.start} – {review.end}"))
    return facts


def _experts(c: PackContent, st: Styles, width: float) -> list:
    """The expert panel on the cover, when the print asked for it (planners and admins only)."""
    review = c.data.review
    if review is None or not review.experts:
        return []
    lang, cell = c.lang, st.para(9)
    rows = [[_p(text(k, lang), st.para(8.5, colors.HexColor("#546e7a")))
             for k in ("expert_name", "expert_affiliation", "expert_role")]]  # fmt: skip
    rows += [[_p(e.name, cell), _p(e.affiliation, cell), _p(e.role, cell)] for e in review.experts]
    table = Table(
        rows,
        colWidths=[w * width * 0.55 for w in (0.25, 0.5, 0.25)],
        style=[("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.HexColor("#90a4ae"))],
    )
    return [_p(text("review_experts", lang), st.para(10)), Spacer(1, 2), table, Spacer(1, 8)]


def cover(c: PackContent, st: Styles, width: float, font: CjkFont) -> list:
    """The cover page: key facts, the approval-number box, data sources and the legend."""
    lang, plan = c.lang, c.data.plan
    story: list = [
        _p(text("print_county", lang), st.para(12, colors.HexColor("#546e7a"))),
        Spacer(1, 4),
        _p(plan.get("name", ""), st.para(24, leading=30)),
        _p(text("print_subtitle", lang), st.para(12, colors.HexColor("#37474f"))),
        Spacer(1, 10),
    ]
    label, value = st.para(9, colors.HexColor("#546e7a")), st.para(10)
    facts = Table(
        [[_p(k, label), _p(v, value)] for k, v in _key_facts(c, st)],
        colWidths=[28 * mm, width * 0.55 - 28 * mm],
        style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)],
    )
    approval = Table(
        [
            [
                _p(text("print_approval", lang), st.para(10)),
                _p(c.data.approval_number or " ", st.para(11)),
            ]
        ],
        colWidths=[40 * mm, width * 0.55 - 40 * mm],
        rowHeights=[11 * mm],
        style=[
            ("BOX", (0, 0), (-1, -1), 0.8, colors.HexColor("#37474f")),
            ("LINEAFTER", (0, 0), (0, 0), 0.5, colors.HexColor("#90a4ae")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ],
    )
    left = [facts, Spacer(1, 8), approval, Spacer(1, 10), *_experts(c, st, width)]
    note = c.note()
    if note:
        left += [_p(note, st.para(10, colors.HexColor("#b71c1c"))), Spacer(1, 8)]
    left += [_p(text("print_sources", lang), st.para(10)), Spacer(1, 2)]
    small = st.para(7.2, colors.HexColor("#37474f"))
    left += [_p(f"{title}: {src}", small) for title, src in c.sources]
    left += [Spacer(1, 4), _p(text("approx_note", lang), st.para(8, colors.HexColor("#b71c1c")))]
    right = [_p(text("legend", lang), st.para(11)), Spacer(1, 4), _legend(c, st)]
    body = Table(
        [[left, right]],
        colWidths=[width * 0.58, width * 0.42],
        style=[("VALIGN", (0, 0), (-1, -1), "TOP")],
    )
    return [*story, body, PageBreak()]


def _swatch(kind: str, colour: str, width: float = 1.0) -> Drawing:
    d = Drawing(26, 11)
    col = colors.HexColor(colour)
    if kind == "line":
        d.add(Line(2, 5.5, 24, 5.5, strokeColor=col, strokeWidth=width))
    elif kind == "dash":
        d.add(Line(2, 5.5, 24, 5.5, strokeColor=col, strokeWidth=width, strokeDashArray=[3, 2]))
    elif kind == "area":
        d.add(
            Rect(
                3,
                1,
                20,
                9,
                fillColor=colors.Color(col.red, col.green, col.blue, 0.25),
                strokeColor=col,
                strokeWidth=0.8,
            )
        )
    elif kind == "star":
        d.add(RLPolygon(_star(13, 5.5, 5.5), fillColor=col, strokeColor=col))
    else:
        d.add(Circle(13, 5.5, 4.5, fillColor=col, strokeColor=colors.white, strokeWidth=0.8))
    return d


def _star(cx: float, cy: float, r: float) -> list[float]:
    pts = []
    for i in range(10):
        rad = r if i % 2 == 0 else r * 0.45
        a = math.pi / 2 + i * math.pi / 5
        pts += [cx + rad * math.cos(a), cy + rad * math.sin(a)]
    return pts


def _legend(c: PackContent, st: Styles) -> Table:
    style = st.para(8)
    return Table(
        [[_swatch(i.kind, i.colour, i.width), _p(i.label, style)] for i in legend_items(c)],
        colWidths=[30, 190],
        style=[
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ],
    )


def _heading(st: Styles) -> ParagraphStyle:
    return st.para(13, leading=17)


def _image(data: bytes, width: float, height: float) -> Image:
    return Image(io.BytesIO(data), width=width, height=height)


def overview(c, st: Styles, width, height, font, tiles) -> list:
    """The overview page: the whole county with every day's route, under the totals, and the
    key from the numbers on the map to the stops' names beside it."""
    lang = c.lang
    heading = " · ".join(filter(None, [text("print_overview", lang), totals_text(c)]))
    map_h = height - HEADING_H
    key = _number_key(c, st, width * KEY_SHARE, map_h)
    map_w = width - (width * KEY_SHARE + 6 if key else 0)
    view = overview_view(c, map_w / 72, map_h / 72)
    img = _image(map_image(c, view, font, tiles, "jpeg"), map_w, map_h)
    body = img
    if key:
        body = Table(
            [[img, key]],
            colWidths=[map_w + 6, width - map_w - 6],
            style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                   ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                   ("BOTTOMPADDING", (0, 0), (-1, -1), 0)],
        )  # fmt: skip
    story = [_p(heading, _heading(st)), Spacer(1, 5), body]
    if c.basemap_missing:
        story.insert(1, _p(text("print_basemap_off", lang), st.para(8, colors.HexColor("#b71c1c"))))
    return [*story, PageBreak()]


KEY_SHARE = 0.24  # of the frame's width: the overview's number key beside the map


def _number_key(c: PackContent, st: Styles, width: float, height: float) -> Table | None:
    """The numbers on the overview map with the stops' names, in as few columns as fit the
    map's height (None for a plan without stops)."""
    entries = sorted((n, sid) for sid, n in c.numbers.items() if n)
    if not entries:
        return None
    title = _p(text("print_number_key", c.lang), st.para(9, leading=12))
    number, label = st.para(7.5, leading=9.2, alignment=2), st.para(7.5, leading=9.2)
    for cols in (1, 2, 3):
        rows = math.ceil(len(entries) / cols)
        cells = [[""] * (2 * cols) for _ in range(rows)]
        for i, (n, sid) in enumerate(entries):
            cells[i % rows][2 * (i // rows)] = _p(n, number)
            cells[i % rows][2 * (i // rows) + 1] = _p(c.gazetteer.label(sid, c.lang), label)
        span = width / cols
        key = Table(
            [[title] + [""] * (2 * cols - 1), *cells],
            colWidths=[16, span - 16] * cols,
            style=[("SPAN", (0, 0), (-1, 0)), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                   ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                   ("TOPPADDING", (0, 0), (-1, -1), 0.8), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.8),
                   ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.HexColor("#90a4ae"))],
        )  # fmt: skip
        if key.wrap(width, height)[1] <= height:
            break
    return key


# Itinerary columns: (label key, share of the frame width).
_COLUMNS = (
    ("print_order", 0.045),
    ("arrival", 0.055),
    ("departure", 0.055),
    ("print_stop", 0.25),
    ("print_township", 0.085),
    ("theme", 0.12),
    ("responsible_unit", 0.15),
    ("visit_minutes", 0.08),
    ("print_km_prev", 0.08),
    ("print_min_prev", 0.08),
)


def _itinerary_table(c: PackContent, st: Styles, rows: list[Row], width: float) -> Table:
    lang = c.lang
    head = st.para(7.2, colors.white)
    cell = st.para(7.8, leading=9.6)
    data = [[_p(text(k, lang), head) for k, _ in _COLUMNS]]
    styles: list = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#37474f")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#b0bec5")),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for i, r in enumerate(rows, 1):
        label = (
            r.name
            if r.kind in ("stop", "lunch")
            else f"{text(f'print_kind_{r.kind}', lang)}: {r.name}"
        )
        values = [
            r.number or "",
            r.arrival,
            r.departure,
            label,
            r.township,
            r.theme,
            r.unit,
            r.visit_minutes or "",
            "" if r.km is None else f"{r.km:.1f}",
            "" if r.minutes is None else r.minutes,
        ]
        data.append([_p(v, cell) for v in values])
        if r.kind == "lunch":
            styles.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#fff8e1")))
        elif r.kind != "stop":
            styles.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#eceff1")))
        elif i % 2 == 0:
            styles.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#f7f9fa")))
    widths = [width * share for _, share in _COLUMNS]
    return Table(data, colWidths=widths, repeatRows=1, style=TableStyle(styles))


def day_section(c, st: Styles, day: DaySummary, width, height, font, tiles) -> list:
    """One day: heading, map and itinerary table; a long table pushes the map onto its own page."""
    lang, n = c.lang, day.day
    rows = c.day_rows(n)
    lunch = day.lunch
    parts = [
        route_name(n, lang),
        day.date.isoformat(),
        f"{day.start:%H:%M}–{day.end:%H:%M}",
        f"{day.km:.1f} {text('km', lang)}",
        text(
            "print_drive_visit",
            lang,
            d=duration(day.driving_minutes, lang),
            v=duration(day.visiting_minutes, lang),
        ),
    ]
    if lunch:
        parts.append(f"{text('lunch', lang)} {lunch.start:%H:%M}–{lunch.end:%H:%M}")
    heading = " · ".join(parts)
    table = _itinerary_table(c, st, rows, width)
    table_h = table.wrap(width, height)[1]  # measured: wrapped names make rows taller
    map_h = height - HEADING_H - table_h - 8
    split = map_h < height * 0.45
    if split:  # too many rows for one page: the map gets the page, the table follows
        map_h = height - HEADING_H
    view = day_view(c, n, width / 72, map_h / 72)
    img = map_image(c, view, font, tiles, "jpeg")
    story = [_p(heading, _heading(st)), Spacer(1, 5), _image(img, width, map_h)]
    story += [PageBreak()] if split else [Spacer(1, 8)]
    return [*story, table, PageBreak()]


def fact_cards(c: PackContent, st: Styles, width: float) -> list:
    """The fact cards, two to a row, under one heading."""
    if not c.cards:
        return []
    col = (width - 10) / 2
    cards = [_card_table(card, st, col, c.lang) for card in c.cards]
    grid = [cards[i : i + 2] + [""] * (2 - len(cards[i : i + 2])) for i in range(0, len(cards), 2)]
    table = Table(
        grid,
        colWidths=[col + 5, col + 5],
        style=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ],
    )
    return [KeepTogether([_p(text("print_fact_cards", c.lang), st.para(14)), Spacer(1, 6)]), table]


def _card_table(card: Card, st: Styles, width: float, lang: str) -> Table:
    title = f"{card.number}  {card.title}" if card.number else card.title
    label, value = st.para(7.5, colors.HexColor("#546e7a")), st.para(8.2, leading=10.5)
    rows: list[list] = [[_p(title, st.para(10.5, colors.white)), ""]]
    rows += [[_p(k, label), _p(v, value)] for k, v in card.rows]
    rows.append([_p(text("print_description", lang), label), _p(card.description, value)])
    styles: list = [
        ("SPAN", (0, 0), (1, 0)),
        ("BACKGROUND", (0, 0), (1, 0), colors.HexColor("#37474f")),
        ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#78909c")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    if card.facility:
        start = len(rows)
        status = next((v for k, v in card.facility if k == text("status", lang)), "")
        rows.append([_p(text("print_facility", lang), st.para(8.5)), _p(status, st.para(8.5))])
        rows += [[_p(k, label), _p(v, value)] for k, v in card.facility]
        colour = "#ffebee" if card.late else "#e8f5e9"
        styles += [
            ("BACKGROUND", (0, start), (1, start), colors.HexColor(colour)),
            ("LINEABOVE", (0, start), (1, start), 0.6, colors.HexColor("#78909c")),
        ]
    return Table(rows, colWidths=[26 * mm, width - 26 * mm], style=TableStyle(styles))
