"""The indicator archive: each indicator of the plan's file with who answers for it, how its
figure is collected, processed and analysed, its value with history, and evidence files.

An indicator's value is the live one when the file says it is computed from the layers, else the
last value recorded in the archive, else the file's. Callers pass the indicators file, the
upload folder, the user and the county's today.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from geo.errors import NotFoundError
from geo.facilities import dashboard as fac
from geo.facilities.archive import check_archive_edit
from geo.prep.evidence import check_evidence
from services import facilities
from store import archive as store
from store import facilities as plant_store


@dataclass(frozen=True)
class ArchivedIndicator:
    """One indicator with its archive (``version`` 0: never archived)."""

    indicator: fac.Indicator
    progress: dict[str, Any]
    unit: str
    leader: str
    person: str
    method: str
    version: int
    updated_by: str | None
    history: tuple[store.IndicatorValue, ...] = ()
    evidence: tuple[store.IndicatorEvidence, ...] = ()


def archive(indicators_path: Path, today: date, with_files: bool = True) -> list[ArchivedIndicator]:
    """Every indicator of the file, in its order, with its archive."""
    live = fac.with_live_values(
        facilities.indicators(indicators_path),
        plant_store.plants(),
        plant_store.townships(),
        today,
    )
    rows = store.records()
    files: dict[str, list] = {}
    if with_files:
        for item in store.evidence():
            files.setdefault(item.indicator_id, []).append(item)
    return [_archived(i, rows.get(i.id), today, files.get(i.id, []), with_files) for i in live]


def _archived(ind, row, today, files, with_history) -> ArchivedIndicator:
    if row is not None and row.value is not None and not ind.computed:
        as_of = row.value_as_of.isoformat() if row.value_as_of else ind.as_of
        ind = replace(ind, current=row.value, as_of=as_of)
    history = tuple(store.value_history(ind.id)) if with_history and row is not None else ()
    return ArchivedIndicator(
        indicator=ind,
        progress=fac.indicator_progress(ind, today),
        unit=(row.unit if row and row.unit else ind.responsible_unit),
        leader=row.leader if row else "",
        person=row.person if row else "",
        method=row.method if row else "",
        version=row.version if row else 0,
        updated_by=row.updated_by if row else None,
        history=history,
        evidence=tuple(files),
    )


def archived(indicators_path: Path, today: date, indicator_id: str) -> ArchivedIndicator:
    """One indicator's archive; NotFoundError names an id not in the file."""
    found = next(
        (a for a in archive(indicators_path, today) if a.indicator.id == indicator_id), None
    )
    if found is None:
        raise NotFoundError(
            f"指标文件中没有指标 {indicator_id} / "
            f"no indicator {indicator_id} in the indicators file"
        )
    return found


def save(
    indicators_path: Path, indicator_id: str, body: Mapping[str, Any], user: str, today: date
) -> ArchivedIndicator:
    """Apply a planner's edit if the archive is still at the ``version`` sent: stale 409 first,
    then the rules (422); either way nothing changes."""
    current = archived(indicators_path, today, indicator_id)
    edit = check_archive_edit(body, today)
    if edit.version != current.version:
        raise store.stale_record(indicator_id)
    store.save_record(indicator_id, edit.version, edit.fields, user, edit.value)
    return archived(indicators_path, today, indicator_id)


def add_evidence(
    indicators_path: Path, root: Path, indicator_id: str, file_name: str, data: bytes,
    user: str, today: date,
) -> store.IndicatorEvidence:  # fmt: skip
    """Check a file by its content and store it (an image re-encoded without its EXIF) with its
    sha256 (EvidenceRefused: nothing)."""
    archived(indicators_path, today, indicator_id)
    kind = check_evidence(data, file_name)
    return store.add_evidence(
        root, indicator_id, kind.name, kind.extension, kind.media_type, kind.data, user
    )


def evidence_file(
    root: Path, indicator_id: str, evidence_id: int
) -> tuple[store.IndicatorEvidence, Path]:
    return store.evidence_file(root, indicator_id, evidence_id)


def delete_evidence(root: Path, indicator_id: str, evidence_id: int) -> None:
    store.delete_evidence(root, indicator_id, evidence_id)
