"""The attract loop: highlights with slow pan and zoom, cross-fades, and a call to touch in
every language at once, over soft gradients, with a gentle cue."""

from __future__ import annotations

import math
import random
from typing import Any

from kivy.graphics.texture import Texture
from kivy.properties import NumericProperty, ObjectProperty
from kivy.uix.widget import Widget

from ...visit.session import AttractStep
from .. import navigation as to
from ..kvload import load_kv
from ..motion import Motion
from ..widgets.card import draw_only_when_seen
from ..widgets.kenburns import KenBurns
from ..widgets.player import ClipPlayer
from ...content.text import is_rtl
from ..widgets.text import KLabel
from .base import KioskScreen
from .names import NamesWall, registers_of

CALL_SECONDS = 3.0
"""How long "touch to begin" stays in one language."""
FADE_SECONDS = 1.2
PULSE_SECONDS = 3.2
"""The hand's slow pulse, dim to bright and back."""
PULSE_FPS = 8.0
"""A small icon's brightness needs few steps a second; every step redraws the screen."""


class Pulse:
    """The hand's slow pulse, a part of the screen's ``Motion`` while it is on."""

    def __init__(self, widget: Widget) -> None:
        self.widget, self.on, self.time = widget, False, 0.0

    def interval(self) -> float | None:
        return 1 / PULSE_FPS if self.on else None

    def advance(self, dt: float) -> None:
        """The hand brightens and dims slowly (0.35 to 1)."""
        self.time = (self.time + dt) % PULSE_SECONDS
        self.widget.opacity = 0.35 + 0.65 * (0.5 - 0.5 * math.cos(2 * math.pi * self.time / PULSE_SECONDS))


def gradient(top_alpha: float, bottom_alpha: float, steps: int = 64) -> Texture:
    """A black that fades between two opacities, top to bottom, to stretch over a band."""
    data = bytearray()
    for i in range(steps):  # GL's first row is the bottom
        t = i / (steps - 1)
        alpha = bottom_alpha + (top_alpha - bottom_alpha) * t * t * (3 - 2 * t)  # smoothstep
        data += bytes((0, 0, 0, int(round(alpha * 255))))
    texture = Texture.create(size=(1, steps), colorfmt="rgba")
    texture.blit_buffer(bytes(data), colorfmt="rgba", bufferfmt="ubyte")
    return texture


