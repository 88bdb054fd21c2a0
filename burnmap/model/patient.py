"""The patient: identity, age, weight, time of injury, fluid given; and the rules every path that
accepts them applies (command line, window, case file, report).

Age has one source: the date of birth when it is known, else the age as entered; an age that
contradicts the date of birth is refused. Dates before 1900 or after now, numbers that are not
finite or out of range, and identifiers too long to print are refused with a message that says
which value and why. A patient's identity (name, record number, date of birth) is never changed
silently: `identity_changes` lists what differs so that callers can refuse or confirm.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from burnmap.text.messages import Message

EARLIEST_DATE = date(1900, 1, 1)
NAME_MAX = 128          # characters; long enough for any real name, short enough to print
RECORD_MAX = 64         # DICOM LO, the longest record number an archive accepts
AGE_MAX = 130
WEIGHT_MAX_KG = 500
FLUID_MAX_ML = 50_000
# Characters that must never reach a printed or exported identifier: C0/C1 controls and the
# bidirectional embedding, override and isolate controls (they can make a name display as
# another one). Zero-width joiners stay: some scripts need them.
_HIDDEN = re.compile("[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f"
                     "\u061c\ufeff]")


class PatientError(ValueError):
    """A patient value that cannot be used; the message names it and says why."""


@dataclass
class Patient:
    name: str = ""
    record_number: str = ""
    date_of_birth: date | None = None
    age_years: float | None = None
    sex: str = ""
    weight_kg: float | None = None
    injury_time: datetime | None = None
    fluid_given_ml: float | None = None   # None: not entered, never shown or stored as 0
    electrical_injury: bool = False   # selects the consensus 4 mL/kg/% (ABLS); a referral criterion

    def set_age(self, date_of_birth: date | None, age_years: float | None) -> None:
        """The age's one source: the date of birth when known (an entered age is then dropped,
        never kept beside it to disagree later), else the age as entered."""
        self.date_of_birth = date_of_birth
        self.age_years = None if date_of_birth is not None else age_years

    def age(self, today: date | None = None) -> float | None:
        """Age in years: from the date of birth when known, else as entered."""
        if self.date_of_birth is not None:
            today = today or date.today()
            return (today - self.date_of_birth).days / 365.25
        return self.age_years

    def hours_since_injury(self, now: datetime | None = None) -> float | None:
        if self.injury_time is None:
            return None
        now = now or datetime.now(UTC)
        return max(0.0, (now - aware(self.injury_time)).total_seconds() / 3600)


def aware(moment: datetime) -> datetime:
    """A time without a zone is the workstation's local time."""
    return moment if moment.tzinfo else moment.astimezone()


def finite(value: float | None, what: str, low: float, high: float,
           low_inclusive: bool = True) -> None:
    """Refuse NaN, infinity and values outside [low, high] (or (low, high])."""
    if value is None:
        return
    if not math.isfinite(value):
        raise PatientError(Message("{0} must be a number, not {1}", what, value))
    if value > high or value < low or (value == low and not low_inclusive):
        lowest = Message("at least {0:g}", low) if low_inclusive else \
            Message("more than {0:g}", low)
        raise PatientError(Message("{0} must be {1} and at most {2:g} (it is {3:g})", what, lowest,
                                   high, value))


def parse_date_of_birth(text: str, now: datetime | None = None) -> date:
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise PatientError(f"date of birth {text!r} is not a date (YYYY-MM-DD)") from None
    _check_birth(value, now)
    return value


def parse_injury_time(text: str, now: datetime | None = None) -> datetime:
    """An ISO 8601 date and time of day; without a UTC offset it is the workstation's local
    time, refused where the clocks skipped it or showed it twice (daylight saving)."""
    text = text.strip()
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise PatientError(f"time of injury {text!r} is not an ISO 8601 date and time, e.g. "
                           f"2026-11-23T06:30+01:00") from None
    if _date_only(text):   # fromisoformat reads a date alone as midnight
        raise PatientError(Message("time of injury {0} has no time of day: a date alone is not a "
                                   "time of injury; give the time too, e.g. {1}",
                                   text, f"{value.date().isoformat()}T06:30"))
    _check_injury(value, now)
    return value if value.tzinfo else local_time(value)


