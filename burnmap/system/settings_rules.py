"""The rules a settings value must pass, one small object per kind of value.

A rule's `check(value)` returns the value to use (a choice in its canonical spelling) or raises
BadValue with the reason, which the loader turns into "<field> <value> <reason>; using <default>".
JSON gives str, int, float, bool, None, list and dict: every rule says what it does with each.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

MAX_TEXT = 4096


class BadValue(ValueError):
    """The value does not pass the rule; the message is the reason, e.g. 'is not a number'."""


class Rule:
    def check(self, value):
        raise NotImplementedError


@dataclass(frozen=True)
class Choice(Rule):
    """One of a few words; matched ignoring case, returned as spelled here."""
    choices: tuple[str, ...]

    def __init__(self, *choices: str):
        object.__setattr__(self, "choices", choices)

    def check(self, value):
        if not isinstance(value, str):
            raise BadValue(f"is not one of {', '.join(self.choices)}")
        for choice in self.choices:
            if value.strip().casefold() == choice.casefold():
                return choice
        raise BadValue(f"is not one of {', '.join(self.choices)}")


@dataclass(frozen=True)
class Text(Rule):
    """Text of at most `limit` characters without control characters; `optional`: null too."""
    optional: bool = False
    limit: int = MAX_TEXT

    def check(self, value):
        if value is None and self.optional:
            return None
        if not isinstance(value, str):
            raise BadValue("is not text")
        if not value.strip():
            raise BadValue("is empty")
        if len(value) > self.limit:
            raise BadValue(f"is longer than {self.limit} characters")
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            raise BadValue("holds control characters")
        return value


@dataclass(frozen=True)
class WholeNumber(Rule):
    """An integer from `low` to `high` (true/false are not numbers); `optional`: null too."""
    low: int
    high: int
    optional: bool = False

    def check(self, value):
        if value is None and self.optional:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise BadValue("is not a whole number")
        if not self.low <= value <= self.high:
            raise BadValue(f"is not between {self.low} and {self.high}")
        return value


@dataclass(frozen=True)
class Number(Rule):
    """A finite number from `low` to `high`; `optional`: null too."""
    low: float
    high: float
    optional: bool = False

    def check(self, value):
        if value is None and self.optional:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise BadValue("is not a number")
        if not math.isfinite(value) or not self.low <= value <= self.high:
            raise BadValue(f"is not between {self.low:g} and {self.high:g}")
        return float(value)


@dataclass(frozen=True)
class Flag(Rule):
    """true or false."""

    def check(self, value):
        if not isinstance(value, bool):
            raise BadValue("is not true or false")
        return value


folder_text = Text(optional=True)   # a folder path as typed (whether it exists is checked on use)
