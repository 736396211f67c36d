"""Sewage plants: the 2014 plan's urban plant and township plants (sample statuses and figures)."""

from __future__ import annotations

import numpy as np
from shapely.geometry import LineString, Point, Polygon

from .reference import GOV_LONLAT, utm_xy
from .townships import TOWNSHIPS

# Township plants target 60% load (an assumption for small plants; the plan's 80%+/85% figures
# are for the urban plant). Load rate is null until a plant operates.
# (slug, township, status, capacity m3/d, load %, deadline, pipe km, updated)
PLANTS = [
    ("urban", "350428100", "operating", 20000, 78.0, "2014-12-31", 6.0, "2014-05-20"),
    ("gaotang", "350428102", "operating", 1000, 62.0, "2014-06-30", 4.5, "2014-05-16"),
    ("bailian", "350428103", "commissioning", 800, None, "2014-06-30", 3.8, "2014-05-18"),
    ("huangtan", "350428104", "under_construction", 800, None, "2014-06-30", 3.2, "2014-05-12"),
    ("wanquan", "350428203", "planned", 500, None, "2014-06-30", 2.5, "2014-05-09"),
    ("yufang", "350428206", "under_construction", 500, None, "2014-06-30", 2.4, "2014-05-14"),
    ("dayuan", "350428205", "commissioning", 500, None, "2014-06-30", 2.6, "2014-05-19"),
    ("guangming", "350428106", "operating", 600, 55.0, "2014-06-30", 3.0, "2014-05-15"),
    ("nankou", "350428107", "under_construction", 1000, None, "2014-06-30", 4.0, "2014-05-20"),
    ("wanan", "350428101", "operating", 1000, 71.0, None, 5.0, "2014-04-28"),
    ("anren", "350428204", "operating", 500, 58.0, None, 2.8, "2014-04-25"),
    ("moyuan", "350428201", "operating", 300, 66.0, None, 1.9, "2014-04-30"),
]
PLANT_SOURCE = (
    "sample data: approximate position near the township seat on the river side; "
    "figures illustrative"
)


def point_inside(poly: Polygon, candidate: Point, toward: Point, margin: float = 150.0) -> Point:
    """The candidate, or the first point toward ``toward`` that is ``margin`` inside the polygon."""
    inner = poly.buffer(-margin)
    line = LineString([candidate, toward])
    for f in np.linspace(0.0, 1.0, 41):
        p = line.interpolate(f, normalized=True)
        if inner.contains(p):
            return p
    return inner.representative_point()


def plant_site(seat: Point, poly: Polygon, rivers, downstream: float) -> Point:
    """On the nearest river bank, ``downstream`` metres below the seat, on the seat's side."""
    river = min((r[4] for r in rivers), key=lambda line: line.distance(seat))
    if river.distance(seat) > 3000:
        return point_inside(poly, Point(seat.x + 600, seat.y - 300), seat)
    s = min(river.project(seat) + downstream, river.length - 50)
    on = river.interpolate(s)
    ahead = river.interpolate(min(s + 20, river.length))
    normal = np.array([-(ahead.y - on.y), ahead.x - on.x])
    normal /= np.linalg.norm(normal) or 1.0
    if normal @ np.array([seat.x - on.x, seat.y - on.y]) < 0:
        normal = -normal
    return point_inside(poly, Point(on.x + 120 * normal[0], on.y + 120 * normal[1]), seat)


def build_plants(seats, polys, rivers) -> list[dict]:
    """Plant records with UTM positions (``xy``) and all catalogue properties."""
    plants = []
    for slug, code, status, cap, load, deadline, pipe, updated in PLANTS:
        zh_town = seats[code]["name_zh"]
        urban = slug == "urban"
        anchor = (
            Point(utm_xy(*GOV_LONLAT))
            if urban
            else Point(utm_xy(seats[code]["lon"], seats[code]["lat"]))
        )
        site = plant_site(anchor, polys[code], rivers, 2000.0 if urban else 400.0)
        plants.append(
            {
                "xy": site,
                "id": f"wwtp-{slug}",
                "name_zh": "将乐县城市污水处理厂" if urban else f"{zh_town}污水处理厂",
                "name_en": "Jiangle Urban Sewage Treatment Plant"
                if urban
                else f"{TOWNSHIPS[code][0]} Sewage Treatment Plant",
                "township_code": code,
                "kind": "urban" if urban else "township",
                "status": status,
                "capacity_m3d": cap,
                "load_rate": load,
                "target_load_rate": 85.0 if urban else 60.0,
                "deadline": deadline,
                "pipe_km": pipe,
                "responsible_unit": "县住建局" if urban else f"{zh_town}人民政府",
                "updated_at": updated,
                "source": PLANT_SOURCE,
                "accuracy": "approximate",
            }
        )
    return plants
