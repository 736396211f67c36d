"""Itinerary for a visiting order that is already decided: arrival times, lunch, multi-day split.

The order comes from ``geo.tour.solver`` and travel times come through a callable, so this module
stays pure: no road graph, no database, no Flask. Clock arithmetic uses float minutes after midnight
of the day being planned; only the output is rounded, to whole minutes, so times never go backwards.
The output records (``Schedule`` and its parts) live in ``geo.tour.records``, the clock of one
step (drive, lunch, visit) in ``geo.tour.steps``, the day and lunch rules (``DayRule``,
``LunchRule``) with the other tour settings in ``geo.tour.settings``.

Policy
------
* Day 1 starts at ``depart`` (or at ``day.start`` if earlier); later days start at ``day.start``
  at the overnight base, on the following dates.
* A stop is added to the current day only if the panel can reach it, wait for its window, visit it
  whole, take lunch if due, and still get back to the base (to ``end`` after the last stop) by
  ``day.end``. Otherwise the panel returns to the base and the same stop opens the next day.
* Lunch is one break a day, never inside a visit, placed before an activity (leg + wait + visit,
  or a return leg): at the current place as soon as the clock is at or past ``earliest``. When the
  clock is still before ``earliest`` but the coming activity would end after ``latest``, the panel
  leaves at once and lunch starts at ``earliest``: "on the road" (a town on the way; the drive
  takes lunch longer, the detour itself is not counted) when lunchtime comes during the drive,
  else at the next stop on arrival, before its visit. Nobody sits idle at the previous stop.
  So lunch always starts in [earliest, latest], and a day that starts by ``latest`` and ends after
  it always has lunch. A day that starts after ``latest`` has none.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from geo.errors import ScheduleError, ValidationError
from geo.tour.records import DaySummary, Leg, Lunch, Schedule, StopTime
from geo.tour.settings import DayRule, LunchRule
from geo.tour.steps import (
    Cursor,
    DayLog,
    Rules,
    Travel,
    Visit,
    clock,
    fits,
    make_rules,
    new_day,
    plan_step,
)


@dataclass(frozen=True)
class _Ctx:
    visits: Mapping[str, Visit]
    travel: Travel
    rules: Rules
    base: str
    final: str


# ---------------------------------------------------------------- public entry point


def build_schedule(
    order: Sequence[str],
    visits: Mapping[str, Visit],
    travel: Travel,
    start: str,
    end: str | None,
    depart: datetime,
    day: DayRule = DayRule(),  # noqa: B008 - frozen dataclass, safe as a default
    lunch: LunchRule = LunchRule(),  # noqa: B008
    overnight_base: str | None = None,
) -> Schedule:
    """Time the tour ``start -> order... -> end`` (``end=None``: back to ``start``).

    Raises ``ValidationError`` for bad input (unknown or repeated stop, bad rule, departure after
    the working day) and ``ScheduleError`` naming the stops that fit no day. It takes as many
    days as the order needs (``geo.tour.pipeline`` holds them to the most allowed). Nights are
    spent at ``overnight_base`` (default: ``end``, else ``start``).
    """
    rules = make_rules(day, lunch)
    _validate(order, visits)
    first_t = clock(depart.time())
    if first_t > rules.day_end:
        raise ValidationError(
            code="err_depart_after_day", depart=f"{depart:%H:%M}", end=f"{day.end:%H:%M}"
        )
    final = end if end is not None else start
    ctx = _Ctx(visits, _checked(travel), rules, overnight_base or final, final)
    if not order and start == final:
        return Schedule((), (), (), 0.0, 0, 0)
    logs = _plan_days(order, ctx, start, depart.date(), max(first_t, rules.day_start))
    return render_logs(logs, depart.tzinfo)


# ---------------------------------------------------------------- validation


def _validate(order: Sequence[str], visits: Mapping[str, Visit]) -> None:
    unknown = [s for s in order if s not in visits]
    if unknown:
        raise ValidationError(f"order names stops without a visit: {', '.join(unknown)}")
    repeated = sorted({s for s in order if order.count(s) > 1})
    if repeated:
        raise ValidationError(f"order visits stops more than once: {', '.join(repeated)}")
    for stop in order:
        _validate_visit(stop, visits[stop])


def _validate_visit(stop: str, visit: Visit) -> None:
    if visit.minutes < 0:
        raise ValidationError(f"stop {stop}: visit minutes must be >= 0, got {visit.minutes}")
    if visit.window is not None and visit.window[0] >= visit.window[1]:
        raise ValidationError(f"stop {stop}: window opens at or after it closes {visit.window}")


def _checked(travel: Travel) -> Travel:
    """Cache travel look-ups (planning asks the same pair often) and reject nonsense values."""
    cache: dict[tuple[str, str], tuple[float, float]] = {}

    def lookup(a: str, b: str) -> tuple[float, float]:
        if (a, b) not in cache:
            minutes, km = travel(a, b)
            if not all(math.isfinite(v) and v >= 0 for v in (minutes, km)):
                raise ValidationError(
                    f"travel({a!r}, {b!r}) gave ({minutes}, {km}); need finite values >= 0"
                )
            cache[(a, b)] = (float(minutes), float(km))
        return cache[(a, b)]

    return lookup


# ---------------------------------------------------------------- planning
def _go_to(log: DayLog, dest: str, ctx: _Ctx) -> None:
    """Drive to ``dest`` (base or end); already checked to fit, except day 1's transfer."""
    if log.cursor.place != dest:
        step = plan_step(log.cursor, dest, None, ctx.travel, ctx.rules)
        assert step is not None  # a leg without a visit has no window to miss
        log.add(step)


