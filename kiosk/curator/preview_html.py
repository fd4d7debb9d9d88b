"""``kiosk preview --html``: one page a curator opens after a change.

The validation problems at the top, each linked to the screen it affects; below, every
screen with the languages side by side. The screens are rendered by ``kiosk preview``
itself, once per language, each in a process of its own (a Kivy window lives once per
process); this module only reads what it saved and writes ``index.html``. No Kivy here.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.loader import LoadResult, load_exhibition
from ..content.checks import ITEMS
from ..content.models import _default_id
from ..content.problems import Problem, display_path
from ..content.text import is_rtl
from ..content.yaml12 import read_yaml

_ITEM_KEYS = dict(ITEMS.values())
"""Each kind's items key, and the key an item's id comes from when none is written."""


@dataclass(frozen=True)
class Screen:
    """One screen as ``kiosk preview`` saved it, in every language rendered."""

    name: str
    """The file name without its number: ``photos-001-the-memorial-zoomed``."""
    images: dict[str, str]
    """Language -> the PNG's path relative to the page."""

    @property
    def anchor(self) -> str:
        return f"screen-{self.name}"


def render_languages(exhibition: Path, out: Path, languages: list[str], size: tuple[int, int],
                     run: Callable[[list[str]], int] | None = None, at: dt.datetime | None = None) -> dict[str, Path]:
    """``kiosk preview`` once per language into ``out/<language>``; the folders by language."""
    folders: dict[str, Path] = {}
    for language in languages:
        folder = out / language
        command = [sys.executable, "-m", "kiosk", "preview", str(exhibition), "--out", str(folder),
                   "--lang", language, "--size", f"{size[0]}x{size[1]}"]
        # one wall-clock moment for every language: the same attract step, quiet hours and silence
        command += ["--at", f"{at:%Y-%m-%d %H:%M}"] if at is not None else []
        code = run(command) if run else subprocess.run(command, env=os.environ.copy()).returncode
        if code != 0:
            raise RuntimeError(f"kiosk preview --lang {language} failed (exit {code})")
        folders[language] = folder
    return folders


def collect_screens(out: Path, folders: dict[str, Path]) -> list[Screen]:
    """The screens in the order they were saved, matched across languages by name."""
    order: list[str] = []
    images: dict[str, dict[str, str]] = {}
    for language, folder in folders.items():
        for png in sorted(folder.glob("[0-9]*-*.png"), key=lambda p: int(p.stem.split("-", 1)[0])):
            name = png.stem.split("-", 1)[1]
            if name not in images:
                order.append(name)
                images[name] = {}
            images[name][language] = png.relative_to(out).as_posix()
    return [Screen(name, images[name]) for name in order]


def _raw(source: Path) -> Any:
    try:
        return read_yaml(source)[0]
    except Exception:  # noqa: BLE001 - a file that cannot be read has its problem listed already
        return None


def screen_for(problem: Problem, data: Any, names: list[str]) -> str | None:
    """The screen a problem shows on: its item's, else its section's, else the home screen."""
    loc = problem.loc
    if not names:
        return None
    if loc[:1] in (("attract",), ("playlists",), ("schedule",), ("quiet",), ("silence",)):
        return next((n for n in names if n == "attract"), names[0])
    if len(loc) >= 2 and loc[0] == "sections" and isinstance(loc[1], int) and isinstance(data, dict):
        sections = data.get("sections")
        section = sections[loc[1]] if isinstance(sections, list) and loc[1] < len(sections) else None
        if isinstance(section, dict) and isinstance(section.get("id"), str):
            sid = section["id"]
            if len(loc) >= 4 and loc[2] in _ITEM_KEYS and isinstance(loc[3], int):
                items = section.get(loc[2])
                item = items[loc[3]] if isinstance(items, list) and loc[3] < len(items) else None
                iid = _default_id(item, _ITEM_KEYS[str(loc[2])]).get("id") if isinstance(item, dict) else None
                if isinstance(iid, str):
                    found = next((n for n in names if n.startswith(f"{sid}-{iid}")), None)
                    if found:
                        return found
            found = next((n for n in names if n == sid or n.startswith(f"{sid}-")), None)
            if found:
                return found
    return next((n for n in names if n == "home"), None)


