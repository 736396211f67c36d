"""Words of the field-mapping import (roads in the county's own schema, stops and plants from a
table picked on Amap or Baidu), Chinese and English; merged into ``geo.i18n``'s one table."""

from __future__ import annotations

IMPORT_TEXT: dict[str, tuple[str, str]] = {
    "map_fields": ("对应字段导入", "Map fields"),
    "map_fields_help": (
        "文件不是本系统的格式时勾选（如测绘的道路、从高德/百度地图拾取坐标的表格 .csv/.xlsx）",
        "tick for a file in another schema (surveyed roads, a .csv/.xlsx of points picked on "
        "Amap or Baidu)",
    ),
    "map_title": ("字段对应", "Field mapping"),
    "map_intro": (
        "{file}：{n} 行。请为每个属性选择来源列；已按列名猜测。尚未修改任何数据。",
        "{file}: {n} rows. Choose the column each property comes from (guessed from the "
        "column names). Nothing has been changed yet.",
    ),
    "map_crs": ("坐标系", "Coordinate system"),
    "map_crs_detected": ("文件声明：{crs}", "declared by the file: {crs}"),
    "map_crs_none": ("文件未声明坐标系", "the file declares no coordinate system"),
    "map_crs_override": (
        "另行指定（如 EPSG:4490、EPSG:4527、EPSG:4549），留空则按文件声明",
        "override (e.g. EPSG:4490, EPSG:4527, EPSG:4549); empty: as the file declares",
    ),
    "map_property": ("属性", "Property"),
    "map_column": ("来源列", "Column"),
    "map_no_column": ("（不对应）", "(none)"),
    "map_default": ("不对应时：{what}", "if none: {what}"),
    "map_default_id": ("按行号编号", "numbered by row"),
    "map_default_speed": ("按道路等级取默认车速", "the class's default speed"),
    "map_default_oneway": ("双向", "both ways"),
    "map_default_null": ("空", "empty"),
    "map_values": ("“{prop}”的取值对应（来源列“{column}”）",
                   "Values of '{prop}' (column '{column}')"),
    "map_value_keep": ("（原值）", "(as is)"),
    "map_value_drop": ("不导入这些要素", "leave these features out"),
    "map_lonlat": ("经纬度", "Longitude and latitude"),
    "map_lon": ("经度列", "Longitude column"),
    "map_lat": ("纬度列", "Latitude column"),
    "map_datum": ("坐标来源", "Coordinates picked on"),
    "datum_wgs84": ("WGS84（GPS、天地图、OpenStreetMap）", "WGS84 (GPS, Tianditu, OpenStreetMap)"),
    "datum_gcj02": ("GCJ-02（高德、腾讯地图）", "GCJ-02 (Amap, Tencent)"),
    "datum_bd09": ("BD-09（百度地图）", "BD-09 (Baidu)"),
    "map_refresh": ("更新取值列表", "Refresh the value lists"),
    "map_preview": ("预览", "Preview"),
    "map_summary": ("读取方式", "How the file was read"),
    "map_read_crs": ("坐标系：{crs}，已转换为 WGS84", "CRS: {crs}, converted to WGS84"),
    "map_read_datum": ("坐标：{datum}，导入时已转换为 WGS84",
                       "coordinates: {datum}, converted to WGS84 at import"),
    "map_rows": ("读取 {rows} 行，导入 {n} 个要素，按取值对应不导入 {dropped} 个",
                 "{rows} rows read, {n} features, {dropped} left out by the value mapping"),
    "map_counts": ("按“{prop}”统计", "By '{prop}'"),
}  # fmt: skip
