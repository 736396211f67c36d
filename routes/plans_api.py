"""Showcase plans as JSON: list, create, read, save (versioned), delete (versioned), copy,
history, compare, and the two computing endpoints: a plan's route with what-ifs and a suggested
set of sites.

Views attach to the plans blueprint (``routes.plans_base.bp``); the pages are ``routes.plans``.
Each view parses the request and calls one service (``services.plans``, ``services.proposals``).
Route and suggest compute only: nothing is stored. Both take the page's unsaved selection
(``sites``) and tour settings (``geo.plans.fields.SETTINGS``, checked as a save would check them).
"""

from __future__ import annotations

from flask import jsonify

from geo.errors import ValidationError
from routes.auth import require_role
from routes.i18n import current_lang
from routes.json_body import json_object as json_body
from routes.limits import heavy, interactive
from routes.plans_base import EDITORS, bp, plan_pair, user_name
from services import plans, proposals
from store import plans as store

# ------------------------------------------------------------------------- JSON API


@bp.get("/api/plans")
def api_list():
    return jsonify([p.to_dict() for p in store.list_plans()])


@bp.post("/api/plans")
@require_role(*EDITORS)
def api_create():
    body = json_body()
    fields = {k: v for k, v in body.items() if k != "name"}
    plan = plans.create_plan(body.get("name"), fields, user_name())
    return jsonify({"id": plan.id, "version": plan.version, "plan": plan.to_dict()}), 201


@bp.get("/api/plans/<int:plan_id>")
def api_get(plan_id: int):
    state = store.get_plan(plan_id).to_dict()
    removed = [r.to_dict() for r in plans.removed_from_layer(state["sites"], current_lang())]
    return jsonify({**state, "quota": plans.quota_summary(state), "removed": removed})


@bp.put("/api/plans/<int:plan_id>")
@require_role(*EDITORS)
def api_save(plan_id: int):
    body = json_body()
    if "version" not in body:
        raise ValidationError(code="err_version_required")
    state = plans.save_plan(plan_id, body["version"], body, user_name()).to_dict()
    return jsonify({**state, "quota": plans.quota_summary(state)})


@bp.delete("/api/plans/<int:plan_id>")
@require_role(*EDITORS)
def api_delete(plan_id: int):
    """Delete the plan if it is still at the ``version`` sent (else 409, nothing deleted)."""
    body = json_body()
    if "version" not in body:
        raise ValidationError(code="err_version_required")
    plan = store.delete_plan(plan_id, body["version"], user_name())
    return jsonify({"id": plan.id, "deleted": True, "version": plan.version})


@bp.post("/api/plans/<int:plan_id>/copy")
@require_role(*EDITORS)
def api_copy(plan_id: int):
    body = json_body()
    plan = plans.copy_plan(plan_id, body.get("name"), user_name(), current_lang())
    return jsonify({"id": plan.id, "version": plan.version, "plan": plan.to_dict()}), 201


@bp.get("/api/plans/<int:plan_id>/history")
def api_history(plan_id: int):
    return jsonify([c.to_dict() for c in store.plan_history(plan_id)])


@bp.get("/api/plans/compare")
def api_compare():
    found = plans.comparison(*plan_pair(), current_lang())
    return jsonify({"a": found.a.to_dict(), "b": found.b.to_dict(), **found.to_dict()})


@bp.post("/api/plans/<int:plan_id>/route")
@interactive
def api_route(plan_id: int):
    """The tour of the plan (or of the unsaved selection and settings sent), with what-ifs
    (``closed_roads``, ``close_at``, ``drop_sites``). Computes only: stores nothing."""
    return jsonify(plans.route(plan_id, json_body(), current_lang()).to_dict())


@bp.post("/api/plans/<int:plan_id>/suggest")
@heavy
@require_role(*EDITORS)
def api_suggest(plan_id: int):
    """A proposed set and its tour; the planner applies it or not (nothing is saved here)."""
    return jsonify(proposals.suggest(plan_id, json_body(), current_lang()).to_dict())
