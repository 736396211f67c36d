"""Built print packs and print-page maps, kept in the database by what they show (a key the
caller computes), so every server process serves a pack built by any of them.

Bounded: the newest ``KEEP`` files are kept; a pack is a few hundred kB to a few MB.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, LargeBinary, String, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from store import atomic, db

KEEP = 64


class BuiltFile(db.Model):
    __tablename__ = "built_file"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of what it shows
    body: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


def get_built(key: str) -> bytes | None:
    return db.session.scalar(select(BuiltFile.body).where(BuiltFile.key == key))


def put_built(key: str, body: bytes) -> None:
    """Keep ``body`` under ``key`` (a file built twice at once is kept once) and forget the
    oldest beyond ``KEEP``."""
    try:
        with atomic():
            db.session.add(BuiltFile(key=key, body=body, created_at=datetime.now(UTC)))
    except IntegrityError:  # another process built the same file meanwhile: the same bytes
        pass
    with atomic():
        newest = select(BuiltFile.key).order_by(BuiltFile.created_at.desc()).limit(KEEP)
        db.session.execute(delete(BuiltFile).where(BuiltFile.key.not_in(newest)))


def clear_built() -> None:
    with atomic():
        db.session.execute(delete(BuiltFile))
