"""Every media file of one exhibition, resolved once, offered as typed answers.

The loader resolves each media path as it checks the exhibition (``content/checks.py``)
and keeps the answers in ``LoadResult.resolved``; an ``Assets`` starts from them. The
shell, the screens, the attract loop, ``prepare``, ``update`` and ``preview`` ask here for
a panel's photo, a clip's poster and its subtitles in a visitor's languages, a book's
pages, the stills of quiet hours and of a minute of silence; nothing else turns a
curator's path into a file. No Kivy.

A path the YAML does not hold (a portrait named in a register's spreadsheet) is resolved
on first use and kept. The answers hold for one load: a changed exhibition is loaded
again, and gets new assets.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.loader import LoadResult
from ..content.media_root import MediaPathError, MediaRoot
from ..content.models import Book, Clip, Exhibition, Panel, SectionBase
from .renditions import RenditionCache


@dataclass(frozen=True)
class ImageRef:
    """An image the exhibition shows: the curator's path, and the file or why there is none."""

    media_path: str
    file: Path | None
    problem: str | None = None


class Assets:
    """The media files of one loaded exhibition."""

    def __init__(self, exhibition: Exhibition, media: MediaRoot,
                 resolved: Mapping[str, Path | None] | None = None,
                 renditions: RenditionCache | None = None) -> None:
        self.exhibition = exhibition
        self.media = media
        self.renditions = renditions
        """Where PDF pages are drawn to (the kiosk's rendition cache); None: the default one."""
        self._files: dict[str, Path | None] = dict(resolved or {})
        self._lock = threading.Lock()  # screens ask on the UI thread, page drawing off it

    @classmethod
    def of(cls, loaded: LoadResult, renditions: RenditionCache | None = None) -> "Assets":
        """The assets of an exhibition that loaded, from what its checks resolved."""
        if loaded.exhibition is None:
            raise ValueError("an exhibition that did not load has no assets")
        return cls(loaded.exhibition, loaded.media, loaded.resolved, renditions)

    # -- the one lookup ------------------------------------------------------------------
    def file(self, relative: str | None) -> Path | None:
        """The file for a curator's media path; None when there is none or it is unusable
        (the screen shows a placeholder; ``validate`` names the reason)."""
        if relative is None:
            return None
        with self._lock:
            if relative in self._files:
                return self._files[relative]
        found = self.media.find(relative)
        with self._lock:
            self._files[relative] = found
        return found

    def why_not(self, relative: str) -> str | None:
        """Why ``relative`` gives no file, in the curator's words; None when it does."""
        if self.file(relative) is not None:
            return None
        try:
            self.media.resolve(relative)
        except MediaPathError as exc:
            if not (self.media.folder / relative).exists():
                return "the file does not exist"
            return str(exc)
        return None  # there now: it was added after the exhibition loaded

    # -- typed answers -------------------------------------------------------------------
    def emblem(self) -> Path | None:
        """The exhibition's emblem (top bars, home, a minute of silence)."""
        return self.file(self.exhibition.emblem)

    def tile(self, section: SectionBase) -> Path | None:
        """The picture on a section's home tile; None: a title card with its kind's icon."""
        return self.file(section.tile_image())

    def photo(self, panel: Panel) -> Path | None:
        return self.file(panel.image)

    def cover(self, book: Book) -> Path | None:
        return self.file(book.cover)

    def portrait(self, person: Any) -> Path | None:
        """A person's photo (a ``Person`` or a register's row, both with ``photo``)."""
        return self.file(getattr(person, "photo", None))

    def video(self, clip: Clip) -> Path | None:
        return self.file(clip.video)

    def poster(self, clip: Clip) -> Path | None:
        """The still the curator gave for a clip (without one, screens show a title card)."""
        return self.file(clip.poster)

    def subtitle_files(self, clip: Clip) -> dict[str, Path]:
        """The languages ``clip`` has usable subtitle files for, in the curator's order."""
        found = {code: self.file(relative) for code, relative in clip.subtitles.items()}
        return {code: path for code, path in found.items() if path is not None}

    def subtitles(self, clip: Clip, order: Sequence[str]) -> tuple[str, Path] | None:
        """The subtitles to show with ``clip`` for a visitor whose languages are ``order``
        (theirs, then the exhibition's fallback): the first that has a usable file, as
        (language, file); None: the clip plays without subtitles."""
        files = self.subtitle_files(clip)
        return next(((code, files[code]) for code in dict.fromkeys(order) if code in files), None)

    def still(self, entry: Any) -> Path | None:
        """The image of a quiet-hours or silence entry."""
        return self.file(getattr(entry, "image", None))

    def pages(self, book: Book) -> list[Path | None]:
        """A book's sample pages as image files: its scans, or pages drawn from its PDF
        (None for a page that cannot be shown). Drawing PDF pages reads and renders the
        PDF: call it off the UI thread."""
        if book.pages:
            return [self.file(page) for page in book.pages]
        spec = book.pdf_pages
        pdf = self.file(spec.file) if spec else None
        if spec is None or pdf is None:
            return []
        from .pdf import page_images, sample_pages
        from .problems import MediaProblem

        try:
            return list(page_images(pdf, sample_pages(spec), self.renditions or RenditionCache()))
        except MediaProblem:
            return [None] * len(spec.pages)  # placeholders; validate names the reason

    # -- what prepare makes ready ----------------------------------------------------------
    def image_paths(self) -> Iterator[str]:
        """Every image the kiosk shows, in the order a visitor meets them: the emblem, each
        section's (``images()`` of its kind), the stills of quiet hours and silence."""
        ex = self.exhibition
        if ex.emblem:
            yield ex.emblem
        for section in ex.sections:
            yield from section.images()
        for entry in (*ex.quiet, *ex.silence):
            if entry.image:
                yield entry.image

    def images(self) -> list[ImageRef]:
        """The distinct images to prepare, each with its file or why there is none."""
        seen: set[str] = set()
        refs: list[ImageRef] = []
        for relative in self.image_paths():
            file = self.file(relative)
            key = str(file) if file is not None else relative
            if key in seen:
                continue  # the same photo as a cover and a panel is prepared once
            seen.add(key)
            refs.append(ImageRef(relative, file, None if file else self.why_not(relative) or "cannot be read"))
        return refs

    def pdf_books(self) -> list[Book]:
        """Books whose sample pages come from a PDF."""
        return [b for s in self.exhibition.sections for b in s.items if isinstance(b, Book) and b.pdf_pages]

    def clips_without_poster(self) -> list[Clip]:
        """Clips the curator gave no poster: ``prepare`` takes a frame from each."""
        return [c for s in self.exhibition.sections for c in s.items if isinstance(c, Clip) and not c.poster]


__all__ = ["Assets", "ImageRef"]
