"""A multi-day problem's pins and kept days checked against its days, before any planning.

Each refusal names the stop by ``labels`` (its name and township in the request's language, as
``geo.tour.pipeline`` gives them; the id where none is given) and says the smallest fix.
"""

from __future__ import annotations

from collections.abc import Mapping

from geo.errors import ValidationError
from geo.tour.request_stops import not_chosen
from geo.tour.settings import field_label


def check_days(problem, labels: Mapping[str, str]) -> None:
    """Refuse a ``DayProblem`` whose pins or kept days lie beyond its days, name stops it does
    not visit, or fix one stop to two days."""
    if problem.max_days is not None and problem.max_days < 1:
        raise ValidationError(f"max_days must be at least 1, got {problem.max_days}")
    top = problem.max_days or len(problem.visits) + 1
    for stop, number in sorted(problem.pins.items()):
        if stop not in problem.visits:
            raise not_chosen("pins", labels.get(stop, stop))
        if not 1 <= number <= top:
            name = labels.get(stop, stop)
            raise ValidationError(code="err_pin_day_beyond", stop=name, day=number, top=top)
    for number in sorted(problem.locked):
        if not 1 <= number <= top:
            raise ValidationError(code="err_locked_day_beyond", day=number, top=top)
    _fixed_once(problem, labels)


def _fixed_once(problem, labels: Mapping[str, str]) -> None:
    """Every stop of a kept day is a stop of the tour, on that day alone."""
    seen: dict[str, int] = {}
    for number, order in sorted(problem.locked.items()):
        for stop in order:
            name = labels.get(stop, stop)
            if stop not in problem.visits:
                raise not_chosen("locked_days", name)
            if seen.get(stop) == number:
                raise ValidationError(
                    code="err_stop_twice", field=field_label("locked_days"), stop=name
                )
            other = seen.get(stop, problem.pins.get(stop, number))
            if other != number:
                first, second = sorted((other, number))
                raise ValidationError(
                    code="err_stop_two_days", stop=name, first=first, second=second
                )
            seen[stop] = number
