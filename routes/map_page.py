"""The county map page (with a plan's tour on it: ``/?plan=<id>``), and local MBTiles tiles
when that basemap is configured."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for

from geo.errors import JiangleError
from geo.i18n import name, text
from geo.maps.tile_sources import mbtiles_tile
from geo.maps.web_map import legend_entries
from routes.i18n import current_lang
from routes.layers_view import county_map
from services.plans import stop_features
from store.plans import get_plan

bp = Blueprint("map_page", __name__)


@bp.get("/")
def index():
    lang = current_lang()
    drawn = county_map(lang)
    tour, error = _tour_plan(request.args.get("plan"), lang)
    page = render_template(
        "map/index.html",
        map=drawn["map"],
        legend=legend_entries(lang, tour=tour is not None, places=drawn["places"]),
        tour=tour,
        tour_error=error,
    )
    return page, 404 if error else 200


_TOUR_LABELS = ("km", "arrival", "departure", "day_n", "plan_driving", "plan_visiting",
                "plan_days", "plan_computing")  # fmt: skip


def _tour_plan(value: str | None, lang: str) -> tuple[dict[str, Any] | None, str | None]:
    """What the page needs to draw the tour of plan ``value`` (the ``plan`` query argument),
    or why it cannot: (data, None) or (None, message); (None, None) without the argument."""
    if value is None:
        return None, None
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        error = f"the plan id must be a whole number, got {value!r}"
        return None, text("map_plan_missing", lang, error=error)
    try:
        plan = get_plan(int(value))
    except JiangleError as exc:
        said = exc.say(lang, current_app.config["TIMEZONE"])
        return None, text("map_plan_missing", lang, error=said)
    stops = stop_features()
    return {
        "id": plan.id,
        "name": plan.name,
        "url": url_for("plans.plan_page", plan_id=plan.id),
        "route": url_for("plans.api_route", plan_id=plan.id),
        "stops": {
            sid: {
                "name": name(stops[sid]["properties"], lang),
                "lon": stops[sid]["geometry"]["coordinates"][0],
                "lat": stops[sid]["geometry"]["coordinates"][1],
            }
            for sid in plan.sites
            if sid in stops
        },
        "labels": {k: text(k, lang) for k in _TOUR_LABELS},
    }, None


@bp.get("/tiles/<int:z>/<int:x>/<int:y>.png")
def tile(z: int, x: int, y: int):
    """Serve a tile from the configured local MBTiles file."""
    path = current_app.config["MBTILES_PATH"]
    data = mbtiles_tile(path, z, x, y) if path else None
    if data is None:
        abort(404)
    return Response(data, mimetype="image/png", headers={"Cache-Control": "max-age=86400"})
