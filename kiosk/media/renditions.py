"""Prepared renditions of every photo, kept in a cache folder keyed by content.

``kiosk prepare`` decodes each photo once into three JPEGs the kiosk can load in a few
milliseconds: ``screen`` (fits 1920x1920), ``zoom`` (fits 4096x4096, for pinch-zoom)
and ``thumb`` (fits 480x480, for grids). They are named after a hash of the source's
bytes, so renaming or moving a photo costs nothing and replacing it under the same
name builds new ones.

Hashing reads every byte, so an index remembers the hash of each file by its path,
size and modification time: a second run over unchanged files reads no photo at all.
Files that cannot be decoded are remembered (by content) with their reason, so they are
reported every run but decoded again only when their bytes change.

Writes are atomic (temporary file, fsync, rename): a power cut during ``prepare`` leaves
either the old state or the new, never a half-written rendition. No Kivy here.
"""

from __future__ import annotations

import io
import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from ..common.files import write_atomic
from ..common.places import renditions_folder
from .images import DecodedImage, decode_sizes
from .problems import MediaProblem

log = logging.getLogger(__name__)

KINDS: dict[str, tuple[int, int]] = {
    "screen": (1920, 1920),
    "zoom": (4096, 4096),
    "thumb": (480, 480),
}
"""Each rendition's box; an image is fitted inside it and never enlarged."""

JPEG_QUALITY = 90
PIPELINE = 2
"""Bumped when decoding changes in a way that makes old renditions or verdicts wrong."""

INDEX_NAME = "index.json"
RACY_NS = 2_000_000_000
"""A hash is remembered only for a file left unchanged this long before it was hashed:
a file rewritten within one tick of the file system's clock (2 s on a FAT USB stick)
keeps its size and time, and must not keep its old hash (git's "racy" entries)."""
_HASH_CHUNK = 1 << 20


def file_digest(path: Path) -> str:
    """A hash of the file's bytes: blake2b, fast and with no collisions to fear."""
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        while chunk := f.read(_HASH_CHUNK):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class FileStamp:
    """What tells that a file is unchanged without reading it."""

    size: int
    mtime_ns: int
    hashed_ns: int
    """When the file was looked at (and hashed, if it was)."""


@dataclass(frozen=True)
class BuildResult:
    """What building one source's renditions did."""

    source: Path
    digest: str | None = None
    built: tuple[str, ...] = ()
    """Kinds written by this build."""
    present: tuple[str, ...] = ()
    """Kinds that were already there."""
    problem: str | None = None
    """Why the source cannot be shown; no renditions then."""
    stamp: FileStamp | None = field(default=None, compare=False)
    """The source as it was when hashed, for the index."""
    decoded: bool = False
    """True when the source was decoded by this build (False for remembered verdicts)."""

    @property
    def ok(self) -> bool:
        return self.problem is None


