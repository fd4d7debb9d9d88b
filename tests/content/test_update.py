"""Atomic content updates and rollback, on real folders."""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content.loader import load_exhibition
from kiosk.content.update import (
    UpdateError,
    content_files,
    copy_tree,
    current_version,
    rollback,
    update_content,
    version_names,
)

ROOT = Path(__file__).resolve().parents[2]
TITLE = '  en: "In memory — a sample exhibition"'


def copy_demo(folder: Path) -> Path:
    shutil.copytree(ROOT / "config", folder / "config")
    shutil.copytree(ROOT / "media", folder / "media")
    return folder


def retitle(source: Path, title: str) -> None:
    path = source / "config" / "exhibition.yaml"
    path.write_text((ROOT / "config" / "exhibition.yaml").read_text(encoding="utf-8").replace(TITLE, f'  en: "{title}"'),
                    encoding="utf-8")


def live_title(content: Path) -> str:
    result = load_exhibition(content / "current")
    assert result.exhibition is not None and result.ok
    return result.exhibition.title.get("en")


def snapshot(content: Path) -> tuple[str | None, list[str], list[str]]:
    """What a failed update must leave as it was."""
    return (os.readlink(content / "current") if (content / "current").is_symlink() else None,
            version_names(content), sorted(p.name for p in (content / "versions").iterdir()))


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "stick")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return tmp_path / "kiosk" / "content"


def test_an_update_copies_validates_and_switches(stick, content):
    (stick / ".DS_Store").write_bytes(b"mac")
    (stick / "media" / "photos" / "._001.jpg").write_bytes(b"AppleDouble")
    (stick / "System Volume Information").mkdir()
    report = update_content(stick, content)
    assert report.previous is None and report.current == content / "current"
    assert report.version.startswith("0001-")
    assert os.readlink(content / "current") == f"versions/{report.version}"  # relative: the folder may move
    assert live_title(content) == "In memory — a sample exhibition"
    copied = sorted(p for p, _ in content_files(content / "versions" / report.version))
    assert copied == sorted(p for p, _ in content_files(stick)) and len(copied) == report.files
    assert not (content / "versions" / report.version / ".DS_Store").exists()
    assert not (content / "versions" / report.version / "System Volume Information").exists()


def test_an_invalid_folder_changes_nothing(stick, content):
    update_content(stick, content)
    before = snapshot(content)
    path = stick / "config" / "exhibition.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: gallery", "kind: galery"), encoding="utf-8")
    with pytest.raises(UpdateError, match="has 1 error; nothing was changed") as failed:
        update_content(stick, content)
    assert [p.mark.line for p in failed.value.problems] == [24]
    assert snapshot(content) == before
    assert live_title(content) == "In memory — a sample exhibition"


def test_a_copy_interrupted_half_way_leaves_the_live_content(stick, content):
    update_content(stick, content)
    before = snapshot(content)
    retitle(stick, "Never live")

    def pulled_stick(source: Path, dest: Path, progress) -> None:
        def copy_half(done: int, total: int) -> None:
            if done > total // 2:
                raise OSError(5, "Input/output error")
        copy_tree(source, dest, copy_half)

    with pytest.raises(UpdateError, match="the live content was not changed"):
        update_content(stick, content, copy=pulled_stick)
    assert snapshot(content) == before
    assert live_title(content) == "In memory — a sample exhibition"


def test_a_copy_cut_by_a_power_failure_is_cleaned_up_by_the_next_update(stick, content):
    first = update_content(stick, content)
    stale = content / "versions" / ".incoming-0002-20270226-120000"
    shutil.copytree(stick / "config", stale / "config")  # the media never arrived
    assert snapshot(content)[0] == f"versions/{first.version}"  # current never pointed at it
    assert live_title(content) == "In memory — a sample exhibition"
    retitle(stick, "After the power cut")
    report = update_content(stick, content)
    assert report.cleaned == [stale.name] and not stale.exists()
    assert live_title(content) == "After the power cut"
    assert report.version.startswith("0002-")


def test_an_interrupt_during_the_copy_is_cleaned_up(stick, content):
    update_content(stick, content)
    before = snapshot(content)

    def interrupted(source: Path, dest: Path, progress) -> None:
        (dest / "config").mkdir(parents=True)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        update_content(stick, content, copy=interrupted)
    assert snapshot(content) == before


def test_rollback_goes_back_along_what_was_live(stick, content):
    v1 = update_content(stick, content).version
    retitle(stick, "Second")
    v2 = update_content(stick, content).version
    retitle(stick, "Third")
    v3 = update_content(stick, content).version
    assert rollback(content) == (v3, v2)
    assert live_title(content) == "Second"
    retitle(stick, "Fourth")
    v4 = update_content(stick, content).version
    assert rollback(content) == (v4, v2)  # back to what was live before, not the one rolled back from
    assert rollback(content) == (v2, v1)
    assert live_title(content) == "In memory — a sample exhibition"
    with pytest.raises(UpdateError, match="no earlier version"):
        rollback(content)
    assert rollback(content, to=v4) == (v1, v4)
    assert live_title(content) == "Fourth"


def test_at_most_three_versions_are_kept(stick, content):
    names = []
    for n in range(5):
        retitle(stick, f"Version {n}")
        names.append(update_content(stick, content).version)
    assert version_names(content) == names[-3:]
    assert current_version(content) == names[-1]
    assert rollback(content) == (names[4], names[3])


def test_rollback_before_any_update_says_what_to_do(content):
    with pytest.raises(UpdateError, match="run 'kiosk update SOURCE_DIR' first"):
        rollback(content)


def test_media_outside_the_source_is_refused(tmp_path, content):
    source = tmp_path / "stick"
    shutil.copytree(ROOT / "config", source)  # exhibition.yaml at the top, media_root: ../media
    shutil.copytree(ROOT / "media", tmp_path / "media")
    with pytest.raises(UpdateError, match="is outside"):
        update_content(source, content)
    assert not (content / "current").exists()


def test_a_real_folder_named_current_is_not_replaced(stick, content):
    (content / "current").mkdir(parents=True)
    with pytest.raises(UpdateError, match="is a folder, not the link"):
        update_content(stick, content)
    assert (content / "current").is_dir() and not (content / "current").is_symlink()


def test_one_update_at_a_time(stick, content):
    content.mkdir(parents=True)
    with open(content / ".lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(UpdateError, match="another update or rollback"):
            update_content(stick, content)


def test_the_commands(stick, content, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("KIOSK_CACHE", str(tmp_path / "cache"))
    assert main(["update", str(stick)]) == 0
    out = capsys.readouterr().out
    assert any((tmp_path / "cache" / "renditions").rglob("*.jpg"))  # photos prepared before the switch
    home_content = tmp_path / "home" / "content"
    assert f"'kiosk run {home_content / 'current'}'" in out
    retitle(stick, "Second")
    assert main(["update", str(stick), "--target", str(home_content), "--no-prepare"]) == 0
    assert main(["rollback", "--list"]) == 0
    listed = capsys.readouterr().out.splitlines()[-2:]
    assert [line[0] for line in listed] == [" ", "*"]
    assert main(["rollback"]) == 0
    assert "is live again" in capsys.readouterr().out
    (stick / "config" / "exhibition.yaml").write_text("title: [", encoding="utf-8")
    assert main(["update", str(stick), "--no-prepare"]) == 1
    err = capsys.readouterr().err
    assert "exhibition.yaml:1:" in err and "nothing was changed" in err
