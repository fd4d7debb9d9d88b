"""Small helpers for writes that survive a power cut: fsync, then rename.

A kiosk loses power without warning. A rename is atomic, but only once the data it
points at and the folder entry itself have reached the disk, hence the fsyncs.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from pathlib import Path
from typing import Any


def fsync_file(path: Path) -> None:
    """Flush one file's data to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (new names, renames) to the disk."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # some file systems (and other systems) cannot open folders; nothing to flush then
    try:
        os.fsync(fd)
    except OSError:
        pass  # e.g. EINVAL on file systems that do not sync folders
    finally:
        os.close(fd)


def fsync_tree(root: Path) -> None:
    """Flush every file and folder below ``root`` (and ``root`` itself)."""
    for folder, _dirs, files in os.walk(root):
        for name in files:
            fsync_file(Path(folder) / name)
        fsync_dir(Path(folder))


def write_atomic(path: Path, data: bytes, scratch: Path | None = None) -> None:
    """Replace ``path`` with ``data`` so a reader sees the old or the new file, never half.

    The temporary file is written beside ``path``, or in ``scratch`` (same file system)
    where nothing may see it appear (a folder Syncthing shares)."""
    if scratch is not None:
        scratch.mkdir(parents=True, exist_ok=True)
    tmp = (scratch or path.parent) / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(path.parent)


def write_json_atomic(path: Path, value: Any) -> None:
    write_atomic(path, (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def remove_tree(path: Path) -> None:
    """Remove a folder (or a file, or a symlink -- never what a symlink points at)."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


def write_private(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in a file only its owner can read, from its first byte:
    created 0600 (never written world-readable and restricted afterwards), flushed, renamed."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
