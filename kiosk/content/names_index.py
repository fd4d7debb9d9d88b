"""Finding one person in a register of names as the visitor types, whatever the script.

No Kivy here. Every name is folded to a search key in plain Latin letters:

- case, accents and Arabic diacritics (harakat, the dagger alif, tatweel) are dropped by
  Unicode decomposition; alif with hamza or madda becomes a bare alif;
- Azerbaijani ``ı`` and ``İ`` become ``i``; ``ə`` becomes ``a`` (Məmmədov is Mammadov in
  English and Мамедов in Russian);
- Cyrillic and Arabic letters are spelt in Latin ones by ``anyascii`` (a well-kept
  transliteration table for every script);
- what the transliterations of one name disagree on is merged: ``kh``/``x``, ``sh``/``ş``,
  ``ch``/``ç``, ``dzh``/``c``/``j``, ``zh``/``j``, ``q``/``k``/``x``/``h``/``g`` (Russian writes the
  Azerbaijani h as г or х: Həsənov, Гасанов; Əhmədov, Ахмедов), ``w``/``v``, ``y``/``i``, ``e``/``a``, and doubled
  letters collapse to one (Məmmədov, Мамедов).

Arabic script writes few vowels, so every key also has a *skeleton* (its consonants; for an
Arabic word one with and one without each و, which may be a vowel), which lets a name typed in
Arabic find the same name written in Latin or Cyrillic, and back. The soft and hard signs and
apostrophes never split a word (Эльчин is one word, not Эл + чин).

The index is built once per register (off the UI thread) and kept on disk by the register's
content hash: four vocabularies (the words as written, their keys, their skeletons, the
skeletons of words written in Arabic), each sorted with the people who have each word in one
numpy array, so the people of all the words that begin alike are one slice. A keystroke marks,
for each typed word, the people it finds at seven levels (the word as typed, its key, its
skeleton across Arabic script, each whole and then begun, then one typo away with
``rapidfuzz``, Levenshtein distance 1, for 4 letters or more) and keeps the people every word
finds, each at the worst of their words' best levels; the words before the last are kept from
the last keystroke.
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

FORMAT = 5
"""Changes whenever the keys or the layout on disk change, so an old cache is not read."""

_JOINERS = re.compile("[\u044c\u044a'\u02bc\u2019\u2018\u02b9\u02ba\u02bb`\u00b4\"\u0621]")
"""What never splits a name: the soft and hard signs (ь ъ, ``Эльчин`` is one word), apostrophes
and the modifier letters transliterations write for them (' ’ ʼ ʹ ʺ ʻ `), and the Arabic hamza."""
_SPLIT = re.compile(r"[\W_]+")
_LITERAL = str.maketrans({"ı": "i", "ـ": "", "ى": "ي", "ة": "ه"})
"""Within a script: the dotless i and the forms of Arabic letters a visitor may type either way."""
_ARABIC_FOLD = str.maketrans({"ة": "", "ى": "ي", "ـ": "", "ع": "", "ض": "ز", "ظ": "ز", "ذ": "ز", "ث": "س",
                               "ج": "چ"})
"""Arabic letters as Azerbaijani says them: ة is the feminine ending (Lalə, لالة), ع a vowel or
nothing (Əli, علي; Cəfər, جعفر), ض ظ ذ a z (Rza, رضا; Kazım, كاظم), ث an s; ج is c (spelt as
چ, so that no Latin rule for j applies to it)."""
_ARABIC_NAMES = (("محمد", "ممد"), ("نرجس", "نرگز"), ("تش", "چ"))
"""Arabic spellings of a name that its letters do not spell: محمد (Muhammad) is written where
Azerbaijani says Məmməd (محمدوف for Məmmədov), نرجس (the Arabic narcissus) for Nərgiz; and تش,
how Arabic writes ç (Elçin, إلتشين)."""
_BEFORE = str.maketrans({"ı": "i", "ə": "a"})
_DIGRAPHS = (("dzh", "c"), ("dz", "c"), ("dj", "c"), ("tsh", "c"), ("tch", "c"), ("kh", "x"), ("zh", "j"),
             ("sh", "s"), ("ch", "c"), ("ts", "s"), ("gh", "g"), ("th", "t"), ("dh", "z"))
_LETTERS = str.maketrans({"e": "a", "y": "i", "h": "g", "q": "g", "x": "g", "k": "g", "w": "v", "j": "c"})
_J_AS_Y = re.compile(r"j(?=[bcdfghklmnpqrstvwxz])")
"""j before a consonant is й (ISO 9 Bajramov, Sulejmanov); before a vowel it is dzh (Jafarov,
Nijat, Khadija), so a Slavic Latin Alijev is one letter away from Aliyev."""
_GLIDE = re.compile(r"(?:(?<=[aou])|^)i+(?=[aou])|i+(?=u)")
"""y or i before a vowel that one spelling writes and another does not: between vowels or at the
start (Musayev, Мусаев, Musaev; Yusifov, ISO 9 Ûsifov), and before u, Russian ю after a
consonant (Айгюн: Aygün, ICAO Aigiun, BGN Aygyun)."""
_MUHAMMAD = re.compile(r"^m[aou][gx][aou]mad")
"""Məhəmməd, Mahammad, Muhammad, Mohammad, Magomed, Mukhammed: one name with Məmməd (Мамед),
as محمد is."""
_REPEATS = re.compile(r"(.)\1+")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_VOWELS = re.compile(r"[aeiou]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_VARIANTS = 3
"""An Arabic word's و may be a vowel (قولييف, Quliyev) or a v: its skeleton is kept with and
without each of its first three."""


def _prepare(text: str) -> str:
    """Lower case, accents and harakat dropped, alif with hamza or madda a bare alif, and what
    never splits a word (ь ъ, apostrophes) taken out."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return _JOINERS.sub("", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def raw_words(text: str) -> list[str]:
    """The words of ``text`` in its own script, prepared (see ``_prepare``)."""
    return [w for w in _SPLIT.split(_prepare(text)) if w]


def literal(raw: str) -> str:
    """A prepared word as typed: in its own script, only the dotless i and Arabic letter forms folded."""
    return raw.translate(_LITERAL)


_ARABIC_DIGRAPHS = {"sh": "s", "kh": "x", "gh": "g", "th": "t", "dh": "z", "ch": "c", "zh": "j"}


def _latin(raw: str) -> str:
    """A prepared word spelt in Latin letters (anyascii); Arabic letters one by one, as Azerbaijani
    says them, so that two letters side by side never read as one (ز ه is z h, not zh)."""
    if _ARABIC.search(raw):
        for arabic, said in _ARABIC_NAMES:
            raw = raw.replace(arabic, said)
        letters = (anyascii(ch).lower() for ch in raw.translate(_ARABIC_FOLD))
        return _NOT_WORD.sub("", "".join(_ARABIC_DIGRAPHS.get(t, t) for t in letters))
    return _NOT_WORD.sub("", anyascii(raw.translate(_BEFORE)).lower())


def plain(text: str) -> str:
    """Case, accents, harakat and Turkic dots folded away; every script spelt in Latin letters."""
    return " ".join(_latin(w) for w in raw_words(text))


def key(word: str, arabic: bool = False) -> str:
    """One word spelt in Latin letters, as the index keeps it: ``Məmmədov``, ``Мамедов`` and
    ``Mammadov`` give the same key. ``arabic``: spelt from Arabic letters one by one, so no two
    letters are read as one sound."""
    if not arabic:
        for pair in _DIGRAPHS:
            word = word.replace(*pair)
        word = _J_AS_Y.sub("i", word)
    return _MUHAMMAD.sub("mamad", _REPEATS.sub(r"\1", _GLIDE.sub("", word.translate(_LETTERS))))


def fold(raw: str) -> str:
    """A prepared word's key (see ``raw_words``)."""
    return key(_latin(raw), bool(_ARABIC.search(raw)))


def skeleton(folded_key: str) -> str:
    """A key's consonants (f and v as one, since Arabic writes v as ف; p and b, as it writes p as ب)."""
    return _REPEATS.sub(r"\1", _VOWELS.sub("", folded_key.replace("f", "v").replace("p", "b")))


def skeletons(raw: str) -> list[str]:
    """A prepared word's skeletons: one, or for an Arabic word one with and one without each of
    its first few و (a vowel or a v), and with ة left out (Lalə, لالة) or said t (Nicat, نجاة)."""
    if not _ARABIC.search(raw):
        return [skeleton(fold(raw))]
    found = {_latin(raw)} | ({_latin(raw.replace("ة", "ت"))} if "ة" in raw else set())
    for _ in range(_VARIANTS):
        found |= {v[:i] + v[i + 1:] for v in found for i in range(len(v)) if v[i] == "w" and v[i + 1:] != "f"}
    return list(dict.fromkeys(skeleton(key(v, True)) for v in sorted(found, key=lambda v: (-len(v), v))))


def words(text: str) -> list[str]:
    """The keys of every word in ``text``."""
    return [k for k in (fold(w) for w in raw_words(text)) if k]


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
    """What a query found: people by number in the register's order, best tier first.

    The tiers: the name as typed (in the script typed, whole words before beginnings of
    words), then the same name in other scripts' spellings (whole words, then beginnings),
    then names one letter wrong, added or missing."""

    ids: np.ndarray
    exact: int
    """How many of ``ids`` are the name as typed or its spelling in another script (the rest
    are a typo away)."""
    typed: int = 0
    """How many of ``ids`` (the first ones) have the name as typed, in the script typed."""

    def __len__(self) -> int:
        return int(self.ids.size)


_EMPTY = np.empty(0, dtype=np.int32)
LEVELS = 7
"""A typed word finds people at seven levels, best first: the word as typed, whole; the same
word in other scripts (the same key), whole; the same consonants across Arabic script, whole;
then the same three begun; then one typo away."""


class _Space:
    """Sorted words with the people who have each: the people of every word in one array, word
    after word, so the people of all the words that begin alike are one slice of it."""

    def __init__(self, word_people: dict[str, set[int]]) -> None:
        self.words = sorted(word_people)
        lengths = np.fromiter((len(word_people[w]) for w in self.words), dtype=np.int64, count=len(self.words))
        self.offsets = np.zeros(len(self.words) + 1, dtype=np.int64)
        np.cumsum(lengths, out=self.offsets[1:])
        flat = np.empty(int(self.offsets[-1]), dtype=np.int32)
        for i, w in enumerate(self.words):
            flat[self.offsets[i]:self.offsets[i + 1]] = sorted(word_people[w])
        self.postings = flat
        self._cut: dict[int, tuple[list[str], list[list[int]]]] = {}

    def _people(self, lo: int, hi: int) -> np.ndarray:
        """The people of words ``lo`` to ``hi`` (some more than once)."""
        return self.postings[self.offsets[lo]:self.offsets[hi]]

    def prefix_range(self, prefix: str) -> tuple[int, int]:
        lo = bisect.bisect_left(self.words, prefix)
        hi = bisect.bisect_left(self.words, prefix + "\U0010ffff", lo)
        return lo, hi

    def exact(self, word: str) -> np.ndarray:
        """The people who have ``word`` itself."""
        i = bisect.bisect_left(self.words, word)
        if i < len(self.words) and self.words[i] == word:
            return self._people(i, i + 1)
        return _EMPTY

    def prefixed(self, prefix: str) -> np.ndarray:
        """The people with a word that begins with ``prefix`` (some more than once)."""
        return self._people(*self.prefix_range(prefix))

    def _cuts(self, length: int) -> tuple[list[str], list[list[int]]]:
        """Every word cut to ``length`` letters (unique), with the words each stands for."""
        if length not in self._cut:
            grouped: dict[str, list[int]] = {}
            for i, w in enumerate(self.words):
                grouped.setdefault(w[:length], []).append(i)
            self._cut[length] = (list(grouped), list(grouped.values()))
        return self._cut[length]

    def one_typo(self, prefix: str) -> list[np.ndarray]:
        """People with a word whose beginning is one letter changed, added or dropped from ``prefix``."""
        indices: set[int] = set()
        for length in (len(prefix) - 1, len(prefix), len(prefix) + 1):
            cuts, owners = self._cuts(length)
            for _cut, _score, at in process.extract(prefix, cuts, scorer=Levenshtein.distance, score_cutoff=1,
                                                    limit=None):
                indices.update(owners[at])
        return [self._people(i, i + 1) for i in sorted(indices)]

    def warm(self, longest: int = 14) -> None:
        for length in range(3, longest + 1):
            self._cuts(length)

    def __getstate__(self) -> dict[str, Any]:
        return {"words": self.words, "offsets": self.offsets, "postings": self.postings}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._cut = {}

    def nbytes(self) -> int:
        return (self.offsets.nbytes + self.postings.nbytes + sum(len(w) + 49 for w in self.words) + 8 * len(self.words))


class NamesIndex:
    """A register's people in alphabetical order and the index to find them as one types.

    Four spaces of words, each word with the people who have it: the words as written
    (``literal``), their keys (``main``, every script folded to Latin letters), their
    skeletons (``skeleton``, for a query typed in Arabic) and the skeletons of the words
    written in Arabic script (``arabic``, for a query typed in other letters)."""

    def __init__(self, records: Sequence[Record], language_order: Sequence[str] = ()) -> None:
        order = list(language_order)
        sort_keys = [" ".join(words(pick(r.names, order))) for r in records]
        ranked = sorted(range(len(records)), key=lambda i: sort_keys[i])
        self.records: list[Record] = [records[i] for i in ranked]
        literal_words: dict[str, set[int]] = {}
        main: dict[str, set[int]] = {}
        skel: dict[str, set[int]] = {}
        arabic: dict[str, set[int]] = {}
        for number, record in enumerate(self.records):
            for _lang, name in record.names:
                for raw in raw_words(name):
                    k = fold(raw)
                    if not k:
                        continue
                    literal_words.setdefault(literal(raw), set()).add(number)
                    main.setdefault(k, set()).add(number)
                    written_in_arabic = bool(_ARABIC.search(raw))
                    for s in skeletons(raw):
                        if s:
                            skel.setdefault(s, set()).add(number)
                            if written_in_arabic:
                                arabic.setdefault(s, set()).add(number)
        self.literal = _Space(literal_words)
        self.main = _Space(main)
        self.skeleton = _Space(skel)
        self.arabic = _Space(arabic)
        self.groups: dict[str, np.ndarray] = {}
        members: dict[str, list[int]] = {}
        for number, record in enumerate(self.records):
            if record.group:
                members.setdefault(record.group, []).append(number)
        self.groups = {g: np.array(m, dtype=np.int32) for g, m in members.items()}
        self._last: dict[str, np.ndarray | None] = {}
        """The last query's words and what each found (typing adds to the last word only)."""

    def __len__(self) -> int:
        return len(self.records)

    def warm(self) -> None:
        """Prepare the typo tables (off the UI thread, after loading or building)."""
        self.main.warm()

    def _levels(self, raw: str) -> np.ndarray | None:
        """What one typed word finds: a row of people for each level, each row marking everyone
        found at that level or a better one."""
        k = fold(raw)
        if not k:
            return None
        typed = literal(raw)
        in_arabic = bool(_ARABIC.search(raw))
        space = self.skeleton if in_arabic else self.arabic
        shapes = [s for s in (skeletons(raw) if in_arabic else [skeleton(k)]) if s]
        found = [
            [self.literal.exact(typed)],
            [self.main.exact(k)],
            [space.exact(s) for s in shapes],
            [self.literal.prefixed(typed)],
            [self.main.prefixed(k)],
            [space.prefixed(s) for s in shapes],
            self.main.one_typo(k) if len(k) >= 4 else [],
        ]
        rows = np.zeros((LEVELS, len(self.records)), dtype=bool)
        for level, parts in enumerate(found):
            if level:
                rows[level] = rows[level - 1]
            for people in parts:
                rows[level, people] = True
        return rows

    def search(self, query: str) -> Found:
        """Everyone matching every word of ``query`` (the last one may be half typed), best first:
        the name as typed, then its spellings in other scripts, then one letter wrong."""
        everyone = Found(np.arange(len(self.records), dtype=np.int32), len(self.records), len(self.records))
        typed = raw_words(query)
        # the words before the last one are the same from key to key: kept from the last query
        kept = {raw: rows for raw, rows in self._last.items() if raw in typed}
        per_word = []
        for raw in typed:
            if raw not in kept:
                kept[raw] = self._levels(raw)
            if kept[raw] is not None:
                per_word.append(kept[raw])
        self._last = kept
        if not per_word:
            return everyone
        reached = per_word[0]
        for rows in per_word[1:]:
            reached = reached & rows
        # a person's level is the worst of their words' best ones: the first row that has them
        found = [np.flatnonzero(reached[0])]
        for level in range(1, LEVELS):
            found.append(np.flatnonzero(reached[level] & ~reached[level - 1]))
        counts = np.cumsum([f.size for f in found])
        # the last level is a typo away; the others are the name as typed or its other spellings
        return Found(np.concatenate(found).astype(np.int32, copy=False), int(counts[-2]), int(counts[0]))

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_last"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._last = {}

    def members(self, group: str | None) -> list[int]:
        """The people of a family or group, in the register's order."""
        return [int(i) for i in self.groups.get(group or "", ())]

    def nbytes(self) -> int:
        """The index's own memory (keys, lists of people, prefixes), without the records."""
        return (self.literal.nbytes() + self.main.nbytes() + self.skeleton.nbytes() + self.arabic.nbytes()
                + sum(a.nbytes for a in self.groups.values()))


def scan(records: Sequence[Record], query: str) -> list[int]:
    """The plain way, for the benchmark: fold every name at every key, keep those that match."""
    wanted = words(query)
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
