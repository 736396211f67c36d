"""A township's task list for a plan (preparation and clean-up tasks together), and the
before/after photos of a plan's tasks: upload (planners, or the task's own township's staff,
with a CSRF token) and reading (follows the anonymous-read setting like every plan page)."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user

from geo.errors import ValidationError
from geo.photos import ACCEPTED, MAX_PHOTO_BYTES
from routes.auth import require_role
from routes.i18n import current_lang
from routes.layers_view import today
from routes.prep_tasks import STATUS_SETTERS, task_user
from services import task_photos, township_tasks

bp = Blueprint("township_tasks", __name__)


def _root() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


@bp.get("/plans/<int:plan_id>/townships")
def own(plan_id: int):
    """A township account's own list; everyone else picks a township on the tasks page."""
    code = getattr(current_user, "township_code", None) if current_user.is_authenticated else None
    if not code:
        return redirect(url_for("prep_tasks.page", plan_id=plan_id))
    return redirect(url_for("township_tasks.page", plan_id=plan_id, code=code))


@bp.get("/plans/<int:plan_id>/townships/<code>")
def page(plan_id: int, code: str):
    if not (code.isdigit() and len(code) <= 12):
        abort(404)
    result = township_tasks.township_tasks(plan_id, code, current_lang(), today())
    user = task_user() if current_user.is_authenticated else None
    may_set = user is not None and current_user.has_role(*STATUS_SETTERS) and user.may_set(code)
    return render_template(
        "prep/township_tasks.html",
        result=result,
        may_set=may_set,
        photos=task_photos.photos_by_task(plan_id),
        accepted=",".join(ACCEPTED),
    )


@bp.post("/api/plans/<int:plan_id>/task-photos/<key>")
@require_role(*STATUS_SETTERS)
def api_add_photo(plan_id: int, key: str):
    """multipart: ``photo`` (JPEG/PNG) and ``stage`` (before/after)."""
    upload = request.files.get("photo")
    if upload is None or not upload.filename:
        raise ValidationError(code="err_choose_photo")
    data = upload.stream.read(MAX_PHOTO_BYTES + 1)  # one byte past the cap is enough to refuse
    stage = request.form.get("stage", "")
    photo = task_photos.add_photo(
        _root(), plan_id, key, stage, data, upload.filename, task_user(), current_lang()
    )
    return jsonify(
        {
            "id": photo.id,
            "key": photo.task_key,
            "stage": photo.stage,
            "sha256": photo.sha256,
            "size_bytes": photo.size_bytes,
            "width": photo.width,
            "height": photo.height,
            "uploaded_by": photo.uploaded_by,
            "url": url_for("township_tasks.photo", plan_id=plan_id, photo_id=photo.id),
            "thumb": url_for("township_tasks.thumbnail", plan_id=plan_id, photo_id=photo.id),
        }
    ), 201


@bp.delete("/api/plans/<int:plan_id>/task-photos/<int:photo_id>")
@require_role(*STATUS_SETTERS)
def api_remove_photo(plan_id: int, photo_id: int):
    task_photos.remove_photo(_root(), plan_id, photo_id, task_user(), current_lang())
    return jsonify({"id": photo_id, "deleted": True})


@bp.get("/plans/<int:plan_id>/task-photos/<int:photo_id>")
def photo(plan_id: int, photo_id: int):
    path, media = task_photos.photo_file(_root(), plan_id, photo_id, thumbnail=False)
    return send_file(path, mimetype=media, max_age=3600)


@bp.get("/plans/<int:plan_id>/task-photos/<int:photo_id>/thumb")
def thumbnail(plan_id: int, photo_id: int):
    path, media = task_photos.photo_file(_root(), plan_id, photo_id, thumbnail=True)
    return send_file(path, mimetype=media, max_age=3600)
