"""The maintenance screen behind the corner gesture and the PIN, in the real app offscreen."""

from __future__ import annotations

import dataclasses
import os
import shutil
import threading
from pathlib import Path

import pytest
from kivy.base import EventLoop

from kiosk.content.models import TechnicianSettings
from kiosk.content.update import current_version, update_content
from kiosk.technician.maintenance import IDLE_SECONDS, LEAVE_FOR_MAINTENANCE, RESTART, FakePower, Finding, MaintenanceTools
from kiosk.ui.widgets.overlays import PinPad
from kiosk.technician.usb import Stick
from tests.ui.conftest import ROOT, Finger, wait_for
from tests.ui.drawn import colour_box, framebuffer, run_of

ACCENT = (217, 179, 107)  # theme.NORMAL.ACCENT in 8-bit

SHOTS = os.environ.get("KIOSK_TEST_SHOTS")  # a folder to keep the screenshots in, to look at


def tools_for(tmp_path: Path, **kwargs) -> MaintenanceTools:
    kwargs.setdefault("power", FakePower())
    kwargs.setdefault("findings", lambda: [Finding("OK", "Python", "3.11", ""),
                                           Finding("WARN", "Touch screen", "no /dev/input/by-id", "plug it in")])
    kwargs.setdefault("prepare", None)
    return MaintenanceTools(tmp_path / "content", **kwargs)


def start(start_kiosk, loaded, tmp_path, size=(1920, 1080), **kwargs):
    kiosk = start_kiosk(loaded, size=size)
    kiosk.app.maintenance_tools = tools_for(tmp_path, **kwargs)
    return kiosk


def enter_pin(kiosk, pin: str = "4821") -> None:
    pad = kiosk.app.overlay
    assert isinstance(pad, PinPad)
    for digit in pin:
        kiosk.press(pad.keys[digit])
    kiosk.press(pad.keys["ok"])
    kiosk.frames(3)


def hold_the_corner(kiosk) -> None:
    """The technician's gesture: a finger held still in the top-left corner for 3 s."""
    finger = Finger(30, EventLoop.window.height - 30).down()
    kiosk.frames(1)
    kiosk.step(3.1)
    finger.up()
    kiosk.frames(2)


def open_maintenance(kiosk) -> object:
    hold_the_corner(kiosk)
    enter_pin(kiosk)
    assert kiosk.current == "maintenance"
    kiosk.settle(0.4)  # the fade in: the screen manager takes no touches while it runs
    return kiosk.screen()


def window_rect(widget) -> tuple[float, float, float, float]:
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, widget.width, widget.height


def test_right_pin_opens_maintenance_in_the_technicians_language_and_resume_returns(start_kiosk, demo_loaded,
                                                                                    tmp_path):
    kiosk = start(start_kiosk, demo_loaded, tmp_path)
    assert kiosk.app.language == "az"  # the visitors' default
    screen = open_maintenance(kiosk)
    assert kiosk.app.exit_reason is None
    assert screen.ids.title.raw == "Maintenance" and screen.ids.resume.raw == "Resume the exhibition"
    wait_for(kiosk, lambda: screen.findings is not None)
    assert "Machine check: 0 failed, 1 warnings" in screen.ids.doctor.text
    assert "WARN Touch screen: no /dev/input/by-id" in screen.ids.doctor.text
    width, height = EventLoop.window.size
    u = min(width, height) / 1080
    for button in screen.buttons.values():  # finger-sized, and on the screen
        x, y, w, h = window_rect(button)
        assert h >= 88 * u and w >= 200 * u
        assert 0 <= x and x + w <= width + 1 and 0 <= y and y + h <= height + 1
    kiosk.press(screen.ids.resume)
    kiosk.frames(3)
    assert kiosk.current == "attract" and kiosk.app.exit_reason is None
    assert kiosk.app.idle.timeout == demo_loaded.exhibition.idle.timeout  # the visitors' idle again


def test_the_maintenance_screen_closes_itself_after_idle_minutes(start_kiosk, demo_loaded, tmp_path):
    kiosk = start(start_kiosk, demo_loaded, tmp_path)
    open_maintenance(kiosk)
    kiosk.step(IDLE_SECONDS - 10)
    assert kiosk.current == "maintenance"  # longer than a visitor's 90 s
    kiosk.tap(960, 540)  # a touch anywhere starts the count again
    kiosk.step(IDLE_SECONDS - 10)
    assert kiosk.current == "maintenance"
    kiosk.step(11)
    assert kiosk.current == "attract"
    assert kiosk.app.idle.timeout == demo_loaded.exhibition.idle.timeout


