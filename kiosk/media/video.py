"""Reading facts from video files through ffpyplayer (no Kivy here)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

log = logging.getLogger(__name__)


def probe_duration(path: Path, timeout: float = 3.0) -> float | None:
    """The clip's length in seconds, or None when ffpyplayer cannot read it as a video."""
    try:
        from ffpyplayer.player import MediaPlayer
    except ImportError:  # pragma: no cover - ffpyplayer is a declared dependency
        log.warning("ffpyplayer is not installed; clip lengths are not checked")
        return None
    if not path.is_file() or path.stat().st_size == 0:
        return None
    player = None
    try:
        player = MediaPlayer(str(path), ff_opts={"paused": True, "an": True, "sn": True}, loglevel="quiet")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            meta = player.get_metadata()
            duration = meta.get("duration")
            if duration:
                return float(duration) if meta.get("src_vid_size", (0, 0))[0] else None
            time.sleep(0.01)
        return None
    except Exception as exc:  # noqa: BLE001 - any decoder failure means "not a readable video"
        log.info("cannot probe %s: %s", path, exc)
        return None
    finally:
        if player is not None:
            player.close_player()
