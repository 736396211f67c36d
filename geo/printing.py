"""The print pack: what the review panel holds. Plain data in, PDF bytes out (reportlab).

Cover (plan, dates, county, legend, a slot for the map approval number 审图号, data sources),
an overview map, one section per day (its map at a readable scale and its itinerary table) and
a fact card per site. Maps are drawn from the county's own layers by ``geo.static_maps``; no tile
server is needed. One CJK TrueType font is embedded (subset), so Chinese prints as glyphs.
``pack_content`` assembles everything the PDF and the HTML print page share.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect
from reportlab.graphics.shapes import Polygon as RLPolygon
from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from geo.catalogue import LAYERS, THEMES
from geo.errors import ValidationError
from geo.exports import Gazetteer, Row, itinerary, route_paths
from geo.i18n import name, text
from geo.maps import ROAD_STYLES, THEME_COLOURS
from geo.plants import is_late
from geo.static_maps import (
    DAY_COLOURS,
    RESERVE_COLOUR,
    RIVER_COLOUR,
    BaseMap,
    CjkFont,
    MapView,
    Marker,
    TileFetcher,
    fit_bounds,
    render_map,
)

PAPERS = {"A4": landscape(A4), "A3": landscape(A3)}
FONT_NAME = "JiangleCJK"
MARGIN = 12 * mm
FOOTER = 9 * mm
_BASE_LAYERS = ("county", "townships", "reserve", "rivers", "roads")
HEADING_H = 24  # a page heading (13 pt on 17 pt leading) and the space under it, in points


@dataclass(frozen=True)
class PackInput:
    """Everything a print pack is made from, as plain data (no database, no Flask)."""

    plan: Mapping[str, Any]
    tour: Mapping[str, Any] | None
    layers: Mapping[str, Sequence[dict]]
    lang: str
    today: date
    tour_error: str | None = None
    approval_number: str = ""
    # (source, accuracy) pairs per layer; None: read from ``layers`` (display copies may lack them)
    sources: Mapping[str, Sequence[tuple[str, str]]] | None = None


@dataclass(frozen=True)
class Card:
    """A site's fact card; ``facility`` holds the plant's live status rows when it is a plant."""

    number: int | None
    id: str
    title: str
    rows: list[tuple[str, str]]
    description: str
    facility: list[tuple[str, str]] | None
    late: bool = False


@dataclass
class PackContent:
    """What the PDF and the HTML print page show, computed once from a ``PackInput``."""

    data: PackInput
    gazetteer: Gazetteer
    rows: list[Row]
    cards: list[Card]
    sources: list[tuple[str, str]]
    paths: dict[int, list[tuple[float, float]]]
    numbers: dict[str, int]
    base: BaseMap | None = None
    basemap_missing: bool = field(default=False)

    @property
    def lang(self) -> str:
        return self.data.lang

    @property
    def days(self) -> list[dict]:
        return list((self.data.tour or {}).get("days", ()))

    def day_rows(self, day: int) -> list[Row]:
        return [r for r in self.rows if r.day == day]

    def note(self) -> str:
        """Why there is no route, when there is none."""
        if self.data.tour_error:
            return f"{text('print_route_error', self.lang)}: {self.data.tour_error}"
        if not self.data.plan.get("sites"):
            return text("print_no_route", self.lang)
        return ""

    def dates(self) -> str:
        days = self.days
        if days:
            first, last = days[0]["date"], days[-1]["date"]
            return first if first == last else f"{first} – {last}"
        return str(self.data.plan.get("depart", ""))[:10]


def pack_content(data: PackInput) -> PackContent:
    """Itinerary rows, numbering, fact cards and data sources for a plan."""
    gaz = Gazetteer.from_layers(data.layers, data.tour)
    rows = itinerary(data.tour, gaz, data.lang)
    if data.tour:
        numbers = {s["id"]: i for i, s in enumerate(data.tour.get("stops", ()), 1)}
    else:  # no route: number the sites in the plan's own order
        numbers = {sid: i for i, sid in enumerate(data.plan.get("sites", ()), 1)}
    plants = {f["properties"]["id"]: f["properties"] for f in data.layers.get("sewage_plants", ())}
    sites = [*numbers, *(s for s in data.plan.get("sites", ()) if s not in numbers)]
    cards = [
        _card(sid, numbers.get(sid), gaz, rows, plants, data.lang, data.today) for sid in sites
    ]
    return PackContent(
        data,
        gaz,
        rows,
        cards,
        _sources(data),
        route_paths(data.tour, gaz),
        numbers,
    )


def layer_sources(features: Sequence[dict]) -> list[tuple[str, str]]:
    """The distinct (source, accuracy) pairs of a layer's features."""
    pairs = ((f["properties"].get("source"), f["properties"].get("accuracy")) for f in features)
    return [(str(s), str(a or "")) for s, a in dict.fromkeys(pairs) if s]


