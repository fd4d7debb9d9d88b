"""Atomic content updates from a folder or a USB stick, with rollback.

The kiosk's content lives in versions, and one symlink says which is live::

    CONTENT_DIR/                      (default KIOSK_HOME/content)
      current -> versions/0004-20270226-184500
      history.json                    the versions that were live, oldest first
      versions/
        0003-20270220-101500/         the previous version, for `kiosk rollback`
        0004-20270226-184500/         exhibition.yaml or config/exhibition.yaml, media/ ...
        .incoming-0005-...            a copy in progress (or one a power cut interrupted)

``kiosk run CONTENT_DIR/current`` shows whatever ``current`` names; its watcher
sees the symlink replaced and reloads.

An update validates the source first and changes nothing when it has errors. It copies
into ``versions/.incoming-*``, flushes the copy to disk, renames it into place, loads
the copy again, and only then switches ``current``: a new symlink under a temporary
name renamed over the old one (one atomic step). A copy cut short by a pulled stick or
a power cut leaves an ``.incoming-*`` folder that the next update removes; ``current``
never pointed at it. The version numbers count up (the clock of a box without a
real-time clock may go backwards after a power cut; the numbers do not).
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import json
import logging
import os
import re
import secrets
import shutil
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..common.files import fsync_dir, fsync_tree, remove_tree, write_json_atomic
from ..common.places import content_folder
from .lastgood import is_good
from .loader import LoadResult, load_exhibition
from .signing import SIGNATURE_FILE, SignatureError, TrustedKeys, differences
from .listing import (MAX_ENTRIES, SourceFile, SourceListing, UpdateError, content_files,  # noqa: F401
                      list_source)

log = logging.getLogger(__name__)

Loader = Callable[[Path], LoadResult]
Progress = Callable[[int, int], None]
"""Called with (bytes copied, bytes in all) while copying."""
CopyTree = Callable[[Path, Path, "Progress | None"], None]

VERSIONS = "versions"
CURRENT = "current"
HISTORY = "history.json"
LOCK = ".lock"
INCOMING = ".incoming-"
PENDING = ".pending-"
"""``versions/.pending-NAME`` marks a complete copy that is not live yet (being checked and
prepared); an update killed then leaves it, and the next update or start removes the
version it names unless ``current`` points at it."""
KEEP = 3
SPARE_BYTES = 64 * 1024 * 1024
"""Room left free after a copy, so logs and the rendition cache can still be written."""

_VERSION = re.compile(r"^(?P<seq>\d{4,})-\d{8}-\d{6}$")
class NotSigned(UpdateError):
    """Content refused because it is not signed by a curator key this kiosk trusts, or was
    changed after signing (``kiosk/content/signing.py``); nothing changed."""


@dataclass(frozen=True)
class UpdateReport:
    """What an update did."""

    version: str
    previous: str | None
    current: Path
    """The path to give ``kiosk run``: ``CONTENT_DIR/current``."""
    files: int
    size: int
    removed: list[str] = field(default_factory=list)
    """Old versions removed to keep at most ``keep``."""
    cleaned: list[str] = field(default_factory=list)
    """Interrupted copies, and versions an interrupted update left never live, removed."""
    skipped: list[str] = field(default_factory=list)
    signed_by: str | None = None
    """The curator key that signed the content (its fingerprint and name), None when the
    kiosk trusts no key and took it unsigned."""
    """What the source held but was not copied (links leaving it, pipes, devices), one message each."""


def default_content_dir() -> Path:
    """``KIOSK_HOME/content`` (named in :mod:`kiosk.common.places`)."""
    return content_folder()


_COPY_CHUNK = 1 << 20


def copy_file(item: SourceFile, target: Path) -> None:
    """Copy one regular file, reading no more than its listed size.

    Opened without following a link and checked again once open: a file swapped for a
    pipe or a device after the listing is refused, and a file that grew is an error
    instead of a copy that never ends.
    """
    fd = os.open(item.real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, f"{item.relative} is no longer an ordinary file")
        os.set_blocking(fd, True)
        left = item.size
        with open(target, "wb") as out:
            while left > 0:
                chunk = os.read(fd, min(_COPY_CHUNK, left))
                if not chunk:
                    break
                out.write(chunk)
                left -= len(chunk)
            if left == 0 and os.read(fd, 1):
                raise OSError(errno.EIO, f"{item.relative} grew while it was copied")
        os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
    finally:
        os.close(fd)


def copy_tree(source: Path, dest: Path, progress: Progress | None = None) -> None:
    """Copy the content files of ``source`` into ``dest`` and check each one's size."""
    files = list_source(source).files
    total, done = sum(f.size for f in files), 0
    for item in files:
        target = dest / item.relative
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_file(item, target)
        copied = target.stat().st_size
        if copied != item.size:  # a stick pulled half-way can give a short read without an error
            raise OSError(errno.EIO, f"{item.relative} copied {copied} of {item.size} bytes")
        done += item.size
        if progress is not None:
            progress(done, total)
    dest.mkdir(parents=True, exist_ok=True)


