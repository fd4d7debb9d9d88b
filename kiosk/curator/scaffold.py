"""``kiosk new FOLDER``: an exhibition made from a folder of photos, clips, PDFs and covers.

The folder is the media folder. Its own files and each subfolder become sections: photos a
gallery, videos a clips section (an image with a clip's name is its poster, ``name.en.vtt``
its subtitles), PDFs and the images of a ``books``/``covers`` folder a catalogue (a cover and
a PDF of one name are one book). Deeper folders join their top folder's section.

Panels take their title, caption, credit, date and place from the photo's XMP, IPTC and EXIF
(``kiosk/media/photo_metadata.py``); a comment above each says where each came from. A
photo that says nothing is titled from its file name, with a warning.

Run again after adding photos, it adds what is new and changes nothing else: the file is
not rewritten but new panels are inserted as text after the last line of their section
(and new sections after the last section), so the curator's edits, order and comments stay
as they were. A photo the curator took out stays out: every path ever scaffolded is kept
in a hidden list beside the exhibition (``.exhibition.yaml.scaffolded``).

Everything written is checked by the models the loader uses and read back through the
kiosk's YAML 1.2 reader before the file is replaced. No Kivy here.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from pydantic import ValidationError

from ..content.books_csv import dump_yaml, id_from_title, write_text_atomically
from ..content.media_root import media_path_problem
from ..content.models import ID_PATTERN, Book, Clip, Panel, _default_id
from ..content.problems import ContentError, display_path
from ..content.text import LANGUAGE_PATTERN
from ..content.yaml12 import parse_yaml
from ..media.pdf import pdf_metadata
from ..media.photo_metadata import DEFAULT_LEGACY, Found, PhotoMetadata, read_photo_metadata
from .languages import exhibition_code, exhibition_text

IMAGES = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff"}
VIDEOS = {".mp4", ".m4v", ".mov", ".mkv", ".webm"}
SUBTITLES = {".srt", ".vtt"}
PDFS = {".pdf"}
BOOK_FOLDERS = {"books", "book", "covers", "cover", "catalogue", "catalog", "library", "kitablar", "книги",
                "publications"}
"""Folders whose images are book covers, not panels."""
COVER_SUFFIX = re.compile(r"[-_ ](cover|front|ön|обложка)$", re.IGNORECASE)
JUNK = {"Thumbs.db", "desktop.ini", "@eaDir", "__MACOSX", "System Volume Information", "$RECYCLE.BIN"}
STATE_SUFFIX = ".scaffolded"

SECTION_NOUNS = {"gallery": "panel", "clips": "clip", "catalogue": "book"}
ITEM_KEYS = {"gallery": "panels", "clips": "clips", "catalogue": "books"}
ROOT_IDS = {"gallery": "photos", "clips": "clips", "catalogue": "books"}
ROOT_TITLES = {"gallery": "Photographs", "clips": "Clips", "catalogue": "Books"}


class ScaffoldError(Exception):
    """The folder or the existing exhibition cannot be scaffolded; the message says why."""


@dataclass
class Item:
    """One panel, clip or book to write, keyed by its main file."""

    key: str
    data: dict[str, Any]
    origin: list[str] = field(default_factory=list)
    """Where each field came from, in the curator's words (the comment above it)."""
    warnings: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)
    """Every media path it uses (image, poster, subtitles, cover, PDF)."""


@dataclass
class Section:
    """A section the folder holds: a gallery, clips or catalogue of one folder."""

    id: str
    kind: str
    title: str
    folder: str
    """The top folder it comes from ('' for the media folder's own files)."""
    items: list[Item] = field(default_factory=list)


@dataclass
class Scaffold:
    """What ``kiosk new`` did: the sections it added to, the items it added, what to say."""

    out: Path
    added: list[tuple[Section, Item]] = field(default_factory=list)
    new_sections: list[Section] = field(default_factory=list)
    kept_out: list[str] = field(default_factory=list)
    """Files scaffolded before that the curator has since taken out."""
    skipped: list[str] = field(default_factory=list)
    """Files not used, with why."""
    languages: list[str] = field(default_factory=list)
    merged: bool = False


