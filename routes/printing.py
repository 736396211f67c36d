"""Print pack (PDF and an HTML print page) and the GPX/KML/CSV exports of a plan's tour.

Thin: load the plan, compute its tour with the tour API's own function, gather the layers, and hand
plain data to ``geo.printing.pack`` / ``geo.printing.exports``. An unknown plan is a 404; a plan
with no stops prints a cover and an overview without a route.
"""

from __future__ import annotations

import base64
import io
import re
import threading
from collections import OrderedDict
from typing import Any

from flask import Blueprint, current_app, render_template, request, send_file

from geo.errors import NoRouteError, NotFoundError, ScheduleError, ValidationError
from geo.layers.catalogue import LAYERS
from geo.maps.static import TileFetcher, find_cjk_font
from geo.maps.tile_sources import tile_fetcher as fetch_tiles
from geo.printing import exports
from geo.printing.pack import (
    PAPERS,
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
from routes.formatting import local_time
from routes.i18n import current_lang
from routes.layers_view import map_layers, today
from services import tours
from store.layers import cached_by_revision, layer_stamp
from store.plans import Plan, get_plan

bp = Blueprint("printing", __name__)

_SOURCE_LAYERS = ("county", "townships", "reserve", "rivers", "roads", "stops", "places")
_EXPORTS = {
    "gpx": "application/gpx+xml",
    "kml": "application/vnd.google-earth.kml+xml",
    "csv": "text/csv",
}
_TOUR_ERRORS = (NoRouteError, ScheduleError, ValidationError, NotFoundError)


def _plan_dict(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "name": plan.name,
        "sites": list(plan.sites or ()),
        "start": plan.start,
        "status": plan.status,
        "version": plan.version,
        "depart": plan.depart,
        "updated_by": plan.updated_by,
        "updated_at": local_time(plan.updated_at),  # as the office reads it
    }


def plan_tour(plan: Plan) -> dict[str, Any] | None:
    """The plan's tour, None when it has no stops; domain errors propagate."""
    if not plan.sites:
        return None
    return tours.plan_tour(plan.state(), plan.sites, current_lang()).to_dict()


def _pack_input(plan_id: int) -> PackInput:
    plan = get_plan(plan_id)
    try:
        tour, error = plan_tour(plan), None
    except _TOUR_ERRORS as exc:  # print what we can, and say why there is no route
        tour, error = None, str(exc)
    sources = {
        name: cached_by_revision(f"print:sources:{name}", name, layer_sources)
        for name in _SOURCE_LAYERS
    }
    layers = map_layers()
    sources["sewage_plants"] = layer_sources(layers["sewage_plants"])
    return PackInput(
        plan=_plan_dict(plan),
        tour=tour,
        layers=layers,
        lang=current_lang(),
        today=today(),
        tour_error=error,
        approval_number=str(current_app.config.get("MAP_APPROVAL_NUMBER", "")),
        sources=sources,
    )


def _paper() -> str:
    paper = request.args.get("paper", "A4").upper()
    if paper not in PAPERS:
        raise ValidationError(f"'paper' must be one of {', '.join(PAPERS)}, not {paper!r}")
    return paper


# Built packs, kept while nothing they show has changed: a panel of experts downloading the
# same pack costs one build, not one each. Keyed on the plan's version and every layer's stamp.
_PDF_CACHE: OrderedDict[tuple, bytes] = OrderedDict()
_PDF_CACHE_SIZE = 8
_PDF_LOCK = threading.Lock()


def _pdf_key(plan: Plan, paper: str) -> tuple:
    config = current_app.config
    return (
        config["SQLALCHEMY_DATABASE_URI"],
        plan.id,
        plan.version,
        paper,
        current_lang(),
        today().isoformat(),  # printed on every page
        config.get("MAP_APPROVAL_NUMBER", ""),
        tuple(layer_stamp(name) for name in LAYERS),
    )


@bp.get("/plans/<int:plan_id>/print.pdf")
def print_pdf(plan_id: int):
    paper = _paper()  # checked before the costly part
    font = find_cjk_font(current_app.config.get("CJK_FONT", ""))
    plan = get_plan(plan_id)
    tiles = tile_fetcher()
    key = _pdf_key(plan, paper) if tiles is None else None  # tiles may come and go: no cache
    with _PDF_LOCK:
        pdf = _PDF_CACHE.get(key) if key else None
    if pdf is None:
        pdf = build_print_pack(_pack_input(plan_id), font, paper, tiles)
        if key:
            with _PDF_LOCK:
                _PDF_CACHE[key] = pdf
                while len(_PDF_CACHE) > _PDF_CACHE_SIZE:
                    _PDF_CACHE.popitem(last=False)
    return send_file(
        io.BytesIO(pdf),
        mimetype="application/pdf",
        download_name=_file_name(plan.id, plan.name, "pdf"),
        max_age=0,
    )


def _file_name(plan_id: int, plan_name: str, ext: str) -> str:
    """``plan-<id>-<name>.<ext>`` with only letters, digits (any script), "-" and "_" kept."""
    safe = re.sub(r"[^\w-]+", "_", plan_name, flags=re.UNICODE).strip("_")[:60]
    return f"plan-{plan_id}-{safe}.{ext}" if safe else f"plan-{plan_id}.{ext}"


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


@bp.get("/plans/<int:plan_id>/print")
def print_page(plan_id: int):
    """The print pack as one HTML page with print CSS (maps embedded as PNG)."""
    data = _pack_input(plan_id)
    font = find_cjk_font(current_app.config.get("CJK_FONT", ""))
    content = pack_content(data)
    tiles = tile_fetcher()
    overview = _data_uri(
        map_image(content, overview_view(content, 10.6, 6.4, dpi=120), font, tiles)
    )
    day_maps = {
        day["day"]: _data_uri(
            map_image(content, day_view(content, day["day"], 10.6, 5.6, dpi=120), font, tiles)
        )
        for day in content.days
    }
    return render_template(
        "print/pack.html",
        c=content,
        plan=data.plan,
        overview=overview,
        day_maps=day_maps,
        legend=legend_items(content),
        totals=totals_text(content),
    )


@bp.get("/api/plans/<int:plan_id>/export.<fmt>")
def export(plan_id: int, fmt: str):
    """GPX, KML or CSV of the plan's tour; ``?coords=gcj02`` for Gaode-based phone apps."""
    if fmt not in _EXPORTS:
        raise NotFoundError(f"no export format '{fmt}'; use gpx, kml or csv")
    coords = request.args.get("coords", "wgs84").lower()
    if coords not in ("wgs84", "gcj02"):
        raise ValidationError(f"'coords' must be wgs84 or gcj02, not {coords!r}")
    plan = get_plan(plan_id)
    tour = plan_tour(plan)
    lang, gcj02 = current_lang(), coords == "gcj02"
    gaz = exports.Gazetteer.from_layers(map_layers(), tour)
    if fmt == "gpx":
        body = exports.to_gpx(tour, gaz, plan.name, lang, gcj02)
    elif fmt == "kml":
        body = exports.to_kml(tour, gaz, plan.name, lang, gcj02)
    else:
        body = exports.to_csv(tour, gaz, lang, gcj02)
    suffix = "-gcj02" if gcj02 else ""
    return send_file(
        io.BytesIO(body),
        mimetype=_EXPORTS[fmt],
        as_attachment=True,
        download_name=_file_name(plan.id, plan.name + suffix, fmt),
        max_age=0,
    )


# ------------------------------------------------------------------ optional tile basemap


def tile_fetcher() -> TileFetcher | None:
    """Tiles for the printed maps when a basemap is configured; None draws the layers only."""
    config = current_app.config
    return fetch_tiles(config["BASEMAP"], config.get("MBTILES_PATH", ""), config["TIANDITU_KEY"])
