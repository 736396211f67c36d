"""Print pack and exports of a plan: their input (plan, tour, layers, sources), the built-PDF cache,
and the HTML print page's maps.

A plan with no stops prints a cover and an overview without a route; a plan whose tour cannot be
made prints what it can and says why. The exports need the tour, so there its error propagates.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from flask import current_app

from geo import clock
from geo.errors import NoRouteError, NotFoundError, ScheduleError, ValidationError
from geo.i18n import text
from geo.maps.static import CjkFont, TileFetcher
from geo.maps.tile_sources import tile_fetcher
from geo.plans import named_routes
from geo.prep import CleanupSettings
from geo.printing import exports
from geo.printing.content import PackContent
from geo.printing.day_select import one_day
from geo.printing.maps import BASE_LAYERS
from geo.printing.pack import (
    PackInput,
    Progress,
    build_print_pack,
    day_view,
    layer_sources,
    legend_items,
    map_image,
    overview_view,
    pack_content,
    totals_text,
)
from geo.time_limit import check_time_limit
from geo.tour.records import Tour
from services import (
    cleanup,
    jobs,
    plan_routes,
    plans,
    provenance,
    review,
    task_photos,
    tours,
    township_tasks,
)
from services.display import map_layers
from services.removed_stops import removed_sites
from store.built_files import clear_built, get_built, put_built
from store.derived_files import clear_derived, read_derived, write_derived
from store.jobs import DONE, FAILED, JobStatus
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
    upload_dir: str = ""  # where the tasks' photos are, for the clean-up pages' thumbnails


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
    check_time_limit()  # the request's time is up: no layers, clean-up or pages after the tour
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
    whole = tour is not None and options.day is None and route is None  # the plan's own tour
    prep = _prep_pages(plan, tour, options) if whole else {}
    return PackInput(
        **prep,
        plan=summary,
        tour=tour,
        layers=layers,
        lang=options.lang,
        today=options.today,
        tour_error=error,
        approval_number=options.approval_number,
        sources=sources,
        plain_sources=provenance.plain_sources(sources, str(current_app.config["LAYER_DIR"])),
        review=visit if options.show_experts else review.public(visit),
        map_memo=StoredMaps(Path(current_app.config["CACHE_DIR"])),
        layers_stamp=json.dumps({name: layer_stamp(name) for name in BASE_LAYERS}),
    )


class StoredMaps:
    """The map memo of ``geo.printing.map_memo`` as image files in the cache folder, shared by
    every process that builds packs; the newest ``KEEP`` maps (a few hundred kB each) are kept."""

    KIND, KEEP = "print-maps", 200

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str) -> bytes | None:
        return read_derived(self.folder, self.KIND, key)

    def put(self, key: str, image: bytes) -> None:
        write_derived(self.folder, self.KIND, key, image, self.KEEP)


def _prep_pages(plan: Plan, tour: Tour, options: PrintOptions) -> dict:
    """The clean-up along the route (with statuses and photos) and each township's task list,
    for the pages after the fact cards (not in a one-day or one-route print): both from the
    pack's own tour and one clean-up, computed once per pack."""
    route = cleanup.cleanup_of(plan, None, tour, options.lang, CleanupSettings())
    lists = township_tasks.every_township(plan.id, options.lang, options.today, route)
    return {
        "cleanup": route.cleanup,
        "task_statuses": route.status_words(),
        "task_photos": task_photos.thumbnails(Path(options.upload_dir), plan.id)
        if options.upload_dir
        else {},
        "township_tasks": lists,
    }


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


# ---------------------------------------------------------------- built packs, by what they show


def _options_dict(options: PrintOptions) -> dict:
    """Every print option (all of them change what is printed), as JSON."""
    return {**dataclasses.asdict(options), "today": options.today.isoformat()}


