"""The photo exhibition: panels full screen, swiped by the finger, zoomed by pinch."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from ...content.models import GallerySection, Panel
from .. import navigation as to
from ..kvload import load_kv
from ..widgets.buttons import KButton  # noqa: F401 - in gallery.kv, as are the others
from ..widgets.card import Card  # noqa: F401
from ..widgets.photo import PanelStrip, ZoomPhoto
from ..widgets.progress import ProgressLine  # noqa: F401
from ..widgets.text import KLabel  # noqa: F401
from ..widgets.topbar import TopBar
from .base import KioskScreen, mirror

SHARP_SCALE = 1.5
"""Past this zoom the photo is swapped for the larger rendition."""


class GalleryScreen(KioskScreen):
    """One gallery section. ``show(section=..., index=...)`` opens it at a panel."""

    screen_name = "gallery"

    section_id = StringProperty("")
    index = NumericProperty(0)
    overlay_shown = BooleanProperty(True)
    note_shown = BooleanProperty(False)
    count = NumericProperty(0)
    cue_shown = BooleanProperty(False)
    """The first panel of a visit says once that one can swipe and zoom."""
    label_width = NumericProperty(0)
    """Landscape: the label column beside the photo, a third of the width (``LABEL_SHARE``)."""
    label_type = NumericProperty(1.0)
    """The label's type sizes, as a share of their nominal sizes: the caption is set so that
    a line holds about ``LINE_EMS`` ems in the label's column (the measure is kept by the
    type size, not by widening the column into the photo's room)."""
    label_height = NumericProperty(0)
    """Portrait: the label below the photo, as tall as its text (at most 45 % of the stage)."""
    controls_height = NumericProperty(110)
    photo_aspect = NumericProperty(2 / 3)
    """Portrait: the current photo's height over its width; the photo's row is that tall."""
    photo_height = NumericProperty(0)
    free_height = NumericProperty(0)
    """Portrait: what the photo and the label leave, split above and below them."""

    CUE_SECONDS = 6.0
    CAPTION_SIZE = 30
    LABEL_SHARE = 1 / 3
    """Landscape: the label's share of the width. The photo comes first: a 3:2 photo covers
    about two thirds of the panel between the bars (Google Arts & Culture's and museum
    collection kiosks give the image most of the screen and set a narrow label beside it)."""
    LABEL_SHARE_LARGE = 0.38
    """With large text the label may grow; a 3:2 photo still covers over 55 % of the panel."""
    LINE_EMS = 25
    """A caption line, in ems of its own size: about 53 Latin characters of this face (0.47 em
    each), 46 Cyrillic (0.54 em), within a museum label's 45-75 once broken at words."""
    LABEL_PADDING = (32, 48)
    """The label's side padding at 1080p: towards the photo, and towards the bezel (48: a
    finger's and the glare's margin)."""

    def __init__(self, context, **kwargs: Any) -> None:
        load_kv(__file__)
        super().__init__(context, **kwargs)
        self.section: GallerySection | None = None
        self.notes_seen: set[str] = set()
        """Panels whose content note the visitor has read in this visit."""
        self.dwell = context.analytics.dwell("panel")
        strip: PanelStrip = self.ids.strip
        strip.bind(index=self._on_strip_index, on_slot_needed=self._load_slot, on_tap=self._on_tap,
                   on_zoom=self._on_zoom)
        bar: TopBar = self.ids.bar
        self.wire_bar(bar)
        self.cue_seen = False
        self.cue_until = 0.0
        # the cue's time is the app's clock (tests step it); Kivy's clock only looks now and then
        self._cue_check = Clock.create_trigger(self._cue_tick, 0.5, interval=True)
        strip.bind(offset=self._on_first_touch, on_zoom=self._on_first_touch)
        self.controls_height = 110 * self.unit
        self.bind(overlay_shown=self._size_label, size=self._size_label, unit=self._size_label,
                  photo_aspect=self._size_label, text_scale=self._size_label)
        self.ids.caption_box.bind(minimum_height=self._size_label)
        self._size_label()

    # -- navigation -------------------------------------------------------------------
    def show(self, where: to.Destination) -> None:
        if not isinstance(where, to.Section):
            return
        found = self.context.exhibition.section(where.section_id)
        if not isinstance(found, GallerySection):
            return
        if not self.cue_seen and len(found.panels) > 1:
            self.cue_seen, self.cue_shown = True, True
            self.cue_until = self.context.clock() + self.CUE_SECONDS
            self._cue_check()
        changed = found is not self.section
        self.section, self.section_id = found, found.id
        strip: PanelStrip = self.ids.strip
        strip.rtl = self.rtl
        if changed:
            strip.slot_index = [-1, -1, -1]
            strip.count = len(found.panels)
        self.count = len(found.panels)
        index = max(0, min(where.index or 0, len(found.panels) - 1))
        if strip.index != index:
            strip.index = index
        else:
            strip._fill()
        self._on_strip_index(strip, index)

    def step(self, delta: int) -> None:
        """The previous/next buttons (``delta`` in reading order)."""
        if self.note_shown:
            return
        self.ids.strip.go_to(self.index + delta)

    @property
    def panel(self) -> Panel | None:
        if self.section is None or not 0 <= self.index < len(self.section.panels):
            return None
        return self.section.panels[self.index]

    def on_leave(self, *_args: Any) -> None:
        self.dwell.stop()
        for photo in self.ids.strip.slots:
            photo.reset()

    def reset_visit(self) -> None:
        """A new visitor: content notes and the swipe cue are shown again."""
        self.notes_seen.clear()
        self.cue_seen = False

    def _size_label(self, *_args: Any) -> None:
        """Room for the label and the photo: the photo first, the label's measure of about
        50 characters kept by its type size."""
        u = self.unit
        if not self.overlay_shown:
            self.label_width = self.label_height = 0
            return
        share = self.LABEL_SHARE_LARGE if self.text_scale > 1 else self.LABEL_SHARE
        self.label_width = self.width * share
        inner, bezel = self.LABEL_PADDING
        words = (self.width - 2 * bezel * u) if self.portrait else self.label_width - (inner + bezel) * u
        body = self.CAPTION_SIZE * u * self.text_scale
        self.label_type = min(1.0, words / (self.LINE_EMS * body))
        box = self.ids.caption_box
        self.label_height = min(self.height * 0.45, box.minimum_height) if self.portrait else 0
        room = self.ids.stage.height - self.controls_height - self.label_height
        self.photo_height = max(0.0, min(room, self.width * self.photo_aspect))
        self.free_height = max(0.0, room - self.photo_height)

    def _take_aspect(self, photo: ZoomPhoto) -> None:
        if photo.texture is not None and photo.texture.width:
            self.photo_aspect = photo.texture.height / photo.texture.width

    def _cue_tick(self, _dt: float) -> None:
        if self.cue_shown and self.context.clock() >= self.cue_until:
            self.cue_shown = False
        if not self.cue_shown:
            self._cue_check.cancel()

    def _on_first_touch(self, *_args: Any) -> None:
        if self.cue_shown and (self.ids.strip.offset or self.ids.strip.current.zoomed):
            self.cue_shown = False

    # -- panels -------------------------------------------------------------------------
    def _load_slot(self, _strip: PanelStrip, photo: ZoomPhoto, index: int) -> None:
        if self.section is None:
            return
        panel = self.section.panels[index]
        path = self.context.assets.photo(panel)
        if path is None:
            photo.texture = None
            self.context.analytics.once("placeholder", self.section.id, panel.image, "photo")
            return

        def arrived(texture, _reason, photo=photo, index=index) -> None:
            strip = self.ids.strip
            slot = strip.slots.index(photo)
            if strip.slot_index[slot] == index:
                photo.texture = texture
                if photo is strip.current:
                    self._take_aspect(photo)
                if texture is None and self.section is not None:
                    self.context.analytics.once("placeholder", self.section.id, panel.image, "photo")

        self.context.textures.request(path, "screen", arrived)

    def _on_zoom(self, _strip: PanelStrip, photo: ZoomPhoto, scale: float) -> None:
        self.dwell.zoom(scale)
        if scale < SHARP_SCALE or self.panel is None or photo.texture is None:
            return
        if getattr(photo, "sharp_for", None) == self.index:
            return
        path = self.context.assets.photo(self.panel)
        if path is None:
            return
        photo.sharp_for = self.index
        index = self.index

        def arrived(texture, _reason, photo=photo, index=index) -> None:
            if texture is not None and self.index == index and photo is self.ids.strip.current:
                photo.texture = texture

        self.context.textures.request(path, "zoom", arrived)

    def _on_strip_index(self, strip: PanelStrip, index: int) -> None:
        if self.cue_shown and int(index) != self.index:
            self.cue_shown = False  # the visitor has found how to move on
        self.index = int(index)
        for photo in strip.slots:
            photo.sharp_for = None
        panel = self.panel
        self.note_shown = bool(panel and panel.note and panel.id not in self.notes_seen)
        strip.locked = self.note_shown
        strip.current.hidden = self.note_shown
        self._take_aspect(strip.current)
        if panel is not None and self.dwell.show(self.section_id, panel.id) and self.note_shown:
            self.context.analytics.record("note", self.section_id, panel.id, "shown")
        self.refresh()
        self._prefetch()

    def _prefetch(self) -> None:
        if self.section is None:
            return
        near = [self.index + 2, self.index - 2]
        paths = [self.context.assets.photo(self.section.panels[i]) for i in near if 0 <= i < len(self.section.panels)]
        self.context.textures.prefetch([p for p in paths if p], "screen")

    def _on_tap(self, _strip: PanelStrip, _touch: Any) -> None:
        self.overlay_shown = not self.overlay_shown

    # -- content note -------------------------------------------------------------------
    def accept_note(self) -> None:
        if self.panel is not None:
            self.notes_seen.add(self.panel.id)
            self.context.analytics.record("note", self.section_id, self.panel.id, "continued")
        self.note_shown = False
        self.ids.strip.locked = False
        self.ids.strip.current.hidden = False

    def skip_note(self) -> None:
        self.context.analytics.record("note", self.section_id, self.panel.id if self.panel else "", "skipped")
        if self.section is not None and self.index + 1 < len(self.section.panels):
            self.note_shown = False
            self.ids.strip.locked = False
            self.ids.strip.go_to(self.index + 1, animate=False)
        else:
            self.navigate(to.Back())

    # -- texts --------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.section is None:
            return
        ids = self.ids
        ids.strip.rtl = self.rtl
        ids.bar.title = self.tx(self.section.title)
        panel = self.panel
        count = len(self.section.panels)
        ids.position.raw = self.t("panel_of", index=self.index + 1, count=count)
        ids.progress.value = (self.index + 1) / count
        ids.prev.raw, ids.next.raw = self.t("previous"), self.t("next")
        ids.prev.disabled, ids.next.disabled = self.index == 0, self.index >= count - 1
        ids.prev.opacity, ids.next.opacity = (0.4 if ids.prev.disabled else 1), (0.4 if ids.next.disabled else 1)
        ids.info.raw, ids.grid.raw = self.t("info"), self.t("overview")
        ids.cue_text.raw = self.t("swipe_cue")
        # mirrored: "next" sits where the reader's eye goes next
        mirror(ids.controls, [ids.prev, ids.position, ids.info, ids.grid, ids.next], self.rtl)
        if panel is None:
            return
        ids.panel_title.raw = self.tx(panel.title)
        ids.panel_caption.raw = self.tx(panel.caption)
        credit = self.tx(panel.credit)
        ids.panel_credit.raw = f"{credit} · {panel.date}" if credit and panel.date else credit or (panel.date or "")
        ids.note_heading.raw = self.t("content_note")
        ids.note_text.raw = self.tx(panel.note)
        ids.note_continue.raw, ids.note_skip.raw = self.t("continue"), self.t("skip_panel")
        mirror(ids.note_buttons, [ids.note_continue, ids.note_skip], self.rtl)
