"""Sample pages of a book from its PDF, rendered through PDFium (pypdfium2) to images.

A book may give its sample pages as a PDF and page numbers instead of scans. Each page
asked for is rendered once to a JPEG in the rendition cache's folder, named after a hash
of the PDF's bytes, the page number and the size; from then on the page is an ordinary
image file: ``kiosk prepare`` builds its screen, zoom and thumbnail renditions like any
photo's, and the screens ask ``TextureCache.request(page_file, kind, ...)`` for it.

Pages are rendered to fit the zoom box (4096x4096) rather than the screen box, so a
visitor who pinches into a page of text reads sharp letters, not an enlarged blur.

PDFium is not thread-safe, not even across different documents: every call into it
goes through one lock (the pypdfium2 manual says so; libvips does the same). Separate
processes each have their own PDFium and need no lock between them. No Kivy here.
"""

from __future__ import annotations

import io
import math
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from ..common.files import write_atomic
from .problems import MediaProblem
from .renditions import JPEG_QUALITY, KINDS, RenditionCache
from .sniff import looks_like_text, sniff

if TYPE_CHECKING:
    import pypdfium2

    from ..content.models import PdfPages

Box = tuple[int, int]

SCREEN_BOX: Box = KINDS["screen"]
PAGE_BOX: Box = KINDS["zoom"]
"""The box ``page_images`` renders into: the zoom rendition's, so zooming stays sharp."""
DEFAULT_SAMPLE_PAGES = 3
"""How many pages (from the first) a book shows when the curator listed none."""
PDF_PIPELINE = 1
"""Bumped when rendering changes in a way that makes old page files wrong."""
PAGES_FOLDER = "pdf"
"""The page files' folder inside the rendition cache's folder (beside its ``xx/`` folders)."""

_TAIL = 8 * 1024
"""How far from the end ``%%EOF`` is looked for: the specification says within the
last 1024 bytes; some writers append a little junk after it."""

# PDFium keeps global state: two threads inside it at once corrupt or crash the process,
# whatever documents they work on. This lock is the one piece of module-level state here,
# because the thing it guards (the loaded library) is itself process-wide.
_PDFIUM_LOCK = threading.Lock()


# --- opening --------------------------------------------------------------------------


def _check_file(path: Path) -> None:
    """Refuse what PDFium should never be handed, with a reason a curator can act on."""
    try:
        size = os.stat(path).st_size
        if not path.is_file():
            raise MediaProblem("it is a folder, not a file" if path.is_dir() else "it is not a regular file")
        if size == 0:
            raise MediaProblem("the file is empty (0 bytes)")
        with open(path, "rb") as f:
            head = f.read(1024)
            f.seek(max(0, size - _TAIL))
            tail = f.read()
    except FileNotFoundError:
        raise MediaProblem("the file does not exist") from None
    except MediaProblem:
        raise
    except OSError as exc:
        raise MediaProblem(f"cannot read the file: {exc.strerror or exc}") from None
    if b"%PDF-" not in head:
        raise MediaProblem(_not_a_pdf(head))
    if b"%%EOF" not in tail:
        # PDFium would often open such a file by scanning for objects, then show blank
        # or missing pages: a copy cut short is better reported than half shown.
        raise MediaProblem("the PDF is cut short (it does not end with %%EOF, as after an interrupted copy); "
                         "copy the file again")


def _not_a_pdf(head: bytes) -> str:
    """Say what the file is instead, when that helps the curator find the mistake."""
    kind = sniff(head)
    if kind is not None and kind.name == "ZIP archive":
        return "not a PDF: the file is a ZIP archive (a Word or EPUB document?)"
    if kind is not None:
        return f"not a PDF: the file is {kind.described}"
    if looks_like_text(head):
        return "not a PDF: the file holds text"
    return "not a PDF"