# --- the folder -----------------------------------------------------------------------------


def _natural(path: str) -> list[Any]:
    """photos/2.jpg before photos/10.jpg."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", path)]


def humanised(stem: str) -> str:
    """``war-years_1991`` -> ``War years 1991``."""
    words = " ".join(re.sub(r"[_\-.]+", " ", stem).split())
    return words[:1].upper() + words[1:] if words else stem


def slug(text: str) -> str:
    """An id from a name in any script (``Müharibə illəri`` -> ``muharibe-illeri``)."""
    made = id_from_title(text)
    if not made:
        from anyascii import anyascii  # Arabic and other scripts, spelt in Latin letters

        made = id_from_title(anyascii(text))
    return made[:64].strip("-")


def media_files(folder: Path, skip: set[Path]) -> tuple[list[str], list[str]]:
    """Every usable file under ``folder`` as a media path, naturally sorted, and what was left out."""
    found: list[str] = []
    skipped: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in JUNK)
        for name in filenames:
            if name.startswith(".") or name in JUNK:
                continue
            path = Path(dirpath) / name
            if path.resolve() in skip or path.is_symlink():
                continue
            relative = path.relative_to(folder).as_posix()
            suffix = path.suffix.lower()
            if suffix not in IMAGES | VIDEOS | SUBTITLES | PDFS:
                if suffix not in {".yaml", ".yml", ".json", ".txt", ".md", ".csv", ".pub", ".key"}:
                    skipped.append(f"{relative}: not a photo, clip, subtitles or PDF the kiosk shows")
                continue
            problem = media_path_problem(relative)
            if problem:
                skipped.append(f"{relative}: {problem}")
                continue
            found.append(relative)
    return sorted(found, key=_natural), skipped


def _top(path: str) -> str:
    parts = PurePosixPath(path).parts
    return parts[0] if len(parts) > 1 else ""


# --- items ----------------------------------------------------------------------------------


class _Texts:
    """Turns what files say into the exhibition's texts, remembering where each came from."""

    def __init__(self, languages: list[str]) -> None:
        self.languages = languages

    @property
    def default(self) -> str:
        return self.languages[0]

    def text(self, found: Found, item: Item, name: str, plain: bool = False) -> str | dict[str, str] | None:
        """``found`` as a text of the exhibition; ``plain``: one text for all languages when it
        has only one (a credit)."""
        if isinstance(found.value, dict):
            texts, left_out = exhibition_text(found.value, self.languages, self.default)
            tags = [t for t in found.value if t not in left_out]
            where = f"{found.source} [{', '.join(tags)}]"
            if left_out:
                where += f" ({', '.join(left_out)} left out: not one of the exhibition's languages)"
        else:
            texts, where = {self.default: found.value}, found.source
        if not texts:
            return None
        item.origin.append(f"{name} from {where}")
        if plain and len(texts) == 1:
            return next(iter(texts.values()))
        return texts

    def title_from_name(self, item: Item, path: str) -> dict[str, str]:
        item.origin.append("title from the file name")
        return {self.default: humanised(PurePosixPath(path).stem)}


def _date_line(meta: PhotoMetadata, item: Item) -> str | None:
    """The panel's line after the credit: the date, and the place (a panel has no place of
    its own; this line is where a visitor reads when and where)."""
    parts = []
    for name, found in (("date", meta.date), ("place", meta.place)):
        if found is not None and isinstance(found.value, str) and found.value:
            parts.append(found.value)
            item.origin.append(f"{name} from {found.source}")
    return " · ".join(parts) or None


