"""The player with files that fight back, and the technician's PIN pad: real window, real touches.

Issue 15, items 3 (a subtitle file that fails to load), 5 (the PIN pad never timed out,
and the corner hold fired through the Back button) and 6 (a broken or sound-only clip
showed the clip before it).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from kiosk.content.loader import load_exhibition
from kiosk.ui.widgets.overlays import IdleWarning, PinPad
from tests.hostile.make_corpus import BROKEN_CLIPS, BROKEN_SUBTITLES
from tests.ui.drawn import framebuffer, near
from tests.ui.test_kiosk import open_clips, wait_for


def demo_copy(demo_loaded, tmp_path: Path, **replace) -> object:
    """The demo exhibition in ``tmp_path`` with media files replaced: ``{"film/x.mp4": maker}``."""
    root = tmp_path / "ex"
    shutil.copytree(demo_loaded.source.parent.parent / "media", root / "media")
    (root / "config").mkdir()
    shutil.copy(demo_loaded.source, root / "config" / "exhibition.yaml")
    shutil.copy(demo_loaded.source.parent / "names.yaml", root / "config")  # its include
    for name, make in replace.items():
        target = root / "media" / name.replace("__", "/")
        target.unlink()
        make(target)
    loaded = load_exhibition(root / "config" / "exhibition.yaml")
    assert loaded.exhibition is not None
    return loaded


def video_area(player) -> list[tuple[int, int]]:
    """Window points spread over the middle of the picture, clear of the top bar, the
    controls and the message in the middle."""
    stage = player.ids.stage
    x0, y0 = stage.to_window(stage.x, stage.y)
    w, h = stage.width, stage.height
    points = []
    for fx in (0.12, 0.3, 0.7, 0.88):
        for fy in (0.35, 0.62, 0.7):
            points.append((int(x0 + fx * w), int(y0 + fy * h)))
    return points


def colours_at(points) -> list[tuple[int, int, int]]:
    image = framebuffer()
    height = image.size[1]
    return [image.getpixel((x, height - 1 - y)) for x, y in points]


def play_first_clip(kiosk):
    clips = open_clips(kiosk)
    kiosk.press(clips.tiles[0])
    kiosk.settle(0.3)
    player = kiosk.screen()
    video = player.ids.video
    wait_for(kiosk, lambda: video.texture is not None and video.position > 1.0)
    return clips, player


def then_open(kiosk, player, clip: str) -> None:
    """The visitor goes back to the list and picks ``clip`` (the clock moves past the debounce)."""
    kiosk.step(1.0)
    kiosk.app.open("player", section=player.section_id, clip=clip)


# --- item 6: each clip starts from a clean player ---------------------------------------


def test_a_sound_only_clip_shows_its_title_card_not_the_clip_before_and_plays(start_kiosk, demo_loaded,
                                                                               tmp_path):
    loaded = demo_copy(demo_loaded, tmp_path, **{"film__archive.mp4": BROKEN_CLIPS["audio-only.mp4"]})
    kiosk = start_kiosk(loaded, real_video=True)  # a sound file: ffpyplayer tells
    _clips, player = play_first_clip(kiosk)
    video = player.ids.video
    points = video_area(player)
    card = tuple(round(c * 255) for c in player.CARD_COLOUR[:3])
    before = colours_at(points)
    assert not all(near(c, card, 8) for c in before), "the first clip's picture is on screen"
    playing_at = player.ids.scrub.value
    assert playing_at > 0

    then_open(kiosk, player, "archive")
    assert player.clip.id == "archive"
    # at once: no picture, position 0, scrubber at the start (not the clip before's)
    assert video.texture is None and video.position == 0.0
    player.update()
    assert player.ids.scrub.value == 0.0 and player.ids.elapsed.raw == "00:00"
    kiosk.frames(3)
    wait_for(kiosk, lambda: video.audio_only, seconds=5)
    kiosk.frames(2)
    # the title on a dark card where the picture was
    assert player.ids.card_title.raw == player.tx(player.clip.title)
    after = colours_at(points)
    assert all(near(c, card, 8) for c in after), after
    assert not any(near(a, b, 8) and not near(a, card, 8) for a, b in zip(after, before))
    # its sound plays with working controls: the time runs, pause holds it, it ends
    wait_for(kiosk, lambda: video.position > 0.3, seconds=5)
    assert video.duration == 2.0 and player.busy
    kiosk.press(player.ids.play)  # pause
    kiosk.frames(2)
    held = video.position
    kiosk.settle(0.4)
    assert not video.playing and abs(video.position - held) < 0.05
    kiosk.press(player.ids.play)
    wait_for(kiosk, lambda: kiosk.current == "clips", seconds=6)
    assert "archive" in kiosk.screen().watched


def test_a_sound_only_clip_with_a_poster_shows_the_poster(start_kiosk, demo_loaded, tmp_path):
    loaded = demo_copy(demo_loaded, tmp_path, **{"film__memorial.mp4": BROKEN_CLIPS["audio-only.mp4"]})
    kiosk = start_kiosk(loaded, real_video=True)  # a sound file: ffpyplayer tells
    clips = open_clips(kiosk)
    kiosk.press(clips.tiles[0])
    player = kiosk.screen()
    wait_for(kiosk, lambda: player.ids.video.audio_only and player.ids.poster.texture is not None, seconds=8)
    kiosk.settle(0.3)  # the player's fade-in ends
    poster = player.ids.poster
    x, y = poster.to_window(*poster.center)
    card = tuple(round(c * 255) for c in player.CARD_COLOUR[:3])
    assert not near(colours_at([(int(x), int(y))])[0], card, 8), "the poster is drawn on the card"


def test_a_broken_clip_after_a_good_one_says_so_and_shows_nothing_of_it(start_kiosk, demo_loaded, tmp_path):
    loaded = demo_copy(demo_loaded, tmp_path, **{"film__archive.mp4": BROKEN_CLIPS["random.mp4"]})
    kiosk = start_kiosk(loaded)
    _clips, player = play_first_clip(kiosk)
    video = player.ids.video
    points = video_area(player)
    before = colours_at(points)

    reasons = []
    video.bind(on_failed=lambda _v, reason: reasons.append(reason))
    then_open(kiosk, player, "archive")
    assert video.texture is None and video.position == 0.0
    # said long before the first-frame limit: the file's own failure, not the limit's
    wait_for(kiosk, lambda: player.failed, seconds=5)
    assert reasons and "no picture came" not in reasons[0]
    kiosk.frames(2)
    assert player.ids.failed.raw == "Bu video hazırda oynadıla bilmir"
    after = colours_at(points)
    assert all(near(c, (0, 0, 0), 8) for c in after), after
    assert before != after
    player.update()
    assert player.ids.scrub.value == 0.0 and not player.busy


# --- item 3: a subtitle file that fails to load -----------------------------------------


def test_subtitles_that_fail_to_load_are_tried_once_and_the_visitor_told_once(start_kiosk, demo_loaded,
                                                                              tmp_path, caplog):
    loaded = demo_copy(demo_loaded, tmp_path, **{"film__memorial.az.srt": BROKEN_SUBTITLES["photo.srt"]})
    kiosk = start_kiosk(loaded)
    caplog.set_level(logging.INFO)
    clips = open_clips(kiosk)
    kiosk.press(clips.tiles[0])
    player = kiosk.screen()
    notes = [player.ids.note.raw] if player.ids.note.raw else []  # the file may have failed already
    player.ids.note.bind(raw=lambda _l, raw: notes.append(raw) if raw else None)
    wait_for(kiosk, lambda: player.broken_subtitles, seconds=5)
    # many frames and ticks, controls touched, refreshed: nothing is read again
    for _ in range(12):
        kiosk.frames(1)
        player.refresh()
        kiosk.step(0.1)
    kiosk.press(player.ids.volume_up)
    kiosk.frames(5)

    def warnings():
        return [r for r in caplog.records if "subtitles" in r.getMessage() and r.levelno >= logging.WARNING]

    assert len(warnings()) == 1, [r.getMessage() for r in warnings()]
    assert "memorial.az.srt" in warnings()[0].getMessage()
    assert notes == ["Bu videonun subtitrləri göstərilə bilmir; video subtitrsiz oynadılır"]
    assert player.subtitles is None and player.ids.subtitle.raw == ""
    assert player.ids.video.position > 0.5, "the clip plays on without subtitles"
    kiosk.step(7)
    player.update()
    assert player.ids.note.raw == "", "the note goes after a few seconds"
    # the visitor changes language: English subtitles load and show
    kiosk.app.set_language("en")
    wait_for(kiosk, lambda: player.subtitles_language == "en", seconds=5)
    # back to Azerbaijani and leaving: still not read again, nothing logged after the visitor left
    kiosk.app.set_language("az")
    kiosk.frames(5)
    assert player.subtitles is None and len(notes) == 1
    kiosk.app.go_attract()
    for _ in range(10):
        kiosk.frames(1)
        player.refresh()
    assert len(warnings()) == 1
    assert len(notes) == 1, "told once for the clip opened"
    assert player.subtitles is None, "Azerbaijani subtitles again: none, not the English ones"


# --- item 5: the technician's PIN pad ---------------------------------------------------


def hold_corner(kiosk, x: float = 30, y: float = 1050):
    from kiosk.ui.drive import Finger

    finger = Finger(x, y).down()
    kiosk.frames(1)
    kiosk.step(1.0)
    kiosk.step(1.0)
    kiosk.step(1.1)
    return finger


def test_holding_the_back_button_does_not_open_the_pin_pad(start_kiosk, demo_loaded):
    kiosk = start_kiosk(demo_loaded)
    clips = open_clips(kiosk)
    back = clips.ids.bar.back
    x, y = back.to_window(back.x + 20, back.top - 20)
    assert x <= 120 and y >= 1080 - 120, "the Back button is in the corner"
    finger = hold_corner(kiosk, x, y)
    kiosk.step(2.0)
    assert kiosk.app.overlay is None
    finger.up()
    kiosk.settle(0.4)
    assert kiosk.current == "home", "the long press was a press of Back"
    assert kiosk.app.overlay is None


def test_holding_an_empty_corner_still_opens_the_pad_and_a_slide_away_does_not(start_kiosk, demo_loaded):
    from kiosk.ui.drive import Finger

    kiosk = start_kiosk(demo_loaded)
    kiosk.tap(960, 540)  # home: its top-left corner has no button
    kiosk.settle(0.4)
    assert kiosk.current == "home"
    finger = Finger(20, 1060).down()
    kiosk.frames(1)
    kiosk.step(1.0)
    finger.move_to(400, 700)  # slid out of the corner: a swipe, not the gesture
    kiosk.frames(1)
    kiosk.step(2.5)
    assert kiosk.app.overlay is None
    finger.up()
    kiosk.frames(2)
    finger = hold_corner(kiosk, 20, 1060)
    assert isinstance(kiosk.app.overlay, PinPad)
    finger.up()
    kiosk.frames(2)


def test_the_pin_pad_closes_on_idle_and_the_attract_loop_comes_back(start_kiosk, demo_loaded):
    kiosk = start_kiosk(demo_loaded)
    kiosk.tap(960, 540)
    kiosk.settle(0.4)
    finger = hold_corner(kiosk, 20, 1060)
    pad = kiosk.app.overlay
    assert isinstance(pad, PinPad)
    finger.up()
    kiosk.frames(2)
    kiosk.press(pad.keys["1"])  # the technician types, then walks away
    timeout = kiosk.app.idle.timeout
    kiosk.step(timeout - 1)
    assert kiosk.app.overlay is pad, "a technician who is typing keeps the pad"
    kiosk.step(1.5)
    assert not isinstance(kiosk.app.overlay, PinPad)
    assert isinstance(kiosk.app.overlay, IdleWarning)
    kiosk.step(kiosk.app.idle.warning + 1)
    kiosk.settle(0.4)
    assert kiosk.current == "attract" and kiosk.app.overlay is None


def test_the_pin_pad_opened_over_the_attract_loop_closes_after_the_idle_timeout(start_kiosk, demo_loaded):
    kiosk = start_kiosk(demo_loaded)
    finger = hold_corner(kiosk)  # the touch opens home, the hold opens the pad
    assert isinstance(kiosk.app.overlay, PinPad)
    finger.up()
    kiosk.frames(2)
    kiosk.app.go_attract()  # nobody is visiting
    kiosk.app.open_pin_pad()
    kiosk.step(kiosk.app.idle.timeout + 1)
    assert kiosk.app.overlay is None and kiosk.current == "attract"
