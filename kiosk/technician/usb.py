"""USB sticks that update the kiosk (no Kivy here).

Three parts, each replaceable in tests:

- which mounts are sticks holding an exhibition (:class:`ExhibitionSticks`, behind the
  :class:`StickFinder` interface: a mount appeared -> does it hold an exhibition?);
- the watch that notices them (:class:`StickWatcher`): udev (pyudev) says a USB
  partition with a file system arrived, udisks mounts it read-only, and the kernel's
  mount table says when anything was mounted or unmounted -- ``/proc/self/mountinfo``
  signals a change with POLLPRI, which is how libmount and systemd watch it. Nothing
  walks ``/media`` in a loop;
- the update from a stick (:func:`update_from_stick`): ``kiosk update``'s validation,
  copy and atomic switch, its progress reported as :class:`StickProgress` steps.

A stick pulled half-way changes nothing: ``update_content`` copies into an
``.incoming-*`` folder and switches ``current`` only after the copy is complete,
flushed and loaded again.
"""

from __future__ import annotations

import logging
import os
import select
import shutil
import subprocess
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..content.loader import DEFAULT_NAMES, LoadResult, load_exhibition
from ..content.problems import Problem
from ..content.update import UpdateError, UpdateReport, update_content

log = logging.getLogger(__name__)

MOUNTINFO = Path("/proc/self/mountinfo")
STICK_ROOTS = (Path("/media"), Path("/run/media"), Path("/mnt"))
"""Where sticks are mounted: udisks (/media/USER/LABEL on Debian, /run/media/USER/LABEL
elsewhere) and a technician mounting one by hand (/mnt/usb)."""
FILE_SYSTEMS = frozenset({"vfat", "exfat", "ntfs", "ntfs3", "ext2", "ext3", "ext4", "btrfs", "f2fs", "iso9660", "udf"})


# --- the mount table -----------------------------------------------------------------------


@dataclass(frozen=True)
class Mount:
    """One line of the kernel's mount table."""

    source: str
    """The device, e.g. /dev/sda1 (or /dev/loop0 for an image)."""
    point: Path
    fstype: str


def _unescape(text: str) -> str:
    """mountinfo writes a space as \\040, a tab as \\011, a backslash as \\134."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 3 < len(text) and text[i + 1:i + 4].isdigit():
            out.append(chr(int(text[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def parse_mountinfo(text: str) -> dict[Path, Mount]:
    """Mount point -> mount, the last mount on a point winning (as the kernel shows it)."""
    mounts: dict[Path, Mount] = {}
    for line in text.splitlines():
        left, sep, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if not sep or len(fields) < 5 or len(tail) < 2:
            continue
        point = Path(_unescape(fields[4]))
        mounts[point] = Mount(_unescape(tail[1]), point, tail[0])
    return mounts


def read_mounts(path: Path = MOUNTINFO) -> dict[Path, Mount]:
    return parse_mountinfo(path.read_text(encoding="utf-8", errors="surrogateescape"))


# --- does a mount hold an exhibition? ------------------------------------------------------


@dataclass(frozen=True)
class Stick:
    """A mounted stick that holds an exhibition."""

    device: str
    mount: Path
    exhibition: Path
    """The folder to update from: the stick's top, or the one folder on it that holds the exhibition."""

    @property
    def name(self) -> str:
        """What the technician calls it: the stick's label (its mount folder's name)."""
        return self.mount.name or self.device


def exhibition_on(folder: Path) -> Path | None:
    """The folder on a stick holding an exhibition (exhibition.yaml or
    config/exhibition.yaml): the stick's top, else exactly one folder just under it.
    Two candidate folders are ambiguous: none is chosen."""

    def holds(path: Path) -> bool:
        return any((path / name).is_file() for name in DEFAULT_NAMES)

    try:
        if holds(folder):
            return folder
        below = [p for p in sorted(folder.iterdir()) if not p.name.startswith(".") and p.is_dir() and holds(p)]
    except OSError as exc:  # a stick pulled while we look, or a file system we cannot read
        log.info("cannot look into %s: %s", folder, exc)
        return None
    return below[0] if len(below) == 1 else None


class StickFinder(Protocol):
    """Decides whether a mount that appeared is a stick holding an exhibition."""

    def stick_at(self, mount: Mount) -> Stick | None: ...


class ExhibitionSticks:
    """A block device mounted under one of ``roots`` that holds an exhibition."""

    def __init__(self, roots: Sequence[Path] = STICK_ROOTS) -> None:
        self.roots = [Path(r) for r in roots]

    def stick_at(self, mount: Mount) -> Stick | None:
        if not mount.source.startswith("/dev/"):
            return None  # tmpfs, proc, overlay, network shares
        if not any(mount.point == root or root in mount.point.parents for root in self.roots):
            return None  # the system's own disks
        folder = exhibition_on(mount.point)
        return Stick(mount.source, mount.point, folder) if folder is not None else None


