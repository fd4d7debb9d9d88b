"""The curator's signing commands: ``kiosk keygen`` once, ``kiosk sign FOLDER`` before each
exhibition leaves their machine (kiosk/content/signing.py)."""

from __future__ import annotations

import argparse
import getpass
import socket
from pathlib import Path

from ..common.places import kiosk_home
from ..common.user_error import EXIT_OK, UserError
from ..content.digest import short
from ..content.signing import SIGNATURE_FILE, BadKey, SignatureError, generate_keys, load_private_key, sign_folder


def default_keys_folder() -> Path:
    """Where the curator's key pair lives: ``KIOSK_HOME/signing`` (the curator's own machine)."""
    return kiosk_home() / "signing"


def cmd_keygen(args: argparse.Namespace) -> int:
    folder = Path(args.out) if args.out else default_keys_folder()
    name = args.name or f"{getpass.getuser()}@{socket.gethostname()}"
    try:
        pair = generate_keys(folder, name)
    except FileExistsError as exc:
        raise UserError(str(exc)) from None
    print(f"made the curator key {pair.key.describe()}")
    print(f"  private: {pair.private} (0600: keep it on this machine, back it up offline, never share it)")
    print(f"  public:  {pair.public} (give this one to each kiosk: sudo kiosk trust {pair.public.name})")
    print(f"sign an exhibition folder with: kiosk sign FOLDER{'' if args.out is None else f' --key {pair.private}'}")
    return EXIT_OK


def cmd_sign(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    if not folder.is_dir():
        raise UserError(f"{folder} is not a folder; give the folder that holds the exhibition and its media")
    key_path = Path(args.key) if args.key else default_keys_folder() / "curator.key"
    if not key_path.is_file():
        raise UserError(f"no signing key at {key_path}; make one with 'kiosk keygen' (or give --key FILE)")
    try:
        secret, key = load_private_key(key_path)
        signature = sign_folder(folder, secret, key)
    except (BadKey, SignatureError) as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"{folder}: {exc}") from None
    print(f"signed {len(signature.files)} files in {folder} (content {short(signature.digest)}) with key "
          f"{key.describe()}: {folder / SIGNATURE_FILE}")
    print("sign again after any change: a kiosk that trusts this key refuses a file changed after signing")
    return EXIT_OK


def add_curator_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("keygen", help="make a curator's key pair for signing exhibitions (Ed25519)")
    p.add_argument("--out", help="the folder for curator.key and curator.pub (default: $KIOSK_HOME/signing)")
    p.add_argument("--name", help="the key's name, shown on kiosks (default: user@host)")
    p.set_defaults(func=cmd_keygen)

    p = sub.add_parser("sign", help="sign an exhibition folder, so kiosks that trust your key accept it")
    p.add_argument("folder", help="the folder holding the exhibition file (or config/) and its media")
    p.add_argument("--key", help="the private key (default: $KIOSK_HOME/signing/curator.key)")
    p.set_defaults(func=cmd_sign)