_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#1d1e22;color:#e8e8ea}
header{padding:18px 24px;background:#26272c;position:sticky;top:0;z-index:2;border-bottom:1px solid #3a3b42}
h1{font-size:20px;margin:0 0 4px} h2{font-size:16px;margin:0 0 8px}
.summary{color:#b8b9bf}
.problems{margin:0;padding:12px 24px 16px 44px;background:#2b1f22}
.problems li{margin:3px 0}
.error .sev{color:#ff8a80;font-weight:600} .warning .sev{color:#ffd180;font-weight:600}
.ok{padding:12px 24px;background:#1f2b22;color:#a5d6a7}
a{color:#8ab4f8}
section{padding:18px 24px;border-bottom:1px solid #33343a;scroll-margin-top:90px}
section:target{background:#2a2b33}
.row{display:flex;gap:14px;overflow-x:auto}
figure{margin:0;flex:0 0 auto}
figure img{display:block;width:var(--w);border:1px solid #44454c}
figcaption{font-size:13px;color:#b8b9bf;margin-top:4px}
.here{margin:0 0 8px;padding:0 0 0 18px;font-size:14px}
code{font-size:13px}
"""


def page(title: str, source: str, result: LoadResult, screens: list[Screen], languages: list[str],
         width: int) -> str:
    """The page's HTML."""
    names = [s.name for s in screens]
    data = _raw(result.source)
    linked = [(p, screen_for(p, data, names)) for p in result.problems]
    by_screen: dict[str, list[Problem]] = {}
    for problem, name in linked:
        if name:
            by_screen.setdefault(name, []).append(problem)
    esc = html.escape
    errors, warnings = len(result.errors), len(result.warnings)
    parts = [
        "<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(title)}: preview</title><style>{_STYLE}</style></head>",
        f'<body style="--w:{width}px">',
        f"<header><h1>{esc(title)}</h1><div class=summary>{esc(source)}: {errors} error{'s' * (errors != 1)}, "
        f"{warnings} warning{'s' * (warnings != 1)}; {len(screens)} screens in {', '.join(languages)}</div></header>",
    ]
    if linked:
        parts.append('<ol class="problems">')
        for problem, name in linked:
            where = esc(str(problem.mark))
            link = f'<a href="#screen-{esc(name)}">{where}</a>' if name else where
            parts.append(f'<li class="{problem.severity.value}"><span class=sev>{problem.severity.value}</span> '
                         f"{link}: {esc(problem.message)}</li>")
        parts.append("</ol>")
    else:
        parts.append('<div class="ok">No problems: every file and text checks out.</div>')
    for screen in screens:
        parts.append(f'<section id="{esc(screen.anchor)}"><h2>{esc(screen.name)}</h2>')
        here = by_screen.get(screen.name, [])
        if here:
            parts.append('<ul class="here">' + "".join(
                f'<li class="{p.severity.value}"><span class=sev>{p.severity.value}</span> '
                f"<code>{esc(str(p.mark))}</code>: {esc(p.message)}</li>" for p in here) + "</ul>")
        parts.append('<div class="row">')
        for language in languages:
            image = screen.images.get(language)
            direction = ' dir="rtl"' if is_rtl(language) else ""
            if image:
                parts.append(f'<figure lang="{esc(language)}"{direction}><a href="{esc(image)}">'
                             f'<img src="{esc(image)}" alt="{esc(screen.name)} in {esc(language)}" loading="lazy">'
                             f"</a><figcaption>{esc(language)}</figcaption></figure>")
            else:
                parts.append(f'<figure lang="{esc(language)}"><figcaption>{esc(language)}: not rendered'
                             f"</figcaption></figure>")
        parts.append("</div></section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_html_preview(exhibition: Path, out: Path, size: tuple[int, int], language: str | None = None,
                       run: Callable[[list[str]], int] | None = None, at: dt.datetime | None = None) -> Path:
    """Render every screen in each language and write ``out/index.html``; returns its path."""
    from ..media.inspect import inspect_media
    from ..media.video import probe_duration

    result = load_exhibition(exhibition, clip_duration=probe_duration, inspect=inspect_media)
    ex = result.exhibition
    languages = [language] if language else (list(ex.languages) if ex is not None else [])
    out.mkdir(parents=True, exist_ok=True)
    at = at or dt.datetime.now().replace(second=0, microsecond=0)
    folders = render_languages(exhibition, out, languages, size, run, at) if ex is not None else {}
    screens = collect_screens(out, folders)
    title = ex.text(ex.title, ex.default_language) if ex is not None else display_path(result.source)
    # the languages of one screen fit side by side in a 1400-pixel-wide window
    width = max(200, min(480, (1320 - 14 * (len(languages) - 1)) // max(1, len(languages))))
    if size[1] > size[0]:
        width = max(160, width * size[0] // size[1])
    index = out / "index.html"
    index.write_text(page(title, display_path(result.source), result, screens, languages, width), encoding="utf-8")
    return index
