"""The canvas editor: turns what the user does on the map into edits on the document.

It keeps the scene's selection and the shared `Selection` in step, opens the in-place
text editor, and makes steps, links, moves, deletions and clipboard edits through
`app.edits` and `app.clipboard`, pushing each as one undo command.
"""

from __future__ import annotations

import atexit
from collections.abc import Callable

from PySide6.QtCore import QMimeData, QObject, QRectF
from PySide6.QtGui import QGuiApplication, QUndoCommand

from app import clipboard, edits
from app.document import Document
from app.errors import WorkshopError
from app.layout import free_slot
from app.model import CARD_HEIGHT, CARD_WIDTH
from widgets.canvas.inline_editor import InlineEditor
from widgets.canvas.items import LinkItem, StepItem
from widgets.canvas.scene import MapScene, card_rect
from widgets.canvas.view import MapView
from widgets.selection import Selection

DIRECTIONS = {"left": (-1, 0), "right": (1, 0), "up": (0, -1), "down": (0, 1)}


_clearing_registered = False


def put_on_clipboard(data: QMimeData) -> None:
    """Put copied steps on the system clipboard.

    Qt's offscreen platform (the tests, headless runs) crashes at exit when the clipboard
    still holds data set from Python (PySide6 6.11), so there it is cleared at exit.
    """
    global _clearing_registered
    QGuiApplication.clipboard().setMimeData(data)
    if QGuiApplication.platformName() == "offscreen" and not _clearing_registered:
        _clearing_registered = True
        atexit.register(_clear_clipboard)


def _clear_clipboard() -> None:
    if QGuiApplication.instance() is not None:
        QGuiApplication.clipboard().clear()


