"""Typed domain errors, mapped to HTTP status codes in one place (``routes/errors.py``).

An error raised with a ``code`` (a key of ``geo.i18n``) and its parameters is said in the user's
language by the web layer (``say``); ``str()`` is its English text, for logs and domain tests.
A parameter that reads differently per language (a township's name) is given as ``Both``; a
moment (``datetime``, UTC) is said in the county's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from geo.clock import local_time
from geo.i18n import text

COUNTY_ZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class Both:
    """A message parameter in both languages."""

    zh: str
    en: str

    def said(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    @classmethod
    def label(cls, key: str) -> Both:
        """The catalog's words for ``key`` (a field's label, a status) in both languages."""
        return cls(text(key, "zh"), text(key, "en"))


def _said(value: object, lang: str, zone: str) -> object:
    if isinstance(value, Both):
        return value.said(lang)
    return local_time(value, zone) if isinstance(value, datetime) else value


class JiangleError(Exception):
    """Base class: every domain error carries a message fit to show a user."""

    status = 400

    def __init__(self, message: str = "", *, code: str | None = None, **params: object):
        self.code, self.params = code, params
        super().__init__(message or self.say("en"))

    def say(self, lang: str, zone: str = COUNTY_ZONE) -> str:
        """The message in ``lang``: from the catalogue for an error with a code."""
        if self.code is None:
            return str(self)
        return text(self.code, lang, **{k: _said(v, lang, zone) for k, v in self.params.items()})

    def details(self) -> dict:
        """Machine-readable extras for the JSON error body (which stops, which rules)."""
        return {}

    def headers(self) -> dict[str, str]:
        """HTTP headers the answer carries (``Retry-After`` of a busy server)."""
        return {}


class GeoInputError(JiangleError):
    """A layer file or uploaded geometry is malformed: says which file, feature and property."""

    status = 422


class NotFoundError(JiangleError):
    """A named thing (plan, stop, layer, facility) does not exist."""

    status = 404


class NoRouteError(JiangleError):
    """Some stops cannot reach each other over the road network."""

    status = 422

    def __init__(self, message: str, unreachable: list[str] | None = None):
        super().__init__(message)
        self.unreachable = unreachable or []

    def details(self) -> dict:
        return {"unreachable": self.unreachable} if self.unreachable else {}


class ScheduleError(JiangleError):
    """The visits cannot be fitted into the allowed days; names the stops that do not fit."""

    status = 422

    def __init__(self, message: str, unscheduled: list[str] | None = None):
        super().__init__(message)
        self.unscheduled = unscheduled or []

    def details(self) -> dict:
        return {"unscheduled": self.unscheduled} if self.unscheduled else {}


class ValidationError(JiangleError):
    """A request breaks a rule (quota, value range, bad time); says which field and rule."""

    status = 422


class ConflictError(JiangleError):
    """A save carried a stale version; the stored record is unchanged."""

    status = 409


class ForbiddenError(JiangleError):
    """The user may not change this thing (another unit's plant); says whose it is."""

    status = 403


class BusyError(JiangleError):
    """The server will not do this now (the job queue is full, a request ran past its time
    limit): 503 with ``Retry-After``, so a client knows to come back rather than that it erred."""

    status = 503
    retry_after = 30

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class QueueFullError(BusyError):
    """As many jobs are queued as ``JIANGLE_JOB_QUEUE`` allows."""

    def __init__(self, queued: int):
        super().__init__(code="err_queue_full", n=queued)


class TimeLimitError(BusyError):
    """A request would run past its time limit (``geo.deadline``): stopped between two steps of
    its work, so it does not hold a server thread longer."""

    def __init__(self, seconds: float):
        super().__init__(code="err_time_limit", seconds=f"{seconds:g}")
