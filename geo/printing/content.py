"""What a print pack holds, computed once from plain data and shared by the PDF and the HTML page.

``pack_content`` turns a ``PackInput`` (plan, tour, layers, language, today) into the itinerary
rows, the stop numbering, one fact card per site (with the plant's live status when the site is a
plant) and the data-source lines of the cover. Nothing here draws; ``geo.printing.maps`` and
``geo.printing.pages`` turn it into maps and pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from geo.errors import Both
from geo.facilities.plants import is_late
from geo.i18n import duration, name, text
from geo.layers.catalogue import LAYERS
from geo.maps.static import BaseMap
from geo.plans.review import ReviewVisit
from geo.prep import Cleanup
from geo.prep.township_list import TownshipTaskList
from geo.printing.day_select import route_name
from geo.printing.map_memo import MapMemo
from geo.printing.rows import Gazetteer, Row, itinerary, route_paths
from geo.tour.records import DaySummary, Tour


@dataclass(frozen=True)
class PackInput:
    """Everything a print pack is made from, as plain data (no database, no Flask)."""

    plan: Mapping[str, Any]
    tour: Tour | None
    layers: Mapping[str, Sequence[dict]]
    lang: str
    today: date
    tour_error: str | None = None
    approval_number: str = ""
    # (source, accuracy) pairs per layer; None: read from ``layers`` (display copies may lack them)
    sources: Mapping[str, Sequence[tuple[str, str]]] | None = None
    # the layers still as shipped, said in plain words (SOURCES.md's table) instead of ``sources``
    plain_sources: Mapping[str, Both] = field(default_factory=dict)
    # the clean-up along the route (geo.prep); its township pages follow the fact cards
    cleanup: Cleanup | None = None
    # the review visit: its first and last day, and the expert panel when the cover lists it
    review: ReviewVisit | None = None
    # the clean-up tasks' statuses (key -> todo/doing/done) and photos (key -> (stage, thumbnail))
    task_statuses: Mapping[str, str] = field(default_factory=dict)
    task_photos: Mapping[str, Sequence[tuple[str, bytes]]] = field(default_factory=dict)
    # each township's task list, a page each after the clean-up pages
    township_tasks: Sequence[TownshipTaskList] = ()
    # where drawn maps are kept by what they show (``geo.printing.map_memo``), and the content
    # stamp of the base layers they are drawn on; without both every map is drawn afresh
    map_memo: MapMemo | None = None
    layers_stamp: str = ""


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
    def days(self) -> list[DaySummary]:
        return list(self.data.tour.schedule.days) if self.data.tour else []

    def route_name(self, day: int) -> str:
        """The day's route as printed: 路线A（第1天） / Route A (day 1)."""
        return route_name(day, self.lang)

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
            first, last = days[0].date.isoformat(), days[-1].date.isoformat()
            return first if first == last else f"{first} – {last}"
        return str(self.data.plan.get("depart", ""))[:10]


def pack_content(data: PackInput) -> PackContent:
    """Itinerary rows, numbering, fact cards and data sources for a plan."""
    gaz = Gazetteer.from_layers(data.layers, data.tour)
    rows = itinerary(data.tour, gaz, data.lang)
    if data.tour:
        numbers = {s.id: i for i, s in enumerate(data.tour.schedule.stops, 1)}
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
        title = spec.title_en if data.lang == "en" else spec.title_zh
        if layer in data.plain_sources:
            out.append((title, data.plain_sources[layer].said(data.lang)))
            continue
        if not pairs:
            continue
        sources = list(dict.fromkeys(s for s, _ in pairs))
        accuracy = dict.fromkeys(text(a, data.lang) for _, a in pairs if a)
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


def totals_text(c: PackContent) -> str:
    lang = c.lang
    if not c.data.tour:
        return ""
    totals = c.data.tour.totals
    drive = text(
        "print_drive_visit",
        lang,
        d=duration(totals.driving_minutes, lang),
        v=duration(totals.visiting_minutes, lang),
    )
    return " · ".join(
        [
            text("print_stops_n", lang, n=len(c.numbers)),
            text("print_days_n", lang, n=totals.days),
            f"{totals.km:.1f} {text('km', lang)}",
            drive,
        ]
    )
