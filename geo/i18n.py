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
