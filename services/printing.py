"""Print pack and exports of a plan: their input (plan, tour, layers, sources), the built-PDF cache,
and the HTML print page's maps.

A plan with no stops prints a cover and an overview without a route; a plan whose tour cannot be
made prints what it can and says why. The exports need the tour, so there its error propagates.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from geo import clock
from geo.errors import NoRouteError, NotFoundError, ScheduleError, ValidationError
from geo.layers.catalogue import LAYERS
from geo.maps.static import CjkFont, TileFetcher
from geo.plans import named_routes
from geo.printing import exports
from geo.printing.content import PackContent
from geo.printing.day_select import one_day
from geo.printing.pack import (
    PackInput,
    build_print_pack,
    day_view,
    layer_sources,
    legend_items,
    map_image,
    overview_view,
    pack_content,
    totals_text,
)
from geo.tour.records import Tour
from services import plan_routes, plans, review, tours
from services.display import map_layers
from services.removed_stops import removed_sites
from store import db
from store.layers import cached_by_revision, layer_stamp
from store.plans import Plan, get_plan

_SOURCE_LAYERS = ("county", "townships", "reserve", "rivers", "roads", "stops", "places")
_TOUR_ERRORS = (NoRouteError, ScheduleError, ValidationError, NotFoundError)
EXPORTS = {
    "gpx": "application/gpx+xml",
    "kml": "application/vnd.google-earth.kml+xml",
    "csv": "text/csv",
}


@dataclass(frozen=True)
class PrintOptions:
    """What a print depends on besides the plan: language, the date printed on every page, the
    county's time zone (for "last changed"), and the map approval number (审图号)."""

    lang: str
    today: date
    zone: str
    approval_number: str = ""
    show_experts: bool = False  # the cover lists the expert panel (the caller checks the role)
    day: int | None = None  # one day of the tour only (``?day=N``), else the whole tour
    show_users: bool = False  # "last changed by" names a colleague: for logged-in readers only
    route: str = named_routes.FULL  # a named route of the plan (``?route=<key>``)


@dataclass(frozen=True)
class File:
    """A file to send: its bytes, type and download name."""

    body: bytes
    mimetype: str
    name: str


def file_name(plan_id: int, plan_name: str, ext: str) -> str:
    """``plan-<id>-<name>.<ext>`` with only letters, digits (any script), "-" and "_" kept."""
    safe = re.sub(r"[^\w-]+", "_", plan_name, flags=re.UNICODE).strip("_")[:60]
    return f"plan-{plan_id}-{safe}.{ext}" if safe else f"plan-{plan_id}.{ext}"


def _plan_tour(plan: Plan, lang: str, route: Mapping[str, Any] | None) -> Tour | None:
    """The plan's tour (or its named route's), None when it has no stops; domain errors
    propagate."""
    tour = plan_routes.tour_of(plan.state(), route, plan.sites, lang) if plan.sites else None
    return tour if tour is None or route is None or tour.order else None


def pack_input(plan_id: int, options: PrintOptions) -> PackInput:
    """Everything the print pack of a plan is made from."""
    plan = get_plan(plan_id)
    visit = review.review_visit(plan_id)
    route = plan_routes.route_of(plan.state(), options.route)  # a route the plan lacks: 404
    try:
        tour, error = _plan_tour(plan, options.lang, route), None
    except _TOUR_ERRORS as exc:  # print what we can, and say why there is no route
        tour, error = None, exc.say(options.lang, options.zone)
    if options.day is not None:  # a day the tour does not have: 404 naming how many it has
        tour = one_day(tour, options.day)
    sources = {
        name: cached_by_revision(f"print:sources:{name}", name, layer_sources)
        for name in _SOURCE_LAYERS
    }
    layers = map_layers()
    sources["sewage_plants"] = layer_sources(layers["sewage_plants"])
    removed = removed_sites(plan.sites or (), plans.stop_features(), options.lang)
    gone = {r.id for r in removed}
    summary = {
        "id": plan.id,
        "name": plan_routes.titled(plan.name, route, options.lang),
        "sites": _printed_sites(plan.sites or (), gone, tour, options.day, route),
        "removed": [r.name for r in removed],
        "revisions": tours.revisions_text(tours.layer_revisions(), options.lang),
        "start": plan.start,
        "status": plan.status,
        "version": plan.version,
        "depart": plan.depart,
        "updated_by": plan.updated_by if options.show_users else None,
        "updated_at": clock.local_time(plan.updated_at, options.zone),  # as the office reads it
    }
    return PackInput(
        plan=summary,
        tour=tour,
        layers=layers,
        lang=options.lang,
        today=options.today,
        tour_error=error,
        approval_number=options.approval_number,
        sources=sources,
        review=visit if options.show_experts else review.public(visit),
    )


