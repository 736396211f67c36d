"""Preparation tasks per site of a plan: the list with each task's deadline worked out from the
review date, its status and whether it is done, due or late as of the county's today; the
dashboard per township; and the edits (planners) and status updates.

Statuses go through the clean-up's task-status store (``store.prep``) and its rules
(``geo.prep.check_status_update``), so both kinds of task are tracked alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from geo.errors import Both, ValidationError
from geo.facilities.edits import parse_version
from geo.i18n import name, text
from geo.plans.review import ReviewVisit
from geo.prep import check_status_update
from geo.prep.access import TaskUser, check_may_set, township_names
from geo.prep.tasks import STANDARD_DAYS_BEFORE, Deadline, check_task, progress, tally
from services import plans
from services import review as review_service
from store import plans as plan_store
from store import prep as status_store
from store import prep_tasks as store
from store.layers import features
from store.prep import TaskStatus


@dataclass(frozen=True)
class PrepTaskView:
    """One task as pages, the API and the report show it."""

    id: int
    key: str
    stop_id: str
    stop_name: str
    township: str
    township_name: str
    kind: str
    kind_label: str
    unit: str
    person: str
    note: str
    deadline: Deadline
    due_on: date | None
    status: TaskStatus
    progress: str
    version: int
    updated_by: str
    updated_at: datetime


@dataclass(frozen=True)
class TownshipTasks:
    code: str
    name: str
    tasks: tuple[PrepTaskView, ...]

    @property
    def counts(self) -> dict[str, int]:
        return tally([t.progress for t in self.tasks])


@dataclass(frozen=True)
class PlanTasks:
    """A plan's tasks by township, with the review visit (without experts) they count back from."""

    plan_id: int
    plan_name: str
    review: ReviewVisit
    today: date
    townships: tuple[TownshipTasks, ...]

    @property
    def tasks(self) -> tuple[PrepTaskView, ...]:
        return tuple(t for town in self.townships for t in town.tasks)

    @property
    def counts(self) -> dict[str, int]:
        return tally([t.progress for t in self.tasks])

    def township(self, code: str) -> TownshipTasks | None:
        return next((t for t in self.townships if t.code == code), None)

    def stop_badges(self) -> dict[str, tuple[str, int]]:
        """Stop id -> its most pressing open state (late before due) and how many of its tasks
        are in it, for the badges on the map."""
        out: dict[str, tuple[str, int]] = {}
        for state in ("late", "due"):
            for task in self.tasks:
                if task.progress == state and out.get(task.stop_id, (state,))[0] == state:
                    out[task.stop_id] = (state, out.get(task.stop_id, (state, 0))[1] + 1)
        return out


def plan_tasks(plan_id: int, lang: str, today: date, township: str | None = None) -> PlanTasks:
    """The plan's tasks (of one township when ``township`` is a code), grouped by township in
    the order of the townships layer."""
    plan = plan_store.get_plan(plan_id)
    visit = review_service.public(review_service.review_visit(plan_id))
    towns = {t["properties"]["id"]: name(t["properties"], lang) for t in features("townships")}
    if township is not None and township not in towns:
        raise ValidationError(
            f"township: 没有乡镇代码 {township} / no township with code {township}"
        )
    stops = {f["properties"]["id"]: name(f["properties"], lang) for f in features("stops")}
    statuses = status_store.task_statuses(plan_id)
    views = [
        _view(row, stops, towns, statuses, visit, lang, today)
        for row in store.list_tasks(plan_id)
        if township is None or row.township == township
    ]
    grouped = tuple(
        TownshipTasks(code, label, tuple(v for v in views if v.township == code))
        for code, label in towns.items()
        if any(v.township == code for v in views)
    )
    return PlanTasks(plan.id, plan.name, visit, today, grouped)


def _view(row, stops, towns, statuses, visit, lang, today) -> PrepTaskView:
    deadline = Deadline(row.deadline, row.days_before)
    due_on = deadline.on(visit.start)
    status = statuses.get(row.key) or TaskStatus(row.key)
    return PrepTaskView(
        id=row.id,
        key=row.key,
        stop_id=row.stop_id,
        stop_name=stops.get(row.stop_id, row.stop_id),
        township=row.township,
        township_name=towns.get(row.township, row.township),
        kind=row.kind,
        kind_label=text(f"prep_kind_{row.kind}", lang),
        unit=row.unit,
        person=row.person,
        note=row.note,
        deadline=deadline,
        due_on=due_on,
        status=status,
        progress=progress(status.status, due_on, today),
        version=row.version,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
    )


