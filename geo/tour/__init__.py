"""The review panel's tour: visiting order (exact and local search), the schedule rules that
time it over days, and the pipeline from a request to a timed itinerary.
"""

from geo.tour.pipeline import (
    DEFAULT_DAY,
    DEFAULT_DEPART,
    DEFAULT_LUNCH,
    DEFAULT_START,
    Site,
    parse_tour_request,
    plan_tour,
)
from geo.tour.schedule import DayRule, LunchRule, Schedule, Visit, build_schedule
from geo.tour.solver import NoTourError, TourInputError, solve_tour, tour_cost

__all__ = [
    "DEFAULT_DAY",
    "DEFAULT_DEPART",
    "DEFAULT_LUNCH",
    "DEFAULT_START",
    "DayRule",
    "LunchRule",
    "NoTourError",
    "Schedule",
    "Site",
    "TourInputError",
    "Visit",
    "build_schedule",
    "parse_tour_request",
    "plan_tour",
    "solve_tour",
    "tour_cost",
]
