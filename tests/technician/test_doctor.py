"""``kiosk doctor``: each check on this machine and on small real stand-ins for the rest."""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

from kiosk.cli import main
from kiosk.content.update import update_content
from kiosk.technician.doctor import (
    Check,
    Status,
    check_content,
    check_disk,
    check_fonts,
    check_gl,
    check_mtdev,
    check_service,
    check_touch,
    check_writable,
    parse_xrandr,
    parse_xset,
    report,
    touch_devices,
)

ROOT = Path(__file__).resolve().parents[2]

XRANDR = """Screen 0: minimum 320 x 200, current 1920 x 1080, maximum 16384 x 16384
HDMI-1 connected primary 1920x1080+0+0 (normal left inverted right x axis y axis) 527mm x 296mm
   1920x1080     60.00*+
DP-1 disconnected (normal left inverted right x axis y axis)
"""
XSET_BLANKING = """Screen Saver:
  prefer blanking:  yes    allow exposures:  yes
  timeout:  600    cycle:  600
DPMS (Energy Star):
  Standby: 600    Suspend: 600    Off: 600
  DPMS is Enabled
  Monitor is On
"""
XSET_OFF = XSET_BLANKING.replace("timeout:  600", "timeout:  0").replace("DPMS is Enabled", "DPMS is Disabled")


def test_gl_probe_reads_the_renderer():
    check = check_gl()
    assert check.status in (Status.OK, Status.WARN), check
    assert "OpenGL" in check.found and "offscreen probe" in check.found
    if "llvmpipe" in check.found:
        assert check.status is Status.WARN and "software rendering" in check.fix


def test_a_hanging_gl_probe_fails_instead_of_hanging_the_doctor():
    check = check_gl(timeout=1, script="import time; time.sleep(60)")
    assert check.status is Status.FAIL and "did not answer within 1 s" in check.found


def test_a_broken_gl_fails_with_its_last_words():
    check = check_gl(script="import sys; sys.exit('no EGL display')")
    assert check.status is Status.FAIL and "no EGL display" in check.found


def test_parse_xrandr_and_xset():
    assert parse_xrandr(XRANDR) == (1920, 1080)
    assert parse_xrandr("Can't open display") is None
    assert parse_xset(XSET_BLANKING) == (600, True)
    assert parse_xset(XSET_OFF) == (0, False)


def _input_device(root: Path, name: str, event: str, abs_caps: str, props: str) -> None:
    """A stand-in for /dev/input/by-id/NAME -> ../eventN and its /sys/class/input entry."""
    (root / "dev" / event).write_text("")
    (root / "by-id" / name).symlink_to(root / "dev" / event)
    device = root / "sys" / event / "device"
    (device / "capabilities").mkdir(parents=True)
    (device / "capabilities" / "abs").write_text(abs_caps + "\n")
    (device / "properties").write_text(props + "\n")


def test_touch_screens_are_found_by_what_the_kernel_says_they_can_do(tmp_path):
    for folder in ("dev", "by-id", "sys"):
        (tmp_path / folder).mkdir()
    # A multitouch screen: ABS_X, ABS_Y and ABS_MT_POSITION_X (bit 53); INPUT_PROP_DIRECT.
    _input_device(tmp_path, "usb-ILITEK_Multi-Touch-event-if00", "event5", "260800000000003", "2")
    # A touchpad has positions too, but is not direct; a keyboard has none.
    _input_device(tmp_path, "usb-Synaptics_Touchpad-event-mouse", "event6", "260800000000003", "5")
    _input_device(tmp_path, "usb-Logitech_Keyboard-event-kbd", "event7", "0", "0")
    devices = touch_devices(tmp_path / "by-id", tmp_path / "sys")
    assert devices == [(str(tmp_path / "by-id" / "usb-ILITEK_Multi-Touch-event-if00"), True)]
    check = check_touch(tmp_path / "by-id", tmp_path / "sys")
    assert check.status is Status.OK and check.found.endswith("(multitouch)")


def test_no_touch_screen_is_a_warning(tmp_path):
    assert check_touch(tmp_path / "missing", tmp_path).status is Status.WARN
    (tmp_path / "by-id").mkdir()
    check = check_touch(tmp_path / "by-id", tmp_path)
    assert check.status is Status.WARN and "no touch screen" in check.found


def test_libmtdev():
    assert check_mtdev(lambda name: None).status is Status.WARN
    assert check_mtdev(lambda name: "libmtdev.so.1").status is Status.OK


def test_fonts(tmp_path):
    assert check_fonts().status is Status.OK
    (tmp_path / "broken.ttf").write_bytes(b"<html>")
    check = check_fonts([tmp_path / "broken.ttf", tmp_path / "gone.ttf"])
    assert check.status is Status.FAIL and "gone.ttf" in check.found


def test_disk_and_cache(tmp_path):
    assert check_disk("Disk", tmp_path / "not" / "yet").status is Status.OK
    low = check_disk("Disk", tmp_path, minimum=10**18)
    assert low.status is Status.WARN and "free at least" in low.fix
    assert check_writable("Cache", tmp_path / "cache").status is Status.OK
    (tmp_path / "a-file").write_text("")
    assert check_writable("Cache", tmp_path / "a-file" / "cache").status is Status.FAIL


def test_service(tmp_path):
    missing = check_service(unit_paths=[tmp_path / "kiosk.service"])
    assert missing.status is Status.WARN and "install.sh" in missing.fix
    (tmp_path / "kiosk.service").write_text("[Unit]\n")
    assert check_service(which=lambda name: None, unit_paths=[tmp_path / "kiosk.service"]).status is Status.WARN


def test_content(tmp_path):
    assert check_content(tmp_path / "content").status is Status.SKIP
    stick = tmp_path / "stick"
    shutil.copytree(ROOT / "config", stick / "config")
    shutil.copytree(ROOT / "media", stick / "media")
    update_content(stick, tmp_path / "content")
    assert check_content(tmp_path / "content").status is Status.OK
    live = (tmp_path / "content" / "current" / "config" / "exhibition.yaml")
    live.write_text("title: [", encoding="utf-8")
    check = check_content(tmp_path / "content")
    assert check.status is Status.FAIL and "kiosk rollback" in check.fix


def test_the_report_fails_only_on_a_failure():
    ok, warn, fail = (Check("A", Status.OK, "fine"), Check("B", Status.WARN, "meh", "do this"),
                      Check("C", Status.FAIL, "broken", "fix that"))
    out = io.StringIO()
    assert report([ok, warn], out) == 0
    assert report([ok, warn, fail], out) == 1
    text = out.getvalue()
    assert "WARN  B                meh\n                       -> do this\n" in text
    assert text.rstrip().endswith("1 failure, 1 warning")


def test_the_command_on_this_machine(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("KIOSK_CACHE", str(tmp_path / "cache"))
    code = main(["doctor"])
    out = capsys.readouterr().out
    for name in ("Python", "Kivy", "GL renderer", "Display", "Touch screen", "libmtdev", "Fonts", "Video codecs",
                 "Disk (home)", "Disk (cache)", "Rendition cache", "Screen blanking", "systemd unit", "Content"):
        assert f" {name} " in out, name
    failed = [line for line in out.splitlines() if line.startswith("FAIL")]
    assert code == (1 if failed else 0), out
    assert f"{sys.version_info.major}.{sys.version_info.minor}" in out
    assert os.path.isdir(tmp_path / "cache" / "renditions")
