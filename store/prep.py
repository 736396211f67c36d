"""Status of the clean-up tasks, one row per plan and task key.

Task keys come from what is cleaned (``geo.prep.task_key``), so a status survives small changes
of the route; a task that leaves the list keeps its row and comes back with it. Each update is
one transaction that also bumps the row's version: a stale update (an older version) is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from geo.errors import ConflictError
from store import atomic, db, set_versioned


class CleanupTaskStatus(db.Model):
    __tablename__ = "cleanup_task_status"
    plan_id: Mapped[int] = mapped_column(Integer, ForeignKey("plan.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class TaskStatus:
    """A task's status as plain data (``version`` 0: never set, so "todo")."""

    key: str
    status: str = "todo"
    note: str = ""
    version: int = 0
    updated_by: str | None = None
    updated_at: datetime | None = None


def _plain(row: CleanupTaskStatus) -> TaskStatus:
    return TaskStatus(row.key, row.status, row.note, row.version, row.updated_by, row.updated_at)


def task_statuses(plan_id: int) -> dict[str, TaskStatus]:
    """Every status set for the plan's tasks, by key."""
    rows = db.session.scalars(select(CleanupTaskStatus).where(CleanupTaskStatus.plan_id == plan_id))
    return {row.key: _plain(row) for row in rows}


def set_task_status(
    plan_id: int, key: str, status: str, note: str, version: int, user: str
) -> TaskStatus:
    """Record a task's status; ``version`` is the one the user saw (0 for a task never set).
    One compare-and-set statement (or an insert that the primary key makes unique), so of two
    users saving the same version one wins and the other gets a ConflictError."""
    values = {"status": status, "note": note, "updated_by": user, "updated_at": datetime.now(UTC)}
    table = CleanupTaskStatus
    with atomic():
        if not set_versioned(table, {"plan_id": plan_id, "key": key}, version, values):
            raise _stale(key)
    db.session.expire_all()
    return _plain(db.session.get(table, (plan_id, key)))


def _stale(key: str) -> ConflictError:
    return ConflictError(
        f"任务 {key} 已被他人更新，请刷新后重试 / "
        f"task {key} was updated meanwhile; reload and try again"
    )
