"""The fields of a showcase plan and their shape rules: which fields a save may change, and
the type and range checks each must pass, with messages naming the field. Pure, so the plan
store and the plan pages (unsaved tour settings) apply the very same rules; rules that need
the layers or the whole plan (do the sites exist, quota when final) are checked by callers."""

from __future__ import annotations

import re
from typing import Any

from geo.errors import ValidationError
from geo.tour.pipeline import DEFAULT_LUNCH
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
    "quota_min",
    "quota_max",
)
LIST_FIELDS = ("sites", "locked")
# The tour settings: what the plan page may send unsaved to compute a tour (checked as a save).
SETTINGS = tuple(f for f in EDITABLE if f not in ("name", "sites", "locked", "status"))


def check_fields(changes: dict[str, Any]) -> dict[str, Any]:
    """Type and range checks of the editable fields; names the field at fault.

    Rules that need the layers (do the sites exist?) or the whole plan (quota when final) are
    checked by the caller, which knows them."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValidationError(f"unknown plan field(s): {', '.join(unknown)}")
    out = dict(changes)
    if "name" in out:
        out["name"] = plan_name(out["name"])
    if "lunch" in out:
        out["lunch"] = _lunch(out["lunch"])
    for field, value in out.items():
        _check_field(field, value)
    return out


def _check_field(field: str, value: Any) -> None:
    if field in LIST_FIELDS and not (
        isinstance(value, list) and all(isinstance(s, str) for s in value)
    ):
        raise ValidationError(f"{field} must be a list of stop ids")
    if field == "status" and value not in STATUSES:
        raise ValidationError(f"status must be one of {', '.join(STATUSES)}, got {value!r}")
    if field in ("day_start", "day_end") and not is_clock(value):
        raise ValidationError(f"{field} must be a time HH:MM, got {value!r}")
    if field == "depart" and not (isinstance(value, str) and _DEPART.fullmatch(value)):
        raise ValidationError(f"depart must be YYYY-MM-DDTHH:MM, got {value!r}")
    if field == "depart":
        real_date(value, field)
    if field == "max_days" and not is_whole(value, 1, 14):
        raise ValidationError(f"max_days must be a whole number from 1 to 14, got {value!r}")
    if field in ("start", "end"):
        _place(value, field, nullable=field == "end")


def plan_name(value: Any) -> str:
    if isinstance(value, str):
        value = clean_text(value, "name", name=True)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("name must not be empty")
    if len(value.strip()) > MAX_NAME:
        raise ValidationError(f"name must have at most {MAX_NAME} characters")
    return value.strip()


def _lunch(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) - {"from", "to", "minutes"}:
        raise ValidationError("lunch must be an object {from, to, minutes}")
    lunch = {**DEFAULT_LUNCH, **value}
    for key in ("from", "to"):
        if not is_clock(lunch[key]):
            raise ValidationError(f"lunch.{key} must be a time HH:MM, got {lunch[key]!r}")
    minutes = lunch["minutes"]
    if not is_whole(minutes, 0, 180):
        raise ValidationError(
            f"lunch.minutes must be a whole number from 0 to 180, got {minutes!r}"
        )
    if lunch["from"] > lunch["to"]:
        raise ValidationError("lunch.from must not be after lunch.to")
    return lunch


def _place(value: Any, field: str, nullable: bool) -> None:
    if value is None and nullable:
        return
    if isinstance(value, str) and value:
        return
    if is_lonlat(value):
        return
    raise ValidationError(f"{field} must be a place or stop id, or [longitude, latitude]")
