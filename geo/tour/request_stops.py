"""The stop lists of a tour request checked against the stops layer, said to planners by name and
township (never by id), each with the smallest fix.

Parsing (``geo.tour.pipeline``, ``geo.tour.day_options``) checks only the shape of a list; the
names are known once the stops layer is at hand, so the checks that name a stop live here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from geo.errors import Both, NotFoundError, ValidationError
from geo.tour.records import Site
from geo.tour.settings import field_label

ONCE = ("stops", "fixed_prefix", "keep_order")
"""The lists of a request that name each stop at most once."""


def stop_ids(value: Any, field: str) -> tuple[str, ...]:
    """A list of stop ids as the request gives it; refused, by the field's label, if it is not."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValidationError(code="err_stop_list", field=field_label(field))
    return tuple(value)


def chosen_sites(request, stops: Mapping[str, Site]) -> list[Site]:
    """The sites of ``request.stops`` (a ``TourRequest``), once every stop the request names is
    known, listed once and, where a part of the request refers to it, among the chosen stops."""
    parts = _parts(request)
    named = [*request.stops, *(s for _, ids in parts for s in ids)]
    unknown = sorted({s for s in named if s not in stops})
    if unknown:  # a stop replaced or deleted since the page was loaded: it has no name left
        raise NotFoundError(code="err_unknown_stops", n=len(unknown))
    for field in ONCE:
        seen: set[str] = set()
        for stop in getattr(request, field):
            if stop in seen:
                raise ValidationError(
                    code="err_stop_twice", field=field_label(field), stop=_named(stops[stop])
                )
            seen.add(stop)
    chosen = set(request.stops)
    for field, ids in parts:
        for stop in ids:
            if stop not in chosen:
                raise not_chosen(field, _named(stops[stop]))
    return [stops[s] for s in request.stops]


def not_chosen(field: str, stop: Both | str) -> ValidationError:
    """A part of the request (pins, a kept order...) names a stop the tour does not visit."""
    return ValidationError(code="err_stop_not_chosen", field=field_label(field), stop=stop)


def _parts(request) -> list[tuple[str, Iterable[str]]]:
    """The parts of a request that refer to chosen stops (``previous`` may name stops since
    dropped, so it is not one of them)."""
    days = request.days
    return [
        ("fixed_prefix", request.fixed_prefix),
        ("keep_order", request.keep_order),
        ("pins", sorted(days.pins)),
        ("locked_days", [s for d in sorted(days.locked) for s in days.locked[d]]),
        ("windows", sorted(request.windows or {})),
        ("visit_minutes", sorted(request.visit_minutes or {})),
    ]


def _named(site: Site) -> Both:
    return Both(site.label("zh"), site.label("en"))
