"""The app's root widget: the kiosk's ground is the window's clear colour.

No screen paints a full-screen background of its own: on a fill-rate-bound renderer
(llvmpipe, a Raspberry Pi's GPU) an opaque full-screen quad over the window's clear
costs as much as drawing a photo. The window clears to the palette's background instead,
and an image exported from the root (``export_to_png``: ``kiosk preview``, tests) is laid
on that same colour, as the screen shows it, instead of on transparent black.
"""

from __future__ import annotations

from typing import Any

from kivy.graphics import ClearBuffers, ClearColor, InstructionGroup
from kivy.lang import Builder
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import FadeTransition, ScreenManager

# Kivy's ScreenManager clips its screens with a stencil: two full-screen stencil fills a
# frame (15 ms here), for screens that are the window's size anyway
Builder.load_string("""
<-WholeScreens>:
    size_hint: 1, 1
""")


class WholeScreens(ScreenManager):
    """The screens, each the window's size: nothing to clip, so no stencil."""


class Fade(FadeTransition):
    """Kivy's fade, letting go of its framebuffers when it ends.

    Kivy draws both screens into framebuffers of the window's size, each with a
    depth-stencil buffer, new for every transition, and keeps the last pair until the next
    one: 32 MB at 1920x1080 where the GL is software, held while a visitor reads.
    """

    def on_complete(self) -> None:
        super().on_complete()
        self.fbo_in = self.fbo_out = self.render_ctx = None


class Ground(FloatLayout):
    def export_as_image(self, *args: Any, **kwargs: Any) -> Any:
        from kivy.core.window import Window

        # Kivy's export clears its framebuffer to transparent, then draws this canvas:
        # clear it again, to the ground, first thing in the canvas, for this one draw
        ground = InstructionGroup()
        ground.add(ClearColor(*Window.clearcolor))
        ground.add(ClearBuffers(clear_color=True))
        self.canvas.before.insert(0, ground)
        try:
            return super().export_as_image(*args, **kwargs)
        finally:
            self.canvas.before.remove(ground)
