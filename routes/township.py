"""Township staff's own candidate stops: the page (the township's map with its stops and a form
per stop) and its JSON API (add, move and edit a stop, its history, photos).

Thin: every view parses the request and calls one use case of ``services.township_sites``. Every
write needs a township account (``require_role("township")``) and a CSRF token; reading a photo
follows the anonymous-read setting like every other page.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, jsonify, render_template, request, send_file, url_for
from flask_login import current_user

from geo.errors import ValidationError
from geo.i18n import text
from geo.layers.catalogue import READINESS, THEMES
from geo.layers.sites import EDITABLE, MAX_LINE, MAX_TEXT
from geo.photos import ACCEPTED, MAX_PHOTO_BYTES
from routes.auth import require_role
from routes.i18n import current_lang
from routes.json_body import json_object
from routes.layers_view import county_map
from services import township_sites as service

bp = Blueprint("township", __name__)


def _editor() -> service.Editor:
    return service.Editor(current_user.username, getattr(current_user, "township_code", None))


def _root() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def _saved(saved: service.Saved):
    return {**saved.stop.to_dict(), "revision": saved.revision, "changes": saved.changes}


def _upload() -> tuple[bytes, str]:
    """The uploaded photo's bytes (read at most one byte past the cap) and its file name."""
    upload = request.files.get("photo")
    if upload is None or not upload.filename:
        raise ValidationError(code="err_choose_photo")
    return upload.stream.read(MAX_PHOTO_BYTES + 1), upload.filename


# ------------------------------------------------------------------------- the page


@bp.get("/township")
@require_role("township")
def page():
    lang = current_lang()
    town = service.township(_editor())
    drawn = county_map(lang, stops=False)  # the page draws the township's stops itself
    return render_template(
        "township/index.html",
        town=town,
        map=drawn["map"],
        data=_page_data(town, lang),
        themes=THEMES,
        readiness=READINESS,
        max_line=MAX_LINE,
        max_text=MAX_TEXT,
        accept=",".join(ACCEPTED),
        max_mb=MAX_PHOTO_BYTES // (1024 * 1024),
    )


def _page_data(town: service.Township, lang: str) -> dict:
    """What township.js needs, embedded as JSON (Jinja's tojson escapes it for <script>)."""
    return {
        "lang": lang,
        "township": {
            "code": town.properties["id"],
            "unit": town.properties["name_zh"],  # a new stop's responsible unit, to start with
            "geometry": town.geometry,
        },
        "stops": [s.to_dict() for s in town.stops],
        "editable": list(EDITABLE),
        "themes": list(THEMES),
        "labels": {k: text(k, lang) for k in (*THEMES, *READINESS, *_JS_LABELS)},
        "urls": {
            "stops": url_for("township.api_add"),
            "locate": url_for("township.api_photo_place"),
            "photo": url_for("township.photo", photo_id=0)[:-1],  # + id [+ "/thumb"]
            "remove_photo": url_for("township.api_remove_photo", photo_id=0)[:-1],
        },
    }


_JS_LABELS = (
    "site_saved", "site_added", "site_conflict", "site_new", "site_photo_added",
    "site_photo_place", "site_photo_use", "site_click_to_add", "site_moved", "site_remove",
    "site_history_add", "site_history_edit", "site_history_photo", "site_history_photo_removed",
    "site_no_photos", "site_choose", "site_error", "site_move_click", "site_photo_count",
    "site_edit", "site_moved",
)  # fmt: skip


# ------------------------------------------------------------------------- JSON API


@bp.get("/api/township/stops")
@require_role("township")
def api_list():
    town = service.township(_editor())
    return jsonify({"township": town.properties["id"], "stops": [s.to_dict() for s in town.stops]})


@bp.post("/api/township/stops")
@require_role("township")
def api_add():
    return jsonify(_saved(service.add_stop(_editor(), json_object()))), 201


@bp.put("/api/township/stops/<stop_id>")
@require_role("township")
def api_edit(stop_id: str):
    return jsonify(_saved(service.edit_stop(_editor(), stop_id, json_object())))


@bp.get("/api/township/stops/<stop_id>/history")
@require_role("township")
def api_history(stop_id: str):
    return jsonify([c.to_dict() for c in service.history(_editor(), stop_id)])


@bp.post("/api/township/stops/<stop_id>/photos")
@require_role("township")
def api_add_photo(stop_id: str):
    data, file_name = _upload()
    keep = request.form.get("keep_location") in ("1", "on", "true")
    photo = service.add_photo(_root(), _editor(), stop_id, data, file_name, keep)
    return jsonify(photo.to_dict()), 201


@bp.delete("/api/township/photos/<int:photo_id>")
@require_role("township")
def api_remove_photo(photo_id: int):
    service.remove_photo(_root(), _editor(), photo_id)
    return jsonify({"id": photo_id, "removed": True})


@bp.post("/api/township/photo-place")
@require_role("township")
def api_photo_place():
    """Where an uploaded photo was taken, to offer as a new stop's place; nothing is stored."""
    data, file_name = _upload()
    place = service.photo_place(_editor(), data, file_name)
    refusal = place.refusal.say(current_lang()) if place.refusal else None
    return jsonify({"lon": place.lon, "lat": place.lat, "inside": place.inside, "refusal": refusal})


@bp.get("/township/photos/<int:photo_id>")
def photo(photo_id: int):
    path, media = service.photo_file(_root(), photo_id, thumbnail=False)
    return send_file(path, mimetype=media, max_age=3600)


@bp.get("/township/photos/<int:photo_id>/thumb")
def thumbnail(photo_id: int):
    path, media = service.photo_file(_root(), photo_id, thumbnail=True)
    return send_file(path, mimetype=media, max_age=3600)
