"""Facility status pages and API: the dashboard, one plant with its history and edit form, the
JSON API and the bulk update from the county's spreadsheet (preview, then apply all or nothing).

Each view parses the request, calls one function of ``services.facilities`` and renders or
jsonifies what it returns; the rules and the saving live there.
"""

from __future__ import annotations

import base64
import binascii
import json
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from geo.errors import ConflictError, ValidationError
from geo.facilities.bulk_import import MAX_IMPORT_BYTES
from geo.facilities.edits import EDIT_FIELDS, parse_version
from geo.i18n import text
from geo.layers.catalogue import PLANT_STATUSES
from geo.maps.web_map import legend_entries
from routes.auth import require_role
from routes.i18n import current_lang
from routes.json_body import BadJSON, json_object, parse_json
from routes.layers_view import county_map, today
from services import facilities as service

bp = Blueprint("facilities", __name__)


def _user() -> service.User | None:
    return current_user if current_user.is_authenticated else None


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------
def _filters() -> service.Filters:
    return service.Filters(
        township=request.args.get("township") or None,
        status=request.args.get("status") or None,
        late_only=request.args.get("late") in ("1", "true", "on"),
    )


@bp.get("/api/facilities")
def api_list():
    """The plants' current state as GeoJSON, with late, days_left, load_gap and version."""
    day = today()
    return jsonify(
        {
            "type": "FeatureCollection",
            "today": day.isoformat(),
            "features": service.listed(_filters(), day),
        }
    )


def _record_json(record: service.PlantRecord):
    return jsonify({**record.feature, "history": record.history})


@bp.get("/api/facilities/<plant_id>")
def api_one(plant_id: str):
    return _record_json(service.plant_record(plant_id, today()))


@bp.get("/facilities")
def dashboard():
    lang, day = current_lang(), today()
    view = service.dashboard(
        _filters(), lang, _user(), day, Path(current_app.config["INDICATORS_PATH"])
    )
    drawn = county_map(lang, stops=False, plants=view.plants)
    return render_template(
        "facilities/index.html",
        rows=view.rows,
        summary=view.summary,
        shown=len(view.rows),
        filters=view.filters,
        townships=view.townships,
        statuses=PLANT_STATUSES,
        indicators=view.indicators,
        map=drawn["map"],
        legend=legend_entries(lang, stops=False, places=drawn["places"]),
        charts=view.charts,
        today=day.isoformat(),
    )


@bp.get("/facilities/<plant_id>")
def detail(plant_id: str):
    return _detail_page(plant_id)


def _detail_page(plant_id: str, error: str | None = None, form: dict | None = None, status=200):
    view = service.plant_page(plant_id, current_lang(), _user(), today())
    page = render_template(
        "facilities/detail.html",
        plant=view.plant,
        township=view.township,
        history=view.history,
        editable=view.editable,
        statuses=PLANT_STATUSES,
        error=error,
        form=form or {},
        today=today().isoformat(),
    )
    return page, status


# ---------------------------------------------------------------------------------------------
# Editing one plant
# ---------------------------------------------------------------------------------------------
@bp.patch("/api/facilities/<plant_id>")
@require_role("editor")
def api_update(plant_id: str):
    """``{"version": n, "status", "load_rate", "note", "date"}``: 409 when the version is stale."""
    return _record_json(service.edit_plant(plant_id, json_object(), _user(), today()))


@bp.post("/facilities/<plant_id>")
@require_role("editor")
def form_update(plant_id: str):
    """The edit form on the plant page; errors show on the same page with the typed values."""
    form = {k: request.form.get(k, "") for k in ("version", *EDIT_FIELDS)}
    try:
        service.edit_plant(plant_id, form, _user(), today())
    except (ValidationError, ConflictError) as exc:
        return _detail_page(plant_id, exc.say(current_lang()), form, exc.status)
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
        return _import_error(text("err_bulk_no_file", current_lang()))
    data = upload.read(MAX_IMPORT_BYTES + 1)
    try:
        preview = service.preview_bulk(upload.filename, data, current_lang(), _user(), today())
    except ValidationError as exc:
        return _import_error(exc.say(current_lang()))
    return _preview_page(preview, data)


@bp.post("/facilities/import/apply")
@require_role("editor")
def import_apply():
    """Re-read the very file shown in the preview and apply it against the versions seen then."""
    file_name = request.form.get("file_name", "")
    try:
        data = base64.b64decode(request.form.get("content", ""), validate=True)
        seen = {
            str(k): parse_version(v)
            for k, v in parse_json(request.form.get("versions", "")).items()
        }
    except (binascii.Error, ValueError, TypeError, AttributeError, BadJSON, ValidationError):
        return _import_error(text("err_bulk_preview_damaged", current_lang()), 400)
    try:
        outcome = service.apply_bulk(file_name, data, seen, current_lang(), _user(), today())
    except (ConflictError, ValidationError) as exc:
        return _import_error(exc.say(current_lang()), exc.status)
    if outcome.result.errors:
        return _preview_page(outcome, data)
    flash(text("import_applied", current_lang(), n=outcome.applied), "ok")
    return redirect(url_for("facilities.dashboard"))


def _preview_page(preview: service.BulkPreview, data: bytes):
    page = render_template(
        "facilities/import.html",
        stage="preview",
        file_name=preview.file_name,
        result=preview.result,
        changes=preview.changes,
        content=base64.b64encode(data).decode("ascii"),
        versions=json.dumps(preview.versions),
    )
    return page, 422 if preview.result.errors else 200


def _import_error(message: str, status: int = 422):
    return render_template("facilities/import.html", stage="upload", error=message), status


@bp.get("/facilities/import/template.<ext>")
@require_role("editor")
def import_template(ext: str):
    """The update form pre-filled with the plants this user may edit, as CSV or XLSX."""
    form = service.update_form_file(ext, _user(), today())
    return Response(
        form.body,
        mimetype=form.mimetype,
        headers={"Content-Disposition": f"attachment; filename={form.file_name}"},
    )
