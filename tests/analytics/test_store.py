"""The recorder and its store: what is written, and what happens when things go wrong.

Real SQLite files, a real writer thread, a real kill -9 and a real full disk (a 1 MiB
tmpfs, when the tests run as root).
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
import time
from pathlib import Path

import pytest

from kiosk.analytics import store
from kiosk.analytics.events import KINDS, NAMES
from kiosk.analytics.recorder import Recorder, exhibition_version

ROOT = Path(__file__).resolve().parents[2]
NOON = dt.datetime(2027, 2, 26, 12, 0)


class Clocks:
    """The app's two clocks, stepped by the test."""

    def __init__(self) -> None:
        self.mono = 500.0
        self.wall = NOON

    def step(self, seconds: float) -> None:
        self.mono += seconds
        self.wall += dt.timedelta(seconds=seconds)


def recorder(path: Path, clocks: Clocks, **kwargs) -> Recorder:
    return Recorder(path, clock=lambda: clocks.mono, wall_clock=lambda: clocks.wall, version="v1", **kwargs)


def rows(path: Path, sql: str = "SELECT kind, section, item, detail, amount FROM events ORDER BY id") -> list:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def test_the_analytics_package_imports_no_kivy():
    code = ("import sys; import kiosk.analytics.recorder, kiosk.analytics.store, kiosk.analytics.report, "
            "kiosk.analytics.generate, kiosk.analytics.command; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'kivy'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_a_visit_is_written_with_wall_and_monotonic_time_and_the_exhibition_version(tmp_path):
    clocks = Clocks()
    path = tmp_path / "a.sqlite3"
    rec = recorder(path, clocks)
    rec.record("section", "photos")  # before any visit: the attract loop on its own
    rec.start_visit("photos/001", "az")
    rec.record("section", "photos")
    panel = rec.dwell("panel")
    panel.show("photos", "001")
    clocks.step(10)
    clocks.wall -= dt.timedelta(hours=1)  # the clock is set back mid-visit (NTP, a technician)
    panel.show("photos", "002")
    clocks.step(4)
    rec.end_visit("idle", last_activity=clocks.mono - 1)
    rec.close()
    assert [(NAMES[k], s, i, d, a) for k, s, i, d, a in rows(path)] == [
        ("visit_start", "", "photos/001", "az", None),
        ("section", "photos", "", "", None),
        ("panel", "photos", "001", "", 10.0),
        ("panel", "photos", "002", "", 3.0),  # to the last touch
        ("visit_end", "", "", "idle", 13.0),
    ]
    (started, length, reason, version), = rows(
        path, "SELECT started, length, end_reason, (SELECT version FROM versions WHERE id = visits.version) FROM visits")
    assert length == 13.0 and reason == "idle", "the length comes from the monotonic clock"
    assert started == (NOON - dt.datetime(1970, 1, 1)).total_seconds()
    assert version == "v1"
    walls = [w for (w,) in rows(path, "SELECT wall FROM events ORDER BY id")]
    monos = [m for (m,) in rows(path, "SELECT mono FROM events ORDER BY id")]
    assert walls[-1] < walls[0] and monos[-1] > monos[0], "both clocks are kept"
    assert rows(path, "PRAGMA journal_mode") == [("wal",)]
    assert rows(path, "PRAGMA user_version") == [(store.schema_version(),)]


def test_recording_never_touches_the_database_on_the_calling_thread(tmp_path):
    """With the database locked by another process's transaction, record() still returns
    at once; the events arrive when the lock goes."""
    clocks = Clocks()
    path = tmp_path / "a.sqlite3"
    rec = recorder(path, clocks, every=0.05)
    rec.start_visit("photos/001", "az")
    rec.flush()
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    for n in range(2000):
        rec.record("page", "books", "b", str(n))
    assert len(rec.queue) > 0 or rec.writer.is_alive()
    blocker.execute("ROLLBACK")
    blocker.close()
    rec.close()
    assert len(rows(path, "SELECT 1 FROM events WHERE kind = 11")) == 2000


def test_a_clip_records_the_share_watched_whatever_the_seeks_and_its_main_subtitle_language(tmp_path):
    clocks = Clocks()
    path = tmp_path / "a.sqlite3"
    rec = recorder(path, clocks)
    rec.start_visit()
    watch = rec.clip("film", "memorial")
    for second in range(0, 30):  # the first 30 s of 100, in English
        watch.at(second + 0.5, 100.0, "en")
    for second in range(10, 20):  # scrubbed back: seen again, not counted twice
        watch.at(second + 0.2, 100.0, "az")
    rec.end_visit("idle")  # the visit ends with the clip on screen: it is recorded then
    watch.stop()  # and not twice
    rec.close()
    assert rows(path, "SELECT item, detail, amount FROM events WHERE kind = 9") == [("memorial", "en", 0.3)]


def test_events_outside_a_visit_and_once_per_visit_events(tmp_path):
    clocks = Clocks()
    path = tmp_path / "a.sqlite3"
    rec = recorder(path, clocks)
    rec.once("book", "books", "a")
    for _ in range(2):
        rec.start_visit()
        rec.once("book", "books", "a")
        rec.once("book", "books", "a")
        rec.end_visit("idle")
    rec.close()
    assert rows(path, "SELECT visit FROM events WHERE kind = 10 ORDER BY id") == [(1,), (2,)]
    assert rows(path, "SELECT item, n, visits FROM daily WHERE kind = 10") == [("a", 2, 2)]


def test_analytics_off_writes_nothing_and_makes_no_file(tmp_path):
    clocks = Clocks()
    path = tmp_path / "a.sqlite3"
    rec = recorder(path, clocks)
    rec.follow("off", "v1")
    rec.start_visit()
    rec.record("section", "photos")
    rec.close()
    assert not path.exists()


def test_every_kind_has_a_unique_code_and_fields_are_named():
    assert len({k.code for k in KINDS}) == len(KINDS) == len({k.name for k in KINDS})


def test_a_killed_kiosk_loses_at_most_the_last_two_seconds(tmp_path):
    """A child records an event every 20 ms and prints each one; it is sent SIGKILL.
    Everything it recorded more than 2 s before it died is in the database."""
    path = tmp_path / "a.sqlite3"
    child = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from kiosk.analytics.recorder import Recorder
        rec = Recorder({str(path)!r}, every=1.0)
        rec.start_visit("photos/001", "az")
        n = 0
        while True:
            n += 1
            rec.record("page", "books", "b", str(n), amount=time.monotonic())
            print(n, time.monotonic(), flush=True)
            time.sleep(0.02)
    """)
    proc = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True)
    printed = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            n, at = line.split()
            printed.append((int(n), float(at)))
            if printed[-1][1] - printed[0][1] > 4.0:
                break
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    last_printed_at = printed[-1][1]
    with sqlite3.connect(path) as db:
        kept = {int(d) for (d,) in db.execute("SELECT detail FROM events WHERE kind = 11")}
    assert kept, "the batches written before the kill are there"
    lost = [(n, at) for n, at in printed if n not in kept]
    assert all(last_printed_at - at <= 2.0 for _n, at in lost), f"lost too much: {lost[:3]}"
    assert kept == set(range(1, max(kept) + 1)), "no hole: what was written is whole"
    # the next start closes the visit the kill left open, at its last event
    Recorder(path).close()  # no visit: only opening the database
    rec = Recorder(path)
    rec.start_visit()
    rec.close()
    (reason,), *_ = rows(path, "SELECT end_reason FROM visits ORDER BY run")
    assert reason == "interrupted"


def test_a_damaged_database_is_set_aside_and_a_new_one_started(tmp_path, caplog):
    clocks = Clocks()
    path = tmp_path / "a.sqlite3"
    path.write_bytes(b"this is not a database, a power cut left it half written" * 100)
    rec = recorder(path, clocks)
    with caplog.at_level(logging.WARNING, logger="kiosk.analytics"):
        rec.start_visit()
        rec.record("section", "photos")
        rec.close()
    aside = [p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert aside == ["a.sqlite3.corrupt-20270226-120000"]
    assert len(rows(path, "SELECT 1 FROM events")) == 3
    assert [r.getMessage() for r in caplog.records if "damaged" in r.getMessage()] == [
        f"analytics: {path} is damaged (file is not a database); set aside as {aside[0]}, a new one started"]


def test_a_database_with_damaged_pages_is_set_aside(tmp_path):
    clocks = Clocks()
    path = tmp_path / "a.sqlite3"
    rec = recorder(path, clocks)
    rec.start_visit()
    for n in range(3000):
        rec.record("page", "books", "b", str(n))
    rec.close()
    size = path.stat().st_size
    with open(path, "r+b") as f:  # scribble over the middle pages, header intact
        f.seek(size // 3)
        f.write(os.urandom(size // 3))
    rec = recorder(path, clocks)
    rec.start_visit()
    rec.close()
    assert any(".corrupt-" in p.name for p in tmp_path.iterdir())
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]


def test_migrations_bring_an_older_database_forward_and_keep_its_rows(tmp_path, monkeypatch):
    path = tmp_path / "a.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    store.MIGRATIONS[0](db)  # a database from a kiosk that knew schema version 1 only
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO runs VALUES (1, 0, 'old')")
    db.execute("INSERT INTO events VALUES (6, 'photos', '001', '', 1, 1, 1, 86400.5, 10, 1, 7.5)")
    db.close()
    added = []
    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS, lambda d: added.append(d.execute(
        "ALTER TABLE runs ADD COLUMN note TEXT"))])
    db = store.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(store.MIGRATIONS) == 3
    assert added, "the newer step ran"
    assert db.execute("SELECT kind, item, day, n, total FROM daily").fetchall() == [(6, "001", "1970-01-02", 1, 7.5)]
    db.close()


def test_a_database_from_a_newer_kiosk_is_kept_aside(tmp_path):
    path = tmp_path / "a.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {store.schema_version() + 5}")
    db.close()
    db = store.open_database(path, NOON)
    db.close()
    assert (tmp_path / "a.sqlite3.newer-20270226-120000").exists()


def test_retention_removes_visits_older_than_the_exhibition_keeps(tmp_path):
    clocks = Clocks()
    path = tmp_path / "a.sqlite3"
    clocks.wall = NOON - dt.timedelta(days=40)
    rec = recorder(path, clocks)
    rec.start_visit("photos/001")
    rec.record("section", "photos")
    rec.end_visit("idle")
    rec.close()
    clocks.wall = NOON
    rec = recorder(path, clocks, keep_days=30)
    rec.start_visit("photos/003")
    rec.end_visit("idle")
    rec.close()
    assert rows(path, "SELECT attract FROM visits") == [("photos/003",)]
    assert rows(path, "SELECT count(*) FROM events WHERE kind = 5") == [(0,)]
    assert rows(path, "SELECT count(*) FROM daily WHERE kind = 5") == [(0,)]


def test_the_exhibition_version_names_the_update_folder_and_the_yaml(tmp_path):
    folder = tmp_path / "content" / "versions" / "0004-20270226-184500"
    folder.mkdir(parents=True)
    (folder / "exhibition.yaml").write_text("title: a\n")
    first = exhibition_version([folder / "exhibition.yaml"], folder / "exhibition.yaml")
    (folder / "exhibition.yaml").write_text("title: b\n")
    second = exhibition_version([folder / "exhibition.yaml"], folder / "exhibition.yaml")
    assert first.startswith("0004-20270226-184500 ") and first != second


@pytest.mark.skipif(os.geteuid() != 0 or sys.platform != "linux", reason="mounting a small tmpfs needs root")
def fill_disk(mount: Path) -> Path:
    """The rest of the disk at ``mount``, taken by something else: the filler file (unlink it to free it)."""
    filler = mount / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_pauses_recording_with_one_log_line_and_it_resumes(tmp_path, caplog):
    mount = tmp_path / "small"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], check=True)
    try:
        clocks = Clocks()
        path = mount / "a.sqlite3"
        rec = recorder(path, clocks, every=0.05, retry=0.2)
        rec.start_visit()
        rec.flush()
        filler = fill_disk(mount)
        with caplog.at_level(logging.INFO, logger="kiosk.analytics"):
            for round_ in range(20):
                for n in range(300):
                    rec.record("page", "books", f"b{round_}", str(n))
                rec.flush()
            assert rec.writer.paused_until is not None, "recording paused"
            assert rec.writer.is_alive()
            full = [r for r in caplog.records if "disk is full" in r.getMessage()]
            assert len(full) == 1, "one log line, however many batches fail"
            filler.unlink()
            time.sleep(0.3)  # past the retry time (real time: the writer's own pause)
            rec.record("page", "books", "after", "1")
            rec.flush()
            rec.flush()
        assert rec.writer.paused_until is None
        assert any("recording again" in r.getMessage() for r in caplog.records)
        rec.close()
        assert rows(path, "SELECT item FROM events WHERE item = 'after'") == [("after",)]
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
