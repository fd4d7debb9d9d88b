"""Finding one person in a register of names as the visitor types, whatever the script.

No Kivy here. Every name is folded to a search key in plain Latin letters:

- case, accents and Arabic diacritics (harakat, the dagger alif, tatweel) are dropped by
  Unicode decomposition; alif with hamza or madda becomes a bare alif;
- Azerbaijani ``ı`` and ``İ`` become ``i``; ``ə`` becomes ``a`` (Məmmədov is Mammadov in
  English and Мамедов in Russian);
- Cyrillic and Arabic letters are spelt in Latin ones by ``anyascii`` (a well-kept
  transliteration table for every script);
- what the transliterations of one name disagree on is merged: ``kh``/``x``, ``sh``/``ş``,
  ``ch``/``ç``, ``dzh``/``c``/``j``, ``zh``/``j``, ``q``/``g``, ``h``/``g`` (Russian writes the
  Azerbaijani h as г: Həsənov, Гасанов), ``w``/``v``, ``y``/``i``, ``e``/``a``, and doubled
  letters collapse to one (Məmmədov, Мамедов).

Arabic script writes few vowels, so every key also has a *skeleton* (its consonants), which
lets a name typed in Arabic find the same name written in Latin or Cyrillic, and back.

The index is built once per register (off the UI thread) and kept on disk by the register's
content hash: a vocabulary of folded words with the people who have each (numpy arrays),
the people of every 1-3 letter prefix, and the same for skeletons. A keystroke looks up a
prefix range of the sorted vocabulary (bisect), adds words one typo away (``rapidfuzz``,
Levenshtein distance 1, for queries of 4 letters or more) and intersects the words of the
query. Results come in three tiers: the prefix of the name as written, one typo away, then
the same consonants.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import pickle
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from anyascii import anyascii
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

FORMAT = 4
"""Changes whenever the keys or the layout on disk change, so an old cache is not read."""

_BEFORE = str.maketrans({"ı": "i", "ə": "a", "Ə": "a", "ة": "ه", "ى": "ي", "ـ": ""})
_DIGRAPHS = (("dzh", "c"), ("dz", "c"), ("dj", "c"), ("kh", "x"), ("zh", "j"), ("sh", "s"), ("ch", "c"),
             ("ts", "s"), ("gh", "g"), ("th", "t"), ("dh", "z"))
_LETTERS = str.maketrans({"e": "a", "y": "i", "h": "g", "q": "g", "w": "v", "j": "c", "'": None, "`": None})
_REPEATS = re.compile(r"(.)\1+")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_VOWELS = re.compile(r"[aeiou]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def plain(text: str) -> str:
    """Case, accents, harakat and Turkic dots folded away; every script spelt in Latin letters."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_BEFORE))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_BEFORE)
    return anyascii(bare).lower()


def key(word: str) -> str:
    """One folded word as the index keeps it: ``Məmmədov``, ``Мамедов`` and ``Mammadov`` give
    the same key."""
    for pair in _DIGRAPHS:
        word = word.replace(*pair)
    return _REPEATS.sub(r"\1", word.translate(_LETTERS))


def skeleton(folded_key: str) -> str:
    """A key's consonants (f and v as one, since Arabic writes v as ف)."""
    return _REPEATS.sub(r"\1", _VOWELS.sub("", folded_key.replace("f", "v")))


def words(text: str) -> list[str]:
    """The keys of every word in ``text``."""
    return [k for k in (key(w) for w in _NOT_WORD.split(plain(text))) if k]


