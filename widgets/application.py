"""Start the Qt application: fonts, the windows of open workshops, `--screenshot` mode.

Opening a file here takes its stamp, reads it, and claims it with a lock (asking what to do
when another copy of the app has it open); at start-up, unsaved work that a crashed copy
left in recovery copies is offered back.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFont, QPixmapCache
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.disk import FileStamp
from app.document import Document
from app.errors import WorkshopError
from app.locks import Lock, OtherCopy, acquire
from app.recovery import Recovery, discard, find_recoveries
from widgets.files import CANCEL, OPEN_ANYWAY, READ_ONLY, ask_other_copy, stamp_of
from widgets.recovery_dialog import DISCARD, RESTORE, Choices, ask_recoveries
from widgets.theme import load_fonts

if TYPE_CHECKING:
    from widgets.main_window import MainWindow

# The stamp of a file that was saved again after a recovery copy of it was made: it never
# matches, so saving the restored work over that file asks first.
SAVED_LATER = FileStamp(size=-1, mtime_ns=0, signature=(), sha256="")

UI_POINT_SIZE = 11
# Qt's pixmap cache holds the pictures that cached items are drawn from: the map's cards
# (~0.2 MB each at 100 % zoom) and the emotion chart's lines, points, brackets and gap
# labels (11 MB in all for a chart 1,236 x 373 px on a 2,000-step map). At Qt's default
# 10 MB they push each other out, and a re-rating's repaint of that chart took 24-36 ms,
# slower than with no cache at all; at 64 MB, 5-6 ms. A limit, not an allocation: the
# cache grows only as pictures are drawn, up to 54 MB more than Qt's default would keep.
PIXMAP_CACHE_KB = 64 * 1024


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
    QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), PIXMAP_CACHE_KB))
    return app


class WindowManager(QObject):
    """Keeps the open windows; opens files in the right one; restores recovery copies.

    In non-interactive mode (`--screenshot`) nothing is asked, no lock is taken and no
    recovery copy is written or offered.
    """

    def __init__(self, interactive: bool = True) -> None:
        super().__init__()
        self.interactive = interactive
        self.windows: list = []  # MainWindow
        # Replaced in tests: the prompts of opening and of start-up.
        self.ask_other_copy: Callable[[QWidget | None, OtherCopy], str] = ask_other_copy
        self.ask_recoveries: Callable[[list[Recovery]], Choices] = ask_recoveries

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

    def release_all(self) -> None:
        """The application quits: give up every window's lock."""
        for window in self.windows:
            window.files.close_file()

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
        imported = path.suffix.lower() == ".csv"
        stamp = None if imported else stamp_of(path)  # before reading: see app.disk
        try:
            workshop, warnings = read_workshop_file(path)
        except WorkshopError as error:
            self.report(origin, self.tr("Could not open the workshop"), str(error))
            return None
        lock, read_only = None, False
        if not imported:
            claim = self.claim(path, origin)
            if claim is None:
                return None
            lock, read_only = claim
        document = Document(workshop, None if imported else path)
        document.read_only = read_only
        if imported:
            document.mark_unsaved()
        window = self.new_window(document)
        window.files.adopt_file(lock, stamp)
        if origin is not None and origin.is_pristine():
            window.setGeometry(origin.geometry())
            origin.close()
        window.show()
        if warnings:
            self.report(window, self.tr("Imported with warnings"), "\n".join(warnings))
        if not imported:
            remember_recent(path)
        return window

    def claim(self, path: Path, parent: QWidget | None) -> tuple[Lock | None, bool] | None:
        """Lock `path` for a window: (lock, read-only), or None if the user cancelled.

        If another copy of the app has the file open, the user chooses: open it read-only
        (no lock), open it anyway (take the lock over) or cancel.
        """
        if not self.interactive:
            return None, False
        try:
            return acquire(path), False
        except OtherCopy as error:
            answer = self.ask_other_copy(parent, error)
        if answer == READ_ONLY:
            return None, True
        if answer == OPEN_ANYWAY:
            return acquire(path, take_over=True), False
        assert answer == CANCEL, answer
        return None

    # -- recovery copies --------------------------------------------------------------

    def offer_recoveries(self) -> list[MainWindow]:
        """Offer the work that crashed copies of the app left; returns the restored windows."""
        try:
            found = find_recoveries()
        except WorkshopError as error:
            self.report(None, self.tr("Could not look for unsaved work"), str(error))
            return []
        if not found:
            return []
        restored = []
        for recovery, choice in self.ask_recoveries(found):
            if choice == RESTORE and recovery.problem is None:
                window = self.restore(recovery)
                if window is not None:
                    restored.append(window)
            elif choice == DISCARD:
                try:
                    discard(recovery)
                except WorkshopError as error:
                    self.report(None, self.tr("Could not discard the unsaved work"), str(error))
        return restored

    def restore(self, recovery: Recovery) -> MainWindow | None:
        """Open the work kept in `recovery` as unsaved changes to its original file (None if
        it was never saved). Nothing is written to that file until the user saves."""
        try:
            workshop = recovery.load()
        except WorkshopError as error:
            self.report(None, self.tr("Could not restore the unsaved work"), str(error))
            return None
        original = recovery.original
        lock, read_only, stamp = None, False, None
        if original is not None:
            claim = self.claim(original, None)
            if claim is None:
                return None  # cancelled: the copy stays for the next start
            lock, read_only = claim
            stamp = SAVED_LATER if recovery.original_saved_later else stamp_of(original)
        document = Document(workshop, original)
        document.read_only = read_only
        document.mark_unsaved()
        window = self.new_window(document)
        window.files.adopt_file(lock, stamp)
        window.autosave.adopt(recovery)
        window.show()
        return window


class _ShotWhenPainted(QObject):
    """Saves a picture of the window once its map is painted and analysed, then quits."""

    PATIENCE_MS = 15_000  # give up waiting for the analysis after this long

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

    def _grab(self, waited: int = 0) -> None:
        if self.window.analysis.result is None and waited < self.PATIENCE_MS:
            # Badges and panels show the analysis, which arrives a moment after opening.
            QTimer.singleShot(50, lambda: self._grab(waited + 50))
            return
        QApplication.processEvents()
        status = 0
        if not self.window.grab().save(str(self.out)):
            print(f"journey-workshop: could not save the screenshot {self.out}", file=sys.stderr)
            status = 1
        QApplication.instance().exit(status)


def start(manager: WindowManager, file: Path | None) -> MainWindow | None:
    """The first windows: restored unsaved work, then `file` (or an empty window if none
    opened). Returns the window of `file` or the empty one, None if `file` did not open."""
    restored = manager.offer_recoveries() if manager.interactive else []
    window = manager.open_path(file) if file is not None else None
    if window is None and not manager.windows:
        if file is not None and not manager.interactive:
            return None
        window = manager.new_window()
        window.show()
    if window is None and restored:
        return restored[0]
    return window


def run_application(file: Path | None, screenshot: Path | None) -> int:
    """Open a window (on `file`), run the event loop, return the exit status."""
    app = make_application()
    manager = WindowManager(interactive=screenshot is None)
    app.aboutToQuit.connect(manager.release_all)
    window = start(manager, file)
    if screenshot is not None:
        if window is None:
            return 1
        _ShotWhenPainted(window, screenshot)
    return app.exec()
