"""Stored layers: each feature is one row (properties and geometry as JSON), replaced a whole
layer at a time so a bad import never leaves a layer half-written. Files are read and validated
before they get here (``services.layers``); this module only stores, counts and records."""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, UniqueConstraint, func, select, update
from sqlalchemy.orm import Mapped, defer, mapped_column

from geo.errors import ConflictError, NotFoundError
from geo.layers.catalogue import layer_not_loaded, no_such_revision
from store import atomic, db

CHUNK = 5000  # features added and flushed at a time by a replacement that reports its progress


def _now() -> datetime:
    return datetime.now(UTC)


class LayerInfo(db.Model):
    """One row per layer: where it came from and a revision bumped on every change."""

    __tablename__ = "layer_info"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    source_file: Mapped[str] = mapped_column(String(400))
    feature_count: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    # Names this exact content: a hash of the imported features, a fresh random token after
    # an edit. Caches keyed on it are shared by every app in the process and never go stale.
    stamp: Mapped[str] = mapped_column(String(64), default=lambda: uuid.uuid4().hex)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class Feature(db.Model):
    """A feature of a layer; ``version`` guards edits (facility status) against stale saves."""

    __tablename__ = "feature"
    __table_args__ = (UniqueConstraint("layer", "fid"),)
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    layer: Mapped[str] = mapped_column(String(40), index=True)
    fid: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer)
    properties: Mapped[dict] = mapped_column(JSON)
    geometry: Mapped[dict] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)

    def to_geojson(self) -> dict[str, Any]:
        return {
            "type": "Feature",
            "id": self.fid,
            "properties": self.properties,
            "geometry": self.geometry,
        }


def replace_layer(
    name: str,
    features: list[dict[str, Any]],
    source_file: str,
    id_prop: str = "id",
    user: str = "init-db",
    file_name: str = "",
    rollback_of: int | None = None,
    written: Callable[[int], None] | None = None,
) -> int:
    """Swap a layer's features for validated new ones in the caller's transaction, keeping the
    content it replaces and the new one as revisions (``LayerRevision``). With ``written``,
    the features are flushed ``CHUNK`` at a time and ``written(n)`` told after each chunk."""
    rows = [
        {"type": "Feature", "properties": f["properties"], "geometry": f["geometry"]}
        for f in features
    ]
    info = db.session.get(LayerInfo, name)
    if info is not None:
        _keep_live_content(info)
    # Versions keep rising per id across replacements, so an edit form opened before the import
    # can never match a version number again (its save gets 409).
    versions = dict(
        db.session.execute(select(Feature.fid, Feature.version).where(Feature.layer == name)).all()
    )
    db.session.execute(db.delete(Feature).where(Feature.layer == name))
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        db.session.add_all(
            Feature(
                layer=name,
                fid=str(f["properties"][id_prop]),
                position=i,
                properties=f["properties"],
                geometry=f["geometry"],
                version=versions.get(str(f["properties"][id_prop]), 0) + 1,
            )
            for i, f in enumerate(chunk, start)
        )
        if written is not None:
            db.session.flush()
            written(start + len(chunk))
    stamp = hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()
    if info is None:
        info = LayerInfo(
            name=name, source_file=source_file, feature_count=len(rows), revision=1, stamp=stamp
        )
        db.session.add(info)
    else:
        info.source_file, info.feature_count = source_file, len(rows)
        info.revision, info.loaded_at, info.stamp = info.revision + 1, _now(), stamp
    kind = "import" if rollback_of is None else "rollback"
    _add_revision(info, rows, user, file_name or Path(source_file).name, kind, rollback_of)
    return len(rows)