def text_pairs(value: Any) -> tuple[tuple[str, str], ...]:
    """A Text, a plain string or a {lang: text} map as ((lang, text), ...); "" for every language."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (("", value),)
    if isinstance(value, dict):
        return tuple((str(k), str(v)) for k, v in value.items())
    if getattr(value, "is_universal", False):
        return (("", value.get("")),)
    return tuple((lang, value.get(lang)) for lang in value.languages)


def pick(pairs: Sequence[tuple[str, str]], order: Iterable[str]) -> str:
    """The text for the first language of ``order`` that ``pairs`` has, else the first written."""
    found = dict(pairs)
    if "" in found:
        return found[""]
    for code in order:
        if code in found:
            return found[code]
    return pairs[0][1] if pairs else ""


@dataclass(frozen=True)
class Record:
    """One person as the index keeps them: compact, built into a ``Person`` only when shown."""

    names: tuple[tuple[str, str], ...]
    born: str | None = None
    died: str | None = None
    age: int | None = None
    place: tuple[tuple[str, str], ...] = ()
    text: tuple[tuple[str, str], ...] = ()
    photo: str | None = None
    group: str | None = None
    note: tuple[tuple[str, str], ...] = ()
    id: str | None = None

    @classmethod
    def of(cls, person: Any) -> "Record":
        """From a ``Person`` or a row's dict as ``names_csv`` gives it."""
        get = person.get if isinstance(person, dict) else lambda k: getattr(person, k, None)
        return cls(text_pairs(get("name")), get("born"), get("died"), get("age"), text_pairs(get("place")),
                   text_pairs(get("text")), get("photo"), get("group"), text_pairs(get("note")), get("id"))

    def person_data(self) -> dict[str, Any]:
        """The data of a ``Person`` (``Person.model_validate`` takes it)."""
        def text(pairs: tuple[tuple[str, str], ...]) -> Any:
            return pairs[0][1] if len(pairs) == 1 and pairs[0][0] == "" else dict(pairs) if pairs else None
        data = {"id": self.id, "name": text(self.names), "born": self.born, "died": self.died, "age": self.age,
                "place": text(self.place), "text": text(self.text), "photo": self.photo, "group": self.group,
                "note": text(self.note)}
        return {k: v for k, v in data.items() if v is not None}

    def years(self) -> str:
        """"1961 – 1992", "– 1992", "1961 –", or ""."""
        if not self.born and not self.died:
            return ""
        return f"{self.born or ''} – {self.died or ''}".strip()


@dataclass(frozen=True)
class Found:
    """What a query found: people by number in the register's order, best tier first."""

    ids: np.ndarray
    exact: int
    """How many of ``ids`` match the query as typed (the rest are a typo away or sound alike)."""

    def __len__(self) -> int:
        return int(self.ids.size)


class _Space:
    """Sorted words with the people who have each, and the people of every short prefix."""

    SHORT = 3

    def __init__(self, word_people: dict[str, set[int]]) -> None:
        self.words = sorted(word_people)
        lengths = np.fromiter((len(word_people[w]) for w in self.words), dtype=np.int64, count=len(self.words))
        self.offsets = np.zeros(len(self.words) + 1, dtype=np.int64)
        np.cumsum(lengths, out=self.offsets[1:])
        flat = np.empty(int(self.offsets[-1]), dtype=np.int32)
        for i, w in enumerate(self.words):
            flat[self.offsets[i]:self.offsets[i + 1]] = sorted(word_people[w])
        self.postings = flat
        self.short: dict[str, np.ndarray] = {}
        for length in range(1, self.SHORT + 1):
            grouped: dict[str, list[int]] = {}
            for i, w in enumerate(self.words):
                if len(w) >= length:
                    grouped.setdefault(w[:length], []).append(i)
            for prefix, indices in grouped.items():
                self.short[prefix] = self._union(indices)
        self._cut: dict[int, tuple[list[str], list[list[int]]]] = {}

    def _union(self, indices: Sequence[int]) -> np.ndarray:
        if not indices:
            return np.empty(0, dtype=np.int32)
        if len(indices) == 1:
            i = indices[0]
            return self.postings[self.offsets[i]:self.offsets[i + 1]]
        parts = [self.postings[self.offsets[i]:self.offsets[i + 1]] for i in indices]
        return np.unique(np.concatenate(parts))

    def prefix_range(self, prefix: str) -> tuple[int, int]:
        lo = bisect.bisect_left(self.words, prefix)
        hi = bisect.bisect_left(self.words, prefix + "\x7f", lo)
        return lo, hi

    def prefixed(self, prefix: str) -> np.ndarray:
        if len(prefix) <= self.SHORT:
            return self.short.get(prefix, np.empty(0, dtype=np.int32))
        lo, hi = self.prefix_range(prefix)
        return self._union(range(lo, hi))

    def _cuts(self, length: int) -> tuple[list[str], list[list[int]]]:
        """Every word cut to ``length`` letters (unique), with the words each stands for."""
        if length not in self._cut:
            grouped: dict[str, list[int]] = {}
            for i, w in enumerate(self.words):
                grouped.setdefault(w[:length], []).append(i)
            self._cut[length] = (list(grouped), list(grouped.values()))
        return self._cut[length]

    def one_typo(self, prefix: str) -> np.ndarray:
        """People with a word whose beginning is one letter changed, added or dropped from ``prefix``."""
        indices: set[int] = set()
        for length in (len(prefix) - 1, len(prefix), len(prefix) + 1):
            cuts, owners = self._cuts(length)
            for _cut, _score, at in process.extract(prefix, cuts, scorer=Levenshtein.distance, score_cutoff=1,
                                                    limit=None):
                indices.update(owners[at])
        return self._union(sorted(indices))

    def warm(self, longest: int = 14) -> None:
        for length in range(3, longest + 1):
            self._cuts(length)

    def __getstate__(self) -> dict[str, Any]:
        return {"words": self.words, "offsets": self.offsets, "postings": self.postings, "short": self.short}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._cut = {}

    def nbytes(self) -> int:
        return (self.offsets.nbytes + self.postings.nbytes + sum(a.nbytes + 80 for a in self.short.values())
                + sum(len(w) + 49 for w in self.words) + 8 * len(self.words))


