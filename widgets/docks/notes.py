"""The notes dock: the needs, pains, ideas, quotes and feelings on the selected step."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QRect,
    QSize,
    QStringListModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QFont, QKeySequence, QResizeEvent, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import edits
from app.document import Document
from app.errors import WorkshopError
from app.model import NOTE_KINDS, WEIGHT_MAX, WEIGHT_MIN, Note, Step, Workshop, normalise_dimension
from widgets.docks import (
    TypingSessions,
    error_label,
    fill_rating_combo,
    heading_label,
    set_text_if_changed,
    show_error,
    signed,
)
from widgets.selection import Selection

NOTE_ROLE = Qt.ItemDataRole.UserRole
WRAP_SLACK = 20  # the item's margins, so the computed wrap is never narrower than drawn
ROW_PADDING = 6
TREE_MIN_LINES = 5
NEED_EDITOR_EXTRA = 120  # the need's rows, hidden while no note is selected
GROUP_TITLES = {
    "need": "Needs",
    "pain": "Pain points",
    "idea": "Ideas",
    "quote": "Quotes",
    "feeling": "Feelings",
}
KIND_NAMES = {
    "need": "need",
    "pain": "pain",
    "idea": "idea",
    "quote": "quote",
    "feeling": "feeling",
}
ADD_BUTTONS = {
    "need": ("Need", "Ctrl+Shift+N"),
    "pain": ("Pain", "Ctrl+Shift+P"),
    "idea": ("Idea", "Ctrl+Shift+I"),
    "quote": ("Quote", "Ctrl+Shift+Q"),
    "feeling": ("Feeling", "Ctrl+Shift+F"),
}
QUOTE_MARKS = "\"'“”‘’«»„"
PLACEHOLDERS = {
    "need": "what they need, in their own words",
    "pain": "what goes wrong for them",
    "idea": "the idea",
    "quote": "what they said, word for word",
    "feeling": "emotion words, e.g. torn, relieved",
}


def tr(text: str) -> str:
    return QCoreApplication.translate("NotesPanel", text)


def note_line(workshop: Workshop, note: Note) -> str:
    """One readable line for a note: "Patient wants more consultation time (weight 5): …"."""
    actor = workshop.actors.get(note.actor)
    who = actor.name if actor else note.actor
    text = note.text or tr("(no text yet)")
    if note.kind == "need":
        if note.dimension and note.direction:
            verb = tr("wants more") if note.direction == "more" else tr("wants less")
            head = f"{who} {verb} {note.dimension}"
        elif note.dimension:
            head = tr("{0} needs {1}").format(who, note.dimension)
        else:
            head = tr("{0} needs").format(who)
        return tr("{0} (weight {1}): {2}").format(head, note.weight or "?", text)
    if note.kind == "pain":
        return tr("{0} (weight {1}): {2}").format(who, note.weight or "?", text)
    if note.kind == "quote":
        quoted = note.text and note.text[0] in QUOTE_MARKS and note.text[-1] in QUOTE_MARKS
        return (
            tr("{0}: {1}").format(who, text)
            if quoted or not note.text
            else tr("{0}: “{1}”").format(who, text)
        )
    if note.kind == "feeling":
        rating = signed(note.rating) if note.rating is not None else tr("(not rated)")
        return tr("{0} feels {1}: {2}").format(who, rating, text)
    return tr("{0}: {1}").format(who, text)


def known_dimensions(workshop: Workshop, leave_out: str = "") -> list[str]:
    """The dimensions the workshop's needs use, one spelling each, in alphabetical order."""
    seen: dict[str, str] = {}
    for note in workshop.notes.values():
        if note.kind == "need" and note.id != leave_out and note.dimension.strip():
            seen.setdefault(normalise_dimension(note.dimension), note.dimension.strip())
    return sorted(seen.values(), key=str.casefold)


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their text wrapped to the list's width (no cut-off note lines)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        tree = self.parent()
        if not isinstance(tree, QTreeWidget):
            return base
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        depth = 1 if index.parent().isValid() else 0
        width = max(80, tree.viewport().width() - depth * tree.indentation() - WRAP_SLACK)
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
        text = opt.fontMetrics.boundingRect(QRect(0, 0, width, 100_000), flags, opt.text)
        return base.expandedTo(QSize(width, text.height() + ROW_PADDING))


