"""``kiosk fleet join``: Syncthing set up for a kiosk or the curator's machine, through its REST API.

A kiosk gets the curator's device, the exhibition folder (receive-only, into its inbox)
and its own status folder (send-only). The curator's machine gets each kiosk's device,
the exhibition folder (send-only) shared with all of them and one status folder per
kiosk (receive-only). Both are LAN-only unless told otherwise: no global discovery, no
relays, no port mapping, no reports. Running it again changes only what differs.
"""

from __future__ import annotations

import json
import socket
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..analytics.recorder import default_database
from ..common.files import write_json_atomic
from ..common.places import kiosk_home
from . import EXHIBITION_FOLDER, check_name, status_folder_id
from .syncthing import LAN_ONLY, Syncthing, SyncthingError, default_home, init_home

SETTINGS = "fleet.json"


@dataclass
class KioskSettings:
    """What ``kiosk fleet join kiosk`` set up; the agent reads it (``KIOSK_HOME/fleet/fleet.json``)."""

    name: str
    curator: str
    syncthing_home: str
    inbox: str
    status: str
    content_dir: str
    screenshot: str | None = None
    analytics: str | None = None
    book: str | None = None
    """The kiosk's book of remembrance (default: $KIOSK_HOME/book.sqlite3)."""


@dataclass
class CuratorSettings:
    """What ``kiosk fleet join curator`` set up (``FLEET_DIR/fleet.json``)."""

    exhibition: str
    syncthing_home: str
    kiosks: dict[str, str] = field(default_factory=dict)
    """Kiosk name -> device ID."""


def fleet_home() -> Path:
    return kiosk_home() / "fleet"


def load_kiosk_settings(folder: Path | None = None) -> KioskSettings | None:
    path = (folder or fleet_home()) / SETTINGS
    try:
        return KioskSettings(**json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None


def load_curator_settings(fleet_dir: Path) -> CuratorSettings | None:
    try:
        return CuratorSettings(**json.loads((Path(fleet_dir) / SETTINGS).read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None


def parse_peer(value: str) -> tuple[str, list[str]]:
    """``DEVICE-ID`` or ``DEVICE-ID@tcp://192.168.1.10:22000`` -> (ID, addresses)."""
    device, _, address = value.partition("@")
    device = device.strip().upper()
    if len(device.replace("-", "")) != 56:
        raise ValueError(f"{device!r} is not a Syncthing device ID (8 groups of 7 letters and digits; "
                         f"'kiosk fleet id' prints one)")
    return device, [address] if address else ["dynamic"]


def connect(home: Path, *, create: bool = True) -> Syncthing:
    """The running Syncthing of ``home`` (set up LAN-only first if it has no home yet)."""
    if create and init_home(home, name=socket.gethostname()):
        raise SyncthingError(f"Syncthing's home {home} was created (LAN-only); start Syncthing now "
                             f"(sudo systemctl enable --now syncthing@$USER) and run this again")
    api = Syncthing.from_home(home)
    if not api.ping():
        raise SyncthingError(f"Syncthing ({home}) does not answer at {api.endpoint.url}; start it "
                             f"(sudo systemctl enable --now syncthing@$USER) and run this again")
    return api


def join_kiosk(name: str, curator: str, *, home: Path | None = None, fleet: Path | None = None,
               content_dir: Path | None = None, screenshot: Path | None = None, analytics: Path | None = None,
               lan_only: bool = True, api: Syncthing | None = None) -> tuple[str, KioskSettings]:
    """Set up this kiosk's Syncthing; returns its device ID and the settings the agent will use."""
    check_name(name)
    curator_id, addresses = parse_peer(curator)
    home = Path(home) if home else default_home()
    fleet = Path(fleet) if fleet else fleet_home()
    api = api or connect(home)
    inbox, status = fleet / "inbox", fleet / "status"
    inbox.mkdir(parents=True, exist_ok=True)
    status.mkdir(parents=True, exist_ok=True)
    if lan_only:
        api.set_options(LAN_ONLY)
    api.put_device(curator_id, "curator", addresses)
    # The inbox only receives; the kiosk's own files never flow back. No watcher is needed there.
    api.put_folder(EXHIBITION_FOLDER, "Exhibition (from the curator)", inbox, "receiveonly", [curator_id],
                   fsWatcherEnabled=False, rescanIntervalS=3600)
    api.put_folder(status_folder_id(name), f"Kiosk {name}: status", status, "sendonly", [curator_id],
                   fsWatcherEnabled=True, fsWatcherDelayS=2, rescanIntervalS=300)
    settings = KioskSettings(name=name, curator=curator_id, syncthing_home=str(home), inbox=str(inbox),
                             status=str(status),
                             content_dir=str(content_dir or kiosk_home() / "content"),
                             screenshot=str(screenshot) if screenshot else str(fleet / "screen.png"),
                             analytics=str(analytics or default_database()))  # the kiosk's own, unless told
    write_json_atomic(fleet / SETTINGS, asdict(settings))
    return api.device_id(), settings


def join_curator(exhibition: Path, fleet_dir: Path, kiosks: dict[str, str], *, home: Path | None = None,
                 lan_only: bool = True, api: Syncthing | None = None) -> tuple[str, CuratorSettings]:
    """Set up the curator's Syncthing: share ``exhibition`` with ``kiosks`` (name -> ID[@address])."""
    exhibition = Path(exhibition).absolute()
    fleet_dir = Path(fleet_dir).absolute()
    if not exhibition.is_dir():
        raise SyncthingError(f"{exhibition} is not a folder; give the folder that holds the exhibition and its media")
    home = Path(home) if home else default_home()
    api = api or connect(home)
    settings = load_curator_settings(fleet_dir) or CuratorSettings(str(exhibition), str(home))
    settings.exhibition, settings.syncthing_home = str(exhibition), str(home)
    if lan_only:
        api.set_options(LAN_ONLY)
    for name, peer in kiosks.items():
        check_name(name)
        device, addresses = parse_peer(peer)
        api.put_device(device, name, addresses)
        (fleet_dir / name).mkdir(parents=True, exist_ok=True)
        api.put_folder(status_folder_id(name), f"Kiosk {name}: status", fleet_dir / name, "receiveonly", [device],
                       fsWatcherEnabled=False)
        settings.kiosks[name] = device
    api.put_folder(EXHIBITION_FOLDER, "Exhibition for the kiosks", exhibition, "sendonly",
                   list(settings.kiosks.values()), fsWatcherEnabled=True, fsWatcherDelayS=10)
    fleet_dir.mkdir(parents=True, exist_ok=True)
    write_json_atomic(fleet_dir / SETTINGS, asdict(settings))
    return api.device_id(), settings
