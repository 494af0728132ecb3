"""Canvas tools: small objects that get the scene's mouse events for one kind of gesture.

The scene offers each press to its tools in turn; the first that takes it receives the
moves and the release. Tools never edit the document: they emit requests that the
canvas editor turns into undo commands.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsSceneMouseEvent

from app.layout import LANE_HEADER_WIDTH, STAGE_HEADER_HEIGHT
from app.model import CARD_HEIGHT, CARD_WIDTH
from widgets.canvas.items import EDGE_ZONE, StepItem


def step_item_at(scene, point: QPointF) -> StepItem | None:
    """The step card under a scene point, if any."""
    for item in scene.items(point):
        if isinstance(item, StepItem):
            return item
    return None


def in_edge_zone(item: StepItem, scene_point: QPointF) -> bool:
    """True when a point lies on the rim of a card, where dragging starts a link."""
    local = item.mapFromScene(scene_point)
    inside = QRectF(0, 0, CARD_WIDTH, CARD_HEIGHT)
    inner = inside.adjusted(EDGE_ZONE, EDGE_ZONE, -EDGE_ZONE, -EDGE_ZONE)
    return inside.contains(local) and not inner.contains(local)


class Tool(QObject):
    """A gesture on the canvas. Override `press` to claim it, then `move` and `release`."""

    def press(self, scene, event: QGraphicsSceneMouseEvent) -> bool:
        return False

    def move(self, scene, event: QGraphicsSceneMouseEvent) -> None:
        pass

    def release(self, scene, event: QGraphicsSceneMouseEvent) -> None:
        pass

    def cancel(self, scene) -> None:
        pass


class ConnectTool(Tool):
    """Drag from a card's edge onto another card to link them.

    Signals:
        link_requested(source, target): the user dropped a link from one step on another.
    """

    link_requested = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        self.source: StepItem | None = None
        self.line: QGraphicsPathItem | None = None

    def press(self, scene, event: QGraphicsSceneMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton or event.modifiers():
            return False
        item = step_item_at(scene, event.scenePos())
        if item is None or not in_edge_zone(item, event.scenePos()):
            return False
        self.source = item
        self.line = QGraphicsPathItem()
        pen = QPen(scene.theme.selection, 3)
        pen.setStyle(Qt.PenStyle.DashLine)
        self.line.setPen(pen)
        self.line.setZValue(10)
        scene.addItem(self.line)
        self.move(scene, event)
        return True

    def move(self, scene, event: QGraphicsSceneMouseEvent) -> None:
        if self.source is None or self.line is None:
            return
        start = self.source.sceneBoundingRect().center()
        path = QPainterPath(start)
        path.lineTo(event.scenePos())
        self.line.setPath(path)

    def release(self, scene, event: QGraphicsSceneMouseEvent) -> None:
        source = self.source
        self.cancel(scene)
        target = step_item_at(scene, event.scenePos())
        if source is not None and target is not None and target is not source:
            self.link_requested.emit(source.step_id, target.step_id)

    def cancel(self, scene) -> None:
        if self.line is not None:
            scene.removeItem(self.line)
        self.line = None
        self.source = None


class DoubleClickTool(QObject):
    """Double-clicks: on a card edits it, on an empty cell adds a step, on a header renames.

    Signals:
        edit_requested(step_id): edit the text of this step in place.
        add_requested(actor_id, stage_id, x, y): a new step near this offset in the cell.
        stage_rename_requested(stage_id), lane_rename_requested(actor_id).
    """

    edit_requested = Signal(str)
    add_requested = Signal(str, str, float, float)
    stage_rename_requested = Signal(str)
    lane_rename_requested = Signal(str)

    def double_click(self, scene, event: QGraphicsSceneMouseEvent) -> bool:
        point = event.scenePos()
        item = step_item_at(scene, point)
        if item is not None:
            self.edit_requested.emit(item.step_id)
            return True
        stage = scene.grid_item.stage_at(point)
        if stage is not None:
            self.stage_rename_requested.emit(stage.id)
            return True
        lane = scene.grid_item.lane_at(point)
        if lane is not None:
            self.lane_rename_requested.emit(lane.actor)
            return True
        if point.x() < LANE_HEADER_WIDTH or point.y() < STAGE_HEADER_HEIGHT:
            return False
        cell = scene.grid.cell_at(point.x(), point.y())
        if cell is None:
            return False
        actor, stage_id = cell
        origin_x, origin_y = scene.grid.cell_origin(actor, stage_id)
        offset = QLineF(QPointF(origin_x, origin_y), point)
        self.add_requested.emit(
            actor, stage_id, offset.dx() - CARD_WIDTH / 2, offset.dy() - CARD_HEIGHT / 2
        )
        return True
