"""Write the field-mapping fixtures of tests/test_layer_mapping.py into a folder: files in the
county's own schema, as a surveying office or someone picking points on Amap/Baidu makes them.

    .venv/bin/python tests/data/mapping/make_fixtures.py OUT_DIR

- ``roads_cgcs2000_zone39.gpkg``: roads in CGCS2000 / 3-degree Gauss-Kruger zone 39
  (EPSG:4527, CM 117E, false easting 39 500 km) with Chinese field names
  名称/等级/设计速度/单向/路线编号, one footpath (人行道) to leave out;
- ``stops_gcj02.csv``: candidate stops with 经度/纬度 in GCJ-02 (as copied from Amap), UTF-8 with
  the BOM Excel writes;
- ``plants_bd09.xlsx``: sewage plants with 经度/纬度 in BD-09 (as copied from Baidu Maps).

The WGS84 positions below are the known truth the tests compare against; the GCJ-02 and BD-09
values are made from them with the published forward formulas (prcoords). Everything is made
up (CC0); positions are near the Jiangle county seat, not on real features.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import geopandas
import openpyxl
import prcoords
from shapely.geometry import LineString

ROAD_CRS = "EPSG:4527"
# (名称, 等级, 设计速度, 单向, 路线编号, WGS84 vertices)
ROADS = [
    ("将乐连接线", "高速公路", 100, "是", "G1517", [(117.40, 26.70), (117.44, 26.71)]),
    ("国道356", "国道", 80, "否", "G356", [(117.44, 26.71), (117.47, 26.73)]),
    ("省道304", "省道", None, "否", "S304", [(117.47, 26.73), (117.50, 26.74)]),
    ("县道", "县道", 40, "否", "X803", [(117.47, 26.73), (117.46, 26.76)]),
    ("乡道", "乡道", None, "否", "Y012", [(117.46, 26.76), (117.43, 26.77)]),
    (None, "村道", 20, "否", None, [(117.50, 26.74), (117.52, 26.75), (117.53, 26.77)]),
    ("滨江步道", "人行道", 5, "否", None, [(117.47, 26.73), (117.475, 26.735)]),
]
# (编号, 名称, name_en, WGS84 lon, lat)
STOPS = [
    ("s-a", "三华村", "Sanhua Village", 117.4712, 26.7281),
    ("s-b", "积善村", "Jishan Village", 117.5043, 26.7422),
    ("s-c", "龙栖山入口", "Longqi Mountain gate", 117.3120, 26.5610),
]
# (编号, 名称, name_en, WGS84 lon, lat)
PLANTS = [
    ("p-a", "高唐镇污水处理站", "Gaotang station", 117.2650, 26.6300),
    ("p-b", "万安镇污水处理站", "Wan'an station", 117.5900, 26.8600),
]


def roads_gpkg(out_dir: Path) -> Path:
    rows = [
        {"名称": name, "等级": grade, "设计速度": speed, "单向": oneway, "路线编号": ref}
        for name, grade, speed, oneway, ref, _line in ROADS
    ]
    lines = [LineString(line) for *_props, line in ROADS]
    frame = geopandas.GeoDataFrame(rows, geometry=lines, crs="EPSG:4326").to_crs(ROAD_CRS)
    path = out_dir / "roads_cgcs2000_zone39.gpkg"
    frame.to_file(path, driver="GPKG", engine="pyogrio", layer="道路")
    return path


def stops_csv(out_dir: Path) -> Path:
    path = out_dir / "stops_gcj02.csv"
    header = [
        "编号", "名称", "name_en", "township_code", "theme", "考察时长", "description_zh",
        "description_en", "责任单位", "readiness", "经度", "纬度",
    ]  # fmt: skip
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for fid, name, name_en, lon, lat in STOPS:
            gcj = prcoords.wgs_gcj(prcoords.Coords(lat, lon))
            writer.writerow([
                fid, name, name_en, "350428100", "new_countryside", 30, f"{name}简介",
                f"About {name_en}", "县农业农村局", "ready", f"{gcj.lon:.7f}", f"{gcj.lat:.7f}",
            ])  # fmt: skip
    return path


def plants_xlsx(out_dir: Path) -> Path:
    path = out_dir / "plants_bd09.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([
        "编号", "名称", "name_en", "township_code", "kind", "状态", "处理规模", "load_rate",
        "target_load_rate", "deadline", "pipe_km", "责任单位", "updated_at", "经度", "纬度",
    ])  # fmt: skip
    for fid, name, name_en, lon, lat in PLANTS:
        bd = prcoords.wgs_bd(prcoords.Coords(lat, lon))
        sheet.append([
            fid, name, name_en, "350428100", "township", "operating", 500, 60, 80, None, 2.5,
            "县住建局", "2024-05-01", bd.lon, bd.lat,
        ])  # fmt: skip
    book.save(path)
    return path


def write_all(out_dir: Path) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    return {
        "roads": roads_gpkg(out_dir),
        "stops": stops_csv(out_dir),
        "plants": plants_xlsx(out_dir),
    }


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1])).values():
        print(path)
