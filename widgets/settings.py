"""The app's remembered settings (window layout, recent files, theme), in one place."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANISATION = "Journey Workshop"
APPLICATION = "Journey Workshop"


def settings() -> QSettings:
    """The user's settings store, named explicitly so it never depends on app names."""
    return QSettings(ORGANISATION, APPLICATION)