def save_feature(
    name: str, feature: dict[str, Any], expected_version: int | None, user: str, note: str
) -> Feature:
    """Add one validated feature (``expected_version`` None) or replace one at that version, in
    the caller's transaction, and keep the layer's new content as a revision (kind "township"),
    so the edit is listed, compared and rolled back like an import. A stale version or an id
    already taken is refused (409) with nothing changed."""
    info = _lock_layer(name)
    _keep_live_content(info)
    fid = str(feature["properties"]["id"])
    row = db.session.scalar(select(Feature).where(Feature.layer == name, Feature.fid == fid))
    if expected_version is None:
        if row is not None:
            raise ConflictError(f"'{fid}' exists already in layer '{name}'")
        last = db.session.scalar(select(func.max(Feature.position)).where(Feature.layer == name))
        row = Feature(layer=name, fid=fid, position=(last or 0) + 1, version=1)
        db.session.add(row)
    elif row is None:
        raise NotFoundError(code="err_no_feature", id=fid, layer=name)
    elif row.version != expected_version:
        raise ConflictError(
            f"'{fid}' 已被他人修改（版本 {expected_version} → {row.version}），请重新载入 / "
            f"'{fid}' changed since it was loaded (version {expected_version} → {row.version}); "
            "reload it and make the change again"
        )
    else:
        row.version += 1
    row.properties, row.geometry = feature["properties"], feature["geometry"]
    db.session.flush()
    rows = [
        {"type": "Feature", "properties": f["properties"], "geometry": f["geometry"]}
        for f in features(name)
    ]
    info.feature_count, info.revision, info.stamp = len(rows), info.revision + 1, uuid.uuid4().hex
    _add_revision(info, rows, user, note, "township")
    return row


def _lock_layer(name: str) -> LayerInfo:
    """The layer's info row, write-locked for the open transaction (edits of one layer queue
    here, so each gets its own revision number); NotFoundError when the layer is not loaded."""
    result = db.session.execute(
        update(LayerInfo)
        .where(LayerInfo.name == name)
        .values(revision=LayerInfo.revision)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise layer_not_loaded(name)
    return db.session.get(LayerInfo, name, populate_existing=True)


def replace_layers(layers: dict[str, tuple[list[dict[str, Any]], str]]) -> dict[str, int]:
    """Swap several layers (``{name: (features, source_file)}``) in one transaction: all or none."""
    with atomic():
        return {
            name: replace_layer(name, feats, source) for name, (feats, source) in layers.items()
        }


def bump_revision(name: str) -> None:
    """Mark a layer changed (an edited feature) so caches built from it are rebuilt."""
    info = db.session.get(LayerInfo, name)
    if info is not None:
        info.revision += 1
        info.stamp = uuid.uuid4().hex


def layer_infos() -> list[LayerInfo]:
    return list(db.session.scalars(select(LayerInfo).order_by(LayerInfo.name)))


def loaded_layers() -> set[str]:
    return set(db.session.scalars(select(LayerInfo.name)))


def layer_revision(name: str) -> int:
    revision = db.session.scalar(select(LayerInfo.revision).where(LayerInfo.name == name))
    if revision is None:
        raise layer_not_loaded(name)
    return revision


def features(name: str) -> list[dict[str, Any]]:
    """A layer's features as GeoJSON dicts, in file order."""
    rows = db.session.scalars(
        select(Feature).where(Feature.layer == name).order_by(Feature.position)
    )
    return [row.to_geojson() for row in rows]


def stamped_features(name: str) -> tuple[str, list[dict[str, Any]]]:
    """A layer's content stamp and its features (file order), read in one statement: each
    database answers a statement from one snapshot, so a replacement in between can never pair
    one content's stamp with another content's features (a copy stored under a wrong stamp)."""
    rows = db.session.execute(
        select(LayerInfo.stamp, Feature)
        .outerjoin(Feature, Feature.layer == LayerInfo.name)
        .where(LayerInfo.name == name)
        .order_by(Feature.position)
    ).all()
    if not rows:
        raise layer_not_loaded(name)
    return rows[0][0], [row.to_geojson() for _, row in rows if row is not None]


def feature_rows(name: str) -> list[Feature]:
    """A layer's feature rows (with their versions), in file order."""
    query = select(Feature).where(Feature.layer == name).order_by(Feature.position)
    return list(db.session.scalars(query))


def feature(name: str, fid: str) -> Feature:
    row = db.session.scalar(select(Feature).where(Feature.layer == name, Feature.fid == fid))
    if row is None:
        raise NotFoundError(code="err_no_feature", id=fid, layer=name)
    return row


def feature_count(name: str) -> int:
    return db.session.scalar(select(func.count()).where(Feature.layer == name)) or 0


def layer_stamp(name: str) -> str:
    stamp = db.session.scalar(select(LayerInfo.stamp).where(LayerInfo.name == name))
    if stamp is None:
        raise layer_not_loaded(name)
    return stamp


def layer_stamps() -> dict[str, str]:
    """Every loaded layer's content stamp, in one query: what a page drawn from all the layers
    is keyed on."""
    return {
        name: stamp for name, stamp in db.session.execute(select(LayerInfo.name, LayerInfo.stamp))
    }


_CACHE: OrderedDict[tuple[str, str], Any] = OrderedDict()
_CACHE_SIZE = 64
_CACHE_LOCK = threading.Lock()


def cached_by_revision(key: str, layer: str, build: Callable[[list[dict[str, Any]]], Any]) -> Any:
    """Build something from a layer once per content (display copies, the road graph).

    Keyed on the layer's stamp, so an edit or a re-import rebuilds it, and apps that hold the
    same content (tests, several workers' databases) share one copy. Values must be treated as
    read-only."""

    def make(_stamp: str) -> tuple[str, Any]:
        stamp, feats = stamped_features(layer)
        return stamp, build(feats)

    return cached_by_stamp(key, layer, make)


def cached_by_stamp(key: str, layer: str, make: Callable[[str], tuple[str, Any]]) -> Any:
    """``cached_by_revision`` for a value made from the layer's stamp alone (read from a copy
    stored under it), so a process that finds it stored never reads the features. ``make``
    answers the stamp of what it was made of with it (the layer may have been replaced since
    the stamp was read), and the value is kept under that one."""
    stamp = layer_stamp(layer)
    with _CACHE_LOCK:
        if (key, stamp) in _CACHE:
            _CACHE.move_to_end((key, stamp))
            return _CACHE[(key, stamp)]
    made_of, value = make(stamp)
    with _CACHE_LOCK:
        _CACHE[(key, made_of)] = value
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value


# ------------------------------------------------------------------------- import history


class LayerImport(db.Model):
    """One replacement of a layer through an upload: who, when, which file, before and after."""

    __tablename__ = "layer_import"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layer: Mapped[str] = mapped_column(String(40), index=True)
    file_name: Mapped[str] = mapped_column(String(400))
    feature_count: Mapped[int] = mapped_column(Integer)
    previous_count: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)  # the layer's revision after the import
    imported_by: Mapped[str] = mapped_column(String(80))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


