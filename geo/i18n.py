"""Chinese-first labels for the domain vocabulary and the interface, with English second.

One table keeps the words the map legend, the pages, the print pack and the exports share, so a
theme or a status reads the same everywhere.
"""

from __future__ import annotations

import re

from geo.i18n_account import ACCOUNT_TEXT
from geo.i18n_county import COUNTY_TEXT
from geo.i18n_days import DAYS_TEXT
from geo.i18n_imports import IMPORT_TEXT
from geo.i18n_pages import PAGE_TEXT
from geo.i18n_prep import PREP_TEXT
from geo.i18n_routes import ROUTES_TEXT
from geo.i18n_sites import SITE_TEXT

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
    "expressway": ("高速公路", "Expressway"),
    "national": ("国道", "National road"),
    "provincial": ("省道", "Provincial road"),
    "county": ("县道", "County road"),
    "village": ("村道", "Village road"),
    "station": ("火车站", "Railway station"),
    "mainline": ("铁路干线", "Main line"),
    "siding": ("铁路支线/站线", "Siding"),
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
    "username": ("用户名", "User name"),
    "password": ("密码", "Password"),
    "admin_county_blocked": (
        "无法应用：其他图层的以下要素将位于新县界之外",
        "Cannot apply: features of other layers would lie outside the new county outline",
    ),
    "admin_county_outside": (
        "图层 {layer}：{n} 个要素超出县界 {m} 米以上",
        "Layer {layer}, {n} feature(s) outside by more than {m} m",
    ),
    "admin_county_hint": (
        "请先上传上述图层(将这些要素移到新旧县界之内，或暂时删去)，再重新上传县界。",
        "Upload those layers first, with these features moved inside both the current and the "
        "new outline or left out for now, then upload the county again.",
    ),
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
    "print_road_expressway": ("高速公路", "Expressway"),
    "print_road_national": ("国道", "National road"),
    "print_road_provincial": ("省道", "Provincial road"),
    "print_road_county": ("县道", "County road"),
    "print_road_township": ("乡道", "Township road"),
    "print_road_village": ("村道", "Village road"),
    "print_stops_n": ("{n}个考察点", "{n} stops"),
    "print_drive_visit": ("车程{d}，考察{v}", "{d} driving, {v} visiting"),
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
    # clean-up along the route (geo.prep)
    "cleanup_title": ("沿途环境整治", "Clean-up along the route"),
    "cleanup_link": ("沿途整治清单", "Clean-up list"),
    "cleanup_intro": (
        "按考察路线自动生成：各乡镇负责清扫的道路两侧、路线或考察点{d}米内的溪流河道、"
        "考察点周边{r}米范围。路线调整后清单随之更新。",
        "Derived from the tour: the road verges each township sweeps, the rivers and streams "
        "within {d} m of the route or of a stop, and {r} m around each stop. It follows the "
        "route when the plan changes.",
    ),
    "cleanup_roads": ("道路两侧保洁", "Road verges"),
    "cleanup_rivers": ("溪流河道保洁", "Rivers and streams"),
    "cleanup_stops": ("考察点周边整治", "Surroundings of the stops"),
    "cleanup_road": ("道路", "Road"),
    "cleanup_from_to": ("起止", "From – to"),
    "cleanup_both_sides": ("两侧", "Both sides"),
    "cleanup_verge_km": ("保洁长度(公里)", "Verge to sweep (km)"),
    "cleanup_river": ("河流", "River"),
    "cleanup_near_stops": ("邻近考察点", "Near stops"),
    "cleanup_stop": ("考察点", "Stop"),
    "cleanup_radius_m": ("半径(米)", "Radius (m)"),
    "cleanup_radius": ("周边{r}米范围", "within {r} m"),
    "cleanup_roads_inside": ("范围内道路", "Roads inside"),
    "cleanup_rivers_inside": ("范围内河流", "Rivers inside"),
    "cleanup_unnamed": ("无名{cls}", "unnamed {cls}"),
    "cleanup_border": ("与{name}交界", "border with {name}"),
    "cleanup_county_border": ("县界", "county border"),
    "cleanup_junction": ("{road}路口", "junction with {road}"),
    "cleanup_seat": ("{name}集镇", "{name} centre"),
    "cleanup_near": ("距{name}{km}公里", "{km} km from {name}"),
    "cleanup_along_route": ("考察路线沿线", "along the route"),
    "cleanup_tasks": ("任务清单", "Task list"),
    "cleanup_task_key": ("任务编号", "Task key"),
    "cleanup_kind": ("类别", "Kind"),
    "cleanup_subject": ("对象", "What"),
    "cleanup_where": ("范围", "Where"),
    "cleanup_kind_road": ("道路两侧保洁", "Road verges"),
    "cleanup_kind_river": ("溪流保洁", "Stream"),
    "cleanup_kind_stop": ("考察点周边", "Stop surroundings"),
    "cleanup_summary": ("汇总", "Summary"),
    "cleanup_road_km": ("道路(公里)", "Roads (km)"),
    "cleanup_river_km": ("河流(公里)", "Rivers (km)"),
    "cleanup_task_count": ("任务数", "Tasks"),
    "cleanup_done_on": ("完成日期", "Done on"),
    "cleanup_person": ("责任人", "Responsible person"),
    "cleanup_download": ("下载任务清单(Excel)", "Download the task list (Excel)"),
    "cleanup_download_pdf": ("打印任务清单(PDF)", "Print the task list (PDF)"),
    "task_status_todo": ("待办", "To do"),
    "task_status_doing": ("进行中", "Doing"),
    "task_status_done": ("已完成", "Done"),
    "cleanup_corridor": ("整治范围", "Clean-up corridor"),
    "cleanup_stretches": ("需保洁路段", "Road stretches to sweep"),
    "cleanup_reaches": ("需保洁河段", "River reaches to clean"),
    "cleanup_empty": (
        "方案尚未选择考察点，暂无整治清单",
        "The plan has no stops yet: nothing to clean",
    ),
    "cleanup_nothing": ("无", "none"),
    "cleanup_bad_setting": (
        "{field} 须为 {low} 到 {high} 之间的整数(米)",
        "{field} must be a whole number of metres from {low} to {high}",
    ),
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
    # showcase plans (selection page, proposal, what-if)
    "plan_new": ("新建方案", "New plan"),
    "plan_name": ("方案名称", "Plan name"),
    "plan_sites": ("考察点", "Sites"),
    "plan_status_draft": ("草稿", "Draft"),
    "plan_status_final": ("定稿", "Final"),
    "plan_updated": ("最近修改", "Last change"),
    "plan_compare": ("方案对比", "Compare plans"),
    "plan_copy": ("复制方案", "Copy plan"),
    "plan_history": ("修改记录", "History"),
    "plan_none": ("还没有方案", "No plans yet"),
    "plan_save": ("保存方案", "Save plan"),
    "plan_saved": ("已保存（第 {v} 版）", "Saved (version {v})"),
    "plan_conflict": (
        "保存失败：此方案已被 {user} 修改（现为第 {v} 版），您的是旧版本。"
        "请重新加载后再修改，您未保存的选择不会写入。",
        "Not saved: {user} changed this plan meanwhile (now version {v}); your copy is older. "
        "Reload the plan, then make your change again. Nothing of yours was written.",
    ),
    "plan_reload": ("重新加载", "Reload"),
    "plan_complete": ("各乡镇均已满足名额", "Every township is within its quota"),
    "plan_incomplete": ("{n} 个乡镇未满足名额", "{n} township(s) outside their quota"),
    "plan_few": ("不足", "too few"),
    "plan_many": ("过多", "too many"),
    "plan_ok": ("满足", "enough"),
    "plan_themes": ("考察主题覆盖", "Theme coverage"),
    "plan_themes_missing": ("缺少主题：{t}", "Themes missing: {t}"),
    "plan_all_themes": ("六大主题均已覆盖", "All six themes covered"),
    "plan_driving": ("车程", "Driving"),
    "plan_days": ("天数", "Days"),
    "plan_visiting": ("考察", "Visiting"),
    "plan_hours": ("小时", "h"),
    "plan_unsaved": ("有未保存的修改", "Unsaved changes"),
    "plan_computing": ("正在计算路线…", "Computing the tour…"),
    "plan_suggest": ("推荐方案", "Suggest a set"),
    "plan_proposal": ("推荐方案", "Proposal"),
    "plan_current": ("当前选择", "Current selection"),
    "plan_difference": ("差值", "Difference"),
    "plan_apply": ("采用推荐", "Apply proposal"),
    "plan_dismiss": ("不采用", "Dismiss"),
    "plan_whatif": ("假设分析", "What-if"),
    "plan_whatif_drop": ("假设取消", "What-if: drop"),
    "plan_whatif_closed": ("封闭道路", "Closed roads"),
    "plan_whatif_clear": ("清除假设", "Clear what-if"),
    "plan_close_mode": ("点击地图封闭道路", "Click the map to close a road"),
    "plan_lock": ("锁定", "Lock"),
    "plan_unlock": ("解锁", "Unlock"),
    "plan_final": ("标记为定稿", "Mark final"),
    "plan_not_final": ("改回草稿", "Back to draft"),
    "plan_quota": ("每乡镇名额", "Sites per township"),
    "plan_tour": ("考察路线", "Tour"),
    "plan_action": ("操作", "Action"),
    "plan_only_in_this": ("仅本方案有", "Only in this plan"),
    "plan_in_both": ("两者共有", "In both"),
    "day_n": ("第{n}天", "Day {n}"),
    "plan_settings": ("路线设置", "Tour settings"),
    "plan_back_to_start": ("返回出发地", "Back to the start"),
    "plan_depart": ("出发时间", "Departure"),
    "plan_day": ("每日工作时间", "Working day"),
    "plan_max_days": ("最多天数", "At most days"),
    "plan_lunch": ("午餐时段", "Lunch"),
    "plan_delete": ("删除方案", "Delete plan"),
    "plan_delete_confirm": (
        "确定删除方案“{name}”？修改记录会保留，未保存的修改将丢失。",
        "Delete the plan “{name}”? Its history is kept; unsaved changes are lost.",
    ),
    "plan_delete_yes": ("确认删除", "Yes, delete"),
    "plan_cancel": ("取消", "Cancel"),
    "plan_deleted": ("已删除", "Deleted"),
    "plan_last_state": ("删除前的内容", "Last state"),
    "map_plan_tour": ("方案路线", "Plan tour"),
    "plan_on_map": ("在全县地图上查看路线", "Tour on the county map"),
    "map_plan_missing": ("无法显示方案路线：{error}", "Cannot show the plan's tour: {error}"),
    # administration: users and layer uploads
    "admin": ("管理", "Admin"),
    "admin_users": ("用户管理", "Users"),
    "admin_layers": ("图层管理", "Layers"),
    "role_viewer": ("查看者", "Viewer"),
    "role_planner": ("规划人员", "Planner"),
    "role_editor": ("设施编辑", "Facility editor"),
    "role_admin": ("管理员", "Admin"),
    "admin_username": ("用户名", "User name"),
    "admin_role": ("角色", "Role"),
    "admin_active": ("启用", "Active"),
    "admin_inactive": ("已停用", "Deactivated"),
    "admin_yes": ("是", "yes"),
    "admin_no": ("否", "no"),
    "admin_edit": ("修改", "Edit"),
    "admin_new_user": ("新建用户", "New user"),
    "admin_create": ("创建用户", "Create user"),
    "admin_password": ("密码", "Password"),
    "admin_confirm": ("确认密码", "Confirm password"),
    "admin_min_chars": ("至少{n}个字符", "at least {n} characters"),
    "admin_unit_help": ("设施编辑必填", "required for facility editors"),
    "admin_user_created": ("已创建用户 {name}", "Created user {name}"),
    "admin_deactivate": ("停用此用户", "Deactivate this user"),
    "admin_reactivate": ("重新启用", "Reactivate"),
    "admin_deactivated": ("已停用，该用户不能再登录", "Deactivated: the user can no longer log in"),
    "admin_reactivated": ("已重新启用", "Reactivated"),
    "admin_self_note": ("不能停用自己的账号", "You cannot deactivate your own account"),
    "admin_reset_password": ("重置密码", "Reset password"),
    "admin_password_reset": ("密码已重置", "Password reset"),
    "admin_layer": ("图层", "Layer"),
    "admin_features": ("要素数", "Features"),
    "admin_revision": ("修订号", "Revision"),
    "admin_source_file": ("来源文件", "Source file"),
    "admin_loaded_at": ("载入时间", "Loaded at"),
    "admin_replace": ("上传替换", "Replace by upload"),
    "admin_by": ("由 {user} 上传", "uploaded by {user}"),
    "admin_file": ("文件", "File"),
    "admin_upload_help": (
        "可上传 GeoJSON、打包的 Shapefile(.zip，含 .shp/.shx/.dbf/.prj)、GeoPackage 或 KML，"
        "点图层也可上传表格(.csv/.xlsx，含经纬度列)，最大 20 MB。"
        "其他格式的文件请勾选“对应字段导入”。"
        "文件先经校验并预览，确认后整层一次性替换；出错时不做任何修改。",
        "Upload GeoJSON, a zipped Shapefile (.zip with .shp/.shx/.dbf/.prj), a GeoPackage or KML "
        "(point layers also a .csv/.xlsx table with longitude/latitude columns), up to 20 MB; "
        "tick “map fields” for a file in another schema. The file is validated and previewed "
        "first; applying replaces the whole layer at once. On any error nothing changes.",
    ),
    "admin_choose_file": ("请选择要上传的文件", "file: choose a file to upload"),
    "admin_import_history": ("图层替换记录", "Layer replacements"),
    "admin_no_imports": ("尚无上传替换记录", "No layer has been replaced by an upload yet"),
    "admin_valid": (
        "{file} 校验通过：{n} 个要素。尚未修改任何数据。",
        "{file} is valid: {n} features. Nothing has been changed yet.",
    ),
    "admin_now": ("现有 {n}", "now {n}"),
    "admin_added": ("新增", "Added"),
    "admin_removed": ("删除", "Removed"),
    "admin_kept": ("保留", "Kept"),
    "admin_warnings": ("注意：替换后以下引用将失效", "Warning: these references would break"),
    "admin_warn_plan": ("方案“{name}”(#{id}) 使用的考察点/地点", "Plan '{name}' (#{id}) uses"),
    "admin_warn_history": (
        "设施变更记录中的污水处理厂编号",
        "Facility history refers to plant ids",
    ),
    "admin_warn_referrer": ("图层 {layer} 的 {prop} 引用", "Layer {layer} refers by {prop} to"),
    "admin_warn_dangling": (
        "新图层的 {prop} 指向图层 {layer} 中不存在的编号",
        "The new layer's {prop} names ids missing from layer {layer}",
    ),
    "admin_sample": ("属性样例", "Sample of properties"),
    "admin_sketch": ("新图层示意图", "Sketch of the new layer"),
    "admin_apply": ("应用：替换整个图层({n}个要素)", "Apply: replace the layer ({n} features)"),
    "admin_layer_replaced": (
        "图层 {layer} 已替换为 {n} 个要素",
        "Layer {layer} replaced: {n} features",
    ),
    "admin_upload_cancelled": ("已取消上传，未做修改", "Upload cancelled; nothing changed"),
    "admin_revisions": ("历史修订", "Revisions"),
    "admin_rev_import": ("导入", "import"),
    "admin_rev_rollback": ("回滚至修订 {n}", "rollback to revision {n}"),
    "admin_rev_edits": ("设施编辑后的内容", "content after facility edits"),
    "admin_rev_baseline": ("启用修订记录前的内容", "content from before revisions were kept"),
    "admin_rev_live": ("当前", "live"),
    "admin_compare": ("与当前比较", "Compare with live"),
    "admin_compare_title": (
        "图层 {layer}：修订 {rev} 与当前修订 {live} 的差异",
        "Layer {layer}: revision {rev} against the live revision {live}",
    ),
    "admin_changed": ("修改", "Changed"),
    "admin_no_changes": ("与当前内容相同", "Same as the live content"),
    "admin_rollback": ("回滚到修订 {rev}", "Roll back to revision {rev}"),
    "admin_rollback_help": (
        "回滚会生成一个新修订，之后仍可撤销。",
        "A rollback is itself a new revision, so it can be undone.",
    ),
    "admin_rolled_back": (
        "图层 {layer} 已回滚到修订 {rev}：{n} 个要素",
        "Layer {layer} rolled back to revision {rev}: {n} features",
    ),
    "admin_since_revision": ("自该修订以来", "Since that revision"),
    **PAGE_TEXT,
    **PREP_TEXT,
    **COUNTY_TEXT,
    **SITE_TEXT,
    **IMPORT_TEXT,
    **DAYS_TEXT,
    **ROUTES_TEXT,
    **ACCOUNT_TEXT,
    "tour_unfit": (
        "以下考察点排不进行程：{stops}。原因：{reason}。最小改动：{fixes}。",
        "These stops do not fit the tour: {stops}. Reason: {reason}. Smallest fix: {fixes}.",
    ),
    "tour_reason_window": (
        "在开放时间内完成不了考察",
        "the visit cannot be done inside its opening hours",
    ),
    "tour_reason_day": (
        "往返、考察和午餐超出一天的工作时间",
        "the drive there and back, the visit and lunch take longer than the working day",
    ),
    "tour_reason_days": ("{n}天内排不下", "they do not fit into {n} days"),
    "tour_fix_more_days": ("增加到{n}天", "allow {n} days"),
    "tour_fix_longer_day": ("每天工作到{end}", "work until {end} each day"),
    "tour_fix_window": ("放宽{stops}的开放时间", "widen the opening hours of {stops}"),
    "tour_fix_drop": ("去掉{stops}", "drop {stops}"),
    "tour_or": ("，或", "; or "),
    "pool_theme_no_room": (
        "{n}天内连这一主题的一个点都排不下",
        "no room in {n} days even for one site of its theme",
    ),
    "pool_town_seen": (
        "{n}天内已无余地，本镇已安排{other}",
        "no room left in {n} days; its township is already visited at {other}",
    ),
    "pool_no_room": ("{n}天内排不下", "does not fit into {n} days"),
    "tour_list_sep": ("、", ", "),
    "history_what": ("修改内容", "What changed"),
    "history_created": ("创建方案", "Plan created"),
    "history_updated": ("修改", "Changed"),
    "history_deleted": ("删除方案", "Plan deleted"),
    "history_restored": ("恢复方案", "Plan restored"),
    "history_copied": ("复制自《{plan}》第 {v} 版", "Copied from “{plan}” version {v}"),
    "history_added": ("增加 {names}", "added {names}"),
    "history_removed": ("去掉 {names}", "removed {names}"),
    "history_reordered": ("调整了顺序", "order changed"),
    "history_locked": ("锁定的考察点", "Locked sites"),
    "history_status": ("状态", "Status"),
    "history_start": ("出发地", "Start"),
    "history_end": ("结束地", "End"),
    "history_day_start": ("每日出发", "Day starts"),
    "history_day_end": ("每日收工", "Day ends"),
    "history_quota_min": ("每乡镇至少", "At least per township"),
    "history_quota_max": ("每乡镇至多", "At most per township"),
    "history_point": ("地图上的点（{lon}, {lat}）", "a point on the map ({lon}, {lat})"),
    "history_lunch": (
        "{start}–{end} 之间用餐 {minutes} 分",
        "{minutes} min between {start} and {end}",
    ),
    "history_days": ("{n} 天", "{n} days"),
    "history_last_state": ("删除前：{state}", "Before deletion: {state}"),
    "plan_copy_name": ("{name} 副本", "{name} (copy)"),
    # Errors a planner acts on (``geo.errors``: raised with a code and said in the user's language)
    "err_name_empty": ("名称不能为空", "name must not be empty"),
    "err_name_long": ("名称最多 {n} 个字", "name must have at most {n} characters"),
    "err_max_days": (
        "最多天数须为 {low}–{high} 的整数，收到的是 {value}",
        "max_days must be a whole number from {low} to {high}, got {value}",
    ),
    "err_lunch_minutes": (
        "午餐时长须为 {low}–{high} 分钟的整数，收到的是 {value}",
        "lunch minutes must be a whole number from {low} to {high}, got {value}",
    ),
    "err_lunch_order": (
        "午餐时段的开始（{start}）不能晚于结束（{end}）",
        "lunch cannot start ({start}) after it ends ({end})",
    ),
    "err_day_order": (
        "每日工作时间须先开始后结束：{start}–{end} 不成立",
        "the working day must start before it ends, got {start}–{end}",
    ),
    "err_quota_order": (
        "每乡镇名额：至少 {low} 个不能多于至多 {high} 个",
        "sites per township: at least {low} cannot be more than at most {high}",
    ),
    "err_not_final": (
        "还不能定稿，以下乡镇的考察点数不符合名额：{towns}",
        "the plan cannot be marked final; these townships are outside their quota: {towns}",
    ),
    "quota_few_said": ("{town} {n} 个（至少 {low} 个）", "{town} has {n} (at least {low})"),
    "quota_few_candidates": ("，本镇只有 {n} 个备选点", ", it offers only {n} candidate(s)"),
    "quota_many_said": ("{town} {n} 个（至多 {high} 个）", "{town} has {n} (at most {high})"),
    "err_unknown_place": (
        "{field}“{value}”不是已知的地点或考察点",
        "{field}: unknown place or stop '{value}'",
    ),
    "err_locked_not_site": (
        "锁定的考察点不在所选考察点中：{stops}",
        "locked site(s) {stops} are not among the sites",
    ),
    "err_end_is_site": (
        "{field}“{stop}”同时是所选考察点；出发地和结束地是专家组出发和住宿的地方，"
        "请选一个地点，或去掉该考察点",
        "{field}: {stop} is also a selected site; start and end are where the panel sets out and "
        "stays: choose a place, or drop the site",
    ),
    "error_plan_history": ("查看该方案的修改记录", "See the plan's history"),
    "err_plan_deleted": (
        "方案《{plan}》已于 {at} 被 {user} 删除",
        "plan “{plan}” was deleted by {user} on {at}",
    ),
    "err_plan_stale": (
        "方案《{plan}》已被 {user} 修改（现在是第 {now} 版，您的是第 {v} 版）；"
        "请重新加载方案后再修改",
        "plan “{plan}” was changed by {user} (now version {now}, your copy is version {v}); "
        "reload the plan, then make your change again",
    ),
    "err_rate_limited": (
        "请求过于频繁（上限 {limit}），请 {seconds} 秒后再试",
        "too many requests (limit {limit}); try again in {seconds} s",
    ),
    # background jobs
    "err_job_unknown": (
        "没有这个后台任务（或已过期）",
        "no such background job (or it has expired)",
    ),
    "err_job_crashed": (
        "后台任务因内部错误失败，已记入日志；请稍后重试",
        "the background job failed with an internal error (logged); try again later",
    ),
    "err_job_abandoned": (
        "后台任务的进程已停止，任务未完成；请重新提交",
        "the process running the background job stopped before it finished; submit it again",
    ),
    "job_queued": ("排队中", "Queued"),
    "job_running": ("进行中", "Running"),
    "job_done": ("已完成", "Done"),
    "job_failed": ("失败", "Failed"),
    "job_wait_hint": (
        "正在后台生成，完成后本页自动打开结果，请勿关闭",
        "Being made in the background; this page opens the result when it is ready",
    ),
    "job_open_when_done": ("完成后打开", "Open when ready"),
    "job_stage_input": ("读取方案与路线", "Reading the plan and its tour"),
    "job_stage_map": ("绘制地图 {n}/{of}", "Drawing map {n} of {of}"),
    "job_stage_layout": ("排版 PDF", "Laying out the PDF"),
    "job_print_title": ("正在生成打印册", "Making the print pack"),
}


