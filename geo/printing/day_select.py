"""Named day routes and single-day prints: each day of a tour is a route named 路线A, 路线B, …
(Route A, Route B, …) in the print pack and the exports, and one day can be printed or exported
alone (``?day=N``).

A day parameter that is not a whole number of the allowed range is a bad request (400); a day
the tour does not have is not found (404), saying how many days it has.
"""

from __future__ import annotations

from dataclasses import replace

from geo.errors import JiangleError, NotFoundError
from geo.i18n import text
from geo.tour.records import Schedule, Tour
from geo.tour.settings import MAX_DAYS

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class DayParameterError(JiangleError):
    """A ``day`` parameter that is not a day number (400)."""

    status = 400


def route_name(day: int, lang: str) -> str:
    """路线A（第1天） / Route A (day 1)."""
    return text("route_day", lang, letter=LETTERS[(day - 1) % len(LETTERS)], n=day)


def parse_day(value: str | None) -> int | None:
    """The ``day`` query parameter: None when absent, else a day number within the bounds."""
    if value is None or value == "":
        return None
    low, high = MAX_DAYS
    if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
        raise DayParameterError(code="err_day_param", low=low, high=high, value=value[:20])
    return int(value)


def one_day(tour: Tour | None, day: int) -> Tour:
    """The tour of day ``day`` alone (its stops, legs, road paths and summary)."""
    count = len(tour.schedule.days) if tour else 0
    summary = [d for d in tour.schedule.days if d.day == day] if tour else []
    if not summary:
        raise NotFoundError(code="err_day_not_in_tour", day=day, n=count)
    s = tour.schedule
    kept = [i for i, leg in enumerate(s.legs) if leg.day == day]
    stops = tuple(stop for stop in s.stops if stop.day == day)
    d = summary[0]
    schedule = Schedule(
        stops,
        tuple(s.legs[i] for i in kept),
        (d,),
        d.km,
        d.driving_minutes,
        d.visiting_minutes,
    )
    paths = tuple(tour.paths[i] for i in kept) if tour.paths else ()
    return replace(tour, order=tuple(st.id for st in stops), schedule=schedule, paths=paths)
