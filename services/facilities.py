"""Facility use cases: the dashboard, one plant, status edits and the spreadsheet bulk update.

The rules (who may edit which plant, edit validation, date order, the bulk file's checks) run
here on plain data read from the store, before anything is written; ``store.facilities`` then
saves with a compare-and-set on each plant's version, so a change checked against version n is
stored only while the plant is still at n. Callers pass the user, language and today.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

from geo.errors import Both, ConflictError, ForbiddenError, JiangleError, ValidationError
from geo.facilities import dashboard as fac
from geo.facilities.form import update_form
from geo.i18n import name, text
from store import facilities as store


class User(Protocol):
    """Who is asking: a logged-in account (``None`` stands for an anonymous visitor)."""

    username: str
    role: str
    unit: str | None


@dataclass(frozen=True)
class Filters:
    """The dashboard filters; an empty filter does not restrict."""

    township: str | None = None
    status: str | None = None
    late_only: bool = False

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in fac.PLANT_STATUSES:
            raise fac.not_a_status(self.status)


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard page shows; ``plants`` are the filtered plants for its map."""

    plants: list[dict[str, Any]]
    rows: list[dict[str, Any]]
    summary: dict[str, Any]
    filters: Filters
    townships: list[tuple[str, str]]
    indicators: list[tuple[fac.Indicator, dict[str, Any]]]
    charts: dict[str, Any]


@dataclass(frozen=True)
class PlantRecord:
    """One plant as GeoJSON with its derived state, and its change history (oldest first)."""

    feature: dict[str, Any]
    history: list[dict[str, Any]]


@dataclass(frozen=True)
class PlantPage:
    plant: dict[str, Any]
    township: str | None
    history: list[dict[str, Any]]  # newest first
    editable: bool


@dataclass(frozen=True)
class BulkChange:
    row: int
    plant: str
    changed: list[tuple[str, Any, Any]]
    stale: bool  # changed since the versions the preview was made against


@dataclass(frozen=True)
class BulkPreview:
    """A checked update file: what it would change, its errors, the versions it was read at,
    and how many plants were saved (0 until it is applied without errors)."""

    file_name: str
    result: fac.BulkResult
    changes: list[BulkChange]
    versions: dict[str, int]
    applied: int = 0


@dataclass(frozen=True)
class FormFile:
    body: bytes
    mimetype: str
    file_name: str


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------
def may_edit(user: User | None, properties: dict[str, Any]) -> bool:
    return user is not None and fac.may_edit(user.role, user.unit, properties)


def with_state(plant: dict[str, Any], today: date) -> dict[str, Any]:
    props = plant["properties"]
    return {**plant, "properties": {**props, **fac.plant_state(props, today)}}


def listed(filters: Filters, today: date) -> list[dict[str, Any]]:
    """The plants matching the filters, each with late, days_left, load_gap and version."""
    chosen = fac.filter_plants(store.plants(), today, **asdict(filters))
    return [with_state(p, today) for p in chosen]


def plant_record(plant_id: str, today: date) -> PlantRecord:
    return PlantRecord(with_state(store.plant(plant_id), today), store.history(plant_id))


def indicators(path: Path) -> list[fac.Indicator]:
    """The plan's indicators from their CSV file (``data/indicators.csv`` by default)."""
    return fac.read_indicators(path.read_text(encoding="utf-8"), path.name)


def dashboard(
    filters: Filters, lang: str, user: User | None, today: date, indicators_path: Path
) -> Dashboard:
    everything = store.plants()
    chosen = fac.filter_plants(everything, today, **asdict(filters))
    townships = store.townships()
    town_names = {t["properties"]["id"]: name(t["properties"], lang) for t in townships}
    live = fac.with_live_values(indicators(indicators_path), everything, townships, today)
    return Dashboard(
        plants=chosen,
        rows=[_row(p, town_names, lang, user, today) for p in chosen],
        summary=fac.summary(everything, today),
        filters=filters,
        townships=sorted(town_names.items()),
        indicators=[(i, fac.indicator_progress(i, today)) for i in live],
        charts=_chart_data(everything, live, lang, today),
    )


def _row(plant: dict, town_names: dict[str, str], lang: str, user: User | None, today: date):
    props = plant["properties"]
    return {
        **props,
        **fac.plant_state(props, today),
        "label": name(props, lang),
        "township": town_names.get(props.get("township_code"), props.get("township_code")),
        "editable": may_edit(user, props),
    }


def _chart_data(
    plants: list[dict], indicators: list[fac.Indicator], lang: str, today: date
) -> dict[str, Any]:
    """Plain numbers and labels for the two charts (drawn by static/js/facilities.js)."""
    loaded = [p["properties"] for p in plants if p["properties"].get("load_rate") is not None]
    timeline = fac.operating_timeline(plants, store.history(), today)
    goal = next((i for i in indicators if i.computed == "township_plants_operating"), None)
    return {
        "load": {
            "labels": [name(p, lang) for p in loaded],
            "load": [p["load_rate"] for p in loaded],
            "target": [p.get("target_load_rate") for p in loaded],
        },
        "timeline": {
            "labels": [p["date"] for p in timeline],
            "operating": [p["operating"] for p in timeline],
            "township": [p["township_operating"] for p in timeline],
            "goal": goal.target if goal else None,
            "goal_date": goal.deadline if goal else None,
        },
        "text": {
            key: text(key, lang)
            for key in ("load_rate", "target", "operating_all", "operating_township", "goal")
        },
    }


