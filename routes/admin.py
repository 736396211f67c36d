"""Administration: users (create, role and unit, deactivate, password) and layer uploads
(upload -> validate -> preview with warnings -> apply atomically, or cancel).

Thin: user rules live in ``store.users``; the upload use case (staging, the one loader, the
preview's checks, the atomic swap) in ``services.layers``. Every route needs an admin; every form
carries a CSRF token.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from geo.errors import JiangleError, NotFoundError
from geo.i18n import text
from geo.layers.mapping import FieldMapping
from routes.auth import require_role
from routes.i18n import current_lang
from services import layers, osm_admin
from store import users
from store.layers import features

bp = Blueprint("admin", __name__, url_prefix="/admin")
MAPPING_KEYS = ("crs", "lon", "lat", "datum")


@bp.get("/")
@require_role("admin")
def index():
    return redirect(url_for("admin.users_page"))


# ---------------------------------------------------------------------------------------------
# Users
# ---------------------------------------------------------------------------------------------
def _field_error(exc: JiangleError) -> dict[str, str]:
    """{field: message} for the form; errors without a field go on top of the form."""
    return {getattr(exc, "field", None) or "form": exc.say(current_lang())}


@bp.get("/users")
@require_role("admin")
def users_page(errors: dict | None = None, form: dict | None = None, status: int = 200):
    page = render_template(
        "admin/users.html",
        users=users.list_users(),
        roles=users.ROLES,
        townships=_townships(),
        min_length=users.MIN_PASSWORD_LENGTH,
        errors=errors or {},
        form=form or {},
    )
    return page, status


def _townships() -> list[dict]:
    return [f["properties"] for f in features("townships")]


def _township(form: dict) -> str | None:
    """The chosen township counts only for the township role (the select may keep a value)."""
    return form["township"] if form["role"] == "township" else None


@bp.post("/users")
@require_role("admin")
def create_user():
    form = {k: request.form.get(k, "") for k in ("username", "role", "unit", "township")}
    try:
        user = users.create_user(
            form["username"],
            request.form.get("password", ""),
            form["role"],
            form["unit"],
            confirmation=request.form.get("confirm", ""),
            township=_township(form),
        )
    except JiangleError as exc:
        return users_page(_field_error(exc), form, exc.status)
    flash(text("admin_user_created", current_lang(), name=user.username), "ok")
    return redirect(url_for("admin.users_page"))


@bp.get("/users/<int:user_id>")
@require_role("admin")
def user_page(user_id: int, errors: dict | None = None, form: dict | None = None, status=200):
    page = render_template(
        "admin/user.html",
        user=users.get_user(user_id),
        roles=users.ROLES,
        townships=_townships(),
        min_length=users.MIN_PASSWORD_LENGTH,
        errors=errors or {},
        form=form or {},
        is_self=user_id == current_user.id,
    )
    return page, status


@bp.post("/users/<int:user_id>")
@require_role("admin")
def update_user(user_id: int):
    form = {k: request.form.get(k, "") for k in ("role", "unit", "township")}
    try:
        users.update_user(user_id, form["role"], form["unit"], current_user, _township(form))
    except NotFoundError:
        raise
    except JiangleError as exc:
        return user_page(user_id, _field_error(exc), form, exc.status)
    flash(text("saved", current_lang()), "ok")
    return redirect(url_for("admin.user_page", user_id=user_id))


@bp.post("/users/<int:user_id>/active")
@require_role("admin")
def set_active(user_id: int):
    active = request.form.get("active") == "1"
    try:
        users.set_active(user_id, active, current_user)
    except NotFoundError:
        raise
    except JiangleError as exc:
        return user_page(user_id, _field_error(exc), None, exc.status)
    key = "admin_reactivated" if active else "admin_deactivated"
    flash(text(key, current_lang()), "ok")
    return redirect(url_for("admin.user_page", user_id=user_id))


@bp.post("/users/<int:user_id>/password")
@require_role("admin")
def reset_password(user_id: int):
    try:
        users.reset_password(
            user_id, request.form.get("password", ""), request.form.get("confirm", "")
        )
    except NotFoundError:
        raise
    except JiangleError as exc:
        return user_page(user_id, _field_error(exc), None, exc.status)
    flash(text("admin_password_reset", current_lang()), "ok")
    return redirect(url_for("admin.user_page", user_id=user_id))


# ---------------------------------------------------------------------------------------------
# Layers: catalogue, upload, preview, apply, cancel
# ---------------------------------------------------------------------------------------------
def _upload_root() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def osm_root() -> Path:
    """Where OSM imports are staged: apart from the layer uploads."""
    return _upload_root() / "osm"


@bp.get("/layers")
@require_role("admin")
def layers_page(errors: dict | None = None, status: int = 200, form: dict | None = None):
    """The layers, their revisions and history, the upload forms and the OSM import form
    (``errors`` by layer name, or ``osm``; ``form``: the OSM form's choices to show again)."""
    view = layers.catalogue()
    page = render_template(
        "admin/layers.html",
        layers=[(row.name, row.spec, row.info, row.last) for row in view.layers],
        revisions={row.name: row.revisions for row in view.layers},
        history=view.history,
        accept=view.accept,
        osm=osm_admin.start_form(osm_root(), current_app.config["OSM_IMPORT_DIR"]),
        osm_form=form or {},
        errors=errors or {},
    )
    return page, status


@bp.post("/layers/<name>")
@require_role("admin")
def upload(name: str):
    """Stage and validate an upload; show the preview, or the error with nothing changed."""
    file = request.files.get("file")
    stream, file_name = (file.stream, file.filename) if file else (None, "")
    try:
        staged = layers.stage_upload(
            _upload_root(),
            name,
            stream,
            file_name or "",
            current_lang(),
            current_user.username,
            map_fields=request.form.get("map_fields") == "1",
        )
    except layers.UploadRefused as exc:
        return layers_page({exc.layer: str(exc)}, exc.status)
    return _staged_page(staged)


def _staged_page(staged: layers.Preview | layers.MappingForm):
    """The preview of a staged upload, or its field-mapping form (422 when it says why the
    mapped file was refused)."""
    if isinstance(staged, layers.MappingForm):
        status = 422 if staged.error else 200
        return render_template("admin/mapping.html", **vars(staged)), status
    return render_template("admin/preview.html", **vars(staged))


def _field_mapping(form) -> FieldMapping:
    """The mapping form's choices: ``field:<property>`` columns, ``value:<property>:<value>``
    meanings, and the CRS, longitude/latitude columns and datum; empty choices left out."""
    fields, values = {}, {}
    for key, chosen in form.items():
        kind, _sep, rest = key.partition(":")
        if kind == "field" and chosen:
            fields[rest] = chosen
        elif kind == "value" and chosen:
            target, _sep, value = rest.partition(":")
            values.setdefault(target, {})[value] = chosen
    return FieldMapping.from_dict(
        {"fields": fields, "values": values, **{k: form.get(k, "").strip() for k in MAPPING_KEYS}}
    )


@bp.post("/uploads/<token>/mapping")
@require_role("admin")
def map_upload(token: str):
    """Refresh the mapping form (new value lists, another CRS) or preview the mapped file."""
    field_map = _field_mapping(request.form)
    if request.form.get("action") == "refresh":
        return _staged_page(layers.mapping_form(_upload_root(), token, field_map))
    return _staged_page(layers.preview_mapped(_upload_root(), token, field_map))


@bp.post("/uploads/<token>/apply")
@require_role("admin")
def apply_upload(token: str):
    """Validate the staged file again and swap the layer in one transaction."""
    try:
        applied = layers.apply_upload(_upload_root(), token, current_user.username)
    except layers.UploadRefused as exc:
        return layers_page({exc.layer: str(exc)}, exc.status)
    lang = current_lang()
    flash(text("admin_layer_replaced", lang, layer=applied.layer, n=applied.count), "ok")
    return redirect(url_for("admin.layers_page"))


@bp.post("/uploads/<token>/cancel")
@require_role("admin")
def cancel_upload(token: str):
    layers.cancel_upload(_upload_root(), token)
    flash(text("admin_upload_cancelled", current_lang()), "ok")
    return redirect(url_for("admin.layers_page"))


@bp.get("/layers/<name>/revisions/<int:number>")
@require_role("admin")
def revision_page(name: str, number: int):
    """Revision ``number`` against the live layer, with a button to roll back to it."""
    return render_template("admin/revision.html", **vars(layers.compare_revision(name, number)))


@bp.post("/layers/<name>/revisions/<int:number>/rollback")
@require_role("admin")
def rollback(name: str, number: int):
    """Make the revision live again as a new revision; refused (409) if the layer changed since
    the page was shown."""
    expected = request.form.get("expected_revision", type=int)
    try:
        applied = layers.rollback_layer(name, number, current_user.username, expected)
    except NotFoundError:
        raise
    except JiangleError as exc:
        return layers_page({name: str(exc)}, exc.status)
    lang = current_lang()
    flash(text("admin_rolled_back", lang, layer=name, rev=number, n=applied.count), "ok")
    return redirect(url_for("admin.layers_page"))
