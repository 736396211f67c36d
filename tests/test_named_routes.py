"""A plan's named routes as data: the shape rules, the route a key names, the state a route is
toured with, and the history's sentences of what a save changed."""

from __future__ import annotations

import pytest

from geo.errors import Both, NotFoundError, ValidationError
from geo.plans import named_routes
from geo.plans.fields import check_fields
from geo.plans.history import describe
from store.plans import diff


def _named(ids: list[str]) -> Both:
    return Both("、".join(f"点{i}" for i in ids), ", ".join(f"site {i}" for i in ids))


def _check(value):
    return named_routes.check(value, check_fields, _named)


def _route(key="b", name="路线B 一天", days=1, **extra):
    return {"key": key, "name": name, "max_days": days, **extra}


def test_a_route_gets_its_canonical_form():
    routes = _check([_route(settings={"end": "station"}, include=["s1", "s1"])])
    assert routes == [
        {
            "key": "b",
            "name": "路线B 一天",
            "max_days": 1,
            "settings": {"end": "station"},
            "include": ["s1"],
            "exclude": [],
            "day_edits": {"pins": {}, "locked_days": {}, "previous": []},
        }
    ]


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ({"routes": 1}, "路线须为列表"),
        ([_route(key="all")], "标识“all”无效"),
        ([_route(key="B 1")], "标识“B 1”无效"),
        ([_route(), _route(name="其他")], "路线标识“b”重复"),
        ([_route(), _route(key="c")], "已有名为《路线B 一天》的路线"),
        ([_route(days=0)], "路线《路线B 一天》的天数上限须为 1 到"),
        ([_route(days=True)], "天数上限"),
        ([_route(name="  ")], "路线名称不能为空"),
        ([_route(settings={"max_days": 2})], "只能单独设置"),
        ([_route(settings={"day_start": "25:00"})], "路线《路线B 一天》：每日开始时间须为 HH:MM"),
        ([_route(include=["s1"], exclude=["s1"])], "点s1不能既手动加入又手动排除"),
        ([_route(include="s1")], "手动选择须为点位列表"),
        ([{**_route(), "colour": "red"}], "字段为"),
    ],
)
def test_a_bad_route_is_refused_naming_it(value, said):
    with pytest.raises(ValidationError) as caught:
        _check(value if isinstance(value, list) else value["routes"])
    assert said in caught.value.say("zh")
    assert caught.value.say("en") != caught.value.say("zh")


def test_too_many_routes():
    many = [_route(key=f"r{i}", name=f"路线{i}") for i in range(named_routes.MAX_ROUTES + 1)]
    with pytest.raises(ValidationError, match="at most 12 routes"):
        _check(many)


def test_choices_of_sites_no_longer_selected_are_dropped():
    routes = _check([_route(include=["a", "b"], exclude=["c"])])
    assert named_routes.kept(routes, ["a", "c"])[0] | {} == {
        **routes[0],
        "include": ["a"],
        "exclude": ["c"],
    }


def test_the_route_parameter_and_the_route_it_names():
    routes = _check([_route()])
    assert named_routes.parse_key(None) == named_routes.FULL
    assert named_routes.parse_key("") == named_routes.FULL
    assert named_routes.find(routes, named_routes.parse_key("all")) is None
    assert named_routes.find(routes, named_routes.parse_key("b"))["name"] == "路线B 一天"
    with pytest.raises(named_routes.RouteKeyError) as bad:
        named_routes.parse_key("<b>")
    assert bad.value.status == 400 and "不是路线标识" in bad.value.say("zh")
    with pytest.raises(NotFoundError) as missing:
        named_routes.find(routes, "z")
    assert missing.value.status == 404
    assert "没有标识为“z”的路线" in missing.value.say("zh")
    assert "b（路线B 一天）" in missing.value.say("zh")


def test_a_route_is_toured_with_its_own_settings_day_budget_and_day_edits():
    state = {"end": None, "max_days": 3, "day_edits": {"pins": {"s": 2}}, "day_end": "17:30"}
    route = _check([_route(days=2, settings={"end": "station"})])[0]
    toured = named_routes.route_state(state, route)
    assert toured["end"] == "station" and toured["max_days"] == 2
    assert toured["day_edits"]["pins"] == {} and toured["day_end"] == "17:30"
    pinned = _check([_route(days=2, day_edits={"pins": {"t": "2"}, "previous": [["t"]]})])[0]
    assert named_routes.route_state(state, pinned)["day_edits"]["pins"] == {"t": 2}
    older = {k: v for k, v in route.items() if k != "day_edits"}  # saved before route day edits
    assert named_routes.route_state(state, older)["day_edits"] == {}


