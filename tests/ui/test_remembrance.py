"""The book of remembrance, driven by real touches in the offscreen window: the keyboard in each
script, the caret and delete, the page before sending, a finger's signature, nothing shown
before it is approved, the idle warning before a half-written message is discarded, the
attract loop's page of the book, and moderation on the maintenance screen.

What is checked is what is drawn: pixels read back from the framebuffer inside the widgets'
boxes in window coordinates.
"""

from __future__ import annotations

import dataclasses
import io
import os
from pathlib import Path

import pytest
from PIL import Image

from kiosk.analytics.book import BookStore, connect, read_messages
from kiosk.content.models import IdleSettings
from kiosk.ui.widgets.overlays import IdleWarning
from kiosk.visit.session import AttractStep

from .conftest import Finger, wait_for
from .drawn import framebuffer
from .test_maintenance import open_maintenance, tools_for

SHOTS = Path(os.environ.get("KIOSK_TEST_SHOTS", "/tmp/kiosk-book-shots"))

MESSAGES = {
    # typed in small letters, as the keys are; the screen gives the capitals
    "en": ("we remember them, always.", "We remember them, always."),
    "az": ("əbədi xatirə. şəhidlər unudulmur!", "Əbədi xatirə. Şəhidlər unudulmur!"),
    "ru": ("вечная память героям.", "Вечная память героям."),
    "ar": ("رحمهم الله، لن ننساكم", "رحمهم الله، لن ننساكم"),
}
NAMES = {"en": ("sara jones", "Sara Jones"), "az": ("səbinə", "Səbinə"), "ru": ("анна", "Анна"),
         "ar": ("سارة", "سارة")}


def start(start_kiosk, loaded, tmp_path, **options):
    return start_kiosk(loaded, book=tmp_path / "book.sqlite3", **options)


def begin_message(start_kiosk, loaded, tmp_path, language: str, words: str):
    """A kiosk on the book's writing page, ``words`` typed into the message with real touches."""
    kiosk = start(start_kiosk, loaded, tmp_path)
    screen = open_book(kiosk, language)
    choose(kiosk, screen.ids.text_box)
    type_on_keyboard(kiosk, screen, words)
    return kiosk, screen, screen.ids


def open_book(kiosk, language: str):
    kiosk.tap(960, 540)  # leave the attract loop
    kiosk.settle(0.4)
    kiosk.app.set_language(language)
    kiosk.app.open("section", section="book")
    kiosk.settle(0.5)
    screen = kiosk.screen()
    assert kiosk.current == "remembrance"
    return screen


def type_on_keyboard(kiosk, screen, text: str) -> None:
    keys = screen.ids.keyboard.keys
    for letter in text:
        kiosk.press(keys["space" if letter == " " else letter])


def choose(kiosk, box) -> None:
    """Touch a line of the page to type into it (the keyboard's bottom row changes with it)."""
    kiosk.press(box)
    kiosk.settle(0.2)


def window_box(widget) -> tuple[int, int, int, int]:
    """The widget's box in the framebuffer image: left, top, right, bottom (image rows from the top)."""
    x, y = widget.to_window(widget.x, widget.y)
    height = framebuffer_height()
    return int(x), int(height - (y + widget.height)), int(x + widget.width), int(height - y)


def framebuffer_height() -> int:
    from kivy.base import EventLoop

    return int(EventLoop.window.height)


def ink_columns(image: Image.Image, box: tuple[int, int, int, int], light: bool = True) -> tuple[int, int] | None:
    """The first and last column inside ``box`` holding text pixels (off-white on the dark
    ground, or dark ink on a light ground), from the box's left edge."""
    crop = image.crop(box).convert("L")
    w, h = crop.size
    pixels = crop.load()
    columns = [x for x in range(w) if any((pixels[x, y] > 200) if light else (pixels[x, y] < 90) for y in range(h))]
    return (min(columns), max(columns)) if columns else None


