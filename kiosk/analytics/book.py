"""The book of remembrance's messages: SQLite (the standard library's), WAL, its own file.

Beside the analytics database, never in it: the analytics are anonymous counts, these are
what visitors chose to write and sign. One table::

    messages  one row a message: its id, section, when it was written (the kiosk's local
              time), the language on screen, the text, name, place, signature (a small PNG),
              and its state: pending (nobody has looked), approved or rejected, and when

A rejected message keeps its row (so the counts stay right) and loses its words, name,
place and signature at once. Retention (``keep`` in the section) removes every message
older than it.

The kiosk never writes on the UI thread: :meth:`BookStore.leave` hands the message to a
writer thread and returns. A full disk keeps the message waiting in memory (one log line)
and it is written once there is room; a damaged file is set aside and a new one started,
as the analytics store does. The message's words never go to the log.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .store import EPOCH, NewerDatabase, is_corrupt, is_disk_full, local_seconds, migrate, set_aside

log = logging.getLogger(__name__)

DATABASE_NAME = "book.sqlite3"
STATES = ("pending", "approved", "rejected")


def default_book_database() -> Path:
    """``$KIOSK_BOOK``, else ``$KIOSK_HOME/book.sqlite3`` beside the analytics."""
    if os.environ.get("KIOSK_BOOK"):
        return Path(os.environ["KIOSK_BOOK"])
    from ..common.places import kiosk_home

    return kiosk_home() / DATABASE_NAME


def _v1(db: sqlite3.Connection) -> None:
    db.executescript("""
        CREATE TABLE messages (
            id TEXT PRIMARY KEY,
            section TEXT NOT NULL,
            written REAL NOT NULL,
            language TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL DEFAULT '',
            signature BLOB,
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
            decided REAL,
            decided_by TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX messages_written ON messages (section, state, written);
    """)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1]
"""``MIGRATIONS[n]`` takes a book from schema version n to n + 1. Append, never edit."""


class BookError(Exception):
    """A problem the person asking can fix: no such message, no such file."""


def new_id() -> str:
    """A message's id: 10 letters and digits, unique across kiosks without asking one another."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


@dataclass(frozen=True)
class Message:
    """One message as the book keeps it."""

    id: str
    section: str
    written: dt.datetime
    language: str
    text: str
    name: str = ""
    place: str = ""
    signature: bytes | None = None
    state: str = "pending"
    decided: dt.datetime | None = None
    decided_by: str = ""


def _when(seconds: float | None) -> dt.datetime | None:
    return None if seconds is None else EPOCH + dt.timedelta(seconds=seconds)


def _message(row: tuple) -> Message:
    mid, section, written, language, text, name, place, signature, state, decided, by = row
    return Message(mid, section, _when(written), language, text, name, place,  # type: ignore[arg-type]
                   bytes(signature) if signature is not None else None, state, _when(decided), by)


_COLUMNS = "id, section, written, language, text, name, place, signature, state, decided, decided_by"


def connect(path: Path, *, read_only: bool = False, timeout: float = 5.0) -> sqlite3.Connection:
    """Open ``path`` (WAL, at the current schema; created unless ``read_only``)."""
    if read_only:
        if not Path(path).is_file():
            raise BookError(f"{path}: no such book (the kiosk keeps it in $KIOSK_HOME/{DATABASE_NAME})")
        db = sqlite3.connect(f"file:{Path(path).resolve().as_posix()}?mode=ro", uri=True,
                             isolation_level=None, check_same_thread=False, timeout=timeout)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version < 1 or version > len(MIGRATIONS):
            db.close()
            raise BookError(f"{path}: not a book of remembrance this kiosk can read (schema {version})")
        return db
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=timeout)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")  # a message is kept once the visitor has sent it
        result = db.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise sqlite3.DatabaseError(f"quick_check: {result}")
        migrate(db, MIGRATIONS)
    except NewerDatabase as exc:
        db.close()
        raise BookError(f"{path} was written by a newer kiosk ({exc})") from None
    except BaseException:
        db.close()
        raise
    return db


