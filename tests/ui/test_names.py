"""The register of names, driven by real touches on the on-screen keyboard in each script.

What is checked is what is drawn: the result rows lying inside the results' box in window
coordinates, with text pixels drawn where their label is (read back from the framebuffer).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import wait_for
from .drawn import framebuffer

SHOTS = Path(os.environ.get("KIOSK_TEST_SHOTS", "/tmp/kiosk-names-shots"))


def open_register(kiosk):
    kiosk.tap(960, 540)  # leave the attract loop
    kiosk.settle(0.4)
    kiosk.app.open("section", section="names")
    screen = kiosk.screen()
    wait_for(kiosk, lambda: screen.ready)  # the register is prepared on another thread
    kiosk.settle(0.4)
    return screen


def type_on_keyboard(kiosk, screen, text: str) -> None:
    keyboard = screen.ids.keyboard
    for letter in text:
        name = "space" if letter == " " else letter
        key = keyboard.keys[name]
        kiosk.press(key)


def search_in(kiosk, language: str, typed: str):
    """The register opened in ``language``, ``typed`` on its keyboard: the screen and its drawn rows."""
    kiosk.app.set_language(language)
    screen = open_register(kiosk)
    type_on_keyboard(kiosk, screen, typed)
    return screen, drawn_names(kiosk, screen)


def drawn_names(kiosk, screen) -> list[str]:
    """The texts of the result rows that are drawn, top to bottom: inside the results' box on the
    window, with pixels of the text colour inside the row's name label."""
    kiosk.settle(0.3)
    image = framebuffer().convert("RGB")
    height = image.height
    results = screen.ids.results
    left, bottom = results.to_window(results.x, results.y)
    top = bottom + results.height
    shown = []
    for row in results.layout_manager.children if hasattr(results, "layout_manager") else []:
        label = row.children[-1]  # the name: the first label of the row
        x, y = label.to_window(label.x, label.y)
        if y < bottom - 1 or y + label.height > top + 1 or not row.primary:
            continue
        box = image.crop((int(x), int(height - (y + label.height)), int(x + label.width), int(height - y)))
        light = sum(1 for p in box.get_flattened_data() if min(p) > 200)  # the off-white text on the dark row
        if light > 20:
            shown.append((-y, f"{row.primary} | {row.detail}"))
    return [text for _y, text in sorted(shown)]


def test_latin_keyboard_finds_the_name_in_every_script(start_kiosk, demo_loaded):
    kiosk = start_kiosk(demo_loaded)
    kiosk.app.set_language("en")
    screen = open_register(kiosk)
    assert screen.ids.keyboard.layout == "en"
    type_on_keyboard(kiosk, screen, "mammadov")
    assert screen.query == "mammadov"
    rows = drawn_names(kiosk, screen)
    text = "\n".join(rows)
    assert "Mammadov Ali" in text and "Məmmədov Əli" in text and "Мамедов Али" in text, rows
    SHOTS.mkdir(parents=True, exist_ok=True)
    framebuffer().save(SHOTS / "names-en-landscape.png")
    type_on_keyboard(kiosk, screen, " r")  # a second word: the given name's first letter
    rows = drawn_names(kiosk, screen)
    assert any(r.startswith("Мамедов Рашид") for r in rows), rows  # written only in Cyrillic


def test_a_typo_of_one_letter_still_finds_the_name(start_kiosk, demo_loaded):
    kiosk = start_kiosk(demo_loaded)
    kiosk.app.set_language("az")
    screen = open_register(kiosk)
    assert screen.ids.keyboard.layout == "az"
    type_on_keyboard(kiosk, screen, "məmmədpv")  # p for o
    rows = drawn_names(kiosk, screen)
    assert any(r.startswith("Məmmədov Əli") for r in rows), rows


