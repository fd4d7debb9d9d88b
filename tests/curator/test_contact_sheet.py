"""`kiosk preview`'s contact sheets: pages of 48 screens, each screen read, shrunk and let
go before the next, so a 500-panel exhibition does not need gigabytes (issue 15, item 7)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from kiosk.curator.preview import SHEET_COLUMNS, SHEET_ROWS, contact_sheet


def screens(folder: Path, count: int) -> list[tuple[Path, str]]:
    saved = []
    for n in range(count):
        path = folder / f"{n + 1:03d}-screen.png"
        Image.new("RGB", (1920, 1080), (n % 255, 40, 90)).save(path)
        saved.append((path, f"screen {n}"))
    return saved


def test_many_screens_make_pages_of_sheets_one_screen_open_at_a_time(tmp_path, monkeypatch):
    saved = screens(tmp_path, 100)
    open_now, most = [0], [0]
    real_open = Image.open

    class Counted:
        def __init__(self, image):
            self.image = image

        def __enter__(self):
            open_now[0] += 1
            most[0] = max(most[0], open_now[0])
            return self.image.__enter__()

        def __exit__(self, *exc):
            open_now[0] -= 1
            return self.image.__exit__(*exc)

    monkeypatch.setattr(Image, "open", lambda path, *a, **k: Counted(real_open(path, *a, **k)))
    sheets = contact_sheet(saved, tmp_path)
    pages = -(-len(saved) // (SHEET_COLUMNS * SHEET_ROWS))
    assert [s.name for s in sheets] == ["contact-sheet.png"] + [f"contact-sheet-{n}.png" for n in range(2, pages + 1)]
    assert pages == 3
    assert most[0] == 1, "screens are read one at a time"
    with real_open(sheets[0]) as first, real_open(sheets[-1]) as last:
        # a full page holds 48 thumbnails; the last holds the rest, and is shorter
        assert first.width == last.width and first.height > last.height
        assert first.width * first.height < 8_000_000  # one page stays a few tens of MB at most
