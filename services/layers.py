"""Layer use cases: loading the shipped layers, replacing one layer from a file on the command
line, and the admin upload (stage and validate -> preview -> apply atomically, or cancel).

Every file, shipped or uploaded, goes through the one loader (``geo.layers.loader.load_layer``)
before the store is touched; the preview's checks come from ``geo.layers.preview`` and the swap
from ``store.layers``. Callers pass the folders and the user; nothing here reads a request.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from geo.errors import ConflictError, GeoInputError, JiangleError
from geo.i18n import text
from geo.layers import diff, uploads
from geo.layers import preview as checks
from geo.layers.catalogue import INSIDE_COUNTY, LAYERS, LayerSpec, unknown_layer
from geo.layers.dbf import DbfEncoding, dbf_encoding
from geo.layers.loader import (
    COUNTY_TOLERANCE_M,
    county_geometry,
    load_all,
    load_layer,
    outside_county,
)
from geo.layers.mapping import FieldMapping
from geo.layers.source import is_table
from geo.layers.tiling import TilingProblem, tiling_problems
from services import layer_mapping
from services.display import warm_after_import
from services.layer_mapping import MappingForm, MappingSummary
from store import layers as store
from store import setup
from store.facilities import history as facility_history
from store.plans import list_plans

log = logging.getLogger(__name__)
SAMPLE_ROWS = 5
COMMAND_LINE = "command line"


class UploadRefused(JiangleError):
    """An upload that cannot be staged or applied: the layer it was for, and why (with the file
    name the user chose, not the staged copy's); nothing was changed."""

    def __init__(self, layer: str, message: str, status: int):
        super().__init__(message)
        self.layer, self.status = layer, status


@dataclass(frozen=True)
class LayerRow:
    name: str
    spec: LayerSpec
    info: store.LayerInfo | None  # None: not loaded
    last: store.LayerImport | None  # the latest upload, if any
    revisions: list[store.LayerRevision]  # newest first, without content


@dataclass(frozen=True)
class Catalogue:
    layers: list[LayerRow]
    history: list[store.LayerImport]  # newest first
    accept: str  # the file extensions an upload may have


@dataclass(frozen=True)
class Preview:
    """What applying a staged upload would change; nothing is saved until it is applied."""

    item: uploads.Staged
    spec: LayerSpec
    count: int
    old_count: int
    changes: dict[str, Any]
    columns: list[str]
    sample: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    blockers: list[dict[str, Any]]  # a county outline that leaves features outside: no apply
    tolerance_m: float
    sketch: dict[str, Any]
    encoding: DbfEncoding | None = None  # a Shapefile's attribute encoding, and how it was found
    mapping: MappingSummary | None = None  # how a file in another schema was read
    tiling: list[TilingProblem] = field(default_factory=list)  # townships vs the county outline


@dataclass(frozen=True)
class Applied:
    layer: str
    count: int


@dataclass(frozen=True)
class Comparison:
    """A stored revision against the live layer: what rolling back to it would undo."""

    layer: str
    revision: store.LayerRevision
    current: int  # the live revision
    changes: dict[str, list[dict[str, Any]]]  # added / removed / changed since the revision


# ---------------------------------------------------------------------------------------------
# Shipped layers and the command line
# ---------------------------------------------------------------------------------------------
def init_db(layer_dir: Path, reload: bool = False) -> dict[str, int]:
    """Create missing tables and load the layers that are not loaded yet (every layer with
    ``reload``), all in one transaction. Every file is validated before the database is
    touched; layers already loaded are kept by default, as they may hold facility edits or real
    data uploaded since."""
    layers = load_all(layer_dir)
    setup.upgrade_schema()
    loaded = store.loaded_layers()
    counts = store.replace_layers(
        {
            name: (feats, str(layer_dir / f"{name}.geojson"))
            for name, feats in layers.items()
            if reload or name not in loaded
        }
    )
    log.info("loaded layers %s", counts)
    return counts


def ensure_loaded(layer_dir: Path) -> dict[str, int]:
    """First run: load the shipped layers unless every layer is in the database already."""
    setup.upgrade_schema()  # runs the migrations an older database lacks
    if store.loaded_layers() >= set(LAYERS):
        return {}
    return init_db(layer_dir)


def _county(name: str):
    return None if name == "county" else county_geometry(store.features("county"))


def import_layer(name: str, path: Path, user: str = COMMAND_LINE) -> int:
    """Replace one layer from a file (GeoJSON, Shapefile, GeoPackage, KML): all or nothing."""
    feats = load_layer(name, path, _county(name))
    store.replace_layer_recorded(name, feats, str(path), path.name, user=user)
    warm_after_import(name)
    return len(feats)


def import_mapped(
    name: str,
    path: Path,
    field_map: FieldMapping,
    user: str = COMMAND_LINE,
    guess_rest: bool = False,
) -> MappingSummary:
    """Replace one layer from a file in another schema, read through a field mapping (with
    ``guess_rest``, the guesses fill what the mapping leaves out)."""
    _known(name)
    county = _county(name)
    feats, summary = layer_mapping.read_mapped(name, path, path.name, field_map, county, guess_rest)
    store.replace_layer_recorded(name, feats, str(path), path.name, user=user)
    warm_after_import(name)
    return summary


# ---------------------------------------------------------------------------------------------
# Admin uploads
# ---------------------------------------------------------------------------------------------
def catalogue() -> Catalogue:
    infos = {info.name: info for info in store.layer_infos()}
    history = store.import_history()
    last = {record.layer: record for record in reversed(history)}
    revisions = store.all_revisions()
    return Catalogue(
        [
            LayerRow(name, spec, infos.get(name), last.get(name), revisions.get(name, []))
            for name, spec in LAYERS.items()
        ],
        history,
        ",".join(uploads.ALLOWED_EXTENSIONS),
    )


def _user_file_name(message: str, item: uploads.Staged) -> str:
    """Messages name the staged copy; show the name the user uploaded instead."""
    staged_name = item.data_path.name
    original = item.meta["file_name"]
    if message.startswith(staged_name) and not original.lower().endswith(".zip"):
        return original + message[len(staged_name) :]
    return message


def _county_blockers(name: str, feats: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For a new county outline: the stored features it would leave outside, per layer."""
    if name != "county":
        return []
    current = {layer: store.features(layer) for layer in INSIDE_COUNTY}
    return checks.county_blockers(feats, current)


def stage_upload(
    upload_root: Path,
    name: str,
    stream: BinaryIO | None,
    file_name: str,
    lang: str,
    user: str,
    map_fields: bool = False,
) -> Preview | MappingForm:
    """Stage and validate an upload and say what it would change; UploadRefused (nothing kept)
    when no file was chosen or the file is unsafe or invalid. A file in another schema
    (``map_fields``, or any table) gets the field-mapping form first."""
    if name not in LAYERS:
        raise unknown_layer(name)
    if stream is None or not file_name:
        raise UploadRefused(name, text("admin_choose_file", lang), 422)
    meta = {"layer": name, "revision": store.layer_revision(name), "uploaded_by": user}
    if map_fields or is_table(file_name):
        try:
            return layer_mapping.stage(upload_root, name, stream, file_name, meta)
        except GeoInputError as exc:
            raise UploadRefused(name, exc.say(lang), exc.status) from None
    try:
        item = uploads.stage(upload_root, stream, file_name, meta, uploads.MAX_UPLOAD_BYTES)
    except GeoInputError as exc:
        raise UploadRefused(name, exc.say(lang), exc.status) from None
    try:
        feats = load_layer(name, item.data_path, _county(name))
    except GeoInputError as exc:
        uploads.discard(item)
        raise UploadRefused(name, _user_file_name(exc.say(lang), item), exc.status) from None
    return _preview(item, feats)


def mapping_form(upload_root: Path, token: str, field_map: FieldMapping) -> MappingForm:
    """The field-mapping form of a staged upload again, for a changed mapping."""
    return layer_mapping.form(upload_root, token, field_map)


def preview_mapped(upload_root: Path, token: str, field_map: FieldMapping) -> Preview | MappingForm:
    """Read a staged file through a field mapping and say what applying it would change; the
    mapping is kept with the upload for apply. When the mapped file does not validate, the
    mapping form again with why (the upload kept, so the mapping can be corrected)."""
    item = layer_mapping.remember(uploads.staged(upload_root, token), field_map)
    try:
        feats, summary = layer_mapping.load_mapped(item, _county(item.meta["layer"]))
    except GeoInputError as exc:
        return layer_mapping.form(upload_root, token, field_map, str(exc))
    return _preview(item, feats, summary)


def _preview(
    item: uploads.Staged, feats: list[dict[str, Any]], summary: MappingSummary | None = None
) -> Preview:
    name = item.meta["layer"]
    spec = LAYERS[name]
    current = {layer: store.features(layer) for layer in LAYERS if layer != "roads"}
    current["roads"] = []  # nothing refers to road ids; skip the big layer
    old = store.features(name) if name == "roads" else current[name]
    plans = [p.to_dict() for p in list_plans()]
    history_ids = [c["plant_id"] for c in facility_history()] if name == "sewage_plants" else []
    return Preview(
        item=item,
        spec=spec,
        count=len(feats),
        old_count=len(old),
        changes=checks.id_changes(old, feats),
        columns=[p.name for p in spec.props],
        sample=[f["properties"] for f in feats[:SAMPLE_ROWS]],
        warnings=checks.reference_warnings(name, feats, current, plans, history_ids),
        blockers=_county_blockers(name, feats),
        tolerance_m=COUNTY_TOLERANCE_M,
        sketch=checks.sketch(feats, current["county"]),
        encoding=dbf_encoding(item.data_path),
        mapping=summary,
        tiling=_tiling(name, feats, current),
    )


def _tiling(
    name: str, feats: list[dict[str, Any]], current: dict[str, list]
) -> list[TilingProblem]:
    """Gaps and overlaps of the townships in the county, for a new township layer or outline."""
    if name == "townships":
        return tiling_problems(feats, current["county"])
    if name == "county":
        return tiling_problems(current["townships"], feats)
    return []


def apply_upload(upload_root: Path, token: str, user: str) -> Applied:
    """Validate the staged file again and swap the layer in one transaction, refused (409) if
    the layer changed since the preview. The staged copy is removed either way."""
    item = uploads.staged(upload_root, token)
    name = item.meta["layer"]
    try:
        if "mapping" in item.meta:
            feats, _summary = layer_mapping.load_mapped(item, _county(name))
        else:
            feats = load_layer(name, item.data_path, _county(name))
        file_name = item.meta["file_name"]
        blockers = _county_blockers(name, feats)
        if blockers:
            raise GeoInputError(checks.county_refusal(file_name, blockers))
        store.replace_layer_recorded(
            name,
            feats,
            f"upload: {file_name}",
            file_name,
            user,
            expected_revision=item.meta["revision"],
        )
        warm_after_import(name)
    except (GeoInputError, ConflictError) as exc:
        raise UploadRefused(name, _user_file_name(str(exc), item), exc.status) from None
    finally:
        uploads.discard(item)
    return Applied(name, len(feats))


def cancel_upload(upload_root: Path, token: str) -> None:
    uploads.discard(uploads.staged(upload_root, token))


# ---------------------------------------------------------------------------------------------
# Revisions: list, compare with the live layer, roll back
# ---------------------------------------------------------------------------------------------
def _known(name: str) -> LayerSpec:
    if name not in LAYERS:
        raise unknown_layer(name)
    return LAYERS[name]


def revisions(name: str) -> list[store.LayerRevision]:
    """A layer's revisions, newest first."""
    _known(name)
    store.layer_revision(name)  # NotFoundError for a layer not loaded
    return store.revisions(name)


def compare_revision(name: str, number: int) -> Comparison:
    """What changed from revision ``number`` to the live layer, features named."""
    spec = _known(name)
    old = store.revision(name, number)
    changes = diff.compare(old.content["features"], store.features(name), spec.id_prop)
    return Comparison(name, old, store.layer_revision(name), changes)


def _outside_refusal(name: str, feats: list[dict[str, Any]], number: int) -> str | None:
    """Why revision ``number`` cannot be live again with today's county outline, if it cannot:
    the same inside-county rule as an import."""
    if name == "county":
        blockers = _county_blockers(name, feats)
        return checks.county_refusal(f"revision {number}", blockers) if blockers else None
    if name not in INSIDE_COUNTY:
        return None
    outside = outside_county(feats, county_geometry(store.features("county")))
    if not outside:
        return None
    ids = ", ".join(str(feats[i]["properties"].get(LAYERS[name].id_prop)) for i in outside[:10])
    return (
        f"修订 {number} 中有要素位于当前县界之外，未回滚 / revision {number}: not rolled back; "
        f"these features lie outside today's county outline: {ids}; nothing changed"
    )


def rollback_layer(
    name: str, number: int, user: str = COMMAND_LINE, expected_revision: int | None = None
) -> Applied:
    """Make revision ``number`` live again as a new revision (so a rollback can be undone), in
    one transaction; with ``expected_revision`` (the revision the page showed) a layer changed
    since is refused (409)."""
    _known(name)
    old = store.revision(name, number)
    feats = old.content["features"]
    refusal = _outside_refusal(name, feats, number)
    if refusal:
        raise GeoInputError(refusal)
    store.replace_layer_recorded(
        name,
        feats,
        old.source_file,
        old.file_name,
        user,
        expected_revision=expected_revision,
        rollback_of=number,
    )
    warm_after_import(name)
    return Applied(name, len(feats))
