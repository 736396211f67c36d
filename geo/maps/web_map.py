"""The web map: the only module that uses folium.

Folium neither escapes popup text nor works offline by default, so every user string goes
through ``html.escape`` here and the map loads Leaflet from the app's own ``static/`` folder.
Layers are drawn from the county's own data; a tile basemap is an optional extra.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape as html_escape
from typing import Any

import folium
from folium.template import Template
from shapely.geometry import shape

from geo.facilities.plants import is_late
from geo.i18n import name, text
from geo.layers.catalogue import LAYERS
from geo.maps.display import polylabel_point
from geo.maps.styles import (
    ECO_COLOURS,
    LATE_COLOUR,
    PLANT_COLOURS,
    RAIL_STYLE,
    ROAD_STYLES,
    THEME_COLOURS,
)

LABEL_PANE = "jlLabels"


_JS_TEMPLATE_CHARS = str.maketrans(
    {"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"}
)
_JINJA_OPENERS = re.compile(r"\{[{%#]")


def css_token(value: object) -> str:
    """A feature id made safe as a CSS class, so pages and tests can find a marker by id."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", str(value))


def escape(value: object) -> str:
    """Escape text for folium's popups and tooltips: HTML-escaped, and with the characters that
    would end or interpolate the JavaScript template literal folium wraps them in (` $ \\), or
    that Jinja would read as code (``{ }``: branca renders each element's output again as a
    template, so ``{{ 7*7 }}`` showed 49 and an unclosed ``{%`` answered 500), written as HTML
    entities, which the browser shows as the characters themselves."""
    return html_escape(str(value)).translate(_JS_TEMPLATE_CHARS)


@dataclass(frozen=True)
class Basemap:
    """Optional tile layer; ``url`` None means the county is drawn from its own layers only."""

    url: str | None = None
    attribution: str = ""
    max_zoom: int = 18


class OfflineMap(folium.Map):
    """A folium Map that loads Leaflet and jQuery from the app instead of a CDN."""

    def __init__(self, static_url: str, **kwargs: Any):
        self.default_js = [
            ("leaflet", f"{static_url}/vendor/leaflet/leaflet.js"),
            # hooks that must be in place before folium's script makes the map and its controls
            ("jiangle_map_setup", f"{static_url}/js/map_setup.js"),
            # loads a large roads layer by view as the map moves (``RoadsByView``)
            ("jiangle_road_view", f"{static_url}/js/road_view.js"),
            # folium's popups build their content with jQuery
            ("jquery", f"{static_url}/vendor/jquery/jquery.min.js"),
        ]
        self.default_css = [
            ("leaflet_css", f"{static_url}/vendor/leaflet/leaflet.css"),
            ("jiangle_map_css", f"{static_url}/css/map.css"),
        ]
        super().__init__(**kwargs)


