"""Typed domain errors, mapped to HTTP status codes in one place (``routes/errors.py``)."""


class JiangleError(Exception):
    """Base class: every domain error carries a message fit to show a user."""

    status = 400

    def details(self) -> dict:
        """Machine-readable extras for the JSON error body (which stops, which rules)."""
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
