"""The review visit of each plan: its first and last day and the expert panel, one row per plan.

A row of its own rather than plan columns: the expert list must never reach a plan's public
reads (its JSON, history, comparison), and moving the review date should not make a planner's
open plan page stale. Saves are versioned like the plan: one compare-and-set statement, so a
stale copy is refused with ConflictError and nothing changes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from geo.errors import ConflictError
from store import atomic, db, set_versioned


class ReviewDateChange(db.Model):
    """One change of a plan's review dates: who, when, from which days to which, and how many
    deadlines counted back from the first day moved with it."""

    __tablename__ = "review_date_change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("plan.id", ondelete="CASCADE"), index=True
    )
    before_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    before_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    after_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    after_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    moved: Mapped[int] = mapped_column(Integer, default=0)
    changed_by: Mapped[str] = mapped_column(String(80))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PlanReview(db.Model):
    __tablename__ = "plan_review"
    plan_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("plan.id", ondelete="CASCADE"), primary_key=True
    )
    start: Mapped[date | None] = mapped_column(Date, nullable=True)
    end: Mapped[date | None] = mapped_column(Date, nullable=True)
    experts: Mapped[list] = mapped_column(JSON, default=list)  # [{name, affiliation, role}]
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def get_review(plan_id: int) -> PlanReview | None:
    """The plan's review visit, or None when nobody has set it yet."""
    return db.session.get(PlanReview, plan_id)


def save_review(
    plan_id: int,
    version: int,
    start: date | None,
    end: date | None,
    experts: list[dict],
    user: str,
    moved: int = 0,
) -> PlanReview:
    """Store the visit if it is still at ``version`` (0: never saved); else ConflictError. A
    change of the dates is recorded with it (``moved``: the deadlines it moves)."""
    now = datetime.now(UTC)
    before = get_review(plan_id)
    old = (None, None) if before is None else (before.start, before.end)
    values = {"start": start, "end": end, "experts": experts, "updated_by": user, "updated_at": now}
    with atomic():
        if not set_versioned(PlanReview, {"plan_id": plan_id}, version, values):
            raise stale_review(plan_id)
        if old != (start, end):
            db.session.add(
                ReviewDateChange(
                    plan_id=plan_id,
                    before_start=old[0],
                    before_end=old[1],
                    after_start=start,
                    after_end=end,
                    moved=moved,
                    changed_by=user,
                    changed_at=now,
                )  # fmt: skip
            )
    db.session.expire_all()
    return db.session.get(PlanReview, plan_id)


def date_changes(plan_id: int) -> list[ReviewDateChange]:
    """The plan's review-date changes, newest first."""
    query = (
        select(ReviewDateChange)
        .where(ReviewDateChange.plan_id == plan_id)
        .order_by(ReviewDateChange.id.desc())
    )
    return list(db.session.scalars(query))


def stale_review(plan_id: int) -> ConflictError:
    return ConflictError(
        f"方案 {plan_id} 的评审安排已被他人修改，请刷新后重试 / "
        f"the review visit of plan {plan_id} was changed meanwhile; reload and try again"
    )
