"""Candidate inspection stops (sample data): the table of stops per township and their placing.

Plant visits are added from the sewage plants (``plants``), so every plant can be inspected.
"""

from __future__ import annotations

import numpy as np
from shapely.geometry import Point, Polygon
from shapely.ops import unary_union

from geo.layers.catalogue import THEMES

from .reference import SEED, utm_xy

NL, EI, NC, UI, PS, EP = THEMES
# One block per township: theme | name_zh | name_en | responsible unit | where, with where "-"
# anywhere in the township, "seat" near its seat, "river" by a river, "reserve" inside the reserve.
STOP_TABLE = """
350428100
    UI | 城区垃圾转运站 | Urban Refuse Transfer Station | 县住建局 | seat
    NL | 金溪滨江湿地公园 | Jinxi Riverside Wetland Park | 县住建局 | river
    PS | 将乐水泥厂（重点污染源） | Jiangle Cement Plant (key pollution source) | 县环保局 | -
    NC | 积善村村容整治示范点 | Jishan Village Clean-up Showcase | 古镛镇人民政府 | -
    EI | 竹木加工产业园 | Bamboo and Timber Processing Park | 县经信局 | -
350428105
    UI | 水南片区垃圾收集站 | Shuinan Refuse Collection Point | 水南镇人民政府 | seat
    NL | 天阶山森林公园 | Tianjie Mountain Forest Park | 县林业局 | -
    NC | 溪南村新农村示范点 | Xinan Village New Countryside Showcase | 水南镇人民政府 | -
    EP | 金溪南岸生态护岸工程 | Jinxi South Bank Eco-revetment Project | 县水利局 | river
350428101
    EI | 万安毛竹丰产示范基地 | Wan'an High-yield Moso Bamboo Base | 县林业局 | -
    NC | 万安新农村示范村 | Wan'an New Countryside Village | 万安镇人民政府 | -
    NL | 万安溪河谷 | Wan'an Stream Valley | 县旅游局 | river
    PS | 万安石材加工点（整治） | Wan'an Stone Works (under remediation) | 县环保局 | -
350428102
    NC | 常口村新农村建设示范点 | Changkou Village New Countryside Showcase | 高唐镇人民政府 | -
    EI | 高唐竹制品加工企业 | Gaotang Bamboo Products Factory | 县经信局 | -
    PS | 高唐水泥粉磨站（重点污染源） | Gaotang Cement Grinding Station (key source) | 县环保局 | -
    EP | 金溪高唐段河道整治工程 | Jinxi Gaotang Reach River Restoration | 县水利局 | river
350428103
    NL | 龙栖山保护区白莲管护站 | Longqishan Bailian Ranger Station | 龙栖山管理局 | reserve
    EI | 白莲食用菌生产基地 | Bailian Edible Fungus Base | 县农业局 | -
    NC | 白莲古村落整治示范点 | Bailian Old Village Renewal Showcase | 白莲镇人民政府 | -
    EP | 白莲饮用水源地保护工程 | Bailian Drinking-water Source Protection | 县环保局 | -
350428104
    NL | 龙栖山保护区管理局黄潭站 | Longqishan Reserve Huangtan Station | 龙栖山管理局 | reserve
    EP | 黄潭重点生态公益林 | Huangtan Key Ecological Forest | 县林业局 | -
    EI | 黄潭生态茶园 | Huangtan Eco Tea Garden | 县农业局 | -
    NC | 黄潭新村示范点 | Huangtan New Village Showcase | 黄潭镇人民政府 | -
350428106
    PS | 光明林产化工厂（重点监控） | Guangming Forest Chemicals Plant (monitored) | 县环保局 | -
    EP | 光明水土流失治理项目 | Guangming Soil Erosion Control Project | 县水利局 | -
    NC | 光明美丽乡村示范点 | Guangming Beautiful Village Showcase | 光明镇人民政府 | -
    EI | 光明竹笋加工合作社 | Guangming Bamboo Shoot Cooperative | 县农业局 | -
350428107
    NL | 玉华洞风景区 | Yuhua Cave Scenic Area | 县旅游局 | -
    EI | 南口花卉苗木基地 | Nankou Flower and Nursery Base | 县农业局 | -
    EP | 南口植树造林示范片 | Nankou Reforestation Demonstration Plot | 县林业局 | -
    NC | 松岭村新农村示范点 | Songling Village New Countryside Showcase | 南口镇人民政府 | seat
350428201
    EP | 漠源水源涵养林工程 | Moyuan Water Conservation Forest Project | 县林业局 | river
    NL | 漠源高山草场 | Moyuan Upland Meadow | 县旅游局 | -
    EI | 漠源有机茶基地 | Moyuan Organic Tea Base | 县农业局 | -
    NC | 漠源生态示范村 | Moyuan Eco Demonstration Village | 漠源乡人民政府 | -
350428203
    NL | 龙栖山保护区万全管护站 | Longqishan Wanquan Ranger Station | 龙栖山管理局 | reserve
    EP | 万全饮用水源保护区 | Wanquan Drinking-water Source Area | 县环保局 | river
    EI | 万全竹林经营示范基地 | Wanquan Bamboo Forest Management Base | 县林业局 | -
    PS | 万全采石场（整治） | Wanquan Quarry (under remediation) | 县国土资源局 | -
350428204
    EI | 安仁擂茶加工坊 | Anren Leicha Workshop | 县农业局 | -
    NL | 安仁天然林保护片 | Anren Natural Forest Protection Area | 县林业局 | -
    NC | 安仁生态村 | Anren Eco Village | 安仁乡人民政府 | -
    PS | 安仁畜禽养殖场（污染治理） | Anren Livestock Farm (pollution control) | 县环保局 | -
350428205
    EP | 大源封山育林项目 | Dayuan Hill Closure Afforestation Project | 县林业局 | -
    NL | 大源峡谷 | Dayuan Gorge | 县旅游局 | -
    EI | 大源毛竹林下经济示范点 | Dayuan Under-bamboo Economy Showcase | 县林业局 | -
    NC | 大源生态村 | Dayuan Eco Village | 大源乡人民政府 | -
350428206
    EP | 余坊水源地保护工程 | Yufang Water Source Protection Project | 县环保局 | river
    EI | 余坊竹业加工企业 | Yufang Bamboo Processing Firm | 县经信局 | -
    PS | 余坊生猪养殖场（污染治理） | Yufang Pig Farm (pollution control) | 县环保局 | -
    NC | 余坊美丽乡村示范点 | Yufang Beautiful Village Showcase | 余坊乡人民政府 | -
"""


