"""The ``kiosk fleet`` commands: init, id, join, agent, status."""

from __future__ import annotations

import argparse
import logging
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from ..common.user_error import UserError as FleetUserError
from .syncthing import SyncthingError, default_home, init_home, syncthing_binary

log = logging.getLogger(__name__)


def _home(args: argparse.Namespace) -> Path:
    return Path(args.syncthing_home) if args.syncthing_home else default_home()


def cmd_init(args: argparse.Namespace) -> int:
    home = _home(args)
    try:
        made = init_home(home, name=args.name or socket.gethostname())
    except SyncthingError as exc:
        raise FleetUserError(str(exc)) from None
    print(f"Syncthing's home {home} {'is set up, LAN-only' if made else 'was set up before; left as it is'}")
    return 0


def cmd_id(args: argparse.Namespace) -> int:
    home = _home(args)
    binary = syncthing_binary()
    if binary is None:
        raise FleetUserError("Syncthing is not installed; install Debian's package: sudo apt-get install syncthing")
    if not (home / "cert.pem").exists():
        raise FleetUserError(f"Syncthing has no keys in {home} yet; run 'kiosk fleet init' first")
    done = subprocess.run([binary, "serve", f"--home={home}", "--device-id"], capture_output=True, text=True,
                          timeout=60)
    if done.returncode != 0:
        raise FleetUserError(f"syncthing --device-id failed: {done.stderr.strip()}")
    print(done.stdout.strip())
    return 0


def _kiosks(values: list[str]) -> dict[str, str]:
    kiosks = {}
    for value in values:
        name, sep, peer = value.partition("=")
        if not sep:
            raise FleetUserError(f"--kiosk {value!r}: write NAME=DEVICE-ID (or NAME=DEVICE-ID@tcp://ADDRESS:22000)")
        kiosks[name.strip()] = peer.strip()
    return kiosks


def cmd_join(args: argparse.Namespace) -> int:
    from .join import join_curator, join_kiosk

    try:
        if args.role == "kiosk":
            getattr(args, "before_kiosk_join", lambda: None)()
            if not args.name or not args.curator:
                raise FleetUserError("a kiosk joins with its name and the curator's device ID: "
                                     "kiosk fleet join kiosk --name foyer --curator DEVICE-ID")
            device, settings = join_kiosk(args.name, args.curator, home=_home(args), fleet=args.fleet_home,
                                          content_dir=args.target, analytics=args.analytics,
                                          lan_only=not args.keep_options)
            print(f"kiosk {settings.name} joined: it receives the exhibition into {settings.inbox} and shares "
                  f"its status from {settings.status}")
            print(f"this kiosk's device ID: {device}")
            print(f"on the curator's machine: kiosk fleet join curator --exhibition DIR --fleet DIR "
                  f"--kiosk {settings.name}={device}")
        else:
            if not args.exhibition or not args.fleet:
                raise FleetUserError("the curator's machine joins with the exhibition folder and a folder for the "
                                     "kiosks' status: kiosk fleet join curator --exhibition DIR --fleet DIR "
                                     "--kiosk NAME=DEVICE-ID")
            device, settings = join_curator(Path(args.exhibition), Path(args.fleet), _kiosks(args.kiosk or []),
                                            home=_home(args), lan_only=not args.keep_options)
            print(f"the exhibition {settings.exhibition} is shared with {len(settings.kiosks)} "
                  f"kiosk{'s' * (len(settings.kiosks) != 1)}: {', '.join(sorted(settings.kiosks)) or 'none yet'}")
            print(f"the curator's device ID: {device}")
            print(f"see them with: kiosk fleet status {args.fleet}")
    except (SyncthingError, ValueError) as exc:
        raise FleetUserError(str(exc)) from None
    return 0


