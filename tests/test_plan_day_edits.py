"""A plan's hand edits of its days (``day_edits``): checked and stored with a save, applied to the
plan's tour wherever it is computed (page, print, exports), and sent unsaved to the route."""

from __future__ import annotations

from datetime import date

import flask
import pytest

from geo.errors import ScheduleError, ValidationError
from geo.plans import day_edits
from services import plans, printing
from store.layers import features


@pytest.fixture
def ctx(app):
    with app.app_context():
        assert not flask.has_request_context()
        yield app


def _two_per_township() -> list[str]:
    groups: dict[str, list[str]] = {}
    for f in features("stops"):
        groups.setdefault(f["properties"]["township_code"], []).append(f["properties"]["id"])
    return [s for code in sorted(groups) for s in sorted(groups[code])[:2]]


def _days(tour) -> list[list[str]]:
    out: dict[int, list[str]] = {}
    for stop in tour.schedule.stops:
        out.setdefault(stop.day, []).append(stop.id)
    return [out[d] for d in sorted(out)]


def test_check_gives_the_stored_shape_and_names_a_bad_field():
    edits = day_edits.check({"pins": {"a": 2}, "locked_days": {3: ["b", "c"]}})
    assert edits == {"pins": {"a": 2}, "locked_days": {"3": ["b", "c"]}, "previous": []}
    with pytest.raises(ValidationError, match="Stops pinned to a day must name a day from 1 to 14"):
        day_edits.check({"pins": {"a": 0}})
    with pytest.raises(ValidationError, match="hand edits of the tour are malformed"):
        day_edits.check({"order": []})
    with pytest.raises(ValidationError, match="fixed to day 1 and to day 2"):
        day_edits.check({"pins": {"b": 1}, "locked_days": {"2": ["b"]}})


def test_kept_forgets_stops_no_longer_selected():
    edits = {"pins": {"a": 2, "x": 1}, "locked_days": {"1": ["x"], "2": ["a", "x"]},
             "previous": [["x"], ["a", "b"]]}  # fmt: skip
    assert day_edits.kept(edits, ["a", "b"]) == {
        "pins": {"a": 2},
        "locked_days": {"2": ["a"]},
        "previous": [["a", "b"]],
    }


def test_moving_a_stop_to_another_day_keeps_the_rest_in_place(ctx):
    sites = _two_per_township()
    plan = plans.create_plan("days", {"sites": sites}, "planner")
    before = plans.route(plan.id, {}, "zh").tour
    days = _days(before)
    assert len(days) >= 3
    moved = days[0][0]
    body = {"day_edits": {"pins": {moved: 3}, "previous": days}}
    after = plans.route(plan.id, body, "zh").tour
    cold = plans.route(plan.id, {"day_edits": {"pins": {moved: 3}}}, "zh").tour
    new_days = _days(after)
    assert moved in new_days[2]
    old = {s: d for d, stops in enumerate(days) for s in stops}
    new = {s: d for d, stops in enumerate(new_days) for s in stops}
    shifted = [s for s in old if s != moved and old[s] != new[s]]
    assert len(shifted) <= len(sites) // 3  # the rest stays on its days, mostly
    # keeping the rest in place may cost a little against a plan from scratch (which starts
    # from the engine's days, geo.tour.engine_start), never much
    assert after.totals.driving_minutes <= 1.02 * cold.totals.driving_minutes + 1


def test_saved_edits_shape_the_tour_of_the_print_pack_and_exports(ctx):
    sites = _two_per_township()
    plan = plans.create_plan("saved", {"sites": sites}, "planner")
    days = _days(plans.route(plan.id, {}, "zh").tour)
    moved = days[0][-1]
    kept_day = list(reversed(days[1]))
    too_long = {"pins": {moved: 2}, "locked_days": {"2": [*kept_day, moved]}, "previous": days}
    with pytest.raises(ScheduleError, match="第2天保持的顺序") as info:
        plans.route(plan.id, {"day_edits": too_long}, "zh")
    assert moved in info.value.unscheduled
    with pytest.raises(ValidationError, match="keeps its own order without it"):
        plans.route(plan.id, {"day_edits": {**too_long, "locked_days": {"2": kept_day}}}, "zh")
    edits = {"pins": {moved: 3}, "locked_days": {"2": kept_day}, "previous": days}
    saved = plans.save_plan(plan.id, plan.version, {"day_edits": edits}, "planner")
    assert saved.day_edits["locked_days"] == {"2": kept_day}
    shown = _days(plans.route(plan.id, {}, "zh").tour)
    assert shown[1] == kept_day and moved in shown[2]
    options = printing.PrintOptions("zh", date(2014, 10, 1), "Asia/Shanghai")
    pack = printing.pack_input(plan.id, options)
    assert _days(pack.tour) == shown
    csv = printing.export(plan.id, "csv", "zh", False).body.decode("utf-8-sig")
    assert csv.index(kept_day[0]) < csv.index(kept_day[-1])  # day 2 in the kept order


