"""Before/after photos of a plan's tasks (clean-up tasks by their key, preparation tasks as
``prep-<id>``): the files under ``<UPLOAD_DIR>/task-photos/plan-<id>-<key>/`` and their rows,
written as the stop photos are (``store.photos.written``: atomic, removed again if the row is
not committed)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from geo.errors import NotFoundError
from store import atomic, db
from store.photos import Files

FOLDER = "task-photos"
STAGES = ("before", "after")


class TaskPhoto(db.Model):
    __tablename__ = "task_photo"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    task_key: Mapped[str] = mapped_column(String(40))
    stage: Mapped[str] = mapped_column(String(10))  # before / after
    file_name: Mapped[str] = mapped_column(String(200))  # as the user uploaded it
    path: Mapped[str] = mapped_column(String(400))  # relative to the upload folder
    thumb_path: Mapped[str] = mapped_column(String(400))
    media_type: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))  # of the stored (re-encoded) file
    size_bytes: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    uploaded_by: Mapped[str] = mapped_column(String(80))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def add(plan_id: int, task_key: str, stage: str, files: Files, **fields) -> TaskPhoto:
    """The photo's row, committed (the caller holds the files in ``written``)."""
    row = TaskPhoto(
        plan_id=plan_id,
        task_key=task_key,
        stage=stage,
        path=files.path,
        thumb_path=files.thumb_path,
        sha256=files.sha256,
        size_bytes=files.size_bytes,
        uploaded_at=datetime.now(UTC),
        **fields,
    )
    with atomic():
        db.session.add(row)
    return row


def delete(row: TaskPhoto) -> None:
    """Drop the row, committed; the caller removes the files after (``remove_files``)."""
    with atomic():
        db.session.delete(row)


def photos_of(plan_id: int) -> dict[str, list[TaskPhoto]]:
    """The plan's task photos by task key, oldest first."""
    query = select(TaskPhoto).where(TaskPhoto.plan_id == plan_id).order_by(TaskPhoto.id)
    out: dict[str, list[TaskPhoto]] = {}
    for row in db.session.scalars(query):
        out.setdefault(row.task_key, []).append(row)
    return out


def get(plan_id: int, photo_id: int) -> TaskPhoto:
    row = db.session.get(TaskPhoto, photo_id)
    if row is None or row.plan_id != plan_id:
        raise NotFoundError(
            f"方案 {plan_id} 没有编号为 {photo_id} 的任务照片 / plan {plan_id} has no task photo "
            f"{photo_id}"
        )
    return row
