"""What the panel holds: the PDF print pack (content, maps, pages), the timetable rows and
the GPX/KML/CSV exports.
"""

from geo.printing.exports import to_csv, to_gpx, to_kml
from geo.printing.pack import PAPERS, PackInput, build_print_pack
from geo.printing.rows import Gazetteer, itinerary, route_paths

__all__ = [
    "Gazetteer",
    "PAPERS",
    "PackInput",
    "build_print_pack",
    "itinerary",
    "route_paths",
    "to_csv",
    "to_gpx",
    "to_kml",
]
