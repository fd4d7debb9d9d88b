"""``kiosk fleet agent``: the long-running companion of a kiosk in a fleet.

It runs beside the kiosk (``kiosk-fleet.service``), not inside it, so the visitors'
screen never waits for a copy or a checksum. It waits on Syncthing's event stream for
the inbox to change, applies it through :class:`~kiosk.fleet.inbox.Inbox` (the running
kiosk reloads by itself when ``current`` switches), and writes the status folder every
``status_every`` seconds and after each apply.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from ..analytics.book import default_book_database
from ..content.loader import LoadResult, load_exhibition
from . import EXHIBITION_FOLDER, status_folder_id
from .book import apply_decisions
from .inbox import Inbox, Outcome
from .join import KioskSettings
from .status import ServiceInfo, StatusWriter, systemd_service_info
from .syncthing import Syncthing, SyncthingError, read_endpoint

log = logging.getLogger(__name__)

WAKE_EVENTS = "StateChanged,FolderSummary,LocalIndexUpdated,RemoteIndexUpdated,FolderCompletion,FolderErrors"


def deep_validate(path: Path) -> LoadResult:
    """The same check as ``kiosk validate`` and ``kiosk update``: media looked into, clip lengths read."""
    from ..media.inspect import inspect_media
    from ..media.video import probe_duration

    return load_exhibition(path, clip_duration=probe_duration, inspect=inspect_media)


def prepare_photos(copy: LoadResult) -> None:
    """Everything the new content shows made ready before the switch, so the first visitor
    never waits (the same step as ``kiosk update``)."""
    from ..media.assets import Assets
    from ..media.prepare import prepare_exhibition
    from ..media.renditions import RenditionCache

    for line in prepare_exhibition(Assets.of(copy), RenditionCache(None)).lines():
        log.info("%s", line)


class Agent:
    """One kiosk's inbox and status folder, looked after."""

    def __init__(self, settings: KioskSettings, api: Syncthing | None = None, *, settle: float = 10.0,
                 status_every: float = 60.0, validate: Callable[[Path], LoadResult] = deep_validate,
                 prepare: Callable[[LoadResult], None] | None = prepare_photos,
                 service: Callable[[], ServiceInfo] = systemd_service_info) -> None:
        self.settings = settings
        self.api = api or Syncthing(read_endpoint(Path(settings.syncthing_home)))
        fleet = Path(settings.inbox).parent
        self.book = Path(settings.book) if settings.book else default_book_database()
        """The kiosk's book of remembrance: copied to the status folder, the curator's decisions applied."""
        self.inbox = Inbox(self.api, EXHIBITION_FOLDER, Path(settings.inbox), Path(settings.content_dir),
                           fleet / "agent.json", settle=settle, validate=validate, prepare=prepare)
        self.status = StatusWriter(settings.name, Path(settings.status), fleet / ".scratch",
                                   content_dir=Path(settings.content_dir),
                                   screenshot=Path(settings.screenshot) if settings.screenshot else None,
                                   analytics=Path(settings.analytics) if settings.analytics else None,
                                   book=self.book, service=service)
        self.status_every = status_every
        self.last: Outcome | None = None
        self._since = 0
        self._stop = threading.Event()

    def step(self) -> Outcome:
        """Look at the inbox once, then write the status if it is due or something happened."""
        outcome = self.inbox.tick()
        if apply_decisions(Path(self.settings.inbox), self.book, dt.datetime.now()):
            outcome = Outcome("applied", "the curator's decisions about the book were applied") \
                if outcome.result == "unchanged" else outcome
        if outcome.result != "unchanged" or self.last is None or self.last.result != "unchanged":
            log.log(logging.INFO if outcome.result not in ("waiting", "unchanged") else logging.DEBUG,
                    "inbox: %s: %s", outcome.result, outcome.message)
        self.last = outcome
        return outcome

    def write_status(self) -> dict:
        sync = None
        if self.inbox.sync is not None:
            sync = {**asdict(self.inbox.sync), "complete": self.inbox.sync.complete}
        if self.last is not None and self.last.result in ("waiting", "offline"):
            sync = {**(sync or {}), "note": self.last.message}
        status = self.status.write(live=self.inbox.live(), last_apply=self.inbox.last_apply, sync=sync)
        try:
            self.api.scan(status_folder_id(self.settings.name))  # send it now, not after the watcher's delay
        except SyncthingError:
            pass
        return status

    def stop(self) -> None:
        self._stop.set()

    def _wait(self, seconds: float) -> None:
        """Until Syncthing reports something about the inbox, or ``seconds`` pass."""
        if seconds <= 0 or self._stop.is_set():
            return
        try:
            if self._since == 0:
                latest = self.api.events(0, 0, WAKE_EVENTS)  # only the newest id; what happened before is known
                self._since = max((e["id"] for e in latest), default=0)
            events = self.api.events(self._since, max(1, int(seconds)), WAKE_EVENTS)
            if events:
                self._since = max(e["id"] for e in events)
        except SyncthingError:
            self._stop.wait(min(seconds, 5.0))

    def run(self) -> None:
        """Until :meth:`stop`: look, apply, report."""
        next_status = 0.0
        while not self._stop.is_set():
            try:
                outcome = self.step()
            except Exception:  # noqa: BLE001 - the agent must go on; the kiosk keeps its content
                log.exception("looking at the inbox failed unexpectedly")
                outcome = None
            now = time.monotonic()
            if outcome is None or outcome.result in ("applied", "refused", "failed") or now >= next_status:
                try:
                    self.write_status()
                except Exception:  # noqa: BLE001
                    log.exception("writing the status folder failed")
                next_status = now + self.status_every
            wait = min(self.status_every, max(0.0, next_status - time.monotonic()))
            if outcome is not None and outcome.result == "waiting" and self.inbox.sync is not None \
                    and self.inbox.sync.complete:
                wait = min(wait, max(0.2, self.inbox.settle / 4))  # settling: look again soon
            self._wait(wait)
