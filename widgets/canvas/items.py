"""Graphics items of the map: step cards and link arrows, drawn from plain face data.

Items keep no model state: the scene builds a `CardFace` from the document whenever a
step, its notes or its actors change, and the item only paints it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsSceneHoverEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from app.model import CARD_HEIGHT, CARD_WIDTH
from widgets.theme import CARD_SMALL_PX, CARD_TEXT_PX, STANDARD, Theme, scene_font

STEP_ITEM_TYPE = QGraphicsItem.UserType + 1
LINK_ITEM_TYPE = QGraphicsItem.UserType + 2
TEXT_MARGIN = 14.0
STRIPE_WIDTH = 8.0
FACE_SIZE = 22.0
SIMPLE_BELOW_DETAIL = 0.3  # below this zoom text is unreadable: draw outlines only
EDGE_ZONE = 16.0  # how close to a card's border a press starts a link
DOTS_OUTLINE_PX = 56  # the dot count on a card drawn as an outline
# Room for the selection outline and the conflict badge sticking out of the corner.
CARD_BOUNDS = QRectF(-6, -14, CARD_WIDTH + 20, CARD_HEIGHT + 20)
HEAD_LENGTH = 14.0
MIN_HEAD_PIXELS = 2.0  # a thinly drawn arrow's head is left out when shorter on screen


@dataclass
class Rating:
    """One emotion rating shown on a card: who (short label) and how they felt."""

    who: str
    value: int


@dataclass
class CardFace:
    """Everything a step card shows, derived from the model by the scene."""

    text: str
    colour: QColor
    channel: str = ""
    with_names: list[str] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)
    needs: int = 0
    pains: int = 0
    conflicts: int = 0
    dots: int = 0  # the dot votes of every group on the step


def wrap_text(text: str, font: QFont, width: float, max_lines: int) -> list[str]:
    """`text` broken into at most `max_lines` lines of `width`; the last one elided if cut."""
    metrics = QFontMetricsF(font)
    layout = QTextLayout(text.replace("\n", " "), font)
    layout.beginLayout()
    lines: list[str] = []
    source = layout.text()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(source[line.textStart() : line.textStart() + line.textLength()])
    layout.endLayout()
    if len(lines) > max_lines:
        rest = " ".join(part.strip() for part in lines[max_lines - 1 :])
        lines = [*lines[: max_lines - 1], rest]
        lines[-1] = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return [line.rstrip() for line in lines]


def initials(name: str) -> str:
    """A short label for an actor: `Patient` stays, `Front desk` becomes `FD`."""
    words = name.split()
    if len(words) > 1:
        return "".join(word[0] for word in words[:3]).upper()
    return name if len(name) <= 8 else name[:5] + "."


def draw_face(painter: QPainter, centre: QPointF, rating: int, ink: QColor) -> None:
    """A face whose mouth curves with the rating (-3 frown .. +3 smile), in outline."""
    radius = FACE_SIZE / 2
    painter.setPen(QPen(ink, 1.6))
    painter.setBrush(QColor("#FFFFFF"))
    painter.drawEllipse(centre, radius, radius)
    painter.setBrush(ink)
    for dx in (-radius * 0.38, radius * 0.38):
        painter.drawEllipse(QPointF(centre.x() + dx, centre.y() - radius * 0.25), 1.6, 1.6)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    mouth_y = centre.y() + radius * 0.35
    bend = rating / 3 * radius * 0.45
    mouth = QPainterPath(QPointF(centre.x() - radius * 0.45, mouth_y - bend / 2))
    mouth.quadTo(
        QPointF(centre.x(), mouth_y + bend), QPointF(centre.x() + radius * 0.45, mouth_y - bend / 2)
    )
    painter.drawPath(mouth)


class StepItem(QGraphicsObject):
    """A step card: text, `with` actors, counts, channel, emotion faces, conflict badge.

    Signals:
        moved(step_id): the card moved on screen (while dragged): its links follow.
    """

    moved = Signal(str)

    def __init__(self, step_id: str, face: CardFace, theme: Theme = STANDARD) -> None:
        super().__init__()
        self.step_id = step_id
        self.face = face
        self.theme = theme
        flag = QGraphicsItem.GraphicsItemFlag
        # One call: each flag change is a round of itemChange calls into Python.
        self.setFlags(
            flag.ItemIsSelectable
            | flag.ItemIsMovable
            | flag.ItemIsFocusable
            | flag.ItemSendsGeometryChanges
        )
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(2)
        self.setAcceptHoverEvents(True)
        self._lines: list[str] = []
        self._wrapped: tuple[str, int] | None = None  # what `_lines` were wrapped from

    def type(self) -> int:
        return STEP_ITEM_TYPE

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            self.moved.emit(self.step_id)
        return super().itemChange(change, value)

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        inner = QRectF(0, 0, CARD_WIDTH, CARD_HEIGHT).adjusted(
            EDGE_ZONE, EDGE_ZONE, -EDGE_ZONE, -EDGE_ZONE
        )
        rim = not inner.contains(event.pos())
        self.setCursor(Qt.CursorShape.CrossCursor if rim else Qt.CursorShape.OpenHandCursor)
        super().hoverMoveEvent(event)

    def set_face(self, face: CardFace, theme: Theme | None = None) -> None:
        if face == self.face and (theme is None or theme == self.theme):
            return  # as shown (a need's direction or words changed): its picture stays
        self.face = face
        if theme is not None:
            self.theme = theme
        self.update()

    def lines(self) -> list[str]:
        """The text wrapped to the card: worked out when the card is first drawn readable
        (not for each of thousands of cards opened zoomed out), and again only when the
        text or the room for it changed (not for each new count or badge)."""
        max_lines = 3 if self.face.with_names else 4
        if self._wrapped != (self.face.text, max_lines):
            width = CARD_WIDTH - 2 * TEXT_MARGIN - STRIPE_WIDTH
            self._lines = wrap_text(self.face.text, scene_font(CARD_TEXT_PX), width, max_lines)
            self._wrapped = (self.face.text, max_lines)
        return self._lines

    def boundingRect(self) -> QRectF:
        return QRectF(CARD_BOUNDS)  # a copy: a caller may change the rectangle it gets

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, CARD_WIDTH, CARD_HEIGHT), 8, 8)
        return path

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        detail = option.levelOfDetailFromTransform(painter.worldTransform())
        if detail < SIMPLE_BELOW_DETAIL:
            paint_card_outline(painter, self.face, self.theme, self.isSelected())
        else:
            paint_card(painter, self.face, self.lines(), self.theme, self.isSelected())


def paint_card_outline(painter: QPainter, face: CardFace, theme: Theme, selected: bool) -> None:
    """A card too small to read: its shape, lane colour and conflict mark, no text."""
    card = QRectF(0, 0, CARD_WIDTH, CARD_HEIGHT)
    painter.setPen(QPen(theme.selection if selected else theme.card_border, 6 if selected else 2))
    painter.setBrush(theme.card_fill)
    painter.drawRect(card)
    painter.fillRect(QRectF(0, 0, STRIPE_WIDTH * 3, CARD_HEIGHT), face.colour)
    if face.dots:  # big enough to read across the room when the map is zoomed far out
        painter.setFont(scene_font(DOTS_OUTLINE_PX, bold=True))
        painter.setPen(theme.card_text)
        painter.drawText(
            QRectF(STRIPE_WIDTH * 3, 0, CARD_WIDTH - STRIPE_WIDTH * 3, CARD_HEIGHT),
            Qt.AlignmentFlag.AlignCenter,
            f"● {face.dots}",
        )
    if face.conflicts:
        paint_conflict_badge(painter, face.conflicts, theme)


def paint_card(
    painter: QPainter, face: CardFace, lines: list[str], theme: Theme, selected: bool
) -> None:
    """Draw a card at the painter's origin (shared by the canvas and the exports)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    card = QRectF(0, 0, CARD_WIDTH, CARD_HEIGHT)
    if selected:
        painter.setPen(QPen(theme.selection, 5 * theme.line_scale))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(card.adjusted(-3, -3, 3, 3), 10, 10)
    painter.setPen(QPen(theme.card_border, 1.5 * theme.line_scale))
    painter.setBrush(theme.card_fill)
    painter.drawRoundedRect(card, 8, 8)
    stripe = QPainterPath()
    stripe.addRoundedRect(QRectF(0, 0, STRIPE_WIDTH * 2, CARD_HEIGHT), 8, 8)
    clip = QPainterPath()
    clip.addRect(QRectF(0, 0, STRIPE_WIDTH, CARD_HEIGHT))
    painter.fillPath(stripe.intersected(clip), face.colour)

    left = STRIPE_WIDTH + TEXT_MARGIN
    text_width = CARD_WIDTH - left - TEXT_MARGIN
    font = scene_font(CARD_TEXT_PX)
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    painter.setPen(theme.card_text)
    y = 10.0
    for line in lines:
        painter.drawText(QPointF(left, y + metrics.ascent()), line)
        y += metrics.lineSpacing()

    small = scene_font(CARD_SMALL_PX)
    small_metrics = QFontMetricsF(small)
    painter.setFont(small)
    painter.setPen(theme.card_muted)
    if face.with_names:
        italic = scene_font(CARD_SMALL_PX, italic=True)
        painter.setFont(italic)
        with_text = QFontMetricsF(italic).elidedText(
            "with " + ", ".join(face.with_names), Qt.TextElideMode.ElideRight, text_width
        )
        painter.drawText(QPointF(left, 80 + small_metrics.ascent()), with_text)
        painter.setFont(small)

    # Bottom rows: counts and channel, then the emotion ratings.
    painter.setPen(QPen(theme.grid_line, 1))
    painter.drawLine(QPointF(left, 106), QPointF(CARD_WIDTH - TEXT_MARGIN, 106))
    painter.setPen(theme.card_muted)
    counts = []
    if face.needs:
        counts.append(f"{face.needs} need{'s' if face.needs != 1 else ''}")
    if face.pains:
        counts.append(f"{face.pains} pain{'s' if face.pains != 1 else ''}")
    baseline = 109 + small_metrics.ascent()
    painter.drawText(QPointF(left, baseline), " · ".join(counts))
    if face.channel:
        channel = small_metrics.elidedText(face.channel, Qt.TextElideMode.ElideRight, 90)
        painter.drawText(
            QPointF(CARD_WIDTH - TEXT_MARGIN - small_metrics.horizontalAdvance(channel), baseline),
            channel,
        )
    x = left
    face_y = 144.0
    right_edge = CARD_WIDTH - TEXT_MARGIN
    for index, rating in enumerate(face.ratings):
        label = f"{rating.who} {rating.value:+d}" if rating.value else f"{rating.who} 0"
        width = FACE_SIZE + 4 + small_metrics.horizontalAdvance(label)
        more = len(face.ratings) - index - 1
        reserve = small_metrics.horizontalAdvance(f"+{more} more") + 8 if more else 0
        if x + width + reserve > right_edge:
            painter.setPen(theme.card_muted)
            painter.drawText(
                QPointF(x, face_y + small_metrics.ascent() / 2 - 1),
                f"+{len(face.ratings) - index} more",
            )
            break
        draw_face(painter, QPointF(x + FACE_SIZE / 2, face_y), rating.value, theme.card_text)
        painter.setPen(theme.card_text)
        painter.drawText(QPointF(x + FACE_SIZE + 4, face_y + small_metrics.ascent() / 2 - 1), label)
        x += width + 10
    if face.dots:
        paint_dots_badge(painter, face.dots, theme)
    if face.conflicts:
        paint_conflict_badge(painter, face.conflicts, theme)


