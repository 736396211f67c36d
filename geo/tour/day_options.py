"""The planner's say over the days of a tour request: pins, locked days, balance, a warm start.

``POST /api/tour`` accepts, beside the stops and rules:

* ``pins``: ``{stop_id: day}``: the stop is visited on that day (1-based), in any order;
* ``locked_days``: ``{day: [stop_id, ...]}``: that day visits exactly these stops in this order
  ("keep my order");
* ``balance``: true to make the longest day as short as possible (same number of days);
* ``previous``: ``[[stop_id, ...], ...]``: the current days, the starting point of the new plan,
  so a small edit changes the tour by about what it costs;
* ``quick``: true for a shorter search, for ranking many candidate site sets (the proposal).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from geo.errors import ValidationError
from geo.tour.request_stops import stop_ids
from geo.tour.settings import MAX_DAYS, field_label, shown
from geo.value_checks import is_whole


@dataclass(frozen=True)
class DayOptions:
    """Validated day options of a tour request; empty means "plan the days freely"."""

    pins: Mapping[str, int] = field(default_factory=dict)
    locked: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    balance: bool = False
    previous: tuple[tuple[str, ...], ...] | None = None
    quick: bool = False

    def stops(self) -> set[str]:
        """The stops pinned or locked (each must be among the request's stops); ``previous`` may
        name stops since dropped."""
        return set(self.pins) | {s for day in self.locked.values() for s in day}


def parse_day_options(body: Mapping[str, Any]) -> DayOptions:
    """Check the day options of a request body; each message names the field at fault."""
    balance, quick = body.get("balance", False), body.get("quick", False)
    for name, value in (("balance", balance), ("quick", quick)):
        if not isinstance(value, bool):
            raise ValidationError(code="err_bool", field=field_label(name))
    return DayOptions(
        pins=_pins(body.get("pins")),
        locked=_locked(body.get("locked_days")),
        balance=balance,
        previous=_previous(body.get("previous")),
        quick=quick,
    )


def _day(value: Any, field_name: str) -> int:
    number = int(value) if isinstance(value, str) and value.isdigit() else value
    if not is_whole(number, *MAX_DAYS):
        raise ValidationError(
            code="err_day_number",
            field=field_label(field_name),
            value=shown(value),
            top=MAX_DAYS[1],
        )
    return number


def _pins(value: Any) -> dict[str, int]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValidationError(code="err_stop_map", field=field_label("pins"))
    return {stop: _day(day, "pins") for stop, day in value.items()}


def _locked(value: Any) -> dict[int, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValidationError(code="err_locked_shape", field=field_label("locked_days"))
    return {_day(d, "locked_days"): stop_ids(v, "locked_days") for d, v in value.items()}


def _previous(value: Any) -> tuple[tuple[str, ...], ...] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise ValidationError(code="err_previous_shape", field=field_label("previous"))
    return tuple(stop_ids(day, "previous") for day in value)
