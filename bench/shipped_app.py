"""The app the benchmarks measure: a fresh SQLite database in a temporary folder, loaded with the
shipped Jiangle layers, "today" fixed in the review year so late/due figures do not drift."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402


def shipped_app(folder: Path):
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
            "LAYER_DIR": str(ROOT / "data" / "shapefiles"),
            "TODAY": "2014-07-15",
            "PRINT_WAIT": 600,  # time the whole cold build, not the progress page
        }
    )