class _NoteTree(QTreeWidget):
    """The list of notes, grouped by kind, re-wrapping its rows when it gets narrower."""

    def __init__(self) -> None:
        super().__init__()
        self.setItemDelegate(_WrappingDelegate(self))
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setUniformRowHeights(False)
        self.setRootIsDecorated(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()


class NotesPanel(QWidget):
    """Lists the notes of the one selected step by kind; adds, edits and deletes them."""

    def __init__(
        self, document: Document, selection: Selection, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("notes_panel")
        self.document = document
        self.selection = selection
        self.sessions = TypingSessions(document, self)
        self._updating = False
        self.step_id = ""
        self._shown_note = ""

        self.heading = heading_label()
        self.add_buttons: dict[str, QPushButton] = {}
        # The five buttons in a grid of three columns, so the panel stays narrow.
        add_row = QGridLayout()
        add_label = QLabel(self.tr("Add:"))
        add_row.addWidget(add_label, 0, 0)
        for index, (kind, (text, keys)) in enumerate(ADD_BUTTONS.items()):
            button = QPushButton(self.tr(text))
            button.setShortcut(QKeySequence(keys))
            shortcut = button.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            button.setAccessibleName(self.tr("Add {0}").format(self.tr(KIND_NAMES[kind])))
            button.setToolTip(
                self.tr("Add a {0} ({1})").format(self.tr(KIND_NAMES[kind]), shortcut)
            )
            button.clicked.connect(lambda _=False, k=kind: self.add_note(k))
            add_row.addWidget(button, index // 3, 1 + index % 3)
            self.add_buttons[kind] = button
        add_row.setColumnStretch(4, 1)

        self.tree = _NoteTree()
        self.tree.setAccessibleName(self.tr("Notes on the step"))
        self.tree.currentItemChanged.connect(self._on_tree_current_changed)
        delete_action = QAction(self.tr("Delete note"), self.tree)
        delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_action.triggered.connect(self.delete_note)
        self.tree.addAction(delete_action)
        tree_label = QLabel(self.tr("&Notes:"))
        tree_label.setBuddy(self.tree)

        self.error = error_label()
        self.editor = self._build_editor()

        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addWidget(self.heading)
        inner.addLayout(add_row)
        inner.addWidget(tree_label)
        inner.addWidget(self.tree, 1)
        inner.addWidget(self.error)
        inner.addWidget(self.editor)
        self.tree.setMinimumHeight(self.fontMetrics().lineSpacing() * TREE_MIN_LINES)
        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        scroll.setMinimumWidth(
            content.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        order = [*self.add_buttons.values(), self.tree, self.text_edit, self.actor_combo]
        order += [self.dimension_edit, self.direction_combo, self.weight_spin]
        order += [self.rating_combo, self.delete_button]
        for before, after in pairwise(order):
            QWidget.setTabOrder(before, after)

        doc = document
        doc.note_added.connect(self._on_document_notes_changed)
        doc.note_removed.connect(self._on_document_notes_changed)
        doc.note_changed.connect(self._on_document_note_changed)
        doc.step_changed.connect(self._on_document_step_changed)
        doc.actor_added.connect(self._on_document_actors_changed)
        doc.actor_removed.connect(self._on_document_actors_changed)
        doc.actor_changed.connect(self._on_document_actors_changed)
        doc.modified_changed.connect(self._on_document_file_state_changed)
        doc.path_changed.connect(self._on_document_file_state_changed)
        selection.selection_changed.connect(self._on_selection_changed)
        self._on_selection_changed()

    def sizeHint(self) -> QSize:
        """Room for the list and the editor of a need, when the window allows."""
        content = self.scroll.widget().sizeHint()
        return QSize(content.width(), content.height() + NEED_EDITOR_EXTRA)

    def _build_editor(self) -> QGroupBox:
        box = QGroupBox(self.tr("Note"))
        self.editor_hint = QLabel(self.tr("Select a note in the list to change it, or add one."))
        self.editor_hint.setWordWrap(True)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setUndoRedoEnabled(False)
        lines = self.text_edit.fontMetrics().lineSpacing() * 3
        self.text_edit.setFixedHeight(lines + 2 * self.text_edit.frameWidth() + 12)
        self.text_edit.setAccessibleName(self.tr("Note text"))
        self.actor_combo = QComboBox()
        self.actor_combo.setAccessibleName(self.tr("Whose note it is"))
        self.dimension_edit = QLineEdit()
        self.dimension_edit.setPlaceholderText(self.tr("what it is about, e.g. consultation time"))
        self.dimension_edit.setAccessibleName(self.tr("Dimension of the need"))
        self.dimension_model = QStringListModel(self)
        self.completer = QCompleter(self.dimension_model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.dimension_edit.setCompleter(self.completer)
        self.direction_combo = QComboBox()
        self.direction_combo.addItem(self.tr("no direction"), "")
        self.direction_combo.addItem(self.tr("wants more"), "more")
        self.direction_combo.addItem(self.tr("wants less"), "less")
        self.direction_combo.setAccessibleName(self.tr("Direction of the need"))
        self.weight_spin = QSpinBox()
        self.weight_spin.setRange(WEIGHT_MIN, WEIGHT_MAX)
        self.weight_spin.setSuffix(self.tr(" of {0}").format(WEIGHT_MAX))
        self.weight_spin.setAccessibleName(
            self.tr("Weight, {0} to {1}").format(WEIGHT_MIN, WEIGHT_MAX)
        )
        self.rating_combo = QComboBox()
        fill_rating_combo(self.rating_combo, with_unrated=False)
        self.rating_combo.setAccessibleName(self.tr("Rating of the feeling"))
        self.delete_button = QPushButton(self.tr("Delete note"))
        self.delete_button.setAccessibleName(self.tr("Delete note"))
        self.delete_button.clicked.connect(self.delete_note)

        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.addRow(self.tr("Te&xt:"), self.text_edit)
        self.form.addRow(self.tr("&Who:"), self.actor_combo)
        self.form.addRow(self.tr("D&imension:"), self.dimension_edit)
        self.form.addRow(self.tr("Di&rection:"), self.direction_combo)
        self.form.addRow(self.tr("Wei&ght:"), self.weight_spin)
        self.form.addRow(self.tr("R&ating:"), self.rating_combo)
        layout = QVBoxLayout(box)
        layout.addWidget(self.editor_hint)
        layout.addLayout(self.form)
        layout.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.sessions.watch(self.text_edit, self.dimension_edit)
        self.text_edit.textChanged.connect(self._on_text_edit_changed)
        self.dimension_edit.textChanged.connect(self._on_dimension_edit_changed)
        self.actor_combo.currentIndexChanged.connect(self._on_actor_combo_changed)
        self.direction_combo.currentIndexChanged.connect(self._on_direction_combo_changed)
        self.weight_spin.valueChanged.connect(self._on_weight_spin_changed)
        self.rating_combo.currentIndexChanged.connect(self._on_rating_combo_changed)
        return box

    # -- what is shown ----------------------------------------------------------------

    def current_step(self) -> Step | None:
        return self.document.workshop.steps.get(self.step_id) if self.step_id else None

    def current_note(self) -> Note | None:
        note = self.document.workshop.notes.get(self.selection.note)
        return note if note is not None and note.step == self.step_id else None

    def _on_selection_changed(self) -> None:
        step_id = self.selection.step if self.selection.step in self.document.workshop.steps else ""
        if step_id != self.step_id:
            self.step_id = step_id
            show_error(self.error, "")
            self._rebuild_tree()
        else:
            self._select_tree_item()
        self.sessions.end()
        self._fill_editor()
        self._update_header()
        if self.selection.note and self.selection.note != self._shown_note:
            QTimer.singleShot(0, self, self._reveal_editor)
        self._shown_note = self.selection.note

    def _reveal_editor(self) -> None:
        """Scroll the panel so the note being worked on can be seen (short windows)."""
        if self.current_note() is not None:
            self.scroll.ensureWidgetVisible(self.editor, 0, 0)

    def _update_header(self) -> None:
        step = self.current_step()
        if step is None:
            self.heading.setText(self.tr("Select one step on the map to see its notes."))
        else:
            self.heading.setText(self.tr("Notes on: {0}").format(step.text or self.tr("(no text)")))
        enabled = step is not None and not self.document.read_only
        for button in self.add_buttons.values():
            button.setEnabled(enabled)
        self.tree.setEnabled(step is not None)
        self.editor.setVisible(step is not None)

    def _rebuild_tree(self) -> None:
        self._updating = True
        try:
            self.tree.clear()
            notes = self.document.notes_of(self.step_id) if self.step_id else []
            bold = QFont(self.tree.font())
            bold.setBold(True)
            for kind in NOTE_KINDS:
                of_kind = [n for n in notes if n.kind == kind]
                group = QTreeWidgetItem([f"{self.tr(GROUP_TITLES[kind])} ({len(of_kind)})"])
                group.setFont(0, bold)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.tree.addTopLevelItem(group)
                for note in of_kind:
                    item = QTreeWidgetItem(group, [note_line(self.document.workshop, note)])
                    item.setData(0, NOTE_ROLE, note.id)
                    item.setToolTip(0, item.text(0))
                group.setExpanded(True)
        finally:
            self._updating = False
        self._select_tree_item()

    def _tree_item(self, note_id: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                if group.child(j).data(0, NOTE_ROLE) == note_id:
                    return group.child(j)
        return None

    def note_ids_shown(self) -> list[str]:
        """The ids of the notes in the list, top to bottom."""
        return [
            self.tree.topLevelItem(i).child(j).data(0, NOTE_ROLE)
            for i in range(self.tree.topLevelItemCount())
            for j in range(self.tree.topLevelItem(i).childCount())
        ]

    def _select_tree_item(self) -> None:
        item = self._tree_item(self.selection.note) if self.selection.note else None
        self._updating = True
        try:
            if item is None:
                self.tree.setCurrentItem(None)
                self.tree.clearSelection()
            elif self.tree.currentItem() is not item:
                self.tree.setCurrentItem(item)
        finally:
            self._updating = False

    def _fill_editor(self) -> None:
        note = self.current_note()
        read_only = self.document.read_only
        self.editor_hint.setVisible(note is None)
        for row in range(self.form.rowCount()):
            self.form.setRowVisible(row, note is not None)
        self.delete_button.setVisible(note is not None)
        if note is None:
            self.editor.setTitle(self.tr("Note"))
            return
        workshop = self.document.workshop
        self._updating = True
        try:
            who = workshop.actors[note.actor].name if note.actor in workshop.actors else note.actor
            self.editor.setTitle(
                self.tr("{0} by {1}").format(self.tr(KIND_NAMES[note.kind]).title(), who)
            )
            self.text_edit.setPlaceholderText(self.tr(PLACEHOLDERS[note.kind]))
            set_text_if_changed(self.text_edit, note.text)
            actors = [(a.name, a.id) for a in workshop.actors.values()]
            shown = [
                (self.actor_combo.itemText(i), self.actor_combo.itemData(i))
                for i in range(self.actor_combo.count())
            ]
            if shown != actors:
                self.actor_combo.clear()
                for name, actor_id in actors:
                    self.actor_combo.addItem(name, actor_id)
            self.actor_combo.setCurrentIndex(self.actor_combo.findData(note.actor))
            dimensions = known_dimensions(workshop, leave_out=note.id)
            if self.dimension_model.stringList() != dimensions:
                self.dimension_model.setStringList(dimensions)
            set_text_if_changed(self.dimension_edit, note.dimension)
            self.direction_combo.setCurrentIndex(
                max(0, self.direction_combo.findData(note.direction))
            )
            if note.weight is not None:
                self.weight_spin.setValue(note.weight)
            if note.rating is not None:
                self.rating_combo.setCurrentIndex(self.rating_combo.findData(note.rating))
        finally:
            self._updating = False
        rows = {"need": (2, 3, 4), "pain": (4,), "feeling": (5,)}.get(note.kind, ())
        for row in (2, 3, 4, 5):
            self.form.setRowVisible(row, row in rows)
        self.text_edit.setReadOnly(read_only)
        self.dimension_edit.setReadOnly(read_only)
        for widget in (
            self.actor_combo,
            self.direction_combo,
            self.weight_spin,
            self.rating_combo,
            self.delete_button,
        ):
            widget.setEnabled(not read_only)

    # -- document changes -------------------------------------------------------------

    def _on_document_notes_changed(self, note_id: str, step_id: str) -> None:
        if step_id == self.step_id:
            self._rebuild_tree()
            self._fill_editor()

    def _on_document_note_changed(self, note_id: str, step_id: str) -> None:
        if step_id != self.step_id:
            return
        note = self.document.workshop.notes.get(note_id)
        item = self._tree_item(note_id)
        if note is None or item is None or note.step != step_id:
            self._rebuild_tree()
        else:
            item.setText(0, note_line(self.document.workshop, note))
            item.setToolTip(0, item.text(0))
        if note_id == self.selection.note or self.current_note() is None:
            self._fill_editor()

    def _on_document_step_changed(self, step_id: str) -> None:
        if step_id == self.step_id:
            self._update_header()

    def _on_document_actors_changed(self, *_: object) -> None:
        self._rebuild_tree()
        self._fill_editor()
        self._update_header()

    def _on_document_file_state_changed(self, *_: object) -> None:
        # Saving with Save As makes a read-only workshop editable.
        self._fill_editor()
        self._update_header()

    def _on_tree_current_changed(self, current: QTreeWidgetItem | None, _: object) -> None:
        if self._updating or current is None:
            return
        note_id = current.data(0, NOTE_ROLE)
        if note_id:
            self.selection.set_note(note_id)

    # -- edits ------------------------------------------------------------------------

    def _push(self, build: Callable[[], QUndoCommand | None]) -> bool:
        if self.document.read_only:
            return False
        try:
            command = build()
        except WorkshopError as error:
            show_error(self.error, str(error))
            return False
        show_error(self.error, "")
        if command is not None:
            self.document.push(command)
        return True

    def default_actor(self, kind: str) -> str:
        """Who a new note is by: the step's actor; for a feeling, the first not yet rated."""
        step = self.current_step()
        if step is None:
            return ""
        if kind != "feeling":
            return step.actor
        rated = {n.actor for n in self.document.notes_of(step.id) if n.kind == "feeling"}
        candidates = [*step.with_actors, *self.document.workshop.actors, step.actor]
        candidates = [a for a in candidates if a != step.actor] + [step.actor]
        return next((a for a in candidates if a not in rated), "")

    def add_note(self, kind: str) -> str:
        """Add a note of a kind to the selected step and select it; returns its id."""
        step = self.current_step()
        if step is None or self.document.read_only:
            return ""
        actor = self.default_actor(kind)
        if not actor:
            show_error(self.error, self.tr("Everyone has already rated this step."))
            return ""
        new_id = ""

        def build() -> QUndoCommand:
            nonlocal new_id
            command, new_id = edits.add_note(self.document, step.id, kind, actor)
            return command

        self.sessions.end()
        if not self._push(build):
            return ""
        self.selection.set_note(new_id)
        self.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        return new_id

    def delete_note(self) -> None:
        note = self.current_note()
        if note is None or self.document.read_only:
            return
        shown = self.note_ids_shown()
        index = shown.index(note.id) if note.id in shown else -1
        neighbours = shown[index + 1 : index + 2] or shown[max(index - 1, 0) : index]
        if self._push(lambda: edits.delete_items(self.document, note_ids=[note.id])):
            if neighbours and neighbours[0] != note.id:
                self.selection.set_note(neighbours[0])
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _edit(self, merge: bool = False, **fields: object) -> None:
        note = self.current_note()
        if self._updating or note is None:
            return
        if all(getattr(note, key) == value for key, value in fields.items()):
            return
        if not merge:
            self.sessions.end()

        def build() -> QUndoCommand:
            command = edits.edit_note(self.document, note.id, merge=merge, **fields)
            return self.sessions.merging(command) if merge else command

        self._push(build)

    def _on_text_edit_changed(self) -> None:
        self._edit(merge=True, text=self.text_edit.toPlainText())

    def _on_dimension_edit_changed(self, text: str) -> None:
        self._edit(merge=True, dimension=text)

    def _on_actor_combo_changed(self, index: int) -> None:
        note = self.current_note()
        actor_id = self.actor_combo.itemData(index)
        if self._updating or note is None or index < 0 or actor_id == note.actor:
            return
        if note.kind == "feeling" and any(
            n.kind == "feeling" and n.actor == actor_id and n.id != note.id
            for n in self.document.notes_of(note.step)
        ):
            name = self.actor_combo.itemText(index)
            show_error(
                self.error,
                self.tr("{0} has already rated this step: change that feeling instead.").format(
                    name
                ),
            )
            self._fill_editor()
            return
        self._edit(actor=actor_id)

    def _on_direction_combo_changed(self, index: int) -> None:
        if index >= 0:
            self._edit(direction=self.direction_combo.itemData(index))

    def _on_weight_spin_changed(self, value: int) -> None:
        self._edit(weight=value)

    def _on_rating_combo_changed(self, index: int) -> None:
        if index >= 0:
            self._edit(rating=self.rating_combo.itemData(index))
