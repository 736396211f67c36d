"""County settings that an admin changes and every plan reads (the quota of sites per
township), one row per setting, with the history of every change: who, when, from what to what.

A save is compare-and-set on the row's version, in one transaction with its history row, so of
two admins saving the same version one wins and the other gets a ConflictError.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from geo.errors import ConflictError
from store import atomic, db, set_versioned


class CountySetting(db.Model):
    __tablename__ = "county_setting"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CountySettingChange(db.Model):
    __tablename__ = "county_setting_change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), index=True)
    before: Mapped[Any] = mapped_column(JSON, nullable=True)  # None: the built-in default
    after: Mapped[Any] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer)
    changed_by: Mapped[str] = mapped_column(String(80))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def get_setting(key: str) -> CountySetting | None:
    """The stored setting, or None while the built-in default applies."""
    return db.session.get(CountySetting, key)


def save_setting(key: str, version: int, value: Any, user: str) -> CountySetting:
    """Store ``value`` if the setting is still at ``version`` (0: never saved), with its
    history row; else ConflictError and nothing changes."""
    now = datetime.now(UTC)
    before = get_setting(key)
    with atomic():
        values = {"value": value, "updated_by": user, "updated_at": now}
        if not set_versioned(CountySetting, {"key": key}, version, values):
            raise stale_setting(key)
        db.session.add(
            CountySettingChange(
                key=key,
                before=None if before is None or version == 0 else before.value,
                after=value,
                version=version + 1,
                changed_by=user,
                changed_at=now,
            )
        )
    db.session.expire_all()
    return db.session.get(CountySetting, key)


def setting_history(key: str) -> list[CountySettingChange]:
    """Every change of the setting, newest first."""
    query = (
        select(CountySettingChange)
        .where(CountySettingChange.key == key)
        .order_by(CountySettingChange.id.desc())
    )
    return list(db.session.scalars(query))


def stale_setting(key: str) -> ConflictError:
    return ConflictError(code="err_setting_stale", setting=key)