class RenditionCache:
    """The renditions folder: look up, build and store renditions of source images.

    Safe to share between threads (the kiosk's decode workers). Several processes may
    build into the same folder at once: files are written atomically, and the index
    is merged with what is on disk when saved.
    """

    def __init__(self, folder: Path | None = None, now_ns: Callable[[], int] = time.time_ns) -> None:
        self.folder = Path(folder) if folder is not None else renditions_folder()
        self._now_ns = now_ns
        self._lock = threading.Lock()
        self._files: dict[str, dict[str, Any]] = {}
        self._broken: dict[str, str] = {}
        self._index_stamp: tuple[int, int] | None = None
        self.hashed = 0
        """How many files this cache has read to hash them (tests and summaries count it)."""
        self._dirty = False
        self._load_index()

    # --- looking up -----------------------------------------------------------------
    def rendition_path(self, digest: str, kind: str) -> Path:
        """Where the rendition ``kind`` of the content ``digest`` lives (whether or not it exists)."""
        w, h = KINDS[kind]
        return self.folder / digest[:2] / f"{digest}.{kind}-{w}x{h}-q{JPEG_QUALITY}-p{PIPELINE}.jpg"

    def digest(self, source: Path) -> str:
        """The content hash of ``source``, from the index when the file is unchanged.

        Raises ``OSError`` when the file cannot be read.
        """
        return self._digest(source)[0]

    def _digest(self, source: Path) -> tuple[str, FileStamp]:
        key, stamp = self._key(source)
        known = self._known_digest(key, stamp)
        if known is None:
            self._reload_if_changed()
            known = self._known_digest(key, stamp)
        if known is not None:
            return known, stamp
        digest = file_digest(source)
        with self._lock:
            self.hashed += 1
        self.remember(key, stamp, digest)
        return digest, stamp

    def known_digest(self, source: Path) -> str | None:
        """The hash of ``source`` if the index knows it for the file as it is now; never reads it."""
        try:
            key, stamp = self._key(source)
        except OSError:
            return None
        return self._known_digest(key, stamp)

    def path_for(self, source: Path, kind: str) -> Path | None:
        """The prepared rendition ``kind`` of ``source``, or None when there is none yet.

        May hash the source when the index does not know it: call it off the UI thread.
        """
        if kind not in KINDS:
            raise ValueError(f"unknown rendition {kind!r}; expected one of {', '.join(KINDS)}")
        try:
            digest = self.digest(source)
        except OSError:
            return None
        path = self.rendition_path(digest, kind)
        return path if self.usable(path, kind) else None

    def usable(self, path: Path, kind: str) -> bool:
        """True when ``path`` is a whole rendition of ``kind``: a JPEG from its start marker
        to its end marker, of a size that fits the kind's box. A file emptied by a full
        disk or a power cut on a file system that does not keep the rename's order, or
        overwritten with anything else, is removed so that it is built again."""
        try:
            size = os.stat(path).st_size
            if size < 4:
                raise ValueError("too short")
            with open(path, "rb") as f:
                head = f.read(2)
                f.seek(-2, os.SEEK_END)
                tail = f.read(2)
            if head != b"\xff\xd8" or tail != b"\xff\xd9":
                raise ValueError("not a whole JPEG")
            with Image.open(path) as im:
                w, h = im.size
                box = KINDS[kind]
                if im.format != "JPEG" or not (0 < w <= box[0] and 0 < h <= box[1]):
                    raise ValueError(f"a {im.format} of {w}x{h}")
        except FileNotFoundError:
            return False
        except Exception as exc:  # noqa: BLE001 - whatever is wrong, it is built again
            log.warning("the rendition %s is damaged (%s); building it again", path, exc)
            try:
                path.unlink()
            except OSError:
                pass
            return False
        return True

    def problem_for(self, source: Path) -> str | None:
        """The remembered reason ``source`` (as its bytes are now) cannot be shown, if any."""
        try:
            digest = self.digest(source)
        except OSError:
            return None
        return self.known_problem(digest)

    def known_problem(self, digest: str) -> str | None:
        """The remembered reason the content ``digest`` cannot be shown, if any."""
        with self._lock:
            return self._broken.get(digest)

    def status(self, source: Path, kinds: Sequence[str]) -> BuildResult | None:
        """The outcome of building ``source`` without reading it, when the index can tell.

        None means the source must be read (new or changed, or renditions missing).
        """
        try:
            key, stamp = self._key(source)
        except OSError:
            return None
        digest = self._known_digest(key, stamp)
        if digest is None:
            return None
        with self._lock:
            reason = self._broken.get(digest)
        if reason is not None:
            return BuildResult(source, digest, problem=reason, stamp=stamp)
        if all(self.usable(self.rendition_path(digest, k), k) for k in kinds):
            return BuildResult(source, digest, present=tuple(kinds), stamp=stamp)
        return None

    # --- building -------------------------------------------------------------------
    def build(self, source: Path, kinds: Iterable[str] = tuple(KINDS)) -> BuildResult:
        """Make the missing renditions of ``source``; decodes it at most once."""
        kinds = tuple(kinds)
        for kind in kinds:
            if kind not in KINDS:
                raise ValueError(f"unknown rendition {kind!r}; expected one of {', '.join(KINDS)}")
        source = Path(source)
        try:
            digest, stamp = self._digest(source)
        except FileNotFoundError:
            return BuildResult(source, problem="the file does not exist")
        except OSError as exc:
            return BuildResult(source, problem=f"cannot read the file: {exc.strerror or exc}")
        with self._lock:
            reason = self._broken.get(digest)
        if reason is not None:
            return BuildResult(source, digest, problem=reason, stamp=stamp)
        missing = [k for k in kinds if not self.usable(self.rendition_path(digest, k), k)]
        present = tuple(k for k in kinds if k not in missing)
        if not missing:
            return BuildResult(source, digest, present=present, stamp=stamp)
        try:
            images = decode_sizes(source, [KINDS[k] for k in missing])
        except MediaProblem as exc:
            self.remember_broken(digest, exc.reason)
            return BuildResult(source, digest, problem=exc.reason, stamp=stamp, decoded=True)
        for kind, image in zip(missing, images):
            self.write(digest, kind, image)
        return BuildResult(source, digest, built=tuple(missing), present=present, stamp=stamp, decoded=True)

    def store(self, source: Path, kind: str, image: DecodedImage) -> Path | None:
        """Keep an image decoded elsewhere (by the kiosk, on the fly) as ``source``'s rendition."""
        try:
            digest = self.digest(source)
        except OSError:
            return None
        path = self.rendition_path(digest, kind)
        if self.usable(path, kind):
            return path
        return self.write(digest, kind, image)

    def write(self, digest: str, kind: str, image: DecodedImage) -> Path:
        """Write one rendition atomically: a reader sees the old file or the whole new one."""
        path = self.rendition_path(digest, kind)
        path.parent.mkdir(parents=True, exist_ok=True)
        encoded = io.BytesIO()
        # No EXIF is written: the pixels are already upright and sRGB.
        image.to_pil().save(encoded, "JPEG", quality=JPEG_QUALITY)
        write_atomic(path, encoded.getvalue())
        return path

    # --- the index ------------------------------------------------------------------
    def remember(self, key: str, stamp: FileStamp, digest: str) -> None:
        if stamp.hashed_ns - stamp.mtime_ns < RACY_NS:
            return  # changed too recently to trust its time stamp next time
        with self._lock:
            entry = {"size": stamp.size, "mtime_ns": stamp.mtime_ns, "digest": digest}
            if self._files.get(key) != entry:
                self._files[key] = entry
                self._dirty = True

    def remember_broken(self, digest: str, reason: str) -> None:
        with self._lock:
            if self._broken.get(digest) != reason:
                self._broken[digest] = reason
                self._dirty = True

    def merge(self, result: BuildResult) -> None:
        """Take in a build done elsewhere (a worker process), for the index."""
        if result.digest is None or result.stamp is None:
            return
        self.remember(_index_key(result.source), result.stamp, result.digest)
        if result.problem is not None and result.decoded:
            self.remember_broken(result.digest, result.problem)

    def save_index(self) -> None:
        """Write the index, merged with what another process may have written meanwhile."""
        with self._lock:
            if not self._dirty:
                return
            files, broken = dict(self._files), dict(self._broken)
        on_disk = self._read_index()
        if on_disk is not None:
            # Ours win: they were measured now; theirs add files we never looked at.
            files = {**on_disk[0], **files}
            broken = {**on_disk[1], **broken}
        payload = {"pipeline": PIPELINE, "files": files, "broken": broken}
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".index-", suffix=".json", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(payload, f, separators=(",", ":"))
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.folder / INDEX_NAME)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        with self._lock:
            self._dirty = False
            self._index_stamp = self._stat_index()

    def _load_index(self) -> None:
        stamp = self._stat_index()
        loaded = self._read_index()
        with self._lock:
            if loaded is not None:
                self._files.update(loaded[0])
                self._broken.update(loaded[1])
            self._index_stamp = stamp

    def _reload_if_changed(self) -> None:
        """Pick up what a ``kiosk prepare`` running beside the kiosk has written."""
        stamp = self._stat_index()
        if stamp is not None and stamp != self._index_stamp:
            self._load_index()

    def _read_index(self) -> tuple[dict[str, dict[str, Any]], dict[str, str]] | None:
        try:
            data = json.loads((self.folder / INDEX_NAME).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            # Only a memo: a damaged index costs one re-hash of every photo, nothing else.
            log.warning("ignoring the damaged rendition index %s: %s", self.folder / INDEX_NAME, exc)
            return None
        if not isinstance(data, dict):
            return None
        files = data.get("files") if isinstance(data.get("files"), dict) else {}
        broken = data.get("broken") if isinstance(data.get("broken"), dict) else {}
        if data.get("pipeline") != PIPELINE:
            broken = {}  # a newer decoder may read what an older one refused
        return files, broken

    def _stat_index(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self.folder / INDEX_NAME)
        except OSError:
            return None
        return info.st_size, info.st_mtime_ns

    def _key(self, source: Path) -> tuple[str, FileStamp]:
        info = os.stat(source)
        return _index_key(source), FileStamp(info.st_size, info.st_mtime_ns, self._now_ns())

    def _known_digest(self, key: str, stamp: FileStamp) -> str | None:
        with self._lock:
            entry = self._files.get(key)
        if isinstance(entry, dict) and (entry.get("size"), entry.get("mtime_ns")) == (stamp.size, stamp.mtime_ns):
            digest = entry.get("digest")
            return digest if isinstance(digest, str) else None
        return None


def _index_key(source: Path) -> str:
    return os.path.abspath(source)