def _sources(data: PackInput) -> list[tuple[str, str]]:
    """One line per layer: its title, its sources (parts that differ per feature elided) and
    accuracies."""
    out = []
    for layer, spec in LAYERS.items():
        if data.sources is not None:
            pairs = list(data.sources.get(layer, ()))
        else:
            pairs = layer_sources(data.layers.get(layer, ()))
        if not pairs:
            continue
        sources = list(dict.fromkeys(s for s, _ in pairs))
        accuracy = dict.fromkeys(text(a, data.lang) for _, a in pairs if a)
        title = spec.title_en if data.lang == "en" else spec.title_zh
        out.append((title, f"{_common_source(sources)} ({', '.join(accuracy)})"))
    return out


def _common_source(sources: list[str]) -> str:
    """The "; "-separated parts shared by every source, "…" for the parts that vary."""
    if len(sources) <= 2:
        return "; ".join(sources)
    parts = [src.split("; ") for src in sources]
    shared = [p if all(p in other for other in parts) else "…" for p in parts[0]]
    return "; ".join(p for i, p in enumerate(shared) if p != "…" or shared[i - 1 : i] != ["…"])


def _card(sid, number, gaz: Gazetteer, rows, plants, lang: str, today: date) -> Card:
    props = gaz.props(sid)
    row = next((r for r in rows if r.kind == "stop" and r.id == sid), None)
    when = (
        f"{text('day', lang, n=row.day)} {row.date} {row.arrival}–{row.departure}"
        if row
        else text("print_not_scheduled", lang)
    )
    facts = [
        (text("print_township", lang), gaz.township(sid, lang)),
        (text("theme", lang), text(props.get("theme", ""), lang)),
        (text("responsible_unit", lang), str(props.get("responsible_unit", ""))),
        (text("visit_minutes", lang), str(props.get("visit_minutes", ""))),
        (text("print_scheduled", lang), when),
        (text("readiness", lang), text(props.get("readiness", ""), lang)),
    ]
    plant = plants.get(props.get("plant_id")) if props.get("plant_id") else None
    description = props.get("description_en" if lang == "en" else "description_zh") or ""
    title = gaz.label(sid, lang)
    if plant is None:
        return Card(number, sid, title, facts, str(description), None)
    return Card(
        number,
        sid,
        title,
        facts,
        str(description),
        _facility(plant, lang, today),
        is_late(plant, today),
    )


def _facility(p: Mapping[str, Any], lang: str, today: date) -> list[tuple[str, str]]:
    """The plant's current status, read from the live sewage_plants feature."""
    late = is_late(p, today)
    status = text(p["status"], lang) + (f" ({text('late', lang)})" if late else "")

    def pct(key: str) -> str:
        return f"{p[key]:g}%" if p.get(key) is not None else "—"

    return [
        (text("name", lang), name(p, lang)),
        (text("status", lang), status),
        (text("capacity", lang), f"{p['capacity_m3d']:,.0f}"),
        (
            text("load_rate", lang),
            f"{pct('load_rate')} ({text('target', lang)} {pct('target_load_rate')})",
        ),
        (text("deadline", lang), str(p.get("deadline") or "—")),
        (text("pipe_km", lang), f"{p['pipe_km']:g}" if p.get("pipe_km") is not None else "—"),
        (text("responsible_unit", lang), str(p.get("responsible_unit", ""))),
        (text("updated_at", lang), str(p.get("updated_at", ""))),
    ]


# ------------------------------------------------------------------ maps


def _stop_marker(c: PackContent, sid: str, number: int | None, kind: str = "stop") -> Marker | None:
    point = c.gazetteer.point(sid)
    if point is None:
        return None
    theme = c.gazetteer.props(sid).get("theme")
    label = (
        f"{number} {c.gazetteer.label(sid, c.lang)}" if number else c.gazetteer.label(sid, c.lang)
    )
    return Marker(*point, number, label, THEME_COLOURS.get(theme, "#455a64"), kind)


def _place_markers(c: PackContent) -> list[Marker]:
    places = (c.data.tour or {}).get("places") or {}
    refs = dict.fromkeys(p["id"] for p in places.values()) or [c.data.plan.get("start")]
    out = []
    for ref in refs:
        point = c.gazetteer.point(ref)
        if point is not None:
            out.append(Marker(*point, None, c.gazetteer.label(ref, c.lang), "#212121", "place"))
    return out


def overview_view(c: PackContent, width_in: float, height_in: float, dpi: int = 160) -> MapView:
    """The whole county with every day's route and every numbered stop."""
    markers = [m for sid, n in c.numbers.items() if (m := _stop_marker(c, sid, n))]
    paths = [(p, day_colour(d)) for d, p in sorted(c.paths.items())]
    return MapView(width_in, height_in, paths, (), [*markers, *_place_markers(c)], dpi=dpi)


