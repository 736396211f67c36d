"""The preparation behind the visit: the clean-up each township does along the panel's route
(road verges, streams, the surroundings of each stop) as typed records and task lists.
"""

from geo.prep.cleanup import (
    DrivenRoute,
    road_key,
    road_label,
    route_cleanup,
)
from geo.prep.layers import CleanupLayers, MetricLayer
from geo.prep.records import (
    TASK_KINDS,
    TASK_STATUSES,
    Cleanup,
    CleanupSettings,
    RiverReach,
    RoadStretch,
    Span,
    StopArea,
    Task,
    TownshipCleanup,
    check_status_update,
    parse_settings,
    task_key,
)
from geo.prep.workbook import XLSX, cleanup_workbook

__all__ = [
    "TASK_KINDS",
    "TASK_STATUSES",
    "XLSX",
    "Cleanup",
    "CleanupLayers",
    "CleanupSettings",
    "DrivenRoute",
    "MetricLayer",
    "RiverReach",
    "RoadStretch",
    "Span",
    "StopArea",
    "Task",
    "TownshipCleanup",
    "check_status_update",
    "cleanup_workbook",
    "parse_settings",
    "road_key",
    "road_label",
    "route_cleanup",
    "task_key",
]
