"""Administration: users (create, role and unit, deactivate, password) and layer uploads
(upload -> validate -> preview with warnings -> apply atomically, or cancel).

Thin: user rules live in ``store.users``, safe file handling and the preview's checks in
``geo.layers.uploads``, validation in ``geo.layers.loader.load_layer`` (the one loader), the swap in
``store.layers``. Every route needs an admin; every form carries a CSRF token.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from geo.errors import ConflictError, GeoInputError, JiangleError, NotFoundError
from geo.i18n import text
from geo.layers import preview as upload_preview
from geo.layers import uploads
from geo.layers.catalogue import INSIDE_COUNTY, LAYERS
from geo.layers.loader import COUNTY_TOLERANCE_M, county_geometry, load_layer
from routes.auth import require_role
from routes.i18n import current_lang
from store import layers as layer_store
from store import users
from store.facilities import history as facility_history
from store.plans import list_plans

bp = Blueprint("admin", __name__, url_prefix="/admin")
SAMPLE_ROWS = 5


@bp.get("/")
@require_role("admin")
def index():
    return redirect(url_for("admin.users_page"))


# ---------------------------------------------------------------------------------------------
# Users
# ---------------------------------------------------------------------------------------------
def _field_error(exc: JiangleError) -> dict[str, str]:
    """{field: message} for the form; errors without a field go on top of the form."""
    return {getattr(exc, "field", None) or "form": str(exc)}


@bp.get("/users")
@require_role("admin")
def users_page(errors: dict | None = None, form: dict | None = None, status: int = 200):
    page = render_template(
        "admin/users.html",
        users=users.list_users(),
        roles=users.ROLES,
        min_length=users.MIN_PASSWORD_LENGTH,
        errors=errors or {},
        form=form or {},
    )
    return page, status


@bp.post("/users")
@require_role("admin")
def create_user():
    form = {k: request.form.get(k, "") for k in ("username", "role", "unit")}
    try:
        user = users.create_user(
            form["username"],
            request.form.get("password", ""),
            form["role"],
            form["unit"],
            confirmation=request.form.get("confirm", ""),
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
        min_length=users.MIN_PASSWORD_LENGTH,
        errors=errors or {},
        form=form or {},
        is_self=user_id == current_user.id,
    )
    return page, status


@bp.post("/users/<int:user_id>")
@require_role("admin")
def update_user(user_id: int):
    form = {k: request.form.get(k, "") for k in ("role", "unit")}
    try:
        users.update_user(user_id, form["role"], form["unit"], current_user)
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
    configured = current_app.config.get("UPLOAD_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "uploads"


def _county(name: str):
    return None if name == "county" else county_geometry(layer_store.features("county"))


def _county_blockers(name: str, feats: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For a new county outline: the stored features it would leave outside, per layer."""
    if name != "county":
        return []
    current = {layer: layer_store.features(layer) for layer in INSIDE_COUNTY}
    return upload_preview.county_blockers(feats, current)


@bp.get("/layers")
@require_role("admin")
def layers_page(errors: dict | None = None, status: int = 200):
    infos = {info.name: info for info in layer_store.layer_infos()}
    history = layer_store.import_history()
    last = {}
    for record in reversed(history):
        last[record.layer] = record
    page = render_template(
        "admin/layers.html",
        layers=[(name, spec, infos.get(name), last.get(name)) for name, spec in LAYERS.items()],
        history=history,
        accept=",".join(uploads.ALLOWED_EXTENSIONS),
        errors=errors or {},
    )
    return page, status


@bp.post("/layers/<name>")
@require_role("admin")
def upload(name: str):
    """Stage and validate an upload; show the preview, or the error with nothing changed."""
    if name not in LAYERS:
        raise NotFoundError(f"unknown layer '{name}' (known: {', '.join(LAYERS)})")
    file = request.files.get("file")
    if file is None or not file.filename:
        return layers_page({name: text("admin_choose_file", current_lang())}, 422)
    meta = {
        "layer": name,
        "revision": layer_store.layer_revision(name),
        "uploaded_by": current_user.username,
    }
    try:
        item = uploads.stage(
            _upload_root(), file.stream, file.filename, meta, uploads.MAX_UPLOAD_BYTES
        )
    except GeoInputError as exc:
        return layers_page({name: str(exc)}, exc.status)
    try:
        feats = load_layer(name, item.data_path, _county(name))
    except GeoInputError as exc:
        uploads.discard(item)
        return layers_page({name: _user_file_name(str(exc), item)}, exc.status)
    return _preview(item, feats)


def _user_file_name(message: str, item: uploads.Staged) -> str:
    """Messages name the staged copy; show the name the user uploaded instead."""
    staged_name = item.data_path.name
    original = item.meta["file_name"]
    if message.startswith(staged_name) and not original.lower().endswith(".zip"):
        return original + message[len(staged_name) :]
    return message


def _preview(item: uploads.Staged, feats: list[dict[str, Any]]):
    name = item.meta["layer"]
    spec = LAYERS[name]
    current = {layer: layer_store.features(layer) for layer in LAYERS if layer != "roads"}
    current["roads"] = []  # nothing refers to road ids; skip the big layer
    old = layer_store.features(name) if name == "roads" else current[name]
    plans = [p.to_dict() for p in list_plans()]
    history_ids = [c["plant_id"] for c in facility_history()] if name == "sewage_plants" else []
    return render_template(
        "admin/preview.html",
        item=item,
        spec=spec,
        count=len(feats),
        old_count=len(old),
        changes=upload_preview.id_changes(old, feats),
        columns=[p.name for p in spec.props],
        sample=[f["properties"] for f in feats[:SAMPLE_ROWS]],
        warnings=upload_preview.reference_warnings(name, feats, current, plans, history_ids),
        blockers=_county_blockers(name, feats),
        tolerance_m=COUNTY_TOLERANCE_M,
        sketch=upload_preview.sketch(feats, current["county"]),
    )


@bp.post("/uploads/<token>/apply")
@require_role("admin")
def apply_upload(token: str):
    """Validate the staged file again and swap the layer in one transaction."""
    item = uploads.staged(_upload_root(), token)
    name = item.meta["layer"]
    try:
        feats = load_layer(name, item.data_path, _county(name))
        file_name = item.meta["file_name"]
        blockers = _county_blockers(name, feats)
        if blockers:
            raise GeoInputError(upload_preview.county_refusal(file_name, blockers))
        layer_store.replace_layer_recorded(
            name,
            feats,
            f"upload: {file_name}",
            file_name,
            current_user.username,
            expected_revision=item.meta["revision"],
        )
    except (GeoInputError, ConflictError) as exc:
        uploads.discard(item)
        return layers_page({name: _user_file_name(str(exc), item)}, exc.status)
    uploads.discard(item)
    flash(text("admin_layer_replaced", current_lang(), layer=name, n=len(feats)), "ok")
    return redirect(url_for("admin.layers_page"))


@bp.post("/uploads/<token>/cancel")
@require_role("admin")
def cancel_upload(token: str):
    uploads.discard(uploads.staged(_upload_root(), token))
    flash(text("admin_upload_cancelled", current_lang()), "ok")
    return redirect(url_for("admin.layers_page"))
