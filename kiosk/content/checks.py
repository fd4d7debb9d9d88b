"""Checks across the whole exhibition: ids, references, media files, translations.

They run on the raw data with its positions, so they report even when another part of
the exhibition failed validation, and every problem lands in the same one pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from .durations import format_clock, parse_duration
from .media_root import MediaPathError, MediaRoot, media_path_problem
from .modelwalk import walk
from .models import _ENTRY, ITEM_MODELS, KINDS, _default_id
from .problems import Loc, Mark, Positions, Problem, Severity, display_path
from .text import LANGUAGE_PATTERN, suggest_language

ClipDuration = Callable[[Path], "float | None"]
"""Measures a clip's length in seconds; None when the file cannot be read as a video."""

MediaInspector = Callable[[str, Path], "str | None"]
"""Looks inside a media file of a kind (image, video, subtitles, pdf); returns why it
cannot be shown, or None when it is fine. Reported as warnings: the kiosk shows a
placeholder and goes on."""

ITEMS = {name: (kind.items, ITEM_MODELS[name].ID_FROM or "id") for name, kind in KINDS.items()}
"""Each kind's items key, and the key whose file name is an item's id when none is written."""

_SUFFIXES = {
    "image": {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".bmp", ".gif"},
    "video": {".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".mpg", ".mpeg"},
    "subtitles": {".srt", ".vtt"},
    "pdf": {".pdf"},
    "spreadsheet": {".csv", ".tsv", ".txt"},
}


def _media_kind(loc: Loc) -> str:
    if "subtitles" in loc:
        return "subtitles"
    if loc[-1] == "video":
        return "video"
    if "pdf" in loc:
        return "pdf"
    if loc[-1] == "spreadsheet":
        return "spreadsheet"
    return "image"


class Checker:
    def __init__(self, data: dict[str, Any], positions: Positions, label: str,
                 media: MediaRoot, clip_duration: ClipDuration | None,
                 inspect: MediaInspector | None = None, resolved: dict[str, Path | None] | None = None) -> None:
        self.inspect = inspect
        self.resolved: dict[str, Path | None] = {} if resolved is None else resolved
        """Every media path the checks resolved, to its file (None: unusable), kept for the
        exhibition's assets (kiosk/media/assets.py) so no path is resolved twice."""
        self.data = data
        self.positions = positions
        self.label = label
        self.media = media
        self.clip_duration = clip_duration
        self.problems: list[Problem] = []

    @cached_property
    def walked(self) -> list[tuple[Loc, str, Any]]:
        """Every text and media path in the data, walked once."""
        return list(walk(self.data))

    def add(self, loc: Loc, message: str, severity: Severity = Severity.ERROR, at_key: bool = False) -> None:
        mark = (self.positions.key(loc) if at_key else self.positions.value(loc)) or Mark(self.label, 1, 1)
        self.problems.append(Problem(mark, message, severity, loc))

    def warn(self, loc: Loc, message: str) -> None:
        self.add(loc, message, Severity.WARNING)

    # -- the checks --------------------------------------------------------------------
    def run(self) -> list[Problem]:
        listed = [x for x in self.data.get("languages") or [] if isinstance(x, str)]
        self.check_languages(listed)
        # a code written wrong ('AR') is one error, from the model, with its 'did you mean';
        # its texts are not each a warning too
        languages = [x for x in listed if re.match(LANGUAGE_PATTERN, x)]
        meant = {suggest_language(x) for x in listed if x not in languages} - {None}
        index = self.check_ids()
        self.check_media()
        self.check_playlists(index)
        self.check_texts(languages, meant)
        self.check_credits()
        self.check_fallback(languages)
        self.check_topics(languages)
        return self.problems

    def check_fallback(self, languages: list[str]) -> None:
        fallback = self.data.get("fallback")
        if not isinstance(fallback, list):
            return
        for i, code in enumerate(fallback):
            if isinstance(code, str) and languages and code not in languages:
                self.add(("fallback", i), f"'{code}' is not one of the exhibition's languages ({', '.join(languages)})")

    def check_topics(self, languages: list[str]) -> None:
        """A topic shown to visitors in several languages needs its names under `topics:`."""
        if len(languages) < 2:
            return
        glossary = self.data.get("topics") if isinstance(self.data.get("topics"), dict) else {}
        for i, section in self.sections():
            books = section.get("books") if section.get("kind") == "catalogue" else None
            for j, book in enumerate(books if isinstance(books, list) else []):
                topics = book.get("topics") if isinstance(book, dict) else None
                for k, tag in enumerate(topics if isinstance(topics, list) else []):
                    if isinstance(tag, str) and tag not in glossary:
                        self.warn(("sections", i, "books", j, "topics", k),
                                  f"the topic '{tag}' has no names in other languages; add it under "
                                  f"`topics:` (e.g. {tag}: {{{languages[0]}: ..., {languages[1]}: ...}}) "
                                  f"or every visitor reads '{tag}'")

    def check_languages(self, languages: list[str]) -> None:
        seen: set[str] = set()
        for i, code in enumerate(languages):
            if code in seen:
                self.add(("languages", i), f"the language '{code}' is listed twice")
            seen.add(code)

    def sections(self) -> list[tuple[int, dict[str, Any]]]:
        sections = self.data.get("sections")
        if not isinstance(sections, list):
            return []
        return [(i, s) for i, s in enumerate(sections) if isinstance(s, dict)]

    def check_ids(self) -> dict[str, tuple[str, dict[str, dict[str, Any]]]]:
        """Section and item ids are unique; returns {section: (kind, {item id: item})}."""
        index: dict[str, tuple[str, dict[str, dict[str, Any]]]] = {}
        for i, section in self.sections():
            sid, kind = section.get("id"), section.get("kind")
            if not isinstance(sid, str):
                continue
            if sid in index:
                self.add(("sections", i, "id"), f"another section is already called '{sid}'")
                continue
            items: dict[str, dict[str, Any]] = {}
            index[sid] = (kind if isinstance(kind, str) else "", items)
            key, media_key = ITEMS.get(kind, (None, None))
            if key is None or not isinstance(section.get(key), list):
                continue
            for j, item in enumerate(section[key]):
                if not isinstance(item, dict):
                    continue
                iid = _default_id(item, media_key).get("id")
                if not isinstance(iid, str):
                    continue
                if iid in items:
                    where = ("sections", i, key, j, "id") if "id" in item else ("sections", i, key, j)
                    self.add(where, f"two {key} in section '{sid}' are called '{iid}'; give one an 'id'")
                items[iid] = item
        return index

    def check_media(self) -> None:
        if not self.media.folder.is_dir():
            return  # the loader says once that the media folder is missing, not once a file
        for loc, kind, value in self.walked:
            if kind != "media" or not isinstance(value, str):
                continue
            if media_path_problem(value) is not None:
                continue  # the model already says why this path is refused
            try:
                path = self.resolved[value] = self.media.resolve(value)
            except MediaPathError as exc:
                self.resolved[value] = None
                self.add(loc, str(exc))
                continue
            expected = _media_kind(loc)
            suffix = PurePosixPath(value).suffix.lower()
            if suffix not in _SUFFIXES[expected]:
                allowed = ", ".join(sorted(_SUFFIXES[expected]))
                self.add(loc, f"'{value}' does not look like {'an' if expected == 'image' else 'a'} "
                              f"{expected} file; expected one of {allowed}")
                continue
            if expected == "spreadsheet":
                if self.inspect is not None:  # kiosk validate: every row (the kiosk reads it in the background)
                    self.check_spreadsheet(loc, value, path)
                continue
            if self.inspect is not None:
                reason = self.inspect(expected, path)
                if reason:
                    self.warn(loc, f"'{value}' cannot be shown: {reason}; visitors will see a placeholder")

    def check_playlists(self, index: dict[str, tuple[str, dict[str, dict[str, Any]]]]) -> None:
        playlists = self.data.get("playlists")
        names = set(playlists) if isinstance(playlists, dict) else set()
        for name, entries in (playlists or {}).items() if isinstance(playlists, dict) else ():
            for j, entry in enumerate(entries if isinstance(entries, list) else []):
                if isinstance(entry, str):
                    self.check_entry(("playlists", name, j), entry, index)
        attract = self.data.get("attract")
        attract_loc: Loc = ("attract",)
        if isinstance(attract, dict):
            attract, attract_loc = attract.get("playlist"), ("attract", "playlist")
        if isinstance(attract, str) and attract not in names:
            self.add(attract_loc, f"there is no playlist called '{attract}'{self._known(names)}")
        schedule = self.data.get("schedule")
        for i, entry in enumerate(schedule if isinstance(schedule, list) else []):
            if isinstance(entry, dict) and isinstance(entry.get("playlist"), str) and entry["playlist"] not in names:
                self.add(("schedule", i, "playlist"),
                         f"there is no playlist called '{entry['playlist']}'{self._known(names)}")

    @staticmethod
    def _known(names: set[str]) -> str:
        return f"; playlists are {', '.join(sorted(names))}" if names else "; there are no playlists"

    def check_entry(self, loc: Loc, entry: str, index: dict[str, tuple[str, dict[str, dict[str, Any]]]]) -> None:
        match = _ENTRY.match(entry.strip())
        if not match:
            return  # the model reports the form
        section, item = match.group("section"), match.group("item")
        if section not in index:
            self.add(loc, f"there is no section called '{section}'; sections are {', '.join(index) or 'none'}")
            return
        kind, items = index[section]
        if kind not in ITEMS:
            return  # the section itself is reported
        if item is not None and item not in items:
            noun = KINDS[kind].noun
            known = ", ".join(list(items)[:8]) + (", ..." if len(items) > 8 else "")
            self.add(loc, f"section '{section}' has no {noun} called '{item}'; it has {known}")
            return
        if match.group("start") is None or item is None:
            return
        if kind != "clips":
            self.add(loc, f"'{section}/{item}' is not a clip, so it cannot have an excerpt time")
            return
        try:
            end = parse_duration(match.group("end"))
        except ValueError:
            return
        clip = items[item]
        length = clip.get("duration")
        try:
            length = parse_duration(length) if length is not None else None
        except ValueError:
            length = None
        if length is None and self.clip_duration is not None and isinstance(clip.get("video"), str):
            path = self.resolved.get(clip["video"]) or self.media.find(clip["video"])
            length = self.clip_duration(path) if path else None
        if length is not None and end > length + 0.5:
            self.add(loc, f"the excerpt ends at {format_clock(end)}, after the clip's end at {format_clock(length)}")

    def check_spreadsheet(self, loc: Loc, value: str, path: Path) -> None:
        """A register's spreadsheet read as the kiosk reads it: each row problem at its row."""
        from .names_csv import NamesCsvError, read_names_csv

        try:
            result = read_names_csv(path, value)
        except NamesCsvError as exc:
            self.add(loc, str(exc))
            return
        for row in result.problems:
            self.problems.append(Problem(Mark(display_path(path), row.row, 1),
                                         f"column {row.column}: {row.message}", Severity.WARNING, loc))

    def check_texts(self, languages: list[str], meant: set[str | None] = frozenset()) -> None:
        if not languages:
            return
        untranslated: dict[tuple[Loc, str], tuple[int, set[str]]] = {}
        for loc, kind, value in self.walked:
            if kind == "text" and isinstance(value, dict) and value:
                missing = [code for code in languages if code not in value]
                if missing and len(loc) >= 5 and loc[0] == "sections" and loc[2] == "people":
                    # a person's name is written in the scripts the register has, not translated;
                    # a register's places and texts are counted once per section, not per person
                    if loc[4] != "name":
                        count, codes = untranslated.get((loc[:3], str(loc[4])), (0, set()))
                        untranslated[(loc[:3], str(loc[4]))] = (count + 1, codes | set(missing))
                    missing = []
                if missing:
                    self.warn(loc, f"no translation for {', '.join(missing)}; visitors will see "
                                   f"{'the ' + languages[0] + ' text' if languages[0] in value else 'another language'}")
                for code in value:
                    if isinstance(code, str) and code not in languages and code not in meant:
                        self.warn((*loc, code), f"'{code}' is not one of the exhibition's languages "
                                                f"({', '.join(languages)})")
        for (people, field_name), (count, codes) in untranslated.items():
            shown = ", ".join(c for c in languages if c in codes)
            self.warn(people, f"{count} {'person has' if count == 1 else 'people have'} no {shown} text for "
                              f"'{field_name}'; visitors will see another language")

    def check_credits(self) -> None:
        for i, section in self.sections():
            if section.get("kind") == "gallery" and isinstance(section.get("panels"), list):
                for j, panel in enumerate(section["panels"]):
                    if isinstance(panel, dict) and not panel.get("credit"):
                        self.warn(("sections", i, "panels", j), "this panel has no credit")


def check(data: Any, positions: Positions, label: str, media: MediaRoot,
          clip_duration: ClipDuration | None = None, inspect: MediaInspector | None = None,
          resolved: dict[str, Path | None] | None = None) -> list[Problem]:
    """Every cross-check problem in raw exhibition data; ``resolved`` gets every media path
    that was resolved, with its file (None: unusable)."""
    if not isinstance(data, dict):
        return []
    return Checker(data, positions, label, media, clip_duration, inspect, resolved).run()
