"""Jinja filters that show stored values the way an office in Jiangle reads them: times in the
county's time zone (stored in UTC), stop ids as stop names."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, current_app

from geo import clock, i18n
from geo.i18n import name
from routes.i18n import current_lang
from store.layers import cached_by_revision


def local_time(value: datetime | str | None, seconds: bool = False) -> str:
    """A stored UTC moment as 'YYYY-MM-DD HH:MM' in the configured zone (Asia/Shanghai)."""
    return clock.local_time(value, current_app.config["TIMEZONE"], seconds)


def stop_label(stop_id: str) -> str:
    """A stop's name in the page language, or the id itself for an id no longer in the layer."""
    lang = current_lang()
    names = cached_by_revision(
        f"stop-names:{lang}",
        "stops",
        lambda feats: {f["properties"]["id"]: name(f["properties"], lang) for f in feats},
    )
    return names.get(stop_id, stop_id)


def duration(minutes: float) -> str:
    """Minutes as "8 小时 05 分" / "8 h 05 min" in the page language (``geo.i18n.duration``)."""
    return i18n.duration(minutes, current_lang())


def init_app(app: Flask) -> None:
    app.add_template_filter(duration, "duration")
    app.add_template_filter(local_time, "localtime")
    app.add_template_filter(stop_label, "stop_label")
