"""Use case: apply a finished OpenStreetMap import (``services.osm_admin``) in a background job,
so that no request thread writes 10^5 road pieces and builds their map copies. The request
queues the job and answers at once; the import's page shows the job's stages, then the new
revisions or why nothing changed. The write is one transaction: a failed apply leaves every
layer at its live revision."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from geo.errors import Both, ConflictError, JiangleError
from geo.i18n import text
from geo.layers import uploads
from geo.layers.catalogue import LAYERS
from services import jobs
from services.osm_admin import LAYERS_FILE, ImportCancelled, import_job, refuse_if_applied
from services.osm_import import store_osm_layers
from store.jobs import DONE
from store.layers import layer_infos

JOB_KIND = "osm_apply"


def apply_import(staging_root: Path, token: str, user: str, lang: str) -> str:
    """Queue the apply of a finished import; its job's id. Refused (409) if the import's job
    has not finished well, or it is being applied or was applied already (a second request
    meanwhile joins the same job)."""
    item = uploads.staged(staging_root, token)
    if import_job(item, user).state != DONE:
        raise ConflictError(code="err_osm_not_done")
    refuse_if_applied(item, user)
    payload = {"folder": str(item.folder), "user": user}
    job_id = jobs.submit(JOB_KIND, payload, user, lang, key=token)
    uploads.update_meta(item, {"apply_job_id": job_id})
    return job_id


@jobs.handler(JOB_KIND)
def _run(payload: dict, progress: jobs.Progress) -> dict:
    """Write the kept layers (refused if a layer changed since the report), build the map's
    road copies, then free the staged files; the new revisions and feature counts."""
    folder = Path(payload["folder"])
    item = uploads.staged(folder.parent, folder.name)
    read = jobs.status(item.meta["job_id"], None, True).result
    try:
        with (folder / LAYERS_FILE).open(encoding="utf-8") as handle:
            layers = json.load(handle)
    except FileNotFoundError:  # cancelled in the instant before the job was noted
        raise ImportCancelled() from None

    def stage(say: Callable[[str, float], None]) -> Callable[[str, float], None]:
        return lambda name, fraction: say(text(f"osm_stage_{name}", progress.lang), fraction)

    file_name = item.meta["file_name"]
    try:
        revisions = store_osm_layers(
            layers, read["revisions"], f"OpenStreetMap: {file_name}", file_name,
            payload["user"], stage(progress), stage(progress.aside),
        )  # fmt: skip
    except ConflictError:
        raise _stale(layers, read["revisions"]) from None
    for path in folder.iterdir():  # applied: only what the page says of it is kept
        if path.name != "meta.json":
            path.unlink(missing_ok=True)
    uploads.update_meta(uploads.staged(folder.parent, folder.name), {"applied": revisions})
    counts = {name: len(feats) for name, feats in layers.items()}
    return {"file_name": file_name, "revisions": revisions, "counts": counts}


def _stale(layers: dict[str, list], expected: dict[str, int]) -> JiangleError:
    live = {info.name: info.revision for info in layer_infos()}
    changed = [name for name in layers if live.get(name) != expected.get(name)]

    def said(lang: str) -> str:
        return (", " if lang == "en" else "、").join(
            f"{LAYERS[name].title(lang)} {expected.get(name, '–')} → {live.get(name, '–')}"
            for name in changed
        )

    return ConflictError(code="err_osm_stale", layers=Both(said("zh"), said("en")))
