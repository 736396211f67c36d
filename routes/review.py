"""The review visit of a plan as JSON: its dates for every reader, the expert panel only for
planners and admins (anonymous users and viewers never get it); saves need a planner and a
CSRF token and carry the version they were based on."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify
from flask_login import current_user

from geo.plans.review import ReviewVisit
from routes.auth import require_role
from routes.i18n import current_lang
from routes.json_body import json_object
from routes.plans_base import EDITORS, user_name
from services import review

bp = Blueprint("review", __name__)


def sees_experts() -> bool:
    """Whether the current user may read expert panels (planners and admins)."""
    return current_user.is_authenticated and current_user.has_role(*EDITORS)


def review_json(visit: ReviewVisit) -> dict[str, Any]:
    """The visit as JSON; ``experts`` only for those who may see it."""
    out: dict[str, Any] = {
        "start": visit.start and visit.start.isoformat(),
        "end": visit.end and visit.end.isoformat(),
        "days": visit.days,
        "version": visit.version,
        "updated_by": visit.updated_by,
    }
    if sees_experts():
        out["experts"] = [
            {"name": e.name, "affiliation": e.affiliation, "role": e.role} for e in visit.experts
        ]
    return out


def _with_history(plan_id: int, visit: ReviewVisit) -> dict[str, Any]:
    """The visit's JSON and its date changes as sentences (newest first, county time)."""
    zone = current_app.config["TIMEZONE"]
    said = [c.said(current_lang(), zone) for c in review.date_changes(plan_id)]
    return {**review_json(visit), "history": said}


@bp.get("/api/plans/<int:plan_id>/review")
def api_review(plan_id: int):
    return jsonify(_with_history(plan_id, review.review_visit(plan_id)))


@bp.put("/api/plans/<int:plan_id>/review")
@require_role(*EDITORS)
def api_save_review(plan_id: int):
    """{"version": n, "start": "YYYY-MM-DD", "end": "YYYY-MM-DD", "experts": [...]}."""
    saved = review.save_review(plan_id, json_object(), user_name())
    return jsonify(_with_history(plan_id, saved))
