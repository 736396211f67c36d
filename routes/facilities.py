"""Facility status: the dashboard, one plant with its history and edit form, the JSON API and
the bulk update from the county's spreadsheet (preview, then apply all or nothing)."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime
from typing import Any

from flask import (
    Blueprint,
    Response,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from geo.errors import ConflictError, ValidationError
from geo.facilities import dashboard as fac
from geo.facilities.form import update_form
from geo.i18n import name, text
from geo.maps.web_map import build_map, render_parts
from routes.auth import Forbidden, require_role
from routes.i18n import current_lang
from routes.layers_view import basemap, map_layers, today
from store import facilities as store

bp = Blueprint("facilities", __name__)


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------
def _filters() -> dict[str, Any]:
    status = request.args.get("status") or None
    if status is not None and status not in fac.PLANT_STATUSES:
        raise ValidationError(f"status: {status!r} is not one of {', '.join(fac.PLANT_STATUSES)}")
    return {
        "township": request.args.get("township") or None,
        "status": status,
        "late_only": request.args.get("late") in ("1", "true", "on"),
    }


def _with_state(plant: dict) -> dict:
    props = plant["properties"]
    return {**plant, "properties": {**props, **fac.plant_state(props, today())}}


@bp.get("/api/facilities")
def api_list():
    """The plants' current state as GeoJSON, with late, days_left, load_gap and version."""
    chosen = fac.filter_plants(store.plants(), today(), **_filters())
    return jsonify(
        {
            "type": "FeatureCollection",
            "today": today().isoformat(),
            "features": [_with_state(p) for p in chosen],
        }
    )


@bp.get("/api/facilities/<plant_id>")
def api_one(plant_id: str):
    return jsonify({**_with_state(store.plant(plant_id)), "history": store.history(plant_id)})


@bp.get("/facilities")
def dashboard():
    lang, day = current_lang(), today()
    filters = _filters()
    everything = store.plants()
    chosen = fac.filter_plants(everything, day, **filters)
    townships = store.townships()
    town_names = {t["properties"]["id"]: name(t["properties"], lang) for t in townships}
    indicators = fac.with_live_values(store.indicators(), everything, townships, day)
    layers = {**map_layers(), "stops": [], "sewage_plants": chosen}
    static_url = url_for("static", filename="").rstrip("/")
    fmap = build_map(layers, lang, static_url, basemap(), day)
    return render_template(
        "facilities/index.html",
        rows=[_row(p, town_names, lang) for p in chosen],
        summary=fac.summary(everything, day),
        shown=len(chosen),
        filters=filters,
        townships=sorted(town_names.items()),
        statuses=fac.PLANT_STATUSES,
        indicators=[(i, fac.indicator_progress(i, day)) for i in indicators],
        map=render_parts(fmap),
        charts=_chart_data(everything, indicators, lang),
        today=day.isoformat(),
    )


def _row(plant: dict, town_names: dict[str, str], lang: str) -> dict:
    props = plant["properties"]
    return {
        **props,
        **fac.plant_state(props, today()),
        "label": name(props, lang),
        "township": town_names.get(props.get("township_code"), props.get("township_code")),
        "editable": _may_edit(props),
    }


def _chart_data(plants: list[dict], indicators: list[fac.Indicator], lang: str) -> dict:
    """Plain numbers and labels for the two charts (drawn by static/js/facilities.js)."""
    loaded = [p["properties"] for p in plants if p["properties"].get("load_rate") is not None]
    timeline = fac.operating_timeline(plants, store.history(), today())
    goal = next((i for i in indicators if i.computed == "township_plants_operating"), None)
    return {
        "load": {
            "labels": [name(p, lang) for p in loaded],
            "load": [p["load_rate"] for p in loaded],
            "target": [p.get("target_load_rate") for p in loaded],
        },
        "timeline": {
            "labels": [p["date"] for p in timeline],
            "operating": [p["operating"] for p in timeline],
            "township": [p["township_operating"] for p in timeline],
            "goal": goal.target if goal else None,
            "goal_date": goal.deadline if goal else None,
        },
        "text": {
            key: text(key, lang)
            for key in ("load_rate", "target", "operating_all", "operating_township", "goal")
        },
    }


@bp.get("/facilities/<plant_id>")
def detail(plant_id: str):
    return _detail_page(store.plant(plant_id))


def _detail_page(plant: dict, error: str | None = None, form: dict | None = None, status=200):
    lang = current_lang()
    props = plant["properties"]
    towns = {t["properties"]["id"]: t["properties"] for t in store.townships()}
    town = towns.get(props.get("township_code"))
    page = render_template(
        "facilities/detail.html",
        plant={**props, **fac.plant_state(props, today()), "label": name(props, lang)},
        township=name(town, lang) if town else props.get("township_code"),
        history=list(reversed(store.history(props["id"]))),
        editable=_may_edit(props),
        statuses=fac.PLANT_STATUSES,
        error=error,
        form=form or {},
        today=today().isoformat(),
    )
    return page, status


# ---------------------------------------------------------------------------------------------
# Editing one plant
# ---------------------------------------------------------------------------------------------
def _may_edit(props: dict) -> bool:
    if not current_user.is_authenticated:
        return False
    return fac.may_edit(current_user.role, current_user.unit, props)


