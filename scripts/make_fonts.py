"""Build the kiosk's two faces: Kiosk Sans (Noto Sans merged with Noto Sans Arabic) for
captions, controls and facts, and Kiosk Serif (Noto Serif merged with Noto Naskh Arabic)
for titles and names.

Kivy's text provider draws a label in a single font with no fallback, so a line that
mixes Arabic with a Latin name or a number needs both scripts in one file. The sources
are Debian's fonts-noto-core (SIL OFL 1.1); the merged fonts are renamed "Kiosk Sans" and
"Kiosk Serif" as the licence asks of modified versions, and carry the same licence
(fonts/OFL.txt). The icons are Material Icons (Debian's fonts-material-design-icons-iconfont,
Apache 2.0, fonts/LICENSE-MaterialIcons.txt), shipped as they are.

Run: .venv/bin/pip install fonttools && .venv/bin/python scripts/make_fonts.py
(the sources are expected in kiosk/media/fonts/, as committed).
"""

from __future__ import annotations

from pathlib import Path

from fontTools import merge, subset
from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parent.parent / "kiosk" / "media" / "fonts"


def _prepare(path: Path, out: Path) -> Path:
    """Drop layout features fontTools' merger cannot combine across the two fonts."""
    font = TTFont(path)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.glyph_names = True
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=font.getBestCmap().keys())
    subsetter.subset(font)
    font.save(out)
    return out


FACES = {
    # family: (Latin/Cyrillic source, Arabic source)
    "Kiosk Sans": ("NotoSans", "NotoSansArabic"),
    "Kiosk Serif": ("NotoSerif", "NotoNaskhArabic"),
}


def build(weight: str, family: str = "Kiosk Sans") -> Path:
    latin_source, arabic_source = FACES[family]
    stem = family.replace(" ", "")
    tmp = FONTS / f".tmp-{stem}-{weight}"
    tmp.mkdir(exist_ok=True)
    latin = _prepare(FONTS / f"{latin_source}-{weight}.ttf", tmp / "latin.ttf")
    arabic = _prepare(FONTS / f"{arabic_source}-{weight}.ttf", tmp / "arabic.ttf")
    merged = merge.Merger(options=merge.Options(drop_tables=["vmtx", "vhea", "MATH"])).merge([str(latin), str(arabic)])
    # The merger keeps the Arabic face's tall line (room for stacked marks), which spaces
    # Latin and Cyrillic paragraphs half a line apart. A middle line box keeps Arabic's
    # marks inside it and Latin lines close.
    ascent, descent = 1150, -450
    merged["hhea"].ascent, merged["hhea"].descent, merged["hhea"].lineGap = ascent, descent, 0
    os2 = merged["OS/2"]
    os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap = ascent, descent, 0
    os2.usWinAscent, os2.usWinDescent = ascent, -descent
    names = merged["name"]
    for record in names.names:
        if record.nameID in (1, 16):
            record.string = family
        elif record.nameID in (4,):
            record.string = f"{family} {weight}"
        elif record.nameID in (6,):
            record.string = f"{stem}-{weight}"
    target = FONTS / f"{stem}-{weight}.ttf"
    merged.save(target)
    for part in tmp.iterdir():
        part.unlink()
    tmp.rmdir()
    return target


if __name__ == "__main__":
    for family in FACES:
        for weight in ("Regular", "Bold"):
            path = build(weight, family)
            cmap = TTFont(path).getBestCmap()
            print(f"{path.name}: {len(cmap)} characters, {path.stat().st_size // 1024} KB")
