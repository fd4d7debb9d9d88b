"""The fleet's parts that need no Syncthing: fingerprints, the status folder, the fleet's view, deploy."""

from __future__ import annotations

import configparser
import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from kiosk.cli import main
from kiosk.content.problems import Mark, Problem
from kiosk.fleet import check_name, status_folder_id
from kiosk.content.digest import content_digest
from kiosk.fleet.inbox import SyncState, curator_problem
from kiosk.fleet.join import parse_peer
from kiosk.fleet.status import STALE_AFTER, ServiceInfo, StatusWriter, format_fleet, read_fleet
from kiosk.ui.screenshot import screenshot_plan

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NOW = dt.datetime(2027, 2, 26, 18, 45, tzinfo=dt.timezone.utc)
DEVICE = "MJTBYRT-UHLEJ2J-GI73Y5I-HIBOBS7-F5WDXVK-7TR46L7-TI25HKQ-5H5PYQQ"


def test_the_fleet_package_imports_no_kivy():
    done = subprocess.run([sys.executable, "-c", "import sys, kiosk.fleet, kiosk.fleet.agent, kiosk.fleet.commands, "
                           "kiosk.fleet.status, kiosk.fleet.join, kiosk.fleet.inbox; "
                           "print([m for m in sys.modules if m.split('.')[0] == 'kivy'])"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def exhibition(folder: Path) -> Path:
    (folder / "config").mkdir(parents=True)
    (folder / "media" / "photos").mkdir(parents=True)
    (folder / "config" / "exhibition.yaml").write_text("title: x\n", encoding="utf-8")
    (folder / "media" / "photos" / "001.jpg").write_bytes(b"\xff\xd8photo")
    return folder


def test_a_digest_names_the_content_not_the_folder_nor_syncthings_files(tmp_path):
    curator, kiosk = exhibition(tmp_path / "curator"), exhibition(tmp_path / "kiosk")
    (kiosk / ".stfolder").mkdir()
    (kiosk / ".stignore").write_text("*.psd\n")
    (kiosk / "media" / ".syncthing.001.jpg.tmp").write_bytes(b"half")
    assert content_digest(curator) == content_digest(kiosk)
    before = content_digest(kiosk)
    (kiosk / "media" / "photos" / "001.jpg").write_bytes(b"\xff\xd8photO")  # one byte, same size
    assert content_digest(kiosk) != before
    (kiosk / "media" / "photos" / "001.jpg").rename(kiosk / "media" / "photos" / "002.jpg")
    (curator / "media" / "photos" / "001.jpg").write_bytes(b"\xff\xd8photO")
    assert content_digest(kiosk) != content_digest(curator)  # same bytes, another name


def test_the_digest_cache_is_used_and_follows_changes(tmp_path):
    folder, cache = exhibition(tmp_path / "ex"), tmp_path / "hashes.json"
    first = content_digest(folder, cache)
    assert content_digest(folder, cache) == first
    entries = json.loads(cache.read_text())
    assert len(entries) == 2
    photo = folder / "media" / "photos" / "001.jpg"
    photo.write_bytes(b"\xff\xd8other!")
    assert content_digest(folder, cache) == content_digest(folder) != first


def test_syncthings_report_decides_completeness():
    idle = {"state": "idle", "needTotalItems": 0, "needBytes": 0, "sequence": 9, "globalFiles": 40,
            "pullErrors": 0, "errors": 0}
    assert SyncState.from_status(idle).complete
    assert not SyncState.from_status({**idle, "state": "syncing"}).complete
    half = SyncState.from_status({**idle, "needTotalItems": 1, "needBytes": 5_000_000, "pullErrors": 1})
    assert not half.complete
    assert half.describe().startswith("1 item (5.0 MB) still to come; Syncthing reports 1 error")
    # an older Syncthing without needTotalItems
    old = {k: v for k, v in idle.items() if k != "needTotalItems"}
    assert not SyncState.from_status({**old, "needDeletes": 2}).complete


def test_problems_point_into_the_exhibition_folder_as_the_curator_has_it(tmp_path):
    inbox, versions = tmp_path / "fleet" / "inbox", tmp_path / "content" / "versions"
    problem = Problem(Mark(str(inbox / "config" / "exhibition.yaml"), 12, 5), "unknown key 'idel'")
    assert curator_problem(problem, inbox, versions) == "config/exhibition.yaml:12:5: error: unknown key 'idel'"
    copied = Problem(Mark(str(versions / "0004-20270226-184500" / "config" / "photos.yaml"), 3, 9), "no such file")
    assert curator_problem(copied, inbox, versions) == "config/photos.yaml:3:9: error: no such file"


def test_names_and_device_ids_are_checked():
    assert status_folder_id("photo-wall") == "kiosk-status-photo-wall"
    for bad in ("Foyer", "photo wall", "", "-x", "a" * 41):
        with pytest.raises(ValueError):
            check_name(bad)
    assert parse_peer(DEVICE.lower()) == (DEVICE, ["dynamic"])
    assert parse_peer(f"{DEVICE}@tcp://192.168.1.10:22000") == (DEVICE, ["tcp://192.168.1.10:22000"])
    with pytest.raises(ValueError, match="not a Syncthing device ID"):
        parse_peer("ABC-DEF")


def png(path: Path, size=(1920, 1080)) -> Path:
    Image.new("RGB", size, (200, 30, 30)).save(path)
    return path


def analytics_db(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE visits (id INTEGER PRIMARY KEY, language TEXT)")
    db.executemany("INSERT INTO visits (language) VALUES (?)", [("az",), ("en",), ("ar",)])
    db.commit()
    return db


def test_the_status_folder_holds_status_screenshot_and_a_consistent_analytics_copy(tmp_path):
    status, scratch = tmp_path / "status", tmp_path / "scratch"
    screen = png(tmp_path / "screen.png")
    db = analytics_db(tmp_path / "analytics.sqlite3")  # still open, its rows in the WAL
    db.execute("BEGIN")
    db.execute("INSERT INTO visits (language) VALUES ('ru')")  # not committed: must not be copied
    writer = StatusWriter("foyer", status, scratch, content_dir=tmp_path, screenshot=screen,
                          analytics=tmp_path / "analytics.sqlite3", service=lambda: ServiceInfo(3600.0, 2),
                          now=lambda: NOW)
    written = writer.write(live=("0004-20270226-184500", "ab" * 32),
                           last_apply={"result": "applied", "problems": []}, sync={"need_items": 0})
    db.rollback()
    db.close()
    assert sorted(p.name for p in status.iterdir()) == ["analytics.sqlite3", "screen.jpg", "status.json"]
    on_disk = json.loads((status / "status.json").read_text())
    assert on_disk == written
    assert on_disk["kiosk"] == "foyer" and on_disk["last_seen"] == "2027-02-26T18:45:00+00:00"
    assert on_disk["live"] == {"version": "0004-20270226-184500", "content": "ab" * 32}
    assert on_disk["restarts"] == 2 and on_disk["uptime"]["kiosk_s"] == 3600.0
    assert on_disk["disk_free_bytes"] > 0 and on_disk["screenshot"]["file"] == "screen.jpg"
    with Image.open(status / "screen.jpg") as shot:
        assert shot.format == "JPEG" and shot.size == (1280, 720)
        assert shot.getpixel((640, 360))[0] > 150
    copy = sqlite3.connect(status / "analytics.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert [r[0] for r in copy.execute("SELECT language FROM visits ORDER BY id")] == ["az", "en", "ar"]
    copy.close()
    assert list(scratch.iterdir()) == []  # nothing left half-written


def status_folder(fleet: Path, name: str, seen: dt.datetime, content: str, **extra) -> None:
    (fleet / name).mkdir(parents=True)
    status = {"kiosk": name, "last_seen": seen.isoformat(), "live": {"version": "0003-x", "content": content},
              "last_apply": {"result": "applied"}, **extra}
    (fleet / name / "status.json").write_text(json.dumps(status))


def test_the_fleet_view_flags_stale_kiosks_and_other_content(tmp_path):
    fleet = tmp_path / "kiosks"
    status_folder(fleet, "foyer", NOW - dt.timedelta(minutes=2), "c" * 64)
    status_folder(fleet, "photo-wall", NOW - STALE_AFTER - dt.timedelta(seconds=1), "c" * 64)
    status_folder(fleet, "reading-room", NOW - dt.timedelta(seconds=30), "d" * 64,
                  last_apply={"result": "refused", "content": "c" * 64, "message": "content cccccccccccc has 1 error",
                              "problems": ["config/exhibition.yaml:12:5: error: unknown key 'idel'"]})
    lines = {line.name: line for line in read_fleet(fleet, "c" * 64, names=["lobby"], now=NOW)}
    assert lines["foyer"].healthy
    assert lines["photo-wall"].stale and not lines["photo-wall"].other_content
    assert lines["reading-room"].other_content and not lines["reading-room"].stale
    assert lines["lobby"].stale and lines["lobby"].note == "never reported"
    text = format_fleet(list(lines.values()), "c" * 64, now=NOW)
    rows = {row.split()[0]: row for row in text.splitlines()[1:] if row and not row.startswith("reading-room:")}
    assert "seen 2 min ago" in rows["foyer"] and rows["foyer"].rstrip().endswith("ok")
    assert "seen 10 min ago" in rows["photo-wall"] and "STALE" in rows["photo-wall"]
    assert "OTHER CONTENT" in rows["reading-room"] and "refused cccccccccccc" in rows["reading-room"]
    assert "seen never" in rows["lobby"]
    assert "reading-room: config/exhibition.yaml:12:5: error: unknown key 'idel'" in text


def test_fleet_status_exits_1_when_a_kiosk_is_stale_or_behind(tmp_path, capsys):
    ex = exhibition(tmp_path / "ex")
    expected = content_digest(ex)
    fleet = tmp_path / "kiosks"
    now = dt.datetime.now(dt.timezone.utc)
    status_folder(fleet, "foyer", now, expected)
    assert main(["fleet", "status", str(fleet), "--exhibition", str(ex)]) == 0
    assert "foyer" in capsys.readouterr().out
    status_folder(fleet, "photo-wall", now - dt.timedelta(minutes=11), expected)
    assert main(["fleet", "status", str(fleet), "--exhibition", str(ex)]) == 1
    shutil.rmtree(fleet / "photo-wall")
    (ex / "config" / "exhibition.yaml").write_text("title: y\n")  # the curator moved on
    assert main(["fleet", "status", str(fleet), "--exhibition", str(ex)]) == 1
    assert "OTHER CONTENT" in capsys.readouterr().out


def test_screenshots_are_planned_from_the_environment():
    assert screenshot_plan({}) is None
    plan = screenshot_plan({"KIOSK_SCREENSHOT": "/var/lib/kiosk/fleet/screen.png"})
    assert plan is not None and plan.path == Path("/var/lib/kiosk/fleet/screen.png") and plan.every == 180.0
    assert screenshot_plan({"KIOSK_SCREENSHOT": "/s.png", "KIOSK_SCREENSHOT_EVERY": "1"}).every == 10.0


def test_the_agent_unit_runs_beside_the_kiosk_and_install_sets_up_syncthing():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read(DEPLOY / "kiosk-fleet.service")
    assert unit["Service"]["ExecStart"] == "/opt/kiosk/venv/bin/kiosk fleet agent"
    assert unit["Service"]["User"] == "kiosk" and unit["Service"]["Restart"] == "always"
    assert "syncthing@kiosk.service" in unit["Unit"]["Wants"]
    assert "Environment=KIOSK_SCREENSHOT=/var/lib/kiosk/fleet/screen.png\n" in (DEPLOY / "kiosk.service").read_text()
    done = subprocess.run(["bash", str(DEPLOY / "install.sh"), "--dry-run", "--no-apt", "--no-start"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "kiosk fleet init" in done.stdout
    assert "+ systemctl enable syncthing@kiosk.service kiosk-fleet.service" in done.stdout
    # LAN-only is set before Syncthing's first start: init comes before the enable
    assert done.stdout.index("kiosk fleet init") < done.stdout.index("enable syncthing@kiosk.service")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_systemd_accepts_the_agent_unit(tmp_path):
    shutil.copy(DEPLOY / "kiosk-fleet.service", tmp_path / "kiosk-fleet.service")
    done = subprocess.run(["systemd-analyze", "verify", str(tmp_path / "kiosk-fleet.service")],
                          capture_output=True, text=True, timeout=60)
    complaints = [line for line in done.stderr.splitlines()
                  if line.strip() and "/opt/kiosk/venv/bin/kiosk" not in line and "syncthing@" not in line]
    assert complaints == []


def test_a_screen_asleep_on_purpose_is_healthy_and_one_that_should_be_awake_is_flagged(tmp_path):
    fleet = tmp_path / "kiosks"
    local = NOW.astimezone().replace(tzinfo=None)  # the venue's wall clock
    asleep = {"display": "asleep", "should_be": "asleep", "reason": "closed until 09:00", "power": "DPMS",
              "since": (local - dt.timedelta(hours=3)).isoformat(), "until": (local + dt.timedelta(hours=9)).isoformat()}
    status_folder(fleet, "foyer", NOW - dt.timedelta(minutes=1), "c" * 64, display=asleep)
    woke_at = local - dt.timedelta(minutes=20)
    status_folder(fleet, "lobby", NOW - dt.timedelta(minutes=1), "c" * 64,  # it never woke
                  display={**asleep, "until": woke_at.isoformat(), "reason": f"closed until {woke_at:%H:%M}"})
    status_folder(fleet, "stairs", NOW - dt.timedelta(minutes=1), "c" * 64,
                  display={**asleep, "display": "awake", "should_be": "awake", "reason": "open until 18:00",
                           "error": "cec-client failed (no such device)"})
    lines = {line.name: line for line in read_fleet(fleet, "c" * 64, now=NOW)}
    assert lines["foyer"].healthy and lines["foyer"].screen == "asleep (closed until 09:00)"
    assert not lines["lobby"].healthy and lines["lobby"].should_wake and not lines["lobby"].stale
    assert not lines["stairs"].healthy
    text = format_fleet(list(lines.values()), "c" * 64, now=NOW)
    rows = {row.split()[0]: row for row in text.splitlines()[1:]}
    assert rows["foyer"].endswith("ok; asleep (closed until 09:00)")
    assert f"SHOULD BE AWAKE; asleep (closed until {woke_at:%H:%M}); it should have woken at {woke_at:%H:%M}" \
        in rows["lobby"]
    assert "SHOULD BE AWAKE; display: cec-client failed (no such device)" in rows["stairs"]


def test_the_status_carries_what_the_kiosk_says_of_its_screen(tmp_path):
    state = {"display": "asleep", "should_be": "asleep", "reason": "closed until 09:00", "power": "DPMS",
             "since": "2027-02-26T18:00:00", "until": "2027-02-27T09:00:00", "error": None}
    (tmp_path / "display.json").write_text(json.dumps(state))
    from kiosk.fleet.status import display_state

    writer = StatusWriter("foyer", tmp_path / "status", tmp_path / "scratch", content_dir=tmp_path,
                          service=lambda: ServiceInfo(1.0, 0), now=lambda: NOW,
                          display=lambda: display_state(tmp_path / "display.json"))
    assert writer.write(live=(None, None), last_apply=None, sync=None)["display"] == state
