"""County settings that only an admin changes and every plan reads: the quota bounds (sites per
township). Read with the built-in default until an admin saves them; each save is versioned and
leaves a history row (who, when, from what to what)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from geo.plans.quota import QuotaBounds, check_bounds
from geo.plans.review import review_version
from store import settings as store

QUOTA = "quota"


@dataclass(frozen=True)
class CountyQuota:
    """The bounds in force and the version an admin's change must name (0: the default)."""

    bounds: QuotaBounds
    version: int = 0
    updated_by: str | None = None


@dataclass(frozen=True)
class QuotaChange:
    """One change of the bounds; ``before`` None: from the built-in default."""

    before: QuotaBounds
    after: QuotaBounds
    by: str
    at: datetime


def county_quota() -> CountyQuota:
    row = store.get_setting(QUOTA)
    if row is None:
        return CountyQuota(QuotaBounds())
    return CountyQuota(_bounds(row.value), row.version, row.updated_by)


def quota_bounds() -> QuotaBounds:
    """The sites per township every plan is judged by."""
    return county_quota().bounds


def save_quota(body: Mapping[str, Any], user: str) -> CountyQuota:
    """An admin's new bounds (``quota_min``, ``quota_max``, ``version``): stale 409, bad 422,
    each refusal changing nothing."""
    version = review_version(body.get("version"))
    current = county_quota()
    if version != current.version:
        raise store.stale_setting(QUOTA)
    bounds = check_bounds(body)
    store.save_setting(QUOTA, version, {"low": bounds.low, "high": bounds.high}, user)
    return county_quota()


def quota_history() -> list[QuotaChange]:
    """Every change of the bounds, newest first."""
    return [
        QuotaChange(
            _bounds(row.before) if row.before else QuotaBounds(),
            _bounds(row.after),
            row.changed_by,
            row.changed_at,
        )
        for row in store.setting_history(QUOTA)
    ]


def _bounds(value: Mapping[str, int]) -> QuotaBounds:
    return QuotaBounds(int(value["low"]), int(value["high"]))
