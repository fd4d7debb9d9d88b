"""What content is this? One fingerprint for an exhibition folder, the same on every machine.

Version names (``0004-20270226-184500``) are counted per kiosk, so the curator and the
kiosks compare a digest of the files instead: their paths, sizes and SHA-256, over the
same files ``kiosk update`` copies (hidden files and other systems' litter left out, so
Syncthing's ``.stfolder`` does not count). File hashes are cached by size and
modification time, so a second look at a large folder reads nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from ..common.files import write_json_atomic
from .listing import content_files

log = logging.getLogger(__name__)

SHORT = 12
"""How many hex digits of a digest are shown."""


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


FileEntry = tuple[str, int, str]
"""One content file: its path inside the folder (with /), its size, its SHA-256 (hex)."""


def file_entries(folder: Path, cache: Path | None = None) -> list[FileEntry]:
    """Every content file of ``folder`` (the files ``kiosk update`` copies), in order, with
    its size and SHA-256; ``cache`` is a JSON file to keep file hashes in."""
    folder = Path(folder)
    known: dict[str, list] = {}
    if cache is not None:
        try:
            known = json.loads(cache.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
    fresh: dict[str, list] = {}
    entries: list[FileEntry] = []
    for relative, _listed in content_files(folder):
        path = folder / relative
        stat = path.stat()
        key = str(path.resolve())
        entry = known.get(key)
        if entry and entry[0] == stat.st_size and entry[1] == stat.st_mtime_ns:
            file_hash = entry[2]
        else:
            file_hash = _file_hash(path)
        fresh[key] = [stat.st_size, stat.st_mtime_ns, file_hash]
        entries.append((relative.as_posix(), stat.st_size, file_hash))
    if cache is not None and fresh != known:
        try:
            write_json_atomic(cache, fresh)
        except OSError as exc:
            log.warning("cannot keep file hashes in %s: %s", cache, exc)
    return entries


def digest_of(entries: list[FileEntry]) -> str:
    """The fingerprint of a list of content files: the SHA-256 (hex) of their paths, sizes and hashes."""
    total = hashlib.sha256()
    for relative, size, file_hash in entries:
        total.update(f"{relative}\0{size}\0{file_hash}\n".encode("utf-8"))
    return total.hexdigest()


def content_digest(folder: Path, cache: Path | None = None) -> str:
    """The SHA-256 (hex) of ``folder``'s content files; ``cache`` is a JSON file to keep file hashes in."""
    return digest_of(file_entries(folder, cache))


def short(digest: str | None) -> str:
    return digest[:SHORT] if digest else "unknown"
