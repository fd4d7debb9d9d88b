"""PDF sample pages: the demo script's real multi-page PDF, and PDFs a curator might be handed.

The encrypted PDFs are real: written here by the PDF standard security handler (RC4,
revision 2, as Acrobat 3 wrote them), and proven encrypted by opening them with the
password through PDFium and seeing the page.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from kiosk.content.loader import load_exhibition
from kiosk.content.models import PdfPages
from kiosk.media.inspect import inspect_media
from kiosk.media.pdf import (
    PAGE_BOX,
    inspect_pdf,
    page_count,
    page_image_path,
    page_images,
    render_pages,
    sample_pages,
)
from kiosk.media.assets import Assets
from kiosk.media.prepare import prepare_pdf_pages
from kiosk.media.problems import MediaProblem
from kiosk.media.renditions import RenditionCache
from tests.media.makers import age

ROOT = Path(__file__).resolve().parents[2]
LETTERS = ROOT / "media" / "books" / "letters-home.pdf"
RED_SQUARE = b"1 0 0 rg 20 20 160 160 re f"
BLUE_SQUARE = b"0 0 1 rg 20 20 160 160 re f"

# --- a small PDF writer, with the standard security handler -------------------------------

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = bytearray()
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _padded(password: str) -> bytes:
    return (password.encode("latin-1") + _PAD)[:32]


def write_pdf(path: Path, contents: list[bytes], size: tuple[int, int] = (200, 200), rotate: int = 0,
              user_password: str | None = None, owner_password: str = "owner") -> Path:
    """A PDF of one page per content stream; encrypted (RC4 40-bit, R2) when a user password is given.

    ``user_password=""`` encrypts with an empty user password: anyone may open it, the
    owner password only guards permissions.
    """
    file_id = hashlib.md5(path.name.encode()).digest()
    permissions = -4  # every permission; as 4 bytes, little-endian, two's complement
    key = None
    encrypt_obj = b""
    if user_password is not None:
        owner_key = hashlib.md5(_padded(owner_password)).digest()[:5]
        o_value = _rc4(owner_key, _padded(user_password))
        key = hashlib.md5(_padded(user_password) + o_value + permissions.to_bytes(4, "little", signed=True)
                          + file_id).digest()[:5]
        u_value = _rc4(key, _PAD)
        encrypt_obj = (b"<< /Filter /Standard /V 1 /R 2 /O <" + o_value.hex().encode() + b"> /U <"
                       + u_value.hex().encode() + b"> /P " + str(permissions).encode() + b" >>")
    n = len(contents)
    page_ids = [3 + 2 * i for i in range(n)]
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % p for p in page_ids) + b"] /Count %d >>" % n,
    }
    for page_id, content in zip(page_ids, contents):
        stream_id = page_id + 1
        objects[page_id] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Rotate %d /Contents %d 0 R >>"
                            % (size[0], size[1], rotate, stream_id))
        data = content
        if key is not None:
            object_key = hashlib.md5(key + stream_id.to_bytes(3, "little") + b"\0\0").digest()[:10]
            data = _rc4(object_key, content)
        objects[stream_id] = b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
    encrypt_id = 3 + 2 * n
    if encrypt_obj:
        objects[encrypt_id] = encrypt_obj
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    size_ = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size_
    for number in range(1, size_):
        out += b"%010d 00000 n \n" % offsets[number]
    trailer = b"<< /Size %d /Root 1 0 R /ID [<%s> <%s>]" % (size_, file_id.hex().encode(), file_id.hex().encode())
    if encrypt_obj:
        trailer += b" /Encrypt %d 0 R" % encrypt_id
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))
    return path


def _colour_at_centre(image: Image.Image) -> tuple[int, int, int]:
    return image.getpixel((image.width // 2, image.height // 2))


# --- the real multi-page PDF ---------------------------------------------------------------


def test_letters_pdf_pages_render_fitted_and_different() -> None:
    assert page_count(LETTERS) == 5
    pages = render_pages(LETTERS, [1, 2, 5])
    assert len(pages) == 3
    for image in pages:
        assert image.mode == "RGB"
        # A4 portrait fitted in 1920x1920: as tall as the box, A4's proportions, inside it.
        assert image.height == 1920
        assert image.width == pytest.approx(1920 * 595.2 / 841.92, abs=1)
        assert image.width <= 1920
        # Paper-coloured, not a blank white bitmap: something was drawn.
        assert _colour_at_centre(image) != (255, 255, 255)
    for a, b in [(0, 1), (0, 2), (1, 2)]:
        assert ImageChops.difference(pages[a], pages[b]).getbbox() is not None


def test_render_fits_other_boxes() -> None:
    (small,) = render_pages(LETTERS, [3], box=(300, 300))
    assert small.height == 300 and small.width == pytest.approx(300 * 595.2 / 841.92, abs=1)
    (wide,) = render_pages(LETTERS, [3], box=(4000, 1000))
    assert wide.height == 1000 and wide.width <= 4000


def test_a_rotated_page_renders_the_way_it_is_read(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "turned.pdf", [RED_SQUARE], size=(100, 200), rotate=90)
    (image,) = render_pages(pdf, [1], box=(400, 400))
    assert image.size == (400, 200)  # the /Rotate 90 page is landscape on screen


def test_a_file_name_in_any_script(tmp_path: Path) -> None:
    pdf = Path(shutil.copy(LETTERS, tmp_path / "Evə məktublar — رسائل.pdf"))
    assert page_count(pdf) == 5
    cache = RenditionCache(tmp_path / "renditions")
    assert len(page_images(pdf, [4], cache)) == 1


# --- broken and protected PDFs --------------------------------------------------------------


def test_page_beyond_the_document() -> None:
    with pytest.raises(MediaProblem) as caught:
        render_pages(LETTERS, [1, 9])
    assert caught.value.reason == "page 9 asked for, the PDF has 5 pages"
    assert inspect_pdf(LETTERS, [2, 6]) == "page 6 asked for, the PDF has 5 pages"
    assert inspect_pdf(LETTERS, [0]) == "page 0 asked for; pages are counted from 1"
    assert inspect_pdf(LETTERS, [1, 5]) is None
    assert inspect_pdf(LETTERS) is None


def test_one_page_pdf_says_page_in_the_singular(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "one.pdf", [RED_SQUARE])
    assert inspect_pdf(pdf, [2]) == "page 2 asked for, the PDF has 1 page"


def test_truncated_pdf(tmp_path: Path) -> None:
    data = LETTERS.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 2])
    reason = ("the PDF is cut short (it does not end with %%EOF, as after an interrupted copy); "
              "copy the file again")
    assert inspect_pdf(cut) == reason
    with pytest.raises(MediaProblem) as caught:
        render_pages(cut, [1])
    assert caught.value.reason == reason


def test_damaged_pdf(tmp_path: Path) -> None:
    data = LETTERS.read_bytes()
    # The middle cut out and an end marker put back: PDFium finds no usable document.
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(data[: len(data) // 2] + b"\n%%EOF\n")
    assert inspect_pdf(damaged) == "the PDF is damaged and cannot be read"
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + bytes((i * 7919 + 13) % 251 for i in range(4096)) + b"\n%%EOF\n")
    assert inspect_pdf(garbage) == "the PDF is damaged and cannot be read"


def test_zero_byte_text_and_other_files_named_pdf(tmp_path: Path) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    assert inspect_pdf(tmp_path / "empty.pdf") == "the file is empty (0 bytes)"
    (tmp_path / "notes.pdf").write_text("Letters home, pages 1-5, scanned 2019.\n", encoding="utf-8")
    assert inspect_pdf(tmp_path / "notes.pdf") == "not a PDF: the file holds text"
    Image.new("RGB", (10, 10)).save(tmp_path / "scan.pdf", "JPEG")
    assert inspect_pdf(tmp_path / "scan.pdf") == "not a PDF: the file is a JPEG image"
    (tmp_path / "page.pdf").write_text("<!DOCTYPE html><html>Not found</html>", encoding="utf-8")
    assert inspect_pdf(tmp_path / "page.pdf") == "not a PDF: the file is a web page (HTML)"
    assert inspect_pdf(tmp_path / "missing.pdf") == "the file does not exist"
    (tmp_path / "folder.pdf").mkdir()
    assert inspect_pdf(tmp_path / "folder.pdf") == "it is a folder, not a file"
    with pytest.raises(MediaProblem) as caught:
        render_pages(tmp_path / "empty.pdf", [1])
    assert caught.value.reason == "the file is empty (0 bytes)"


def test_pdf_with_no_pages(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "none.pdf", [])
    assert inspect_pdf(pdf) == "the PDF has no pages"


def test_password_protected_pdf_is_refused_and_really_encrypted(tmp_path: Path) -> None:
    import pypdfium2

    pdf = write_pdf(tmp_path / "locked.pdf", [RED_SQUARE], user_password="secret")
    assert RED_SQUARE not in pdf.read_bytes()  # the page's drawing is stored encrypted
    reason = "the PDF is protected by a password; save a copy without one"
    assert inspect_pdf(pdf) == reason
    with pytest.raises(MediaProblem) as caught:
        render_pages(pdf, [1])
    assert caught.value.reason == reason
    # The proof that it is a real encrypted PDF: with its password PDFium shows the page.
    document = pypdfium2.PdfDocument(pdf, password="secret")
    try:
        image = document[0].render(scale=1).to_pil().convert("RGB")
    finally:
        document.close()
    assert _colour_at_centre(image) == (255, 0, 0)


def test_encrypted_pdf_without_a_user_password_is_shown(tmp_path: Path) -> None:
    # Permissions-only protection (no password to open), common in publishers' PDFs.
    pdf = write_pdf(tmp_path / "restricted.pdf", [BLUE_SQUARE], user_password="")
    assert BLUE_SQUARE not in pdf.read_bytes()
    assert inspect_pdf(pdf) is None
    (image,) = render_pages(pdf, [1], box=(200, 200))
    assert _colour_at_centre(image) == (0, 0, 255)


def test_validate_inspects_pdfs(tmp_path: Path) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    assert inspect_media("pdf", tmp_path / "empty.pdf") == "the file is empty (0 bytes)"
    assert inspect_media("pdf", LETTERS) is None


# --- page files for the screens -------------------------------------------------------------


def test_page_images_are_rendered_once_and_keyed_by_content(tmp_path: Path) -> None:
    cache = RenditionCache(tmp_path / "renditions")
    pdf = age(Path(shutil.copy(LETTERS, tmp_path / "letters.pdf")))
    drawn: list[int] = []
    files = page_images(pdf, [1, 2, 5], cache, on_render=drawn.append)
    assert drawn == [1, 2, 5]
    assert [f.parent.parent for f in files] == [cache.folder / "pdf"] * 3
    digest = cache.digest(pdf)
    assert files == [page_image_path(cache, digest, n) for n in (1, 2, 5)]
    for file in files:
        with Image.open(file) as image:
            assert image.format == "JPEG"
            assert image.height == PAGE_BOX[1]  # rendered for the zoom box, sharp when pinched
    stamps = [f.stat().st_mtime_ns for f in files]

    again: list[int] = []
    assert page_images(pdf, [1, 2, 5], cache, on_render=again.append) == files
    assert again == []
    assert [f.stat().st_mtime_ns for f in files] == stamps
    # A new cache object over the same folder (the kiosk after a restart) renders nothing either.
    assert page_images(pdf, [5, 1], RenditionCache(cache.folder), on_render=again.append) == [files[2], files[0]]
    assert again == []
    # Only the missing page is drawn.
    page_images(pdf, [1, 3], cache, on_render=again.append)
    assert again == [3]

    # Renamed: the same bytes, the same page files. Replaced: new bytes, new pages.
    moved = pdf.rename(tmp_path / "renamed.pdf")
    assert page_images(moved, [1, 2, 5], cache, on_render=again.append) == files
    assert again == [3]
    write_pdf(moved, [RED_SQUARE, BLUE_SQUARE])
    other = page_images(moved, [2], cache, on_render=again.append)
    assert again == [3, 2]
    assert other[0] not in files
    with Image.open(other[0]) as image:
        assert _colour_at_centre(image.convert("RGB"))[2] > 200  # the blue page


def test_page_files_go_through_the_photo_renditions(tmp_path: Path) -> None:
    cache = RenditionCache(tmp_path / "renditions")
    (page,) = page_images(LETTERS, [2], cache)
    result = cache.build(page)
    assert result.ok and set(result.built) == {"screen", "zoom", "thumb"}
    with Image.open(cache.path_for(page, "thumb")) as thumb:
        assert max(thumb.size) == 480


def test_pages_not_listed_means_the_first_three_or_fewer(tmp_path: Path) -> None:
    cache = RenditionCache(tmp_path / "renditions")
    assert len(page_images(LETTERS, None, cache)) == 3
    short = write_pdf(tmp_path / "short.pdf", [RED_SQUARE, BLUE_SQUARE])
    assert len(page_images(short, None, cache)) == 2
    # The model fills in [1, 2, 3]; only pages the curator wrote count as asked for.
    assert sample_pages(PdfPages(file="books/short.pdf")) is None
    assert sample_pages(PdfPages.model_validate({"file": "books/x.pdf"})) is None
    assert sample_pages(PdfPages.model_validate({"file": "books/x.pdf", "pages": [2, 4]})) == [2, 4]
    with pytest.raises(MediaProblem) as caught:
        page_images(short, [1, 2, 3], cache)
    assert caught.value.reason == "page 3 asked for, the PDF has 2 pages"


def test_page_images_of_broken_files(tmp_path: Path) -> None:
    cache = RenditionCache(tmp_path / "renditions")
    with pytest.raises(MediaProblem) as caught:
        page_images(tmp_path / "missing.pdf", [1], cache)
    assert caught.value.reason == "the file does not exist"
    locked = write_pdf(tmp_path / "locked.pdf", [RED_SQUARE], user_password="secret")
    with pytest.raises(MediaProblem) as caught:
        page_images(locked, [1], cache)
    assert caught.value.reason == "the PDF is protected by a password; save a copy without one"
    assert not (cache.folder / "pdf").exists()


def test_threads_may_render_at_once(tmp_path: Path) -> None:
    """PDFium is not thread-safe; the module's lock must make this safe, not crash."""
    cache = RenditionCache(tmp_path / "renditions")
    results: dict[int, list[Path]] = {}
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            if i % 2:
                render_pages(LETTERS, [i % 5 + 1], box=(400, 400))
            else:
                results[i] = page_images(LETTERS, [1, 4], cache, box=(600, 600))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert len({tuple(r) for r in results.values()}) == 1


