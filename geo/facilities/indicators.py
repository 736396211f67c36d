"""The plan's indicators: the indicators file, live values from the layers, progress to target.

Each indicator row names a target, a comparison and a current value; a ``computed`` indicator
takes its current value from the stored layers (``live_value``) instead of the file, so the
dashboard never shows a stale count.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from geo.errors import ValidationError

INDICATOR_COLUMNS = (
    "id",
    "name_zh",
    "name_en",
    "unit",
    "comparison",
    "target",
    "current",
    "as_of",
    "deadline",
    "responsible_unit",
    "source",
    "sample",
    "computed",
)
COMPARISONS = (">=", ">", "<=", "=")
COMPUTED = ("eco_townships", "urban_load_rate", "township_plants_operating")


@dataclass(frozen=True)
class Indicator:
    """One target of the plan; ``computed`` names a live source that replaces ``current``."""

    id: str
    name_zh: str
    name_en: str
    unit: str
    comparison: str
    target: float
    current: float | None
    as_of: str
    deadline: str
    responsible_unit: str
    source: str
    sample: bool
    computed: str = ""
    detail: str = field(default="", compare=False)


def read_indicators(content: str, file_name: str = "indicators.csv") -> list[Indicator]:
    """Parse the indicators file; a bad line raises ValidationError naming line and column."""
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    missing = [c for c in INDICATOR_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(f"{file_name}: missing column(s) {', '.join(missing)}")
    return [_indicator(row, file_name, line) for line, row in enumerate(reader, start=2)]


def _indicator(row: dict[str, str], file_name: str, line: int) -> Indicator:
    def fail(column: str, message: str) -> ValidationError:
        return ValidationError(f"{file_name} line {line}, column {column}: {message}")

    if row["comparison"] not in COMPARISONS:
        raise fail("comparison", f"use one of {' '.join(COMPARISONS)}")
    if row["computed"] and row["computed"] not in COMPUTED:
        raise fail("computed", f"use one of {', '.join(COMPUTED)} or leave empty")
    numbers = {}
    for column in ("target", "current"):
        try:
            numbers[column] = float(row[column]) if row[column].strip() else None
        except ValueError:
            raise fail(column, f"{row[column]!r} is not a number") from None
    if numbers["target"] is None:
        raise fail("target", "required")
    if numbers["current"] is None and not row["computed"]:
        raise fail("current", "required unless the value is computed")
    for column in ("as_of", "deadline"):
        if row[column]:
            try:
                date.fromisoformat(row[column])
            except ValueError:
                raise fail(column, f"{row[column]!r} is not a date YYYY-MM-DD") from None
    return Indicator(
        id=row["id"],
        name_zh=row["name_zh"],
        name_en=row["name_en"],
        unit=row["unit"],
        comparison=row["comparison"],
        target=numbers["target"],
        current=numbers["current"],
        as_of=row["as_of"],
        deadline=row["deadline"],
        responsible_unit=row["responsible_unit"],
        source=row["source"],
        sample=row["sample"].strip().lower() in ("yes", "true", "1", "是"),
        computed=row["computed"],
    )


def live_value(
    key: str, plants: list[dict], townships: list[dict], today: date
) -> tuple[float | None, str, str]:
    """(value, as-of date, detail) of a computed indicator from the stored layers."""
    plant_props = [f["properties"] for f in plants]
    plants_as_of = max((p.get("updated_at") or "" for p in plant_props), default="")
    if key == "eco_townships":
        accepted = sum(f["properties"].get("eco_status") == "accepted" for f in townships)
        total = len(townships)
        value = round(100.0 * accepted / total, 1) if total else None
        return value, today.isoformat(), f"{accepted}/{total}"
    if key == "urban_load_rate":
        urban = [p for p in plant_props if p.get("kind") == "urban"]
        value = urban[0].get("load_rate") if urban else None
        return value, (urban[0].get("updated_at") if urban else ""), ""
    if key == "township_plants_operating":
        township = [p for p in plant_props if p.get("kind") == "township"]
        running = sum(p["status"] == "operating" for p in township)
        return float(running), plants_as_of, f"{running}/{len(township)}"
    raise ValidationError(f"computed: unknown source {key!r}")


def with_live_values(
    indicators: list[Indicator], plants: list[dict], townships: list[dict], today: date
) -> list[Indicator]:
    """Indicators whose current value is computed get it from the layers, not the file."""
    result = []
    for ind in indicators:
        if ind.computed:
            value, as_of, detail = live_value(ind.computed, plants, townships, today)
            ind = Indicator(**{**ind.__dict__, "current": value, "as_of": as_of, "detail": detail})
        result.append(ind)
    return result


def indicator_progress(ind: Indicator, today: date) -> dict[str, Any]:
    """How far an indicator is toward its target: share (0-1), met, and late after its deadline."""
    current, target = ind.current, ind.target
    if current is None:
        share, met = 0.0, False
    elif ind.comparison == "<=":
        share = 1.0 if current <= target else (target / current if current else 0.0)
        met = current <= target
    else:
        share = min(current / target, 1.0) if target else 1.0
        met = current > target if ind.comparison == ">" else current >= target
    overdue = bool(ind.deadline) and date.fromisoformat(ind.deadline) < today
    return {
        "share": round(max(share, 0.0), 3),
        "percent": round(100 * max(share, 0.0)),
        "met": met,
        "late": overdue and not met,
        "days_left": (date.fromisoformat(ind.deadline) - today).days if ind.deadline else None,
    }
