"""Why stops do not fit a multi-day tour, and the smallest change that makes them fit.

Planners get names (with the township), never stop ids, a reason (an opening window, the length
of a working day, the number of days) and fixes that were checked by planning again: one more day,
a later end of the day, a wider window, or dropping the stops left over.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import time

from geo.errors import ScheduleError
from geo.i18n import text
from geo.tour.day_routes import Model, Routes
from geo.tour.days import DaySpec, time_day

LONGER_DAY_STEPS = (30, 60, 90, 120, 180)
"""Minutes added to the day's end when looking for "a longer day"."""

FitsWith = Callable[[object], bool]
"""Plans a changed problem quickly; True when every stop then fits."""


def explain(
    problem,
    model: Model,
    best: Routes,
    specs_for: Callable[[int], list[DaySpec]],
    labels: Mapping[str, str],
    lang: str,
    fits_with: FitsWith,
) -> ScheduleError:
    """The error for the stops left in ``best.pool`` (``problem`` is a ``DayProblem``)."""
    left = sorted(best.pool)
    ids = [model.ids[k] for k in left]
    specs = specs_for(max(len(best.days), 1))
    alone = [k for k in left if not _fits_alone(model, k, specs)]
    window = [k for k in alone if _fits_without_window(model, k, specs)]
    if window:
        reason = text("tour_reason_window", lang)
        fixes = [text("tour_fix_window", lang, stops=_names(model, window, labels, lang))]
    elif alone:
        reason = text("tour_reason_day", lang)
        fixes = _longer_day(problem, fits_with, lang)
    else:
        reason = text("tour_reason_days", lang, n=len(best.days))
        fixes = _more_days(problem, len(best.days), fits_with, lang)
        fixes += _longer_day(problem, fits_with, lang)[:1]
    return _unfit(ids, reason, fixes, labels, lang)


def too_many_days(
    settings,
    needed: int,
    late: Sequence[str],
    labels: Mapping[str, str],
    lang: str,
    fits_with: FitsWith,
) -> ScheduleError:
    """The error for a tour kept in the planner's order (cut into days one after the other) that
    needs ``needed`` days, more than ``settings.max_days`` (a ``TourSettings``); ``late`` are the
    stops after the last allowed day."""
    reason = text("tour_reason_days", lang, n=settings.max_days)
    fixes = [text("tour_fix_more_days", lang, n=needed), *_longer_day(settings, fits_with, lang)]
    return _unfit(late, reason, fixes, labels, lang)


def no_day_holds(
    settings,
    stops: Sequence[str],
    labels: Mapping[str, str],
    lang: str,
    fits_with: FitsWith,
) -> ScheduleError:
    """The error for stops of a tour kept in the planner's order that no working day can hold
    (``settings`` a ``TourSettings``)."""
    reason = text("tour_reason_day", lang)
    return _unfit(stops, reason, _longer_day(settings, fits_with, lang), labels, lang)


def _unfit(
    ids: Sequence[str], reason: str, fixes: list[str], labels: Mapping[str, str], lang: str
) -> ScheduleError:
    """Which stops, why, and the fixes, the last one dropping them."""
    stops = _listed(ids, labels, lang)
    fixes = [*fixes, text("tour_fix_drop", lang, stops=stops)]
    message = text(
        "tour_unfit", lang, stops=stops, reason=reason, fixes=text("tour_or", lang).join(fixes)
    )
    return ScheduleError(message, unscheduled=list(ids))


def kept_day_unfit(
    model: Model, best: Routes, labels: Mapping[str, str], lang: str
) -> ScheduleError | None:
    """The error for the first day kept in the planner's order that does not fit its hours
    (the search never changes such a day), naming its stops; None when every kept day fits."""
    for d in sorted(model.locked):
        if d < len(best.days) and not best.fits(d, best.days[d]):
            route = best.days[d]
            message = text(
                "tour_kept_day_unfit",
                lang,
                n=d + 1,
                stops=_names(model, route, labels, lang),
                last=_names(model, route[-1:], labels, lang),
            )
            return ScheduleError(message, unscheduled=[model.ids[k] for k in route])
    return None


def _names(model: Model, stops: Sequence[int], labels: Mapping[str, str], lang: str) -> str:
    return _listed([model.ids[k] for k in stops], labels, lang)


def _listed(ids: Sequence[str], labels: Mapping[str, str], lang: str) -> str:
    return text("tour_list_sep", lang).join(labels.get(i, i) for i in ids)


def _fits_alone(model: Model, stop: int, specs: list[DaySpec]) -> bool:
    return any(model.timing(spec, (stop,)) is not None for spec in specs)


def _fits_without_window(model: Model, stop: int, specs: list[DaySpec]) -> bool:
    visit = model.visits[stop]
    if visit.window is None:
        return False
    free = [replace(visit, window=None)]
    return any(time_day(free, spec, model.travel) is not None for spec in specs)


def _more_days(problem, days: int, fits_with: FitsWith, lang: str) -> list[str]:
    if problem.max_days is None or not fits_with(replace(problem, max_days=days + 1)):
        return []
    return [text("tour_fix_more_days", lang, n=days + 1)]


def _longer_day(problem, fits_with: FitsWith, lang: str) -> list[str]:
    end = problem.day.end.hour * 60 + problem.day.end.minute
    for extra in LONGER_DAY_STEPS:
        later = end + extra
        if later >= 24 * 60:
            break
        new_end = time(later // 60, later % 60)
        if fits_with(replace(problem, day=replace(problem.day, end=new_end))):
            return [text("tour_fix_longer_day", lang, end=f"{new_end:%H:%M}")]
    return []
