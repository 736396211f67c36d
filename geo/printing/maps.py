"""The maps of a print pack: the overview and per-day views, their markers, and the legend.

Turns a ``PackContent`` into ``MapView``s for ``geo.maps.static`` to draw, caches the county base
map on the content and drawn maps in the pack's map memo (``geo.printing.map_memo``), and lists
the legend the PDF cover and the HTML print page both show.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.i18n import text
from geo.layers.catalogue import LAYERS, THEMES
from geo.maps.static import (
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
from geo.maps.styles import ROAD_STYLES, THEME_COLOURS
from geo.printing.content import PackContent
from geo.printing.map_memo import map_key

BASE_LAYERS = ("county", "townships", "reserve", "rivers", "roads")
# Points kept free around a day's stops and places: a marker (15 pt star) and a line of its name.
EDGE_PT = 22.0


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
    places = c.data.tour.places if c.data.tour else {}
    refs = dict.fromkeys(p.id for p in places.values()) or [c.data.plan.get("start")]
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
    bounds = fit_bounds(
        points, aspect, pad=0.04, min_km=8.0, margin_pt=EDGE_PT, height_pt=(height_in - 0.32) * 72
    )
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
        layers = {k: c.data.layers.get(k, ()) for k in BASE_LAYERS}
        c.base = BaseMap.from_layers(layers, font, c.lang)
    return c.base


def map_image(
    c: PackContent, view: MapView, font: CjkFont, tiles: TileFetcher | None, fmt: str = "png"
) -> bytes:
    """The view's picture: from the pack's map memo when drawn before (no tiles), else drawn."""
    memo = c.data.map_memo if tiles is None and c.data.layers_stamp else None
    key = map_key(c.data.layers_stamp, c.lang, font, view, fmt) if memo is not None else ""
    image = memo.get(key) if memo is not None else None
    if image is None:
        rendered = render_map(base_map(c, font), view, tiles, fmt)
        c.basemap_missing = c.basemap_missing or (tiles is not None and not rendered.basemap)
        image = rendered.image
        if memo is not None:
            memo.put(key, image)
    return image


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
    shown = {f["properties"]["class"] for f in c.data.layers.get("roads", ())} or ROAD_STYLES
    items += [
        LegendItem(
            "line", ROAD_STYLES[k][0], text(f"print_road_{k}", lang), ROAD_STYLES[k][1] * 0.6
        )
        for k in ROAD_STYLES
        if k in shown  # the classes the roads layer has
    ]
    items += [
        LegendItem("line", day_colour(n), text("print_route_day", lang, n=n), 2.4)
        for n in [d.day for d in c.days] or [1]
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