def text(key: str, lang: str = DEFAULT_LANGUAGE, **fields: object) -> str:
    """The label for ``key`` in ``lang``; unknown keys come back as themselves."""
    pair = _TEXT.get(key)
    if pair is None:
        return key
    label = pair[1] if lang == "en" else pair[0]
    if fields.get("n") == 1:
        label = _ONE.sub(r"{n} \1", label)
    return label.format(**fields) if fields else label


_ONE = re.compile(r"\{n\} (day|stop|site|road|task|photo|route)s\b")
"""An English count noun after ``{n}``: singular when n is 1 ("1 day", not "1 days")."""


def duration(minutes: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """A length of time as people say it, the one format of pages, PDF and history: "8 小时 05 分"
    / "8 h 05 min", "45 分" / "45 min" under an hour; rounded to the minute, signed when negative
    (a what-if that saves time)."""
    whole = round(minutes)
    hours, rest = divmod(abs(whole), 60)
    hour_unit, minute_unit = ("h", "min") if lang == "en" else ("小时", "分")
    said = f"{hours} {hour_unit} {rest:02d} {minute_unit}" if hours else f"{rest} {minute_unit}"
    return f"−{said}" if whole < 0 else said


def name(properties: dict, lang: str = DEFAULT_LANGUAGE) -> str:
    """A feature's name in the chosen language, falling back to the other one."""
    first, second = ("name_en", "name_zh") if lang == "en" else ("name_zh", "name_en")
    return str(properties.get(first) or properties.get(second) or properties.get("id", ""))
