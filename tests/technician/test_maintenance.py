"""The maintenance screen's logic without Kivy: what the kiosk shows and since when, the
box's power through systemctl, the technician's language, the content folder a stick updates."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

from kiosk.content.loader import load_exhibition
from kiosk.content.update import CURRENT, current_version, rollback, update_content
from kiosk.technician.maintenance import FakePower, SystemdPower, kiosk_status

ROOT = Path(__file__).resolve().parents[2]


def demo_copy(folder: Path) -> Path:
    shutil.copytree(ROOT / "config", folder / "config")
    shutil.copytree(ROOT / "media", folder / "media")
    return folder


def test_status_says_what_is_live_since_when_and_what_a_rollback_brings_back(tmp_path):
    content = tmp_path / "content"
    update_content(demo_copy(tmp_path / "a"), content)
    first = current_version(content)
    update_content(demo_copy(tmp_path / "b"), content)
    second = current_version(content)
    switched = dt.datetime(2027, 2, 26, 18, 45)
    os.utime(content / CURRENT, (switched.timestamp(), switched.timestamp()), follow_symlinks=False)
    loaded = load_exhibition(content / CURRENT)
    status = kiosk_status(loaded, content, why=None)
    assert (status.content, status.since, status.previous) == (second, switched, first)
    assert status.problems == () and status.version
    rollback(content)
    assert kiosk_status(loaded, content).content == first


def test_status_lists_the_problems_of_the_last_load_and_why_the_last_good_copy_shows(tmp_path):
    folder = demo_copy(tmp_path / "ex")
    path = folder / "config" / "exhibition.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nbogus_key: 1\n", encoding="utf-8")
    loaded = load_exhibition(path)
    status = kiosk_status(loaded, tmp_path / "no-content", why="3 errors in exhibition.yaml; the last good copy shows")
    assert status.content is None and status.since is None and status.previous is None
    assert status.problems[0] == "3 errors in exhibition.yaml; the last good copy shows"
    assert any("bogus_key" in p and "exhibition.yaml:" in p for p in status.problems[1:]), status.problems


def test_reboot_and_power_off_go_to_systemctl_and_say_why_when_refused():
    calls = []

    def run(args):
        calls.append(args)
        refused = args[1] == "poweroff"
        return subprocess.CompletedProcess(args, 1 if refused else 0, "",
                                           "Access denied" if refused else "")

    power = SystemdPower(run)
    assert power.reboot() is None
    assert power.power_off() == "Access denied"
    assert calls == [["systemctl", "reboot", "--no-ask-password"], ["systemctl", "poweroff", "--no-ask-password"]]
    missing = SystemdPower(lambda args: (_ for _ in ()).throw(FileNotFoundError(2, "No such file", "systemctl")))
    assert "No such file" in missing.reboot()


def test_the_fake_power_records_what_was_asked():
    power = FakePower()
    power.reboot()
    power.power_off()
    assert power.asked == ["reboot", "poweroff"]


def test_the_technician_language_is_read_from_the_exhibition_and_defaults_to_english(tmp_path):
    folder = demo_copy(tmp_path / "ex")
    path = folder / "config" / "exhibition.yaml"
    text = path.read_text(encoding="utf-8")
    assert load_exhibition(path).exhibition.technician.language == "en"
    path.write_text(text + "\ntechnician: {language: az}\n", encoding="utf-8")
    assert load_exhibition(path).exhibition.technician.language == "az"
    path.write_text(text + "\ntechnician: {language: English}\n", encoding="utf-8")
    result = load_exhibition(path)
    assert result.exhibition is None
    assert any("technician" in str(p.loc) or "English" in p.message for p in result.errors), result.errors


def test_a_stick_updates_the_content_folder_the_kiosk_shows(tmp_path, monkeypatch):
    from kiosk.shell.runner import _content_dir_of

    content = tmp_path / "content"
    update_content(demo_copy(tmp_path / "a"), content)
    assert _content_dir_of(content / CURRENT) == content
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "home"))
    assert _content_dir_of(ROOT / "config" / "exhibition.yaml") == tmp_path / "home" / "content"
