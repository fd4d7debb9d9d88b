"""``kiosk schedule``: what the attract loop plays when, day by day, for a curator to check.

The report asks the kiosk's own decision functions (``active_entry`` and
``active_playlist``) at every moment where the answer can change -- midnight, each
entry's first and last moments, each daily window's opening and closing -- and joins
neighbouring moments with the same answer. There is no second implementation of the
schedule here to drift from the first.

Times are naive local wall-clock times, as the kiosk reads them. On the day the clocks
go forward the hour 02:00-03:00 does not happen: a window inside it never plays and a
window across it is an hour shorter in real time, though the report prints it as
written. On the day they go back, 02:00-03:00 happens twice and a window inside it plays
through both. The report, like the kiosk, goes by the clock on the wall.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from .models import Exhibition, ScheduleEntry
from .schedule import active_entry, active_playlist

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Slot:
    """One stretch of a day with the same playlist, for the same reason."""

    day: dt.date
    start: dt.time
    end: dt.time | None
    """None for midnight at the end of the day (printed 24:00)."""
    playlist: str | None
    entry: ScheduleEntry | None
    index: int | None
    """The entry's place in the schedule, from 0 (included files' entries come after the main file's)."""

    def __str__(self) -> str:
        end = "24:00" if self.end is None else f"{self.end:%H:%M}"
        return f"{self.day.isoformat()}  {self.start:%H:%M}-{end}  {self.what()}"

    def what(self) -> str:
        if self.entry is not None and self.index is not None:
            return f"{self.playlist} (schedule entry {self.index + 1}, {describe(self.entry)})"
        if self.playlist is not None:
            return f"{self.playlist} (attract playlist)"
        return "no playlist (no attract playlist is set: the home screen stays)"


def describe(entry: ScheduleEntry) -> str:
    """An entry in the curator's words: "on 2027-02-26", "from ... until ..., hours 18:00-22:00, priority 1"."""
    parts = []
    if entry.on is not None:
        parts.append(f"on {entry.on.isoformat()}")
    window = []
    if entry.start is not None:
        window.append(f"from {_moment(entry.start)}")
    if entry.until is not None:
        window.append(f"until {_moment(entry.until)}")
    if window:
        parts.append(" ".join(window))
    if entry.hours:
        parts.append(f"hours {entry.hours}")
    if entry.priority:
        parts.append(f"priority {entry.priority}")
    return ", ".join(parts)


def _moment(value: dt.date | dt.datetime) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, dt.datetime) else value.isoformat()


def _boundaries(entry: ScheduleEntry, day: dt.date) -> Iterator[dt.datetime]:
    """Moments on or near ``day`` where ``entry`` may start or stop applying.

    More moments than needed do no harm (equal neighbours are joined); fewer would.
    """
    for value in (entry.on, entry.start, entry.until):
        if isinstance(value, dt.datetime):
            yield value
        elif isinstance(value, dt.date):
            yield dt.datetime.combine(value, dt.time.min)
            yield dt.datetime.combine(value + DAY, dt.time.min)  # a date as until counts whole
    hours = entry.daily_hours
    if hours is not None:
        for time in hours:
            yield dt.datetime.combine(day, time)


def day_slots(exhibition: Exhibition, day: dt.date) -> list[Slot]:
    """What plays on ``day``, from 00:00 to 24:00."""
    start = dt.datetime.combine(day, dt.time.min)
    end = start + DAY  # wall-clock midnight, also on a 23- or 25-hour day
    moments = {start}
    for entry in exhibition.schedule:
        moments.update(m for m in _boundaries(entry, day) if start < m < end)
    slots: list[Slot] = []
    for moment in sorted(moments):
        entry = active_entry(exhibition, moment)
        playlist = active_playlist(exhibition, moment)
        index = _index(exhibition, entry)
        if slots and slots[-1].playlist == playlist and slots[-1].index == index:
            continue  # the same answer as the moment before: the slot goes on
        if slots:
            slots[-1] = _ending(slots[-1], moment.time())
        slots.append(Slot(day, moment.time(), None, playlist, entry, index))
    return slots


def _ending(slot: Slot, end: dt.time) -> Slot:
    return Slot(slot.day, slot.start, end, slot.playlist, slot.entry, slot.index)


def _index(exhibition: Exhibition, entry: ScheduleEntry | None) -> int | None:
    if entry is None:
        return None
    for i, candidate in enumerate(exhibition.schedule):
        if candidate is entry:
            return i
    return None


def schedule_report(exhibition: Exhibition, first: dt.date, days: int) -> list[Slot]:
    """Every slot from ``first`` for ``days`` days."""
    return [slot for n in range(days) for slot in day_slots(exhibition, first + n * DAY)]


def still_times(exhibition: Exhibition, day: dt.date) -> list[str]:
    """Quiet hours and minutes of silence that touch ``day``, as report lines."""
    from .schedule import is_active

    lines = []
    start = dt.datetime.combine(day, dt.time.min)
    for quiet in exhibition.quiet:
        moments = [start, *(m for m in _boundaries(quiet, day) if start <= m < start + DAY)]
        if any(is_active(quiet, m) for m in moments):
            when = quiet.hours or "00:00-24:00"
            look = "a still image" if quiet.image else f"dimmed to {quiet.brightness:.0%}"
            lines.append(f"{day.isoformat()}  {when}  quiet hours ({look}; a touch still opens the kiosk)")
    for silence in exhibition.silence:
        if silence.at.date() == day:
            end = silence.at + dt.timedelta(seconds=silence.duration)
            lines.append(f"{day.isoformat()}  {silence.at:%H:%M:%S}-{end:%H:%M:%S}  minute of silence "
                         "(a still screen; touches wait)")
    return lines


def opening_lines(exhibition: Exhibition, day: dt.date) -> list[str]:
    """The venue's opening hours on ``day``: when the screen is awake and when it sleeps."""
    opening = exhibition.opening
    if opening is None:
        return []
    spans = list(opening.spans(day))
    if not spans:
        return [f"{day.isoformat()}  closed all day (the screen sleeps{_woken(opening)})"]
    lines = []
    for start, stop in spans:
        end = "24:00" if stop == dt.datetime.combine(day + DAY, dt.time.min) else f"{stop:%H:%M}"
        if stop.date() > day and end != "24:00":
            end += " (next day)"
        lines.append(f"{day.isoformat()}  {start:%H:%M}-{end}  open (the screen is awake)")
    lines.append(f"{day.isoformat()}  outside these hours the venue is closed: the screen sleeps{_woken(opening)}")
    return lines


def _woken(opening) -> str:
    return "; a touch wakes it" if opening.wake == "touch" else "; a touch does not wake it"


def format_report(exhibition: Exhibition, first: dt.date, days: int) -> str:
    """The report as printed by ``kiosk schedule``."""
    last = first + (days - 1) * DAY
    lines = [f"What the attract loop plays, {first.isoformat()} to {last.isoformat()} "
             f"(the kiosk's local wall-clock time):"]
    slots = schedule_report(exhibition, first, days)
    for offset in range(days):
        day = first + offset * DAY
        lines += opening_lines(exhibition, day)
        lines += [str(slot) for slot in slots if slot.day == day]
        lines += still_times(exhibition, day)
    return "\n".join(lines) + "\n"
