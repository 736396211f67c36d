"""What an edit of a plan's tour did: the new tour against the days as the page last showed them
(``day_edits.previous``), re-timed in that very order, so the sentence ("+12 min driving, day 2
now ends 16:40") is computed here from two schedules and not from figures the browser sends."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from geo.errors import JiangleError
from geo.tour.change import TourChange, describe
from geo.tour.records import Tour
from services import tours


def what_changed(
    state: Mapping[str, Any], tour: Tour, lang: str, closed: Iterable[str] = ()
) -> TourChange | None:
    """The change from the days last shown to ``tour``; None without them, or when they no
    longer make a tour (a setting changed so that they do not fit)."""
    edits = state.get("day_edits") or {}
    known = tours.sites("stops", lang)
    ends = {state.get("start"), state.get("end")}
    days = [
        kept
        for day in edits.get("previous") or ()
        if (kept := [s for s in day if s in known and s not in ends])
    ]
    if not days:
        return None
    shown = {
        "pins": {},
        "previous": days,
        "locked_days": {str(n): d for n, d in enumerate(days, 1)},
    }
    try:
        old = tours.plan_tour(
            {**state, "day_edits": shown}, [s for d in days for s in d], lang, closed
        )
    except JiangleError:
        return None
    return describe(old.schedule, tour.schedule, lang)