def read_messages(db: sqlite3.Connection, section: str | None = None, state: str | None = None,
                  limit: int | None = None, newest_first: bool = False) -> list[Message]:
    where, args = [], []
    if section is not None:
        where.append("section = ?")
        args.append(section)
    if state is not None:
        where.append("state = ?")
        args.append(state)
    sql = f"SELECT {_COLUMNS} FROM messages" + (f" WHERE {' AND '.join(where)}" if where else "")
    sql += f" ORDER BY written {'DESC' if newest_first else 'ASC'}, id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [_message(r) for r in db.execute(sql, args)]


def decide(db: sqlite3.Connection, message_id: str, approve: bool, at: dt.datetime | float,
           by: str = "") -> bool:
    """Approve or reject one message; a rejected one loses its words at once. False: no such id."""
    with db:
        db.execute("BEGIN IMMEDIATE")
        if approve:
            done = db.execute("UPDATE messages SET state = 'approved', decided = ?, decided_by = ? WHERE id = ? "
                              "AND state != 'rejected'", (local_seconds(at), by, message_id)).rowcount
        else:
            done = db.execute("UPDATE messages SET state = 'rejected', decided = ?, decided_by = ?, text = '', "
                              "name = '', place = '', signature = NULL WHERE id = ?",
                              (local_seconds(at), by, message_id)).rowcount
    return bool(done)


def counts(db: sqlite3.Connection, since: float = float("-inf"), until: float = float("inf")) -> dict[str, dict[str, int]]:
    """Per section: how many messages are pending, approved and rejected (written in the window)."""
    found: dict[str, dict[str, int]] = {}
    for section, state, n in db.execute("SELECT section, state, count(*) FROM messages WHERE written >= ? "
                                        "AND written < ? GROUP BY section, state", (since, until)):
        found.setdefault(section, dict.fromkeys(STATES, 0))[state] = n
    return found


