"""Autosave: recovery copies of unsaved work, written at pauses and every two minutes."""

from __future__ import annotations

import contextlib
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow

from app.document import Document
from app.errors import WorkshopError
from app.recovery import Recovery, discard, remove_recovery, write_recovery

IDLE_MS = 5_000  # after the last change: the user has paused
PERIOD_MS = 120_000  # and every two minutes during long stretches of editing
STATUS_MS = 30_000


class Autosave(QObject):
    """Keeps a recovery copy (see `app.recovery`) of one window's unsaved changes.

    The copy goes to the per-user recovery folder, never over or next to the user's file.
    It is written only while the document has unsaved changes, once the user has paused
    (`idle_ms` after the last change) and every `period_ms` while edits keep coming, and
    removed when the changes are saved, undone, or given up when the window closes.
    A copy that cannot be written is reported once (in the status bar), not at every try.

    Signals:
        written(path): a recovery copy was written; `path` is the workshop copy.
        failed(message): a recovery copy could not be written; `message` says why.
    """

    written = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        document: Document,
        window: QMainWindow | None = None,
        *,
        enabled: bool = True,
        idle_ms: int = IDLE_MS,
        period_ms: int = PERIOD_MS,
    ) -> None:
        super().__init__(window)
        self.document = document
        self.window = window
        self.session = uuid.uuid4().hex
        # Replaced in tests: shows a one-line message to the user.
        self.report: Callable[[str], None] = self._show_in_status_bar
        self.enabled = False
        self._dirty = document.is_modified()  # changed since the last copy was written
        self._failing = False  # the last write failed and was reported
        self._written: set[Path | None] = set()  # originals this window has copies of
        self._inherited: list[Recovery] = []  # restored copies this window now stands for

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(idle_ms)
        self.idle_timer.timeout.connect(self._on_idle_timer_timeout)
        self.period_timer = QTimer(self)
        self.period_timer.setInterval(period_ms)
        self.period_timer.timeout.connect(self._on_period_timer_timeout)
        document.changed.connect(self._on_document_changed)
        document.modified_changed.connect(self._on_document_modified_changed)
        self.set_enabled(enabled)

    # -- switching on and off ---------------------------------------------------------

    def set_enabled(self, on: bool) -> None:
        """Start or stop writing copies (off in `--screenshot` mode, which never edits)."""
        self.enabled = on
        if on:
            self.period_timer.start()
            if self._dirty:
                self.idle_timer.start()
        else:
            self.period_timer.stop()
            self.idle_timer.stop()

    def stop(self) -> None:
        """The window closed (its changes saved or given up): no more copies, none left."""
        self.set_enabled(False)
        self.remove()

    # -- writing and removing ---------------------------------------------------------

    def write_now(self) -> bool:
        """Write the recovery copy now if there are unsaved changes; True if one was written."""
        if not self.document.is_modified():
            return False
        original = self.document.path
        try:
            copy = write_recovery(self.document.workshop, original, self.session)
        except WorkshopError as error:
            self._dirty = True
            if not self._failing:
                self._failing = True
                message = self.tr(
                    "Your unsaved changes could not be kept safe in a recovery copy ({0}). "
                    "Save the workshop to keep them."
                ).format(error)
                self.report(message)
                self.failed.emit(message)
            return False
        if self._failing:
            self._failing = False
            self.report(self.tr("A recovery copy of your unsaved changes was written."))
        self._dirty = False
        for old in self._written - {original}:  # after the window moved to another file
            self._remove_copy(old)
        self._written = {original}
        self._discard_inherited()
        self.written.emit(copy)
        return True

    def remove(self) -> None:
        """Remove this window's copies: the workshop equals its file, or is given up."""
        for original in self._written:
            self._remove_copy(original)
        self._written.clear()
        self._discard_inherited()
        self._dirty = self.document.is_modified()

    def adopt(self, recovery: Recovery) -> None:
        """This window now holds the work of `recovery` (restored from it): write a copy of
        our own at once and remove that one; if ours cannot be written, keep that one until
        the work is saved or the window closes."""
        self._inherited.append(recovery)
        self._dirty = True
        if self.enabled:
            self.write_now()

    def _remove_copy(self, original: Path | None) -> None:
        with contextlib.suppress(OSError):  # a copy left behind is offered again, no harm
            remove_recovery(original, self.session)

    def _discard_inherited(self) -> None:
        kept = []
        for recovery in self._inherited:
            try:
                discard(recovery)
            except WorkshopError:
                kept.append(recovery)
        self._inherited = kept

    def _show_in_status_bar(self, message: str) -> None:
        if self.window is not None:
            self.window.statusBar().showMessage(message, STATUS_MS)
        else:
            print(message, file=sys.stderr)

    # -- triggers ---------------------------------------------------------------------

    def _on_document_changed(self) -> None:
        self._dirty = True
        if self.enabled:
            self.idle_timer.start()  # restarts: write once the user pauses

    def _on_document_modified_changed(self, modified: bool) -> None:
        if modified:
            self._on_document_changed()
        else:  # saved, or undone back to the file's state
            self.idle_timer.stop()
            self.remove()

    def _on_idle_timer_timeout(self) -> None:
        if self.enabled and self._dirty:
            self.write_now()

    def _on_period_timer_timeout(self) -> None:
        if self.enabled and self._dirty:
            self.write_now()
