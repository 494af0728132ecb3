"""Start the Qt application: fonts, the main window, and the `--screenshot` mode."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from widgets.theme import load_fonts

UI_POINT_SIZE = 11


def make_application() -> QApplication:
    """The QApplication, created once, with the shipped font as the interface font."""
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "journey-workshop"])
    assert isinstance(app, QApplication)
    app.setApplicationName("Journey Workshop")
    app.setOrganizationName("Journey Workshop")
    app.setApplicationDisplayName("Journey Workshop")
    family = load_fonts()
    app.setFont(QFont(family, UI_POINT_SIZE))
    return app


class _ShotWhenPainted(QObject):
    """Saves a picture of the window once its map has been painted, then quits."""

    def __init__(self, window, out: Path) -> None:  # window: MainWindow
        super().__init__(window)
        self.window = window
        self.out = out
        self.status = 1
        window.view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(50, self._grab)
        return False

    def _grab(self) -> None:
        image = self.window.grab()
        if image.save(str(self.out)):
            self.status = 0
        else:
            print(f"journey-workshop: could not save the screenshot {self.out}", file=sys.stderr)
        QApplication.instance().exit(self.status)


def run_application(file: Path | None, screenshot: Path | None) -> int:
    """Open the main window (on `file`), run the event loop, return the exit status."""
    from widgets.main_window import MainWindow

    app = make_application()
    window = MainWindow(interactive=screenshot is None)
    opened = file is None or window.open_path(file)
    if not opened and screenshot is not None:
        return 1  # the reason is on stderr already
    window.show()
    if screenshot is not None:
        _ShotWhenPainted(window, screenshot)
    return app.exec()
