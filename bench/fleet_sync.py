"""How long from the curator's share to the kiosk showing it, over a real Syncthing pair on loopback.

Two Syncthing instances on 127.0.0.1 (tests/fleet/instances.py: own homes, no discovery,
relays or reports), the demo exhibition (6.6 MB, 42 files). Measured:

- first share: from `kiosk fleet join curator` (the share) to `content/current` switched;
- an edit: from saving a new exhibition.yaml (and asking Syncthing to scan, as its watcher
  does after its delay) to the new version live;

both with the agent's settle time at 1 s (the service default is 10 s, add it). The
baseline is `kiosk update` of the same folder on the same machine: the same validation,
copy, photo preparation and switch, without Syncthing.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.cli import main  # noqa: E402
from kiosk.content.update import current_version, update_content  # noqa: E402
from kiosk.fleet import EXHIBITION_FOLDER  # noqa: E402
from kiosk.fleet.agent import Agent, deep_validate, prepare_photos  # noqa: E402
from kiosk.fleet.join import load_kiosk_settings  # noqa: E402
from kiosk.fleet.status import ServiceInfo  # noqa: E402
from tests.fleet.instances import LocalSyncthing, why_syncthing_cannot_run  # noqa: E402

TITLE = '  en: "In memory — a sample exhibition"'


def wait(check, deadline=180.0) -> None:
    end = time.monotonic() + deadline
    while not check():
        if time.monotonic() > end:
            raise SystemExit("gave up waiting")
        time.sleep(0.05)


def main_bench() -> None:
    why = why_syncthing_cannot_run()
    if why:
        print(f"RESULT fleet_share_to_live=nan s baseline=nan s ratio=nan goal=<60s (skipped: {why})")
        return
    tmp = Path(tempfile.mkdtemp(prefix="kiosk-bench-fleet-"))
    try:
        exhibition = tmp / "exhibition"
        shutil.copytree(ROOT / "config", exhibition / "config")
        shutil.copytree(ROOT / "media", exhibition / "media")

        os.environ["KIOSK_HOME"] = str(tmp / "home")
        os.environ["KIOSK_CACHE"] = str(tmp / "cache-baseline")  # each side prepares its photos from scratch
        started = time.monotonic()
        update_content(exhibition, tmp / "baseline", validate=deep_validate, before_switch=prepare_photos)
        baseline = time.monotonic() - started

        os.environ["KIOSK_CACHE"] = str(tmp / "cache-fleet")
        curator = LocalSyncthing(tmp / "curator-st", "curator").start()
        kiosk = LocalSyncthing(tmp / "kiosk-st", "foyer").start()
        try:
            cid, kid = curator.device_id(), kiosk.device_id()
            fleet_home, content = tmp / "kiosk" / "fleet", tmp / "kiosk" / "content"
            main(["fleet", "join", "kiosk", "--name", "foyer", "--syncthing-home", str(kiosk.home), "--curator",
                  f"{cid}@{curator.address}", "--fleet-home", str(fleet_home), "--target", str(content)])
            agent = Agent(load_kiosk_settings(fleet_home), settle=1.0, status_every=5.0,
                          service=lambda: ServiceInfo(None, None))
            thread = threading.Thread(target=agent.run, daemon=True)
            thread.start()
            started = time.monotonic()
            main(["fleet", "join", "curator", "--syncthing-home", str(curator.home), "--exhibition", str(exhibition),
                  "--fleet", str(tmp / "kiosks"), "--kiosk", f"foyer={kid}@{kiosk.address}"])
            wait(lambda: current_version(content) is not None)
            first = time.monotonic() - started

            yaml = exhibition / "config" / "exhibition.yaml"
            before = current_version(content)
            started = time.monotonic()
            yaml.write_text(yaml.read_text(encoding="utf-8").replace(TITLE, '  en: "Edited"'), encoding="utf-8")
            curator.api.scan(EXHIBITION_FOLDER)
            wait(lambda: current_version(content) != before)
            edit = time.monotonic() - started
            agent.stop()
            thread.join(30)
        finally:
            kiosk.stop()
            curator.stop()
        print(f"first share to live: {first:.1f} s; an edit to live: {edit:.1f} s; "
              f"kiosk update of the same folder: {baseline:.1f} s")
        print(f"RESULT fleet_share_to_live={first:.1f} s baseline={baseline:.1f} s ratio={first / baseline:.1f}x "
              f"goal=<60s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main_bench()
