"""Find (Ctrl+F) over the text of steps and notes: each hit is selected and centred in turn.

Matching ignores case and accents, so "cafe" finds "Café". Enter or F3 goes to the next
hit, Shift+Enter or Shift+F3 to the previous one, Escape closes the bar.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.document import Document
from app.model import Workshop
from widgets.selection import Selection


def folded(text: str) -> str:
    """Text as find compares it: accents dropped, case folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Hit:
    """A step whose own text matches (note "") or one of whose notes matches."""

    step: str
    note: str = ""


def find_hits(workshop: Workshop, query: str) -> list[Hit]:
    """Every match, map by map, in reading order: stage, lane, then position in the cell."""
    wanted = folded(query.strip())
    if not wanted:
        return []
    notes_by_step: dict[str, list[str]] = {}
    for note in workshop.notes.values():
        if wanted in folded(f"{note.text} {note.dimension}"):
            notes_by_step.setdefault(note.step, []).append(note.id)
    hits: list[Hit] = []
    for journey_map in workshop.maps:
        stage_order = {s.id: i for i, s in enumerate(journey_map.stages)}
        lane_order = {lane.actor: i for i, lane in enumerate(journey_map.lanes)}
        steps = sorted(
            workshop.steps_of(journey_map.id),
            key=lambda s: (stage_order.get(s.stage, 0), lane_order.get(s.actor, 0), s.y, s.x),
        )
        for step in steps:
            if wanted in folded(step.text):
                hits.append(Hit(step.id))
            hits.extend(Hit(step.id, note) for note in notes_by_step.get(step.id, ()))
    return hits


class _QueryEdit(QLineEdit):
    """The search field: Enter finds the next hit, Shift+Enter the previous, Esc closes."""

    step_requested = Signal(int)
    close_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self.step_requested.emit(-1 if shift else 1)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.close_requested.emit()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    """The find bar under the canvas.

    Signals:
        hit_shown(step_id): a hit was selected; the window centres it.
    """

    hit_shown = Signal(str)

    def __init__(self, document: Document, selection: Selection, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.selection = selection
        self.hits: list[Hit] = []
        self.current = -1
        self._stale = True
        self.query = _QueryEdit()
        self.query.setPlaceholderText(self.tr("Find in steps and notes"))
        self.query.setAccessibleName(self.tr("Find"))
        self.query.setClearButtonEnabled(True)
        self.status = QLabel()
        self.status.setMinimumWidth(110)
        previous = QPushButton(self.tr("&Previous"))
        following = QPushButton(self.tr("&Next"))
        close = QPushButton(self.tr("Close"))
        label = QLabel(self.tr("&Find:"))
        label.setBuddy(self.query)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        for widget in (label, self.query, self.status, previous, following, close):
            layout.addWidget(widget)
        layout.setStretch(1, 1)
        self.query.textChanged.connect(self._on_query_text_changed)
        self.query.step_requested.connect(self.go)
        self.query.close_requested.connect(self.close_bar)
        previous.clicked.connect(lambda: self.go(-1))
        following.clicked.connect(lambda: self.go(1))
        close.clicked.connect(self.close_bar)
        document.changed.connect(self._on_document_changed)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def close_bar(self) -> None:
        self.hide()
        parent = self.parentWidget()
        if parent is not None:
            parent.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_document_changed(self) -> None:
        self._stale = True

    def _on_query_text_changed(self, _text: str) -> None:
        self._refresh()
        self.current = -1
        self._show_status()

    def _refresh(self) -> None:
        self.hits = find_hits(self.document.workshop, self.query.text())
        self._stale = False

    def go(self, offset: int) -> None:
        """Select the next (offset 1) or previous (-1) hit, wrapping round."""
        if self._stale:
            current = self.hits[self.current] if 0 <= self.current < len(self.hits) else None
            self._refresh()
            self.current = self.hits.index(current) if current in self.hits else -1
        if not self.hits:
            self._show_status()
            return
        self.current = (self.current + offset) % len(self.hits)
        hit = self.hits[self.current]
        self.selection.select([hit.step], note=hit.note)
        self.hit_shown.emit(hit.step)
        self._show_status()

    def _show_status(self) -> None:
        if not self.query.text().strip():
            self.status.setText("")
        elif not self.hits:
            self.status.setText(self.tr("No matches"))
        elif self.current < 0:
            self.status.setText(self.tr("{0} matches").format(len(self.hits)))
        else:
            self.status.setText(self.tr("{0} of {1}").format(self.current + 1, len(self.hits)))
