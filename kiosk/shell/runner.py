"""Starting the kiosk: load the exhibition, configure Kivy, then import and run the app.

Kept apart from ``app.py`` because Kivy must be configured before it is imported.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..content.lastgood import LastGood, Loader, fallback_for, load_safely
from ..content.loader import LoadResult, load_exhibition
from .kivy_config import configure_kivy
from ..technician.pin import PinStore
from ..common.places import kiosk_home

log = logging.getLogger(__name__)


class NothingToShow(Exception):
    """The exhibition has errors that leave nothing to show; the message lists them."""


def load_for_kiosk(path: Path, last_good: LastGood | None = None,
                   loader: Loader = load_exhibition) -> tuple[LoadResult, LoadResult, str | None]:
    """Load, log every problem, fall back to the last good exhibition when this one cannot
    be shown: errors in it, or loading it failed in a way nobody foresaw (that is logged
    with its traceback and counts as an error).

    Returns (what to show, what was loaded from ``path``, why they differ or None).
    Refuses only when nothing at all can be shown.
    """
    current = load_safely(path, loader)
    for problem in current.problems:
        (log.error if problem.severity.value == "error" else log.warning)("%s", problem)
    shown, why = fallback_for(current, last_good) if last_good is not None else (current, None)
    if why:
        log.warning("%s", why)
    if shown.exhibition is None:
        raise NothingToShow("\n".join(str(p) for p in current.errors))
    return shown, current, why


def run_kiosk(path: Path, *, windowed: bool, size: tuple[int, int] | None, rotation: int) -> int:
    """``kiosk run``: returns the exit status the technician chose on the maintenance screen
    (0 to restart, maintenance.LEAVE_FOR_MAINTENANCE to leave to a console), 0 on SIGTERM."""
    from ..common.user_error import UserError

    home = kiosk_home()
    _clean_unfinished_updates()
    last_good = LastGood()
    try:
        shown, current, why = load_for_kiosk(path, last_good)
    except NothingToShow as exc:
        raise UserError(f"the exhibition cannot be shown:\n{exc}") from None
    configure_kivy(home, windowed=windowed, size=size, rotation=rotation)
    from .app import KioskApp  # Kivy is imported here, after its configuration
    from ..content.watch import ExhibitionWatcher
    from ..media.renditions import RenditionCache
    from ..ui.textures import TextureCache

    store = PinStore()
    if not store.is_set:
        log.warning("no technician PIN is set: nothing opens the kiosk until one is (sudo kiosk set-pin)")
    from ..technician.maintenance import MaintenanceTools
    from ..technician.usb import StickWatcher

    sticks = StickWatcher(lambda stick: app.stick_arrived(stick), lambda stick: app.stick_gone(stick))
    tools = MaintenanceTools(_content_dir_of(path), release=sticks.mounter.release, validate=_deep_validate)
    app = KioskApp(shown, textures=TextureCache(RenditionCache()), pin_store=store, problem=why, maintenance=tools)
    # the real files are watched even when the last good copy is shown: the fix lands there
    watcher = ExhibitionWatcher(current, app.content_changed, path=path, last_good=last_good)
    watcher.start()
    sticks.start()
    stop_on_signals(app)
    try:
        app.run()
    finally:
        sticks.stop()
        watcher.stop()
    return app.exit_status


def _content_dir_of(path: Path) -> Path:
    """The content folder a stick updates: the one whose ``current`` the kiosk shows, else
    the default (KIOSK_HOME/content)."""
    from ..content.update import CURRENT, default_content_dir

    for candidate in (path, *path.parents):
        if candidate.name == CURRENT and candidate.is_symlink():
            return candidate.parent
    return default_content_dir()


def _deep_validate(path: Path) -> LoadResult:
    """A stick's exhibition gets ``kiosk validate``'s check: media files looked into."""
    from ..media.inspect import inspect_media
    from ..media.video import probe_duration

    return load_exhibition(path, clip_duration=probe_duration, inspect=inspect_media)


def _clean_unfinished_updates() -> None:
    """A power cut during ``kiosk update`` can leave a copy that never went live; it only
    takes disk, so it goes at the next start (unless an update is running right now)."""
    from ..content.update import clean_unfinished

    try:
        for name in clean_unfinished():
            log.info("removed %s, left by an update that did not finish", name)
    except Exception:  # noqa: BLE001 - tidying must never keep the kiosk from starting
        log.exception("could not tidy the content folder")


def stop_on_signals(app: object) -> None:
    """SIGTERM (systemd stopping the service) and SIGINT (Ctrl+C in a technician's terminal)
    end the kiosk cleanly; the touchscreen has only the corner gesture and the PIN."""
    import signal

    from kivy.clock import Clock

    def stop(signum: int, _frame: object) -> None:
        log.info("%s: stopping the kiosk", signal.Signals(signum).name)
        Clock.schedule_once(lambda _dt: app.stop(), 0)  # type: ignore[attr-defined]

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
