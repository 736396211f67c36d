"""Map colours and line styles, shared by the web map (folium) and the print maps (matplotlib).

Kept apart from both so that the PDF path never imports folium and the two kinds of map
cannot drift apart in colour.
"""

from __future__ import annotations

from geo.layers.catalogue import PLANT_STATUSES, THEMES

THEME_COLOURS = dict(
    zip(THEMES, ("#2e7d32", "#8d6e63", "#f9a825", "#1565c0", "#c62828", "#6a1b9a"), strict=True)
)
PLANT_COLOURS = dict(zip(PLANT_STATUSES, ("#2e7d32", "#1e88e5", "#fb8c00", "#9e9e9e"), strict=True))
ECO_COLOURS = {"accepted": "#66bb6a", "applied": "#ffd54f", "preparing": "#cfd8dc"}
ROAD_STYLES = {  # highest class first, as in the catalogue
    "expressway": ("#6a1b9a", 4.5),
    "national": ("#c62828", 4.0),
    "provincial": ("#d84315", 3.5),
    "county": ("#ef6c00", 2.5),
    "township": ("#8d6e63", 1.6),
    "village": ("#a1887f", 0.8),
}
RAIL_STYLE = ("#424242", 2.0)
LATE_COLOUR = "#d50000"