def save(image: Image.Image, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    image.save(SHOTS / name)


@pytest.mark.parametrize("language", ["en", "az", "ru", "ar"])
def test_a_message_is_typed_in_each_script_with_its_caret_and_direction(start_kiosk, demo_loaded, tmp_path, language):
    kiosk = start(start_kiosk, demo_loaded, tmp_path)
    screen = open_book(kiosk, language)
    ids = screen.ids
    assert ids.keyboard.layout == language  # the visitor's script, as in the register of names
    typed, shown = MESSAGES[language]
    choose(kiosk, ids.text_box)
    type_on_keyboard(kiosk, screen, typed + {"en": "x", "az": "x", "ru": "ж", "ar": "ب"}[language])
    kiosk.press(ids.keyboard.keys["delete"])
    assert screen.text == shown
    label = ids.text_label
    if language == "ar":
        assert label.text.startswith("|"), "the caret is where the next letter goes: the left end of Arabic"
        assert any(0xFE70 <= ord(ch) <= 0xFEFF for ch in label.text), "the letters are joined (shaped)"
    else:
        assert label.text.endswith("|")
    image = framebuffer()
    box = window_box(ids.text_box)
    columns = ink_columns(image, box)
    assert columns is not None, "the words are drawn in the message's box"
    width = box[2] - box[0]
    if language == "ar":  # right to left: the line ends at the box's right, nothing near its left
        assert columns[1] > width - 80 and columns[0] > width * 0.4, columns
    else:
        assert columns[0] < 80 and columns[1] < width * 0.7, columns
    # the name, on its own line
    choose(kiosk, ids.name_box)
    type_on_keyboard(kiosk, screen, NAMES[language][0])
    assert screen.name_text == NAMES[language][1]
    assert not ids.text_label.text.endswith("|") and not ids.text_label.text.startswith("|")
    save(framebuffer(), f"book-write-{language}-landscape.png")


def test_the_page_is_shown_before_sending_and_nothing_is_shown_until_approved(start_kiosk, demo_loaded, tmp_path):
    kiosk, screen, ids = begin_message(start_kiosk, demo_loaded, tmp_path, "en", "we remember")
    choose(kiosk, ids.place_box)
    type_on_keyboard(kiosk, screen, "baku")
    kiosk.press(ids.preview_button)
    kiosk.settle(0.3)
    assert screen.mode == "preview"
    image = framebuffer()
    assert ink_columns(image, window_box(ids.preview_text)) is not None
    assert ids.preview_text.raw == "We remember" and ids.preview_signed.raw.startswith("Baku · 2027-01-10")
    assert ink_columns(image, window_box(ids.keyboard.keys["w"])) is None, "the keyboard is not drawn under the page"
    save(image, "book-preview-en-landscape.png")
    kiosk.press(ids.send_button)
    kiosk.settle(0.3)
    assert screen.mode == "sent" and not screen.draft
    book = kiosk.app.book
    assert book.flush()
    (message,) = book.messages()
    assert (message.text, message.place, message.state, message.language) == ("We remember", "Baku", "pending", "en")
    # the next visitor reads the book: the message is not in it until it is approved
    kiosk.press(ids.thanks_read)
    kiosk.settle(0.3)
    assert screen.mode == "read"
    assert ids.read_text.raw == screen.t("book_empty")
    assert book.decide(message.id, True)
    kiosk.press(ids.read_write)
    kiosk.settle(0.2)
    kiosk.press(ids.read_button)
    kiosk.settle(0.3)
    assert ids.read_text.raw == "We remember" and ids.read_position.raw == "Page 1 of 1"
    assert ink_columns(framebuffer(), window_box(ids.read_text)) is not None


def test_a_signature_drawn_with_a_finger_is_kept_as_a_small_png(start_kiosk, demo_loaded, tmp_path):
    kiosk, screen, ids = begin_message(start_kiosk, demo_loaded, tmp_path, "ru", "помним")
    kiosk.press(ids.sign_button)
    kiosk.settle(0.3)
    assert screen.mode == "sign"
    pad = ids.pad
    x0, y0 = pad.to_window(pad.x, pad.y)
    finger = Finger(x0 + pad.width * 0.2, y0 + pad.height * 0.5).down()
    kiosk.frames(1)
    for i in range(1, 13):
        finger.move_to(x0 + pad.width * (0.2 + 0.05 * i), y0 + pad.height * (0.5 + (0.2 if i % 2 else -0.2)))
        kiosk.frames(1)
    finger.up()
    kiosk.frames(2)
    box = window_box(pad)
    columns = ink_columns(framebuffer(), box)
    assert columns is not None and columns[1] - columns[0] > pad.width * 0.5, "the stroke is drawn where the finger went"
    kiosk.press(ids.sign_done)
    kiosk.settle(0.2)
    kiosk.press(ids.preview_button)
    kiosk.settle(0.3)
    strip = ids.preview_sig_box
    assert strip.opacity == 1
    assert ink_columns(framebuffer(), window_box(strip), light=False) is not None, "the signature on its paper strip"
    kiosk.press(ids.send_button)
    kiosk.app.book.flush()
    (message,) = kiosk.app.book.messages()
    signature = Image.open(io.BytesIO(message.signature))
    assert signature.size == (480, 180) and len(message.signature) < 20_000
    alpha = signature.getchannel("A")
    assert alpha.getbbox() is not None and alpha.getbbox()[2] - alpha.getbbox()[0] > 200


def test_a_half_written_message_gets_the_warning_and_is_discarded_at_the_timeout(start_kiosk, demo_loaded, tmp_path):
    kiosk, screen, _ids = begin_message(start_kiosk, demo_loaded, tmp_path, "az", "əbədi")
    assert screen.draft
    kiosk.step(91)
    assert isinstance(kiosk.app.overlay, IdleWarning), "the warning comes first"
    assert screen.text == "Əbədi" and kiosk.current == "remembrance"
    kiosk.step(16)
    kiosk.settle(0.4)
    assert kiosk.current == "attract"
    assert screen.text == "" and not screen.draft
    assert kiosk.app.book.flush() and kiosk.app.book.messages() == [], "an unsent message is never stored"


def test_even_with_no_warning_set_a_draft_gets_one(start_kiosk, demo_loaded, tmp_path):
    exhibition = demo_loaded.exhibition.model_copy(update={"idle": IdleSettings(timeout=60.0, warning=0.0)})
    loaded = dataclasses.replace(demo_loaded, exhibition=exhibition)
    kiosk = start(start_kiosk, loaded, tmp_path)
    screen = open_book(kiosk, "en")
    choose(kiosk, screen.ids.text_box)
    type_on_keyboard(kiosk, screen, "we")
    kiosk.step(61)
    assert isinstance(kiosk.app.overlay, IdleWarning) and kiosk.current == "remembrance"
    kiosk.tap(960, 540)  # still there: the message stays
    assert kiosk.app.overlay is None and screen.text == "We"
    # without a draft the exhibition's own (no) warning holds
    kiosk.press(screen.ids.keyboard.keys["clear"])
    kiosk.step(61)
    kiosk.settle(0.4)
    assert kiosk.current == "attract"


def test_the_attract_loop_shows_a_page_of_the_book_and_never_an_unapproved_one(start_kiosk, demo_loaded, tmp_path):
    store = BookStore(tmp_path / "book.sqlite3")
    waiting = store.leave("book", "not yet read by anyone")
    approved = store.leave("book", "Вечная память", name="Анна", place="Москва")
    store.flush()
    store.close()
    kiosk = start(start_kiosk, demo_loaded, tmp_path)
    steps = [s for s in kiosk.app.attract.steps if s.kind == "book"]
    assert steps and steps[0].ref == "book", "the demo's highlights end with a page of the book"
    attract = kiosk.app.screens["attract"]
    step = AttractStep("book", Path("book"), 16.0, title=demo_loaded.exhibition.section("book").title, ref="book")
    attract.show_step(step)
    kiosk.settle(1.6)
    # nothing approved yet: the curator's invitation
    assert attract.ids.book_text.raw == demo_loaded.exhibition.text(demo_loaded.exhibition.section("book").prompt,
                                                                    attract.call_language)
    kiosk.app.book.decide(approved, True)
    attract.show_step(step)
    kiosk.settle(1.6)
    assert attract.ids.book_text.raw == "Вечная память" and attract.ids.book_signed.raw.startswith("Анна · Москва")
    image = framebuffer()
    # the page stands in the middle of the screen: its words' ink centred within a few pixels
    columns = ink_columns(image, (0, window_box(attract.ids.book_text)[1], image.width,
                                  window_box(attract.ids.book_text)[3]))
    assert columns is not None and abs((columns[0] + columns[1]) / 2 - image.width / 2) < 12, columns
    save(image, "book-attract-landscape.png")
    for _ in range(3):  # each loop the next approved page; the waiting one never
        attract.show_step(step)
        assert attract.ids.book_text.raw != "not yet read by anyone"
    assert waiting


def test_the_technician_approves_and_rejects_on_the_maintenance_screen(start_kiosk, demo_loaded, tmp_path):
    path = tmp_path / "book.sqlite3"
    store = BookStore(path)
    first = store.leave("book", "رحمهم الله", name="سارة", language="ar")
    second = store.leave("book", "unkind words", language="en")
    store.flush()
    store.close()
    kiosk = start(start_kiosk, demo_loaded, tmp_path)
    kiosk.app.maintenance_tools = tools_for(tmp_path, book=path)
    screen = open_maintenance(kiosk)
    wait_for(kiosk, lambda: screen.waiting is not None and len(screen.waiting) == 2)
    kiosk.settle(0.2)
    assert screen.ids.book.raw == "Book of remembrance: 2 messages waiting"
    kiosk.press(screen.ids.book)
    kiosk.settle(0.3)
    assert screen.moderating and screen.ids.book_text.raw == "رحمهم الله"
    image = framebuffer()
    assert ink_columns(image, window_box(screen.ids.book_text)) is not None
    save(image, "book-maintenance-en-landscape.png")
    kiosk.press(screen.ids.approve)

    def state(mid: str) -> str:
        db = connect(path, read_only=True)
        try:
            return {m.id: m.state for m in read_messages(db)}[mid]
        finally:
            db.close()

    wait_for(kiosk, lambda: state(first) == "approved" and screen.waiting is not None and len(screen.waiting) == 1)
    kiosk.settle(0.2)
    assert screen.ids.book_text.raw == "unkind words"
    kiosk.press(screen.ids.reject)  # a rejection asks for a second tap
    kiosk.settle(0.2)
    assert state(second) == "pending" and screen.ids.reject.raw.startswith("Tap again")
    kiosk.press(screen.ids.reject)
    wait_for(kiosk, lambda: state(second) == "rejected")
    wait_for(kiosk, lambda: screen.ids.book.raw == "Book of remembrance: no message waiting")
