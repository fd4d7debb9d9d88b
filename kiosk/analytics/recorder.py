"""The UI thread's side: record an event by appending one tuple to a deque.

The app makes one :class:`Recorder` from the exhibition's ``analytics`` setting and hands
it to every screen through its context. Screens call :meth:`Recorder.record` (or the
helpers :meth:`dwell`, :meth:`clip`, :meth:`once`) where the visitor acts; the
:class:`~kiosk.analytics.store.Writer` thread does the rest. Time is passed in: the app's
monotonic clock and its wall clock.

Events outside a visit (the attract loop running by itself) are not recorded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .events import CODES, VISIT_END, VISIT_START
from .store import Writer

log = logging.getLogger(__name__)

DATABASE_NAME = "analytics.sqlite3"
QUEUE_LIMIT = 200_000
"""Events waiting for the writer beyond this are dropped, oldest first (a writer that cannot keep up)."""


def default_database() -> Path:
    """Where the kiosk keeps its analytics: ``$KIOSK_HOME/analytics.sqlite3`` (the kiosk's state folder)."""
    from ..common.places import kiosk_home

    return kiosk_home() / DATABASE_NAME


def exhibition_version(files: Iterable[Path], source: Path | None = None) -> str:
    """A short name for the content on screen: the update's version folder when there is one
    (``0004-20270226-184500``), and a digest of the exhibition's YAML files."""
    digest = hashlib.sha256()
    for path in sorted(Path(f) for f in files):
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:
            digest.update(path.name.encode() + b"\0?\0")
    folder = ""
    if source is not None:
        for parent in Path(source).resolve().parents:
            if parent.parent.name == "versions":
                folder = parent.name + " "
                break
    return folder + digest.hexdigest()[:12]


class Dwell:
    """How long one thing stays on screen: ``show(section, item)`` ends the previous one and
    records it with its seconds; ``stop()`` ends the current one."""

    def __init__(self, recorder: Recorder, kind: str) -> None:
        self.recorder = recorder
        self.kind = kind
        self.current: tuple[str, str] | None = None
        self.since = 0.0
        self.zoomed = False

    def show(self, section: str, item: str) -> bool:
        """True when this starts a new view (not the same thing shown again)."""
        if self.current == (section, item):
            return False
        self.stop()
        if not self.recorder.in_visit:
            return False
        self.current, self.since, self.zoomed = (section, item), self.recorder.clock(), False
        self.recorder._open.add(self)
        return True

    def zoom(self, scale: float) -> None:
        """Record a zoom once per view of the thing on screen."""
        if self.current is not None and not self.zoomed and scale > 1.01:
            self.zoomed = True
            self.recorder.record("zoom", self.current[0], self.current[1], amount=round(scale, 2))

    def stop(self, at: float | None = None) -> None:
        if self.current is None:
            return
        section, item = self.current
        self.current = None
        self.recorder._open.discard(self)
        end = self.recorder.clock() if at is None else max(self.since, at)
        self.recorder.record(self.kind, section, item, amount=round(end - self.since, 3))


class ClipWatch:
    """What share of a clip was watched: the seconds of it seen playing, whatever the seeks,
    and the subtitle language shown for the longest."""

    def __init__(self, recorder: Recorder, section: str, clip: str) -> None:
        self.recorder = recorder
        self.section, self.clip = section, clip
        self.seen: set[int] = set()
        self.duration = 0.0
        self.languages: dict[str, int] = {}
        self.done = False
        recorder._open.add(self)

    def at(self, position: float, duration: float | None, subtitles: str | None) -> None:
        """Called while the clip plays (every tenth of a second)."""
        second = int(position)
        if duration:
            self.duration = duration
        if second not in self.seen:
            self.seen.add(second)
            key = subtitles or "off"
            self.languages[key] = self.languages.get(key, 0) + 1

    def stop(self, at: float | None = None, finished: bool = False) -> None:
        """Record the clip (once); ``finished``: it played to its end."""
        if finished and self.duration:
            self.seen.update(range(int(self.duration)))
        if self.done:
            return
        self.done = True
        self.recorder._open.discard(self)
        whole = max(1, int(self.duration + 0.999)) if self.duration else 0
        share = min(1.0, len(self.seen) / whole) if whole else 0.0
        language = max(self.languages, key=self.languages.__getitem__) if self.languages else ""
        self.recorder.record("clip", self.section, self.clip, language, round(share, 4))


class Recorder:
    """Records events from the UI thread: each call appends one tuple and returns.

    ``database=None`` or ``enabled=False`` records nothing (``analytics: off``).
    """

    def __init__(self, database: Path | None, *, clock: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], dt.datetime] = dt.datetime.now, version: str = "",
                 keep_days: float | None = 400.0, enabled: bool = True, every: float = 1.0,
                 retry: float = 60.0) -> None:
        self.database = Path(database) if database is not None else None
        self.clock = clock
        self.wall_clock = wall_clock
        self.version = version
        self.keep_days = keep_days
        self.enabled = enabled and database is not None
        self.every = every
        self.retry = retry
        self.queue: deque = deque(maxlen=QUEUE_LIMIT)
        self.writer: Writer | None = None
        self.visit = 0
        """The visit under way (numbered from 1 in this run), or 0 between visits."""
        self.visits = 0
        self.visit_started = 0.0
        self._once: set[tuple] = set()
        self._open: set[Any] = set()

    # -- settings -------------------------------------------------------------------------
    def follow(self, settings: Any, version: str) -> None:
        """The exhibition's ``analytics`` setting ("off" or {keep: ...}) and its version."""
        self.version = version
        if settings == "off" or settings is False:
            if self.enabled:
                self.end_visit("stopped")
            self.enabled = False
            return
        self.enabled = self.database is not None
        keep = getattr(settings, "keep", None)
        if keep is not None:
            self.keep_days = keep
            if self.writer is not None:
                self.writer.keep_days = keep

    def _start_writer(self) -> None:
        from .. import __version__

        assert self.database is not None
        self.writer = Writer(self.database, self.queue, wall_clock=self.wall_clock, every=self.every,
                             retry=self.retry, keep_days=self.keep_days, kiosk_version=__version__)
        self.writer.start()

    # -- visits ---------------------------------------------------------------------------
    @property
    def in_visit(self) -> bool:
        return self.visit != 0

    def start_visit(self, attract: str = "", language: str = "") -> None:
        """The touch that left the attract loop; ``attract`` is the item that was on screen."""
        if not self.enabled:
            return
        if self.writer is None:
            self._start_writer()
        if self.visit:
            self.end_visit("restarted")
        self.visits += 1
        self.visit = self.visits
        self.visit_started = self.clock()
        self._once.clear()
        self.queue.append((VISIT_START, self.visit_started, self.wall_clock(), self.visit, self.version, "",
                           attract, language, None))

    def end_visit(self, reason: str, last_activity: float | None = None) -> None:
        """The visit is over (idle, exit, silence, stopped). Its length runs to
        ``last_activity`` when given (the last touch, not the end of the idle countdown)."""
        if not self.visit:
            return
        end = self.clock() if last_activity is None else max(self.visit_started, last_activity)
        for tracker in list(self._open):
            tracker.stop(end)
        self.queue.append((VISIT_END, self.clock(), self.wall_clock(), self.visit, self.version, "", "", reason,
                           round(end - self.visit_started, 3)))
        self.visit = 0

    # -- events ---------------------------------------------------------------------------
    def record(self, kind: str, section: str = "", item: str = "", detail: str = "",
               amount: float | None = None) -> None:
        """One event in the visit under way (none outside a visit). Fields are ids and codes
        from the exhibition, never text a visitor wrote."""
        if self.visit:
            self.queue.append((CODES[kind], self.clock(), self.wall_clock(), self.visit, self.version,
                               section or "", item or "", detail or "", amount))

    def once(self, kind: str, section: str = "", item: str = "", detail: str = "",
             amount: float | None = None) -> None:
        """``record``, at most once per visit for the same kind, section, item and detail."""
        key = (kind, section, item, detail)
        if self.visit and key not in self._once:
            self._once.add(key)
            self.record(kind, section, item, detail, amount)

    def dwell(self, kind: str) -> Dwell:
        """A timer for things on screen one at a time (panels, a book's QR code)."""
        CODES[kind]  # a known kind, or KeyError now rather than at the first event
        return Dwell(self, kind)

    def clip(self, section: str, clip: str) -> ClipWatch | None:
        """A clip starts playing; the returned watch records it when it ends or the visit does."""
        return ClipWatch(self, section, clip) if self.visit else None

    # -- the end --------------------------------------------------------------------------
    def flush(self, timeout: float = 5.0) -> None:
        """Write what is queued now and wait for it (tests and shutdown)."""
        writer = self.writer
        if writer is not None and writer.is_alive():
            wanted = writer.rounds + 2  # the round under way may have drained the queue before the call
            deadline = time.monotonic() + timeout
            while writer.rounds < wanted and writer.is_alive() and time.monotonic() < deadline:
                writer.wake.set()
                time.sleep(0.005)

    def close(self, reason: str = "stopped") -> None:
        """End the visit under way and write everything before the kiosk stops."""
        self.end_visit(reason)
        if self.writer is not None:
            self.writer.stop()
            self.writer = None


def recorder_for(exhibition: Any, files: Iterable[Path], source: Path | None, *,
                 clock: Callable[[], float], wall_clock: Callable[[], dt.datetime],
                 database: Path | None = None) -> Recorder:
    """The app's recorder for an exhibition: off when it says ``analytics: off``; the
    database in the kiosk's state folder unless ``database`` or ``$KIOSK_ANALYTICS`` names one."""
    path = database or Path(os.environ.get("KIOSK_ANALYTICS") or default_database())
    recorder = Recorder(path, clock=clock, wall_clock=wall_clock)
    recorder.follow(getattr(exhibition, "analytics", None), exhibition_version(files, source))
    return recorder
