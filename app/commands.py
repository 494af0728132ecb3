"""Undo commands: every edit of a workshop is one of these, pushed on the document's stack.

Three generic commands cover the model: `SetFields` changes fields of one item,
`InsertItems` adds items and `RemoveItems` removes them (with what hangs off them, put
back in the same places on undo). Compound edits are a `Macro` holding these in order;
`app.edits` builds them for each thing a user does.

Macros keep their parts in a Python list rather than as Qt child commands: PySide6 lets
the Python side of a child command be collected while Qt still calls it, which crashes.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any, ClassVar

from PySide6.QtGui import QUndoCommand

from app.document import Document
from app.model import Actor, ConflictRecord, JourneyMap, Link, Note, Step, Vote, WorkshopInfo

MERGE_ID = 0x4A57  # commands with a merge key merge with the next one of the same key


class Macro(QUndoCommand):
    """A compound edit: its parts are done in order and undone in reverse order."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.parts: list[QUndoCommand] = []

    def add(self, command: QUndoCommand) -> QUndoCommand:
        self.parts.append(command)
        return command

    def redo(self) -> None:
        for part in self.parts:
            part.redo()

    def undo(self) -> None:
        for part in reversed(self.parts):
            part.undo()


def macro(text: str) -> Macro:
    """An empty compound edit to `add` parts to."""
    return Macro(text)


def _join(command: QUndoCommand, parent: Macro | None) -> None:
    if parent is not None:
        parent.add(command)


class SetFields(QUndoCommand):
    """Change some fields of a step, note, actor or map (`kind` says which).

    Consecutive commands with the same `merge_key` merge into one undo step (typing).
    """

    SETTERS: ClassVar[dict[str, Any]] = {
        "step": Document.set_step_fields,
        "note": Document.set_note_fields,
        "actor": Document.set_actor_fields,
        "map": Document.set_map_fields,
    }

    def __init__(
        self,
        document: Document,
        kind: str,
        item_id: str,
        fields: dict[str, Any],
        text: str = "",
        parent: Macro | None = None,
        merge_key: str | None = None,
    ) -> None:
        super().__init__(text)
        _join(self, parent)
        self.document = document
        self.kind = kind
        self.item_id = item_id
        self.new = copy.deepcopy(fields)
        self.old: dict[str, Any] | None = None
        self.merge_key = merge_key

    def _apply(self, fields: dict[str, Any]) -> dict[str, Any]:
        return self.SETTERS[self.kind](self.document, self.item_id, copy.deepcopy(fields))

    def redo(self) -> None:
        old = self._apply(self.new)
        if self.old is None:
            self.old = old

    def undo(self) -> None:
        assert self.old is not None
        self._apply(self.old)

    def id(self) -> int:
        return MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, SetFields)
            and other.merge_key == self.merge_key
            and other.kind == self.kind
            and other.item_id == self.item_id
            and other.new.keys() == self.new.keys()
        ):
            return False
        self.new = other.new
        return True


class SetConflictRecord(QUndoCommand):
    """Put (or with None, drop) what the group recorded about a pair of needs.

    Consecutive commands with the same `merge_key` merge into one undo step (typing a note).
    """

    def __init__(
        self,
        document: Document,
        key: tuple[str, str],
        record: ConflictRecord | None,
        text: str = "",
        parent: Macro | None = None,
        merge_key: str | None = None,
    ) -> None:
        super().__init__(text)
        _join(self, parent)
        self.document = document
        self.key = key
        self.new = copy.deepcopy(record)
        self.old: ConflictRecord | None = None
        self.merge_key = merge_key
        self._done = False

    def redo(self) -> None:
        old = self.document.set_conflict_record(self.key, self.new)
        if not self._done:
            self.old, self._done = old, True

    def undo(self) -> None:
        self.document.set_conflict_record(self.key, self.old)

    def id(self) -> int:
        return MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, SetConflictRecord)
            and other.merge_key == self.merge_key
            and other.key == self.key
        ):
            return False
        self.new = other.new
        return True


class SetVote(QUndoCommand):
    """Put (or with None, drop) the dots a group placed on a step or a conflict."""

    def __init__(
        self,
        document: Document,
        key: tuple[str, str, tuple[str, ...]],
        vote: Vote | None,
        text: str = "",
        parent: Macro | None = None,
    ) -> None:
        super().__init__(text)
        _join(self, parent)
        self.document = document
        self.key = key
        self.new = copy.deepcopy(vote)
        self.old: Vote | None = None
        self.index = -1

    def redo(self) -> None:
        votes = self.document.workshop.votes
        self.index = list(votes).index(self.key) if self.key in votes else -1
        self.old = self.document.set_vote(self.key, self.new)

    def undo(self) -> None:
        if self.old is None:
            self.document.set_vote(self.key, None)
        elif self.new is None:
            self.document.set_vote(self.key, self.old, self.index)
        else:
            self.document.set_vote(self.key, self.old)


class SetInfo(QUndoCommand):
    """Change the workshop's properties (title, date, facilitator...)."""

    def __init__(self, document: Document, info: WorkshopInfo, text: str = "") -> None:
        super().__init__(text)
        self.document = document
        self.new = copy.deepcopy(info)
        self.old: WorkshopInfo | None = None

    def redo(self) -> None:
        self.old = self.document.set_info(self.new)

    def undo(self) -> None:
        assert self.old is not None
        self.document.set_info(self.old)


