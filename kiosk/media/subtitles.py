"""Subtitles for documentary clips: SRT and WebVTT files as cues the player can draw.

Curators get subtitle files from translators, subtitling tools and old DVDs, so the
files vary: a UTF-8 BOM and CRLF line ends from Windows editors, Russian SRTs saved
in Windows-1251 and Azerbaijani ones in Windows-1254 (charset-normalizer tells which,
the file's language breaks its ties), ``<i>`` and ``<font color>`` tags, WebVTT cue settings and voice
spans, ``00:01.000`` or ``1:02:03,5`` instead of ``00:01:02,500``, cues that overlap,
no newline at the end. This module reads all of that into immutable :class:`Cue` s,
or raises :class:`MediaProblem` whose ``reason`` a curator can act on.

The block structure, cue settings and voice spans are parsed by webvtt-py (it reads
both formats). Before that, a lenient pass over the timing lines accepts the odd
timestamps above and records the ones it cannot read, with their line numbers, so one
broken cue costs that cue and not the whole file (the others stay on screen).

Cue text keeps every character as written: Arabic and other right-to-left lines are
not reshaped or reordered here, the UI does that when it draws them. No Kivy here:
``Cue.markup`` is plain text in Kivy's markup syntax.
"""

from __future__ import annotations

import bisect
import html
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import webvtt
from charset_normalizer import from_bytes

from .problems import MediaProblem
from .sniff import HEAD_BYTES, sniff

if TYPE_CHECKING:  # the content model is only needed for the type of ``clip``
    from kiosk.content.media_root import MediaRoot
    from kiosk.content.models import Clip

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Larger files are refused before they are read: a two-hour film's subtitles are
about 150 KB, so anything this large is not a subtitle file."""

SRT_EXAMPLE = "00:00:01,000 --> 00:00:04,000"


# --- the model the player uses ----------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A piece of a cue line drawn in one style."""

    text: str
    italic: bool = False
    bold: bool = False
    underline: bool = False


@dataclass(frozen=True)
class Cue:
    """Text shown from ``start`` until just before ``end`` (seconds into the clip)."""

    start: float
    end: float
    lines: tuple[str, ...]
    """The text, one entry per line on screen, without any tags."""
    runs: tuple[tuple[Run, ...], ...] = ()
    """The same lines split where italic, bold or underline starts or stops."""
    voice: str | None = None
    """Who speaks, from a WebVTT ``<v Name>`` span; not part of the text."""
    settings: str = ""
    """WebVTT cue settings as written, e.g. ``align:start line:0``; empty for SRT."""

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def italic(self) -> bool:
        """True when every word of the cue is in italics (a voice off screen, a song)."""
        pieces = [run for line in self.runs for run in line if run.text.strip()]
        return bool(pieces) and all(run.italic for run in pieces)

    @property
    def markup(self) -> str:
        """The text in Kivy markup: ``[i]``/``[b]``/``[u]`` for styles, and ``&``, ``[``
        and ``]`` escaped so a bracket in a subtitle is never read as a tag."""
        return "\n".join("".join(_run_markup(run) for run in line) for line in self.runs)


def escape_markup(text: str) -> str:
    """``text`` made safe inside Kivy markup (what ``kivy.utils.escape_markup`` does)."""
    return text.replace("&", "&amp;").replace("[", "&bl;").replace("]", "&br;")


def _run_markup(run: Run) -> str:
    text = escape_markup(run.text)
    if not text:
        return ""
    for flag, tag in ((run.underline, "u"), (run.bold, "b"), (run.italic, "i")):
        if flag:
            text = f"[{tag}]{text}[/{tag}]"
    return text


