"""The review panel's tour: its settings (bounds and defaults, once), visiting order (exact and
local search), the days planned together (multi-day routing), the schedule rules that time them,
and the pipeline from a request to a timed ``Tour``.
"""

from geo.tour.days import DayOverride
from geo.tour.multiday import DayPlan, DayProblem, cheapest_insertion, plan_days
from geo.tour.pipeline import TourRequest, parse_tour_request, plan_tour, resolve_endpoints
from geo.tour.records import RoadPath, Site, Totals, Tour
from geo.tour.rules_check import rule_breaks
from geo.tour.schedule import Schedule, Visit, build_schedule
from geo.tour.settings import (
    DEFAULT_DAY,
    DEFAULT_DEPART,
    DEFAULT_LUNCH,
    DEFAULT_START,
    DayRule,
    LunchRule,
    TourSettings,
)
from geo.tour.solver import NoTourError, TourInputError, solve_tour, tour_cost

__all__ = [
    "DEFAULT_DAY",
    "DEFAULT_DEPART",
    "DEFAULT_LUNCH",
    "DEFAULT_START",
    "DayOverride",
    "DayPlan",
    "DayProblem",
    "DayRule",
    "LunchRule",
    "NoTourError",
    "RoadPath",
    "Schedule",
    "Site",
    "Totals",
    "Tour",
    "TourInputError",
    "TourRequest",
    "TourSettings",
    "Visit",
    "build_schedule",
    "cheapest_insertion",
    "parse_tour_request",
    "plan_days",
    "plan_tour",
    "rule_breaks",
    "resolve_endpoints",
    "solve_tour",
    "tour_cost",
]
