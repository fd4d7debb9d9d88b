"""What every screen shares: the context it is given and the events it sends up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.screenmanager import Screen

from ...analytics.recorder import Recorder
from ...content.media_root import MediaRoot
from ...content.models import Exhibition
from ...content.text import Text
from ...media.playback import FFPyPlayback, Playback
from ..i18n import Strings
from ..theme import Metrics


@dataclass
class ScreenContext:
    """Everything a screen may read. Screens never read YAML or build paths themselves."""

    exhibition: Exhibition
    media: MediaRoot
    strings: Strings
    textures: Any  # kiosk.ui.textures.TextureCache
    metrics: Metrics
    clock: Callable[[], float]
    """Monotonic seconds, from the app (tests step it)."""
    analytics: Recorder = field(default_factory=lambda: Recorder(None))
    """Where screens record what the visitor does (kiosk/analytics; records nothing by default)."""
    playback: Playback = field(default_factory=FFPyPlayback)
    """What plays clips (kiosk/media/playback.py): ffpyplayer, or the null backend in tests."""


class KioskScreen(Screen):
    """A screen: properties come down from the app, events go up to it.

    ``on_navigate(target, options)`` asks the app to show another screen.
    """

    language = StringProperty("en")
    rtl = BooleanProperty(False)
    busy = BooleanProperty(False)
    """True while the visitor is watching something that must not be cut off (a clip)."""
    unit = NumericProperty(1.0)
    """One pixel at 1080p, in this screen's pixels (the .kv sizes everything by it)."""
    portrait = BooleanProperty(False)
    text_scale = NumericProperty(1.0)
    """1, or more in large-text mode: controls whose words grow grow with them."""

    __events__ = ("on_navigate",)

    def __init__(self, context: ScreenContext, **kwargs: Any) -> None:
        self.context = context
        super().__init__(**kwargs)
        self.unit = context.metrics.u
        self.portrait = context.metrics.portrait
        from .. import theme

        self.text_scale = theme.text_scale()
        self.bind(language=lambda *_: self.refresh(), rtl=lambda *_: self.refresh())

    def on_navigate(self, target: str, options: dict[str, Any]) -> None:
        pass

    def navigate(self, target: str, **options: Any) -> None:
        self.dispatch("on_navigate", target, options)

    def wire_bar(self, bar: Any) -> None:
        """The top bar's buttons ask the app to go home, back, or open a chooser."""
        bar.bind(on_home=lambda *_: self.navigate("home"), on_back=lambda *_: self.navigate("back"),
                 on_language=lambda *_: self.navigate("language"), on_access=lambda *_: self.navigate("access"))
        # the exhibition's emblem at the start of every top bar, its identity on every screen
        emblem = self.context.media.find(self.context.exhibition.emblem)
        if emblem is not None and self.context.textures is not None:
            self.context.textures.request(emblem, "thumb", lambda texture, _r: setattr(bar, "emblem", texture))

    def place(self) -> dict[str, Any]:
        """Where the visitor is on this screen, to come back to after the screen is rebuilt."""
        return {}

    def t(self, key: str, **values: Any) -> str:
        """One of the kiosk's own strings in the visitor's language."""
        return self.context.strings.get(key, self.language, **values)

    def tx(self, text: Text | None) -> str:
        """A text from the exhibition in the visitor's language, with its fallback."""
        return self.context.exhibition.text(text, self.language)

    def refresh(self) -> None:
        """Show every text again in the current language (subclasses fill in)."""

    def show(self, **options: Any) -> None:
        """Called by the app before the screen is entered, with the navigation options."""

    def reset_visit(self) -> None:
        """A new visitor: forget what the last one saw (notes read, clips watched)."""


def mirror(row: Any, order: list[Any], rtl: bool) -> None:
    """Lay ``order`` out left to right, or right to left for an RTL language."""
    wanted = order if rtl else list(reversed(order))  # Kivy keeps children last-added first
    if list(row.children) != wanted:
        row.clear_widgets()
        for widget in (reversed(order) if rtl else order):
            row.add_widget(widget)