class AttractScreen(KioskScreen):
    """Shows the steps the app's ``AttractLoop`` hands it; any touch asks for home."""

    screen_name = "attract"

    fade_down = ObjectProperty(None, allownone=True)
    fade_up = ObjectProperty(None, allownone=True)
    call_count = NumericProperty(1)
    title_size = NumericProperty(72)

    def __init__(self, context, **kwargs: Any) -> None:
        load_kv(__file__)
        super().__init__(context, **kwargs)
        self.rng = random.Random(1)
        self.step: AttractStep | None = None
        self.call_language = context.exhibition.default_language
        photos = self.ids.photos
        self.front, self.back = KenBurns(photos), KenBurns(photos, opacity=0)
        self.ids.clip.playback = context.playback
        for layer in (self.ids.clip, self.ids.wall, self.ids.book_page):  # transparent between their steps: drawn not at all
            draw_only_when_seen(layer)
        self.fade_down, self.fade_up = gradient(0.78, 0.0), gradient(0.0, 0.94)
        self.calls: list[KLabel] = []
        for code in context.exhibition.languages:
            call = KLabel(font_size=self.unit * (38 if self.portrait else 32), bold=True, align="center",
                          rtl=is_rtl(code))
            call.language = code
            self.calls.append(call)
            self.ids.calls.add_widget(call)
        self.call_count = len(self.calls)
        # everything that moves here is stepped together, at the rate the fastest part needs
        self.motion = Motion()
        self._pulse = Pulse(self.ids.cue)
        self.motion.add(self._pulse)
        for layer in (self.front, self.back):
            layer.motion = self.motion
            self.motion.add(layer)
        self.ids.wall.motion = self.motion
        draw_only_when_seen(self.ids.shade)  # the gradients as quads: over a clip or the wall only
        self.ids.stage.bind(size=self._shade, pos=self._shade)
        self.bind(unit=self._shade, portrait=self._shade)
        self._shade()
        self.refresh()

    def _shade(self, *_args: Any) -> None:
        """The photos darken towards the words as the gradient quads would darken them."""
        stage = self.ids.stage
        top = (stage.top - self.unit * 420, stage.top, 0.78)
        bottom = (stage.y, stage.y + self.unit * (620 if self.portrait else 460), 0.94)
        self.ids.photos.shade(top, bottom)

    def on_enter(self, *_args: Any) -> None:
        self.pulse(True)

    def pulse(self, on: bool) -> None:
        """Start or stop the hand's pulse (it stops when the screen is left)."""
        self._pulse.on = on
        self.motion.wake(self._pulse)

    def on_touch_down(self, touch: Any) -> bool:
        if self.collide_point(*touch.pos):
            self.navigate(to.Home())
            return True
        return False

    def show_step(self, step: AttractStep) -> None:
        """Cross-fade to ``step``'s photo once decoded, or play its clip excerpt muted."""
        self.step = step
        if step.kind != "photo":
            self._caption()  # a photo's caption changes with the photo, when it arrives
        clip: ClipPlayer = self.ids.clip
        wall: NamesWall = self.ids.wall
        fade = self.motion.fade
        fade(wall, 1 if step.kind == "names" else 0, FADE_SECONDS)
        fade(self.ids.book_page, 1 if step.kind == "book" else 0, FADE_SECONDS)
        fade(self.ids.shade, 0 if step.kind == "photo" else 1, FADE_SECONDS)  # a photo shades itself
        if step.kind == "book":
            self._book_page(step)
        if step.kind in ("names", "book"):
            if step.kind == "names":
                self._names(step)
            for layer in (self.front, self.back):  # the wall or the page stands alone on the dark ground
                fade(layer, 0, FADE_SECONDS)
            if clip.is_open:
                clip.close()
                fade(clip, 0, 0)
            return
        if step.kind == "clip":
            clip.open(step.path, start=step.start, end=step.start + step.seconds, muted=True)
            fade(clip, 1, FADE_SECONDS)
            for layer in (self.front, self.back):  # the clip alone: no photo above or below it
                fade(layer, 0, FADE_SECONDS)
            return
        if clip.is_open:
            clip.close()
            fade(clip, 0, FADE_SECONDS)

        def arrived(texture, _reason, step=step) -> None:
            if texture is None or step is not self.step:
                return
            incoming, outgoing = self.back, self.front
            incoming.texture = texture
            incoming.drift(step.seconds + FADE_SECONDS, self.rng)
            # a dissolve: the new photo fades in over the old one, which stays opaque under
            # it, the two mixed in one pass; the old one leaves when it is covered
            incoming.opacity = 0
            self.ids.photos.raise_(incoming)
            self.motion.halt(outgoing, "opacity")  # a fade it was in stops where it is
            fade(incoming, 1, FADE_SECONDS, then=lambda: fade(outgoing, 0, 0))
            self.front, self.back = incoming, outgoing
            # the words change with the picture: faded in over the same cross-fade
            caption = self.ids.caption
            self._caption()
            caption.opacity = 0
            fade(caption, 1, FADE_SECONDS)

        self.context.textures.request(step.path, "screen", arrived)

    def _book_page(self, step: AttractStep) -> None:
        """One approved message in turn, each loop the next; the curator's invitation while the
        book has none to show (nothing unapproved is ever shown)."""
        from ...content.models import RemembranceBookSection

        section = self.context.exhibition.section(step.ref)
        if not isinstance(section, RemembranceBookSection):
            return
        book = self.context.book
        approved = book.messages(section.id, "approved") if book is not None and section.show_approved else []
        self.book_shown = getattr(self, "book_shown", -1) + 1
        ids = self.ids
        if approved:
            message = approved[self.book_shown % len(approved)]
            ids.book_text.raw = message.text
            ids.book_signed.raw = " · ".join(p for p in (message.name, message.place, f"{message.written:%Y-%m-%d}") if p)
        else:
            ids.book_text.raw = self.context.exhibition.text(section.prompt, self.call_language)
            ids.book_signed.raw = self.context.strings.get("book_call", self.call_language)

    def _names(self, step: AttractStep) -> None:
        """The register's names rise slowly; each loop starts further down the register."""
        self.names_shown = getattr(self, "names_shown", 0)

        def ready(built, step=step) -> None:
            if step is not self.step:
                return
            records = built.index.records
            start = self.names_shown % len(records) if records else 0
            self.ids.wall.show(records, step.seconds, self.context.exhibition.fallback_order(self.call_language), start)
            self.names_shown += int(self.ids.wall.height / self.ids.wall.line_height) + 1

        registers_of(self.context).request(step.ref, ready)

    def on_leave(self, *_args: Any) -> None:
        self.ids.clip.close()
        self.pulse(False)
        self.motion.stop()
        self.ids.clip.opacity = 0

    def tick(self, now: float) -> None:
        """Cycle the call to touch through every language of the exhibition."""
        languages = self.context.exhibition.languages
        language = languages[int(now // CALL_SECONDS) % len(languages)]
        if language != self.call_language:
            self.call_language = language
            self.refresh()

    def refresh(self) -> None:
        ex = self.context.exhibition
        self._fit_title(ex.text(ex.title, self.call_language))
        for call in self.calls:
            call.raw = self.context.strings.get("touch_to_begin", call.language)
            # the language shown above in the title is the one that stands out now
            call.opacity = 1.0 if call.language == self.call_language else 0.86
        self.ids.wall.relabel(self.context.exhibition.fallback_order(self.call_language))  # the call's script
        self._caption()

    def _caption(self) -> None:
        """The step's caption in the language the title and the call are in now: one
        language on the screen at a time."""
        step = self.step
        title = step.title if step is not None else None
        self.ids.caption.raw = self.context.exhibition.text(title, self.call_language) \
            if title is not None else ""

    def _fit_title(self, text: str) -> None:
        """The title in at most its band: a long one (Russian, in portrait) is set smaller."""
        label = self.ids.title
        size = self.unit * (64 if self.portrait else 80)
        label.font_size = size
        label.raw = text
        label.texture_update()
        while label.texture_size[1] > label.height and size > self.unit * 40:
            size *= 0.9
            label.font_size = size
            label.texture_update()
        self.title_size = size
