"""The OpenStreetMap import from ``/admin/layers``: start it (an upload or a file of the server
folder), watch its job, read its report, apply it (a second job: ``services.osm_apply``) or
cancel it (``services.osm_admin``). Every route needs an admin; every form carries a CSRF
token."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from geo.errors import GeoInputError, JiangleError, NotFoundError
from geo.i18n import text
from geo.layers.catalogue import LAYERS
from routes.admin import layers_page, osm_root
from routes.auth import require_role
from routes.i18n import current_lang
from services import osm_admin, osm_apply

bp = Blueprint("admin_osm", __name__, url_prefix="/admin/osm")
FORM_KEYS = ("source", "server_file", "buffer_km")


def _buffer_km(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise GeoInputError(code="err_osm_buffer", value=value) from None


@bp.post("")
@require_role("admin")
def start():
    """Stage the file, queue its import and show its page; an error shows the layers page
    again with the form as it was filled in, nothing staged."""
    form = {key: request.form.get(key, "").strip() for key in FORM_KEYS}
    lang, user = current_lang(), current_user.username
    try:
        buffer_km = _buffer_km(form["buffer_km"] or "10")
        if form["source"] == "server":
            token = osm_admin.start_server_file(
                osm_root(), current_app.config["OSM_IMPORT_DIR"], form["server_file"],
                buffer_km, user, lang,
            )  # fmt: skip
        else:
            file = request.files.get("file")
            if file is None or not file.filename:
                raise GeoInputError(code="osm_choose_file")
            token = osm_admin.start_upload(
                osm_root(), file.stream, file.filename, buffer_km, user, lang
            )
    except JiangleError as exc:
        return layers_page({"osm": exc.say(lang)}, exc.status, form)
    return redirect(url_for("admin_osm.import_page", token=token), 303)


@bp.get("/<token>")
@require_role("admin")
def import_page(token: str):
    """The import's progress (polled from its job), then its report or why it failed."""
    view = osm_admin.import_view(osm_root(), token, current_user.username)
    return render_template("admin/osm_import.html", view=view, specs=LAYERS)


@bp.post("/<token>/apply")
@require_role("admin")
def apply(token: str):
    """Queue the apply and show its progress on the import's page; 409 (said on the layers
    page) if the import has not finished, or is being applied or was applied already."""
    try:
        osm_apply.apply_import(osm_root(), token, current_user.username, current_lang())
    except NotFoundError:
        raise
    except JiangleError as exc:
        return layers_page({"osm": exc.say(current_lang())}, exc.status)
    return redirect(url_for("admin_osm.import_page", token=token), 303)


@bp.post("/<token>/cancel")
@require_role("admin")
def cancel(token: str):
    """Drop the import; 409 (said on the layers page) once it is being applied or applied."""
    lang = current_lang()
    try:
        osm_admin.cancel_import(osm_root(), token, current_user.username)
    except NotFoundError:
        raise
    except JiangleError as exc:
        return layers_page({"osm": exc.say(lang)}, exc.status)
    flash(text("osm_cancelled", lang), "ok")
    return redirect(url_for("admin.layers_page"))
