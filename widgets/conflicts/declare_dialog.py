"""The "Declare conflict" dialog: pick two needs of different actors on the shown map."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.analysis import quoted
from app.document import Document
from app.model import Note, pair_key
from widgets.docks import error_label, show_error
from widgets.docks.notes import note_line

NOTE_ROLE = Qt.ItemDataRole.UserRole


class DeclareConflictDialog(QDialog):
    """Two lists of the map's needs; the second lists only needs of other actors.

    `chosen()` is the pair picked (first, second) once both are, else None.
    """

    def __init__(
        self,
        document: Document,
        map_id: str,
        preselect: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Declare a conflict"))
        self.setObjectName("declare_conflict_dialog")
        self.document = document
        workshop = document.workshop
        self.needs: list[Note] = [
            note
            for note in workshop.notes.values()
            if note.kind == "need"
            and note.step in workshop.steps
            and workshop.steps[note.step].map == map_id
        ]

        intro = QLabel(
            self.tr(
                "The group judges these two needs to pull against each other, even if the "
                "rule does not find them (different words, or steps far apart)."
            )
        )
        intro.setWordWrap(True)
        self.first_filter, self.first_list = self._need_list(self.tr("First need"))
        self.second_filter, self.second_list = self._need_list(self.tr("Second need"))
        first_label = QLabel(self.tr("&First need:"))
        first_label.setBuddy(self.first_list)
        second_label = QLabel(self.tr("&Second need (another actor's):"))
        second_label.setBuddy(self.second_list)
        self.message = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Declare"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        grid = QGridLayout()
        grid.addWidget(first_label, 0, 0)
        grid.addWidget(second_label, 0, 1)
        grid.addWidget(self.first_filter, 1, 0)
        grid.addWidget(self.second_filter, 1, 1)
        grid.addWidget(self.first_list, 2, 0)
        grid.addWidget(self.second_list, 2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(980, 520)

        for note in self.needs:
            step = workshop.steps[note.step]
            line = self.tr("{0} — on {1}").format(note_line(workshop, note), quoted(step.text))
            for widget in (self.first_list, self.second_list):
                item = QListWidgetItem(line)
                item.setData(NOTE_ROLE, note.id)
                item.setToolTip(line)
                widget.addItem(item)
        self.first_list.currentItemChanged.connect(self._on_first_list_changed)
        self.second_list.currentItemChanged.connect(self._update_state)
        self.first_filter.textChanged.connect(self._apply_filters)
        self.second_filter.textChanged.connect(self._apply_filters)
        if preselect:
            self._select(self.first_list, preselect)
        self._on_first_list_changed()

    def _need_list(self, name: str) -> tuple[QLineEdit, QListWidget]:
        search = QLineEdit()
        search.setPlaceholderText(self.tr("Filter by words…"))
        search.setClearButtonEnabled(True)
        search.setAccessibleName(self.tr("Filter the list: {0}").format(name))
        needs = QListWidget()
        needs.setAccessibleName(name)
        needs.setWordWrap(True)
        needs.setMinimumWidth(420)
        return search, needs

    # -- choosing ---------------------------------------------------------------------

    def choose(self, first: str, second: str) -> None:
        """Pick two needs by id, as clicking them in the two lists does."""
        self.first_filter.clear()
        self.second_filter.clear()
        self._select(self.first_list, first)
        self._select(self.second_list, second)

    def chosen(self) -> tuple[str, str] | None:
        first, second = self.first_list.currentItem(), self.second_list.currentItem()
        if first is None or second is None or second.isHidden():
            return None
        return first.data(NOTE_ROLE), second.data(NOTE_ROLE)

    def _select(self, widget: QListWidget, note_id: str) -> None:
        for row in range(widget.count()):
            if widget.item(row).data(NOTE_ROLE) == note_id:
                widget.setCurrentRow(row)
                widget.scrollToItem(widget.item(row))
                return

    def _first_actor(self) -> str:
        item = self.first_list.currentItem()
        return self.document.workshop.notes[item.data(NOTE_ROLE)].actor if item else ""

    def _on_first_list_changed(self, *_: object) -> None:
        self._apply_filters()

    def _apply_filters(self, *_: object) -> None:
        """Hide needs that do not match the typed words, and the first need's actor's own
        needs from the second list."""
        notes = self.document.workshop.notes
        actor = self._first_actor()
        for widget, search in (
            (self.first_list, self.first_filter),
            (self.second_list, self.second_filter),
        ):
            words = search.text().casefold().split()
            for row in range(widget.count()):
                item = widget.item(row)
                text = item.text().casefold()
                same_actor = (
                    widget is self.second_list and notes[item.data(NOTE_ROLE)].actor == actor
                )
                item.setHidden(same_actor or not all(w in text for w in words))
        current = self.second_list.currentItem()
        if current is not None and current.isHidden():
            self.second_list.setCurrentItem(None)
        self._update_state()

    def _update_state(self, *_: object) -> None:
        pair = self.chosen()
        message = ""
        if not self.needs:
            message = self.tr("This map has no needs yet: add needs to its steps first.")
        elif pair is not None:
            record = self.document.workshop.conflicts.get(pair_key(*pair))
            if record is not None and record.declared:
                message = self.tr("The group has declared these two needs in conflict already.")
        show_error(self.message, message)
        self.ok_button.setEnabled(pair is not None and not message)


def ask_for_pair(
    parent: QWidget, document: Document, map_id: str, preselect: str = ""
) -> tuple[str, str] | None:
    """Show the dialog; the two needs picked, or None when cancelled."""
    dialog = DeclareConflictDialog(document, map_id, preselect, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()
    finally:
        dialog.deleteLater()