def photo_panel(path: str, meta: PhotoMetadata, texts: _Texts) -> Item:
    item = Item(path, {"image": path}, media=[path])
    data = item.data
    title = texts.text(meta.title, item, "title") if meta.title else None
    data["title"] = title or texts.title_from_name(item, path)
    if meta.caption:
        caption = texts.text(meta.caption, item, "caption")
        if caption:
            data["caption"] = caption
    credit = meta.credit or meta.creator
    if credit:
        value = texts.text(credit, item, "credit", plain=True)
        if value:
            data["credit"] = value
    line = _date_line(meta, item)
    if line:
        data["date"] = line
    if meta.empty:
        item.warnings.append("no title, caption or credit in its metadata: titled from its file name")
    elif not meta.title:
        item.warnings.append("no title in its metadata: titled from its file name")
    item.warnings += meta.notes
    return item


def _subtitle_language(path: str, stem: str, default: str) -> str | None:
    """``film/x.en.vtt`` -> ``en``; ``film/x.srt`` -> the default language."""
    name = PurePosixPath(path).stem
    if name == stem:
        return default
    if name.startswith(stem + "."):
        code = name[len(stem) + 1:].replace("_", "-")
        return code if re.match(LANGUAGE_PATTERN, code) else None
    return None


def clip_items(videos: list[str], others: dict[str, list[str]], texts: _Texts) -> list[Item]:
    items = []
    for video in videos:
        pure = PurePosixPath(video)
        item = Item(video, {"video": video}, media=[video])
        item.data["title"] = texts.title_from_name(item, video)
        for candidate in others.get(str(pure.parent), []):
            cand = PurePosixPath(candidate)
            if cand.suffix.lower() in IMAGES and cand.stem == pure.stem:
                item.data["poster"] = candidate
                item.media.append(candidate)
                item.origin.append(f"poster {cand.name}")
            elif cand.suffix.lower() in SUBTITLES:
                code = _subtitle_language(candidate, pure.stem, texts.default)
                if code and code not in item.data.get("subtitles", {}):
                    item.data.setdefault("subtitles", {})[code] = candidate
                    item.media.append(candidate)
        if "subtitles" in item.data:
            item.origin.append(f"subtitles {', '.join(item.data['subtitles'])}")
        items.append(item)
    return items


def _book_stem(path: str) -> str:
    pure = PurePosixPath(path)
    return f"{pure.parent}/{COVER_SUFFIX.sub('', pure.stem)}"


def book_items(covers: list[str], pdfs: list[str], media: Path, texts: _Texts, legacy: str) -> list[Item]:
    """A book for each name: its cover and its PDF (``x-cover.jpg`` and ``x.pdf`` are one book)."""
    by_stem: dict[str, dict[str, str]] = {}
    for path in covers:
        by_stem.setdefault(_book_stem(path), {}).setdefault("cover", path)
    for path in pdfs:
        by_stem.setdefault(_book_stem(path), {}).setdefault("pdf", path)
    items = []
    for stem, files in sorted(by_stem.items(), key=lambda kv: _natural(kv[0])):
        key = files.get("cover") or files["pdf"]
        item = Item(key, {}, media=list(files.values()))
        info = pdf_metadata(media / files["pdf"]) if "pdf" in files else {}
        meta = read_photo_metadata(media / files["cover"], legacy) if "cover" in files else PhotoMetadata()
        if info.get("Title"):
            item.data["title"] = {texts.default: info["Title"]}
            item.origin.append("title from the PDF's Title")
        elif meta.title:
            item.data["title"] = texts.text(meta.title, item, "title")
        if not item.data.get("title"):
            item.data["title"] = texts.title_from_name(item, stem)
            item.warnings.append("no title in the PDF or the cover: titled from its file name")
        if info.get("Author"):
            item.data["authors"] = [a.strip() for a in re.split(r";|,(?= *[A-ZÀ-ÖØ-ÞƏ])| and ", info["Author"])
                                    if a.strip()]
            item.origin.append("authors from the PDF's Author")
        elif meta.creator and isinstance(meta.creator.value, str):
            item.data["authors"] = [a.strip() for a in meta.creator.value.split(";") if a.strip()]
            item.origin.append(f"authors from {meta.creator.source}")
        if meta.caption:
            description = texts.text(meta.caption, item, "description")
            if description:
                item.data["description"] = description
        for key_name in ("cover", "pdf"):
            if key_name in files:
                item.data[key_name] = files[key_name]
        items.append(item)
    return items


