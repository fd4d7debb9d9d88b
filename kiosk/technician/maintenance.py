"""What the technician's maintenance screen does, without Kivy: exit statuses, the box's
power behind a small interface, and what the kiosk shows and since when.

``deploy/kiosk.service`` restarts the kiosk after any exit but ``LEAVE_FOR_MAINTENANCE``
(``RestartPreventExitStatus=``), so "leave to a console" stays left until the technician
starts it again (``sudo systemctl start kiosk``) or reboots.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .. import __version__
from ..analytics.book import Message, decide, read_messages
from ..analytics.book import connect as book_connect
from ..content.loader import LoadResult
from ..content.signing import SignatureError, TrustedKeys, signer_of
from ..content.update import CURRENT, _timeline, current_version, rollback
from .usb import Prepare, Stick, StickProgress, prepare_renditions, update_from_stick

log = logging.getLogger(__name__)

LEAVE_FOR_MAINTENANCE = 75
"""The kiosk's exit status when the technician leaves to a console; the unit does not
restart on it. (75 is sysexits' EX_TEMPFAIL: the kiosk is away for a while.)"""
RESTART = 0
"""The kiosk's exit status for "restart the kiosk": ``Restart=always`` starts it again."""
IDLE_SECONDS = 300.0
"""The maintenance screen closes itself after five minutes without a touch."""
IDLE_WARNING = 20.0


class BoxPower(Protocol):
    """Reboot or shut down the machine. Returns None when asked, else why it could not."""

    def reboot(self) -> str | None: ...

    def power_off(self) -> str | None: ...


Run = Callable[..., subprocess.CompletedProcess]


def _run(args: Sequence[str]) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=30, check=False)


class SystemdPower:
    """``systemctl reboot`` / ``systemctl poweroff``: for the kiosk user these go to logind,
    which lets the kiosk's active session on tty7 do it (polkit rule from deploy/install.sh)."""

    def __init__(self, run: Run = _run) -> None:
        self.run = run

    def _call(self, verb: str) -> str | None:
        try:
            done = self.run(["systemctl", verb, "--no-ask-password"])
        except (OSError, subprocess.SubprocessError) as exc:
            return str(exc)
        if done.returncode != 0:
            return (done.stderr or done.stdout).strip() or f"systemctl {verb} exited with {done.returncode}"
        log.info("systemctl %s: asked", verb)
        return None

    def reboot(self) -> str | None:
        return self._call("reboot")

    def power_off(self) -> str | None:
        return self._call("poweroff")


class FakePower:
    """Records what was asked (tests, ``kiosk preview``)."""

    def __init__(self, refuse: str | None = None) -> None:
        self.asked: list[str] = []
        self.refuse = refuse

    def reboot(self) -> str | None:
        self.asked.append("reboot")
        return self.refuse

    def power_off(self) -> str | None:
        self.asked.append("poweroff")
        return self.refuse


@dataclass(frozen=True)
class KioskStatus:
    """What the kiosk shows and since when, for the maintenance screen."""

    version: str
    """The kiosk software's version."""
    shown: Path
    """The exhibition file on screen."""
    content: str | None
    """The content version live (``kiosk update``'s name), None when not run from a content folder."""
    since: dt.datetime | None
    """When that content went live (the ``current`` link was switched)."""
    previous: str | None
    """What ``kiosk rollback`` would bring back."""
    problems: tuple[str, ...]
    """Problems from the last load, and why the content on screen is not the latest."""
    signed_by: str | None = None
    """The curator key that signed the live content (fingerprint and name), None when unsigned."""
    trusted: tuple[str, ...] | None = ()
    """The curator keys new content must be signed by; empty when any valid content is
    accepted; None when the trusted keys cannot be read (nothing is accepted)."""
    opening: tuple[bool, dt.datetime | None] | None = None
    """The opening hours now: whether the venue is open and when that next changes (the screen
    sleeps while it is closed); None without opening hours."""


