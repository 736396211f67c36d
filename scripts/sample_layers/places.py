"""Places: where tours start and end."""

from __future__ import annotations

from shapely.geometry import Point

from .reference import GOV_LONLAT, utm_xy


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