def parse_stop_table(text: str) -> dict[str, list[tuple]]:
    """STOP_TABLE as township code -> [(theme, name_zh, name_en, unit, where or None)]."""
    themes = {"NL": NL, "EI": EI, "NC": NC, "UI": UI, "PS": PS, "EP": EP}
    table: dict[str, list[tuple]] = {}
    code = ""
    for line in filter(None, (raw.strip() for raw in text.splitlines())):
        if line.isdigit():
            code = line
            table[code] = []
            continue
        theme, zh, en, unit, where = (part.strip() for part in line.split("|"))
        table[code].append((themes[theme], zh, en, unit, None if where == "-" else where))
    return table


STOPS = parse_stop_table(STOP_TABLE)
THEME_TEXT = {
    NL: ("自然景观与生态保护成效", "natural landscape and conservation results"),
    EI: ("生态产业与循环经济", "eco-industry and circular economy"),
    NC: ("新农村建设与村容村貌整治", "new countryside building and village clean-up"),
    UI: ("城乡环境基础设施建设与运行", "environmental infrastructure and its operation"),
    PS: ("重点污染源监管与整改", "supervision and remediation of a key pollution source"),
    EP: ("重点生态建设工程", "key ecological construction project"),
}
STOP_SOURCE = "sample data: plausible but not official"
READINESS_P = (0.78, 0.16, 0.06)


def stop_region(code, where, polys, seat: Point, reserve, rivers) -> Polygon:
    """Where a stop of this kind may go: inside its township, well clear of the edges."""
    inner = polys[code].buffer(-400.0)
    if where == "reserve":
        return inner.intersection(reserve.buffer(-300.0))
    if where == "river":
        return inner.intersection(unary_union([r[4].buffer(500.0) for r in rivers]))
    if where == "seat":
        return inner.intersection(seat.buffer(1800.0)).difference(seat.buffer(300.0))
    return inner.difference(seat.buffer(800.0))


def random_point(region: Polygon, taken: list[Point], rng: np.random.Generator) -> Point:
    """A random point of the region, at least 1.5 km from the stops already placed if possible."""
    minx, miny, maxx, maxy = region.bounds
    best, best_gap = None, -1.0
    for _ in range(400):
        p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if not region.contains(p):
            continue
        gap = min((p.distance(t) for t in taken), default=1e9)
        if gap >= 1500.0:
            return p
        if gap > best_gap:
            best, best_gap = p, gap
    if best is None:
        raise RuntimeError("no room for a stop")
    return best


def stop_record(code, n, xy, theme, zh, en, unit, readiness, minutes, plant_id=None) -> dict:
    """One stop with every catalogue property."""
    text_zh, text_en = THEME_TEXT[theme]
    return {
        "xy": xy,
        "id": f"stop-{code}-{n:02d}",
        "name_zh": zh,
        "name_en": en,
        "township_code": code,
        "theme": theme,
        "visit_minutes": minutes,
        "description_zh": f"{zh}：{text_zh}（示例数据，非官方）",
        "description_en": f"{en}: {text_en} (sample data, not official)",
        "responsible_unit": unit,
        "readiness": readiness,
        "plant_id": plant_id,
        "source": STOP_SOURCE,
        "accuracy": "sample",
    }


def build_stops(seats, polys, reserve, rivers, plants) -> list[dict]:
    """4-6 stops per township: its plant visit (if any) plus the STOPS entries, placed at random."""
    rng = np.random.default_rng(SEED + 4)
    plant_ready = {"operating": "ready", "commissioning": "in_progress"}
    stops = []
    for code in sorted(STOPS):
        seat = Point(utm_xy(seats[code]["lon"], seats[code]["lat"]))
        taken = [seat]
        n = 0
        for plant in (p for p in plants if p["township_code"] == code):
            n += 1
            ready = plant_ready.get(plant["status"], "not_ready")
            stops.append(
                stop_record(code, n, plant["xy"], UI, f"{plant['name_zh']}（考察）",
                            f"{plant['name_en']} (visit)", plant["responsible_unit"], ready, 30,
                            plant["id"])
            )  # fmt: skip
            taken.append(plant["xy"])
        for theme, zh, en, unit, where in STOPS[code]:
            n += 1
            region = stop_region(code, where, polys, seat, reserve, rivers)
            if region.area < 1e5:  # e.g. no river in this township: anywhere in it will do
                region = stop_region(code, None, polys, seat, reserve, rivers)
            xy = random_point(region, taken, rng)
            taken.append(xy)
            readiness = str(rng.choice(("ready", "in_progress", "not_ready"), p=READINESS_P))
            minutes = int(rng.integers(4, 13)) * 5
            stops.append(stop_record(code, n, xy, theme, zh, en, unit, readiness, minutes))
    return stops