def replace_layer_recorded(
    name: str,
    features: list[dict[str, Any]],
    source_file: str,
    file_name: str,
    user: str,
    expected_revision: int | None = None,
    rollback_of: int | None = None,
) -> LayerImport:
    """Replace a layer and record who did it, in one transaction: both or neither. With
    ``expected_revision`` (the revision a preview showed), a layer changed since is refused
    inside the same transaction (409), so nothing can slip in between check and write."""
    with atomic():
        if expected_revision is not None:
            _claim_revision(name, expected_revision)
        record = _replace_and_record(name, features, source_file, file_name, user, rollback_of)
    return record


def replace_layers_recorded(
    layers: dict[str, list[dict[str, Any]]],
    source_file: str,
    file_name: str,
    user: str,
    expected: dict[str, int] | None = None,
    written: Callable[[int, int], None] | None = None,
) -> list[LayerImport]:
    """Replace several layers read from one file (an OSM extract's roads, rivers, rail and
    places) in one transaction: if any layer fails, every layer keeps its live revision. With
    ``expected`` revisions (those a report was made on), a layer changed since is refused (409)
    before anything is written. ``written(done, total)`` is told the features written so far,
    a chunk at a time, from inside the transaction."""
    total, records = sum(len(feats) for feats in layers.values()), []
    with atomic():
        for name, revision in (expected or {}).items():
            if name in layers:
                _claim_revision(name, revision)
        for name, feats in layers.items():
            before = sum(record.feature_count for record in records)
            told = None if written is None else lambda n, before=before: written(before + n, total)
            records.append(
                _replace_and_record(name, feats, source_file, file_name, user, written=told)
            )
    return records


def _replace_and_record(
    name: str,
    features: list[dict[str, Any]],
    source_file: str,
    file_name: str,
    user: str,
    rollback_of: int | None = None,
    written: Callable[[int], None] | None = None,
) -> LayerImport:
    """Swap one layer and add its import record, in the caller's transaction."""
    previous = feature_count(name)
    count = replace_layer(
        name, features, source_file, user=user, file_name=file_name, rollback_of=rollback_of,
        written=written,
    )  # fmt: skip
    record = LayerImport(
        layer=name,
        file_name=file_name,
        feature_count=count,
        previous_count=previous,
        revision=layer_revision(name),
        imported_by=user,
        imported_at=_now(),
    )
    db.session.add(record)
    db.session.flush()  # a database refusal surfaces here, naming this layer's rows
    return record