@dataclass(frozen=True)
class Subtitles:
    """All cues of one subtitle file, sorted by start time."""

    cues: tuple[Cue, ...]
    source: Path | None = None
    encoding: str = "utf-8"
    """The text encoding the file was read with."""
    notes: tuple[str, ...] = ()
    """What was odd but not fatal (another encoding, a cue left out), for the curator."""
    _starts: tuple[float, ...] = field(init=False, repr=False, compare=False)
    _reach: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        cues = tuple(sorted(self.cues, key=lambda c: (c.start, c.end)))
        object.__setattr__(self, "cues", cues)
        object.__setattr__(self, "_starts", tuple(c.start for c in cues))
        # _reach[i] is the latest end among cues[0..i]: a backwards scan for overlapping
        # cues stops as soon as nothing earlier can still be on screen.
        reach, latest = [], float("-inf")
        for cue in cues:
            latest = max(latest, cue.end)
            reach.append(latest)
        object.__setattr__(self, "_reach", tuple(reach))

    def __len__(self) -> int:
        return len(self.cues)

    def cue_at(self, seconds: float) -> Cue | None:
        """The cue on screen at ``seconds``; overlapping cues come back as one cue with
        all their lines, the earliest first."""
        i = bisect.bisect_right(self._starts, seconds) - 1
        active: list[Cue] = []
        while i >= 0 and self._reach[i] > seconds:
            if self.cues[i].end > seconds:
                active.append(self.cues[i])
            i -= 1
        if not active:
            return None
        if len(active) == 1:
            return active[0]
        active.reverse()
        voices = {c.voice for c in active}
        return Cue(
            start=max(c.start for c in active),
            end=min(c.end for c in active),
            lines=tuple(line for c in active for line in c.lines),
            runs=tuple(line for c in active for line in c.runs),
            voice=voices.pop() if len(voices) == 1 else None,
            settings=active[0].settings,
        )


# --- reading a file ---------------------------------------------------------------------


def load_subtitles(path: Path, language: str | None = None) -> Subtitles:
    """Read an SRT or WebVTT file; raises :class:`MediaProblem` saying why not.

    The format is recognised from the content (a ``WEBVTT`` first line), not from the
    file name, so a WebVTT file saved as ``.srt`` still works. ``language`` (the code
    the exhibition gives the file, else the one in its name, ``memorial.az.srt``) helps
    read a file that is not in UTF-8.
    """
    data = _read_bytes(path)
    text, encoding, notes = _decode(data, language or language_in_name(path))
    if not text.strip():
        raise MediaProblem("the file is empty")
    cues, more_notes = parse_subtitles(text)
    return Subtitles(cues, source=path, encoding=encoding, notes=tuple(notes + more_notes))


def inspect_subtitles(path: Path, language: str | None = None) -> str | None:
    """Why ``path`` cannot be used as subtitles, or None when it can."""
    try:
        load_subtitles(path, language)
    except MediaProblem as problem:
        return problem.reason
    return None


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if not path.is_file():  # a folder, or a pipe that would block the read below
            raise MediaProblem("it is a folder, not a file" if path.is_dir() else "it is not a regular file")
        if size > MAX_FILE_BYTES:
            raise MediaProblem(f"the file is {size / 1e6:.0f} MB, far too large for subtitles")
        return path.read_bytes()
    except FileNotFoundError:
        raise MediaProblem("the file does not exist") from None
    except OSError as exc:
        raise MediaProblem(f"the file cannot be read ({exc.strerror or exc})") from None


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

_HINTS = {
    "ZIP archive": "a ZIP archive (a Word document?)",
    "Rich Text document": "a Rich Text document (save it as plain text)",
}
"""What to say of a file that is not text, where its plain name would not help."""

WINDOWS_ENCODINGS = {
    "cp1250": "Central European (Windows-1250)",
    "cp1251": "Cyrillic (Windows-1251)",
    "cp1252": "Western European (Windows-1252)",
    "cp1253": "Greek (Windows-1253)",
    "cp1254": "Turkish and Azerbaijani (Windows-1254)",
    "cp1255": "Hebrew (Windows-1255)",
    "cp1256": "Arabic (Windows-1256)",
    "cp1257": "Baltic (Windows-1257)",
    "cp1258": "Vietnamese (Windows-1258)",
}
"""The encodings a file that is not Unicode is tried in: what Windows editors save as
"ANSI", the way nearly every such subtitle file was made; in the order that settles
a tie when they read the same bytes as the same text."""

