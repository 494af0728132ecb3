"""Opening and saving workshops from the window: prompts, errors, recent files.

The file work itself is `app.store` and `app.cards`; this module asks the user what to
do, says what went wrong in plain words, and never loses unsaved work without asking.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.document import Document
from app.errors import WorkshopError
from app.model import Workshop
from widgets.settings import settings

WORKSHOP_FILTER = "Journey workshops (*.journey)"
CARDS_FILTER = "Cards CSV (*.csv)"
RECENT_KEY = "files/recent"
MAX_RECENT = 10


def read_workshop_file(path: Path) -> tuple[Workshop, list[str]]:
    """A workshop from a `.journey` file, or imported from a cards `.csv`, and warnings."""
    if path.suffix.lower() == ".csv":
        from app.cards import read_cards

        return read_cards(path)
    from app.store import load_workshop

    return load_workshop(path), []


def recent_files() -> list[Path]:
    """The recently opened or saved workshops that still exist, newest first."""
    stored = settings().value(RECENT_KEY, [])
    if isinstance(stored, str):
        stored = [stored]
    return [Path(p) for p in stored or [] if Path(p).is_file()]


def remember_recent(path: Path) -> None:
    paths = [str(path.resolve())] + [
        str(p) for p in recent_files() if p.resolve() != path.resolve()
    ]
    settings().setValue(RECENT_KEY, paths[:MAX_RECENT])


class FileActions(QObject):
    """File commands of one window.

    Signals:
        open_requested(path): open this file (in this window if it is empty, else a new one).
        recent_changed(): the recent-files list changed.
    """

    open_requested = Signal(object)
    recent_changed = Signal()

    def __init__(
        self,
        document: Document,
        window: QWidget,
        show_error: Callable[[str, str], None],
    ) -> None:
        super().__init__(window)
        self.document = document
        self.window = window
        self.show_error = show_error
        # Replaced in tests: (title, question) -> "save" | "discard" | "cancel".
        self.ask_unsaved: Callable[[str, str], str] = self._ask_unsaved
        self.ask_save_path: Callable[[str, str], Path | None] = self._ask_save_path

    # -- asking -----------------------------------------------------------------------

    def _ask_unsaved(self, title: str, question: str) -> str:
        box = QMessageBox(QMessageBox.Icon.Warning, title, question, parent=self.window)
        box.setInformativeText(self.tr("If you don't save, your changes will be lost."))
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        return {
            QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard",
        }.get(QMessageBox.StandardButton(answer), "cancel")

    def _ask_save_path(self, title: str, suggestion: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.window, title, suggestion, WORKSHOP_FILTER)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".journey" else path.with_name(path.name + ".journey")

    def suggested_name(self) -> str:
        if self.document.path is not None:
            return str(self.document.path)
        title = self.document.workshop.info.title.strip() or "workshop"
        safe = "".join(c if c.isalnum() or c in " -_" else "-" for c in title).strip()
        return str(Path.home() / f"{safe or 'workshop'}.journey")

    # -- saving -----------------------------------------------------------------------

    def save(self) -> bool:
        """Save to the workshop's file (asking for one the first time)."""
        if self.document.path is None or self.document.read_only:
            return self.save_as()
        return self.save_to(self.document.path)

    def save_as(self) -> bool:
        path = self.ask_save_path(self.tr("Save workshop as"), self.suggested_name())
        return path is not None and self.save_to(path)

    def save_to(self, path: Path) -> bool:
        from app.store import save_workshop

        try:
            save_workshop(self.document.workshop, path)
        except WorkshopError as error:
            self.show_error(self.tr("Could not save the workshop"), str(error))
            return False
        if path != self.document.path:
            self.document.set_path(path)
        self.document.read_only = False
        self.document.mark_saved()
        remember_recent(path)
        self.recent_changed.emit()
        return True

    def maybe_save(self) -> bool:
        """Before work would be lost: save, discard or cancel. True when it is safe to go."""
        if not self.document.is_modified():
            return True
        name = self.document.path.name if self.document.path else self.tr("this workshop")
        answer = self.ask_unsaved(
            self.tr("Unsaved changes"),
            self.tr("Do you want to save the changes to {0}?").format(name),
        )
        if answer == "save":
            return self.save()
        return answer == "discard"

    # -- opening and exchanging -------------------------------------------------------

    def open_dialog(self) -> None:
        start = str(self.document.path.parent) if self.document.path else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Open workshop"),
            start,
            f"{WORKSHOP_FILTER};;{CARDS_FILTER};;All files (*)",
        )
        if name:
            self.open_requested.emit(Path(name))

    def import_cards_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Import cards CSV"), str(Path.home()), CARDS_FILTER
        )
        if name:
            self.open_requested.emit(Path(name))

    def export_cards_dialog(self) -> None:
        from app.cards import save_cards

        stem = Path(self.suggested_name()).stem
        name, _ = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Export cards CSV"),
            str(Path(self.suggested_name()).with_name(f"{stem}.csv")),
            CARDS_FILTER,
        )
        if not name:
            return
        try:
            save_cards(self.document.workshop, Path(name))
        except WorkshopError as error:
            self.show_error(self.tr("Could not export the cards"), str(error))
