"""Starting the kiosk: load the exhibition, configure Kivy, then import and run the app.

Kept apart from ``app.py`` because Kivy must be configured before it is imported.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .content.loader import LoadResult, load_exhibition
from .kivy_config import configure_kivy
from .lockdown import PinStore, kiosk_home

log = logging.getLogger(__name__)


class NothingToShow(Exception):
    """The exhibition has errors that leave nothing to show; the message lists them."""


def load_for_kiosk(path: Path) -> LoadResult:
    """Load, log every problem, and refuse only when nothing at all can be shown."""
    loaded = load_exhibition(path)
    for problem in loaded.problems:
        (log.error if problem.severity.value == "error" else log.warning)("%s", problem)
    if loaded.exhibition is None:
        raise NothingToShow("\n".join(str(p) for p in loaded.errors))
    return loaded


def run_kiosk(path: Path, *, windowed: bool, size: tuple[int, int] | None, rotation: int) -> int:
    """``kiosk run``: returns 0 when the technician leaves with the PIN."""
    from .cli import UserError

    try:
        loaded = load_for_kiosk(path)
    except NothingToShow as exc:
        raise UserError(f"the exhibition cannot be shown:\n{exc}") from None
    home = kiosk_home()
    configure_kivy(home, windowed=windowed, size=size, rotation=rotation)
    from .app import KioskApp  # Kivy is imported here, after its configuration
    from .media.renditions import RenditionCache
    from .ui.textures import TextureCache

    store = PinStore()
    if not store.is_set:
        log.warning("no technician PIN is set; the default PIN is in force: run 'kiosk set-pin'")
    app = KioskApp(loaded, textures=TextureCache(RenditionCache()), pin_store=store)
    app.run()
    return 0
