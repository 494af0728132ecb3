"""Stages, lanes and maps: add, rename, recolour, reorder, delete, through small dialogs.

Every change is one undo command from `app.edits`; this module only asks the user and
shows what went wrong.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QColor, QUndoCommand
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from app import edits
from app.commands import macro
from app.document import Document
from app.model import ACTOR_PALETTE, RADIUS_MAX, RADIUS_MIN, ROLES
from widgets.canvas.editor import CanvasEditor
from widgets.selection import Selection


class LaneDialog(QDialog):
    """Ask for a new lane: the person or role's name and their kind."""

    def __init__(self, parent: QWidget, names: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add lane"))
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems(names)
        self.name.setCurrentText("")
        self.name.lineEdit().setPlaceholderText(self.tr("e.g. Patient, GP, Front desk"))
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(role, role)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Role:"), self.role)
        form.addRow(buttons)


class MapSettingsDialog(QDialog):
    """A map's name and its conflict radius (how many links apart needs may clash)."""

    def __init__(self, parent: QWidget, name: str, radius: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Map settings"))
        self.name = QLineEdit(name)
        self.radius = QSpinBox()
        self.radius.setRange(RADIUS_MIN, RADIUS_MAX)
        self.radius.setValue(radius)
        self.radius.setSuffix(self.tr(" links"))
        self.radius.setToolTip(
            self.tr(
                "Needs on steps at most this many links apart can be in conflict "
                "(0: only needs on the same step)."
            )
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("Conflict &radius:"), self.radius)
        form.addRow(buttons)


class StructureEditor(QObject):
    """Stage, lane and map edits for one window."""

    def __init__(
        self,
        document: Document,
        selection: Selection,
        canvas: CanvasEditor,
        parent: QWidget,
        show_error: Callable[[str, str], None],
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.selection = selection
        self.canvas = canvas
        self.window = parent
        self.show_error = show_error
        self.ask_confirmation: Callable[[str, str], bool] = self._ask_confirmation
        canvas.scene.context_requested.connect(self._on_scene_context_requested)
        canvas.scene.double_click_tool.stage_rename_requested.connect(self.rename_stage)
        canvas.scene.double_click_tool.lane_rename_requested.connect(self.rename_lane)

    @property
    def workshop(self):
        return self.document.workshop

    def _map(self):
        return self.workshop.map(self.selection.map_id)

    def _attempt(self, title: str, build: Callable[[], QUndoCommand | None]) -> bool:
        return self.canvas.attempt(title, build)

    def _ask_confirmation(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self.window,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def current_stage(self) -> str:
        """The stage of the selected step, else the first stage."""
        step = self.workshop.steps.get(self.selection.step)
        if step is not None:
            return step.stage
        journey_map = self._map()
        return journey_map.stages[0].id if journey_map and journey_map.stages else ""

    def current_lane(self) -> str:
        step = self.workshop.steps.get(self.selection.step)
        if step is not None:
            return step.actor
        journey_map = self._map()
        return journey_map.lanes[0].actor if journey_map and journey_map.lanes else ""

    # -- stages -----------------------------------------------------------------------

    def add_stage(self, after: str = "") -> None:
        journey_map = self._map()
        if journey_map is None:
            return
        after = after or self.current_stage()
        index = journey_map.stage_index(after) + 1 if after else len(journey_map.stages)
        name, ok = QInputDialog.getText(self.window, self.tr("Add stage"), self.tr("Stage name:"))
        if ok:
            self._attempt(
                self.tr("Could not add the stage"),
                lambda: edits.add_stage(self.document, journey_map.id, name, index),
            )

    def rename_stage(self, stage_id: str = "") -> None:
        journey_map = self._map()
        stage = journey_map.stage(stage_id or self.current_stage()) if journey_map else None
        if journey_map is None or stage is None:
            return
        name, ok = QInputDialog.getText(
            self.window, self.tr("Rename stage"), self.tr("Stage name:"), text=stage.name
        )
        if ok and name != stage.name:
            self._attempt(
                self.tr("Could not rename the stage"),
                lambda: edits.rename_stage(self.document, journey_map.id, stage.id, name),
            )

    def move_stage(self, offset: int, stage_id: str = "") -> None:
        journey_map = self._map()
        stage_id = stage_id or self.current_stage()
        if journey_map is None or not stage_id:
            return
        index = journey_map.stage_index(stage_id) + offset
        self._attempt(
            self.tr("Could not move the stage"),
            lambda: edits.move_stage(self.document, journey_map.id, stage_id, index),
        )

    def delete_stage(self, stage_id: str = "") -> None:
        journey_map = self._map()
        stage = journey_map.stage(stage_id or self.current_stage()) if journey_map else None
        if journey_map is None or stage is None:
            return
        count = sum(1 for s in self.workshop.steps_of(journey_map.id) if s.stage == stage.id)
        if count and not self.ask_confirmation(
            self.tr("Delete stage"),
            self.tr("Delete the stage '{0}' and its {1} step(s)? You can undo this.").format(
                stage.name, count
            ),
        ):
            return
        self._attempt(
            self.tr("Could not delete the stage"),
            lambda: edits.delete_stage(self.document, journey_map.id, stage.id),
        )

    # -- lanes ------------------------------------------------------------------------

    def add_lane(self) -> None:
        journey_map = self._map()
        if journey_map is None:
            return
        on_map = {lane.actor for lane in journey_map.lanes}
        names = [a.name for a in self.workshop.actors.values() if a.id not in on_map]
        dialog = LaneDialog(self.window, names)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name = dialog.name.currentText()
        existing = self.workshop.actor_named(name.strip())
        role = existing.role if existing else dialog.role.currentData()
        self._attempt(
            self.tr("Could not add the lane"),
            lambda: edits.add_lane(self.document, journey_map.id, name, role),
        )

    def rename_lane(self, actor_id: str = "") -> None:
        actor = self.workshop.actors.get(actor_id or self.current_lane())
        if actor is None:
            return
        name, ok = QInputDialog.getText(
            self.window, self.tr("Rename lane"), self.tr("Name:"), text=actor.name
        )
        if ok and name != actor.name:
            self._attempt(
                self.tr("Could not rename the lane"),
                lambda: edits.edit_actor(self.document, actor.id, name=name),
            )

    def recolour_lane(self, actor_id: str = "") -> None:
        actor = self.workshop.actors.get(actor_id or self.current_lane())
        if actor is None:
            return
        for index, colour in enumerate(ACTOR_PALETTE):
            QColorDialog.setCustomColor(index, QColor(colour))
        colour = QColorDialog.getColor(
            QColor(actor.colour), self.window, self.tr("Colour of {0}").format(actor.name)
        )
        if colour.isValid():
            self._attempt(
                self.tr("Could not recolour the lane"),
                lambda: edits.edit_actor(
                    self.document, actor.id, colour=colour.name(QColor.NameFormat.HexRgb).upper()
                ),
            )

    def set_role(self, actor_id: str, role: str) -> None:
        self._attempt(
            self.tr("Could not change the role"),
            lambda: edits.edit_actor(self.document, actor_id, role=role),
        )

    def move_lane(self, offset: int, actor_id: str = "") -> None:
        journey_map = self._map()
        actor_id = actor_id or self.current_lane()
        if journey_map is None or not actor_id:
            return
        index = journey_map.lane_index(actor_id) + offset
        self._attempt(
            self.tr("Could not move the lane"),
            lambda: edits.move_lane(self.document, journey_map.id, actor_id, index),
        )

    def delete_lane(self, actor_id: str = "") -> None:
        journey_map = self._map()
        actor = self.workshop.actors.get(actor_id or self.current_lane())
        if journey_map is None or actor is None:
            return
        count = sum(1 for s in self.workshop.steps_of(journey_map.id) if s.actor == actor.id)
        if count and not self.ask_confirmation(
            self.tr("Delete lane"),
            self.tr("Delete the lane '{0}' and its {1} step(s)? You can undo this.").format(
                actor.name, count
            ),
        ):
            return
        self._attempt(
            self.tr("Could not delete the lane"),
            lambda: edits.delete_lane(self.document, journey_map.id, actor.id),
        )

    # -- maps -------------------------------------------------------------------------

    def new_map(self) -> None:
        name, ok = QInputDialog.getText(self.window, self.tr("New map"), self.tr("Map name:"))
        if not ok:
            return
        created = ""

        def build() -> QUndoCommand:
            nonlocal created
            command, created = edits.add_map(self.document, name)
            return command

        if self._attempt(self.tr("Could not add the map"), build):
            self.selection.show_map(created)

    def duplicate_map(self) -> None:
        journey_map = self._map()
        if journey_map is None:
            return
        name, ok = QInputDialog.getText(
            self.window,
            self.tr("Duplicate map"),
            self.tr("Name of the copy:"),
            text=self.tr("To be: {0}").format(journey_map.name.removeprefix("As is: ")),
        )
        if not ok:
            return
        created = ""

        def build() -> QUndoCommand:
            nonlocal created
            command, created = edits.duplicate_map(self.document, journey_map.id, name)
            return command

        if self._attempt(self.tr("Could not duplicate the map"), build):
            self.selection.show_map(created)

    def map_settings(self) -> None:
        journey_map = self._map()
        if journey_map is None:
            return
        dialog = MapSettingsDialog(self.window, journey_map.name, journey_map.radius)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name, radius = dialog.name.text(), dialog.radius.value()

        def build() -> QUndoCommand | None:
            """Both changes as one undo step."""
            command = macro("Change map settings")
            if name != journey_map.name:
                command.add(edits.rename_map(self.document, journey_map.id, name))
            if radius != journey_map.radius:
                command.add(edits.set_radius(self.document, journey_map.id, radius))
            if len(command.parts) == 1:
                return command.parts[0]
            return command if command.parts else None

        self._attempt(self.tr("Could not change the map settings"), build)

    def delete_map(self) -> None:
        journey_map = self._map()
        if journey_map is None:
            return
        count = sum(1 for _ in self.workshop.steps_of(journey_map.id))
        if not self.ask_confirmation(
            self.tr("Delete map"),
            self.tr("Delete the map '{0}' and its {1} step(s)? You can undo this.").format(
                journey_map.name, count
            ),
        ):
            return
        self._attempt(
            self.tr("Could not delete the map"),
            lambda: edits.delete_map(self.document, journey_map.id),
        )

    def arrange(self) -> None:
        journey_map = self._map()
        if journey_map is not None:
            self._attempt(
                self.tr("Could not arrange the map"),
                lambda: edits.auto_layout(self.document, journey_map.id),
            )

    # -- context menus ----------------------------------------------------------------

    def _on_scene_context_requested(self, kind: str, item_id: str, screen_pos: QPoint) -> None:
        menu = self.context_menu(kind, item_id)
        if menu is not None:
            menu.exec(screen_pos)

    def context_menu(self, kind: str, item_id: str) -> QMenu | None:
        """The right-click menu for a step, link, stage header, lane header or cell."""
        menu = QMenu(self.window)
        canvas = self.canvas
        if kind == "step":
            if item_id not in self.selection.steps:
                self.selection.select([item_id])
            menu.addAction(self.tr("&Edit Text"), canvas.edit_text)
            menu.addAction(self.tr("Add Step &After"), canvas.add_step_after)
            menu.addSeparator()
            menu.addAction(self.tr("Cu&t"), canvas.cut)
            menu.addAction(self.tr("&Copy"), canvas.copy)
            menu.addAction(self.tr("D&uplicate"), canvas.duplicate)
            menu.addAction(self.tr("&Delete"), canvas.delete_selection)
        elif kind == "link":
            self.selection.select([], [item_id])
            menu.addAction(self.tr("&Delete Link"), canvas.delete_selection)
        elif kind == "stage":
            menu.addAction(self.tr("&Rename Stage…"), lambda: self.rename_stage(item_id))
            menu.addAction(self.tr("&Add Stage After…"), lambda: self.add_stage(item_id))
            menu.addAction(self.tr("Move &Left"), lambda: self.move_stage(-1, item_id))
            menu.addAction(self.tr("Move Ri&ght"), lambda: self.move_stage(1, item_id))
            menu.addSeparator()
            menu.addAction(self.tr("&Delete Stage"), lambda: self.delete_stage(item_id))
        elif kind == "lane":
            menu.addAction(self.tr("&Rename Lane…"), lambda: self.rename_lane(item_id))
            menu.addAction(self.tr("Change &Colour…"), lambda: self.recolour_lane(item_id))
            roles = menu.addMenu(self.tr("R&ole"))
            current = self.workshop.actors[item_id].role
            for role in ROLES:
                action = roles.addAction(role, lambda r=role: self.set_role(item_id, r))
                action.setCheckable(True)
                action.setChecked(role == current)
            menu.addAction(self.tr("Move &Up"), lambda: self.move_lane(-1, item_id))
            menu.addAction(self.tr("Move Do&wn"), lambda: self.move_lane(1, item_id))
            menu.addSeparator()
            menu.addAction(self.tr("&Delete Lane"), lambda: self.delete_lane(item_id))
        elif kind == "cell":
            actor, stage = item_id.split("|")
            menu.addAction(self.tr("&Add Step Here"), lambda: canvas.add_step(actor, stage))
            if canvas.can_paste():
                menu.addAction(self.tr("&Paste"), canvas.paste)
        else:
            menu.addAction(self.tr("Add &Stage…"), self.add_stage)
            menu.addAction(self.tr("Add &Lane…"), self.add_lane)
        return menu
