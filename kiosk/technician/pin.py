"""The technician PIN: kept only as a salted scrypt hash, wrong PINs rate-limited (no Kivy).

The PIN opens the corner gesture's pad (``kiosk.shell.lockdown``): leaving the kiosk, the
maintenance screen, an update from a USB stick; a kiosk joins a fleet only once it has one.
There is no default PIN: until one is set (``kiosk set-pin``, which ``deploy/install.sh``
runs), nothing opens, and the corner gesture says that the technician's set-up is needed.
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

MIN_DIGITS, MAX_DIGITS = 4, 8
RANDOM_DIGITS = 6
"""The length of the PIN ``kiosk set-pin --random`` makes (an install without a terminal)."""


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


def random_pin(digits: int = RANDOM_DIGITS) -> str:
    """A PIN from the operating system's randomness, never one of the easy ones."""
    while True:
        pin = f"{secrets.randbelow(10 ** digits):0{digits}d}"
        if trivial_pin_reason(pin) is None:
            return pin


def require_pin(store: "PinStore | None" = None) -> None:
    """Refuse what a technician does on the box (a fleet join) until a PIN is set."""
    from ..common.user_error import UserError

    store = store or PinStore()
    if not store.is_set:
        raise UserError(f"no technician PIN is set on this kiosk ({store.path}); set one first: sudo kiosk set-pin")


class PinStore:
    """The technician PIN as a salted hash in a small JSON file, and beside it the count of
    wrong PINs in a row, so a restart (or a pulled plug) does not reset the rate limit."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or kiosk_home() / "pin.json"
        self.attempts_path = self.path.with_name(f"{self.path.stem}-attempts.json")

    def set(self, pin: str) -> None:
        if not (pin.isdigit() and MIN_DIGITS <= len(pin) <= MAX_DIGITS):
            raise ValueError(f"the PIN must be {MIN_DIGITS} to {MAX_DIGITS} digits")
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
        """True for the PIN that was set; always False while none is (there is no default)."""
        if not self.is_set:
            return False
        try:
            stored = json.loads(self.path.read_text())
            salt, digest = bytes.fromhex(stored["salt"]), bytes.fromhex(stored["hash"])
        except (OSError, ValueError, KeyError) as exc:
            log.error("the PIN file %s is unreadable (%s); the exit stays locked", self.path, exc)
            return False
        return hmac.compare_digest(_hash(pin, salt), digest)


FREE_TRIES = 3
FIRST_LOCK = 30.0
LONGEST_LOCK = 900.0


def lock_after(failures: int, free_tries: int = FREE_TRIES, first_lock: float = FIRST_LOCK) -> float:
    """The seconds the pad stays locked after ``failures`` wrong PINs in a row."""
    if failures < free_tries:
        return 0.0
    return min(first_lock * 2 ** min(failures - free_tries, 32), LONGEST_LOCK)


class PinAttempts:
    """Three wrong PINs lock the pad for 30 s, doubling each time up to 15 minutes."""

    def __init__(self, store: PinStore, free_tries: int = FREE_TRIES, first_lock: float = FIRST_LOCK) -> None:
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
        return lock_after(self.failures, self.free_tries, self.first_lock)

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



def guessing_seconds(digits: int) -> float:
    """How long trying every PIN of ``digits`` digits on the pad takes at the least: each
    wrong PIN waits out the lock it earned (typing itself not counted; a restart keeps the
    count, ``PinStore.failures``)."""
    wrong = 10 ** digits - 1  # the right PIN comes last
    total, failures = 0.0, 1
    while failures <= wrong and lock_after(failures) < LONGEST_LOCK:
        total += lock_after(failures)
        failures += 1
    return total + LONGEST_LOCK * max(0, wrong - failures + 1)
