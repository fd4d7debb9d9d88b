"""A register of names: the visitor types on an on-screen keyboard in their script and finds one
person among thousands, whatever script the register wrote the name in; a person's page shows
the name in every script, the dates, place, text, photo and family.

The index (kiosk/content/names_index.py) is built off the UI thread, once per register and
kept on disk; until it is ready the screen says it is preparing the register. Results are a
RecycleView: a few row widgets recycled through any number of matches, filled a page at a
time as the visitor scrolls.
"""

from __future__ import annotations

import math
from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.recycleview.views import RecycleDataViewBehavior

from ...content.models import NamesSection
from ...content.names_index import Built, Found, Record, Registers, pick
from ...media.text import has_rtl
from .. import navigation as to
from ..kvload import load_kv
from ..motion import STEP_SLACK, Motion
from ..widgets.buttons import KButton
from ..widgets.card import Card  # noqa: F401 - in names.kv, as is Picture
from ..widgets.keyboard import OnScreenKeyboard, layout_for
from ..widgets.styled import Styled
from ..widgets.text import KLabel
from ..widgets.tile import Picture  # noqa: F401
from ..widgets.topbar import TopBar
from .base import KioskScreen, mirror

PAGE = 200
"""Rows handed to the RecycleView at a time; more are added as the visitor scrolls down."""
MEMBERS_SHOWN = 12


def registers_of(context: Any) -> Registers:
    """The registers of the screens' context (shared by this screen and the attract loop's
    wall of names), made on first use; answers arrive on the UI thread through the Clock."""
    if context.registers is None:
        context.registers = Registers(context.exhibition, context.assets.file,
                                      lambda fn: Clock.schedule_once(lambda _dt: fn(), 0))
    return context.registers


class NamesWall(Styled, FloatLayout):
    """The attract loop's register: names rising slowly up the screen, as on a memorial wall,
    in one script at a time (the language of the call to touch). No effects beyond the drift."""

    offset = NumericProperty(0.0)
    unit = NumericProperty(1.0)
    SPEED = 32.0
    """Pixels a second at 1080p: a line every few seconds, slow enough to read each name."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.motion = Motion()
        """What steps the rise: the attract screen's own, so it is drawn with the rest."""
        self.records: list[Record] = []
        self.order: list[str] = []
        self.start = 0
        self.lines: list[KLabel] = []
        self.bind(offset=self._place, size=self._place, pos=self._place)

    @property
    def line_height(self) -> float:
        return 92 * self.unit

    def show(self, records: list[Record], seconds: float, order: list[str], start: int) -> None:
        """Begin at the ``start``-th person and drift for ``seconds``."""
        self.motion.halt(self, "offset")
        self.records, self.order, self.start = records, order, start
        for label in self.lines:
            self.remove_widget(label)
        self.lines = []
        if not records:
            return
        travel = self.SPEED * self.unit * seconds
        count = min(len(records), int((self.height + travel) / self.line_height) + 2)
        for _ in range(count):
            label = KLabel(size_hint=(None, None), font_size=44 * self.unit, align="center", **self.style())
            self.lines.append(label)
            self.add_widget(label)
        self.relabel(order)
        self.offset = 0
        # a label is drawn at whole pixels: the wall is redrawn each time it has risen one
        self.motion.steady(self, "offset", travel, max(1.0, seconds), step=1.0)

    def relabel(self, order: list[str]) -> None:
        self.order = order
        for i, label in enumerate(self.lines):
            record = self.records[(self.start + i) % len(self.records)]
            years = record.years()
            label.raw = f"{pick(record.names, order)}   {years}" if years else pick(record.names, order)
        self._place()

    def _place(self, *_args: Any) -> None:
        # whole pixels: the rise is stepped a pixel at a time (a rounding short of one is one)
        offset = math.floor(self.offset + STEP_SLACK)
        for i, label in enumerate(self.lines):
            label.size = (self.width - 240 * self.unit, self.line_height)
            label.x = self.x + 120 * self.unit
            # the first name enters at the bottom and rises
            label.y = self.y - (i + 1) * self.line_height + offset + self.height * 0.55
            label.opacity = 1 if self.y + 300 * self.unit < label.y + self.line_height / 2 < self.top - 280 * self.unit \
                else 0


class NameRow(Styled, RecycleDataViewBehavior, ButtonBehavior, BoxLayout):
    """One result: the name in the visitor's script, under it the other scripts, years and place.

    Its palette and text scale come with its data, as everything a recycled row shows does."""

    number = NumericProperty(-1)
    primary = StringProperty("")
    detail = StringProperty("")
    rtl = BooleanProperty(False)
    unit = NumericProperty(1.0)

    def refresh_view_attrs(self, rv: Any, index: int, data: dict[str, Any]) -> Any:
        return super().refresh_view_attrs(rv, index, data)

    def on_release(self) -> None:
        widget = self.parent
        while widget is not None and not hasattr(widget, "opener"):
            widget = widget.parent
        if widget is not None:
            widget.opener(int(self.number))


