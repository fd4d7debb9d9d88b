"""A book of remembrance: a visitor writes a few lines on the on-screen keyboard in their own
script, may add their name, where they come from and a signature drawn with a finger, sees the
page as it will be kept, and sends it. Nothing written here is shown to the next visitor until
it is approved (``kiosk book approve``, the maintenance screen); approved messages are read here
("read the book") a page at a time.

A message is stored only when the visitor sends it (``context.book``, a writer thread of its
own). Half written, it is the screen's ``draft``: the app warns "still there?" before the idle
timeout takes it, and the new visit starts with an empty page (``reset_visit``).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from kivy.core.image import Image as CoreImage
from kivy.graphics import Color, Line
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, OptionProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from ...analytics.book import Message
from ...content.models import RemembranceBookSection
from .. import navigation as to
from ..kvload import load_kv
from ..widgets.buttons import KButton  # noqa: F401 - in remembrance.kv, as are the others
from ..widgets.card import Card  # noqa: F401
from ..widgets.keyboard import OnScreenKeyboard, layout_for
from ..widgets.styled import Styled
from ..widgets.text import KLabel  # noqa: F401
from ..widgets.tile import Picture  # noqa: F401
from .base import KioskScreen, mirror

CARET = "|"
NAME_LENGTH = 80
"""The longest name or place a visitor can write, in letters."""
SIGNATURE_SIZE = (480, 180)
"""The signature kept, in pixels: small, enough to print at the foot of a message."""


class FieldBox(Styled, ButtonBehavior, BoxLayout):
    """One line of the page a visitor writes on: the message, their name or their place.

    Touching it makes it the one the keyboard types into; the one typed into shows an
    accent line along its foot and the caret."""

    active = BooleanProperty(False)
    unit = NumericProperty(1.0)
    field = StringProperty("")


class SignaturePad(Styled, Widget):
    """A finger draws a signature; strokes are kept in the pad's own coordinates (0..1)."""

    strokes = ListProperty([])

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._lines: list[Line] = []
        self.bind(pos=self._redraw, size=self._redraw, strokes=self._redraw, palette=self._redraw)

    def on_touch_down(self, touch: Any) -> bool:
        if not self.collide_point(*touch.pos) or self.opacity == 0:
            return False
        touch.grab(self)
        self.strokes = [*self.strokes, [self._norm(touch.pos)]]
        return True

    def on_touch_move(self, touch: Any) -> bool:
        if touch.grab_current is not self:
            return False
        if self.strokes:  # a new list, not the old one changed: the property sees it and the line is drawn
            self.strokes = [*self.strokes[:-1], [*self.strokes[-1], self._norm(touch.pos)]]
        return True

    def on_touch_up(self, touch: Any) -> bool:
        if touch.grab_current is self:
            touch.ungrab(self)
            return True
        return False

    def _norm(self, pos: tuple[float, float]) -> tuple[float, float]:
        x = (pos[0] - self.x) / max(1.0, self.width)
        y = (pos[1] - self.y) / max(1.0, self.height)
        return (min(1.0, max(0.0, x)), min(1.0, max(0.0, y)))

    def clear(self) -> None:
        self.strokes = []

    def _redraw(self, *_args: Any) -> None:
        self.canvas.after.clear()
        with self.canvas.after:
            Color(*self.palette.TEXT)
            for stroke in self.strokes:
                points = [c for x, y in stroke for c in (self.x + x * self.width, self.y + y * self.height)]
                if len(points) == 2:
                    points += [points[0] + 1, points[1]]
                Line(points=points, width=max(1.5, 3 * self.height / 300), cap="round", joint="round")

    def png(self) -> bytes | None:
        """The signature as a small PNG, dark ink on a clear ground (None when nothing is drawn)."""
        strokes = [s for s in self.strokes if s]
        if not strokes:
            return None
        from PIL import Image, ImageDraw

        w, h = SIGNATURE_SIZE
        image = Image.new("LA", (w, h), (0, 0))
        draw = ImageDraw.Draw(image)
        for stroke in strokes:
            points = [(x * (w - 1), (1 - y) * (h - 1)) for x, y in stroke]
            if len(points) == 1:
                points.append((points[0][0] + 1, points[0][1]))
            draw.line(points, fill=(20, 255), width=4, joint="curve")
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True)
        return out.getvalue()