def _date_only(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


class AmbiguousTime(PatientError):
    """A local time the clocks showed twice (daylight saving ended); `choices` holds both
    readings, earlier first, so that a caller can ask which was meant."""

    def __init__(self, message, choices: tuple[datetime, datetime]):
        super().__init__(message)
        self.choices = choices


def local_time(wall: datetime) -> datetime:
    """A wall-clock time of this workstation as an aware time. A time the clocks skipped is
    refused; a time they showed twice raises AmbiguousTime (never resolved silently)."""
    wall = wall.replace(tzinfo=None, fold=0)
    first, second = wall.astimezone(), wall.replace(fold=1).astimezone()
    if first.utcoffset() == second.utcoffset():
        return first
    shown = wall.isoformat(sep=" ", timespec="minutes")
    if first.replace(tzinfo=None) != wall:
        raise PatientError(Message("time of injury {0} did not exist in local time (the clocks "
                                   "went forward): give it with its UTC offset", shown))
    raise AmbiguousTime(Message("time of injury {0} happened twice in local time (the clocks "
                                "went back): give it with its UTC offset, {1} for the first or "
                                "{2} for the second", shown, _offset(first), _offset(second)),
                        (first, second))


def _offset(moment: datetime) -> str:
    text = moment.strftime("%z")
    return f"{text[:3]}:{text[3:]}"


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _check_birth(value: date, now: datetime | None) -> None:
    today = _now(now).astimezone().date()
    if value < EARLIEST_DATE:
        raise PatientError(Message("date of birth {0} is before 1900", value.isoformat()))
    if value > today:
        raise PatientError(Message("date of birth {0} is in the future", value.isoformat()))


def _check_injury(value: datetime, now: datetime | None) -> None:
    # Checked before any time-zone arithmetic: year 1 cannot be converted to local time.
    if value.date() < EARLIEST_DATE:
        raise PatientError(Message("time of injury {0} is before 1900", value.isoformat()))
    if aware(value) > _now(now):
        raise PatientError(Message("time of injury {0} is in the future", value.isoformat()))


def check_patient(p: Patient, now: datetime | None = None) -> None:
    """Refuse a patient whose values are impossible or contradict each other."""
    if len(p.name) > NAME_MAX:
        raise PatientError(Message("the patient's name is {0:,} characters long; the limit is "
                                   "{1}", len(p.name), NAME_MAX))
    if len(p.record_number) > RECORD_MAX:
        raise PatientError(Message("the record number is {0:,} characters long; the limit is "
                                   "{1}", len(p.record_number), RECORD_MAX))
    finite(p.age_years, Message("age (years)"), 0, AGE_MAX)
    finite(p.weight_kg, Message("weight (kg)"), 0, WEIGHT_MAX_KG, low_inclusive=False)
    finite(p.fluid_given_ml, Message("fluid given (mL)"), 0, FLUID_MAX_ML)
    if p.date_of_birth is not None:
        _check_birth(p.date_of_birth, now)
        _check_age_agrees(p, now)
    if p.injury_time is not None:
        _check_injury(p.injury_time, now)
        _check_injury_after_birth(p, now)


def _check_injury_after_birth(p: Patient, now: datetime | None) -> None:
    """The same rule whichever way the age is known: from the date of birth, or from an age
    in years (born at most age + 1 years ago, as ages are given in whole years)."""
    injured = aware(p.injury_time).date()
    if p.date_of_birth is not None:
        if injured < p.date_of_birth:
            raise PatientError(Message("the time of injury is before the date of birth"))
    elif p.age_years is not None and math.isfinite(p.age_years):
        today = _now(now).astimezone().date()
        earliest = today - timedelta(days=math.ceil((math.floor(p.age_years) + 1) * 365.25))
        if injured < earliest:
            raise PatientError(Message("the time of injury {0} is before the birth of a patient "
                                       "aged {1:g} years", p.injury_time.isoformat(),
                                       p.age_years))


def _check_age_agrees(p: Patient, now: datetime | None) -> None:
    if p.age_years is None:
        return
    from_birth = p.age(_now(now).astimezone().date())
    if abs(from_birth - p.age_years) >= 1:
        raise PatientError(Message("age {0:g} years contradicts the date of birth {1} (age "
                                   "{2:.1f}); give one of them, or both in agreement",
                                   p.age_years, p.date_of_birth.isoformat(), from_birth))


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def identity_changes(stored: Patient, new: Patient) -> list[str]:
    """What `new` changes in `stored`'s identity: a field that was filled in and now differs.
    Filling in an empty field is not a change of patient."""
    changes = []
    for label, old, value in (("name", stored.name, new.name),
                              ("record number", stored.record_number, new.record_number),
                              ("date of birth", stored.date_of_birth, new.date_of_birth)):
        old_text = _normal(old) if isinstance(old, str) else (old.isoformat() if old else "")
        new_text = _normal(value) if isinstance(value, str) else (
            value.isoformat() if value else "")
        if old_text and old_text != new_text:
            changes.append(_change(label, old_text, new_text))
    return changes


def _change(label: str, old: str, new: str) -> Message:
    if label == "name":
        return Message("name {0!r} -> {1!r}", old, new)
    if label == "record number":
        return Message("record number {0!r} -> {1!r}", old, new)
    return Message("date of birth {0!r} -> {1!r}", old, new)


def describe_identity(p: Patient) -> str:
    """e.g. 'Zhang Wei (record number 123, born 1980-02-01)', for messages naming a patient."""
    name = printable(p.name) or Message("no name")
    record, born = printable(p.record_number), p.date_of_birth
    if record and born:
        return Message("{0} (record number {1}, born {2})", name, record, born.isoformat())
    if record:
        return Message("{0} (record number {1})", name, record)
    if born:
        return Message("{0} (born {1})", name, born.isoformat())
    return name


def printable(text: str) -> str:
    """An identifier as it may be printed or exported: hidden control characters removed,
    line breaks and tabs as spaces. The case keeps what the user typed."""
    text = text.replace("\u2028", " ").replace("\u2029", " ")
    text = re.sub(r"[\t\n\r\v\f]", " ", text)
    return _HIDDEN.sub("", text).strip()


@dataclass
class PatientValues:
    """Patient details as a command gives them (text for dates, numbers for the rest); None
    keeps the stored value. `assess` fills it from its options, a `batch` row from its columns."""
    name: str | None = None
    record_number: str | None = None
    dob: str | None = None
    age: float | None = None
    weight: float | None = None
    injury_time: str | None = None
    fluid_given: float | None = None
    electrical: bool | None = None


def patient_with(stored: Patient, given: PatientValues, now: datetime) -> Patient:
    """The stored patient with the given values, checked; the age has one source and must be
    known, since the Lund-Browder shares depend on it."""
    p = Patient(**vars(stored))
    if given.name is not None:
        p.name = given.name
    if given.record_number is not None:
        p.record_number = given.record_number
    if given.dob is not None:
        p.date_of_birth = parse_date_of_birth(given.dob, now)
        p.age_years = None   # a stored age gives way to the birth date; a given age is checked
    if given.age is not None:
        p.age_years = given.age
    for field_name, value in (("weight_kg", given.weight), ("fluid_given_ml", given.fluid_given)):
        if value is not None:
            setattr(p, field_name, value)
    if given.injury_time is not None:
        p.injury_time = parse_injury_time(given.injury_time, now)
    if given.electrical is not None:
        p.electrical_injury = given.electrical
    check_patient(p, now)
    if p.age(now.date()) is None:
        raise PatientError("give the patient's age or date of birth: the Lund-Browder shares "
                           "depend on it")
    p.set_age(p.date_of_birth, p.age_years)   # an agreeing age was accepted, then dropped
    return p
