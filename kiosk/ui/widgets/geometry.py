"""A widget's geometry as it is now, for code that draws from it.

Kivy updates the cached ``center_x``, ``center_y``, ``right`` and ``top`` of a widget only
after the ``pos`` and ``size`` callbacks have run, so a canvas update bound to ``pos``
that reads them draws the widget one move behind (the photo ended each swipe 30-60 px
off-centre). Everything that draws from its own box asks here instead.
"""

from __future__ import annotations

from typing import Any


def centre(widget: Any) -> tuple[float, float]:
    """The middle of ``widget``'s box, from its ``x``, ``y``, ``width`` and ``height``."""
    return widget.x + widget.width / 2, widget.y + widget.height / 2


def right(widget: Any) -> float:
    return widget.x + widget.width


def top(widget: Any) -> float:
    return widget.y + widget.height
