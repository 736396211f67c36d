"""Itinerary timing: hand-computed days, lunch placement, day splits, windows and random checks."""

from __future__ import annotations

import json
import math
import random
from datetime import datetime, time, timedelta

import pytest

from geo.errors import ScheduleError, ValidationError
from geo.tour.schedule import DayRule, LunchRule, Schedule, Visit, build_schedule

MONDAY = datetime(2025, 5, 12, 8, 0)


def matrix(pairs: dict[tuple[str, str], tuple[float, float]]):
    """Symmetric travel callable from ``{(a, b): (minutes, km)}``; unknown pairs fail loudly."""

    def travel(a: str, b: str) -> tuple[float, float]:
        return pairs[(a, b)] if (a, b) in pairs else pairs[(b, a)]

    return travel


def visits(**minutes: int) -> dict[str, Visit]:
    return {name: Visit(name, m) for name, m in minutes.items()}


def hm(value: datetime) -> str:
    return value.strftime("%H:%M")


def stop_times(schedule: Schedule) -> list[tuple[str, int, str, str, str]]:
    return [(s.id, s.day, hm(s.arrival), hm(s.start), hm(s.departure)) for s in schedule.stops]


def leg_times(schedule: Schedule) -> list[tuple[str, str, int, str, str]]:
    return [(g.from_id, g.to_id, g.day, hm(g.depart), hm(g.arrive)) for g in schedule.legs]


# ------------------------------------------------------------------ one day, by hand

ONE_DAY = matrix(
    {
        ("base", "A"): (30, 20),
        ("A", "B"): (20, 12),
        ("B", "C"): (40, 30),
        ("C", "base"): (25, 18),
        ("A", "base"): (30, 20),
        ("B", "base"): (35, 25),
    }
)


def test_one_day_tour_hand_computed():
    # 08:00 depart is before the day: start 08:30. A 09:00-10:00, B 10:20-11:50, lunch at B
    # (11:50 >= 11:30), B->C 12:50-13:30, C 13:30-14:15, home 14:40.
    s = build_schedule(["A", "B", "C"], visits(A=60, B=90, C=45), ONE_DAY, "base", None, MONDAY)
    assert stop_times(s) == [
        ("A", 1, "09:00", "09:00", "10:00"),
        ("B", 1, "10:20", "10:20", "11:50"),
        ("C", 1, "13:30", "13:30", "14:15"),
    ]
    assert leg_times(s) == [
        ("base", "A", 1, "08:30", "09:00"),
        ("A", "B", 1, "10:00", "10:20"),
        ("B", "C", 1, "12:50", "13:30"),
        ("C", "base", 1, "14:15", "14:40"),
    ]
    assert json.loads(json.dumps(s.to_dict())) == s.to_dict()  # JSON-ready all the way down
    day = s.to_dict()["days"][0]
    assert day == {
        "day": 1,
        "date": "2025-05-12",
        "start": "2025-05-12T08:30",
        "end": "2025-05-12T14:40",
        "km": 80.0,
        "driving_minutes": 115,
        "visiting_minutes": 195,
        "lunch": {
            "start": "2025-05-12T11:50",
            "end": "2025-05-12T12:50",
            "at": "B",
            "on_way_to": None,
        },
    }
    assert s.to_dict()["totals"] == {
        "km": 80.0,
        "driving_minutes": 115,
        "visiting_minutes": 195,
        "days": 1,
    }
    assert s.to_dict()["stops"][0] == {
        "id": "A",
        "day": 1,
        "arrival": "2025-05-12T09:00",
        "start": "2025-05-12T09:00",
        "departure": "2025-05-12T10:00",
        "wait_minutes": 0,
    }


# ------------------------------------------------------------------ lunch placement

# A (120 min) ends at 11:00; the leg to B is an hour.
ROAD = matrix({("base", "A"): (30, 20), ("A", "B"): (60, 50), ("B", "base"): (60, 45)})


