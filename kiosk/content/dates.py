"""Days and moments as curators write them: ``2027-02-26`` and ``2027-02-26 17:00``.

One pattern for each, used by the loader and written into the JSON Schema, so the
editor and ``kiosk validate`` accept the same text. Numbers are refused: pydantic would
read ``on: 20270226`` as seconds since 1970 and put the day in August 1970. Time zones
are refused too: the kiosk plans in the venue's local time.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from .text import describe

DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
MOMENT_PATTERN = r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2})?$"

_DAY_WORDS = "a date like 2027-02-26"
_MOMENT_WORDS = "a moment like 2027-02-26 17:00 (the venue's local time)"


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _moment(value: str) -> dt.datetime | None:
    day, _, clock = value.replace("T", " ").partition(" ")
    parts = clock.split(":")
    date = _day(day)
    try:
        h, m, s = (int(p) for p in parts + ["0"] * (3 - len(parts)))
        return dt.datetime.combine(date, dt.time(h, m, s)) if date else None
    except ValueError:
        return None


def wall(now: dt.datetime) -> dt.datetime:
    """``now`` as the venue's local time without a zone, the way the exhibition writes times
    (an aware ``now`` is read as the local time it is, a naive one as written)."""
    return now.astimezone().replace(tzinfo=None) if now.tzinfo is not None else now


def _fail(expected: str, value: Any) -> PydanticCustomError:
    return PydanticCustomError("when", "expected {expected}, found {found}",
                               {"expected": expected, "found": describe(value)})


def parse_day(value: Any) -> dt.date:
    """A day from ``2027-02-26``; raises pydantic's error in a curator's words."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.match(DAY_PATTERN, value.strip()):
        day = _day(value.strip())
        if day:
            return day
    raise _fail(_DAY_WORDS, value)


def parse_moment(value: Any) -> dt.datetime:
    """A moment from ``2027-02-26 17:00`` or ``2027-02-26T17:00:00``."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.match(MOMENT_PATTERN, value.strip()):
        moment = _moment(value.strip())
        if moment:
            return moment
    raise _fail(_MOMENT_WORDS, value)


def parse_day_or_moment(value: Any) -> dt.date | dt.datetime:
    """A whole day (``2027-02-26``) or a moment (``2027-02-26 18:00``)."""
    if isinstance(value, dt.date):
        return value
    text = value.strip() if isinstance(value, str) else ""
    if re.match(DAY_PATTERN, text):
        return parse_day(text)
    if re.match(MOMENT_PATTERN, text):
        return parse_moment(text)
    raise _fail(f"{_DAY_WORDS} or {_MOMENT_WORDS}", value)


Day = Annotated[
    dt.date,
    PlainValidator(parse_day),
    WithJsonSchema({"type": "string", "pattern": DAY_PATTERN, "format": "date",
                    "examples": ["2027-02-26"],
                    "errorMessage": "Write a date as year-month-day, e.g. 2027-02-26."}),
]
"""A day, written ``2027-02-26``."""

Moment = Annotated[
    dt.datetime,
    PlainValidator(parse_moment),
    WithJsonSchema({"type": "string", "pattern": MOMENT_PATTERN,
                    "examples": ["2027-02-26 17:00"],
                    "errorMessage": "Write a moment as year-month-day hour:minute in the venue's local time, "
                                    "e.g. 2027-02-26 17:00."}),
]
"""A moment in the venue's local time, written ``2027-02-26 17:00``."""

DayOrMoment = Annotated[
    dt.date | dt.datetime,
    PlainValidator(parse_day_or_moment),
    WithJsonSchema({"type": "string", "pattern": f"{DAY_PATTERN}|{MOMENT_PATTERN}",
                    "examples": ["2027-02-26", "2027-02-26 18:00"],
                    "errorMessage": "Write a day (2027-02-26) or a moment (2027-02-26 18:00)."}),
]
"""A whole day or a moment: ``2027-02-26`` or ``2027-02-26 18:00``."""
