"""The fleet with the real engine: two Syncthing instances on 127.0.0.1, a curator and a kiosk.

The curator shares the demo exhibition; the kiosk's agent applies it once Syncthing
reports the inbox complete; a broken exhibition is refused and reported back in the
status folder; a sync stopped half-way applies nothing. Everything stays on loopback
(see instances.py).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import threading
import time
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content.loader import load_exhibition
from kiosk.content.update import current_version
from kiosk.fleet import EXHIBITION_FOLDER
from kiosk.fleet.agent import Agent, prepare_photos
from kiosk.content.digest import content_digest
from kiosk.fleet.join import load_kiosk_settings
from kiosk.fleet.status import ServiceInfo
from kiosk.technician.pin import PinStore

from .instances import LocalSyncthing, why_syncthing_cannot_run

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(why_syncthing_cannot_run() is not None, reason=why_syncthing_cannot_run() or ""),
              pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parents[2]
TITLE = '  en: "In memory — a sample exhibition"'
SYNC_DEADLINE = 120.0


def retitle(exhibition: Path, title: str) -> None:
    path = exhibition / "config" / "exhibition.yaml"
    text = path.read_text(encoding="utf-8")
    assert TITLE in text
    path.write_text(text.replace(TITLE, f'  en: "{title}"'), encoding="utf-8")


def live_title(content: Path) -> str:
    result = load_exhibition(content / "current")
    assert result.exhibition is not None and result.ok
    return result.exhibition.title.get("en")


def wait_for(what: str, check, deadline: float = SYNC_DEADLINE, step=None):
    """Poll ``check`` (optionally running ``step`` first) until it returns something true."""
    end = time.monotonic() + deadline
    while True:
        if step is not None:
            step()
        value = check()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"gave up after {deadline:.0f} s waiting for {what}")
        time.sleep(0.2)


class Venue:
    """A curator and one kiosk, joined through the real commands."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.exhibition = tmp / "exhibition"
        shutil.copytree(ROOT / "config", self.exhibition / "config")
        shutil.copytree(ROOT / "media", self.exhibition / "media")
        self.fleet = tmp / "kiosks"                      # on the curator's machine
        self.kiosk_home = tmp / "kiosk-home" / "fleet"   # on the kiosk
        self.content = tmp / "kiosk-home" / "content"
        self.curator = LocalSyncthing(tmp / "curator-syncthing", "curator").start()
        self.kiosk = LocalSyncthing(tmp / "kiosk-syncthing", "foyer").start()
        self.curator_id, self.kiosk_id = self.curator.device_id(), self.kiosk.device_id()

    def join(self) -> None:
        assert main(["fleet", "join", "kiosk", "--name", "foyer", "--syncthing-home", str(self.kiosk.home),
                     "--curator", f"{self.curator_id}@{self.curator.address}", "--fleet-home", str(self.kiosk_home),
                     "--target", str(self.content)]) == 0
        assert main(["fleet", "join", "curator", "--syncthing-home", str(self.curator.home),
                     "--exhibition", str(self.exhibition), "--fleet", str(self.fleet),
                     "--kiosk", f"foyer={self.kiosk_id}@{self.kiosk.address}"]) == 0

    def agent(self, settle: float = 1.0) -> Agent:
        settings = load_kiosk_settings(self.kiosk_home)
        assert settings is not None
        return Agent(settings, settle=settle, status_every=1.0, prepare=prepare_photos,
                     service=lambda: ServiceInfo(kiosk_seconds=42.0, restarts=1))

    def reported(self) -> dict | None:
        """The kiosk's status as it arrived on the curator's machine."""
        try:
            return json.loads((self.fleet / "foyer" / "status.json").read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None

    def stop(self) -> None:
        self.kiosk.stop()
        self.curator.stop()


@pytest.fixture
def venue(tmp_path, monkeypatch):
    # the kiosk's own folder: its technician PIN (a kiosk joins a fleet only with one) and the
    # curator keys it trusts
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "kiosk-home"))
    PinStore().set("4826")
    venue = Venue(tmp_path)
    yield venue
    venue.stop()


