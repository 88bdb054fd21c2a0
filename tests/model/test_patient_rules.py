"""The patient rules hold whichever way a value is given: an injury before the patient's birth is
refused when the age comes from the date of birth and when it is given in years (issue 22: 1900
with --age 40 was accepted, with --dob refused)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from burnmap.model.patient import Patient, PatientError, check_patient

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _injury(years_ago: float) -> datetime:
    return NOW - timedelta(days=years_ago * 365.25)


@pytest.mark.parametrize("given", ["dob", "age"])
@pytest.mark.parametrize(("years_ago", "refused"), [(0.1, False), (39.5, False), (42, True),
                                               (126.4, True)])
def test_an_injury_before_birth_is_refused_however_the_age_is_given(given, years_ago, refused):
    born = (NOW - timedelta(days=40.2 * 365.25)).date()
    patient = Patient(date_of_birth=born) if given == "dob" else Patient(age_years=40)
    patient.injury_time = _injury(years_ago)
    if refused:
        with pytest.raises(PatientError, match="before the"):
            check_patient(patient, NOW)
    else:
        check_patient(patient, NOW)


def test_an_age_in_whole_years_allows_the_year_after_the_birthday():
    """40 means 40.0 to 41 years: an injury 40.9 years ago may be after the birth."""
    check_patient(Patient(age_years=40, injury_time=_injury(40.9)), NOW)
    with pytest.raises(PatientError):
        check_patient(Patient(age_years=40, injury_time=_injury(41.1)), NOW)


def test_a_baby_injured_before_birth_is_refused():
    with pytest.raises(PatientError, match=r"aged 0\.5 years"):
        check_patient(Patient(age_years=0.5, injury_time=_injury(1.5)), NOW)
    check_patient(Patient(age_years=0.5, injury_time=_injury(0.2)), NOW)
