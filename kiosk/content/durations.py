"""Durations as curators write them: ``90s``, ``1m30s``, ``1h``, ``00:01:10``, ``1:10``, ``90``."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

# One pattern, written in the subset shared by Python and ECMA-262 (the JSON Schema's
# regular expressions): the loader and the curator's editor accept the same text.
# Spaces are allowed between a number and its unit and between parts: "90 s", "1m 30s".
_NUMBER = r"\d+(?:\.\d+)?"
_UNITS_PATTERN = rf"(?:({_NUMBER}) ?h)? ?(?:({_NUMBER}) ?m)? ?(?:({_NUMBER}) ?s)?"
_CLOCK_PATTERN = r"(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)"
DURATION_PATTERN = rf"^(?=.*\d) *(?:{_UNITS_PATTERN}|{_CLOCK_PATTERN}) *$"
_DURATION = re.compile(DURATION_PATTERN)

DURATION_WORDS = "a duration like 90s, 1m30s or 00:01:10"


def parse_duration(value: object) -> float:
    """Seconds from a curator's duration; raises ``ValueError`` with a readable message."""
    if isinstance(value, bool):
        raise ValueError(f"expected {DURATION_WORDS}, found {value!r}")
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError(f"a duration cannot be negative, found {value}")
        return float(value)
    if not isinstance(value, str):
        raise ValueError(f"expected {DURATION_WORDS}, found {type(value).__name__}")
    match = _DURATION.match(value)
    if match is None:
        raise ValueError(f"expected {DURATION_WORDS}, found {value!r}")
    uh, um, us, ch, cm, cs = match.groups()
    if cm is not None:
        h, m, s = float(ch or 0), float(cm), float(cs)
        if m >= 60 or s >= 60:
            raise ValueError(f"minutes and seconds must be under 60 in {value!r}")
        return h * 3600 + m * 60 + s
    if uh is None and um is None and us is None:
        raise ValueError(f"expected {DURATION_WORDS}, found {value!r}")
    return float(uh or 0) * 3600 + float(um or 0) * 60 + float(us or 0)


def format_clock(seconds: float) -> str:
    """``70`` -> ``01:10``; ``3670`` -> ``1:01:10``: how a visitor reads a clip's time."""
    whole = int(seconds + 0.5)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def _validate(value: object) -> float:
    try:
        return parse_duration(value)
    except ValueError as exc:
        raise PydanticCustomError("duration", str(exc)) from None


Duration = Annotated[
    float,
    BeforeValidator(_validate),
    WithJsonSchema(
        {
            # one node, not anyOf: an editor then names the mistake instead of "expected a number"
            "type": ["number", "string"],
            "minimum": 0,
            "pattern": DURATION_PATTERN,
            "examples": ["90s", "1m30s", "00:01:10", 90],
            "errorMessage": "Write a duration like 90s, 1m30s, 1h or 00:01:10 (a bare number is seconds).",
        }
    ),
]
"""A length of time in seconds, written by the curator as ``90s``, ``1m30s`` or ``00:01:10``."""
