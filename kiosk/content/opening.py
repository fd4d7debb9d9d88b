"""Opening hours: when the venue is open, and so when the screen is awake (no Kivy).

A curator writes them in the exhibition::

    opening:
      mon-fri: "09:00-18:00"
      sat: "10:00-13:00, 14:00-17:00"
      sun: closed
      closed: [2027-01-01, {from: 2027-03-20, until: 2027-03-22}]
      open: {2027-02-26: "09:00-22:00"}      # a date open late (or open on a closed day)
      wake: touch                            # a touch while closed wakes the screen; or never

Days not named are closed. A later key overrides an earlier one for the days it names
(``mon-sun`` then ``sun: closed``). ``closed`` dates win over everything. Hours may cross
midnight (``"18:00-02:00"``). Without ``opening`` the venue never closes. Every answer is
taken against a ``now`` the caller passes in (the venue's local wall-clock time).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .dates import Day, parse_day, wall

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY = "|".join(DAYS)
DAY_KEY_PATTERN = rf"^(daily|({_DAY})(-({_DAY}))?)$"
_WINDOW = r"\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2}"
HOURS_PATTERN = rf"^(closed|{_WINDOW}(\s*,\s*{_WINDOW})*)$"
HORIZON_DAYS = 400
"""How far ahead the next opening is looked for (a venue closed for a season still opens)."""

Window = tuple[dt.time, dt.time]


def _times(text: str, where: str) -> tuple[Window, ...]:
    """``"09:00-13:00, 14:00-18:00"`` as windows; ``closed`` as none."""
    text = text.strip()
    if not re.match(HOURS_PATTERN, text):
        raise PydanticCustomError("opening", "{where}: expected hours like \"09:00-18:00\" (or several, "
                                  "\"10:00-13:00, 14:00-17:00\") or closed, found '{found}'",
                                  {"where": where, "found": text})
    if text == "closed":
        return ()
    windows = []
    for part in text.split(","):
        begin, end = (piece.strip() for piece in part.split("-"))
        times = []
        for clock in (begin, end):
            h, m = (int(x) for x in clock.split(":"))
            if h > 24 or m > 59 or (h == 24 and m):
                raise PydanticCustomError("opening", "{where}: '{time}' is not a time of day",
                                          {"where": where, "time": clock})
            times.append(dt.time.max if h == 24 else dt.time(h, m))
        if times[0] == times[1]:
            raise PydanticCustomError("opening", "{where}: '{part}' opens and closes at the same time",
                                      {"where": where, "part": part.strip()})
        windows.append((times[0], times[1]))
    return tuple(windows)


def _days(key: str) -> tuple[int, ...]:
    if key == "daily":
        return tuple(range(7))
    first, _, last = key.partition("-")
    a, b = DAYS.index(first), DAYS.index(last or first)
    return tuple(range(a, b + 1)) if a <= b else tuple([*range(a, 7), *range(0, b + 1)])


class ClosedSpan(BaseModel):
    """Days the venue is closed, e.g. {from: 2027-03-20, until: 2027-03-22}."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, use_attribute_docstrings=True)
    start: Day = Field(alias="from")
    """The first day closed, e.g. 2027-03-20."""
    until: Day
    """The last day closed (it counts whole), e.g. 2027-03-22."""


