"""Real Syncthing instances for tests and benchmarks, on 127.0.0.1 only.

Each has its own home with keys from ``syncthing generate``, its REST API and its sync
listener on loopback ports, and no discovery, relays, port mapping or reports: nothing
it does leaves this machine.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from kiosk.fleet.syncthing import Syncthing, init_home, read_endpoint


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def why_syncthing_cannot_run() -> str | None:
    """None when a real Syncthing can be started here; else the reason, for the skip."""
    binary = shutil.which("syncthing")
    if binary is None:
        return "syncthing is not installed (Debian: apt-get install syncthing; .ci/run installs it)"
    try:
        done = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
    except OSError as exc:
        return f"syncthing cannot be started here: {exc}"
    if done.returncode != 0 or "syncthing v1." not in done.stdout:
        return f"syncthing --version says {done.stdout.strip() or done.stderr.strip()!r}; the tests need v1.x"
    return None


class LocalSyncthing:
    """One Syncthing on loopback, started and stopped by the test."""

    def __init__(self, home: Path, name: str) -> None:
        self.home = Path(home)
        self.name = name
        self.port = free_port()
        self.gui_port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        init_home(self.home, listen=[f"tcp://127.0.0.1:{self.port}"], gui_address=f"127.0.0.1:{self.gui_port}",
                  local_discovery=False, name=name)
        self.api = Syncthing(read_endpoint(self.home))
        self.log = self.home / "syncthing.log"

    @property
    def address(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> "LocalSyncthing":
        env = {**os.environ, "STNOUPGRADE": "1", "STNORESTART": "1",
               # belt and braces: anything that would still try the internet meets a closed port
               "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": "127.0.0.1"}
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                ["syncthing", "serve", f"--home={self.home}", "--no-browser", "--no-restart", "--no-upgrade",
                 "--logflags=3"], stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        self.api.wait_until_up(time.monotonic() + timeout)
        return self

    def stop(self, timeout: float = 20.0) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        self.process = None

    def device_id(self) -> str:
        return self.api.device_id()