def _shown_plants(plan: Plan) -> list:
    """The plants the pack shows (fact cards of the plan's sites that are plants, plants named as
    a stop, start or end) with every property it prints; the plant layer's sources. A facility
    edit of any other plant leaves a pack as it was."""
    stops = plans.stop_props(plans.stop_features())
    named = {*(plan.sites or ()), *(p for p in (plan.start, plan.end) if isinstance(p, str))}
    linked = {stops[s].get("plant_id") for s in named if s in stops} | named
    plants = map_layers()["sewage_plants"]
    shown = [f["properties"] for f in plants if f["properties"].get("id") in linked]
    return [sorted(shown, key=lambda p: str(p.get("id"))), layer_sources(plants)]


def pack_key(plan_id: int, form: str, paper: str, options: PrintOptions, tiles: bool) -> str:
    """What a print ``form`` ("pdf" or "maps" of the HTML page) of a plan shows, as a digest:
    the plan's version (its sites, settings, day edits and route all move it), the paper, the
    options, the review visit, the revision of every layer it draws and the plants it shows
    (the PDF's fact cards; the page's maps show none)."""
    plan = get_plan(plan_id)
    parts = [
        form,
        plan.id,
        plan.version,
        paper,
        _options_dict(options),
        tiles,
        review.review_visit(plan.id).version,
        township_tasks.stamp(plan.id),  # statuses, tasks and photos the pages show
        {name: layer_stamp(name) for name in _SOURCE_LAYERS},
        _shown_plants(plan) if form == "pdf" else None,  # the maps draw no plant
    ]
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()


def _pdf_file(plan: Plan, options: PrintOptions, body: bytes) -> File:
    suffix = _suffix(options.route, options.day)
    return File(body, "application/pdf", file_name(plan.id, plan.name + suffix, "pdf"))


def _tiles() -> TileFetcher | None:
    """Tiles for the printed maps when a basemap is configured; None draws the layers only."""
    config = current_app.config
    return tile_fetcher(config["BASEMAP"], config.get("MBTILES_PATH", ""), config["TIANDITU_KEY"])


def _build(
    plan_id: int,
    form: str,
    paper: str,
    options: PrintOptions,
    font: CjkFont,
    progress: Progress | None = None,
) -> bytes:
    """A print ``form``'s bytes: the PDF, or the HTML page's maps (JSON of base64 PNGs)."""
    tiles = _tiles()
    if progress:
        progress(text("job_stage_input", options.lang), 0.02)
    data = pack_input(plan_id, options)
    if form == "pdf":
        return build_print_pack(data, font, paper, tiles, progress)
    return _pack_maps(_page_maps(pack_content(data), font, tiles, progress))


def _built(plan_id: int, form: str, paper: str, options: PrintOptions, font: CjkFont) -> bytes:
    """The form's bytes, built here once per content (a tile basemap: every time)."""
    key = None if _tiles() else pack_key(plan_id, form, paper, options, False)
    body = get_built(key) if key else None
    if body is None:
        body = _build(plan_id, form, paper, options, font)
        if key:
            put_built(key, body)
    return body


def print_pdf(plan_id: int, paper: str, options: PrintOptions, font: CjkFont) -> File:
    """The PDF print pack, built in this thread unless already built (``pack_key``)."""
    return _pdf_file(get_plan(plan_id), options, _built(plan_id, "pdf", paper, options, font))


def _suffix(route: str, day: int | None) -> str:
    """What a file name adds for a route and a day: "-route-b-day1"."""
    named = f"-route-{route}" if route != named_routes.FULL else ""
    return named + (f"-day{day}" if day else "")


def clear_pdf_cache() -> None:
    """Forget every built pack, print-page map and drawn map (benchmarks measure a real build)."""
    clear_built()
    clear_derived(Path(current_app.config["CACHE_DIR"]), StoredMaps.KIND)


@dataclass(frozen=True)
class PrintPage:
    """The print pack as one HTML page: its content, legend, totals and maps as PNG."""

    data: PackInput
    content: PackContent
    overview: bytes
    day_maps: dict[int, bytes]
    legend: list
    totals: str


