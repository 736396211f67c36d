"""Days decided in advance: each day's stops in order, timed by the rules of ``geo.tour.steps``.

The multi-day planner chooses which stops go on which day; this module says whether one day fits
its hours and times it, and renders a whole tour into the same ``Schedule`` records as
``geo.tour.schedule``. A day is described by a ``DaySpec``: where it leaves from and when, where
it must end, and its rules (so a shorter last day or another hotel is just another spec).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from geo.tour.records import Schedule
from geo.tour.schedule import render_logs
from geo.tour.steps import (
    DayLog,
    DayRule,
    LunchRule,
    Rules,
    Travel,
    Visit,
    fits,
    make_rules,
    new_day,
    plan_step,
)


@dataclass(frozen=True)
class DaySpec:
    """One working day: leave ``begin`` at ``leave`` (clock minutes), be at ``home`` by day end."""

    number: int
    date: date
    begin: str
    leave: float
    home: str
    rules: Rules


@dataclass(frozen=True)
class DayOverride:
    """A planner's change to one day: other hours, or another place for the night after it."""

    day: DayRule | None = None
    hotel: str | None = None


def time_day(stops: Sequence[Visit], spec: DaySpec, travel: Travel) -> DayLog | None:
    """The timed day, or None when a window is missed or the day runs past its end."""
    log = new_day(spec.number, spec.date, spec.leave, spec.begin, spec.rules)
    for stop in stops:
        step = fits(log.cursor, stop, spec.home, travel, spec.rules)
        if step is None:
            return None
        log.add(step)
    if log.cursor.place != spec.home:
        step = plan_step(log.cursor, spec.home, None, travel, spec.rules)
        if step is None or step.end > spec.rules.day_end:
            return None
        log.add(step)
    return log


def day_specs(
    count: int,
    start: str,
    end: str,
    base: str,
    depart: datetime,
    day: DayRule,
    lunch: LunchRule,
    overrides: Mapping[int, DayOverride] | None = None,
) -> list[DaySpec]:
    """The ``count`` days of a tour: day 1 leaves ``start`` at ``depart``, the last ends at ``end``,
    nights at ``base`` unless the day's override (by day number) names another hotel."""
    overrides = overrides or {}
    specs: list[DaySpec] = []
    place = start
    for number in range(1, count + 1):
        override = overrides.get(number, DayOverride())
        day_rules = make_rules(override.day or day, lunch)
        home = end if number == count else override.hotel or base
        leave = day_rules.day_start
        if number == 1:
            leave = max(leave, depart.hour * 60 + depart.minute)
        on = depart.date() + timedelta(days=number - 1)
        specs.append(DaySpec(number, on, place, leave, home, day_rules))
        place = home
    return specs


def render_days(
    days: Sequence[Sequence[Visit]],
    specs: Sequence[DaySpec],
    travel: Travel,
    tz: tzinfo | None = None,
) -> Schedule:
    """Time every day and render the tour; raises ``ValueError`` if a day does not fit (the
    planner only hands over days it checked)."""
    logs = []
    for stops, spec in zip(days, specs, strict=True):
        log = time_day(stops, spec, travel)
        if log is None:
            raise ValueError(f"day {spec.number} does not fit its hours")
        logs.append(log)
    return render_logs(logs, tz)
