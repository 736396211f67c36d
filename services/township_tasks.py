"""A township's task list for a plan: its preparation tasks (``services.prep_tasks``) and its
clean-up tasks (``services.cleanup``, due ``CLEANUP_DAYS_BEFORE`` before the review as in the
progress report), as one list for the web page and the print pack."""

from __future__ import annotations

from datetime import date, timedelta

from geo.errors import NotFoundError
from geo.i18n import text
from geo.prep import CleanupSettings
from geo.prep.progress import CLEANUP_DAYS_BEFORE
from geo.prep.tasks import progress
from geo.prep.township_list import TownshipTask, TownshipTaskList, ordered
from services import cleanup, prep_tasks
from services.cleanup import PlanCleanup
from services.prep_tasks import PlanTasks
from store import prep as status_store
from store import prep_tasks as task_store
from store import task_photos as photo_store


def township_tasks(plan_id: int, code: str, lang: str, today: date) -> TownshipTaskList:
    """One township's list (NotFoundError for a code that is no township's)."""
    lists = _lists(plan_id, lang, today, code)
    return lists[0]


def every_township(
    plan_id: int, lang: str, today: date, route: PlanCleanup | None = None
) -> list[TownshipTaskList]:
    """The lists of every township that has a task, in the townships layer's order; ``route``:
    the plan's clean-up when the caller has it already (the print pack), else computed here."""
    return [town for town in _lists(plan_id, lang, today, route=route) if town.tasks]


def stamp(plan_id: int) -> tuple:
    """What the printed task pages show besides the plan and layers (statuses, tasks, photos):
    a built pack is reused only while this stays the same."""
    statuses = tuple(sorted((k, s.version) for k, s in status_store.task_statuses(plan_id).items()))
    tasks = tuple((t.id, t.version) for t in task_store.list_tasks(plan_id))
    photos = tuple(p.id for rows in photo_store.photos_of(plan_id).values() for p in rows)
    return statuses, tasks, photos


def _lists(
    plan_id: int,
    lang: str,
    today: date,
    code: str | None = None,
    route: PlanCleanup | None = None,
) -> list[TownshipTaskList]:
    names = {p["id"]: p for p in cleanup.township_props()}
    if code is not None and code not in names:
        raise NotFoundError(code="err_township_unknown", township=str(code)[:20])
    plan = prep_tasks.plan_tasks(plan_id, lang, today, code)
    route = route or cleanup.plan_cleanup(plan_id, lang, CleanupSettings())
    codes = [code] if code is not None else list(names)
    return [_one(plan, route, c, _name(names[c], lang), lang) for c in codes]


def _name(props: dict, lang: str) -> str:
    return str(props.get("name_en" if lang == "en" else "name_zh") or props["id"])


def _one(plan: PlanTasks, route: PlanCleanup, code: str, name: str, lang: str) -> TownshipTaskList:
    start = plan.review.start
    government = text("prep_township_government", lang, name=name)
    rows = [
        TownshipTask(
            "prep",
            t.key,
            t.kind_label,
            t.stop_name,
            t.unit or government,
            t.person,
            t.due_on,
            t.status.status,
            t.status.version,
            t.progress,
            t.id,
        )  # fmt: skip
        for t in (plan.township(code).tasks if plan.township(code) else ())
    ]
    deadline = start - timedelta(days=CLEANUP_DAYS_BEFORE) if start else None
    town = route.cleanup.township(code)
    for task in town.tasks if town else ():
        status = route.status(task.key)
        rows.append(
            TownshipTask(
                "cleanup",
                task.key,
                text(f"cleanup_kind_{task.kind}", lang),
                f"{task.subject} · {task.where}" if task.where else task.subject,
                government,
                "",
                deadline,
                status.status,
                status.version,
                progress(status.status, deadline, plan.today),
            )
        )
    return TownshipTaskList(
        plan.plan_id, plan.plan_name, code, name, plan.today, start, ordered(rows)
    )
