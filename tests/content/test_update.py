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
    typo_line = path.read_text(encoding="utf-8").splitlines().index("    kind: galery") + 1
    assert [p.mark.line for p in failed.value.problems] == [typo_line]
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


# --- hostile sticks (issue 15) ----------------------------------------------------------------


def test_links_leaving_the_stick_and_special_files_are_not_copied_and_each_is_named(stick, content, tmp_path, capsys,
                                                                                    monkeypatch):
    home = tmp_path / "kiosk-home"
    (home).mkdir()
    (home / "pin.json").write_text('{"salt": "secret"}')
    media = stick / "media"
    (media / "passwd").symlink_to("/etc/passwd")
    (media / "home").symlink_to(home)  # the kiosk's own home, PIN file included
    (media / "zero.bin").symlink_to("/dev/zero")  # would write until the disk is full
    (media / "nothing.jpg").symlink_to(media / "gone.jpg")
    os.mkfifo(media / "pipe.mp4")
    inside = media / "photos"
    (media / "same-photos").symlink_to(inside)  # a link that stays inside: its files are the stick's
    (inside / "loop").symlink_to(media)  # a loop
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "kiosk-home-2"))
    assert main(["update", str(stick), "--target", str(content), "--no-prepare"]) == 0
    out = capsys.readouterr().out
    live = content / "current" / "media"
    for name in ("passwd", "home", "zero.bin", "nothing.jpg", "pipe.mp4"):
        assert not os.path.lexists(live / name), name
    assert f"skipped media/passwd: a link to /etc/passwd, outside {stick}; not copied" in out
    assert f"skipped media/home: a link to {home}, outside {stick}; not copied" in out
    assert f"skipped media/zero.bin: a link to /dev/zero, outside {stick}; not copied" in out
    assert "skipped media/nothing.jpg: a link to nothing; not copied" in out
    assert "skipped media/pipe.mp4: a named pipe (FIFO), not an ordinary file; not copied" in out
    assert "skipped media/photos/loop: a link to a folder above it (a loop); not copied" in out
    # no file in the new version is a link, and nothing from outside the stick arrived
    for folder, _dirs, files in os.walk(content / "versions"):
        for name in files:
            path = Path(folder) / name
            assert not path.is_symlink() and path.is_file()
            assert b"secret" not in path.read_bytes()
    assert sorted(p.name for p in (live / "same-photos").iterdir()) == sorted(
        p.name for p in inside.iterdir() if p.name != "loop")


def test_a_link_to_a_device_inside_an_exhibition_is_refused_by_validation(stick, content):
    (stick / "media" / "photos" / "zero.jpg").symlink_to("/dev/zero")
    text = (stick / "config" / "exhibition.yaml").read_text(encoding="utf-8")
    first_image = next(line for line in text.splitlines() if line.strip().startswith("- image: photos/"))
    (stick / "config" / "exhibition.yaml").write_text(
        text.replace(first_image, first_image.split("image:")[0] + "image: photos/zero.jpg", 1), encoding="utf-8")
    with pytest.raises(UpdateError, match="nothing was changed") as caught:
        update_content(stick, content)
    assert any("leads outside the media folder" in p.message for p in caught.value.problems)
    assert not (content / "versions").exists() or version_names(content) == []


def test_sizes_are_those_of_the_regular_files(stick, tmp_path):
    listed = dict(content_files(stick))
    on_disk = {p.relative_to(stick): p.stat().st_size for p in stick.rglob("*") if p.is_file()}
    assert listed == {k: v for k, v in on_disk.items() if not any(part.startswith(".") for part in k.parts)}


def test_an_update_killed_while_preparing_leaves_no_never_live_version(stick, content, tmp_path):
    """kill -9 during `prepare`: a complete copy that never went live, left on disk."""
    import subprocess
    import sys
    import textwrap

    first = update_content(stick, content)
    retitle(stick, "Killed while preparing")
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from kiosk.content.update import update_content
        def prepare(copy):
            os.kill(os.getpid(), signal.SIGKILL)
        update_content(Path({str(stick)!r}), Path({str(content)!r}), before_switch=prepare)
    """)
    killed = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert killed.returncode == -9, killed.stderr
    assert len(version_names(content)) == 2  # the never-live copy takes disk ...
    assert current_version(content) == first.version  # ... but never went live
    assert live_title(content) == "In memory — a sample exhibition"

    from kiosk.content.update import clean_unfinished

    never_live = [n for n in version_names(content) if n != first.version]
    assert clean_unfinished(content) == never_live  # what the kiosk does when it starts
    assert version_names(content) == [first.version]
    assert not [p for p in (content / "versions").iterdir() if p.name.startswith(".")]

    # and the next update also removes one
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    never_live = [n for n in version_names(content) if n != first.version]
    assert len(never_live) == 1
    retitle(stick, "Third")
    report = update_content(stick, content)
    assert report.cleaned == never_live
    assert version_names(content) == [first.version, report.version]
    assert live_title(content) == "Third"


def test_a_version_that_went_live_is_never_cleaned_as_unfinished(stick, content):
    first = update_content(stick, content)
    # killed after the switch, before the marker went: the live version stays
    (content / "versions" / f".pending-{first.version}").touch()
    from kiosk.content.update import clean_unfinished

    assert clean_unfinished(content) == []
    assert current_version(content) == first.version and live_title(content)
