"""The screen asleep while the venue is closed (no Kivy here; the app draws and touches).

``NightWatch`` decides, against the wall clock and the app's monotonic clock passed in,
whether the screen should be dark now: outside the opening hours, once the attract loop is
showing (a visit under way at closing time ends first, as idle would end it) and no one has
touched the screen for the idle timeout. A touch while dark wakes it when the exhibition
says ``wake: touch``; the attract loop then shows until that visitor has gone.

``DisplaySleeper`` switches the display through the chosen ``DisplayPower`` (HDMI-CEC,
DPMS or a black screen, kiosk/technician/display.py) on one worker thread, since
cec-client takes seconds, and writes what it did to ``KIOSK_HOME/display.json`` for the
fleet's status: asleep on purpose is never reported as a failure, and a screen that should
be awake and is not is flagged there.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from ..common.files import write_json_atomic
from ..common.places import display_state_file
from ..content.opening import Opening, describe_change
from ..technician.display import DisplayPower

log = logging.getLogger(__name__)


class NightWatch:
    """Whether the screen should be dark now."""

    def __init__(self, opening: Opening | None, linger: float) -> None:
        self.opening = opening
        self.linger = linger
        """Seconds the attract loop shows after the last touch while closed before it sleeps."""

    @property
    def wakes_on_touch(self) -> bool:
        return self.opening is not None and self.opening.wake == "touch"

    def closed(self, wall: dt.datetime) -> bool:
        return self.opening is not None and not self.opening.is_open(wall)

    def dark(self, wall: dt.datetime, now: float, attract: bool, last_touch: float) -> bool:
        if not self.closed(wall) or not attract:
            return False
        return now - last_touch >= self.linger

    def why(self, wall: dt.datetime) -> str:
        """"closed until 09:00" (or "open until 18:00"), for the log, the status and the screen."""
        return describe_change(self.opening, wall) if self.opening is not None else "open"


@dataclass(frozen=True)
class DisplayState:
    """What ``display.json`` holds."""

    display: str
    """awake or asleep."""
    should_be: str
    """awake or asleep: what the opening hours ask for now."""
    reason: str
    """"closed until 09:00", "open until 18:00", "woken by a touch"."""
    power: str
    """How the display is switched: HDMI-CEC, DPMS or black screen."""
    since: str
    until: str | None = None
    """When the opening hours next change (ISO, the venue's local time), when they do."""
    error: str | None = None
    """Why switching the display failed, when it did."""


class DisplaySleeper:
    """Sleep and wake the display off the UI thread, one call at a time, in order."""

    def __init__(self, power: DisplayPower | Callable[[], DisplayPower], state_file: Path | None = None,
                 done: Callable[[str, str | None], None] = lambda _what, _error: None) -> None:
        self._power = power
        """The way to switch the display, or how to choose it (probing takes seconds: the worker does it)."""
        self.state_file = state_file or display_state_file()
        self.done = done
        """Called on the worker thread with ("sleep" or "wake", the error or None)."""
        self._jobs: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None

    @property
    def power(self) -> DisplayPower:
        if callable(self._power) and not hasattr(self._power, "sleep"):
            self._power = self._power()
            log.info("the display sleeps and wakes through %s", self._power.name)
        return self._power  # type: ignore[return-value]

    def _worker(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            what, state = job
            try:
                power = self.power
                state = DisplayState(**{**asdict(state), "power": power.name})
                error = power.sleep() if what == "sleep" else power.wake()
            except Exception as exc:  # noqa: BLE001 - a display that fails must not stop the kiosk
                error = f"{type(exc).__name__}: {exc}"
            if error:
                log.error("could not %s the display through %s: %s", what, state.power, error)
            self.write(DisplayState(**{**asdict(state), "error": error}))
            self.done(what, error)

    def ask(self, what: str, state: DisplayState) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._worker, name="display-power", daemon=True)
            self._thread.start()
        self._jobs.put((what, state))

    def write(self, state: DisplayState) -> None:
        try:
            write_json_atomic(self.state_file, asdict(state))
        except OSError as exc:
            log.warning("cannot write the display state %s: %s", self.state_file, exc)

    def close(self, timeout: float = 5.0) -> None:
        if self._thread is not None and self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join(timeout)