def _plan_days(
    order: Sequence[str], ctx: _Ctx, start: str, first_date: date, first_t: float
) -> list[DayLog]:
    """Greedy split: fill each day in order, go back to base when the next stop won't fit."""
    logs = [new_day(1, first_date, first_t, start, ctx.rules)]
    i = 0
    while i < len(order):
        log = logs[-1]
        home = ctx.final if i == len(order) - 1 else ctx.base
        step = fits(log.cursor, ctx.visits[order[i]], home, ctx.travel, ctx.rules)
        if step is not None:
            log.add(step)
            i += 1
            continue
        if not log.steps and log.cursor.place == ctx.base and log.start <= ctx.rules.day_start:
            raise _impossible(order, i, ctx)  # a fresh day can't take it: no later day will
        _go_to(log, ctx.base, ctx)
        nxt = log.date + timedelta(days=1)
        logs.append(new_day(log.number + 1, nxt, ctx.rules.day_start, ctx.base, ctx.rules))
    _go_to(logs[-1], ctx.final, ctx)
    return logs


def _fits_empty_day(order: Sequence[str], k: int, ctx: _Ctx) -> bool:
    fresh = Cursor(ctx.rules.day_start, ctx.base, ctx.rules.day_start <= ctx.rules.latest)
    home = ctx.final if k == len(order) - 1 else ctx.base
    return fits(fresh, ctx.visits[order[k]], home, ctx.travel, ctx.rules) is not None


def _impossible(order: Sequence[str], i: int, ctx: _Ctx) -> ScheduleError:
    """Name every remaining stop that no working day can hold, so the user fixes all at once."""
    bad = [order[k] for k in range(i, len(order)) if not _fits_empty_day(order, k, ctx)]
    return ScheduleError(
        f"stops {', '.join(bad)} do not fit into any day: travel from base {ctx.base!r}, the "
        "visit (inside its opening window), lunch and the way back do not fit the working day; "
        "shorten the visit, widen its window, lengthen the day or choose another base",
        unscheduled=bad,
    )


# ---------------------------------------------------------------- output


def _whole(minutes: float) -> int:
    """Round half up; applied to absolute clock values it keeps times in order."""
    return math.floor(minutes + 0.5)


def render_logs(logs: list[DayLog], tz: tzinfo | None) -> Schedule:
    stops: list[StopTime] = []
    legs: list[Leg] = []
    days: list[DaySummary] = []
    for log in logs:
        midnight = datetime.combine(log.date, time(0), tz)

        def at(t: float, midnight: datetime = midnight) -> datetime:
            return midnight + timedelta(minutes=_whole(t))

        for s in log.steps:
            if s.origin != s.to:
                km, minutes = round(s.km, 2), _whole(s.minutes)
                legs.append(
                    Leg(s.origin, s.to, log.number, km, minutes, at(s.depart), at(s.arrive))
                )
            if s.visit is not None:
                wait = _whole(s.start) - _whole(s.arrive)
                if s.lunch is not None and s.lunch.at == s.to:  # lunch on arrival is no wait
                    wait -= _whole(s.lunch.end) - _whole(s.lunch.start)
                stops.append(StopTime(s.to, log.number, at(s.arrive), at(s.start), at(s.end), wait))
        days.append(_summary(log, at))
    return Schedule(
        tuple(stops),
        tuple(legs),
        tuple(days),
        round(sum(s.km for log in logs for s in log.steps), 2),
        _whole(sum(s.minutes for log in logs for s in log.steps)),
        sum(s.visit.minutes for log in logs for s in log.steps if s.visit is not None),
    )


def _summary(log: DayLog, at: Callable[[float], datetime]) -> DaySummary:
    lunch = next((s.lunch for s in log.steps if s.lunch is not None), None)
    return DaySummary(
        log.number,
        log.date,
        at(log.start),
        at(log.cursor.t),
        round(sum(s.km for s in log.steps), 2),
        _whole(sum(s.minutes for s in log.steps)),
        sum(s.visit.minutes for s in log.steps if s.visit is not None),
        Lunch(at(lunch.start), at(lunch.end), lunch.at, lunch.on_way_to) if lunch else None,
    )
