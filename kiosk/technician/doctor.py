"""``kiosk doctor``: check the machine a kiosk runs on and say what to fix.

Every check gives OK, WARN or FAIL (or SKIP when it cannot be checked here) and one
line saying what to do. Nothing here can hang: the GL probe, the only part that
touches the graphics driver, runs in a child process with a time limit. Kivy is not
imported in this process.
"""

from __future__ import annotations

import ctypes.util
import enum
import importlib.metadata
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .. import __version__
from ..common.places import content_folder, kiosk_home, renditions_folder
from ..content.signing import SignatureError, TrustedKeys
from .pin import PinStore, guessing_seconds

GB = 1_000_000_000
UNIT_NAME = "kiosk.service"
UNIT_PATHS = (Path("/etc/systemd/system") / UNIT_NAME, Path("/lib/systemd/system") / UNIT_NAME,
              Path("/usr/lib/systemd/system") / UNIT_NAME)
SOFTWARE_RENDERERS = ("llvmpipe", "softpipe", "swrast", "software rasterizer")
ABS_MT_POSITION_X = 0x35
INPUT_PROP_DIRECT = 0x01

Run = Callable[..., subprocess.CompletedProcess]
Which = Callable[[str], "str | None"]


class Status(str, enum.Enum):
    OK = "OK"
    WARN = "WARN"
    FAIL = "FAIL"
    SKIP = "SKIP"


@dataclass(frozen=True)
class Check:
    """One finding: what was checked, what was found, and what to do about it."""

    name: str
    status: Status
    found: str
    fix: str = ""

    def lines(self) -> list[str]:
        out = [f"{self.status.value:<5} {self.name:<16} {self.found}"]
        if self.fix and self.status is not Status.OK:
            out.append(f"{'':<5} {'':<16} -> {self.fix}")
        return out


def _run(args: Sequence[str], timeout: float = 10.0, env: dict[str, str] | None = None) \
        -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=timeout, env=env, check=False)


def _has_x() -> bool:
    return bool(os.environ.get("DISPLAY"))


# --- software ------------------------------------------------------------------------------


def check_python() -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info < (3, 10):
        return Check("Python", Status.FAIL, version, "the kiosk needs Python 3.10 or newer")
    return Check("Python", Status.OK, f"{version} ({sys.executable})")


def check_kivy() -> Check:
    try:
        version = importlib.metadata.version("kivy")
    except importlib.metadata.PackageNotFoundError:
        return Check("Kivy", Status.FAIL, "not installed", "pip install -e . in the kiosk's venv (deploy/install.sh)")
    if not version.startswith("2.3."):
        return Check("Kivy", Status.WARN, version, "the kiosk is tested with Kivy 2.3.1; reinstall the kiosk package")
    return Check("Kivy", Status.OK, version)


GL_PROBE = r"""
import os, sys
os.environ.update(KIVY_NO_ARGS="1", KIVY_LOG_MODE="PYTHON", KIVY_NO_FILELOG="1", KIVY_NO_CONSOLELOG="1")
from kivy.config import Config
Config.set("graphics", "width", "64")
Config.set("graphics", "height", "64")
from kivy.core.window import Window
from kivy.graphics import opengl as gl
for name in ("GL_RENDERER", "GL_VERSION", "GL_VENDOR"):
    value = gl.glGetString(getattr(gl, name))
    print(name + "=" + (value.decode(errors="replace") if isinstance(value, bytes) else str(value)), flush=True)
Window.close()
"""


