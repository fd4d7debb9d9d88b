"""A small client for Syncthing's REST API, and a Syncthing home made LAN-only before it first runs.

Everything the kiosk asks of Syncthing goes through its REST API (the same one its own
``syncthing cli`` uses): device IDs, folders, options, a folder's state. The address and
API key are read from the home's ``config.xml``, as ``syncthing cli`` reads them.

One exception, made once: Syncthing has no way to set an option before it first runs
(its CLI and REST API need it running), and on its first run it would already announce
itself to the internet's discovery servers, look for relays and broadcast on the LAN.
So :func:`init_home` lets ``syncthing generate`` write a fresh home and then sets the
network options of that never-run ``config.xml``; from then on only REST changes it.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

LAN_ONLY: dict[str, Any] = {
    "globalAnnounceEnabled": False,
    "relaysEnabled": False,
    "natEnabled": False,
    "urAccepted": -1,
    "crashReportingEnabled": False,
    "autoUpgradeIntervalH": 0,
    "startBrowser": False,
}
"""The options that keep a kiosk's Syncthing on the venue's LAN: no global discovery,
no relays, no port mapping on the router, no usage or crash reports, no self-upgrade
(Debian's package is upgraded by apt)."""

DEFAULT_LISTEN = ["tcp://:22000", "quic://:22000"]


class SyncthingError(Exception):
    """Syncthing could not be reached or refused a request; the message says which."""


def syncthing_binary() -> str | None:
    return shutil.which("syncthing")


def default_home() -> Path:
    """Where Debian's ``syncthing@USER.service`` (1.19) keeps its home: ``~/.config/syncthing``,
    ``~`` being the user's home from the password database (as systemd sets it for the
    service), not ``$HOME``, which ``sudo`` may leave pointing at root's."""
    import pwd

    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(pwd.getpwuid(os.getuid()).pw_dir, ".config")
    return Path(base) / "syncthing"


@dataclass(frozen=True)
class Endpoint:
    """Where one Syncthing's REST API answers."""

    url: str
    """``http://127.0.0.1:8384``"""
    api_key: str


def read_endpoint(home: Path) -> Endpoint:
    """The GUI address and API key of the Syncthing whose home is ``home`` (read only)."""
    config = Path(home) / "config.xml"
    try:
        gui = ET.parse(config).getroot().find("gui")
    except (OSError, ET.ParseError) as exc:
        raise SyncthingError(f"cannot read {config} ({exc}); is Syncthing set up there?") from None
    if gui is None or not (gui.findtext("address") and gui.findtext("apikey")):
        raise SyncthingError(f"{config} names no GUI address or API key")
    address = gui.findtext("address", "").strip()
    scheme = "https" if gui.get("tls") == "true" else "http"
    if address.startswith("0.0.0.0:"):
        address = "127.0.0.1:" + address.split(":", 1)[1]
    if "://" not in address:
        address = f"{scheme}://{address}"
    return Endpoint(address, gui.findtext("apikey", "").strip())


def is_fresh(home: Path) -> bool:
    """True when ``home`` has a config that Syncthing has never run with (no index database yet)."""
    home = Path(home)
    return (home / "config.xml").is_file() and not any(p.name.startswith("index-") for p in home.iterdir())


def init_home(home: Path, *, listen: list[str] | None = None, gui_address: str = "127.0.0.1:8384",
              local_discovery: bool = True, name: str | None = None) -> bool:
    """Generate keys and a config in ``home`` (``syncthing generate``) and make it LAN-only
    before its first run. Returns False (and changes nothing) when ``home`` was set up before."""
    home = Path(home)
    if (home / "config.xml").exists():
        return False
    binary = syncthing_binary()
    if binary is None:
        raise SyncthingError("Syncthing is not installed; install Debian's package: sudo apt-get install syncthing")
    home.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([binary, "generate", f"--home={home}", "--no-default-folder", "--skip-port-probing"],
                          capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise SyncthingError(f"syncthing generate failed: {done.stderr.strip() or done.stdout.strip()}")
    _seed_never_run(home / "config.xml", listen or DEFAULT_LISTEN, gui_address, local_discovery, name)
    return True


def _seed_never_run(config: Path, listen: list[str], gui_address: str, local_discovery: bool,
                    name: str | None) -> None:
    """Set the network options of a config Syncthing has not run with yet (see the module's note)."""
    tree = ET.parse(config)
    root = tree.getroot()
    options = root.find("options")
    gui = root.find("gui")
    if options is None or gui is None:
        raise SyncthingError(f"{config} is not a config that syncthing generate wrote")
    for element in options.findall("listenAddress"):
        options.remove(element)
    for index, address in enumerate(listen):
        element = ET.Element("listenAddress")
        element.text = address
        options.insert(index, element)
    values = {**LAN_ONLY, "localAnnounceEnabled": local_discovery}
    for key, value in values.items():
        element = options.find(key)
        if element is None:
            element = ET.SubElement(options, key)
        element.text = str(value).lower() if isinstance(value, bool) else str(value)
    address = gui.find("address")
    if address is None:
        address = ET.SubElement(gui, "address")
    address.text = gui_address
    if name:
        for device in root.findall("device"):
            device.set("name", name)
    tmp = config.with_name(config.name + ".kiosk-tmp")
    tree.write(tmp, encoding="utf-8")
    os.replace(tmp, config)


class Syncthing:
    """One running Syncthing, through its REST API."""

    def __init__(self, endpoint: Endpoint, timeout: float = 10.0) -> None:
        self.endpoint = endpoint
        self.timeout = timeout

    @classmethod
    def from_home(cls, home: Path, timeout: float = 10.0) -> "Syncthing":
        return cls(read_endpoint(home), timeout)

    # -- plumbing -------------------------------------------------------------------------
    def request(self, method: str, path: str, body: Any = None, *, query: dict[str, Any] | None = None,
                read_timeout: float | None = None) -> Any:
        url = self.endpoint.url.rstrip("/") + path
        params = {k: v for k, v in (query or {}).items() if v is not None}
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method, headers={"X-API-Key": self.endpoint.api_key})
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=read_timeout or self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()
            raise SyncthingError(f"Syncthing refused {method} {path}: {exc.code} {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SyncthingError(f"Syncthing does not answer at {self.endpoint.url} ({reason}); is it running?") \
                from None
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return raw.decode("utf-8", "replace")

    def get(self, path: str, **query: Any) -> Any:
        return self.request("GET", path, query=query)

    # -- what the kiosk asks --------------------------------------------------------------
    def ping(self) -> bool:
        try:
            return self.get("/rest/system/ping") == {"ping": "pong"}
        except SyncthingError:
            return False

    def wait_until_up(self, deadline: float) -> None:
        """Wait (until the monotonic ``deadline``) for the REST API to answer."""
        while not self.ping():
            if time.monotonic() > deadline:
                raise SyncthingError(f"Syncthing did not start answering at {self.endpoint.url}")
            time.sleep(0.1)

    def device_id(self) -> str:
        return self.get("/rest/system/status")["myID"]

    def options(self) -> dict[str, Any]:
        return self.get("/rest/config/options")

    def set_options(self, values: dict[str, Any]) -> None:
        self.request("PATCH", "/rest/config/options", values)

    def devices(self) -> list[dict[str, Any]]:
        return self.get("/rest/config/devices")

    def folders(self) -> list[dict[str, Any]]:
        return self.get("/rest/config/folders")

    def folder(self, folder_id: str) -> dict[str, Any] | None:
        return next((f for f in self.folders() if f["id"] == folder_id), None)

    def put_device(self, device_id: str, name: str, addresses: list[str] | None = None) -> None:
        """Add the device, or update its name and addresses."""
        existing = next((d for d in self.devices() if d["deviceID"] == device_id), None)
        device = dict(existing or self.get("/rest/config/defaults/device"))
        device.update(deviceID=device_id, name=name, addresses=addresses or device.get("addresses") or ["dynamic"])
        self.request("PUT", f"/rest/config/devices/{device_id}", device)

    def put_folder(self, folder_id: str, label: str, path: Path, kind: str, devices: list[str],
                   **settings: Any) -> None:
        """Add the folder or update it; ``devices`` are added to those it is shared with."""
        existing = self.folder(folder_id)
        folder = dict(existing or self.get("/rest/config/defaults/folder"))
        shared = {d["deviceID"]: d for d in folder.get("devices", [])}
        for device in devices:
            shared.setdefault(device, {"deviceID": device, "introducedBy": "", "encryptionPassword": ""})
        folder.update(id=folder_id, label=label, path=str(path), type=kind, devices=list(shared.values()), **settings)
        self.request("PUT", f"/rest/config/folders/{folder_id}", folder)

    def patch_folder(self, folder_id: str, **values: Any) -> None:
        self.request("PATCH", f"/rest/config/folders/{folder_id}", values)

    def folder_status(self, folder_id: str) -> dict[str, Any]:
        """``/rest/db/status``: state, what is still needed, the local sequence, errors."""
        return self.get("/rest/db/status", folder=folder_id)

    def scan(self, folder_id: str, sub: str | None = None) -> None:
        self.request("POST", "/rest/db/scan", query={"folder": folder_id, "sub": sub})

    def events(self, since: int, timeout_s: int = 60, events: str | None = None) -> list[dict[str, Any]]:
        """Long-polls ``/rest/events`` for events after ``since`` (empty after ``timeout_s``)."""
        return self.request("GET", "/rest/events", query={"since": since, "timeout": timeout_s, "events": events},
                            read_timeout=timeout_s + 10) or []

    def connections(self) -> dict[str, Any]:
        return self.get("/rest/system/connections").get("connections", {})

    def shutdown(self) -> None:
        self.request("POST", "/rest/system/shutdown")