# ------------------------------------------------------------------------- writes


def _site(plan: plan_store.Plan, stop_id: str) -> dict:
    """The stop's properties, if it is one of the plan's sites; else a message naming it."""
    stops = plans.stop_features()
    stop = stops[stop_id]["properties"] if stop_id in stops else None
    if stop is None:
        raise ValidationError(code="err_unknown_stops", n=1)
    if stop_id not in plan.sites:
        label = name(stop)
        raise ValidationError(
            f"stop_id: {label} 不在方案“{plan.name}”的考察点中 / "
            f"{name(stop, 'en')} is not a site of the plan {plan.name}"
        )
    return stop


def create_task(plan_id: int, body: Mapping[str, Any], user: str) -> store.PrepTask:
    """A new task for one of the plan's sites."""
    plan = plan_store.get_plan(plan_id)
    fields = check_task(body, partial=False)
    stop = _site(plan, fields["stop_id"])
    return store.create_tasks(plan_id, [{**fields, "township": stop["township_code"]}], user)[0]


def add_standard_tasks(plan_id: int, user: str) -> list[store.PrepTask]:
    """The five standard tasks (``STANDARD_DAYS_BEFORE``) for every site of the plan that lacks
    them, due a set number of days before the review, the township's government responsible."""
    plan = plan_store.get_plan(plan_id)
    have = {(t.stop_id, t.kind) for t in store.list_tasks(plan_id)}
    towns = {t["properties"]["id"]: t["properties"] for t in features("townships")}
    rows = []
    for stop_id in plan.sites:
        stop = _site(plan, stop_id)
        town = stop["township_code"]
        unit = text("prep_township_government", name=name(towns.get(town, {"id": town})))
        rows += [
            {
                "stop_id": stop_id,
                "township": town,
                "kind": kind,
                "unit": unit,
                "days_before": days,
                "deadline": None,
            }  # fmt: skip
            for kind, days in STANDARD_DAYS_BEFORE.items()
            if (stop_id, kind) not in have
        ]
    return store.create_tasks(plan_id, rows, user) if rows else []


def edit_task(plan_id: int, task_id: int, body: Mapping[str, Any], user: str) -> store.PrepTask:
    """Change a task still at the ``version`` sent (stale: 409; bad field: 422; unchanged)."""
    plan = plan_store.get_plan(plan_id)
    task = store.get_task(plan_id, task_id)
    version = parse_version(body.get("version"))
    if version != task.version:
        raise store.stale_task(task_id)
    fields = check_task(body, partial=True)
    if "stop_id" in fields:
        fields["township"] = _site(plan, fields["stop_id"])["township_code"]
    return store.update_task(plan_id, task_id, version, fields, user)


def delete_task(plan_id: int, task_id: int, body: Mapping[str, Any]) -> None:
    plan_store.get_plan(plan_id)
    store.delete_task(plan_id, task_id, parse_version(body.get("version")))


def set_status(plan_id: int, task_id: int, body: Mapping[str, Any], user: TaskUser) -> TaskStatus:
    """Record the task's status: {"status": todo|doing|done, "note", "version"} as for the
    clean-up tasks (version of the status, 0 if never set); township staff only for a site of
    their own township (403 naming both townships)."""
    plan_store.get_plan(plan_id)
    task = store.get_task(plan_id, task_id)
    status, note, version = check_status_update(body)
    check_may_set(user, *task_subject(task), township_names(_township_props()))
    return status_store.set_task_status(plan_id, task.key, status, note, version, user.username)


def task_subject(task: store.PrepTask) -> tuple[str, Both]:
    """The task's township and what it is called in messages ("site · kind")."""
    stops = plans.stop_features()
    stop = stops[task.stop_id]["properties"] if task.stop_id in stops else {"id": task.stop_id}
    label = Both(
        *(f"{name(stop, lang)} · {text(f'prep_kind_{task.kind}', lang)}" for lang in ("zh", "en"))
    )
    return task.township, label


def _township_props() -> list[dict]:
    return [t["properties"] for t in features("townships")]
