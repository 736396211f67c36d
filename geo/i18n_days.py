"""Words of the plan page's timetable and hand edits of the days, and of "what this change did"
(Chinese, English); merged into the one table of ``geo.i18n``."""

from __future__ import annotations

DAYS_TEXT: dict[str, tuple[str, str]] = {
    "tt_title": ("日程表", "Timetable"),
    "tt_lunch": ("午餐", "Lunch"),
    "tt_lunch_at": ("午餐（{place}）", "Lunch at {place}"),
    "tt_lunch_on_way": ("午餐（前往{place}途中）", "Lunch on the way to {place}"),
    "tt_leave": ("{time} 从{place}出发", "{time} leave {place}"),
    "tt_back": ("{time} 到达{place}", "{time} arrive at {place}"),
    "tt_leg": ("车程{km}公里·{time}", "{km} km · {time} drive"),
    "tt_wait": ("等候{time}", "wait {time}"),
    "tt_day_totals": (
        "车程{km}公里·{driving}，考察{visiting}",
        "{km} km · {driving} driving, {visiting} visiting",
    ),
    "tt_move": ("移到", "Move to"),
    "tt_move_label": ("把“{name}”移到另一天", "Move “{name}” to another day"),
    "tt_pin": ("固定在本日", "Pin to this day"),
    "tt_pinned": ("已固定在本日", "Pinned to this day"),
    "tt_keep_order": ("保持本日顺序", "Keep this day's order"),
    "tt_undo": ("撤销", "Undo"),
    "tt_redo": ("重做", "Redo"),
    "tt_drag_hint": (
        "拖动站点到另一天，或用“移到”选择；固定的站点和保持顺序的日子在重新计算时不变。",
        "Drag a stop onto another day, or pick one under “Move to”; pinned stops and kept days "
        "stay as they are when the tour is recomputed.",
    ),
    "tt_moved": ("“{name}”移到第{n}天", "“{name}” moved to day {n}"),
    "site_in_township": ("{name}（{township}）", "{name} ({township})"),
    "tour_kept_day_unfit": (
        "第{n}天保持的顺序（{stops}）排不进当天的工作时间：取消“保持本日顺序”，或把{last}移到另一天。",
        "Day {n} in its kept order ({stops}) does not fit its working hours: switch off "
        "“keep this day's order”, or move {last} to another day.",
    ),
    # sites removed from the stops layer (services.removed_stops)
    "removed_title": ("图层中已删除的考察点", "Stops removed from the layer"),
    "removed_stop_notice": (
        "“{name}”已从考察点图层中删除，路线按其余考察点计算。",
        "“{name}” was removed from the stops layer; the tour is computed without it.",
    ),
    "removed_drop": ("去掉", "Drop it"),
    "removed_use": ("改用新考察点“{name}”", "Use the new stop “{name}” instead"),
    "removed_same_name": ("同名", "same name"),
    "removed_near": ("相距{m}米", "{m} m away"),
    "removed_print": (
        "已从图层中删除、未计入路线：{names}",
        "Removed from the layer, not in the tour: {names}",
    ),
    "print_layers": ("计算所用图层", "Computed on"),
    "layer_revisions": ("图层修订：{revisions}", "Layer revisions: {revisions}"),
    "history_day_edits": ("日程调整", "Day edits"),
    "history_day_kept": ("第{n}天保持顺序", "day {n} keeps its order"),
    "route_day": ("路线{letter}（第{n}天）", "Route {letter} (day {n})"),
    "print_hotel": ("住地：{name}", "Hotel: {name}"),
    "print_route_name": ("路线", "Route"),
    # what this change did (services.tours_change)
    "change_driving": ("车程{delta}分钟", "{delta} min driving"),
    "change_km": ("{delta}公里", "{delta} km"),
    "change_days": ("{delta}天", "{delta} days"),
    "change_day_ends": ("第{n}天现在{time}结束", "day {n} now ends {time}"),
    "change_none": ("路线未变", "the tour did not change"),
    "change_sep": ("，", ", "),
}