class Opening(BaseModel):
    """When the venue is open: the screen sleeps outside these hours and wakes at opening."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, use_attribute_docstrings=True,
                              json_schema_extra=lambda schema, _cls: _schema(schema))

    week: tuple[tuple[Window, ...], ...] = ((),) * 7
    """Each weekday's opening windows, Monday first (filled from the day keys)."""
    closed: list[Day | ClosedSpan] = Field(default_factory=list)
    """Dates the venue is closed, e.g. [2027-01-01, {from: 2027-03-20, until: 2027-03-22}]."""
    open: dict[str, str] = Field(default_factory=dict)
    """Dates with other hours than their weekday, e.g. {2027-02-26: "09:00-22:00"} (open late)."""
    wake: Literal["touch", "never"] = "touch"
    """What a touch does while the venue is closed: touch wakes the screen for that visitor
    (the attract loop, then back to sleep), never keeps it dark."""

    @model_validator(mode="before")
    @classmethod
    def _day_keys(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        week: list[tuple[Window, ...]] = [()] * 7
        rest: dict[str, Any] = {}
        for key, value in data.items():
            if isinstance(key, str) and re.match(DAY_KEY_PATTERN, key):
                if not isinstance(value, str):
                    raise PydanticCustomError("opening", "{key}: expected hours like \"09:00-18:00\" or closed, "
                                              "found {found}", {"key": key, "found": type(value).__name__})
                windows = _times(value, key)
                for day in _days(key):
                    week[day] = windows
            elif key in ("closed", "open", "wake"):
                rest[key] = value
            else:
                raise PydanticCustomError("opening", "unknown key '{key}' in opening: expected a day (mon, tue, "
                                          "wed, thu, fri, sat, sun), a range of days (mon-fri), daily, closed, "
                                          "open or wake", {"key": key})
        rest["week"] = tuple(week)
        return rest

    @model_validator(mode="after")
    def _check_dates(self) -> "Opening":
        for day, hours in self.open.items():
            parse_day(day)
            _times(hours, f"open: {day}")
        return self

    # -- the answers --------------------------------------------------------------------------
    def _closed_on(self, day: dt.date) -> bool:
        for entry in self.closed:
            if isinstance(entry, ClosedSpan):
                if entry.start <= day <= entry.until:
                    return True
            elif entry == day:
                return True
        return False

    def windows_of(self, day: dt.date) -> tuple[Window, ...]:
        """The opening windows that begin on ``day``."""
        if self._closed_on(day):
            return ()
        special = self.open.get(day.isoformat())
        if special is not None:
            return _times(special, f"open: {day}")
        return self.week[day.weekday()]

    def spans(self, day: dt.date) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        """``day``'s windows as moments; one that crosses midnight ends on the next day."""
        for begin, end in self.windows_of(day):
            start = dt.datetime.combine(day, begin)
            stop = dt.datetime.combine(day if end > begin else day + dt.timedelta(days=1), end)
            if end == dt.time.max:
                stop = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
            yield start, stop

    def is_open(self, now: dt.datetime) -> bool:
        now = wall(now)
        return any(start <= now < stop for day in (now.date() - dt.timedelta(days=1), now.date())
                   for start, stop in self.spans(day))

    def next_change(self, now: dt.datetime) -> dt.datetime | None:
        """The next moment the venue opens (if closed now) or closes (if open now); None when
        that never happens within ``HORIZON_DAYS``."""
        now = wall(now)
        state = self.is_open(now)
        first = now.date() - dt.timedelta(days=1)
        moments = sorted({m for n in range(HORIZON_DAYS + 2) for span in self.spans(first + dt.timedelta(days=n))
                          for m in span if m > now})
        return next((m for m in moments if self.is_open(m) != state), None)


def _schema(schema: dict[str, Any]) -> None:
    """Editors see the day keys as curators write them, not the ``week`` they are read into."""
    schema.get("properties", {}).pop("week", None)
    schema["patternProperties"] = {DAY_KEY_PATTERN: {"type": "string", "pattern": HOURS_PATTERN,
                                                     "examples": ["09:00-18:00", "closed"]}}
    opened = schema.get("properties", {}).get("open")
    if opened is not None:
        opened["propertyNames"] = {"pattern": r"^\d{4}-\d{2}-\d{2}$"}
        opened["additionalProperties"] = {"type": "string", "pattern": HOURS_PATTERN}


def describe_change(opening: Opening, now: dt.datetime) -> str:
    """"open until 18:00", "closed until 09:00", "closed until Mon 2027-03-23 09:00", in a
    technician's words (the status, the maintenance screen, the log)."""
    state = "open" if opening.is_open(now) else "closed"
    change = opening.next_change(now)
    if change is None:
        return state
    local = wall(now)
    if change.date() == local.date():
        return f"{state} until {change:%H:%M}"
    if change.date() == local.date() + dt.timedelta(days=1):
        return f"{state} until tomorrow {change:%H:%M}"
    return f"{state} until {DAYS[change.weekday()].capitalize()} {change:%Y-%m-%d %H:%M}"
