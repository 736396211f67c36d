"""URL converters for the whole app: an ``int`` that is bounded, so an id past what the database
stores is a 404 at the routing layer instead of an error deep in a query: the id columns are
``INTEGER``, 32 bits on PostgreSQL ("integer out of range" past 2^31 - 1) and the bound of
SQLite's 64-bit integers (``OverflowError``) lies beyond that.

The bound sits in the converter's regex, not only in ``to_python``: werkzeug answers 405 when a
path matched some rule's pattern but no converter accepted it, and too large an id is not found."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


def up_to(limit: int) -> str:
    """A regex matching the decimal numbers 0..``limit`` (no sign, leading zeros only below it)."""
    digits = str(limit)
    shorter = rf"\d{{1,{len(digits) - 1}}}" if len(digits) > 1 else ""
    lower_at = [
        f"{digits[:i]}[0-{int(d) - 1}]" + rf"\d{{{len(digits) - i - 1}}}"
        for i, d in enumerate(digits)
        if d != "0"
    ]
    return "(?:" + "|".join(p for p in (shorter, *lower_at, digits) if p) + ")"


class BoundedInt(IntegerConverter):
    """``<int:...>`` from 0 to MAX_ID; larger values match no route (404)."""

    regex = up_to(MAX_ID)


def init_app(app: Flask) -> None:
    """Replace ``int`` before any blueprint adds its rules (rules bind their converters then)."""
    app.url_map.converters["int"] = BoundedInt
