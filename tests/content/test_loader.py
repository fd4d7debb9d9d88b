"""The loader on inputs no curator should be able to crash it with, and on good ones."""

from __future__ import annotations

import re

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from kiosk.content.durations import format_clock, parse_duration
from kiosk.content.loader import load_exhibition
from kiosk.content.models import Exhibition
from kiosk.content.text import Text

CORPUS = Path(__file__).parent / "corpus"
VALID = (CORPUS / "valid.yaml").read_text(encoding="utf-8")


def write(folder: Path, text: str | bytes, name: str = "exhibition.yaml") -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    media = folder / "media"
    if not media.exists():
        media.symlink_to(CORPUS / "media")
    return path


def only_error(path: Path) -> str:
    result = load_exhibition(path)
    assert result.exhibition is None
    assert len(result.errors) == 1, [str(p) for p in result.problems]
    return str(result.errors[0])


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [
        (b"title: caf\xe9\n", "1:11", "the file is not UTF-8 text (byte 0xe9); save it as UTF-8"),
        (b"[" * 5000 + b"]" * 5000, "1:41", "the file is nested more than 40 levels deep"),
        (b"title: '" + b"x" * 3_000_000 + b"'\n", "1:8",
         "this value is 3,000,000 characters long; at most 100,000 are allowed"),
        (b"", "1:1", "the file is empty"),
        (b"\x00\x01binary", "1:1", "YAML:"),
        (b"- a\n- b\n", "1:1", "expected the exhibition as a map"),
        (b"42\n", "1:1", "expected the exhibition as a map (title:, languages:, sections: ...), found a single value"),
        (b"a: !!python/name:os.system ''\n", "1:4", "the tag !!python/name:os.system is not allowed here"),
        (b"a: &a [x]\nb: [*a, *a]\n", "2:5", "aliases (*a) are not allowed"),
    ],
    ids=["non-utf8", "deep-nesting", "huge-scalar", "empty", "control-chars", "top-list", "top-scalar",
         "python-tag", "alias"],
)
def test_hostile_input_gets_one_positioned_message(tmp_path, content, where, message):
    path = write(tmp_path, content)
    text = only_error(path)
    assert text.startswith(f"{path}:{where}: error: ")
    assert message in text


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    path = write(tmp_path, b"# " + b"x" * (5 * 1024 * 1024) + b"\n")
    assert "the file is 5.2 MB; an exhibition file may be at most 4 MB" in only_error(path)


