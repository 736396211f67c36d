"""Shape checks for values a planner types: clock times, whole numbers in a range, lon/lat points.

The tour request parser (``geo.tour.pipeline``) and the plan field rules (``geo.plans.fields``)
accept the same fields (day window, lunch, max days, start and end), so they share these predicates
and a value one of them accepts the other accepts too; each raises its own message naming its field.
"""

from __future__ import annotations

import re
from typing import Any

CLOCK = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
"""A time of day HH:MM on the 24-hour clock; the groups are hours and minutes."""


def is_digits(text: str, most: int = 18) -> bool:
    """1 to ``most`` ASCII digits: ``str.isdigit`` and ``int()`` also take "١" or "²"."""
    return 0 < len(text) <= most and text.isascii() and text.isdigit()


def has_lone_surrogate(text: str) -> bool:
    """True when ``text`` holds a UTF-16 surrogate, which only JSON escapes can smuggle in and no
    UTF-8 file or database can store."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def is_clock(value: Any) -> bool:
    """A string HH:MM, 00:00 to 23:59."""
    return isinstance(value, str) and CLOCK.fullmatch(value) is not None


def is_whole(value: Any, low: int, high: int) -> bool:
    """An int from ``low`` to ``high`` inclusive (JSON true/false are not numbers here)."""
    return not isinstance(value, bool) and isinstance(value, int) and low <= value <= high


def is_lonlat(value: Any) -> bool:
    """A JSON pair [longitude, latitude] of numbers within -180..180 and -90..90."""
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        and -180 <= value[0] <= 180
        and -90 <= value[1] <= 90
    )
