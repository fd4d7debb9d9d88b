"""The curator's commands: ``kiosk new FOLDER`` (an exhibition from a folder of photos,
kiosk/curator/scaffold.py), ``kiosk import-iiif MANIFEST`` (a gallery from a IIIF manifest,
kiosk/curator/iiif.py), and signing: ``kiosk keygen`` once, ``kiosk sign FOLDER`` before each
exhibition leaves their machine (kiosk/content/signing.py)."""

from __future__ import annotations

import argparse
import getpass
import shlex
import socket
from pathlib import Path

from ..common.places import kiosk_home
from ..common.user_error import EXIT_INVALID, EXIT_OK, UserError
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


def _validated(out: Path) -> int:
    """The written exhibition as ``kiosk validate`` sees it: errors and warnings counted, errors shown."""
    from ..content.loader import load_exhibition
    from ..content.problems import display_path

    loaded = load_exhibition(out)
    for problem in loaded.errors:
        print(problem)
    warnings = len(loaded.warnings)
    print(f"{display_path(loaded.source)}: {len(loaded.errors)} errors, {warnings} warning{'s' * (warnings != 1)}"
          + (" (missing translations, credits: 'kiosk validate' lists them)" if warnings else ""))
    return EXIT_OK if loaded.ok else EXIT_INVALID


def cmd_new(args: argparse.Namespace) -> int:
    from ..content.problems import display_path
    from ..content.text import LANGUAGE_PATTERN
    from .scaffold import ScaffoldError, scaffold

    import re

    folder = Path(args.folder)
    out = Path(args.out) if args.out else folder / "exhibition.yaml"
    languages = [code.strip() for code in args.languages.split(",") if code.strip()] if args.languages else None
    for code in languages or []:
        if not re.match(LANGUAGE_PATTERN, code):
            raise UserError(f"--languages: '{code}' is not a language code (az, en, ar, ru, pt-BR)")
    try:
        done = scaffold(folder, out, languages=languages, title=args.title, legacy=_codec(args.iptc_charset))
    except ScaffoldError as exc:
        raise UserError(str(exc)) from None
    for section, item in done.added:
        print(f"{item.key}: " + ("; ".join(item.origin) or "nothing in its metadata"))
        for warning in item.warnings:
            print(f"{item.key}: warning: {warning}")
    for line in done.skipped:
        print(f"left out {line}")
    if done.kept_out:
        print(f"{len(done.kept_out)} file{'s' * (len(done.kept_out) != 1)} you took out of the exhibition "
              f"stay{'s' * (len(done.kept_out) == 1)} out ({', '.join(done.kept_out[:5])}"
              f"{', ...' if len(done.kept_out) > 5 else ''}); to add one back, delete its line in "
              f"{display_path(out.parent / ('.' + out.name + '.scaffolded'))}")
    counts: dict[str, int] = {}
    for section, _ in done.added:
        counts[section.kind] = counts.get(section.kind, 0) + 1
    nouns = {"gallery": ("panel", "panels"), "clips": ("clip", "clips"), "catalogue": ("book", "books")}
    said = ", ".join(f"{n} {nouns[k][n != 1]}" for k, n in counts.items()) or "nothing new"
    if done.merged:
        print(f"{display_path(out)}: added {said}"
              + (f" ({len(done.new_sections)} new section{'s' * (len(done.new_sections) != 1)})"
                 if done.new_sections else "") + "; everything already in it is as it was")
    else:
        print(f"{display_path(out)}: {said} in {len(done.new_sections)} section"
              f"{'s' * (len(done.new_sections) != 1)}, languages {', '.join(done.languages)}")
    status = _validated(out)
    print(f"look at it: kiosk preview {shlex.quote(display_path(out))} --html --out preview")
    return status


def _codec(name: str) -> str:
    import codecs

    try:
        return codecs.lookup(name).name
    except LookupError:
        raise UserError(f"--iptc-charset: '{name}' is not an encoding Python knows "
                        f"(e.g. cp1252, cp1250, cp1251, iso8859-2, mac-roman)") from None