class NamesScreen(KioskScreen):
    screen_name = "names"

    section_id = StringProperty("")
    query = StringProperty("")
    ready = BooleanProperty(False)
    person_shown = BooleanProperty(False)
    note_shown = BooleanProperty(False)

    def __init__(self, context, **kwargs: Any) -> None:
        load_kv(__file__)
        super().__init__(context, **kwargs)
        self.built: Built | None = None
        self.found: Found | None = None
        self.shown_rows = 0
        self.person: int | None = None
        self.trail: list[int] = []
        """The people opened one from another (a family's links), for Back."""
        self.notes_seen: set[int] = set()
        self.searching = False
        """A search typed and no person opened from it yet (recorded as found when one is)."""
        bar: TopBar = self.ids.bar
        bar.bind(on_home=lambda *_: self.navigate(to.Home()), on_back=lambda *_: self.back(),
                 on_language=lambda *_: self.navigate(to.LanguageChoice()),
                 on_access=lambda *_: self.navigate(to.ReadingChoice()))
        keyboard: OnScreenKeyboard = self.ids.keyboard
        keyboard.bind(on_key=lambda _k, ch: self.type(ch), on_delete=lambda *_: self.delete(),
                      on_clear=lambda *_: self.clear())
        self.ids.results.opener = self.open_person
        self.ids.results.bind(scroll_y=self._more)

    @property
    def section(self) -> NamesSection | None:
        found = self.context.exhibition.section(self.section_id)
        return found if isinstance(found, NamesSection) else None

    def registers(self) -> Registers:
        return registers_of(self.context)

    # -- navigation -------------------------------------------------------------------
    def show(self, where: to.Destination) -> None:
        if not isinstance(where, to.Section):
            return
        wanted = where.section_id
        if wanted != self.section_id or self.built is None:
            self.section_id = wanted
            self.built, self.ready = None, False
            self.close_person()
            self.registers().request(wanted, self._arrived)
        self.ids.keyboard.layout = layout_for(self.language)
        self.refresh()

    def _arrived(self, built: Built) -> None:
        if self.section is None or built is not self.registers().built.get(self.section_id):
            return
        self.built, self.ready = built, True
        self.search()
        self.refresh()

    def back(self) -> None:
        if self.person_shown:
            if self.trail:
                self.open_person(self.trail.pop(), remember=False)
            else:
                self.close_person()
            return
        self.navigate(to.Back())

    def reset_visit(self) -> None:
        self.notes_seen.clear()
        self.searching = False
        self.close_person()
        self.query = ""
        if self.built is not None:
            self.search()

    def pass_style(self) -> None:
        super().pass_style()
        # rows shown, and rows the list keeps aside to show again, are drawn from their data
        results = self.ids.results
        for row in results.data:
            row.update(self.style())
        results.refresh_from_data()

    # -- typing -----------------------------------------------------------------------
    def type(self, letter: str) -> None:
        if len(self.query) < 60:
            if not self.query.strip() and letter.strip():
                # a search begins: counted, anonymously (the letters typed are never recorded)
                self.context.analytics.record("search", self.section_id, detail="typed")
                self.searching = True
            self.query += letter
            self.search()

    def delete(self) -> None:
        self.query = self.query[:-1]
        self.search()

    def clear(self) -> None:
        self.query = ""
        self.search()

    def search(self) -> None:
        """Results for the query as typed now: on every key."""
        self._query_text()
        if self.built is None:
            return
        self.found = self.built.index.search(self.query)
        self.shown_rows = 0
        self.ids.results.data = self._rows(0, PAGE)
        self.ids.results.scroll_y = 1
        self._status()

    def _rows(self, start: int, stop: int) -> list[dict[str, Any]]:
        assert self.built is not None and self.found is not None
        order = self.context.exhibition.fallback_order(self.language)
        records = self.built.index.records
        rows = []
        for number in self.found.ids[start:stop].tolist():
            rows.append(self._row(number, records[number], order))
        self.shown_rows = start + len(rows)
        return rows

    def _row(self, number: int, record: Record, order: list[str]) -> dict[str, Any]:
        primary = pick(record.names, order)
        # one direction a line: a left-to-right reader's line leaves out the Arabic-script spelling
        # (the person's page shows it on a line of its own)
        others = list(dict.fromkeys(text for _lang, text in record.names
                                    if text != primary and (self.rtl or not has_rtl(text))))
        facts = [record.years(), pick(record.place, order) if record.place else ""]
        detail = " · ".join([*(f for f in facts if f), *others])
        return {"number": number, "primary": primary, "detail": detail, "rtl": self.rtl, "unit": self.unit,
                **self.style()}

    def _more(self, *_args: Any) -> None:
        """Near the end of the rows shown: the next page of matches."""
        if self.found is None or self.shown_rows >= len(self.found):
            return
        if self.ids.results.scroll_y < 0.15:
            self.ids.results.data.extend(self._rows(self.shown_rows, self.shown_rows + PAGE))

    # -- a person's page --------------------------------------------------------------
    def open_person(self, number: int, remember: bool = True) -> None:
        if self.built is None or not 0 <= number < len(self.built.index):
            return
        if remember and self.person is not None and self.person_shown and self.person != number:
            self.trail.append(self.person)
        if self.searching and not self.person_shown:
            self.context.analytics.record("search", self.section_id, detail="found")
            self.searching = False
        self.person = number
        self.person_shown = True
        record = self.built.index.records[number]
        self.note_shown = bool(record.note) and number not in self.notes_seen
        self._photo(record)
        self.refresh()
        self.ids.person_scroll.scroll_y = 1

    def accept_note(self) -> None:
        if self.person is not None:
            self.notes_seen.add(self.person)
        self.note_shown = False
        self.refresh()

    def close_person(self) -> None:
        self.person_shown = self.note_shown = False
        self.person = None
        self.trail.clear()
        if "photo" in self.ids:
            self.ids.photo.texture = None

    def _photo(self, record: Record) -> None:
        photo = self.ids.photo
        photo.texture = None
        path = self.context.assets.portrait(record)
        photo.opacity = 1 if path is not None else 0
        if path is not None:
            number = self.person
            self.context.textures.request(path, "screen", lambda t, _r: setattr(photo, "texture", t)
                                          if self.person == number else None)

    # -- texts --------------------------------------------------------------------------
    def _query_text(self) -> None:
        shown = self.query
        self.ids.query.raw = shown + "|" if shown else self.t("type_a_name")
        self.ids.query.tone = "TEXT" if shown else "TEXT_MUTED"

    def _status(self) -> None:
        if not self.ready:
            self.ids.status.raw = self.t("preparing_register")
        elif self.found is not None and not len(self.found):
            self.ids.status.raw = self.t("no_names_found")
        elif self.found is not None:
            self.ids.status.raw = self.t("names_found", count=len(self.found))

    def refresh(self) -> None:
        section = self.section
        if section is None:
            return
        ids = self.ids
        ids.bar.title = self.tx(section.title)
        keyboard: OnScreenKeyboard = ids.keyboard
        for name, key in (("space", "key_space"), ("delete", "key_delete"), ("clear", "key_clear")):
            keyboard.keys[name].raw = self.t(key)
        self._query_text()
        self._status()
        if self.built is not None and self.ids.results.data and self.ids.results.data[0].get("rtl") != self.rtl:
            self.search()  # rows align to the reading side
        if self.person_shown and self.person is not None and self.built is not None:
            self._person_texts(self.built.index.records[self.person])

    def _person_texts(self, record: Record) -> None:
        ids = self.ids
        ex = self.context.exhibition
        order = ex.fallback_order(self.language)
        primary = pick(record.names, order)
        ids.person_name.raw = primary
        # the name in every script the register has, each once, the visitor's first
        others = list(dict.fromkeys(text for _lang, text in record.names if text != primary))
        ids.person_scripts.raw = "\n".join(t for t in others if not has_rtl(t))
        ids.person_rtl_scripts.raw = "\n".join(t for t in others if has_rtl(t))
        facts = []
        if record.years():
            facts.append(record.years())
        if record.age is not None:
            facts.append(self.t("age_years", count=record.age))
        if record.place:
            facts.append(pick(record.place, order))
        ids.person_facts.raw = " · ".join(facts)
        ids.person_text.raw = pick(record.text, order) if record.text else ""
        section = self.section
        group_name = ""
        members_box = ids.members
        members_box.clear_widgets()
        if record.group and self.built is not None:
            named = section.groups.get(record.group) if section is not None else None
            group_name = ex.text(named, self.language) if named is not None else self.t("family_or_group")
            for number in [m for m in self.built.index.members(record.group) if m != self.person][:MEMBERS_SHOWN]:
                member = self.built.index.records[number]
                button = KButton(raw=pick(member.names, order), font_size=30 * self.unit, size_hint_y=None,
                                 height=max(64.0, 84 * self.unit), rtl=self.rtl, **self.style())
                button.bind(on_release=lambda _b, n=number: self.open_person(n))
                members_box.add_widget(button)
        ids.group_heading.raw = group_name
        ids.note_heading.raw = self.t("content_note")
        ids.note_text.raw = pick(record.note, order) if record.note else ""
        ids.note_continue.raw, ids.note_back.raw = self.t("continue"), self.t("back")
        mirror(ids.note_buttons, [ids.note_continue, ids.note_back], self.rtl)
        for label in (ids.person_name, ids.person_scripts, ids.person_rtl_scripts, ids.person_facts, ids.person_text,
                      ids.group_heading):
            label.rtl = self.rtl
