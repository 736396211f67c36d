"""The fields of a showcase plan and their shape rules: which fields a save may change, and
the type and range checks each must pass, with messages naming the field; and a plan's tour
settings as a ``TourSettings``. Pure, so a save and the plan page's unsaved tour settings apply
the very same rules (``services.plans``), with the bounds of ``geo.tour.settings``; rules that
need the layers or the whole plan (do the sites exist, quota when final) are checked there."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from geo.errors import Both, ValidationError
from geo.plans import day_edits
from geo.tour.settings import (
    DEFAULT_LUNCH,
    DEPART_FORMAT,
    LUNCH_MINUTES,
    MAX_DAYS,
    DayRule,
    LunchRule,
    TourSettings,
    clock,
    field_label,
    not_a_time,
    shown,
)
from geo.value_checks import clean_text, is_clock, is_lonlat, is_whole, real_date

STATUSES = ("draft", "final")
MAX_NAME = 200
_DEPART = re.compile(r"\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d")
# Fields a save may change, in the order the history shows them.
EDITABLE = (
    "name",
    "sites",
    "locked",
    "status",
    "start",
    "end",
    "depart",
    "day_start",
    "day_end",
    "lunch",
    "max_days",
    "day_edits",
    "routes",  # the named routes over part of the sites (``geo.plans.named_routes``)
)
# The quota is the county's (an admin's setting), never a plan's: a save sending it is refused.
COUNTY_FIELDS = ("quota_min", "quota_max")
LIST_LABELS = {"sites": "tour_stops", "locked": "field_locked"}
LIST_FIELDS = tuple(LIST_LABELS)
# The tour settings: what the plan page may send unsaved to compute a tour (checked as a save).
SETTINGS = tuple(f for f in EDITABLE if f not in ("name", "sites", "locked", "status"))


def check_fields(changes: dict[str, Any]) -> dict[str, Any]:
    """Type and range checks of the editable fields; names the field at fault.

    Rules that need the layers (do the sites exist?) or the whole plan (quota when final) are
    checked by the caller, which knows them."""
    county = [field for field in COUNTY_FIELDS if field in changes]
    if county:
        raise ValidationError(code="err_quota_county", fields=", ".join(county))
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValidationError(code="err_plan_fields", fields=", ".join(unknown))
    out = dict(changes)
    if "name" in out:
        out["name"] = plan_name(out["name"])
    if "lunch" in out:
        out["lunch"] = _lunch(out["lunch"])
    if "day_edits" in out:
        out["day_edits"] = day_edits.check(out["day_edits"])
    for field, value in out.items():
        _check_field(field, value)
    return out


def _check_field(field: str, value: Any) -> None:
    if field in LIST_FIELDS and not (
        isinstance(value, list) and all(isinstance(s, str) for s in value)
    ):
        raise ValidationError(code="err_stop_list", field=Both.label(LIST_LABELS[field]))
    if field == "status" and value not in STATUSES:
        raise ValidationError(code="err_plan_status", value=shown(value))
    if field in ("day_start", "day_end") and not is_clock(value):
        raise not_a_time(field, value)
    if field == "depart" and not (isinstance(value, str) and _DEPART.fullmatch(value)):
        raise ValidationError(code="err_depart", field=field_label(field), value=shown(value))
    if field == "depart":
        real_date(value, field_label(field))
    if field == "max_days" and not is_whole(value, *MAX_DAYS):
        low, high = MAX_DAYS
        raise ValidationError(code="err_max_days", low=low, high=high, value=repr(value))
    if field in ("start", "end"):
        _place(value, field, nullable=field == "end")


def plan_name(value: Any) -> str:
    if isinstance(value, str):
        value = clean_text(value, Both.label("plan_name"), name=True)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(code="err_name_empty")
    if len(value.strip()) > MAX_NAME:
        raise ValidationError(code="err_name_long", n=MAX_NAME)
    return value.strip()


def _lunch(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) - {"from", "to", "minutes"}:
        raise ValidationError(code="err_lunch_shape")
    lunch = {**DEFAULT_LUNCH, **value}
    for key in ("from", "to"):
        if not is_clock(lunch[key]):
            raise not_a_time(f"lunch.{key}", lunch[key])
    minutes = lunch["minutes"]
    if not is_whole(minutes, *LUNCH_MINUTES):
        low, high = LUNCH_MINUTES
        raise ValidationError(code="err_lunch_minutes", low=low, high=high, value=repr(minutes))
    if lunch["from"] > lunch["to"]:
        raise ValidationError(code="err_lunch_order", start=lunch["from"], end=lunch["to"])
    return lunch


def _place(value: Any, field: str, nullable: bool) -> None:
    if value is None and nullable:
        return
    if isinstance(value, str) and value:
        return
    if is_lonlat(value):
        return
    raise ValidationError(code="err_place_shape", field=field_label(field))


def tour_settings(state: Mapping[str, Any]) -> TourSettings:
    """The tour settings of a plan state whose fields passed ``check_fields`` (saved, or with
    unsaved settings applied); a working day that does not start before it ends is refused."""
    start, end = state["start"], state["end"]
    lunch = state["lunch"]
    return TourSettings(
        start=tuple(start) if isinstance(start, list) else start,
        end=tuple(end) if isinstance(end, list) else end,
        depart=datetime.strptime(state["depart"], DEPART_FORMAT),
        day=DayRule(clock(state["day_start"]), clock(state["day_end"])),
        lunch=LunchRule(clock(lunch["from"]), clock(lunch["to"]), lunch["minutes"]),
        max_days=state["max_days"],
    )
