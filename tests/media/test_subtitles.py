"""Subtitle files as curators get them, read into cues: real files, exact results."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.content.media_root import MediaRoot
from kiosk.content.models import Clip
from kiosk.media.assets import Assets
from kiosk.media.inspect import inspect_media
from kiosk.media.subtitles import (
    Cue,
    Run,
    Subtitles,
    language_in_name,
    load_subtitles,
)
from kiosk.media.problems import MediaProblem

ROOT = Path(__file__).resolve().parents[2]
FILM = ROOT / "media" / "film"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def cues(subs: Subtitles) -> list[tuple[float, float, tuple[str, ...]]]:
    return [(c.start, c.end, c.lines) for c in subs.cues]


# --- the demo files ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["memorial.en.vtt", "memorial.ar.vtt", "memorial.az.srt",
                                  "memorial.ru.srt", "archive.en.srt", "archive.az.vtt"])
def test_demo_subtitles_load_without_notes(name: str) -> None:
    subs = load_subtitles(FILM / name)
    assert len(subs) >= 5
    assert subs.notes == ()
    assert subs.encoding == "utf-8"
    assert inspect_media("subtitles", FILM / name) is None


def cue_in_file(path: Path, seconds: float) -> str | None:
    """The text ``path`` gives for ``seconds``, read plainly here: the demo's words, whatever
    they are, without the parser under test."""
    times = re.compile(r"(\d+):(\d\d):(\d\d)[.,](\d{3}) --> (\d+):(\d\d):(\d\d)[.,](\d{3})")
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        lines = block.strip().splitlines()
        for i, line in enumerate(lines):
            found = times.match(line)
            if found:
                h, m, s, ms, h2, m2, s2, ms2 = map(int, found.groups())
                if h * 3600 + m * 60 + s + ms / 1000 <= seconds < h2 * 3600 + m2 * 60 + s2 + ms2 / 1000:
                    return "\n".join(lines[i + 1:])
    return None


@pytest.mark.parametrize("name", ["memorial.en.vtt", "memorial.ru.srt"])
def test_demo_cue_at_twelve_seconds(name: str) -> None:
    subs = load_subtitles(FILM / name)
    expected = cue_in_file(FILM / name, 12.0)
    assert expected  # the demo has a cue at 12 s ...
    assert subs.cue_at(12.0).text == expected
    assert cue_in_file(FILM / name, 14.5) is None  # ... and none at 14.5 s, between two cues
    assert subs.cue_at(14.5) is None


def test_arabic_text_comes_through_untouched() -> None:
    """Not reshaped, not reordered: the UI shapes it when it draws."""
    raw = (FILM / "memorial.ar.vtt").read_text(encoding="utf-8").splitlines()
    subs = load_subtitles(FILM / "memorial.ar.vtt")
    for cue in subs.cues:
        for line in cue.lines:
            assert line in raw
    assert subs.cue_at(12.0).markup == subs.cue_at(12.0).text


# --- encodings and line ends ------------------------------------------------------------


def test_bom_and_crlf_srt(tmp_path: Path) -> None:
    text = "1\r\n00:00:01,000 --> 00:00:04,000\r\nFirst line\r\nsecond line\r\n\r\n" \
           "2\r\n00:00:05,000 --> 00:00:06,500\r\nLast\r\n"
    subs = load_subtitles(write(tmp_path, "bom.srt", b"\xef\xbb\xbf" + text.encode()))
    assert cues(subs) == [(1.0, 4.0, ("First line", "second line")), (5.0, 6.5, ("Last",))]
    assert subs.encoding == "utf-8-sig"
    assert subs.notes == ()


def test_cp1251_russian_srt_is_read_with_a_note(tmp_path: Path) -> None:
    text = "1\r\n00:00:01,000 --> 00:00:04,000\r\nПеред памятным камнем горят свечи.\r\n\r\n" \
           "2\r\n00:00:05,000 --> 00:00:08,000\r\nВечер тихий.\r\n"
    subs = load_subtitles(write(tmp_path, "ru.srt", text.encode("cp1251")))
    assert cues(subs) == [(1.0, 4.0, ("Перед памятным камнем горят свечи.",)), (5.0, 8.0, ("Вечер тихий.",))]
    assert subs.encoding == "cp1251"
    assert subs.notes == ("the file is not in UTF-8; it was read as Cyrillic (Windows-1251): "
                          "if the text looks wrong, save it as UTF-8",)
    assert inspect_media("subtitles", tmp_path / "ru.srt") is None


def test_latin1_french_srt(tmp_path: Path) -> None:
    text = "1\n00:00:01,000 --> 00:00:04,000\nLes bougies brûlent devant la pierre, à l'aube.\n"
    subs = load_subtitles(write(tmp_path, "fr.srt", text.encode("latin-1")))
    assert subs.cues[0].text == "Les bougies brûlent devant la pierre, à l'aube."
    assert subs.encoding == "cp1252"
    assert subs.notes[0].startswith("the file is not in UTF-8; it was read as Western European (Windows-1252)")


# Windows-1254 has no ə: the Azerbaijani words here are ones it can hold.
LEGACY = {
    "az": ("cp1254", "Turkish and Azerbaijani (Windows-1254)", ["Şir, ağac, işıq, göl, çay, üzüm.", "İlk işıq."]),
    "ru": ("cp1251", "Cyrillic (Windows-1251)", ["Привет, мир", "Тишина."]),
    "ar": ("cp1256", "Arabic (Windows-1256)", ["تشتعل الشموع أمام حجر الذكرى.", "المساء هادئ."]),
}


def legacy_srt(lines: list[str]) -> str:
    return "".join(f"{i}\r\n00:00:0{2 * i},000 --> 00:00:0{2 * i + 1},000\r\n{line}\r\n\r\n"
                   for i, line in enumerate(lines, start=1))


@pytest.mark.parametrize("language", list(LEGACY))
def test_a_file_in_its_languages_windows_encoding_reads_right(tmp_path: Path, language: str) -> None:
    encoding, name, lines = LEGACY[language]
    path = write(tmp_path, f"memorial.{language}.srt", legacy_srt(lines).encode(encoding))
    subs = load_subtitles(path)
    assert [cue.text for cue in subs.cues] == lines
    assert subs.encoding == encoding
    assert subs.notes == (f"the file is not in UTF-8; it was read as {name}: if the text looks wrong, save it as UTF-8",)


def test_the_language_the_exhibition_gives_a_file_decides_its_encoding(tmp_path: Path) -> None:
    encoding, _name, lines = LEGACY["az"]
    path = write(tmp_path, "subtitles.srt", legacy_srt(lines).encode(encoding))  # no language in the name
    assert [cue.text for cue in load_subtitles(path, language="az").cues] == lines
    assert inspect_media("subtitles", path) is None


def test_the_language_in_a_file_name() -> None:
    assert [language_in_name(Path(name)) for name in ("memorial.az.srt", "az.srt", "film.pt-BR.vtt", "film.srt")] \
        == ["az", "az", "pt-BR", None]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_with_and_without_bom(tmp_path: Path, encoding: str) -> None:
    text = "1\r\n00:00:01,000 --> 00:00:04,000\r\nПривет, мир\r\n"
    subs = load_subtitles(write(tmp_path, "u16.srt", text.encode(encoding)))
    assert cues(subs) == [(1.0, 4.0, ("Привет, мир",))]


# --- tags and markup --------------------------------------------------------------------


def test_vtt_with_italics_voice_and_settings(tmp_path: Path) -> None:
    vtt = ("WEBVTT - the memorial\n\nNOTE made by hand\n\nSTYLE\n::cue { color: yellow }\n\n"
           "intro\n00:01.000 --> 00:04.000 align:start line:0\n"
           "<v Narrator>The stone <i>remembers</i> &amp; so do we</v>\n"
           "<c.yellow>second</c> <00:00:02.000>line\n\n"
           "00:00:05.000 --> 00:00:06.000\n<v.loud Bob>Hello</v>")
    subs = load_subtitles(write(tmp_path, "tags.vtt", vtt))
    first, second = subs.cues
    assert first.lines == ("The stone remembers & so do we", "second line")
    assert first.runs == ((Run("The stone "), Run("remembers", italic=True), Run(" & so do we")),
                          (Run("second line"),))
    assert first.voice == "Narrator"
    assert first.settings == "align:start line:0"
    assert first.markup == "The stone [i]remembers[/i] &amp; so do we\nsecond line"
    assert not first.italic
    assert second.voice == "Bob" and second.settings == ""


def test_srt_tags_italic_across_lines_bold_and_font(tmp_path: Path) -> None:
    srt = ('1\n00:00:01,000 --> 00:00:04,000\n<i>Sung far away,\nby the choir</i>\n\n'
           '2\n00:00:05,000 --> 00:00:06,000\n<font color="#ffff00">Yellow</font> and <b>bold</b>{\\an8}\n')
    song, plain = load_subtitles(write(tmp_path, "tags.srt", srt)).cues
    assert song.italic
    assert song.markup == "[i]Sung far away,[/i]\n[i]by the choir[/i]"
    assert plain.lines == ("Yellow and bold",)
    assert plain.markup == "Yellow and [b]bold[/b]"


def test_brackets_and_ampersands_are_escaped_for_kivy_markup(tmp_path: Path) -> None:
    srt = "1\n00:00:01,000 --> 00:00:04,000\n[music] Tom & Jerry <i>[whispers]</i> a < b\n"
    cue = load_subtitles(write(tmp_path, "esc.srt", srt)).cues[0]
    assert cue.text == "[music] Tom & Jerry [whispers] a < b"
    assert cue.markup == "&bl;music&br; Tom &amp; Jerry [i]&bl;whispers&br;[/i] a < b"


# --- timing -----------------------------------------------------------------------------


def test_odd_timestamps(tmp_path: Path) -> None:
    srt = ("00:01.000 --> 00:02.250\nno hours, no number\n\n"
           "7\n1:02:03,5 --> 1:02:04\nshort fields: 3.5 s, no fraction\n\n"
           "8\n100:00:00,000 --> 100:00:01,000\nmore than 99 hours\n\n"
           "9 \n00:00:10,000->00:00:11,000\nlazy arrow, spaces after the number")  # no final newline
    subs = load_subtitles(write(tmp_path, "odd.srt", srt))
    assert cues(subs) == [
        (1.0, 2.25, ("no hours, no number",)),
        (10.0, 11.0, ("lazy arrow, spaces after the number",)),
        (3723.5, 3724.0, ("short fields: 3.5 s, no fraction",)),
        (360000.0, 360001.0, ("more than 99 hours",)),
    ]


def test_one_broken_cue_costs_only_that_cue(tmp_path: Path) -> None:
    srt = ("1\n00:00:01,000 --> 00:00:02,000\ngood\n\n"
           "2\n00:00:03,000 to 00:00:04,000\nbroken times\n\n"
           "3\n00:00:06,000 --> 00:00:05,000\nbackwards\n\n"
           "4\n00:00:07,000 --> 00:00:08,000\nalso good\n")
    subs = load_subtitles(write(tmp_path, "partly.srt", srt))
    assert cues(subs) == [(1.0, 2.0, ("good",)), (7.0, 8.0, ("also good",))]
    assert subs.notes == (
        "line 6: cannot read the times '00:00:03,000 to 00:00:04,000'; expected "
        "'00:00:01,000 --> 00:00:04,000'; that cue is left out",
        "line 10: the cue ends (00:00:05.000) before it starts (00:00:06.000); that cue is left out",
    )
    assert inspect_media("subtitles", tmp_path / "partly.srt") is None


def test_overlapping_cues_are_shown_together(tmp_path: Path) -> None:
    srt = ("1\n00:00:01,000 --> 00:00:05,000\nNarrator: the long line\n\n"
           "2\n00:00:02,000 --> 00:00:03,000\n<i>[a song]</i>\n\n"
           "3\n00:00:06,000 --> 00:00:07,000\nalone\n")
    subs = load_subtitles(write(tmp_path, "overlap.srt", srt))
    assert subs.cue_at(0.999) is None
    assert subs.cue_at(1.0).lines == ("Narrator: the long line",)
    both = subs.cue_at(2.5)
    assert both.lines == ("Narrator: the long line", "[a song]")
    assert both.markup == "Narrator: the long line\n[i]&bl;a song&br;[/i]"
    assert (both.start, both.end) == (2.0, 3.0)
    assert subs.cue_at(3.0).lines == ("Narrator: the long line",)  # the end is exclusive
    assert subs.cue_at(5.5) is None
    assert subs.cue_at(6.0).lines == ("alone",)
    assert subs.cue_at(7.0) is None


def test_cue_at_agrees_with_a_plain_scan() -> None:
    rng = random.Random(7)
    many = []
    for i in range(400):
        start = rng.uniform(0, 600)
        many.append(Cue(start, start + rng.uniform(0.1, 20), (f"cue {i}",), ((Run(f"cue {i}"),),)))
    subs = Subtitles(tuple(many))
    for _ in range(500):
        t = rng.uniform(-5, 630)
        active = sorted((c for c in many if c.start <= t < c.end), key=lambda c: (c.start, c.end))
        found = subs.cue_at(t)
        assert (found.lines if found else ()) == tuple(line for c in active for line in c.lines)


# --- files that cannot be used ----------------------------------------------------------

NOT_SRT = "expected SRT or WebVTT subtitles"


@pytest.mark.parametrize("content, reason", [
    (b"", "the file is empty"),
    (b"\r\n  \r\n\r\n", "the file is empty"),
    (random.Random(3).randbytes(3000), f"the file is not text but binary data ({NOT_SRT})"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), f"the file is not text but a PNG image ({NOT_SRT})"),
    (b"\x00\x00\x00\x20ftypisom" + bytes(200), f"the file is not text but a video ({NOT_SRT})"),
    ("Dear curator,\nhere are the subtitles you asked for.\n",
     "this is not an SRT or WebVTT file: no line like '00:00:01,000 --> 00:00:04,000' was found"),
    ("1\n00:00:01 to 00:00:04\nhello\n\n2\n0001,000 --> 0004,000\nworld\n",
     "no cue has readable times; line 2: cannot read the times '00:00:01 to 00:00:04'; "
     "expected '00:00:01,000 --> 00:00:04,000'"),
    ("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nbackwards\n",
     "no cue has readable times; line 3: the cue ends (00:00:01.000) before it starts (00:00:05.000)"),
    ("1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n\n2\n00:00:03,000 --> 00:00:04,000\n\n",
     "every cue in the file is empty"),
], ids=["zero-bytes", "blank-lines", "random-bytes", "png", "mp4", "a-letter", "wrong-timestamps",
        "backwards", "empty-cues"])
def test_broken_subtitle_files(tmp_path: Path, content: str | bytes, reason: str) -> None:
    path = write(tmp_path, "broken.srt", content)
    with pytest.raises(MediaProblem) as problem:
        load_subtitles(path)
    assert problem.value.reason == reason
    assert inspect_media("subtitles", path) == reason


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert inspect_media("subtitles", tmp_path / "nope.vtt") == "the file does not exist"
    assert inspect_media("subtitles", tmp_path) == "it is a folder, not a file"


# --- choosing the file for the visitor --------------------------------------------------


def _assets(clip: Clip, media: MediaRoot, **more: object) -> Assets:
    from kiosk.content.models import Exhibition

    show = Exhibition.model_validate({"title": "x", "languages": ["az", "en", "ar"], **more,
                                      "sections": [{"id": "s", "kind": "clips", "title": "x", "clips": [clip]}]})
    return Assets(show, media)


def test_subtitles_follow_the_visitors_language_then_the_fallback_order(tmp_path: Path) -> None:
    media = MediaRoot(ROOT / "media")
    clip = Clip(video="film/memorial.mp4", title={"en": "Memorial"},
                subtitles={"en": "film/memorial.en.vtt", "az": "film/memorial.az.srt",
                           "ru": "film/missing.ru.srt"})
    assets = _assets(clip, media)
    assert assets.subtitles(clip, ["en", "az"]) == ("en", FILM / "memorial.en.vtt")
    assert assets.subtitles(clip, ["ar", "az"]) == ("az", FILM / "memorial.az.srt")
    assert assets.subtitles(clip, ["ru", "az"]) == ("az", FILM / "memorial.az.srt")  # ru's file is missing
    assert assets.subtitles(clip, ["ar"]) is None
    assert list(assets.subtitle_files(clip)) == ["en", "az"]
    bare = Clip(video="film/archive.mp4", title={"en": "Archive"})
    assert assets.subtitles(bare, ["en", "az"]) is None


def test_an_arabic_visitor_gets_english_subtitles_where_the_exhibition_falls_back_to_english() -> None:
    from kiosk.content.models import Exhibition

    media = MediaRoot(ROOT / "media")
    clip = Clip(video="film/memorial.mp4", title={"en": "Memorial"},
                subtitles={"en": "film/memorial.en.vtt", "az": "film/memorial.az.srt"})
    base = {"title": "x", "sections": [{"id": "s", "kind": "clips", "title": "x", "clips": [clip]}]}
    plain = Exhibition.model_validate({**base, "languages": ["az", "en", "ar"]})
    told = Exhibition.model_validate({**base, "languages": ["az", "en", "ar"], "fallback": ["en"]})
    assert plain.fallback_order("ar") == ["ar", "az", "en"]
    assert told.fallback_order("ar") == ["ar", "en", "az"]
    assert _assets(clip, media).subtitles(clip, plain.fallback_order("ar")) == ("az", FILM / "memorial.az.srt")
    assert _assets(clip, media).subtitles(clip, told.fallback_order("ar")) == ("en", FILM / "memorial.en.vtt")


def test_subtitles_never_leave_the_media_folder(tmp_path: Path) -> None:
    (tmp_path / "media").mkdir()
    outside = write(tmp_path, "outside.srt", "1\n00:00:01,000 --> 00:00:02,000\nsecret\n")
    (tmp_path / "media" / "link.srt").symlink_to(outside)
    clip = Clip(video="film/memorial.mp4", title={"en": "x"}, subtitles={"en": "link.srt"})
    assert _assets(clip, MediaRoot(tmp_path / "media")).subtitles(clip, ["en"]) is None


def test_no_kivy_in_the_media_modules() -> None:
    code = ("import sys, kiosk.media.subtitles, kiosk.media.video, kiosk.media.inspect, kiosk.media.sniff, "
            "kiosk.media.problems, kiosk.media.posters, kiosk.media.assets, kiosk.media.prepare, kiosk.common.places, "
            "kiosk.common.files; "
            "print([m for m in sys.modules if m.split('.')[0] == 'kivy'])")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
