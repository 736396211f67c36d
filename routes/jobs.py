"""Background job status: ``GET /api/jobs/<id>`` (JSON) for the progress bar (static/js/jobs.js),
and ``flask --app app run-jobs``, a process that only runs jobs."""

from __future__ import annotations

import click
from flask import Blueprint, Flask, current_app, jsonify
from flask.cli import with_appcontext
from flask_login import current_user

from geo.i18n import text
from routes.cli_priority import nice_option
from routes.i18n import current_lang
from services import jobs
from services.warm_up import warm_layer_caches
from store.jobs import JobStatus

bp = Blueprint("jobs", __name__)


def owner() -> str | None:
    """Who a job queued by this request belongs to: its user, or None for an anonymous reader."""
    return current_user.username if current_user.is_authenticated else None


def status_json(found: JobStatus, lang: str) -> dict:
    return {
        "id": found.id,
        "kind": found.kind,
        "state": found.state,
        "state_text": text(f"job_{found.state}", lang),
        "stage": found.stage,
        "fraction": round(found.fraction, 3),
        "result": found.result,
        "error": found.error,
        "created_at": found.created_at,
        "updated_at": found.updated_at,
    }


@bp.get("/api/jobs/<job_id>")
def job_status(job_id: str):
    admin = current_user.is_authenticated and current_user.has_role("admin")
    found = jobs.status(job_id, owner(), admin)
    response = jsonify(status_json(found, current_lang()))
    response.headers["Cache-Control"] = "no-store"
    return response


@click.command("run-jobs")
@nice_option("run-jobs")
@with_appcontext
def run_jobs_command() -> None:
    """Run background jobs (print packs, imports) in this process until interrupted."""
    warm_layer_caches()  # the road graph and sites every print pack's tour needs
    click.echo("running background jobs; Ctrl+C stops")
    runner = jobs.Runner(current_app._get_current_object(), 1, float("inf"))
    try:
        runner.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped")


def init_app(app: Flask) -> None:
    app.cli.add_command(run_jobs_command)
