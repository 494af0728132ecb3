"""The map zoomed far out: arrows as thin and faint as Qt draws them, cards not wrapped."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QGraphicsScene

from app.model import CARD_WIDTH
from widgets.canvas.items import (
    HEAD_LENGTH,
    MIN_HEAD_PIXELS,
    STRIPE_WIDTH,
    TEXT_MARGIN,
    CardFace,
    LinkItem,
    StepItem,
    blend,
    link_pen,
    link_width,
    thin_pen,
    wrap_text,
)
from widgets.theme import CARD_TEXT_PX, HIGH_CONTRAST, STANDARD, scene_font

SOURCE = QRectF(0, 0, 260, 160)
TARGET = QRectF(2000, 1200, 260, 160)


def ink(image: QImage) -> float:
    """How much darker than white the image is, summed over its pixels (0-1 each)."""
    assert image.format() == QImage.Format.Format_RGB32  # 4 bytes a pixel, the 4th 0xFF
    pixels = image.width() * image.height()
    data = bytes(image.constBits())[: pixels * 4]
    return (4 * 255 * pixels - sum(data)) / (3 * 255)


def picture(draw, scale: float) -> QImage:
    """What `draw(painter)` paints over the two cards' area at `scale`, on white."""
    area = SOURCE.united(TARGET).adjusted(-20, -20, 20, 20)
    image = QImage(
        round(area.width() * scale), round(area.height() * scale), QImage.Format.Format_RGB32
    )
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(scale, scale)
    painter.translate(-area.topLeft())
    draw(painter)
    painter.end()
    return image


def item_picture(handoff: bool, scale: float) -> QImage:
    scene = QGraphicsScene()
    link = LinkItem("l1", handoff, STANDARD)
    link.set_ends(SOURCE, TARGET, handoff)
    scene.addItem(link)
    area = SOURCE.united(TARGET).adjusted(-20, -20, 20, 20)
    return picture(lambda painter: scene.render(painter, area, area), scale)


def qt_picture(handoff: bool, scale: float) -> QImage:
    """The arrow's line as Qt draws it with the real pen, head left out."""
    link = LinkItem("l1", handoff, STANDARD)
    link.set_ends(SOURCE, TARGET, handoff)

    def draw(painter: QPainter) -> None:
        painter.setPen(link_pen(STANDARD, handoff))
        painter.drawPath(link._path)

    return picture(draw, scale)


def test_thin_pen_is_one_pixel_faint_and_made_once_per_zoom(qapp) -> None:
    pen = thin_pen(STANDARD, True, 0.1)
    assert pen.isCosmetic() and pen.widthF() == 0
    assert pen.style() == Qt.PenStyle.DashLine
    assert pen.color() == blend(STANDARD.handoff, STANDARD.background, 0.32)
    assert thin_pen(STANDARD, True, 0.1) is pen
    assert thin_pen(STANDARD, False, 0.1).style() == Qt.PenStyle.SolidLine
    assert thin_pen(HIGH_CONTRAST, True, 0.1).color() == blend(
        HIGH_CONTRAST.handoff, HIGH_CONTRAST.background, min(1.0, 0.1 * 3.2 * 1.6)
    )


@pytest.mark.parametrize("handoff", [False, True])
@pytest.mark.parametrize("scale", [0.05, 0.12])
def test_far_out_arrow_has_the_ink_of_qts_own_thin_line(qapp, handoff: bool, scale: float):
    assert scale * link_width(STANDARD, handoff) <= 1  # the thin drawing applies
    assert HEAD_LENGTH * scale < MIN_HEAD_PIXELS  # and the head is left out
    ours, qts = ink(item_picture(handoff, scale)), ink(qt_picture(handoff, scale))
    assert qts > 0
    assert ours == pytest.approx(qts, rel=0.1)


def test_arrow_zoomed_in_keeps_its_head(qapp) -> None:
    scale = 0.5
    assert scale * link_width(STANDARD, False) > 1  # drawn with the real pen
    with_head = ink(item_picture(False, scale))
    line_only = ink(qt_picture(False, scale))
    head_pixels = HEAD_LENGTH * 14 / 2 * scale**2  # a triangle 14 long, 14 wide
    assert with_head - line_only > head_pixels / 2


def test_selected_arrow_far_out_shows_its_halo(qapp) -> None:
    scene = QGraphicsScene()
    link = LinkItem("l1", False, STANDARD)
    link.set_ends(SOURCE, TARGET, False)
    scene.addItem(link)
    area = SOURCE.united(TARGET).adjusted(-20, -20, 20, 20)
    plain = ink(picture(lambda painter: scene.render(painter, area, area), 0.05))
    link.setSelected(True)
    selected = ink(picture(lambda painter: scene.render(painter, area, area), 0.05))
    assert selected > plain * 2


def render_card(item: StepItem, scale: float) -> None:
    scene = QGraphicsScene()
    scene.addItem(item)
    rect = item.sceneBoundingRect()
    picture(lambda painter: scene.render(painter, rect, rect), scale)
    scene.removeItem(item)


def test_card_text_is_wrapped_when_first_drawn_readable_and_when_it_changes(qapp) -> None:
    text = "Ask about the referral letter again, because nobody wrote down what was agreed"
    item = StepItem("s1", CardFace(text, QColor("#E69F00")))
    render_card(item, 0.1)  # an outline: no text to wrap
    assert item._wrapped is None
    render_card(item, 1.0)
    width = CARD_WIDTH - 2 * TEXT_MARGIN - STRIPE_WIDTH
    assert item.lines() == wrap_text(text, scene_font(CARD_TEXT_PX), width, 4)
    lines = item.lines()
    item.set_face(CardFace(text, QColor("#E69F00"), needs=3, conflicts=2))
    assert item.lines() is lines  # a new count or badge: the same lines
    item.set_face(CardFace(text, QColor("#E69F00"), with_names=["Carer"]))
    assert item.lines() == wrap_text(text, scene_font(CARD_TEXT_PX), width, 3)
    item.set_face(CardFace("Book", QColor("#E69F00")))
    assert item.lines() == ["Book"]