def run_in_background(agent: Agent) -> threading.Thread:
    thread = threading.Thread(target=agent.run, daemon=True)
    thread.start()
    return thread


def test_the_instances_stay_on_loopback_and_lan_only(venue):
    venue.join()
    for instance in (venue.curator, venue.kiosk):
        options = instance.api.options()
        assert options["listenAddresses"] == [instance.address]
        assert options["globalAnnounceEnabled"] is False and options["localAnnounceEnabled"] is False
        assert options["relaysEnabled"] is False and options["natEnabled"] is False
        assert options["urAccepted"] == -1 and options["crashReportingEnabled"] is False
        assert options["autoUpgradeIntervalH"] == 0
    kiosk_side = {f["id"]: f for f in venue.kiosk.api.folders()}
    curator_side = {f["id"]: f for f in venue.curator.api.folders()}
    assert kiosk_side[EXHIBITION_FOLDER]["type"] == "receiveonly"
    assert kiosk_side["kiosk-status-foyer"]["type"] == "sendonly"
    assert curator_side[EXHIBITION_FOLDER]["type"] == "sendonly"
    assert curator_side["kiosk-status-foyer"]["type"] == "receiveonly"
    # joining again changes nothing and adds no second copy of anything
    venue.join()
    assert len(venue.kiosk.api.folders()) == 2 and len(venue.curator.api.devices()) == 2


def test_a_shared_exhibition_goes_live_and_a_broken_one_is_refused_and_reported(venue, capsys):
    venue.join()
    agent = venue.agent()
    thread = run_in_background(agent)
    try:
        expected = content_digest(venue.exhibition)
        wait_for("the kiosk to apply the shared exhibition", lambda: current_version(venue.content))
        assert live_title(venue.content) == "In memory — a sample exhibition"
        status = wait_for("the kiosk's status on the curator's machine",
                          lambda: (s := venue.reported()) and s["live"]["content"] == expected and s)
        assert status["kiosk"] == "foyer" and status["last_apply"]["result"] == "applied"
        assert status["live"]["version"] == current_version(venue.content)
        assert status["restarts"] == 1 and status["uptime"]["kiosk_s"] == 42.0
        assert status["disk_free_bytes"] > 0
        capsys.readouterr()
        assert main(["fleet", "status", str(venue.fleet)]) == 0
        out = capsys.readouterr().out
        assert "foyer" in out and "seen just now" in out and "ok" in out and "STALE" not in out

        # the curator saves a broken exhibition: a photo that is not there, a misspelt key
        live = current_version(venue.content)
        yaml = venue.exhibition / "config" / "exhibition.yaml"
        text = yaml.read_text(encoding="utf-8")
        yaml.write_text(text.replace("photos/001.jpg", "photos/missing.jpg").replace("\nidle:", "\nidel:", 1),
                        encoding="utf-8")
        venue.curator.api.scan(EXHIBITION_FOLDER)
        status = wait_for("the refusal to be reported", lambda: (s := venue.reported())
                          and (s.get("last_apply") or {}).get("result") == "refused" and s)
        problems = status["last_apply"]["problems"]
        assert any(p.startswith("config/exhibition.yaml:") and "missing.jpg" in p for p in problems), problems
        assert len(problems) >= 2, problems
        line, column = problems[0].split(":")[1:3]
        assert int(line) > 0 and int(column) > 0
        assert current_version(venue.content) == live  # the last good content stays
        assert live_title(venue.content) == "In memory — a sample exhibition"
        assert status["live"]["content"] == expected
        capsys.readouterr()
        assert main(["fleet", "status", str(venue.fleet)]) == 1  # the kiosk runs other content than the curator's
        out = capsys.readouterr().out
        assert "OTHER CONTENT" in out and "refused" in out
        assert "foyer: config/exhibition.yaml:" in out and "missing.jpg" in out
    finally:
        agent.stop()
        thread.join(30)


def noise_photo(path: Path, side: int = 2400) -> None:
    """A photo that compresses badly, so it takes a while to sync."""
    from PIL import Image

    rng = random.Random(7)
    Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3)).save(path, "JPEG", quality=95)


