"""Work that leaves the UI thread and comes back through the Clock (as Kivy's loader does)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from kivy.clock import Clock

log = logging.getLogger(__name__)
T = TypeVar("T")


def off_thread(work: Callable[[], T], done: Callable[[T | None, BaseException | None], Any],
               name: str = "kiosk-work") -> None:
    """Run ``work`` on a thread; call ``done(result, error)`` on the UI thread."""

    def run() -> None:
        try:
            result, error = work(), None
        except Exception as exc:  # noqa: BLE001 - handed back to the caller, never lost
            result, error = None, exc
        Clock.schedule_once(lambda _dt: done(result, error), 0)

    threading.Thread(target=run, name=name, daemon=True).start()
