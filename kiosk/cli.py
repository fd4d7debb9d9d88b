"""The ``kiosk`` command: run, validate, schema, prepare, preview, set-pin, trust, keygen, sign,
schedule, update, rollback, doctor, import-books, import-names, fleet, report.

Two tiers of errors: what the user can fix is printed plainly and exits 1; anything
unexpected is printed with the version and a traceback and exits 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import shlex
import sys
import traceback
from pathlib import Path

from . import __version__
from .content.problems import display_path
from .common.user_error import EXIT_BUG, EXIT_INVALID, EXIT_OK, UserError


def project_root() -> Path:
    return Path(__file__).resolve().parent.parent


def demo_exhibition() -> Path:
    """The bundled demo exhibition."""
    return project_root() / "config" / "exhibition.yaml"


def _exhibition_arg(value: str | None) -> Path:
    path = Path(value) if value else demo_exhibition()
    if not path.exists():
        raise UserError(f"{value}: no such file or folder")
    return path


def _size(value: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in value.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a size like 1920x1080, found {value!r}") from None
    if not (200 <= w <= 8000 and 200 <= h <= 8000):
        raise argparse.ArgumentTypeError(f"{value} is not a sensible screen size")
    return w, h


def _clip_duration():
    from .media.video import probe_duration

    return probe_duration


# --- commands ---------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    from .content.loader import load_exhibition

    from .media.inspect import MediaInspection

    inspection = MediaInspection()  # decodes images in full while its time budget lasts
    result = load_exhibition(_exhibition_arg(args.exhibition), clip_duration=_clip_duration(),
                             inspect=inspection)
    for problem in result.problems:
        print(problem)
    note = inspection.note(display_path)
    if note:
        print(note)
    errors, warnings = len(result.errors), len(result.warnings)
    summary = f"{display_path(result.source)}: {errors} error{'s' * (errors != 1)}, " \
              f"{warnings} warning{'s' * (warnings != 1)}"
    if result.exhibition is not None:
        ex = result.exhibition
        counts = ", ".join(f"{len(s.items)} {s.kind}" if s.items else s.kind for s in ex.sections)
        summary += f" ({len(ex.sections)} sections: {counts}; languages {', '.join(ex.languages)})"
    print(summary, file=sys.stderr if errors else sys.stdout)
    return EXIT_OK if result.ok else EXIT_INVALID


def cmd_schema(args: argparse.Namespace) -> int:
    from .content.schema import schema_json

    text = schema_json()
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_prepare(args: argparse.Namespace) -> int:
    from .content.loader import load_exhibition
    from .media.assets import Assets
    from .media.prepare import prepare_exhibition
    from .media.renditions import RenditionCache

    result = load_exhibition(_exhibition_arg(args.exhibition))
    if result.exhibition is None:
        for problem in result.errors:
            print(problem, file=sys.stderr)
        raise UserError(f"{display_path(result.source)} cannot be loaded; 'kiosk validate' lists every problem")
    done = prepare_exhibition(Assets.of(result), RenditionCache(args.cache), jobs=args.jobs,
                              progress=sys.stderr if sys.stderr.isatty() else None)
    print("\n".join(done.lines()))
    # Broken photos are warnings, as in `validate`: the kiosk shows a placeholder and runs on.
    return EXIT_OK


def _has_display() -> bool:
    if os.environ.get("SDL_VIDEODRIVER") in ("offscreen", "dummy", "kmsdrm", "wayland", "x11"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or sys.platform != "linux" \
        or Path("/dev/dri/card0").exists() and bool(os.environ.get("KIOSK_KMS"))


def cmd_run(args: argparse.Namespace) -> int:
    from .common.places import content_folder

    # an installed kiosk runs what `kiosk update` made live; otherwise the demo
    live = content_folder() / "current"
    target = args.exhibition or (str(live) if live.exists() or live.is_symlink() else None)
    # not refused when missing: the kiosk then shows the last good exhibition (runner.load_for_kiosk)
    path = Path(target) if target else demo_exhibition()
    if not _has_display():
        raise UserError(f"no display to run on (no DISPLAY or WAYLAND_DISPLAY); to see every screen as "
                        f"PNG files instead: {_self_command()} preview --out preview")
    from .shell.runner import run_kiosk

    return run_kiosk(path, windowed=args.windowed, size=args.size, rotation=args.rotation)


def _self_command() -> str:
    """This command as the person who ran it can type it again (``.venv/bin/kiosk`` under make)."""
    argv0 = Path(sys.argv[0])
    if argv0.name == "__main__.py":
        return f"{sys.executable} -m kiosk"
    return shlex.quote(sys.argv[0]) if os.sep in sys.argv[0] else argv0.name


def _moment(value: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date and time like \"2027-02-26 17:00\", found {value!r}") from None


def cmd_preview(args: argparse.Namespace) -> int:
    from .curator.preview import run_preview

    if args.html:
        from .curator.preview_html import write_html_preview

        try:
            index = write_html_preview(_exhibition_arg(args.exhibition), Path(args.out), size=args.size,
                                       language=args.lang, at=args.at)
        except RuntimeError as exc:
            raise UserError(str(exc)) from None
        print(f"open {index.resolve().as_uri()}")
        return EXIT_OK
    return run_preview(_exhibition_arg(args.exhibition), Path(args.out), size=args.size, language=args.lang,
                       large_text=args.large_text, high_contrast=args.high_contrast, at=args.at)


def _date(value: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2027-02-26, found {value!r}") from None


def cmd_schedule(args: argparse.Namespace) -> int:
    import datetime as dt

    from .content.loader import load_exhibition
    from .content.schedule_report import format_report

    result = load_exhibition(_exhibition_arg(args.exhibition))
    if result.exhibition is None:
        for problem in result.errors:
            print(problem, file=sys.stderr)
        raise UserError(f"{display_path(result.source)} cannot be loaded; 'kiosk validate' lists every problem")
    if not 1 <= args.days <= 366:
        raise UserError(f"--days must be between 1 and 366, found {args.days}")
    sys.stdout.write(format_report(result.exhibition, args.start or dt.date.today(), args.days))
    if result.errors:
        # The kiosk keeps the last good exhibition on screen while this one has errors.
        print(f"{display_path(result.source)} has {len(result.errors)} errors, so the kiosk would not show it "
              f"yet; 'kiosk validate' lists them", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def _print_progress():
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    bar = tqdm(total=0, unit="B", unit_scale=True, desc="copying", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    return progress


def cmd_update(args: argparse.Namespace) -> int:
    from .content.loader import load_exhibition
    from .content.update import UpdateError, update_content
    from .media.inspect import inspect_media

    def validate(path: Path):
        return load_exhibition(path, clip_duration=_clip_duration(), inspect=inspect_media)

    def prepare(copy) -> None:
        from .media.assets import Assets
        from .media.prepare import prepare_exhibition
        from .media.renditions import RenditionCache

        print("\n".join(prepare_exhibition(Assets.of(copy), RenditionCache(None)).lines()))

    try:
        done = update_content(Path(args.source), args.target, validate=validate, progress=_print_progress(),
                              before_switch=None if args.no_prepare else prepare)
    except UpdateError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        raise UserError(str(exc)) from None
    for message in done.skipped:
        print(f"skipped {message}")
    for name in done.cleaned:
        print(f"removed {name}, a copy an earlier update did not finish")
    print(f"{done.version} is live: {done.files} files, {done.size / 1_000_000:.1f} MB"
          + (f" (previous: {done.previous}, kept for 'kiosk rollback')" if done.previous else ""))
    for name in done.removed:
        print(f"removed the old version {name}")
    print(f"the kiosk shows {done.current} ('kiosk run {done.current}'); a running kiosk reloads by itself")
    return EXIT_OK


def cmd_rollback(args: argparse.Namespace) -> int:
    from .content.update import UpdateError, current_version, default_content_dir, rollback, version_names

    target = args.target or default_content_dir()
    if args.list:
        live = current_version(target)
        for name in version_names(target):
            print(f"{'*' if name == live else ' '} {name}")
        return EXIT_OK
    try:
        left, live = rollback(target, to=args.to)
    except UpdateError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        raise UserError(str(exc)) from None
    print(f"{live} is live again (left: {left}); a running kiosk reloads by itself")
    return EXIT_OK


def _section_title(values: list[str] | None) -> str | dict[str, str] | None:
    """``--title Books`` (one text for all) or ``--title en=Books --title az=Kitablar``."""
    import re

    from .content.text import LANGUAGE_PATTERN

    if not values:
        return None
    by_language: dict[str, str] = {}
    for value in values:
        code, sep, text = value.partition("=")
        if sep and re.fullmatch(LANGUAGE_PATTERN, code.strip()):
            by_language[code.strip()] = text.strip()
        elif len(values) == 1:
            return value
        else:
            raise UserError(f"--title {value!r}: with several titles, write each as LANG=TEXT (en=Books)")
    return by_language


def _import_paths(args: argparse.Namespace) -> tuple[Path, Path]:
    """The spreadsheet an import reads and the YAML file it writes (never the spreadsheet)."""
    source = Path(args.file)
    if not source.is_file():
        raise UserError(f"{args.file}: no such file")
    out = Path(args.out) if args.out else source.with_suffix(".yaml")
    if out.resolve() == source.resolve():
        raise UserError(f"--out {args.out} is the spreadsheet itself; name a .yaml file")
    return source, out


def _free_section(args: argparse.Namespace, out: Path, wanted: str) -> str:
    """The imported section's id: ``--section``, else ``wanted``, never one the exhibition has."""
    from .content.books_csv import existing_section_ids, free_section_id
    from .content.loader import find_exhibition

    exhibition = Path(args.exhibition) if args.exhibition else find_exhibition(out.parent)
    taken = existing_section_ids(find_exhibition(exhibition), skip=out) if exhibition.exists() else set()
    section = free_section_id(args.section or wanted, taken)
    if args.section and section != args.section:
        raise UserError(f"--section {args.section}: {display_path(exhibition)} already has a section called "
                        f"'{args.section}'; choose another id (e.g. {section})")
    return section


