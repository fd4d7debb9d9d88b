"""A kiosk's status folder, written by the agent and read on the curator's machine.

The status folder holds::

    status.json         name, live version and content, last apply with every problem,
                        uptime, restarts, free disk, last seen
    screen.jpg          what visitors see (from the running kiosk's screenshot)
    analytics.sqlite3   a consistent copy of the analytics database, when there is one
    book.sqlite3        a consistent copy of the book of remembrance, when there is one
                        (what visitors wrote, for the curator to approve: kiosk/fleet/book.py)

Each file is written beside the folder first and renamed into it, so Syncthing never
sends half a file and no temporary file appears in the shared folder.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import secrets
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..common.files import fsync_dir, write_atomic
from ..common.places import display_state_file
from ..content.digest import short

log = logging.getLogger(__name__)

STATUS = "status.json"
SCREEN = "screen.jpg"
ANALYTICS = "analytics.sqlite3"
BOOK = "book.sqlite3"
STALE_AFTER = dt.timedelta(minutes=10)
SCREEN_WIDTH = 1280
"""Screenshots are scaled down to this width: enough to see what is on screen, light to sync."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def publish(data: bytes, target: Path, scratch: Path) -> None:
    """Put ``data`` at ``target`` in one rename, from a scratch file outside the shared folder."""
    write_atomic(target, data, scratch=scratch)


def backup_sqlite(database: Path, target: Path, scratch: Path) -> None:
    """A consistent copy of ``database`` at ``target`` through SQLite's backup API (never half a write)."""
    scratch.mkdir(parents=True, exist_ok=True)
    tmp = scratch / f".{target.name}.{secrets.token_hex(4)}.tmp"
    try:
        source = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)
        try:
            copy = sqlite3.connect(tmp)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(target.parent)


def shrink_screenshot(png: Path, width: int = SCREEN_WIDTH) -> bytes:
    """The kiosk's PNG screenshot as a JPEG ``width`` pixels wide."""
    import io

    from PIL import Image

    with Image.open(png) as image:
        image = image.convert("RGB")
        if image.width > width:
            image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=80)
        return out.getvalue()


@dataclass(frozen=True)
class ServiceInfo:
    """How long the kiosk has been up and how often systemd restarted it."""

    kiosk_seconds: float | None
    restarts: int | None


