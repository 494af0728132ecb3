"""What the user is looking at and has selected, shared by the canvas, the docks and menus.

Signals:
    map_changed(map_id): another map is shown ("" when the workshop has none).
    selection_changed(): the selected steps, links or the current note changed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.document import Document


class Selection(QObject):
    """The shown map, the selected steps and links, and the note being worked on."""

    map_changed = Signal(str)
    selection_changed = Signal()

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        maps = document.workshop.maps
        self.map_id = maps[0].id if maps else ""
        self.steps: list[str] = []
        self.links: list[str] = []
        self.note = ""
        document.step_removed.connect(self._on_document_item_removed)
        document.link_removed.connect(self._on_document_item_removed)
        document.note_removed.connect(self._on_document_note_removed)
        document.map_removed.connect(self._on_document_map_removed)
        document.map_added.connect(self._on_document_map_added)

    @property
    def step(self) -> str:
        """The one step the inspector and the notes panel show ("" for none or several)."""
        return self.steps[0] if len(self.steps) == 1 else ""

    def show_map(self, map_id: str) -> None:
        if map_id == self.map_id:
            return
        self.map_id = map_id
        self.steps, self.links, self.note = [], [], ""
        self.map_changed.emit(map_id)
        self.selection_changed.emit()

    def select(self, steps: list[str], links: list[str] | None = None, note: str = "") -> None:
        """Select these steps and links (in the map of the first step, shown if need be)."""
        links = links or []
        workshop = self.document.workshop
        if steps and steps[0] in workshop.steps and workshop.steps[steps[0]].map != self.map_id:
            self.show_map(workshop.steps[steps[0]].map)
        if (steps, links, note) == (self.steps, self.links, self.note):
            return
        self.steps, self.links, self.note = list(steps), list(links), note
        self.selection_changed.emit()

    def set_note(self, note_id: str) -> None:
        if note_id != self.note:
            self.note = note_id
            self.selection_changed.emit()

    def _on_document_item_removed(self, item_id: str) -> None:
        if item_id in self.steps or item_id in self.links:
            self.steps = [s for s in self.steps if s != item_id]
            self.links = [lk for lk in self.links if lk != item_id]
            self.selection_changed.emit()

    def _on_document_note_removed(self, note_id: str, step_id: str) -> None:
        if note_id == self.note:
            self.note = ""
            self.selection_changed.emit()

    def _on_document_map_removed(self, map_id: str) -> None:
        if map_id == self.map_id:
            maps = self.document.workshop.maps
            self.map_id = ""
            self.show_map(maps[0].id if maps else "")

    def _on_document_map_added(self, map_id: str) -> None:
        if not self.map_id:
            self.show_map(map_id)
