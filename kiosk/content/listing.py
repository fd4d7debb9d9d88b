"""What a folder of content holds for the kiosk: every regular file inside it, nothing outside.

``kiosk update`` copies these files, the fleet's fingerprint and a curator's signature
cover exactly these (hidden files and other systems' litter left out). No Kivy here.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .media_root import special_kind
from .problems import Problem

MAX_ENTRIES = 200_000
"""More files and folders than any exhibition has; a source with more is refused."""

# What operating systems and cameras leave on a stick; never part of an exhibition.
_JUNK = {"System Volume Information", "$RECYCLE.BIN", "Thumbs.db", "desktop.ini", "lost+found"}



class UpdateError(Exception):
    """An update or rollback that did not happen; the message says why, nothing changed."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def _is_junk(name: str) -> bool:
    return name.startswith(".") or name in _JUNK


@dataclass(frozen=True)
class SourceFile:
    """A regular file to copy: where it goes in the new version, where its bytes are, its size."""

    relative: Path
    real: Path
    size: int


@dataclass
class SourceListing:
    """What a source folder holds for the kiosk: regular files inside it, and what was left out."""

    files: list[SourceFile] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """One message per link leaving the source, named pipe, socket or device, naming it."""


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def list_source(source: Path) -> SourceListing:
    """Every regular file inside ``source``, hidden files and the litter of other systems left out.

    Nothing outside ``source`` is ever listed: a link is followed only when where it
    leads is inside ``source`` (its files are copied under the link's name, a loop is
    skipped), so a stick's
    ``media/passwd -> /etc/passwd`` or a link to the kiosk's own home is skipped. Named
    pipes, sockets and devices are skipped too (a link to ``/dev/zero`` would never end).
    Sizes come from the files themselves (``lstat`` of a regular file), so the free-space
    check counts what will really be written.
    """
    listing = SourceListing()
    root = os.path.realpath(source)
    # each folder with the real folders above it: a link to one of them is a loop
    pending: list[tuple[str, Path, tuple[str, ...]]] = [(root, Path(), ())]
    listed = 0
    while pending:
        folder, relative_folder, above = pending.pop(0)
        if folder in above:
            listing.skipped.append(f"{relative_folder.as_posix()}: a link to a folder above it (a loop); not copied")
            continue
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            listing.skipped.append(f"{relative_folder.as_posix() or '.'}/: cannot be read ({exc.strerror or exc})")
            continue
        for entry in entries:
            if _is_junk(entry.name):
                continue
            relative = relative_folder / entry.name
            shown = relative.as_posix()
            try:
                info = os.lstat(entry.path)
                real = entry.path
                if stat.S_ISLNK(info.st_mode):
                    target = os.readlink(entry.path)
                    real = os.path.realpath(entry.path)
                    if not _inside(real, root):
                        listing.skipped.append(f"{shown}: a link to {target}, outside {source}; not copied")
                        continue
                    info = os.stat(real)
            except FileNotFoundError:
                listing.skipped.append(f"{shown}: a link to nothing; not copied")
                continue
            except (OSError, ValueError) as exc:
                listing.skipped.append(f"{shown}: cannot be read ({getattr(exc, 'strerror', None) or exc}); not copied")
                continue
            listed += 1
            if listed > MAX_ENTRIES:  # a farm of links to links multiplies names without end
                raise UpdateError(f"{source} holds more than {MAX_ENTRIES:,} files and folders (counting each "
                                  f"name a link gives them); nothing was changed")
            if stat.S_ISDIR(info.st_mode):
                pending.append((os.path.realpath(real), relative, (*above, folder)))
            elif stat.S_ISREG(info.st_mode):
                listing.files.append(SourceFile(relative, Path(real), info.st_size))
            else:
                listing.skipped.append(f"{shown}: {special_kind(info.st_mode)}, not an ordinary file; not copied")
    listing.files.sort(key=lambda f: f.relative.as_posix())
    return listing


def content_files(source: Path) -> Iterator[tuple[Path, int]]:
    """Every file to copy from ``source`` (relative path, size); see :func:`list_source`."""
    for item in list_source(source).files:
        yield item.relative, item.size
