"""Editing a card's text in place: a text box laid over the card, at the view's zoom.

Enter keeps the text, Shift+Enter starts a new line, Escape gives up; clicking elsewhere
keeps the text too.

Signals:
    committed(step_id, text): the user finished editing with this text.
    finished(): the editor closed (after committing or cancelling).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QGraphicsView, QPlainTextEdit, QWidget

from app.model import CARD_HEIGHT
from widgets.canvas.items import STRIPE_WIDTH
from widgets.theme import CARD_TEXT_PX, scene_font


class _TextBox(QPlainTextEdit):
    """The box itself: reports Enter, Escape and losing focus to its editor."""

    def __init__(self, owner: InlineEditor, parent: QWidget) -> None:
        super().__init__(parent)
        self.owner = owner

    def event(self, event: QEvent) -> bool:
        # The canvas's Escape shortcut (cancel a gesture, clear the selection) would take
        # the key before the box sees it and leave the box open: claim Escape here.
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Escape:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.owner.commit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.owner.cancel()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.owner.commit()


class InlineEditor(QObject):
    """Opens a text box over one card of a view."""

    committed = Signal(str, str)
    finished = Signal()

    def __init__(self, view: QGraphicsView) -> None:
        super().__init__(view)
        self.view = view
        self.box: _TextBox | None = None
        self.step_id = ""
        view.viewport().installEventFilter(self)

    def is_open(self) -> bool:
        return self.box is not None

    def open(self, step_id: str, card_rect: QRectF, text: str) -> None:
        """Edit `text` of `step_id` in a box over `card_rect` (scene coordinates).

        A box still open on another card keeps what was typed in it (as clicking away does).
        """
        self.commit()
        self.step_id = step_id
        box = _TextBox(self, self.view.viewport())
        box.setAccessibleName(self.tr("Step text"))
        zoom = self.view.transform().m11()
        font = scene_font(max(9, round(CARD_TEXT_PX * zoom)))
        box.setFont(font)
        inner = card_rect.adjusted(STRIPE_WIDTH + 4, 4, -4, -(CARD_HEIGHT * 0.3))
        top_left = self.view.mapFromScene(inner.topLeft())
        box.setGeometry(
            top_left.x(),
            top_left.y(),
            max(80, round(inner.width() * zoom)),
            max(48, round(inner.height() * zoom)),
        )
        box.setPlainText(text)
        box.selectAll()
        box.show()
        box.setFocus(Qt.FocusReason.OtherFocusReason)
        self.box = box

    def text(self) -> str:
        return self.box.toPlainText() if self.box else ""

    def commit(self) -> None:
        if self.box is None:
            return
        step_id, text = self.step_id, self.box.toPlainText().strip()
        self.close()
        if text:
            self.committed.emit(step_id, text)

    def cancel(self) -> None:
        self.close()

    def close(self) -> None:
        box, self.box = self.box, None
        if box is not None:
            box.hide()
            box.deleteLater()
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            self.finished.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Zooming or scrolling under an open box would leave it floating: keep the text.
        if self.box is not None and event.type() in (QEvent.Type.Wheel, QEvent.Type.Resize):
            self.commit()
        return False