def test_lunch_on_the_road_when_the_next_activity_would_pass_latest():
    # A 09:00-11:00. Leg + B would end 14:00 > 13:30, so the panel leaves at 11:00 and stops
    # for lunch at 11:30 on the way to B: the 60-minute drive arrives at 13:00.
    s = build_schedule(["A", "B"], visits(A=120, B=120), ROAD, "base", None, MONDAY)
    lunch = s.days[0].lunch
    assert lunch is not None
    assert (hm(lunch.start), hm(lunch.end), lunch.at, lunch.on_way_to) == (
        "11:30",
        "12:30",
        None,
        "B",
    )
    assert leg_times(s)[1] == ("A", "B", 1, "11:00", "13:00")
    assert s.legs[1].minutes == 60  # the drive itself; lunch is not driving time
    assert stop_times(s)[1] == ("B", 1, "13:00", "13:00", "15:00")
    assert hm(s.days[0].end) == "16:00"


def test_lunch_at_the_stop_when_the_visit_ends_after_earliest():
    s = build_schedule(["A", "B", "C"], visits(A=60, B=90, C=45), ONE_DAY, "base", None, MONDAY)
    lunch = s.days[0].lunch
    assert (lunch.at, lunch.on_way_to) == ("B", None)
    assert hm(lunch.start) == hm(s.stops[1].departure) == "11:50"


def test_no_lunch_when_the_next_activity_still_leaves_time():
    # A ends 11:00, B (60 min leg + 30 min) ends 12:30 <= 13:30: lunch waits until after B.
    s = build_schedule(["A", "B"], visits(A=120, B=30), ROAD, "base", None, MONDAY)
    lunch = s.days[0].lunch
    assert (hm(lunch.start), lunch.at) == ("12:30", "B")
    assert leg_times(s)[1] == ("A", "B", 1, "11:00", "12:00")


LONG = matrix({("base", "A"): (90, 60), ("A", "B"): (15, 5), ("B", "base"): (60, 40)})


def test_long_visit_over_the_window_gets_lunch_after_it():
    # A 10:00-13:00 covers most of the lunch window; lunch may not split it: 13:00 at A.
    s = build_schedule(["A"], visits(A=180), LONG, "base", None, MONDAY)
    lunch = s.days[0].lunch
    assert (hm(lunch.start), hm(lunch.end), lunch.at) == ("13:00", "14:00", "A")
    assert stop_times(s) == [("A", 1, "10:00", "10:00", "13:00")]
    assert hm(s.days[0].end) == "15:30"  # 14:00 + 90 min home


def test_long_visit_over_the_window_gets_lunch_before_it():
    # A 10:00-11:00, then B (200 min) would end 14:35: the panel drives on at 11:00, reaches B
    # at 11:15, has lunch there 11:30-12:30 and only then starts the visit.
    s = build_schedule(["A", "B"], visits(A=60, B=200), LONG, "base", None, MONDAY)
    lunch = s.days[0].lunch
    assert (hm(lunch.start), hm(lunch.end), lunch.at, lunch.on_way_to) == (
        "11:30",
        "12:30",
        "B",
        None,
    )
    assert stop_times(s)[1] == ("B", 1, "11:15", "12:30", "15:50")
    assert s.stops[1].wait_minutes == 15  # 11:15-11:30; lunch itself is not waiting
    for stop in s.stops:  # the lunch never overlaps a visit
        assert stop.departure <= lunch.start or stop.start >= lunch.end


def test_custom_lunch_rule_is_respected():
    rule = LunchRule(earliest=time(12, 0), latest=time(12, 30), minutes=45)
    s = build_schedule(["A", "B", "C"], visits(A=60, B=90, C=45), ONE_DAY, "base", None, MONDAY,
                       lunch=rule)  # fmt: skip
    lunch = s.days[0].lunch
    # B ends 11:50 < 12:00 and B->C + C would end 13:15 > 12:30: lunch at 12:00 on the road.
    assert (hm(lunch.start), hm(lunch.end), lunch.on_way_to) == ("12:00", "12:45", "C")


# ------------------------------------------------------------------ day splits

SPLIT = matrix(
    {
        ("base", "A"): (60, 40),
        ("base", "B"): (60, 40),
        ("base", "C"): (60, 40),
        ("A", "B"): (30, 20),
        ("B", "C"): (30, 20),
        ("A", "C"): (45, 30),
    }
)


