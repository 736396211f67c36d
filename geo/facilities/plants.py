"""Sewage plant facts derived from their stored properties (the single source of status)."""

from __future__ import annotations

from datetime import date


def is_late(properties: dict, today: date) -> bool:
    """A plant is late when its deadline has passed and it is not yet operating."""
    deadline = properties.get("deadline")
    if not deadline or properties.get("status") == "operating":
        return False
    return date.fromisoformat(deadline[:10]) < today