def _page_maps(
    content: PackContent,
    font: CjkFont,
    tiles: TileFetcher | None,
    progress: Progress | None = None,
) -> dict:
    views = [("overview", overview_view(content, 10.6, 6.4, dpi=120))]
    views += [(d.day, day_view(content, d.day, 10.6, 5.6, dpi=120)) for d in content.days]
    maps: dict = {"days": {}}
    for i, (name, view) in enumerate(views):
        if progress:
            stage = text("job_stage_map", content.lang, n=i + 1, of=len(views))
            progress(stage, 0.1 + 0.85 * i / len(views))
        png = map_image(content, view, font, tiles)
        if name == "overview":
            maps["overview"] = png
        else:
            maps["days"][name] = png
    return maps


def _pack_maps(maps: dict) -> bytes:
    """The page's maps as one stored file: JSON of base64 PNGs."""
    days = {str(d): base64.b64encode(png).decode() for d, png in maps["days"].items()}
    overview = base64.b64encode(maps["overview"]).decode()
    return json.dumps({"overview": overview, "days": days}).encode()


def _print_page(plan_id: int, options: PrintOptions, maps_body: bytes) -> PrintPage:
    stored = json.loads(maps_body)
    days = {int(d): base64.b64decode(png) for d, png in stored["days"].items()}
    data = pack_input(plan_id, options)
    content = pack_content(data)
    overview = base64.b64decode(stored["overview"])
    return PrintPage(data, content, overview, days, legend_items(content), totals_text(content))


def print_page(plan_id: int, options: PrintOptions, font: CjkFont) -> PrintPage:
    """The HTML print page, its maps (the costly part) built here unless already built."""
    return _print_page(plan_id, options, _built(plan_id, "maps", "", options, font))


# ------------------------------------------------------------- off the request thread (jobs)


def _payload(plan_id: int, form: str, paper: str, options: PrintOptions, font: CjkFont) -> dict:
    return {
        "plan_id": plan_id,
        "form": form,
        "paper": paper,
        "options": _options_dict(options),
        "font": [font.path, font.index],
    }


@jobs.handler("print_pack")
def _print_job(payload: dict, progress: jobs.Progress) -> dict:
    """Build a print form in a worker and keep it under its key."""
    stored = payload["options"]
    options = PrintOptions(**{**stored, "today": date.fromisoformat(stored["today"])})
    form, paper, plan_id = payload["form"], payload["paper"], payload["plan_id"]
    body = _build(plan_id, form, paper, options, CjkFont(*payload["font"]), progress)
    put_built(payload["key"], body)
    return {"key": payload["key"]}


def _queued(
    plan_id: int, form: str, paper: str, options: PrintOptions, font: CjkFont, wait: float
) -> bytes | JobStatus:
    """The form's bytes when built already or within ``wait`` seconds, else its job's status.
    Requests for the same content share one job, whoever asks (the key is what the pack shows,
    and the job's id, which lets anyone read its status, says nothing else); the build runs on
    a job worker, never this thread. With a tile basemap a pack is drawn afresh each time
    (tiles change), but still by one job at a time per content."""
    tiles = _tiles() is not None
    key = pack_key(plan_id, form, paper, options, tiles)
    body = None if tiles else get_built(key)
    if body is not None:
        return body
    payload = {**_payload(plan_id, form, paper, options, font), "key": key}
    job_id = jobs.submit("print_pack", payload, None, options.lang, key=key)
    found = jobs.wait(job_id, wait)
    if found.state == FAILED:
        raise jobs.JobFailed(found)
    body = get_built(found.result["key"]) if found.state == DONE else None
    return found if body is None else body


def pdf_or_job(
    plan_id: int, paper: str, options: PrintOptions, font: CjkFont, wait: float
) -> File | JobStatus:
    """The PDF if it is ready within ``wait`` seconds, else the status of the job making it."""
    got = _queued(plan_id, "pdf", paper, options, font, wait)
    return got if isinstance(got, JobStatus) else _pdf_file(get_plan(plan_id), options, got)


def page_or_job(
    plan_id: int, options: PrintOptions, font: CjkFont, wait: float
) -> PrintPage | JobStatus:
    """The HTML print page if its maps are ready within ``wait`` seconds, else their job."""
    got = _queued(plan_id, "maps", "", options, font, wait)
    return got if isinstance(got, JobStatus) else _print_page(plan_id, options, got)


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
