"""The analytics database: SQLite (the standard library's), WAL, written in batches by one thread.

Tables (``PRAGMA user_version`` is the schema version; ``MIGRATIONS`` take an older file
forward one step at a time)::

    runs      one row per start of the kiosk (its monotonic clock starts again)
    versions  the exhibition versions seen, numbered
    visits    one row per visit: start (wall and monotonic), length, why it ended, the
              attract item that drew the visitor in, the language and reading mode at the end
    events    every event (``events.KINDS``), clustered by kind, section and item so each
              part of the report reads one contiguous range

Wall-clock time is stored as the kiosk's local time in seconds since 1970 (the report's
days and hours are the venue's); monotonic time beside it measures lengths, so a clock
set forward or back mid-visit changes no visit's length.

Nothing here runs on the UI thread: the app's :class:`~kiosk.analytics.recorder.Recorder`
appends tuples to a deque and :class:`Writer` drains it about once a second.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from .events import KINDS, LANGUAGE, READING, VISIT_END, VISIT_START

log = logging.getLogger(__name__)

EPOCH = dt.datetime(1970, 1, 1)


def _v1(db: sqlite3.Connection) -> None:
    db.executescript("""
        CREATE TABLE runs (id INTEGER PRIMARY KEY, started REAL NOT NULL, kiosk_version TEXT NOT NULL);
        CREATE TABLE versions (id INTEGER PRIMARY KEY, version TEXT NOT NULL UNIQUE);
        CREATE TABLE kinds (code INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE visits (
            run INTEGER NOT NULL, seq INTEGER NOT NULL,
            started REAL NOT NULL, started_mono REAL NOT NULL, last_mono REAL NOT NULL,
            length REAL, end_reason TEXT,
            attract TEXT NOT NULL DEFAULT '', language TEXT NOT NULL DEFAULT '',
            language_changes INTEGER NOT NULL DEFAULT 0,
            large_text INTEGER NOT NULL DEFAULT 0, high_contrast INTEGER NOT NULL DEFAULT 0,
            version INTEGER,
            PRIMARY KEY (run, seq)) WITHOUT ROWID;
        CREATE INDEX visits_started ON visits (started);
        CREATE TABLE events (
            kind INTEGER NOT NULL, section TEXT NOT NULL, item TEXT NOT NULL, detail TEXT NOT NULL,
            id INTEGER NOT NULL,
            run INTEGER NOT NULL, visit INTEGER NOT NULL,
            wall REAL NOT NULL, mono REAL NOT NULL, version INTEGER NOT NULL, amount REAL,
            PRIMARY KEY (kind, section, item, detail, id)) WITHOUT ROWID;
    """)
    db.executemany("INSERT INTO kinds VALUES (?, ?)", [(k.code, k.name) for k in KINDS])


COMPLETE_SHARE = 0.95
"""A clip watched this far counts as watched to the end (the credits may be skipped)."""


def _v2(db: sqlite3.Connection) -> None:
    """A summary per day, kept in step with the events by the writer (in the same
    transaction): the report reads days x items, not millions of events."""
    db.executescript("""
        CREATE TABLE daily (
            kind INTEGER NOT NULL, section TEXT NOT NULL, item TEXT NOT NULL, detail TEXT NOT NULL,
            day TEXT NOT NULL,
            n INTEGER NOT NULL, visits INTEGER NOT NULL, total REAL NOT NULL, complete INTEGER NOT NULL,
            PRIMARY KEY (kind, section, item, detail, day)) WITHOUT ROWID;
    """)
    # events written before the summary existed: one GROUP BY (visits counted distinct)
    db.execute("INSERT INTO daily SELECT kind, section, item, detail, date(wall, 'unixepoch'), count(*), "
               "count(DISTINCT (run << 32) | visit), total(amount), total(amount >= ?) FROM events "
               "GROUP BY kind, section, item, detail, date(wall, 'unixepoch')", (COMPLETE_SHARE,))


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2]
"""``MIGRATIONS[n]`` takes a database from schema version n to n + 1. Append, never edit."""


def schema_version() -> int:
    return len(MIGRATIONS)


class NewerDatabase(Exception):
    """The file was written by a newer kiosk; it is left as it is."""


def migrate(db: sqlite3.Connection, migrations: list[Callable[[sqlite3.Connection], None]] | None = None) -> int:
    """Bring ``db`` to the current schema (``migrations``: the analytics' unless given), each
    step in its own transaction; returns the version."""
    steps = MIGRATIONS if migrations is None else migrations
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > len(steps):
        raise NewerDatabase(f"schema version {version}, this kiosk knows up to {len(steps)}")
    for step in range(version, len(steps)):
        with db:
            db.execute("BEGIN IMMEDIATE")
            steps[step](db)
            db.execute(f"PRAGMA user_version = {step + 1}")
    return len(steps)


def connect(path: Path, check: bool = True) -> sqlite3.Connection:
    """Open (and create) ``path`` in WAL mode at the current schema.

    Raises ``sqlite3.DatabaseError`` for a file that is not a sound database."""
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=5.0)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")  # once a second: the batch survives a power cut
        if check:
            result = db.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                raise sqlite3.DatabaseError(f"quick_check: {result}")
        migrate(db)
    except BaseException:
        db.close()
        raise
    return db


def set_aside(path: Path, why: str, now: dt.datetime | None = None) -> Path:
    """Rename ``path`` (and its -wal and -shm files) out of the way; returns the new name."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{why}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{why}-{stamp}-{n}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(str(path) + suffix)
        if part.exists():
            part.rename(Path(str(target) + suffix))
    return target


def open_database(path: Path, now: dt.datetime | None = None) -> sqlite3.Connection:
    """``connect``, or when the file is damaged (or from a newer kiosk): set it aside with
    one log line and start a new one. The old file is kept for a technician to look at."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return connect(path)
    except NewerDatabase as exc:
        aside = set_aside(path, "newer", now)
        log.warning("analytics: %s was written by a newer kiosk (%s); kept as %s, a new one started",
                    path, exc, aside.name)
    except sqlite3.DatabaseError as exc:
        if is_disk_full(exc):
            raise
        aside = set_aside(path, "corrupt", now)
        log.warning("analytics: %s is damaged (%s); set aside as %s, a new one started", path, exc, aside.name)
    return connect(path)


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if code == sqlite3.SQLITE_FULL or "disk is full" in str(exc) or "database or disk is full" in str(exc):
            return True
        return code == getattr(sqlite3, "SQLITE_IOERR_WRITE", -1) and "full" in str(exc)
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


def is_corrupt(exc: BaseException) -> bool:
    if not isinstance(exc, sqlite3.DatabaseError) or is_disk_full(exc):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in str(exc) \
        or "not a database" in str(exc)


def local_seconds(wall: dt.datetime | float) -> float:
    """The kiosk's local time as seconds since 1970 (a naive datetime read as it is)."""
    if isinstance(wall, dt.datetime):
        if wall.tzinfo is not None:
            wall = wall.replace(tzinfo=None)
        return (wall - EPOCH).total_seconds()
    return float(wall)


Event = tuple
"""(kind code, monotonic s, wall datetime, visit seq, version text, section, item, detail, amount)."""


class Batch:
    """Writes events into an open database; keeps the ids, versions and visits in step."""

    def __init__(self, db: sqlite3.Connection, kiosk_version: str, started: dt.datetime | float) -> None:
        self.db = db
        with db:
            db.execute("BEGIN IMMEDIATE")
            self.run = db.execute("INSERT INTO runs (started, kiosk_version) VALUES (?, ?)",
                                  (local_seconds(started), kiosk_version)).lastrowid
            self._close_interrupted()
        self.next_id = (db.execute("SELECT max(id) FROM events").fetchone()[0] or 0) + 1
        self.seen: dict[int, set] = {}
        """Per visit under way: the (kind, section, item, detail) it has had (for ``daily.visits``)."""
        self.versions: dict[str, int] = dict(db.execute("SELECT version, id FROM versions"))

    def _close_interrupted(self) -> None:
        """Visits a killed kiosk never ended: their length runs to their last event."""
        self.db.execute("UPDATE visits SET length = last_mono - started_mono, end_reason = 'interrupted' "
                        "WHERE length IS NULL AND run != ?", (self.run,))

    def _version(self, text: str) -> int:
        found = self.versions.get(text)
        if found is None:
            found = self.db.execute("INSERT INTO versions (version) VALUES (?) ON CONFLICT (version) DO UPDATE "
                                    "SET version = excluded.version RETURNING id", (text,)).fetchone()[0]
            self.versions[text] = found
        return found

    def write(self, events: Sequence[Event]) -> None:
        """One transaction for the whole batch."""
        db = self.db
        rows = []
        last: dict[int, float] = {}
        run = self.run
        ident = self.next_id
        with db:
            db.execute("BEGIN IMMEDIATE")
            days: dict[tuple, list] = {}
            for kind, mono, wall, visit, version, section, item, detail, amount in events:
                wall_s = local_seconds(wall)
                version_id = self._version(version)
                rows.append((kind, section, item, detail, ident, run, visit, wall_s, mono, version_id, amount))
                ident += 1
                key = (kind, section, item, detail)
                seen = self.seen.setdefault(visit, set())
                first = key not in seen
                seen.add(key)
                day = (EPOCH + dt.timedelta(seconds=wall_s)).date().isoformat()
                summary = days.setdefault((*key, day), [0, 0, 0.0, 0])
                summary[0] += 1
                summary[1] += first
                summary[2] += amount or 0.0
                summary[3] += amount is not None and amount >= COMPLETE_SHARE
                if kind == VISIT_START:
                    db.execute("INSERT OR IGNORE INTO visits (run, seq, started, started_mono, last_mono, attract, "
                               "language, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               (run, visit, wall_s, mono, mono, item, detail, version_id))
                elif kind == VISIT_END:
                    db.execute("UPDATE visits SET length = ?, end_reason = ? WHERE run = ? AND seq = ?",
                               (amount, detail, run, visit))
                elif kind == LANGUAGE:
                    db.execute("UPDATE visits SET language = ?, language_changes = language_changes + 1 "
                               "WHERE run = ? AND seq = ?", (detail, run, visit))
                elif kind == READING:
                    db.execute("UPDATE visits SET large_text = max(large_text, ?), "
                               "high_contrast = max(high_contrast, ?) WHERE run = ? AND seq = ?",
                               ("large_text" in detail, "high_contrast" in detail, run, visit))
                if visit:
                    last[visit] = max(mono, last.get(visit, mono))
            db.executemany("INSERT INTO events (kind, section, item, detail, id, run, visit, wall, mono, version, "
                           "amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            db.executemany("UPDATE visits SET last_mono = max(last_mono, ?) WHERE run = ? AND seq = ?",
                           [(m, run, v) for v, m in last.items()])
            db.executemany("INSERT INTO daily VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
                           "n = n + excluded.n, visits = visits + excluded.visits, total = total + excluded.total, "
                           "complete = complete + excluded.complete", [(*k, *v) for k, v in days.items()])
            for kind, _m, _w, visit, *_rest in events:
                if kind == VISIT_END:
                    self.seen.pop(visit, None)
        self.next_id = ident

    def forget_before(self, cutoff: dt.datetime | float) -> int:
        """Retention: remove visits and events older than ``cutoff``; returns the events removed."""
        cut = local_seconds(cutoff)
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            removed = self.db.execute("DELETE FROM events WHERE wall < ?", (cut,)).rowcount
            self.db.execute("DELETE FROM visits WHERE started < ?", (cut,))
            self.db.execute("DELETE FROM daily WHERE day < date(?, 'unixepoch')", (cut,))
        return removed


class Writer(threading.Thread):
    """Drains ``queue`` into the database every ``every`` seconds, in one transaction per batch.

    The disk filling up pauses recording with one log line (events are dropped, the kiosk
    goes on); it is tried again every ``retry`` seconds and resumes with another line. A
    database found damaged is set aside and a new one started.
    """

    def __init__(self, path: Path, queue: deque, *, wall_clock: Callable[[], dt.datetime] = dt.datetime.now,
                 every: float = 1.0, retry: float = 60.0, keep_days: float | None = 400.0,
                 kiosk_version: str = "", tidy_every: float = 6 * 3600.0) -> None:
        super().__init__(name="kiosk-analytics", daemon=True)
        self.path = Path(path)
        self.queue = queue
        self.wall_clock = wall_clock
        self.every = every
        self.retry = retry
        self.keep_days = keep_days
        self.kiosk_version = kiosk_version
        self.tidy_every = tidy_every
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.batch: Batch | None = None
        self.paused_until: float | None = None
        """While the disk is full: when to try again (time.monotonic)."""
        self.dropped = 0
        self.written = 0
        self.failures = 0
        self._next_tidy = 0.0
        self.rounds = 0
        """Flushes done so far (``Recorder.flush`` waits for the next)."""
        self.ready = threading.Event()
        """Set once the first attempt to open the database is over (tests wait on it)."""

    # -- the thread -----------------------------------------------------------------------
    def run(self) -> None:
        try:
            self._open()
        finally:
            self.ready.set()
        while not self.stopping.is_set():
            self.wake.wait(self.every)
            self.wake.clear()
            self.flush()
            self.rounds += 1
        self.flush()
        self.rounds += 1
        self._close()

    def flush(self) -> None:
        """Write what is queued now (on this thread)."""
        events = []
        queue = self.queue
        while queue:
            try:
                events.append(queue.popleft())
            except IndexError:
                break
        if events:
            self._write(events)

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        self.wake.set()
        if self.is_alive():
            self.join(timeout)

    # -- inside ---------------------------------------------------------------------------
    def _open(self) -> bool:
        try:
            db = open_database(self.path, self.wall_clock())
            self.batch = Batch(db, self.kiosk_version, self.wall_clock())
            self._tidy()
            return True
        except Exception as exc:  # noqa: BLE001 - analytics never stops the kiosk
            self._failed(exc, "opening")
            return False

    def _close(self) -> None:
        if self.batch is not None:
            try:
                self.batch.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                pass
            self.batch.db.close()
            self.batch = None

    def _tidy(self) -> None:
        if self.batch is None or self.keep_days is None or time.monotonic() < self._next_tidy:
            return
        self._next_tidy = time.monotonic() + self.tidy_every
        cutoff = local_seconds(self.wall_clock()) - self.keep_days * 86400
        removed = self.batch.forget_before(cutoff)
        if removed:
            log.info("analytics: %d events older than %g days removed", removed, self.keep_days)

    def _write(self, events: list) -> None:
        now = time.monotonic()
        if self.paused_until is not None and now < self.paused_until:
            self.dropped += len(events)
            return
        if self.batch is None and not self._open():
            self.dropped += len(events)
            return
        assert self.batch is not None
        try:
            self.batch.write(events)
            self.written += len(events)
            self._tidy()
        except Exception as exc:  # noqa: BLE001
            self._failed(exc, "writing", events)
            return
        if self.paused_until is not None:
            log.warning("analytics: recording again (%d events were not recorded while paused)", self.dropped)
            self.paused_until = None

    def _failed(self, exc: BaseException, doing: str, events: list | None = None) -> None:
        events = events or []
        if is_disk_full(exc):
            if self.paused_until is None:
                log.warning("analytics: the disk is full; recording paused (the kiosk goes on): %s", exc)
            self.paused_until = time.monotonic() + self.retry
            self.dropped += len(events)
            return
        if is_corrupt(exc) and self.batch is not None:
            log.warning("analytics: the database went bad while %s (%s); starting a new one", doing, exc)
            try:
                self.batch.db.close()
            except sqlite3.Error:
                pass
            self.batch = None
            try:
                set_aside(self.path, "corrupt", self.wall_clock())
            except OSError as move:
                log.warning("analytics: cannot set %s aside: %s", self.path, move)
            if self._open() and events:
                self._write(events)
            return
        self.failures += 1
        self.dropped += len(events)
        if self.failures <= 3:
            log.warning("analytics: %s failed: %r", doing, exc)
        if self.batch is None:
            self.paused_until = time.monotonic() + self.retry


def write_events(path: Path, events: Iterable[Event], kiosk_version: str = "",
                 started: dt.datetime | float = 0.0, chunk: int = 50_000) -> int:
    """Write ``events`` straight into ``path`` through the writer's own code (for generated data)."""
    db = open_database(Path(path))
    try:
        batch = Batch(db, kiosk_version, started)
        buffer: list = []
        count = 0
        for event in events:
            buffer.append(event)
            if len(buffer) >= chunk:
                batch.write(buffer)
                count += len(buffer)
                buffer = []
        if buffer:
            batch.write(buffer)
            count += len(buffer)
        return count
    finally:
        db.close()