def kiosk_status(loaded: LoadResult, content_dir: Path, why: str | None = None,
                 now: dt.datetime | None = None) -> KioskStatus:
    """Read from the content folder: the live version, when it was switched, what came before."""
    live = current_version(content_dir)
    since = None
    previous = None
    if live is not None:
        try:
            since = dt.datetime.fromtimestamp(os.lstat(content_dir / CURRENT).st_mtime)
        except OSError:
            pass
        before = [name for name in _timeline(content_dir) if name != live]
        previous = before[-1] if before else None
    problems = tuple([why] if why else []) + tuple(str(p) for p in loaded.problems)
    signed_by = signer_of(content_dir / CURRENT) if live is not None else None
    try:
        trust = TrustedKeys()
        trusted: tuple[str, ...] | None = tuple(key.describe() for key in trust.active())
        if trust.enforced and not trusted:
            trusted = None  # every key revoked: nothing is accepted
    except SignatureError:
        trusted = None
    opening = loaded.exhibition.opening if loaded.exhibition is not None else None
    moment = now or dt.datetime.now()
    hours = (opening.is_open(moment), opening.next_change(moment)) if opening is not None else None
    return KioskStatus(__version__, loaded.source, live, since, previous, problems, signed_by, trusted, hours)


@dataclass(frozen=True)
class Finding:
    """One of ``kiosk doctor``'s checks, as the screen lists it."""

    status: str
    """OK, WARN, FAIL or SKIP."""
    name: str
    found: str
    fix: str


def doctor_findings(gl_timeout: float = 20.0) -> list[Finding]:
    """``kiosk doctor``'s checks (slow: minutes at worst; call it off the UI thread)."""
    from .doctor import run_checks

    return [Finding(c.status.value, c.name, c.found, c.fix) for c in run_checks(gl_timeout)]


@dataclass
class MaintenanceTools:
    """What the maintenance screen works with (its ``MaintenanceTools`` interface), given
    by the app; tests give their own power, checks and validation."""

    content_dir: Path
    power: BoxPower = field(default_factory=SystemdPower)
    findings: Callable[[], list[Finding]] = doctor_findings
    """``kiosk doctor``'s checks, as findings."""
    validate: Callable[[Path], LoadResult] | None = None
    """How the stick's exhibition is checked (default: the loader)."""
    prepare: Prepare | None = prepare_renditions
    release: Callable[[Stick], None] = lambda _stick: None
    """Unmount and power off a stick the kiosk mounted, once it is read."""
    book: Path | None = None
    """The book of remembrance (default: $KIOSK_BOOK, else $KIOSK_HOME/book.sqlite3)."""
    wall_clock: Callable[[], dt.datetime] = dt.datetime.now

    def _book(self) -> Path:
        from ..analytics.book import default_book_database

        return Path(self.book) if self.book is not None else default_book_database()

    def waiting_messages(self) -> list[Message]:
        """The book's messages nobody has approved or rejected yet, oldest first."""
        path = self._book()
        if not path.is_file():
            return []
        db = book_connect(path)
        try:
            return read_messages(db, state="pending")
        finally:
            db.close()

    def decide_message(self, message_id: str, approve: bool) -> bool:
        """Approve or reject one message (a rejected one loses its words); False: no such message."""
        db = book_connect(self._book())
        try:
            done = decide(db, message_id, approve, self.wall_clock(), by="maintenance screen")
        finally:
            db.close()
        log.info("book: message %s %s on the maintenance screen", message_id, "approved" if approve else "rejected")
        return done

    def check(self) -> list[Finding]:
        try:
            return self.findings()
        except Exception as exc:  # noqa: BLE001 - shown as a finding, never a crash
            log.exception("kiosk doctor could not run")
            return [Finding("FAIL", "kiosk doctor", f"could not run: {exc}", "")]

    def update(self, stick: Stick, report: Callable[[StickProgress], None]) -> None:
        kwargs: dict = {"prepare": self.prepare, "release": self.release}
        if self.validate is not None:
            kwargs["validate"] = self.validate
        update_from_stick(stick, self.content_dir, report, **kwargs)

    def rollback(self) -> str:
        _left, live = rollback(self.content_dir)
        return live

    def reboot(self) -> str | None:
        return self.power.reboot()

    def power_off(self) -> str | None:
        return self.power.power_off()
