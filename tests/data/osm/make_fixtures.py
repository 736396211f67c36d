"""Write the OSM XML fixture of tests/test_osm_import.py: one small invented network near the
Jiangle county seat with one way per tag rule of the import (geo/layers/osm_tags.py).

    .venv/bin/python tests/data/osm/make_fixtures.py     # rewrites jiangle_fixture.osm

The tests make the ``.osm.pbf`` twin with ``osmium cat`` (Debian osmium-tool) at run time.
Everything here is made up (CC0); positions are near, not on, real roads.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "jiangle_fixture.osm"

# node id -> (lon, lat). A grid around the county seat (117.47E 26.73N), shared by the ways.
NODES = {
    1: (117.44, 26.72), 2: (117.46, 26.72), 3: (117.48, 26.72), 4: (117.50, 26.72),
    5: (117.44, 26.74), 6: (117.46, 26.74), 7: (117.48, 26.74), 8: (117.50, 26.74),
    9: (117.46, 26.76), 10: (117.54, 26.74), 11: (117.58, 26.70),
    12: (117.65, 26.70),  # 2.8 km outside the county, inside the 10 km buffer
    13: (117.80, 26.70),  # 16 km outside: the way to it is cut at the buffer edge
    20: (117.42, 26.78), 21: (117.52, 26.78), 22: (117.52, 26.781), 23: (117.42, 26.781),
    30: (117.47, 26.73), 31: (117.54, 26.76),
    41: (117.482, 26.722), 42: (117.48, 26.724), 43: (117.478, 26.722),  # roundabout at node 3
    50: (117.43, 26.70), 51: (117.42, 26.74), 52: (117.46, 26.75), 53: (117.49, 26.75),
    54: (117.43, 26.72), 55: (117.44, 26.76),
    60: (117.30, 26.60), 61: (117.31, 26.60), 62: (117.31, 26.61), 63: (117.32, 26.62),
    70: (117.90, 26.70), 71: (117.95, 26.70),  # beyond the buffer's bounding box
    72: (117.76, 27.15), 73: (117.765, 27.155),  # in the bounding box, 27 km from the county
    80: (117.40, 26.69), 81: (117.47, 26.698), 82: (117.4731, 26.6984), 83: (117.52, 26.71),
    84: (117.4735, 26.6990),
    90: (117.40, 26.725), 91: (117.45, 26.728), 92: (117.49, 26.726), 93: (117.55, 26.73),
    94: (117.45, 26.75), 95: (117.455, 26.77), 96: (117.49, 26.70), 97: (117.50, 26.69),
    98: (117.51, 26.70), 99: (117.512, 26.702),
}  # fmt: skip
# Tagged nodes: the county's station and one in the next county (not a start place here).
NODE_TAGS = {
    82: {"railway": "station", "name": "将乐站", "name:en": "Jiangle Railway Station"},
    85: {"railway": "station", "name": "邻县站"},
}
NODES[85] = (117.75, 26.70)

# way id -> (node ids, tags)
WAYS: dict[int, tuple[list[int], dict[str, str]]] = {
    101: ([1, 2, 3, 4], {"highway": "primary", "ref": "S304", "name": "S304",
                         "name:zh": "洋万线", "maxspeed": "80"}),
    102: ([5, 6, 7, 8], {"highway": "secondary", "name": "将乐大道", "maxspeed": "30 mph"}),
    103: ([1, 5], {"highway": "tertiary", "maxspeed": "CN:rural"}),
    104: ([2, 6], {"highway": "unclassified"}),
    105: ([3, 7], {"highway": "residential", "oneway": "yes"}),
    106: ([4, 8], {"highway": "service", "oneway": "-1"}),
    107: ([6, 9], {"highway": "track"}),
    108: ([8, 10, 11], {"highway": "trunk", "ref": "G356", "name": "G356"}),
    109: ([11, 12], {"highway": "trunk", "ref": "G356"}),  # crosses the county line
    110: ([12, 13], {"highway": "trunk", "ref": "G356"}),  # crosses the buffer edge
    111: ([20, 21], {"highway": "motorway", "ref": "G1514", "maxspeed": "120"}),
    112: ([22, 23], {"highway": "motorway", "ref": "G1514", "oneway": "yes"}),
    113: ([21, 8], {"highway": "motorway_link"}),
    114: ([8, 22], {"highway": "motorway_link"}),
    115: ([23, 20], {"highway": "motorway", "oneway": "no"}),
    116: ([2, 30], {"highway": "primary_link"}),
    117: ([30, 7], {"highway": "secondary_link"}),
    118: ([30, 3], {"highway": "tertiary_link", "oneway": "reversible"}),
    119: ([10, 31], {"highway": "trunk_link"}),
    120: ([3, 41, 42, 43, 3], {"highway": "tertiary", "junction": "roundabout"}),
    130: ([1, 50], {"highway": "construction", "construction": "primary"}),
    131: ([5, 51], {"highway": "primary", "access": "no"}),
    132: ([6, 52], {"highway": "residential", "motor_vehicle": "no"}),
    133: ([7, 53], {"highway": "footway"}),
    134: ([1, 54], {"highway": "residential", "access": "no", "motor_vehicle": "yes"}),
    135: ([5, 55], {"highway": "tertiary", "bridge": "yes", "layer": "1"}),
    136: ([55, 9], {"highway": "tertiary", "tunnel": "yes", "layer": "-1"}),
    140: ([60, 61, 62, 60], {"highway": "residential", "name": "孤岛村道"}),  # an island
    141: ([62, 63], {"highway": "unclassified"}),
    150: ([70, 71], {"highway": "primary"}),
    151: ([72, 73], {"highway": "primary"}),
    160: ([90, 91, 30, 92, 93], {"waterway": "river", "name": "金溪", "name:en": "Jinxi"}),
    161: ([94, 95], {"waterway": "stream"}),
    162: ([96, 97], {"waterway": "canal", "name": "灌渠"}),
    163: ([98, 99], {"waterway": "ditch"}),
    170: ([80, 81, 82, 83], {"railway": "rail", "name": "向莆铁路", "usage": "main"}),
    171: ([81, 84], {"railway": "rail", "service": "siding"}),
}  # fmt: skip


def osm_xml() -> str:
    """The fixture as OSM XML 0.6: nodes first, then ways, ids ascending (osmium needs order)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="fixture">']
    for nid in sorted(NODES):
        lon, lat = NODES[nid]
        tags = NODE_TAGS.get(nid, {})
        head = f'  <node id="{nid}" version="1" lat="{lat:.7f}" lon="{lon:.7f}"'
        out.append(head + (">" if tags else "/>"))
        if tags:
            out += [f"    <tag k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in tags.items()]
            out.append("  </node>")
    for wid in sorted(WAYS):
        refs, tags = WAYS[wid]
        out.append(f'  <way id="{wid}" version="1">')
        out += [f'    <nd ref="{ref}"/>' for ref in refs]
        out += [f"    <tag k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in tags.items()]
        out.append("  </way>")
    out.append("</osm>")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    FIXTURE.write_text(osm_xml(), encoding="utf-8")
    print(f"wrote {FIXTURE}")
