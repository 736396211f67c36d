"""Facility status storage: optimistic versions on the sewage plant rows, and a change history.

A plant's status lives in exactly one place, its ``Feature`` row in the ``sewage_plants`` layer,
so the main map, the dashboard and the print pack always show the same thing. The rules of an
edit run before this module is called (``services.facilities``); here every save is one
transaction: a conditional UPDATE on (row, version) so two editors cannot both win, one history
row per changed value, and a layer revision bump so cached map copies refresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from geo.errors import Both, ConflictError
from store import atomic, db, iso_utc, set_versioned
from store.layers import Feature, bump_revision, feature, features

LAYER = "sewage_plants"


def _now() -> datetime:
    return datetime.now(UTC)


class FacilityChange(db.Model):
    """One changed value of one plant: who, when, old and new, the note and the date it took
    effect. ``batch`` groups the rows of one edit or one bulk import."""

    __tablename__ = "facility_change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plant_id: Mapped[str] = mapped_column(String(80), index=True)
    field: Mapped[str] = mapped_column(String(40))
    old: Mapped[Any] = mapped_column(JSON, nullable=True)
    new: Mapped[Any] = mapped_column(JSON, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    effective: Mapped[str] = mapped_column(String(10))
    version: Mapped[int] = mapped_column(Integer)  # the plant's version after the change
    changed_by: Mapped[str] = mapped_column(String(80))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    batch: Mapped[str] = mapped_column(String(40))

    def to_dict(self) -> dict[str, Any]:
        return {
            "plant_id": self.plant_id,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "note": self.note,
            "effective": self.effective,
            "version": self.version,
            "changed_by": self.changed_by,
            "changed_at": iso_utc(self.changed_at),
            "batch": self.batch,
        }


class StaleEdit(ConflictError):
    """A save against a version that is no longer current; names the plant it was for."""

    def __init__(self, properties: dict, read: int, current: int):
        pid = properties["id"]
        plant = Both(properties.get("name_zh") or pid, properties.get("name_en") or pid)
        super().__init__(code="err_plant_stale", plant=plant, read=read, now=current)
        self.plant_id = pid


@dataclass(frozen=True)
class PlantWrite:
    """A checked change of one plant: the properties to store, made from ``version``, and the
    (property, old, new) triples the history records."""

    plant_id: str
    version: int
    properties: dict[str, Any]
    changed: list[tuple[str, Any, Any]]
    note: str
    effective: str


def plants() -> list[dict[str, Any]]:
    """Every plant as GeoJSON, with its edit version among the properties."""
    rows = db.session.scalars(
        select(Feature).where(Feature.layer == LAYER).order_by(Feature.position)
    )
    return [_with_version(row) for row in rows]


def plant(plant_id: str) -> dict[str, Any]:
    return _with_version(feature(LAYER, plant_id))


def _with_version(row: Feature) -> dict[str, Any]:
    data = row.to_geojson()
    data["properties"] = {**row.properties, "version": row.version}
    return data


def _write(item: PlantWrite, user: str, batch: str, now: datetime) -> None:
    """One compare-and-set in the open transaction: StaleEdit if the row moved on."""
    row = feature(LAYER, item.plant_id)
    if not set_versioned(Feature, {"pk": row.pk}, item.version, {"properties": item.properties}):
        db.session.expire(row)
        raise StaleEdit(row.properties, item.version, row.version)
    db.session.add_all(
        FacilityChange(
            plant_id=item.plant_id,
            field=name,
            old=old,
            new=new,
            note=item.note,
            effective=item.effective,
            version=item.version + 1,
            changed_by=user,
            changed_at=now,
            batch=batch,
        )
        for name, old, new in item.changed
    )


def save_plants(writes: list[PlantWrite], user: str, batch: str) -> None:
    """Save every write or none (StaleEdit for the first plant no longer at its version)."""
    now = _now()
    with atomic():
        for item in writes:
            _write(item, user, batch, now)
        bump_revision(LAYER)
    db.session.expire_all()


def history(plant_id: str | None = None) -> list[dict[str, Any]]:
    """Changes, oldest first; of one plant or of all."""
    query = select(FacilityChange).order_by(FacilityChange.id)
    if plant_id is not None:
        query = query.where(FacilityChange.plant_id == plant_id)
    return [c.to_dict() for c in db.session.scalars(query)]


def townships() -> list[dict[str, Any]]:
    return features("townships")
