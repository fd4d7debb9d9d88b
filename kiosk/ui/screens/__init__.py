"""The screens. Importing the package imports every screen module in it, and each screen
registers itself by name (``KioskScreen.registry``): a new screen is a new module here."""

from __future__ import annotations

import importlib
import pkgutil

from .base import KioskScreen

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

SCREENS = KioskScreen.registry
"""Every screen class by its name (attract, home, gallery, ...)."""

__all__ = ["SCREENS", "KioskScreen"]