def test_leave_to_a_console_asks_twice_then_exits_with_the_no_restart_status(start_kiosk, demo_loaded, tmp_path):
    kiosk = start(start_kiosk, demo_loaded, tmp_path)
    screen = open_maintenance(kiosk)
    kiosk.press(screen.ids.console)
    assert kiosk.app.exit_reason is None
    assert screen.ids.console.raw == "Tap again: Leave to a console"
    kiosk.step(6)  # too late: the first tap is forgotten
    kiosk.press(screen.ids.console)
    assert kiosk.app.exit_reason is None
    kiosk.press(screen.ids.console)
    kiosk.frames(2)
    assert (kiosk.app.exit_reason, kiosk.app.exit_status) == ("maintenance", LEAVE_FOR_MAINTENANCE)
    assert EventLoop.stopping  # the app asked the loop to end (kiosk run then returns exit_status)
    EventLoop.stopping = False  # the next test starts it again


def test_restart_exits_with_a_status_the_unit_restarts_on(start_kiosk, demo_loaded, tmp_path):
    kiosk = start(start_kiosk, demo_loaded, tmp_path)
    screen = open_maintenance(kiosk)
    kiosk.press(screen.ids.restart)
    kiosk.press(screen.ids.restart)
    assert (kiosk.app.exit_reason, kiosk.app.exit_status) == ("restart", RESTART)
    EventLoop.stopping = False


def test_reboot_and_shut_down_go_to_the_power_interface(start_kiosk, demo_loaded, tmp_path):
    power = FakePower()
    kiosk = start(start_kiosk, demo_loaded, tmp_path, power=power)
    screen = open_maintenance(kiosk)
    kiosk.press(screen.ids.reboot)
    assert power.asked == []
    kiosk.press(screen.ids.reboot)
    assert power.asked == ["reboot"] and screen.ids.progress_text.raw == "The box is rebooting…"
    kiosk.press(screen.ids.power_off)
    kiosk.press(screen.ids.power_off)
    assert power.asked == ["reboot", "poweroff"]
    power.refuse = "Access denied"
    kiosk.press(screen.ids.reboot)
    kiosk.press(screen.ids.reboot)
    assert screen.ids.progress_text.raw == "The box refused: Access denied"
    assert kiosk.current == "maintenance"


def test_doctor_runs_off_the_ui_thread(start_kiosk, demo_loaded, tmp_path):
    release = threading.Event()
    threads = []

    def slow_findings():
        threads.append(threading.current_thread())
        release.wait(30)
        return [Finding("FAIL", "GL renderer", "no OpenGL", "install Mesa")]

    kiosk = start(start_kiosk, demo_loaded, tmp_path, findings=slow_findings)
    screen = open_maintenance(kiosk)
    kiosk.frames(5)  # frames go on while the doctor works
    assert screen.ids.doctor.raw == "Checking the machine…"
    kiosk.press(screen.ids.reboot)  # and the screen answers touches
    assert screen.ids.reboot.raw.startswith("Tap again")
    release.set()
    wait_for(kiosk, lambda: screen.findings is not None)
    assert threads and threads[0] is not threading.main_thread()
    assert "FAIL GL renderer: no OpenGL" in screen.ids.doctor.text


def test_the_real_doctor_findings_reach_the_screen(start_kiosk, demo_loaded, tmp_path):
    from kiosk.technician.maintenance import doctor_findings

    kiosk = start(start_kiosk, demo_loaded, tmp_path, findings=doctor_findings)
    screen = open_maintenance(kiosk)
    wait_for(kiosk, lambda: screen.findings is not None, 120)
    assert screen.ids.doctor.text.startswith("Machine check:")
    assert {f.name for f in screen.findings} >= {"Python", "Kivy", "Fonts", "Disk (home)"}


def demo_copy(folder: Path) -> Path:
    shutil.copytree(ROOT / "config", folder / "config")
    shutil.copytree(ROOT / "media", folder / "media")
    return folder


