"""The review visit of a plan (dates and expert panel): read it, and save a planner's change
after the rules of ``geo.plans.review``. Callers decide who may see the experts; the records
returned here carry them, ``public()`` strips them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from geo.plans.review import DateChange, Expert, ReviewVisit, check_review, review_version
from store import plans as plan_store
from store import prep_tasks as task_store
from store import review as store


def review_visit(plan_id: int) -> ReviewVisit:
    """The plan's visit (NotFoundError for a missing or deleted plan); unset: no dates."""
    plan_store.get_plan(plan_id)
    return _record(store.get_review(plan_id))


def save_review(plan_id: int, body: Mapping[str, Any], user: str) -> ReviewVisit:
    """Apply ``body`` ({version, start, end, experts}) if the visit is still at ``version``:
    a stale copy is refused (409) before the rules, a broken rule (422) changes nothing."""
    current = review_visit(plan_id)
    version = review_version(body.get("version"))
    if version != current.version:
        raise store.stale_review(plan_id)
    after = check_review(body, current)
    experts = [
        {"name": e.name, "affiliation": e.affiliation, "role": e.role} for e in after.experts
    ]
    moved = _relative_deadlines(plan_id) if after.start != current.start else 0
    saved = store.save_review(plan_id, version, after.start, after.end, experts, user, moved)
    return _record(saved)


def _relative_deadlines(plan_id: int) -> int:
    """How many of the plan's tasks count their deadline back from the first review day."""
    return sum(task.days_before is not None for task in task_store.list_tasks(plan_id))


def date_changes(plan_id: int) -> list[DateChange]:
    """Who moved the review dates, when, from what to what, newest first."""
    plan_store.get_plan(plan_id)
    return [
        DateChange(
            (row.before_start, row.before_end),
            (row.after_start, row.after_end),
            row.moved,
            row.changed_by,
            row.changed_at,
        )
        for row in store.date_changes(plan_id)
    ]


def public(visit: ReviewVisit) -> ReviewVisit:
    """The visit without its expert panel, for readers who are not planners or admins."""
    return replace(visit, experts=())


def _record(row: store.PlanReview | None) -> ReviewVisit:
    if row is None:
        return ReviewVisit()
    experts = tuple(Expert(**e) for e in row.experts or [])
    return ReviewVisit(row.start, row.end, experts, row.version, row.updated_by)