def build_map(
    layers: dict[str, list[dict]],
    lang: str,
    static_url: str,
    today: date,
    basemap: Basemap = Basemap(),
    extra_layers: Callable[[folium.Map], None] | None = None,
    roads_url: str | None = None,
) -> folium.Map:
    """The county map with every layer and a layer control (``layers``: display copies).

    A layer given as an empty list is left out of the map and of the layer control.
    ``extra_layers`` draws a page's own layers last, before the layer control that lists them.
    With ``roads_url`` the roads are not in the page: the map loads those of its view from
    there (a large roads layer, ``geo.maps.road_view``)."""
    bounds = shape(layers["county"][0]["geometry"]).bounds
    fmap = OfflineMap(
        static_url,
        location=[(bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2],
        zoom_start=10,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        zoom_snap=0.25,
    )
    if basemap.url:
        folium.TileLayer(
            basemap.url, attr=basemap.attribution, max_zoom=basemap.max_zoom, name="basemap"
        ).add_to(fmap)
    # names above the markers so they stay readable; taps go through them to the markers
    folium.map.CustomPane(LABEL_PANE, z_index=620, pointer_events=False).add_to(fmap)
    _add_county(fmap, layers["county"], lang)
    _add_townships(fmap, layers["townships"], lang)
    _add_township_labels(fmap, layers["townships"], lang)
    _add_reserve(fmap, layers["reserve"], lang)
    _add_lines(
        fmap,
        layers["rivers"],
        lang,
        "rivers",
        lambda p: ("#1e88e5", 3 if p["class"] == "main" else 1.5),
    )
    if roads_url:
        RoadsByView(_layer_group(fmap, "roads", lang), roads_url, lang).add_to(fmap)
    else:
        _add_lines(fmap, layers["roads"], lang, "roads", lambda p: ROAD_STYLES[p["class"]])
    if layers.get("rail"):  # an optional layer, empty until imported
        _add_lines(fmap, layers["rail"], lang, "rail", lambda _p: RAIL_STYLE)
    _add_plants(fmap, layers["sewage_plants"], lang, today)
    _add_places(fmap, layers.get("places", []), lang)
    if layers["stops"]:  # pages that draw their own stop markers pass none
        townships = {f["properties"]["id"]: f for f in layers["townships"]}
        _add_stops(fmap, layers["stops"], lang, townships)
    fmap.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    if extra_layers:
        extra_layers(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    return fmap


class RoadsByView(folium.MacroElement):
    """Starts ``static/js/road_view.js`` on the map: it fills the roads group with the roads of
    the view from ``url`` whenever the map stops moving (and the group is shown)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "jiangleRoadsByView({{ this._parent.get_name() }}, {{ this.group.get_name() }}, "
        "{{ this.options|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, group: folium.FeatureGroup, url: str, lang: str):
        super().__init__()
        self._name = "RoadsByView"
        self.group = group
        self.options = {
            "url": url,
            "lang": lang,
            "styles": {cls: list(style) for cls, style in ROAD_STYLES.items()},
            "classes": {cls: text(cls, lang) for cls in ROAD_STYLES},
        }


def _layer_title(key: str, lang: str) -> str:
    return LAYERS[key].title(lang)


def _layer_group(fmap: folium.Map, key: str, lang: str) -> folium.FeatureGroup:
    return folium.FeatureGroup(name=escape(_layer_title(key, lang))).add_to(fmap)


def popup_html(title: str, rows: list[tuple[str, Any]]) -> str:
    """A popup body: every value escaped, empty values left out."""
    body = "".join(
        f"<tr><th>{escape(str(label))}</th><td>{escape(str(value))}</td></tr>"
        for label, value in rows
        if value not in (None, "")
    )
    return f'<div class="jl-popup"><h4>{escape(title)}</h4><table>{body}</table></div>'


def _popup(title: str, rows: list[tuple[str, Any]]) -> folium.Popup:
    return folium.Popup(popup_html(title, rows), max_width=320)


def _tooltip(label: str) -> folium.Tooltip:
    return folium.Tooltip(escape(label))


def _geojson(feature: dict, style: dict) -> folium.GeoJson:
    """A feature drawn as GeoJSON with its ``id`` alone (what the page's search looks for): its
    names and other properties are shown by escaped popups and tooltips, and embedded in the
    script they would pass through branca's second Jinja rendering as they are."""
    fid = feature.get("properties", {}).get("id")
    kept = {"id": fid} if isinstance(fid, str) and not _JINJA_OPENERS.search(fid) else {}
    data = {"type": "Feature", "geometry": feature["geometry"], "properties": kept}
    return folium.GeoJson(
        data,
        style_function=lambda _f, s=style: s,
        highlight_function=None,
        embed=True,
        zoom_on_click=False,
    )


def _add_county(fmap: folium.Map, features: list[dict], lang: str) -> None:
    group = _layer_group(fmap, "county", lang)
    for f in features:
        _geojson(
            f, {"color": "#37474f", "weight": 3, "fill": False, "className": "jl-county"}
        ).add_to(group)


def _add_townships(fmap: folium.Map, features: list[dict], lang: str) -> None:
    group = _layer_group(fmap, "townships", lang)
    for f in features:
        p = f["properties"]
        style = {
            "color": "#546e7a",
            "weight": 1,
            "fillColor": ECO_COLOURS[p["eco_status"]],
            "fillOpacity": 0.35,
            "className": f"jl-township jl-eco-{p['eco_status']}",
        }
        layer = _geojson(f, style)
        _popup(
            name(p, lang),
            [
                (text("township_status", lang), text(p["eco_status"], lang)),
                ("NBS", p["id"]),
                (text("area", lang), f"{p['area_km2']:.0f} km²" if "area_km2" in p else None),
                (text("accuracy", lang), text(p["accuracy"], lang)),
            ],
        ).add_to(layer)
        _tooltip(name(p, lang)).add_to(layer)
        layer.add_to(group)


def _add_reserve(fmap: folium.Map, features: list[dict], lang: str) -> None:
    group = _layer_group(fmap, "reserve", lang)
    for f in features:
        p = f["properties"]
        layer = _geojson(
            f,
            {
                "color": "#1b5e20",
                "weight": 2,
                "dashArray": "6 4",
                "fillColor": "#43a047",
                "fillOpacity": 0.25,
                "className": "jl-reserve",
            },
        )
        _popup(
            name(p, lang),
            [
                (text("area", lang), f"{p['area_ha']:,.0f} ha"),
                (text("accuracy", lang), text(p["accuracy"], lang)),
            ],
        ).add_to(layer)
        _tooltip(name(p, lang)).add_to(layer)
        layer.add_to(group)


def _add_lines(fmap: folium.Map, features: list[dict], lang: str, key: str, style_of) -> None:
    group = _layer_group(fmap, key, lang)
    for f in features:
        colour, weight = style_of(f["properties"])
        layer = _geojson(
            f, {"color": colour, "weight": weight, "opacity": 0.85, "className": f"jl-{key}"}
        )
        label = f["properties"].get("name_zh") and name(f["properties"], lang)
        _tooltip(label or text(f["properties"]["class"], lang)).add_to(layer)
        layer.add_to(group)


def _add_plants(fmap: folium.Map, features: list[dict], lang: str, today: date) -> None:
    group = _layer_group(fmap, "sewage_plants", lang)
    for f in features:
        p = f["properties"]
        late = is_late(p, today)
        lon, lat = f["geometry"]["coordinates"][:2]
        classes = f"jl-plant jl-plant-{p['status']}" + (" jl-late" if late else "")
        marker = folium.Marker(
            [lat, lon],
            icon=folium.DivIcon(
                html=f'<div class="{classes}"></div>',
                icon_size=(16, 16),
                icon_anchor=(8, 8),
                class_name=f"jl-plant-icon jl-id-{css_token(p['id'])}",
            ),
            title=name(p, lang),  # the marker's accessible name (a property, not markup)
        )
        load = f"{p['load_rate']:g}%" if p.get("load_rate") is not None else None
        target = f"{p['target_load_rate']:g}%" if p.get("target_load_rate") is not None else None
        _popup(
            name(p, lang),
            [
                (
                    text("status", lang),
                    text(p["status"], lang) + (f" ({text('late', lang)})" if late else ""),
                ),
                (text("capacity", lang), f"{p['capacity_m3d']:,.0f}"),
                (
                    text("load_rate", lang),
                    load and f"{load} / {text('target', lang)} {target or '-'}",
                ),
                (text("deadline", lang), p.get("deadline")),
                (text("pipe_km", lang), p.get("pipe_km")),
                (text("responsible_unit", lang), p.get("responsible_unit")),
                (text("updated_at", lang), p.get("updated_at")),
                (text("accuracy", lang), text(p["accuracy"], lang)),
            ],
        ).add_to(marker)
        _tooltip(name(p, lang)).add_to(marker)
        marker.add_to(group)


def _label(lat: float, lon: float, label: str, kind: str) -> folium.Marker:
    """A name written on the map: not clickable, not in the tab order; map_setup.js shows each
    kind from a zoom level on (CSS classes on the map container)."""
    return folium.Marker(
        [lat, lon],
        icon=folium.DivIcon(
            html=f'<span class="jl-label-text">{escape(label)}</span>',
            icon_size=(0, 0),
            class_name=f"jl-label jl-label-{kind}",
        ),
        interactive=False,
        keyboard=False,
        pane=LABEL_PANE,
    )


def _add_township_labels(fmap: folium.Map, features: list[dict], lang: str) -> None:
    """Township names at a point well inside each polygon (its pole of inaccessibility)."""
    if not features:
        return
    group = folium.FeatureGroup(name=escape(text("township_names", lang))).add_to(fmap)
    for f in features:
        spot = polylabel_point(shape(f["geometry"]))
        _label(spot.y, spot.x, name(f["properties"], lang), "township").add_to(group)


PLACE_SYMBOLS = {"government": "★", "hotel": "H", "station": "站"}


def place_kind(properties: dict) -> str:
    """The symbol kind of a place; a kind the map has no symbol for is drawn as a station."""
    kind = properties.get("kind")
    return kind if kind in PLACE_SYMBOLS else "station"


def _add_places(fmap: folium.Map, features: list[dict], lang: str) -> None:
    """Start places, hotels and stations: a symbol per kind, the name as a label."""
    if not features:
        return
    group = _layer_group(fmap, "places", lang)
    for f in features:
        p = f["properties"]
        kind = place_kind(p)
        lon, lat = f["geometry"]["coordinates"][:2]
        marker = folium.Marker(
            [lat, lon],
            icon=folium.DivIcon(
                html=f'<span class="jl-place jl-place-{kind}">{PLACE_SYMBOLS[kind]}</span>',
                icon_size=(22, 22),
                icon_anchor=(11, 11),
                class_name=f"jl-place-icon jl-id-{css_token(p['id'])}",
            ),
            title=name(p, lang),
        )
        _popup(
            name(p, lang),
            [
                (text("place_kind", lang), text(f"place_{kind}", lang)),
                (text("accuracy", lang), text(p.get("accuracy", ""), lang)),
            ],
        ).add_to(marker)
        _tooltip(name(p, lang)).add_to(marker)
        marker.add_to(group)
        _label(lat, lon, name(p, lang), "place").add_to(group)


def _add_stops(fmap: folium.Map, features: list[dict], lang: str, townships: dict) -> None:
    group = _layer_group(fmap, "stops", lang)
    for f in features:
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"][:2]
        marker = folium.CircleMarker(
            [lat, lon],
            radius=6,
            color="#ffffff",
            weight=1.5,
            fill=True,
            fill_color=THEME_COLOURS[p["theme"]],
            fill_opacity=1.0,
            class_name=f"jl-stop jl-theme-{p['theme']} jl-id-{css_token(p['id'])}",
        )
        township = townships.get(p["township_code"])
        _popup(
            name(p, lang),
            [
                (text("township", lang), township and name(township["properties"], lang)),
                (text("theme", lang), text(p["theme"], lang)),
                (text("visit_minutes", lang), p["visit_minutes"]),
                (text("readiness", lang), text(p["readiness"], lang)),
                (text("responsible_unit", lang), p["responsible_unit"]),
                ("", p["description_en" if lang == "en" else "description_zh"]),
            ],
        ).add_to(marker)
        _tooltip(name(p, lang)).add_to(marker)
        marker.add_to(group)


def legend_entries(
    lang: str,
    stops: bool = True,
    tour: bool = False,
    places: list[dict] = (),
) -> list[dict[str, Any]]:
    """Legend sections for the page template (the template escapes them). ``stops``: the map
    shows the candidate stops by theme; ``tour``: a tour is drawn on it (its days are listed
    by tour_layer.js once it is known); ``places``: the places layer's features, whose kinds
    (start, hotel, station) the legend lists as the map draws them."""
    shown = {place_kind(f["properties"]) for f in places}
    place_kinds = [k for k in PLACE_SYMBOLS if k in shown]

    def item(colour: str, label: str, kind: str, symbol: str = "") -> dict[str, str]:
        return {"colour": colour, "label": label, "kind": kind, "symbol": symbol}

    sections = [
        {
            "title": text("township_status", lang),
            "items": [item(c, text(k, lang), "area") for k, c in ECO_COLOURS.items()]
            + [item("#43a047", _layer_title("reserve", lang), "reserve")],
        },
        {
            "title": text("plant_status", lang),
            "items": [item(c, text(k, lang), "diamond") for k, c in PLANT_COLOURS.items()]
            + [item(LATE_COLOUR, text("late", lang), "ring")],
        },
    ]
    if stops:
        sections.append(
            {
                "title": text("stop_theme", lang),
                "items": [item(c, text(k, lang), "dot") for k, c in THEME_COLOURS.items()],
            }
        )
    sections.append(
        {
            "title": text("places_legend", lang),
            "items": [
                item("", text(f"place_{k}", lang), f"place jl-place jl-place-{k}", PLACE_SYMBOLS[k])
                for k in place_kinds
            ],
        }
    )
    if tour:
        sections.append(
            {
                "title": text("plan_tour", lang),
                "items": [
                    item("#d50000", text("tour_order", lang), "number", "1"),
                    item("#d50000", text("tour_direction", lang), "arrow", "➤"),
                ],
                "tour_days": True,
            }
        )
    return sections


def render_parts(fmap: folium.Map) -> dict[str, str]:
    """Split folium's document into head, body and script so a Jinja page can hold the map."""
    root = fmap.get_root()
    root.render()
    return {
        "head": root.header.render(),
        "body": root.html.render(),
        "script": root.script.render(),
        "map_name": fmap.get_name(),
    }


def add_cleanup(
    fmap: folium.Map,
    corridor: dict | None,
    stretches: list[dict],
    reaches: list[dict],
    titles: tuple[str, str, str],
) -> None:
    """The clean-up on a map: the corridor (route buffer and stop circles), the road stretches
    to sweep and the river reaches to clean, each a layer titled by ``titles``; features carry
    ``label`` and ``km``. The view closes in on the corridor."""
    if corridor is None:
        return
    style = {"color": "#ef6c00", "weight": 1, "fillColor": "#ffb74d", "fillOpacity": 0.25}
    group = folium.FeatureGroup(name=escape(titles[0])).add_to(fmap)
    _geojson(
        {"type": "Feature", "properties": {}, "geometry": corridor},
        {**style, "className": "jl-cleanup-corridor"},
    ).add_to(group)
    for features, title, colour, key in (
        (stretches, titles[1], "#d84315", "road"),
        (reaches, titles[2], "#0d47a1", "river"),
    ):
        group = folium.FeatureGroup(name=escape(title)).add_to(fmap)
        for f in features:
            layer = _geojson(
                f, {"color": colour, "weight": 5, "opacity": 0.9, "className": f"jl-cleanup-{key}"}
            )
            p = f["properties"]
            _tooltip(f"{p['label']} · {p['km']:.2f} km").add_to(layer)
            layer.add_to(group)
    x0, y0, x1, y1 = shape(corridor).bounds
    fmap.fit_bounds([[y0, x0], [y1, x1]])


def add_task_badges(
    fmap: folium.Map, stops: list[dict], badges: dict[str, tuple[str, int]], lang: str
) -> None:
    """A badge on each stop with late (red) or due (orange) preparation tasks: the worst state
    and how many tasks are in it (``badges``: stop id -> (state, count))."""
    group = folium.FeatureGroup(name=escape(text("prep_tasks", lang))).add_to(fmap)
    for f in stops:
        p = f["properties"]
        if p["id"] not in badges:
            continue
        state, count = badges[p["id"]]
        lon, lat = f["geometry"]["coordinates"][:2]
        label = f"{name(p, lang)} · {text(f'prep_progress_{state}', lang)} {count}"
        marker = folium.Marker(
            [lat, lon],
            icon=folium.DivIcon(
                html=f'<div class="jl-task-badge jl-task-badge-{state}">{count}</div>',
                icon_size=(18, 18),
                icon_anchor=(-2, 20),
                class_name="jl-task-badge-icon",
            ),
            title=label,
        )
        _tooltip(label).add_to(marker)
        marker.add_to(group)
