"""Background jobs for heavy work (print packs, proposals, imports), off the request threads.

A use case registers a handler for its job kind (``@handler("print_pack")``); a request queues a
job with ``submit`` and answers at once with the job's id; worker threads run it and keep its
progress (stage, fraction), result or error in the job table (``store.jobs``), where every server
process reads it (``GET /api/jobs/<id>``).

Embedded by default: each process runs ``JIANGLE_JOB_WORKERS`` worker threads (1), started when it
queues a job and stopped after ``JIANGLE_JOB_IDLE`` idle seconds, so a job is always picked up by
at least the process that queued it, and a process with nothing to do holds no thread. Set
``JIANGLE_JOB_WORKERS=0`` on web processes and run ``flask --app app run-jobs`` elsewhere to keep
heavy work off the web servers altogether.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

from flask import Flask, current_app

from geo.errors import JiangleError, NotFoundError
from geo.i18n import text
from services import job_notes
from store import db
from store import jobs as store
from store.jobs import JobStatus

log = logging.getLogger(__name__)
POLL_SECONDS = 0.25  # how often an idle worker looks for a queued job
PROGRESS_SECONDS = 0.5  # at most one progress write per job this often (keeps SQLite writes few)
ABANDONED = timedelta(minutes=10)  # a running job silent this long lost its worker
KEPT = timedelta(days=1)  # finished jobs are forgotten after this


class Progress:
    """Handed to a handler: ``progress(stage, fraction)`` records how far the job is."""

    def __init__(self, job_id: str, lang: str) -> None:
        self.job_id, self.lang = job_id, lang
        self._stage, self._written = "", 0.0

    def __call__(self, stage: str, fraction: float) -> None:
        if self._due(stage):
            store.set_progress(self.job_id, stage, fraction)

    def aside(self, stage: str, fraction: float) -> None:
        """Progress said from inside the job's own write transaction: on a connection of its
        own, or where the database cannot take it (SQLite), as a note beside it."""
        if self._due(stage) and not store.set_progress_aside(self.job_id, stage, fraction):
            job_notes.note(self.job_id, stage, fraction)

    def _due(self, stage: str) -> bool:
        now = time.monotonic()
        if stage == self._stage and now - self._written < PROGRESS_SECONDS:
            return False
        self._stage, self._written = stage, now
        return True


Handler = Callable[[dict, Progress], dict | None]
_HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register ``fn(payload, progress) -> result`` as the runner of jobs of ``kind``; its
    result (a JSON-able dict) is kept, a ``JiangleError`` it raises is kept as the job's error."""

    def register(fn: Handler) -> Handler:
        _HANDLERS[kind] = fn
        return fn

    return register


def submit(kind: str, payload: dict, owner: str | None, lang: str, key: str | None = None) -> str:
    """Queue a job of a registered ``kind`` for ``owner`` (None: anyone with the id may read
    it); its id. With a ``key`` (what the job makes), the owner's unfinished job for the same
    key is joined instead. A full queue (``JIANGLE_JOB_QUEUE`` jobs waiting) refuses a new job
    with QueueFullError (503, Retry-After). This process's workers are woken to run it."""
    if kind not in _HANDLERS:
        raise ValueError(f"no handler for job kind {kind!r}")
    cap = int(current_app.config["JOB_QUEUE"])
    job_id = store.add_job(kind, payload, owner, lang, key, cap)
    runner(current_app._get_current_object()).wake()
    return job_id


class JobFailed(JiangleError):
    """A job's kept error, raised again for a request that waited for it (same HTTP status)."""

    def __init__(self, found: JobStatus) -> None:
        super().__init__(found.error or "")
        self.status = int((found.result or {}).get("status", 500))


def status(job_id: str, user: str | None, is_admin: bool) -> JobStatus:
    """The job's status for ``user``: another user's job is "not found", as an unknown one."""
    found = store.job_status(job_id) if len(job_id) <= 32 else None
    if found is None or not (found.owner is None or found.owner == user or is_admin):
        raise NotFoundError(code="err_job_unknown")
    return job_notes.noted(found)


