"""Maps: shared style constants, display copies of the layers (``display``), static maps for print
(matplotlib) and their furniture, labels, tiles and fonts. The folium web map is
``geo.maps.web_map``, imported on its own so that the print path never loads folium.
"""

from geo.maps.display import display_copy
from geo.maps.static import (
    BaseMap,
    CjkFont,
    MapView,
    Marker,
    PrintSetupError,
    TileFetcher,
    find_cjk_font,
    render_map,
)
from geo.maps.styles import ROAD_STYLES, THEME_COLOURS

__all__ = [
    "BaseMap",
    "CjkFont",
    "MapView",
    "Marker",
    "PrintSetupError",
    "ROAD_STYLES",
    "THEME_COLOURS",
    "TileFetcher",
    "display_copy",
    "find_cjk_font",
    "render_map",
]