def plant_page(plant_id: str, lang: str, user: User | None, today: date) -> PlantPage:
    props = store.plant(plant_id)["properties"]
    towns = {t["properties"]["id"]: t["properties"] for t in store.townships()}
    town = towns.get(props.get("township_code"))
    return PlantPage(
        plant={**props, **fac.plant_state(props, today), "label": name(props, lang)},
        township=name(town, lang) if town else props.get("township_code"),
        history=list(reversed(store.history(plant_id))),
        editable=may_edit(user, props),
    )


# ---------------------------------------------------------------------------------------------
# Editing one plant
# ---------------------------------------------------------------------------------------------
def _check_may_edit(user: User | None, props: dict[str, Any]) -> None:
    if not may_edit(user, props):
        raise ForbiddenError(
            f"{props['id']} is the responsibility of {props.get('responsible_unit')}; "
            "only that unit's editors and admins may change it"
        )


def _checked_write(props: dict[str, Any], edit: fac.Edit, version: int) -> store.PlantWrite:
    """The write for ``edit`` against the plant as read: a stale version is refused first
    (as stale, whatever else is wrong with the edit), then the edit's own rules."""
    if props["version"] != version:
        raise store.StaleEdit(props, version, props["version"])
    stored = {k: v for k, v in props.items() if k != "version"}
    new, changed = fac.apply_edit(stored, edit)
    return store.PlantWrite(props["id"], version, new, changed, edit.note, edit.effective)


def _batch(kind: str) -> str:
    return f"{kind}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"


def edit_plant(plant_id: str, body: Any, user: User | None, today: date) -> PlantRecord:
    """Check and save ``{"version": n, "status", "load_rate", "note", "date"}``: 403 for
    another unit's plant, 422 for a bad value, 409 when the version is stale."""
    props = store.plant(plant_id)["properties"]
    _check_may_edit(user, props)
    edit = fac.validate_edit(body, today)
    write = _checked_write(props, edit, edit.version or 0)
    store.save_plants([write], user.username, _batch("edit"))
    return plant_record(plant_id, today)


# ---------------------------------------------------------------------------------------------
# Bulk update from a file: preview (nothing saved), then apply (all or nothing)
# ---------------------------------------------------------------------------------------------
def _parse(file_name: str, data: bytes, user: User | None, today: date) -> fac.BulkResult:
    return fac.parse_bulk(
        file_name, data, store.plants(), today, allowed=lambda props: may_edit(user, props)
    )


def current_versions() -> dict[str, int]:
    return {p["properties"]["id"]: p["properties"]["version"] for p in store.plants()}


def preview_bulk(
    file_name: str,
    data: bytes,
    lang: str,
    user: User | None,
    today: date,
    versions: dict[str, int] | None = None,
) -> BulkPreview:
    """What a file would change, row by row, against ``versions`` (now, by default); a file
    that cannot be read at all raises ValidationError."""
    result = _parse(file_name, data, user, today)
    return _preview(file_name, result, lang, current_versions() if versions is None else versions)


def _preview(
    file_name: str, result: fac.BulkResult, lang: str, versions: dict[str, int]
) -> BulkPreview:
    plants = {p["properties"]["id"]: p["properties"] for p in store.plants()}
    changes = []
    for row in result.rows:
        props = plants[row.plant_id]
        try:
            _new, changed = fac.apply_edit(props, row.edit)
        except ValidationError as exc:  # e.g. dated before the plant's last update
            result.errors.append(fac.RowError(row.row, text("fac_date", lang), exc))
            continue
        stale = versions.get(row.plant_id) != props["version"] or (
            row.edit.version is not None and row.edit.version != props["version"]
        )
        changes.append(BulkChange(row.row, name(props, lang), changed, stale))
    return BulkPreview(file_name, result, changes, versions)


def apply_bulk(
    file_name: str,
    data: bytes,
    versions: dict[str, int],
    lang: str,
    user: User | None,
    today: date,
) -> BulkPreview:
    """Re-read the file shown in a preview and apply every row or none, each plant at the
    version the preview saw (or the version written in the file). A file with errors comes
    back as its preview with nothing applied; a plant changed since is 409, nothing applied."""
    result = _parse(file_name, data, user, today)
    if result.errors:
        return _preview(file_name, result, lang, versions)
    plants = {p["properties"]["id"]: p["properties"] for p in store.plants()}
    writes, rows = [], {}
    for item in result.rows:
        expected = item.edit.version or versions.get(item.plant_id)
        try:
            if expected is None:
                raise ValidationError(code="err_bulk_no_version")
            writes.append(_checked_write(plants[item.plant_id], item.edit, expected))
        except (ConflictError, ValidationError) as exc:
            raise _nothing_applied(item.row, exc) from None
        rows[item.plant_id] = item.row
    try:
        store.save_plants(writes, user.username, _batch("import"))
    except store.StaleEdit as exc:
        raise _nothing_applied(rows[exc.plant_id], exc) from None
    return BulkPreview(file_name, result, [], versions, applied=len(writes))


def _nothing_applied(row: int, exc: ConflictError | ValidationError) -> JiangleError:
    """The apply refused as a whole, for the reason of one row (said in both languages)."""
    kind = ConflictError if isinstance(exc, ConflictError) else ValidationError
    reason = Both(exc.say("zh"), exc.say("en"))
    return kind(code="err_bulk_row_refused", row=row, reason=reason)


def update_form_file(ext: str, user: User | None, today: date) -> FormFile:
    """The county's update form pre-filled with the plants this user may edit."""
    mine = [p for p in (f["properties"] for f in store.plants()) if may_edit(user, p)]
    body, mimetype = update_form(mine, ext)
    return FormFile(body, mimetype, f"facility_status_{today.isoformat()}.{ext}")
