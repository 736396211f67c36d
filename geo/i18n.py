"""Chinese-first labels for the domain vocabulary and the interface, with English second.

One table keeps the words the map legend, the pages, the print pack and the exports share, so a
theme or a status reads the same everywhere.
"""

from __future__ import annotations

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

_TEXT: dict[str, tuple[str, str]] = {
    # review themes
    "natural_landscape": ("自然景观", "Natural landscape"),
    "eco_industry": ("生态产业", "Eco-industry"),
    "new_countryside": ("新农村建设", "New countryside"),
    "urban_infrastructure": ("城镇环境基础设施", "Urban environmental infrastructure"),
    "pollution_source": ("重点污染源", "Key pollution source"),
    "ecological_project": ("重点生态工程", "Key ecological project"),
    # plant status
    "operating": ("已运行", "Operating"),
    "commissioning": ("调试中", "Commissioning"),
    "under_construction": ("在建", "Under construction"),
    "planned": ("规划中", "Planned"),
    "late": ("逾期", "Late"),
    "urban": ("城区", "Urban"),
    "township": ("乡镇", "Township"),
    # eco-township status
    "accepted": ("已通过验收", "Accepted"),
    "applied": ("已申报待验收", "Applied, awaiting acceptance"),
    "preparing": ("创建中", "Preparing"),
    # readiness
    "ready": ("已就绪", "Ready"),
    "in_progress": ("准备中", "In progress"),
    "not_ready": ("未就绪", "Not ready"),
    # road classes
    "provincial": ("省道", "Provincial road"),
    "county": ("县道", "County road"),
    "village": ("村道", "Village road"),
    "main": ("干流", "Main stem"),
    "tributary": ("支流", "Tributary"),
    # interface
    "app_title": ("将乐县生态县考核验收规划", "Jiangle Inspect: eco-county review planner"),
    "map": ("地图", "Map"),
    "plans": ("考察方案", "Plans"),
    "facilities": ("设施状态", "Facilities"),
    "legend": ("图例", "Legend"),
    "township_status": ("生态乡镇创建", "Eco-township status"),
    "plant_status": ("污水处理厂状态", "Sewage plant status"),
    "stop_theme": ("考察点主题", "Stop theme"),
    "name": ("名称", "Name"),
    "theme": ("主题", "Theme"),
    "visit_minutes": ("考察时长(分钟)", "Visit (minutes)"),
    "readiness": ("准备情况", "Readiness"),
    "status": ("状态", "Status"),
    "capacity": ("处理能力(吨/日)", "Capacity (m³/day)"),
    "load_rate": ("负荷率", "Load rate"),
    "target": ("目标", "Target"),
    "deadline": ("完成期限", "Deadline"),
    "pipe_km": ("新建管网(公里)", "New pipes (km)"),
    "responsible_unit": ("责任单位", "Responsible unit"),
    "updated_at": ("更新日期", "Updated"),
    "area": ("面积", "Area"),
    "accuracy": ("精度", "Accuracy"),
    "approximate": ("近似", "approximate"),
    "synthetic": ("合成", "synthetic"),
    "sample": ("示例", "sample"),
    "official": ("官方", "official"),
    "simplified_official": ("官方(简化)", "official (simplified)"),
    "approx_note": (
        "乡镇界线、设施位置、道路与河流为近似或合成数据，仅供规划参考。",
        "Township lines, facility positions, roads and rivers are approximate or synthetic: "
        "for planning only.",
    ),
    "login": ("登录", "Log in"),
    "logout": ("退出", "Log out"),
    "language_switch": ("English", "中文"),
    "minutes": ("分钟", "min"),
    "km": ("公里", "km"),
    "day": ("第{n}天", "Day {n}"),
    "arrival": ("到达", "Arrival"),
    "departure": ("离开", "Departure"),
    "lunch": ("午餐", "Lunch"),
    "start": ("出发地", "Start"),
    "end": ("终点", "End"),
    # print pack and exports
    "print_pack": ("考察方案打印册", "Inspection print pack"),
    "print_subtitle": (
        "国家生态县考核验收 · 现场考察路线与行程",
        "National eco-county review · inspection route and itinerary",
    ),
    "print_county": ("福建省三明市将乐县", "Jiangle County, Sanming, Fujian"),
    "print_dates": ("考察日期", "Dates"),
    "print_plan_status": ("方案状态", "Plan status"),
    "print_status_draft": ("草稿", "Draft"),
    "print_status_final": ("定稿", "Final"),
    "print_version": ("版本", "Version"),
    "print_totals": ("合计", "Totals"),
    "print_stop_count": ("考察点", "Stops"),
    "print_approval": ("审图号", "Map approval No. (审图号)"),
    "print_sources": ("数据来源", "Data sources"),
    "print_overview": ("考察路线总图", "Overview map"),
    "print_itinerary": ("行程表", "Itinerary"),
    "print_fact_cards": ("考察点简介", "Site fact cards"),
    "print_no_route": (
        "尚未生成路线：方案中还没有考察点。",
        "No route yet: the plan has no stops.",
    ),
    "print_route_error": ("路线无法计算", "The route could not be computed"),
    "print_facility": ("设施现状", "Facility status"),
    "print_description": ("简介", "Description"),
    "print_page": ("第 {n} 页", "Page {n}"),
    "print_printed": ("打印日期", "Printed"),
    "print_scheduled": ("考察安排", "Scheduled"),
    "print_not_scheduled": ("未排入行程", "Not scheduled"),
    "print_other_stops": ("其他日考察点", "Stops on other days"),
    "print_start_place": ("出发地/住地", "Start / hotel"),
    "print_route_day": ("第{n}天路线", "Route, day {n}"),
    "print_basemap_off": ("底图不可用，仅绘制本县图层", "Basemap unreachable: county layers only"),
    "print_download_pdf": ("下载PDF打印册", "Download PDF print pack"),
    "print_page_link": ("打印页面", "Print page"),
    "print_exports": ("导出行程", "Export the tour"),
    "print_gcj02": ("高德坐标(GCJ-02)", "Gaode coordinates (GCJ-02)"),
    "print_browser_hint": (
        "使用浏览器“打印”(Ctrl+P)，纸张选 A4 横向。",
        "Print from the browser (Ctrl+P) on A4 landscape.",
    ),
    "print_stops": ("考察点", "Stops"),
    "print_route": ("考察路线", "Route"),
    "print_day": ("天", "Day"),
    "print_date": ("日期", "Date"),
    "print_order": ("序号", "No."),
    "print_kind": ("类型", "Type"),
    "print_stop": ("地点", "Place"),
    "print_id": ("编号", "ID"),
    "print_township": ("乡镇", "Township"),
    "print_km_prev": ("距上站(公里)", "km from prev."),
    "print_min_prev": ("车程(分钟)", "Drive (min)"),
    "print_lon": ("经度", "Longitude"),
    "print_lat": ("纬度", "Latitude"),
    "print_kind_start": ("出发", "Depart"),
    "print_kind_stop": ("考察", "Visit"),
    "print_kind_lunch": ("午餐", "Lunch"),
    "print_kind_end": ("到达", "Arrive"),
    "print_days_n": ("{n}天", "{n} days"),
    "print_road_provincial": ("省道", "Provincial road"),
    "print_road_county": ("县道", "County road"),
    "print_road_township": ("乡道", "Township road"),
    "print_road_village": ("村道", "Village road"),
    "print_stops_n": ("{n}个考察点", "{n} stops"),
    "print_drive_visit": ("车程{d}分钟，考察{v}分钟", "{d} min driving, {v} min visiting"),
    # facility status dashboard, editing and bulk update
    "facility_dashboard": ("污水处理设施状态", "Sewage facility status"),
    "as_of_today": ("统计日期 {d}", "As of {d}"),
    "plants_total": ("污水处理厂", "Plants"),
    "load_met_of": ("负荷率达标 {met}/{n}", "Load rate on target {met}/{n}"),
    "all": ("全部", "All"),
    "late_only": ("只看逾期", "Late only"),
    "apply_filter": ("筛选", "Filter"),
    "reset": ("重置", "Reset"),
    "shown_of": ("显示 {n}/{total}", "Showing {n} of {total}"),
    "no_match": ("没有符合条件的设施", "No plant matches the filters"),
    "days_left": ("剩余/逾期", "Days left / overdue"),
    "days_remaining": ("剩 {n} 天", "{n} days left"),
    "days_overdue": ("逾期 {n} 天", "{n} days overdue"),
    "done": ("已完成", "Done"),
    "progress_note": ("进展说明", "Progress note"),
    "load_chart": ("负荷率与目标", "Load rate against target"),
    "timeline_chart": ("运行中的污水处理厂数量", "Plants operating over time"),
    "operating_all": ("运行中(全部)", "Operating (all)"),
    "operating_township": ("运行中(乡镇)", "Operating (township plants)"),
    "goal": ("计划目标", "Plan goal"),
    "targets": ("规划指标", "Plan targets"),
    "indicator": ("指标", "Indicator"),
    "current": ("现值", "Current"),
    "progress": ("进度", "Progress"),
    "as_of": ("数据日期", "As of"),
    "source": ("来源", "Source"),
    "met": ("已达标", "Met"),
    "not_met": ("未达标", "Not met"),
    "computed_live": ("实时计算", "Live"),
    "back_to_dashboard": ("返回设施状态", "Back to facility status"),
    "edit_status": ("更新状态", "Update status"),
    "effective_date": ("生效日期", "Effective date"),
    "save": ("保存", "Save"),
    "saved": ("已保存", "Saved"),
    "version": ("版本", "Version"),
    "history": ("变更记录", "Change history"),
    "no_history": ("暂无变更记录", "No changes recorded yet"),
    "changed_at": ("修改时间", "Changed at"),
    "changed_by": ("修改人", "Changed by"),
    "field": ("项目", "Field"),
    "old_value": ("原值", "Old"),
    "new_value": ("新值", "New"),
    "login_to_edit": (
        "登录后可更新(管理员或责任单位编辑)",
        "Log in as an admin or as the responsible unit's editor to update",
    ),
    "not_your_unit": (
        "只有{unit}的编辑和管理员可以更新此设施。",
        "Only editors of {unit} and admins may update this plant.",
    ),
    "bulk_import": ("批量更新", "Bulk update"),
    "import_help": (
        "上传县里下发的填报表(.xlsx 或 .csv)：列“编号”或“名称”，"
        "以及“状态”“负荷率(%)”“进展说明”“日期”。空白单元格表示不修改。先预览，全部正确后一次性应用。",
        "Upload the county's form (.xlsx or .csv) with a column 编号/id or 名称/name and any of "
        "状态/status, 负荷率(%)/load_rate, 进展说明/note, 日期/date. Blank cells change nothing. "
        "Preview first; the changes are applied all together only when every row is right.",
    ),
    "download_template": ("下载填报表", "Download the form"),
    "upload": ("上传并预览", "Upload and preview"),
    "preview": ("预览", "Preview"),
    "apply_all": ("全部应用({n}行)", "Apply all ({n} rows)"),
    "cancel": ("取消", "Cancel"),
    "row": ("行", "Row"),
    "column": ("列", "Column"),
    "problem": ("问题", "Problem"),
    "import_errors": (
        "文件中有 {n} 处错误，未做任何修改。请改正后重新上传。",
        "The file has {n} error(s); nothing was changed. Fix them and upload again.",
    ),
    "import_applied": ("已应用 {n} 行更新", "Applied {n} row(s)"),
    "skipped_rows": ("无变化而跳过的行", "Rows that change nothing (skipped)"),
    "stale_warning": ("预览后已被他人修改", "changed by someone else since"),
}


def text(key: str, lang: str = DEFAULT_LANGUAGE, **fields: object) -> str:
    """The label for ``key`` in ``lang``; unknown keys come back as themselves."""
    pair = _TEXT.get(key)
    if pair is None:
        return key
    label = pair[1] if lang == "en" else pair[0]
    return label.format(**fields) if fields else label


def name(properties: dict, lang: str = DEFAULT_LANGUAGE) -> str:
    """A feature's name in the chosen language, falling back to the other one."""
    first, second = ("name_en", "name_zh") if lang == "en" else ("name_zh", "name_en")
    return str(properties.get(first) or properties.get(second) or properties.get("id", ""))
