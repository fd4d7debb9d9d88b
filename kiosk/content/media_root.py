"""The media folder, and the one safe way to turn a curator's path into a file."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

from .problems import display_path

MAX_NAME_BYTES = 255
"""The longest file or folder name Linux file systems (ext4, FAT/exFAT with long names) take."""
MAX_PATH_CHARS = 1024
"""Longer media paths are refused before the file system sees them."""

_CONTROL_NAMES = {"\0": "NUL", "\t": "a tab", "\n": "a line break", "\r": "a carriage return"}


class MediaPathError(ValueError):
    """A media path that cannot be used; the message is meant for the curator."""


def shown(relative: str) -> str:
    """``relative`` as it can be printed: invisible characters written out (``\\x00``)."""
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
                   for ch in relative)


def media_path_problem(relative: str) -> str | None:
    """Why ``relative`` is not a well-formed media path, in a curator's words; None when it is.

    Only the form is checked here (the file system is not asked): the model refuses these
    paths with this message, and ``MediaRoot.resolve`` refuses them before touching a file.
    """
    if not isinstance(relative, str):
        return "expected a file path inside the media folder"
    if not relative.strip():
        return "expected a file path inside the media folder, found an empty text"
    text = f"'{shown(relative)}'"
    for ch in relative:
        if unicodedata.category(ch) in ("Cc", "Cs"):
            what = _CONTROL_NAMES.get(ch) or ("a broken character" if unicodedata.category(ch) == "Cs"
                                             else f"the invisible character {shown(ch)}")
            return f"the path {text} contains {what}; retype it with only visible characters"
    if relative != relative.strip():
        return f"the path {text} begins or ends with a space; remove it"
    if "://" in relative:
        return f"{text} is a web address; media are files in the media folder, e.g. photos/001.jpg"
    if "\\" in relative:
        return f"use / between folders, found \\ in {text}"
    pure = PurePosixPath(relative)
    if pure.is_absolute() or re.match(r"^[A-Za-z]:", relative):
        return f"media paths are relative to the media folder, found the absolute path {text}"
    if ".." in pure.parts:
        return f"media paths may not leave the media folder, found '..' in {text}"
    if not pure.parts or pure.parts == (".",):
        return f"{text} names the media folder itself; name a file in it, e.g. photos/001.jpg"
    if relative.endswith("/"):
        return f"{text} ends with '/', so it names a folder; name a file in it"
    if "//" in relative:
        return f"{text} has an empty folder name ('//'); write {'/'.join(pure.parts)!r}"
    if len(relative) > MAX_PATH_CHARS:
        return f"the path is {len(relative)} characters long; media paths may have at most {MAX_PATH_CHARS}"
    for part in pure.parts:
        if len(part.encode("utf-8")) > MAX_NAME_BYTES:
            return (f"the name '{shown(part[:40])}...' in the path is longer than a file system allows "
                    f"({MAX_NAME_BYTES} bytes); shorten it")
    return None


@dataclass(frozen=True)
class MediaRoot:
    """The folder that holds the exhibition's photos, clips and scans."""

    folder: Path

    @cached_property
    def real(self) -> Path:
        """The folder with its links followed, once: an exhibition's paths all resolve
        against the same folder, even when a release link is swapped under it."""
        return self.folder.resolve()

    def resolve(self, relative: str) -> Path:
        """The real file for ``relative``; raises ``MediaPathError`` saying why not.

        Paths are relative, use ``/``, never contain ``..`` and never resolve (through
        symlinks) to anything outside the media folder. Only regular files are returned:
        a FIFO or a device would block or never end when read. A name typed in another
        Unicode form than the one on disk (macOS writes decomposed names: ``ə`` as ``e``
        plus a mark) finds the file all the same.
        """
        problem = media_path_problem(relative)
        if problem is not None:
            raise MediaPathError(problem)
        pure = PurePosixPath(relative)
        root = self.real
        candidate = root.joinpath(*pure.parts)
        try:
            real = candidate.resolve(strict=True)
        except FileNotFoundError:
            found = _find_other_form(root, pure.parts)
            if found is None:
                raise MediaPathError(f"'{shown(relative)}' does not exist in the media folder "
                                     f"{display_path(self.folder)}") from None
            try:
                real = found.resolve(strict=True)
            except (OSError, RuntimeError, ValueError) as exc:
                raise MediaPathError(f"'{shown(relative)}' cannot be opened: {exc}") from None
        except (OSError, RuntimeError, ValueError) as exc:  # loops, permissions, names too long
            raise MediaPathError(f"'{shown(relative)}' cannot be opened: {exc}") from None
        if real != root and root not in real.parents:
            raise MediaPathError(f"'{shown(relative)}' is a link that leads outside the media folder")
        try:
            mode = os.stat(real).st_mode
        except OSError as exc:
            raise MediaPathError(f"'{shown(relative)}' cannot be opened: {exc.strerror or exc}") from None
        if stat.S_ISDIR(mode):
            raise MediaPathError(f"'{shown(relative)}' is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise MediaPathError(f"'{shown(relative)}' is {special_kind(mode)}, not a regular file; "
                                 f"only ordinary files are shown")
        return real

    def find(self, relative: str | None) -> Path | None:
        """Like :meth:`resolve`, but None for anything unusable (the screen shows a placeholder)."""
        if relative is None:
            return None
        try:
            return self.resolve(relative)
        except MediaPathError:
            return None


def special_kind(mode: int) -> str:
    """What a file that is not a regular file is, in a technician's words."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a link"
    return "not an ordinary file"


def _find_other_form(root: Path, parts: tuple[str, ...]) -> Path | None:
    """The file at ``parts`` when its names differ from the disk's only in Unicode form
    (NFC against NFD); None when there is no such file or more than one."""
    if all(unicodedata.is_normalized("NFC", p) and unicodedata.is_normalized("NFD", p) for p in parts):
        return None  # plain ASCII and the like: no other form to look for
    folder = root
    for part in parts:
        wanted = unicodedata.normalize("NFC", part)
        try:
            names = [n for n in os.listdir(folder) if unicodedata.normalize("NFC", n) == wanted]
        except OSError:
            return None
        if len(names) != 1:
            return None
        folder = folder / names[0]
    return folder