def test_a_stick_asks_for_the_pin_then_updates_with_a_bar_and_says_when_to_pull_it(start_kiosk, demo_loaded,
                                                                                  tmp_path):
    content = tmp_path / "content"
    update_content(demo_copy(tmp_path / "first"), content)
    first = current_version(content)
    halfway, go_on = threading.Event(), threading.Event()

    def prepare(_copy, progress) -> None:  # photos half prepared, then wait for the test
        progress(1, 2)
        halfway.set()
        go_on.wait(30)
        progress(2, 2)

    kiosk = start(start_kiosk, demo_loaded, tmp_path, prepare=prepare)
    stick = Stick("/dev/sdz1", tmp_path / "STICK", demo_copy(tmp_path / "STICK"))
    kiosk.app.stick_arrived(stick)
    kiosk.frames(3)
    pad = kiosk.app.overlay
    assert isinstance(pad, PinPad) and pad.title.raw == "USB stick: PIN to update"
    enter_pin(kiosk)
    screen = kiosk.screen()
    assert kiosk.current == "maintenance" and screen.busy  # the update started after the PIN
    wait_for(kiosk, lambda: halfway.is_set() and screen.progress.phase == "preparing" and screen.progress.done == 1)
    kiosk.frames(3)
    assert current_version(content) == first  # copied, not switched yet
    assert screen.ids.progress_text.raw == "Preparing photos: 50%\nYou may pull the USB stick now."
    bar = screen.ids.bar
    assert bar.opacity == 1 and bar.value == 0.5
    x, y, w, h = window_rect(bar)
    drawn = run_of(framebuffer(), ACCENT, row=int(y + h / 2))  # the bar's filled part, as drawn
    assert drawn is not None and abs(drawn[0] - x) <= 2 and abs(drawn[1] + 1 - (x + w / 2)) <= 3
    kiosk.step(IDLE_SECONDS + 60)
    assert kiosk.current == "maintenance"  # an update in progress holds the screen open
    go_on.set()
    wait_for(kiosk, lambda: not screen.working)
    kiosk.frames(2)
    live = current_version(content)
    assert live != first
    assert screen.ids.progress_text.raw == f"Updated: {live} is live.\nYou may pull the USB stick now."
    assert bar.value == 1 and bar.opacity == 1
    assert f"Content {live}, live since" in screen.ids.status.text
    assert screen.ids.rollback.raw == f"Roll back to {first}"
    assert not screen.busy


def test_a_stick_with_problems_shows_them_and_changes_nothing(start_kiosk, demo_loaded, tmp_path):
    content = tmp_path / "content"
    update_content(demo_copy(tmp_path / "first"), content)
    first = current_version(content)
    stick_dir = demo_copy(tmp_path / "STICK")
    (stick_dir / "config" / "exhibition.yaml").write_text("title: {en: x}\nlanguages: [en]\nsectoins: []\n")
    kiosk = start(start_kiosk, demo_loaded, tmp_path)
    screen = open_maintenance(kiosk)
    kiosk.app.stick_arrived(Stick("/dev/sdz1", stick_dir, stick_dir))
    kiosk.frames(3)
    assert kiosk.current == "maintenance" and not isinstance(kiosk.app.overlay, PinPad)  # the PIN was given
    assert screen.ids.usb.raw == "Update from USB stick STICK" and not screen.ids.usb.disabled
    kiosk.press(screen.ids.usb)
    wait_for(kiosk, lambda: not screen.working)
    kiosk.frames(2)
    text = screen.ids.progress_text.text
    assert text.startswith("The exhibition on the stick has problems; nothing was changed:")
    assert "config/exhibition.yaml, line 3: " in text and "sections" in text
    assert current_version(content) == first
    kiosk.app.stick_gone(Stick("/dev/sdz1", stick_dir, stick_dir))
    kiosk.frames(3)
    assert screen.ids.usb.disabled and screen.ids.usb.raw == "Plug in a USB stick holding an exhibition"


def test_roll_back_from_the_screen(start_kiosk, demo_loaded, tmp_path):
    content = tmp_path / "content"
    update_content(demo_copy(tmp_path / "first"), content)
    first = current_version(content)
    update_content(demo_copy(tmp_path / "second"), content)
    kiosk = start(start_kiosk, demo_loaded, tmp_path)
    screen = open_maintenance(kiosk)
    assert screen.ids.rollback.raw == f"Roll back to {first}"
    kiosk.press(screen.ids.rollback)
    kiosk.press(screen.ids.rollback)
    wait_for(kiosk, lambda: not screen.working)
    kiosk.frames(2)
    assert current_version(content) == first
    assert screen.ids.progress_text.raw == f"{first} is live again"


