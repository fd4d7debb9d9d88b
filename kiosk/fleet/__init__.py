"""A venue's kiosks as one, through Syncthing (no Kivy here).

The curator's machine shares the exhibition folder (send-only) with every kiosk, which
receives it (receive-only) into an inbox; each kiosk shares a status folder back
(send-only)::

    curator                                   kiosk "foyer" (KIOSK_HOME/fleet/)
      ~/exhibition/  --kiosk-exhibition-->      inbox/      applied by `kiosk fleet agent`
      ~/kiosks/foyer/ <--kiosk-status-foyer--   status/     status.json, screen.jpg, analytics.sqlite3

- :mod:`.syncthing` talks to Syncthing's REST API;
- :mod:`.inbox` applies the inbox once Syncthing reports it complete and idle, through
  ``kiosk update``'s validation and atomic switch;
- :mod:`.status` writes the status folder and reads a fleet of them;
- :mod:`.join` sets Syncthing up for a kiosk or the curator's machine;
- :mod:`.agent` is the long-running ``kiosk fleet agent``.
"""

from __future__ import annotations

import re

EXHIBITION_FOLDER = "kiosk-exhibition"
"""The Syncthing folder ID of the exhibition, the same on every machine of a venue."""
STATUS_PREFIX = "kiosk-status-"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def check_name(name: str) -> str:
    """A kiosk's name as it appears in folder IDs and in ``kiosk fleet status``."""
    if not _NAME.match(name):
        raise ValueError(f"{name!r} is not a kiosk name: use lower-case letters, digits and '-', "
                         f"up to 40, e.g. foyer or photo-wall")
    return name


def status_folder_id(name: str) -> str:
    return STATUS_PREFIX + check_name(name)
