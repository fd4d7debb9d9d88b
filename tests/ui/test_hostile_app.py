"""The hostile-input corpus (tests/hostile/make_corpus.py) in the running app: every broken
panel swiped to and every clip opened, by real touches; the kiosk stays up, shows a neutral
placeholder for what it cannot show, and never shows a file from outside its media folder."""

from __future__ import annotations

import pytest

from kiosk.content.loader import load_exhibition
from tests.hostile.make_corpus import make_corpus

from .drawn import framebuffer


@pytest.mark.timeout(400)
def test_the_running_kiosk_goes_through_every_hostile_panel_and_clip(start_kiosk, tmp_path, caplog):
    corpus = make_corpus(tmp_path / "venue")
    loaded = load_exhibition(corpus.exhibition)
    assert loaded.exhibition is not None, "the good parts load; the bad ones are problems, not a crash"
    kiosk = start_kiosk(loaded)
    app = kiosk.app
    app.open("section", section="photos")
    kiosk.settle(0.4)
    gallery = kiosk.screen()
    strip = gallery.ids.strip
    panels = loaded.exhibition.section("photos").panels
    bad = [i for i, panel in enumerate(panels) if panel.image in corpus.bad]
    assert bad, "the corpus has broken panels"
    for index in bad:
        # arrive at each broken panel as a visitor does: a real swipe from the panel before it
        before = max(0, index - 1)
        app.open("section", section="photos", index=before)
        kiosk.settle(0.2)
        if index > before:
            x, y = strip.to_window(strip.x, strip.y)
            kiosk.swipe(x + strip.width * 0.85, y + strip.height / 2, x + strip.width * 0.15, y + strip.height / 2)
            kiosk.settle(0.2)
        assert kiosk.current == "gallery" and gallery.index == index
        # nothing of the file is drawn: the neutral placeholder takes the photo's place
        assert strip.current.texture is None, panels[index].image
    good = next(i for i, panel in enumerate(panels) if panel.image == "photos/good.jpg")
    app.open("section", section="photos", index=good)
    kiosk.settle(0.3)
    assert strip.current.texture is not None
    framebuffer()  # the last panel draws
    # every clip, broken ones included, opened from the list and left again
    clips = loaded.exhibition.section("film").clips
    app.open("section", section="film")
    kiosk.settle(0.3)
    for clip in clips:
        kiosk.clock.advance(5)  # past the player's guard against a second clip tapped at once
        app.open("player", section="film", clip=clip.id)
        kiosk.settle(0.6)
        player = kiosk.screen()
        assert kiosk.current == "player" and player.clip.id == clip.id
        if clip.video in corpus.bad:
            video = player.ids.video

            def settled() -> bool:  # says it cannot play, plays its sound only, or plays what it has
                return player.failed or video.audio_only or video.texture is not None

            for _ in range(40):
                if settled():
                    break
                kiosk.settle(0.1)
            assert settled(), clip.video
        kiosk.press(player.ids.bar.back)
        kiosk.settle(0.3)
        assert kiosk.current == "clips"
    # alive and answering: home still opens
    kiosk.press(kiosk.screen().ids.bar.home)
    kiosk.settle(0.3)
    assert kiosk.current == "home"
    assert "unexpected" not in caplog.text.lower()
