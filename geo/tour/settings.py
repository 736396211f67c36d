"""A tour's settings with every bound and default, defined once.

The plan model (its column defaults), the plan field checks (``geo.plans.fields``), the
``POST /api/tour`` parser (``geo.tour.pipeline``), the plan page's form and the schedule all read
them from here. ``DayRule`` refuses a working day that does not start before it ends, so that rule
is checked in one place whichever way the settings come in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from geo.errors import Both, ValidationError

LonLat = tuple[float, float]

DEFAULT_START = "place-gov"
DEFAULT_DEPART = "2014-10-20T08:30"
DEFAULT_DAY = ("08:30", "17:30")
DEFAULT_LUNCH = {"from": "11:30", "to": "13:30", "minutes": 60}
DEFAULT_MAX_DAYS = 5  # 2 sites x 13 townships take 4 days; one to spare
# Inclusive bounds of the whole-number settings.
LUNCH_MINUTES = (0, 180)
VISIT_MINUTES = (5, 480)
MAX_DAYS = (1, 14)
DEPART_FORMAT = "%Y-%m-%dT%H:%M"


FIELD_LABELS = {
    "day_start": "plan_day_start",
    "day_end": "plan_day_end",
    "lunch.from": "plan_lunch_from",
    "lunch.to": "plan_lunch_to",
    "depart": "plan_depart",
    "start": "start",
    "end": "end",
    "base": "tour_base",
    "window": "tour_window",
    "windows": "tour_window",
    "visit_minutes": "visit_minutes",
    "stops": "tour_stops",
    "fixed_prefix": "tour_fixed_prefix",
    "keep_order": "tour_keep_order",
    "pins": "tour_pins",
    "locked_days": "tour_locked_days",
    "previous": "tour_previous",
    "balance": "tour_balance",
    "quick": "tour_quick",
}
"""The words of the settings forms for the fields an error names."""


def field_label(field: str) -> Both:
    return Both.label(FIELD_LABELS[field])


def shown(value: Any) -> str:
    """A refused value as a message quotes it."""
    return "" if value is None else str(value)[:40]


def not_a_time(field: str, value: Any) -> ValidationError:
    return ValidationError(code="err_time", field=field_label(field), value=shown(value))


def clock(value: str) -> time:
    """An "HH:MM" already checked for its shape, as a time."""
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True)
class LunchRule:
    """Lunch starts between ``earliest`` and ``latest`` and lasts ``minutes``."""

    earliest: time = clock(DEFAULT_LUNCH["from"])
    latest: time = clock(DEFAULT_LUNCH["to"])
    minutes: int = DEFAULT_LUNCH["minutes"]


@dataclass(frozen=True)
class DayRule:
    """Working hours: the panel leaves the base at ``start`` and is back by ``end``."""

    start: time = clock(DEFAULT_DAY[0])
    end: time = clock(DEFAULT_DAY[1])

    def __post_init__(self) -> None:
        if self.start >= self.end:
            raise ValidationError(
                code="err_day_order", start=f"{self.start:%H:%M}", end=f"{self.end:%H:%M}"
            )


@dataclass(frozen=True)
class TourSettings:
    """Where the tour starts and ends, when it departs, the working day, lunch and the most
    days it may take. ``end`` None = back to the start; ``max_days`` None = no limit."""

    start: str | LonLat = DEFAULT_START
    end: str | LonLat | None = None
    depart: datetime = datetime.strptime(DEFAULT_DEPART, DEPART_FORMAT)
    day: DayRule = field(default_factory=DayRule)
    lunch: LunchRule = field(default_factory=LunchRule)
    max_days: int | None = DEFAULT_MAX_DAYS
