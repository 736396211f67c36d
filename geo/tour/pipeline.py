"""The panel's tour end to end: request -> road costs -> visiting order -> timed itinerary.

Pure domain code: the road graph, the stop and place data come in as arguments, the result goes
out as a ``geo.tour.records.Tour`` (``Tour.to_dict`` is the JSON of ``POST /api/tour``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from geo.errors import Both, NotFoundError, ScheduleError, ValidationError
from geo.roads.network import CostMatrix, RoadGraph
from geo.tour.day_memo import DayMemo
from geo.tour.day_options import DayOptions, parse_day_options
from geo.tour.day_search import Effort
from geo.tour.infeasible import no_day_holds, too_many_days
from geo.tour.multiday import DayProblem, plan_days
from geo.tour.records import LonLat, RoadPath, Schedule, Site, Tour
from geo.tour.request_stops import chosen_sites, stop_ids
from geo.tour.schedule import Visit, build_schedule
from geo.tour.settings import (
    DEFAULT_DAY,
    DEFAULT_DEPART,
    DEFAULT_LUNCH,
    DEFAULT_MAX_DAYS,
    DEFAULT_START,
    DEPART_FORMAT,
    LUNCH_MINUTES,
    MAX_DAYS,
    VISIT_MINUTES,
    DayRule,
    LunchRule,
    TourSettings,
    field_label,
    not_a_time,
    shown,
)
from geo.tour.solver import solve_tour
from geo.value_checks import CLOCK, is_lonlat, is_whole, real_date

QUICK = Effort(rounds=5, drop_rounds=5, patience=5)
"""Search effort of a ``quick`` request: enough to rank candidate site sets."""
# Ids given to free [lon, lat] start and end points in the output.
START_POINT, END_POINT = "start", "end"


@dataclass(frozen=True)
class TourRequest:
    """A validated tour request: the stops, the settings (``geo.tour.settings``), and the
    per-request extras; places are ids, or [lon, lat] for a free point."""

    stops: tuple[str, ...]
    settings: TourSettings = TourSettings()
    base: str | LonLat | None = None
    windows: Mapping[str, tuple[time, time]] | None = None
    visit_minutes: Mapping[str, int] | None = None
    fixed_prefix: tuple[str, ...] = ()
    keep_order: tuple[str, ...] = ()
    days: DayOptions = DayOptions()


def parse_tour_request(body: Any) -> TourRequest:
    """Check the JSON body of ``POST /api/tour``; every message names the field at fault."""
    if not isinstance(body, dict):
        raise ValidationError(code="err_json_object")
    stops = stop_ids(body.get("stops"), "stops")
    if not stops:
        raise ValidationError(code="err_no_stops")
    lunch = body.get("lunch") or {}
    if not isinstance(lunch, dict):
        raise ValidationError(code="err_lunch_shape")
    day = body.get("day") or list(DEFAULT_DAY)
    if not (isinstance(day, list) and len(day) == 2):
        raise ValidationError(code="err_day_shape")
    settings = TourSettings(
        start=_place(body.get("start", DEFAULT_START), "start") or DEFAULT_START,
        end=_place(body.get("end"), "end"),
        depart=_depart(body.get("depart", DEFAULT_DEPART)),
        day=DayRule(_clock(day[0], "day_start"), _clock(day[1], "day_end")),
        lunch=LunchRule(
            _clock(lunch.get("from", DEFAULT_LUNCH["from"]), "lunch.from"),
            _clock(lunch.get("to", DEFAULT_LUNCH["to"]), "lunch.to"),
            _whole(
                lunch.get("minutes", DEFAULT_LUNCH["minutes"]), "err_lunch_minutes", *LUNCH_MINUTES
            ),
        ),
        max_days=_max_days(body.get("max_days", DEFAULT_MAX_DAYS)),
    )
    return TourRequest(
        stops=stops,
        settings=settings,
        base=_place(body.get("base"), "base"),
        windows=_windows(body.get("windows")),
        visit_minutes=_visit_minutes(body.get("visit_minutes")),
        fixed_prefix=stop_ids(body.get("fixed_prefix", []), "fixed_prefix"),
        keep_order=stop_ids(body.get("keep_order", []), "keep_order"),
        days=parse_day_options(body),
    )


def _place(value: Any, field: str) -> str | LonLat | None:
    if value is None or (isinstance(value, str) and value):
        return value
    if is_lonlat(value):
        return (float(value[0]), float(value[1]))
    raise ValidationError(code="err_place_shape", field=field_label(field))


def _clock(value: Any, field: str) -> time:
    match = CLOCK.fullmatch(value) if isinstance(value, str) else None
    if not match:
        raise not_a_time(field, value)
    return time(int(match.group(1)), int(match.group(2)))


def _depart(value: Any) -> datetime:
    try:
        if not isinstance(value, str) or len(value) != 16:
            raise ValueError
        depart = datetime.strptime(value, DEPART_FORMAT)
    except ValueError:
        raise ValidationError(
            code="err_depart", field=field_label("depart"), value=shown(value)
        ) from None
    real_date(
        value, field_label("depart")
    )  # within 2000-2100, so adding tour days stays in the calendar
    return depart


def _whole(value: Any, code: str, low: int, high: int) -> int:
    if not is_whole(value, low, high):
        raise ValidationError(code=code, low=low, high=high, value=repr(value))
    return value


def _max_days(value: Any) -> int | None:
    return None if value is None else _whole(value, "err_max_days", *MAX_DAYS)


def _windows(value: Any) -> dict[str, tuple[time, time]] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValidationError(code="err_stop_map", field=field_label("windows"))
    windows = {}
    for stop_id, pair in value.items():
        if not (isinstance(pair, list) and len(pair) == 2):
            raise ValidationError(code="err_window_shape")
        opens, closes = _clock(pair[0], "window"), _clock(pair[1], "window")
        if opens >= closes:
            raise ValidationError(
                code="err_window_order", start=f"{opens:%H:%M}", end=f"{closes:%H:%M}"
            )
        windows[stop_id] = (opens, closes)
    return windows


def _visit_minutes(value: Any) -> dict[str, int] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValidationError(code="err_stop_map", field=field_label("visit_minutes"))
    return {k: _whole(v, "err_visit_minutes", *VISIT_MINUTES) for k, v in value.items()}


def plan_tour(
    graph: RoadGraph,
    request: TourRequest,
    stops: Mapping[str, Site],
    places: Mapping[str, Site],
    closed_roads: frozenset[str] = frozenset(),
    lang: str = "zh",
    memo: DayMemo | None = None,
) -> Tour:
    """Order and time the visits, and trace each leg along the roads; days solved before from
    the same input are taken from ``memo`` (``geo.tour.day_memo``)."""
    settings = request.settings
    endpoints = resolve_endpoints(
        settings.start, settings.end, request.base, request.stops, stops, places
    )
    chosen = chosen_sites(request, stops)
    ids = _unique(
        [endpoints["start"].id, *request.stops, endpoints["end"].id, endpoints["base"].id]
    )
    sites = {s.id: s for s in (*endpoints.values(), *chosen)}
    matrix = graph.cost_matrix({i: sites[i].point() for i in ids}, closed_roads)
    labels = {s.id: s.label(lang) for s in chosen}  # name (township), for planners
    visits = _visits(chosen, request)
    order, schedule = _plan(matrix, request, endpoints, visits, labels, lang, memo)
    return Tour(
        order=tuple(order),
        schedule=schedule,
        names={i: sites[i].name for i in ids},
        places=endpoints,
        closed_roads=tuple(sorted(closed_roads)),
        paths=tuple(_road_path(matrix, leg.from_id, leg.to_id) for leg in schedule.legs),
    )


def resolve_endpoints(
    start: str | LonLat,
    end: str | LonLat | None,
    base: str | LonLat | None,
    visiting: Sequence[str],
    stops: Mapping[str, Site],
    places: Mapping[str, Site],
) -> dict[str, Site]:
    """Start, end and overnight base as sites: place ids, stop ids (not among ``visiting``) or
    free points (ids "start", "end", "base"). ``end`` None is back to the start; ``base`` None
    is the end. The tour and the proposal resolve a plan's ends with this one function."""

    def site(value, field: str, point_id: str) -> Site:
        if isinstance(value, tuple | list):
            return Site(point_id, float(value[0]), float(value[1]), point_id)
        if value in places:
            return places[value]
        if value in stops and value not in visiting:
            return stops[value]
        if value in stops:
            stop = Both(stops[value].label("zh"), stops[value].label("en"))
            raise ValidationError(code="err_end_is_site", field=field_label(field), stop=stop)
        raise NotFoundError(code="err_unknown_place", field=field_label(field), value=value)

    first = site(start, "start", START_POINT)
    last = first if end is None else site(end, "end", END_POINT)
    night = last if base is None else site(base, "base", "base")
    return {"start": first, "end": last, "base": night}


