"""Times are stored in UTC and shown in the county's zone; stop ids are shown as names; one format
for durations."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from geo.i18n import duration
from routes.formatting import local_time, stop_label


def test_times_show_in_china_standard_time(app):
    with app.test_request_context():
        assert local_time(datetime(2014, 10, 20, 0, 30, tzinfo=UTC)) == "2014-10-20 08:30"
        assert local_time(datetime(2014, 10, 20, 0, 30)) == "2014-10-20 08:30"  # naive = UTC
        assert local_time("2014-10-20T16:30:05+00:00", seconds=True) == "2014-10-21 00:30:05"
        assert local_time(None) == ""
        app.config["TIMEZONE"] = "UTC"
        assert local_time(datetime(2014, 10, 20, 0, 30, tzinfo=UTC)) == "2014-10-20 00:30"


def test_stop_ids_show_as_names_in_the_page_language(app):
    with app.test_request_context("/?lang=en"):
        assert stop_label("stop-350428100-01") == "Jiangle Urban Sewage Treatment Plant (visit)"
        assert stop_label("stop-gone") == "stop-gone"
    with app.test_request_context("/"):
        assert stop_label("stop-350428100-01").startswith("将乐县城市污水处理厂")


@pytest.mark.parametrize(
    ("minutes", "zh", "en"),
    [
        (509, "8 小时 29 分", "8 h 29 min"),
        (185.4, "3 小时 05 分", "3 h 05 min"),
        (60, "1 小时 00 分", "1 h 00 min"),
        (45, "45 分", "45 min"),
        (0, "0 分", "0 min"),
        (-12, "−12 分", "−12 min"),
        (-75, "−1 小时 15 分", "−1 h 15 min"),
    ],
)
def test_one_duration_format_in_both_languages(minutes, zh, en):
    assert duration(minutes, "zh") == zh and duration(minutes, "en") == en