def check_gl(timeout: float = 30.0, script: str = GL_PROBE, python: str = sys.executable) -> Check:
    """Open a tiny offscreen Kivy window in a child process and read the GL renderer.

    Offscreen (SDL's EGL driver) uses the same Mesa or vendor driver as the window on
    the screen would, without showing anything and without needing X.
    """
    with tempfile.TemporaryDirectory(prefix="kiosk-doctor-") as home:
        env = {**os.environ, "SDL_VIDEODRIVER": "offscreen", "SDL_AUDIODRIVER": "dummy", "KIVY_HOME": home}
        try:
            done = _run([python, "-c", script], timeout=timeout, env=env)
        except subprocess.TimeoutExpired:
            return Check("GL renderer", Status.FAIL, f"the GL probe did not answer within {timeout:.0f} s",
                         "the graphics driver hangs: check 'dmesg' for GPU errors, update Mesa or the "
                         "vendor driver, or try another GPU driver")
    values = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    renderer, version = values.get("GL_RENDERER"), values.get("GL_VERSION", "")
    if done.returncode != 0 or not renderer:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return Check("GL renderer", Status.FAIL, f"no OpenGL context ({last[:160]})",
                     "install the Mesa drivers (apt-get install libgl1-mesa-dri libegl1) and add the kiosk "
                     "user to the video and render groups")
    found = f"{renderer}, OpenGL {version} (offscreen probe)"
    match = re.match(r"(?:OpenGL ES )?(\d+)\.(\d+)", version)
    if match and (int(match[1]), int(match[2])) < (2, 0):
        return Check("GL renderer", Status.FAIL, found, "Kivy needs OpenGL 2.0 or OpenGL ES 2.0; use another GPU "
                                                        "or driver")
    if any(soft in renderer.lower() for soft in SOFTWARE_RENDERERS):
        return Check("GL renderer", Status.WARN, found,
                     "software rendering: the CPU draws every frame. Install the GPU's driver (Mesa: "
                     "libgl1-mesa-dri) and check that the kiosk user is in the video and render groups")
    return Check("GL renderer", Status.OK, found)


def check_codecs() -> Check:
    try:
        from ffpyplayer.tools import get_codecs

        decoders = set(get_codecs(encode=False, decode=True, video=True, audio=False))
    except Exception as exc:  # noqa: BLE001 - a broken wheel shows up here as anything
        return Check("Video codecs", Status.FAIL, f"ffpyplayer does not load ({exc})",
                     "reinstall the kiosk package in its venv (pip install --force-reinstall ffpyplayer==4.5.4)")
    if "h264" not in decoders:
        return Check("Video codecs", Status.FAIL, "no H.264 decoder in ffpyplayer",
                     "reinstall ffpyplayer from its wheel, which bundles FFmpeg with H.264")
    return Check("Video codecs", Status.OK, f"H.264 decoder available ({len(decoders)} video decoders)")


def check_fonts(fonts: Sequence[Path] | None = None) -> Check:
    """The fonts the screens register (``kiosk.ui.theme``, which imports no Kivy)."""
    if fonts is None:
        from ..media.typefaces import FONT_BOLD, FONT_REGULAR

        fonts = (FONT_REGULAR, FONT_BOLD)
    missing = [str(path) for path in fonts if not _is_font(path)]
    if missing:
        return Check("Fonts", Status.FAIL, f"missing or damaged: {', '.join(missing)}",
                     "reinstall the kiosk package; the fonts ship with it (kiosk/media/fonts)")
    return Check("Fonts", Status.OK, ", ".join(path.name for path in fonts))