_ENCODING_OF_LANGUAGE = {
    **dict.fromkeys(("pl", "cs", "sk", "hu", "ro", "hr", "sl", "sq", "bs"), "cp1250"),
    **dict.fromkeys(("ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "tg", "mn", "tt", "ba"), "cp1251"),
    **dict.fromkeys(("en", "fr", "de", "es", "it", "pt", "nl", "da", "sv", "no", "nb", "nn", "fi",
                     "is", "ga", "ca", "eu", "gl", "af", "id", "ms", "sw"), "cp1252"),
    "el": "cp1253",
    **dict.fromkeys(("tr", "az", "uz"), "cp1254"),
    **dict.fromkeys(("he", "yi"), "cp1255"),
    **dict.fromkeys(("ar", "fa", "ur", "ps", "ckb"), "cp1256"),
    **dict.fromkeys(("lt", "lv", "et"), "cp1257"),
    "vi": "cp1258",
}
"""The Windows encoding text in each language was saved in: it decides between the
readings charset-normalizer accepts. A short file leaves several, and the best by its
measure is then often wrong: Windows-1250 reads Azerbaijani or Russian bytes without an
error, as the wrong letters."""

_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def language_in_name(path: Path) -> str | None:
    """The language code in a subtitle file's name: ``az`` in ``memorial.az.srt`` or in
    ``az.srt``; None when the name holds none."""
    parts = path.name.split(".")[:-1]
    if parts and _LANGUAGE_TAG.match(parts[-1]):
        return parts[-1]
    return None


def _decode(data: bytes, language: str | None = None) -> tuple[str, str, list[str]]:
    """The file's text, the encoding used, and a note when it was not UTF-8."""
    if not data:
        raise MediaProblem("the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, []
            except UnicodeDecodeError:
                raise MediaProblem(f"the file starts like {encoding.upper()} text but is not") from None
    kind = sniff(data[:HEAD_BYTES])
    if kind is not None and kind.family != "web page":
        what = "a video" if kind.family == "video" else _HINTS.get(kind.name, kind.described)
        raise MediaProblem(f"the file is not text but {what} (expected SRT or WebVTT subtitles)")
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise MediaProblem("the file is not text but binary data (expected SRT or WebVTT subtitles)")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    encoding = _legacy_encoding(data, language)
    if encoding is None:
        encoding, name = "latin-1", "Latin-1"  # every byte is a Latin-1 character
    else:
        name = WINDOWS_ENCODINGS[encoding]
    text = data.decode(encoding)
    if _control_characters(text) > max(8, len(text) // 50):
        raise MediaProblem("the file is not text but binary data (expected SRT or WebVTT subtitles)")
    note = f"the file is not in UTF-8; it was read as {name}: if the text looks wrong, save it as UTF-8"
    return text, encoding, [note]


def _legacy_encoding(data: bytes, language: str | None) -> str | None:
    """The Windows encoding ``data`` reads best in, or None when it reads in none."""
    found = from_bytes(data, cp_isolation=list(WINDOWS_ENCODINGS))
    if not found:
        return None
    # Each match is a reading charset-normalizer accepts (little enough "chaos": odd
    # letter mixes, symbols amid words) and stands for every encoding giving that text.
    candidates = [encoding for match in found for encoding in match.could_be_from_charset]
    primary = (language or "").replace("_", "-").split("-")[0].lower()
    wanted = _ENCODING_OF_LANGUAGE.get(primary)
    if wanted in candidates:
        return wanted
    best = found.best()  # the least chaotic, then the most coherent reading
    assert best is not None
    same_text = [encoding for encoding in WINDOWS_ENCODINGS if encoding in best.could_be_from_charset]
    return same_text[0] if same_text else None


def _utf16_without_bom(data: bytes) -> tuple[str, str, list[str]] | None:
    """UTF-16 text saved without a byte order mark (some Windows tools do that)."""
    even, odd = data[0::2], data[1::2]
    for zeros, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        # Latin text has a zero in every high byte, Cyrillic or Arabic in none: a mix of
        # timings and words has zeros in most high bytes and almost none in the low ones.
        if zeros.count(0) > 0.5 * len(zeros) and other.count(0) < 0.05 * len(other):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return text, encoding, []
    return None


def _control_characters(text: str) -> int:
    return sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")


# --- timing lines -----------------------------------------------------------------------

# Hours are optional and may exceed 99; the fraction after , or . is a decimal fraction
# of a second, so 1:02:03,5 is 1 h 2 min 3.5 s.
_TIME = r"(?:(\d+):)?(\d+):(\d+)(?:[.,](\d+))?"
_ARROW = r"\s*(?:-+|[\u2010-\u2015\u2212])>\s*"
_TIMING_LINE = re.compile(rf"^\s*{_TIME}{_ARROW}{_TIME}(.*)$")
# Something that tries to be a timing line: an arrow, or two times on one line.
_LOOKS_LIKE_TIMING = re.compile(r"-->|^\s*\d+:\d+[\d:.,]*\s*\S{0,4}\s*\d+:\d+[\d:.,]*\s*$")


def _seconds(h: str | None, m: str, s: str, frac: str | None) -> float:
    fraction = float("0." + frac) if frac else 0.0
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + fraction


def _clock(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def _normalise_timings(lines: Sequence[str]) -> tuple[list[str], int, list[str]]:
    """Timing lines rewritten as ``HH:MM:SS.mmm --> HH:MM:SS.mmm [settings]``.

    A timing line that cannot be read, or whose cue ends before it starts, becomes a
    bare ``-->``: both parsers then drop that cue and its text instead of gluing the
    text to the cue before. Returns the lines, how many cues were readable, and notes.
    """
    out: list[str] = []
    good, bad = 0, []
    for number, line in enumerate(lines, start=1):
        if not _LOOKS_LIKE_TIMING.search(line):
            out.append(line)
            continue
        match = _TIMING_LINE.match(line)
        if match is None:
            bad.append(f"line {number}: cannot read the times '{line.strip()}'; expected '{SRT_EXAMPLE}'")
            out.append("-->")
            continue
        start, end = _seconds(*match.group(1, 2, 3, 4)), _seconds(*match.group(5, 6, 7, 8))
        if end <= start:
            bad.append(f"line {number}: the cue ends ({_clock(end)}) before it starts ({_clock(start)})")
            out.append("-->")
            continue
        rest = match.group(9)
        # A digit right after the end time means a malformed time, not cue settings.
        settings = "" if rest[:1].isdigit() else rest.strip()
        out.append(f"{_clock(start)} --> {_clock(end)}" + (f" {settings}" if settings else ""))
        good += 1
    return out, good, bad


def _srt_lines(lines: list[str]) -> list[str]:
    """Lines that webvtt-py's SRT reader accepts: every cue gets a plain number line.

    Files without cue numbers, with spaces after them, with a WebVTT-style name instead,
    or with a title line before the first cue would otherwise be refused or misread.
    """
    out: list[str] = []
    count = 0
    for line in lines:
        if "-->" in line:
            before = out[-1] if out else ""
            before_that = out[-2] if len(out) > 1 else ""
            if before.strip().isdigit() or (before.strip() and not before_that.strip() and "-->" not in before):
                out.pop()  # the cue's number or name; replaced just below
            count += 1
            out.extend([str(count), line])
        elif count:  # text before the first cue (a title, a note) is not a cue
            out.append(line)
    return out


# --- cue text ---------------------------------------------------------------------------

_TAG = re.compile(r"<([^<>]*)>")
_TAG_NAME = re.compile(r"^(/?)([a-zA-Z]+)(?:[.\s].*)?$", re.S)
_TIMESTAMP_TAG = re.compile(r"^\d+:\d+[\d:.]*$")
_ASS_OVERRIDE = re.compile(r"\{\\[^{}]*\}")
_KNOWN_TAGS = {"i", "b", "u", "s", "v", "c", "lang", "ruby", "rt", "font", "span"}


def _cue_runs(raw_lines: Iterable[str]) -> tuple[tuple[tuple[Run, ...], ...], str | None]:
    """Styled runs per line from raw cue text, and the voice if a ``<v>`` span names one.

    Italic, bold and underline carry from one line to the next (SRT translators often
    open ``<i>`` on the first line and close it on the last); colours and fonts are
    dropped, since cues are drawn on a legible band in the kiosk's own colours.
    """
    depth = {"i": 0, "b": 0, "u": 0}
    ruby_text = 0
    voice: str | None = None
    result: list[tuple[Run, ...]] = []
    for raw in raw_lines:
        raw = _ASS_OVERRIDE.sub("", raw)
        runs: list[Run] = []
        pos = 0
        pieces: list[tuple[str, bool]] = []
        for match in _TAG.finditer(raw):
            pieces.append((raw[pos:match.start()], False))
            pieces.append((match.group(1), True))
            pos = match.end()
        pieces.append((raw[pos:], False))
        for piece, is_tag in pieces:
            if is_tag:
                tag = _TAG_NAME.match(piece.strip())
                name = tag.group(2).lower() if tag else ""
                if _TIMESTAMP_TAG.match(piece.strip()):
                    continue  # a WebVTT karaoke timestamp
                if name not in _KNOWN_TAGS:
                    piece = f"<{piece}>"  # "a <b" or "<3" is text, not a tag
                else:
                    closing = tag.group(1) == "/"  # type: ignore[union-attr]
                    if name in depth:
                        depth[name] = max(0, depth[name] + (-1 if closing else 1))
                    elif name == "rt":
                        ruby_text = max(0, ruby_text + (-1 if closing else 1))
                    elif name == "v" and not closing:
                        speaker = piece.strip().split(None, 1)
                        if len(speaker) == 2 and speaker[1].strip():
                            voice = speaker[1].strip()
                    continue
            if ruby_text or not piece:
                continue
            text = html.unescape(piece)
            style = (depth["i"] > 0, depth["b"] > 0, depth["u"] > 0)
            if runs and (runs[-1].italic, runs[-1].bold, runs[-1].underline) == style:
                runs[-1] = Run(runs[-1].text + text, *style)
            else:
                runs.append(Run(text, *style))
        line = _strip_runs(runs)
        if line:
            result.append(line)
    return tuple(result), voice


def _strip_runs(runs: list[Run]) -> tuple[Run, ...]:
    """The line without surrounding spaces; empty when nothing visible is left."""
    if not "".join(r.text for r in runs).strip():
        return ()
    runs = list(runs)
    while not runs[0].text.strip():
        runs.pop(0)
    while not runs[-1].text.strip():
        runs.pop()
    runs[0] = replace(runs[0], text=runs[0].text.lstrip())
    runs[-1] = replace(runs[-1], text=runs[-1].text.rstrip())
    return tuple(r for r in runs if r.text)


# --- parsing ----------------------------------------------------------------------------


def parse_subtitles(text: str) -> tuple[list[Cue], list[str]]:
    """Cues from the text of an SRT or WebVTT file, and notes on what was left out.

    Raises :class:`MediaProblem` when no cue at all can be read.
    """
    # str.splitlines() also breaks at U+2028 and friends; WebVTT breaks only at CR and LF.
    lines = re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"))
    is_vtt = bool(lines) and lines[0].startswith("WEBVTT")
    normalised, good, bad = _normalise_timings(lines)
    if not good:
        if bad:
            raise MediaProblem(f"no cue has readable times; {bad[0]}")
        raise MediaProblem(f"this is not an SRT or WebVTT file: no line like '{SRT_EXAMPLE}' was found")
    try:
        if is_vtt:
            captions = webvtt.from_buffer(io.StringIO("\n".join(normalised)), format="vtt")
        else:
            captions = webvtt.from_buffer(io.StringIO("\n".join(_srt_lines(normalised))), format="srt")
    except Exception as exc:  # noqa: BLE001 - any parser failure is a file the curator must fix
        raise MediaProblem(f"the file cannot be read as {'WebVTT' if is_vtt else 'SRT'}: {exc}") from None
    cues: list[Cue] = []
    for caption in captions:
        runs, voice = _cue_runs(caption.lines)
        if not runs:
            continue  # a cue with no visible text: nothing to draw
        cues.append(Cue(
            start=caption.start_time.in_milliseconds() / 1000,
            end=caption.end_time.in_milliseconds() / 1000,
            lines=tuple("".join(run.text for run in line) for line in runs),
            runs=runs,
            voice=voice,
            settings=str(caption.settings) if is_vtt else "",
        ))
    if not cues:
        raise MediaProblem("every cue in the file is empty")
    notes = [f"{note}; that cue is left out" for note in bad]
    return cues, notes