# --- sections -------------------------------------------------------------------------------


def plan_sections(media: Path, files: list[str], languages: list[str], legacy: str,
                  metadata: dict[str, PhotoMetadata]) -> list[Section]:
    """The sections the folder's files make, in folder order (the media folder's own first)."""
    texts = _Texts(languages)
    by_folder: dict[str, list[str]] = {}
    for path in files:
        by_folder.setdefault(_top(path), []).append(path)
    sections: list[Section] = []
    taken: set[str] = set()
    for folder in sorted(by_folder, key=lambda f: (f != "", _natural(f))):
        paths = by_folder[folder]
        videos = [p for p in paths if PurePosixPath(p).suffix.lower() in VIDEOS]
        video_stems = {(str(PurePosixPath(v).parent), PurePosixPath(v).stem) for v in videos}
        siblings: dict[str, list[str]] = {}
        for p in paths:
            siblings.setdefault(str(PurePosixPath(p).parent), []).append(p)
        images = [p for p in paths if PurePosixPath(p).suffix.lower() in IMAGES
                  and (str(PurePosixPath(p).parent), PurePosixPath(p).stem) not in video_stems]
        pdfs = [p for p in paths if PurePosixPath(p).suffix.lower() in PDFS]
        bookish = folder.lower() in BOOK_FOLDERS
        made: dict[str, list[Item]] = {}
        if images and not bookish:
            made["gallery"] = [photo_panel(p, metadata.get(p) or read_photo_metadata(media / p, legacy), texts)
                               for p in images]
        if videos:
            made["clips"] = clip_items(videos, siblings, texts)
        if pdfs or (bookish and images):
            made["catalogue"] = book_items(images if bookish else [], pdfs, media, texts, legacy)
        for n, (kind, items) in enumerate(made.items()):
            base = slug(folder) if folder else ROOT_IDS[kind]
            base = base or ROOT_IDS[kind]
            wanted = base if n == 0 else f"{base}-{ITEM_KEYS[kind]}"
            section_id, k = wanted, 2
            while section_id in taken:
                section_id, k = f"{wanted}-{k}", k + 1
            taken.add(section_id)
            title = humanised(folder) if folder else ROOT_TITLES[kind]
            if folder and n:
                title += f" ({ITEM_KEYS[kind]})"
            sections.append(Section(section_id, kind, title, folder, items))
    return sections


def _give_ids(section: Section, taken: set[str]) -> None:
    """An explicit id where the file name gives none, or one another item has."""
    main = {"gallery": "image", "clips": "video", "catalogue": "cover"}[section.kind]
    for item in section.items:
        made = _default_id(item.data, main).get("id") if main in item.data else None
        if not PurePosixPath(item.key).stem.isascii():
            made = None  # 'фото-1' would be '1': spelt in Latin letters instead, 'foto-1'
        if made and re.match(ID_PATTERN, made) and len(made) <= 64 and made not in taken:
            taken.add(made)
            continue
        base = slug(COVER_SUFFIX.sub("", PurePosixPath(item.key).stem)) or SECTION_NOUNS[section.kind]
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        item.data = {"id": candidate, **item.data}


_MODELS = {"gallery": Panel, "clips": Clip, "catalogue": Book}


def _checked(section: Section) -> None:
    """Each item checked by the loader's own model; a field it refuses is left out, with a warning."""
    model = _MODELS[section.kind]
    for item in section.items:
        for _ in range(len(item.data)):
            try:
                model.model_validate(item.data)
                break
            except ValidationError as exc:
                error = exc.errors()[0]
                name = str(error["loc"][0]) if error["loc"] else ""
                if name not in item.data or name in ("image", "video", "id"):
                    raise ScaffoldError(f"{item.key}: {error['msg']}") from None
                item.warnings.append(f"its {name} was left out: {error['msg']}")
                del item.data[name]


# --- writing --------------------------------------------------------------------------------


