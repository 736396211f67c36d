"""The history of the townships' edits to their candidate stops: one row per change, saying
who changed which stop when, what changed (``{field: [before, after]}``) and which revision of
the stops layer it made. The stop itself lives in the layer (``store.layers.save_feature``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from store import db

ACTIONS = ("add", "edit", "photo", "photo_removed")


def _now() -> datetime:
    return datetime.now(UTC)


class StopChange(db.Model):
    __tablename__ = "stop_change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stop_id: Mapped[str] = mapped_column(String(80), index=True)
    township_code: Mapped[str] = mapped_column(String(12), index=True)
    action: Mapped[str] = mapped_column(String(20))
    changes: Mapped[dict] = mapped_column(JSON)
    username: Mapped[str] = mapped_column(String(80))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    layer_revision: Mapped[int | None] = mapped_column(Integer, nullable=True)

    def to_dict(self) -> dict[str, Any]:
        return {
            "stop_id": self.stop_id,
            "action": self.action,
            "changes": self.changes,
            "user": self.username,
            "at": self.changed_at.isoformat(),
            "layer_revision": self.layer_revision,
        }


def record(
    stop_id: str,
    township_code: str,
    action: str,
    changes: dict[str, Any],
    user: str,
    layer_revision: int | None = None,
) -> StopChange:
    """Add a change to the caller's transaction."""
    row = StopChange(
        stop_id=stop_id,
        township_code=township_code,
        action=action,
        changes=changes,
        username=user,
        changed_at=_now(),
        layer_revision=layer_revision,
    )
    db.session.add(row)
    return row


def history(stop_id: str) -> list[StopChange]:
    """A stop's changes, newest first."""
    query = select(StopChange).where(StopChange.stop_id == stop_id)
    return list(db.session.scalars(query.order_by(StopChange.id.desc())))


@dataclass(frozen=True)
class Flag:
    """A stop a township added or changed since some moment: for the planners' attention."""

    kind: str  # "new" or "changed"
    user: str  # who changed it last
    at: datetime  # when


def flags_since(since: datetime | None) -> dict[str, Flag]:
    """The stops townships added ("new") or changed since ``since`` (every change: None)."""
    query = select(StopChange).order_by(StopChange.id)
    if since is not None:
        query = query.where(StopChange.changed_at > since)
    out: dict[str, Flag] = {}
    for row in db.session.scalars(query):
        first = out.get(row.stop_id)
        kind = first.kind if first else ("new" if row.action == "add" else "changed")
        out[row.stop_id] = Flag(kind, row.username, row.changed_at)
    return out
