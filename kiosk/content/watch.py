"""Hot reload: watch the exhibition's YAML folders and media root, reload after a quiet moment.

Editors save by writing a temporary file and renaming it over the original, so the
*folders* are watched, never the files (a watch on a file follows the old inode away).
A burst of events (a save, a copy of twenty photos) becomes one reload once nothing
has happened for ``debounce`` seconds. Opening, reading and attribute changes are
ignored: the reload itself opens every file and must not trigger the next one.

The reload runs in the watcher's own thread and hands the new ``LoadResult`` to
``on_change`` -- valid or not. Deciding what to show is the app's business (it keeps
the last good exhibition on screen when the new one has errors); marshalling to the
UI thread is too. No Kivy here.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from .loader import LoadResult, load_exhibition

if TYPE_CHECKING:
    from .lastgood import LastGood

log = logging.getLogger(__name__)

Loader = Callable[[Path], LoadResult]
OnChange = Callable[[LoadResult], None]

RELOAD_EVENT_TYPES = frozenset({"created", "modified", "deleted", "moved", "closed"})
"""Event types that can mean new content. "closed" is a close after writing; "opened",
"closed_no_write" and "attrib" are left out: reading or chmod-ing changes nothing."""

# Asking the kernel only for these keeps open/close-nowrite events (every read of
# every photo during a reload) out of the queue altogether. Attribute changes still
# arrive (inotify shares a bit with modifications) and are dropped by type.
_KERNEL_FILTER = [FileCreatedEvent, FileDeletedEvent, FileMovedEvent, FileModifiedEvent, FileClosedEvent,
                  DirCreatedEvent, DirDeletedEvent, DirMovedEvent]

_TEMP_SUFFIXES = (".swp", ".swx", ".swo", ".kate-swp", ".tmp", ".part", ".crdownload", "~")
_TEMP_PREFIXES = (".", "~$")  # hidden files: editors' .#locks, .goutputstream-*, .~lock.*#, ._AppleDouble
_YAML_SUFFIXES = (".yaml", ".yml")


def is_temporary(name: str) -> bool:
    """True for the scratch files editors, office suites and downloads leave beside a file."""
    return (name.endswith(_TEMP_SUFFIXES) or name.startswith(_TEMP_PREFIXES)
            or (name.startswith("#") and name.endswith("#"))  # Emacs auto-save
            or name == "4913")  # Vim creates and deletes it to test that the folder is writable


def should_reload(event_path: str | os.PathLike[str], event_type: str) -> bool:
    """Whether one file-system event may change the exhibition.

    Only the event's kind and the file's name are judged here; whether the path
    belongs to the exhibition at all is the watcher's plan's business.
    """
    if event_type not in RELOAD_EVENT_TYPES:
        return False
    name = os.path.basename(os.fspath(event_path).rstrip(os.sep))
    return bool(name) and not is_temporary(name)


class Debouncer:
    """Turns a burst of events into one action once ``delay`` seconds have been quiet.

    Time is passed in, so tests step it instead of sleeping.
    """

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._last: float | None = None

    def touch(self, now: float) -> None:
        """An event happened at ``now``: (re)start the quiet period."""
        self._last = now

    @property
    def pending(self) -> bool:
        return self._last is not None

    def remaining(self, now: float) -> float | None:
        """Seconds until the action is due; None when nothing is pending."""
        if self._last is None:
            return None
        return max(0.0, self._last + self.delay - now)

    def take(self, now: float) -> bool:
        """True (once) when the burst is over and the action should run now."""
        if self._last is not None and now - self._last >= self.delay:
            self._last = None
            return True
        return False


@dataclass(frozen=True)
class WatchPlan:
    """Which folders to watch for one loaded exhibition, and which paths in them matter.

    All paths are resolved (symlinks followed), because the kernel reports events
    under the resolved folders the watches were placed on.
    """

    folders: dict[str, bool] = field(default_factory=dict)
    """Folder -> recursive."""
    yaml_files: frozenset[str] = frozenset()
    yaml_folders: frozenset[str] = frozenset()
    media: str | None = None
    links: frozenset[str] = frozenset()
    """Symlinks on the way to the content (``CONTENT_DIR/current``): replacing one
    switches the whole exhibition, so its own folder is watched too."""
    missing: frozenset[str] = frozenset()
    """Folders that should exist but do not; their creation matters."""

    def matters(self, path: str) -> bool:
        """True when an event at ``path`` may change the exhibition."""
        if path in self.yaml_files or path in self.links:
            return True
        parent, name = os.path.split(path)
        if parent in self.yaml_folders and name.endswith(_YAML_SUFFIXES):
            return True  # a new or renamed include file
        if self.media is not None and _within(path, self.media):
            return True
        return any(_within(path, folder) for folder in self.missing)


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _links_on_the_way(path: Path) -> set[str]:
    """Every symlink among ``path``'s ancestors, as resolved-parent/name."""
    links: set[str] = set()
    current = Path(path.anchor)
    for part in path.absolute().parts[1:]:
        current = current / part
        if part != ".." and current.is_symlink():
            links.add(os.path.join(os.path.realpath(current.parent), current.name))
    return links


def _inode(folder: str) -> int:
    try:
        return os.stat(folder).st_ino
    except OSError:
        return -1


def _existing_ancestor(path: str) -> str:
    while not os.path.isdir(path):
        parent = os.path.dirname(path)
        if parent == path:
            break
        path = parent
    return path