def cmd_import_books(args: argparse.Namespace) -> int:
    from .content.books_csv import (BooksCsvError, catalogue_fragment, fragment_text, parse_mapping, read_books_csv,
                                    summary, write_text_atomically)

    source, out = _import_paths(args)
    try:
        mapping = parse_mapping(",".join(args.map)) if args.map else None
    except ValueError as exc:
        raise UserError(f"--map: {exc}") from None
    try:
        result = read_books_csv(source, mapping=mapping, media=Path(args.media) if args.media else None)
    except BooksCsvError as exc:
        raise UserError(str(exc)) from None
    for problem in result.problems:
        print(problem)
    if not result.books:
        print(summary(result, None), file=sys.stderr)
        raise UserError(f"no book could be imported, so {display_path(out)} was not written")
    if result.missing_covers:
        print(f"{len(result.missing_covers)} cover{'s' * (len(result.missing_covers) != 1)} not found: "
              + ", ".join(result.missing_covers))
    section = _free_section(args, out, "books")
    if section != "books" and not args.section:
        print(f"the exhibition already has a section called 'books'; this one is called '{section}'")
    try:
        fragment = catalogue_fragment(result.books, section, _section_title(args.title))
    except ValueError as exc:
        raise UserError(f"--section/--title: {exc}") from None
    write_text_atomically(out, fragment_text(fragment, source.name, out.name))
    print(summary(result, display_path(out)), file=sys.stdout if result.ok else sys.stderr)
    return EXIT_OK if result.ok else EXIT_INVALID


