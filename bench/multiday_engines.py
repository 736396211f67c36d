"""External routing engines as anchors for bench_multiday.py: OR-Tools routing and VROOM.

Both get the same model as ours: one vehicle per day from the base and back within the day's
hours, a fixed cost per day (fewest days first), travel minutes as the arc cost, visit minutes as
service, optional opening windows and a one-hour lunch in its window that never overlaps a visit.
They return only the days (stop ids in order); the bench times those days with our own rules, so
every engine is judged by the same clock. Times are integer tenths of a minute (OR-Tools) or
seconds (VROOM), rounded up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from geo.tour.settings import DayRule, LunchRule
from geo.tour.steps import Visit, clock

DAY_COST = 1_000_000
"""Fixed cost of using a day, far above any day's driving, so fewer days always win."""


@dataclass(frozen=True)
class Instance:
    """A bench case: stops and one base, the table, the rules and the most days allowed."""

    ids: list[str]
    minutes: np.ndarray
    visits: dict[str, Visit]
    base: str
    day: DayRule
    lunch: LunchRule
    days: int


def _window(instance: Instance, stop: str) -> tuple[float, float]:
    visit = instance.visits[stop]
    if visit.window is None:
        return clock(instance.day.start), clock(instance.day.end)
    return clock(visit.window[0]), clock(visit.window[1])


def ortools_days(instance: Instance, seconds: float) -> list[list[str]]:
    """OR-Tools routing with break intervals, guided local search for ``seconds``."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    scale = 10
    ids, depot = instance.ids, instance.ids.index(instance.base)
    travel = np.ceil(instance.minutes * scale).astype(int).tolist()
    service = [instance.visits[k].minutes * scale if k in instance.visits else 0 for k in ids]
    manager = pywrapcp.RoutingIndexManager(len(ids), instance.days, depot)
    routing = pywrapcp.RoutingModel(manager)

    def arc(i: int, j: int) -> int:
        return travel[manager.IndexToNode(i)][manager.IndexToNode(j)]

    def transit(i: int, j: int) -> int:
        a, b = manager.IndexToNode(i), manager.IndexToNode(j)
        return service[a] + travel[a][b]

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(arc))
    routing.SetFixedCostOfAllVehicles(DAY_COST)
    start, end = clock(instance.day.start) * scale, clock(instance.day.end) * scale
    routing.AddDimension(
        routing.RegisterTransitCallback(transit), int(end), int(end), False, "time"
    )
    dim = routing.GetDimensionOrDie("time")
    for node, stop in enumerate(ids):
        if stop in instance.visits:
            opens, closes = _window(instance, stop)
            latest = int(closes * scale) - service[node]
            dim.CumulVar(manager.NodeToIndex(node)).SetRange(int(opens * scale), latest)
    visit_transit = [service[manager.IndexToNode(i)] for i in range(routing.Size())]
    visit_transit += [0] * (routing.Size() + 2 * instance.days - len(visit_transit))
    solver = routing.solver()
    lunch = instance.lunch
    for v in range(instance.days):
        dim.CumulVar(routing.Start(v)).SetRange(int(start), int(end))
        dim.CumulVar(routing.End(v)).SetRange(int(start), int(end))
        brk = solver.FixedDurationIntervalVar(
            int(clock(lunch.earliest) * scale),
            int(clock(lunch.latest) * scale),
            lunch.minutes * scale,
            True,
            f"lunch {v}",
        )
        solver.Add(brk.PerformedExpr() == routing.ActiveVehicleVar(v))
        dim.SetBreakIntervalsOfVehicle([brk], v, visit_transit)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(int(seconds * 1000))
    solution = routing.SolveWithParameters(params)
    if solution is None:
        return []
    days = []
    for v in range(instance.days):
        index, route = solution.Value(routing.NextVar(routing.Start(v))), []
        while not routing.IsEnd(index):
            route.append(ids[manager.IndexToNode(index)])
            index = solution.Value(routing.NextVar(index))
        if route:
            days.append(route)
    return days


def vroom_days(instance: Instance, exploration: int = 5) -> list[list[str]]:
    """VROOM (pyvroom) with a lunch break per vehicle and a fixed cost per day."""
    import vroom

    ids = instance.ids
    depot = ids.index(instance.base)
    problem = vroom.Input()
    problem.set_durations_matrix("car", np.ceil(instance.minutes * 60).astype(np.uint32))
    start, end = (int(clock(t) * 60) for t in (instance.day.start, instance.day.end))
    lunch = instance.lunch
    window = vroom.TimeWindow(int(clock(lunch.earliest) * 60), int(clock(lunch.latest) * 60))
    for v in range(instance.days):
        problem.add_vehicle(
            vroom.Vehicle(
                v + 1,
                start=depot,
                end=depot,
                time_window=vroom.TimeWindow(start, end),
                breaks=[vroom.Break(v + 1, time_windows=[window], service=lunch.minutes * 60)],
                costs=vroom.VehicleCosts(fixed=DAY_COST),
            )
        )
    for node, stop in enumerate(ids):
        if stop in instance.visits:
            opens, closes = _window(instance, stop)
            service = instance.visits[stop].minutes * 60
            tw = vroom.TimeWindow(int(opens * 60), int(math.floor(closes * 60)) - service)
            problem.add_job(
                vroom.Job(node + 1, location=node, default_service=service, time_windows=[tw])
            )
    solution = problem.solve(exploration_level=exploration, nb_threads=1)
    routes = solution.routes
    jobs = routes[routes["type"] == "job"]
    days = []
    for _, group in jobs.groupby("vehicle_id", sort=True):
        days.append([ids[int(i) - 1] for i in group["id"]])
    return days