def plan_for(result: LoadResult) -> WatchPlan:
    """The folders to watch for ``result``: each YAML file's folder, the media root
    (recursively), and the folder of any symlink on the way to either."""
    folders: dict[str, bool] = {}
    missing: set[str] = set()
    links: set[str] = set()

    def want(folder: str, recursive: bool) -> None:
        if os.path.isdir(folder):
            folders[folder] = folders.get(folder, False) or recursive
        else:
            missing.add(folder)  # watch the nearest folder that exists, to see it appear
            folders.setdefault(_existing_ancestor(folder), False)

    files = {result.source, *result.files}
    yaml_files = frozenset(os.path.realpath(f) for f in files)
    yaml_folders = frozenset(os.path.dirname(f) for f in yaml_files)
    for folder in yaml_folders:
        want(folder, False)
    media = os.path.realpath(result.media.folder)
    want(media, True)
    for path in [*files, result.media.folder]:
        links |= _links_on_the_way(Path(path))
    for link in links:
        want(os.path.dirname(link), False)
    return WatchPlan(folders, yaml_files, yaml_folders, media, frozenset(links), frozenset(missing))


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: "ExhibitionWatcher") -> None:
        self._watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        self._watcher._event(event)


class ExhibitionWatcher:
    """Reloads the exhibition when its files change and reports each reload.

    ``result`` is a load of the exhibition the kiosk was started with -- the real one,
    even when it has errors and a last good copy is on screen, because the curator's
    fix will land in the real files. ``path`` is what to reload (default
    ``result.source``); give the path the kiosk was started with, e.g.
    ``CONTENT_DIR/current``, so a content update that changes the layout is followed.

    ``on_change(new_result)`` runs in the watcher's thread after every reload, valid
    or not. With ``last_good``, a reload without errors is also saved there (in this
    thread, so the UI never waits for the disk).
    """

    def __init__(self, result: LoadResult, on_change: OnChange, debounce: float = 0.4,
                 loader: Loader = load_exhibition, *, path: Path | None = None,
                 last_good: "LastGood | None" = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.path = Path(path) if path is not None else result.source
        self.current = result
        self.reloads = 0
        """How many reloads have run (for the technician's status line and for tests)."""
        self._on_change = on_change
        self._loader = loader
        self._last_good = last_good
        self._clock = clock
        self._debouncer = Debouncer(debounce)
        self._wake = threading.Condition()
        self._stopping = False
        self._plan = WatchPlan()
        self._watches: dict[tuple[str, bool, int], ObservedWatch] = {}
        self._handler = _Handler(self)
        self._observer: Observer | None = None  # type: ignore[valid-type]
        self._thread: threading.Thread | None = None

    # --- life cycle ----------------------------------------------------------------------

    def start(self) -> None:
        """Start watching; returns at once."""
        if self._thread is not None:
            raise RuntimeError("the watcher is already running")
        self._observer = Observer()
        self._observer.daemon = True
        self._apply(plan_for(self.current))
        self._observer.start()
        self._thread = threading.Thread(target=self._run, name="exhibition-watcher", daemon=True)
        self._thread.start()
        log.info("watching %s for changes (%d folders)", self.path, len(self._watches))

    def stop(self, timeout: float = 5.0) -> None:
        """Stop watching and wait for a reload in progress to finish."""
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def __enter__(self) -> "ExhibitionWatcher":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- events (observer thread) --------------------------------------------------------

    def _event(self, event: FileSystemEvent) -> None:
        paths = [os.fsdecode(event.src_path)]
        dest = getattr(event, "dest_path", "")
        if dest:
            paths.append(os.fsdecode(dest))
        plan = self._plan  # swapped whole by the reload thread, never mutated
        if any(should_reload(p, event.event_type) and plan.matters(p) for p in paths):
            log.debug("change: %s %s", event.event_type, " -> ".join(paths))
            with self._wake:
                self._debouncer.touch(self._clock())
                self._wake.notify_all()

    # --- reloads (watcher thread) --------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._stopping:
                    remaining = self._debouncer.remaining(self._clock())
                    if remaining is None:
                        self._wake.wait()
                    elif self._debouncer.take(self._clock()):
                        break
                    else:
                        self._wake.wait(remaining)
                if self._stopping:
                    return
            self._reload()

    def _reload(self) -> None:
        try:
            new = self._loader(self.path)
        except Exception:  # noqa: BLE001 - the loader should never raise; the kiosk must go on
            log.exception("reloading %s failed unexpectedly; the exhibition on screen stays", self.path)
            return
        self.current = new
        self.reloads += 1
        try:
            self._apply(plan_for(new))  # new include files, a moved media root, a switched version
        except Exception:  # noqa: BLE001
            log.exception("could not update the watched folders")
        if self._last_good is not None and new.exhibition is not None and new.ok:
            try:
                self._last_good.save(new)
            except Exception:  # noqa: BLE001 - a full disk must not stop the reload
                log.exception("could not keep %s as the last good exhibition", new.source)
        for problem in new.problems:
            (log.error if problem.severity.value == "error" else log.warning)("%s", problem)
        try:
            self._on_change(new)
        except Exception:  # noqa: BLE001
            log.exception("the reload handler failed")

    def _apply(self, plan: WatchPlan) -> None:
        """Watch what ``plan`` asks for; drop watches it no longer needs."""
        assert self._observer is not None
        # The inode is part of the key: a folder deleted and made again under the same
        # name needs a new watch, the old one died with the old folder.
        wanted = {(folder, recursive, _inode(folder)) for folder, recursive in plan.folders.items()}
        for key in list(self._watches):
            if key not in wanted:
                self._observer.unschedule(self._watches.pop(key))
        for key in wanted:
            folder, recursive, _ = key
            if key in self._watches:
                continue
            try:
                self._watches[key] = self._observer.schedule(
                    self._handler, folder, recursive=recursive, event_filter=_KERNEL_FILTER)
            except OSError as exc:  # out of inotify watches, permissions
                log.warning("cannot watch %s: %s; changes there need a restart", folder, exc)
        self._plan = plan
