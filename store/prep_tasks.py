"""Preparation tasks per site of a plan: what is to be done, by whom and by when.

The task's status (todo/doing/done, with its own version) is kept where the clean-up tasks keep
theirs (``store.prep``, key ``prep-<id>``), so both kinds of task are tracked by one mechanism
and a township ticking a task off never conflicts with a planner renaming its person. Edits and
deletes of the task itself are compare-and-set on its ``version``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from geo.errors import ConflictError, NotFoundError
from store import atomic, db, set_versioned
from store.prep import CleanupTaskStatus

KEY_PREFIX = "prep-"


class PrepTask(db.Model):
    __tablename__ = "prep_task"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    stop_id: Mapped[str] = mapped_column(String(80))
    township: Mapped[str] = mapped_column(String(12))  # the stop's township code, kept
    kind: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(100), default="")
    person: Mapped[str] = mapped_column(String(80), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    days_before: Mapped[int | None] = mapped_column(Integer, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str] = mapped_column(String(80))
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    @property
    def key(self) -> str:
        """The task's key among the plan's task statuses."""
        return f"{KEY_PREFIX}{self.id}"


def list_tasks(plan_id: int) -> list[PrepTask]:
    """The plan's preparation tasks in the order they were made."""
    query = select(PrepTask).where(PrepTask.plan_id == plan_id).order_by(PrepTask.id)
    return list(db.session.scalars(query))


def get_task(plan_id: int, task_id: int) -> PrepTask:
    task = db.session.get(PrepTask, task_id)
    if task is None or task.plan_id != plan_id:
        raise NotFoundError(
            f"方案 {plan_id} 中没有筹备任务 {task_id} / no preparation task {task_id} in plan "
            f"{plan_id}"
        )
    return task


def create_tasks(plan_id: int, rows: list[dict[str, Any]], user: str) -> list[PrepTask]:
    """Add tasks (checked fields with ``township``), all in one transaction."""
    now = datetime.now(UTC)
    tasks = [
        PrepTask(plan_id=plan_id, created_by=user, updated_by=user, updated_at=now, **row)
        for row in rows
    ]
    with atomic():
        db.session.add_all(tasks)
    return tasks


def update_task(
    plan_id: int, task_id: int, version: int, values: dict[str, Any], user: str
) -> PrepTask:
    """Change a task still at ``version``; else ConflictError and nothing changes."""
    get_task(plan_id, task_id)
    stamped = {**values, "updated_by": user, "updated_at": datetime.now(UTC)}
    with atomic():
        if not set_versioned(PrepTask, {"id": task_id}, version, stamped):
            raise stale_task(task_id)
    db.session.expire_all()
    return get_task(plan_id, task_id)


def delete_task(plan_id: int, task_id: int, version: int) -> None:
    """Delete a task still at ``version`` and its status, together."""
    task = get_task(plan_id, task_id)
    key = task.key
    with atomic():
        done = db.session.execute(
            delete(PrepTask).where(PrepTask.id == task_id, PrepTask.version == version)
        )
        if done.rowcount != 1:
            raise stale_task(task_id)
        db.session.execute(
            delete(CleanupTaskStatus).where(
                CleanupTaskStatus.plan_id == plan_id, CleanupTaskStatus.key == key
            )
        )
    db.session.expire_all()


def stale_task(task_id: int) -> ConflictError:
    return ConflictError(
        f"筹备任务 {task_id} 已被他人修改，请刷新后重试 / "
        f"preparation task {task_id} was changed meanwhile; reload and try again"
    )
