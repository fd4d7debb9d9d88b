"""Keeping a kiosk that runs for days from growing: how the C heap hands memory back.

Photos pass through the process as large buffers: a decoded 1920x1280 rendition is
7 MB, its texture (with a software renderer, in process memory) 9.4 MB. glibc serves a
freed large buffer's successors from its heap once its mmap threshold has adapted
upwards, and a heap with holes keeps its pages: memory then grows with every photo
shown, although nothing leaks. A fixed threshold keeps every large buffer in its own
mapping, handed back to the system the moment it is freed; fewer arenas keep the
decoding threads from each holding a heap of their own. Other C libraries: nothing
is changed.

Kivy's SDL2 text provider keeps each label's rendered pixels after copying them into the
label's texture: ``drop_label_surfaces`` lets them go. Kivy is imported only there.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
import threading
from dataclasses import dataclass

log = logging.getLogger(__name__)

_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8
MMAP_THRESHOLD = 1 << 20
"""Buffers from 1 MiB up get their own mapping (a thumbnail's 150 KB does not)."""
ARENAS = 2


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]


@dataclass(frozen=True)
class HeapInfo:
    """What the C heap holds, in bytes (glibc's ``mallinfo2``, every arena)."""

    in_use: int
    """Allocated from the heaps' arenas and not yet freed."""
    mapped: int
    """Allocated in mappings of their own (buffers from ``MMAP_THRESHOLD`` up), all in use."""
    free: int
    """Freed into the arenas and kept for later allocations (partly handed back by ``trim_heap``)."""


@functools.cache
def _glibc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        libc.mallopt, libc.malloc_trim  # noqa: B018 - both exist only in glibc
    except (OSError, AttributeError):
        return None
    mallinfo2 = getattr(libc, "mallinfo2", None)  # glibc 2.33 and later
    if mallinfo2 is not None:
        mallinfo2.restype = _MallInfo2
        mallinfo2.argtypes = []
    return libc


def heap_info() -> HeapInfo | None:
    """The C heap's figures now; None when the C library is not a glibc that reports them."""
    libc = _glibc()
    if libc is None or not hasattr(libc, "mallinfo2"):
        return None
    info = libc.mallinfo2()
    return HeapInfo(in_use=info.uordblks, mapped=info.hblkhd, free=info.fordblks)


def tune_heap() -> bool:
    """Set the mmap threshold and the number of arenas; False when the C library is not glibc.

    Call once at start, before the decoding threads exist.
    """
    libc = _glibc()
    if libc is None:
        return False
    ok = libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 and libc.mallopt(_M_ARENA_MAX, ARENAS) == 1
    if not ok:
        log.warning("could not tune the C heap; memory may grow with the photos shown")
    return ok


def trim_heap(background: bool = True) -> None:
    """Hand the heap's free pages back to the system (at the end of a visit).

    ``malloc_trim`` walks the heap under its lock; on a worker thread the UI never waits.
    """
    libc = _glibc()
    if libc is None:
        return
    if background:
        threading.Thread(target=libc.malloc_trim, args=(0,), name="kiosk-trim", daemon=True).start()
    else:
        libc.malloc_trim(0)


def drop_label_surfaces() -> bool:
    """Make Kivy's SDL2 text provider let go of a label's pixels once its texture has them.

    The provider renders a label into an SDL surface, copies that into the label's texture
    and keeps the surface until the label is rendered again: as much memory again as every
    label's texture (5 MB with a gallery open), read by nothing (Kivy's pygame provider
    drops its own). Call once, after Kivy is imported; False when the provider is not SDL2's.
    """
    try:
        from kivy.core.text.text_sdl2 import LabelSDL2
    except ImportError:
        return False
    if getattr(LabelSDL2._render_end, "drops_surface", False):
        return True
    render_end = LabelSDL2._render_end

    def _render_end(label: LabelSDL2):  # type: ignore[no-untyped-def]
        try:
            return render_end(label)
        finally:
            label._surface = None

    _render_end.drops_surface = True  # type: ignore[attr-defined]
    LabelSDL2._render_end = _render_end
    return True
