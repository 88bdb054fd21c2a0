"""Issue 23: a time of injury carries a time of day, and a local time the clocks skipped or showed
twice (daylight saving) is refused or asked about, never resolved silently.

Europe/Berlin in 2026: the clocks go forward at 02:00 on 29 March (02:00-02:59 never happen) and
back at 03:00 on 25 October (02:00-02:59 happen twice, first at UTC+02:00, then at UTC+01:00).
"""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from burnmap.model.patient import (
    AmbiguousTime,
    Patient,
    PatientError,
    PatientValues,
    local_time,
    parse_injury_time,
    patient_with,
)

NOW = datetime(2027, 1, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2026-12-06", " 2026-12-06 ", "20261206", "2026-W49-7"])
def test_a_date_alone_is_not_a_time_of_injury(text):
    with pytest.raises(PatientError, match=re.escape(
            "has no time of day: a date alone is not a time of injury; give the time too, "
            "e.g. 2026-12-06T06:30")):
        parse_injury_time(text, NOW)
    with pytest.raises(PatientError, match="no time of day"):
        patient_with(Patient(age_years=40), PatientValues(injury_time=text), NOW)


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-12-06T06:30+01:00", datetime(2026, 12, 6, 5, 30, tzinfo=UTC)),
    ("2026-12-06T00:00Z", datetime(2026, 12, 6, tzinfo=UTC)),   # midnight, as typed
    ("2026-12-06 23:59:30+00:00", datetime(2026, 12, 6, 23, 59, 30, tzinfo=UTC)),
])
def test_a_date_and_time_is_read_with_its_offset(text, expected):
    value = parse_injury_time(text, NOW)
    assert value == expected
    assert value.tzinfo is not None


def test_a_local_time_the_clocks_skipped_is_refused(berlin):
    with pytest.raises(PatientError, match="time of injury 2026-03-29 02:30 did not exist in local "
                                           "time \\(the clocks went forward\\): give it with its "
                                           "UTC offset"):
        parse_injury_time("2026-03-29T02:30", NOW)
    # just outside the gap, and with an offset, it is a time
    assert parse_injury_time("2026-03-29T01:59", NOW).utcoffset() == timedelta(hours=1)
    assert parse_injury_time("2026-03-29T03:00", NOW).utcoffset() == timedelta(hours=2)
    assert parse_injury_time("2026-03-29T02:30+01:00", NOW) == \
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_a_local_time_shown_twice_is_refused_naming_both_readings(berlin):
    with pytest.raises(AmbiguousTime, match="\\+02:00 for the first or \\+01:00 for the second"
                       ) as caught:
        parse_injury_time("2026-10-25T02:30", NOW)
    first, second = caught.value.choices
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert second - first == timedelta(hours=1)
    assert parse_injury_time("2026-10-25T02:30+01:00", NOW) == second
    assert parse_injury_time("2026-10-25T03:00", NOW).utcoffset() == timedelta(hours=1)


def test_local_time_of_an_ordinary_day(berlin):
    assert local_time(datetime(2026, 7, 1, 6, 30)) == \
        datetime(2026, 7, 1, 4, 30, tzinfo=UTC)
    assert local_time(datetime(2026, 12, 1, 6, 30)).utcoffset() == timedelta(hours=1)