def test_a_sync_stopped_half_way_applies_nothing(venue):
    venue.join()
    agent = venue.agent(settle=0.5)
    wait_for("the first exhibition to go live", lambda: current_version(venue.content), step=agent.step)
    first = current_version(venue.content)

    # Slow the curator down so the new version arrives in pieces, small files first.
    venue.curator.api.set_options({"maxSendKbps": 400, "limitBandwidthInLan": True})
    venue.kiosk.api.patch_folder(EXHIBITION_FOLDER, order="smallestFirst")
    retitle(venue.exhibition, "Second version")
    noise_photo(venue.exhibition / "media" / "photos" / "001.jpg")
    assert (venue.exhibition / "media" / "photos" / "001.jpg").stat().st_size > 4_000_000
    venue.curator.api.scan(EXHIBITION_FOLDER)

    inbox_yaml = venue.kiosk_home / "inbox" / "config" / "exhibition.yaml"
    wait_for("the new exhibition.yaml to arrive before the big photo",
             lambda: "Second version" in inbox_yaml.read_text(encoding="utf-8"))
    state = venue.kiosk.api.folder_status(EXHIBITION_FOLDER)
    assert state["needBytes"] > 0, state
    venue.curator.stop()  # the curator's laptop goes away half-way
    wait_for("the kiosk to notice", lambda: not venue.kiosk.api.connections()
             .get(venue.curator_id, {}).get("connected", False))

    # The inbox now holds a new exhibition.yaml beside the old photo: on its own it would
    # validate, so only Syncthing's "not complete" keeps it off the screen.
    assert load_exhibition(inbox_yaml).ok
    for _ in range(5):
        outcome = agent.step()
        assert outcome.result == "waiting", outcome
        assert "still to come" in outcome.message
    status = agent.write_status()
    assert status["sync"]["need_items"] > 0 and status["sync"]["complete"] is False
    assert current_version(venue.content) == first
    assert live_title(venue.content) == "In memory — a sample exhibition"

    # The curator comes back: the rest arrives and the whole new version goes live.
    venue.curator.start()
    venue.curator.api.set_options({"maxSendKbps": 0})
    wait_for("the second version to go live", lambda: current_version(venue.content) != first, step=agent.step)
    assert live_title(venue.content) == "Second version"
    assert agent.inbox.live()[1] == content_digest(venue.exhibition)


def test_a_kiosk_that_trusts_a_curator_key_refuses_an_unsigned_push_and_applies_the_signed_one(venue, capsys):
    """The same push through real Syncthing: unsigned, it is refused and reported; signed by
    the trusted key (the same files), it goes live; one byte changed after signing, refused."""
    assert main(["keygen", "--out", str(venue.tmp / "curator-keys"), "--name", "Curator"]) == 0
    assert main(["trust", str(venue.tmp / "curator-keys" / "curator.pub")]) == 0
    capsys.readouterr()
    venue.join()
    agent = venue.agent(settle=0.5)
    status = wait_for("the unsigned push to be refused", lambda: (outcome := agent.step()).result == "refused"
                      and outcome)
    assert "is not signed" in status.message and current_version(venue.content) is None
    reported = agent.write_status()
    assert reported["last_apply"]["result"] == "refused" and "not signed" in reported["last_apply"]["message"]

    assert main(["sign", str(venue.exhibition), "--key", str(venue.tmp / "curator-keys" / "curator.key")]) == 0
    venue.curator.api.scan(EXHIBITION_FOLDER)
    wait_for("the signed exhibition to go live", lambda: current_version(venue.content), step=agent.step)
    live = current_version(venue.content)
    assert live_title(venue.content) == "In memory — a sample exhibition"

    photo = venue.exhibition / "media" / "photos" / "002.jpg"
    data = bytearray(photo.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit of one photo, after signing
    photo.write_bytes(bytes(data))
    venue.curator.api.scan(EXHIBITION_FOLDER)
    outcome = wait_for("the changed photo to be refused", lambda: (o := agent.step()).result == "refused"
                       and "002.jpg" in o.message and o)
    assert "media/photos/002.jpg: changed after signing (its SHA-256 differs)" in outcome.message
    assert current_version(venue.content) == live
