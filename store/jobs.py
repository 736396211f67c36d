"""The background job table: one row per job, shared by every server process through the database.

Why a table and not a broker: the app already has one database every process reaches (SQLite for
one machine, PostgreSQL for several), so a job queued by one gunicorn worker can be run by any
other, and its progress, result or error survives a restart, with nothing more to install.

A worker claims the oldest queued job with one compare-and-set statement (``claim``): on SQLite
writers are serialised, so exactly one claimer sees its row change; on PostgreSQL the candidate
is picked ``FOR UPDATE SKIP LOCKED`` so concurrent workers take different jobs without waiting.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import JSON, DateTime, Float, Index, String, Text, func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Mapped, mapped_column

from geo.errors import QueueFullError
from store import atomic, db, iso_utc

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATES = (QUEUED, RUNNING, DONE, FAILED)


class Job(db.Model):
    __tablename__ = "job"
    # Random, not a counter: a job's id is all it takes to read its status.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    # What the job makes (e.g. a print pack's cache key): a second request for the same thing
    # by the same owner joins the job already queued or running instead of queueing another.
    key: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    owner: Mapped[str | None] = mapped_column(String(80), nullable=True)  # None: anyone may read
    lang: Mapped[str] = mapped_column(String(8), default="zh")
    state: Mapped[str] = mapped_column(String(10), default=QUEUED)
    stage: Mapped[str] = mapped_column(String(200), default="")
    fraction: Mapped[float] = mapped_column(Float, default=0.0)
    result: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    worker: Mapped[str | None] = mapped_column(String(80), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_job_state_created", "state", "created_at"),)


@dataclass(frozen=True)
class JobStatus:
    """What ``GET /api/jobs/<id>`` shows of a job."""

    id: str
    kind: str
    owner: str | None
    state: str
    stage: str
    fraction: float
    result: dict | None
    error: str | None
    created_at: str | None
    updated_at: str | None

    @property
    def finished(self) -> bool:
        return self.state in (DONE, FAILED)


def _now() -> datetime:
    return datetime.now(UTC)


def _status(job: Job) -> JobStatus:
    return JobStatus(
        job.id,
        job.kind,
        job.owner,
        job.state,
        job.stage,
        job.fraction,
        job.result,
        job.error,
        iso_utc(job.created_at),
        iso_utc(job.updated_at),
    )


def add_job(
    kind: str,
    payload: dict,
    owner: str | None,
    lang: str,
    key: str | None = None,
    cap: int | None = None,
) -> str:
    """Queue a job; its id (with a ``key``: the id of the same owner's unfinished job for that
    key, when there is one). With ``cap`` jobs queued already, a new one is QueueFullError."""
    if key is not None:
        same = db.session.scalar(
            select(Job.id)
            .where(
                Job.key == key,
                Job.kind == kind,
                Job.state.in_((QUEUED, RUNNING)),
                Job.owner.is_(None) if owner is None else Job.owner == owner,
            )
            .limit(1)
        )
        if same is not None:
            return same
    if cap is not None:
        queued = db.session.scalar(select(func.count()).where(Job.state == QUEUED))
        if queued >= cap:
            raise QueueFullError(queued)
    job_id = uuid.uuid4().hex
    now = _now()
    with atomic():
        db.session.add(
            Job(
                id=job_id,
                kind=kind,
                key=key,
                payload=payload,
                owner=owner,
                lang=lang,
                state=QUEUED,
                stage="",
                fraction=0.0,
                created_at=now,
                updated_at=now,
            )
        )
    return job_id


def job_status(job_id: str) -> JobStatus | None:
    job = db.session.get(Job, job_id, populate_existing=True)
    return None if job is None else _status(job)


@dataclass(frozen=True)
class Claimed:
    """A job a worker has taken: what it needs to run it."""

    id: str
    kind: str
    payload: dict
    lang: str


def claim(worker: str) -> Claimed | None:
    """Take the oldest queued job for ``worker``; None when there is none (or another worker
    took it first)."""
    oldest = select(Job.id).where(Job.state == QUEUED).order_by(Job.created_at, Job.id).limit(1)
    if db.engine.dialect.name == "postgresql":
        oldest = oldest.with_for_update(skip_locked=True)
    with atomic():
        job_id = db.session.execute(oldest).scalar()
        if job_id is None:
            return None
        taken = db.session.execute(
            update(Job)
            .where(Job.id == job_id, Job.state == QUEUED)
            .values(state=RUNNING, worker=worker, stage="", updated_at=_now())
        )
        if taken.rowcount != 1:
            return None
    job = db.session.get(Job, job_id, populate_existing=True)
    return Claimed(job.id, job.kind, dict(job.payload or {}), job.lang)


def _progress(job_id: str, stage: str, fraction: float):
    return (
        update(Job)
        .where(Job.id == job_id, Job.state == RUNNING)
        .values(stage=stage[:200], fraction=min(max(fraction, 0.0), 1.0), updated_at=_now())
    )


def set_progress(job_id: str, stage: str, fraction: float) -> None:
    with atomic():
        db.session.execute(_progress(job_id, stage, fraction))


ASIDE_WAIT_MS = 50  # how long progress said aside waits for a lock before it is skipped


def set_progress_aside(job_id: str, stage: str, fraction: float) -> bool:
    """``set_progress`` from inside the job's own open write transaction (a long layer write),
    on a connection of its own so that it shows at once; False when skipped: on SQLite always,
    as that transaction holds the one write lock, and elsewhere when the row stays locked for
    ``ASIDE_WAIT_MS``: a bar that stands still a while is better than a job failed or kept
    waiting."""
    if db.engine.dialect.name == "sqlite":
        return False
    try:
        with db.engine.begin() as conn:
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = {ASIDE_WAIT_MS}")
            conn.execute(_progress(job_id, stage, fraction))
    except OperationalError:  # locked
        return False
    return True


def finish(job_id: str, result: dict | None = None, error: str | None = None) -> None:
    """Keep the job's result (``done``) or its error (``failed``)."""
    with atomic():
        db.session.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(
                state=FAILED if error is not None else DONE,
                fraction=1.0 if error is None else Job.fraction,
                result=result,
                error=error,
                updated_at=_now(),
            )
        )


def fail_abandoned(older_than: timedelta, error: str) -> int:
    """Mark as failed the running jobs whose worker has said nothing for ``older_than`` (its
    process was killed); the number of such jobs."""
    with atomic():
        done = db.session.execute(
            update(Job)
            .where(Job.state == RUNNING, Job.updated_at < _now() - older_than)
            .values(state=FAILED, error=error, updated_at=_now())
        )
    return done.rowcount


def forget_finished(older_than: timedelta) -> int:
    """Delete finished jobs older than ``older_than``: results are kept a while, not for ever."""
    with atomic():
        done = db.session.execute(
            Job.__table__.delete().where(
                Job.state.in_((DONE, FAILED)), Job.updated_at < _now() - older_than
            )
        )
    return done.rowcount
