"""OpenStreetMap tags to catalogue values: road class and speed, one-way, what is left out.

Vectorised over pandas columns (a county extract has 10^4-10^5 ways, a province far more), so
each rule is one column operation. The road classes and default speeds come from an editable
table (``data/osm/road_speeds.csv``): a county that drives slower on its mountain roads changes
a number, not the code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from geo.errors import GeoInputError
from geo.layers.catalogue import ROAD_CLASSES

MIN_SPEED, MAX_SPEED = 5.0, 130.0  # the catalogue's range for speed_kmh
_KMH_PER_UNIT = {"": 1.0, "km/h": 1.0, "kmh": 1.0, "kph": 1.0, "mph": 1.609344, "knots": 1.852}
_MAXSPEED_RE = r"^\s*(\d+(?:\.\d+)?)\s*(km/h|kmh|kph|mph|knots)?\s*$"
_YES = ("yes", "true", "1")
_REVERSE = ("-1", "reverse")
_NO = ("no", "false", "0")
_IMPLIED_ONEWAY = ("motorway", "motorway_link")  # OSM: one-way unless tagged oneway=no
_CLOSED = ("construction", "proposed")
_MOTOR_OK = ("yes", "designated", "permissive", "destination")

# Why a way with a highway tag was left out (report keys; the labels say it for people).
DROP_REASONS = {
    "construction": "under construction or proposed (highway=construction/proposed)",
    "no_motor_vehicles": "closed to motor vehicles (access=no or motor_vehicle=no)",
    "not_a_motor_road": "not a road for cars (footway, path, cycleway, steps, ...)",
}


@dataclass(frozen=True)
class RoadRule:
    """How one ``highway`` value enters the roads layer."""

    road_class: str
    speed_kmh: float


def read_speed_table(path: Path) -> dict[str, RoadRule]:
    """Read ``highway,class,speed_kmh`` rows; a bad row names its line and what to fix."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise GeoInputError(
            f"{path.name}: 无法读取车速表 / cannot read the speed table ({exc})"
        ) from exc
    table = {}
    for line, row in enumerate(rows, start=2):
        where = f"{path.name} line {line}"
        highway, cls = (row.get("highway") or "").strip(), (row.get("class") or "").strip()
        if not highway or cls not in ROAD_CLASSES:
            raise GeoInputError(
                f"{where}: 道路等级须为 {'/'.join(ROAD_CLASSES)} / class must be one of "
                f"{', '.join(ROAD_CLASSES)}, got {cls!r} for highway {highway!r}"
            )
        try:
            speed = float(row.get("speed_kmh") or "")
        except ValueError:
            speed = float("nan")
        if not MIN_SPEED <= speed <= MAX_SPEED:
            raise GeoInputError(
                f"{where}: 车速须在 {MIN_SPEED:g}-{MAX_SPEED:g} km/h 之间 / speed_kmh must be "
                f"{MIN_SPEED:g}-{MAX_SPEED:g}, got {row.get('speed_kmh')!r}"
            )
        table[highway] = RoadRule(cls, speed)
    if not table:
        raise GeoInputError(f"{path.name}: 车速表为空 / the speed table has no rows")
    return table


def _clean(column: pd.Series) -> pd.Series:
    """Lower-case text with missing values as empty strings."""
    return column.fillna("").astype(str).str.strip().str.lower()


def maxspeed_kmh(maxspeed: pd.Series) -> pd.Series:
    """``maxspeed`` in km/h ("60", "30 mph", "20 knots"); NaN for values that are not one
    number ("CN:urban", "none", "60;80"), which then take the class default."""
    parts = _clean(maxspeed).str.extract(_MAXSPEED_RE)
    value = pd.to_numeric(parts[0], errors="coerce")
    factor = parts[1].fillna("").map(_KMH_PER_UNIT)
    return value * factor


def road_speeds(highway: pd.Series, maxspeed: pd.Series, table: dict[str, RoadRule]) -> pd.Series:
    """Speed per way: its ``maxspeed`` where readable, else the class default, clipped to the
    catalogue's range."""
    default = _clean(highway).map({k: r.speed_kmh for k, r in table.items()})
    return maxspeed_kmh(maxspeed).fillna(default).clip(MIN_SPEED, MAX_SPEED)


def road_classes(highway: pd.Series, table: dict[str, RoadRule]) -> pd.Series:
    return _clean(highway).map({k: r.road_class for k, r in table.items()})


def oneway_direction(oneway: pd.Series, highway: pd.Series, junction: pd.Series) -> np.ndarray:
    """1 one-way in drawn direction, -1 one-way against it (``oneway=-1``), 0 both ways.
    Motorways and roundabouts are one-way unless tagged ``oneway=no``."""
    tag, hw, junc = _clean(oneway), _clean(highway), _clean(junction)
    implied = hw.isin(_IMPLIED_ONEWAY) | junc.isin(("roundabout", "circular"))
    forward = tag.isin(_YES) | (implied & ~tag.isin(_NO + _REVERSE))
    return np.where(tag.isin(_REVERSE), -1, np.where(forward, 1, 0))


def drop_reasons(
    highway: pd.Series, access: pd.Series, motor_vehicle: pd.Series, table: dict[str, RoadRule]
) -> pd.Series:
    """The ``DROP_REASONS`` key of each highway way that is not imported, "" for kept ones."""
    hw, acc, motor = _clean(highway), _clean(access), _clean(motor_vehicle)
    no_motor = (motor == "no") | ((acc == "no") & ~motor.isin(_MOTOR_OK))
    reason = np.select(
        [hw.isin(_CLOSED), ~hw.isin(list(table)), no_motor],
        ["construction", "not_a_motor_road", "no_motor_vehicles"],
        default="",
    )
    return pd.Series(reason, index=highway.index)


def is_yes(column: pd.Series) -> np.ndarray:
    """``bridge=yes``, ``tunnel=culvert`` ...: any value but no/false/0 counts as yes."""
    tag = _clean(column)
    return ((tag != "") & ~tag.isin(_NO)).to_numpy()


def class_speeds(table: dict[str, RoadRule]) -> dict[str, float]:
    """The default speed of each road class: its fastest highway value in the table (a county
    survey knows the class, not the OSM tag)."""
    speeds: dict[str, float] = {}
    for rule in table.values():
        speeds[rule.road_class] = max(speeds.get(rule.road_class, 0.0), rule.speed_kmh)
    return speeds
