import datetime as dt

import ephem
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sevr.world import ScenarioClock, date_from_jdn, jdn_from_date, julian_day


def test_j2000_epoch():
    assert julian_day(dt.datetime(2000, 1, 1, 12, 0), "gregorian") == 2451545.0


def test_julian_and_gregorian_622():
    # In the 7th century the Julian calendar runs 3 days behind the (proleptic) Gregorian.
    assert jdn_from_date(622, 9, 9, "julian") == jdn_from_date(622, 9, 12, "gregorian")
    assert date_from_jdn(jdn_from_date(622, 9, 9, "julian"), "gregorian") == (622, 9, 12)


def test_calendar_reform_boundary():
    # Thursday 4 October 1582 (Julian) was followed by Friday 15 October 1582 (Gregorian).
    assert jdn_from_date(1582, 10, 15, "gregorian") - jdn_from_date(1582, 10, 4, "julian") == 1


def test_python_ordinal_agrees_with_gregorian_jdn():
    d = dt.date(1969, 7, 20)
    assert jdn_from_date(d.year, d.month, d.day, "gregorian") == d.toordinal() + 1721425


@given(jdn=st.integers(0, 5_000_000), cal=st.sampled_from(["julian", "gregorian"]))
def test_jdn_round_trip(jdn, cal):
    assert jdn_from_date(*date_from_jdn(jdn, cal), calendar=cal) == jdn


def test_bad_calendar():
    with pytest.raises(ValueError, match="calendar"):
        ScenarioClock(dt.datetime(622, 9, 9), 0, calendar="hijri")


@pytest.fixture
def hijra_clock():
    return ScenarioClock(dt.datetime(622, 9, 9, 21, 0), 159, "julian")


def test_to_ephem_matches_ephem_julian_tuple(hijra_clock):
    # ephem reads pre-1582 tuples as Julian dates; 21:00 at +2:39 is 18:21 UT.
    expected = ephem.Date((622, 9, 9, 18, 21, 0))
    assert float(hijra_clock.to_ephem(0)) == pytest.approx(float(expected), abs=1e-8)


def test_gregorian_clock_same_instant():
    julian = ScenarioClock(dt.datetime(622, 9, 9, 21, 0), 159, "julian")
    gregorian = ScenarioClock(dt.datetime(622, 9, 12, 21, 0), 159, "gregorian")
    assert float(julian.to_ephem(37.5)) == pytest.approx(float(gregorian.to_ephem(37.5)), abs=1e-9)
    assert julian.iso(37.5) == gregorian.iso(37.5)


def test_modern_gregorian_clock_matches_ephem():
    clock = ScenarioClock(dt.datetime(2024, 1, 25, 20, 30), 60, "gregorian")
    assert float(clock.to_ephem(0)) == pytest.approx(float(ephem.Date("2024/1/25 19:30")), abs=1e-8)


@given(t=st.floats(-1e6, 1e6, allow_nan=False))
def test_ephem_round_trip(t):
    clock = ScenarioClock(dt.datetime(622, 9, 9, 21, 0), 159, "julian")
    assert clock.from_ephem(clock.to_ephem(t)) == pytest.approx(t, abs=1e-3)


def test_iso_is_proleptic_gregorian_with_offset(hijra_clock):
    assert hijra_clock.iso(0) == "0622-09-12T21:00:00+02:39"
    assert hijra_clock.iso(150) == "0622-09-12T23:30:00+02:39"
    assert hijra_clock.iso(180 + 0.4 / 60) == "0622-09-13T00:00:00+02:39"  # rounds to the second


def test_iso_modern_matches_python():
    clock = ScenarioClock(dt.datetime(2024, 3, 1, 8, 15, 30), -300, "gregorian")
    tz = dt.timezone(dt.timedelta(minutes=-300))
    assert clock.iso(100) == (dt.datetime(2024, 3, 1, 9, 55, 30, tzinfo=tz)).isoformat()


def test_local_label_and_day_index(hijra_clock):
    assert hijra_clock.local_label(0) == ("0622-09-09", "21:00")
    assert hijra_clock.local_label(200) == ("0622-09-10", "00:20")
    assert hijra_clock.day_index(0) == 0
    assert hijra_clock.day_index(179.9) == 0
    assert hijra_clock.day_index(180) == 1
    assert hijra_clock.day_index(180 + 3 * 1440) == 4
    assert hijra_clock.date_label(200, "gregorian") == "0622-09-13"


def test_fractional_offset_keeps_seconds():
    clock = ScenarioClock(dt.datetime(622, 9, 9, 21, 0), 159.3, "julian")
    assert clock.iso(0).endswith("+02:39:18")
