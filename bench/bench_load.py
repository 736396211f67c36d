"""Load benchmark: simulated users against a real server on loopback (issue 12 targets: 0 errors,
p99 <= 1 s for pages and APIs, <= 5 s for a cold print PDF, 0 "database is locked").

Run ``.venv/bin/python bench/bench_load.py [--users 20] [--seconds 60] [--server waitress]
[--app-dir DIR]``. It loads the shipped layers into a temporary SQLite database, makes one
admin user and one two-day plan per simulated user, starts the server (``python app.py`` =
waitress, or ``gunicorn``) on 127.0.0.1 at a free port, and runs two phases of ``--seconds``:
the users alone, then the users while ``flask import-layer roads`` runs again and again. Each user
logs in and, with 0.5-1.5 s between requests, picks: the map page, the layer API, the tour API,
a save of its plan (so its next pack is cold), a facility edit, or its print PDF (a 202 progress
page is followed, through ``/api/jobs/<id>``, to the PDF: the time is until the PDF). ``--app-dir``
measures another checkout (e.g. a worktree of an older commit) with the same load.

Bounded and local: loopback only, one server, the temporary folder is removed at the end.
Prints per phase: requests, errors by status, p50/p95/p99 by kind, the five slowest pages and
APIs with when they came, the server's peak memory and the "database is locked" lines in its log.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.client
import http.cookiejar
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

import brotli
from backports import zstd

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Jl-load-2014!x"
STOPS = [
    "stop-350428100-01", "stop-350428100-02", "stop-350428101-01", "stop-350428102-01",
    "stop-350428103-01", "stop-350428104-01", "stop-350428105-01", "stop-350428106-01",
]  # fmt: skip
PLANTS = [
    "wwtp-urban", "wwtp-gaotang", "wwtp-bailian", "wwtp-huangtan", "wwtp-wanquan", "wwtp-yufang",
    "wwtp-dayuan", "wwtp-guangming", "wwtp-nankou", "wwtp-wanan", "wwtp-anren", "wwtp-moyuan",
]  # fmt: skip
MIX = (  # kind, weight
    ("map_page", 15),
    ("layer_api", 25),
    ("tour_api", 20),
    ("plan_save", 15),
    ("facility_edit", 10),
    ("print_pdf", 15),
)
PAGE_TARGET_S, PDF_TARGET_S = 1.0, 5.0

# Run in the measured checkout (its own code): the database, the users and their plans.
SETUP = """
import sys
from app import create_app
from store import db
from store.plans import Plan
from store.users import create_user
app = create_app()
with app.app_context():
    ids = []
    for i in range(int(sys.argv[1])):
        create_user(f"load{i:02d}", sys.argv[2], "admin", None)
        plan = Plan(name=f"负载{i:02d}", sites=sys.argv[3].split(","), day_end="15:00",
                    created_by="load", updated_by="load")
        db.session.add(plan)
        db.session.commit()
        ids.append(plan.id)
    print(",".join(map(str, ids)))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(folder: Path, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "JIANGLE_SECRET_KEY": "load-bench",
        "JIANGLE_DATABASE_URL": f"sqlite:///{folder / 'load.db'}",
        "JIANGLE_UPLOAD_DIR": str(folder / "uploads"),
        "JIANGLE_TODAY": "2014-07-15",
        "JIANGLE_HOST": "127.0.0.1",
        "JIANGLE_PORT": str(port),
    }


def _memory_mb(pid: int) -> tuple[float, float]:
    """Memory of a process and its children (gunicorn workers, the job process), in MB: resident
    (RSS, pages shared by forked workers counted in each) and proportional (PSS, counted once)."""
    rss, pss, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        with contextlib.suppress(OSError):
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
            rss += int(re.search(r"^Rss:\s+(\d+)", rollup, re.M).group(1))
            pss += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
    return rss / 1024, pss / 1024


class _FromAddress(urllib.request.HTTPHandler):
    """Connect from a given loopback address (all of 127.0.0.0/8 is the loopback interface), so
    that per-address limits see separate clients, as they would in an office."""

    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address

    def http_open(self, req):
        return self.do_open(
            functools.partial(http.client.HTTPConnection, source_address=(self.address, 0)), req
        )


ACCEPT_ENCODING = "gzip, deflate, br, zstd"  # what Chromium asks for
DECODERS = {"gzip": gzip.decompress, "br": brotli.decompress, "zstd": zstd.decompress}


def _decoded(answer) -> bytes:
    """The body as a browser reads it (the JSON APIs answer compressed)."""
    body = answer.read()
    encoding = answer.headers.get("Content-Encoding")
    return DECODERS[encoding](body) if encoding else body


