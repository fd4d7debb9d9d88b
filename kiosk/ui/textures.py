"""Photos as Kivy textures: decoded off the UI thread, uploaded a few per frame, kept in an LRU.

The screens ask for a photo in one of three sizes (``screen``, ``zoom``, ``thumb``) and
get a callback with the texture. Behind that:

* decoding runs on worker threads (Pillow releases the GIL while it decodes and
  resizes), from the prepared rendition when ``kiosk prepare`` made one, else from the
  source at the size asked for;
* the OpenGL work (creating the texture, uploading its pixels) happens on the UI thread
  from a Clock trigger that uploads at most ``uploads_per_frame`` textures per frame, so
  a burst of thumbnails never stalls a frame for long;
* the most recently asked-for photo is decoded first: a visitor swiping fast wants the
  panel now on screen, not the ones swiped past; prefetches wait behind every request;
* textures are kept in a least-recently-used cache bounded in bytes: unbounded texture
  caches filling GPU memory are a known cause of kiosks going blank after days.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from kivy.graphics.texture import Texture

from ..media.images import DecodedImage, decode_for_screen
from ..media.problems import MediaProblem
from ..media.renditions import KINDS, RenditionCache

log = logging.getLogger(__name__)

TextureCallback = Callable[[Texture | None, str | None], None]
"""Called on the UI thread with (texture, None), or (None, the reason it cannot be shown)."""

_Key = tuple[str, str]
_URGENT, _PREFETCH = 0, 1


def texture_bytes(size: tuple[int, int]) -> int:
    """GPU memory of an RGB texture: drivers store RGB texels padded to 4 bytes."""
    return size[0] * size[1] * 4


SCREEN_PHOTOS = 6
"""Screen photos the default bound holds: the gallery's five (the one shown, its neighbours,
one prefetched beyond each) and one more (the attract loop's, or the panel swiped back to)."""


def screen_photos_bytes(photos: int = SCREEN_PHOTOS) -> int:
    """The texture memory of ``photos`` screen renditions of 3:2 photos (1920x1280, 9.4 MiB each).

    Squarer photos are larger (1920x1920 at most); the cache then holds fewer of them, never
    fewer than the panel shown and its neighbours (its slots hold those).
    """
    width, height = KINDS["screen"]
    return photos * texture_bytes((width, height * 2 // 3))


def _nothing(texture: Texture | None, reason: str | None) -> None:
    """The callback of a prefetch: the texture only lands in the cache."""


class TextureCache:
    """Textures of photos for the screens; see the module docstring.

    ``request``, ``peek``, ``prefetch``, ``clear`` and ``close`` are called on the UI thread.
    The default bound holds ``SCREEN_PHOTOS`` screen photos (see ``screen_photos_bytes``);
    a zoom photo (43 MiB for a 24-megapixel 3:2 one) stays while it is the newest, with the
    newest screen photos that fit beside it. A texture evicted while still on screen lives on until
    its widget lets it go: the gallery's three slots keep theirs, so the next swipe is
    preloaded whatever the cache holds.
    """

    def __init__(
        self,
        renditions: RenditionCache | None,
        max_bytes: int = screen_photos_bytes(),
        workers: int = 2,
        uploads_per_frame: int = 2,
        clock: Any = None,
        write_renditions: bool = True,
    ) -> None:
        if clock is None:
            from kivy.clock import Clock

            clock = Clock
        self.renditions = renditions
        self.max_bytes = max_bytes
        self.uploads_per_frame = max(1, uploads_per_frame)
        self.write_renditions = write_renditions
        self._textures: OrderedDict[_Key, Texture] = OrderedDict()
        self._bytes_used = 0
        self._failed: dict[_Key, str] = {}
        self._waiting: dict[_Key, list[TextureCallback]] = {}
        # The job queue is shared with the workers; everything else is UI-thread only.
        self._lock = threading.Lock()
        self._jobs: list[tuple[tuple[int, int], _Key]] = []
        self._queued: dict[_Key, tuple[int, int]] = {}
        self._in_flight: set[_Key] = set()
        self._order = itertools.count()
        self._ready: deque[tuple[_Key, DecodedImage | None, str | None]] = deque()
        self._closed = False
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="kiosk-photo")
        self._trigger = clock.create_trigger(self._upload, 0)

    # --- the screens' side ----------------------------------------------------------
    @property
    def bytes_used(self) -> int:
        """GPU memory held by the cached textures (see ``texture_bytes``)."""
        return self._bytes_used

    @property
    def pending(self) -> int:
        """How many photos are still being decoded or waiting to be uploaded."""
        return len(self._waiting) + len(self._ready)

    def request(self, path: Path, kind: str, callback: TextureCallback) -> None:
        """Ask for ``path`` at size ``kind``; ``callback`` gets the texture or the reason.

        Calls back at once when the texture (or the file's failure) is cached, else on a
        later frame. Requests for the same photo and size share one decode.
        """
        key = self._key(path, kind)
        if self._answer_now(key, callback):
            return
        waiting = self._waiting.get(key)
        if waiting is not None:
            waiting.append(callback)
        else:
            self._waiting[key] = [callback]
        self._enqueue(key, (_URGENT, -next(self._order)))

    def peek(self, path: Path, kind: str) -> Texture | None:
        """The cached texture, or None; never starts a decode."""
        key = self._key(path, kind)
        texture = self._textures.get(key)
        if texture is not None:
            self._textures.move_to_end(key)
        return texture

    def prefetch(self, paths: list[Path], kind: str) -> None:
        """Decode ``paths`` (in this order) after every pending request, into the cache."""
        for path in paths:
            key = self._key(path, kind)
            if key in self._textures or key in self._failed or key in self._waiting:
                continue
            self._waiting[key] = []
            self._enqueue(key, (_PREFETCH, next(self._order)))

    def clear(self) -> None:
        """Forget every texture and failure (after a content reload); pending requests still answer."""
        self._textures.clear()
        self._failed.clear()
        self._bytes_used = 0

    def close(self) -> None:
        """Stop the workers; pending requests are dropped without a callback."""
        if self._closed:
            return
        self._closed = True
        with self._lock:
            self._jobs.clear()
            self._queued.clear()
            self._in_flight.clear()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._trigger.cancel()
        self._ready.clear()
        self._waiting.clear()
        self.clear()

    # --- queueing -------------------------------------------------------------------
    @staticmethod
    def _key(path: Path, kind: str) -> _Key:
        if kind not in KINDS:
            raise ValueError(f"unknown photo size {kind!r}; expected one of {', '.join(KINDS)}")
        return str(path), kind

    def _answer_now(self, key: _Key, callback: TextureCallback) -> bool:
        texture = self._textures.get(key)
        if texture is not None:
            self._textures.move_to_end(key)
            callback(texture, None)
            return True
        reason = self._failed.get(key)
        if reason is not None:
            callback(None, reason)
            return True
        return False

    def _enqueue(self, key: _Key, priority: tuple[int, int]) -> None:
        if self._closed:
            return
        with self._lock:
            if key in self._in_flight:
                return  # being decoded: the waiting callbacks get its result
            current = self._queued.get(key)
            if current is not None and current <= priority:
                return  # already queued at least as urgently
            self._queued[key] = priority
            heapq.heappush(self._jobs, (priority, key))
        # One worker run per queue entry; each run takes the most urgent job at that
        # moment, so a late request overtakes earlier prefetches. Runs that find only
        # outdated entries return at once.
        self._pool.submit(self._work)

    def _next_job(self) -> _Key | None:
        with self._lock:
            while self._jobs:
                priority, key = heapq.heappop(self._jobs)
                if self._queued.get(key) == priority:
                    del self._queued[key]
                    self._in_flight.add(key)
                    return key
        return None

    # --- the workers ----------------------------------------------------------------
    def _work(self) -> None:
        key = self._next_job()
        if key is None or self._closed:
            return
        path, kind = Path(key[0]), key[1]
        try:
            image, reason, digest = self._decode(path, kind)
        except Exception as exc:  # noqa: BLE001 - a bug must not kill the worker silently
            log.exception("decoding %s failed unexpectedly", path)
            image, reason, digest = None, f"cannot be shown ({exc!r})", None
        self._ready.append((key, image, reason))
        self._trigger()
        if image is not None and digest is not None and self.write_renditions and self.renditions is not None:
            # After the hand-over: the visitor sees the photo first, the cache fills later.
            try:
                self.renditions.write(digest, kind, image)
            except OSError as exc:
                log.info("cannot keep a rendition of %s: %s", path, exc)

    def _decode(self, path: Path, kind: str) -> tuple[DecodedImage | None, str | None, str | None]:
        """(image, None, digest to store a rendition under) or (None, reason, None)."""
        box = KINDS[kind]
        digest = None
        if self.renditions is not None:
            try:
                digest = self.renditions.digest(path)
            except FileNotFoundError:
                return None, "the file does not exist", None
            except OSError as exc:
                return None, f"cannot read the file: {exc.strerror or exc}", None
            prepared = self.renditions.rendition_path(digest, kind)
            if prepared.is_file():
                try:
                    return decode_for_screen(prepared, box), None, None
                except MediaProblem as exc:  # a damaged cache file: decode the source instead
                    log.warning("ignoring the damaged rendition %s: %s", prepared, exc.reason)
            known = self.renditions.known_problem(digest)
            if known is not None:
                return None, known, None
        try:
            image = decode_for_screen(path, box)
        except MediaProblem as exc:
            if digest is not None and self.renditions is not None:
                self.renditions.remember_broken(digest, exc.reason)
            return None, exc.reason, None
        return image, None, digest

    # --- the UI thread: uploads -----------------------------------------------------
    def _upload(self, dt: float = 0.0) -> None:
        uploaded = 0
        while self._ready and uploaded < self.uploads_per_frame and not self._closed:
            key, image, reason = self._ready.popleft()
            with self._lock:
                self._in_flight.discard(key)
            callbacks = self._waiting.pop(key, [])
            if image is None:
                reason = reason or "cannot be shown"
                log.info("photo %s (%s) cannot be shown: %s", key[0], key[1], reason)
                self._failed[key] = reason
                self._call(callbacks, None, reason)
                continue  # failures cost no upload; answer them all in this frame
            texture = self._make_texture(image)
            uploaded += 1
            self._keep(key, texture)
            self._call(callbacks, texture, None)
        if self._ready and not self._closed:
            self._trigger()  # the rest on the next frame

    @staticmethod
    def _make_texture(image: DecodedImage) -> Texture:
        texture = Texture.create(size=image.size, colorfmt="rgb", bufferfmt="ubyte")
        # Rows are tightly packed (3 bytes a pixel, any width): Kivy sets GL's unpack
        # alignment from the width for each upload, so odd widths need no padding.
        texture.blit_buffer(image.pixels, colorfmt="rgb", bufferfmt="ubyte")
        # GL's first row is the bottom one; ours is the top one. Flipping the texture
        # coordinates shows it upright without touching the pixels.
        texture.flip_vertical()
        return texture

    def _keep(self, key: _Key, texture: Texture) -> None:
        old = self._textures.pop(key, None)
        if old is not None:
            self._bytes_used -= texture_bytes(old.size)
        self._textures[key] = texture
        self._bytes_used += texture_bytes(texture.size)
        # The newest texture always stays, even alone over the bound: it is on screen.
        while self._bytes_used > self.max_bytes and len(self._textures) > 1:
            _, evicted = self._textures.popitem(last=False)
            self._bytes_used -= texture_bytes(evicted.size)

    @staticmethod
    def _call(callbacks: list[TextureCallback], texture: Texture | None, reason: str | None) -> None:
        for callback in callbacks:
            try:
                callback(texture, reason)
            except Exception:  # noqa: BLE001 - one screen's bug must not starve the others
                log.exception("a photo callback failed")