def cmd_agent(args: argparse.Namespace) -> int:
    from .agent import Agent, prepare_photos
    from .join import fleet_home, load_kiosk_settings

    folder = Path(args.fleet_home) if args.fleet_home else fleet_home()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    settings = load_kiosk_settings(folder)
    if settings is None:
        log.info("this kiosk has not joined a fleet (no %s); waiting for 'kiosk fleet join kiosk'",
                 folder / "fleet.json")
        while settings is None and not stop.wait(30):
            settings = load_kiosk_settings(folder)
        if settings is None:
            return 0
    agent = Agent(settings, settle=args.settle, status_every=args.status_every,
                  prepare=None if args.no_prepare else prepare_photos)
    threading.Thread(target=lambda: (stop.wait(), agent.stop()), daemon=True).start()
    log.info("kiosk %s: watching %s, reporting to %s", settings.name, settings.inbox, settings.status)
    agent.run()
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from ..content.digest import content_digest
    from .join import load_curator_settings
    from .status import format_fleet, read_fleet

    fleet = Path(args.fleet)
    if not fleet.is_dir():
        raise FleetUserError(f"{fleet} is not a folder; give the folder that holds the kiosks' status folders")
    settings = load_curator_settings(fleet)
    exhibition = Path(args.exhibition) if args.exhibition else Path(settings.exhibition) if settings else None
    expected = None
    if exhibition is not None:
        if not exhibition.is_dir():
            raise FleetUserError(f"the exhibition folder {exhibition} does not exist")
        expected = content_digest(exhibition, fleet / ".content-hashes.json")
    lines = read_fleet(fleet, expected, names=sorted(settings.kiosks) if settings else None)
    sys.stdout.write(format_fleet(lines, expected))
    return 0 if lines and all(line.healthy for line in lines) else 1


def add_fleet_parser(sub: argparse._SubParsersAction, before_kiosk_join: Callable[[], None] = lambda: None) -> None:
    """``kiosk fleet ...``, added to the main command's sub-commands. ``before_kiosk_join``
    raises when this box may not join a fleet as a kiosk yet (no technician PIN set)."""
    fleet = sub.add_parser("fleet", help="several kiosks as one, through Syncthing: join, agent, status")
    commands = fleet.add_subparsers(dest="fleet_command", required=True, metavar="FLEET_COMMAND")
    home_help = "Syncthing's home folder (default: ~/.config/syncthing, as syncthing@USER.service uses)"

    p = commands.add_parser("init", help="set up Syncthing's home LAN-only, before Syncthing first runs")
    p.add_argument("--syncthing-home", help=home_help)
    p.add_argument("--name", help="this machine's name in Syncthing (default: the host name)")
    p.set_defaults(func=cmd_init)

    p = commands.add_parser("id", help="print this machine's Syncthing device ID")
    p.add_argument("--syncthing-home", help=home_help)
    p.set_defaults(func=cmd_id)

    p = commands.add_parser("join", help="set up Syncthing for a kiosk or the curator's machine")
    p.add_argument("role", choices=("kiosk", "curator"))
    p.add_argument("--name", help="kiosk: its name, e.g. foyer (lower-case letters, digits, '-')")
    p.add_argument("--curator", help="kiosk: the curator's device ID, optionally @tcp://ADDRESS:22000")
    p.add_argument("--fleet-home", type=Path, help="kiosk: where the inbox and status folder live "
                   "(default: $KIOSK_HOME/fleet)")
    p.add_argument("--target", type=Path, help="kiosk: the content folder (default: $KIOSK_HOME/content)")
    p.add_argument("--analytics", type=Path, help="kiosk: the analytics database to copy into the status "
                   "(default: the kiosk's own, $KIOSK_HOME/analytics.sqlite3)")
    p.add_argument("--exhibition", help="curator: the exhibition folder to share")
    p.add_argument("--fleet", help="curator: the folder that receives each kiosk's status folder")
    p.add_argument("--kiosk", action="append", metavar="NAME=DEVICE-ID[@ADDRESS]",
                   help="curator: a kiosk to share with (repeat for each)")
    p.add_argument("--keep-options", action="store_true",
                   help="leave Syncthing's network options alone (default: LAN only, no discovery servers, "
                        "relays or reports)")
    p.add_argument("--syncthing-home", help=home_help)
    p.set_defaults(func=cmd_join, before_kiosk_join=before_kiosk_join)

    p = commands.add_parser("agent", help="apply the synced exhibition and write the status folder (a service)")
    p.add_argument("--fleet-home", type=Path, help="default: $KIOSK_HOME/fleet")
    p.add_argument("--settle", type=float, default=10.0,
                   help="seconds the complete inbox must stay unchanged before it is applied (default: 10)")
    p.add_argument("--status-every", type=float, default=60.0, help="seconds between status writes (default: 60)")
    p.add_argument("--no-prepare", action="store_true", help="do not build photo renditions before the switch")
    p.set_defaults(func=cmd_agent)

    p = commands.add_parser("status", help="one line per kiosk: last seen, live content, problems")
    p.add_argument("fleet", help="the folder holding the kiosks' status folders")
    p.add_argument("--exhibition", help="the curator's exhibition folder (default: the one 'join curator' shared)")
    p.set_defaults(func=cmd_status)
