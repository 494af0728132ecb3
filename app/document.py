"""The open workshop: its model, undo stack, file path and modified state, with signals.

Widgets read `document.workshop` and listen to the signals; they change it only by pushing
commands from `app.commands`, which call the mutation methods below. Nothing here touches
files: saving and opening go through `app.store` from the window.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.model import (
    Actor,
    ConflictRecord,
    JourneyMap,
    Link,
    Note,
    Step,
    Vote,
    Workshop,
    WorkshopInfo,
)

T = TypeVar("T")


def insert_at(items: dict[Any, T], index: int, key: Any, value: T) -> None:
    """Put `key: value` at position `index` of an ordered dict (at the end if out of range)."""
    if index < 0 or index >= len(items):
        items[key] = value
        return
    tail = [(k, items.pop(k)) for k in list(items)[index:]]
    items[key] = value
    items.update(tail)


class Document(QObject):
    """One workshop being edited.

    Signals:
        step_added(id), step_removed(id), step_changed(id): a step of any map.
        link_added(id), link_removed(id): a link.
        note_added(id, step), note_removed(id, step), note_changed(id, step): a note on
            a step (for a note moved to another step, `note_changed` names its new step).
        map_added(id), map_removed(id): a whole map.
        map_changed(id): a map's name, radius, stages or lanes (cell sizes included).
        actor_added(id), actor_removed(id), actor_changed(id): an actor's name, role, colour.
        conflict_status_changed(a, b): the record of the pair of needs a < b.
        vote_changed(group, kind, target): the dots a group put on a step or conflict
            (target: a tuple of the step's id, or of the conflict's two need ids).
        info_changed(): the workshop's properties.
        changed(): after any change of the model (the analysis listens to this).
        path_changed(path): the file the workshop is saved in ("" for none).
        modified_changed(modified): whether there are unsaved changes.
    """

    step_added = Signal(str)
    step_removed = Signal(str)
    step_changed = Signal(str)
    link_added = Signal(str)
    link_removed = Signal(str)
    note_added = Signal(str, str)
    note_removed = Signal(str, str)
    note_changed = Signal(str, str)
    map_added = Signal(str)
    map_removed = Signal(str)
    map_changed = Signal(str)
    actor_added = Signal(str)
    actor_removed = Signal(str)
    actor_changed = Signal(str)
    conflict_status_changed = Signal(str, str)
    vote_changed = Signal(str, str, object)
    info_changed = Signal()
    changed = Signal()
    path_changed = Signal(str)
    modified_changed = Signal(bool)

    def __init__(
        self,
        workshop: Workshop | None = None,
        path: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.workshop = workshop if workshop is not None else Workshop()
        self.undo_stack = QUndoStack(self)
        self.read_only = False
        self._path = path
        self._forced_modified = False
        self._notes_by_step: dict[str, list[Note]] | None = None
        self.undo_stack.cleanChanged.connect(self._on_undo_stack_clean_changed)

    # -- file state -------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        return self._path

    def set_path(self, path: Path | None) -> None:
        self._path = path
        self.path_changed.emit(str(path) if path else "")

    def is_modified(self) -> bool:
        return self._forced_modified or not self.undo_stack.isClean()

    def mark_saved(self) -> None:
        """The workshop now equals its file: clear the unsaved mark."""
        self._forced_modified = False
        self.undo_stack.setClean()
        self.modified_changed.emit(False)

    def mark_unsaved(self) -> None:
        """Unsaved although nothing was edited (e.g. restored from a recovery copy)."""
        self._forced_modified = True
        self.modified_changed.emit(True)

    def _on_undo_stack_clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(self._forced_modified or not clean)

    def push(self, command: QUndoCommand | None) -> None:
        """Do an edit and put it on the undo stack (nothing for None or a read-only document)."""
        if command is None or self.read_only:
            return
        self.undo_stack.push(command)

    # -- steps, links, notes ----------------------------------------------------------

    def insert_step(self, step: Step, index: int = -1) -> None:
        insert_at(self.workshop.steps, index, step.id, step)
        self.step_added.emit(step.id)
        self.changed.emit()

    def delete_step(self, step_id: str) -> tuple[Step, int]:
        index = list(self.workshop.steps).index(step_id)
        step = self.workshop.steps.pop(step_id)
        self.step_removed.emit(step_id)
        self.changed.emit()
        return step, index

    def set_step_fields(self, step_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        return self._set_fields(self.workshop.steps[step_id], fields, self.step_changed, step_id)

    def insert_link(self, link: Link, index: int = -1) -> None:
        insert_at(self.workshop.links, index, link.id, link)
        self.link_added.emit(link.id)
        self.changed.emit()

    def delete_link(self, link_id: str) -> tuple[Link, int]:
        index = list(self.workshop.links).index(link_id)
        link = self.workshop.links.pop(link_id)
        self.link_removed.emit(link_id)
        self.changed.emit()
        return link, index

    def notes_of(self, step_id: str) -> list[Note]:
        """The notes on a step, in order (from an index rebuilt after notes change)."""
        if self._notes_by_step is None:
            index: dict[str, list[Note]] = {}
            for note in self.workshop.notes.values():
                index.setdefault(note.step, []).append(note)
            self._notes_by_step = index
        return self._notes_by_step.get(step_id, [])

    def insert_note(self, note: Note, index: int = -1) -> None:
        insert_at(self.workshop.notes, index, note.id, note)
        self._notes_by_step = None
        self.note_added.emit(note.id, note.step)
        self.changed.emit()

    def delete_note(self, note_id: str) -> tuple[Note, int]:
        index = list(self.workshop.notes).index(note_id)
        note = self.workshop.notes.pop(note_id)
        self._notes_by_step = None
        self.note_removed.emit(note_id, note.step)
        self.changed.emit()
        return note, index

    def set_note_fields(self, note_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        note = self.workshop.notes[note_id]
        old_step = note.step
        old = {key: getattr(note, key) for key in fields}
        for key, value in fields.items():
            setattr(note, key, value)
        if note.step != old_step:
            self._notes_by_step = None
            self.note_changed.emit(note_id, old_step)
        self.note_changed.emit(note_id, note.step)
        self.changed.emit()
        return old

    # -- maps and actors --------------------------------------------------------------

    def insert_map(self, journey_map: JourneyMap, index: int = -1) -> None:
        maps = self.workshop.maps
        maps.insert(index if 0 <= index <= len(maps) else len(maps), journey_map)
        self.map_added.emit(journey_map.id)
        self.changed.emit()

    def delete_map(self, map_id: str) -> tuple[JourneyMap, int]:
        index = next(i for i, m in enumerate(self.workshop.maps) if m.id == map_id)
        journey_map = self.workshop.maps.pop(index)
        self.map_removed.emit(map_id)
        self.changed.emit()
        return journey_map, index

    def set_map_fields(self, map_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Change a map's name, radius, stages or lanes; lists are copied, never shared."""
        journey_map = self.workshop.map(map_id)
        assert journey_map is not None, map_id
        copied = {
            key: [dataclasses.replace(item) for item in value]
            if key in ("stages", "lanes")
            else value
            for key, value in fields.items()
        }
        return self._set_fields(journey_map, copied, self.map_changed, map_id)

    def insert_actor(self, actor: Actor, index: int = -1) -> None:
        insert_at(self.workshop.actors, index, actor.id, actor)
        self.actor_added.emit(actor.id)
        self.changed.emit()

    def delete_actor(self, actor_id: str) -> tuple[Actor, int]:
        index = list(self.workshop.actors).index(actor_id)
        actor = self.workshop.actors.pop(actor_id)
        self.actor_removed.emit(actor_id)
        self.changed.emit()
        return actor, index

    def set_actor_fields(self, actor_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        actor = self.workshop.actors[actor_id]
        return self._set_fields(actor, fields, self.actor_changed, actor_id)

    # -- conflict records and properties ----------------------------------------------

    def set_conflict_record(
        self, key: tuple[str, str], record: ConflictRecord | None, index: int = -1
    ) -> ConflictRecord | None:
        """Put (or with None, drop) the record of a pair; returns the one it replaced.

        A new record goes at position `index` (the end by default); a replaced one keeps
        its place.
        """
        records = self.workshop.conflicts
        old = records.pop(key, None) if record is None else records.get(key)
        if record is not None:
            if key in records:
                records[key] = dataclasses.replace(record)
            else:
                insert_at(records, index, key, dataclasses.replace(record))
        self.conflict_status_changed.emit(*key)
        self.changed.emit()
        return old

    def delete_conflict_record(self, key: tuple[str, str]) -> tuple[ConflictRecord, int]:
        """Drop the record of a pair; returns it and where it was."""
        index = list(self.workshop.conflicts).index(key)
        record = self.set_conflict_record(key, None)
        assert record is not None
        return record, index

    def set_vote(
        self, key: tuple[str, str, tuple[str, ...]], vote: Vote | None, index: int = -1
    ) -> Vote | None:
        """Put (or with None, drop) a group's dots on a target; returns what it replaced."""
        votes = self.workshop.votes
        old = votes.pop(key, None) if vote is None else votes.get(key)
        if vote is not None:
            if key in votes:
                votes[key] = dataclasses.replace(vote)
            else:
                insert_at(votes, index, key, dataclasses.replace(vote))
        self.vote_changed.emit(*key)
        self.changed.emit()
        return old

    def delete_vote(self, key: tuple[str, str, tuple[str, ...]]) -> tuple[Vote, int]:
        index = list(self.workshop.votes).index(key)
        vote = self.set_vote(key, None)
        assert vote is not None
        return vote, index

    def set_info(self, info: WorkshopInfo) -> WorkshopInfo:
        old = self.workshop.info
        self.workshop.info = dataclasses.replace(info)
        self.info_changed.emit()
        self.changed.emit()
        return old

    # -- helpers ----------------------------------------------------------------------

    def _set_fields(self, item: Any, fields: dict[str, Any], signal: Any, item_id: str) -> dict:
        old = {key: getattr(item, key) for key in fields}
        for key, value in fields.items():
            setattr(item, key, value)
        signal.emit(item_id)
        self.changed.emit()
        return old
