"""What an edit of a tour did, in one sentence for the planner: the change in driving, distance
and days, and the days that now end at another time ("+12 min driving, day 2 now ends 16:40").

Computed from the old and the new schedule (``geo.tour.records.Schedule``), never from figures
a browser sends.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from geo.i18n import text
from geo.tour.records import Schedule


@dataclass(frozen=True)
class TourChange:
    """The new tour less the old one; ``day_ends`` maps each day whose end moved to its new end
    ("HH:MM"); ``text`` says it all in the planner's language."""

    km: float
    driving_minutes: int
    days: int
    day_ends: dict[int, str] = field(default_factory=dict)
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _signed(value: float, digits: int = 0) -> str:
    shown = f"{value:+.{digits}f}"
    return shown.replace("-", "−")


def describe(old: Schedule, new: Schedule, lang: str) -> TourChange:
    """The change from ``old`` to ``new``."""
    delta = new.totals().minus(old.totals())
    ends_before = {d.day: f"{d.end:%H:%M}" for d in old.days}
    day_ends = {
        d.day: f"{d.end:%H:%M}" for d in new.days if ends_before.get(d.day) != f"{d.end:%H:%M}"
    }
    parts = []
    if round(delta["driving_minutes"]):
        parts.append(text("change_driving", lang, delta=_signed(delta["driving_minutes"])))
    if abs(delta["km"]) >= 0.05:
        parts.append(text("change_km", lang, delta=_signed(delta["km"], 1)))
    if delta["days"]:
        parts.append(text("change_days", lang, delta=_signed(delta["days"])))
    parts += [text("change_day_ends", lang, n=n, time=end) for n, end in day_ends.items()]
    sentence = text("change_sep", lang).join(parts) if parts else text("change_none", lang)
    return TourChange(
        round(delta["km"], 2), int(delta["driving_minutes"]), int(delta["days"]), day_ends, sentence
    )
