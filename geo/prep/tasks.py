"""Preparation tasks per site (布置、讲解、展板、保洁、演练) and their deadlines on the backward
timetable (倒排工作时间表).

A deadline is a day (``deadline``) or a number of days before the first review day
(``days_before``): moving the review date moves every relative deadline, because the day is
worked out here at each read and never stored. Whether a task is done, due or late is derived
from its status, that day and the county's "today".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from geo.errors import ValidationError
from geo.value_checks import clean_text, is_whole, real_date

PREP_KINDS = ("layout", "explanation", "boards", "cleanup", "rehearsal")
# The standard set for a site: kind -> days before the review (the usual backward timetable).
STANDARD_DAYS_BEFORE = {"boards": 10, "layout": 7, "explanation": 5, "rehearsal": 3, "cleanup": 1}
MAX_DAYS_BEFORE = 365
DUE_DAYS = 7  # a task is "due" from this many days before its deadline
TEXT_FIELDS = {"unit": 100, "person": 80, "note": 500}
PROGRESS = ("done", "late", "due", "todo", "undated")
TASK_FIELDS = ("stop_id", "kind", "deadline", "days_before", *TEXT_FIELDS)


@dataclass(frozen=True)
class Deadline:
    """A fixed day, or a number of days before the review (exactly one of the two)."""

    day: date | None = None
    days_before: int | None = None

    def on(self, review_start: date | None) -> date | None:
        """The deadline's day; a relative one needs the review date (None until it is set)."""
        if self.day is not None:
            return self.day
        if self.days_before is None or review_start is None:
            return None
        return review_start - timedelta(days=self.days_before)


def progress(status: str, deadline: date | None, today: date) -> str:
    """done (status done), late (deadline passed), due (within DUE_DAYS), todo (later) or
    undated (a relative deadline before the review date is set)."""
    if status == "done":
        return "done"
    if deadline is None:
        return "undated"
    if deadline < today:
        return "late"
    return "due" if (deadline - today).days <= DUE_DAYS else "todo"


def tally(states: list[str]) -> dict[str, int]:
    """How many tasks are in each progress state, with the total."""
    counts = {state: states.count(state) for state in PROGRESS}
    return {**counts, "total": len(states)}


def check_task(body: Mapping[str, Any], *, partial: bool) -> dict[str, Any]:
    """The checked fields of a task to create (``partial`` False: stop, kind and a deadline
    required) or to change; each error names its field, in Chinese then English."""
    unknown = sorted(set(body) - {*TASK_FIELDS, "version"})
    if unknown:
        raise ValidationError(
            f"未知字段 {', '.join(unknown)} / unknown field(s) {', '.join(unknown)}"
        )
    out: dict[str, Any] = {}
    if "stop_id" in body or not partial:
        out["stop_id"] = _stop_id(body.get("stop_id"))
    if "kind" in body or not partial:
        out["kind"] = _kind(body.get("kind"))
    for field, most in TEXT_FIELDS.items():
        if field in body:
            out[field] = _text(body[field], field, most)
    if "deadline" in body or "days_before" in body or not partial:
        out.update(_deadline(body))
    return out


def _stop_id(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("stop_id: 请选择考察点 / choose the stop the task is for")
    return value.strip()


def _kind(value: Any) -> str:
    if value not in PREP_KINDS:
        kinds = ", ".join(PREP_KINDS)
        raise ValidationError(f"kind: 须为 {kinds} 之一 / kind must be one of {kinds}")
    return value


def _text(value: Any, field: str, most: int) -> str:
    if not isinstance(value, str) or len(value.strip()) > most:
        raise ValidationError(
            f"{field}: 须为不超过 {most} 字的文字 / must be text of at most {most} characters"
        )
    return clean_text(value.strip(), field, name=field != "note")


def _deadline(body: Mapping[str, Any]) -> dict[str, Any]:
    day, before = body.get("deadline"), body.get("days_before")
    if (day in (None, "")) == (before is None):
        raise ValidationError(
            "deadline/days_before: 须填写截止日期或“评审前N天”之一 / "
            "give either a deadline (YYYY-MM-DD) or days_before (days before the review)"
        )
    if before is not None:
        if not is_whole(before, 0, MAX_DAYS_BEFORE):
            raise ValidationError(
                f"days_before: 须为 0 到 {MAX_DAYS_BEFORE} 的整数 / "
                f"must be a whole number from 0 to {MAX_DAYS_BEFORE}"
            )
        return {"deadline": None, "days_before": before}
    if not isinstance(day, str) or len(day) != 10:
        raise ValidationError(
            f"deadline: {day!r} 不是有效日期(YYYY-MM-DD) / is not a real date (YYYY-MM-DD)"
        )
    return {"deadline": real_date(day, "deadline"), "days_before": None}
