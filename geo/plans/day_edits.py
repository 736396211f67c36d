"""A plan's hand edits of its tour days: stops pinned to a day, days whose order is kept, and the
days as last shown (the warm start that keeps the rest of the tour where it was).

Stored with the plan (field ``day_edits``) so the page, the county map, the print pack, the
exports and the clean-up all compute the very tour the planner edited. The shape is the one
``POST /api/tour`` takes (``geo.tour.day_options``), checked by the same parser::

    {"pins": {stop: day}, "locked_days": {"2": [stop, ...]}, "previous": [[stop, ...], ...]}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from geo.errors import ValidationError
from geo.tour.day_options import DayOptions, parse_day_options

FIELDS = ("pins", "locked_days", "previous")
EMPTY: dict[str, Any] = {"pins": {}, "locked_days": {}, "previous": []}


def check(value: Any) -> dict[str, Any]:
    """The edits in their stored shape (day keys as strings); a bad one names the field."""
    if value is None:
        return {k: type(v)() for k, v in EMPTY.items()}
    if not isinstance(value, dict) or set(value) - set(FIELDS):
        raise ValidationError(code="err_day_edits_shape")
    options = parse_day_options(value)
    fixed: dict[str, int] = {}
    for day, stops in options.locked.items():
        for stop in stops:
            if stop in fixed or options.pins.get(stop, day) != day:
                other = fixed.get(stop, options.pins.get(stop))
                if other == day:
                    raise ValidationError(code="err_day_listed_twice", day=day)
                raise ValidationError(code="err_pin_two_days", a=min(day, other), b=max(day, other))
            fixed[stop] = day
    for stop, day in options.pins.items():
        if day in options.locked and stop not in fixed:
            raise ValidationError(code="err_pin_locked_day", day=day)
    return {
        "pins": dict(options.pins),
        "locked_days": {str(d): list(s) for d, s in sorted(options.locked.items())},
        "previous": [list(day) for day in options.previous or ()],
    }


def kept(edits: Mapping[str, Any], sites: Iterable[str]) -> dict[str, Any]:
    """The edits of the stops still among ``sites``: a stop dropped from the plan loses its pin
    and its place in a kept day."""
    chosen = set(sites)
    edits = {**EMPTY, **(edits or {})}
    return {
        "pins": {s: d for s, d in edits["pins"].items() if s in chosen},
        "locked_days": {
            d: [s for s in stops if s in chosen]
            for d, stops in edits["locked_days"].items()
            if any(s in chosen for s in stops)
        },
        "previous": [
            kept_day for day in edits["previous"] if (kept_day := [s for s in day if s in chosen])
        ],
    }


def day_options(edits: Mapping[str, Any] | None, stops: Iterable[str], quick: bool) -> DayOptions:
    """The tour request's day options for ``stops``: the edits of those stops only."""
    chosen = kept(edits or EMPTY, stops)
    options = parse_day_options(chosen)
    previous = options.previous if any(options.previous or ()) else None
    return DayOptions(options.pins, options.locked, previous=previous, quick=quick)
