"""Loading a screen's .kv file once, on its first visit.

A .kv names widget classes; Kivy's Factory learns each one when it is defined (Kivy's
``WidgetMetaclass`` registers every Widget subclass), so a screen's module imports every
class its .kv names, and registers none by hand.
"""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder

_loaded: set[str] = set()  # Kivy's Builder is process-wide; so is the record of what it holds


def load_kv(module_file: str) -> None:
    path = str(Path(module_file).with_suffix(".kv"))
    if path not in _loaded:
        Builder.load_file(path)
        _loaded.add(path)
