"""The clock of one working day: rule records and the step that times one drive, lunch and visit.

``geo.tour.schedule`` (a given order, split greedily into days) and ``geo.tour.days`` (days decided
by the multi-day planner) both time their days with these steps, so every tour obeys one policy;
the policy itself is described in ``geo.tour.schedule``. Clock values are float minutes after
midnight of the day being planned.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time

from geo.errors import ValidationError
from geo.tour.settings import LUNCH_MINUTES, DayRule, LunchRule

Travel = Callable[[str, str], tuple[float, float]]
"""``travel(from_id, to_id) -> (minutes, km)`` over the road network."""


@dataclass(frozen=True)
class Visit:
    """A stop: minutes on site and an optional opening window (start >= open, end <= close)."""

    id: str
    minutes: int
    window: tuple[time, time] | None = None


@dataclass(frozen=True)
class Rules:
    """Day and lunch rules in minutes after midnight, so comparisons are plain floats."""

    day_start: float
    day_end: float
    earliest: float
    latest: float
    lunch_minutes: float


@dataclass(frozen=True)
class Break:
    start: float
    end: float
    at: str | None
    on_way_to: str | None


@dataclass(frozen=True)
class Step:
    """One activity: optional lunch, a leg, then (for a stop) wait and visit."""

    origin: str
    to: str
    lunch: Break | None
    depart: float
    arrive: float
    start: float
    end: float
    minutes: float
    km: float
    visit: Visit | None


@dataclass(frozen=True)
class Cursor:
    """Where and when the panel is, and whether today's lunch is still owed."""

    t: float
    place: str
    lunch_due: bool

    def after(self, step: Step) -> Cursor:
        return Cursor(step.end, step.to, self.lunch_due and step.lunch is None)


@dataclass
class DayLog:
    number: int
    date: date
    start: float
    cursor: Cursor
    steps: list[Step] = field(default_factory=list)

    def add(self, step: Step) -> None:
        self.steps.append(step)
        self.cursor = self.cursor.after(step)


def timing(t: float, minutes: float, visit: Visit | None) -> tuple[float, float, float] | None:
    """Arrival, visit start, visit end when leaving at ``t``; None if the window is missed."""
    arrive = t + minutes
    if visit is None:
        return arrive, arrive, arrive
    begin, close = arrive, math.inf
    if visit.window is not None:
        begin = max(arrive, clock(visit.window[0]))
        close = clock(visit.window[1])
    finish = begin + visit.minutes
    return (arrive, begin, finish) if finish <= close else None


def lunch_before(cur: Cursor, to: str, arrive: float, finish: float, rules: Rules) -> Break | None:
    """Where lunch goes before the next activity, if it is due (see the module policy)."""
    if not cur.lunch_due:
        return None
    if cur.t >= rules.earliest:
        return Break(cur.t, cur.t + rules.lunch_minutes, cur.place, None)
    if finish <= rules.latest:
        return None
    end = rules.earliest + rules.lunch_minutes
    if arrive > rules.earliest:  # lunchtime comes during the drive: a town on the way
        return Break(rules.earliest, end, None, to)
    return Break(rules.earliest, end, to, None)  # at the next stop, before its visit


def timing_with_lunch(
    cur: Cursor, minutes: float, visit: Visit | None, lunch: Break
) -> tuple[float, float, float] | None:
    """Arrival, visit start and end once lunch is placed: before leaving, on the road (the
    drive takes lunch longer), or on arrival (the visit starts after it)."""
    if lunch.at == cur.place:
        return timing(lunch.end, minutes, visit)
    if lunch.on_way_to is not None:
        return timing(cur.t, minutes + (lunch.end - lunch.start), visit)
    after = timing(lunch.end, 0.0, visit)
    return None if after is None else (cur.t + minutes, after[1], after[2])


def plan_step(
    cur: Cursor, to: str, visit: Visit | None, travel: Travel, rules: Rules
) -> Step | None:
    """The next activity from ``cur`` with lunch placed by policy; None if a window is missed."""
    minutes, km = (0.0, 0.0) if to == cur.place else travel(cur.place, to)
    times = timing(cur.t, minutes, visit)
    if times is None:
        return None
    lunch = lunch_before(cur, to, times[0], times[2], rules)
    if lunch is not None:
        times = timing_with_lunch(cur, minutes, visit, lunch)
        if times is None:
            return None
    depart = lunch.end if lunch is not None and lunch.at == cur.place else cur.t
    return Step(cur.place, to, lunch, depart, *times, minutes, km, visit)


def clock(t: time) -> float:
    """Minutes after midnight."""
    return t.hour * 60 + t.minute + t.second / 60 + t.microsecond / 60_000_000


def make_rules(day: DayRule, lunch: LunchRule) -> Rules:
    """Check a day and lunch rule and turn them into clock minutes."""
    # a DayRule always starts before it ends (geo.tour.settings)
    if lunch.earliest > lunch.latest:
        start, end = f"{lunch.earliest:%H:%M}", f"{lunch.latest:%H:%M}"
        raise ValidationError(code="err_lunch_order", start=start, end=end)
    if lunch.minutes < 0:
        raise ValidationError(
            code="err_lunch_minutes",
            low=LUNCH_MINUTES[0],
            high=LUNCH_MINUTES[1],
            value=lunch.minutes,
        )
    return Rules(
        clock(day.start),
        clock(day.end),
        clock(lunch.earliest),
        clock(lunch.latest),
        float(lunch.minutes),
    )


def new_day(number: int, day: date, t: float, place: str, rules: Rules) -> DayLog:
    """A day that begins at ``t`` at ``place``; lunch is owed when it begins by the latest start."""
    return DayLog(number, day, t, Cursor(t, place, t <= rules.latest))


def fits(cur: Cursor, stop: Visit, home: str, travel: Travel, rules: Rules) -> Step | None:
    """The step to ``stop`` if the panel can still get ``home`` by day end afterwards."""
    step = plan_step(cur, stop.id, stop, travel, rules)
    if step is None:
        return None
    back = plan_step(cur.after(step), home, None, travel, rules)
    return step if back is not None and back.end <= rules.day_end else None
