"""Stored moments as an office in Jiangle reads them: UTC in the database, local time on paper."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo


def local_time(value: datetime | str | None, zone: str, seconds: bool = False) -> str:
    """A stored UTC moment as 'YYYY-MM-DD HH:MM' in ``zone`` (e.g. Asia/Shanghai); '' for none."""
    if value in (None, ""):
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:  # SQLite hands back naive datetimes for UTC columns
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(ZoneInfo(zone))
    return local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
