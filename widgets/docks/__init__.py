"""Dock panels beside the map (inspector, notes) and the small helpers they share."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QUndoCommand
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.document import Document
from app.model import EMOTION_MAX, EMOTION_MIN

EMOTION_WORDS = {
    -3: "very bad",
    -2: "bad",
    -1: "a bit bad",
    0: "neutral",
    1: "a bit good",
    2: "good",
    3: "very good",
}


def tr(text: str) -> str:
    return QCoreApplication.translate("Docks", text)


def signed(value: int) -> str:
    """A rating as people write it: -2, 0, +1."""
    return f"+{value}" if value > 0 else str(value)


def emotion_text(value: int) -> str:
    """`-3 very bad` ... `0 neutral` ... `+3 very good`."""
    return f"{signed(value)} {tr(EMOTION_WORDS[value])}"


def fill_rating_combo(combo: QComboBox, with_unrated: bool) -> None:
    """The ratings -3..3 with words, and first "not rated" (data None) when asked."""
    if with_unrated:
        combo.addItem(tr("not rated"), None)
    for value in range(EMOTION_MIN, EMOTION_MAX + 1):
        combo.addItem(emotion_text(value), value)


def escape_mnemonic(text: str) -> str:
    """Text to put in a label with a mnemonic: a literal `&` doubled."""
    return text.replace("&", "&&")


def heading_label(text: str = "") -> QLabel:
    """A panel's bold heading, a little larger than the interface font."""
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(max(font.pointSizeF(), 11.0) * 1.15)
    label.setFont(font)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def error_label() -> QLabel:
    """A label for refusals ("Midwife has already rated this step"), hidden when empty."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("QLabel { color: #B00020; font-weight: bold; }")
    label.setAccessibleName(tr("Message"))
    label.hide()
    return label


def show_error(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))


def set_text_if_changed(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Show `text` unless the widget shows it already (so typing keeps its cursor)."""
    if isinstance(widget, QLineEdit):
        if widget.text() != text:
            widget.setText(text)
        return
    if widget.toPlainText() == text:
        return
    position = widget.textCursor().position()
    widget.setPlainText(text)
    cursor = widget.textCursor()
    cursor.setPosition(min(position, len(text)))
    widget.setTextCursor(cursor)


class TypingSessions(QObject):
    """Merges typing in one field into one undo step, until the field loses focus.

    Install it on the text fields of a panel: Ctrl+Z and redo in those fields undo the
    document (not just the field), and leaving a field ends its run of merged edits, so
    typing there again later is a new undo step.
    """

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.session = 0

    def watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def end(self) -> None:
        """The next typed edit starts a new undo step."""
        self.session += 1

    def merging(self, command: QUndoCommand) -> QUndoCommand:
        """`command` (made with merge=True) merging only within the current session."""
        key = getattr(command, "merge_key", None)
        if key:
            command.merge_key = f"{key}#{self.session}"
        return command

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FocusOut:
            self.end()
        elif kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            undo = event.matches(QKeySequence.StandardKey.Undo)
            redo = event.matches(QKeySequence.StandardKey.Redo) or (
                event.key() == Qt.Key.Key_Y
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            )
            if undo or redo:
                event.accept()
                if kind == QEvent.Type.KeyPress:
                    self.end()
                    if undo:
                        self.document.undo_stack.undo()
                    else:
                        self.document.undo_stack.redo()
                return True
        return False
