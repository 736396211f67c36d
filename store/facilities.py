"""Facility status edits: optimistic versions on the sewage plant rows, and a change history.

A plant's status lives in exactly one place, its ``Feature`` row in the ``sewage_plants`` layer,
so the main map, the dashboard and the print pack always show the same thing. Every edit is one
transaction: a conditional UPDATE on (row, version) so two editors cannot both win, one history
row per changed value, and a layer revision bump so cached map copies refresh.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import JSON, DateTime, Integer, String, Text, select, update
from sqlalchemy.orm import Mapped, mapped_column

from geo.errors import ConflictError, ValidationError
from geo.facilities.dashboard import BulkRow, Edit, Indicator, apply_edit, read_indicators
from store import atomic, db
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
            "changed_at": self.changed_at.replace(tzinfo=UTC).isoformat(timespec="seconds"),
            "batch": self.batch,
        }


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


def _write(row: Feature, edit: Edit, version: int, user: str, batch: str) -> int:
    """Apply one edit to a row in the open transaction; ConflictError if ``version`` is stale
    (checked first: a stale edit is refused as stale, whatever else is wrong with it)."""
    stale = ConflictError(
        f"{row.fid} was changed by someone else (you read version {version}, it is now "
        f"version {row.version}); reload and apply your change again"
    )
    if row.version != version:
        raise stale
    new_props, changed = apply_edit(row.properties, edit)
    result = db.session.execute(
        update(Feature)
        .where(Feature.pk == row.pk, Feature.version == version)
        .values(properties=new_props, version=version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # changed between our read and our write
        raise stale
    now = _now()
    db.session.add_all(
        FacilityChange(
            plant_id=row.fid,
            field=name,
            old=old,
            new=new,
            note=edit.note,
            effective=edit.effective,
            version=version + 1,
            changed_by=user,
            changed_at=now,
            batch=batch,
        )
        for name, old, new in changed
    )
    return version + 1


def update_plant(plant_id: str, edit: Edit, user: str) -> dict[str, Any]:
    """Save a validated edit made against ``edit.version``; 409 and no change when stale."""
    with atomic():
        row = feature(LAYER, plant_id)
        _write(row, edit, edit.version or 0, user, batch=f"edit-{_now():%Y%m%d%H%M%S%f}")
        bump_revision(LAYER)
    db.session.expire_all()
    return plant(plant_id)


def apply_bulk(rows: list[BulkRow], versions: dict[str, int], user: str, batch: str) -> int:
    """Apply every row of a checked import, or none: each plant must still be at the version
    seen in the preview (or the version written in the file)."""
    with atomic():
        for item in rows:
            row = feature(LAYER, item.plant_id)
            expected = item.edit.version or versions.get(item.plant_id)
            if expected is None:
                raise ValidationError(f"row {item.row}: no version known for {item.plant_id}")
            try:
                _write(row, item.edit, expected, user, batch)
            except (ConflictError, ValidationError) as exc:
                raise type(exc)(f"row {item.row}: {exc}; nothing was applied") from None
        bump_revision(LAYER)
    db.session.expire_all()
    return len(rows)


def history(plant_id: str | None = None) -> list[dict[str, Any]]:
    """Changes, oldest first; of one plant or of all."""
    query = select(FacilityChange).order_by(FacilityChange.id)
    if plant_id is not None:
        query = query.where(FacilityChange.plant_id == plant_id)
    return [c.to_dict() for c in db.session.scalars(query)]


def indicators() -> list[Indicator]:
    """The plan's indicators from the configured CSV file (``data/indicators.csv``)."""
    path = Path(current_app.config.get("INDICATORS_PATH") or _default_indicators())
    return read_indicators(path.read_text(encoding="utf-8"), path.name)


def _default_indicators() -> Path:
    return Path(current_app.config["LAYER_DIR"]).parent / "indicators.csv"


def townships() -> list[dict[str, Any]]:
    return features("townships")