class User:
    """One simulated user: its own cookies, CSRF token, plan and plant."""

    def __init__(self, base: str, index: int, plan_id: int) -> None:
        self.base, self.plan_id = base, plan_id
        self.name, self.plant = f"load{index:02d}", PLANTS[index % len(PLANTS)]
        self.opener = urllib.request.build_opener(
            _FromAddress(f"127.0.0.{index + 2}"),  # each user its own loopback address
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
        )
        self.csrf = ""
        self.rand = random.Random(index)

    def call(self, method: str, path: str, body: dict | bytes | None = None) -> tuple[int, bytes]:
        data = json.dumps(body).encode() if isinstance(body, dict) else body
        headers = {
            "Origin": self.base,
            "X-CSRFToken": self.csrf,
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        if isinstance(body, dict):
            headers["Content-Type"] = "application/json"
        elif body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.base + path, data, headers, method=method)
        try:
            with self.opener.open(request, timeout=120) as answer:
                return answer.status, _decoded(answer)
        except urllib.error.HTTPError as exc:
            return exc.code, _decoded(exc)

    def login(self) -> None:
        _, page = self.call("GET", "/login")
        self.csrf = re.search(rb'name="csrf-token" content="([^"]+)"', page).group(1).decode()
        form = f"username={self.name}&password={PASSWORD}&csrf_token={self.csrf}".encode()
        status, _ = self.call("POST", "/login", form)
        if status not in (200, 302):
            raise SystemExit(f"{self.name} could not log in: {status}")
        _, page = self.call("GET", "/login")
        self.csrf = re.search(rb'name="csrf-token" content="([^"]+)"', page).group(1).decode()

    def act(self, kind: str) -> int:
        """Do one ``kind`` of request (with what it needs first); the status that counts."""
        if kind == "map_page":
            return self.call("GET", "/")[0]
        if kind == "layer_api":
            return self.call("GET", self.rand.choice(("/api/layers", "/api/layers/roads")))[0]
        if kind == "tour_api":
            stops = self.rand.sample(STOPS, 4)
            return self.call("POST", "/api/tour", {"stops": stops})[0]
        if kind == "plan_save":
            return self._save_plan()
        if kind == "facility_edit":
            return self._edit_plant()
        return self._print_pdf()

    def _save_plan(self) -> int:
        status, body = self.call("GET", f"/api/plans/{self.plan_id}")
        if status != 200:
            return status
        plan = json.loads(body)
        end = "16:00" if plan.get("day_end") == "15:00" else "15:00"
        return self.call(
            "PUT", f"/api/plans/{self.plan_id}", {"version": plan["version"], "day_end": end}
        )[0]

    def _edit_plant(self) -> int:
        """Plants are shared by the users: a stale version (409) is read again and retried."""
        for _ in range(5):
            status, body = self.call("GET", f"/api/facilities/{self.plant}")
            if status != 200:
                return status
            version = json.loads(body)["properties"].get("version", 0)
            rate = round(self.rand.uniform(40, 95), 1)
            status, _ = self.call(
                "PATCH", f"/api/facilities/{self.plant}", {"version": version, "load_rate": rate}
            )
            if status != 409:
                return status
        return 409

    def _print_pdf(self) -> int:
        path = f"/plans/{self.plan_id}/print.pdf"
        status, body = self.call("GET", path)
        while status == 202:  # a progress page: follow the job, then take the PDF
            job = re.search(rb'data-job-id="([0-9a-f]+)"', body).group(1).decode()
            while True:
                time.sleep(0.5)
                code, state = self.call("GET", f"/api/jobs/{job}")
                if code != 200 or json.loads(state)["state"] in ("done", "failed"):
                    break
            status, body = self.call("GET", path)
        return status if status != 200 or body.startswith(b"%PDF") else 599


def _phase(users: list[User], seconds: float, server: subprocess.Popen) -> dict:
    times: dict[str, list[float]] = defaultdict(list)
    statuses: Counter = Counter()
    lock = threading.Lock()
    kinds, weights = zip(*MIX, strict=True)
    slowest: list[tuple[float, float, str]] = []  # took, at (s into the phase), kind
    started = time.monotonic()
    stop_at = started + seconds

    def run(user: User) -> None:
        while time.monotonic() < stop_at:
            kind = user.rand.choices(kinds, weights)[0]
            t0 = time.perf_counter()
            at = time.monotonic() - started
            status = user.act(kind)
            elapsed = time.perf_counter() - t0
            with lock:
                times[kind].append(elapsed)
                statuses[(kind, status)] += 1
                if kind != "print_pdf":
                    slowest.append((elapsed, at, kind))
            time.sleep(user.rand.uniform(0.5, 1.5))

    memory: list[tuple[float, float]] = []
    threads = [threading.Thread(target=run, args=(user,)) for user in users]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        memory.append(_memory_mb(server.pid))
        time.sleep(1)
    peak = max(memory or [(0.0, 0.0)], key=lambda m: m[1])
    return {
        "times": times,
        "statuses": statuses,
        "memory": peak,
        "slowest": sorted(slowest)[-5:][::-1],
    }


