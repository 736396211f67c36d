"""Validation of plant status edits, shared by the form, the JSON API and the bulk import.

Whether an update is typed into a form, sent as JSON or read from a spreadsheet row, each value
goes through the same ``parse_*`` function, so one rule holds everywhere. ``apply_edit`` then
turns a validated ``Edit`` into new properties and the history lines it changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from geo.errors import Both, ValidationError
from geo.i18n import text
from geo.layers.catalogue import PLANT_STATUSES
from geo.value_checks import clean_text, is_digits

MAX_LOAD_RATE = 150.0
MAX_NOTE_CHARS = 500
EARLIEST_DATE = date(2000, 1, 1)
EDIT_FIELDS = ("status", "load_rate", "note", "date")
# Properties an edit may change, in the order the history lists them.
TRACKED = ("status", "load_rate", "progress_note", "updated_at")


def _status_aliases() -> dict[str, str]:
    aliases = {}
    for status in PLANT_STATUSES:
        for label in (status, text(status, "zh"), text(status, "en")):
            aliases[label.strip().lower()] = status
    return aliases


STATUS_ALIASES = _status_aliases()
_LABELS = {
    "status": "status",
    "load_rate": "load_rate",
    "note": "progress_note",
    "date": "fac_date",
}


def _invalid(field_name: str, code: str, **params: object) -> ValidationError:
    """A refused value, said with the field's label (the form's, the form file's column)."""
    return ValidationError(
        code=code, field=Both.label(_LABELS.get(field_name, field_name)), **params
    )


def _shown(value: Any) -> str:
    return str(value)[:40]


_LISTS = (("、", "zh"), (", ", "en"))  # how each language lists words


def parse_status(value: Any, field_name: str = "status") -> str:
    """A status code, also accepted as its Chinese or English label (spreadsheets use labels)."""
    if not isinstance(value, str) or value.strip().lower() not in STATUS_ALIASES:
        raise not_a_status(value, field_name)
    return STATUS_ALIASES[value.strip().lower()]


def not_a_status(value: Any, field_name: str = "status") -> ValidationError:
    """The refusal of a word that is no plant status, listing the statuses in each language."""
    choices = Both(*(sep.join(text(s, lang) for s in PLANT_STATUSES) for sep, lang in _LISTS))
    return _invalid(field_name, "err_fac_status", value=_shown(value), choices=choices)


def parse_load_rate(value: Any, field_name: str = "load_rate") -> float | None:
    """A load rate in percent, 0 to 150; '78%' is read as 78; None/'' clears it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise _invalid(field_name, "err_fac_percent", value=_shown(value))
    if isinstance(value, str):
        try:
            value = float(value.strip().rstrip("%").strip())
        except ValueError:
            raise _invalid(field_name, "err_fac_percent", value=_shown(value)) from None
    if not isinstance(value, int | float) or value != value:  # NaN is not equal to itself
        raise _invalid(field_name, "err_fac_percent", value=_shown(value))
    if not 0 <= value <= MAX_LOAD_RATE:
        raise _invalid(
            field_name, "err_fac_load_range", value=f"{value:g}", high=f"{MAX_LOAD_RATE:g}"
        )
    return round(float(value), 1)


def parse_date(value: Any, today: date, field_name: str = "date") -> str:
    """A real calendar date written YYYY-MM-DD, not before 2000 and not after today."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        day = value
    elif isinstance(value, str) and len(value.strip()) == 10:
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise _invalid(field_name, "err_fac_date", value=_shown(value)) from None
    else:
        raise _invalid(field_name, "err_fac_date", value=_shown(value))
    if day < EARLIEST_DATE or day > today:
        raise _invalid(
            field_name,
            "err_fac_date_range",
            value=day.isoformat(),
            low=EARLIEST_DATE.isoformat(),
            today=today.isoformat(),
        )
    return day.isoformat()


def parse_note(value: Any, field_name: str = "note") -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _invalid(field_name, "err_fac_note_text")
    value = clean_text(value, field_name).strip()
    if len(value) > MAX_NOTE_CHARS:
        raise _invalid(field_name, "err_fac_note_long", n=MAX_NOTE_CHARS)
    return value


@dataclass(frozen=True)
class Edit:
    """A validated status update: the changed values, the note and the date it takes effect."""

    changes: dict[str, Any]
    note: str = ""
    effective: str = ""
    version: int | None = None


def parse_version(value: Any) -> int:
    """A positive integer, or its ASCII digits (``int()`` alone would also read "١" as 1)."""
    if isinstance(value, str) and is_digits(value.strip()):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(code="err_fac_version")
    return value


def validate_edit(body: Any, today: date) -> Edit:
    """Check a JSON (or form) body ``{"version", "status", "load_rate", "note", "date"}``."""
    if not isinstance(body, dict):
        raise ValidationError(code="err_fac_body")
    unknown = sorted(set(body) - {"version", *EDIT_FIELDS})
    if unknown:
        allowed = ", ".join(("version", *EDIT_FIELDS))
        raise ValidationError(code="err_fac_unknown_field", field=unknown[0][:40], allowed=allowed)
    version = parse_version(body.get("version"))
    changes: dict[str, Any] = {}
    if body.get("status") not in (None, ""):
        changes["status"] = parse_status(body["status"])
    if "load_rate" in body:
        changes["load_rate"] = parse_load_rate(body["load_rate"])
    note = parse_note(body.get("note"))
    effective = (
        parse_date(body["date"], today) if body.get("date") not in (None, "") else today.isoformat()
    )
    if not changes and not note:
        raise ValidationError(code="err_fac_nothing")
    return Edit(changes, note, effective, version)


def check_date_order(properties: dict, effective: str) -> str:
    """Changes are entered in date order: a date before the plant's last update would make the
    stored state and the history's timeline disagree about what is current."""
    last = str(properties.get("updated_at") or "")[:10]
    if last and effective < last:
        raise _invalid("date", "err_fac_date_order", value=effective, last=last)
    return effective


def apply_edit(properties: dict, edit: Edit) -> tuple[dict, list[tuple[str, Any, Any]]]:
    """New properties after ``edit`` and the (property, old, new) triples that changed."""
    check_date_order(properties, edit.effective)
    new = dict(properties)
    new.update(edit.changes)
    if edit.note:
        new["progress_note"] = edit.note
    new["updated_at"] = edit.effective
    changed = [
        (k, properties.get(k), new.get(k)) for k in TRACKED if properties.get(k) != new.get(k)
    ]
    return new, changed