def test_day_split_returns_to_base_and_resumes_next_morning():
    s = build_schedule(["A", "B", "C"], visits(A=150, B=150, C=150), SPLIT, "base", None, MONDAY)
    # Day 1: A 09:30-12:00, lunch at A, B 13:30-16:00; C would end 19:00: home by 17:00.
    # Day 2: C 09:30-12:00, lunch at C, home 13:00-14:00.
    assert stop_times(s) == [
        ("A", 1, "09:30", "09:30", "12:00"),
        ("B", 1, "13:30", "13:30", "16:00"),
        ("C", 2, "09:30", "09:30", "12:00"),
    ]
    assert leg_times(s) == [
        ("base", "A", 1, "08:30", "09:30"),
        ("A", "B", 1, "13:00", "13:30"),
        ("B", "base", 1, "16:00", "17:00"),
        ("base", "C", 2, "08:30", "09:30"),
        ("C", "base", 2, "13:00", "14:00"),
    ]
    d1, d2 = s.to_dict()["days"]
    assert (d1["date"], d1["end"], d1["km"], d1["driving_minutes"]) == (
        "2025-05-12",
        "2025-05-12T17:00",
        100.0,
        150,
    )
    assert (d2["date"], d2["start"], d2["end"], d2["visiting_minutes"]) == (
        "2025-05-13",
        "2025-05-13T08:30",
        "2025-05-13T14:00",
        150,
    )
    assert d2["lunch"] == {
        "start": "2025-05-13T12:00",
        "end": "2025-05-13T13:00",
        "at": "C",
        "on_way_to": None,
    }
    assert s.totals().to_dict() == {
        "km": 180.0,
        "driving_minutes": 270,
        "visiting_minutes": 450,
        "days": 2,
    }


def test_stops_too_long_for_any_day_are_all_named():
    vs = visits(A=60, B=480, C=60)
    vs["C"] = Visit("C", 60, (time(16, 30), time(17, 30)))  # back at base 18:30 at best
    with pytest.raises(ScheduleError) as err:
        build_schedule(["A", "B", "C"], vs, SPLIT, "base", None, MONDAY)
    assert err.value.unscheduled == ["B", "C"]
    assert "B, C" in str(err.value)


def test_day_length_alone_can_make_a_stop_impossible():
    short = DayRule(start=time(9, 0), end=time(12, 0))
    with pytest.raises(ScheduleError) as err:
        build_schedule(["A"], visits(A=90), SPLIT, "base", None, MONDAY, day=short)
    assert err.value.unscheduled == ["A"]


# ------------------------------------------------------------------ time windows


def test_early_arrival_waits_for_the_window():
    vs = {"A": Visit("A", 60, (time(10, 0), time(12, 0)))}
    s = build_schedule(["A"], vs, SPLIT, "base", None, MONDAY)
    assert stop_times(s) == [("A", 1, "09:30", "10:00", "11:00")]
    assert s.stops[0].wait_minutes == 30
    assert s.days[0].visiting_minutes == 60


def test_missed_window_moves_the_stop_to_the_next_day():
    vs = visits(A=150)
    vs["B"] = Visit("B", 60, (time(8, 30), time(11, 0)))
    s = build_schedule(["A", "B"], vs, SPLIT, "base", None, MONDAY)
    assert stop_times(s) == [
        ("A", 1, "09:30", "09:30", "12:00"),
        ("B", 2, "09:30", "09:30", "10:30"),
    ]
    assert [g.to_id for g in s.legs] == ["A", "base", "B", "base"]


def test_window_that_no_day_can_meet_is_an_error():
    vs = {"A": Visit("A", 120, (time(16, 0), time(17, 0)))}
    with pytest.raises(ScheduleError) as err:
        build_schedule(["A"], vs, SPLIT, "base", None, MONDAY)
    assert err.value.unscheduled == ["A"]


# ------------------------------------------------------------------ start, end, depart

ENDS = matrix(
    {
        ("hotel", "A"): (20, 10),
        ("A", "B"): (30, 25),
        ("B", "station"): (40, 35),
        ("A", "station"): (50, 40),
        ("hotel", "station"): (30, 20),
        ("B", "hotel"): (50, 40),
        ("A", "base"): (10, 5),
        ("B", "base"): (10, 5),
    }
)