def test_cyrillic_and_arabic_keyboards(start_kiosk, demo_loaded):
    kiosk = start_kiosk(demo_loaded)
    kiosk.app.set_language("ru")
    screen = open_register(kiosk)
    assert screen.ids.keyboard.layout == "ru"
    type_on_keyboard(kiosk, screen, "мамедов")
    rows = drawn_names(kiosk, screen)
    assert any(r.startswith("Мамедов Али") and "Məmmədov Əli" in r for r in rows), rows
    # the visitor switches to Arabic: the keyboard changes script with one touch
    kiosk.press(screen.ids.keyboard.keys["clear"])
    kiosk.press(screen.ids.keyboard.keys["layout:ar"])
    assert screen.ids.keyboard.layout == "ar"
    type_on_keyboard(kiosk, screen, "مامادوف")
    rows = drawn_names(kiosk, screen)
    assert any("Мамедов Али" in r for r in rows), rows
    # an Arabic spelling also finds the name written only in Cyrillic, through its consonants
    records = screen.built.index.records
    found = [records[i].names for i in screen.found.ids.tolist()]
    assert (("ru", "Мамедов Рашид"),) in found


def test_a_person_page_shows_every_script_the_family_and_the_note_first(start_kiosk, demo_loaded):
    kiosk = start_kiosk(demo_loaded)
    kiosk.app.set_language("en")
    screen = open_register(kiosk)
    type_on_keyboard(kiosk, screen, "mammadova gul")
    kiosk.settle(0.3)
    rows = [r for r in screen.ids.results.layout_manager.children if r.primary.startswith("Mammadova Gulnara")]
    assert rows
    kiosk.press(rows[0])
    kiosk.settle(0.4)
    assert screen.note_shown  # the content note comes first
    assert screen.ids.note.opacity == 1 and screen.ids.person_card.opacity == 0
    kiosk.press(screen.ids.note_continue)
    kiosk.settle(0.4)
    assert screen.person_shown and not screen.note_shown
    assert screen.ids.person_name.raw == "Mammadova Gulnara"
    assert "Məmmədova Gülnarə" in screen.ids.person_scripts.raw and "Мамедова Гюльнара" in screen.ids.person_scripts.raw
    assert "1955 – 1992" in screen.ids.person_facts.raw
    members = list(screen.ids.members.children)
    assert [m.raw for m in members] == ["Mammadov Ali"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    framebuffer().save(SHOTS / "person-en-landscape.png")
    kiosk.press(members[0])  # the family's link opens the other member
    kiosk.settle(0.3)
    assert screen.ids.person_name.raw == "Mammadov Ali"
    kiosk.press(screen.ids.bar.back)  # back to the first person, then to the results
    assert screen.ids.person_name.raw == "Mammadova Gulnara"
    kiosk.press(screen.ids.bar.back)
    assert not screen.person_shown and kiosk.current == "names"


@pytest.mark.parametrize(("language", "size"), [("ar", (1080, 1920)), ("az", (1080, 1920)), ("ru", (1920, 1080)),
                                                ("ar", (1920, 1080))])
def test_the_screens_in_each_language_and_orientation(start_kiosk, demo_loaded, language, size):
    kiosk = start_kiosk(demo_loaded, size=size)
    kiosk.app.set_language(language)
    screen = open_register(kiosk)
    keyboard = screen.ids.keyboard
    # keys at least 64 px high at 1080p, inside the window
    key = keyboard.keys["space"]
    assert key.height >= 64 * min(size) / 1080 - 0.5
    x, y = key.to_window(key.x, key.y)
    assert 0 <= x and x + key.width <= size[0] and 0 <= y
    type_on_keyboard(kiosk, screen, {"ar": "علي", "az": "əli", "ru": "али"}[language])
    assert len(screen.found) > 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    orientation = "portrait" if size[1] > size[0] else "landscape"
    framebuffer().save(SHOTS / f"names-{language}-{orientation}.png")
    rows = screen.ids.results.layout_manager.children
    kiosk.press(rows[-1] if rows else None)
    kiosk.settle(0.3)
    if screen.note_shown:
        kiosk.press(screen.ids.note_continue)
    framebuffer().save(SHOTS / f"person-{language}-{orientation}.png")
    assert screen.person_shown


def test_the_attract_loop_shows_the_register_as_a_wall_of_names(start_kiosk, demo_loaded):
    from kiosk.visit.session import AttractStep

    kiosk = start_kiosk(demo_loaded)
    screen = kiosk.screen()
    assert kiosk.current == "attract"
    step = AttractStep("names", Path("names"), 32.0, title=None, ref="names")
    screen.show_step(step)
    wait_for(kiosk, lambda: screen.ids.wall.lines)
    kiosk.settle(1.5)
    wall = screen.ids.wall
    assert wall.opacity == 1
    visible = [label.raw for label in wall.lines if label.opacity == 1]
    assert visible, "no name is on the wall"
    first_y = [label.y for label in wall.lines]
    kiosk.settle(1.0)
    assert all(after > before for before, after in zip(first_y, [label.y for label in wall.lines]))  # rising
    SHOTS.mkdir(parents=True, exist_ok=True)
    framebuffer().save(SHOTS / "attract-names.png")
    # the names are drawn at whole pixels: the wall is redrawn when they have risen one,
    # about SPEED times a second, not every frame
    from kivy.base import EventLoop
    from kivy.graphics import Rectangle

    label = next(label for label in wall.lines if label.opacity == 1)

    def drawn_y() -> float:
        rect = next(i for i in label.canvas.children if isinstance(i, Rectangle))
        return label.to_window(*rect.pos)[1]

    drawn: list[float] = []

    def flipped(*_args) -> None:
        drawn.append(drawn_y())

    EventLoop.window.bind(on_flip=flipped)
    try:
        for _ in range(120):  # two seconds at 60 frames a second
            kiosk.frames(1)
            EventLoop.idle()  # the frame is drawn, as on a display
    finally:
        EventLoop.window.unbind(on_flip=flipped)
    rises = [b - a for a, b in zip(drawn, drawn[1:])]
    speed = wall.SPEED * wall.unit
    assert 2 * speed * 0.8 <= len(drawn) <= 2 * speed + 3, (len(drawn), speed)
    assert rises and all(r == 1 for r in rises), [r for r in rises if r != 1]  # a pixel a frame drawn, never a jump


def test_a_name_with_a_soft_sign_is_one_word_and_the_name_as_typed_comes_first(start_kiosk, demo_loaded):
    """Эльчин typed with its soft sign (ь) finds the Elçins of the register: first those written
    in Cyrillic, as typed, then those the register wrote only in Azerbaijani Latin."""
    kiosk = start_kiosk(demo_loaded)
    screen, rows = search_in(kiosk, "ru", "эльчин")
    assert rows, "nothing found for эльчин"
    assert all("Эльчин" in r or "Elçin" in r for r in rows), rows
    scripts = ["latin" if r.split(" | ")[0].endswith("Elçin") else "cyrillic" for r in rows]
    assert scripts == sorted(scripts), rows  # every Cyrillic row above every Latin one
    SHOTS.mkdir(parents=True, exist_ok=True)
    framebuffer().save(SHOTS / "names-soft-sign-ru.png")
    results = screen.ids.results
    results.scroll_y = 0  # the end of the list: the name written only in Latin letters
    rows = drawn_names(kiosk, screen)
    assert rows and rows[-1].split(" | ")[0] == "Nəsirov Elçin", rows


def test_the_arabic_spelling_of_mammadov_finds_the_latin_and_cyrillic_ones(start_kiosk, demo_loaded):
    """محمدوف, with the ح of Muhammad, is how Arabic writes Məmmədov; the demo writes it مامادوف."""
    screen, rows = search_in(start_kiosk(demo_loaded), "ar", "محمدوف")
    assert screen.ids.keyboard.layout == "ar"
    assert any("Мамедов Али" in r and "Məmmədov Əli" in r for r in rows), rows
    SHOTS.mkdir(parents=True, exist_ok=True)
    framebuffer().save(SHOTS / "names-arabic-mammadov.png")
