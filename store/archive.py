"""The indicator archive: who answers for each indicator of ``data/indicators.csv`` (unit,
leader, person), how its figure is collected, processed and analysed, its value with history,
and its evidence files.

Rows are keyed by the indicator's id in the file. A save is compare-and-set on the row's
``version`` and writes its value-history row in the same transaction. Evidence files live under
``<UPLOAD_DIR>/evidence/`` named by their sha256 (the same file uploaded twice is stored once);
each is written to a temporary name and renamed into place, and removed again when the row that
names it is not committed, so no half-written or orphaned file stays.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Float, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

from geo.errors import ConflictError, NotFoundError
from store import atomic, db, set_versioned
from store.files import write_atomically

FOLDER = "evidence"


def _now() -> datetime:
    return datetime.now(UTC)


class IndicatorRecord(db.Model):
    __tablename__ = "indicator_record"
    indicator_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    unit: Mapped[str] = mapped_column(String(100), default="")
    leader: Mapped[str] = mapped_column(String(80), default="")
    person: Mapped[str] = mapped_column(String(80), default="")
    method: Mapped[str] = mapped_column(Text, default="")  # collected, processed, analysed
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    value_as_of: Mapped[date | None] = mapped_column(Date, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class IndicatorValue(db.Model):
    """One recorded value of an indicator: who, when, as of which day, and why."""

    __tablename__ = "indicator_value"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[str] = mapped_column(String(80), index=True)
    value: Mapped[float] = mapped_column(Float)
    as_of: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    username: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class IndicatorEvidence(db.Model):
    __tablename__ = "indicator_evidence"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[str] = mapped_column(String(80), index=True)
    file_name: Mapped[str] = mapped_column(String(200))  # as uploaded
    media_type: Mapped[str] = mapped_column(String(100))
    path: Mapped[str] = mapped_column(String(200))  # relative to the upload folder
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    uploaded_by: Mapped[str] = mapped_column(String(80))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


# ------------------------------------------------------------------------- reads


def records() -> dict[str, IndicatorRecord]:
    return {r.indicator_id: r for r in db.session.scalars(select(IndicatorRecord))}


def value_history(indicator_id: str) -> list[IndicatorValue]:
    """The indicator's recorded values, newest first."""
    query = select(IndicatorValue).where(IndicatorValue.indicator_id == indicator_id)
    return list(db.session.scalars(query.order_by(IndicatorValue.id.desc())))


def evidence(indicator_id: str | None = None) -> list[IndicatorEvidence]:
    """Evidence files of one indicator (or all), in upload order."""
    query = select(IndicatorEvidence).order_by(IndicatorEvidence.id)
    if indicator_id is not None:
        query = query.where(IndicatorEvidence.indicator_id == indicator_id)
    return list(db.session.scalars(query))


def evidence_file(
    root: Path, indicator_id: str, evidence_id: int
) -> tuple[IndicatorEvidence, Path]:
    row = db.session.get(IndicatorEvidence, evidence_id)
    if row is None or row.indicator_id != indicator_id:
        raise NotFoundError(
            f"指标 {indicator_id} 没有佐证材料 {evidence_id} / indicator {indicator_id} has no "
            f"evidence file {evidence_id}"
        )
    return row, root / row.path


# ------------------------------------------------------------------------- writes


def save_record(
    indicator_id: str,
    version: int,
    fields: dict[str, Any],
    user: str,
    value: tuple[float, date, str] | None = None,
) -> IndicatorRecord:
    """Store the indicator's responsibility and method ``fields`` (and a new ``value``: value,
    as-of day, note, with its history row) if the record is still at ``version`` (0: none yet);
    else ConflictError and nothing changes."""
    values = {**fields, "updated_by": user, "updated_at": _now()}
    if value is not None:
        values.update(value=value[0], value_as_of=value[1])
    with atomic():
        if not set_versioned(IndicatorRecord, {"indicator_id": indicator_id}, version, values):
            raise stale_record(indicator_id)
        if value is not None:
            db.session.add(
                IndicatorValue(
                    indicator_id=indicator_id,
                    value=value[0],
                    as_of=value[1],
                    note=value[2],
                    username=user,
                )
            )
    db.session.expire_all()
    return db.session.get(IndicatorRecord, indicator_id)


def stale_record(indicator_id: str) -> ConflictError:
    return ConflictError(
        f"指标 {indicator_id} 的档案已被他人修改，请刷新后重试 / the archive of indicator "
        f"{indicator_id} was changed meanwhile; reload and try again"
    )


def add_evidence(
    root: Path, indicator_id: str, file_name: str, extension: str, media_type: str,
    data: bytes, user: str,
) -> IndicatorEvidence:  # fmt: skip
    """Store a checked file and its row together: the file is renamed into place complete,
    and removed again if it is new and the row is not committed."""
    digest = hashlib.sha256(data).hexdigest()
    relative = f"{FOLDER}/{digest[:2]}/{digest}{extension}"
    target = root / relative
    created = not target.exists()
    if created:
        write_atomically(target, data)
    row = IndicatorEvidence(
        indicator_id=indicator_id,
        file_name=file_name,
        media_type=media_type,
        path=relative,
        sha256=digest,
        size_bytes=len(data),
        uploaded_by=user,
    )
    try:
        with atomic():
            db.session.add(row)
    except BaseException:
        if created:
            target.unlink(missing_ok=True)
        raise
    return row


def delete_evidence(root: Path, indicator_id: str, evidence_id: int) -> None:
    """Delete an evidence row, and its file when no other row names it."""
    row, path = evidence_file(root, indicator_id, evidence_id)
    relative = row.path
    with atomic():
        db.session.delete(row)
    left = db.session.scalar(
        select(func.count())
        .select_from(IndicatorEvidence)
        .where(IndicatorEvidence.path == relative)
    )
    if not left:
        path.unlink(missing_ok=True)