# --- mounting what udev announces ----------------------------------------------------------


def wants_mount(device: Any) -> bool:
    """A udev event for a USB partition (or a whole stick without partitions) carrying a
    file system the kiosk can read. ``device`` is a pyudev Device (or anything with
    ``action``, ``subsystem`` and ``get``)."""
    return (getattr(device, "action", None) in ("add", "change")
            and getattr(device, "subsystem", None) == "block"
            and device.get("ID_BUS") == "usb"
            and device.get("ID_FS_USAGE") == "filesystem"
            and device.get("ID_FS_TYPE") in FILE_SYSTEMS)


Run = Callable[..., subprocess.CompletedProcess]


def _run(args: Sequence[str]) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=60, check=False)


class Mounter(Protocol):
    def mount(self, device: str) -> None: ...

    def release(self, stick: Stick) -> None: ...


class UdisksMounter:
    """udisks mounts a stick for the kiosk user (read-only: the kiosk only reads from it)
    and, once the update has read it, unmounts it and powers it off so it may be pulled.
    The kiosk's logind session on tty7 is allowed to through polkit (deploy/install.sh)."""

    def __init__(self, run: Run = _run) -> None:
        self.run = run

    def mount(self, device: str) -> None:
        done = self.run(["udisksctl", "mount", "--no-user-interaction", "-b", device, "-o", "ro"])
        if done.returncode != 0:
            log.warning("udisks did not mount %s: %s", device, (done.stderr or done.stdout).strip())

    def release(self, stick: Stick) -> None:
        if not stick.mount.is_relative_to("/media") and not stick.mount.is_relative_to("/run/media"):
            return  # mounted by hand: the technician unmounts it
        for args in (["unmount", "--no-user-interaction", "-b", stick.device],
                     ["power-off", "--no-user-interaction", "-b", stick.device]):
            done = self.run(["udisksctl", *args])
            if done.returncode != 0:
                log.info("udisksctl %s: %s", args[0], (done.stderr or done.stdout).strip())
                return


class NoMounter:
    """For a kiosk without udisks (and tests): only sticks mounted by someone else count."""

    def mount(self, device: str) -> None:
        log.info("%s arrived; nothing mounts it here (no udisks)", device)

    def release(self, stick: Stick) -> None:
        pass


def udev_monitor() -> Any:
    """pyudev's monitor of block devices, or None where udev is not available."""
    try:
        import pyudev
    except ImportError:
        log.warning("pyudev is not installed: sticks are seen only once something mounts them")
        return None
    try:
        monitor = pyudev.Monitor.from_netlink(pyudev.Context(), source="udev")
        monitor.filter_by(subsystem="block")
        return monitor
    except (OSError, ValueError) as exc:
        log.warning("cannot listen to udev (%s): sticks are seen only once something mounts them", exc)
        return None


# --- the watcher -----------------------------------------------------------------------------


class StickWatcher:
    """Calls ``on_stick(stick)`` when a stick holding an exhibition is mounted (also one
    that was in when the watcher started) and ``on_gone(stick)`` when it is unmounted or
    pulled. Runs in its own thread; both callbacks come from that thread."""

    def __init__(self, on_stick: Callable[[Stick], None], on_gone: Callable[[Stick], None], *,
                 finder: StickFinder | None = None, mounter: Mounter | None = None, monitor: Any = "udev",
                 mountinfo: Path = MOUNTINFO) -> None:
        self.on_stick = on_stick
        self.on_gone = on_gone
        self.finder = finder or ExhibitionSticks()
        self.mounter = mounter or (UdisksMounter() if shutil.which("udisksctl") else NoMounter())
        self.monitor = udev_monitor() if monitor == "udev" else monitor
        self.mountinfo = mountinfo
        self.sticks: dict[Path, Stick] = {}
        self._wake_r, self._wake_w = os.pipe()
        self._thread: threading.Thread | None = None
        self._stopping = False

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="stick-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping = True
        os.write(self._wake_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout=5)
        for fd in (self._wake_r, self._wake_w):
            os.close(fd)

    def _run(self) -> None:
        try:
            with open(self.mountinfo, "rb") as table:
                poller = select.poll()
                poller.register(table.fileno(), select.POLLPRI | select.POLLERR)
                poller.register(self._wake_r, select.POLLIN)
                if self.monitor is not None:
                    self.monitor.start()
                    poller.register(self.monitor.fileno(), select.POLLIN)
                self.mounts_changed()
                while not self._stopping:
                    for fd, _events in poller.poll():
                        if fd == table.fileno():
                            table.seek(0)
                            table.read()  # reading clears the kernel's "changed" mark
                            self.mounts_changed()
                        elif self.monitor is not None and fd == self.monitor.fileno():
                            self.device_event(self.monitor.poll(timeout=0))
        except Exception:  # noqa: BLE001 - the kiosk goes on without sticks; the log says why
            log.exception("the USB stick watcher stopped")

    def device_event(self, device: Any) -> None:
        """udev announced a device: a USB stick with a file system is mounted (read-only)."""
        if device is not None and wants_mount(device):
            log.info("USB stick %s (%s) arrived", device.device_node, device.get("ID_FS_LABEL", "no label"))
            self.mounter.mount(device.device_node)

    def mounts_changed(self) -> None:
        """The mount table changed: new sticks are announced, gone ones too."""
        try:
            mounts = read_mounts(self.mountinfo)
        except OSError as exc:
            log.warning("cannot read %s: %s", self.mountinfo, exc)
            return
        for point in [p for p in self.sticks if p not in mounts or mounts[p].source != self.sticks[p].device]:
            stick = self.sticks.pop(point)
            log.info("USB stick %s is gone", stick.name)
            self.on_gone(stick)
        for point, mount in mounts.items():
            if point in self.sticks:
                continue
            stick = self.finder.stick_at(mount)
            if stick is not None:
                log.info("USB stick %s holds an exhibition in %s", stick.name, stick.exhibition)
                self.sticks[point] = stick
                self.on_stick(stick)