def _comment(lines: list[str], indent: int) -> str:
    pad = " " * indent
    out = []
    for line in lines:
        out += [f"{pad}# {part}" for part in textwrap.wrap(line, 100 - indent, break_on_hyphens=False)]
    return "\n".join(out) + "\n" if out else ""


def item_text(item: Item, dash: int) -> str:
    """One item as list-entry text whose dash is at column ``dash``, with where it came from."""
    note = [f"{item.key}: " + ("; ".join(item.origin) if item.origin else "nothing in its metadata")]
    body = textwrap.indent(dump_yaml([item.data]), " " * dash)
    return _comment(note, dash) + body


def section_text(section: Section, languages: list[str], dash: int) -> str:
    head = {"id": section.id, "kind": section.kind, "title": {languages[0]: section.title}}
    text = textwrap.indent(dump_yaml([head]), " " * dash)
    text += " " * (dash + 2) + f"{ITEM_KEYS[section.kind]}:\n"
    return text + "".join(item_text(item, dash + 4) for item in section.items)


def new_exhibition_text(title: str, languages: list[str], media_root: str, sections: list[Section],
                        command: str) -> str:
    head = {"title": {languages[0]: title}, "languages": languages, "media_root": media_root}
    if any(s.kind in ("gallery", "clips") for s in sections):
        head["attract"] = "highlights"
    text = (f"# Made by '{command}' from the photos' own titles, captions and credits.\n"
             f"# Edit freely: run it again after adding photos and it adds only the new ones,\n"
             f"# keeping every edit and comment here. Check with 'kiosk validate', look with\n"
             f"# 'kiosk preview --html'.\n")
    text += dump_yaml(head)
    text += "sections:\n" + "".join(section_text(s, languages, 2) for s in sections)
    playlist = [s.id for s in sections if s.kind in ("gallery", "clips")]
    if playlist:
        text += dump_yaml({"playlists": {"highlights": playlist}})
    return text


# --- merging into an exhibition that exists ---------------------------------------------------


@dataclass
class _Spot:
    """Where a section's items end in a file: new items go after ``line`` (0-based), dash at ``dash``."""

    file: Path
    line: int
    dash: int
    section_id: str
    kind: str
    media: set[str]