def test_end_different_from_start():
    s = build_schedule(["A", "B"], visits(A=60, B=60), ENDS, "hotel", "station", MONDAY)
    assert leg_times(s) == [
        ("hotel", "A", 1, "08:30", "08:50"),
        ("A", "B", 1, "09:50", "10:20"),
        ("B", "station", 1, "11:20", "12:00"),
    ]
    assert s.days[0].lunch is None  # the day ended at 12:00, before lunch was needed
    assert s.km == 70.0


def test_overnight_base_defaults_to_end_and_can_be_set():
    long = visits(A=240, B=240)  # two visits never fit one day
    s = build_schedule(["A", "B"], long, ENDS, "hotel", "station", MONDAY)
    assert [(g.from_id, g.to_id, g.day) for g in s.legs] == [
        ("hotel", "A", 1),
        ("A", "station", 1),
        ("station", "B", 2),
        ("B", "station", 2),
    ]
    s = build_schedule(["A", "B"], long, ENDS, "hotel", "station", MONDAY, overnight_base="base")
    assert [(g.from_id, g.to_id, g.day) for g in s.legs] == [
        ("hotel", "A", 1),
        ("A", "base", 1),
        ("base", "B", 2),
        ("B", "station", 2),
    ]


def test_departing_mid_day_eats_first_and_starts_late():
    s = build_schedule(["A", "B"], visits(A=60, B=60), ONE_DAY, "base", None,
                       MONDAY.replace(hour=12, minute=10))  # fmt: skip
    lunch = s.days[0].lunch
    assert (hm(lunch.start), lunch.at) == ("12:10", "base")
    assert hm(s.days[0].start) == "12:10"
    assert leg_times(s)[0] == ("base", "A", 1, "13:10", "13:40")


def test_departing_after_latest_has_no_lunch_that_day():
    s = build_schedule(["A"], visits(A=60), ONE_DAY, "base", None, MONDAY.replace(hour=14))
    assert s.days[0].lunch is None
    assert stop_times(s) == [("A", 1, "14:30", "14:30", "15:30")]


def test_late_departure_that_fits_nothing_waits_for_the_next_day():
    late = MONDAY.replace(hour=16, minute=30)
    s = build_schedule(["A"], visits(A=60), SPLIT, "base", None, late)
    assert [d.date.isoformat() for d in s.days] == ["2025-05-12", "2025-05-13"]
    assert s.days[0].lunch is None and s.days[0].km == 0
    assert stop_times(s) == [("A", 2, "09:30", "09:30", "10:30")]


def test_departing_after_the_day_ends_is_rejected():
    with pytest.raises(ValidationError, match="after the working day"):
        build_schedule(["A"], visits(A=60), SPLIT, "base", None, MONDAY.replace(hour=18))


def test_zero_stops_round_trip_is_empty():
    s = build_schedule([], {}, SPLIT, "base", None, MONDAY)
    assert s.to_dict() == {
        "stops": [],
        "legs": [],
        "days": [],
        "totals": {"km": 0.0, "driving_minutes": 0, "visiting_minutes": 0, "days": 0},
    }


def test_zero_stops_with_a_different_end_is_one_transfer():
    s = build_schedule([], {}, ENDS, "hotel", "station", MONDAY)
    assert leg_times(s) == [("hotel", "station", 1, "08:30", "09:00")]
    assert s.totals().days == 1


@pytest.mark.parametrize(
    ("order", "vs", "match"),
    [
        (["A", "Z"], visits(A=60), "without a visit: Z"),
        (["A", "A"], visits(A=60), "more than once: A"),
        (["A"], visits(A=-5), "minutes must be >= 0"),
        (["A"], {"A": Visit("A", 30, (time(12), time(11)))}, "window"),
    ],
)
def test_bad_input_is_a_validation_error(order, vs, match):
    with pytest.raises(ValidationError, match=match):
        build_schedule(order, vs, SPLIT, "base", None, MONDAY)


def test_negative_travel_time_is_rejected():
    with pytest.raises(ValidationError, match="travel"):
        build_schedule(["A"], visits(A=60), lambda a, b: (-1.0, 2.0), "base", None, MONDAY)


# ------------------------------------------------------------------ random instances

EARLIEST, LATEST = time(11, 30), time(13, 30)


