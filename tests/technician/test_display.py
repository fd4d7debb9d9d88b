"""The display's power (kiosk/technician/display.py): HDMI-CEC through a stand-in cec-client
on PATH that answers as the real one does and records what it is sent (no CEC adapter
here), DPMS through the real xset against a real X server, and the order they are tried in."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from kiosk.technician.display import BlankPower, CecPower, DpmsPower, choose_power, survey
from kiosk.technician.doctor import Status, check_display_power

FAKE_CEC = r"""#!/bin/sh
# a stand-in for cec-utils' cec-client: answers as the real one, records each command it reads
if [ "$1" = "-l" ]; then
  if [ "$CEC_ADAPTER" = none ]; then echo "Found devices: NONE"; exit 0; fi
  printf 'Found devices: 1\n\ndevice:              1\ncom port:            RPI\nvendor id:           2708\n'
  exit 0
fi
read command
echo "$command" >> "$CEC_LOG"
echo "opening a connection to the CEC adapter..."
case "$command" in
  "pow 0") echo "power status: ${CEC_POWER:-on}" ;;
esac
exit 0
"""


def on_path(tmp_path: Path, monkeypatch, name: str, script: str) -> None:
    """A stand-in program ``name`` first on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / name).write_text(script)
    (bin_dir / name).chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")


@pytest.fixture
def cec(tmp_path, monkeypatch):
    on_path(tmp_path, monkeypatch, "cec-client", FAKE_CEC)
    monkeypatch.setenv("CEC_LOG", str(tmp_path / "cec.log"))
    return tmp_path / "cec.log"


def test_cec_puts_the_tv_in_standby_and_back(cec):
    power = CecPower()
    probe = power.probe()
    assert probe.works and "power status: on" in probe.why
    assert power.sleep() is None and power.wake() is None
    assert cec.read_text().splitlines() == ["pow 0", "standby 0", "on 0"]


def test_cec_says_why_it_cannot(cec, monkeypatch):
    monkeypatch.setenv("CEC_ADAPTER", "none")
    assert CecPower().probe().why.startswith("no CEC adapter on this box")
    monkeypatch.delenv("CEC_ADAPTER")
    monkeypatch.setenv("CEC_POWER", "unknown")
    assert "does not answer over CEC" in CecPower().probe().why
    assert not CecPower(which=lambda _name: None).probe().works


@pytest.fixture
def xvfb(tmp_path):
    if not (shutil.which("Xvfb") and shutil.which("xset")):
        pytest.skip("needs Debian's xvfb and x11-xserver-utils (.ci/run installs them)")
    display = f":{60 + os.getpid() % 30}"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "640x480x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while subprocess.run(["xset", "-display", display, "q"], capture_output=True).returncode != 0:
        assert time.monotonic() < deadline and server.poll() is None, "Xvfb did not start"
        time.sleep(0.1)
    yield display
    server.terminate()
    server.wait(10)


def test_dpms_is_read_from_the_real_x_server(xvfb):
    """Debian 12's Xvfb has no DPMS extension (nor its Xorg with the dummy driver): the probe
    reads that from the real xset and says so, rather than a sleep that does nothing."""
    probe = DpmsPower(display=xvfb).probe()
    xset = subprocess.run(["xset", "-display", xvfb, "q"], capture_output=True, text=True).stdout
    if "Server does not have the DPMS Extension" in xset:
        assert not probe.works and probe.why == "the X server has no DPMS extension"
    else:  # an X server with DPMS: off and on for real, read back from xset q
        power = DpmsPower(display=xvfb)
        assert probe.works and power.sleep() is None and power.state() == "Off"
        assert power.wake() is None and power.state() == "On"


FAKE_XSET = r"""#!/bin/sh
# xset against an X server with DPMS: keeps the monitor's state in a file, as the server would
state="$XSET_STATE"
case "$*" in
  q) printf 'DPMS (Energy Star):\n  Standby: 0    Suspend: 0    Off: 0\n  DPMS is %s\n  Monitor is %s\n' \
        "$(sed -n 1p "$state" 2>/dev/null || echo Disabled)" "$(sed -n 2p "$state" 2>/dev/null || echo On)" ;;
  "dpms force off") printf 'Enabled\nOff\n' > "$state" ;;
  "dpms force on") printf 'Enabled\nOn\n' > "$state" ;;
  -dpms) printf 'Disabled\n%s\n' "$(sed -n 2p "$state")" > "$state" ;;
esac
echo "$*" >> "$XSET_LOG"
"""


def test_dpms_switches_the_monitor_off_and_on_and_leaves_dpms_off_awake(tmp_path, monkeypatch):
    on_path(tmp_path, monkeypatch, "xset", FAKE_XSET)
    monkeypatch.setenv("XSET_STATE", str(tmp_path / "state"))
    monkeypatch.setenv("XSET_LOG", str(tmp_path / "xset.log"))
    power = DpmsPower(display=":0")
    assert power.probe().works
    assert power.sleep() is None and power.state() == "Off"
    assert power.wake() is None and power.state() == "On"
    assert "DPMS is Disabled" in subprocess.run(["xset", "q"], capture_output=True, text=True).stdout
    assert (tmp_path / "xset.log").read_text().split("\n")[1:5] == ["dpms force off", "q", "dpms force on", "-dpms"]


def test_auto_takes_the_first_way_that_works_and_says_why_not_the_others(cec, monkeypatch, xvfb):
    monkeypatch.setenv("CEC_ADAPTER", "none")
    monkeypatch.setenv("DISPLAY", xvfb)
    way, passed = choose_power("auto")
    ways = [w.name for w, _probe in survey("auto")]
    assert ways == ["HDMI-CEC", "DPMS", "black screen"]
    assert isinstance(way, BlankPower) and passed[0].startswith("HDMI-CEC: no CEC adapter")
    check = check_display_power()
    assert check.status is Status.WARN and check.found.startswith("black screen (always works, but the backlight")
    assert "HDMI-CEC: no CEC adapter" in check.found and "DPMS: the X server has no DPMS extension" in check.found
    monkeypatch.delenv("CEC_ADAPTER")
    way, passed = choose_power("auto")
    assert isinstance(way, CecPower) and passed == []
    assert check_display_power().status is Status.OK
