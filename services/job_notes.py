"""A running job's progress said while the database cannot take it: SQLite, inside the job's own
long write transaction, which holds the one write lock (an OSM apply writing 200k roads). Kept
as a small file under the cache folder, which every process of that one machine reads: a job
status shows the note while the job runs and the note is further than the job's row."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from flask import current_app

from store.derived_files import read_derived, write_derived
from store.jobs import RUNNING, JobStatus

KIND, KEEP = "job-progress", 64


def _folder() -> Path:
    return Path(current_app.config["CACHE_DIR"])


def note(job_id: str, stage: str, fraction: float) -> None:
    data = json.dumps({"stage": stage[:200], "fraction": min(max(fraction, 0.0), 1.0)})
    write_derived(_folder(), KIND, job_id, data.encode(), KEEP)


def noted(found: JobStatus) -> JobStatus:
    """``found`` with its job's note, when the job runs and the note is further on."""
    if found.state != RUNNING:
        return found
    data = read_derived(_folder(), KIND, found.id)
    said = json.loads(data) if data else None
    if said is None or said["fraction"] <= found.fraction:
        return found
    return replace(found, stage=said["stage"], fraction=said["fraction"])


def forget(job_id: str) -> None:
    (_folder() / KIND / job_id).unlink(missing_ok=True)