def day_view(c: PackContent, day: int, width_in: float, height_in: float, dpi: int = 160):
    """One day's route and stops, fitted to that day, with the other days faint."""
    today_ids = [r.id for r in c.day_rows(day) if r.kind == "stop"]
    markers = [m for sid in today_ids if (m := _stop_marker(c, sid, c.numbers.get(sid)))]
    others = [
        m
        for sid, n in c.numbers.items()
        if sid not in today_ids
        if (m := _stop_marker(c, sid, n, "faint"))
    ]
    path = c.paths.get(day, [])
    places = _place_markers(c)
    points = [(m.lon, m.lat) for m in (*markers, *places)] + list(path)
    aspect = (width_in - 0.48) / (height_in - 0.32)
    bounds = fit_bounds(points, aspect, pad=0.08, min_km=8.0)
    faint = [p for d, p in c.paths.items() if d != day]
    colour = day_colour(day)
    return MapView(
        width_in,
        height_in,
        [(path, colour)],
        faint,
        [*others, *markers, *places],
        bounds=bounds,
        name_labels=True,
        dpi=dpi,
    )


def base_map(c: PackContent, font: CjkFont) -> BaseMap:
    if c.base is None:
        layers = {k: c.data.layers.get(k, ()) for k in _BASE_LAYERS}
        c.base = BaseMap.from_layers(layers, font, c.lang)
    return c.base


def map_image(
    c: PackContent, view: MapView, font: CjkFont, tiles: TileFetcher | None, fmt: str = "png"
) -> bytes:
    rendered = render_map(base_map(c, font), view, tiles, fmt)
    c.basemap_missing = c.basemap_missing or (tiles is not None and not rendered.basemap)
    return rendered.image


# ------------------------------------------------------------------ PDF

_FONTS: dict[tuple[str, int], str] = {}


def register_font(font: CjkFont) -> str:
    """Register the CJK font with reportlab once per file/face; returns its name."""
    key = (font.path, font.index)
    if key not in _FONTS:
        alias = f"{FONT_NAME}{len(_FONTS)}"
        pdfmetrics.registerFont(TTFont(alias, font.path, subfontIndex=font.index))
        pdfmetrics.registerFontFamily(
            alias, normal=alias, bold=alias, italic=alias, boldItalic=alias
        )
        _FONTS[key] = alias
    return _FONTS[key]


@dataclass(frozen=True)
class _Styles:
    font: str

    def para(self, size: float, colour=colors.black, leading: float | None = None, **kw):
        return ParagraphStyle(
            f"s{size}",
            fontName=self.font,
            fontSize=size,
            leading=leading or size * 1.3,
            textColor=colour,
            wordWrap="CJK",
            **kw,
        )


def _p(value: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(value)).replace("\n", "<br/>"), style)


def build_print_pack(
    data: PackInput, font: CjkFont, paper: str = "A4", tiles: TileFetcher | None = None
) -> bytes:
    """The PDF print pack on A4 or A3 landscape."""
    if paper not in PAPERS:
        raise ValidationError(f"'paper' must be one of {', '.join(PAPERS)}, not {paper!r}")
    c = pack_content(data)
    st = _Styles(register_font(font))
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
    story = _cover(c, st, doc.width, font)
    story += _overview(c, st, doc.width, doc.height, font, tiles)
    for day in c.days:
        story += _day_section(c, st, day, doc.width, doc.height, font, tiles)
    story += _fact_cards(c, st, doc.width)
    doc.build(story)
    return out.getvalue()


def _footer(c: PackContent, st: _Styles):
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


def totals_text(c: PackContent) -> str:
    lang, totals = c.lang, (c.data.tour or {}).get("totals") or {}
    if not totals:
        return ""
    drive = text(
        "print_drive_visit", lang, d=totals["driving_minutes"], v=totals["visiting_minutes"]
    )
    return " · ".join(
        [
            text("print_stops_n", lang, n=len(c.numbers)),
            text("print_days_n", lang, n=totals["days"]),
            f"{totals['km']:.1f} {text('km', lang)}",
            drive,
        ]
    )


def _key_facts(c: PackContent, st: _Styles) -> list[tuple[str, str]]:
    lang, plan = c.lang, c.data.plan
    facts = [
        (text("print_dates", lang), c.dates()),
        (
            text("print_plan_status", lang),
            text(f"print_status_{plan.get('status', 'draft')}", lang),
        ),
        (
            text("print_version", lang),
            f"{plan.get('version', '')} · {plan.get('updated_by', '')} "
            f"{str(plan.get('updated_at', ''))[:16].replace('T', ' ')}",
        ),
        (text("print_stop_count", lang), str(len(plan.get("sites", ())))),
    ]
    if totals_text(c):
        facts.append((text("print_totals", lang), totals_text(c)))
    return facts


