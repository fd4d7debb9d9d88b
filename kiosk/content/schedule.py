"""What plays when: the schedule decided against one ``now`` that the caller passes in.

The exhibition plans in the venue's local time, written without a zone. The app's wall
clock is :func:`local_now` (aware local time); an aware ``now`` is read as the local
time it is, a naive one as written. A minute of silence is held once: see
:class:`SilenceKeeper`.
"""

from __future__ import annotations

import datetime as dt

from .dates import wall as _wall
from .models import Exhibition, QuietHours, ScheduleEntry, Silence, TimeWindow


def local_now() -> dt.datetime:
    """The wall clock the kiosk runs on: local time, aware of its zone."""
    return dt.datetime.now().astimezone()


def _day_window(entry: TimeWindow) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The entry's outer window; a date as ``until`` counts as the whole day."""
    if entry.on is not None:
        start = dt.datetime.combine(entry.on, dt.time.min)
        return start, start + dt.timedelta(days=1)
    start = entry.start
    if isinstance(start, dt.date) and not isinstance(start, dt.datetime):
        start = dt.datetime.combine(start, dt.time.min)
    until = entry.until
    if isinstance(until, dt.date) and not isinstance(until, dt.datetime):
        until = dt.datetime.combine(until, dt.time.min) + dt.timedelta(days=1)
    return start, until  # type: ignore[return-value]


def is_active(entry: TimeWindow, now: dt.datetime) -> bool:
    """True when ``entry`` applies at ``now`` (local time)."""
    now = _wall(now)
    start, until = _day_window(entry)
    hours = entry.daily_hours
    if hours is None:
        return (start is None or now >= start) and (until is None or now < until)
    begin, end = hours
    if begin <= end:
        day = now.date() if begin <= now.time() < end else None
    elif now.time() >= begin:
        day = now.date()  # evening part of a window that crosses midnight
    elif now.time() < end:
        day = now.date() - dt.timedelta(days=1)  # morning part: it belongs to yesterday's evening
    else:
        day = None
    if day is None:
        return False
    opened = dt.datetime.combine(day, begin)
    return (start is None or opened >= start) and (until is None or opened < until)


def active_entry(exhibition: Exhibition, now: dt.datetime) -> ScheduleEntry | None:
    """The schedule entry in force: highest priority first, then the later in the file."""
    best: tuple[int, int] | None = None
    chosen = None
    for index, entry in enumerate(exhibition.schedule):
        if entry.playlist in exhibition.playlists and is_active(entry, now):
            rank = (entry.priority, index)
            if best is None or rank > best:
                best, chosen = rank, entry
    return chosen


def active_playlist(exhibition: Exhibition, now: dt.datetime) -> str | None:
    """The playlist the attract loop shows at ``now``."""
    entry = active_entry(exhibition, now)
    if entry is not None:
        return entry.playlist
    settings = exhibition.attract_settings
    if settings is not None and settings.playlist in exhibition.playlists:
        return settings.playlist
    return None


def quiet_at(exhibition: Exhibition, now: dt.datetime) -> QuietHours | None:
    """The quiet hours in force at ``now`` (the last listed wins), or None."""
    return next((q for q in reversed(exhibition.quiet) if is_active(q, now)), None)


def silence_at(exhibition: Exhibition, now: dt.datetime) -> Silence | None:
    """The minute of silence under way at ``now``, or None."""
    now = _wall(now)
    return next((s for s in exhibition.silence if s.active(now)), None)


class SilenceKeeper:
    """Which minute of silence to hold now, each one once, whatever the wall clock does.

    A silence begins when the wall clock is inside it, for what remains of it (so one that
    a forward jump of less than its length lands in still shows, shorter). Once begun it
    runs on the monotonic clock: a backward jump does not stretch it, and it is over when
    that time is up or the wall clock passes its end. A silence held is remembered by its
    ``at`` for the life of the process, so a backward jump (NTP correcting a fast clock)
    never plays it again. (Not kept across a restart.)
    """

    def __init__(self) -> None:
        self.held: set[dt.datetime] = set()
        self.current: Silence | None = None
        self.ends = 0.0

    def under_way(self, exhibition: Exhibition, wall: dt.datetime, now: float) -> tuple[Silence, float] | None:
        """The silence to show at wall time ``wall`` and monotonic ``now``, with its seconds left."""
        wall = _wall(wall)
        if self.current is not None:
            left = self.ends - now
            past_end = wall >= self.current.at + dt.timedelta(seconds=self.current.duration)
            if left > 0 and not past_end:
                return self.current, left
            self.held.add(self.current.at)
            self.current = None
        found = next((s for s in exhibition.silence if s.at not in self.held and s.active(wall)), None)
        if found is None:
            return None
        self.current, self.ends = found, now + found.seconds_left(wall)
        return found, found.seconds_left(wall)