def arabic_technician(loaded):
    exhibition = loaded.exhibition.model_copy(update={"technician": TechnicianSettings(language="ar")})
    return dataclasses.replace(loaded, exhibition=exhibition)


def test_the_technician_language_is_the_exhibitions_and_arabic_mirrors(start_kiosk, demo_loaded, tmp_path):
    kiosk = start(start_kiosk, arabic_technician(demo_loaded), tmp_path)
    screen = open_maintenance(kiosk)
    assert screen.language == "ar" and screen.rtl and kiosk.app.language == "az"
    assert screen.ids.title.raw == "الصيانة"
    title_x = window_rect(screen.ids.title)[0]
    resume_x = window_rect(screen.ids.resume)[0]
    assert resume_x < title_x  # the header reads from the right: the title on the right, resume on the left
    assert window_rect(screen.ids.actions)[0] < window_rect(screen.ids.info)[0]
    kiosk.app.set_language("en")  # a visitor's choice does not change the technician's screen
    assert screen.language == "ar"


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_maintenance_screen_looks_right(start_kiosk, demo_loaded, tmp_path, language, size):
    """Saves PNGs to look at (set KIOSK_TEST_SHOTS to keep them); everything fits the window."""
    loaded = arabic_technician(demo_loaded) if language == "ar" else demo_loaded
    content = tmp_path / "content"
    update_content(demo_copy(tmp_path / "first"), content)
    update_content(demo_copy(tmp_path / "second"), content)
    kiosk = start(start_kiosk, loaded, tmp_path, size=size)
    screen = open_maintenance(kiosk)
    wait_for(kiosk, lambda: screen.findings is not None)
    screen.stick_arrived(Stick("/dev/sdb1", Path("/media/kiosk/EXHIBITION"), Path("/media/kiosk/EXHIBITION")))
    kiosk.settle(0.3)
    name = f"maintenance-{language}-{'landscape' if size[0] > size[1] else 'portrait'}.png"
    shot = tmp_path / name
    drawn = framebuffer()
    drawn.save(shot)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(SHOTS) / name)
    width, height = size
    resume = colour_box(drawn, ACCENT)  # the one accent-coloured thing: the resume button, where it is laid out
    x, y, w, h = window_rect(screen.ids.resume)
    assert resume is not None and abs(resume[0] - x) <= 2 and abs(resume[2] - (x + w)) <= 2
    assert abs(resume[1] - y) <= 2 and abs(resume[3] - (y + h)) <= 2
    for widget in (*screen.buttons.values(), screen.ids.title, screen.ids.progress_text):
        x, y, w, h = window_rect(widget)
        assert 0 <= x and x + w <= width + 1 and 0 <= y and y + h <= height + 1, widget
        if widget in screen.buttons.values():
            assert widget.texture_size[0] <= w + 1  # the words fit their button


def test_a_stick_pulled_while_its_pin_pad_is_open_closes_the_pad_and_the_corner_pin_starts_nothing(
        start_kiosk, demo_loaded, tmp_path):
    kiosk = start(start_kiosk, demo_loaded, tmp_path)
    stick = Stick("/dev/sdz1", tmp_path / "STICK", demo_copy(tmp_path / "STICK"))
    kiosk.app.stick_arrived(stick)
    kiosk.frames(3)
    assert isinstance(kiosk.app.overlay, PinPad)
    kiosk.app.stick_gone(stick)
    kiosk.frames(3)
    assert kiosk.app.overlay is None and kiosk.current == "attract"
    kiosk.app.stick_arrived(stick)  # in again; this time the pad is cancelled
    kiosk.frames(3)
    kiosk.press(kiosk.app.overlay.keys["cancel"])
    assert kiosk.app.overlay is None
    screen = open_maintenance(kiosk)  # later, the corner and the PIN: the screen, no update started
    assert not screen.working and screen.progress is None
    assert screen.ids.usb.raw == "Update from USB stick STICK" and not screen.ids.usb.disabled


# --- no default PIN; signed content (issue 27) ------------------------------------------------


