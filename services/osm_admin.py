"""Use case: the OpenStreetMap import from the admin page, in three steps so that no request
reads a province-sized file: start (stage an upload or pick a server file, queue a job), the job
(reads and validates through ``services.osm_import``, keeps the layers beside the staged file and
the report as its result), then apply (another job: ``services.osm_apply``) or cancel. Until
the apply job's write, every live layer stays as it was.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, BinaryIO

from geo.errors import ConflictError, JiangleError, NotFoundError
from geo.i18n import text
from geo.layers import uploads
from geo.layers.osm import check_buffer_km
from geo.layers.osm_files import ServerFile, server_file, server_files
from services import jobs
from services.osm_import import read_osm_file
from store.jobs import DONE, FAILED, JobStatus

JOB_KIND = "osm_import"
LAYERS_FILE = "layers.json"


class ImportCancelled(JiangleError):
    """The admin cancelled the import (its staged folder is gone): the job stops at its next
    stage."""

    status = 409

    def __init__(self) -> None:
        super().__init__(code="osm_cancelled")


@dataclass(frozen=True)
class StartForm:
    """What the layers page offers: the server folder's files and the upload cap (the app's
    request cap: a larger extract is copied to the server folder instead)."""

    server_folder: bool  # False: JIANGLE_OSM_IMPORT_DIR is not set
    files: list[ServerFile]
    max_upload_mb: int
    pending: list[dict[str, Any]]  # imports started and neither applied nor cancelled


@dataclass(frozen=True)
class ImportView:
    """One import as its page shows it: the job's progress, then its report or its error; once
    applied, the apply job's progress, then the new revisions or why nothing changed."""

    token: str
    file_name: str
    job: JobStatus
    report: dict[str, Any] | None  # the OsmReport as a dict, once the job is done
    layers: list[str]  # the layers applying it replaces, once the job is done
    apply: JobStatus | None  # the apply job, once apply was asked for

    @property
    def live(self) -> JobStatus:
        """The job the page follows: the apply once asked for, else the read."""
        return self.apply or self.job


def start_form(staging_root: Path, server_folder: str) -> StartForm:
    """The start form's choices and the imports waiting for apply or cancel."""
    return StartForm(
        bool(server_folder),
        server_files(server_folder),
        uploads.MAX_UPLOAD_BYTES // (1024 * 1024),
        _pending(staging_root),
    )


def _pending(staging_root: Path) -> list[dict[str, Any]]:
    """The staged imports, oldest first (a folder removed meanwhile is skipped)."""
    found = []
    for meta_file in sorted(staging_root.glob("*/meta.json"), key=os.path.getmtime):
        try:
            item = uploads.staged(staging_root, meta_file.parent.name)
        except NotFoundError:
            continue
        if "applied" in item.meta:
            continue
        found.append({"token": item.token, **item.meta})
    return found


def start_upload(
    staging_root: Path,
    stream: BinaryIO,
    file_name: str,
    buffer_km: float,
    user: str,
    lang: str,
) -> str:
    """Stage an uploaded extract and queue its import; the import's token."""
    check_buffer_km(buffer_km)
    meta = {"buffer_km": buffer_km, "started_by": user}
    item = uploads.stage(staging_root, stream, file_name, meta, uploads.MAX_UPLOAD_BYTES, osm=True)
    return _queue(item, user, lang)


def start_server_file(
    staging_root: Path, server_folder: str, name: str, buffer_km: float, user: str, lang: str
) -> str:
    """Queue the import of a file of the server folder (read where it is, not copied)."""
    check_buffer_km(buffer_km)
    path = server_file(server_folder, name)
    meta = {"buffer_km": buffer_km, "started_by": user}
    return _queue(uploads.stage_reference(staging_root, path, meta), user, lang)


def _queue(item: uploads.Staged, user: str, lang: str) -> str:
    """Queue the job of a staged file; a queue that refuses it (full) leaves nothing staged."""
    payload = {"folder": str(item.folder), "buffer_km": item.meta["buffer_km"]}
    try:
        job_id = jobs.submit(JOB_KIND, payload, user, lang)
    except BaseException:
        uploads.discard(item)
        raise
    uploads.update_meta(item, {"job_id": job_id})
    return item.token


@jobs.handler(JOB_KIND)
def _run(payload: dict, progress: jobs.Progress) -> dict:
    """Read and validate the staged file; keep the layers beside it and report what they are."""
    folder = Path(payload["folder"])

    def cancelled() -> bool:
        return not (folder / "meta.json").exists()

    def stage(name: str, fraction: float) -> None:
        if cancelled():
            raise ImportCancelled()
        progress(text(f"osm_stage_{name}", progress.lang), fraction)

    try:
        item = uploads.staged(folder.parent, folder.name)
        read = read_osm_file(item.data_path, payload["buffer_km"], progress=stage)
    except JiangleError:
        if cancelled():  # the staged file went with the cancelled folder
            raise ImportCancelled() from None
        raise
    part = folder / f"{LAYERS_FILE}.part"
    try:  # written whole, then renamed: an apply never reads half a file
        with part.open("w", encoding="utf-8") as out:
            json.dump(read.layers, out, ensure_ascii=False)
        os.replace(part, folder / LAYERS_FILE)
    except FileNotFoundError:  # cancelled while the layers were written
        raise ImportCancelled() from None
    return {"report": asdict(read.report), "revisions": read.revisions, "layers": list(read.layers)}


def import_job(item: uploads.Staged, user: str) -> JobStatus:
    """The staged import's job (404 in the instant before its id is kept, as if not there)."""
    if "job_id" not in item.meta:
        raise NotFoundError(code="err_job_unknown")
    return jobs.status(item.meta["job_id"], user, True)


def _apply_job(item: uploads.Staged, user: str) -> JobStatus | None:
    found = item.meta.get("apply_job_id")
    return jobs.status(found, user, True) if found else None


def refuse_if_applied(item: uploads.Staged, user: str) -> None:
    """Refuse (409) to apply or cancel an import being applied or applied already; after a
    failed apply both are allowed again."""
    applying = _apply_job(item, user)
    if applying is not None and applying.state == DONE:
        raise ConflictError(code="err_osm_applied")
    if applying is not None and applying.state != FAILED:
        raise ConflictError(code="err_osm_applying")


def import_view(staging_root: Path, token: str, user: str) -> ImportView:
    item = uploads.staged(staging_root, token)
    job = import_job(item, user)
    done = job.result if job.state == DONE else {}
    return ImportView(
        token,
        item.meta["file_name"],
        job,
        done.get("report"),
        done.get("layers", []),
        _apply_job(item, user),
    )


def cancel_import(staging_root: Path, token: str, user: str) -> None:
    """Drop a staged import: a running job stops at its next stage, nothing is written.
    Refused once it is being applied or applied."""
    item = uploads.staged(staging_root, token)
    refuse_if_applied(item, user)
    uploads.discard(item)
