"""Photos of candidate stops: the files under ``<UPLOAD_DIR>/photos/`` and their rows, kept
together. Each file is written to a temporary name and renamed into place, so no reader ever
sees half a photo; ``written`` removes the files again when the row that names them is not
committed, so nothing is left behind by a failure."""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, DateTime, Float, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from geo.errors import NotFoundError
from store import db
from store.files import write_atomically

log = logging.getLogger(__name__)
FOLDER = "photos"


def _now() -> datetime:
    return datetime.now(UTC)


class StopPhoto(db.Model):
    __tablename__ = "stop_photo"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stop_id: Mapped[str] = mapped_column(String(80), index=True)
    file_name: Mapped[str] = mapped_column(String(200))  # as the user uploaded it
    path: Mapped[str] = mapped_column(String(400))  # relative to the upload folder
    thumb_path: Mapped[str] = mapped_column(String(400))
    media_type: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))  # of the stored file
    size_bytes: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    kept_location: Mapped[bool] = mapped_column(Boolean, default=False)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)  # only when kept
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    uploaded_by: Mapped[str] = mapped_column(String(80))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "stop_id": self.stop_id,
            "file_name": self.file_name,
            "media_type": self.media_type,
            "sha256": self.sha256,
            "size_bytes": self.size_bytes,
            "width": self.width,
            "height": self.height,
            "kept_location": self.kept_location,
            "location": [self.lon, self.lat] if self.lon is not None else None,
            "uploaded_by": self.uploaded_by,
            "uploaded_at": self.uploaded_at.isoformat(),
        }


@dataclass(frozen=True)
class Files:
    """Where one photo's two files went, relative to the upload folder, and the photo's hash."""

    path: str
    thumb_path: str
    sha256: str
    size_bytes: int


@contextmanager
def written(
    root: Path, stop_id: str, data: bytes, thumbnail: bytes, ext: str, under: str = FOLDER
) -> Iterator[Files]:
    """Write a photo and its thumbnail under ``under/<stop_id>/`` (clean-up photos name their
    task there); if the block raises (the row was not saved), both files are removed again."""
    folder = Path(under) / (re.sub(r"[^\w.\-]", "_", stop_id).lstrip(".") or "stop")
    token = uuid.uuid4().hex
    files = Files(
        str(folder / f"{token}{ext}"),
        str(folder / f"{token}.thumb.jpg"),
        hashlib.sha256(data).hexdigest(),
        len(data),
    )
    paths = [root / files.path, root / files.thumb_path]
    try:
        write_atomically(paths[0], data)
        write_atomically(paths[1], thumbnail)
        yield files
    except BaseException:
        for path in paths:
            path.unlink(missing_ok=True)
        raise


def add(stop_id: str, files: Files, **fields: Any) -> StopPhoto:
    """The photo's row, in the caller's transaction."""
    row = StopPhoto(
        stop_id=stop_id,
        path=files.path,
        thumb_path=files.thumb_path,
        sha256=files.sha256,
        size_bytes=files.size_bytes,
        uploaded_at=_now(),
        **fields,
    )
    db.session.add(row)
    db.session.flush()
    return row


def photos_of(stop_ids: list[str] | None = None) -> dict[str, list[StopPhoto]]:
    """Photos by stop, oldest first (of every stop when ``stop_ids`` is None)."""
    query = select(StopPhoto).order_by(StopPhoto.id)
    if stop_ids is not None:
        query = query.where(StopPhoto.stop_id.in_(stop_ids))
    out: dict[str, list[StopPhoto]] = {}
    for row in db.session.scalars(query):
        out.setdefault(row.stop_id, []).append(row)
    return out


def delete(row: StopPhoto) -> None:
    """Drop the row in the caller's transaction; ``remove_files`` after the commit."""
    db.session.delete(row)


def get(photo_id: int) -> StopPhoto:
    row = db.session.get(StopPhoto, photo_id)
    if row is None:
        raise NotFoundError(f"没有编号为 {photo_id} 的照片 / no photo with id {photo_id}")
    return row


def file_path(root: Path, row: StopPhoto, thumbnail: bool = False) -> Path:
    """The photo's file (or thumbnail) on disk; NotFoundError when it has gone missing."""
    path = root / (row.thumb_path if thumbnail else row.path)
    if not path.is_file():
        raise NotFoundError(f"照片文件缺失 / the file of photo {row.id} is missing")
    return path


def remove_files(root: Path, row: StopPhoto) -> None:
    """After the row's deletion is committed: its files go too (a failure is only logged)."""
    for relative in (row.path, row.thumb_path):
        try:
            (root / relative).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not remove %s: %s", relative, exc)