class CanvasEditor(QObject):
    """Edits one document through one map view."""

    def __init__(
        self,
        document: Document,
        selection: Selection,
        scene: MapScene,
        view: MapView,
        show_error: Callable[[str, str], None],
    ) -> None:
        super().__init__(view)
        self.document = document
        self.selection = selection
        self.scene = scene
        self.view = view
        self.show_error = show_error
        self.inline = InlineEditor(view)
        self._syncing = False

        scene.selectionChanged.connect(self._on_scene_selection_changed)
        scene.moves_requested.connect(self._on_scene_moves_requested)
        scene.connect_tool.link_requested.connect(self.link_steps)
        scene.double_click_tool.edit_requested.connect(self.edit_text)
        scene.double_click_tool.add_requested.connect(self._on_tool_add_requested)
        selection.selection_changed.connect(self._on_selection_changed)
        selection.map_changed.connect(self._on_selection_map_changed)
        self.inline.committed.connect(self._on_inline_committed)

    # -- helpers ----------------------------------------------------------------------

    def push(self, command: QUndoCommand | None) -> bool:
        """Do an edit; False when there was nothing to do or the document is read-only."""
        if command is None:
            return False
        if self.document.read_only:
            self.show_error(
                self.tr("This workshop is open read-only"),
                self.tr("Use File > Save As to keep your changes in a copy."),
            )
            return False
        self.document.push(command)
        return True

    def attempt(self, title: str, build: Callable[[], QUndoCommand | None]) -> bool:
        """Build an edit and push it; an EditError becomes a message to the user."""
        try:
            command = build()
        except WorkshopError as error:
            self.show_error(title, str(error))
            return False
        return self.push(command)

    def selected_steps(self) -> list[str]:
        return list(self.selection.steps)

    # -- selection sync ---------------------------------------------------------------

    def _on_scene_selection_changed(self) -> None:
        if self._syncing:
            return
        items = self.scene.selectedItems()
        steps = [i.step_id for i in items if isinstance(i, StepItem)]
        links = [i.link_id for i in items if isinstance(i, LinkItem)]
        self._syncing = True
        try:
            self.selection.select(steps, links)
        finally:
            self._syncing = False

    def _on_selection_changed(self) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            wanted = set(self.selection.steps) | set(self.selection.links)
            for item in self.scene.selectedItems():
                key = item.step_id if isinstance(item, StepItem) else getattr(item, "link_id", "")
                if key not in wanted:
                    item.setSelected(False)
            for step_id in self.selection.steps:
                if step_id in self.scene.step_items:
                    self.scene.step_items[step_id].setSelected(True)
            for link_id in self.selection.links:
                if link_id in self.scene.link_items:
                    self.scene.link_items[link_id].setSelected(True)
        finally:
            self._syncing = False

    def _on_selection_map_changed(self, map_id: str) -> None:
        self.inline.commit()
        self.scene.show_map(map_id or None)
        self.view.zoom_to_fit()

    def reveal(self, step_id: str) -> None:
        """Select a step and bring it into view."""
        self.selection.select([step_id])
        item = self.scene.step_items.get(step_id)
        if item is not None:
            self.view.ensureVisible(item.sceneBoundingRect(), 60, 60)

    # -- steps ------------------------------------------------------------------------

    def _on_tool_add_requested(self, actor: str, stage: str, x: float, y: float) -> None:
        self.add_step(actor, stage, (x, y))

    def add_step(
        self, actor: str, stage: str, near: tuple[float, float] = (0.0, 0.0), after: str = ""
    ) -> str:
        """Add a step in a cell and open its text for typing; returns its id ("" if none)."""
        self.inline.commit()  # Ctrl+Enter while typing: keep the text, then add the next
        new_id = ""

        def build() -> QUndoCommand:
            nonlocal new_id
            command, new_id = edits.add_step(
                self.document,
                self.selection.map_id,
                actor,
                stage,
                self.tr("New step"),
                near,
                after or None,
            )
            return command

        if not self.attempt(self.tr("Could not add a step"), build):
            return ""
        self.reveal(new_id)
        self.edit_text(new_id)
        return new_id

    def add_step_here(self) -> str:
        """Toolbar and Insert key: a step in the selected step's cell, or the first cell."""
        journey_map = self.document.workshop.map(self.selection.map_id)
        if journey_map is None or not journey_map.lanes or not journey_map.stages:
            self.show_error(
                self.tr("Could not add a step"),
                self.tr("Add a lane and a stage to the map first (Map menu)."),
            )
            return ""
        step = self.document.workshop.steps.get(self.selection.step)
        if step is not None:
            return self.add_step(step.actor, step.stage, (step.x + CARD_WIDTH, step.y))
        return self.add_step(journey_map.lanes[0].actor, journey_map.stages[0].id)

    def add_step_after(self) -> str:
        """Ctrl+Enter: a step after the selected one in its lane, linked from it."""
        step = self.document.workshop.steps.get(self.selection.step)
        if step is None:
            return self.add_step_here()
        journey_map = self.document.workshop.map(step.map)
        assert journey_map is not None
        stage = journey_map.stage(step.stage)
        lane = journey_map.lane(step.actor)
        assert stage is not None and lane is not None
        taken = [
            (s.x, s.y)
            for s in self.document.workshop.steps_of(step.map)
            if s.actor == step.actor and s.stage == step.stage
        ]
        slot = free_slot(stage.width, lane.height, taken, (step.x + CARD_WIDTH, step.y))
        index = journey_map.stage_index(step.stage)
        if (slot is None or slot[0] <= step.x) and index + 1 < len(journey_map.stages):
            # No room to the right in this cell: the next step goes in the next stage.
            next_stage = journey_map.stages[index + 1].id
            return self.add_step(step.actor, next_stage, (0.0, step.y), after=step.id)
        return self.add_step(step.actor, step.stage, (step.x + CARD_WIDTH, step.y), after=step.id)

    def edit_text(self, step_id: str = "") -> None:
        """Open the in-place editor on a step (the selected one by default)."""
        self.inline.commit()
        step_id = step_id or self.selection.step
        step = self.document.workshop.steps.get(step_id)
        item = self.scene.step_items.get(step_id)
        if step is None or item is None or self.document.read_only:
            return
        self.view.ensureVisible(item.sceneBoundingRect(), 40, 40)
        self.inline.open(step_id, card_rect(item), step.text)

    def _on_inline_committed(self, step_id: str, text: str) -> None:
        step = self.document.workshop.steps.get(step_id)
        if step is not None and step.text != text:
            self.push(edits.edit_step(self.document, step_id, text=text))

    def _on_scene_moves_requested(self, moves: dict) -> None:
        pushed = self.attempt(
            self.tr("Could not move the steps"), lambda: edits.move_steps(self.document, moves)
        )
        if not pushed:
            for step_id in moves:
                self.scene.reposition_step(step_id)

    def move_to_neighbour_cell(self, direction: str) -> None:
        """Alt+arrow: move the selected steps one stage or lane over."""
        workshop = self.document.workshop
        journey_map = workshop.map(self.selection.map_id)
        if journey_map is None or not self.selection.steps:
            return
        dx, dy = DIRECTIONS[direction]
        moves = {}
        for step_id in self.selection.steps:
            step = workshop.steps[step_id]
            stage_index = journey_map.stage_index(step.stage) + dx
            lane_index = journey_map.lane_index(step.actor) + dy
            if not (0 <= stage_index < len(journey_map.stages)):
                return
            if not (0 <= lane_index < len(journey_map.lanes)):
                return
            moves[step_id] = (
                journey_map.lanes[lane_index].actor,
                journey_map.stages[stage_index].id,
                (step.x, step.y),
            )
        self._on_scene_moves_requested(moves)

    def select_neighbour(self, direction: str) -> None:
        """Arrow keys: select the nearest card in that direction."""
        items = self.scene.step_items
        current = items.get(self.selection.steps[-1]) if self.selection.steps else None
        if current is None:
            if items:
                first = min(items.values(), key=lambda i: (i.pos().y(), i.pos().x()))
                self.reveal(first.step_id)
            return
        dx, dy = DIRECTIONS[direction]
        origin = current.pos()
        best, best_score = None, float("inf")
        for item in items.values():
            delta = item.pos() - origin
            along = delta.x() * dx + delta.y() * dy
            if item is current or along <= 1:
                continue
            across = abs(delta.x() * dy) + abs(delta.y() * dx)
            score = along + 2 * across
            if score < best_score:
                best, best_score = item, score
        if best is not None:
            self.reveal(best.step_id)

    # -- links and deletion -----------------------------------------------------------

    def link_steps(self, source: str, target: str) -> None:
        self.attempt(
            self.tr("Could not link the steps"),
            lambda: edits.add_link(self.document, source, target),
        )

    def delete_selection(self) -> None:
        self.push(
            edits.delete_items(
                self.document, step_ids=self.selection.steps, link_ids=self.selection.links
            )
        )

    def select_all(self) -> None:
        self.selection.select(list(self.scene.step_items))

    # -- clipboard --------------------------------------------------------------------

    def copy(self) -> bool:
        if not self.selection.steps:
            return False
        fragment = clipboard.copy_fragment(self.document.workshop, self.selection.steps)
        data = QMimeData()
        data.setData(clipboard.MIME_TYPE, clipboard.fragment_text(fragment).encode("utf-8"))
        data.setText(clipboard.plain_text(fragment))
        put_on_clipboard(data)
        return True

    def cut(self) -> None:
        if self.copy():
            command = edits.delete_items(self.document, step_ids=self.selection.steps)
            if command is not None:
                command.setText(command.text().replace("Delete", "Cut", 1))
            self.push(command)

    def can_paste(self) -> bool:
        data = QGuiApplication.clipboard().mimeData()
        return data is not None and data.hasFormat(clipboard.MIME_TYPE)

    def paste(self) -> None:
        data = QGuiApplication.clipboard().mimeData()
        if data is None or not data.hasFormat(clipboard.MIME_TYPE):
            self.show_error(self.tr("Nothing to paste"), self.tr("Copy some steps first (Ctrl+C)."))
            return
        text = bytes(data.data(clipboard.MIME_TYPE).data()).decode("utf-8", "replace")
        self._paste_text(text)

    def _paste_text(self, text: str, verb: str = "") -> None:
        """Paste a fragment; `verb` renames the undo command ("Duplicate" for Ctrl+D)."""
        new_ids: list[str] = []

        def build() -> QUndoCommand:
            fragment = clipboard.parse_fragment(text)
            command, ids = clipboard.paste_fragment(self.document, self.selection.map_id, fragment)
            if verb:
                command.setText(command.text().replace("Paste", verb, 1))
            new_ids.extend(ids)
            return command

        if self.attempt(self.tr("Could not paste"), build):
            self.selection.select(new_ids)

    def duplicate(self) -> None:
        """Ctrl+D: copies of the selected steps, next to them."""
        if not self.selection.steps:
            return
        fragment = clipboard.copy_fragment(self.document.workshop, self.selection.steps)
        self._paste_text(clipboard.fragment_text(fragment), verb="Duplicate")

    def selection_rect(self) -> QRectF:
        rect = QRectF()
        for step_id in self.selection.steps:
            item = self.scene.step_items.get(step_id)
            if item is not None:
                rect = rect.united(QRectF(item.pos().x(), item.pos().y(), CARD_WIDTH, CARD_HEIGHT))
        return rect