def _claim_revision(name: str, expected: int) -> None:
    """Compare-and-swap on the layer's revision: the write lock is taken here, in the open
    transaction; ``replace_layer`` then moves the revision on."""
    result = db.session.execute(
        update(LayerInfo)
        .where(LayerInfo.name == name, LayerInfo.revision == expected)
        .values(revision=expected)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ConflictError(
            f"layer '{name}' changed since the preview (revision {expected} → "
            f"{layer_revision(name)}); upload the file again to see what it would change now"
        )


def import_history(limit: int = 50) -> list[LayerImport]:
    """The latest layer imports, newest first."""
    query = select(LayerImport).order_by(LayerImport.imported_at.desc(), LayerImport.id.desc())
    return list(db.session.scalars(query.limit(limit)))


# ------------------------------------------------------------------------- revisions


class LayerRevision(db.Model):
    """The full content of a layer as it was live at one revision (a FeatureCollection), so any
    import can be compared and rolled back. Today's features stay in ``feature``, where they
    are read; this table is read only to list, compare and roll back.

    ``kind``: import (a file or the shipped layers), rollback (of ``rollback_of``), edits (the
    live content edited since the last revision, kept just before a replacement) or baseline
    (content loaded before revisions were kept)."""

    __tablename__ = "layer_revision"
    __table_args__ = (UniqueConstraint("layer", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layer: Mapped[str] = mapped_column(String(40), index=True)
    number: Mapped[int] = mapped_column(Integer)  # the layer's revision while it was live
    kind: Mapped[str] = mapped_column(String(20))
    rollback_of: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source_file: Mapped[str] = mapped_column(String(400))
    file_name: Mapped[str] = mapped_column(String(400))
    feature_count: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    stamp: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict] = mapped_column(JSON)


def _add_revision(
    info: LayerInfo,
    rows: list[dict[str, Any]],
    user: str,
    file_name: str,
    kind: str,
    rollback_of: int | None = None,
    at: datetime | None = None,
) -> None:
    db.session.add(
        LayerRevision(
            layer=info.name,
            number=info.revision,
            kind=kind,
            rollback_of=rollback_of,
            source_file=info.source_file,
            file_name=file_name,
            feature_count=len(rows),
            created_by=user,
            created_at=at or _now(),
            stamp=info.stamp,
            content={"type": "FeatureCollection", "features": rows},
        )
    )


def _keep_live_content(info: LayerInfo) -> None:
    """Before a replacement: keep the live content as a revision unless the latest revision
    already holds it (same stamp), i.e. after facility edits or for a layer loaded before
    revisions were kept."""
    latest = db.session.scalar(
        select(LayerRevision.stamp)
        .where(LayerRevision.layer == info.name)
        .order_by(LayerRevision.number.desc())
        .limit(1)
    )
    if latest == info.stamp:
        return
    rows = [
        {"type": "Feature", "properties": f["properties"], "geometry": f["geometry"]}
        for f in features(info.name)
    ]
    if latest is None:  # loaded before revisions were kept: by whom is not known
        _add_revision(info, rows, "", Path(info.source_file).name, "baseline", at=info.loaded_at)
    else:
        _add_revision(info, rows, "", Path(info.source_file).name, "edits")


def revisions(name: str) -> list[LayerRevision]:
    """A layer's revisions, newest first, without their content."""
    query = (
        select(LayerRevision)
        .options(defer(LayerRevision.content))
        .where(LayerRevision.layer == name)
        .order_by(LayerRevision.number.desc())
    )
    return list(db.session.scalars(query))


def all_revisions() -> dict[str, list[LayerRevision]]:
    """Every layer's revisions (newest first, without content), by layer."""
    query = (
        select(LayerRevision)
        .options(defer(LayerRevision.content))
        .order_by(LayerRevision.layer, LayerRevision.number.desc())
    )
    out: dict[str, list[LayerRevision]] = {}
    for row in db.session.scalars(query):
        out.setdefault(row.layer, []).append(row)
    return out


def revision(name: str, number: int) -> LayerRevision:
    row = db.session.scalar(
        select(LayerRevision).where(LayerRevision.layer == name, LayerRevision.number == number)
    )
    if row is None:
        raise no_such_revision(name, number)
    return row
