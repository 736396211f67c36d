"""The rules of an indicator archive edit: who answers for the indicator, how its figure comes
about (collected, processed, analysed: 弄清数据的来龙去脉), and a new value with the day it is
as of. Every error names its field, Chinese first."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from geo.errors import ValidationError
from geo.value_checks import clean_text, real_date

TEXT_FIELDS = {"unit": 100, "leader": 80, "person": 80, "method": 2000}
MAX_NOTE = 500


@dataclass(frozen=True)
class ArchiveEdit:
    """A checked edit: text fields to store, a new value (value, as of, note) or None."""

    version: int
    fields: dict[str, str]
    value: tuple[float, date, str] | None


def check_archive_edit(body: Mapping[str, Any], today: date) -> ArchiveEdit:
    """``{"version", "unit", "leader", "person", "method", "value", "as_of", "note"}``; only
    the fields sent change; ``as_of`` defaults to today and may not lie after it."""
    unknown = sorted(set(body) - {*TEXT_FIELDS, "value", "as_of", "note", "version"})
    if unknown:
        raise ValidationError(
            f"未知字段 {', '.join(unknown)} / unknown field(s) {', '.join(unknown)}"
        )
    version = body.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise ValidationError(
            "version: 须为您载入的版本号(未建档为 0) / required, the version you loaded "
            "(0 for an indicator not archived yet)"
        )
    fields = {}
    for field, most in TEXT_FIELDS.items():
        if field in body:
            raw = body[field]
            if not isinstance(raw, str) or len(raw.strip()) > most:
                raise ValidationError(
                    f"{field}: 须为不超过 {most} 字的文字 / must be text of at most {most} "
                    "characters"
                )
            fields[field] = clean_text(raw.strip(), field, name=field != "method")
    return ArchiveEdit(version, fields, _value(body, today))


def _value(body: Mapping[str, Any], today: date) -> tuple[float, date, str] | None:
    if "value" not in body or body["value"] is None:
        if "as_of" in body or "note" in body:
            raise ValidationError(
                "value: 填写日期或说明时须填写数值 / as_of and note go with a value"
            )
        return None
    value = body["value"]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError(f"value: {value!r} 不是数字 / is not a number")
    as_of = real_date(body["as_of"], "as_of") if body.get("as_of") else today
    if as_of > today:
        raise ValidationError(
            f"as_of: {as_of} 晚于今天 {today} / a value cannot be as of a day after today"
        )
    note = body.get("note", "")
    if not isinstance(note, str) or len(note) > MAX_NOTE:
        raise ValidationError(
            f"note: 须为不超过 {MAX_NOTE} 字的文字 / must be text of at most {MAX_NOTE} characters"
        )
    return float(value), as_of, clean_text(note.strip(), "note")
