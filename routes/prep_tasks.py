"""Preparation tasks per site of a plan: JSON API and the dashboard page (county, or one
township with ``?township=<code>``) with the late and due tasks on the map.

Reads follow the anonymous-read setting like every plan page. Planners (and admins) create,
edit and delete tasks and set their status; writes carry a CSRF token and a version.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Blueprint, jsonify, render_template, request, url_for
from flask_login import current_user

from geo.i18n import name
from geo.maps.web_map import add_task_badges, build_map, render_parts
from geo.prep.access import TaskUser
from routes.auth import require_role
from routes.i18n import current_lang
from routes.json_body import json_object
from routes.layers_view import basemap, map_layers, roads_url, today
from routes.plans_base import EDITORS, user_name
from services import prep_tasks
from services.prep_tasks import PlanTasks, PrepTaskView
from store.layers import features

bp = Blueprint("prep_tasks", __name__)
STATUS_SETTERS = (*EDITORS, "township")  # township staff: their own township's tasks only


def task_user() -> TaskUser:
    """The logged-in user as the task rules see them: planners and admins reach every township,
    a township account its own."""
    return TaskUser(
        current_user.username,
        everywhere=current_user.has_role(*EDITORS),
        township=getattr(current_user, "township_code", None),
    )


def _tasks(plan_id: int) -> PlanTasks:
    township = request.args.get("township") or None
    return prep_tasks.plan_tasks(plan_id, current_lang(), today(), township)


@bp.get("/api/plans/<int:plan_id>/tasks")
def api_tasks(plan_id: int):
    result = _tasks(plan_id)
    return jsonify(
        {
            "plan": {"id": result.plan_id, "name": result.plan_name},
            "review": {
                "start": result.review.start and result.review.start.isoformat(),
                "end": result.review.end and result.review.end.isoformat(),
            },
            "today": result.today.isoformat(),
            "counts": result.counts,
            "townships": [
                {
                    "code": town.code,
                    "name": town.name,
                    "counts": town.counts,
                    "tasks": [task_json(t) for t in town.tasks],
                }
                for town in result.townships
            ],
        }
    )


def task_json(task: PrepTaskView) -> dict[str, Any]:
    status = asdict(task.status)
    status["updated_at"] = task.status.updated_at and task.status.updated_at.isoformat(
        timespec="seconds"
    )
    return {
        "id": task.id,
        "key": task.key,
        "stop_id": task.stop_id,
        "stop_name": task.stop_name,
        "township": task.township,
        "kind": task.kind,
        "kind_label": task.kind_label,
        "unit": task.unit,
        "person": task.person,
        "note": task.note,
        "deadline": task.deadline.day and task.deadline.day.isoformat(),
        "days_before": task.deadline.days_before,
        "due_on": task.due_on and task.due_on.isoformat(),
        "progress": task.progress,
        "status": status,
        "version": task.version,
    }


def _one(plan_id: int, task_id: int) -> dict[str, Any]:
    task = next(t for t in _tasks_of(plan_id) if t.id == task_id)
    return task_json(task)


def _tasks_of(plan_id: int) -> tuple[PrepTaskView, ...]:
    return prep_tasks.plan_tasks(plan_id, current_lang(), today()).tasks


@bp.post("/api/plans/<int:plan_id>/tasks")
@require_role(*EDITORS)
def api_create(plan_id: int):
    task = prep_tasks.create_task(plan_id, json_object(), user_name())
    return jsonify(_one(plan_id, task.id)), 201


@bp.post("/api/plans/<int:plan_id>/tasks/standard")
@require_role(*EDITORS)
def api_standard(plan_id: int):
    created = prep_tasks.add_standard_tasks(plan_id, user_name())
    return jsonify({"created": len(created)}), 201


@bp.put("/api/plans/<int:plan_id>/tasks/<int:task_id>")
@require_role(*EDITORS)
def api_edit(plan_id: int, task_id: int):
    task = prep_tasks.edit_task(plan_id, task_id, json_object(), user_name())
    return jsonify(_one(plan_id, task.id))


@bp.delete("/api/plans/<int:plan_id>/tasks/<int:task_id>")
@require_role(*EDITORS)
def api_delete(plan_id: int, task_id: int):
    prep_tasks.delete_task(plan_id, task_id, json_object())
    return jsonify({"id": task_id, "deleted": True})


@bp.put("/api/plans/<int:plan_id>/tasks/<int:task_id>/status")
@require_role(*STATUS_SETTERS)
def api_status(plan_id: int, task_id: int):
    """{"status": "todo"|"doing"|"done", "note": "...", "version": n (of the status)}."""
    prep_tasks.set_status(plan_id, task_id, json_object(), task_user())
    return jsonify(_one(plan_id, task_id))


@bp.get("/plans/<int:plan_id>/tasks")
def page(plan_id: int):
    result = _tasks(plan_id)
    lang = current_lang()
    badges = result.stop_badges()
    with_tasks = {t.stop_id for t in result.tasks}
    stops = [f for f in features("stops") if f["properties"]["id"] in with_tasks]
    static_url = url_for("static", filename="").rstrip("/")
    fmap = build_map(
        {**map_layers(), "stops": stops},
        lang,
        static_url,
        result.today,
        basemap(),
        lambda m: add_task_badges(m, stops, badges, lang),
        roads_url=roads_url(),
    )
    towns = [(t["properties"]["id"], name(t["properties"], lang)) for t in features("townships")]
    return render_template(
        "prep/tasks.html",
        result=result,
        map=render_parts(fmap),
        townships=towns,
        township=request.args.get("township") or "",
    )
