"""Hot reload with a real watchdog observer and real file writes.

Nothing here asserts how long anything took. A test waits (with a generous timeout)
for the reload it expects, then makes one more, distinct change -- a sentinel -- and
waits for that: any reload that should not have happened shows up in between.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from kiosk.content.lastgood import LastGood
from kiosk.content.loader import LoadResult, load_exhibition
from kiosk.content.update import update_content
from kiosk.content.watch import Debouncer, ExhibitionWatcher, plan_for, should_reload

ROOT = Path(__file__).resolve().parents[2]
DEBOUNCE = 0.2
WAIT = 15.0  # seconds to wait for a reload before failing; generous for a busy CI machine
TITLE = '  en: "In memory — a sample exhibition"'


def copy_demo(folder: Path) -> Path:
    """The demo exhibition (config/exhibition.yaml, media_root: ../media) in ``folder``."""
    shutil.copytree(ROOT / "config", folder / "config")
    shutil.copytree(ROOT / "media", folder / "media")
    return folder / "config" / "exhibition.yaml"


def with_title(path: Path, title: str) -> str:
    """The demo's text with another English title (``path`` is where it will be written)."""
    text = (ROOT / "config" / path.name).read_text(encoding="utf-8")
    assert TITLE in text
    return text.replace(TITLE, f'  en: "{title}"', 1)