def systemd_service_info(unit: str = "kiosk.service") -> ServiceInfo:
    """From ``systemctl show``; unknown (None) where systemd does not run the kiosk."""
    try:
        done = subprocess.run(["systemctl", "show", unit, "--property=NRestarts,ActiveEnterTimestampMonotonic,"
                               "ActiveState"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ServiceInfo(None, None)
    values = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    if done.returncode != 0 or values.get("ActiveState") != "active":
        return ServiceInfo(None, int(values["NRestarts"]) if values.get("NRestarts", "").isdigit() else None)
    since = int(values.get("ActiveEnterTimestampMonotonic", "0") or 0) / 1e6
    return ServiceInfo(max(0.0, _monotonic_now() - since) if since else None,
                       int(values["NRestarts"]) if values.get("NRestarts", "").isdigit() else None)


def _monotonic_now() -> float:
    import time

    return time.clock_gettime(time.CLOCK_MONOTONIC)


def machine_uptime() -> float | None:
    try:
        return float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def display_state(path: Path | None = None) -> dict[str, Any] | None:
    """What the running kiosk wrote of its screen (kiosk/shell/sleep.py writes
    ``KIOSK_HOME/display.json``: display awake or asleep, should_be, reason, until, error)."""
    try:
        state = json.loads((path or display_state_file()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


WAKE_SLACK = dt.timedelta(minutes=5)
"""A screen still asleep this long after the opening it waited for is flagged."""


class StatusWriter:
    """Writes a kiosk's status folder."""

    def __init__(self, name: str, folder: Path, scratch: Path, *, content_dir: Path,
                 screenshot: Path | None = None, analytics: Path | None = None, book: Path | None = None,
                 service: Callable[[], ServiceInfo] = systemd_service_info,
                 now: Callable[[], dt.datetime] = utc_now,
                 display: Callable[[], dict[str, Any] | None] = display_state) -> None:
        self.name = name
        self.folder = Path(folder)
        self.scratch = Path(scratch)
        self.content_dir = Path(content_dir)
        self.screenshot = Path(screenshot) if screenshot else None
        self.analytics = Path(analytics) if analytics else None
        self.book = Path(book) if book else None
        self.service = service
        self.now = now
        self.display = display
        self._screen_seen: tuple[int, int] | None = None
        self._seen: dict[str, tuple[int, ...]] = {}
        """Each database copied: the size and time of it and its WAL when it was copied."""

    def write(self, *, live: tuple[str | None, str | None], last_apply: dict[str, Any] | None,
              sync: dict[str, Any] | None) -> dict[str, Any]:
        """Write status.json (and a new screenshot or analytics copy when there is one); returns the status."""
        self.folder.mkdir(parents=True, exist_ok=True)
        screen = self._copy_screenshot()
        analytics = self._copy_database(self.analytics, ANALYTICS)
        book = self._copy_database(self.book, BOOK)
        service = self.service()
        try:
            free = shutil.disk_usage(self.content_dir if self.content_dir.exists() else self.folder).free
        except OSError:
            free = None
        status = {
            "kiosk": self.name,
            "software": f"kiosk {__version__}",
            "last_seen": self.now().isoformat(timespec="seconds"),
            "live": {"version": live[0], "content": live[1]},
            "last_apply": last_apply,
            "sync": sync,
            "uptime": {"machine_s": machine_uptime(), "kiosk_s": service.kiosk_seconds},
            "restarts": service.restarts,
            "disk_free_bytes": free,
            "screenshot": screen,
            "analytics": analytics,
            "book": book,
            "display": self.display(),
        }
        publish((json.dumps(status, indent=2, ensure_ascii=False) + "\n").encode("utf-8"), self.folder / STATUS,
                self.scratch)
        return status

    def _copy_screenshot(self) -> dict[str, Any] | None:
        if self.screenshot is None or not self.screenshot.is_file():
            return self._existing(SCREEN)
        stat = self.screenshot.stat()
        if self._screen_seen != (stat.st_mtime_ns, stat.st_size) or not (self.folder / SCREEN).exists():
            try:
                publish(shrink_screenshot(self.screenshot), self.folder / SCREEN, self.scratch)
                self._screen_seen = (stat.st_mtime_ns, stat.st_size)
            except (OSError, ValueError) as exc:  # a half-written PNG: next time
                log.warning("cannot copy the screenshot %s: %s", self.screenshot, exc)
        taken = dt.datetime.fromtimestamp(stat.st_mtime, dt.timezone.utc).isoformat(timespec="seconds")
        return {"file": SCREEN, "taken_at": taken}

    def _copy_database(self, database: Path | None, name: str) -> dict[str, Any] | None:
        """A consistent copy of ``database`` as ``name`` in the folder, when it has changed."""
        if database is None or not database.is_file():
            return None
        parts = [database, database.with_name(database.name + "-wal")]
        seen = tuple(v for p in parts if p.exists() for v in (p.stat().st_mtime_ns, p.stat().st_size))
        if seen != self._seen.get(name) or not (self.folder / name).exists():
            try:
                backup_sqlite(database, self.folder / name, self.scratch)
                self._seen[name] = seen
            except (OSError, sqlite3.Error) as exc:
                log.warning("cannot copy the database %s: %s", database, exc)
                return self._existing(name)
        return {"file": name, "copied_at": self.now().isoformat(timespec="seconds")} \
            if self._seen.get(name) == seen else self._existing(name)

    def _existing(self, name: str) -> dict[str, Any] | None:
        path = self.folder / name
        if not path.exists():
            return None
        at = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc).isoformat(timespec="seconds")
        return {"file": name, "taken_at" if name == SCREEN else "copied_at": at}


# --- the curator's side ------------------------------------------------------------------------


@dataclass(frozen=True)
class KioskLine:
    """One kiosk in ``kiosk fleet status``."""

    name: str
    seen: dt.datetime | None
    stale: bool
    version: str | None
    content: str | None
    other_content: bool
    problems: tuple[str, ...]
    note: str
    screen: str = ""
    """"asleep (closed until 09:00)" for a screen dark on purpose; empty when awake or unknown."""
    should_wake: bool = False
    """A screen asleep that the opening hours want awake, or that failed to switch."""

    @property
    def healthy(self) -> bool:
        return not self.stale and not self.other_content and not self.should_wake


def _ago(delta: dt.timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds < 0:
        return f"{-seconds // 60} min in the future (clock?)"
    if seconds < 90:
        return "just now"
    if seconds < 90 * 60:
        return f"{seconds // 60} min ago"
    if seconds < 48 * 3600:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


def read_fleet(folder: Path, expected: str | None, *, names: list[str] | None = None,
               now: dt.datetime | None = None, stale_after: dt.timedelta = STALE_AFTER) -> list[KioskLine]:
    """Every kiosk under ``folder`` (one status folder each) against the curator's content ``expected``."""
    now = now or utc_now()
    folder = Path(folder)
    found = sorted({p.name for p in folder.iterdir() if (p / STATUS).is_file()} if folder.is_dir() else set())
    lines = []
    for name in sorted(set(found) | set(names or [])):
        path = folder / name / STATUS
        try:
            status = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            lines.append(KioskLine(name, None, True, None, None, expected is not None, (), "never reported"))
            continue
        except (OSError, ValueError) as exc:
            lines.append(KioskLine(name, None, True, None, None, expected is not None, (),
                                   f"unreadable status ({exc})"))
            continue
        try:
            seen = dt.datetime.fromisoformat(status["last_seen"])
            if seen.tzinfo is None:
                seen = seen.replace(tzinfo=dt.timezone.utc)
        except (KeyError, TypeError, ValueError):
            seen = None
        live = status.get("live") or {}
        last = status.get("last_apply") or {}
        problems = tuple(last.get("problems") or ())
        notes = []
        if last.get("result") in ("refused", "failed"):
            notes.append(f"{last['result']} {short(last.get('content'))}: {last.get('message', '')}")
        sync = status.get("sync") or {}
        if sync.get("need_items"):
            notes.append(f"receiving: {sync['need_items']} items to come")
        stale = seen is None or now - seen > stale_after
        content = live.get("content")
        screen, should_wake = _screen(status.get("display"), now)
        lines.append(KioskLine(name, seen, stale, live.get("version"), content,
                               expected is not None and content != expected, problems, "; ".join(notes),
                               screen, should_wake))
    return lines


def _screen(display: Any, now: dt.datetime) -> tuple[str, bool]:
    """What a kiosk's display state says, and whether it is a screen that should be awake."""
    if not isinstance(display, dict):
        return "", False
    error = display.get("error")
    if display.get("display") != "asleep":
        return (f"display: {error}", True) if error else ("", False)
    text = f"asleep ({display.get('reason') or 'closed'})"
    try:
        until = dt.datetime.fromisoformat(display["until"]) if display.get("until") else None
    except (TypeError, ValueError):
        until = None
    local = now.astimezone().replace(tzinfo=None)  # the venue's wall clock, as the kiosk wrote it
    late = until is not None and local > until + WAKE_SLACK
    if late:
        text += f"; it should have woken at {until:%H:%M}"
    if error:
        text += f"; display: {error}"
    return text, late or display.get("should_be") == "awake" or bool(error)


def format_fleet(lines: list[KioskLine], expected: str | None, now: dt.datetime | None = None) -> str:
    now = now or utc_now()
    rows = []
    for line in lines:
        seen = "never" if line.seen is None else _ago(now - line.seen)
        flags = []
        if line.stale:
            flags.append("STALE")
        if line.other_content:
            flags.append("OTHER CONTENT")
        if line.should_wake:
            flags.append("SHOULD BE AWAKE")
        live = f"{line.version or 'nothing live'} ({short(line.content)})"
        state = ", ".join(flags) or "ok"
        notes = "".join(f"; {text}" for text in (line.screen, line.note) if text)
        rows.append((line.name, f"seen {seen}", live, state + notes))
    widths = [max((len(r[i]) for r in rows), default=0) for i in range(3)]
    out = [f"curator's content: {short(expected)}" if expected else "curator's content: not given (--exhibition)"]
    out += ["  ".join(r[i].ljust(widths[i]) for i in range(3)) + "  " + r[3] for r in rows]
    if not rows:
        out.append("no kiosk has reported yet")
    for line in lines:
        for problem in line.problems:
            out.append(f"{line.name}: {problem}")
    return "\n".join(out) + "\n"
