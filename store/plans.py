"""Showcase plans: a named choice of sites with the tour settings, versioned against stale saves.

Every save names the version it was based on. The update is one compare-and-set statement
(``... WHERE id = ? AND version = ?``) in the same transaction as its history row, so two
planners saving at once can never both win, and a refused save leaves the plan untouched.

A deleted plan is kept (soft delete: ``deleted_at`` is set, under the same version check) with
its history and a last "deleted" row holding its final state; it leaves the list and every read
but its history answers 404 saying when and by whom it was deleted.

Data only: the rules a save must pass run in ``services.plans`` before these functions write;
every write is one ``atomic()`` transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from geo.errors import ConflictError, NotFoundError, ValidationError
from geo.plans.fields import EDITABLE, LIST_FIELDS, MAX_NAME
from geo.tour.settings import (
    DEFAULT_DAY,
    DEFAULT_DEPART,
    DEFAULT_LUNCH,
    DEFAULT_MAX_DAYS,
    DEFAULT_START,
)
from store import atomic, db, iso_utc, set_versioned


def _now() -> datetime:
    return datetime.now(UTC)


class Plan(db.Model):
    """One plan. ``start``/``end`` are a place or stop id, or [lon, lat]; ``end`` None = back
    to start. ``locked`` sites are kept by the proposal. ``version`` goes up on every save."""

    __tablename__ = "plan"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_NAME))
    sites: Mapped[list] = mapped_column(JSON, default=list)
    locked: Mapped[list] = mapped_column(JSON, default=list)
    start: Mapped[Any] = mapped_column(JSON, default=DEFAULT_START)
    end: Mapped[Any] = mapped_column(JSON, nullable=True, default=None)
    depart: Mapped[str] = mapped_column(String(16), default=DEFAULT_DEPART)
    day_start: Mapped[str] = mapped_column(String(5), default=DEFAULT_DAY[0])
    day_end: Mapped[str] = mapped_column(String(5), default=DEFAULT_DAY[1])
    lunch: Mapped[dict] = mapped_column(JSON, default=lambda: dict(DEFAULT_LUNCH))
    max_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_MAX_DAYS)
    # The per-plan quota of earlier releases, kept as a record; the rule is the county's own
    # (``store.settings``, an admin's), which no plan can loosen.
    quota_min: Mapped[int] = mapped_column(Integer, default=2)
    quota_max: Mapped[int] = mapped_column(Integer, default=3)
    day_edits: Mapped[dict] = mapped_column(JSON, nullable=True, default=dict)
    routes: Mapped[list] = mapped_column(JSON, nullable=True, default=list)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str] = mapped_column(String(80))
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    def state(self) -> dict[str, Any]:
        """The editable fields as a plain dict (a plan stored before routes existed has none)."""
        return {f: getattr(self, f) for f in EDITABLE} | {"routes": self.routes or []}

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            **self.state(),
            "version": self.version,
            "created_by": self.created_by,
            "updated_by": self.updated_by,
            "updated_at": iso_utc(self.updated_at),
        }


class PlanChange(db.Model):
    """One save of a plan: who, when, the version it produced and what changed (a diff)."""

    __tablename__ = "plan_change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))  # created, updated, copied, deleted
    username: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    changes: Mapped[dict] = mapped_column(JSON, default=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "action": self.action,
            "user": self.username,
            "at": iso_utc(self.at),
            "changes": self.changes,
        }


# ------------------------------------------------------------------------- reads


class PlanDeletedError(NotFoundError):
    """A read of a deleted plan (404): says when and by whom; its history is still readable."""

    def __init__(self, plan: Plan):
        self.plan_id = plan.id
        super().__init__(
            code="err_plan_deleted", plan=plan.name, user=plan.updated_by, at=plan.deleted_at
        )


def get_plan(plan_id: int) -> Plan:
    """A plan that exists and is not deleted; else NotFoundError (404) saying which."""
    plan = get_plan_record(plan_id)
    if plan.deleted_at is not None:
        raise PlanDeletedError(plan)
    return plan


def get_plan_record(plan_id: int) -> Plan:
    """A plan, deleted or not (for its history)."""
    plan = db.session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(code="err_no_plan", id=plan_id)
    return plan


def list_plans() -> list[Plan]:
    """The plans that are not deleted, last changed first."""
    query = select(Plan).where(Plan.deleted_at.is_(None))
    return list(db.session.scalars(query.order_by(Plan.updated_at.desc(), Plan.id.desc())))


def plan_history(plan_id: int) -> list[PlanChange]:
    """Every recorded save of a plan, newest first; a deleted plan keeps its history."""
    get_plan_record(plan_id)
    return list(
        db.session.scalars(
            select(PlanChange)
            .where(PlanChange.plan_id == plan_id)
            .order_by(PlanChange.version.desc(), PlanChange.id.desc())
        )
    )


# ------------------------------------------------------------------------- writes


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """What a save changes: added/removed ids for lists, from/to for everything else."""
    out: dict[str, Any] = {}
    for field in EDITABLE:
        if field not in after or after[field] == before.get(field):
            continue
        old, new = before.get(field), after[field]
        if field in LIST_FIELDS:
            entry = {
                "added": [s for s in new if s not in (old or [])],
                "removed": [s for s in (old or []) if s not in new],
            }
            if not entry["added"] and not entry["removed"]:
                entry = {"reordered": True, "moved": _moved(old or [], new)}
            out[field] = entry
        else:
            out[field] = {"from": old, "to": new}
    return out


def _moved(old: list[str], new: list[str]) -> list[str]:
    """The fewest items of ``new`` that moved: those outside a longest common subsequence of the
    two orders (the history names them, "石门村 moved", not just "order changed")."""
    longest = [[0] * (len(new) + 1) for _ in range(len(old) + 1)]
    for i in range(len(old) - 1, -1, -1):
        for j in range(len(new) - 1, -1, -1):
            longest[i][j] = (
                longest[i + 1][j + 1] + 1
                if old[i] == new[j]
                else max(longest[i + 1][j], longest[i][j + 1])
            )
    kept, i, j = set(), 0, 0
    while i < len(old) and j < len(new):
        if old[i] == new[j]:
            kept.add(new[j])
            i, j = i + 1, j + 1
        elif longest[i + 1][j] >= longest[i][j + 1]:
            i += 1
        else:
            j += 1
    return [s for s in new if s not in kept]


def new_state(name: str) -> dict[str, Any]:
    """The editable fields of a plan not yet created: ``name`` and every column default (what
    settings given at creation are checked against)."""
    columns = Plan.__table__.c
    state: dict[str, Any] = {"name": name, "sites": [], "locked": [], "end": None}
    for field in EDITABLE:
        default = columns[field].default
        if field not in state and default is not None:
            state[field] = default.arg(None) if default.is_callable else default.arg
    return state


def create_plan(
    name: str, user: str, settings: dict[str, Any] | None = None, **fields: Any
) -> Plan:
    """A new draft plan at version 1 with ``fields``, and its 'created' history row; with
    ``settings``, saved on top as version 2 in the same transaction (all or nothing). Values
    must already be checked (``services.plans``)."""
    with atomic():
        plan = Plan(
            name=name, created_by=user, updated_by=user, version=1, updated_at=_now(), **fields
        )
        db.session.add(plan)
        db.session.flush()
        db.session.add(
            PlanChange(plan_id=plan.id, version=1, action="created", username=user, changes={})
        )
        change = diff(plan.state(), settings or {})
        if change:
            values = {f: settings[f] for f in change}
            _set_version(plan, 1, values, _change(plan, 1, user, "updated", change, _now()))
    db.session.refresh(plan)
    return plan


def save_plan(plan_id: int, version: Any, changes: dict[str, Any], user: str) -> Plan:
    """Apply ``changes`` if the plan is still at ``version``; else ConflictError, unchanged.

    ``changes`` must already be checked (``services.plans``). A save that changes nothing
    returns the plan as it is, without a new version."""
    plan = get_plan(plan_id)
    check_version(plan, version)
    change = diff(plan.state(), changes)
    if not change:
        return plan
    values = {f: changes[f] for f in change}
    history = _change(plan, version, user, "updated", change, _now())
    return _next_version(plan, version, values, history)


def delete_plan(plan_id: int, version: Any, user: str) -> Plan:
    """Delete a plan still at ``version`` (else ConflictError, nothing deleted): it leaves the
    list and the reads; its history stays, ending with a "deleted" row and its last state."""
    plan = get_plan(plan_id)
    check_version(plan, version)
    now = _now()
    last = {"last_state": plan.state()}
    return _next_version(
        plan, version, {"deleted_at": now}, _change(plan, version, user, "deleted", last, now)
    )


def _next_version(plan: Plan, version: int, values: dict[str, Any], change: PlanChange) -> Plan:
    """Move the plan from ``version`` to the next with ``values`` and record ``change``, in one
    transaction: a plan saved or deleted in between our read and this write gets 409 and
    nothing changes."""
    with atomic():
        moved = _set_version(plan, version, values, change)
    if not moved:
        raise _stale(get_plan(plan.id), version)
    db.session.refresh(plan)
    return plan


def _set_version(plan: Plan, version: int, values: dict[str, Any], change: PlanChange) -> bool:
    """The compare-and-set and its history row ``change``, inside the caller's transaction;
    False (and nothing written) when the plan is no longer at ``version`` or was deleted."""
    stamped = {**values, "updated_by": change.username, "updated_at": change.at}
    live = (Plan.deleted_at.is_(None),)
    if not set_versioned(Plan, {"id": plan.id}, version, stamped, where=live):
        return False
    db.session.add(change)
    return True


def _change(
    plan: Plan, version: int, user: str, action: str, changes: dict[str, Any], now: datetime
) -> PlanChange:
    """The history row of the move from ``version`` to the next."""
    return PlanChange(
        plan_id=plan.id, version=version + 1, action=action, username=user, at=now, changes=changes
    )


def check_version(plan: Plan, version: Any) -> None:
    """ConflictError (409) unless ``version`` is the plan's current version."""
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValidationError(f"version must be the plan's version number, got {version!r}")
    if plan.version != version:
        raise _stale(plan, version)


def _stale(plan: Plan, version: int) -> ConflictError:
    return ConflictError(
        code="err_plan_stale", plan=plan.name, user=plan.updated_by, now=plan.version, v=version
    )


def copy_plan(plan_id: int, user: str, name: str) -> Plan:
    """A draft copy to try a variant (``name`` checked by the caller); its history starts with
    where it came from."""
    source = get_plan(plan_id)
    fields = {f: getattr(source, f) for f in EDITABLE if f not in ("name", "status")}
    with atomic():
        plan = Plan(
            name=name,
            status="draft",
            created_by=user,
            updated_by=user,
            version=1,
            updated_at=_now(),
            **fields,
        )
        db.session.add(plan)
        db.session.flush()
        db.session.add(
            PlanChange(
                plan_id=plan.id,
                version=1,
                action="copied",
                username=user,
                changes={"copied_from": {"id": source.id, "version": source.version}},
            )
        )
    return plan


def compare_sites(a: Plan, b: Plan) -> dict[str, list[str]]:
    """Sites in both plans, only in the first, only in the second."""
    return {
        "both": [s for s in a.sites if s in b.sites],
        "only_a": [s for s in a.sites if s not in b.sites],
        "only_b": [s for s in b.sites if s not in a.sites],
    }
