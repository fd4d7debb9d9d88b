"""The books: covers, sample pages as scans, and one book's pages as a PDF (``media/books/``)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from .common import FIXED_DATE, MARK, MEDIA, RGB, SEED, Box
from .drawing import (
    add_light, badge, font, render, save_jpeg, sepia, shade, soft_noise, vgradient, vignette, wrap,
)
from .scenes import (
    scene_concert_hall, scene_memorial_stone, scene_mountains, scene_old_street, scene_reading_room,
    scene_sunrise,
)
from .texts import BOOKS


@dataclass
class CoverStyle:
    bg: RGB
    fg: RGB
    accent: RGB
    emblem: str


COVER_STYLES: dict[str, CoverStyle] = {
    "memory-of-a-city": CoverStyle((30, 50, 82), (240, 232, 214), (196, 164, 104), "skyline"),
    "archive-voices": CoverStyle((26, 70, 74), (236, 236, 226), (214, 176, 110), "waves"),
    "songs-of-the-homeland": CoverStyle((108, 30, 40), (244, 232, 214), (222, 184, 110), "music"),
    "the-reading-room": CoverStyle((34, 70, 50), (240, 234, 214), (214, 184, 110), "lamp"),
    "letters-home": CoverStyle((214, 196, 160), (60, 44, 32), (140, 60, 44), "envelope"),
    "a-century-in-photographs": CoverStyle(
        (38, 38, 42), (236, 232, 224), (200, 170, 120), "photos"
    ),
}


def draw_emblem(im: Image.Image, kind: str, box: Box, st: CoverStyle, seed: int) -> None:
    d = ImageDraw.Draw(im)
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    rng = random.Random(seed)
    a = st.accent
    if kind == "skyline":
        x = x0
        while x < x1:
            bw = rng.uniform(0.06, 0.12) * w
            bh = rng.uniform(0.25, 0.6) * h
            bcol = shade(a, rng.uniform(0.7, 1.0))
            bx1 = min(x1, x + bw - 3)
            d.rectangle((x, y1 - bh, bx1, y1), fill=bcol)
            if rng.random() < 0.5:
                d.polygon(
                    [(x, y1 - bh), ((x + bx1) / 2, y1 - bh - 0.5 * bw), (bx1, y1 - bh)], fill=bcol
                )
            elif rng.random() < 0.5:
                d.pieslice(
                    (x + 0.15 * bw, y1 - bh - 0.35 * bw, bx1 - 0.15 * bw, y1 - bh + 0.35 * bw),
                    180,
                    360,
                    fill=bcol,
                )
            for wy in range(int(y1 - bh + 10), int(y1 - 10), 22):
                for wx in range(int(x + 8), int(min(x1, x + bw) - 12), 16):
                    d.rectangle((wx, wy, wx + 6, wy + 10), fill=st.bg)
            x += bw
        d.ellipse((x0 + 0.7 * w, y0, x0 + 0.85 * w, y0 + 0.15 * w), fill=st.fg)
    elif kind == "waves":
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        for k in range(1, 7):
            r = k * 0.075 * w
            d.arc((cx - r, cy - r, cx + r, cy + r), -50, 50, fill=a, width=6)
            d.arc((cx - r, cy - r, cx + r, cy + r), 130, 230, fill=a, width=6)
        d.rounded_rectangle(
            (cx - 0.05 * w, cy - 0.14 * h, cx + 0.05 * w, cy + 0.1 * h),
            radius=int(0.05 * w),
            fill=st.fg,
        )
        d.line([(cx, cy + 0.1 * h), (cx, cy + 0.3 * h)], fill=st.fg, width=8)
        d.line([(cx - 0.1 * w, cy + 0.3 * h), (cx + 0.1 * w, cy + 0.3 * h)], fill=st.fg, width=8)
    elif kind == "music":
        for k in range(5):
            y = y0 + 0.3 * h + k * 0.07 * h
            d.line([(x0, y), (x1, y)], fill=a, width=4)
        for nx, step in ((0.12, 5), (0.3, 3), (0.48, 6), (0.66, 2), (0.84, 4)):
            cx = x0 + nx * w
            cy = y0 + 0.3 * h + step * 0.035 * h
            d.ellipse((cx - 0.045 * w, cy - 0.03 * w, cx + 0.045 * w, cy + 0.03 * w), fill=st.fg)
            d.line([(cx + 0.04 * w, cy), (cx + 0.04 * w, cy - 0.32 * h)], fill=st.fg, width=6)
    elif kind == "lamp":
        cx = (x0 + x1) / 2
        add_light(im, cx, y0 + 0.75 * h, 0.5 * w, 0.3 * h, (255, 220, 150), 0.5, 1.6)
        d = ImageDraw.Draw(im)
        d.pieslice(
            (cx - 0.3 * w, y0 + 0.3 * h, cx + 0.3 * w, y0 + 0.75 * h), 180, 360, fill=(60, 150, 96)
        )
        d.line([(cx - 0.3 * w, y0 + 0.525 * h), (cx + 0.3 * w, y0 + 0.525 * h)], fill=a, width=8)
        d.rectangle((cx - 0.02 * w, y0 + 0.525 * h, cx + 0.02 * w, y0 + 0.9 * h), fill=a)
        d.rectangle((cx - 0.2 * w, y0 + 0.9 * h, cx + 0.2 * w, y1), fill=a)
    elif kind == "envelope":
        ex0, ey0, ex1, ey1 = x0 + 0.1 * w, y0 + 0.15 * h, x1 - 0.1 * w, y1 - 0.15 * h
        d.rectangle((ex0, ey0, ex1, ey1), fill=(244, 236, 218), outline=st.fg, width=5)
        d.line(
            [(ex0, ey0), ((ex0 + ex1) / 2, (ey0 + ey1) / 2 + 10), (ex1, ey0)], fill=st.fg, width=5
        )
        d.ellipse(
            (
                (ex0 + ex1) / 2 - 28,
                (ey0 + ey1) / 2 - 10,
                (ex0 + ex1) / 2 + 28,
                (ey0 + ey1) / 2 + 46,
            ),
            fill=a,
        )
        d.rectangle(
            (ex1 - 0.2 * w, ey1 - 0.3 * h, ex1 - 0.06 * w, ey1 - 0.06 * h), outline=a, width=4
        )
    elif kind == "photos":
        scenes = [scene_old_street, scene_mountains, scene_sunrise, scene_concert_hall]
        tw, th = int(w * 0.46), int(h * 0.46)
        for k, sc in enumerate(scenes):
            tx = x0 + (k % 2) * (w - tw)
            ty = y0 + (k // 2) * (h - th)
            thumb = sepia(render(sc, tw - 16, th - 16, seed + k, 1), 0.85)
            d.rectangle((tx, ty, tx + tw, ty + th), fill=(236, 228, 212))
            im.paste(thumb, (int(tx + 8), int(ty + 8)))


def build_cover(slug: str, book: dict, seed: int) -> Image.Image:
    st = COVER_STYLES[slug]
    w, h = 800, 1200
    im = vgradient((w, h), [(0, shade(st.bg, 1.12)), (1, shade(st.bg, 0.85))])
    im = soft_noise(im, seed, 40, 4)
    d = ImageDraw.Draw(im)
    d.rectangle((30, 30, w - 30, h - 30), outline=st.accent, width=3)
    d.rectangle((42, 42, w - 42, h - 42), outline=st.accent, width=1)
    tf = font(66)
    y = 110
    for line in wrap(book["title"]["en"], tf, w - 160):
        d.text((w / 2, y), line, font=tf, fill=st.fg, anchor="ma")
        y += 80
    d.line([(w / 2 - 60, y + 14), (w / 2 + 60, y + 14)], fill=st.accent, width=3)
    draw_emblem(im, st.emblem, (130, max(y + 70, 330), w - 130, 930), st, seed + 1)
    d = ImageDraw.Draw(im)
    af = font(34)
    ay = 980
    # the default font lacks Azerbaijani letters: draw ASCII renderings of names
    for author in book["authors"]:
        d.text((w / 2, ay), ascii_name(author), font=af, fill=st.fg, anchor="ma")
        ay += 44
    d.text(
        (w / 2, h - 82),
        f"{book['publisher']}  \u00b7  {book['year']}",
        font=font(24),
        fill=st.accent,
        anchor="ma",
    )
    # a SAMPLE ribbon across the top-right corner
    rib = Image.new("RGBA", (420, 64), (0, 0, 0, 0))
    rd = ImageDraw.Draw(rib)
    rd.rectangle((0, 0, 420, 64), fill=(200, 40, 40, 235))
    rd.text((210, 32), "SAMPLE", font=font(34), fill=(255, 255, 255, 255), anchor="mm")
    rib = rib.rotate(-45, expand=True, resample=Image.Resampling.BICUBIC)
    base = im.convert("RGBA")
    base.alpha_composite(rib, (w - 95 - rib.width // 2, 95 - rib.height // 2))
    return badge(base.convert("RGB"), MARK, 18, "bl")


def ascii_name(name: str) -> str:
    table = str.maketrans(
        {
            "ə": "a",
            "Ə": "A",
            "ı": "i",
            "İ": "I",
            "ş": "sh",
            "Ş": "Sh",
            "ğ": "g",
            "Ğ": "G",
            "ç": "ch",
            "Ç": "Ch",
            "ö": "o",
            "Ö": "O",
            "ü": "u",
            "Ü": "U",
        }
    )
    return name.translate(table)


def text_block(
    d: ImageDraw.ImageDraw,
    rng: random.Random,
    x0: float,
    x1: float,
    y: float,
    y_end: float,
    line_h: float,
    bar_h: float,
    color: RGB,
) -> float:
    """Grey 'word' bars in justified paragraphs; returns the y after the block."""
    first = True
    while y + line_h <= y_end:
        indent = 48 if first else 0
        last = rng.random() < 0.16
        words: list[float] = []
        width = x1 - x0 - indent
        while sum(words) + 14 * len(words) < width * (rng.uniform(0.3, 0.8) if last else 1.0):
            words.append(rng.uniform(26, 110))
        if not last:
            words.pop()
            gap = (width - sum(words)) / max(1, len(words) - 1)
        else:
            gap = 14
        x = x0 + indent
        for ww in words:
            d.rectangle((x, y, x + ww, y + bar_h), fill=color)
            x += ww + gap
        y += line_h
        first = last
        if last:
            y += line_h * 0.5
    return y


def build_page(
    book: dict, slug: str, page_no: int, kind: str, seed: int, size: tuple[int, int] = (1200, 1700)
) -> Image.Image:
    rng = random.Random(seed)
    w, h = size
    paper: RGB = (244, 238, 224)
    im = soft_noise(Image.new("RGB", (w, h), paper), seed, 60, 3)
    d = ImageDraw.Draw(im)
    ink: RGB = (132, 126, 116)
    m = 140
    d.text(
        (w / 2, 70), book["title"]["en"].upper(), font=font(22), fill=(120, 110, 100), anchor="ma"
    )
    d.line([(m, 110), (w - m, 110)], fill=(200, 192, 178), width=2)
    y = 170.0
    if kind in ("text", "figure", "music") and page_no % 2 == 1:
        d.text((m, y), f"Chapter {page_no // 2 + 1}", font=font(48), fill=(70, 62, 54))
        y += 80
        d.rectangle((m, y, m + 520, y + 18), fill=(150, 142, 130))
        y += 80
    if kind == "figure":
        fw, fh = w - 2 * m, int((w - 2 * m) * 0.62)
        scene = [scene_old_street, scene_memorial_stone, scene_mountains, scene_reading_room][
            page_no % 4
        ]
        fig = sepia(render(scene, fw, fh, seed + 1, 1), 0.9)
        y = text_block(d, rng, m, w - m, y, y + 6 * 34, 34, 13, ink)
        im.paste(fig, (m, int(y + 10)))
        d = ImageDraw.Draw(im)
        y += fh + 30
        d.rectangle((m, y, m + 460, y + 12), fill=(160, 150, 138))
        y += 50
    elif kind == "music":
        for stave in range(3):
            sy = y + stave * 170
            for k in range(5):
                d.line([(m, sy + k * 18), (w - m, sy + k * 18)], fill=(90, 84, 78), width=2)
            for k in range(14):
                nx = m + 70 + k * 62
                ny = sy + rng.randrange(-2, 9) * 9
                d.ellipse((nx - 11, ny - 8, nx + 11, ny + 8), fill=(60, 54, 48))
                d.line([(nx + 10, ny), (nx + 10, ny - 56)], fill=(60, 54, 48), width=3)
            for k in range(12):
                tx = m + 60 + k * 72
                d.rectangle((tx, sy + 100, tx + rng.uniform(30, 56), sy + 110), fill=ink)
        y += 3 * 170 + 20
    y = text_block(d, rng, m, w - m, y, h - 170, 34, 13, ink)
    d.text((w / 2, h - 100), str(page_no), font=font(30), fill=(90, 82, 74), anchor="ma")
    return badge(im, MARK, 18, "br", bg=(0, 0, 0, 90))


PAGE_PLAN: dict[str, list[str]] = {
    "memory-of-a-city": ["text", "figure", "text"],
    "archive-voices": ["text", "text"],
    "songs-of-the-homeland": ["music", "text"],
    "the-reading-room": ["text", "figure"],
    "a-century-in-photographs": ["figure", "figure", "text"],
}


def build_letters_pdf(book: dict, path: Path, seed: int, pages: int = 5) -> None:
    """A real multi-page PDF of 'letters': wavy ink lines, page numbers."""
    w, h = 1240, 1754  # A4 at 150 dpi
    rng = random.Random(seed)
    ims: list[Image.Image] = []
    for p in range(1, pages + 1):
        im = soft_noise(Image.new("RGB", (w, h), (240, 230, 206)), seed + p, 80, 8)
        im = vignette(im, 0.15)
        d = ImageDraw.Draw(im)
        ink = (38, 52, 96)
        d.text(
            (w / 2, 60),
            f"{book['title']['en']}  -  SAMPLE  -  letter {p}",
            font=font(24),
            fill=(110, 100, 90),
            anchor="ma",
        )
        d.line([(w - 520, 170), (w - 160, 170)], fill=ink, width=3)
        y = 260.0
        while y < h - 360:
            x = 160.0 + (80 if y == 260 else 0)
            end = w - 160 - (rng.uniform(0, 500) if rng.random() < 0.12 else 0)
            while x < end:
                L = rng.uniform(40, 150)
                ph = rng.uniform(0, math.tau)
                pts = [
                    (x + t, y + 7 * math.sin(t / 7 + ph) * math.sin(t / 19))
                    for t in range(0, int(min(L, end - x)), 3)
                ]
                if len(pts) > 1:
                    d.line(pts, fill=ink, width=3)
                x += L + rng.uniform(16, 28)
            y += 62
        sig = [(w - 480 + t * 3, h - 300 + 22 * math.sin(t / 5) + t * 0.2) for t in range(110)]
        d.line(sig, fill=ink, width=4)
        d.text(
            (w / 2, h - 130), f"Page {p} of {pages}", font=font(40), fill=(60, 50, 40), anchor="ma"
        )
        ims.append(badge(im, MARK, 20, "br", bg=(0, 0, 0, 100)))
    path.parent.mkdir(parents=True, exist_ok=True)
    ims[0].save(
        path,
        "PDF",
        save_all=True,
        append_images=ims[1:],
        resolution=150,
        quality=80,
        title=f"{book['title']['en']} (sample)",
        author=", ".join(ascii_name(a) for a in book["authors"]),
        creator="Kiosk scripts/make_demo.py",
        producer="Pillow",
        creationDate=FIXED_DATE,
        modDate=FIXED_DATE,
    )


def build_books() -> None:
    for i, (_book_id, book) in enumerate(sorted(BOOKS.items())):
        slug = book["slug"]
        seed = SEED + 2000 + 100 * i
        save_jpeg(build_cover(slug, book, seed), MEDIA / "books" / f"{slug}-cover.jpg")
        if "pdf" in book:
            build_letters_pdf(book, MEDIA / "books" / f"{slug}.pdf", seed + 50)
            continue
        for p, kind in enumerate(PAGE_PLAN[slug], start=1):
            save_jpeg(
                build_page(book, slug, p, kind, seed + 10 + p),
                MEDIA / "books" / f"{slug}-p{p}.jpg",
                quality=80,
            )