def test_the_cli_exits_1_with_every_problem(tmp_path):
    path = write(tmp_path, VALID.replace("credit: Sample archive", "credits: Sample archive", 1)
                 .replace("timeout: 1m30s", "timeout: soon"))
    run = subprocess.run([sys.executable, "-m", "kiosk", "validate", str(path)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert any(":3:17: error: expected a duration like 90s, 1m30s or 00:01:10, found 'soon'" in x for x in lines)
    assert any(":12:9: error: unknown key 'credits' in this panel (did you mean 'credit'?)" in x for x in lines)
    assert "2 errors" in run.stderr


def test_the_cli_exits_0_on_a_valid_exhibition(tmp_path):
    path = write(tmp_path, VALID)
    run = subprocess.run([sys.executable, "-m", "kiosk", "validate", str(path)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 errors, 0 warnings (1 sections: 2 gallery; languages az, en)" in run.stdout


def test_yaml_12_scalars_keep_what_the_curator_wrote(tmp_path):
    text = VALID.replace("languages: [az, en]", "languages: [az, en, no]") + \
        "  - {playlist: highlights, hours: 17:45-21:00}\n"
    result = load_exhibition(write(tmp_path, text))
    assert result.exhibition is not None, [str(p) for p in result.problems]
    assert result.exhibition.languages == ["az", "en", "no"]
    entry = result.exhibition.schedule[1]
    assert entry.daily_hours is not None and entry.daily_hours[0].hour == 17 and entry.daily_hours[0].minute == 45
    assert str(result.exhibition.schedule[0].on) == "2027-02-26"


def test_a_broken_panel_is_left_out_and_the_rest_is_kept(tmp_path):
    text = VALID.replace("title: {en: Second, az: İkinci}", "title: [oops]")
    result = load_exhibition(write(tmp_path, text))
    assert [str(p).split(": ", 1)[1] for p in result.errors] == \
        ["error: expected a text or a map of language to text, found a list"]
    assert result.exhibition is not None
    assert [p.id for p in result.exhibition.sections[0].panels] == ["a"]


def test_a_missing_photo_is_an_error_but_the_exhibition_still_loads(tmp_path):
    text = VALID.replace("image: photos/b.jpg", "id: b\n        image: photos/gone.jpg")
    result = load_exhibition(write(tmp_path, text))
    assert len(result.errors) == 1 and "'photos/gone.jpg' does not exist" in str(result.errors[0])
    assert result.exhibition is not None and len(result.exhibition.sections[0].panels) == 2


def test_a_symlink_out_of_the_media_folder_is_refused(tmp_path):
    media = tmp_path / "media"
    (media / "photos").mkdir(parents=True)
    (media / "photos" / "a.jpg").write_bytes((CORPUS / "media/photos/a.jpg").read_bytes())
    (media / "photos" / "b.jpg").symlink_to(tmp_path / "exhibition.yaml")
    (media / "photos" / "c.jpg").symlink_to(tmp_path / "outside.jpg")
    (tmp_path / "outside.jpg").write_bytes(b"x")
    text = VALID.replace("image: photos/b.jpg", "id: b\n        image: photos/c.jpg")
    result = load_exhibition(write(tmp_path, text))
    assert [str(p).split(": ", 2)[2] for p in result.errors] == \
        ["'photos/c.jpg' is a link that leads outside the media folder"]


def test_warnings_do_not_fail_validation(tmp_path):
    text = VALID.replace("title: {en: First, az: Birinci}", "title: {en: First}") \
        .replace("        credit: Sample archive\n", "", 1)
    result = load_exhibition(write(tmp_path, text))
    assert result.ok
    messages = [str(p).split(": ", 1)[1] for p in result.warnings]
    assert "warning: no translation for az; visitors will see another language" in messages
    assert "warning: this panel has no credit" in messages
    where = [str(p.mark).rsplit(":", 2)[1:] for p in result.warnings]
    assert ["11", "16"] in where and ["10", "9"] in where


def test_included_files_add_sections_and_errors_point_into_them(tmp_path):
    write(tmp_path, "sections:\n  - id: more\n    kind: gallery\n    title: More\n    panels:\n"
                    "      - {image: photos/a.jpg, title: A, credit: c, colour: red}\n"
                    "playlists:\n  evening: [more/a]\n", name="more.yaml")
    path = write(tmp_path, VALID.replace("attract: highlights", "attract: highlights\ninclude: [more.yaml, none.yaml]"))
    result = load_exhibition(path)
    errors = [str(p) for p in result.errors]
    assert any(e.endswith("more.yaml:6:52: error: unknown key 'colour' in this panel; known keys are "
                          "id, image, title, caption, credit, date, note") for e in errors), errors
    assert any(":5:22: error: the included file 'none.yaml' does not exist" in e for e in errors), errors
    assert result.exhibition is not None
    assert [s.id for s in result.exhibition.sections] == ["photos"]
    assert set(result.exhibition.playlists) == {"highlights", "evening"}
    assert any(f.name == "more.yaml" for f in result.files)


def test_text_lookup_falls_back_requested_default_first():
    text = Text({"az": "Xatirə", "en": "In memory"})
    assert text.get("en", "az") == "In memory"
    assert text.get("ar", "az") == "Xatirə"
    assert Text({"ru": "Память"}).get("ar", "az") == "Память"
    assert Text("Archive").get("ar", "az") == "Archive"
    assert text.missing(["az", "en", "ar"]) == ["ar"]


@pytest.mark.parametrize(("written", "seconds"), [("90s", 90), ("1m30s", 90), ("00:01:10", 70), ("1:10", 70),
                                                  ("1h", 3600), (45, 45), ("2.5s", 2.5)])
def test_durations_as_curators_write_them(written, seconds):
    assert parse_duration(written) == seconds


@pytest.mark.parametrize("written", ["90 sec", "1:70", "", "-5", True])
def test_durations_that_are_not(written):
    with pytest.raises(ValueError):
        parse_duration(written)


def test_clock_format():
    assert format_clock(70) == "01:10" and format_clock(3670) == "1:01:10"


def test_the_content_model_imports_no_kivy():
    code = ("import sys; import kiosk.content.loader, kiosk.content.models, kiosk.content.schema, "
            "kiosk.content.checks; print([m for m in sys.modules if m.split('.')[0] == 'kivy'])")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "KIVY_NO_ARGS": "1"})
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_models_are_frozen():
    result = load_exhibition(CORPUS / "valid.yaml")
    assert isinstance(result.exhibition, Exhibition)
    with pytest.raises(ValidationError, match="frozen"):
        result.exhibition.sections[0].panels[0].title = Text("changed")  # type: ignore[misc]
    assert result.problems == ()


def test_libyaml_and_pyyaml_read_the_same_data_and_positions():
    """The fast parser (libyaml) and PyYAML's own must agree on every value and every position,
    or an error would point at a different line depending on how PyYAML was built."""
    from kiosk.content import yaml12

    assert yaml12.CParser is not None, "PyYAML was built without libyaml: loading is four times slower"
    assert yaml12._LOADERS[0] is yaml12._CLoader
    root = Path(__file__).parents[2]
    for path in [CORPUS / "valid.yaml", root / "config" / "exhibition.yaml"]:
        text = path.read_text(encoding="utf-8")
        read = {}
        for loader in yaml12._LOADERS:
            original = yaml12._LOADERS
            yaml12._LOADERS = (loader,)
            try:
                read[loader] = yaml12.parse_yaml(text, path.name)
            finally:
                yaml12._LOADERS = original
        (c_data, c_pos), (py_data, py_pos) = read.values()
        assert c_data == py_data
        assert c_pos.values == py_pos.values and c_pos.keys == py_pos.keys
        assert len(c_pos.values) > 30


# --- syntax errors say what to do ---------------------------------------------------------

SYNTAX = [
    ("tab",
     "title: In memory\nlanguages: [en]\nidle:\n\ttimeout: 90s\n",
     "4:1", "YAML syntax: a tab character here; YAML is indented with spaces only: replace the tab with spaces"),
    ("colon-in-text",
     "title: In memory\nlanguages: [en]\nsections:\n  - id: photos\n    kind: gallery\n    title: Photos\n"
     "    panels:\n      - image: photos/a.jpg\n        title: A\n        caption: Survivors: the first day\n",
     "10:18", "YAML syntax: the text of 'caption' holds a colon and a space, which YAML reads as another key; "
              "put the text in quotes: caption: \"Survivors: the first day\""),
    ("colon-in-text-with-quotes",
     'title: The "Survivors": the first day\n',
     "1:8", "YAML syntax: the text of 'title' holds a colon and a space, which YAML reads as another key; "
            "put the text in quotes: title: 'The \"Survivors\": the first day'"),
    ("key-dedented",
     "title: In memory\nlanguages: [en]\nsections:\n  - id: photos\n    kind: gallery\n   title: Photos\n",
     "6:4", "YAML syntax: 'title' is indented 3 spaces, which lines up with nothing above it: 'kind' "
            "(line 5, under 'sections') is indented 4 spaces, 'sections' (line 3) 0 spaces; "
            "indent 'title' like the one it belongs with"),
    ("key-indented-under-a-value",
     "title: In memory\n  languages: [en]\n",
     "2:3", "YAML syntax: 'languages' is indented 2 spaces, more than 'title' on line 1, which already has a "
            "value; indent 'languages' like 'title' (0 spaces)"),
    ("list-item-dedented",
     "title: In memory\nsections:\n  - id: photos\n    panels:\n    - image: a.jpg\n   - image: b.jpg\n",
     "6:4", "YAML syntax: '- image' is indented 3 spaces, which lines up with nothing above it: '- image' "
            "(line 5, under 'panels') is indented 4 spaces, '- id' (line 3) 2 spaces; "
            "indent '- image' like the one it belongs with"),
    ("unclosed-quote",
     "title: \"In memory\nlanguages: [en]\n",
     "1:8", "YAML syntax: the text that starts with \" here is never closed; end it with \" on the same line"),
    ("unclosed-bracket-at-the-end",
     "title: In memory\nlanguages: [en, az\n",
     "2:12", "YAML syntax: the list opened with [ here is never closed; end it with ]"),
    ("unclosed-brace-before-more",
     "title: {en: In memory, az: Xatirə\nlanguages: [en]\n",
     "1:8", "YAML syntax: the map opened with { here is not closed before line 2, column 10; end it with }, "
            "or separate its items with commas"),
]


@pytest.mark.parametrize(("text", "where", "message"), [case[1:] for case in SYNTAX], ids=[c[0] for c in SYNTAX])
def test_a_syntax_error_says_what_to_do_where(tmp_path, text, where, message):
    path = write(tmp_path, text)
    result = load_exhibition(path)
    assert result.exhibition is None
    assert [f"{p.mark.line}:{p.mark.column}: {p.message}" for p in result.problems] == [f"{where}: {message}"]


# --- one cause, one message -----------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def demo_variant(folder: Path, old: str, new: str) -> Path:
    text = (ROOT / "config" / "exhibition.yaml").read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1).replace("media_root: ../media", f"media_root: {ROOT / 'media'}")
    path = folder / "exhibition.yaml"
    path.write_text(text, encoding="utf-8")
    for included in re.findall(r"^include: \[([^\]]*)\]", text, re.M)[0].split(", "):
        (folder / included).write_text((ROOT / "config" / included).read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_a_language_code_in_capitals_is_one_error_with_the_code_meant(tmp_path):
    path = demo_variant(tmp_path, "languages: [az, en, ar, ru]", "languages: [az, en, AR, ru]")
    result = load_exhibition(path)
    # before: the error plus 120 warnings (every text "has no AR translation", every ar: "not a language")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "AR, ru]" in text)
    assert [f"{p.mark.line}:{p.mark.column}: {p.severity.value}: {p.message}" for p in result.problems] == [
        f"{line}:21: error: expected a language code like az, en, ar or ru, found the text 'AR' (did you mean 'ar'?)"]


@pytest.mark.parametrize(("written", "meant"), [("English", "en"), ("Azerbaijani", "az"), ("pt_br", "pt-BR")])
def test_a_language_name_or_three_letter_code_gets_the_code_meant(tmp_path, written, meant):
    path = write(tmp_path, VALID.replace("languages: [az, en]", f"languages: [az, en, {written}]"))
    (error,) = load_exhibition(path).errors
    assert error.message.endswith(f"found the text '{written}' (did you mean '{meant}'?)")


def test_a_wrong_language_key_in_a_text_is_one_error_not_also_a_missing_translation(tmp_path):
    path = write(tmp_path, VALID.replace("title: {en: In memory, az: Xatirə}", "title: {en: In memory, AZ: Xatirə}"))
    result = load_exhibition(path)
    assert [(p.mark.line, p.severity.value, p.message) for p in result.problems] == [
        (1, "error", "'AZ' is not a language code like en, az or pt-BR (did you mean 'az'?)")]


def test_a_missing_media_folder_is_one_error_not_one_per_file(tmp_path):
    path = demo_variant(tmp_path, "languages: [az, en, ar, ru]", "languages: [az, en, ar, ru]")
    path.write_text(path.read_text(encoding="utf-8").replace(f"media_root: {ROOT / 'media'}", "media_root: medai"),
                    encoding="utf-8")
    result = load_exhibition(path)
    assert [p.message for p in result.problems] == [f"the media folder {tmp_path / 'medai'} does not exist"]
