"""Places: where tours start and end."""

from __future__ import annotations

import json

from shapely.geometry import Point

from .reference import GOV_LONLAT, REF_DIR, utm_xy


def build_places() -> list[dict]:
    """The county government (Amap centre, converted) and a sample hotel near the seat."""
    return [
        {
            "xy": Point(utm_xy(*GOV_LONLAT)),
            "id": "place-gov",
            "name_zh": "将乐县人民政府",
            "name_en": "Jiangle County People's Government",
            "kind": "government",
            "source": "DataV/Amap 350428 centre (GCJ-02) converted to WGS84; about 0.3 km accuracy",
            "accuracy": "approximate",
        },
        {
            "xy": Point(utm_xy(117.4652, 26.7352)),
            "id": "place-hotel",
            "name_zh": "将乐宾馆",
            "name_en": "Jiangle Hotel",
            "kind": "hotel",
            "source": "sample data: approximate position near the county seat, not surveyed",
            "accuracy": "sample",
        },
    ]


def build_station() -> dict:
    """将乐站, where a panel arriving by train starts: the OpenStreetMap node of the reference
    file. It is not a node of the synthetic roads (they were drawn without it); a tour reaches
    it over a short connector to the nearest road."""
    with open(REF_DIR / "jiangle_station_osm.geojson", encoding="utf-8") as fh:
        (station,) = json.load(fh)["features"]
    return {
        "xy": Point(utm_xy(*station["geometry"]["coordinates"])),
        "id": "place-station",
        "name_zh": "将乐站",
        "name_en": "Jiangle Railway Station",
        "kind": "station",
        "source": "OpenStreetMap node (© OpenStreetMap contributors, ODbL 1.0), via "
        "OpenQGIS/OMap-GeoDB@29eeb63 (extract 2025-01-24); 向莆铁路 Xiangtang-Putian railway; "
        "about 50 m",
        "accuracy": "approximate",
    }