def _plan(
    matrix: CostMatrix,
    request: TourRequest,
    endpoints: Mapping[str, Site],
    visits: dict[str, Visit],
    labels: Mapping[str, str],
    lang: str,
    memo: DayMemo | None,
) -> tuple[list[str], Schedule]:
    """The days planned together (``geo.tour.multiday``); a request with a fixed opening or a
    global visiting order keeps the single path cut into days."""
    start, end, base = (endpoints[k].id for k in ("start", "end", "base"))
    settings = request.settings
    if request.fixed_prefix or request.keep_order:
        order = _visiting_order(matrix, request, endpoints)
        travel, ends = _matrix_travel(matrix), (start, end, base)
        return order, _in_order(order, visits, travel, ends, settings, labels, lang)
    problem = DayProblem.from_settings(settings, visits, start, end, base, request.days)
    effort, memo = (QUICK, None) if request.days.quick else (Effort(), memo)  # quick: ranking
    plan = plan_days(
        problem, list(matrix.ids), matrix.minutes, matrix.km, labels, lang, effort, memo
    )
    return [s for day in plan.days for s in day], plan.schedule


def _in_order(
    order: list[str],
    visits: dict[str, Visit],
    travel,
    ends: tuple[str, str, str],
    settings: TourSettings,
    labels: Mapping[str, str],
    lang: str,
) -> Schedule:
    """The tour in ``order`` cut into days one after the other, within ``settings.max_days``;
    the stops that do not fit are named with the smallest fix (``geo.tour.infeasible``)."""
    start, end, base = ends

    def timed(s: TourSettings) -> Schedule:
        return build_schedule(order, visits, travel, start, end, s.depart, s.day, s.lunch, base)

    def fits(s: TourSettings) -> bool:
        try:
            return s.max_days is None or len(timed(s).days) <= s.max_days
        except ScheduleError:
            return False

    try:
        schedule = timed(settings)
    except ScheduleError as exc:  # stops that no working day holds
        raise no_day_holds(settings, exc.unscheduled, labels, lang, fits) from None
    allowed = settings.max_days or len(schedule.days)
    if len(schedule.days) > allowed:
        late = [t.id for t in schedule.stops if t.day > allowed]
        raise too_many_days(settings, len(schedule.days), late, labels, lang, fits)
    return schedule


