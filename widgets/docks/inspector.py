"""The inspector dock: the selected step's text, lane, stage, channel, feeling and company."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import edits
from app.document import Document
from app.errors import WorkshopError
from app.model import Step
from widgets.docks import (
    TypingSessions,
    error_label,
    escape_mnemonic,
    fill_rating_combo,
    heading_label,
    set_text_if_changed,
    show_error,
)
from widgets.selection import Selection

CHANNELS = (
    "in person",
    "phone",
    "portal",
    "letter",
    "SMS",
    "video",
    "email",
    "electronic record",
)
TEXT_LINES = 3
DESCRIPTION_LINES = 2
MAX_LIST_ROWS = 6
PANEL_WIDTH = 420


def _text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setUndoRedoEnabled(False)  # Ctrl+Z undoes the document (see TypingSessions)
    height = box.fontMetrics().lineSpacing() * lines + 2 * box.frameWidth() + 12
    box.setFixedHeight(height)
    return box


class InspectorPanel(QWidget):
    """Shows and edits the one selected step, or the one selected link.

    Every change is an undo command on the document; typing in the text, description and
    channel commits as the user types, merged into one undo step per visit to the field.
    """

    PAGE_HINT, PAGE_STEP, PAGE_LINK = range(3)

    def __init__(
        self, document: Document, selection: Selection, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("inspector_panel")
        self.document = document
        self.selection = selection
        self.sessions = TypingSessions(document, self)
        self._updating = False
        self.step_id = ""
        self.link_id = ""

        self.read_only_note = QLabel(
            self.tr("This workshop is open read-only: use File > Save As to edit a copy.")
        )
        self.read_only_note.setWordWrap(True)
        self.read_only_note.hide()
        self.error = error_label()

        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.hint.setAccessibleName(self.tr("Inspector"))
        self.pages = QStackedWidget()
        self.pages.addWidget(self.hint)
        self.pages.addWidget(self._build_step_page())
        self.pages.addWidget(self._build_link_page())

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.pages)
        scroll.setMinimumWidth(
            self.pages.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.error)
        layout.addWidget(scroll, 1)

        doc = document
        doc.step_changed.connect(self._on_document_step_changed)
        doc.actor_added.connect(self._on_document_structure_changed)
        doc.actor_removed.connect(self._on_document_structure_changed)
        doc.actor_changed.connect(self._on_document_structure_changed)
        doc.map_changed.connect(self._on_document_structure_changed)
        doc.modified_changed.connect(self._on_document_structure_changed)
        doc.path_changed.connect(self._on_document_structure_changed)
        selection.selection_changed.connect(self._on_selection_changed)
        self._on_selection_changed()

    def sizeHint(self) -> QSize:
        """Tall enough to show a whole step without scrolling, when the window allows."""
        page = self.pages.widget(self.PAGE_STEP).sizeHint()
        return QSize(max(page.width(), PANEL_WIDTH), page.height())

    # -- building ---------------------------------------------------------------------

    def _build_step_page(self) -> QWidget:
        page = QWidget()
        self.step_heading = heading_label(self.tr("Step"))
        self.text_edit = _text_box(TEXT_LINES)
        self.text_edit.setAccessibleName(self.tr("Step text"))
        self.lane_combo = QComboBox()
        self.lane_combo.setAccessibleName(self.tr("Lane (whose step it is)"))
        self.stage_combo = QComboBox()
        self.stage_combo.setAccessibleName(self.tr("Stage"))
        self.channel_combo = QComboBox()
        self.channel_combo.setEditable(True)
        self.channel_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.channel_combo.addItems([self.tr(c) for c in CHANNELS])
        self.channel_combo.setAccessibleName(self.tr("Channel"))
        self.channel_combo.lineEdit().setPlaceholderText(self.tr("how it happens"))
        self.channel_combo.lineEdit().setAccessibleName(self.tr("Channel"))
        self.description_edit = _text_box(DESCRIPTION_LINES)
        self.description_edit.setAccessibleName(self.tr("Description"))
        self.emotion_combo = QComboBox()
        fill_rating_combo(self.emotion_combo, with_unrated=True)
        self.emotion_combo.setAccessibleName(self.tr("How the step's own actor feels"))
        self.with_list = QListWidget()
        self.with_list.setAccessibleName(self.tr("Who else takes part"))
        self.with_list.setAccessibleDescription(
            self.tr("Tick the people or roles who take part in this step besides its own lane")
        )

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.emotion_label = QLabel(self.tr("H&ow it feels:"))
        self.emotion_label.setBuddy(self.emotion_combo)
        rows: list[tuple[str | QLabel, QWidget]] = [
            (self.tr("&Text:"), self.text_edit),
            (self.tr("&Lane:"), self.lane_combo),
            (self.tr("&Stage:"), self.stage_combo),
            (self.tr("&Channel:"), self.channel_combo),
            (self.tr("&Description:"), self.description_edit),
            (self.emotion_label, self.emotion_combo),
            (self.tr("Also taking &part:"), self.with_list),
        ]
        for label, field in rows:
            form.addRow(label, field)
        layout = QVBoxLayout(page)
        layout.addWidget(self.step_heading)
        layout.addLayout(form)
        layout.addStretch(1)
        order = [row[1] for row in rows]
        for before, after in pairwise(order):
            QWidget.setTabOrder(before, after)

        self.sessions.watch(self.text_edit, self.description_edit, self.channel_combo.lineEdit())
        self.text_edit.textChanged.connect(self._on_text_edit_changed)
        self.description_edit.textChanged.connect(self._on_description_edit_changed)
        self.channel_combo.editTextChanged.connect(self._on_channel_combo_edited)
        # A channel picked from the list is its own undo step: typing after it starts anew.
        self.channel_combo.currentIndexChanged.connect(self.sessions.end)
        self.lane_combo.currentIndexChanged.connect(self._on_lane_combo_changed)
        self.stage_combo.currentIndexChanged.connect(self._on_stage_combo_changed)
        self.emotion_combo.currentIndexChanged.connect(self._on_emotion_combo_changed)
        self.with_list.itemChanged.connect(self._on_with_list_item_changed)
        return page

    def _build_link_page(self) -> QWidget:
        page = QWidget()
        self.link_heading = heading_label(self.tr("Link"))
        self.link_from = QLabel()
        self.link_to = QLabel()
        self.link_handoff = QLabel()
        for label, name in (
            (self.link_from, self.tr("From step")),
            (self.link_to, self.tr("To step")),
            (self.link_handoff, self.tr("Handoff")),
        ):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
            label.setAccessibleName(name)
        self.delete_link_button = QPushButton(self.tr("Delete lin&k"))
        self.delete_link_button.setAccessibleName(self.tr("Delete link"))
        self.delete_link_button.clicked.connect(self._on_delete_link_clicked)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(self.tr("From:"), self.link_from)
        form.addRow(self.tr("To:"), self.link_to)
        form.addRow(self.tr("Handoff:"), self.link_handoff)
        layout = QVBoxLayout(page)
        layout.addWidget(self.link_heading)
        layout.addLayout(form)
        layout.addWidget(self.delete_link_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return page

    # -- what is shown ----------------------------------------------------------------

    def current_step(self) -> Step | None:
        return self.document.workshop.steps.get(self.step_id) if self.step_id else None

    def _on_selection_changed(self) -> None:
        self.sessions.end()
        show_error(self.error, "")
        selection = self.selection
        self.step_id = selection.step if selection.step in self.document.workshop.steps else ""
        self.link_id = ""
        links = selection.links
        if not self.step_id and not selection.steps and len(links) == 1:
            self.link_id = links[0] if links[0] in self.document.workshop.links else ""
        self.refresh()

    def refresh(self) -> None:
        """Show the selection again from the document (also the read-only state)."""
        read_only = self.document.read_only
        self.read_only_note.setVisible(read_only)
        if self.step_id:
            self.pages.setCurrentIndex(self.PAGE_STEP)
            self._fill_step()
        elif self.link_id and self.link_id in self.document.workshop.links:
            self.pages.setCurrentIndex(self.PAGE_LINK)
            self._fill_link()
        else:
            self.pages.setCurrentIndex(self.PAGE_HINT)
            self.hint.setText(self._hint_text())
        for box in (self.text_edit, self.description_edit):
            box.setReadOnly(read_only)
        for widget in (
            self.lane_combo,
            self.stage_combo,
            self.channel_combo,
            self.emotion_combo,
            self.with_list,
            self.delete_link_button,
        ):
            widget.setEnabled(not read_only)

    def _hint_text(self) -> str:
        steps, links = len(self.selection.steps), len(self.selection.links)
        if steps > 1:
            text = self.tr("{0} steps selected").format(steps)
            if links:
                text += " " + self._links_text(links)
            return text + "\n\n" + self.tr("Select one step to see and change it here.")
        if links > 1:
            return (
                self.tr("{0} links selected").format(links)
                + "\n\n"
                + self.tr("Select one link to see where it goes.")
            )
        return self.tr(
            "Select a step on the map to see and change its text, lane, stage, channel, "
            "how it feels and who takes part. Select a link to see where it goes."
        )

    def _links_text(self, links: int) -> str:
        return self.tr("and 1 link") if links == 1 else self.tr("and {0} links").format(links)

    def _fill_step(self) -> None:
        step = self.current_step()
        if step is None:
            return
        workshop = self.document.workshop
        journey_map = workshop.map(step.map)
        self._updating = True
        try:
            actor = workshop.actors.get(step.actor)
            actor_name = actor.name if actor else step.actor
            self.step_heading.setText(self.tr("Step in the lane of {0}").format(actor_name))
            set_text_if_changed(self.text_edit, step.text)
            set_text_if_changed(self.description_edit, step.description)
            if self.channel_combo.currentText() != step.channel:
                self.channel_combo.setEditText(step.channel)
            lanes = journey_map.lanes if journey_map else []
            _set_items(
                self.lane_combo,
                [(self._actor_name(lane.actor), lane.actor) for lane in lanes],
                step.actor,
            )
            stages = journey_map.stages if journey_map else []
            _set_items(self.stage_combo, [(s.name, s.id) for s in stages], step.stage)
            self.emotion_label.setText(
                self.tr("H&ow {0} feels:").format(escape_mnemonic(actor_name))
            )
            self.emotion_combo.setCurrentIndex(max(0, self.emotion_combo.findData(step.emotion)))
            self._fill_with_list(step)
        finally:
            self._updating = False

    def _fill_with_list(self, step: Step) -> None:
        others = [a for a in self.document.workshop.actors.values() if a.id != step.actor]
        shown = [
            self.with_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.with_list.count())
        ]
        if shown != [a.id for a in others]:
            self.with_list.clear()
            for actor in others:
                item = QListWidgetItem(actor.name)
                item.setData(Qt.ItemDataRole.UserRole, actor.id)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                )
                self.with_list.addItem(item)
            rows = min(max(len(others), 1), MAX_LIST_ROWS)
            row_height = self.with_list.sizeHintForRow(0) if others else 24
            self.with_list.setFixedHeight(rows * row_height + 2 * self.with_list.frameWidth() + 4)
        for i, actor in enumerate(others):
            item = self.with_list.item(i)
            item.setText(actor.name)
            state = (
                Qt.CheckState.Checked if actor.id in step.with_actors else Qt.CheckState.Unchecked
            )
            if item.data(Qt.ItemDataRole.CheckStateRole) is None or item.checkState() != state:
                item.setCheckState(state)

    def _fill_link(self) -> None:
        workshop = self.document.workshop
        link = workshop.links[self.link_id]
        source, target = workshop.steps.get(link.source), workshop.steps.get(link.target)
        if source is None or target is None:
            return
        self.link_from.setText(self._step_line(source))
        self.link_to.setText(self._step_line(target))
        if source.actor != target.actor:
            self.link_heading.setText(self.tr("Handoff"))
            self.link_handoff.setText(
                self.tr("Yes: from {0} to {1}").format(
                    self._actor_name(source.actor), self._actor_name(target.actor)
                )
            )
        else:
            self.link_heading.setText(self.tr("Link"))
            self.link_handoff.setText(
                self.tr("No: both steps are in the lane of {0}").format(
                    self._actor_name(source.actor)
                )
            )

    def _step_line(self, step: Step) -> str:
        journey_map = self.document.workshop.map(step.map)
        stage = journey_map.stage(step.stage) if journey_map else None
        return self.tr("{0}\n({1}, {2})").format(
            step.text or self.tr("(no text)"),
            self._actor_name(step.actor),
            stage.name if stage else step.stage,
        )

    def _actor_name(self, actor_id: str) -> str:
        actor = self.document.workshop.actors.get(actor_id)
        return actor.name if actor else actor_id

    # -- document changes -------------------------------------------------------------

    def _on_document_step_changed(self, step_id: str) -> None:
        if step_id == self.step_id:
            self._fill_step()
        elif self.link_id and self.link_id in self.document.workshop.links:
            link = self.document.workshop.links[self.link_id]
            if step_id in (link.source, link.target):
                self._fill_link()

    def _on_document_structure_changed(self, *_: object) -> None:
        self.refresh()

    # -- edits ------------------------------------------------------------------------

    def _push(self, build: Callable[[], QUndoCommand | None]) -> None:
        if self.document.read_only:
            return
        try:
            command = build()
        except WorkshopError as error:
            show_error(self.error, str(error))
            self._fill_step()
            return
        show_error(self.error, "")
        if command is not None:
            self.document.push(command)

    def _edit_typed(self, field: str, value: str) -> None:
        step = self.current_step()
        if self._updating or step is None or getattr(step, field) == value:
            return
        self._push(
            lambda: self.sessions.merging(
                edits.edit_step(self.document, step.id, merge=True, **{field: value})
            )
        )

    def _on_text_edit_changed(self) -> None:
        self._edit_typed("text", self.text_edit.toPlainText())

    def _on_description_edit_changed(self) -> None:
        self._edit_typed("description", self.description_edit.toPlainText())

    def _on_channel_combo_edited(self, text: str) -> None:
        self._edit_typed("channel", text)

    def _move(self, actor_id: str, stage_id: str) -> None:
        step = self.current_step()
        if step is None or (step.actor, step.stage) == (actor_id, stage_id):
            return
        self.sessions.end()
        self._push(
            lambda: edits.move_steps(
                self.document, {step.id: (actor_id, stage_id, (step.x, step.y))}
            )
        )

    def _on_lane_combo_changed(self, index: int) -> None:
        step = self.current_step()
        if not self._updating and step is not None and index >= 0:
            self._move(self.lane_combo.itemData(index), step.stage)

    def _on_stage_combo_changed(self, index: int) -> None:
        step = self.current_step()
        if not self._updating and step is not None and index >= 0:
            self._move(step.actor, self.stage_combo.itemData(index))

    def _on_emotion_combo_changed(self, index: int) -> None:
        step = self.current_step()
        value = self.emotion_combo.itemData(index)
        if self._updating or step is None or index < 0 or value == step.emotion:
            return
        self.sessions.end()
        self._push(lambda: edits.edit_step(self.document, step.id, emotion=value))

    def _on_with_list_item_changed(self, item: QListWidgetItem) -> None:
        step = self.current_step()
        if self._updating or step is None:
            return
        actor_id = item.data(Qt.ItemDataRole.UserRole)
        ticked = item.checkState() == Qt.CheckState.Checked
        if ticked == (actor_id in step.with_actors):
            return
        if ticked:
            wanted = [*step.with_actors, actor_id]
        else:
            wanted = [a for a in step.with_actors if a != actor_id]
        self.sessions.end()
        self._push(lambda: edits.edit_step(self.document, step.id, with_actors=wanted))

    def _on_delete_link_clicked(self) -> None:
        link_id = self.link_id
        if link_id:
            self._push(lambda: edits.delete_items(self.document, link_ids=[link_id]))


def _set_items(combo: QComboBox, items: list[tuple[str, str]], current: str) -> None:
    """Give a combo these (text, data) items, rebuilt only when they differ, and a current one."""
    shown = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
    if shown != items:
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
    combo.setCurrentIndex(combo.findData(current))