class BookStore:
    """The kiosk's book: messages written by a thread of its own, read when asked.

    ``leave`` never touches the disk on the caller's thread. ``flush`` waits until what was
    left is written (or cannot be, for now)."""

    def __init__(self, path: Path | str, *, wall_clock: Callable[[], dt.datetime] = dt.datetime.now,
                 retry: float = 30.0, keep: Iterable[tuple[str, float]] = (), tidy_every: float = 6 * 3600.0) -> None:
        self.path = Path(path)
        self.wall_clock = wall_clock
        self.retry = retry
        self.keep = list(keep)
        """Retention: (section id, days to keep), applied by the thread at start and every ``tidy_every`` s."""
        self.tidy_every = tidy_every
        self.pending: deque[tuple] = deque()
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._idle = threading.Condition()
        self._busy = bool(self.keep)
        """True while the thread has work in hand (retention at start, messages to write): ``flush`` waits."""
        self.paused = False
        """True while the disk is full: messages wait in memory."""
        self.written = 0
        self._thread = threading.Thread(target=self._run, name="kiosk-book", daemon=True)
        self._thread.start()

    # -- the visitor's side ----------------------------------------------------------------
    def leave(self, section: str, text: str, *, name: str = "", place: str = "", language: str = "",
              signature: bytes | None = None) -> str:
        """Keep a message (its id is returned at once; the thread writes it)."""
        message_id = new_id()
        row = (message_id, section, local_seconds(self.wall_clock()), language, text, name, place, signature)
        with self._idle:
            self.pending.append(row)
            self._busy = True
        self._wake.set()
        log.info("book: a message was left in section %r (%d letters)", section, len(text))
        return message_id

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until the messages left so far are written or the disk refused them; True when none waits."""
        self._wake.set()
        with self._idle:
            self._idle.wait_for(lambda: not self._busy, timeout)
            return not self.pending

    # -- reading ------------------------------------------------------------------------------
    def _reader(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = connect(self.path)
        return self._db

    def messages(self, section: str | None = None, state: str | None = None, limit: int | None = None,
                 newest_first: bool = False) -> list[Message]:
        """The messages written so far (none when the book cannot be read now: the kiosk goes on)."""
        try:
            with self._lock:
                return read_messages(self._reader(), section, state, limit, newest_first)
        except (sqlite3.Error, OSError, BookError) as exc:
            log.warning("book: cannot read %s: %s", self.path, exc)
            return []

    def decide(self, message_id: str, approve: bool, by: str = "") -> bool:
        with self._lock:
            return decide(self._reader(), message_id, approve, self.wall_clock(), by)

    def counts(self) -> dict[str, dict[str, int]]:
        try:
            with self._lock:
                return counts(self._reader())
        except (sqlite3.Error, OSError, BookError):
            return {}

    def forget_before(self, section: str, cutoff: dt.datetime | float) -> int:
        """Retention: remove the section's messages written before ``cutoff``."""
        with self._lock:
            db = self._reader()
            with db:
                db.execute("BEGIN IMMEDIATE")
                removed = db.execute("DELETE FROM messages WHERE section = ? AND written < ?",
                                     (section, local_seconds(cutoff))).rowcount
        if removed:
            log.info("book: %d messages of section %r older than its retention removed", removed, section)
        return removed

    def keep_for(self, sections: Iterable[tuple[str, float]]) -> int:
        """Retention for each (section id, days to keep)."""
        now = local_seconds(self.wall_clock())
        removed = 0
        for section, days in sections:
            try:
                removed += self.forget_before(section, now - days * 86400)
            except (sqlite3.Error, OSError) as exc:
                log.warning("book: retention could not run: %s", exc)
        return removed

    def close(self) -> None:
        self.flush(5.0)
        self._stopping.set()
        self._wake.set()
        self._thread.join(10.0)
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # -- the writer thread -----------------------------------------------------------------------
    def _run(self) -> None:
        db: sqlite3.Connection | None = None
        next_tidy = 0.0
        while True:
            if time.monotonic() >= next_tidy and self.keep:
                self.keep_for(self.keep)
                next_tidy = time.monotonic() + self.tidy_every
                with self._idle:
                    if not self.pending:
                        self._busy = False
                        self._idle.notify_all()
            wait = self.tidy_every if self.keep else None
            if self.paused:
                wait = min(wait or self.retry, self.retry)
            self._wake.wait(wait)
            self._wake.clear()
            if self.pending:
                db = self._write(db)
            with self._idle:
                if not self.pending or self.paused:
                    self._busy = False
                    self._idle.notify_all()
            if self._stopping.is_set() and (not self.pending or self.paused):
                break
        if db is not None:
            db.close()

    def _write(self, db: sqlite3.Connection | None) -> sqlite3.Connection | None:
        rows = list(self.pending)
        try:
            if db is None:
                db = self._open()
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR IGNORE INTO messages (id, section, written, language, text, name, place, "
                               "signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        except Exception as exc:  # noqa: BLE001 - the kiosk goes on; the messages wait
            if is_disk_full(exc):
                if not self.paused:
                    log.warning("book: the disk is full; %d messages wait in memory until there is room",
                                len(rows))
                self.paused = True
                return db
            if is_corrupt(exc):
                log.warning("book: %s went bad (%s); it is set aside and a new one started", self.path, exc)
                if db is not None:
                    db.close()
                set_aside(self.path, "corrupt", self.wall_clock())
                return None
            log.warning("book: writing failed (%r); tried again in %g s", exc, self.retry)
            self.paused = True
            return db
        for _ in rows:
            self.pending.popleft()
        self.written += len(rows)
        if self.paused:
            log.warning("book: writing again; the messages that waited are kept")
        self.paused = False
        return db

    def _open(self) -> sqlite3.Connection:
        try:
            return connect(self.path)
        except sqlite3.DatabaseError as exc:
            if is_disk_full(exc) or not is_corrupt(exc) and "quick_check" not in str(exc):
                raise
            aside = set_aside(self.path, "corrupt", self.wall_clock())
            log.warning("book: %s is damaged (%s); set aside as %s, a new one started", self.path, exc, aside.name)
            return connect(self.path)