# --- the update from a stick ----------------------------------------------------------------


@dataclass(frozen=True)
class StickProgress:
    """One step of an update from a stick, for the maintenance screen.

    ``phase``: checking, problems (nothing changed, ``problems`` says why), copying,
    preparing, done, failed (``message`` says why; nothing changed).
    """

    phase: str
    done: int = 0
    total: int = 0
    problems: tuple[str, ...] = ()
    message: str = ""
    version: str = ""
    may_pull: bool = False
    """The stick is no longer read: it may be pulled."""

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


def plain(problem: Problem, root: Path) -> str:
    """A problem in a technician's words: the file on the stick and the line, then the message."""
    mark = problem.mark
    name = mark.file
    try:
        name = Path(mark.file).resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        pass
    return f"{name}, line {mark.line}: {problem.message}"


Prepare = Callable[[LoadResult, Callable[[int, int], None]], None]


def prepare_renditions(copy: LoadResult, progress: Callable[[int, int], None]) -> None:
    """Everything the new content shows made ready, as ``kiosk update`` does; the bar
    moves with each image."""
    from ..media.assets import Assets
    from ..media.prepare import prepare_exhibition
    from ..media.renditions import RenditionCache

    prepare_exhibition(Assets.of(copy), RenditionCache(None), advanced=progress)


def update_from_stick(stick: Stick, content_dir: Path | None, report: Callable[[StickProgress], None], *,
                      validate: Callable[[Path], LoadResult] = load_exhibition,
                      prepare: Prepare | None = prepare_renditions,
                      release: Callable[[Stick], None] = lambda _stick: None) -> UpdateReport | None:
    """Validate the stick's exhibition, copy it in, prepare it, switch: ``kiosk update``
    with every step reported. Returns what the update did, or None when nothing changed."""
    report(StickProgress("checking"))
    copied = threading.Event()

    def copying(done: int, total: int) -> None:
        report(StickProgress("copying", done, total))

    def before_switch(copy: LoadResult) -> None:
        copied.set()
        release(stick)  # read to the end: unmounted and powered off where we mounted it
        report(StickProgress("preparing", 0, 1, may_pull=True))
        if prepare is not None:
            prepare(copy, lambda done, total: report(StickProgress("preparing", done, total, may_pull=True)))

    try:
        done = update_content(stick.exhibition, content_dir, validate=validate, progress=copying,
                              before_switch=before_switch)
    except UpdateError as exc:
        log.warning("the update from the stick %s was refused: %s", stick.name, exc)
        if exc.problems:
            report(StickProgress("problems", problems=tuple(plain(p, stick.exhibition) for p in exc.problems),
                                 message=str(exc), may_pull=True))
        else:
            report(StickProgress("failed", message=str(exc), may_pull=copied.is_set() or not stick.mount.exists()))
        return None
    except Exception as exc:  # noqa: BLE001 - shown to the technician, logged with its traceback
        log.exception("the update from %s failed", stick.exhibition)
        report(StickProgress("failed", message=f"unexpected error: {exc}"))
        return None
    if not copied.is_set():
        release(stick)
    report(StickProgress("done", 1, 1, version=done.version, may_pull=True))
    return done