def test_a_pin_beyond_the_days_allowed_is_refused_by_name(ctx):
    sites = _two_per_township()
    plan = plans.create_plan("pins", {"sites": sites, "max_days": 5}, "planner")
    with pytest.raises(
        ValidationError, match="is pinned to day 9, but the tour has at most 5 days"
    ):
        plans.route(plan.id, {"day_edits": {"pins": {sites[0]: 9}}}, "zh")


def test_dropping_a_site_forgets_its_pin_at_save(ctx):
    sites = _two_per_township()
    plan = plans.create_plan("drop", {"sites": sites}, "planner")
    edits = {"pins": {sites[0]: 2, sites[1]: 1}}
    saved = plans.save_plan(plan.id, plan.version, {"sites": sites[1:], "day_edits": edits}, "u")
    assert saved.day_edits["pins"] == {sites[1]: 1}


def test_what_changed_is_computed_from_the_days_last_shown(ctx):
    sites = _two_per_township()
    plan = plans.create_plan("change", {"sites": sites}, "planner")
    before = plans.route(plan.id, {}, "zh").tour
    days = _days(before)
    moved = days[0][0]
    body = {"day_edits": {"pins": {moved: 2}, "previous": days}, "what_changed": True}
    answer = plans.route(plan.id, body, "zh")
    after, change = answer.tour, answer.change
    delta = after.totals.driving_minutes - before.totals.driving_minutes
    assert change.driving_minutes == delta
    assert change.days == after.totals.days - before.totals.days
    ends = {d.day: f"{d.end:%H:%M}" for d in before.schedule.days}
    moved_ends = {
        d.day: f"{d.end:%H:%M}" for d in after.schedule.days if ends[d.day] != f"{d.end:%H:%M}"
    }
    assert change.day_ends == moved_ends and moved_ends
    for day, end in moved_ends.items():
        assert f"第{day}天现在{end}结束" in change.text
    if delta:
        assert f"车程{delta:+d}分钟".replace("-", "−") in change.text
    english = plans.route(plan.id, body, "en").change.text
    assert "now ends" in english
    assert answer.to_dict()["change"]["text"] == change.text
    # without the flag nothing is compared; a bad flag is named
    assert plans.route(plan.id, {"day_edits": body["day_edits"]}, "zh").change is None
    with pytest.raises(ValidationError, match="this change did” must be true or false"):
        plans.route(plan.id, {"what_changed": "yes"}, "zh")


def test_no_change_says_so(ctx):
    sites = _two_per_township()[:6]
    plan = plans.create_plan("same", {"sites": sites}, "planner")
    days = _days(plans.route(plan.id, {}, "zh").tour)
    body = {"day_edits": {"previous": days}, "what_changed": True}
    assert plans.route(plan.id, body, "zh").change.text == "路线未变"


def test_history_says_the_day_edits_in_words(ctx):
    from services import plan_history

    sites = _two_per_township()
    plan = plans.create_plan("history", {"sites": sites}, "planner")
    edits = {"pins": {sites[0]: 2}, "locked_days": {"3": [sites[5]]}}
    plans.save_plan(plan.id, plan.version, {"day_edits": edits}, "planner")
    newest = plan_history.plan_history(plan.id, "zh")[0]
    name_zh = next(
        f["properties"]["name_zh"] for f in features("stops") if f["properties"]["id"] == sites[0]
    )
    said = " ".join(newest.sentences)
    assert "日程调整：" in said and f"{name_zh} → 第2天" in said and "第3天保持顺序" in said
    assert sites[0] not in said


def test_days_last_shown_under_longer_hours_still_make_a_tour(ctx):
    sites = _two_per_township()
    plan = plans.create_plan("shorter", {"sites": sites}, "planner")
    days = _days(plans.route(plan.id, {}, "zh").tour)
    shorter = plans.route(plan.id, {"day_end": "15:00", "day_edits": {"previous": days}}, "zh")
    assert shorter.tour.totals.days > len(days)
    assert sorted(s.id for s in shorter.tour.schedule.stops) == sorted(sites)
    assert all(f"{d.end:%H:%M}" <= "15:00" for d in shorter.tour.schedule.days)