def _last_line(node: yaml.Node) -> int:
    """The 0-based line where ``node``'s own text ends (not the comments or blank lines after it)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value and not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    mark = node.end_mark
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">") and mark.column == 0:
        return mark.line - 1
    return mark.line if mark.column > 0 else mark.line - 1


def _dash_of(lines: list[str], node: yaml.Node) -> int:
    line = lines[node.start_mark.line]
    at = line.rfind("-", 0, node.start_mark.column + 1)
    return at if at >= 0 else max(0, node.start_mark.column - 2)


def _get(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


def _strings(node: yaml.Node) -> set[str]:
    if isinstance(node, yaml.ScalarNode):
        return {node.value}
    if isinstance(node, yaml.MappingNode):
        return set().union(*(_strings(v) for _, v in node.value)) if node.value else set()
    if isinstance(node, yaml.SequenceNode):
        return set().union(*(_strings(v) for v in node.value)) if node.value else set()
    return set()


def _compose(path: Path) -> tuple[str, yaml.Node]:
    text = path.read_text(encoding="utf-8")
    try:
        parse_yaml(text, display_path(path))  # the kiosk's own rules first: its messages
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except ContentError as exc:
        raise ScaffoldError("\n".join(str(p) for p in exc.problems)
                            + f"\n{display_path(path)} must read before photos can be added to it") from None
    if not isinstance(node, yaml.MappingNode):
        raise ScaffoldError(f"{display_path(path)} is not an exhibition (a map of title:, languages:, sections:)")
    return text, node


@dataclass
class _Existing:
    languages: list[str]
    media_root: str
    used: set[str]
    """Every string in the exhibition and its includes (its media paths among them)."""
    spots: list[_Spot]
    end: _Spot | None
    """After the last section of the exhibition file: where new sections go."""
    section_ids: set[str]
    texts: dict[Path, str]


def _read_existing(out: Path) -> _Existing:
    text, root = _compose(out)
    data, _ = parse_yaml(text, display_path(out))
    languages = [x for x in data.get("languages") or [] if isinstance(x, str)] or ["en"]
    media_root = data.get("media_root") if isinstance(data.get("media_root"), str) else "media"
    files = [out] + [out.parent / n for n in data.get("include") or [] if isinstance(n, str)]
    used: set[str] = set()
    spots: list[_Spot] = []
    section_ids: set[str] = set()
    texts: dict[Path, str] = {}
    end: _Spot | None = None
    for path in files:
        if path == out:
            file_text, node = text, root
        elif path.is_file():
            file_text, node = _compose(path)
        else:
            continue
        texts[path] = file_text
        lines = file_text.splitlines()
        used |= _strings(node)
        sections = _get(node, "sections")
        if not isinstance(sections, yaml.SequenceNode):
            continue
        for section in sections.value:
            if not isinstance(section, yaml.MappingNode):
                continue
            sid, kind = _get(section, "id"), _get(section, "kind")
            sid_text = sid.value if isinstance(sid, yaml.ScalarNode) else ""
            kind_text = kind.value if isinstance(kind, yaml.ScalarNode) else ""
            section_ids.add(sid_text)
            items = _get(section, ITEM_KEYS.get(kind_text, "-"))
            if isinstance(items, yaml.SequenceNode) and items.value and not items.flow_style:
                spots.append(_Spot(path, _last_line(items.value[-1]), _dash_of(lines, items.value[-1]),
                                   sid_text, kind_text, _strings(items)))
        if path == out and sections.value and not sections.flow_style:
            end = _Spot(path, _last_line(sections.value[-1]), _dash_of(lines, sections.value[-1]), "", "", set())
    return _Existing(languages, media_root, used, spots, end, section_ids, texts)


def _home(section: Section, existing: _Existing) -> _Spot | None:
    """The existing section new items of ``section`` join: the one already holding files of
    its folder (whatever the curator renamed it), else the one with its id."""
    def of_folder(value: str) -> bool:
        return (media_path_problem(value) is None and PurePosixPath(value).suffix.lower() in IMAGES | VIDEOS | PDFS
                and _top(value) == section.folder)

    same_kind = [s for s in existing.spots if s.kind == section.kind]
    for spot in same_kind:
        if any(of_folder(m) for m in spot.media):
            return spot
    return next((s for s in same_kind if s.section_id == section.id), None)


def _insert(text: str, insertions: list[tuple[int, int, str]]) -> str:
    """``text`` with each ``(after_line, order, chunk)`` inserted after that 0-based line."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    for after, _, chunk in sorted(insertions, key=lambda i: (-i[0], -i[1])):
        lines.insert(after + 1, chunk)
    return "".join(lines)


# --- the command ---------------------------------------------------------------------------


def state_file(out: Path) -> Path:
    return out.parent / f".{out.name}{STATE_SUFFIX}"


def _read_state(out: Path) -> set[str]:
    path = state_file(out)
    if not path.is_file():
        return set()
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


def _write_state(out: Path, paths: set[str]) -> None:
    text = ("# Every media file 'kiosk new' has put in the exhibition beside this file, one a line.\n"
            "# A file listed here that you took out of the exhibition stays out when 'kiosk new' runs\n"
            "# again; delete its line to have it added back.\n")
    write_text_atomically(state_file(out), text + "".join(f"{p}\n" for p in sorted(paths, key=_natural)))


def _metadata_languages(metadata: dict[str, PhotoMetadata]) -> list[str]:
    """The languages the photos' texts are written in, the most used first."""
    counts: Counter[str] = Counter()
    for meta in metadata.values():
        for found in (meta.title, meta.caption):
            for tag in found.languages if found else []:
                code = exhibition_code(tag, None)
                if code:
                    counts[code] += 1
    return [code for code, _ in counts.most_common()]