def test_a_routes_day_edits_are_checked_and_kept_with_its_sites():
    with pytest.raises(ValidationError) as bad:
        _check([_route(day_edits={"pins": {"s1": 20}})])
    assert "路线《路线B 一天》" in bad.value.say(
        "zh"
    ) and "固定到某天的考察点须为第 1–14 天" in bad.value.say("zh")
    with pytest.raises(ValidationError, match="fixed to day 1 and to day 2"):
        _check([_route(day_edits={"pins": {"s1": 1}, "locked_days": {"2": ["s1"]}})])
    edits = {"pins": {"s1": 2, "s2": 1}, "locked_days": {"1": ["s2"]}, "previous": [["s2"], ["s1"]]}
    route = _check([_route(day_edits=edits)])[0]
    assert named_routes.kept([route], ["s1"])[0]["day_edits"] == {
        "pins": {"s1": 2},
        "locked_days": {},
        "previous": [["s1"]],
    }


def _history(before, after, lang="zh"):
    change = {
        "version": 3,
        "action": "updated",
        "changes": diff({"routes": before}, {"routes": after}),
    }
    return describe(change, lambda i: {"s1": "石门村", "s2": "龙栖山"}.get(i, i), lang).sentences


def test_history_says_what_a_save_did_to_the_routes():
    a = _check([_route(key="a", name="路线A 两天", days=2)])
    b = _check([*a, _route()])
    assert _history(a, b) == ("路线：新增路线《路线B 一天》（1 天）",)
    assert _history(a, b, "en") == ("Routes: route “路线B 一天” added (1 day)",)
    renamed = _check([_route(key="a", name="路线A", days=1, include=["s1"]), _route()])
    said = _history(b, renamed)[0]
    assert "路线《路线A 两天》改名为《路线A》" in said
    assert "路线《路线A》天数 2 → 1" in said
    assert "路线《路线A》手动加入：石门村；取消：—" in said
    assert _history(renamed, renamed[1:]) == ("路线：删除路线《路线A》",)
    assert _history(b, [b[1], b[0]]) == ("路线：路线顺序改为 路线B 一天、路线A 两天",)
    moved = _check([a[0], _route(day_edits={"pins": {"s1": 2}, "locked_days": {"1": ["s2"]}})])
    assert _history(b, moved) == (
        "路线：路线《路线B 一天》日程调整：石门村 → 第2天、第1天保持顺序",
    )
    assert _history(b, moved, "en") == (
        "Routes: route “路线B 一天”: day edits: 石门村 → Day 2, day 1 keeps its order",
    )
    shown = _check([a[0], _route(day_edits={"previous": [["s1", "s2"]]})])
    assert _history(b, shown) == ()  # the days as shown are no hand edit: nothing to say


def _said(field, before, after):
    change = {"version": 2, "action": "updated", "changes": diff({field: before}, {field: after})}
    return describe(change, {"s1": "石门村", "s2": "龙栖山", "s3": "万安村"}.get, "zh").sentences


def test_history_names_the_stop_that_moved():
    assert _said("sites", ["s1", "s2", "s3"], ["s2", "s3", "s1"]) == (
        "考察点：调整了顺序：移动了 石门村",
    )
    assert _said("sites", ["s1", "s2", "s3"], ["s3", "s1", "s2"]) == (
        "考察点：调整了顺序：移动了 万安村",
    )
    old = {"version": 2, "action": "updated", "changes": {"sites": {"reordered": True}}}
    assert describe(old, str, "zh").sentences == ("考察点：调整了顺序",)  # saved before


def test_the_days_as_last_shown_are_not_said():
    shown = {"pins": {}, "locked_days": {}, "previous": [["s1"], ["s2"]]}
    again = {**shown, "previous": [["s2", "s1"]]}
    assert _said("day_edits", shown, again) == ()
    pinned = {**again, "pins": {"s1": 2}}
    assert _said("day_edits", shown, pinned) == ("日程调整：— → 石门村 → 第2天",)
