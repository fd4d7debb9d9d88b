"""The technician's commands on the box: ``kiosk set-pin`` and ``kiosk trust``."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from pathlib import Path

from ..common.user_error import EXIT_OK, UserError
from ..content.signing import BadKey, PublicKey, SignatureError, TrustedKeys
from .pin import MAX_DIGITS, MIN_DIGITS, PinStore, random_pin, trivial_pin_reason


def cmd_set_pin(args: argparse.Namespace) -> int:
    store = PinStore(args.pin_file)
    if args.random:
        if store.is_set and not args.replace:
            print(f"a technician PIN is set already ({store.path}); it was left as it is")
            return EXIT_OK
        pin = random_pin()
        store.set(pin)
        # shown this once, on the technician's terminal: it is kept only as a hash
        print(f"Technician PIN: {pin}\n  write it down now: it is not shown again and cannot be read back; the kiosk "
              f"keeps only a salted hash of it, in {store.path} (0600). Change it with: sudo kiosk set-pin")
        return EXIT_OK
    pin = os.environ.get("KIOSK_PIN") or ""
    if not pin:  # asked on the terminal, unseen; never taken from the command line (ps, shell history)
        pin = getpass.getpass(f"New technician PIN ({MIN_DIGITS}-{MAX_DIGITS} digits): ")
        if trivial_pin_reason(pin) is None and pin.isdigit() and MIN_DIGITS <= len(pin) <= MAX_DIGITS:
            again = getpass.getpass("The same PIN again: ")
            if again != pin:
                raise UserError("the two PINs differ; nothing was saved, run 'kiosk set-pin' again")
    reason = trivial_pin_reason(pin)
    if reason is not None:
        raise UserError(f"that PIN is too easy to guess ({reason}); choose {MIN_DIGITS} to {MAX_DIGITS} digits "
                        f"without a pattern")
    try:
        store.set(pin)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    print(f"PIN saved as a salted hash in {store.path}")
    return EXIT_OK


def _read_key(value: str) -> PublicKey:
    try:
        text = sys.stdin.read() if value == "-" else Path(value).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{value}: cannot be read ({exc})") from None
    try:
        return PublicKey.parse(text)
    except BadKey as exc:
        raise UserError(f"{value}: {exc}") from None


def cmd_trust(args: argparse.Namespace) -> int:
    trusted = TrustedKeys(args.keys)
    now = dt.datetime.now().astimezone()
    try:
        if args.revoke:
            key = trusted.revoke(args.revoke, now)
            left = trusted.active()
            print(f"key {key.describe()} is revoked: content it signed is refused from now on")
            if not left:
                print("no trusted key is left: this kiosk accepts no new content until one is trusted "
                      "(kiosk trust NEW.pub)")
            return EXIT_OK
        if args.key:
            key = _read_key(args.key)
            added = trusted.add(key, now)
            print(f"{'trusting' if added else 'already trusted:'} key {key.describe()}; "
                  f"this kiosk now accepts only content signed by "
                  f"{'one of ' if len(trusted.active()) > 1 else ''}{len(trusted.active())} "
                  f"key{'s' * (len(trusted.active()) != 1)} ({trusted.path})")
            return EXIT_OK
        entries = trusted.entries()
    except SignatureError as exc:
        raise UserError(str(exc)) from None
    if not entries:
        print("no curator key is trusted: any valid exhibition is accepted (kiosk trust KEY.pub to change that)")
    for entry in entries:
        state = f"revoked {entry.revoked}" if entry.revoked else "trusted"
        print(f"{entry.key.key_id}  {state:<32} since {entry.added}  {entry.key.name}")
    return EXIT_OK


def add_technician_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("set-pin", help="set the technician PIN that opens the corner gesture's pad", allow_abbrev=False)
    p.add_argument("--random", action="store_true",
                   help=f"make a random {6}-digit PIN and show it once (an install without a terminal); "
                        "a PIN set already is kept unless --replace")
    p.add_argument("--replace", action="store_true", help="with --random: replace a PIN set already")
    p.add_argument("--pin-file", type=Path, help="where to store it (default: the kiosk's home folder)")
    p.set_defaults(func=cmd_set_pin)

    p = sub.add_parser("trust", help="accept content only when signed by this curator key (kiosk keygen); "
                                     "without arguments, list the trusted keys")
    p.add_argument("key", nargs="?", help="the curator's public key file (.pub), or - to read it from standard input")
    p.add_argument("--revoke", metavar="KEY_ID", help="stop trusting this key (its id as --list shows it)")
    p.add_argument("--list", action="store_true", help="list the trusted and revoked keys (the default)")
    p.add_argument("--keys", type=Path, help="the trusted keys file (default: the kiosk's home folder)")
    p.set_defaults(func=cmd_trust)