def _matrix_travel(matrix: CostMatrix):
    """``travel(a, b) -> (minutes, km)`` read from a cost matrix."""

    def travel(a: str, b: str) -> tuple[float, float]:
        i, j = matrix.index(a), matrix.index(b)
        return float(matrix.minutes[i, j]), float(matrix.km[i, j])

    return travel


def _unique(ids: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _visiting_order(matrix: CostMatrix, request: TourRequest, endpoints) -> list[str]:
    """Solve on travel minutes; start and end are fixed, the base is only for nights."""
    ids = _unique([endpoints["start"].id, *request.stops, endpoints["end"].id])
    rows = [matrix.index(i) for i in ids]
    minutes = matrix.minutes[[[r] for r in rows], rows]
    closed = endpoints["end"].id == endpoints["start"].id
    order = solve_tour(
        minutes,
        start=0,
        end=None if closed else len(ids) - 1,
        fixed_prefix=[ids.index(s) for s in request.fixed_prefix],
        keep_order=[ids.index(s) for s in request.keep_order],
    )
    stops = set(request.stops)
    return [ids[i] for i in order if ids[i] in stops]


def _visits(chosen: Sequence[Site], request: TourRequest) -> dict[str, Visit]:
    minutes = request.visit_minutes or {}
    windows = request.windows or {}
    return {
        s.id: Visit(s.id, minutes.get(s.id, s.visit_minutes), windows.get(s.id)) for s in chosen
    }


def _road_path(matrix: CostMatrix, from_id: str, to_id: str) -> RoadPath:
    path = matrix.leg(from_id, to_id)
    return RoadPath(tuple(path.coords), tuple(dict.fromkeys(path.road_ids)))