class InsertItems(QUndoCommand):
    """Add actors, maps, steps, links, notes and conflict records, in that order."""

    def __init__(
        self,
        document: Document,
        text: str = "",
        *,
        actors: Iterable[Actor] = (),
        maps: Iterable[JourneyMap] = (),
        steps: Iterable[Step] = (),
        links: Iterable[Link] = (),
        notes: Iterable[Note] = (),
        records: Iterable[ConflictRecord] = (),
        parent: Macro | None = None,
    ) -> None:
        super().__init__(text)
        _join(self, parent)
        self.document = document
        self.actors = copy.deepcopy(list(actors))
        self.maps = copy.deepcopy(list(maps))
        self.steps = copy.deepcopy(list(steps))
        self.links = copy.deepcopy(list(links))
        self.notes = copy.deepcopy(list(notes))
        self.records = copy.deepcopy(list(records))

    def redo(self) -> None:
        doc = self.document
        for actor in self.actors:
            doc.insert_actor(copy.deepcopy(actor))
        for journey_map in self.maps:
            doc.insert_map(copy.deepcopy(journey_map))
        for step in self.steps:
            doc.insert_step(copy.deepcopy(step))
        for link in self.links:
            doc.insert_link(copy.deepcopy(link))
        for note in self.notes:
            doc.insert_note(copy.deepcopy(note))
        for record in self.records:
            doc.set_conflict_record(record.key, record)

    def undo(self) -> None:
        doc = self.document
        for record in reversed(self.records):
            doc.set_conflict_record(record.key, None)
        for note in reversed(self.notes):
            doc.delete_note(note.id)
        for link in reversed(self.links):
            doc.delete_link(link.id)
        for step in reversed(self.steps):
            doc.delete_step(step.id)
        for journey_map in reversed(self.maps):
            doc.delete_map(journey_map.id)
        for actor in reversed(self.actors):
            doc.delete_actor(actor.id)


class RemoveItems(QUndoCommand):
    """Remove items and everything that hangs off them; undo puts all back in place.

    Removing a map removes its steps; a step its links and notes; a need the conflict
    records of its pairs. Actors are removed only when asked (see `app.edits`).
    """

    def __init__(
        self,
        document: Document,
        text: str = "",
        *,
        map_ids: Iterable[str] = (),
        step_ids: Iterable[str] = (),
        link_ids: Iterable[str] = (),
        note_ids: Iterable[str] = (),
        actor_ids: Iterable[str] = (),
        parent: Macro | None = None,
    ) -> None:
        super().__init__(text)
        _join(self, parent)
        self.document = document
        w = document.workshop
        maps = set(map_ids)
        steps = set(step_ids) | {s.id for s in w.steps.values() if s.map in maps}
        links = set(link_ids) | {
            lk.id for lk in w.links.values() if lk.source in steps or lk.target in steps
        }
        notes = set(note_ids) | {n.id for n in w.notes.values() if n.step in steps}
        self.map_ids = [m.id for m in w.maps if m.id in maps]
        self.step_ids = [s for s in w.steps if s in steps]
        self.link_ids = [lk for lk in w.links if lk in links]
        self.note_ids = [n for n in w.notes if n in notes]
        self.record_keys = [k for k in w.conflicts if k[0] in notes or k[1] in notes]
        self.vote_keys = [
            key
            for key in w.votes
            if (key[1] == "step" and key[2][0] in steps)
            or (key[1] == "conflict" and any(n in notes for n in key[2]))
        ]
        self.actor_ids = [a for a in w.actors if a in set(actor_ids)]
        self._removed: dict[str, list[tuple[Any, int]]] = {}

    def redo(self) -> None:
        doc = self.document
        removed: dict[str, list[tuple[Any, int]]] = {
            "votes": [doc.delete_vote(k) for k in self.vote_keys],
            "records": [doc.delete_conflict_record(k) for k in self.record_keys],
            "notes": [doc.delete_note(i) for i in self.note_ids],
            "links": [doc.delete_link(i) for i in self.link_ids],
            "steps": [doc.delete_step(i) for i in self.step_ids],
            "maps": [doc.delete_map(i) for i in self.map_ids],
            "actors": [doc.delete_actor(i) for i in self.actor_ids],
        }
        self._removed = removed

    def undo(self) -> None:
        doc, removed = self.document, self._removed

        def in_place(kind: str) -> list[tuple[Any, int]]:
            # Each removal recorded its index after the earlier ones were gone, so putting
            # them back in reverse order of removal restores every original position.
            return list(reversed(removed[kind]))

        for actor, index in in_place("actors"):
            doc.insert_actor(actor, index)
        for journey_map, index in in_place("maps"):
            doc.insert_map(journey_map, index)
        for step, index in in_place("steps"):
            doc.insert_step(step, index)
        for link, index in in_place("links"):
            doc.insert_link(link, index)
        for note, index in in_place("notes"):
            doc.insert_note(note, index)
        for record, index in in_place("records"):
            doc.set_conflict_record(record.key, record, index)
        for vote, index in in_place("votes"):
            doc.set_vote(vote.key, vote, index)

    def is_empty(self) -> bool:
        return not (
            self.map_ids or self.step_ids or self.link_ids or self.note_ids or self.actor_ids
        )
