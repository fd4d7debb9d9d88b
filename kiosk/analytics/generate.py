"""A made-up year of a busy kiosk, written through the writer's own code, with its totals known.

For the report's benchmark and tests: ``generate(path, days=365, visits_per_day=500)``
writes about 30 events a visit (5.5 million for a year) and returns what the report
must find.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .events import CODES
from .store import local_seconds, write_events

PANELS = [f"{n:03d}" for n in range(1, 41)]
CLIPS = ["memorial", "interviews", "archive"]
BOOKS = [f"book-{n}" for n in range(1, 13)]
ATTRACT = [f"photos/{p}" for p in PANELS[:6]] + ["film/memorial"]
LANGUAGES = ["az", "en", "ar", "ru"]


@dataclass
class Expected:
    visits: int = 0
    events: int = 0
    kinds: Counter = field(default_factory=Counter)
    panel_seconds: dict[str, float] = field(default_factory=dict)
    attract: Counter = field(default_factory=Counter)
    final_language: Counter = field(default_factory=Counter)
    clips_complete: Counter = field(default_factory=Counter)
    qr: Counter = field(default_factory=Counter)
    per_day: Counter = field(default_factory=Counter)
    lengths: list[float] = field(default_factory=list)


def events_for(days: int, visits_per_day: int, seed: int, start: dt.date, expected: Expected,
               version: str = "0001 generated") -> Iterator[tuple]:
    rng = random.Random(seed)
    K = CODES
    mono = 1000.0
    visit = 0
    for day in range(days):
        date = start + dt.timedelta(days=day)
        opening = local_seconds(dt.datetime.combine(date, dt.time(9, 0)))
        times = sorted(rng.uniform(0, 11 * 3600) for _ in range(visits_per_day))
        for offset in times:
            visit += 1
            wall = opening + offset
            mono += 1.0
            t = 0.0
            out: list[tuple] = []

            def add(kind: str, section: str = "", item: str = "", detail: str = "", amount: float | None = None,
                    _out=out) -> None:
                _out.append((K[kind], mono + t, wall + t, visit, version, section, item, detail, amount))

            attract = rng.choice(ATTRACT)
            expected.attract[attract] += 1
            language = "az"
            add("visit_start", item=attract, detail=language)
            if rng.random() < 0.35:
                chosen = rng.choice(LANGUAGES[1:])
                add("language", item=language, detail=chosen)
                language = chosen
            if rng.random() < 0.05:
                add("reading", detail="large_text")
            add("section", "photos")
            for _ in range(rng.randint(12, 20)):
                panel = rng.choice(PANELS)
                seconds = round(rng.uniform(2, 30), 3)
                if panel == "007":
                    add("note", "photos", panel, "shown")
                    add("note", "photos", panel, rng.choice(["continued", "skipped"]))
                if rng.random() < 0.2:
                    add("zoom", "photos", panel, amount=2.0)
                t += seconds
                add("panel", "photos", panel, amount=seconds)
                expected.panel_seconds[panel] = expected.panel_seconds.get(panel, 0.0) + seconds
            if rng.random() < 0.5:
                add("section", "film")
                clip = rng.choice(CLIPS)
                share = 1.0 if rng.random() < 0.4 else round(rng.uniform(0.05, 0.9), 4)
                t += 60 * share
                add("clip", "film", clip, language if rng.random() < 0.8 else "off", share)
                if share >= 0.95:
                    expected.clips_complete[clip] += 1
            add("section", "books")
            add("filter", "books", detail=f"topic:{rng.choice(['history', 'poetry', 'all'])}")
            for book in rng.sample(BOOKS, rng.randint(1, 2)):
                add("book", "books", book)
                add("page", "books", book, "1")
                if rng.random() < 0.5:
                    seconds = round(rng.uniform(3, 20), 3)
                    t += seconds
                    add("qr", "books", book, amount=seconds)
                    expected.qr[book] += 1
            if rng.random() < 0.01:
                add("placeholder", "photos", "photos/broken.jpg", "photo")
            t += rng.uniform(1, 20)
            add("visit_end", detail="idle", amount=round(t, 3))
            mono += t
            expected.visits += 1
            expected.events += len(out)
            expected.lengths.append(round(t, 3))
            expected.final_language[language] += 1
            expected.per_day[date.isoformat()] += 1
            for event in out:
                expected.kinds[event[0]] += 1
            yield from out


def generate(path: Path, days: int = 365, visits_per_day: int = 500, seed: int = 1,
             start: dt.date = dt.date(2026, 1, 1)) -> Expected:
    """Write the made-up visits into ``path``; returns the totals the report must show."""
    expected = Expected()
    write_events(Path(path), events_for(days, visits_per_day, seed, start, expected), kiosk_version="generated",
                 started=dt.datetime.combine(start, dt.time(8, 0)))
    return expected
