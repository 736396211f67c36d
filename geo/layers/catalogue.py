"""The layer catalogue: which layers exist, and what each feature must carry.

This is the contract between the shipped GeoJSON files, uploads of real data later, and the rest
of the code. ``geo.layers.loader`` validates every file against it before anything is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from geo.errors import Both, NotFoundError

THEMES = (
    "natural_landscape",
    "eco_industry",
    "new_countryside",
    "urban_infrastructure",
    "pollution_source",
    "ecological_project",
)
PLANT_STATUSES = ("operating", "commissioning", "under_construction", "planned")
PLANT_KINDS = ("urban", "township")
ECO_STATUSES = ("accepted", "applied", "preparing")
READINESS = ("ready", "in_progress", "not_ready")
ROAD_CLASSES = ("expressway", "national", "provincial", "county", "township", "village")
RIVER_CLASSES = ("main", "tributary")
RAIL_CLASSES = ("mainline", "siding")
PLACE_KINDS = ("government", "hotel", "station")
ACCURACIES = ("official", "simplified_official", "approximate", "synthetic", "sample")

STR, NUM, INT, BOOL, LIST, DATE = "str", "number", "int", "bool", "list", "date"


@dataclass(frozen=True)
class Prop:
    """One feature property: its type, whether it may be null, and the values it may take."""

    name: str
    kind: str
    nullable: bool = False
    choices: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    # False: a file may leave the property out (read as null), so files made before it was
    # added still load; only for nullable properties.
    required: bool = True


@dataclass(frozen=True)
class LayerSpec:
    """What a layer's file must hold: geometry types, the id property and the properties."""

    name: str
    geometry_types: tuple[str, ...]
    props: tuple[Prop, ...]
    id_prop: str = "id"
    title_zh: str = ""
    title_en: str = ""
    extra: dict = field(default_factory=dict)
    # An optional layer ships no file and starts empty until data is imported (rail from OSM).
    optional: bool = False

    def title(self, lang: str) -> str:
        """The layer's name for people, in ``lang``."""
        return self.title_en if lang == "en" else self.title_zh


_COMMON = (
    Prop("source", STR),
    Prop("accuracy", STR, choices=ACCURACIES),
)
_NAMES = (Prop("name_zh", STR), Prop("name_en", STR))
_POLY = ("Polygon", "MultiPolygon")
_LINE = ("LineString", "MultiLineString")

