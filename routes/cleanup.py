"""The clean-up along a plan's route: JSON, a page with the corridor map and tables per township,
the task list as Excel and PDF, and the status of each task. Reads follow the anonymous-read
setting, like every plan page; a status update needs a planner (or admin) and a CSRF token."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import shapely
from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from shapely.geometry import mapping

from geo.i18n import text
from geo.maps.fonts import find_cjk_font
from geo.maps.web_map import add_cleanup, build_map, render_parts
from geo.plans.named_routes import parse_key
from geo.prep import XLSX, Cleanup, cleanup_workbook, parse_settings
from geo.printing.cleanup_pages import cleanup_pdf
from routes.auth import require_role
from routes.i18n import current_lang
from routes.json_body import json_object
from routes.layers_view import basemap, map_layers, roads_url, today
from routes.limits import heavy
from routes.prep_tasks import STATUS_SETTERS, task_user
from services import task_photos
from services.cleanup import PlanCleanup, TaskStatus, plan_cleanup, update_task
from store.layers import features

bp = Blueprint("cleanup", __name__)
_PRECISION = 1e-6  # degrees (~0.1 m): enough for a map, a third of the bytes


def _result(plan_id: int) -> tuple[PlanCleanup, str]:
    """The plan's clean-up with the settings of the query string (distance, radius, sides) and
    the route (``?route=<key>``, default the full tour)."""
    lang = current_lang()
    route = parse_key(request.args.get("route"))
    return plan_cleanup(plan_id, lang, parse_settings(request.args), route), lang


@bp.get("/api/plans/<int:plan_id>/cleanup")
@heavy
def api_cleanup(plan_id: int):
    result, _ = _result(plan_id)
    return jsonify(
        {
            "plan": {"id": result.plan_id, "name": result.plan_name, "version": result.version},
            **_cleanup_json(result),
        }
    )


@bp.put("/api/plans/<int:plan_id>/cleanup/tasks/<key>")
@require_role(*STATUS_SETTERS)
def api_task(plan_id: int, key: str):
    """Record a task's status: {"status": "todo"|"doing"|"done", "note": "...", "version": n};
    township staff only for their own township's tasks; ``?route=<key>``: a task of that named
    route's clean-up."""
    route = parse_key(request.args.get("route"))
    saved = update_task(plan_id, key, json_object(), task_user(), current_lang(), route)
    return jsonify(_status_json(saved))


def _status_json(status: TaskStatus) -> dict[str, Any]:
    at = status.updated_at.isoformat(timespec="seconds") if status.updated_at else None
    return {**asdict(status), "updated_at": at}


@bp.get("/plans/<int:plan_id>/cleanup")
@heavy
def page(plan_id: int):
    result, lang = _result(plan_id)
    cleanup = result.cleanup
    visited = {s.stop_id for town in cleanup.townships for s in town.stops}
    layers = {
        **map_layers(),
        "stops": [f for f in features("stops") if f["properties"]["id"] in visited],
    }
    static_url = url_for("static", filename="").rstrip("/")
    stretches, reaches = _line_features(cleanup)
    titles = (
        text("cleanup_corridor", lang),
        text("cleanup_stretches", lang),
        text("cleanup_reaches", lang),
    )
    fmap = build_map(
        layers,
        lang,
        static_url,
        today(),
        basemap(),
        lambda m: add_cleanup(m, _geometry(cleanup.corridor), stretches, reaches, titles),
        roads_url=roads_url(),
    )
    return render_template(
        "cleanup.html",
        result=result,
        cleanup=cleanup,
        map=render_parts(fmap),
        photos=task_photos.photos_by_task(plan_id),
        xlsx_url=url_for("cleanup.workbook", plan_id=plan_id, **request.args),
        pdf_url=url_for("cleanup.pdf", plan_id=plan_id, **request.args),
    )


@bp.get("/plans/<int:plan_id>/cleanup.xlsx")
@heavy
def workbook(plan_id: int):
    result, lang = _result(plan_id)
    body = cleanup_workbook(result.cleanup, result.plan_name, lang, result.status_words())
    filename = f"cleanup-plan-{plan_id}.xlsx"
    return Response(
        body, mimetype=XLSX, headers={"Content-Disposition": f"attachment; filename={filename}"}
    )


@bp.get("/plans/<int:plan_id>/cleanup.pdf")
@heavy
def pdf(plan_id: int):
    font = find_cjk_font(current_app.config.get("CJK_FONT", ""))  # a missing font fails first
    result, lang = _result(plan_id)
    photos = task_photos.thumbnails(Path(current_app.config["UPLOAD_DIR"]), plan_id)
    body = cleanup_pdf(
        result.cleanup, result.plan_name, font, lang, today(), result.status_words(), photos
    )
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f"attachment; filename=cleanup-plan-{plan_id}.pdf"},
    )


def _geometry(geometry) -> dict | None:
    return None if geometry is None else mapping(shapely.set_precision(geometry, _PRECISION))


def _line_features(cleanup: Cleanup) -> tuple[list[dict], list[dict]]:
    def feature(record) -> dict:
        props = {"label": record.label, "km": record.km, "township": record.township}
        return {"type": "Feature", "properties": props, "geometry": _geometry(record.geometry)}

    towns = cleanup.townships
    return (
        [feature(r) for t in towns for r in t.roads],
        [feature(r) for t in towns for r in t.rivers],
    )


def _cleanup_json(result: PlanCleanup) -> dict[str, Any]:
    cleanup = result.cleanup
    return {
        "settings": asdict(cleanup.settings),
        "corridor": _geometry(cleanup.corridor),
        "townships": [
            {
                "code": town.code,
                "name": town.label,
                "road_km": round(town.road_km, 3),
                "river_km": round(town.river_km, 3),
                "roads": [
                    {
                        "key": r.key,
                        "name": r.label,
                        "class": r.road_class,
                        "road_ids": list(r.road_ids),
                        "km": round(r.km, 3),
                        "both_sides": r.both_sides,
                        "verge_km": round(r.verge_km, 3),
                        "spans": [
                            {"from": s.start, "to": s.end, "km": round(s.km, 3)} for s in r.spans
                        ],
                        "geometry": _geometry(r.geometry),
                    }
                    for r in town.roads
                ],
                "rivers": [
                    {
                        "id": r.river_id,
                        "name": r.label,
                        "class": r.river_class,
                        "km": round(r.km, 3),
                        "near_stops": list(r.near_stops),
                        "geometry": _geometry(r.geometry),
                    }
                    for r in town.rivers
                ],
                "stops": [
                    {
                        "id": s.stop_id,
                        "name": s.label,
                        "lon": s.lon,
                        "lat": s.lat,
                        "radius_m": s.radius_m,
                        "roads": list(s.roads),
                        "rivers": list(s.rivers),
                    }
                    for s in town.stops
                ],
                "tasks": [
                    {
                        **asdict(t),
                        "km": None if t.km is None else round(t.km, 3),
                        "status": _status_json(result.status(t.key)),
                    }
                    for t in town.tasks
                ],
            }
            for town in cleanup.townships
        ],
    }
