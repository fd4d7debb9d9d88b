"""The display's power: asleep outside the opening hours, awake at opening (no Kivy).

Three ways, in order of preference, each behind one small interface:

- ``CecPower``: HDMI-CEC through Debian's ``cec-utils`` (``cec-client``): the TV itself goes
  to standby and comes back, as with its remote. Some TVs ignore CEC, and most computers
  have no CEC adapter (a Raspberry Pi has one; a PC needs a USB adapter): the probe says so.
- ``DpmsPower``: the X server's DPMS (``xset dpms force off``/``on``): the monitor's signal
  goes, and most monitors and TVs then switch their backlight off.
- ``BlankPower``: nothing is switched off; the kiosk draws a black screen. The backlight
  stays on: the probe says so, and the README says to use CEC or DPMS where a panel wears.

``choose_power`` takes the first that works on this box; ``kiosk doctor`` lists why the
others do not, instead of a sleep that silently does nothing. Calls run programs and may
take seconds (cec-client): the app makes them off the UI thread.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger(__name__)

Run = Callable[..., subprocess.CompletedProcess]


def _run(args: Sequence[str], input: str | None = None, timeout: float = 20,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), input=input, capture_output=True, text=True, timeout=timeout, check=False,
                          env=env)


@dataclass(frozen=True)
class Probe:
    """Whether a way works on this box, and why (or why not), in a technician's words."""

    works: bool
    why: str


def _called(what: str, call: Callable[[], subprocess.CompletedProcess]) -> str | None:
    """None when ``call`` ran and exited 0, else why not, in a line."""
    try:
        done = call()
    except (OSError, subprocess.SubprocessError) as exc:
        return f"{what} failed ({exc})"
    if done.returncode != 0:
        return (done.stderr or done.stdout).strip()[-200:] or f"{what} exited with {done.returncode}"
    return None


class DisplayPower(Protocol):
    name: str

    def probe(self) -> Probe: ...

    def sleep(self) -> str | None:
        """Switch the display off; None when done, else why not."""

    def wake(self) -> str | None:
        """Switch the display on; None when done, else why not."""


class CecPower:
    """HDMI-CEC: ``standby 0`` and ``on 0`` to the TV (logical address 0), one command a call
    (``cec-client -s``: single command, then exit)."""

    name = "HDMI-CEC"

    def __init__(self, run: Run = _run, which: Callable[[str], str | None] = shutil.which) -> None:
        self.run, self.which = run, which

    def _send(self, command: str) -> subprocess.CompletedProcess:
        return self.run(["cec-client", "-s", "-d", "1"], input=f"{command}\n", timeout=20)

    def probe(self) -> Probe:
        if self.which("cec-client") is None:
            return Probe(False, "cec-client is not installed (sudo apt-get install cec-utils)")
        try:
            adapters = self.run(["cec-client", "-l"], timeout=20)
            if re.search(r"Found devices:\s*NONE", adapters.stdout) or "com port" not in adapters.stdout.lower():
                return Probe(False, "no CEC adapter on this box (a PC needs a USB-CEC adapter; a Raspberry Pi "
                                    "has one on its HDMI port)")
            power = self._send("pow 0")
        except (OSError, subprocess.SubprocessError) as exc:
            return Probe(False, f"cec-client failed ({exc})")
        found = re.search(r"power status:\s*(\S+)", power.stdout)
        if found is None or found.group(1) == "unknown":
            return Probe(False, "the display does not answer over CEC (CEC off in its menu, or a TV that ignores it)")
        return Probe(True, f"the display answers over CEC (power status: {found.group(1)})")

    def sleep(self) -> str | None:
        return _called("cec-client", lambda: self._send("standby 0"))

    def wake(self) -> str | None:
        return _called("cec-client", lambda: self._send("on 0"))


class DpmsPower:
    """The X server's DPMS. The kiosk keeps DPMS off while it is awake (so X never blanks the
    screen on its own); ``xset dpms force off`` turns it on to switch the monitor off, and
    waking switches the monitor on and DPMS off again."""

    name = "DPMS"

    def __init__(self, run: Run = _run, which: Callable[[str], str | None] = shutil.which,
                 display: str | None = None) -> None:
        self.run, self.which = run, which
        self.display = display

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.display:
            env["DISPLAY"] = self.display
        return env

    def _xset(self, *args: str) -> subprocess.CompletedProcess:
        return self.run(["xset", *args], timeout=10, env=self._env())

    def state(self) -> str | None:
        """What ``xset q`` says of the monitor: On, Off, Standby, Suspend; None when unknown."""
        try:
            query = self._xset("q")
        except (OSError, subprocess.SubprocessError):
            return None
        found = re.search(r"Monitor is (?:in )?(\w+)", query.stdout)
        return found.group(1) if found else None

    def probe(self) -> Probe:
        if not (self.display or os.environ.get("DISPLAY")):
            return Probe(False, "no X display (DISPLAY is not set)")
        if self.which("xset") is None:
            return Probe(False, "xset is not installed (sudo apt-get install x11-xserver-utils)")
        try:
            query = self._xset("q")
        except (OSError, subprocess.SubprocessError) as exc:
            return Probe(False, f"xset failed ({exc})")
        if query.returncode != 0:
            return Probe(False, f"xset q failed: {(query.stderr or query.stdout).strip()[-160:]}")
        if "DPMS (Energy Star)" not in query.stdout or "Server does not have the DPMS Extension" in query.stdout:
            return Probe(False, "the X server has no DPMS extension")
        return Probe(True, "the X server has DPMS (monitors and most TVs switch their backlight off on it)")

    def _call(self, *args: str) -> str | None:
        return _called("xset", lambda: self._xset(*args))

    def sleep(self) -> str | None:
        return self._call("dpms", "force", "off")

    def wake(self) -> str | None:
        return self._call("dpms", "force", "on") or self._call("-dpms")


class BlankPower:
    """The last resort: nothing switched off, a black screen drawn by the kiosk."""

    name = "black screen"

    def probe(self) -> Probe:
        return Probe(True, "always works, but the backlight stays on: use HDMI-CEC or DPMS to save the panel")

    def sleep(self) -> str | None:
        return None

    def wake(self) -> str | None:
        return None


def powers(run: Run = _run, which: Callable[[str], str | None] = shutil.which) -> dict[str, DisplayPower]:
    return {"cec": CecPower(run, which), "dpms": DpmsPower(run, which), "blank": BlankPower()}


def survey(choice: str = "auto", run: Run = _run,
           which: Callable[[str], str | None] = shutil.which) -> list[tuple[DisplayPower, Probe]]:
    """Every way, in the order tried, with its probe (``choice`` names one, or auto)."""
    ways = powers(run, which)
    order = list(ways) if choice == "auto" else [choice, "blank"] if choice != "blank" else ["blank"]
    return [(ways[key], ways[key].probe()) for key in order]


def choose_power(choice: str = "auto", run: Run = _run,
                 which: Callable[[str], str | None] = shutil.which) -> tuple[DisplayPower, list[str]]:
    """The first way that works, and why each one before it does not."""
    passed = []
    for way, probe in survey(choice, run, which):
        if probe.works:
            return way, passed
        passed.append(f"{way.name}: {probe.why}")
    return BlankPower(), passed