def _check_may_edit(props: dict) -> None:
    if not _may_edit(props):
        raise Forbidden(
            f"{props['id']} is the responsibility of {props.get('responsible_unit')}; "
            "only that unit's editors and admins may change it"
        )


@bp.patch("/api/facilities/<plant_id>")
@require_role("editor")
def api_update(plant_id: str):
    """``{"version": n, "status", "load_rate", "note", "date"}``: 409 when the version is stale."""
    current = store.plant(plant_id)
    _check_may_edit(current["properties"])
    edit = fac.validate_edit(request.get_json(silent=True), today())
    saved = store.update_plant(plant_id, edit, current_user.username)
    return jsonify({**_with_state(saved), "history": store.history(plant_id)})


@bp.post("/facilities/<plant_id>")
@require_role("editor")
def form_update(plant_id: str):
    """The edit form on the plant page; errors show on the same page with the typed values."""
    current = store.plant(plant_id)
    _check_may_edit(current["properties"])
    form = {k: request.form.get(k, "") for k in ("version", *fac.EDIT_FIELDS)}
    try:
        edit = fac.validate_edit(form, today())
        store.update_plant(plant_id, edit, current_user.username)
    except (ValidationError, ConflictError) as exc:
        return _detail_page(store.plant(plant_id), str(exc), form, exc.status)
    flash(text("saved", current_lang()), "ok")
    return redirect(url_for("facilities.detail", plant_id=plant_id))


# ---------------------------------------------------------------------------------------------
# Bulk update from a file: upload -> preview (nothing saved) -> apply (all or nothing)
# ---------------------------------------------------------------------------------------------
@bp.get("/facilities/import")
@require_role("editor")
def import_form():
    return render_template("facilities/import.html", stage="upload")


@bp.post("/facilities/import")
@require_role("editor")
def import_preview():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _import_error("file: choose a .csv or .xlsx file")
    data = upload.read(fac.MAX_IMPORT_BYTES + 1)
    return _preview(upload.filename, data, _versions())


@bp.post("/facilities/import/apply")
@require_role("editor")
def import_apply():
    """Re-read the very file shown in the preview and apply it against the versions seen then."""
    file_name = request.form.get("file_name", "")
    try:
        data = base64.b64decode(request.form.get("content", ""), validate=True)
        seen = {str(k): int(v) for k, v in json.loads(request.form.get("versions", "")).items()}
    except (binascii.Error, ValueError, TypeError, AttributeError):
        return _import_error("the preview form was damaged; upload the file again")
    try:
        result = _parse(file_name, data)
    except ValidationError as exc:
        return _import_error(str(exc))
    if result.errors:
        return _preview(file_name, data, seen)
    try:
        count = store.apply_bulk(result.rows, seen, current_user.username, _batch_name())
    except (ConflictError, ValidationError) as exc:
        return _import_error(str(exc), exc.status)
    flash(text("import_applied", current_lang(), n=count), "ok")
    return redirect(url_for("facilities.dashboard"))


def _parse(file_name: str, data: bytes) -> fac.BulkResult:
    return fac.parse_bulk(file_name, data, store.plants(), today(), allowed=_may_edit)


def _versions() -> dict[str, int]:
    return {p["properties"]["id"]: p["properties"]["version"] for p in store.plants()}


def _preview(file_name: str, data: bytes, versions: dict[str, int]):
    try:
        result = _parse(file_name, data)
    except ValidationError as exc:
        return _import_error(str(exc))
    lang = current_lang()
    plants = {p["properties"]["id"]: p["properties"] for p in store.plants()}
    changes = []
    for row in result.rows:
        props = plants[row.plant_id]
        try:
            _new, changed = fac.apply_edit(props, row.edit)
        except ValidationError as exc:  # e.g. dated before the plant's last update
            result.errors.append(fac.RowError(row.row, "日期 / date", str(exc).split(": ", 1)[-1]))
            continue
        stale = versions.get(row.plant_id) != props["version"] or (
            row.edit.version is not None and row.edit.version != props["version"]
        )
        changes.append(
            {"row": row.row, "plant": name(props, lang), "changed": changed, "stale": stale}
        )
    page = render_template(
        "facilities/import.html",
        stage="preview",
        file_name=file_name,
        result=result,
        changes=changes,
        content=base64.b64encode(data).decode("ascii"),
        versions=json.dumps(versions),
    )
    return page, 422 if result.errors else 200


def _import_error(message: str, status: int = 422):
    return render_template("facilities/import.html", stage="upload", error=message), status


def _batch_name() -> str:
    return f"import-{datetime.now(UTC):%Y%m%d%H%M%S%f}"


@bp.get("/facilities/import/template.<ext>")
@require_role("editor")
def import_template(ext: str):
    """The update form pre-filled with the plants this user may edit, as CSV or XLSX."""
    mine = [p for p in (f["properties"] for f in store.plants()) if _may_edit(p)]
    body, mimetype = update_form(mine, ext)
    file_name = f"facility_status_{today().isoformat()}.{ext}"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f"attachment; filename={file_name}"},
    )