class NamesIndex:
    """A register's people in alphabetical order and the index to find them as one types."""

    def __init__(self, records: Sequence[Record], language_order: Sequence[str] = ()) -> None:
        order = list(language_order)
        sort_keys = [key(plain(pick(r.names, order))) for r in records]
        ranked = sorted(range(len(records)), key=lambda i: sort_keys[i])
        self.records: list[Record] = [records[i] for i in ranked]
        main: dict[str, set[int]] = {}
        skel: dict[str, set[int]] = {}
        for number, record in enumerate(self.records):
            for _lang, name in record.names:
                for w in words(name):
                    main.setdefault(w, set()).add(number)
                    s = skeleton(w)
                    if len(s) >= 2:
                        skel.setdefault(s, set()).add(number)
        self.main = _Space(main)
        self.skeleton = _Space(skel)
        self.groups: dict[str, np.ndarray] = {}
        members: dict[str, list[int]] = {}
        for number, record in enumerate(self.records):
            if record.group:
                members.setdefault(record.group, []).append(number)
        self.groups = {g: np.array(m, dtype=np.int32) for g, m in members.items()}

    def __len__(self) -> int:
        return len(self.records)

    def warm(self) -> None:
        """Prepare the typo tables (off the UI thread, after loading or building)."""
        self.main.warm()

    def search(self, query: str) -> Found:
        """Everyone matching every word of ``query`` (the last one may be half typed)."""
        typed = [w for w in _NOT_WORD.split(plain(query)) if w]
        if not typed:
            return Found(np.arange(len(self.records), dtype=np.int32), len(self.records))
        arabic = bool(_ARABIC.search(query))
        exact: np.ndarray | None = None
        near: np.ndarray | None = None
        for raw in typed:
            k = key(raw)
            if not k:
                continue
            hits = self.main.prefixed(k)
            loose = hits
            if len(k) >= 4:
                loose = np.union1d(loose, self.main.one_typo(k))
            s = skeleton(k)
            if len(s) >= 2 and (arabic or len(k) >= 4):
                loose = np.union1d(loose, self.skeleton.prefixed(s))
            exact = hits if exact is None else np.intersect1d(exact, hits, assume_unique=True)
            near = loose if near is None else np.intersect1d(near, loose, assume_unique=True)
        if exact is None or near is None:
            return Found(np.arange(len(self.records), dtype=np.int32), len(self.records))
        rest = np.setdiff1d(near, exact, assume_unique=True)
        return Found(np.concatenate([exact, rest]).astype(np.int32, copy=False), int(exact.size))

    def members(self, group: str | None) -> list[int]:
        """The people of a family or group, in the register's order."""
        return [int(i) for i in self.groups.get(group or "", ())]

    def nbytes(self) -> int:
        """The index's own memory (keys, lists of people, prefixes), without the records."""
        return self.main.nbytes() + self.skeleton.nbytes() + sum(a.nbytes for a in self.groups.values())


def scan(records: Sequence[Record], query: str) -> list[int]:
    """The plain way, for the benchmark: fold every name at every key, keep those that match."""
    wanted = [key(w) for w in _NOT_WORD.split(plain(query)) if w]
    found = []
    for number, record in enumerate(records):
        have = [w for _lang, name in record.names for w in words(name)]
        if all(any(h.startswith(q) for h in have) for q in wanted):
            found.append(number)
    return found