LAYERS: dict[str, LayerSpec] = {
    spec.name: spec
    for spec in (
        LayerSpec(
            "county",
            _POLY,
            (Prop("id", STR), *_NAMES, *_COMMON),
            title_zh="县界",
            title_en="County boundary",
        ),
        LayerSpec(
            "townships",
            _POLY,
            (
                Prop("id", STR),  # NBS 9-digit code, e.g. "350428100"
                *_NAMES,
                Prop("kind", STR, choices=("镇", "乡")),
                Prop("aliases", LIST),
                Prop("seat_lon", NUM, minimum=-180, maximum=180),
                Prop("seat_lat", NUM, minimum=-90, maximum=90),
                Prop("eco_status", STR, choices=ECO_STATUSES),
                Prop("eco_applied_year", INT, nullable=True),
                *_COMMON,
            ),
            title_zh="乡镇",
            title_en="Townships",
        ),
        LayerSpec(
            "sewage_plants",
            ("Point",),
            (
                Prop("id", STR),
                *_NAMES,
                Prop("township_code", STR),
                Prop("kind", STR, choices=PLANT_KINDS),
                Prop("status", STR, choices=PLANT_STATUSES),
                Prop("capacity_m3d", NUM, minimum=0),
                Prop("load_rate", NUM, nullable=True, minimum=0, maximum=150),
                Prop("target_load_rate", NUM, nullable=True, minimum=0, maximum=150),
                Prop("deadline", DATE, nullable=True),
                Prop("pipe_km", NUM, nullable=True, minimum=0),
                Prop("responsible_unit", STR),
                Prop("updated_at", DATE),
                *_COMMON,
            ),
            title_zh="污水处理厂",
            title_en="Sewage treatment plants",
        ),
        LayerSpec(
            "reserve",
            _POLY,
            (
                Prop("id", STR),
                *_NAMES,
                Prop("area_ha", NUM, minimum=0),
                Prop("level", STR),
                *_COMMON,
            ),
            title_zh="龙栖山国家级自然保护区",
            title_en="Longqi Mountain National Nature Reserve",
        ),
        LayerSpec(
            "stops",
            ("Point",),
            (
                Prop("id", STR),
                *_NAMES,
                Prop("township_code", STR),
                Prop("theme", STR, choices=THEMES),
                Prop("visit_minutes", INT, minimum=5, maximum=480),
                Prop("description_zh", STR),
                Prop("description_en", STR),
                Prop("responsible_unit", STR),
                Prop("readiness", STR, choices=READINESS),
                Prop("plant_id", STR, nullable=True),
                # Who explains the site to the panel (讲解人) and what they say; the township fills
                # them in (services.township_sites).
                Prop("presenter", STR, nullable=True, required=False),
                Prop("talking_points", STR, nullable=True, required=False),
                # Which sites a route over part of the pool shows first (higher first; absent or
                # null is 0): geo.tour.pool_route.
                Prop("priority", INT, nullable=True, required=False, minimum=0, maximum=9),
                *_COMMON,
            ),
            title_zh="候选考察点",
            title_en="Candidate inspection stops",
        ),
        LayerSpec(
            "places",
            ("Point",),
            (Prop("id", STR), *_NAMES, Prop("kind", STR, choices=PLACE_KINDS), *_COMMON),
            title_zh="出发地与住地",
            title_en="Start places and hotels",
        ),
        LayerSpec(
            "roads",
            _LINE,
            (
                Prop("id", STR),
                Prop("name_zh", STR, nullable=True),
                Prop("class", STR, choices=ROAD_CLASSES),
                Prop("speed_kmh", NUM, minimum=5, maximum=130),
                Prop("oneway", BOOL),
                *_COMMON,
            ),
            title_zh="道路",
            title_en="Roads",
        ),
        LayerSpec(
            "rivers",
            _LINE,
            (Prop("id", STR), *_NAMES, Prop("class", STR, choices=RIVER_CLASSES), *_COMMON),
            title_zh="河流",
            title_en="Rivers",
        ),
        LayerSpec(
            "rail",
            _LINE,
            (
                Prop("id", STR),
                Prop("name_zh", STR, nullable=True),
                Prop("class", STR, choices=RAIL_CLASSES),
                *_COMMON,
            ),
            title_zh="铁路",
            title_en="Railways",
            optional=True,
        ),
    )
}
REQUIRED_LAYERS = tuple(name for name, spec in LAYERS.items() if not spec.optional)

# Layers that must lie inside the county outline (with a tolerance), checked at load time.
INSIDE_COUNTY = (
    "townships", "sewage_plants", "reserve", "stops", "places", "roads", "rivers", "rail"
)  # fmt: skip


def unknown_layer(name: str) -> NotFoundError:
    """A layer name (from a URL) that is none of the catalogue's, said with the layers there are."""
    known = Both(*("、".join(s.title_zh for s in LAYERS.values()),
                   ", ".join(s.title_en for s in LAYERS.values())))  # fmt: skip
    return NotFoundError(code="err_layer_unknown", name=name[:40], known=known)


def layer_not_loaded(name: str) -> NotFoundError:
    """A catalogue layer with no content in the database yet, said by its title."""
    return NotFoundError(code="err_layer_not_loaded", title=_title(name))


def no_such_revision(name: str, number: int) -> NotFoundError:
    """A revision number (from a URL or the command line) that the layer never had."""
    return NotFoundError(code="err_layer_no_revision", title=_title(name), number=number)


def _title(name: str) -> Both | str:
    spec = LAYERS.get(name)
    return Both(spec.title_zh, spec.title_en) if spec else name[:40]
