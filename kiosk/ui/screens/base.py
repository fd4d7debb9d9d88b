"""What every screen shares: the context it is given and the events it sends up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.screenmanager import Screen

from ...analytics.book import BookStore
from ...analytics.recorder import Recorder
from ...content.models import Exhibition
from ...content.names_index import Registers
from ...content.text import Text
from ...media.assets import Assets
from ...media.playback import FFPyPlayback, Playback
from .. import navigation as to
from ..i18n import Strings
from ..textures import TextureCache
from ..theme import Metrics
from ..widgets.styled import Styled


@dataclass
class ScreenContext:
    """Everything a screen may read. Screens never read YAML or build paths themselves."""

    exhibition: Exhibition
    assets: Assets
    """Every media file, resolved once: screens ask it for a panel's photo, a clip's poster."""
    strings: Strings
    textures: TextureCache
    metrics: Metrics
    clock: Callable[[], float]
    """Monotonic seconds, from the app (tests step it)."""
    analytics: Recorder = field(default_factory=lambda: Recorder(None))
    """Where screens record what the visitor does (kiosk/analytics; records nothing by default)."""
    registers: Registers | None = None
    """The registers of names, each indexed once in the background (made on first use by
    the names screen or the attract loop's wall of names)."""
    playback: Playback = field(default_factory=FFPyPlayback)
    """What plays clips (kiosk/media/playback.py): ffpyplayer, or the null backend in tests."""
    book: BookStore | None = None
    """Where the book of remembrance keeps what visitors send (kiosk/analytics/book.py); None
    when the exhibition has no book."""


class KioskScreen(Styled, Screen):
    """A screen: properties come down from the app, events go up to it.

    The app sets ``language``, ``rtl``, ``palette`` and ``text_scale``; the screen shows
    itself in them where it is, passing them on to its widgets. ``on_navigate(destination)``
    (a ``kiosk.ui.navigation`` destination) asks the app to go somewhere else.
    """

    language = StringProperty("en")
    rtl = BooleanProperty(False)
    busy = BooleanProperty(False)
    """True while the visitor is watching something that must not be cut off (a clip)."""
    unit = NumericProperty(1.0)
    """One pixel at 1080p, in this screen's pixels (the .kv sizes everything by it)."""
    portrait = BooleanProperty(False)

    __events__ = ("on_navigate",)

    screen_name: ClassVar[str] = ""
    """The screen's name; a screen class that sets it registers itself under it."""
    registry: ClassVar[dict[str, type["KioskScreen"]]] = {}
    """Every screen by its name (attract, home, gallery, ...); a section kind names the
    screen that shows it (``Kind.screen``)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("screen_name"):
            KioskScreen.registry[cls.screen_name] = cls

    def __init__(self, context: ScreenContext, **kwargs: Any) -> None:
        self.context = context
        super().__init__(**kwargs)
        self.unit = context.metrics.u
        self.portrait = context.metrics.portrait
        self.bind(language=lambda *_: self.refresh(), rtl=lambda *_: self.refresh())

    def on_navigate(self, destination: to.Destination) -> None:
        pass

    def navigate(self, destination: to.Destination) -> None:
        if not isinstance(destination, to.Destination):
            raise TypeError(f"navigate() takes a kiosk.ui.navigation destination, not {destination!r}")
        self.dispatch("on_navigate", destination)

    def wire_bar(self, bar: Any) -> None:
        """The top bar's buttons ask the app to go home, back, or open a chooser."""
        bar.bind(on_home=lambda *_: self.navigate(to.Home()), on_back=lambda *_: self.navigate(to.Back()),
                 on_language=lambda *_: self.navigate(to.LanguageChoice()),
                 on_access=lambda *_: self.navigate(to.ReadingChoice()))
        # the exhibition's emblem at the start of every top bar, its identity on every screen
        emblem = self.context.assets.emblem()
        if emblem is not None and self.context.textures is not None:
            self.context.textures.request(emblem, "thumb", lambda texture, _r: setattr(bar, "emblem", texture))

    def t(self, key: str, **values: Any) -> str:
        """One of the kiosk's own strings in the visitor's language."""
        return self.context.strings.get(key, self.language, **values)

    def tx(self, text: Text | None) -> str:
        """A text from the exhibition in the visitor's language, with its fallback."""
        return self.context.exhibition.text(text, self.language)

    def refresh(self) -> None:
        """Show every text again in the current language (subclasses fill in)."""

    def show(self, where: to.Destination) -> None:
        """Called by the app before the screen is entered, with where the visitor asked to go."""

    def reset_visit(self) -> None:
        """A new visitor: forget what the last one saw (notes read, clips watched)."""


def mirror(row: Any, order: list[Any], rtl: bool) -> None:
    """Lay ``order`` out left to right, or right to left for an RTL language."""
    wanted = order if rtl else list(reversed(order))  # Kivy keeps children last-added first
    if list(row.children) != wanted:
        row.clear_widgets()
        for widget in (reversed(order) if rtl else order):
            row.add_widget(widget)