def _cover(c: PackContent, st: _Styles, width: float, font: CjkFont) -> list:
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
    left = [facts, Spacer(1, 8), approval, Spacer(1, 10)]
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
    import math

    pts = []
    for i in range(10):
        rad = r if i % 2 == 0 else r * 0.45
        a = math.pi / 2 + i * math.pi / 5
        pts += [cx + rad * math.cos(a), cy + rad * math.sin(a)]
    return pts


@dataclass(frozen=True)
class LegendItem:
    kind: str  # line | dash | area | star | dot
    colour: str
    label: str
    width: float = 1.0


def legend_items(c: PackContent) -> list[LegendItem]:
    """The map legend, shared by the PDF cover and the HTML print page."""
    lang = c.lang

    def title(layer: str) -> str:
        return LAYERS[layer].title_en if lang == "en" else LAYERS[layer].title_zh

    items = [
        LegendItem("line", "#37474f", title("county"), 1.6),
        LegendItem("dash", "#9e9e9e", title("townships"), 0.8),
        LegendItem("area", RESERVE_COLOUR, title("reserve")),
        LegendItem("line", RIVER_COLOUR, title("rivers"), 1.4),
    ]
    items += [
        LegendItem(
            "line", ROAD_STYLES[k][0], text(f"print_road_{k}", lang), ROAD_STYLES[k][1] * 0.6
        )
        for k in ("provincial", "county", "township", "village")
    ]
    items += [
        LegendItem("line", day_colour(d["day"]), text("print_route_day", lang, n=d["day"]), 2.4)
        for d in c.days or [{"day": 1}]
    ]
    items.append(LegendItem("star", "#212121", text("print_start_place", lang)))
    items += [
        LegendItem("dot", THEME_COLOURS[t], f"{text('stop_theme', lang)}: {text(t, lang)}")
        for t in THEMES
    ]
    items.append(LegendItem("dot", "#bdbdbd", text("print_other_stops", lang)))
    return items


def day_colour(day: int) -> str:
    return DAY_COLOURS[(day - 1) % len(DAY_COLOURS)]


def _legend(c: PackContent, st: _Styles) -> Table:
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


def _heading(st: _Styles) -> ParagraphStyle:
    return st.para(13, leading=17)


def _image(data: bytes, width: float, height: float) -> Image:
    return Image(io.BytesIO(data), width=width, height=height)


def _overview(c, st: _Styles, width, height, font, tiles) -> list:
    lang = c.lang
    heading = " · ".join(filter(None, [text("print_overview", lang), totals_text(c)]))
    map_h = height - HEADING_H
    view = overview_view(c, width / 72, map_h / 72)
    img = map_image(c, view, font, tiles, "jpeg")
    story = [_p(heading, _heading(st)), Spacer(1, 5), _image(img, width, map_h)]
    if c.basemap_missing:
        story.insert(1, _p(text("print_basemap_off", lang), st.para(8, colors.HexColor("#b71c1c"))))
    return [*story, PageBreak()]


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
_ROW_PT = 15.5


def _itinerary_table(c: PackContent, st: _Styles, rows: list[Row], width: float) -> Table:
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


def _day_section(c, st: _Styles, day: dict, width, height, font, tiles) -> list:
    lang, n = c.lang, day["day"]
    rows = c.day_rows(n)
    lunch = day.get("lunch")
    parts = [
        text("day", lang, n=n),
        day["date"],
        f"{day['start'][11:16]}–{day['end'][11:16]}",
        f"{day['km']:.1f} {text('km', lang)}",
        text("print_drive_visit", lang, d=day["driving_minutes"], v=day["visiting_minutes"]),
    ]
    if lunch:
        parts.append(f"{text('lunch', lang)} {lunch['start'][11:16]}–{lunch['end'][11:16]}")
    heading = " · ".join(parts)
    table = _itinerary_table(c, st, rows, width)
    table_h = _ROW_PT * (len(rows) + 1.6)
    map_h = height - HEADING_H - table_h - 8
    split = map_h < height * 0.45
    if split:  # too many rows for one page: the map gets the page, the table follows
        map_h = height - HEADING_H
    view = day_view(c, n, width / 72, map_h / 72)
    img = map_image(c, view, font, tiles, "jpeg")
    story = [_p(heading, _heading(st)), Spacer(1, 5), _image(img, width, map_h)]
    story += [PageBreak()] if split else [Spacer(1, 8)]
    return [*story, table, PageBreak()]


def _fact_cards(c: PackContent, st: _Styles, width: float) -> list:
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


def _card_table(card: Card, st: _Styles, width: float, lang: str) -> Table:
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
