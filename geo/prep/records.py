"""The clean-up along the route as typed records: what each township cleans, and its tasks.

``geo.prep.cleanup`` computes them from a tour and the layers; pages, the JSON API, the workbook
and the print pack read them. Lengths are kilometres measured in the metric CRS; geometries are
shapely objects in WGS84 (lon/lat), turned into GeoJSON only at the edge.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from shapely.geometry.base import BaseGeometry

from geo.errors import ValidationError
from geo.i18n import text

ROAD, RIVER, STOP = "road", "river", "stop"
TASK_KINDS = (ROAD, RIVER, STOP)
TASK_STATUSES = ("todo", "doing", "done")
MAX_NOTE = 500


def task_key(kind: str, township: str, subject: str) -> str:
    """A key from what is cleaned, never from lengths or ends: stable as the route shifts."""
    digest = hashlib.sha1(f"{kind}|{township}|{subject}".encode()).hexdigest()[:10]
    return f"{kind}-{digest}"


@dataclass(frozen=True)
class CleanupSettings:
    """How far the clean-up reaches: rivers within ``river_distance_m`` of the route or of a
    stop, a circle of ``stop_radius_m`` around each stop, and whether both verges are swept."""

    river_distance_m: int = 200
    stop_radius_m: int = 200
    both_sides: bool = True


_LIMITS = {"river_distance_m": ("distance", 10, 2000), "stop_radius_m": ("radius", 10, 2000)}


def parse_settings(query: Mapping[str, str]) -> CleanupSettings:
    """Settings from a query string (``distance``, ``radius`` in metres, ``sides`` 1 or 2);
    a bad value names its parameter, in Chinese then English."""
    values: dict = {}
    for field, (param, low, high) in _LIMITS.items():
        raw = query.get(param)
        if raw is None or raw == "":
            continue
        if not (raw.isdigit() and low <= int(raw) <= high):
            limits = {"field": param, "low": low, "high": high}
            zh, en = (
                text("cleanup_bad_setting", "zh", **limits),
                text("cleanup_bad_setting", "en", **limits),
            )
            raise ValidationError(f"{zh} / {en}")
        values[field] = int(raw)
    sides = query.get("sides")
    if sides not in (None, "", "1", "2"):
        raise ValidationError(
            "sides 须为 1 或 2(单侧/两侧) / sides must be 1 or 2 (one side, both)"
        )
    if sides:
        values["both_sides"] = sides == "2"
    return CleanupSettings(**values)


@dataclass(frozen=True)
class Span:
    """One connected stretch of a road, described from where the panel enters it to where it
    leaves it (a stop, a township border, a junction, a town centre)."""

    start: str
    end: str
    km: float


@dataclass(frozen=True)
class RoadStretch:
    """The part of one road (by name, number or, for unnamed roads, class) the panel drives in
    one township; ``spans`` are its connected pieces in driving order."""

    township: str
    key: str
    label: str
    road_class: str
    road_ids: tuple[str, ...]
    spans: tuple[Span, ...]
    km: float
    both_sides: bool
    geometry: BaseGeometry

    @property
    def task_key(self) -> str:
        return task_key(ROAD, self.township, self.key)

    @property
    def verge_km(self) -> float:
        """Kilometres of verge to sweep: twice the road when both sides are cleaned."""
        return self.km * (2 if self.both_sides else 1)


@dataclass(frozen=True)
class RiverReach:
    """The part of a river or stream inside the corridor, in one township."""

    township: str
    river_id: str
    label: str
    river_class: str
    km: float
    near_stops: tuple[str, ...]
    geometry: BaseGeometry

    @property
    def task_key(self) -> str:
        return task_key(RIVER, self.township, self.river_id)


@dataclass(frozen=True)
class StopArea:
    """The surroundings of one stop: the circle to tidy, and the roads and rivers inside it."""

    township: str
    stop_id: str
    label: str
    lon: float
    lat: float
    radius_m: int
    roads: tuple[str, ...]
    rivers: tuple[str, ...]

    @property
    def task_key(self) -> str:
        return task_key(STOP, self.township, self.stop_id)


@dataclass(frozen=True)
class Task:
    """One clean-up task. ``key`` comes from what is cleaned (township, kind, road/river/stop),
    not from lengths or ends, so a task keeps its identity when the route moves slightly."""

    key: str
    township: str
    kind: str
    subject: str
    where: str
    km: float | None


@dataclass(frozen=True)
class TownshipCleanup:
    """Everything one township cleans before the visit."""

    code: str
    label: str
    roads: tuple[RoadStretch, ...]
    rivers: tuple[RiverReach, ...]
    stops: tuple[StopArea, ...]
    tasks: tuple[Task, ...]

    @property
    def road_km(self) -> float:
        return sum(r.km for r in self.roads)

    @property
    def river_km(self) -> float:
        return sum(r.km for r in self.rivers)


@dataclass(frozen=True)
class Cleanup:
    """The clean-up of one tour: townships in the order the panel first reaches them, and the
    corridor (route buffer and stop circles) drawn on the map; None for an empty tour."""

    settings: CleanupSettings
    townships: tuple[TownshipCleanup, ...]
    corridor: BaseGeometry | None

    @property
    def tasks(self) -> tuple[Task, ...]:
        return tuple(t for town in self.townships for t in town.tasks)

    def township(self, code: str) -> TownshipCleanup | None:
        return next((t for t in self.townships if t.code == code), None)


def check_status_update(body: Mapping) -> tuple[str, str, int]:
    """``status``, ``note`` and ``version`` of a task status update, each checked."""
    status, note, version = body.get("status"), body.get("note", ""), body.get("version", 0)
    if status not in TASK_STATUSES:
        choices = ", ".join(TASK_STATUSES)
        raise ValidationError(f"status 须为 {choices} 之一 / status must be one of {choices}")
    if not isinstance(note, str) or len(note) > MAX_NOTE:
        raise ValidationError(
            f"note 须为不超过 {MAX_NOTE} 字的文字 / "
            f"note must be text of at most {MAX_NOTE} characters"
        )
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise ValidationError("version 须为非负整数 / version must be a whole number, 0 or more")
    return status, note.strip(), version