def _printed_sites(
    sites, gone: set[str], tour: Tour | None, day: int | None, route: Mapping | None
) -> list[str]:
    """The sites the pack lists: the layer's stops only, and only the day's on a one-day print,
    the route's on a route's print."""
    if (day is not None or route is not None) and tour is not None:
        return list(tour.order)
    if route is not None:
        return []
    return [s for s in sites if s not in gone]


# Built packs, kept while nothing they show has changed: a panel of experts downloading the
# same pack costs one build, not one each. Keyed on the plan's version and every layer's stamp.
_PDF_CACHE: OrderedDict[tuple, bytes] = OrderedDict()
_PDF_CACHE_SIZE = 8
_PDF_LOCK = threading.Lock()


def _pdf_key(plan: Plan, paper: str, options: PrintOptions) -> tuple:
    return (
        str(db.engine.url),
        plan.id,
        plan.version,
        paper,
        options,  # language, the date printed on every page, zone, approval number, experts
        review.review_visit(plan.id).version,
        tuple(layer_stamp(name) for name in LAYERS),
    )


def print_pdf(
    plan_id: int, paper: str, options: PrintOptions, font: CjkFont, tiles: TileFetcher | None
) -> File:
    """The PDF print pack, built once per plan version, paper, options and layer content (a
    tile basemap may come and go, so a pack with tiles is not cached)."""
    plan = get_plan(plan_id)
    key = _pdf_key(plan, paper, options) if tiles is None else None
    with _PDF_LOCK:
        pdf = _PDF_CACHE.get(key) if key else None
    if pdf is None:
        pdf = build_print_pack(pack_input(plan_id, options), font, paper, tiles)
        if key:
            with _PDF_LOCK:
                _PDF_CACHE[key] = pdf
                while len(_PDF_CACHE) > _PDF_CACHE_SIZE:
                    _PDF_CACHE.popitem(last=False)
    suffix = _suffix(options.route, options.day)
    return File(pdf, "application/pdf", file_name(plan.id, plan.name + suffix, "pdf"))


def _suffix(route: str, day: int | None) -> str:
    """What a file name adds for a route and a day: "-route-b-day1"."""
    named = f"-route-{route}" if route != named_routes.FULL else ""
    return named + (f"-day{day}" if day else "")


def clear_pdf_cache() -> None:
    """Forget every built pack (benchmarks measure a real build)."""
    with _PDF_LOCK:
        _PDF_CACHE.clear()


@dataclass(frozen=True)
class PrintPage:
    """The print pack as one HTML page: its content, legend, totals and maps as PNG."""

    data: PackInput
    content: PackContent
    overview: bytes
    day_maps: dict[int, bytes]
    legend: list
    totals: str


def print_page(
    plan_id: int, options: PrintOptions, font: CjkFont, tiles: TileFetcher | None
) -> PrintPage:
    data = pack_input(plan_id, options)
    content = pack_content(data)
    overview = map_image(content, overview_view(content, 10.6, 6.4, dpi=120), font, tiles)
    day_maps = {
        day.day: map_image(content, day_view(content, day.day, 10.6, 5.6, dpi=120), font, tiles)
        for day in content.days
    }
    return PrintPage(data, content, overview, day_maps, legend_items(content), totals_text(content))


def export(
    plan_id: int,
    fmt: str,
    lang: str,
    gcj02: bool,
    day: int | None = None,
    route_key: str = named_routes.FULL,
) -> File:
    """GPX, KML or CSV (``fmt``, a key of ``EXPORTS``) of the plan's tour or of a named route's
    (``route_key``), or of one ``day`` of it; GCJ-02 coordinates for Gaode-based phone apps."""
    plan = get_plan(plan_id)
    route = plan_routes.route_of(plan.state(), route_key)
    tour = _plan_tour(plan, lang, route)
    title = plan_routes.titled(plan.name, route, lang)
    if day is not None:
        tour = one_day(tour, day)
    gaz = exports.Gazetteer.from_layers(map_layers(), tour)
    if fmt == "gpx":
        body = exports.to_gpx(tour, gaz, title, lang, gcj02)
    elif fmt == "kml":
        body = exports.to_kml(tour, gaz, title, lang, gcj02)
    else:
        body = exports.to_csv(tour, gaz, lang, gcj02)
    suffix = _suffix(route_key, day) + ("-gcj02" if gcj02 else "")
    return File(body, EXPORTS[fmt], file_name(plan.id, plan.name + suffix, fmt))
