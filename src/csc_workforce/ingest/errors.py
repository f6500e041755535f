"""Errors raised by readers of untrusted files."""

from __future__ import annotations

from pathlib import Path


class UnreadableFileError(Exception):
    """A file could not be read safely: missing, too large, not XML, hostile or truncated.

    ``str()`` always names the file, so the message can go straight to the user.
    """

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")