def scaffold(folder: Path, out: Path, languages: list[str] | None = None, title: str | None = None,
             legacy: str = DEFAULT_LEGACY, command: str = "kiosk new") -> Scaffold:
    """Make ``out`` from ``folder``, or add what is new in ``folder`` to the ``out`` that exists."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ScaffoldError(f"{folder}: no such folder; give the folder that holds the photos")
    out = Path(out)
    result = Scaffold(out)
    existing = _read_existing(out) if out.exists() else None
    if existing is not None:
        result.merged = True
        media_root = (out.parent / existing.media_root).resolve()
        if media_root != folder.resolve():
            raise ScaffoldError(f"{display_path(out)} shows the media folder {display_path(media_root)}, not "
                                f"{display_path(folder)}; give that folder, or another --out")
    files, result.skipped = media_files(folder, {out.resolve(), state_file(out).resolve()})
    earlier = _read_state(out)
    if existing is not None:
        result.kept_out = [f for f in files if f in earlier and f not in existing.used]
        files = [f for f in files if f not in existing.used and f not in earlier]
        languages = existing.languages
    photos = [f for f in files if PurePosixPath(f).suffix.lower() in IMAGES]
    metadata = {p: read_photo_metadata(folder / p, legacy) for p in photos}
    if not languages:
        languages = _metadata_languages(metadata) or ["en"]
    result.languages = list(languages)
    sections = plan_sections(folder, files, list(languages), legacy, metadata)
    if existing is None and not sections:
        raise ScaffoldError(f"{display_path(folder)} holds no photo, clip or PDF the kiosk can show")

    if existing is None:
        for section in sections:
            _give_ids(section, set())
            _checked(section)
            result.new_sections.append(section)
            result.added += [(section, item) for item in section.items]
        media_root = os.path.relpath(folder.resolve(), out.parent.resolve()).replace(os.sep, "/")
        text = new_exhibition_text(title or humanised(folder.resolve().name), list(languages), media_root,
                                   sections, command)
        texts = {out: text}
    else:
        insertions: dict[Path, list[tuple[int, int, str]]] = {}
        for section in sections:
            if not section.items:
                continue
            spot = _home(section, existing)
            if spot is not None:
                taken = _spot_ids(spot)
                _give_ids(section, taken)
                _checked(section)
                chunk = "".join(item_text(item, spot.dash) for item in section.items)
                insertions.setdefault(spot.file, []).append((spot.line, 0, chunk))
                result.added += [(Section(spot.section_id, section.kind, section.title, section.folder), item)
                                 for item in section.items]
                continue
            if existing.end is None:
                raise ScaffoldError(f"{display_path(out)} has no list of sections to add "
                                    f"'{section.folder or section.id}' to")
            wanted, n = section.id, 2
            while section.id in existing.section_ids:
                section.id, n = f"{wanted}-{n}", n + 1
            existing.section_ids.add(section.id)
            _give_ids(section, set())
            _checked(section)
            insertions.setdefault(out, []).append(
                (existing.end.line, 1 + len(result.new_sections), section_text(section, list(languages),
                                                                              existing.end.dash)))
            result.new_sections.append(section)
            result.added += [(section, item) for item in section.items]
        texts = {path: _insert(existing.texts[path], chunks) for path, chunks in insertions.items()}
    for path, text in texts.items():
        try:
            parse_yaml(text, display_path(path))
        except ContentError as exc:  # a bug: never replace the curator's file with one that does not read
            raise RuntimeError(f"the scaffolded {display_path(path)} would not read back: "
                               + "; ".join(str(p) for p in exc.problems)) from None
    for path, text in texts.items():
        write_text_atomically(path, text)
    _write_state(out, earlier | {m for _, item in result.added for m in item.media})
    return result


def _spot_ids(spot: _Spot) -> set[str]:
    """The item ids a section may have already (explicit, or from its files' names), so new ones differ."""
    from_files = {re.sub(r"[^a-z0-9_-]+", "-", PurePosixPath(v).stem.lower()).strip("-") for v in spot.media}
    return from_files | {v for v in spot.media if re.fullmatch(ID_PATTERN, v)}
