"""``kiosk prepare``: make ready everything an exhibition shows, before a visitor asks.

One step for ``kiosk prepare``, ``kiosk update``, a USB stick's update and a fleet
kiosk's inbox, so they all make the same files (:func:`prepare_exhibition`): the pages
of books' PDFs drawn to image files, the renditions of every image the kiosk shows (the
emblem, section covers, panel photos, clip posters, book covers and page scans, portraits,
the stills of quiet hours and silence; ``Assets.images()`` lists them), and a poster frame
for each clip without a poster. The rendition cache is asked which are prepared already
without reading them; the rest are decoded on every core. Broken files are reported, not
fatal: the kiosk shows a placeholder for them and runs on.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..content.media_root import MediaRoot
from ..content.problems import display_path
from .assets import Assets, ImageRef
from .posters import PostersReport, prepare_posters
from .renditions import KINDS, BuildResult, RenditionCache

Progress = Callable[[int, int], None]
"""Told (done, total) as images are prepared, for a progress bar on the kiosk's screen."""


@dataclass
class PrepareReport:
    images: int = 0
    new: int = 0
    unchanged: int = 0
    broken: list[tuple[str, str]] = field(default_factory=list)
    """(path as the curator sees it, reason) for each image that cannot be shown."""
    seconds: float = 0.0
    decoded: int = 0
    """How many sources were decoded in this run."""

    def summary(self) -> str:
        return (f"prepared {self.images} image{'s' * (self.images != 1)} ({self.new} new, "
                f"{self.unchanged} unchanged, {len(self.broken)} broken) in {self.seconds:.1f}s")


@dataclass
class PdfPagesReport:
    """What rendering the books' PDF pages did; the page files then go through renditions."""

    books: int = 0
    refs: list[ImageRef] = field(default_factory=list)
    """One per page file, to be prepared like any photo."""
    rendered: int = 0
    """Pages drawn by this run (the others were already there)."""
    broken: list[tuple[str, str]] = field(default_factory=list)
    """(the PDF as the curator sees it, reason) for each PDF whose pages cannot be shown."""

    def summary(self) -> str:
        pages = len(self.refs)
        return (f"rendered PDF pages of {self.books} book{'s' * (self.books != 1)}: {pages} "
                f"page{'s' * (pages != 1)} ({self.rendered} new, {len(self.broken)} broken PDF"
                f"{'s' * (len(self.broken) != 1)})")


@dataclass
class PreparedExhibition:
    """What :func:`prepare_exhibition` did, step by step."""

    images: PrepareReport
    pdfs: PdfPagesReport
    posters: PostersReport

    def lines(self) -> list[str]:
        """What ``kiosk prepare`` and ``kiosk update`` print."""
        lines = [self.images.summary()]
        if self.pdfs.books:
            lines.append(self.pdfs.summary())
        if self.posters.summary():
            lines.append(self.posters.summary())
        lines += [f"{where}: {reason}" for where, reason in self.pdfs.broken + self.images.broken]
        return lines


def prepare_exhibition(assets: Assets, cache: RenditionCache, jobs: int | None = None,
                       progress: TextIO | None = None, advanced: Progress | None = None) -> PreparedExhibition:
    """Everything the exhibition shows made ready in ``cache``: PDF pages, the renditions
    of every image (the pages among them), poster frames. The one prepare step of
    ``kiosk prepare``, ``kiosk update``, a stick's update and a fleet kiosk's inbox."""
    # PDF pages become image files first, then get their renditions with the photos.
    pdfs = prepare_pdf_pages(assets, cache)
    images = prepare_images(assets.images() + pdfs.refs, cache, assets.media, jobs=jobs, progress=progress,
                            advanced=advanced)
    return PreparedExhibition(images, pdfs, prepare_posters(assets, cache))