def _is_font(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(4) in (b"\x00\x01\x00\x00", b"true", b"OTTO")
    except OSError:
        return False


# --- the screen and touch ---------------------------------------------------------------------


def parse_xrandr(text: str) -> tuple[int, int] | None:
    """The screen size from ``xrandr --current``."""
    match = re.search(r"current (\d+) x (\d+)", text)
    return (int(match[1]), int(match[2])) if match else None


def check_display(which: Which = shutil.which, run: Run = _run) -> Check:
    if not _has_x():
        return Check("Display", Status.SKIP, "no X display in this shell (DISPLAY is not set)",
                     "run 'DISPLAY=:0 kiosk doctor' as the kiosk user to check the screen")
    if which("xrandr") is None:
        return Check("Display", Status.SKIP, "xrandr is not installed", "apt-get install x11-xserver-utils")
    try:
        done = run(["xrandr", "--current"], timeout=10)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Check("Display", Status.WARN, f"xrandr failed ({exc})", "check that X is running on DISPLAY")
    size = parse_xrandr(done.stdout)
    if size is None:
        return Check("Display", Status.WARN, "xrandr reported no screen size", "check the cable and 'xrandr'")
    outputs = re.findall(r"^(\S+) connected", done.stdout, re.MULTILINE)
    found = f"{size[0]}x{size[1]} on {', '.join(outputs) or 'no connected output'}"
    if min(size) < 720:
        return Check("Display", Status.WARN, found, "the screens are designed for 1920x1080 (either way round); "
                                                    "set the screen's native mode with xrandr")
    return Check("Display", Status.OK, found)


def _abs_bits(text: str) -> int:
    """A /sys capabilities bitmap ("1 0 6000003": words, the most significant first) as an int."""
    value = 0
    for word in text.split():
        value = (value << (8 * ctypes.sizeof(ctypes.c_long))) | int(word, 16)
    return value


def touch_devices(by_id: Path = Path("/dev/input/by-id"), sys_input: Path = Path("/sys/class/input")) \
        -> list[tuple[str, bool]]:
    """Touch screens as (stable /dev/input/by-id path, multitouch), by what the kernel says they can do."""
    found = []
    for link in sorted(by_id.glob("*event*")):
        node = os.path.realpath(link)
        device = sys_input / os.path.basename(node) / "device"
        try:
            abs_bits = _abs_bits((device / "capabilities" / "abs").read_text())
            props = _abs_bits((device / "properties").read_text())
        except (OSError, ValueError):
            continue
        direct = bool(props >> INPUT_PROP_DIRECT & 1)  # a screen, not a touchpad
        positioned = bool(abs_bits & 0b11)  # ABS_X and ABS_Y
        if direct and positioned:
            found.append((str(link), bool(abs_bits >> ABS_MT_POSITION_X & 1)))
    return found


def check_touch(by_id: Path = Path("/dev/input/by-id"), sys_input: Path = Path("/sys/class/input")) -> Check:
    if not by_id.is_dir():
        return Check("Touch screen", Status.WARN, f"no {by_id} (no USB input devices)",
                     "plug in the touch screen's USB cable; then 'ls /dev/input/by-id'")
    devices = touch_devices(by_id, sys_input)
    if not devices:
        return Check("Touch screen", Status.WARN, "no touch screen among the input devices",
                     "plug in the touch screen's USB cable; 'ls /dev/input/by-id' lists what is there")
    path, multitouch = devices[0]
    unreadable = [p for p, _ in devices if not os.access(p, os.R_OK)]
    found = f"{path} ({'multitouch' if multitouch else 'single touch'})" + \
        (f" and {len(devices) - 1} more" if len(devices) > 1 else "")
    if unreadable:
        return Check("Touch screen", Status.FAIL, found, "the kiosk user cannot read it: add it to the input "
                                                          "group (usermod -aG input kiosk) and log in again")
    return Check("Touch screen", Status.OK, found)


def check_mtdev(find_library: Callable[[str], "str | None"] = ctypes.util.find_library) -> Check:
    library = find_library("mtdev")
    if library is None:
        return Check("libmtdev", Status.WARN, "not found", "apt-get install libmtdev1 (multitouch on Linux needs it)")
    return Check("libmtdev", Status.OK, library)


def parse_xset(text: str) -> tuple[int | None, bool | None]:
    """(screen saver timeout in seconds, DPMS enabled) from ``xset q``."""
    timeout = re.search(r"timeout:\s*(\d+)", text)
    dpms = re.search(r"DPMS is (Enabled|Disabled)", text)
    return (int(timeout[1]) if timeout else None, (dpms[1] == "Enabled") if dpms else None)


def check_blanking(which: Which = shutil.which, run: Run = _run) -> Check:
    if not _has_x():
        return Check("Screen blanking", Status.SKIP, "no X display in this shell",
                     "the unit starts X with '-s 0 -dpms'; check with 'DISPLAY=:0 xset q' as the kiosk user")
    if which("xset") is None:
        return Check("Screen blanking", Status.SKIP, "xset is not installed", "apt-get install x11-xserver-utils")
    try:
        done = run(["xset", "q"], timeout=10)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Check("Screen blanking", Status.WARN, f"xset failed ({exc})", "check that X is running on DISPLAY")
    timeout, dpms = parse_xset(done.stdout)
    if timeout or dpms:
        found = f"screen saver after {timeout} s" if timeout else "screen saver off"
        found += ", DPMS on" if dpms else ""
        return Check("Screen blanking", Status.WARN, found,
                     "the screen will go dark: 'xset s off s noblank -dpms' (deploy/kiosk-session does it)")
    return Check("Screen blanking", Status.OK, "screen saver and DPMS off")


# --- disk, cache, service, content ---------------------------------------------------------------


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_disk(name: str, folder: Path, minimum: int = GB) -> Check:
    where = _existing(folder)
    try:
        free = shutil.disk_usage(where).free
    except OSError as exc:
        return Check(name, Status.WARN, f"cannot tell the free space of {folder} ({exc})", "")
    found = f"{free / GB:.1f} GB free for {folder}"
    if free < minimum:
        return Check(name, Status.WARN, found, f"free at least {minimum / GB:.0f} GB: remove old content versions "
                                               f"or clear the rendition cache (it is rebuilt)")
    return Check(name, Status.OK, found)


def check_writable(name: str, folder: Path) -> Check:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            pass
    except OSError as exc:
        return Check(name, Status.FAIL, f"{folder} is not writable ({exc.strerror or exc})",
                     f"chown -R kiosk: {folder} (the kiosk writes renditions there)")
    return Check(name, Status.OK, f"{folder} is writable")


def check_service(which: Which = shutil.which, run: Run = _run, unit_paths: Sequence[Path] = UNIT_PATHS) -> Check:
    installed = next((p for p in unit_paths if p.is_file()), None)
    if installed is None:
        return Check("systemd unit", Status.WARN, f"{UNIT_NAME} is not installed",
                     "sudo deploy/install.sh (starts the kiosk at boot and after a crash)")
    if which("systemctl") is None:
        return Check("systemd unit", Status.WARN, f"{installed} (systemctl not found)", "")
    try:
        state = run(["systemctl", "is-enabled", UNIT_NAME], timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired) as exc:
        state = f"unknown ({exc})"
    if state != "enabled":
        return Check("systemd unit", Status.WARN, f"{installed} is {state}", f"sudo systemctl enable {UNIT_NAME}")
    return Check("systemd unit", Status.OK, f"{installed}, enabled")


def check_content(content_dir: Path) -> Check:
    from ..content.lastgood import is_good
    from ..content.loader import load_exhibition

    current = content_dir / "current"
    if not current.exists():
        return Check("Content", Status.SKIP, f"nothing installed in {content_dir}",
                     "install an exhibition with 'kiosk update SOURCE_DIR'")
    result = load_exhibition(current)
    if not is_good(result):
        return Check("Content", Status.FAIL, f"{result.source}: {len(result.errors)} errors",
                     f"'kiosk validate {current}' lists them; 'kiosk rollback' goes back to the previous version")
    return Check("Content", Status.OK, f"{os.path.realpath(current)} loads without errors")


def check_pin(store: PinStore | None = None) -> Check:
    store = store or PinStore()
    if not store.is_set:
        return Check("Technician PIN", Status.FAIL, f"none is set ({store.path}): the corner gesture and a USB stick "
                                                    f"open nothing, a fleet join is refused",
                     "sudo kiosk set-pin (there is no default PIN)")
    mode = stat.S_IMODE(os.stat(store.path).st_mode)
    if mode & 0o077:
        return Check("Technician PIN", Status.FAIL, f"{store.path} can be read by others (mode {mode:04o})",
                     f"chmod 600 {store.path}, then sudo kiosk set-pin (it may have been copied)")
    days = guessing_seconds(4) / 86400
    return Check("Technician PIN", Status.OK, f"set, as a salted hash in {store.path} (trying every 4-digit PIN on "
                                              f"the pad takes {days:.0f} days at least)")


def check_trust(trusted: TrustedKeys | None = None) -> Check:
    trusted = trusted or TrustedKeys()
    try:
        active = trusted.active()
        enforced = trusted.enforced
    except SignatureError as exc:
        return Check("Signed content", Status.FAIL, str(exc), "kiosk trust --list; trust the curator's key again")
    if not enforced:
        return Check("Signed content", Status.WARN, "no curator key is trusted: any valid exhibition on a USB stick "
                                                    "(with the PIN) or in the fleet inbox replaces the content",
                     "on the curator's machine: kiosk keygen; here: sudo kiosk trust curator.pub")
    if not active:
        return Check("Signed content", Status.WARN, "every trusted key is revoked: no new content is accepted",
                     "sudo kiosk trust NEW.pub (the curator's new key)")
    return Check("Signed content", Status.OK, f"accepts only content signed by {', '.join(k.describe() for k in active)}")


def _opening_hours(content_dir: Path) -> tuple[bool, str]:
    """Whether the live content has opening hours, and which way it asks the display to sleep."""
    from ..content.loader import load_exhibition

    current = content_dir / "current"
    if not current.exists():
        return False, "auto"
    exhibition = load_exhibition(current).exhibition
    if exhibition is None:
        return False, "auto"
    return exhibition.opening is not None, exhibition.technician.display_power


def check_display_power(choice: str = "auto", survey_: Callable[..., list] | None = None,
                        needed: bool = True) -> Check:
    """Which way puts the screen to sleep outside the opening hours on this box, and why the
    ways before it do not (kiosk/technician/display.py)."""
    from .display import survey

    found = (survey_ or survey)(choice)
    chosen = next(((way, probe) for way, probe in found if probe.works), None)
    others = "; ".join(f"{way.name}: {probe.why}" for way, probe in found if not probe.works)
    if chosen is None:
        return Check("Display sleep", Status.WARN, others or "no way to switch the display", "")
    way, probe = chosen
    said = f"{way.name} ({probe.why})" + (f"; not {others}" if others else "")
    if not needed:
        return Check("Display sleep", Status.SKIP, f"the content has no opening hours, so the screen never sleeps; "
                                                   f"it would sleep through {said}", "")
    if way.name == "black screen":
        return Check("Display sleep", Status.WARN, said, "for a screen that really sleeps: a USB-CEC adapter "
                                                         "(sudo apt-get install cec-utils) or a monitor with DPMS")
    return Check("Display sleep", Status.OK, said)


# --- all of it ---------------------------------------------------------------------------------


def run_checks(gl_timeout: float = 30.0) -> list[Check]:
    home = kiosk_home()
    cache = renditions_folder()
    has_hours, power = _opening_hours(content_folder())
    return [
        check_python(),
        check_kivy(),
        check_gl(gl_timeout),
        check_display(),
        check_touch(),
        check_mtdev(),
        check_fonts(),
        check_codecs(),
        check_disk("Disk (home)", home),
        check_disk("Disk (cache)", cache),
        check_writable("Rendition cache", cache),
        check_blanking(),
        check_service(),
        check_content(content_folder()),
        check_pin(),
        check_trust(),
        check_display_power(power, needed=has_hours),
    ]


def report(checks: Sequence[Check], out: TextIO) -> int:
    """Print the checks; 0 when none failed, 1 otherwise."""
    print(f"kiosk doctor {__version__} (KIOSK_HOME={kiosk_home()})", file=out)
    for check in checks:
        for line in check.lines():
            print(line, file=out)
    failed = sum(c.status is Status.FAIL for c in checks)
    warned = sum(c.status is Status.WARN for c in checks)
    print(f"{failed} failure{'s' * (failed != 1)}, {warned} warning{'s' * (warned != 1)}", file=out)
    return 1 if failed else 0


def run_doctor(out: TextIO | None = None, gl_timeout: float = 30.0) -> int:
    """``kiosk doctor``: 0 when nothing failed."""
    return report(run_checks(gl_timeout), out or sys.stdout)
