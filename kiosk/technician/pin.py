"""The technician PIN: kept only as a salted scrypt hash, wrong PINs rate-limited (no Kivy).

The PIN opens the corner gesture's pad (``kiosk.shell.lockdown``): leaving the kiosk, the
maintenance screen, an update from a USB stick.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
from pathlib import Path

from ..common.files import write_private
from ..common.places import kiosk_home

log = logging.getLogger(__name__)

DEFAULT_PIN = "0000"


def _hash(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)


def trivial_pin_reason(pin: str) -> str | None:
    """Why a PIN is too easy to guess (0000, 1111, 1234, 9876, 1212), or None."""
    if not pin.isdigit() or len(pin) < 2:
        return None
    if len(set(pin)) == 1:
        return "all its digits are the same"
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:])}
    if steps in ({1}, {9}):
        return "its digits run up or down in order"
    for size in range(2, len(pin) // 2 + 1):
        if len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size):
            return f"it repeats {pin[:size]}"
    return None


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
        write_private(self.path, json.dumps({"salt": salt.hex(), "hash": _hash(pin, salt).hex(), "kdf": "scrypt"}))

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
                write_private(self.attempts_path, json.dumps({"failures": count}))
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
