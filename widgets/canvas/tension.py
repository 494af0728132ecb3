"""The tension mark of a selected conflict: outlines around both cards, a zig-zag between them.

The conflict colour is never the only cue: the outlines are thick and stand off the cards,
the line between them is a zig-zag (links are smooth curves), and a label names the
tension ("Tension: consultation time").
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from widgets.theme import CARD_SMALL_PX, STANDARD, Theme, scene_font

TENSION_ITEM_TYPE = QGraphicsItem.UserType + 3
MARK_OFFSET = 9.0  # how far the outline stands off the card
MARK_WIDTH = 6.0
ZIGZAG_STEP = 14.0  # length of one zig along the line
ZIGZAG_AMPLITUDE = 7.0
LABEL_PADDING = 6.0
Z_VALUE = 3.0  # above cards (2) and links (1)


def edge_point(rect: QRectF, toward: QPointF) -> QPointF:
    """Where the line from the centre of `rect` toward `toward` leaves the rectangle."""
    centre = rect.center()
    dx, dy = toward.x() - centre.x(), toward.y() - centre.y()
    if dx == 0 and dy == 0:
        return centre
    scale_x = (rect.width() / 2) / abs(dx) if dx else math.inf
    scale_y = (rect.height() / 2) / abs(dy) if dy else math.inf
    scale = min(scale_x, scale_y, 1.0)
    return QPointF(centre.x() + dx * scale, centre.y() + dy * scale)


def zigzag(start: QPointF, end: QPointF) -> QPainterPath:
    """A zig-zag path from `start` to `end`, straight for its first and last few units."""
    path = QPainterPath(start)
    line = QLineF(start, end)
    length = line.length()
    if length < 3 * ZIGZAG_STEP:
        path.lineTo(end)
        return path
    ux, uy = line.dx() / length, line.dy() / length
    nx, ny = -uy, ux
    zigs = int((length - 2 * ZIGZAG_STEP) / ZIGZAG_STEP)
    lead = (length - zigs * ZIGZAG_STEP) / 2
    path.lineTo(start.x() + ux * lead, start.y() + uy * lead)
    for index in range(zigs):
        along = lead + (index + 0.5) * ZIGZAG_STEP
        side = ZIGZAG_AMPLITUDE if index % 2 == 0 else -ZIGZAG_AMPLITUDE
        path.lineTo(start.x() + ux * along + nx * side, start.y() + uy * along + ny * side)
    path.lineTo(start.x() + ux * (length - lead), start.y() + uy * (length - lead))
    path.lineTo(end)
    return path


class TensionItem(QGraphicsItem):
    """Marks the cards of two needs in conflict and draws the tension between them.

    `step_ids` are the steps of the first and the second need (the same step twice for two
    needs on one card: then only that card is marked and the label sits above it).
    """

    def __init__(self, step_ids: tuple[str, str], label: str, theme: Theme = STANDARD) -> None:
        super().__init__()
        self.step_ids = step_ids
        self.label = label
        self.theme = theme
        self.marks: list[QRectF] = []
        self._line = QPainterPath()
        self._label_rect = QRectF()
        self._bounds = QRectF()
        self.setZValue(Z_VALUE)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)

    def type(self) -> int:
        return TENSION_ITEM_TYPE

    def set_cards(self, first: QRectF, second: QRectF) -> None:
        """Place the marks around the two card rectangles and route the line between them."""
        self.prepareGeometryChange()
        outset = MARK_OFFSET
        first_mark = first.adjusted(-outset, -outset, outset, outset)
        second_mark = second.adjusted(-outset, -outset, outset, outset)
        same = first == second
        self.marks = [first_mark] if same else [first_mark, second_mark]
        metrics = QFontMetricsF(scene_font(CARD_SMALL_PX, bold=True))
        width = metrics.horizontalAdvance(self.label) + 2 * LABEL_PADDING
        height = metrics.height() + LABEL_PADDING
        if same:
            self._line = QPainterPath()
            anchor = QPointF(first_mark.center().x(), first_mark.top() - height / 2 - 4)
        else:
            start = edge_point(first_mark, second_mark.center())
            end = edge_point(second_mark, first_mark.center())
            self._line = zigzag(start, end)
            anchor = QLineF(start, end).center()
        self._label_rect = QRectF(anchor.x() - width / 2, anchor.y() - height / 2, width, height)
        bounds = self._label_rect
        for mark in self.marks:
            bounds = bounds.united(mark)
        if not self._line.isEmpty():
            bounds = bounds.united(self._line.boundingRect())
        self._bounds = bounds.adjusted(
            -MARK_WIDTH - 2, -MARK_WIDTH - 2, MARK_WIDTH + 2, MARK_WIDTH + 2
        )
        self.update()

    def label_rect(self) -> QRectF:
        return QRectF(self._label_rect)

    def line_path(self) -> QPainterPath:
        return QPainterPath(self._line)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never in the way of clicks on the cards below

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = self.theme.conflict
        scale = self.theme.line_scale
        painter.setBrush(Qt.BrushStyle.NoBrush)
        outline = QPen(colour, MARK_WIDTH * scale)
        outline.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(outline)
        for mark in self.marks:
            painter.drawRoundedRect(mark, 12, 12)
        if not self._line.isEmpty():
            halo = QPen(QColor("#FFFFFF"), 7 * scale)
            halo.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(halo)
            painter.drawPath(self._line)
            line = QPen(colour, 3.2 * scale)
            line.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(line)
            painter.drawPath(self._line)
        painter.setPen(QPen(colour, 2 * scale))
        painter.setBrush(QColor("#FFFFFF"))
        painter.drawRoundedRect(self._label_rect, 5, 5)
        painter.setFont(scene_font(CARD_SMALL_PX, bold=True))
        painter.setPen(self.theme.card_text)
        painter.drawText(self._label_rect, Qt.AlignmentFlag.AlignCenter, self.label)
