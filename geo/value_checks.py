"""Shape checks for values a planner types: clock times, whole numbers in a range, lon/lat points.

The tour request parser (``geo.tour.pipeline``) and the plan field rules (``geo.plans.fields``)
accept the same fields (day window, lunch, max days, start and end), so they share these predicates
and a value one of them accepts the other accepts too; each raises its own message naming its field.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from geo.errors import Both, ValidationError

EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
_XML_SAFE_CONTROLS = "\t\n\r"  # the only C0 controls XML 1.0 (GPX, KML) may carry
_INVISIBLE_OR_CONTROL = ("Cc", "Cf", "Cs", "Zl", "Zp")

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


def clean_text(value: str, field: str | Both, *, name: bool = False) -> str:
    """``value`` in Unicode NFC, or a ValidationError naming ``field`` and the character.

    Any text refuses lone surrogates, NUL and the control characters XML cannot carry (a GPX or
    KML export of it would be invalid). A name (``name=True``) also refuses tabs and line breaks
    and invisible format characters (zero-width space and joiners, bidi overrides, BOM), which
    make two names look alike or an empty name look filled."""
    if has_lone_surrogate(value):
        raise ValidationError(code="err_text_surrogate", field=field)
    value = unicodedata.normalize("NFC", value)
    for char in value:
        category = unicodedata.category(char)
        control = category == "Cc" and (name or char not in _XML_SAFE_CONTROLS)
        invisible = name and category in ("Cf", "Zl", "Zp")
        if control or invisible or char in "\ufffe\uffff":  # the last two: XML non-characters
            raise ValidationError(code="err_text_control", field=field, char=f"U+{ord(char):04X}")
    return value


def scrubbed(value: str) -> str:
    """``value`` in NFC without the characters ``clean_text`` refuses in a name: for data made
    by others (an OpenStreetMap tag), where one stray zero-width space must not fail a whole
    province's import."""
    kept = (
        c
        for c in value
        if unicodedata.category(c) not in _INVISIBLE_OR_CONTROL and c not in "\ufffe\uffff"
    )
    return unicodedata.normalize("NFC", "".join(kept))


def real_date(value: Any, field: str | Both) -> date:
    """A real calendar day written YYYY-MM-DD (or the date part of YYYY-MM-DDTHH:MM) within
    2000-2100: Feb 30 is no day, and year 9999 leaves no room to add a tour day."""
    text = value[:10] if isinstance(value, str) else ""
    try:
        day = (
            date.fromisoformat(text) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) else None
        )
    except ValueError:
        day = None
    if day is None:
        raise ValidationError(code="err_real_date", field=field, value=str(value)[:40])
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ValidationError(
            code="err_date_years", field=field, value=day, low=EARLIEST_YEAR, high=LATEST_YEAR
        )
    return day


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
