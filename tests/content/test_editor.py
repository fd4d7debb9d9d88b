"""The curator's editor: the real YAML language server reads the committed schema.

The YAML extensions of the common editors run ``yaml-language-server`` (npm). This test
installs it into a cache folder, starts it over stdio and speaks LSP JSON-RPC to it as
an editor does, with the demo's own modeline (``# yaml-language-server: $schema=...``).
Without node and npm it skips and says so. It takes about 5 s once installed.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "config" / "exhibition.yaml"
SCHEMA = ROOT / "config" / "exhibition.schema.json"
SERVER_VERSION = "1.19.2"



def _cache() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "kiosk-tests" / f"yaml-language-server-{SERVER_VERSION}"


@pytest.fixture(scope="module")
def server_script() -> Path:
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("node and npm are not installed (Debian: apt-get install nodejs npm); "
                    "the editor check needs the real yaml-language-server")
    folder = _cache()
    script = folder / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
    if not script.exists():
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(folder),
                               f"yaml-language-server@{SERVER_VERSION}"],
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0 or not script.exists():
            pytest.skip(f"npm could not install yaml-language-server@{SERVER_VERSION}: "
                        f"{(done.stderr or done.stdout).strip()[-400:]}")
    return script


class LanguageServer:
    """An editor's side of LSP: JSON-RPC with Content-Length frames over stdio."""

    def __init__(self, script: Path, root: Path) -> None:
        self.process = subprocess.Popen(["node", str(script), "--stdio"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.settings = {"yaml": {"validate": True, "hover": True, "completion": True,
                                  "schemaStore": {"enable": False}, "format": {"enable": False}}}
        self.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(),
                                    "capabilities": {"workspace": {"configuration": True},
                                                     "textDocument": {"publishDiagnostics": {}}}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        asked = self.next_id
        self._send({"id": asked, "method": method, "params": params})
        while True:
            message = self._next(30)
            if message.get("id") == asked and "method" not in message:
                return message.get("result")

    def _next(self, seconds: float) -> dict[str, Any]:
        message = self.messages.get(timeout=seconds)
        method = message.get("method")
        if method and "id" in message:  # the server asks: configuration, registrations
            result: Any = None
            if method == "workspace/configuration":
                result = [self.settings.get(item.get("section", ""), self.settings) if item.get("section")
                          else self.settings for item in message["params"]["items"]]
                result = [self.settings["yaml"] if item.get("section") == "yaml" else r
                          for item, r in zip(message["params"]["items"], result)]
            self._send({"id": message["id"], "result": result})
        elif method == "textDocument/publishDiagnostics":
            self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
        return message

    def check(self, paths: list[Path], seconds: float = 90) -> dict[str, list[dict[str, Any]]]:
        """Open each file as an editor does and wait for the diagnostics of all of them."""
        for path in paths:
            self.notify("textDocument/didOpen", {"textDocument": {
                "uri": path.as_uri(), "languageId": "yaml", "version": 1,
                "text": path.read_text(encoding="utf-8")}})
        wanted = {p.as_uri() for p in paths}
        deadline = time.monotonic() + seconds
        quiet_until = None
        while time.monotonic() < deadline:
            try:
                self._next(0.5)
            except queue.Empty:
                pass
            if wanted <= set(self.diagnostics):
                # the server may publish again once the schema has loaded: wait for quiet
                quiet_until = quiet_until or time.monotonic() + 2.0
                if time.monotonic() > quiet_until:
                    break
        missing = wanted - set(self.diagnostics)
        assert not missing, f"no diagnostics published for {missing}"
        return {Path(uri[len("file://"):]).name: self.diagnostics[uri] for uri in wanted}

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=10)
        except Exception:  # noqa: BLE001 - a stuck server is killed below
            pass
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _variant(folder: Path, name: str, old: str, new: str) -> Path:
    text = DEMO.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path = folder / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_editor_accepts_the_demo_and_names_each_mistake_once(server_script, tmp_path):
    shutil.copy(SCHEMA, tmp_path / "exhibition.schema.json")
    demo = tmp_path / "demo.yaml"
    shutil.copy(DEMO, demo)
    misspelled = _variant(tmp_path, "misspelled.yaml", "        caption:", "        captoin:")
    duration = _variant(tmp_path, "duration.yaml", "timeout: 90s", "timeout: 90 sec")
    language = _variant(tmp_path, "language.yaml", "languages: [az, en, ar, ru]", "languages: [az, en, AR, ru]")
    server = LanguageServer(server_script, tmp_path)
    try:
        found = server.check([demo, misspelled, duration, language])
    finally:
        server.close()
    said = {name: [(d["range"]["start"]["line"] + 1, d["message"]) for d in found[name]] for name in found}
    assert said["demo.yaml"] == []
    caption_line = misspelled.read_text(encoding="utf-8").splitlines().index("        captoin:") + 1
    assert said["misspelled.yaml"] == [(caption_line, "Property captoin is not allowed.")]
    timeout_line = next(i for i, line in enumerate(duration.read_text(encoding="utf-8").splitlines(), 1)
                        if "90 sec" in line)
    assert said["duration.yaml"] == [
        (timeout_line, "Write a duration like 90s, 1m30s, 1h or 00:01:10 (a bare number is seconds).")]
    language_line = language.read_text(encoding="utf-8").splitlines().index(
        next(line for line in language.read_text(encoding="utf-8").splitlines() if "AR, ru]" in line)) + 1
    assert said["language.yaml"] == [
        (language_line, "Write a language code in lower case, like az, en, ar or ru (pt-BR with a region).")]
