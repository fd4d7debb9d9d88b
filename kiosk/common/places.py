"""The kiosk's folders, each named once (no Kivy here).

Two environment variables move them, and deploy and the tests rely on both:
``KIOSK_HOME`` is the kiosk's own folder (its PIN, settings, content, last good
exhibition, fleet settings, analytics), ``KIOSK_CACHE`` its cache (renditions, clip
poster frames, PDF pages). Unset, they follow the platform's conventions through
platformdirs: ``$XDG_STATE_HOME/kiosk`` (``~/.local/state/kiosk``) and
``$XDG_CACHE_HOME/kiosk`` (``~/.cache/kiosk``) on Linux.

Every function reads the environment when it is called, so a test (or a command)
that sets a variable sees its folder at once.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "kiosk"


def _from_environment(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else None


def kiosk_home() -> Path:
    """The kiosk's own folder for its settings, PIN and Kivy configuration
    (``$KIOSK_HOME``, else the platform's state folder for the kiosk)."""
    return _from_environment("KIOSK_HOME") or platformdirs.user_state_path(APP_NAME)


def cache_folder() -> Path:
    """The kiosk's whole cache folder (``$KIOSK_CACHE``, else the platform's cache folder
    for the kiosk): everything in it can be made again from the media."""
    return _from_environment("KIOSK_CACHE") or platformdirs.user_cache_path(APP_NAME)


def renditions_folder() -> Path:
    """Where ``kiosk prepare`` keeps the screen, zoom and thumbnail renditions of every
    image; clip poster frames and PDF pages live in folders inside it."""
    return cache_folder() / "renditions"


def content_folder() -> Path:
    """The content folder ``kiosk update`` installs exhibitions into."""
    return kiosk_home() / "content"


def last_good_folder() -> Path:
    """Where the last exhibition that loaded without errors is kept."""
    return kiosk_home() / "last-good"


def fleet_folder() -> Path:
    """The fleet settings and Syncthing home of a kiosk or a curator's machine."""
    return kiosk_home() / "fleet"


def display_state_file() -> Path:
    """What the running kiosk says of its screen (awake, or asleep and why, until when), for
    the fleet agent's status and ``kiosk doctor``: ``KIOSK_HOME/display.json``."""
    return kiosk_home() / "display.json"