# --- built once, kept on disk ------------------------------------------------------------


def default_cache(environ: dict[str, str] | None = None) -> Path:
    """``$KIOSK_CACHE/names``, else ``$XDG_CACHE_HOME/kiosk/names``, else ``~/.cache/kiosk/names``."""
    env = os.environ if environ is None else environ
    if env.get("KIOSK_CACHE"):
        return Path(env["KIOSK_CACHE"]).expanduser() / "names"
    base = Path(env["XDG_CACHE_HOME"]).expanduser() if env.get("XDG_CACHE_HOME") else Path.home() / ".cache"
    return base / "kiosk" / "names"


def content_hash(section: Any, spreadsheet: Path | None, language_order: Sequence[str]) -> str:
    """What the index depends on: the section's people and groups, the spreadsheet's bytes."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT}|{','.join(language_order)}|".encode())
    h.update(repr([Record.of(p) for p in getattr(section, "people", ())]).encode())
    if spreadsheet is not None:
        with open(spreadsheet, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


@dataclass
class Built:
    index: NamesIndex
    problems: list[Any]
    cached: bool
    """True when read from the disk cache, False when built now."""


def load_or_build(section: Any, media_find: Any, language_order: Sequence[str],
                  cache: Path | None = None) -> Built:
    """The section's index, from the disk cache when its content has not changed. Blocking:
    call it off the UI thread."""
    spreadsheet = media_find(section.spreadsheet) if getattr(section, "spreadsheet", None) else None
    digest = content_hash(section, spreadsheet, language_order)
    folder = cache if cache is not None else default_cache()
    path = folder / f"{digest}.pickle"
    try:
        with open(path, "rb") as f:
            index = pickle.load(f)
        if isinstance(index, NamesIndex):
            index.warm()
            return Built(index, [], True)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass
    from .names_csv import people_rows

    rows, problems = people_rows(section, media_find)
    index = NamesIndex([Record.of(p) for p in rows], language_order)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        with open(temporary, "wb") as f:
            pickle.dump(index, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only cache only costs the next start a build
    index.warm()
    return Built(index, problems, False)


class Registers:
    """Each names section's index, built once in the background and shared by the screens.

    ``deliver(fn)`` runs ``fn`` where the caller wants its answers (the UI passes a Clock
    schedule, so the callbacks arrive on the UI thread).
    """

    def __init__(self, exhibition: Any, media_find: Callable[[str | None], Path | None], deliver: Any,
                 cache: Path | None = None) -> None:
        import threading

        self.exhibition = exhibition
        self.media_find = media_find
        """Turns a media path into its file (the exhibition's ``Assets.file``)."""
        self.deliver = deliver
        self.cache = cache
        self.built: dict[str, Built] = {}
        self.failed: dict[str, BaseException] = {}
        self._waiting: dict[str, list[Any]] = {}
        self._lock = threading.Lock()

    def request(self, section_id: str, done: Any = None) -> Built | None:
        """The section's index if ready (None while it is being prepared); ``done(built)`` is
        called once it is, and at once if it already is."""
        import threading

        with self._lock:
            if section_id in self.built:
                ready = self.built[section_id]
            else:
                ready = None
                first = section_id not in self._waiting
                self._waiting.setdefault(section_id, [])
                if done is not None:
                    self._waiting[section_id].append(done)
        if ready is not None:
            if done is not None:
                done(ready)
            return ready
        if first:
            threading.Thread(target=self._build, args=(section_id,), name="kiosk-names", daemon=True).start()
        return None

    def _build(self, section_id: str) -> None:
        import logging

        section = self.exhibition.section(section_id)
        try:
            built = load_or_build(section, self.media_find, self.exhibition.fallback_order(
                self.exhibition.default_language), self.cache)
        except Exception as exc:  # noqa: BLE001 - a register that cannot be read leaves the rest running
            logging.getLogger(__name__).exception("the register %s could not be prepared", section_id)
            built = Built(NamesIndex([]), [exc], False)
        with self._lock:
            self.built[section_id] = built
            waiting = self._waiting.pop(section_id, [])
        for done in waiting:
            self.deliver(lambda done=done: done(built))
