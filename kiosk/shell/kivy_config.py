"""Kivy's configuration for a kiosk, set before Kivy is imported (no Kivy import at the top).

Kivy reads ``~/.kivy/config.ini`` unless ``KIVY_HOME`` points elsewhere, and takes
window settings only before ``kivy.core.window`` is imported: so this runs first.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

_SDL_INIT_VIDEO = 0x20

LIGHT = {
    # Kivy asks for a multisampled window (graphics/multisamples = 2). Mesa's software
    # renderer makes it 4x: a colour and a depth-stencil buffer of 16 bytes a pixel, 66 MB
    # at 1920x1080 (17 MB without), and four samples to shade for every pixel drawn. The
    # kiosk draws photos, text and rectangles; the edges of rounded shapes and lines lose
    # their antialiasing (Kivy's Smooth* instructions draw them smooth without it).
    "KCFG_GRAPHICS_MULTISAMPLES": "0",
    # Kivy loads every image provider it knows when it starts; ffpyplayer's, with its codecs,
    # is 17 MB resident. The kiosk decodes photos with Pillow and loads ffpyplayer when a
    # clip plays.
    "KIVY_IMAGE": "tex,dds,sdl2,pil",
}
"""Kivy settings that cost memory for nothing the kiosk shows, as the environment variables
Kivy reads when it is imported (``KCFG_<section>_<key>`` is a config.ini setting)."""


class _DisplayMode(ctypes.Structure):
    _fields_ = [("format", ctypes.c_uint32), ("w", ctypes.c_int), ("h", ctypes.c_int),
                ("refresh_rate", ctypes.c_int), ("driverdata", ctypes.c_void_p)]


def _sdl_library() -> str | None:
    """The SDL2 that Kivy's window uses: the copy in Kivy's wheel, else the system's."""
    import importlib.util

    spec = importlib.util.find_spec("kivy")
    if spec and spec.origin:
        bundled = sorted((Path(spec.origin).parent.parent / "Kivy.libs").glob("libSDL2-2*.so*"))
        if bundled:
            return str(bundled[0])
    return ctypes.util.find_library("SDL2")


def display_size() -> tuple[int, int] | None:
    """The first display's size in pixels, asked of SDL before Kivy makes its window; None
    when there is no display or no SDL."""
    library = _sdl_library()
    if library is None:
        return None
    try:
        sdl = ctypes.CDLL(library)
        if sdl.SDL_InitSubSystem(_SDL_INIT_VIDEO) != 0:
            return None
        try:
            mode = _DisplayMode()
            if sdl.SDL_GetDesktopDisplayMode(0, ctypes.byref(mode)) != 0 or mode.w <= 0 or mode.h <= 0:
                return None
            return mode.w, mode.h
        finally:
            sdl.SDL_QuitSubSystem(_SDL_INIT_VIDEO)
    except (OSError, AttributeError) as exc:
        log.info("cannot ask SDL for the display size: %s", exc)
        return None


def lighten_kivy() -> None:
    """Set ``LIGHT`` in the environment (a value already set there wins); before Kivy is imported."""
    for key, value in LIGHT.items():
        os.environ.setdefault(key, value)


class _MissingMtdev(logging.Filter):
    """Kivy logs a whole traceback at every start on a machine without libmtdev; a technician
    needs one line saying what it means and what to install."""

    def __init__(self) -> None:
        super().__init__()
        self.said = False

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith("Input: MTDev is not supported"):
            return True
        if self.said:
            return False
        self.said = True
        record.msg = ("Input: libmtdev is not installed (Debian: apt install libmtdev1); "
                      "touches come through X's pointer only, one finger at a time")
        record.args, record.exc_info, record.exc_text = (), None, None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def configure_kivy(home: Path, *, windowed: bool, size: tuple[int, int] | None, rotation: int = 0,
                   headless: bool = False) -> None:
    """Lock Kivy down for unattended use, with its files in the kiosk's own folder."""
    if "kivy" in __import__("sys").modules and "KIVY_HOME" not in os.environ:
        raise RuntimeError("configure_kivy must run before Kivy is imported")
    kivy_home = home / "kivy"
    kivy_home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("KIVY_HOME", str(kivy_home))
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "0")
    # SDL turns SIGTERM and SIGINT into a window-close request, which the lockdown refuses:
    # systemd could then stop the kiosk only by killing it. The runner handles them itself.
    os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
    lighten_kivy()
    if headless:
        os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    kivy_log = logging.getLogger("kivy")
    if not any(isinstance(f, _MissingMtdev) for f in kivy_log.filters):
        kivy_log.addFilter(_MissingMtdev())
    from kivy.config import Config

    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "pause_on_minimize", "0")
    Config.set("kivy", "log_level", "info")
    Config.set("graphics", "fullscreen", "0" if windowed or headless else "auto")
    Config.set("graphics", "borderless", "0" if windowed else "1")
    Config.set("graphics", "show_cursor", "1" if windowed else "0")
    Config.set("graphics", "allow_screensaver", "0")
    Config.set("graphics", "rotation", str(rotation))
    Config.set("graphics", "resizable", "1" if windowed else "0")
    if not windowed and not headless:
        # Full screen is a request to the window manager; a kiosk box started by xinit has
        # none, and SDL then leaves an 800x600 window in the middle while Kivy lays out for
        # the whole screen. A borderless window at 0,0 of the display's size covers it either way.
        size = size or display_size()
        Config.set("graphics", "position", "custom")
        Config.set("graphics", "left", "0")
        Config.set("graphics", "top", "0")
    if size:
        Config.set("graphics", "width", str(size[0]))
        Config.set("graphics", "height", str(size[1]))
    # touch arrives twice under X11 (pointer and evdev): let real touch win, no red dots
    Config.set("input", "mouse", "mouse,disable_on_activity,disable_multitouch")
    Config.remove_option("input", "%(name)s") if Config.has_option("input", "%(name)s") else None
    Config.set("postproc", "double_tap_time", "300")
    Config.set("postproc", "double_tap_distance", "40")
