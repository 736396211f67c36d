"""The preparation behind the visit: the clean-up each township does along the panel's route
(road verges, streams, the surroundings of each stop) as typed records and task lists.
"""

from geo.prep.cleanup import (
    CleanupLayers,
    DrivenRoute,
    road_key,
    road_label,
    route_cleanup,
    task_key,
)
from geo.prep.records import (
    TASK_KINDS,
    Cleanup,
    CleanupSettings,
    RiverReach,
    RoadStretch,
    Span,
    StopArea,
    Task,
    TownshipCleanup,
)

__all__ = [
    "TASK_KINDS",
    "Cleanup",
    "CleanupLayers",
    "CleanupSettings",
    "DrivenRoute",
    "RiverReach",
    "RoadStretch",
    "Span",
    "StopArea",
    "Task",
    "TownshipCleanup",
    "road_key",
    "road_label",
    "route_cleanup",
    "task_key",
]