# --- kiosk prepare --------------------------------------------------------------------------


def test_prepare_renders_the_demo_books_pdf_pages_once(tmp_path: Path) -> None:
    loaded = load_exhibition(ROOT / "config" / "exhibition.yaml")
    assert loaded.exhibition is not None
    cache = RenditionCache(tmp_path / "renditions")
    report = prepare_pdf_pages(Assets.of(loaded), cache)
    assert report.books == 1 and report.broken == []
    assert [r.media_path for r in report.refs] == [f"books/letters-home.pdf#page={n}" for n in (1, 2, 3, 4)]
    assert report.rendered == 4
    assert all(r.file is not None and r.file.is_file() for r in report.refs)
    assert report.summary() == "rendered PDF pages of 1 book: 4 pages (4 new, 0 broken PDFs)"
    again = prepare_pdf_pages(Assets.of(loaded), cache)
    assert again.rendered == 0 and [r.file for r in again.refs] == [r.file for r in report.refs]


def test_prepare_reports_a_broken_pdf_and_goes_on(tmp_path: Path) -> None:
    media = tmp_path / "media"
    (media / "books").mkdir(parents=True)
    write_pdf(media / "books" / "locked.pdf", [RED_SQUARE], user_password="secret")
    shutil.copy(LETTERS, media / "books" / "letters.pdf")
    (tmp_path / "exhibition.yaml").write_text(
        "title: Test\nlanguages: [en]\nsections:\n"
        "  - {id: books, kind: catalogue, title: Books, books: [\n"
        "      {id: locked, title: Locked, pdf: books/locked.pdf},\n"
        "      {id: short, title: Short, pdf: {file: books/letters.pdf, pages: [2, 7]}},\n"
        "      {id: good, title: Good, pdf: {file: books/letters.pdf, pages: [5]}}]}\n",
        encoding="utf-8")
    loaded = load_exhibition(tmp_path / "exhibition.yaml")
    assert loaded.exhibition is not None, [str(p) for p in loaded.problems]
    report = prepare_pdf_pages(Assets.of(loaded), RenditionCache(tmp_path / "renditions"))
    assert [(Path(where).name, reason) for where, reason in report.broken] == [
        ("locked.pdf", "the PDF is protected by a password; save a copy without one"),
        ("letters.pdf", "page 7 asked for, the PDF has 5 pages"),
    ]
    assert [r.media_path for r in report.refs] == ["books/letters.pdf#page=5"]
