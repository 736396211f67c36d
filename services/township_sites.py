"""Township staff prepare their own candidate stops: add one inside their township, move it, edit
its names, theme, description, visit time, readiness, presenter and talking points, and attach
photos.

Every change builds the whole new stops layer, passes it through the one loader
(``geo.layers.loader.validate_features``, exactly as an imported file) and the own-township rule
(``geo.layers.sites``), then saves the stop as a new revision of the layer
(``store.layers.save_feature``) with a history row (``store.sites``), in one transaction.
Photos are checked and cleaned by ``geo.photos`` and stored with their row by ``store.photos``.
Callers pass the user (``Editor``) and the upload folder; nothing here reads a request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from geo import photos as photo_rules
from geo.errors import ForbiddenError, GeoInputError, NotFoundError, ValidationError
from geo.layers import sites
from geo.layers.catalogue import LAYERS
from geo.layers.loader import county_geometry, validate_features
from store import atomic
from store import layers as layer_store
from store import photos as photo_store
from store import sites as history_store

LAYER = "stops"


@dataclass(frozen=True)
class Editor:
    """Who is editing: the user name and the township the account is bound to (None: none)."""

    username: str
    township_code: str | None


@dataclass(frozen=True)
class Stop:
    """One stop as the township page shows it: the feature, its version and its photos."""

    feature: dict[str, Any]
    version: int
    photos: list[photo_store.StopPhoto] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.feature["properties"]["id"],
            "version": self.version,
            "properties": self.feature["properties"],
            "lon": self.feature["geometry"]["coordinates"][0],
            "lat": self.feature["geometry"]["coordinates"][1],
            "photos": [p.to_dict() for p in self.photos],
        }


@dataclass(frozen=True)
class Township:
    properties: dict[str, Any]
    geometry: dict[str, Any]
    stops: list[Stop]


@dataclass(frozen=True)
class Saved:
    stop: Stop
    revision: int  # the stops layer's revision this change made
    changes: dict[str, list[Any]]


@dataclass(frozen=True)
class PhotoPlace:
    """Where a photo says it was taken, and whether a stop may be added there."""

    lon: float
    lat: float
    inside: bool  # inside the editor's township
    refusal: GeoInputError | None  # why not, when not (said in the user's language)


# ------------------------------------------------------------------------- reading


def _own_township(editor: Editor) -> dict[str, Any]:
    """The editor's township feature; ForbiddenError for an account bound to none."""
    if editor.township_code:
        for feature in layer_store.features("townships"):
            if feature["properties"]["id"] == editor.township_code:
                return feature
    raise ForbiddenError(
        "此操作需要绑定乡镇的乡镇账号 / this needs a township account bound to a township "
        "(flask --app app create-user NAME --role township --township CODE)"
    )


def township(editor: Editor) -> Township:
    """The editor's township with its stops (each with its version and photos)."""
    town = _own_township(editor)
    code = town["properties"]["id"]
    rows = [r for r in layer_store.feature_rows(LAYER) if r.properties["township_code"] == code]
    photos = photo_store.photos_of([r.fid for r in rows])
    stops = [Stop(r.to_geojson(), r.version, photos.get(r.fid, [])) for r in rows]
    return Township(town["properties"], town["geometry"], stops)


def _own_stop(editor: Editor, stop_id: str) -> tuple[dict[str, Any], layer_store.Feature]:
    town = _own_township(editor)
    row = layer_store.feature(LAYER, stop_id)
    code = row.properties["township_code"]
    if code != town["properties"]["id"]:
        names = {f["properties"]["id"]: f["properties"] for f in layer_store.features("townships")}
        other = names.get(code, {"name_zh": code, "name_en": code})
        own = town["properties"]
        raise ForbiddenError(
            f"考察点 {stop_id} 属于{other['name_zh']}，不属于{own['name_zh']} / stop {stop_id} "
            f"belongs to {other['name_en']}; you edit only the stops of {own['name_en']}"
        )
    return town, row


def history(editor: Editor, stop_id: str) -> list[history_store.StopChange]:
    """A stop's changes, newest first."""
    _own_stop(editor, stop_id)
    return history_store.history(stop_id)


def flags_since(since: datetime | None) -> dict[str, history_store.Flag]:
    """Stops the townships added or changed since ``since``: what a planner should look at."""
    return history_store.flags_since(since)


# ------------------------------------------------------------------------- changing stops


def _validated(stop: dict[str, Any], label: str) -> dict[str, Any]:
    """The stop as the stops layer would hold it after the change, checked by the loader
    together with every other stop, exactly as an imported file is."""
    others = [f for f in layer_store.features(LAYER) if f["properties"]["id"] != label]
    county = county_geometry(layer_store.features("county"))
    clean = validate_features(label, LAYERS[LAYER], [*others, stop], county)
    return clean[-1]


def _position(body: dict[str, Any]) -> dict[str, Any] | None:
    if "lon" not in body and "lat" not in body:
        return None
    return sites.point(body.get("lon"), body.get("lat"))


