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

log = logging.getLogger(__name__)

DEFAULT_PIN = "0000"
HOLD_SECONDS = 3.0
CORNER_SIZE = 120  # px at 1080p


def kiosk_home() -> Path:
    """The kiosk's own folder for its settings, PIN and Kivy configuration."""
    home = os.environ.get("KIOSK_HOME")
    if home:
        return Path(home)
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "kiosk"


def _hash(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)


class PinStore:
    """The technician PIN as a salted hash in a small JSON file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or kiosk_home() / "pin.json"

    def set(self, pin: str) -> None:
        if not (pin.isdigit() and 4 <= len(pin) <= 8):
            raise ValueError("the PIN must be 4 to 8 digits")
        salt = secrets.token_bytes(16)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"salt": salt.hex(), "hash": _hash(pin, salt).hex(), "kdf": "scrypt"}))
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)

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
        self.failures = 0
        self.locked_until = 0.0

    def locked_for(self, now: float) -> float:
        return max(0.0, self.locked_until - now)

    def try_pin(self, pin: str, now: float) -> bool:
        if self.locked_for(now) > 0:
            return False
        if self.store.check(pin):
            self.failures = 0
            return True
        self.failures += 1
        if self.failures >= self.free_tries:
            extra = self.failures - self.free_tries
            self.locked_until = now + min(self.first_lock * 2**extra, 900.0)
        log.warning("wrong technician PIN (%d in a row)", self.failures)
        return False


class CornerHold:
    """A press held still in one corner for ``seconds`` opens the PIN pad."""

    def __init__(self, corner: str = "top-left", seconds: float = HOLD_SECONDS, size: float = CORNER_SIZE) -> None:
        self.corner = corner
        self.seconds = seconds
        self.size = size
        self.pressed_at: float | None = None
        self.touch_id: object = None

    def in_corner(self, x: float, y: float, width: float, height: float) -> bool:
        """Kivy's y grows upwards: "top" is near ``height``."""
        vertical, horizontal = self.corner.split("-")
        near_x = x <= self.size if horizontal == "left" else x >= width - self.size
        near_y = y >= height - self.size if vertical == "top" else y <= self.size
        return near_x and near_y

    def down(self, touch_id: object, x: float, y: float, width: float, height: float, now: float) -> bool:
        if self.in_corner(x, y, width, height):
            self.pressed_at, self.touch_id = now, touch_id
            return True
        return False

    def up(self, touch_id: object) -> None:
        if touch_id == self.touch_id:
            self.pressed_at = self.touch_id = None

    def fired(self, now: float) -> bool:
        """True once when the press has been held long enough."""
        if self.pressed_at is not None and now - self.pressed_at >= self.seconds:
            self.pressed_at = None
            return True
        return False
