"""The review visit of a plan: the days the panel spends in the county and who sits on it.

Pure rules for what a planner sends: two real dates (the first day not after the last, the
visit at most ``MAX_REVIEW_DAYS`` long) and the expert panel, each expert with a name, an
affiliation and a role. The expert list is personal data: only planners and admins read it, which
the web layer enforces; this module only shapes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from geo.clock import local_time
from geo.errors import Both, ValidationError
from geo.i18n import text
from geo.value_checks import clean_text, real_date

MAX_REVIEW_DAYS = 14
MAX_EXPERTS = 30
EXPERT_FIELDS = {"name": 80, "affiliation": 200, "role": 80}  # field -> most characters


@dataclass(frozen=True)
class Expert:
    """One member of the review panel (组长, 成员, 联络员 ...)."""

    name: str
    affiliation: str = ""
    role: str = ""


@dataclass(frozen=True)
class ReviewVisit:
    """The review dates (None until set) and the panel; ``version`` 0: never saved."""

    start: date | None = None
    end: date | None = None
    experts: tuple[Expert, ...] = ()
    version: int = 0
    updated_by: str | None = None

    @property
    def days(self) -> int:
        """How many days the visit lasts (0 before the dates are set)."""
        return (self.end - self.start).days + 1 if self.start and self.end else 0


@dataclass(frozen=True)
class DateChange:
    """One change of the review dates, and how many deadlines counted back from the first
    review day moved with it."""

    before: tuple[date | None, date | None]
    after: tuple[date | None, date | None]
    moved: int
    by: str
    at: datetime

    def said(self, lang: str, zone: str) -> str:
        """The change as a sentence, its moment in the county's time zone."""
        sentence = text(
            "review_change",
            lang,
            at=local_time(self.at, zone),
            user=self.by,
            old=_days(self.before, lang),
            new=_days(self.after, lang),
        )
        if self.moved:
            sentence += text("review_change_moved", lang, n=self.moved)
        return sentence


def _days(days: tuple[date | None, date | None], lang: str) -> str:
    start, end = days
    if start is None or end is None:
        return text("review_change_unset", lang)
    return start.isoformat() if start == end else f"{start.isoformat()} – {end.isoformat()}"


def check_review(body: Mapping[str, Any], current: ReviewVisit) -> ReviewVisit:
    """The visit after a planner's change: ``start``/``end`` (YYYY-MM-DD, or null to clear
    both) and ``experts`` (a list, absent: unchanged); every error names its field."""
    unknown = sorted(set(body) - {"start", "end", "experts", "version"})
    if unknown:
        raise ValidationError(code="err_review_unknown", fields=", ".join(unknown)[:80])
    start = _date(body["start"], "start") if "start" in body else current.start
    end = _date(body["end"], "end") if "end" in body else current.end
    if (start is None) != (end is None):
        raise ValidationError(code="err_review_both_days")
    if start and end and end < start:
        raise ValidationError(code="err_review_order", start=start, end=end)
    if start and end and (end - start).days + 1 > MAX_REVIEW_DAYS:
        raise ValidationError(code="err_review_long", n=MAX_REVIEW_DAYS)
    experts = _experts(body["experts"]) if "experts" in body else current.experts
    return ReviewVisit(start, end, experts, current.version, current.updated_by)


def _date(value: Any, field: str) -> date | None:
    if value is None or value == "":
        return None
    label = Both.label(f"review_{field}")
    if not isinstance(value, str) or len(value) != 10:
        raise ValidationError(code="err_real_date", field=label, value=str(value)[:40])
    return real_date(value, label)


def _experts(value: Any) -> tuple[Expert, ...]:
    if not isinstance(value, list) or len(value) > MAX_EXPERTS:
        raise ValidationError(code="err_review_experts", n=MAX_EXPERTS)
    return tuple(_expert(item, i + 1) for i, item in enumerate(value))


def _expert(item: Any, number: int) -> Expert:
    where = f"experts[{number}]"
    if not isinstance(item, dict) or set(item) - set(EXPERT_FIELDS):
        fields = ", ".join(EXPERT_FIELDS)
        raise ValidationError(code="err_review_expert_shape", n=number, fields=fields)
    values = {}
    for field, most in EXPERT_FIELDS.items():
        raw = item.get(field, "")
        if not isinstance(raw, str) or len(raw.strip()) > most:
            raise ValidationError(
                code="err_review_expert_text",
                n=number,
                field=Both.label(f"expert_{field}"),
                most=most,
            )
        values[field] = clean_text(raw.strip(), f"{where}.{field}", name=True)
    if not values["name"]:
        raise ValidationError(code="err_review_expert_name", n=number)
    return Expert(**values)


def review_version(value: Any) -> int:
    """The version the planner loaded: 0 for a visit never saved, else its positive version."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(code="err_review_version")
    return value
