"""Durations as curators write them: ``90s``, ``1m30s``, ``1h``, ``00:01:10``, ``1:10``, ``90``."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

_UNITS = re.compile(r"^(?:(?P<h>\d+(?:\.\d+)?)h)?(?:(?P<m>\d+(?:\.\d+)?)m)?(?:(?P<s>\d+(?:\.\d+)?)s)?$")
_CLOCK = re.compile(r"^(?:(?P<h>\d+):)?(?P<m>\d{1,2}):(?P<s>\d{1,2}(?:\.\d+)?)$")

DURATION_PATTERN = (
    r"^(\d+(\.\d+)?h)?(\d+(\.\d+)?m)?(\d+(\.\d+)?s)?$|^(\d+:)?\d{1,2}:\d{1,2}(\.\d+)?$"
)


def parse_duration(value: object) -> float:
    """Seconds from a curator's duration; raises ``ValueError`` with a readable message."""
    if isinstance(value, bool):
        raise ValueError(f"expected a duration like 90s, 1m30s or 00:01:10, found {value!r}")
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError(f"a duration cannot be negative, found {value}")
        return float(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a duration like 90s, 1m30s or 00:01:10, found {type(value).__name__}")
    text = value.strip().replace(" ", "")
    match = _CLOCK.match(text)
    if match:
        h, m, s = (float(match.group(g) or 0) for g in "hms")
        if m >= 60 or s >= 60:
            raise ValueError(f"minutes and seconds must be under 60 in {value!r}")
        return h * 3600 + m * 60 + s
    match = _UNITS.match(text)
    if text and match:
        h, m, s = (float(match.group(g) or 0) for g in "hms")
        return h * 3600 + m * 60 + s
    raise ValueError(f"expected a duration like 90s, 1m30s or 00:01:10, found {value!r}")


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
            "anyOf": [
                {"type": "number", "minimum": 0, "description": "Seconds."},
                {"type": "string", "pattern": DURATION_PATTERN,
                 "description": "A duration like 90s, 1m30s, 1h or 00:01:10."},
            ]
        }
    ),
]
"""A length of time in seconds, written by the curator as ``90s``, ``1m30s`` or ``00:01:10``."""