def _quantile(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else (values[0] if values else float("nan"))
    )


def _report(title: str, result: dict, locked: int) -> None:
    times, statuses = result["times"], result["statuses"]
    total = sum(statuses.values())
    errors = Counter()
    for (_kind, status), n in statuses.items():
        if status >= 400:
            errors[status] += n
    rss, pss = result["memory"]
    print(f"\n{title}: {total} requests, errors {dict(errors) or 0}, peak server memory "
          f"PSS {pss:.0f} MB (RSS {rss:.0f}), 'database is locked' {locked}")  # fmt: skip
    print(f"{'kind':<14} {'n':>5} {'p50 s':>7} {'p95 s':>7} {'p99 s':>7} {'target':>7}")
    for kind, _ in MIX:
        values = times.get(kind, [])
        target = PDF_TARGET_S if kind == "print_pdf" else PAGE_TARGET_S
        p = [_quantile(values, q) for q in (50, 95, 99)]
        ok = "ok" if values and p[2] <= target else "MISS"
        print(f"{kind:<14} {len(values):>5} {p[0]:>7.2f} {p[1]:>7.2f} {p[2]:>7.2f} {ok:>7}")
    slow = ", ".join(f"{kind} {took:.2f} s at {at:.0f} s" for took, at, kind in result["slowest"])
    print(f"slowest pages and APIs (time into the phase): {slow}")


def _importer(app_dir: Path, env: dict, stop: threading.Event, log) -> None:
    """``flask import-layer roads`` again and again until ``stop``."""
    roads = str(app_dir / "data" / "shapefiles" / "roads.geojson")
    command = [sys.executable, "-m", "flask", "--app", "app", "import-layer", "roads", roads]
    while not stop.is_set():
        subprocess.run(command, cwd=app_dir, env=env, stdout=log, stderr=log, check=False)


def _start(app_dir: Path, env: dict, server: str, log) -> subprocess.Popen:
    if server == "gunicorn":
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        command = [gunicorn, "-c", "gunicorn.conf.py", "app:create_app()"]
    else:
        command = [sys.executable, "app.py"]
    process = subprocess.Popen(command, cwd=app_dir, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{env['JIANGLE_PORT']}"
    for _ in range(600):
        with contextlib.suppress(OSError):
            urllib.request.urlopen(base + "/login", timeout=5).read()
            return process
        if process.poll() is not None:
            raise SystemExit(f"the server stopped: see {log.name}")
        time.sleep(0.5)
    raise SystemExit("the server did not answer within 5 minutes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20, choices=range(1, 51), metavar="1-50")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--server", choices=("waitress", "gunicorn"), default="waitress")
    parser.add_argument("--app-dir", type=Path, default=ROOT)
    args = parser.parse_args()
    seconds = min(max(args.seconds, 5.0), 300.0)
    app_dir = args.app_dir.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = _environment(folder, _free_port())
        plans = subprocess.run(
            [sys.executable, "-c", SETUP, str(args.users), PASSWORD, ",".join(STOPS)],
            cwd=app_dir, env=env, capture_output=True, text=True, check=True,
        ).stdout.split()[-1].split(",")  # fmt: skip
        log_path = folder / "server.log"
        with open(log_path, "w") as log, open(folder / "import.log", "w") as import_log:
            server = _start(app_dir, env, args.server, log)
            base = f"http://127.0.0.1:{env['JIANGLE_PORT']}"
            try:
                print(f"{app_dir} ({args.server}), {args.users} users x {seconds:.0f} s")
                users = [User(base, i, int(p)) for i, p in enumerate(plans)]
                for user in users:  # logged in once, before the clock starts
                    user.login()
                alone = _phase(users, seconds, server)
                _report("users alone", alone, log_path.read_text().count("database is locked"))
                before = log_path.read_text().count("database is locked")
                stop = threading.Event()
                importer = threading.Thread(target=_importer, args=(app_dir, env, stop, import_log))
                importer.start()
                try:
                    busy = _phase(users, seconds, server)
                finally:
                    stop.set()
                    importer.join()
                locked = log_path.read_text().count("database is locked") - before
                locked += (folder / "import.log").read_text().count("database is locked")
                _report("users + CLI import of roads", busy, locked)
            finally:
                server.terminate()
                server.wait(30)


if __name__ == "__main__":
    main()
