"""Kivy's configuration for a kiosk, set before Kivy is imported (no Kivy import at the top).

Kivy reads ``~/.kivy/config.ini`` unless ``KIVY_HOME`` points elsewhere, and takes
window settings only before ``kivy.core.window`` is imported: so this runs first.
"""

from __future__ import annotations

import os
from pathlib import Path


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
    if headless:
        os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
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
    if size:
        Config.set("graphics", "width", str(size[0]))
        Config.set("graphics", "height", str(size[1]))
    # touch arrives twice under X11 (pointer and evdev): let real touch win, no red dots
    Config.set("input", "mouse", "mouse,disable_on_activity,disable_multitouch")
    Config.remove_option("input", "%(name)s") if Config.has_option("input", "%(name)s") else None
    Config.set("postproc", "double_tap_time", "300")
    Config.set("postproc", "double_tap_distance", "40")