def test_with_no_pin_set_the_corner_says_setup_is_needed_and_nothing_opens(start_kiosk, demo_loaded, tmp_path):
    from kiosk.ui.widgets.overlays import SetupNeeded

    kiosk = start(start_kiosk, demo_loaded, tmp_path)
    kiosk.app.pins.store.path.unlink()  # a kiosk nobody set a PIN on: there is no default
    before = framebuffer()
    hold_the_corner(kiosk)
    kiosk.frames(1)
    notice = kiosk.app.overlay
    assert isinstance(notice, SetupNeeded) and not isinstance(notice, PinPad)
    assert notice.title.raw == "Technician set-up needed"  # the technician's language, English in the demo
    assert "sudo kiosk set-pin" in notice.body.raw
    drawn = framebuffer()
    # drawn: the card's one button in the accent (the primary action), inside the card, on a dimmed screen
    box = colour_box(drawn, ACCENT)
    x, y, w, h = window_rect(notice.card)
    assert box is not None and x <= box[0] and box[2] <= x + w and y <= box[1] and box[3] <= y + h
    from PIL import ImageStat

    assert ImageStat.Stat(drawn.convert("L")).mean[0] < ImageStat.Stat(before.convert("L")).mean[0]
    # a stick that comes now is not read: the same notice, no pad, nothing copied
    stick_dir = demo_copy(tmp_path / "STICK")
    kiosk.press(notice.close)
    kiosk.frames(2)
    assert kiosk.app.overlay is None
    kiosk.app.stick_arrived(Stick("/dev/sdz1", stick_dir, stick_dir))
    kiosk.frames(3)
    assert isinstance(kiosk.app.overlay, SetupNeeded) and kiosk.app.stick_pad is None
    assert kiosk.current != "maintenance" and not (tmp_path / "content").exists()


def test_the_pin_pad_shows_dots_never_the_digits_typed(start_kiosk, demo_loaded, tmp_path):
    kiosk = start(start_kiosk, demo_loaded, tmp_path)
    hold_the_corner(kiosk)
    pad = kiosk.app.overlay
    assert isinstance(pad, PinPad)
    empty = framebuffer()
    for digit in "482":
        kiosk.press(pad.keys[digit])
    kiosk.frames(2)
    keys = set(pad.keys.values())
    words = [w.raw for w in pad.walk(restrict=True) if hasattr(w, "raw") and w not in keys and w.parent not in keys]
    assert pad.dots.raw == "•••" and not any(ch.isdigit() for text in words for ch in text), words
    x, y, w, h = window_rect(pad.dots)
    row = int(y + h / 2)
    assert run_of(framebuffer(), ACCENT, row=row) is not None and run_of(empty, ACCENT, row=row) is None


def test_the_maintenance_screen_says_who_signed_the_content_and_whom_it_trusts(start_kiosk, demo_loaded, tmp_path,
                                                                                monkeypatch, capsys):
    from kiosk.cli import main

    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "home"))
    assert main(["keygen", "--out", str(tmp_path / "keys"), "--name", "Curator"]) == 0
    assert main(["trust", str(tmp_path / "keys" / "curator.pub")]) == 0
    key_id = (tmp_path / "home" / "trusted-keys.json").read_text().split('"key_id": "')[1].split('"')[0]
    source = demo_copy(tmp_path / "first")
    assert main(["sign", str(source), "--key", str(tmp_path / "keys" / "curator.key")]) == 0
    update_content(source, tmp_path / "content")
    kiosk = start(start_kiosk, demo_loaded, tmp_path)
    screen = open_maintenance(kiosk)
    text = screen.ids.status.text
    assert f"Content signed by curator key {key_id} (Curator)" in text
    assert f"Accepts only content signed by: {key_id} (Curator)" in text
    secret = (tmp_path / "keys" / "curator.key").read_text().splitlines()[1]
    assert secret[:12] not in text and "4821" not in text  # no key material, no PIN

    # an unsigned stick: refused on the screen, naming why; the live content stays
    live = current_version(tmp_path / "content")
    stick_dir = demo_copy(tmp_path / "STICK")
    kiosk.app.stick_arrived(Stick("/dev/sdz1", stick_dir, stick_dir))
    kiosk.frames(3)
    kiosk.press(screen.ids.usb)
    wait_for(kiosk, lambda: not screen.working)
    kiosk.frames(2)
    assert "is not signed" in screen.ids.progress_text.text
    assert current_version(tmp_path / "content") == live
