"""The outline dock: every map as a tree of stages, lanes, steps and notes, for the keyboard.

It is also how a screen-reader user reads the map: each row says what it is in words
("Stage 3 of 7: Arrival and waiting"), selecting a row selects it on the canvas and the
other way round; Enter or F2 edits and Delete deletes, each edit one undo step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QMessageBox, QTreeView, QWidget

from app import edits
from app.document import Document
from widgets.docks.outline_model import NOTE, STEP, OutlineModel
from widgets.selection import Selection

__all__ = ["OutlineModel", "OutlinePanel"]


class OutlinePanel(QTreeView):
    """The outline tree, its selection kept in step with the canvas.

    `reveal(step_id)` (the canvas editor's) brings a step chosen here into view;
    `show_error(title, message)` reports a refused edit (a message box when not given).
    """

    def __init__(
        self,
        document: Document,
        selection: Selection,
        parent: QWidget | None = None,
        *,
        reveal: Callable[[str], None] | None = None,
        show_error: Callable[[str, str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.selection = selection
        self._reveal = reveal
        self._show_error = show_error
        self._syncing = False
        self.outline = OutlineModel(document, self)
        self.setModel(self.outline)
        self.setObjectName("outline")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.setAccessibleName(self.tr("Journey outline"))
        self.setAccessibleDescription(
            self.tr(
                "Every map with its stages, the lanes in each stage, their steps and the "
                "notes on them. Selecting a row selects it on the map. Enter or F2 edits a "
                "step or note, F2 renames a stage or lane, Delete deletes a step or note."
            )
        )
        self.expandToDepth(0)
        self.outline.edit_failed.connect(self._on_outline_edit_failed)
        self.outline.synced.connect(self._on_outline_synced)
        self.selectionModel().selectionChanged.connect(self._on_tree_selection_changed)
        selection.selection_changed.connect(self._on_selection_changed)
        self._on_selection_changed()

    def sizeHint(self) -> QSize:
        return QSize(340, 480)

    # -- keyboard ---------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        index = self.currentIndex()
        editing = self.state() == QAbstractItemView.State.EditingState
        if plain and not editing and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            node = self.outline.node(index)
            if node is not None and node.kind in (STEP, NOTE):
                self.edit(index)  # F2 renames stages and lanes; Enter opens and closes them
            elif index.isValid():
                self.setExpanded(index, not self.isExpanded(index))
            event.accept()
            return
        if plain and not editing and key == Qt.Key.Key_Delete:
            self.delete_selected()
            event.accept()
            return
        super().keyPressEvent(event)

    def delete_selected(self) -> None:
        """Delete the selected steps and notes (one undo step); the next row is selected."""
        rows = self.selectionModel().selectedRows() or [self.currentIndex()]
        nodes = [n for i in rows if (n := self.outline.node(i)) is not None]
        steps = [n.item for n in nodes if n.kind == STEP]
        notes = [
            n.item for n in nodes if n.kind == NOTE and n.parent and n.parent.item not in steps
        ]
        if not steps and not notes:
            return
        if self.document.read_only:
            self._report(
                self.tr("This workshop is open read-only"),
                self.tr("Use File > Save As to keep your changes in a copy."),
            )
            return
        command = edits.delete_items(self.document, step_ids=steps, note_ids=notes)
        if command is None:
            return
        self.document.push(command)
        current = self.currentIndex()
        if current.isValid():
            self.selectionModel().select(
                current,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    # -- selection sync ---------------------------------------------------------------

    def _on_tree_selection_changed(self, *_: object) -> None:
        if self._syncing or self.outline.busy:
            return
        current = self.outline.node(self.currentIndex())
        nodes = [n for i in self.selectionModel().selectedRows() if (n := self.outline.node(i))]
        if current in nodes:  # the row the user is on decides the map shown
            nodes.remove(current)
            nodes.insert(0, current)
        steps: list[str] = []
        note = ""
        for node in nodes:
            if node.kind == NOTE and node.parent is not None:
                note = note or node.item
                node = node.parent
            if node.kind == STEP and node.item not in steps:
                steps.append(node.item)
        self._syncing = True
        try:
            if steps:
                if self._reveal is not None:
                    self._reveal(steps[0])
                self.selection.select(steps, note=note)
            else:
                if nodes:
                    self.selection.show_map(self.outline.map_of(nodes[0]))
                self.selection.select([])
        finally:
            self._syncing = False

    def _on_selection_changed(self) -> None:
        if self._syncing:
            return
        model, selection = self.outline, self.selection
        note_index = model.index_for(NOTE, selection.note) if selection.note else QModelIndex()
        note_node = model.node(note_index)
        note_step = note_node.parent.item if note_node and note_node.parent else ""
        rows = [
            i
            for s in selection.steps
            if s != note_step and (i := model.index_for(STEP, s)).isValid()
        ]
        if note_index.isValid():
            rows.insert(0, note_index)
        chosen = QItemSelection()
        for index in rows:
            chosen.select(index, index)
        self._syncing = True
        try:
            model_selection = self.selectionModel()
            model_selection.select(
                chosen,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            if rows:
                model_selection.setCurrentIndex(rows[0], QItemSelectionModel.SelectionFlag.NoUpdate)
                self.scrollTo(rows[0])
        finally:
            self._syncing = False

    def _on_outline_synced(self, rows_moved: bool) -> None:
        if rows_moved:  # rows of steps selected while a command ran exist now
            self._on_selection_changed()

    # -- errors -----------------------------------------------------------------------

    def _on_outline_edit_failed(self, title: str, message: str) -> None:
        # The delegate is still closing its editor: report once it has.
        QTimer.singleShot(0, self, lambda: self._report(title, message))

    def _report(self, title: str, message: str) -> None:
        if self._show_error is not None:
            self._show_error(title, message)
        else:
            QMessageBox.warning(self, title, message)
