"""The technician's way out: a long press held still in a corner opens the PIN pad (no Kivy
here; the PIN itself is ``kiosk.technician.pin``)."""

from __future__ import annotations

HOLD_SECONDS = 3.0
CORNER_SIZE = 120  # px at 1080p
HOLD_SLOP = 40
"""Pixels a held finger may drift before the hold counts as a slide."""


class CornerHold:
    """A press held still in one corner for ``seconds`` opens the PIN pad.

    Only a press that stays put counts: sliding more than ``slop`` pixels, or out of the
    corner, cancels it, and so does the app when a widget takes the touch (the Back
    button sits in that corner on every screen but home: holding it is a press of Back).
    """

    def __init__(self, corner: str = "top-left", seconds: float = HOLD_SECONDS, size: float = CORNER_SIZE,
                 slop: float = HOLD_SLOP) -> None:
        self.corner = corner
        self.seconds = seconds
        self.size = size
        self.slop = slop
        self.pressed_at: float | None = None
        self.touch_id: object = None
        self.start: tuple[float, float] = (0.0, 0.0)

    def in_corner(self, x: float, y: float, width: float, height: float) -> bool:
        """Kivy's y grows upwards: "top" is near ``height``."""
        vertical, horizontal = self.corner.split("-")
        near_x = x <= self.size if horizontal == "left" else x >= width - self.size
        near_y = y >= height - self.size if vertical == "top" else y <= self.size
        return near_x and near_y

    def down(self, touch_id: object, x: float, y: float, width: float, height: float, now: float) -> bool:
        if self.in_corner(x, y, width, height):
            self.pressed_at, self.touch_id, self.start = now, touch_id, (x, y)
            return True
        return False

    def move(self, touch_id: object, x: float, y: float, width: float, height: float) -> None:
        """A press that slides (a swipe starting in the corner) is not a hold."""
        if touch_id != self.touch_id or self.pressed_at is None:
            return
        moved = max(abs(x - self.start[0]), abs(y - self.start[1]))
        if moved > self.slop or not self.in_corner(x, y, width, height):
            self.cancel(touch_id)

    def cancel(self, touch_id: object) -> None:
        """This press does not count (a widget took it, or it moved)."""
        if touch_id == self.touch_id:
            self.pressed_at = None

    def up(self, touch_id: object) -> None:
        if touch_id == self.touch_id:
            self.pressed_at = self.touch_id = None

    def fired(self, now: float) -> bool:
        """True once when the press has been held long enough."""
        if self.pressed_at is not None and now - self.pressed_at >= self.seconds:
            self.pressed_at = None
            return True
        return False