def random_instance(rng: random.Random):
    n = rng.randint(0, 9)
    names = [f"S{k}" for k in range(n)]
    places = ["base", "hotel", *names]
    xy = {p: (rng.uniform(0, 60), rng.uniform(0, 60)) for p in places}

    speed = rng.uniform(0.8, 2.0)  # minutes per km

    def travel(a: str, b: str) -> tuple[float, float]:
        km = math.dist(xy[a], xy[b]) * 1.3
        return km * speed, km

    vs = {}
    for name in names:
        minutes = rng.choice([20, 45, 60, 90, 120, 150, 200])
        window = None
        if rng.random() < 0.3:
            open_ = rng.randint(8 * 60, 15 * 60)
            close = open_ + rng.randint(60, 240)
            window = (time(open_ // 60, open_ % 60), time(min(close // 60, 23), close % 60))
        vs[name] = Visit(name, minutes, window)
    start = rng.choice(["base", "hotel"])
    end = rng.choice([None, "base", "hotel"])
    depart = MONDAY.replace(hour=rng.randint(6, 16), minute=rng.randint(0, 59))
    return names, vs, travel, start, end, depart


def check_invariants(s: Schedule, order, vs, start, end, depart) -> None:
    assert [st.id for st in s.stops] == order  # each stop exactly once, in order
    assert [d.day for d in s.days] == list(range(1, len(s.days) + 1))
    for d in s.days:
        check_day(s, d, vs, depart)
    legs = s.legs
    if legs:
        assert legs[0].from_id == start and legs[-1].to_id == (end or start)
    for a, b in zip(legs, legs[1:], strict=False):
        assert a.to_id == b.from_id and a.arrive <= b.depart
    assert s.visiting_minutes == sum(vs[k].minutes for k in order)


def check_day(s: Schedule, d, vs, depart) -> None:
    day_open = datetime.combine(d.date, time(8, 30))
    day_close = datetime.combine(d.date, time(17, 30))
    assert d.date == (depart + timedelta(days=d.day - 1)).date()
    stops = [st for st in s.stops if st.day == d.day]
    legs = [g for g in s.legs if g.day == d.day]
    for st in stops:  # every visit within the day and its window, times monotonic
        assert max(day_open, depart) <= st.arrival <= st.start <= st.departure <= day_close
        window = vs[st.id].window
        if window:
            assert window[0] <= st.start.time() and st.departure.time() <= window[1]
    for g in legs:
        assert d.start <= g.depart <= g.arrive <= d.end
    if stops:
        assert d.end <= day_close
    check_lunch(d, stops, legs)


def check_lunch(d, stops, legs) -> None:
    lunch = d.lunch
    latest = datetime.combine(d.date, LATEST)
    if lunch is None:
        assert d.start > latest or d.end <= latest  # the day does not span the lunch window
        return
    assert datetime.combine(d.date, EARLIEST) <= lunch.start <= latest
    assert lunch.end - lunch.start == timedelta(minutes=60)
    for st in stops:
        assert st.departure <= lunch.start or st.start >= lunch.end
    for g in legs:
        if lunch.on_way_to == g.to_id and g.depart <= lunch.start and lunch.end <= g.arrive:
            # lunch in a town on the way: the leg is its drive plus the break, nothing idle
            spent = (g.arrive - g.depart) - timedelta(minutes=g.minutes + 60)
            assert abs(spent) <= timedelta(minutes=1)
            continue
        assert g.arrive <= lunch.start or g.depart >= lunch.end
    departures = {st.id: st.departure for st in stops}
    for g in legs:  # the panel leaves a stop when its visit ends, or after lunch there
        if g.from_id in departures:
            after_lunch = lunch.at == g.from_id and lunch.start >= departures[g.from_id]
            assert g.depart == (lunch.end if after_lunch else departures[g.from_id])


def test_random_instances_keep_every_rule():
    rng = random.Random(20250512)
    planned = 0
    for _ in range(400):
        order, vs, travel, start, end, depart = random_instance(rng)
        try:
            s = build_schedule(order, vs, travel, start, end, depart)
        except ScheduleError as err:
            assert err.unscheduled and set(err.unscheduled) <= set(order)
            assert all(name in str(err) for name in err.unscheduled)
            continue
        planned += 1
        check_invariants(s, order, vs, start, end, depart)
    assert planned >= 200  # the check must exercise real schedules, not only errors