def paint_dots_badge(painter: QPainter, count: int, theme: Theme) -> None:
    """`● 6` on the card's top-left edge: the dot votes of every group on the step."""
    font = scene_font(CARD_SMALL_PX, bold=True)
    text = f"● {count}"
    width = QFontMetricsF(font).horizontalAdvance(text) + 14
    pill = QRectF(STRIPE_WIDTH + 4, -12, width, 22)
    painter.setPen(QPen(theme.card_fill, 2))
    painter.setBrush(theme.card_text)
    painter.drawRoundedRect(pill, 11, 11)
    painter.setFont(font)
    painter.setPen(theme.card_fill)
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)


def paint_conflict_badge(painter: QPainter, count: int, theme: Theme) -> None:
    """A warning triangle with `!` and the number of conflicts, on the card's top-right."""
    centre_x, top = CARD_WIDTH - 4, -12.0
    size = 30.0
    triangle = QPolygonF(
        [
            QPointF(centre_x, top),
            QPointF(centre_x + size / 2 + 2, top + size),
            QPointF(centre_x - size / 2 - 2, top + size),
        ]
    )
    painter.setPen(QPen(QColor("#FFFFFF"), 2))
    painter.setBrush(theme.conflict)
    painter.drawPolygon(triangle)
    font = scene_font(CARD_SMALL_PX, bold=True)
    painter.setFont(font)
    painter.setPen(theme.conflict_text)
    painter.drawText(
        QRectF(centre_x - size / 2, top + 8, size, size - 8),
        Qt.AlignmentFlag.AlignCenter,
        "!" if count == 1 else str(count),
    )