def wait(job_id: str, seconds: float) -> JobStatus | None:
    """The job's status once it has finished, or as it is after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        db.session.rollback()  # a new read: SQLite keeps a transaction's snapshot
        found = store.job_status(job_id)
        if found is None or found.finished or time.monotonic() >= deadline:
            return found
        time.sleep(min(0.1, max(deadline - time.monotonic(), 0)))


def run_one(worker: str) -> bool:
    """Claim and run one queued job (inside an app context); False when none was queued."""
    claimed = store.claim(worker)
    if claimed is None:
        return False
    progress = Progress(claimed.id, claimed.lang)
    try:
        result = _HANDLERS[claimed.kind](claimed.payload, progress)
    except JiangleError as exc:  # kept with its HTTP status, for the request that waits for it
        db.session.rollback()
        store.finish(claimed.id, {"status": exc.status}, exc.say(claimed.lang))
    except Exception:  # a bug: logged with its traceback, the job says so and the worker goes on
        log.exception("job %s (%s) failed", claimed.id, claimed.kind)
        db.session.rollback()
        store.finish(claimed.id, error=text("err_job_crashed", claimed.lang))
    else:
        store.finish(claimed.id, result=result or {})
    finally:
        job_notes.forget(claimed.id)
    return True


def tidy() -> None:
    """Fail the jobs whose process died mid-run and forget old finished ones."""
    said = f"{text('err_job_abandoned', 'zh')} / {text('err_job_abandoned', 'en')}"
    store.fail_abandoned(ABANDONED, said)
    store.forget_finished(KEPT)


class Runner:
    """This process's worker threads for one app."""

    def __init__(self, app: Flask, threads: int, idle_seconds: float) -> None:
        self.app, self.threads, self.idle_seconds = app, threads, idle_seconds
        self._lock = threading.Lock()
        self._alive: list[threading.Thread] = []
        self._stop = threading.Event()
        self.name = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"

    def wake(self) -> None:
        """Start worker threads up to the configured number (none when it is 0)."""
        with self._lock:
            self._alive = [t for t in self._alive if t.is_alive()]
            self._stop.clear()
            while len(self._alive) < self.threads:
                thread = threading.Thread(
                    target=self._work, name=f"jiangle-job-{len(self._alive)}", daemon=True
                )
                self._alive.append(thread)
                thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the threads after their current job (tests, shutdown)."""
        self._stop.set()
        with self._lock:
            alive = list(self._alive)
        for thread in alive:
            thread.join(timeout)

    def _work(self) -> None:
        idle_since = time.monotonic()
        worker = f"{self.name}:{threading.current_thread().name}"
        try:
            with self.app.app_context():
                tidy()
        except Exception:  # the database went away (a dropped test database, a restart)
            log.exception("job worker stops")
            return
        while not self._stop.is_set():
            try:
                with self.app.app_context():
                    ran = run_one(worker)
            except Exception:
                log.exception("job worker stops")
                return
            if ran:
                idle_since = time.monotonic()
            elif time.monotonic() - idle_since > self.idle_seconds:
                return
            else:
                self._stop.wait(POLL_SECONDS)

    def serve_forever(self) -> None:
        """Run jobs in this thread until interrupted (``flask run-jobs``)."""
        self.idle_seconds = float("inf")
        self._work()


def runner(app: Flask) -> Runner:
    """The app's runner, made on first use from its JOB_WORKERS and JOB_IDLE settings."""
    found = app.extensions.get("jiangle_jobs")
    if found is None:
        found = app.extensions.setdefault(
            "jiangle_jobs",
            Runner(app, int(app.config["JOB_WORKERS"]), float(app.config["JOB_IDLE"])),
        )
    return found


def stop(app: Flask) -> None:
    """Stop the app's worker threads, if it has started any (tests, before dropping a database)."""
    found = app.extensions.get("jiangle_jobs")
    if found is not None:
        found.stop()
