"""Start the Qt application: fonts, the windows of open workshops, `--screenshot` mode."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from app.document import Document
from app.errors import WorkshopError
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


class WindowManager(QObject):
    """Keeps the open windows; opens files in the right one."""

    def __init__(self, interactive: bool = True) -> None:
        super().__init__()
        self.interactive = interactive
        self.windows: list = []  # MainWindow

    def new_window(self, document: Document | None = None):
        from widgets.main_window import MainWindow

        window = MainWindow(document, interactive=self.interactive)
        window.open_requested.connect(lambda path, w=window: self.open_path(path, w))
        window.new_requested.connect(lambda: self.new_window().show())
        window.closed.connect(lambda w=window: self._forget(w))
        self.windows.append(window)
        return window

    def _forget(self, window) -> None:
        if window in self.windows:
            self.windows.remove(window)

    def window_of(self, path: Path):
        for window in self.windows:
            doc_path = window.document.path
            if doc_path is not None and doc_path.resolve() == path.resolve():
                return window
        return None

    def report(self, parent, title: str, message: str) -> None:
        if self.interactive:
            QMessageBox.warning(parent, title, message)
        else:
            print(message, file=sys.stderr)

    def open_path(self, path: Path, origin=None):
        """Show the workshop in `path`: its window if open, else a new (or the empty) one."""
        from widgets.files import read_workshop_file, remember_recent

        existing = self.window_of(path)
        if existing is not None:
            existing.raise_()
            existing.activateWindow()
            return existing
        try:
            workshop, warnings = read_workshop_file(path)
        except WorkshopError as error:
            self.report(origin, self.tr("Could not open the workshop"), str(error))
            return None
        imported = path.suffix.lower() == ".csv"
        document = Document(workshop, None if imported else path)
        if imported:
            document.mark_unsaved()
        window = self.new_window(document)
        if origin is not None and origin.is_pristine():
            window.setGeometry(origin.geometry())
            origin.close()
        window.show()
        if warnings:
            self.report(window, self.tr("Imported with warnings"), "\n".join(warnings))
        if not imported:
            remember_recent(path)
        return window


class _ShotWhenPainted(QObject):
    """Saves a picture of the window once its map has been painted, then quits."""

    def __init__(self, window, out: Path) -> None:
        super().__init__(window)
        self.window = window
        self.out = out
        window.view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(100, self._grab)
        return False

    def _grab(self) -> None:
        status = 0
        if not self.window.grab().save(str(self.out)):
            print(f"journey-workshop: could not save the screenshot {self.out}", file=sys.stderr)
            status = 1
        QApplication.instance().exit(status)


def run_application(file: Path | None, screenshot: Path | None) -> int:
    """Open a window (on `file`), run the event loop, return the exit status."""
    app = make_application()
    manager = WindowManager(interactive=screenshot is None)
    window = manager.open_path(file) if file is not None else None
    if window is None:
        if file is not None and screenshot is not None:
            return 1
        window = manager.new_window()
        window.show()
    if screenshot is not None:
        _ShotWhenPainted(window, screenshot)
    return app.exec()
