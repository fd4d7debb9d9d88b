"""The clips' subtitles in four languages, as SRT and WebVTT (``media/film/*.srt``, ``*.vtt``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .common import MEDIA


Cue = tuple[float, float, str]

MEMORIAL_TIMES: list[tuple[float, float]] = [
    (1.0, 5.0),
    (5.5, 9.5),
    (10.0, 14.0),
    (15.0, 19.0),
    (20.0, 24.0),
    (25.0, 29.0),
]
MEMORIAL_CUES: dict[str, list[str]] = {
    "en": [
        "Candles burn in front of a memorial stone.",
        "The evening is quiet; the flames sway gently.",
        "Red carnations lie at the foot of the stone.",
        "The camera moves slowly closer to the stone.",
        "This is a sample clip made for the Kiosk demo.",
        "The timecode in the corner shows the position in the clip.",
    ],
    "az": [
        "Xatirə daşının qarşısında şamlar yanır.",
        "Axşam sakitdir; alovlar yavaşca yırğalanır.",
        "Daşın ətəyinə qırmızı qərənfillər qoyulub.",
        "Kamera yavaş-yavaş daşa yaxınlaşır.",
        "Bu, Kiosk demosu üçün hazırlanmış nümunə videodur.",
        "Küncdəki vaxt göstəricisi videodakı mövqeyi göstərir.",
    ],
    "ru": [
        "Перед памятным камнем горят свечи.",
        "Вечер тихий; пламя мягко колышется.",
        "У подножия камня лежат красные гвоздики.",
        "Камера медленно приближается к камню.",
        "Это демонстрационный ролик, созданный для Kiosk.",
        "Таймкод в углу показывает текущую позицию в ролике.",
    ],
    "ar": [
        "تشتعل الشموع أمام حجر تذكاري.",
        "المساء هادئ، واللهب يتمايل بلطف.",
        "أزهار القرنفل الحمراء عند قاعدة الحجر.",
        "تقترب الكاميرا ببطء من الحجر.",
        "هذا مقطع تجريبي أُعدّ لعرض Kiosk التوضيحي.",
        "يُظهر الرمز الزمني في الزاوية موضع التشغيل في المقطع.",
    ],
}

ARCHIVE_TIMES: list[tuple[float, float]] = [
    (0.5, 4.0),
    (4.5, 8.0),
    (8.5, 12.0),
    (12.5, 16.0),
    (16.5, 19.5),
]
ARCHIVE_CUES: dict[str, list[str]] = {
    "en": [
        "Archive shelves hold boxes of letters and photographs.",
        "Each box is numbered and labelled.",
        "The camera moves slowly along the shelves.",
        "Light from a window falls across the boxes.",
        "This is a sample clip made for the Kiosk demo.",
    ],
    "az": [
        "Arxiv rəflərində məktub və fotoşəkil qutuları saxlanılır.",
        "Hər qutu nömrələnib və etiketlənib.",
        "Kamera rəflər boyunca yavaş-yavaş hərəkət edir.",
        "Pəncərədən düşən işıq qutuların üzərinə yayılır.",
        "Bu, Kiosk demosu üçün hazırlanmış nümunə videodur.",
    ],
}


def _ts(t: float, sep: str) -> str:
    ms = int(round(t * 1000))
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"


def write_vtt(path: Path, cues: Sequence[Cue]) -> None:
    out = ["WEBVTT", ""]
    for i, (a, b, text) in enumerate(cues, start=1):
        out += [str(i), f"{_ts(a, '.')} --> {_ts(b, '.')}", text, ""]
    path.write_text("\n".join(out), encoding="utf-8")


def write_srt(path: Path, cues: Sequence[Cue]) -> None:
    out: list[str] = []
    for i, (a, b, text) in enumerate(cues, start=1):
        out += [str(i), f"{_ts(a, ',')} --> {_ts(b, ',')}", text, ""]
    path.write_text("\n".join(out), encoding="utf-8")


def build_subtitles() -> None:
    film = MEDIA / "film"
    film.mkdir(parents=True, exist_ok=True)

    def cues(times: list[tuple[float, float]], texts: list[str]) -> list[Cue]:
        assert len(times) == len(texts)
        return [(a, b, s) for (a, b), s in zip(times, texts, strict=True)]

    write_vtt(film / "memorial.en.vtt", cues(MEMORIAL_TIMES, MEMORIAL_CUES["en"]))
    write_srt(film / "memorial.az.srt", cues(MEMORIAL_TIMES, MEMORIAL_CUES["az"]))
    write_srt(film / "memorial.ru.srt", cues(MEMORIAL_TIMES, MEMORIAL_CUES["ru"]))
    write_vtt(film / "memorial.ar.vtt", cues(MEMORIAL_TIMES, MEMORIAL_CUES["ar"]))
    write_srt(film / "archive.en.srt", cues(ARCHIVE_TIMES, ARCHIVE_CUES["en"]))
    write_vtt(film / "archive.az.vtt", cues(ARCHIVE_TIMES, ARCHIVE_CUES["az"]))
