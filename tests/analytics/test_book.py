"""The book of remembrance's store: its own SQLite file, written by a thread, kept through a
kill -9 and a full disk; a rejection erases the words; retention; the words never logged.

Real SQLite files, a real writer thread, a real kill -9 and a real full disk (a 1 MiB tmpfs:
the tests run as root).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from kiosk.analytics import book
from kiosk.analytics.book import BookStore, connect, counts, read_messages

from .test_store import fill_disk

ROOT = Path(__file__).resolve().parents[2]
EVENING = dt.datetime(2027, 2, 26, 18, 0)


def test_a_message_is_written_by_the_books_own_thread_into_its_own_file(tmp_path, monkeypatch):
    threads: set[str] = set()
    real = book.BookStore._write

    def watched(self, db):
        threads.add(threading.current_thread().name)
        return real(self, db)

    monkeypatch.setattr(book.BookStore, "_write", watched)
    store = BookStore(tmp_path / "book.sqlite3", wall_clock=lambda: EVENING)
    mid = store.leave("book", "Вечная память", name="Анна", place="Москва", language="ru", signature=b"\x89PNG...")
    assert store.flush()
    assert threads == {"kiosk-book"}, "never written on the caller's (the UI's) thread"
    store.close()
    db = connect(tmp_path / "book.sqlite3", read_only=True)
    (message,) = read_messages(db)
    assert (message.id, message.text, message.name, message.place, message.language) == \
        (mid, "Вечная память", "Анна", "Москва", "ru")
    assert message.state == "pending" and message.written == EVENING and message.signature == b"\x89PNG..."
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"messages"}, "nothing of the anonymous analytics in it"


def test_a_rejected_message_loses_its_words_and_an_approved_one_keeps_them(tmp_path):
    store = BookStore(tmp_path / "book.sqlite3", wall_clock=lambda: EVENING)
    kept = store.leave("book", "رحمهم الله", name="سارة", language="ar")
    gone = store.leave("book", "something unkind", name="X", place="Y", signature=b"png")
    store.flush()
    assert store.decide(kept, True) and store.decide(gone, False)
    assert not store.decide("nosuchid", True)
    by_id = {m.id: m for m in store.messages()}
    assert by_id[kept].state == "approved" and by_id[kept].text == "رحمهم الله"
    assert by_id[gone].state == "rejected"
    assert (by_id[gone].text, by_id[gone].name, by_id[gone].place, by_id[gone].signature) == ("", "", "", None)
    assert not store.decide(gone, True), "a rejected message cannot come back: its words are gone"
    assert store.counts() == {"book": {"pending": 0, "approved": 1, "rejected": 1}}
    assert [m.id for m in store.messages("book", "approved")] == [kept]
    store.close()


def test_retention_removes_messages_older_than_the_section_keeps(tmp_path):
    now = [EVENING - dt.timedelta(days=800)]
    store = BookStore(tmp_path / "book.sqlite3", wall_clock=lambda: now[0])
    store.leave("book", "old words")
    store.leave("other", "old words in another book")
    store.flush()
    now[0] = EVENING
    store.leave("book", "new words")
    store.flush()
    assert store.keep_for([("book", 730.0), ("other", 1000.0)]) == 1
    assert sorted(m.text for m in store.messages()) == ["new words", "old words in another book"]
    store.close()
    # the kiosk's store applies the sections' retention by itself when it starts
    store = BookStore(tmp_path / "book.sqlite3", wall_clock=lambda: EVENING + dt.timedelta(days=2000),
                      keep=[("book", 730.0), ("other", 1000.0)])
    store.flush()
    assert store.messages() == []
    store.close()
    assert read_messages(connect(tmp_path / "book.sqlite3", read_only=True)) == []


def test_the_words_of_a_message_never_reach_the_log(tmp_path, caplog):
    with caplog.at_level(logging.DEBUG):
        store = BookStore(tmp_path / "book.sqlite3")
        mid = store.leave("book", "a private sorrow", name="Private Name", place="Private Place")
        store.flush()
        store.decide(mid, True)
        store.close()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "a message was left" in logged
    for secret in ("private sorrow", "Private Name", "Private Place"):
        assert secret not in logged


def test_a_killed_kiosk_keeps_every_message_it_had_written(tmp_path):
    """A child leaves a message every 20 ms and prints each id once it is written; it is sent
    SIGKILL. Every id it printed is in the book, whole."""
    path = tmp_path / "book.sqlite3"
    child = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from kiosk.analytics.book import BookStore
        store = BookStore({str(path)!r})
        n = 0
        while True:
            n += 1
            mid = store.leave("book", f"message {{n}}", name="Ə ə ş", place="Gəncə")
            store.flush()
            print(mid, n, flush=True)
    """)
    proc = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True)
    printed = {}
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            mid, n = line.split()
            printed[mid] = int(n)
            if len(printed) >= 60:
                break
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    kept = dict(db.execute("SELECT id, text FROM messages"))
    assert set(printed) <= set(kept), "a message written before the kill is never lost"
    assert all(kept[mid] == f"message {n}" for mid, n in printed.items())


def test_a_full_disk_keeps_the_message_waiting_and_writes_it_once_there_is_room(tmp_path, caplog):
    mount = tmp_path / "small"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], check=True)
    try:
        store = BookStore(mount / "book.sqlite3", retry=0.1)
        store.leave("book", "written before the disk filled")
        assert store.flush()
        filler = fill_disk(mount)
        with caplog.at_level(logging.INFO, logger="kiosk.analytics.book"):
            waiting = [store.leave("book", f"waiting {n} " + "ə" * 400, signature=os.urandom(3000))
                       for n in range(40)]
            assert not store.flush(5.0), "the disk is full: the messages wait"
            assert store.paused and len(store.pending) == 40
            assert len([r for r in caplog.records if "disk is full" in r.getMessage()]) == 1
            filler.unlink()
            store.leave("book", "after")  # wakes the writer; it would also try again by itself
            assert store.flush(10.0)
        assert not store.paused
        assert any("writing again" in r.getMessage() for r in caplog.records)
        store.close()
        found = {m.id for m in read_messages(connect(mount / "book.sqlite3", read_only=True))}
        assert set(waiting) <= found and len(found) == 42
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_damaged_book_is_set_aside_and_a_new_one_started(tmp_path):
    path = tmp_path / "book.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store = BookStore(path)
    store.leave("book", "kept in the new book")
    store.flush()
    store.close()
    assert [m.text for m in read_messages(connect(path, read_only=True))] == ["kept in the new book"]
    assert list(tmp_path.glob("book.sqlite3.corrupt-*")), "the damaged file is kept for a technician"


def test_counts_by_section_and_state_in_a_window(tmp_path):
    now = [EVENING]
    store = BookStore(tmp_path / "book.sqlite3", wall_clock=lambda: now[0])
    a = store.leave("book", "one")
    now[0] += dt.timedelta(days=3)
    store.leave("book", "two")
    store.flush()
    store.decide(a, True)
    store.close()
    db = connect(tmp_path / "book.sqlite3", read_only=True)
    assert counts(db) == {"book": {"pending": 1, "approved": 1, "rejected": 0}}
    start = (EVENING - dt.datetime(1970, 1, 1)).total_seconds()
    assert counts(db, start + 86400, float("inf")) == {"book": {"pending": 1, "approved": 0, "rejected": 0}}