def _open_reason(code: int) -> str:
    import pypdfium2.raw as pdfium_c

    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return "the PDF is protected by a password; save a copy without one"
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return "the PDF is encrypted in a way that cannot be read; save a copy without protection"
    if code == pdfium_c.FPDF_ERR_FILE:
        return "cannot read the file"
    return "the PDF is damaged and cannot be read"


@contextmanager
def _opened(path: Path) -> Iterator[pypdfium2.PdfDocument]:
    """The open document; hold ``_PDFIUM_LOCK`` for as long as it is used."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    _check_file(path)
    # Loaded through the raw call, not ``PdfDocument(path)``: that one reports a PDF of no
    # pages with PDFium's last error code, which is left over from an earlier failure and
    # would misname the problem. From the path, so PDFium reads only what it needs of a
    # 100 MB scan; ``os.fsencode`` gives the name's bytes as the file system holds them.
    raw = pdfium_c.FPDF_LoadDocument(os.fsencode(path), None)
    if not raw:
        raise MediaProblem(_open_reason(pdfium_c.FPDF_GetLastError()))
    document = pypdfium2.PdfDocument(raw)
    try:
        if len(document) < 1:
            raise MediaProblem("the PDF has no pages")
        yield document
    finally:
        document.close()  # now, under the lock, not in a finaliser on whatever thread


def _check_pages(pages: Sequence[int], count: int) -> None:
    for page in pages:
        if page < 1:
            raise MediaProblem(f"page {page} asked for; pages are counted from 1")
        if page > count:
            raise MediaProblem(f"page {page} asked for, the PDF has {count} page{'s' * (count != 1)}")


def _render(document: pypdfium2.PdfDocument, number: int, box: Box) -> Image.Image:
    """Page ``number`` (1-based) fitted inside ``box``; call with ``_PDFIUM_LOCK`` held."""
    import pypdfium2

    try:
        page = document[number - 1]
    except (pypdfium2.PdfiumError, IndexError):
        raise MediaProblem(f"page {number} is damaged and cannot be read") from None
    try:
        width, height = page.get_size()  # in points, after the page's own rotation
        if not (width > 0 and height > 0 and math.isfinite(width) and math.isfinite(height)):
            raise MediaProblem(f"page {number} has no size")
        # A page is drawn, not decoded: it is fitted to the box whichever way that scales.
        # The bitmap is ceil(side * scale) pixels: a hair less keeps it inside the box.
        scale = min(box[0] / width, box[1] / height) * (1 - 1e-9)
        try:
            bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255), may_draw_forms=False)
        except (pypdfium2.PdfiumError, ValueError) as exc:
            raise MediaProblem(f"page {number} cannot be drawn ({exc})") from None
        try:
            # ``to_pil`` may share the bitmap's buffer: copy before the bitmap is freed.
            image = bitmap.to_pil().convert("RGB").copy()
        finally:
            bitmap.close()
    finally:
        page.close()
    return image


# --- the public functions -------------------------------------------------------------


def page_count(pdf: Path) -> int:
    """How many pages ``pdf`` has; raises ``MediaProblem`` when it cannot be read."""
    with _PDFIUM_LOCK, _opened(Path(pdf)) as document:
        return len(document)


def render_pages(pdf: Path, pages: Sequence[int], box: Box = SCREEN_BOX) -> list[Image.Image]:
    """Render ``pages`` (counted from 1) of ``pdf``, each fitted inside ``box``, as RGB images.

    Raises ``MediaProblem`` for a file that is missing, empty, not a PDF, cut short,
    damaged or protected by a password, and for a page the PDF does not have. Pages
    are checked before any is drawn, so a bad page number costs no rendering.
    """
    pdf = Path(pdf)
    with _PDFIUM_LOCK, _opened(pdf) as document:
        _check_pages(pages, len(document))
        return [_render(document, number, box) for number in pages]


def inspect_pdf(path: Path, pages: Sequence[int] | None = None) -> str | None:
    """Why ``path`` (or one of ``pages`` of it) cannot be shown, or None when it looks fine.

    Opens the document and counts its pages without drawing any, so ``kiosk validate``
    stays quick. Without ``pages`` only the file itself is judged.
    """
    try:
        with _PDFIUM_LOCK, _opened(Path(path)) as document:
            if pages:
                _check_pages(pages, len(document))
    except MediaProblem as exc:
        return exc.reason
    return None


def sample_pages(pdf: PdfPages) -> list[int] | None:
    """The page numbers the curator listed, or None when they listed none.

    The model fills in ``[1, 2, 3]`` when ``pages`` is left out; a shorter PDF must not
    be reported as broken for pages nobody asked for, so ``page_images`` takes None to
    mean "the first pages, as many as there are, up to three".
    """
    return list(pdf.pages) if "pages" in pdf.model_fields_set else None


def page_image_path(cache: RenditionCache, digest: str, page: int, box: Box = PAGE_BOX) -> Path:
    """Where page ``page`` of the PDF with content hash ``digest`` is kept (whether or not it exists)."""
    w, h = box
    return (cache.folder / PAGES_FOLDER / digest[:2]
            / f"{digest}-p{page}-{w}x{h}-q{JPEG_QUALITY}-r{PDF_PIPELINE}.jpg")


def page_images(
    pdf: Path,
    pages: Sequence[int] | None,
    cache: RenditionCache,
    box: Box = PAGE_BOX,
    on_render: Callable[[int], None] | None = None,
) -> list[Path]:
    """The image files of ``pages`` of ``pdf``, rendering the ones not made yet.

    ``pages`` counts from 1; None means the first pages, up to ``DEFAULT_SAMPLE_PAGES``
    (see ``sample_pages``). Files are keyed by the PDF's content, so an unchanged PDF
    is neither read nor opened again once its pages exist (its hash comes from the
    cache's index), and a replaced PDF gets new pages. ``on_render`` is told each page
    number drawn. Only the page files are written: ``kiosk prepare`` then builds their
    renditions, and the kiosk's texture loader does so on the fly when it must.

    Call it off the UI thread. Raises ``MediaProblem`` as ``render_pages`` does.
    """
    pdf = Path(pdf)
    try:
        digest = cache.digest(pdf)
    except FileNotFoundError:
        raise MediaProblem("the file does not exist") from None
    except OSError as exc:
        raise MediaProblem(f"cannot read the file: {exc.strerror or exc}") from None
    if pages is not None:
        paths = [page_image_path(cache, digest, n, box) for n in pages]
        if all(p.is_file() for p in paths):
            return paths
    with _PDFIUM_LOCK, _opened(pdf) as document:
        count = len(document)
        if pages is None:
            pages = list(range(1, min(count, DEFAULT_SAMPLE_PAGES) + 1))
        _check_pages(pages, count)
        paths = [page_image_path(cache, digest, n, box) for n in pages]
        for number, path in zip(pages, paths):
            if path.is_file():
                continue
            # Written at once, though the lock is held meanwhile: a page at the zoom size
            # is 35 MB of pixels, too many to keep a book's worth of them on a kiosk.
            _write_jpeg(path, _render(document, number, box))
            if on_render is not None:
                on_render(number)
    return paths


def _write_jpeg(path: Path, image: Image.Image) -> None:
    """Write atomically: a power cut leaves the old state or the whole page, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    encoded = io.BytesIO()
    image.save(encoded, "JPEG", quality=JPEG_QUALITY)
    write_atomic(path, encoded.getvalue())


def pdf_metadata(path: Path) -> dict[str, str]:
    """The PDF's own Title and Author (its document information), as far as it has them;
    {} when it has none or cannot be read (``kiosk new`` titles a book from them)."""
    try:
        with _PDFIUM_LOCK, _opened(path) as document:
            info = document.get_metadata_dict(skip_empty=True)
    except (MediaProblem, OSError, ValueError):
        return {}
    return {key: " ".join(str(value).split()) for key, value in info.items()
            if key in ("Title", "Author") and str(value).strip()}