def cmd_import_names(args: argparse.Namespace) -> int:
    """A register of names from a spreadsheet: the same shape as import-books (content/names_csv.py)."""
    import shutil

    from .content.books_csv import write_text_atomically
    from .content.names_csv import (INLINE_LIMIT, NamesCsvError, fragment_text, names_fragment, read_names_csv,
                                    summary)

    source, out = _import_paths(args)
    try:
        result = read_names_csv(source)
    except NamesCsvError as exc:
        raise UserError(str(exc)) from None
    for problem in result.problems:
        print(problem)
    if not result.people:
        print(summary(result, None), file=sys.stderr)
        raise UserError(f"no person could be imported, so {display_path(out)} was not written")
    spreadsheet = None
    if len(result.people) > INLINE_LIMIT:
        # a large register stays a spreadsheet: the kiosk reads it in the background
        if not args.media:
            raise UserError(f"{len(result.people)} people are more than a YAML file should hold ({INLINE_LIMIT}); "
                            f"give --media DIR (the exhibition's media folder) to copy the spreadsheet there")
        spreadsheet = f"names/{source.stem}.csv"
        target = Path(args.media) / spreadsheet
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        print(f"copied the spreadsheet to {display_path(target)}; the section reads it from there")
    section = _free_section(args, out, "names")
    try:
        fragment = names_fragment(result, section, _section_title(args.title), spreadsheet)
    except ValueError as exc:
        raise UserError(f"--section/--title: {exc}") from None
    write_text_atomically(out, fragment_text(fragment, source.name, out.name))
    print(summary(result, display_path(out)), file=sys.stdout if result.ok else sys.stderr)
    return EXIT_OK if result.ok else EXIT_INVALID