def prepare_pdf_pages(assets: Assets, cache: RenditionCache) -> PdfPagesReport:
    """Render the sample pages of every book with ``pdf:`` into page files in ``cache``'s folder.

    Incremental: pages already rendered from the same PDF bytes are not drawn again.
    A broken, protected or too short PDF is reported; the kiosk shows a placeholder.
    """
    from .pdf import page_images, sample_pages
    from .problems import MediaProblem

    report = PdfPagesReport()
    seen: set[Path] = set()
    done: set[tuple[str, tuple[int, ...] | None]] = set()
    for book in assets.pdf_books():
        spec = book.pdf_pages
        if spec is None:
            continue
        report.books += 1
        file = assets.file(spec.file)
        if file is None:
            entry = (display_path(assets.media.folder / spec.file), assets.why_not(spec.file) or "cannot be read")
            if entry not in report.broken:
                report.broken.append(entry)
            continue
        pages = sample_pages(spec)
        key = (str(file), tuple(pages) if pages is not None else None)
        if key in done:
            continue  # the same PDF and pages for two books are rendered once
        done.add(key)

        def rendered(_page: int) -> None:
            report.rendered += 1

        try:
            paths = page_images(file, pages, cache, on_render=rendered)
        except MediaProblem as exc:
            report.broken.append((display_path(file), exc.reason))
            continue
        numbers = pages if pages is not None else list(range(1, len(paths) + 1))
        for number, path in zip(numbers, paths):
            if path not in seen:
                seen.add(path)
                report.refs.append(ImageRef(f"{spec.file}#page={number}", path))
    return report


def _build(folder: str, source: str, kinds: tuple[str, ...]) -> BuildResult:
    """One source's renditions, in a worker process with its own view of the cache."""
    return RenditionCache(Path(folder)).build(Path(source), kinds)


def prepare_images(
    refs: Sequence[ImageRef],
    cache: RenditionCache,
    media: MediaRoot,
    jobs: int | None = None,
    progress: TextIO | None = None,
    clock: Callable[[], float] = time.monotonic,
    advanced: Progress | None = None,
) -> PrepareReport:
    """Build what is missing for ``refs``; ``progress`` gets a progress bar when given, and
    ``advanced`` is told (done, total) as each image is settled."""
    started = clock()
    kinds = tuple(KINDS)
    report = PrepareReport(images=len(refs))
    labels: dict[Path, str] = {}
    todo: list[Path] = []
    outcomes: dict[str, tuple[str, str]] = {}

    def label(ref: ImageRef) -> str:
        return display_path(ref.file if ref.file else media.folder / ref.media_path)

    for ref in refs:
        if ref.file is None:
            outcomes[ref.media_path] = (label(ref), ref.problem or "cannot be read")
            continue
        known = cache.status(ref.file, kinds)
        if known is None:
            labels[ref.file] = label(ref)
            todo.append(ref.file)
        elif known.problem is not None:
            outcomes[ref.media_path] = (label(ref), known.problem)
        else:
            report.unchanged += 1

    results: dict[Path, BuildResult] = {}
    if advanced is not None:
        advanced(len(refs) - len(todo), len(refs))
    try:
        for result in _run(todo, cache, kinds, jobs, progress):
            results[result.source] = result
            if advanced is not None:
                advanced(len(refs) - len(todo) + len(results), len(refs))
            cache.merge(result)
            report.decoded += result.decoded
            if result.problem is None and not result.built:
                report.unchanged += 1  # another process built them meanwhile
            elif result.problem is None:
                report.new += 1
    finally:
        cache.save_index()  # an interrupted run keeps what it learnt

    for ref in refs:
        if ref.file is not None and ref.file in results and results[ref.file].problem:
            outcomes[ref.media_path] = (labels[ref.file], results[ref.file].problem or "")
    report.broken = [outcomes[r.media_path] for r in refs if r.media_path in outcomes]
    report.seconds = clock() - started
    return report


def _run(todo: list[Path], cache: RenditionCache, kinds: tuple[str, ...], jobs: int | None,
         progress: TextIO | None) -> Iterator[BuildResult]:
    from tqdm import tqdm

    jobs = max(1, jobs or os.cpu_count() or 1)
    bar = tqdm(total=len(todo), unit="image", file=progress, disable=progress is None or not todo,
               dynamic_ncols=True, leave=False)
    try:
        if jobs == 1 or len(todo) <= 1:
            for source in todo:
                yield cache.build(source, kinds)
                bar.update()
            return
        with ProcessPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
            futures: dict[Future[BuildResult], Path] = {
                pool.submit(_build, str(cache.folder), str(source), kinds): source for source in todo
            }
            try:
                for future in as_completed(futures):
                    try:
                        result = future.result()
                    except Exception as exc:  # noqa: BLE001 - a crashed worker loses one file, not the run
                        result = BuildResult(futures[future], problem=f"could not be prepared ({exc!r})")
                    bar.update()
                    yield result
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
    finally:
        bar.close()
