"""Words of a plan's named routes (tours over part of its sites): the route selector, the sites
left out and why, the history, and the errors (Chinese, English); merged into ``geo.i18n``."""

from __future__ import annotations

ROUTES_TEXT: dict[str, tuple[str, str]] = {
    "route_full": ("全部点位", "All sites"),
    "routes_title": ("路线", "Routes"),
    "route_add": ("新增路线", "Add route"),
    "route_rename": ("改名", "Rename"),
    "route_delete": ("删除路线", "Delete route"),
    "route_name_label": ("路线名称", "Route name"),
    "route_days_label": ("天数上限", "Most days"),
    "route_end_label": ("本路线终点", "This route ends at"),
    "route_end_plan": ("同方案设置", "As the plan"),
    "route_new_name": ("路线{letter} {n}天", "Route {letter} {n} days"),
    "route_left_out": ("未安排的点（{n}）", "Sites left out ({n})"),
    "route_none_left_out": ("全部点位均已安排", "Every site is on this route"),
    "route_chosen": ("本路线的点（{n}）", "Sites on this route ({n})"),
    "route_include": ("加入", "Include"),
    "route_exclude": ("排除", "Leave out"),
    "route_undo_choice": ("取消手动选择", "Undo my choice"),
    "route_included": ("手动加入", "included by hand"),
    "route_excluded": ("规划人员手动排除", "left out by the planner"),
    "route_required_no_room": (
        "手动加入，但{n}天内排不下",
        "included by hand, but it does not fit into {n} days",
    ),
    "route_plan_title": ("{plan} · {route}", "{plan} · {route}"),
    "route_tab": ("{name}（至多{n}天）", "{name} (up to {n} days)"),
    "route_days_of": ("《{name}》（{n} 天）", "“{name}” ({n} days)"),
    # history
    "history_routes": ("路线", "Routes"),
    "history_route_added": ("新增路线《{name}》（{n} 天）", "route “{name}” added ({n} days)"),
    "history_route_removed": ("删除路线《{name}》", "route “{name}” deleted"),
    "history_route_renamed": ("路线《{old}》改名为《{new}》", "route “{old}” renamed “{new}”"),
    "history_route_days": (
        "路线《{name}》天数 {old} → {new}",
        "route “{name}”: days {old} → {new}",
    ),
    "history_route_settings": ("路线《{name}》的设置已修改", "route “{name}”: settings changed"),
    "history_route_day_edits": (
        "路线《{name}》日程调整：{edits}",
        "route “{name}”: day edits: {edits}",
    ),
    "history_route_include": (
        "路线《{name}》手动加入：{added}；取消：{removed}",
        "route “{name}” includes by hand: {added}; no longer: {removed}",
    ),
    "history_route_exclude": (
        "路线《{name}》手动排除：{added}；取消：{removed}",
        "route “{name}” leaves out by hand: {added}; no longer: {removed}",
    ),
    # errors
    "err_routes_list": ("路线须为列表", "routes must be a list of routes"),
    "err_routes_many": ("一个方案最多 {n} 条路线", "a plan has at most {n} routes"),
    "err_route_key_twice": ("路线标识“{value}”重复", "route key “{value}” is used twice"),
    "err_route_name_twice": (
        "已有名为《{route}》的路线",
        "there is already a route named “{route}”",
    ),
    "err_route_shape": (
        "每条路线须为对象，字段为 {fields}",
        "each route must be an object with the fields {fields}",
    ),
    "err_route_key": (
        "路线《{route}》的标识“{value}”无效：须以小写字母或数字开头，"
        "只含小写字母、数字、- 和 _，且不能是 all",
        "route “{route}”: key “{value}” is not valid: lower-case letters, digits, - and _ "
        "(starting with a letter or digit), and not “all”",
    ),
    "err_route_days": (
        "路线《{route}》的天数上限须为 {low} 到 {high} 的整数",
        "route “{route}”: the most days must be a whole number from {low} to {high}",
    ),
    "err_route_settings": (
        "路线《{route}》只能单独设置：{fields}",
        "route “{route}” may only set its own: {fields}",
    ),
    "err_route_bad": ("路线《{route}》：{why}", "route “{route}”: {why}"),
    "err_route_in_and_out": (
        "路线《{route}》：{stops}不能既手动加入又手动排除",
        "route “{route}”: {stops} cannot be both included and left out by hand",
    ),
    "err_route_ids": (
        "路线《{route}》：手动选择须为点位列表",
        "route “{route}”: hand choices must list sites",
    ),
    "err_route_name_empty": ("路线名称不能为空", "a route's name must not be empty"),
    "err_route_name_long": ("路线名称最多 {n} 个字", "a route's name has at most {n} characters"),
    "err_route_param": (
        "route 参数“{value}”不是路线标识（小写字母、数字、- 和 _，或 all 表示全部点位）",
        "'route' “{value}” is not a route key (lower-case letters, digits, - and _, or all for "
        "every site)",
    ),
    "err_route_missing": (
        "此方案没有标识为“{value}”的路线；现有路线：{routes}",
        "this plan has no route with the key “{value}”; its routes: {routes}",
    ),
}
