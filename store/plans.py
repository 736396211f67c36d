"""Showcase plans: a named choice of sites with the tour settings, versioned against stale saves."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from geo.errors import NotFoundError
from store import db

DEFAULT_START = "place-gov"


def _now() -> datetime:
    return datetime.now(UTC)


class Plan(db.Model):
    """One plan. ``start``/``end`` are a place or stop id, or [lon, lat]; ``end`` None = back
    to start. ``version`` goes up by one on every save."""

    __tablename__ = "plan"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    sites: Mapped[list] = mapped_column(JSON, default=list)
    start: Mapped[Any] = mapped_column(JSON, default=DEFAULT_START)
    end: Mapped[Any] = mapped_column(JSON, nullable=True, default=None)
    depart: Mapped[str] = mapped_column(String(16), default="2014-10-20T08:30")
    day_start: Mapped[str] = mapped_column(String(5), default="08:30")
    day_end: Mapped[str] = mapped_column(String(5), default="17:30")
    lunch: Mapped[dict] = mapped_column(
        JSON, default=lambda: {"from": "11:30", "to": "13:30", "minutes": 60}
    )
    max_days: Mapped[int] = mapped_column(Integer, default=3)
    quota_min: Mapped[int] = mapped_column(Integer, default=2)
    quota_max: Mapped[int] = mapped_column(Integer, default=3)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str] = mapped_column(String(80))
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    def tour_request(self) -> dict[str, Any]:
        """The plan's tour settings in the body format of ``POST /api/tour``."""
        return {
            "stops": list(self.sites),
            "start": self.start,
            "end": self.end,
            "depart": self.depart,
            "day": [self.day_start, self.day_end],
            "lunch": dict(self.lunch),
            "max_days": self.max_days,
        }


def get_plan(plan_id: int) -> Plan:
    plan = db.session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(f"no plan with id {plan_id}")
    return plan


def list_plans() -> list[Plan]:
    return list(db.session.scalars(select(Plan).order_by(Plan.updated_at.desc())))
