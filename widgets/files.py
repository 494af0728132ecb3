"""Opening and saving workshops from the window: prompts, errors, recent files, file safety.

The file work itself is `app.store` and `app.cards`; this module asks the user what to
do, says what went wrong in plain words, and never loses unsaved work without asking.
Each window holds a lock on its file (`app.locks`, so a second copy of the app is warned)
and a stamp of it (`app.disk`, so a change made by another program is noticed before a
save would overwrite it).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFileSystemWatcher, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from app.disk import FileStamp
from app.document import Document
from app.errors import WorkshopError
from app.locks import Lock, OtherCopy, acquire
from app.model import Workshop
from widgets.settings import settings

WORKSHOP_FILTER = "Journey workshops (*.journey)"
CARDS_FILTER = "Cards CSV (*.csv)"
RECENT_KEY = "files/recent"
MAX_RECENT = 10
STATUS_MS = 30_000

# Answers of the prompts below.
READ_ONLY, OPEN_ANYWAY, CANCEL = "read_only", "anyway", "cancel"
OVERWRITE, SAVE_COPY = "overwrite", "copy"


def read_workshop_file(path: Path) -> tuple[Workshop, list[str]]:
    """A workshop from a `.journey` file, or imported from a cards `.csv`, and warnings."""
    if path.suffix.lower() == ".csv":
        from app.cards import read_cards

        return read_cards(path)
    from app.store import load_workshop

    return load_workshop(path), []


def _tr(text: str) -> str:
    return QCoreApplication.translate("FileActions", text)


def stamp_of(path: Path) -> FileStamp | None:
    """The stamp of `path` before it is read, None if it cannot be read (reading says why)."""
    try:
        return FileStamp.of(path)
    except WorkshopError:
        return None


def same_file(a: Path | None, b: Path | None) -> bool:
    return a is not None and b is not None and os.path.realpath(a) == os.path.realpath(b)


def ask_other_copy(parent: QWidget | None, error: OtherCopy) -> str:
    """The file is open in another copy: READ_ONLY, OPEN_ANYWAY or CANCEL."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _tr("Workshop already open"),
        error.describe(),
        parent=parent,
    )
    box.setInformativeText(
        _tr(
            "Open it read-only to look at it without changing it. Open it anyway only if "
            "nobody is working on it there: when two copies save the same file, the changes "
            "saved first are lost."
        )
    )
    read_only = box.addButton(_tr("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
    anyway = box.addButton(_tr("Open anyway"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(read_only)
    box.exec()
    clicked = box.clickedButton()
    return READ_ONLY if clicked is read_only else OPEN_ANYWAY if clicked is anyway else CANCEL


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

    Holds the window's lock on its file (`lock`, None when the file is open read-only or
    there is no file) and the stamp of the file as last opened or saved (`stamp`).

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
        # (what happened to the file) -> OVERWRITE | SAVE_COPY | CANCEL.
        self.ask_changed_on_disk: Callable[[str], str] = self._ask_changed_on_disk
        # A one-line notice that needs no answer.
        self.notify: Callable[[str], None] = self._show_in_status_bar
        self.lock: Lock | None = None
        self.stamp: FileStamp | None = None
        # Notices a change made by another program while the file is open (a hint: the
        # check before saving is what protects the file).
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_watcher_file_changed)
        self._change_noticed = False

    # -- the file this window has open ------------------------------------------------

    def adopt_file(self, lock: Lock | None, stamp: FileStamp | None) -> None:
        """The window opened its file: keep the lock (if any) and the stamp taken before
        reading it; say so when the file could not be protected by a lock."""
        self.lock = lock
        self.stamp = stamp
        self._watch(self.document.path if stamp is not None else None)
        if lock is not None and not lock.locked and lock.problem:
            self.notify(lock.problem)

    def close_file(self) -> None:
        """The window closed: let other copies open the file freely."""
        self._watch(None)
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def _watch(self, path: Path | None) -> None:
        self._change_noticed = False
        watched = self.watcher.files()
        if watched:
            self.watcher.removePaths(watched)
        if path is not None and path.is_file():
            self.watcher.addPath(str(path))

    def _on_watcher_file_changed(self, name: str) -> None:
        path = self.document.path
        if self.stamp is None or not same_file(Path(name), path):
            return
        assert path is not None
        if str(path) not in self.watcher.files() and path.is_file():
            self.watcher.addPath(str(path))  # replaced by a new file: watch that one
        problem = self.stamp.check(path)
        if problem is not None and not self._change_noticed:
            self._change_noticed = True
            self.notify(self.tr("{0}. Saving will ask before replacing it.").format(problem))

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
        """Save to `path`, asking first if it is the opened file and another program has
        changed it since, and refusing a file that another copy of the app has open."""
        from app.store import save_workshop

        same = same_file(path, self.document.path)
        if same and self.stamp is not None:
            problem = self.stamp.check(path)
            if problem is not None:
                answer = self.ask_changed_on_disk(problem)
                if answer == SAVE_COPY:
                    return self.save_as()
                if answer != OVERWRITE:
                    return False
        lock = self.lock
        if not same or lock is None or not lock.locked:
            try:
                lock = acquire(path)
            except OtherCopy as error:
                self.show_error(
                    self.tr("Could not save the workshop"),
                    self.tr(
                        "{0} Saving here would overwrite the work there: save under another "
                        "name, or close it there first."
                    ).format(error.describe()),
                )
                return False
        try:
            save_workshop(self.document.workshop, path)
        except WorkshopError as error:
            if lock is not self.lock:
                lock.release()
            self.show_error(self.tr("Could not save the workshop"), str(error))
            return False
        if lock is not self.lock:
            if self.lock is not None:
                self.lock.release()
            self.lock = lock
        self.stamp = stamp_of(path)
        if path != self.document.path:
            self.document.set_path(path)
        self._watch(path)
        self.document.read_only = False
        self.document.mark_saved()
        remember_recent(path)
        self.recent_changed.emit()
        return True

    def _ask_changed_on_disk(self, problem: str) -> str:
        path = str(self.document.path)
        what = problem.removeprefix(path + ": ") if self.document.path else problem
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("File changed on disk"),
            what[:1].upper() + what[1:] + ".",
            parent=self.window,
        )
        box.setInformativeText(
            self.tr(
                "{0}\n\nSave anyway replaces that version with yours. Save as a copy keeps "
                "both: yours goes to a new file."
            ).format(path)
        )
        anyway = box.addButton(self.tr("Save anyway"), QMessageBox.ButtonRole.DestructiveRole)
        copy = box.addButton(self.tr("Save as a copy…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(copy)
        box.exec()
        clicked = box.clickedButton()
        return OVERWRITE if clicked is anyway else SAVE_COPY if clicked is copy else CANCEL

    def _show_in_status_bar(self, message: str) -> None:
        if isinstance(self.window, QMainWindow):
            self.window.statusBar().showMessage(message, STATUS_MS)

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