class RemembranceScreen(KioskScreen):
    """Write, sign, look at the page, send; or read the approved pages."""

    screen_name = "remembrance"

    section_id = StringProperty("")
    mode = OptionProperty("write", options=["write", "sign", "preview", "sent", "read"])
    field = StringProperty("text")
    """The line the keyboard types into: text, name or place."""
    text = StringProperty("")
    name_text = StringProperty("")
    place_text = StringProperty("")
    page = NumericProperty(0)
    """In the read mode: the page of the book shown (0 is the first)."""

    def __init__(self, context, **kwargs: Any) -> None:
        load_kv(__file__)
        super().__init__(context, **kwargs)
        self.pages: list[Any] = []
        """The pages to read: the organisers' own (BookPage), then the approved messages."""
        self.sent_id: str | None = None
        ids = self.ids
        bar = ids.bar  # Back inside the book goes back a step of the book first
        bar.bind(on_home=lambda *_: self.navigate(to.Home()), on_back=lambda *_: self.back(),
                 on_language=lambda *_: self.navigate(to.LanguageChoice()),
                 on_access=lambda *_: self.navigate(to.ReadingChoice()))
        emblem = context.assets.emblem()
        if emblem is not None and context.textures is not None:
            context.textures.request(emblem, "thumb", lambda texture, _r: setattr(bar, "emblem", texture))
        keyboard: OnScreenKeyboard = ids.keyboard
        keyboard.bind(on_key=lambda _k, ch: self.type(ch), on_delete=lambda *_: self.delete(),
                      on_clear=lambda *_: self.clear())
        for box in (ids.text_box, ids.name_box, ids.place_box):
            box.bind(on_release=lambda b: self.choose_field(b.field))
        self.bind(mode=lambda *_: self.refresh(), field=lambda *_: self.refresh(), page=lambda *_: self.refresh())

    @property
    def section(self) -> RemembranceBookSection | None:
        found = self.context.exhibition.section(self.section_id)
        return found if isinstance(found, RemembranceBookSection) else None

    @property
    def draft(self) -> bool:
        """True while something is written or drawn and not sent: idle warns before it takes it."""
        return self.mode in ("write", "sign", "preview") and bool(
            self.text.strip() or self.name_text.strip() or self.place_text.strip() or self.ids.pad.strokes)

    # -- navigation -------------------------------------------------------------------
    def show(self, where: to.Destination) -> None:
        if not isinstance(where, to.Section):
            return
        if where.section_id != self.section_id:
            self.section_id = where.section_id
            self.discard()
        if self.mode in ("sent", "read"):
            self.mode = "write"
        self.ids.keyboard.layout = layout_for(self.language)
        self.refresh()

    def back(self) -> None:
        if self.mode in ("sign", "preview"):
            self.mode = "write"
        elif self.mode == "read" and self.draft:
            self.mode = "write"
        else:
            self.navigate(to.Back())

    def go_home(self) -> None:
        self.navigate(to.Home())

    def reset_visit(self) -> None:
        """A new visitor: what the last one left unsent is gone, never stored."""
        self.discard()

    def discard(self) -> None:
        self.text = self.name_text = self.place_text = ""
        self.ids.pad.clear()
        self.field, self.mode, self.page, self.sent_id = "text", "write", 0, None
        self.refresh()

    # -- typing -----------------------------------------------------------------------
    def _limit(self, field: str) -> int:
        section = self.section
        return (section.max_length if section is not None else 600) if field == "text" else NAME_LENGTH

    def choose_field(self, field: str) -> None:
        self.field = field

    def type(self, letter: str) -> None:
        attr = {"text": "text", "name": "name_text", "place": "place_text"}[self.field]
        value = getattr(self, attr)
        if letter == " " and (not value or value.endswith(" ")):
            return  # no leading or double spaces on the page
        if len(value) < self._limit(self.field):
            setattr(self, attr, value + self._cased(value, letter))
        self.refresh()

    def _cased(self, value: str, letter: str) -> str:
        """The keyboard has small letters: a capital begins the message, each sentence, and
        each word of a name or place (Azerbaijani i becomes İ). Arabic has no capitals."""
        if letter.upper() == letter:
            return letter
        if self.field == "text":
            begins = not value.strip() or (value.endswith(" ") and value.rstrip()[-1:] in ".!?؟")
        else:
            begins = not value or value.endswith(" ")
        if not begins:
            return letter
        return "İ" if letter == "i" and self.ids.keyboard.layout == "az" else letter.upper()

    def delete(self) -> None:
        attr = {"text": "text", "name": "name_text", "place": "place_text"}[self.field]
        setattr(self, attr, getattr(self, attr)[:-1])
        self.refresh()

    def clear(self) -> None:
        attr = {"text": "text", "name": "name_text", "place": "place_text"}[self.field]
        setattr(self, attr, "")
        self.refresh()

    # -- the steps --------------------------------------------------------------------
    def sign(self) -> None:
        self.mode = "sign"

    def signed(self) -> None:
        self.mode = "write"

    def look(self) -> None:
        """The page as it will be kept, before it is sent."""
        if self.text.strip():
            self.mode = "preview"

    def send(self) -> None:
        section = self.section
        book = self.context.book
        if section is None or book is None or not self.text.strip():
            return
        self.sent_id = book.leave(section.id, " ".join(self.text.split()), name=self.name_text.strip(),
                                  place=self.place_text.strip(), language=self.language,
                                  signature=self.ids.pad.png() if "signature" in section.fields else None)
        self.text = self.name_text = self.place_text = ""
        self.ids.pad.clear()
        self.field = "text"
        self.mode = "sent"

    def read(self) -> None:
        section = self.section
        if section is None or not section.show_approved:
            return
        self.pages = self.book_pages()
        self.page = 0
        self.mode = "read"
        self.refresh()

    def book_pages(self) -> list[Any]:
        """The organisers' pages, then the approved messages, oldest first (only approved ones)."""
        section = self.section
        if section is None or not section.show_approved:
            return []
        book = self.context.book
        approved = book.messages(section.id, "approved") if book is not None else []
        return [*section.pages, *approved]

    def turn(self, step: int) -> None:
        if self.pages:
            self.page = max(0, min(len(self.pages) - 1, self.page + step))

    # -- texts ----------------------------------------------------------------------------
    def _shown(self, value: str, field: str, placeholder: str) -> tuple[str, str]:
        """The words of a line and their tone: the caret after them (where the next letter goes,
        logically: on the left of Arabic) in the line typed into, the hint in an empty line."""
        if value:
            typing = self.field == field and self.mode == "write"
            return (value + CARET if typing else value), "TEXT"
        return placeholder, "TEXT_MUTED"

    def refresh(self) -> None:
        section = self.section
        if section is None or "bar" not in self.ids:
            return
        ids = self.ids
        ids.bar.title = self.tx(section.title)
        ids.prompt.raw = self.tx(section.prompt)
        keyboard: OnScreenKeyboard = ids.keyboard
        keyboard.punctuation = self.field == "text"
        for name, key in (("space", "key_space"), ("delete", "key_delete"), ("clear", "key_clear")):
            keyboard.keys[name].raw = self.t(key)
        for box, label, value, field, hint in (
                (ids.text_box, ids.text_label, self.text, "text", "book_message_hint"),
                (ids.name_box, ids.name_label, self.name_text, "name", "book_name_hint"),
                (ids.place_box, ids.place_label, self.place_text, "place", "book_place_hint")):
            label.raw, label.tone = self._shown(value, field, self.t(hint))
            box.active = self.field == field
            label.rtl = self.rtl
        ids.name_box.opacity = 1 if "name" in section.fields else 0
        ids.name_box.disabled = "name" not in section.fields
        ids.place_box.opacity = 1 if "place" in section.fields else 0
        ids.place_box.disabled = "place" not in section.fields
        ids.count.raw = self.t("book_letters_left", count=max(0, section.max_length - len(self.text))) \
            if self.field == "text" else ""
        signing = "signature" in section.fields
        ids.sign_button.raw = self.t("book_sign_again" if ids.pad.strokes else "book_sign")
        ids.sign_button.opacity, ids.sign_button.disabled = (1, False) if signing else (0, True)
        ids.preview_button.raw = self.t("book_preview")
        ids.preview_button.disabled = not self.text.strip()
        readable = section.show_approved
        ids.read_button.raw = self.t("book_read")
        ids.read_button.opacity, ids.read_button.disabled = (1, False) if readable else (0, True)
        mirror(ids.actions, [ids.read_button, ids.sign_button, ids.preview_button], self.rtl)
        mirror(ids.action_row, [ids.count, ids.actions], self.rtl)
        # signing
        ids.sign_heading.raw = self.t("book_sign_heading")
        ids.sign_clear.raw, ids.sign_done.raw = self.t("book_sign_clear"), self.t("book_sign_done")
        mirror(ids.sign_buttons, [ids.sign_clear, ids.sign_done], self.rtl)
        # the page as it will be kept
        ids.preview_heading.raw = self.t("book_preview_heading")
        self._page(ids.preview_text, ids.preview_signed, ids.preview_signature,
                   self.text, self._signed_line(self.name_text.strip(), self.place_text.strip(),
                                                self.context.book.wall_clock() if self.context.book else None),
                   ids.pad.png() if self.mode == "preview" and signing else None)
        ids.change_button.raw, ids.send_button.raw = self.t("book_change"), self.t("book_send")
        mirror(ids.preview_buttons, [ids.change_button, ids.send_button], self.rtl)
        # sent
        ids.thanks.raw = self.t("book_thanks")
        ids.thanks_note.raw = self.t("book_thanks_note")
        ids.thanks_read.raw, ids.thanks_home.raw = self.t("book_read"), self.t("home")
        ids.thanks_read.opacity, ids.thanks_read.disabled = (1, False) if readable else (0, True)
        mirror(ids.thanks_buttons, [ids.thanks_read, ids.thanks_home], self.rtl)
        # reading
        self._reading()
        for label in (ids.prompt, ids.count, ids.sign_heading, ids.preview_heading, ids.thanks, ids.thanks_note,
                      ids.read_position):
            label.rtl = self.rtl

    def _signed_line(self, name: str, place: str, when: dt.date | dt.datetime | None) -> str:
        parts = [p for p in (name, place) if p]
        if when is not None:
            parts.append(f"{when:%Y-%m-%d}")
        return " · ".join(parts)

    def _page(self, text_label: Any, signed_label: Any, picture: Any, text: str, signed: str,
              signature: bytes | None) -> None:
        text_label.raw = " ".join(text.split())
        signed_label.raw = signed
        picture.texture = self._texture(signature) if signature else None
        picture.parent.opacity = 1 if picture.texture is not None else 0  # the paper strip, with it

    def _texture(self, png: bytes) -> Any:
        """A signature's few kilobytes of PNG, decoded here (it is smaller than a thumbnail)."""
        try:
            return CoreImage(io.BytesIO(png), ext="png", nocache=True).texture
        except Exception:  # noqa: BLE001 - a damaged signature is left out, the message stays
            return None

    def _reading(self) -> None:
        ids = self.ids
        pages = self.pages
        ids.read_previous.raw, ids.read_next.raw = self.t("previous"), self.t("next")
        ids.read_write.raw = self.t("book_write")
        mirror(ids.read_buttons, [ids.read_previous, ids.read_write, ids.read_next], self.rtl)
        if not pages:
            self._page(ids.read_text, ids.read_signed, ids.read_signature, self.t("book_empty"), "", None)
            ids.read_position.raw = ""
            ids.read_previous.disabled = ids.read_next.disabled = True
            return
        shown = pages[min(self.page, len(pages) - 1)]
        if isinstance(shown, Message):
            signed = self._signed_line(shown.name, shown.place, shown.written)
            self._page(ids.read_text, ids.read_signed, ids.read_signature, shown.text, signed, shown.signature)
        else:  # the organisers' own page
            self._page(ids.read_text, ids.read_signed, ids.read_signature, self.tx(shown.text),
                       self.tx(shown.signed) if shown.signed else "", None)
        ids.read_position.raw = self.t("page_of", index=self.page + 1, count=len(pages))
        ids.read_previous.disabled = self.page == 0
        ids.read_next.disabled = self.page >= len(pages) - 1