def save_by_rename(path: Path, text: str) -> None:
    """What most editors do: write a temporary file beside it, then rename it over."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def english_title(result: LoadResult) -> str | None:
    return None if result.exhibition is None else result.exhibition.title.get("en")


class Reloads:
    """Collects what ``on_change`` got, and lets a test wait for the n-th reload."""

    def __init__(self) -> None:
        self.results: list[LoadResult] = []
        self._changed = threading.Condition()

    def __call__(self, result: LoadResult) -> None:
        with self._changed:
            self.results.append(result)
            self._changed.notify_all()

    def wait_for(self, count: int) -> list[LoadResult]:
        with self._changed:
            assert self._changed.wait_for(lambda: len(self.results) >= count, timeout=WAIT), \
                f"expected {count} reloads, got {len(self.results)}"
            return list(self.results)

    @property
    def titles(self) -> list[str | None]:
        return [english_title(r) for r in self.results]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return copy_demo(tmp_path)


@pytest.fixture
def watching(demo: Path):
    reloads = Reloads()
    watcher = ExhibitionWatcher(load_exhibition(demo), reloads, debounce=DEBOUNCE)
    watcher.start()
    yield demo, reloads, watcher
    watcher.stop()


def quiet() -> None:
    """Give a wrongly triggered reload the chance to happen before the sentinel."""
    time.sleep(DEBOUNCE * 3)


def test_save_by_rename_reloads_once(watching):
    demo, reloads, _ = watching
    save_by_rename(demo, with_title(demo, "Renamed into place"))
    first = reloads.wait_for(1)[0]
    assert english_title(first) == "Renamed into place"
    assert first.ok
    quiet()  # the reload read every file: that must not count as a change
    save_by_rename(demo, with_title(demo, "Sentinel"))
    reloads.wait_for(2)
    assert reloads.titles == ["Renamed into place", "Sentinel"]


def test_a_burst_of_ten_writes_reloads_once(watching):
    demo, reloads, _ = watching
    for n in range(10):
        demo.write_text(with_title(demo, f"Draft {n}"), encoding="utf-8")
    assert english_title(reloads.wait_for(1)[0]) == "Draft 9"
    quiet()
    save_by_rename(demo, with_title(demo, "Sentinel"))
    reloads.wait_for(2)
    assert reloads.titles == ["Draft 9", "Sentinel"]


def test_an_invalid_change_is_reported_with_its_errors(watching):
    demo, reloads, watcher = watching
    text = with_title(demo, "Broken").replace("languages: [az, en, ar, ru]", "languages: [az, en, ar, ru", 1)
    save_by_rename(demo, text)
    broken = reloads.wait_for(1)[0]
    assert not broken.ok
    assert broken.errors and f"{broken.errors[0].mark}".startswith(str(broken.errors[0].mark.file))
    assert broken.errors[0].mark.line > 1
    assert watcher.current is broken  # the app decides what to show; the watcher reports what it read
    save_by_rename(demo, with_title(demo, "Fixed"))  # the curator's fix is seen too
    assert english_title(reloads.wait_for(2)[1]) == "Fixed"


def test_a_new_photo_reloads_and_scratch_files_do_not(watching):
    demo, reloads, _ = watching
    photos = demo.parent.parent / "media" / "photos"
    # Things that change nothing: editor scratch files, a chmod, reading files.
    (photos / ".001.jpg.swp").write_bytes(b"vim")
    (demo.parent / "exhibition.yaml~").write_text("backup")
    (demo.parent / ".#exhibition.yaml").write_text("emacs lock")
    os.chmod(demo, 0o600)
    demo.read_bytes()
    (photos / "001.jpg").read_bytes()
    quiet()
    shutil.copy(photos / "001.jpg", photos / "013.jpg")  # a real change, deep in the media folder
    reloads.wait_for(1)
    quiet()
    assert len(reloads.results) == 1


def test_a_good_reload_is_kept_as_the_last_good_exhibition(demo, tmp_path):
    kept = LastGood(tmp_path / "home" / "last-good")
    reloads = Reloads()
    with ExhibitionWatcher(load_exhibition(demo), reloads, debounce=DEBOUNCE, last_good=kept):
        save_by_rename(demo, with_title(demo, "Kept"))
        reloads.wait_for(1)
    saved = kept.load()
    assert saved is not None and english_title(saved) == "Kept"


def test_a_content_update_switching_current_reloads_the_new_version(tmp_path):
    source = tmp_path / "stick"
    copy_demo(source)
    content = tmp_path / "content"
    update_content(source, content)
    reloads = Reloads()
    current = content / "current"
    with ExhibitionWatcher(load_exhibition(current), reloads, debounce=DEBOUNCE, path=current):
        demo = source / "config" / "exhibition.yaml"
        demo.write_text(with_title(demo, "Second version"), encoding="utf-8")
        report = update_content(source, content)
        new = reloads.wait_for(1)[-1]
    assert english_title(new) == "Second version"
    assert os.path.realpath(new.source).startswith(str((content / "versions" / report.version).resolve()))


@pytest.mark.parametrize(("path", "event_type", "expected"), [
    ("/x/config/exhibition.yaml", "modified", True),
    ("/x/config/exhibition.yaml", "created", True),
    ("/x/config/exhibition.yaml", "moved", True),
    ("/x/config/exhibition.yaml", "deleted", True),
    ("/x/config/exhibition.yaml", "closed", True),
    ("/x/config/exhibition.yaml", "opened", False),
    ("/x/config/exhibition.yaml", "closed_no_write", False),
    ("/x/config/exhibition.yaml", "attrib", False),
    ("/x/config/.exhibition.yaml.swp", "modified", False),
    ("/x/config/exhibition.yaml.swx", "created", False),
    ("/x/config/exhibition.yaml~", "created", False),
    ("/x/config/.#exhibition.yaml", "created", False),
    ("/x/config/#exhibition.yaml#", "modified", False),
    ("/x/config/4913", "created", False),
    ("/x/config/.goutputstream-ABC123", "modified", False),
    ("/x/media/photos/013.jpg.part", "modified", False),
    ("/x/media/photos/013.jpg", "created", True),
    ("/x/media/photos", "deleted", True),
])
def test_should_reload(path, event_type, expected):
    assert should_reload(path, event_type) is expected


def test_the_debouncer_waits_for_quiet_with_stepped_time():
    debouncer = Debouncer(0.4)
    assert debouncer.remaining(0.0) is None and not debouncer.take(0.0)
    for now in (0.0, 0.1, 0.3, 0.6):  # a burst: each event restarts the quiet period
        debouncer.touch(now)
        assert not debouncer.take(now + 0.39)
    assert debouncer.remaining(0.8) == pytest.approx(0.2)
    assert debouncer.take(1.0)
    assert not debouncer.take(1.1)  # once per burst
    assert not debouncer.pending


def test_the_plan_watches_yaml_folders_media_recursively_and_new_includes(demo):
    plan = plan_for(load_exhibition(demo))
    config, media = os.path.realpath(demo.parent), os.path.realpath(demo.parent.parent / "media")
    assert plan.folders == {config: False, media: True}
    assert plan.matters(os.path.join(config, "exhibition.yaml"))
    assert plan.matters(os.path.join(config, "more.yaml"))  # an include the curator is adding
    assert not plan.matters(os.path.join(config, "exhibition.schema.json"))
    assert plan.matters(os.path.join(media, "photos", "013.jpg"))
    assert not plan.matters(os.path.join(os.path.dirname(media), "notes.txt"))


def test_hot_reload_updates_and_the_schedule_report_import_no_kivy():
    import subprocess
    import sys

    code = ("import sys, kiosk.content.watch, kiosk.content.lastgood, kiosk.content.update, "
            "kiosk.content.schedule_report, kiosk.technician.doctor; "
            "print([m for m in sys.modules if m.split('.')[0] == 'kivy'])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr
