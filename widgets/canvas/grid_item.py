"""The map's frame: stage headers across, lane headers down, and the lane x stage cells."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.layout import LANE_HEADER_WIDTH, STAGE_HEADER_HEIGHT
from widgets.theme import CARD_SMALL_PX, HEADER_PX, STANDARD, Theme, scene_font, tint

GRID_ITEM_TYPE = QGraphicsItem.UserType + 3
LANE_STRIPE = 12.0
# Header words smaller than this on screen are specks, not text: the overview (about 1 %)
# and a big map zoomed to fit (about 5 %) leave them out, as cards leave out theirs; each
# repaint of the frame then skips laying out a few dozen texts (~1 ms).
MIN_TEXT_PIXELS = 3.0


@dataclass
class StageHeader:
    """A stage column: its id, name and where it is."""

    id: str
    name: str
    x: float
    width: float


@dataclass
class LaneHeader:
    """A lane row: its actor's id, name, role and colour, and where it is."""

    actor: str
    name: str
    role: str
    colour: QColor
    y: float
    height: float


@dataclass
class GridFace:
    """What the frame shows, derived from the map by the scene."""

    stages: list[StageHeader]
    lanes: list[LaneHeader]
    width: float
    height: float


class GridItem(QGraphicsItem):
    """Paints the headers and cells; knows which header or cell is under a point."""

    def __init__(self, face: GridFace, theme: Theme = STANDARD) -> None:
        super().__init__()
        self.face = face
        self.theme = theme
        self.setZValue(0)

    def type(self) -> int:
        return GRID_ITEM_TYPE

    def set_face(self, face: GridFace, theme: Theme | None = None) -> None:
        self.prepareGeometryChange()
        self.face = face
        if theme is not None:
            self.theme = theme
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, max(self.face.width, LANE_HEADER_WIDTH), self.face.height)

    def stage_at(self, point: QPointF) -> StageHeader | None:
        """The stage whose header is under `point`."""
        if not 0 <= point.y() < STAGE_HEADER_HEIGHT:
            return None
        return next((s for s in self.face.stages if s.x <= point.x() < s.x + s.width), None)

    def lane_at(self, point: QPointF) -> LaneHeader | None:
        """The lane whose header is under `point`."""
        if not 0 <= point.x() < LANE_HEADER_WIDTH:
            return None
        return next((ln for ln in self.face.lanes if ln.y <= point.y() < ln.y + ln.height), None)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        detail = option.levelOfDetailFromTransform(painter.worldTransform())
        paint_grid(painter, self.face, self.theme, words=HEADER_PX * detail >= MIN_TEXT_PIXELS)


def paint_grid(painter: QPainter, face: GridFace, theme: Theme, words: bool = True) -> None:
    """Draw the frame of a map (shared by the canvas and the exports); without the
    headers' `words` when they would be too small to read."""
    width = max(face.width, LANE_HEADER_WIDTH + 1)
    line = QPen(theme.grid_line, 1 * theme.line_scale)
    header_font = scene_font(HEADER_PX, bold=True)
    small_font = scene_font(CARD_SMALL_PX)
    header_metrics = QFontMetricsF(header_font)

    for index, lane in enumerate(face.lanes):
        band = theme.cell if index % 2 == 0 else theme.cell_alt
        painter.fillRect(
            QRectF(LANE_HEADER_WIDTH, lane.y, width - LANE_HEADER_WIDTH, lane.height), band
        )

    painter.fillRect(QRectF(0, 0, width, STAGE_HEADER_HEIGHT), theme.header_fill)
    painter.setFont(header_font)
    painter.setPen(theme.header_text)
    for stage in face.stages if words else ():
        rect = QRectF(stage.x + 12, 0, stage.width - 24, STAGE_HEADER_HEIGHT)
        name = header_metrics.elidedText(stage.name, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)

    for lane in face.lanes:
        header = QRectF(0, lane.y, LANE_HEADER_WIDTH, lane.height)
        painter.fillRect(
            header, tint(lane.colour, 0.75) if theme.name == "standard" else theme.background
        )
        painter.fillRect(QRectF(0, lane.y, LANE_STRIPE, lane.height), lane.colour)
        if not words:
            continue
        text_rect = header.adjusted(LANE_STRIPE + 10, 12, -10, -12)
        painter.setPen(theme.card_text)
        painter.setFont(header_font)
        painter.drawText(
            text_rect,
            Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
            lane.name,
        )
        painter.setFont(small_font)
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft, lane.role
        )

    painter.setPen(line)
    for stage in face.stages:
        painter.drawLine(QPointF(stage.x, 0), QPointF(stage.x, face.height))
    painter.drawLine(QPointF(width, 0), QPointF(width, face.height))
    for lane in face.lanes:
        painter.drawLine(QPointF(0, lane.y), QPointF(width, lane.y))
    painter.drawLine(QPointF(0, face.height), QPointF(width, face.height))
    painter.drawLine(QPointF(0, 0), QPointF(width, 0))
    painter.drawLine(QPointF(0, 0), QPointF(0, face.height))
    strong = QPen(theme.card_border, 2 * theme.line_scale)
    painter.setPen(strong)
    painter.drawLine(QPointF(LANE_HEADER_WIDTH, 0), QPointF(LANE_HEADER_WIDTH, face.height))
    painter.drawLine(QPointF(0, STAGE_HEADER_HEIGHT), QPointF(width, STAGE_HEADER_HEIGHT))