# --- the versions folder ------------------------------------------------------------------


def version_names(content_dir: Path) -> list[str]:
    """The complete versions, oldest first."""
    folder = content_dir / VERSIONS
    if not folder.is_dir():
        return []
    names = [p.name for p in folder.iterdir() if _VERSION.match(p.name) and p.is_dir()]
    return sorted(names, key=lambda n: (int(_VERSION.match(n)["seq"]), n))  # type: ignore[index]


def current_version(content_dir: Path) -> str | None:
    """The version ``current`` names, or None before the first update."""
    link = content_dir / CURRENT
    if not link.is_symlink():
        return None
    name = Path(os.readlink(link)).name
    return name if (content_dir / VERSIONS / name).is_dir() else None


def _next_name(content_dir: Path, now: dt.datetime) -> str:
    seqs = [int(_VERSION.match(n)["seq"]) for n in version_names(content_dir)]  # type: ignore[index]
    return f"{max(seqs, default=0) + 1:04d}-{now:%Y%m%d-%H%M%S}"


def _history(content_dir: Path) -> list[str]:
    try:
        names = json.loads((content_dir / HISTORY).read_text(encoding="utf-8"))["live"]
        return [n for n in names if isinstance(n, str)]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("%s is unreadable (%s); going by version numbers", content_dir / HISTORY, exc)
        return []


def _timeline(content_dir: Path) -> list[str]:
    """The versions that were live, oldest first, as far as they still exist."""
    existing = set(version_names(content_dir))
    history = [n for n in _history(content_dir) if n in existing]
    if history:
        return list(dict.fromkeys(history))
    return version_names(content_dir)  # no history kept: by number


def _write_history(content_dir: Path, names: list[str]) -> None:
    write_json_atomic(content_dir / HISTORY, {"live": names})


def switch_current(content_dir: Path, version: str) -> None:
    """Point ``current`` at ``version`` in one atomic step."""
    link = content_dir / CURRENT
    tmp = content_dir / f".{CURRENT}-{secrets.token_hex(4)}"
    os.symlink(Path(VERSIONS) / version, tmp)  # relative: the content folder may be moved or mounted elsewhere
    try:
        os.replace(tmp, link)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(content_dir)


def _prune(content_dir: Path, keep: int) -> list[str]:
    """Remove old versions: keep the live one and the latest that were live before it."""
    live = current_version(content_dir)
    kept: list[str] = [live] if live else []
    for name in [*reversed(_timeline(content_dir)), *reversed(version_names(content_dir))]:
        if len(kept) >= keep:
            break
        if name not in kept:
            kept.append(name)
    removed = [n for n in version_names(content_dir) if n not in kept]
    for name in removed:
        remove_tree(content_dir / VERSIONS / name)
    return removed


def _clean_incoming(content_dir: Path) -> list[str]:
    """Remove copies an interrupted update left: half-copied ``.incoming-*`` folders, and
    complete versions that never went live (the update was killed while checking or
    preparing them). Call with the lock held."""
    folder = content_dir / VERSIONS
    if not folder.is_dir():
        return []
    stale = [p for p in folder.iterdir() if p.name.startswith(INCOMING)]
    for path in stale:
        log.info("removing %s, a copy that was interrupted", path)
        remove_tree(path)
    cleaned = [p.name for p in stale]
    live = current_version(content_dir)
    for marker in [p for p in folder.iterdir() if p.name.startswith(PENDING)]:
        name = marker.name[len(PENDING):]
        version = folder / name
        if name != live and _VERSION.match(name) and version.is_dir():
            log.info("removing %s, a version an interrupted update never made live", version)
            remove_tree(version)
            cleaned.append(name)
        marker.unlink(missing_ok=True)
    if cleaned:
        fsync_dir(folder)
    return cleaned