def cmd_import_iiif(args: argparse.Namespace) -> int:
    from ..content.books_csv import existing_section_ids, free_section_id, write_text_atomically
    from ..content.loader import find_exhibition
    from ..content.problems import display_path
    from .iiif import IiifError, import_manifest

    source = Path(args.manifest)
    if not source.is_file():
        raise UserError(f"{args.manifest}: no such file; fetch the manifest first (the kiosk works offline)")
    out = Path(args.out) if args.out else source.with_suffix(".yaml")
    if out.resolve() == source.resolve():
        raise UserError(f"--out {args.out} is the manifest itself; name a .yaml file")
    exhibition = find_exhibition(Path(args.exhibition) if args.exhibition else out.parent)
    languages = None
    media = Path(args.media) if args.media else None
    taken: set[str] = set()
    if exhibition.is_file():
        from ..content.yaml12 import read_yaml
        from ..content.problems import ContentError

        try:
            data, _ = read_yaml(exhibition)
        except ContentError:
            data = {}
        if isinstance(data, dict):
            languages = [x for x in data.get("languages") or [] if isinstance(x, str)] or None
            if media is None and isinstance(data.get("media_root", "media"), str):
                media = exhibition.parent / data.get("media_root", "media")
        taken = existing_section_ids(exhibition, skip=out)
    if media is None:
        media = out.parent / "media"
    try:
        done = import_manifest(source, media, languages=languages, section=args.section,
                               images=Path(args.images) if args.images else None,
                               free_id=lambda wanted: free_section_id(wanted, taken))
    except IiifError as exc:
        raise UserError(str(exc)) from None
    for line in done.notes:
        print(line)
    if done.needed:
        print(f"{len(done.needed)} image{'s' * (len(done.needed) != 1)} still to fetch (the kiosk works offline: "
              f"fetch each to the path shown, then run this again):")
        for need in done.needed:
            print(f"  {display_path(media / need.path)}  <-  {need.url}")
    if done.fragment is None:
        raise UserError(f"no image of the manifest is in {display_path(media)} yet, so {display_path(out)} "
                        f"was not written")
    write_text_atomically(out, done.text(source.name, out.name))
    panels = done.panels
    print(f"{display_path(source)}: {panels} panel{'s' * (panels != 1)} into {display_path(out)} (section "
          f"'{done.section_id}', IIIF Presentation {done.version}); include it: include: [{out.name}]")
    return EXIT_OK if not done.needed else EXIT_INVALID


def add_curator_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new", help="make an exhibition from a folder of photos, clips and PDFs (their captions, "
                                   "credits, dates and places too); run again to add new photos")
    p.add_argument("folder", help="the folder of photos (it becomes the media folder; subfolders become sections)")
    p.add_argument("--out", help="the exhibition file (default: FOLDER/exhibition.yaml); if it exists, only "
                                 "files not in it are added and nothing in it changes")
    p.add_argument("--languages", help="the visitors' languages, the first the default, e.g. az,en,ru (default: "
                                       "the languages of the photos' captions; an existing file's own)")
    p.add_argument("--title", help="the exhibition's title (default: the folder's name)")
    p.add_argument("--iptc-charset", default="cp1252",
                   help="how to read IPTC text that names no character set and is not UTF-8 (default: cp1252, "
                        "as Photoshop and exiftool do; e.g. cp1250, cp1251, iso8859-2)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("import-iiif", help="turn a IIIF Presentation 3 or 2.1 manifest into a gallery file to "
                                           "include, with the images fetched beforehand")
    p.add_argument("manifest", help="the manifest (JSON), saved from the institution's site")
    p.add_argument("--media", help="the exhibition's media folder; the images go in its iiif/SECTION/ folder "
                                   "(default: the exhibition's media folder)")
    p.add_argument("--images", help="a folder of images fetched beforehand, named by the image's IIIF identifier "
                                    "or its canvas number (001.jpg); used ones are copied into the media folder")
    p.add_argument("--out", help="the YAML file to write (default: beside the manifest, ending in .yaml)")
    p.add_argument("--section", help="the gallery's id (default: made from the manifest's label)")
    p.add_argument("--exhibition", help="the exhibition it is for: its languages and section ids (default: "
                                        "the exhibition.yaml beside the output)")
    p.set_defaults(func=cmd_import_iiif)

    p = sub.add_parser("keygen", help="make a curator's key pair for signing exhibitions (Ed25519)")
    p.add_argument("--out", help="the folder for curator.key and curator.pub (default: $KIOSK_HOME/signing)")
    p.add_argument("--name", help="the key's name, shown on kiosks (default: user@host)")
    p.set_defaults(func=cmd_keygen)

    p = sub.add_parser("sign", help="sign an exhibition folder, so kiosks that trust your key accept it")
    p.add_argument("folder", help="the folder holding the exhibition file (or config/) and its media")
    p.add_argument("--key", help="the private key (default: $KIOSK_HOME/signing/curator.key)")
    p.set_defaults(func=cmd_sign)
