"""Where a screen may ask the app to go: one small frozen class for each kind of place.

A screen says ``self.navigate(to.Section("photos", index=3))``; the app decides by the
destination's type what is shown (``KioskApp.open``). A misspelt place or option is a
type error where it is written, not a string the app quietly ignores.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Destination:
    """Somewhere to go."""


@dataclass(frozen=True)
class Home(Destination):
    """The exhibition's home: its sections. A new start; the way back is forgotten."""


@dataclass(frozen=True)
class Back(Destination):
    """The place before this one (home when there is none)."""


@dataclass(frozen=True)
class InSection(Destination):
    """Somewhere in one section of the exhibition (by its id)."""

    section_id: str


@dataclass(frozen=True)
class Section(InSection):
    """A section, on the screen of its kind; a gallery opens at panel ``index``."""

    index: int | None = None


@dataclass(frozen=True)
class Overview(InSection):
    """All panels of a gallery as thumbnails, the one at ``index`` marked (where the visitor came from)."""

    index: int | None = None


@dataclass(frozen=True)
class Player(InSection):
    """A clip of a clips section, playing."""

    clip_id: str


@dataclass(frozen=True)
class ClipsFinished(InSection):
    """A clip played to its end: back to its list, the clip marked as watched."""

    finished: str | None = None


@dataclass(frozen=True)
class Book(InSection):
    """One book of a catalogue."""

    book_id: str


@dataclass(frozen=True)
class Pages(InSection):
    """A book's sample pages full screen, from page ``index``."""

    book_id: str
    index: int = 0


@dataclass(frozen=True)
class LanguageChoice(Destination):
    """The list of the exhibition's languages, over the screen."""


@dataclass(frozen=True)
class ReadingChoice(Destination):
    """Large text and high contrast, over the screen."""


NAMES: dict[str, type[Destination]] = {
    "home": Home, "back": Back, "section": Section, "overview": Overview, "player": Player,
    "clips-finished": ClipsFinished, "book": Book, "pages": Pages, "language": LanguageChoice,
    "access": ReadingChoice,
}
"""Each destination by the name scripts give it (``kiosk preview``, benchmarks)."""
OPTION_NAMES = {"section": "section_id", "clip": "clip_id", "book": "book_id"}
"""The options' names in words (``section=``) and in the classes (``section_id``)."""


def parse(name: str, **options: Any) -> Destination:
    """``parse("section", section="photos", index=3)`` -> ``Section("photos", index=3)``.

    For scripts that name a place in words; an unknown name or option is refused, with
    what there is instead.
    """
    kind = NAMES.get(name)
    if kind is None:
        raise ValueError(f"no destination called {name!r}; there are: {', '.join(NAMES)}")
    words = {field: word for word, field in OPTION_NAMES.items()}
    known = [words.get(f.name, f.name) for f in fields(kind)]
    unknown = [key for key in options if key not in known]
    if unknown:
        raise TypeError(f"{name!r} takes {', '.join(known) or 'no options'}, not {', '.join(unknown)}")
    return kind(**{OPTION_NAMES.get(key, key): value for key, value in options.items()})