def clean_unfinished(content_dir: Path | None = None) -> list[str]:
    """What an interrupted update left, removed -- when no update is running now (the
    kiosk calls this at start; an update in progress is left alone)."""
    content_dir = Path(content_dir) if content_dir is not None else default_content_dir()
    if not (content_dir / VERSIONS).is_dir():
        return []
    try:
        with _locked(content_dir):
            return _clean_incoming(content_dir)
    except UpdateError:
        return []  # an update is running: it cleans up itself


def _mark_pending(versions: Path, name: str) -> Path:
    marker = versions / f"{PENDING}{name}"
    marker.touch()
    fsync_dir(versions)
    return marker


@contextmanager
def _locked(content_dir: Path) -> Iterator[None]:
    """One update or rollback at a time (a technician's second terminal, a timer)."""
    content_dir.mkdir(parents=True, exist_ok=True)
    with open(content_dir / LOCK, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UpdateError(f"another update or rollback of {content_dir} is running; try again when it ends") \
                from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _check_layout(content_dir: Path) -> None:
    link = content_dir / CURRENT
    if link.exists() and not link.is_symlink():
        raise UpdateError(f"{link} is a folder, not the link that updates switch; move it away "
                          f"(e.g. to {content_dir / 'old'}) and run the update again")


def _summary(result: LoadResult) -> str:
    errors = result.errors
    if result.exhibition is None and not errors:
        return "cannot be loaded"
    return f"has {len(errors)} error{'s' * (len(errors) != 1)}"


# --- update and rollback --------------------------------------------------------------------


def update_content(source: Path, content_dir: Path | None = None, *, validate: Loader = load_exhibition,
                   recheck: Loader = load_exhibition, copy: CopyTree = copy_tree,
                   progress: Progress | None = None, keep: int = KEEP,
                   before_switch: Callable[[LoadResult], None] | None = None,
                   now: Callable[[], dt.datetime] = dt.datetime.now,
                   trust: TrustedKeys | None = None) -> UpdateReport:
    """Validate ``source``, copy it in as a new version and make it live.

    ``validate`` checks the source (the command passes the same deep check as
    ``kiosk validate``); ``recheck`` loads the copy before the switch.
    ``before_switch(copy)`` runs on the loaded copy just before it goes live (the
    command builds photo renditions there, so the first visitor never waits); if it
    fails, the update goes on -- it is only a head start. Raises
    ``UpdateError`` -- with the content's problems when it has errors -- and then
    ``current`` is as it was.

    ``trust`` (default: the kiosk's own, ``KIOSK_HOME/trusted-keys.json``): once a curator
    key is trusted, only content it signed, every file as signed, is accepted (``NotSigned``
    otherwise); the copy is checked against the signature again before it goes live, and
    the signature is kept in the version.
    """
    source = Path(source)
    content_dir = Path(content_dir) if content_dir is not None else default_content_dir()
    if not source.is_dir():
        raise UpdateError(f"{source} is not a folder; give the folder that holds the exhibition and its media")
    trust = trust if trust is not None else TrustedKeys()
    try:
        signature = trust.verify(source)
    except SignatureError as exc:
        raise NotSigned(str(exc)) from None
    result = validate(source)
    if not is_good(result):
        raise UpdateError(f"{result.source} {_summary(result)}; nothing was changed", list(result.errors))
    exhibition = result.source.relative_to(source)
    media = os.path.realpath(result.media.folder)
    root = os.path.realpath(source)
    if media != root and not media.startswith(root + os.sep):
        raise UpdateError(f"the media folder {result.media.folder} is outside {source}; put the media in a "
                          f"folder inside it (media_root: media, or ../media from config/) and try again")
    target = Path(os.path.realpath(content_dir))
    if target == Path(root) or Path(root) in target.parents or target in Path(root).parents:
        raise UpdateError(f"{source} and the content folder {content_dir} overlap; update from another folder")

    with _locked(content_dir):
        _check_layout(content_dir)
        cleaned = _clean_incoming(content_dir)
        versions = content_dir / VERSIONS
        versions.mkdir(exist_ok=True)
        listing = list_source(source)
        for message in listing.skipped:
            log.warning("%s", message)
        files = listing.files
        size = sum(f.size for f in files)
        free = shutil.disk_usage(versions).free
        if size + SPARE_BYTES > free:
            raise UpdateError(f"the new content needs {_mb(size)} and {_mb(SPARE_BYTES)} to spare, but only "
                              f"{_mb(free)} is free on {versions}; nothing was changed")

        name = _next_name(content_dir, now())
        incoming = versions / f"{INCOMING}{name}"
        # marked before it has its name: killed from here to the switch, it is removed next time
        marker = _mark_pending(versions, name)
        try:
            copy(source, incoming, progress)
            if signature is not None:
                changed = differences(signature, incoming)
                if changed:  # the source changed while it was copied: what would go live is not what was signed
                    raise NotSigned(f"the copy of {source} is not as its curator signed it ({changed[0]}); the live "
                                    f"content was not changed")
                shutil.copyfile(source / SIGNATURE_FILE, incoming / SIGNATURE_FILE)
            fsync_tree(incoming)
            os.replace(incoming, versions / name)
            fsync_dir(versions)
        except OSError as exc:
            remove_tree(incoming)
            marker.unlink(missing_ok=True)
            raise UpdateError(f"copying {source} failed ({exc}); the live content was not changed") from exc
        except BaseException:
            remove_tree(incoming)
            marker.unlink(missing_ok=True)
            raise

        try:
            check = recheck(versions / name / exhibition)
            if not is_good(check):
                raise UpdateError(f"the copy in {versions / name} {_summary(check)}; the live content was not "
                                  f"changed", list(check.errors))
            if before_switch is not None:
                try:
                    before_switch(check)
                except Exception:  # noqa: BLE001 - the kiosk prepares what is missing itself
                    log.exception("preparing %s before the switch failed; switching anyway", versions / name)
        except BaseException:  # refused, or interrupted (Ctrl+C): never live, so not kept
            remove_tree(versions / name)
            marker.unlink(missing_ok=True)
            raise

        previous = current_version(content_dir)
        timeline = [n for n in _timeline(content_dir) if n != name]
        if previous is not None and previous not in timeline:
            timeline.append(previous)
        switch_current(content_dir, name)
        _write_history(content_dir, [*timeline, name])
        marker.unlink(missing_ok=True)
        removed = _prune(content_dir, keep)
        _write_history(content_dir, _timeline(content_dir))  # without the removed ones
        log.info("content %s is live (previous: %s)", name, previous)
        return UpdateReport(name, previous, content_dir / CURRENT, len(files), size, removed, cleaned,
                            listing.skipped, signature.key.describe() if signature is not None else None)


def rollback(content_dir: Path | None = None, to: str | None = None,
             validate: Loader = load_exhibition) -> tuple[str, str]:
    """Make the version that was live before the current one live again (or ``to``).

    Returns (the version left, the version now live). The version left stays on disk
    until a later update removes it.
    """
    content_dir = Path(content_dir) if content_dir is not None else default_content_dir()
    with _locked(content_dir):
        _check_layout(content_dir)
        live = current_version(content_dir)
        if live is None:
            raise UpdateError(f"no content is installed in {content_dir}; run 'kiosk update SOURCE_DIR' first")
        timeline = [n for n in _timeline(content_dir) if n != live]
        if to is not None:
            if to not in version_names(content_dir):
                raise UpdateError(f"there is no version '{to}'; kept: {', '.join(version_names(content_dir))}")
            destination = to
        elif timeline:
            destination = timeline[-1]
        else:
            raise UpdateError(f"no earlier version is kept in {content_dir / VERSIONS}; nothing was changed")
        if destination == live:
            raise UpdateError(f"{live} is already live; nothing was changed")
        check = validate(content_dir / VERSIONS / destination)
        if not is_good(check):
            raise UpdateError(f"{destination} {_summary(check)} now; nothing was changed", list(check.errors))
        switch_current(content_dir, destination)
        if destination in timeline:
            timeline = timeline[:timeline.index(destination) + 1]
        else:
            timeline.append(destination)
        _write_history(content_dir, timeline)
        log.info("rolled back from %s to %s", live, destination)
        return live, destination


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.0f} MB" if size >= 10_000_000 else f"{size / 1_000_000:.1f} MB"
