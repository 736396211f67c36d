"""An independent check of a timed tour against the day rules: the referee for every planner.

It reads only the output records (``Schedule``), not the planner's state, so it also judges tours
that came from elsewhere (an external engine, a hand edit). Times in the records are whole
minutes, so comparisons allow one minute of rounding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, time, timedelta

from geo.tour.records import DaySummary, Schedule
from geo.tour.settings import DayRule, LunchRule
from geo.tour.steps import Visit

_SLACK = timedelta(minutes=1)


def rule_breaks(
    schedule: Schedule,
    visits: Mapping[str, Visit],
    day_rules: Sequence[DayRule],
    lunch: LunchRule,
) -> list[str]:
    """Every broken rule, in words; empty when the tour keeps them all. ``day_rules`` has one
    rule per day (overrides included)."""
    broken: list[str] = []
    for summary, rule in zip(schedule.days, day_rules, strict=False):
        broken += _day_hours(summary, rule) + _lunch(schedule, summary, lunch)
    broken += _windows(schedule, visits) + _legs(schedule)
    seen = [s.id for s in schedule.stops]
    if sorted(seen) != sorted(visits):
        broken.append(f"stops visited {sorted(seen)} differ from the stops asked {sorted(visits)}")
    return broken


def _at(day: DaySummary, t: time) -> datetime:
    return datetime.combine(day.date, t, day.start.tzinfo)


def _day_hours(day: DaySummary, rule: DayRule) -> list[str]:
    out = []
    if day.start < _at(day, rule.start) - _SLACK:
        out.append(f"day {day.day} starts {day.start:%H:%M}, before {rule.start:%H:%M}")
    if day.end > _at(day, rule.end) + _SLACK:
        out.append(f"day {day.day} ends {day.end:%H:%M}, after {rule.end:%H:%M}")
    return out


def _lunch(schedule: Schedule, day: DaySummary, rule: LunchRule) -> list[str]:
    latest = _at(day, rule.latest)
    if day.lunch is None:
        owed = day.start <= latest and day.end > latest + _SLACK
        return [f"day {day.day} has no lunch"] if owed else []
    out = []
    if not _at(day, rule.earliest) - _SLACK <= day.lunch.start <= latest + _SLACK:
        out.append(f"day {day.day}: lunch at {day.lunch.start:%H:%M} is outside its window")
    if day.lunch.end - day.lunch.start < timedelta(minutes=rule.minutes) - _SLACK:
        out.append(f"day {day.day}: lunch is shorter than {rule.minutes} minutes")
    for stop in schedule.stops:
        cut = stop.start + _SLACK < day.lunch.end and day.lunch.start + _SLACK < stop.departure
        if stop.day == day.day and cut:
            out.append(f"day {day.day}: lunch cuts the visit of {stop.id}")
    return out


def _windows(schedule: Schedule, visits: Mapping[str, Visit]) -> list[str]:
    out = []
    for stop in schedule.stops:
        visit = visits[stop.id]
        if stop.departure - stop.start < timedelta(minutes=visit.minutes) - _SLACK:
            out.append(f"{stop.id}: visit shorter than {visit.minutes} minutes")
        if visit.window is None:
            continue
        opens = datetime.combine(stop.start.date(), visit.window[0], stop.start.tzinfo)
        closes = datetime.combine(stop.start.date(), visit.window[1], stop.start.tzinfo)
        if stop.start < opens - _SLACK or stop.departure > closes + _SLACK:
            out.append(f"{stop.id}: visit {stop.start:%H:%M}-{stop.departure:%H:%M} outside window")
    return out


def _legs(schedule: Schedule) -> list[str]:
    """Each leg arrives its driving minutes after it departs (plus lunch taken on the road), and
    each stop's arrival is the arrival of the leg that brings the panel there."""
    out = []
    lunches = {d.day: d.lunch for d in schedule.days}
    arrivals = {s.id: s.arrival for s in schedule.stops}
    for leg in schedule.legs:
        lunch = lunches.get(leg.day)
        on_road = lunch is not None and lunch.on_way_to == leg.to_id
        extra = lunch.end - lunch.start if on_road else timedelta(0)
        if abs(leg.arrive - (leg.depart + timedelta(minutes=leg.minutes) + extra)) > _SLACK:
            out.append(f"leg {leg.from_id} -> {leg.to_id}: arrival is not departure + driving")
        if leg.to_id in arrivals and abs(arrivals[leg.to_id] - leg.arrive) > _SLACK:
            out.append(f"{leg.to_id}: arrival differs from its leg's arrival")
    return out