def _fields(body: dict[str, Any]) -> dict[str, Any]:
    return sites.clean_fields({k: v for k, v in body.items() if k not in ("lon", "lat", "version")})


def add_stop(editor: Editor, body: dict[str, Any]) -> Saved:
    """A new stop where the user clicked (``lon``, ``lat``), inside the editor's township."""
    town = _own_township(editor)
    geometry = _position(body)
    if geometry is None:
        raise ValidationError(code="err_click_position")
    fields = _fields(body)
    sites.check_in_township(layer_store.features("townships"), town["properties"]["id"], geometry)
    ids = [f["properties"]["id"] for f in layer_store.features(LAYER)]
    stop_id = sites.new_stop_id(town["properties"]["id"], ids)
    stop = _validated(sites.new_stop(stop_id, town["properties"], fields, geometry), stop_id)
    return _save(editor, town, None, stop, None, "add")


def edit_stop(editor: Editor, stop_id: str, body: dict[str, Any]) -> Saved:
    """Change an own stop at the ``version`` the user loaded (else 409): fields and/or position
    (a move stays inside the township)."""
    version = body.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValidationError(code="err_version_required")
    town, row = _own_stop(editor, stop_id)
    geometry = _position(body)
    fields = _fields(body)
    if geometry is not None:
        code = town["properties"]["id"]
        sites.check_in_township(layer_store.features("townships"), code, geometry)
    old = row.to_geojson()
    stop = _validated(sites.edited_stop(old, fields, geometry), stop_id)
    return _save(editor, town, old, stop, version, "edit")


def _save(
    editor: Editor,
    town: dict[str, Any],
    old: dict[str, Any] | None,
    stop: dict[str, Any],
    version: int | None,
    action: str,
) -> Saved:
    stop_id = stop["properties"]["id"]
    changes = sites.changes(old, stop)
    note = f"{town['properties']['name_zh']} {editor.username}: {action} {stop_id}"
    with atomic():
        row = layer_store.save_feature(LAYER, stop, version, editor.username, note)
        revision = layer_store.layer_revision(LAYER)
        code = town["properties"]["id"]
        history_store.record(stop_id, code, action, changes, editor.username, revision)
    photos = photo_store.photos_of([stop_id]).get(stop_id, [])
    return Saved(Stop(row.to_geojson(), row.version, photos), revision, changes)


# ------------------------------------------------------------------------- photos


def add_photo(
    root: Path,
    editor: Editor,
    stop_id: str,
    data: bytes,
    file_name: str,
    keep_location: bool,
) -> photo_store.StopPhoto:
    """Attach a checked, cleaned photo to an own stop: files and row together, or neither."""
    town, _row = _own_stop(editor, stop_id)
    photo = photo_rules.read_photo(data, file_name, keep_location)
    kept = photo.location if photo.kept_location else None
    with (
        photo_store.written(root, stop_id, photo.data, photo.thumbnail, photo.extension) as files,
        atomic(),
    ):
        row = photo_store.add(
            stop_id,
            files,
            **photo.record(file_name),
            kept_location=photo.kept_location,
            lon=kept[0] if kept else None,
            lat=kept[1] if kept else None,
            uploaded_by=editor.username,
        )
        change = {"photo": [None, file_name[:200]], "sha256": [None, files.sha256]}
        history_store.record(stop_id, town["properties"]["id"], "photo", change, editor.username)
    return row


def remove_photo(root: Path, editor: Editor, photo_id: int) -> None:
    """Take a photo off an own stop (the row, then its files)."""
    row = photo_store.get(photo_id)
    town, _stop = _own_stop(editor, row.stop_id)
    with atomic():
        change = {"photo": [row.file_name, None]}
        code = town["properties"]["id"]
        history_store.record(row.stop_id, code, "photo_removed", change, editor.username)
        photo_store.delete(row)
    photo_store.remove_files(root, row)


def photo_file(root: Path, photo_id: int, thumbnail: bool) -> tuple[Path, str]:
    """A stored photo (or its thumbnail) and its media type, for reading."""
    row = photo_store.get(photo_id)
    media = "image/jpeg" if thumbnail else row.media_type
    return photo_store.file_path(root, row, thumbnail), media


def photo_place(editor: Editor, data: bytes, file_name: str) -> PhotoPlace:
    """Where a photo was taken (its GPS tags), offered as the place of a new stop; nothing is
    stored. NotFoundError when the photo carries no position."""
    town = _own_township(editor)
    location = photo_rules.photo_location(data, file_name)
    if location is None:
        raise NotFoundError(code="err_photo_no_gps", file=file_name)
    geometry = sites.point(*location)
    try:
        sites.check_in_township(
            layer_store.features("townships"), town["properties"]["id"], geometry
        )
    except GeoInputError as exc:
        return PhotoPlace(*location, inside=False, refusal=exc)
    return PhotoPlace(*location, inside=True, refusal=None)
