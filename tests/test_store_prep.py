"""Clean-up task statuses in the store: first set, compare-and-set, stale and racing saves."""

from __future__ import annotations

import pytest

from geo.errors import ConflictError


@pytest.fixture
def plan_id(app) -> int:
    with app.app_context():
        from store.plans import create_plan

        return create_plan("整治测试", "planner").id


def test_status_is_set_then_updated_with_its_version(app, plan_id):
    from store.prep import set_task_status, task_statuses

    with app.app_context():
        assert task_statuses(plan_id) == {}
        first = set_task_status(plan_id, "road-1", "doing", "", 0, "planner")
        assert (first.status, first.version, first.updated_by) == ("doing", 1, "planner")
        second = set_task_status(plan_id, "road-1", "done", "已清扫", 1, "planner2")
        assert (second.status, second.version, second.note) == ("done", 2, "已清扫")
        assert task_statuses(plan_id)["road-1"].updated_by == "planner2"


def test_a_stale_or_racing_save_is_refused_and_changes_nothing(app, plan_id):
    from store.prep import set_task_status, task_statuses

    with app.app_context():
        set_task_status(plan_id, "river-1", "doing", "", 0, "a")
        with pytest.raises(ConflictError):
            set_task_status(plan_id, "river-1", "done", "", 0, "b")  # a second "first" save
        with pytest.raises(ConflictError):
            set_task_status(plan_id, "river-1", "done", "", 5, "b")
        kept = task_statuses(plan_id)["river-1"]
        assert (kept.status, kept.version, kept.updated_by) == ("doing", 1, "a")