def cmd_doctor(args: argparse.Namespace) -> int:
    from .technician.doctor import run_doctor

    return run_doctor(gl_timeout=args.gl_timeout)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="An exhibition kiosk for commemoration venues.")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    exhibition_help = "the exhibition file or its folder (default: the bundled demo)"
    p = sub.add_parser("run", help="start the kiosk, full screen")
    p.add_argument("exhibition", nargs="?", help=exhibition_help)
    p.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    p.add_argument("--size", type=_size, help="window size, e.g. 1920x1080")
    p.add_argument("--rotation", type=int, choices=(0, 90, 180, 270), default=0, help="screen rotation")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("validate", help="list every error and warning in an exhibition")
    p.add_argument("exhibition", nargs="?", help=exhibition_help)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help="print the JSON Schema that editors use for completion")
    p.add_argument("--out", help="write it to this file instead of printing it")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("prepare", help="build screen-size renditions and thumbnails of every image")
    p.add_argument("exhibition", nargs="?", help=exhibition_help)
    p.add_argument("--cache", type=Path,
                   help="the renditions folder (default: $KIOSK_CACHE/renditions or ~/.cache/kiosk/renditions)")
    p.add_argument("--jobs", type=int, help="how many images to decode at once (default: one per core)")
    p.set_defaults(func=cmd_prepare)

    p = sub.add_parser("preview", help="render every screen to PNG, with a contact sheet")
    p.add_argument("exhibition", nargs="?", help=exhibition_help)
    p.add_argument("--out", required=True, help="folder for the PNG files")
    p.add_argument("--size", type=_size, default=(1920, 1080), help="screen size, e.g. 1080x1920")
    p.add_argument("--lang", help="the language to render in (default: the exhibition's first)")
    p.add_argument("--large-text", action="store_true", help="render in large-text mode")
    p.add_argument("--high-contrast", action="store_true", help="render in high-contrast mode")
    p.add_argument("--at", type=_moment, help='the wall-clock time to render at, e.g. "2027-02-26 17:00" '
                                             "(default: now); the same time gives the same screens")
    p.add_argument("--html", action="store_true",
                   help="every language, side by side in OUT/index.html, with the problems linked to their screens")
    p.set_defaults(func=cmd_preview)

    p = sub.add_parser("schedule", help="print what the attract loop plays when, day by day")
    p.add_argument("exhibition", nargs="?", help=exhibition_help)
    p.add_argument("--from", dest="start", type=_date, help="the first day, e.g. 2027-02-20 (default: today)")
    p.add_argument("--days", type=int, default=7, help="how many days (default: 7)")
    p.set_defaults(func=cmd_schedule)

    content_help = "the kiosk's content folder (default: $KIOSK_HOME/content)"
    p = sub.add_parser("update", help="validate a folder (e.g. a USB stick) and make it the live content")
    p.add_argument("source", help="the folder holding the exhibition file (or config/) and its media")
    p.add_argument("--target", type=Path, help=content_help)
    p.add_argument("--no-prepare", action="store_true",
                   help="do not build photo renditions before the switch ('kiosk prepare' builds them later)")
    p.set_defaults(func=cmd_update)

    p = sub.add_parser("rollback", help="make the content that was live before the last update live again")
    p.add_argument("--target", type=Path, help=content_help)
    p.add_argument("--to", help="a version to make live (see --list)")
    p.add_argument("--list", action="store_true", help="list the kept versions; * marks the live one")
    p.set_defaults(func=cmd_rollback)

    p = sub.add_parser("import-books", help="turn a book list (Goodreads, Calibre, Zotero, LibraryThing, a "
                                            "spreadsheet) into a catalogue file to include")
    p.add_argument("file", help="the export or spreadsheet (CSV, ; CSV or Unicode text), one row a book, "
                                "column names in the first row")
    p.add_argument("--out", help="the YAML file to write (default: beside the CSV, ending in .yaml)")
    p.add_argument("--section", help="the catalogue section's id (default: books, or books-2 if the exhibition "
                                     "has a books section already)")
    p.add_argument("--exhibition", help="the exhibition whose section ids the new one must not repeat "
                                        "(default: the exhibition.yaml beside the output)")
    p.add_argument("--map", action="append", metavar="FIELD=COLUMN,...",
                   help="which column holds which field, for headers it does not know: title=Titel,authors=Writer")
    p.add_argument("--media", help="the exhibition's media folder: covers given as absolute paths (Calibre) "
                                  "are copied into its books/ folder")
    p.add_argument("--title", action="append",
                   help="the section's title: one text, or LANG=TEXT once per language (default: en=Books)")
    p.set_defaults(func=cmd_import_books)

    p = sub.add_parser("import-names", help="turn a register of names (a spreadsheet, one row a person) into a "
                                            "names section to include")
    p.add_argument("file", help="the spreadsheet (CSV, ; CSV or Unicode text): name_az, name_ru, ... born, died, "
                                "place, text, photo, group, note; column names in the first row")
    p.add_argument("--out", help="the YAML file to write (default: beside the CSV, ending in .yaml)")
    p.add_argument("--section", help="the section's id (default: names, or names-2 if the exhibition has one)")
    p.add_argument("--exhibition", help="the exhibition whose section ids the new one must not repeat "
                                        "(default: the exhibition.yaml beside the output)")
    p.add_argument("--media", help="the exhibition's media folder: a register too large for YAML is copied to "
                                  "its names/ folder and read from there")
    p.add_argument("--title", action="append",
                   help="the section's title: one text, or LANG=TEXT once per language (default: en=Names)")
    p.set_defaults(func=cmd_import_names)

    p = sub.add_parser("doctor", help="check this machine for running the kiosk and say what to fix")
    p.add_argument("--gl-timeout", type=float, default=30.0, help="seconds to wait for the GL probe")
    p.set_defaults(func=cmd_doctor)

    from .curator.commands import add_curator_parsers  # kiosk keygen, kiosk sign
    from .fleet.commands import add_fleet_parser  # kiosk fleet init|id|join|agent|status
    from .technician.commands import add_technician_parsers  # kiosk set-pin, kiosk trust
    from .technician.pin import require_pin

    add_technician_parsers(sub)
    add_curator_parsers(sub)
    add_fleet_parser(sub, before_kiosk_join=require_pin)
    from .analytics.command import add_report_parser  # kiosk report

    add_report_parser(sub)
    from .curator.book import add_book_parsers  # kiosk book list|approve|reject|export

    add_book_parsers(sub)
    return parser


QUIET_LOGGERS = ("PIL", "watchdog", "kiosk.media.libtiff", "fontTools", "fpdf")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Libraries' chatter (Pillow's chunk-by-chunk debug lines, watchdog's inotify events,
    # libtiff's messages captured by kiosk.media.images) stays out of the curator's output
    # and the kiosk log, even with -v; their warnings still show.
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    try:
        return args.func(args)
    except UserError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except Exception:  # noqa: BLE001 - the second tier: a bug, reported with the version
        print(f"kiosk {__version__}: unexpected error, please report it with this output:", file=sys.stderr)
        traceback.print_exc()
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
