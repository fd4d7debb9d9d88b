"""The last good exhibition on disk: a reboot with a broken file still starts."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from kiosk.content.lastgood import LastGood, LastGoodError, is_good, load_with_fallback, rewrite_media_root
from kiosk.content.loader import LoadResult, load_exhibition

ROOT = Path(__file__).resolve().parents[2]
TITLE = '  en: "In memory — a sample exhibition"'


def copy_demo(folder: Path) -> Path:
    shutil.copytree(ROOT / "config", folder / "config")
    shutil.copytree(ROOT / "media", folder / "media")
    return folder / "config" / "exhibition.yaml"


def english_title(result: LoadResult | None) -> str | None:
    return None if result is None or result.exhibition is None else result.exhibition.title.get("en")


def break_it(path: Path) -> None:
    """A curator's typo: an unclosed list."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("languages: [az, en, ar, ru]", "languages: [az, en, ar, ru", 1), encoding="utf-8")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "venue")


@pytest.fixture
def kept(tmp_path: Path) -> LastGood:
    return LastGood(tmp_path / "home" / "last-good")


def test_a_saved_exhibition_loads_with_the_original_media(demo, kept):
    assert kept.save(load_exhibition(demo))
    saved = kept.load()
    assert saved is not None and is_good(saved)
    assert os.path.realpath(saved.media.folder) == os.path.realpath(demo.parent.parent / "media")
    assert saved.source.relative_to(kept.folder).parts[1:] == ("exhibition.yaml",)  # laid out from its folder
    original, copy = demo.read_text(encoding="utf-8"), saved.source.read_text(encoding="utf-8")
    assert len(copy.splitlines()) == len(original.splitlines())  # positions in the copy match the original
    assert [line for line in copy.splitlines() if line.startswith("media_root")] == [
        f"media_root: '{demo.parent.parent / 'media'}'  # kept by the kiosk: the original media folder"]
    record = json.loads((kept.folder / "record.json").read_text())
    assert record["source"] == str(demo) and record["media_root"] == str(demo.parent.parent / "media")
    assert record["files"] == ["exhibition.yaml", *load_exhibition(demo).exhibition.include]


def test_a_reboot_with_a_broken_file_starts_with_the_last_good_one(demo, kept):
    shown, message = load_with_fallback(demo, kept)
    assert message is None and is_good(shown) and kept.record() is not None
    break_it(demo)
    after_reboot = LastGood(kept.folder)  # a new process: only the disk remembers
    shown, message = load_with_fallback(demo, after_reboot)
    assert english_title(shown) == "In memory — a sample exhibition" and is_good(shown)
    assert message is not None
    assert message.startswith(f"{demo} has 1 error (the first: ")
    assert "YAML syntax" in message and "showing the last good exhibition instead" in message


def test_without_a_last_good_copy_the_broken_one_is_returned_with_the_reason(demo, kept):
    break_it(demo)
    shown, message = load_with_fallback(demo, kept)
    assert shown.exhibition is None and not shown.ok
    assert message is not None and message.endswith("no last good copy is kept, and nothing can be shown")


def test_the_default_folder_is_in_the_kiosk_home(demo, tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "kiosk-home"))
    assert LastGood().folder == tmp_path / "kiosk-home" / "last-good"
    shown, message = load_with_fallback(demo)
    assert message is None and (tmp_path / "kiosk-home" / "last-good" / "record.json").is_file()


def test_included_files_keep_their_layout(tmp_path, kept):
    demo = copy_demo(tmp_path / "venue")
    text = demo.read_text(encoding="utf-8")
    main, schedule = text.split("\nschedule:\n")
    assert "include: [names.yaml]" in main  # the demo's own include, with one more file
    demo.write_text(main.replace("include: [names.yaml]", "include: [names.yaml, more/schedule.yaml]"),
                    encoding="utf-8")
    (demo.parent / "more").mkdir()
    (demo.parent / "more" / "schedule.yaml").write_text("schedule:\n" + schedule, encoding="utf-8")
    result = load_exhibition(demo)
    assert is_good(result) and len(result.files) == 3
    kept.save(result)
    saved = kept.load()
    assert saved is not None and is_good(saved)
    assert [p.relative_to(saved.source.parent).as_posix() for p in saved.files] == [
        "exhibition.yaml", "names.yaml", "more/schedule.yaml"]
    assert len(saved.exhibition.schedule) == 2


def test_saving_the_same_exhibition_again_writes_nothing_and_a_change_replaces_it(demo, kept):
    assert kept.save(load_exhibition(demo))
    first = kept.record()
    assert not kept.save(load_exhibition(demo))
    demo.write_text(demo.read_text(encoding="utf-8").replace(TITLE, '  en: "Changed"'), encoding="utf-8")
    assert kept.save(load_exhibition(demo))
    second = kept.record()
    assert first is not None and second is not None and second.snapshot != first.snapshot
    assert english_title(kept.load()) == "Changed"
    assert sorted(p.name for p in kept.folder.iterdir()) == sorted([second.snapshot, "record.json"])


def test_only_a_good_exhibition_is_kept(demo, kept):
    break_it(demo)
    with pytest.raises(LastGoodError, match="has errors"):
        kept.save(load_exhibition(demo))
    assert kept.record() is None and kept.load() is None


def test_a_copy_that_does_not_load_keeps_the_old_one(demo, kept):
    kept.save(load_exhibition(demo))
    before = kept.record()
    good = load_exhibition(demo.parent)
    break_it(demo)  # the file changed between the load and the copy
    with pytest.raises(LastGoodError, match="does not load cleanly"):
        kept.save(good)
    assert kept.record() == before
    assert not [p for p in kept.folder.iterdir() if p.name.startswith(".incoming-")]


def test_an_interrupted_save_is_cleaned_up_and_the_old_one_stays(demo, kept):
    kept.save(load_exhibition(demo))
    stale = kept.folder / ".incoming-20270226-120000-0badf00d" / "config"
    stale.mkdir(parents=True)
    (stale / "exhibition.yaml").write_text("title: {en: half", encoding="utf-8")  # the power went out here
    assert english_title(kept.load()) == "In memory — a sample exhibition"
    demo.write_text(demo.read_text(encoding="utf-8").replace(TITLE, '  en: "Next"'), encoding="utf-8")
    kept.save(load_exhibition(demo))
    assert not stale.parent.exists()


def test_an_unreadable_record_means_nothing_is_kept(demo, kept):
    kept.save(load_exhibition(demo))
    (kept.folder / "record.json").write_text("{not json", encoding="utf-8")
    assert kept.record() is None and kept.load() is None


@pytest.mark.parametrize(("text", "expected"), [
    ("title: x\nmedia_root: ../media  # photos\nlanguages: [en]\n",
     "title: x\nmedia_root: '/srv/it''s media'  # kept by the kiosk: the original media folder\nlanguages: [en]\n"),
    ("title: x\n'media_root': media\n",
     "title: x\nmedia_root: '/srv/it''s media'  # kept by the kiosk: the original media folder\n"),
    ("title: x\nlanguages: [en]",
     "title: x\nlanguages: [en]\nmedia_root: '/srv/it''s media'  # kept by the kiosk: the original media folder\n"),
], ids=["replaced-in-place", "quoted-key", "added-when-absent"])
def test_rewrite_media_root(text, expected):
    assert rewrite_media_root(text, "/srv/it's media") == expected