class LinkItem(QGraphicsItem):
    """An arrow between two cards; a handoff between lanes is dashed and thicker."""

    def __init__(self, link_id: str, handoff: bool, theme: Theme = STANDARD) -> None:
        super().__init__()
        self.link_id = link_id
        self.handoff = handoff
        self.theme = theme
        self._path = QPainterPath()
        self._head = QPolygonF()
        self._bounds = QRectF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(1)

    def type(self) -> int:
        return LINK_ITEM_TYPE

    def set_ends(self, source: QRectF, target: QRectF, handoff: bool) -> None:
        """Route the arrow from the source card to the target card."""
        self.prepareGeometryChange()
        self.handoff = handoff
        self._path, self._head = route_link(source, target)
        self._bounds = (
            self._path.boundingRect().united(self._head.boundingRect()).adjusted(-8, -8, 8, 8)
        )
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(12)
        return stroker.createStroke(self._path)

    def pen(self) -> QPen:
        return link_pen(self.theme, self.handoff)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        detail = option.levelOfDetailFromTransform(painter.worldTransform())
        if detail * link_width(self.theme, self.handoff) <= 1 and not self.isSelected():
            self._paint_thin(painter, detail)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = self.pen()
        if self.isSelected():
            halo = QPen(self.theme.selection, pen.widthF() + 6)
            painter.setPen(halo)
            painter.drawPath(self._path)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(pen.color())
        painter.drawPolygon(self._head)

    def _paint_thin(self, painter: QPainter, detail: float) -> None:
        """The arrow zoomed out until its line is at most a pixel wide, drawn as Qt draws
        such a line (one pixel, as faint as the line is thin, dashes in pixels) but with a
        pen made once per zoom level and the colour mixed into the background: thousands
        of arrows are drawn a frame then, and a new pen or blending for each costs more
        than drawing them. The head is left out once it is too small to see."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(thin_pen(self.theme, self.handoff, detail))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        if HEAD_LENGTH * detail >= MIN_HEAD_PIXELS:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.theme.handoff if self.handoff else self.theme.link)
            painter.drawPolygon(self._head)


def link_width(theme: Theme, handoff: bool) -> float:
    """How wide an arrow's line is at 100 %: a handoff between lanes is thicker."""
    return (3.2 if handoff else 2.2) * theme.line_scale


