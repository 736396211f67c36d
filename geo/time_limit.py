"""A cooperative time limit for one request's work, so a heavy request answers "busy, try later"
instead of holding a server thread for minutes: the web layer runs the request ``within(seconds)``
and the long loops of the domain (tour searches, the proposal, the clean-up and print stages)
call ``check_time_limit()`` between two steps, which raises ``TimeLimitError`` once the time is
up. Nothing is interrupted mid-step and no thread is killed. Outside ``within`` (job workers, the
command line, domain tests) the check does nothing."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from geo.errors import TimeLimitError

_LIMIT: ContextVar[tuple[float, float] | None] = ContextVar("jiangle_time_limit", default=None)


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Run the block under a limit of ``seconds`` (of wall-clock time, as the user waits)."""
    token = _LIMIT.set((time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _LIMIT.reset(token)


def time_left() -> float | None:
    """Seconds left of the current request's time (0 once it is up), None outside ``within``:
    for work that cannot call the check between its steps (an engine's own search), so it can be
    told when to stop."""
    limit = _LIMIT.get()
    return None if limit is None else max(0.0, limit[0] - time.monotonic())


def check_time_limit() -> None:
    """Raise ``TimeLimitError`` when the current request's time is up."""
    limit = _LIMIT.get()
    if limit is not None and time.monotonic() > limit[0]:
        raise TimeLimitError(limit[1])
