"""Per-client rate limits (Flask-Limiter) on login and the heavy and anonymous endpoints, and the
429 answer that says, in Chinese and English, when to try again; the heavy and interactive
endpoints also run under a per-request time limit (``JIANGLE_TIME_LIMIT``, a 503 past it).

A client is its user when logged in (offices behind one address do not share a budget), else its
address. Counters live in ``JIANGLE_RATELIMIT_STORAGE``: ``memory://`` (default) counts per
process, so N server processes allow up to N times a limit; ``redis://host:6379`` shares them
between processes and machines (README, "Serving many users").
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

from flask import Flask, current_app
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import current_user

from geo.i18n import text
from geo.time_limit import within
from routes.errors import respond
from routes.i18n import current_lang


def client_key() -> str:
    if current_user and current_user.is_authenticated:
        return f"user:{current_user.get_id()}"
    return f"addr:{get_remote_address()}"


# Login is counted by address: the per-account lockout with back-off is in store.users.
limiter = Limiter(client_key, headers_enabled=True)


def _configured(key: str) -> Callable[[], str]:
    return lambda: current_app.config[key]


def _time_limited(view: Callable) -> Callable:
    """Run the view within ``JIANGLE_TIME_LIMIT`` seconds (``geo.time_limit``): past it, the
    work stops at its next step and the answer is a 503 in the user's language."""

    @functools.wraps(view)
    def run(*args, **kwargs):
        with within(current_app.config["TIME_LIMIT"]):
            return view(*args, **kwargs)

    return run


def _limited(rate: str, scope: str) -> Callable[[Callable], Callable]:
    """Rate-limited per client (one budget per scope, shared by its endpoints: a client cannot
    multiply it by switching) and time-limited per request."""
    shared = limiter.shared_limit(_configured(rate), scope)
    return lambda view: shared(_time_limited(view))


heavy = _limited("RATE_HEAVY", "heavy")  # tour, print, exports, proposals, clean-up, progress
interactive = _limited("RATE_INTERACTIVE", "interactive")  # search, a plan's route


def retry_seconds() -> int:
    """Seconds until the limit just hit lets this client in again."""
    limit = limiter.current_limit
    return max(1, int(limit.reset_at - time.time())) if limit else 60  # as Retry-After


def init_app(app: Flask) -> None:
    app.config["RATELIMIT_STORAGE_URI"] = app.config["RATELIMIT_STORAGE"]
    limiter.init_app(app)

    @app.errorhandler(RateLimitExceeded)
    def too_many(exc: RateLimitExceeded):
        seconds = retry_seconds()
        said = text("err_rate_limited", current_lang(), seconds=seconds, limit=exc.description)
        return respond(429, said, {"retry_after": seconds})  # Flask-Limiter adds Retry-After