def link_pen(theme: Theme, handoff: bool) -> QPen:
    """The pen of an arrow: a handoff between lanes is dashed and thicker."""
    pen = QPen(theme.handoff if handoff else theme.link, link_width(theme, handoff))
    if handoff:
        pen.setStyle(Qt.PenStyle.DashLine)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


# Thin pens by (zoom, theme, handoff): the few zoom levels of the views lately painted.
_thin_pens: dict[tuple[float, int, bool], tuple[Theme, QPen]] = {}
THIN_PENS_KEPT = 16


def thin_pen(theme: Theme, handoff: bool, detail: float) -> QPen:
    """The one-pixel pen of an arrow drawn at `detail` (at most 1 / its width)."""
    key = (detail, id(theme), handoff)
    found = _thin_pens.get(key)
    if found is not None and found[0] is theme:
        return found[1]
    pen = link_pen(theme, handoff)
    ink = min(1.0, pen.widthF() * detail)
    pen.setColor(blend(pen.color(), theme.background, ink))
    pen.setWidth(0)  # cosmetic: one pixel wide whatever the zoom
    if len(_thin_pens) >= THIN_PENS_KEPT:
        _thin_pens.clear()
    _thin_pens[key] = (theme, pen)
    return pen


def blend(colour: QColor, background: QColor, amount: float) -> QColor:
    """`colour` covering `amount` (0-1) of a pixel of `background`, as one opaque colour."""
    return QColor.fromRgbF(
        background.redF() + (colour.redF() - background.redF()) * amount,
        background.greenF() + (colour.greenF() - background.greenF()) * amount,
        background.blueF() + (colour.blueF() - background.blueF()) * amount,
    )


def route_link(source: QRectF, target: QRectF) -> tuple[QPainterPath, QPolygonF]:
    """A smooth path between two card rectangles and the arrow head at its end."""
    if target.left() >= source.right() - 1:
        start = QPointF(source.right(), source.center().y())
        end = QPointF(target.left(), target.center().y())
        out, into = QPointF(1, 0), QPointF(-1, 0)
    elif target.right() <= source.left() + 1:
        start = QPointF(source.left(), source.center().y())
        end = QPointF(target.right(), target.center().y())
        out, into = QPointF(-1, 0), QPointF(1, 0)
    elif target.top() >= source.bottom():
        start = QPointF(source.center().x(), source.bottom())
        end = QPointF(target.center().x(), target.top())
        out, into = QPointF(0, 1), QPointF(0, -1)
    else:
        start = QPointF(source.center().x(), source.top())
        end = QPointF(target.center().x(), target.bottom())
        out, into = QPointF(0, -1), QPointF(0, 1)
    reach = max(40.0, QLineF(start, end).length() * 0.4)
    tip = end
    end = end + into * HEAD_LENGTH
    path = QPainterPath(start)
    path.cubicTo(start + out * reach, end + into * reach, end)
    angle = math.atan2(tip.y() - end.y(), tip.x() - end.x())
    wing = 7.0
    head = QPolygonF(
        [
            tip,
            QPointF(
                end.x() + wing * math.cos(angle + math.pi / 2),
                end.y() + wing * math.sin(angle + math.pi / 2),
            ),
            QPointF(
                end.x() + wing * math.cos(angle - math.pi / 2),
                end.y() + wing * math.sin(angle - math.pi / 2),
            ),
        ]
    )
    return path, head
