"""The media folder, and the one safe way to turn a curator's path into a file."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

from .problems import display_path


class MediaPathError(ValueError):
    """A media path that cannot be used; the message is meant for the curator."""


@dataclass(frozen=True)
class MediaRoot:
    """The folder that holds the exhibition's photos, clips and scans."""

    folder: Path

    @cached_property
    def real(self) -> Path:
        """The folder with its links followed, once: an exhibition's paths all resolve
        against the same folder, even when a release link is swapped under it."""
        return self.folder.resolve()

    def resolve(self, relative: str) -> Path:
        """The real file for ``relative``; raises ``MediaPathError`` saying why not.

        Paths are relative, use ``/``, never contain ``..`` and never resolve (through
        symlinks) to anything outside the media folder.
        """
        if not relative or not relative.strip():
            raise MediaPathError("the path is empty")
        pure = PurePosixPath(relative)
        if pure.is_absolute() or "\\" in relative or ":" in pure.parts[0]:
            raise MediaPathError(f"'{relative}' is not a path relative to the media folder")
        if ".." in pure.parts:
            raise MediaPathError(f"'{relative}' leaves the media folder")
        root = self.real
        candidate = root.joinpath(*pure.parts)
        try:
            real = candidate.resolve(strict=True)
        except FileNotFoundError:
            raise MediaPathError(f"'{relative}' does not exist in the media folder {display_path(self.folder)}") from None
        except (OSError, RuntimeError) as exc:  # loops, permissions
            raise MediaPathError(f"'{relative}' cannot be opened: {exc}") from None
        if real != root and root not in real.parents:
            raise MediaPathError(f"'{relative}' is a link that leads outside the media folder")
        if not real.is_file():
            raise MediaPathError(f"'{relative}' is a folder, not a file")
        return real

    def find(self, relative: str | None) -> Path | None:
        """Like :meth:`resolve`, but None for anything unusable (the screen shows a placeholder)."""
        if relative is None:
            return None
        try:
            return self.resolve(relative)
        except MediaPathError:
            return None
