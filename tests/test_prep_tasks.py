"""The review visit and preparation task rules (pure): dates, experts, deadlines relative to the
review, and done / due / late as of a given day."""

from __future__ import annotations

from datetime import date

import pytest

from geo.errors import ValidationError
from geo.plans.review import ReviewVisit, check_review
from geo.prep.tasks import DUE_DAYS, Deadline, check_task, progress, tally


def test_a_relative_deadline_follows_the_review_date():
    deadline = Deadline(days_before=5)
    assert deadline.on(None) is None
    assert deadline.on(date(2014, 8, 20)) == date(2014, 8, 15)
    assert deadline.on(date(2014, 9, 1)) == date(2014, 8, 27)
    assert Deadline(day=date(2014, 8, 1)).on(date(2014, 9, 1)) == date(2014, 8, 1)


@pytest.mark.parametrize(
    ("status", "deadline", "expected"),
    [
        ("done", date(2014, 7, 1), "done"),
        ("todo", date(2014, 7, 14), "late"),
        ("doing", date(2014, 7, 15), "due"),
        ("todo", date(2014, 7, 15 + DUE_DAYS), "due"),
        ("todo", date(2014, 7, 16 + DUE_DAYS), "todo"),
        ("todo", None, "undated"),
    ],
)
def test_progress_as_of_today(status, deadline, expected):
    assert progress(status, deadline, date(2014, 7, 15)) == expected


def test_tally_counts_every_state():
    counts = tally(["late", "late", "done", "due"])
    assert counts == {"done": 1, "late": 2, "due": 1, "todo": 0, "undated": 0, "total": 4}


def test_a_task_needs_a_stop_a_kind_and_one_deadline():
    ok = check_task({"stop_id": "s1", "kind": "layout", "days_before": 3}, partial=False)
    assert ok["days_before"] == 3 and ok["deadline"] is None
    fixed = check_task({"stop_id": "s1", "kind": "boards", "deadline": "2014-08-01"}, partial=False)
    assert fixed["deadline"] == date(2014, 8, 1) and fixed["days_before"] is None
    for body, field in [
        ({"kind": "layout", "days_before": 3}, "stop_id"),
        ({"stop_id": "s1", "kind": "dance", "days_before": 3}, "kind"),
        ({"stop_id": "s1", "kind": "layout"}, "deadline/days_before"),
        (
            {"stop_id": "s1", "kind": "layout", "days_before": 3, "deadline": "2014-08-01"},
            "deadline/days_before",
        ),  # fmt: skip
        ({"stop_id": "s1", "kind": "layout", "days_before": -1}, "days_before"),
        ({"stop_id": "s1", "kind": "layout", "days_before": True}, "days_before"),
        ({"stop_id": "s1", "kind": "layout", "deadline": "2014-02-30"}, "deadline"),
        ({"stop_id": "s1", "kind": "layout", "days_before": 1, "person": "x" * 81}, "person"),
        ({"stop_id": "s1", "kind": "layout", "days_before": 1, "colour": "red"}, "colour"),
    ]:
        with pytest.raises(ValidationError, match=field):
            check_task(body, partial=False)


def test_review_dates_and_experts():
    visit = check_review(
        {"start": "2014-08-20", "end": "2014-08-22",
         "experts": [{"name": " 张三 ", "affiliation": "环保部", "role": "组长"}]},
        ReviewVisit(),
    )  # fmt: skip
    assert visit.days == 3 and visit.experts[0].name == "张三"
    moved = check_review({"start": "2014-09-01", "end": "2014-09-02"}, visit)
    assert moved.experts == visit.experts  # experts absent: kept
    cleared = check_review({"start": None, "end": None}, moved)
    assert cleared.start is None and cleared.days == 0


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"start": "2014-08-22", "end": "2014-08-20"}, ["评审末日 2014-08-20 早于首日 2014-08-22"]),
        ({"start": "2014-08-20"}, ["评审首日和末日须同时填写"]),
        ({"start": "2014-08-01", "end": "2014-08-30"}, ["评审最长 14 天"]),
        ({"start": "20140801", "end": "2014-08-02"}, ["评审首日", "YYYY-MM-DD"]),
        ({"experts": [{"name": ""}]}, ["第 1 位专家的姓名不能为空"]),
        ({"experts": [{"name": "李四", "phone": "1"}]}, ["第 1 位专家"]),
        ({"experts": "张三"}, ["专家组"]),
        ({"experts": [{"name": "王\u200b五"}]}, ["experts[1].name"]),
        ({"when": "soon"}, ["when"]),
    ],
)
def test_bad_review_input_names_its_field(body, words):
    with pytest.raises(ValidationError) as caught:
        check_review(body, ReviewVisit())
    said = caught.value.say("zh")
    assert all(w in said for w in words), said
