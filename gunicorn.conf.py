"""gunicorn settings for Linux servers (README, "Serving many users"):
``.venv/bin/gunicorn -c gunicorn.conf.py 'app:create_app()'``. Every JIANGLE_* variable applies as
for ``python app.py``."""

import multiprocessing
import os
import subprocess
import sys

bind = f"{os.environ.get('JIANGLE_HOST', '127.0.0.1')}:{os.environ.get('JIANGLE_PORT', '5000')}"
# Processes use the cores (the map, tour and print code is CPU-bound Python); threads let a
# process wait on the database or on a print job while it answers others.
workers = int(os.environ.get("JIANGLE_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("JIANGLE_THREADS", "8"))
worker_class = "gthread"
# The hard time limit of one request: a worker silent this long is restarted. Heavy work runs as
# background jobs, and a print request waits at most JIANGLE_PRINT_WAIT seconds.
timeout = int(os.environ.get("JIANGLE_REQUEST_TIMEOUT", "60"))
graceful_timeout = 30
accesslog = "-"

# Background jobs (print packs, imports, proposals) run in one process of their own at a lower CPU
# priority: the web workers only queue them, so a burst of cold print packs cannot take the cores
# from the pages and APIs (bench/bench_load.py). Nice 4, not 10: at 10 the job process got about a
# tenth of a core whenever the pages were busy (print PDF p99 30-44 s against 16-22 s at 4, the
# pages' tails no worse). JIANGLE_JOB_PROCESS=0 runs them in the web
# workers' threads instead (JIANGLE_JOB_WORKERS each), e.g. when run-jobs runs on another machine.
JOB_PROCESS = os.environ.get("JIANGLE_JOB_PROCESS", "1") != "0"
JOB_NICE = os.environ.get("JIANGLE_JOB_NICE", "4").strip()
if not (JOB_NICE.isdigit() and int(JOB_NICE) <= 19):  # else the job process alone would not start
    raise SystemExit(
        f"JIANGLE_JOB_NICE：须为 0–19 的整数，而不是 {JOB_NICE!r} / "
        f"JIANGLE_JOB_NICE: must be a whole number 0-19, not {JOB_NICE!r}"
    )
raw_env = ["JIANGLE_JOB_WORKERS=0"] if JOB_PROCESS else []
# The app is made once, in the master, and its layer caches (road graph, display copies, county
# maps, layers' GeoJSON) are built there before the workers are forked: every worker starts with
# them (shared pages) instead of building its own while its first users wait (routes/warm_up.py).
preload_app = True


def when_ready(server):
    from routes.warm_up import warm
    from store import db

    app = server.app.wsgi()
    warm(app)
    with app.app_context():  # no connection of the master's is inherited by a worker
        db.engine.dispose()


def post_fork(server, worker):
    """A worker opens its own database connections (after a reload the master may hold some:
    SQLAlchemy's way for a forked process is to drop the pool without closing them)."""
    from store import db

    with server.app.wsgi().app_context():
        db.engine.dispose(close=False)


def on_starting(server):
    if JOB_PROCESS:
        command = [sys.executable, "-m", "flask", "--app", "app", "run-jobs", "--nice", JOB_NICE]
        server.jiangle_jobs = subprocess.Popen(command)


def on_exit(server):
    process = getattr(server, "jiangle_jobs", None)
    if process is not None:
        process.terminate()
        process.wait(timeout=graceful_timeout)
