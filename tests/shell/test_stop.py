"""`kiosk run` ends cleanly on SIGTERM (systemd stopping the service) and SIGINT (Ctrl+C).

SDL would otherwise turn both into a window-close request, which the lockdown refuses.
The real app runs here in SDL's offscreen window, in a process of its own.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_kiosk_run_stops_cleanly_on_a_signal(tmp_path, signum):
    env = {**os.environ, "SDL_VIDEODRIVER": "offscreen", "SDL_AUDIODRIVER": "dummy",
           "KIOSK_HOME": str(tmp_path / "home")}
    log = tmp_path / "kiosk.log"
    with log.open("w") as out:
        kiosk = subprocess.Popen([sys.executable, "-m", "kiosk", "run"], env=env, stdout=out,
                                 stderr=subprocess.STDOUT, cwd=Path(__file__).parents[2])
    try:
        deadline = time.monotonic() + 60
        while "Start application main loop" not in log.read_text():
            assert kiosk.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the kiosk did not start:\n" + log.read_text()
            time.sleep(0.2)
        time.sleep(1.0)  # running: frames drawn, the attract loop started
        assert kiosk.poll() is None, log.read_text()
        kiosk.send_signal(signum)
        assert kiosk.wait(15) == 0, log.read_text()
        said = log.read_text()
        assert f"{signal.Signals(signum).name}: stopping the kiosk" in said
        # a first start says nothing alarming: no traceback (Kivy's for a missing libmtdev is one line)
        assert "Traceback" not in said, said
        assert len([line for line in said.splitlines() if "mtdev" in line.lower()]) <= 1, said
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
