"""Sewage plant status for the dashboard, as plain data (no Flask, no database).

Everything a leader reads on the dashboard is derived here from the stored plant properties and a
given "today": late flags, days left, load rate against target, who may edit a plant, and the
operating count over time. The rest of the facilities domain lives beside it and is re-exported
here, where ``services.facilities`` imports it: edit validation (``geo.facilities.edits``), the
plan's indicators (``geo.facilities.indicators``) and the spreadsheet bulk update
(``geo.facilities.bulk_import``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from geo.facilities.bulk_import import MAX_IMPORT_BYTES, BulkResult, BulkRow, RowError, parse_bulk
from geo.facilities.edits import (
    EDIT_FIELDS,
    Edit,
    apply_edit,
    not_a_status,
    parse_date,
    parse_load_rate,
    parse_note,
    parse_status,
    parse_version,
    validate_edit,
)
from geo.facilities.indicators import (
    INDICATOR_COLUMNS,
    Indicator,
    indicator_progress,
    live_value,
    read_indicators,
    with_live_values,
)
from geo.facilities.plants import is_late
from geo.layers.catalogue import PLANT_STATUSES

__all__ = [
    "EDIT_FIELDS",
    "INDICATOR_COLUMNS",
    "MAX_IMPORT_BYTES",
    "PLANT_STATUSES",
    "BulkResult",
    "BulkRow",
    "Edit",
    "Indicator",
    "RowError",
    "apply_edit",
    "days_left",
    "filter_plants",
    "indicator_progress",
    "live_value",
    "load_gap",
    "may_edit",
    "not_a_status",
    "operating_timeline",
    "parse_bulk",
    "parse_date",
    "parse_load_rate",
    "parse_note",
    "parse_status",
    "parse_version",
    "plant_state",
    "read_indicators",
    "summary",
    "validate_edit",
    "with_live_values",
]


# ---------------------------------------------------------------------------------------------
# Derived facts for the dashboard
# ---------------------------------------------------------------------------------------------
def days_left(properties: dict, today: date) -> int | None:
    """Days until the deadline (negative once passed); None without a deadline."""
    deadline = properties.get("deadline")
    if not deadline:
        return None
    return (date.fromisoformat(deadline[:10]) - today).days


def load_gap(properties: dict) -> float | None:
    """Load rate minus its target, in percentage points; None when either is unknown."""
    load, target = properties.get("load_rate"), properties.get("target_load_rate")
    if load is None or target is None:
        return None
    return round(load - target, 1)


def plant_state(properties: dict, today: date) -> dict[str, Any]:
    """The facts the dashboard, the map and the API add to a plant's stored properties."""
    gap = load_gap(properties)
    return {
        "late": is_late(properties, today),
        "days_left": days_left(properties, today),
        "load_gap": gap,
        "load_met": None if gap is None else gap >= 0,
    }


def filter_plants(
    features: Iterable[dict],
    today: date,
    township: str | None = None,
    status: str | None = None,
    late_only: bool = False,
) -> list[dict]:
    """Plants matching the dashboard filters (empty filter = no restriction)."""
    return [
        f
        for f in features
        if (not township or f["properties"].get("township_code") == township)
        and (not status or f["properties"].get("status") == status)
        and (not late_only or is_late(f["properties"], today))
    ]


def summary(plants: list[dict], today: date) -> dict[str, Any]:
    """Counts for the dashboard header: by status, late, and load rate against target."""
    props = [f["properties"] for f in plants]
    by_status = {s: sum(p["status"] == s for p in props) for s in PLANT_STATUSES}
    gaps = [load_gap(p) for p in props]
    known = [g for g in gaps if g is not None]
    return {
        "total": len(props),
        "by_status": by_status,
        "late": sum(is_late(p, today) for p in props),
        "load_reported": len(known),
        "load_met": sum(g >= 0 for g in known),
        "load_below": sum(g < 0 for g in known),
    }


def may_edit(role: str | None, unit: str | None, properties: dict) -> bool:
    """Admins edit every plant; an editor only the plants of its own responsible unit."""
    if role == "admin":
        return True
    return role == "editor" and bool(unit) and unit == properties.get("responsible_unit")


# ---------------------------------------------------------------------------------------------
# Plants operating over time, rebuilt from the current state and the change history
# ---------------------------------------------------------------------------------------------
def operating_timeline(
    plants: list[dict], changes: list[dict], today: date
) -> list[dict[str, Any]]:
    """Operating plants (all, and township plants) at the data's as-of date and after each
    status change, ending today. ``changes``: history rows with plant_id, field, old, new,
    effective (oldest first)."""
    props = {f["properties"]["id"]: f["properties"] for f in plants}
    status = {pid: p["status"] for pid, p in props.items()}
    as_of = {pid: p.get("updated_at") for pid, p in props.items()}
    for change in reversed(changes):  # undo the history to get the state as shipped
        if change["plant_id"] not in status:
            continue
        if change["field"] == "status":
            status[change["plant_id"]] = change["old"]
        elif change["field"] == "updated_at":
            as_of[change["plant_id"]] = change["old"]
    events = [c for c in changes if c["field"] == "status" and c["plant_id"] in status]
    start = max((d for d in as_of.values() if d), default=today.isoformat())
    if events:
        start = min(start, min(c["effective"] for c in events))
    points = [_count_point(start, status, props)]
    for change in sorted(events, key=lambda c: c["effective"]):
        status[change["plant_id"]] = change["new"]
        point = _count_point(change["effective"], status, props)
        if points[-1]["date"] == point["date"]:
            points[-1] = point
        else:
            points.append(point)
    if points[-1]["date"] < today.isoformat():
        points.append({**points[-1], "date": today.isoformat()})
    return points


def _count_point(day: str, status: dict[str, str], props: dict[str, dict]) -> dict[str, Any]:
    operating = [pid for pid, s in status.items() if s == "operating"]
    township = sum(props[pid].get("kind") == "township" for pid in operating)
    return {"date": day, "operating": len(operating), "township_operating": township}
