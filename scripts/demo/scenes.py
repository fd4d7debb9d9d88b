"""The twelve photo scenes: each takes (w, h, seed) and returns an upright RGB image."""

from __future__ import annotations

import math
import random

from PIL import Image, ImageDraw

from .common import RGB
from .drawing import (
    Cam, add_light, clamp, draw_candle, draw_carnation, draw_flame, font, hgradient, mix, paint, peaks,
    ridge, sepia, shade, soft_noise, soft_shape, vgradient, vignette,
)


def scene_memorial_stone(w: int, h: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    im = vgradient(
        (w, h),
        [
            (0, (112, 146, 188)),
            (0.3, (170, 190, 212)),
            (0.52, (236, 214, 192)),
            (0.6, (250, 224, 188)),
            (1, (250, 224, 188)),
        ],
    )
    d = ImageDraw.Draw(im)
    horizon = 0.6 * h
    add_light(im, 0.74 * w, horizon - 0.01 * h, 0.42 * w, 0.34 * h, (255, 214, 160), 0.75, 1.6)
    d.ellipse(
        (
            0.74 * w - 0.025 * w,
            horizon - 0.07 * h,
            0.74 * w + 0.025 * w,
            horizon - 0.07 * h + 0.05 * w,
        ),
        fill=(255, 244, 220),
    )
    # far hills and a tree line, hazy
    prof = ridge(rng, 64, 0.55)
    pts = [(i * w / 64, horizon - 0.05 * h - prof[i] * 0.03 * h) for i in range(65)] + [
        (w, horizon + 5),
        (0, horizon + 5),
    ]
    d.polygon(pts, fill=(168, 170, 176))
    for _ in range(70):
        x = rng.uniform(-0.02, 1.02) * w
        r = rng.uniform(0.018, 0.035) * w
        d.ellipse(
            (x - r, horizon - r * 1.3, x + r, horizon + r * 0.3),
            fill=mix((98, 112, 100), (168, 170, 176), rng.uniform(0.0, 0.35)),
        )
    # lawn
    lawn = vgradient((w, int(h - horizon) + 2), [(0, (128, 146, 98)), (1, (66, 96, 58))])
    paint(
        im,
        (0, horizon - 1, w, h + 1),
        lambda dd, bw, bh: dd.rectangle((0, 0, bw, bh), fill=255),
        lawn,
    )
    # path to the stone
    path = vgradient((w, int(h - horizon)), [(0, (206, 196, 178)), (1, (172, 162, 146))])
    paint(
        im,
        (0, horizon, w, h),
        lambda dd, bw, bh: dd.polygon(
            [(0.47 * bw, 0.35 * bh), (0.53 * bw, 0.35 * bh), (0.72 * bw, bh), (0.28 * bw, bh)],
            fill=255,
        ),
        path,
    )
    # framing trees
    for tx, s in ((0.1, 1.0), (0.9, 0.85), (0.2, 0.6), (0.8, 0.55)):
        base = horizon + 0.06 * h * s
        d.rectangle(
            (tx * w - 0.006 * w * s, base - 0.2 * h * s, tx * w + 0.006 * w * s, base),
            fill=(70, 58, 48),
        )
        for _ in range(14):
            ox, oy = rng.uniform(-0.07, 0.07) * w * s, rng.uniform(-0.3, -0.14) * h * s
            r = rng.uniform(0.04, 0.07) * w * s
            d.ellipse(
                (tx * w + ox - r, base + oy - r, tx * w + ox + r, base + oy + r),
                fill=mix((52, 78, 52), (92, 116, 82), rng.random()),
            )
    # soft shadow of the stone, cast to the left
    soft_shape(
        im,
        lambda dd, s: dd.ellipse((0.26 * w * s, 0.745 * h * s, 0.6 * w * s, 0.8 * h * s), fill=255),
        (40, 56, 36),
        0.45,
        0.02 * w,
    )
    # plinth
    d.rectangle((0.38 * w, 0.72 * h, 0.62 * w, 0.775 * h), fill=(138, 136, 132))
    d.rectangle((0.38 * w, 0.72 * h, 0.62 * w, 0.728 * h), fill=(176, 174, 168))
    # slab with an arched top and a lit-from-the-right gradient
    sx0, sx1, stop_ = 0.42 * w, 0.58 * w, 0.33 * h
    sw_ = sx1 - sx0
    granite = hgradient(
        (int(sw_), int(0.72 * h - stop_)),
        [(0, (66, 68, 74)), (0.55, (92, 94, 100)), (0.9, (126, 122, 120)), (1, (170, 156, 140))],
    )

    def slab(dd: ImageDraw.ImageDraw, bw: int, bh: int) -> None:
        dd.ellipse((0, 0, bw, bw * 0.5), fill=255)
        dd.rectangle((0, bw * 0.25, bw, bh), fill=255)

    paint(im, (sx0, stop_, sx1, 0.72 * h), slab, granite)
    # engraved emblem and inscription lines
    cx = (sx0 + sx1) / 2
    er = 0.03 * w
    ey = stop_ + 0.13 * h
    d.ellipse(
        (cx - er, ey - er, cx + er, ey + er), outline=(52, 54, 58), width=max(2, int(0.003 * w))
    )
    d.ellipse((cx - er * 0.45, ey - er * 0.45, cx + er * 0.45, ey + er * 0.45), fill=(58, 60, 64))
    y = ey + 0.07 * h
    for frac in (0.7, 0.5, 0.0, 0.62, 0.58, 0.44):
        if frac:
            half = sw_ * frac / 2
            d.rectangle((cx - half, y, cx + half, y + 0.007 * h), fill=(50, 52, 56))
            d.rectangle((cx - half, y + 0.007 * h, cx + half, y + 0.0085 * h), fill=(120, 120, 122))
        y += 0.027 * h
    # carnations laid at the plinth
    for _ in range(16):
        fx = rng.uniform(0.40, 0.60) * w
        fy = rng.uniform(0.755, 0.79) * h
        d.line(
            [(fx, fy), (fx - rng.uniform(0.02, 0.05) * w, fy + rng.uniform(0.01, 0.03) * h)],
            fill=(60, 104, 52),
            width=max(2, int(0.002 * w)),
        )
    for i in range(16):
        fx = rng.uniform(0.40, 0.60) * w
        fy = rng.uniform(0.75, 0.785) * h
        col = (184, 28, 42) if i % 5 else (236, 232, 226)
        draw_carnation(d, fx, fy, 0.009 * w, col, rng, squash=0.7)
    im = soft_noise(im, seed + 1, max(8, w // 120), 5)
    return vignette(im, 0.25)


def scene_candles(w: int, h: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    im = vgradient(
        (w, h), [(0, (20, 15, 14)), (0.65, (46, 32, 24)), (0.68, (96, 62, 40)), (1, (54, 34, 22))]
    )
    d = ImageDraw.Draw(im)
    table_y = 0.68 * h
    for i in range(14):
        y = table_y + (0.02 + i * 0.024) * h
        prof = ridge(rng, 32, 0.5)
        d.line(
            [(x * w / 32, y + prof[x] * 0.004 * h) for x in range(33)],
            fill=(70, 44, 28),
            width=max(1, int(0.0015 * h)),
        )
    add_light(im, 0.5 * w, 0.5 * h, 0.55 * w, 0.45 * h, (150, 80, 30), 0.55, 1.5)
    heights = [0.2, 0.3, 0.24, 0.36, 0.26, 0.32, 0.18]
    flames: list[tuple[float, float, float]] = []
    for i, ch in enumerate(heights):
        cx = (0.16 + i * 0.113) * w
        cw = 0.06 * w
        base = table_y + 0.05 * h + (i % 2) * 0.02 * h
        soft_shape(
            im,
            lambda dd, s, cx=cx, base=base, cw=cw: dd.ellipse(
                ((cx - cw) * s, (base - 0.01 * h) * s, (cx + cw) * s, (base + 0.015 * h) * s),
                fill=255,
            ),
            (20, 12, 8),
            0.6,
            0.01 * w,
        )
        wick = draw_candle(d, im, cx, base, cw, ch * h)
        flames.append((cx, wick, cw))
    for cx, wick, _cw in flames:
        add_light(im, cx, wick - 0.04 * h, 0.16 * w, 0.2 * h, (255, 160, 70), 0.6, 2.2)
        add_light(im, cx, table_y + 0.12 * h, 0.1 * w, 0.03 * h, (200, 120, 50), 0.35, 1.5)
    d = ImageDraw.Draw(im)
    for cx, wick, _cw in flames:
        draw_flame(d, cx, wick, 0.075 * h, 0.022 * w, rng.uniform(-0.08, 0.08))
    for cx, wick, _cw in flames:
        add_light(im, cx, wick - 0.03 * h, 0.03 * w, 0.05 * h, (255, 220, 160), 0.5, 1.2)
    return vignette(soft_noise(im, seed + 1, max(6, w // 150), 4), 0.45)


def scene_carnations(w: int, h: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    im = vgradient((w, h), [(0, (64, 78, 74)), (0.7, (96, 106, 98)), (1, (96, 106, 98))])
    for _ in range(18):
        add_light(
            im,
            rng.uniform(0, 1) * w,
            rng.uniform(0, 0.55) * h,
            *(2 * [rng.uniform(0.03, 0.07) * w]),
            color=(200, 210, 190),
            strength=rng.uniform(0.08, 0.18),
            falloff=0.5,
        )
    d = ImageDraw.Draw(im)
    step_y = 0.62 * h
    d.rectangle((0, step_y, w, h), fill=(150, 146, 140))
    step = vgradient((w, int(0.05 * h)), [(0, (196, 192, 184)), (1, (160, 156, 150))])
    im.paste(step, (0, int(step_y)))
    d.line(
        [(0, step_y + 0.05 * h), (w, step_y + 0.05 * h)],
        fill=(112, 108, 102),
        width=max(1, int(0.003 * h)),
    )
    im.paste(
        soft_noise(im.crop((0, int(step_y), w, h)), seed + 3, max(4, w // 300), 10),
        (0, int(step_y)),
    )
    d = ImageDraw.Draw(im)
    # bouquet lying diagonally: stems first
    heads: list[tuple[float, float]] = []
    for i in range(11):
        hx = (0.22 + 0.06 * math.cos(i * 2.4) + rng.uniform(-0.03, 0.03) + 0.02 * i) * w
        hy = (0.62 + 0.07 * math.sin(i * 1.7) + rng.uniform(-0.02, 0.02)) * h
        heads.append((hx, hy))
        d.line(
            [
                (hx, hy),
                (0.82 * w + rng.uniform(-0.02, 0.02) * w, 0.86 * h + rng.uniform(-0.03, 0.03) * h),
            ],
            fill=mix((56, 98, 52), (90, 130, 76), rng.random()),
            width=max(2, int(0.006 * w)),
        )
    for _ in range(9):
        ax, ay = rng.uniform(0.35, 0.75) * w, rng.uniform(0.66, 0.82) * h
        ang = rng.uniform(-0.6, 0.2)
        L = rng.uniform(0.05, 0.09) * w
        bx, by = ax + L * math.cos(ang), ay + L * math.sin(ang)
        nx, ny = -(by - ay) * 0.12, (bx - ax) * 0.12
        d.polygon(
            [
                (ax, ay),
                ((ax + bx) / 2 + nx, (ay + by) / 2 + ny),
                (bx, by),
                ((ax + bx) / 2 - nx, (ay + by) / 2 - ny),
            ],
            fill=(74, 116, 70),
        )
    # ribbon
    d.polygon(
        [(0.62 * w, 0.74 * h), (0.66 * w, 0.72 * h), (0.69 * w, 0.84 * h), (0.65 * w, 0.86 * h)],
        fill=(230, 226, 214),
    )
    soft_shape(
        im,
        lambda dd, s: [
            dd.ellipse(
                ((x - 0.05 * w) * s, (y - 0.02 * h) * s, (x + 0.06 * w) * s, (y + 0.1 * h) * s),
                fill=255,
            )
            for x, y in heads
        ],
        (40, 40, 36),
        0.4,
        0.02 * w,
    )
    d = ImageDraw.Draw(im)
    for i, (hx, hy) in enumerate(sorted(heads, key=lambda p: p[1])):
        col = (192, 28, 44) if i % 4 else (226, 120, 140)
        draw_carnation(d, hx, hy, 0.05 * w, col, rng, squash=0.85)
    # two loose carnations on the step
    for hx, hy in ((0.8 * w, 0.7 * h), (0.88 * w, 0.76 * h)):
        d.line(
            [(hx, hy), (hx - 0.12 * w, hy + 0.12 * h)],
            fill=(64, 106, 58),
            width=max(2, int(0.006 * w)),
        )
        draw_carnation(d, hx, hy, 0.04 * w, (236, 232, 226), rng, squash=0.85)
    return vignette(soft_noise(im, seed + 1, max(6, w // 150), 4), 0.3)


BOOK_COLORS: list[RGB] = [
    (112, 34, 38),
    (38, 52, 88),
    (40, 74, 54),
    (150, 112, 52),
    (92, 58, 38),
    (70, 40, 72),
    (120, 96, 70),
    (48, 70, 80),
    (140, 62, 40),
]


def scene_library(w: int, h: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    im = vgradient((w, h), [(0, (70, 48, 32)), (1, (40, 26, 18))])
    d = ImageDraw.Draw(im)
    posts = [(0.0, 0.05), (0.485, 0.515), (0.95, 1.0)]
    shelf_gap = 0.155 * h
    plank = 0.014 * h
    y = 0.06 * h
    while y + shelf_gap < h:
        floor = y + shelf_gap
        for (_, pb), (qa, _) in zip(posts, posts[1:], strict=False):
            x = pb * w + 0.004 * w
            end = qa * w - 0.004 * w
            while x < end:
                bw = rng.uniform(0.022, 0.048) * w
                if x + bw > end:
                    break
                bh = rng.uniform(0.72, 0.93) * (shelf_gap - plank)
                col = shade(rng.choice(BOOK_COLORS), rng.uniform(0.75, 1.15))
                if rng.random() < 0.05:
                    x += bw * 0.8
                    continue
                d.rectangle((x, floor - bh, x + bw - 1, floor), fill=col)
                d.rectangle((x, floor - bh, x + bw * 0.18, floor), fill=shade(col, 1.18))
                for by in (0.12, 0.2, 0.86):
                    d.rectangle(
                        (
                            x + 1,
                            floor - bh * (1 - by),
                            x + bw - 2,
                            floor - bh * (1 - by) + 0.004 * h,
                        ),
                        fill=(186, 156, 96),
                    )
                x += bw
        d.rectangle((0, floor, w, floor + plank), fill=(122, 84, 52))
        d.rectangle((0, floor, w, floor + plank * 0.3), fill=(150, 108, 70))
        y = floor + plank
    for pa, pb in posts:
        g = hgradient(
            (max(1, int((pb - pa) * w)), h),
            [(0, (92, 62, 40)), (0.4, (130, 92, 58)), (1, (78, 52, 34))],
        )
        im.paste(g, (int(pa * w), 0))
    # library ladder
    r1 = [(0.6 * w, 0.08 * h), (0.7 * w, h)]
    r2 = [(0.68 * w, 0.08 * h), (0.78 * w, h)]
    lw = max(2, int(0.012 * w))
    for k in range(1, 20):
        t = k / 20
        a = (r1[0][0] + (r1[1][0] - r1[0][0]) * t, r1[0][1] + (r1[1][1] - r1[0][1]) * t)
        b = (r2[0][0] + (r2[1][0] - r2[0][0]) * t, r2[0][1] + (r2[1][1] - r2[0][1]) * t)
        d.line([a, b], fill=(120, 84, 50), width=lw)
    d.line(r1, fill=(142, 100, 62), width=lw * 2)
    d.line(r2, fill=(142, 100, 62), width=lw * 2)
    add_light(im, 0.5 * w, 0.0, 0.9 * w, 0.55 * h, (255, 210, 150), 0.35, 1.4)
    return vignette(soft_noise(im, seed + 1, max(6, w // 150), 4), 0.45)


def scene_old_street(w: int, h: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    cam = Cam(w, h, f=0.55 * w, cx=0.5 * w, cy=0.56 * h, eye=1.7)
    im = vgradient(
        (w, h),
        [
            (0, (150, 160, 170)),
            (0.56, (226, 226, 220)),
            (0.5601, (130, 126, 118)),
            (1, (96, 92, 86)),
        ],
    )
    d = ImageDraw.Draw(im)
    # distant frontal building with a dome closes the street
    zf = 90.0
    cam.poly(d, [(-14, 0, zf), (14, 0, zf), (14, 14, zf), (-14, 14, zf)], (186, 182, 172))
    dx, dy = cam.p(0, 20, zf)
    dr = cam.f * 5 / zf
    d.ellipse((dx - dr, dy - dr * 0.9, dx + dr, dy + dr * 0.9), fill=(170, 166, 158))
    cam.poly(d, [(-5, 14, zf), (5, 14, zf), (5, 19.5, zf), (-5, 19.5, zf)], (176, 172, 164))
    for k in range(-5, 6):
        cam.poly(
            d,
            [
                (k * 2.4 - 0.5, 3, zf),
                (k * 2.4 + 0.5, 3, zf),
                (k * 2.4 + 0.5, 11, zf),
                (k * 2.4 - 0.5, 11, zf),
            ],
            (150, 146, 138),
        )
    # street surface: cobble rows and tram rails
    for i in range(120):
        z = 1.2 * 1.035**i
        if z > zf:
            break
        cam.line(d, (-5, 0, z), (5, 0, z), (110, 106, 100), cam.f * 0.03 / z)
    for x in (-0.75, 0.75, -2.2, 2.2):
        cam.line(d, (x, 0, 1.0), (x, 0, zf), (160, 156, 150), cam.f * 0.06 / 3)
    for side in (-1, 1):
        cam.poly(
            d,
            [(side * 5, 0.15, 1), (side * 7, 0.15, 1), (side * 7, 0.15, zf), (side * 5, 0.15, zf)],
            (150, 146, 138),
        )
        cam.poly(
            d,
            [(side * 5, 0, 1), (side * 5, 0.15, 1), (side * 5, 0.15, zf), (side * 5, 0, zf)],
            (120, 116, 110),
        )
    # facades, far to near
    tones = [(196, 184, 160), (176, 160, 136), (206, 196, 176), (160, 146, 126), (188, 170, 146)]
    for side in (-1, 1):
        segs: list[tuple[float, float, float, RGB]] = []
        z = 1.0
        while z < zf:
            L = rng.uniform(7, 13)
            segs.append((z, min(zf, z + L), rng.uniform(11, 19), rng.choice(tones)))
            z += L
        X = side * 7
        for z0, z1, H, col in reversed(segs):
            cam.poly(d, [(X, 0, z0), (X, 0, z1), (X, H, z1), (X, H, z0)], col)
            cam.poly(
                d, [(X, H - 0.6, z0), (X, H - 0.6, z1), (X, H, z1), (X, H, z0)], shade(col, 0.75)
            )
            cam.poly(d, [(X, 3.6, z0), (X, 3.6, z1), (X, 3.9, z1), (X, 3.9, z0)], shade(col, 0.82))
            nwin = max(1, int((z1 - z0 - 1.0) / 2.4))
            pitch = (z1 - z0) / nwin
            for k in range(nwin):
                wz0 = z0 + k * pitch + pitch * 0.3
                wz1 = wz0 + pitch * 0.4
                if cam.f * (wz1 - wz0) * 7 / (wz0 * wz0) < 1.5:
                    continue
                fl = 4.6
                while fl + 2 < H - 0.8:
                    cam.poly(
                        d,
                        [(X, fl, wz0), (X, fl, wz1), (X, fl + 1.9, wz1), (X, fl + 1.9, wz0)],
                        shade(col, 0.42),
                    )
                    cam.poly(
                        d,
                        [
                            (X, fl - 0.2, wz0 - 0.1),
                            (X, fl - 0.2, wz1 + 0.1),
                            (X, fl, wz1 + 0.1),
                            (X, fl, wz0 - 0.1),
                        ],
                        shade(col, 1.1),
                    )
                    fl += 3.3
                if k % 2 == 0:
                    cam.poly(
                        d,
                        [(X, 0, wz0), (X, 0, wz1), (X, 2.7, wz1), (X, 2.7, wz0)],
                        shade(col, 0.35),
                    )
                else:
                    cam.poly(
                        d,
                        [
                            (X, 0.7, wz0 - 0.3),
                            (X, 0.7, wz1 + 0.3),
                            (X, 3.0, wz1 + 0.3),
                            (X, 3.0, wz0 - 0.3),
                        ],
                        shade(col, 0.5),
                    )
        # lamp posts
        for z in (4.0, 14.0, 24.0, 34.0, 44.0, 60.0):
            cam.line(d, (side * 5.6, 0, z), (side * 5.6, 4.8, z), (60, 56, 52), cam.f * 0.12 / z)
            lx, ly = cam.p(side * 5.6, 5.0, z)
            lr = cam.f * 0.28 / z
            d.ellipse((lx - lr, ly - lr * 1.3, lx + lr, ly + lr), fill=(80, 76, 70))
    im = sepia(im, 1.0)
    im = soft_noise(im, seed + 1, max(2, w // 900), 7)
    return vignette(im, 0.5)


def scene_archive(w: int, h: int, seed: int, levels: int = 4) -> Image.Image:
    rng = random.Random(seed)
    im = vgradient((w, h), [(0, (86, 82, 76)), (1, (58, 54, 50))])
    d = ImageDraw.Draw(im)
    unit = h / (levels + 0.6)
    box_colors = [(178, 150, 110), (190, 165, 124), (164, 136, 98), (172, 146, 108)]
    label_font = font(max(8, int(unit * 0.085)))
    bay_w = unit * 2.2
    n = 0
    for lvl in range(levels):
        top = 0.3 * unit + lvl * unit
        floor = top + unit * 0.9
        x = 0.0
        while x < w:
            bay_end = x + bay_w
            bx = x + unit * 0.08
            while bx + unit * 0.3 < bay_end - unit * 0.06:
                bw = unit * rng.choice((0.32, 0.32, 0.36, 0.42))
                bh = unit * rng.uniform(0.7, 0.76)
                col = shade(rng.choice(box_colors), rng.uniform(0.9, 1.06))
                d.rectangle((bx, floor - bh, bx + bw - unit * 0.02, floor), fill=col)
                d.rectangle(
                    (bx, floor - bh, bx + bw - unit * 0.02, floor - bh + unit * 0.02),
                    fill=shade(col, 1.15),
                )
                lx0, lx1 = bx + bw * 0.14, bx + bw * 0.84 - unit * 0.02
                ly0 = floor - bh * 0.82
                d.rectangle((lx0, ly0, lx1, ly0 + bh * 0.32), fill=(236, 230, 214))
                n += 1
                d.text(
                    ((lx0 + lx1) / 2, ly0 + bh * 0.04),
                    f"{'ABCD'[lvl]}-{n:03d}",
                    font=label_font,
                    fill=(60, 50, 40),
                    anchor="ma",
                )
                for k in (0.2, 0.26):
                    d.rectangle(
                        (
                            lx0 + bw * 0.08,
                            ly0 + bh * k,
                            lx1 - bw * 0.16 * (k > 0.21),
                            ly0 + bh * k + unit * 0.008,
                        ),
                        fill=(150, 140, 126),
                    )
                hy = floor - bh * 0.28
                d.rounded_rectangle(
                    (bx + bw * 0.3, hy, bx + bw * 0.66, hy + bh * 0.07),
                    radius=int(bh * 0.03),
                    fill=shade(col, 0.45),
                )
                bx += bw
            x = bay_end
        d.rectangle((0, floor, w, floor + unit * 0.05), fill=(146, 148, 150))
        d.rectangle((0, floor + unit * 0.05, w, floor + unit * 0.08), fill=(96, 98, 100))
    x = 0.0
    while x < w + bay_w:
        d.rectangle((x - unit * 0.04, 0, x + unit * 0.04, h), fill=(126, 128, 132))
        d.rectangle((x - unit * 0.04, 0, x - unit * 0.015, h), fill=(160, 162, 166))
        x += bay_w
    # window light falling diagonally across the shelves
    soft_shape(
        im,
        lambda dd, s: dd.polygon(
            [(0.15 * w * s, 0), (0.35 * w * s, 0), (0.6 * w * s, h * s), (0.3 * w * s, h * s)],
            fill=255,
        ),
        (255, 236, 200),
        0.28,
        0.05 * h,
        mode="screen",
    )
    im = sepia(im, 0.35)
    return vignette(soft_noise(im, seed + 1, max(4, int(h // 200)), 5), 0.35)


def scene_mountains(w: int, h: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    im = vgradient((w, h), [(0, (92, 136, 194)), (0.5, (196, 216, 232)), (1, (210, 224, 234))])
    d = ImageDraw.Draw(im)
    layers = [
        (0.46, 0.2, (150, 166, 190), True),
        (0.56, 0.14, (112, 132, 150), True),
        (0.66, 0.09, (76, 100, 92), False),
        (0.76, 0.07, (52, 80, 58), False),
    ]
    n = 160
    for li, (base, amp, col, snow) in enumerate(layers):
        prof = peaks(rng, n, 5 - li, 0.12 + 0.06 * li, 0.1 if li < 2 else 0.2)
        ys = [base * h - p * amp * h for p in prof]
        xs = [i * w / n for i in range(n + 1)]
        d.polygon(list(zip(xs, ys, strict=False)) + [(w, h), (0, h)], fill=col)
        if snow:
            line = min(ys) + (base * h - min(ys)) * 0.35
            jag = ridge(rng, n, 0.7, smooth=0)
            sl = [line + j * 0.012 * h for j in jag]
            snow_col = mix((244, 246, 250), col, 0.1 * li)
            seg: list[int] = []
            for i in range(n + 2):
                if i <= n and ys[i] < sl[i]:
                    seg.append(i)
                elif len(seg) > 1:  # one snow cap per run of points above the snowline
                    d.polygon(
                        [(xs[j], ys[j]) for j in seg] + [(xs[j], sl[j]) for j in reversed(seg)],
                        fill=snow_col,
                    )
                    seg = []
                else:
                    seg = []
        if li == 3:
            for _ in range(70):
                i = rng.randrange(n + 1)
                tx = xs[i] + rng.uniform(-0.01, 0.01) * w
                ty = ys[i] + rng.uniform(0.0, 0.08) * h
                th = rng.uniform(0.03, 0.06) * h
                for k in range(3):
                    tw = th * (0.32 - 0.07 * k)
                    yy = ty - k * th * 0.28
                    d.polygon(
                        [(tx - tw, yy), (tx + tw, yy), (tx, yy - th * 0.5)], fill=(34, 58, 42)
                    )
    meadow = vgradient((w, int(0.14 * h)), [(0, (112, 140, 80)), (1, (84, 112, 60))])
    paint(
        im, (0, 0.86 * h, w, h), lambda dd, bw, bh: dd.rectangle((0, 0, bw, bh), fill=255), meadow
    )
    return vignette(soft_noise(im, seed + 1, max(8, w // 120), 4), 0.25)


def scene_sunrise(w: int, h: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    hz = 0.6
    im = vgradient(
        (w, h),
        [
            (0, (38, 56, 104)),
            (0.3, (112, 108, 156)),
            (0.5, (226, 146, 122)),
            (hz, (255, 204, 146)),
            (1, (255, 204, 146)),
        ],
    )
    # clouds lit from below
    for _ in range(7):
        cy = rng.uniform(0.15, 0.45) * h
        cx = rng.uniform(0.0, 1.0) * w
        cw = rng.uniform(0.12, 0.3) * w
        soft_shape(
            im,
            lambda dd, s, cx=cx, cy=cy, cw=cw: dd.ellipse(
                ((cx - cw) * s, (cy - 0.02 * h) * s, (cx + cw) * s, (cy + 0.025 * h) * s), fill=255
            ),
            (246, 178, 160),
            0.55,
            0.02 * h,
        )
    sx, sy, sr = 0.5 * w, hz * h, 0.05 * w
    add_light(im, sx, sy, 0.6 * w, 0.4 * h, (255, 190, 120), 0.8, 1.8)
    d = ImageDraw.Draw(im)
    d.ellipse((sx - sr, sy - sr, sx + sr, sy + sr), fill=(255, 242, 206))
    sea = vgradient(
        (w, int(h - hz * h) + 1), [(0, (176, 122, 116)), (0.4, (82, 80, 110)), (1, (28, 40, 72))]
    )
    im.paste(sea, (0, int(hz * h)))
    d = ImageDraw.Draw(im)
    for _ in range(220):
        t = rng.random() ** 1.6
        y = hz * h + 2 + t * (1 - hz) * h
        spread = (0.03 + 0.25 * t) * w
        x = sx + rng.gauss(0, 0.35) * spread
        L = (0.01 + 0.06 * t) * w * rng.uniform(0.4, 1.0)
        a = clamp(1 - abs(x - sx) / (spread * 1.4)) * (1 - 0.6 * t)
        d.line(
            [(x - L / 2, y), (x + L / 2, y)],
            fill=mix((150, 110, 120), (255, 216, 160), a),
            width=max(1, int((0.001 + 0.004 * t) * h)),
        )
    for _ in range(160):
        t = rng.random() ** 1.3
        y = hz * h + 4 + t * (1 - hz) * h
        x = rng.uniform(0, 1) * w
        L = (0.01 + 0.05 * t) * w
        d.line(
            [(x - L / 2, y), (x + L / 2, y)],
            fill=mix((130, 104, 122), (60, 70, 100), t),
            width=max(1, int(0.002 * h * (0.5 + t))),
        )
    add_light(im, sx, sy, 0.12 * w, 0.06 * h, (255, 230, 190), 0.7, 1.4)
    return soft_noise(im, seed + 1, max(8, w // 120), 3)


def scene_memorial_wall(w: int, h: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    im = vgradient(
        (w, h),
        [
            (0, (196, 202, 208)),
            (0.16, (214, 214, 210)),
            (0.7, (214, 214, 210)),
            (0.71, (176, 172, 166)),
            (1, (206, 202, 196)),
        ],
    )
    d = ImageDraw.Draw(im)
    for _ in range(40):  # trees behind the wall
        x = rng.uniform(-0.05, 1.05) * w
        r = rng.uniform(0.03, 0.06) * w
        d.ellipse(
            (x - r, 0.16 * h - r, x + r, 0.2 * h + r),
            fill=mix((120, 134, 120), (160, 170, 160), rng.random()),
        )
    wt, wb = 0.16 * h, 0.71 * h
    stone = vgradient(
        (w, int(wb - wt)), [(0, (58, 62, 66)), (0.5, (44, 47, 51)), (1, (36, 38, 42))]
    )
    im.paste(stone, (0, int(wt)))
    soft_shape(
        im,
        lambda dd, s: dd.polygon(
            [
                (0.2 * w * s, wt * s),
                (0.34 * w * s, wt * s),
                (0.5 * w * s, wb * s),
                (0.36 * w * s, wb * s),
            ],
            fill=255,
        ),
        (150, 156, 164),
        0.18,
        0.03 * w,
        mode="screen",
    )
    d = ImageDraw.Draw(im)
    d.rectangle((0, wt - 0.02 * h, w, wt), fill=(96, 100, 104))
    panels = 5
    pw = w / panels
    for p in range(panels + 1):
        x = p * pw
        d.line([(x, wt), (x, wb)], fill=(26, 28, 30), width=max(2, int(0.002 * w)))
        d.line(
            [(x + 0.002 * w, wt), (x + 0.002 * w, wb)],
            fill=(84, 88, 92),
            width=max(1, int(0.001 * w)),
        )
    # a title band, then names as abstract engraved lines in two columns per panel
    d.rectangle((0.36 * w, wt + 0.035 * h, 0.64 * w, wt + 0.048 * h), fill=(168, 170, 172))
    for p in range(panels):
        for col in range(2):
            cx = p * pw + pw * (0.27 + 0.46 * col)
            y = wt + 0.085 * h
            while y < wb - 0.04 * h:
                L = rng.uniform(0.035, 0.075) * w
                d.rectangle((cx - L / 2, y, cx + L / 2, y + 0.0065 * h), fill=(150, 152, 156))
                y += 0.022 * h
    d.rectangle((0, wb, w, wb + 0.012 * h), fill=(120, 118, 114))
    # paving joints
    for i in range(1, 12):
        y = wb + (i / 12) ** 1.6 * (h - wb)
        d.line([(0, y), (w, y)], fill=(160, 156, 150), width=max(1, int(0.0015 * h)))
    for k in range(-12, 13):
        d.line(
            [(0.5 * w + k * 0.05 * w, wb), (0.5 * w + k * 0.16 * w, h)],
            fill=(166, 162, 156),
            width=max(1, int(0.0015 * h)),
        )
    # flowers and a few candles along the base
    for cx in (0.18, 0.52, 0.81):
        for _ in range(7):
            fx = cx * w + rng.uniform(-0.04, 0.04) * w
            fy = wb + rng.uniform(0.01, 0.05) * h
            draw_carnation(
                d,
                fx,
                fy,
                0.012 * w,
                (186, 30, 44) if rng.random() < 0.8 else (236, 232, 226),
                rng,
                squash=0.6,
            )
    for cx in (0.3, 0.34, 0.66, 0.7):
        wick = draw_candle(d, im, cx * w, wb + 0.05 * h, 0.018 * w, 0.06 * h)
        draw_flame(d, cx * w, wick, 0.025 * h, 0.008 * w, 0.02)
    return vignette(soft_noise(im, seed + 1, max(6, w // 150), 4), 0.3)


def scene_old_map(w: int, h: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    ink: RGB = (92, 64, 40)
    im = Image.new("RGB", (w, h), (226, 206, 166))
    im = soft_noise(im, seed + 7, max(16, w // 10), 26)
    im = soft_noise(im, seed + 8, max(6, w // 60), 8)
    d = ImageDraw.Draw(im)
    u = min(w, h) / 1000
    lw = max(1, int(2.2 * u))
    # graticule
    for k in range(1, 8):
        d.line([(k * w / 8, 0), (k * w / 8, h)], fill=(200, 178, 138), width=max(1, int(u)))
    for k in range(1, 6):
        d.line([(0, k * h / 6), (w, k * h / 6)], fill=(200, 178, 138), width=max(1, int(u)))
    # a landmass from a noisy polar outline; coast ripples drawn outwards
    cx, cy, R = 0.42 * w, 0.52 * h, 0.3 * min(w, h)
    n = 256
    rough = ridge(rng, n, 0.62, smooth=1)
    phases = [rng.uniform(0, math.tau) for _ in range(4)]
    coast = []
    for i in range(n):
        a = math.tau * i / n
        r = R * (
            1
            + 0.22 * math.sin(2 * a + phases[0])
            + 0.12 * math.sin(3 * a + phases[1])
            + 0.07 * math.sin(5 * a + phases[2])
            + 0.1 * rough[i]
        )
        coast.append((cx + r * math.cos(a) * 1.45, cy + r * math.sin(a)))
    for k, alpha in ((4, 0.25), (3, 0.4), (2, 0.6), (1, 0.8)):
        s = 1 + 0.035 * k
        d.line(
            [(cx + (x - cx) * s, cy + (y - cy) * s) for x, y in coast + coast[:1]],
            fill=mix((226, 206, 166), ink, alpha * 0.6),
            width=max(1, int(1.2 * u)),
        )
    d.polygon(coast, fill=(214, 196, 146))
    d.line(coast + coast[:1], fill=ink, width=lw)
    # rivers
    for _ in range(4):
        i = rng.randrange(n)
        x1, y1 = coast[i]
        x, y = cx + (x1 - cx) * 0.25, cy + (y1 - cy) * 0.25
        pts = []
        for t in range(41):
            tt = t / 40
            px = x + (x1 - x) * tt + math.sin(tt * 9 + i) * 0.012 * w
            py = y + (y1 - y) * tt + math.cos(tt * 7 + i) * 0.012 * h
            pts.append((px, py))
        d.line(pts, fill=(96, 110, 120), width=max(1, int(1.6 * u)))
    # mountains
    for _ in range(26):
        mx = cx + rng.uniform(-0.5, 0.5) * R
        my = cy + rng.uniform(-0.5, 0.2) * R
        ms = rng.uniform(14, 26) * u
        d.line([(mx - ms, my), (mx, my - ms * 1.1), (mx + ms, my)], fill=ink, width=lw)
        d.line(
            [(mx, my - ms * 1.1), (mx + ms * 0.4, my)],
            fill=mix(ink, (214, 196, 146), 0.5),
            width=max(1, int(u)),
        )
    # towns and a dotted route
    towns = [
        (cx + rng.uniform(-0.7, 0.7) * R * 1.3, cy + rng.uniform(-0.6, 0.6) * R) for _ in range(6)
    ]
    route = []
    for (ax, ay), (bx, by) in zip(towns, towns[1:], strict=False):
        for t in range(24):
            route.append(
                (
                    ax + (bx - ax) * t / 24,
                    ay + (by - ay) * t / 24 + math.sin(t / 24 * math.pi) * 0.02 * h,
                )
            )
    for i, (px, py) in enumerate(route):
        if i % 2 == 0:
            rr = 2.2 * u
            d.ellipse((px - rr, py - rr, px + rr, py + rr), fill=(140, 60, 40))
    for tx, ty in towns:
        rr = 9 * u
        d.ellipse((tx - rr, ty - rr, tx + rr, ty + rr), outline=ink, width=lw, fill=(232, 214, 176))
        d.ellipse((tx - rr * 0.35, ty - rr * 0.35, tx + rr * 0.35, ty + rr * 0.35), fill=ink)
        d.rectangle(
            (tx + rr * 1.6, ty - rr * 0.3, tx + rr * 1.6 + rng.uniform(40, 80) * u, ty + rr * 0.3),
            fill=mix(ink, (214, 196, 146), 0.35),
        )
    # compass rose
    rx, ry, rr = 0.85 * w, 0.78 * h, 0.09 * min(w, h)
    d.ellipse((rx - rr, ry - rr, rx + rr, ry + rr), outline=ink, width=lw)
    d.ellipse(
        (rx - rr * 0.8, ry - rr * 0.8, rx + rr * 0.8, ry + rr * 0.8),
        outline=ink,
        width=max(1, int(u)),
    )
    for k in range(8):
        a = k * math.pi / 4 - math.pi / 2
        L = rr * (1.25 if k % 2 == 0 else 0.75)
        sw = rr * 0.14
        tip = (rx + L * math.cos(a), ry + L * math.sin(a))
        lft = (rx + sw * math.cos(a - math.pi / 2), ry + sw * math.sin(a - math.pi / 2))
        rgt = (rx + sw * math.cos(a + math.pi / 2), ry + sw * math.sin(a + math.pi / 2))
        d.polygon([lft, tip, (rx, ry)], fill=ink)
        d.polygon([(rx, ry), tip, rgt], fill=(214, 196, 146), outline=ink)
    d.text((rx, ry - rr * 1.3), "N", font=font(int(rr * 0.35)), fill=ink, anchor="md")
    # cartouche
    f = font(int(46 * u))
    cx0, cy0 = 0.06 * w, 0.07 * h
    cw_, ch_ = f.getlength("SAMPLE MAP") + 80 * u, 130 * u
    d.rectangle((cx0, cy0, cx0 + cw_, cy0 + ch_), fill=(234, 218, 182), outline=ink, width=lw)
    d.rectangle(
        (cx0 + 8 * u, cy0 + 8 * u, cx0 + cw_ - 8 * u, cy0 + ch_ - 8 * u),
        outline=ink,
        width=max(1, int(u)),
    )
    d.text((cx0 + cw_ / 2, cy0 + 24 * u), "SAMPLE MAP", font=f, fill=ink, anchor="ma")
    d.text(
        (cx0 + cw_ / 2, cy0 + 80 * u), "Kiosk demo", font=font(int(26 * u)), fill=ink, anchor="ma"
    )
    # double border
    m = 0.025 * min(w, h)
    d.rectangle((m, m, w - m, h - m), outline=ink, width=max(2, int(4 * u)))
    d.rectangle(
        (m + 10 * u, m + 10 * u, w - m - 10 * u, h - m - 10 * u), outline=ink, width=max(1, int(u))
    )
    return vignette(sepia(im, 0.25), 0.45)


def scene_concert_hall(w: int, h: int, seed: int) -> Image.Image:
    cam = Cam(w, h, f=0.62 * w, cx=0.5 * w, cy=0.42 * h, eye=3.2)
    im = vgradient(
        (w, h), [(0, (34, 22, 22)), (0.42, (70, 40, 32)), (0.4201, (60, 34, 28)), (1, (40, 22, 20))]
    )
    d = ImageDraw.Draw(im)
    zb = 36.0
    # back wall and organ
    cam.poly(d, [(-12, 0, zb), (12, 0, zb), (12, 15, zb), (-12, 15, zb)], (112, 66, 40))
    for k in range(-14, 15):
        x = k * 0.5
        top = 6.5 + 5.5 * math.cos(k / 14 * math.pi / 2) ** 2 + (0.6 if k % 3 == 0 else 0)
        col = (214, 182, 112) if k % 2 else (184, 150, 84)
        cam.poly(
            d,
            [
                (x - 0.2, 4.0, zb - 0.1),
                (x + 0.2, 4.0, zb - 0.1),
                (x + 0.2, top, zb - 0.1),
                (x - 0.2, top, zb - 0.1),
            ],
            col,
        )
        cam.poly(
            d,
            [
                (x - 0.2, 4.0, zb - 0.1),
                (x - 0.1, 4.0, zb - 0.1),
                (x - 0.1, top, zb - 0.1),
                (x - 0.2, top, zb - 0.1),
            ],
            shade(col, 1.15),
        )
    cam.poly(
        d,
        [(-8, 3.4, zb - 0.2), (8, 3.4, zb - 0.2), (8, 4.1, zb - 0.2), (-8, 4.1, zb - 0.2)],
        (90, 54, 34),
    )
    # side walls with balconies
    for side in (-1, 1):
        X = side * 12
        cam.poly(d, [(X, 0, 2), (X, 0, zb), (X, 15, zb), (X, 15, 2)], (96, 56, 36))
        for by in (5.0, 9.0):
            cam.poly(
                d,
                [
                    (side * 10.5, by, 2),
                    (side * 10.5, by, zb - 2),
                    (side * 10.5, by + 1.2, zb - 2),
                    (side * 10.5, by + 1.2, 2),
                ],
                (128, 30, 34),
            )
            cam.line(
                d,
                (side * 10.5, by + 1.2, 2),
                (side * 10.5, by + 1.2, zb - 2),
                (206, 172, 100),
                cam.f * 0.08 / 8,
            )
    cam.poly(d, [(-12, 15, 2), (12, 15, 2), (12, 15, zb), (-12, 15, zb)], (44, 26, 24))
    # stage
    cam.poly(d, [(-10, 1.2, 26), (10, 1.2, 26), (10, 1.2, zb), (-10, 1.2, zb)], (176, 124, 72))
    cam.poly(d, [(-10, 0, 26), (10, 0, 26), (10, 1.2, 26), (-10, 1.2, 26)], (70, 40, 28))
    for k in range(-9, 10, 3):  # music stands as small dark marks
        cam.line(d, (k, 1.2, 29), (k, 2.3, 29), (50, 36, 30), cam.f * 0.06 / 29)
    sx, sy = cam.p(0, 2.0, 31)
    add_light(im, sx, sy, 0.35 * w, 0.16 * h, (255, 214, 150), 0.55, 1.6)
    d = ImageDraw.Draw(im)
    # seating rows, far to near
    z = 24.0
    while z > 3.2:
        x = -10.0
        while x < 10.0:
            if abs(x) > 1.0:
                cam.poly(
                    d,
                    [(x, 0.0, z), (x + 0.5, 0.0, z), (x + 0.5, 1.05, z), (x, 1.05, z)],
                    (132, 26, 34),
                )
                cam.poly(
                    d,
                    [(x, 0.9, z), (x + 0.5, 0.9, z), (x + 0.5, 1.05, z), (x, 1.05, z)],
                    (168, 44, 50),
                )
            x += 0.6
        z -= 1.05
    for zc in (8.0, 17.0, 26.0):
        lx, ly = cam.p(0, 12.5, zc)
        d.line([(lx, 0), (lx, ly)], fill=(60, 46, 36), width=max(1, int(cam.f * 0.04 / zc)))
        add_light(im, lx, ly, cam.f * 2.2 / zc, cam.f * 1.6 / zc, (255, 220, 160), 0.8, 1.8)
        d = ImageDraw.Draw(im)
        rr = cam.f * 0.5 / zc
        d.ellipse((lx - rr, ly - rr * 0.5, lx + rr, ly + rr * 0.5), fill=(255, 236, 196))
    for side in (-1, 1):
        for zc in (6.0, 12.0, 18.0, 24.0, 30.0):
            lx, ly = cam.p(side * 11.8, 7.5, zc)
            add_light(im, lx, ly, cam.f * 0.7 / zc, cam.f * 0.7 / zc, (255, 200, 130), 0.6, 2.0)
    return vignette(soft_noise(im, seed + 1, max(6, w // 150), 4), 0.4)


def scene_reading_room(w: int, h: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    hz = 0.58
    cam = Cam(w, h, f=0.6 * w, cx=0.5 * w, cy=hz * h, eye=2.0)
    im = vgradient(
        (w, h),
        [
            (0, (170, 156, 130)),
            (hz, (196, 182, 156)),
            (hz + 0.0001, (126, 88, 58)),
            (1, (96, 64, 42)),
        ],
    )
    d = ImageDraw.Draw(im)
    zb = 30.0
    for k in range(-16, 17):  # floorboards
        cam.line(d, (k * 0.6, 0, 1.0), (k * 0.6, 0, zb), (110, 76, 50), cam.f * 0.02 / 4)
    cam.poly(
        d,
        [(-1.1, 0.005, 1.0), (1.1, 0.005, 1.0), (1.1, 0.005, zb), (-1.1, 0.005, zb)],
        (112, 40, 40),
    )
    cam.poly(d, [(-9, 0, zb), (9, 0, zb), (9, 11, zb), (-9, 11, zb)], (212, 200, 176))
    windows = (-5.0, 0.0, 5.0)
    for wx in windows:
        x0, y0 = cam.p(wx - 1.4, 2.0, zb)
        x1, y1 = cam.p(wx + 1.4, 8.0, zb)
        aw = x1 - x0
        glass = vgradient(
            (int(aw) + 1, int(y0 - y1 + aw / 2) + 1), [(0, (236, 242, 248)), (1, (200, 214, 226))]
        )

        def arch(dd: ImageDraw.ImageDraw, bw: int, bh: int, aw: float = aw) -> None:
            dd.ellipse((0, 0, aw, aw), fill=255)
            dd.rectangle((0, aw / 2, aw, bh), fill=255)

        paint(im, (x0, y1 - aw / 2, x1, y0), arch, glass)
        mx = (x0 + x1) / 2
        d.line([(mx, y1 - aw / 2), (mx, y0)], fill=(150, 140, 120), width=max(1, int(aw * 0.04)))
        for k in range(1, 5):
            yy = y1 + (y0 - y1) * k / 5
            d.line([(x0, yy), (x1, yy)], fill=(150, 140, 120), width=max(1, int(aw * 0.03)))
    # ceiling and side walls with bookcases
    cam.poly(d, [(-9, 11, 1), (9, 11, 1), (9, 11, zb), (-9, 11, zb)], (150, 134, 110))
    for side in (-1, 1):
        X = side * 9
        cam.poly(d, [(X, 0, 1), (X, 0, zb), (X, 11, zb), (X, 11, 1)], (190, 176, 150))
        z = 1.0
        while z < zb:
            dz = rng.uniform(0.12, 0.25)
            for sy in (0.2, 1.3, 2.4, 3.5):
                cam.poly(
                    d,
                    [
                        (X, sy, z),
                        (X, sy, z + dz),
                        (X, sy + rng.uniform(0.75, 0.95), z + dz),
                        (X, sy + rng.uniform(0.75, 0.95), z),
                    ],
                    shade(rng.choice(BOOK_COLORS), rng.uniform(0.8, 1.1)),
                )
            z += dz
        for sy in (0.2, 1.3, 2.4, 3.5, 4.6):
            cam.poly(
                d, [(X, sy - 0.08, 1), (X, sy - 0.08, zb), (X, sy, zb), (X, sy, 1)], (110, 76, 48)
            )
    # light from the windows
    for wx in windows:
        a, b = cam.p(wx - 1.4, 6.0, zb), cam.p(wx + 1.4, 6.0, zb)
        c, e = cam.p(wx + 2.5, 0, 8), cam.p(wx - 0.5, 0, 8)
        soft_shape(
            im,
            lambda dd, s, a=a, b=b, c=c, e=e: dd.polygon(
                [(p[0] * s, p[1] * s) for p in (a, b, c, e)], fill=255
            ),
            (255, 244, 220),
            0.16,
            0.03 * w,
            mode="screen",
        )
    d = ImageDraw.Draw(im)
    lamps: list[tuple[float, float, float]] = []
    for x0, x1 in ((-5.5, -2.0), (2.0, 5.5)):
        z = 25.0
        while z >= 3.0:
            z0, z1 = z, z + 3.2
            for cx_ in (x0 - 0.45, x1 + 0.45):  # chairs
                for cz in (z0 + 0.8, z0 + 2.4):
                    cam.poly(
                        d,
                        [
                            (cx_ - 0.2, 0.45, cz),
                            (cx_ + 0.2, 0.45, cz),
                            (cx_ + 0.2, 0.9, cz),
                            (cx_ - 0.2, 0.9, cz),
                        ],
                        (92, 60, 40),
                    )
            cam.poly(
                d, [(x0, 0.74, z0), (x1, 0.74, z0), (x1, 0.78, z1), (x0, 0.78, z1)], (128, 84, 50)
            )
            cam.poly(
                d, [(x0, 0.78, z0), (x1, 0.78, z0), (x1, 0.78, z1), (x0, 0.78, z1)], (150, 100, 62)
            )
            cam.poly(
                d, [(x0, 0.66, z0), (x1, 0.66, z0), (x1, 0.78, z0), (x0, 0.78, z0)], (100, 64, 40)
            )
            for lz in (z0 + 0.8, z0 + 2.4):
                lx = (x0 + x1) / 2
                cam.line(d, (lx, 0.78, lz), (lx, 1.15, lz), (70, 60, 40), cam.f * 0.03 / lz)
                px, py = cam.p(lx, 1.18, lz)
                rr = cam.f * 0.22 / lz
                d.pieslice(
                    (px - rr, py - rr * 0.6, px + rr, py + rr * 0.6), 180, 360, fill=(40, 110, 70)
                )
                d.line(
                    [(px - rr, py), (px + rr, py)],
                    fill=(200, 170, 90),
                    width=max(1, int(rr * 0.08)),
                )
                lamps.append((px, py, rr))
            z -= 4.2
    for px, py, rr in lamps:
        add_light(im, px, py + rr * 0.8, rr * 3.5, rr * 1.6, (255, 214, 140), 0.55, 1.8)
    return vignette(soft_noise(im, seed + 1, max(6, w // 150), 4), 0.35)
