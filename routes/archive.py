"""The indicator archive: a page per indicator and the list, JSON, evidence uploads and
downloads. Reads follow the anonymous-read setting; edits and uploads need a planner (or admin)
and a CSRF token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, jsonify, render_template, request, send_file

from geo.errors import ValidationError
from geo.prep.evidence import MAX_EVIDENCE_BYTES
from routes.auth import require_role
from routes.json_body import json_object
from routes.layers_view import today
from routes.plans_base import EDITORS, user_name
from services import archive
from services.archive import ArchivedIndicator
from store.archive import IndicatorEvidence

bp = Blueprint("archive", __name__)


def _indicators() -> Path:
    return Path(current_app.config["INDICATORS_PATH"])


def _root() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def _at(value) -> str | None:
    return value and value.isoformat(timespec="seconds")


def evidence_json(item: IndicatorEvidence) -> dict[str, Any]:
    return {
        "id": item.id,
        "file_name": item.file_name,
        "media_type": item.media_type,
        "sha256": item.sha256,
        "size_bytes": item.size_bytes,
        "uploaded_by": item.uploaded_by,
        "uploaded_at": _at(item.uploaded_at),
    }


def archive_json(item: ArchivedIndicator) -> dict[str, Any]:
    ind = item.indicator
    return {
        "id": ind.id,
        "name_zh": ind.name_zh,
        "name_en": ind.name_en,
        "unit_of_measure": ind.unit,
        "comparison": ind.comparison,
        "target": ind.target,
        "current": ind.current,
        "as_of": ind.as_of,
        "deadline": ind.deadline,
        "computed": ind.computed,
        "progress": item.progress,
        "unit": item.unit,
        "leader": item.leader,
        "person": item.person,
        "method": item.method,
        "version": item.version,
        "updated_by": item.updated_by,
        "history": [
            {
                "value": h.value,
                "as_of": h.as_of.isoformat(),
                "note": h.note,
                "user": h.username,
                "at": _at(h.at),
            }  # fmt: skip
            for h in item.history
        ],
        "evidence": [evidence_json(e) for e in item.evidence],
    }


@bp.get("/api/indicators")
def api_list():
    return jsonify([archive_json(a) for a in archive.archive(_indicators(), today())])


@bp.get("/api/indicators/<indicator_id>")
def api_one(indicator_id: str):
    return jsonify(archive_json(archive.archived(_indicators(), today(), indicator_id)))


@bp.put("/api/indicators/<indicator_id>")
@require_role(*EDITORS)
def api_save(indicator_id: str):
    """{"version", "unit", "leader", "person", "method", "value", "as_of", "note"}."""
    saved = archive.save(_indicators(), indicator_id, json_object(), user_name(), today())
    return jsonify(archive_json(saved))


@bp.post("/api/indicators/<indicator_id>/evidence")
@require_role(*EDITORS)
def api_upload(indicator_id: str):
    """A multipart upload with one ``file``."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ValidationError(code="err_choose_file")
    data = upload.read(MAX_EVIDENCE_BYTES + 1)
    item = archive.add_evidence(
        _indicators(), _root(), indicator_id, upload.filename, data, user_name(), today()
    )
    return jsonify(evidence_json(item)), 201


@bp.delete("/api/indicators/<indicator_id>/evidence/<int:evidence_id>")
@require_role(*EDITORS)
def api_delete_evidence(indicator_id: str, evidence_id: int):
    archive.delete_evidence(_root(), indicator_id, evidence_id)
    return jsonify({"id": evidence_id, "deleted": True})


@bp.get("/indicators/<indicator_id>/evidence/<int:evidence_id>")
def evidence_download(indicator_id: str, evidence_id: int):
    """The stored file, always as a download of the checked type (never run in the page)."""
    item, path = archive.evidence_file(_root(), indicator_id, evidence_id)
    response = send_file(
        path, mimetype=item.media_type, as_attachment=True, download_name=item.file_name
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/indicators")
def page():
    items = archive.archive(_indicators(), today(), with_files=True)
    return render_template("prep/archive.html", items=items, one=None)


@bp.get("/indicators/<indicator_id>")
def detail(indicator_id: str):
    item = archive.archived(_indicators(), today(), indicator_id)
    return render_template("prep/archive.html", items=[item], one=item)
