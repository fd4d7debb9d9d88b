"""The technician's way out: a long press in a corner, then a PIN (no Kivy here).

The PIN is kept only as a salted scrypt hash. Wrong PINs are rate-limited.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from pathlib import Path

from .places import kiosk_home

log = logging.getLogger(__name__)

DEFAULT_PIN = "0000"
HOLD_SECONDS = 3.0
CORNER_SIZE = 120  # px at 1080p
HOLD_SLOP = 40
"""Pixels a held finger may drift before the hold counts as a slide."""


def _hash(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)


def _write_private(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in a file only its owner can read, from its first byte:
    created 0600 (never written world-readable and restricted afterwards), flushed, renamed."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class PinStore:
    """The technician PIN as a salted hash in a small JSON file, and beside it the count of
    wrong PINs in a row, so a restart (or a pulled plug) does not reset the rate limit."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or kiosk_home() / "pin.json"
        self.attempts_path = self.path.with_name(f"{self.path.stem}-attempts.json")

    def set(self, pin: str) -> None:
        if not (pin.isdigit() and 4 <= len(pin) <= 8):
            raise ValueError("the PIN must be 4 to 8 digits")
        salt = secrets.token_bytes(16)
        _write_private(self.path, json.dumps({"salt": salt.hex(), "hash": _hash(pin, salt).hex(), "kdf": "scrypt"}))

    def failures(self) -> int:
        """Wrong PINs in a row so far, as last saved (0 when none or unreadable)."""
        try:
            value = json.loads(self.attempts_path.read_text(encoding="utf-8"))["failures"]
        except FileNotFoundError:
            return 0
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("the wrong-PIN count in %s is unreadable (%s); counting from 3", self.attempts_path, exc)
            return 3  # unreadable is not a reason to give a guesser fresh tries
        return value if isinstance(value, int) and 0 <= value < 10_000 else 3

    def save_failures(self, count: int) -> None:
        """Remember ``count`` wrong PINs in a row; a failure to write is logged, never raised."""
        try:
            if count == 0:
                self.attempts_path.unlink(missing_ok=True)
            else:
                _write_private(self.attempts_path, json.dumps({"failures": count}))
        except OSError as exc:
            log.error("cannot save the wrong-PIN count in %s: %s", self.attempts_path, exc)

    @property
    def is_set(self) -> bool:
        return self.path.is_file()

    def check(self, pin: str) -> bool:
        if not self.is_set:
            return hmac.compare_digest(pin, DEFAULT_PIN)
        try:
            stored = json.loads(self.path.read_text())
            salt, digest = bytes.fromhex(stored["salt"]), bytes.fromhex(stored["hash"])
        except (OSError, ValueError, KeyError) as exc:
            log.error("the PIN file %s is unreadable (%s); the exit stays locked", self.path, exc)
            return False
        return hmac.compare_digest(_hash(pin, salt), digest)


class PinAttempts:
    """Three wrong PINs lock the pad for 30 s, doubling each time up to 15 minutes."""

    def __init__(self, store: PinStore, free_tries: int = 3, first_lock: float = 30.0) -> None:
        self.store = store
        self.free_tries = free_tries
        self.first_lock = first_lock
        self.failures = store.failures()
        self.locked_until = 0.0
        # After a restart with too many wrong PINs on record, the pad starts locked for the
        # lock those PINs earned, counted from the first time it is asked (``now`` is the
        # caller's clock, which a restart resets).
        self._restart_lock = self.failures >= free_tries

    def _lock_seconds(self) -> float:
        return min(self.first_lock * 2 ** (self.failures - self.free_tries), 900.0)

    def locked_for(self, now: float) -> float:
        if self._restart_lock:
            self._restart_lock = False
            self.locked_until = now + self._lock_seconds()
        return max(0.0, self.locked_until - now)

    def try_pin(self, pin: str, now: float) -> bool:
        if self.locked_for(now) > 0:
            return False
        if self.store.check(pin):
            self.failures = 0
            self.store.save_failures(0)
            return True
        self.failures += 1
        self.store.save_failures(self.failures)
        if self.failures >= self.free_tries:
            self.locked_until = now + self._lock_seconds()
        log.warning("wrong technician PIN (%d in a row)", self.failures)
        return False


class CornerHold:
    """A press held still in one corner for ``seconds`` opens the PIN pad.

    Only a press that stays put counts: sliding more than ``slop`` pixels, or out of the
    corner, cancels it, and so does the app when a widget takes the touch (the Back
    button sits in that corner on every screen but home: holding it is a press of Back).
    """

    def __init__(self, corner: str = "top-left", seconds: float = HOLD_SECONDS, size: float = CORNER_SIZE,
                 slop: float = HOLD_SLOP) -> None:
        self.corner = corner
        self.seconds = seconds
        self.size = size
        self.slop = slop
        self.pressed_at: float | None = None
        self.touch_id: object = None
        self.start: tuple[float, float] = (0.0, 0.0)

    def in_corner(self, x: float, y: float, width: float, height: float) -> bool:
        """Kivy's y grows upwards: "top" is near ``height``."""
        vertical, horizontal = self.corner.split("-")
        near_x = x <= self.size if horizontal == "left" else x >= width - self.size
        near_y = y >= height - self.size if vertical == "top" else y <= self.size
        return near_x and near_y

    def down(self, touch_id: object, x: float, y: float, width: float, height: float, now: float) -> bool:
        if self.in_corner(x, y, width, height):
            self.pressed_at, self.touch_id, self.start = now, touch_id, (x, y)
            return True
        return False

    def move(self, touch_id: object, x: float, y: float, width: float, height: float) -> None:
        """A press that slides (a swipe starting in the corner) is not a hold."""
        if touch_id != self.touch_id or self.pressed_at is None:
            return
        moved = max(abs(x - self.start[0]), abs(y - self.start[1]))
        if moved > self.slop or not self.in_corner(x, y, width, height):
            self.cancel(touch_id)

    def cancel(self, touch_id: object) -> None:
        """This press does not count (a widget took it, or it moved)."""
        if touch_id == self.touch_id:
            self.pressed_at = None

    def up(self, touch_id: object) -> None:
        if touch_id == self.touch_id:
            self.pressed_at = self.touch_id = None

    def fired(self, now: float) -> bool:
        """True once when the press has been held long enough."""
        if self.pressed_at is not None and now - self.pressed_at >= self.seconds:
            self.pressed_at = None
            return True
        return False
