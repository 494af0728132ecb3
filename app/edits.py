"""What a user does to a map, as undo commands: add, move, link, delete, rename, reorder.

Each function checks the edit, works out everything it implies (a free slot for a card,
a wider column, the links that go with a step) and returns one command for the caller to
push, or raises `EditError` with a message for the user.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from PySide6.QtGui import QUndoCommand

from app.commands import (
    InsertItems,
    Macro,
    RemoveItems,
    SetConflictRecord,
    SetFields,
    SetVote,
    macro,
)
from app.document import Document
from app.errors import WorkshopError
from app.layout import CARD_PITCH_X, free_slot, plan_layout
from app.model import (
    CONFLICT_STATUSES,
    DEFAULT_WEIGHT,
    RADIUS_MAX,
    RADIUS_MIN,
    ROLES,
    VOTING_GROUPS,
    Actor,
    ConflictRecord,
    JourneyMap,
    Lane,
    Link,
    Note,
    Stage,
    Step,
    Vote,
    Workshop,
    conflict_target,
    next_free_id,
    pair_key,
)


class EditError(WorkshopError):
    """An edit that cannot be made, with the reason in plain words."""


def _map(workshop: Workshop, map_id: str) -> JourneyMap:
    journey_map = workshop.map(map_id)
    if journey_map is None:
        raise EditError(f"There is no map {map_id!r}.")
    return journey_map


def _unique_name(wanted: str, taken: Iterable[str]) -> str:
    taken_folded = {t.casefold() for t in taken}
    if wanted.casefold() not in taken_folded:
        return wanted
    n = 2
    while f"{wanted} {n}".casefold() in taken_folded:
        n += 1
    return f"{wanted} {n}"


def _check_name(kind: str, name: str, others: Iterable[str]) -> str:
    name = name.strip()
    if not name:
        raise EditError(f"A {kind} needs a name.")
    if name.casefold() in {o.casefold() for o in others}:
        raise EditError(f"There is already a {kind} called {name!r}.")
    return name


# -- placing cards ----------------------------------------------------------------------


class SlotFinder:
    """Finds free slots in cells, widening a stage when its cell is full.

    Keeps the stage widths it has decided on, so several cards placed in one command
    never land on the same slot.
    """

    def __init__(self, workshop: Workshop, journey_map: JourneyMap, moving: set[str]) -> None:
        self.map = journey_map
        self.widths = {s.id: s.width for s in journey_map.stages}
        self.taken: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for step in workshop.steps_of(journey_map.id):
            if step.id not in moving:
                self.taken.setdefault((step.actor, step.stage), []).append((step.x, step.y))

    def place(self, actor_id: str, stage_id: str, near: tuple[float, float]) -> tuple[float, float]:
        lane = self.map.lane(actor_id)
        assert lane is not None, actor_id
        taken = self.taken.setdefault((actor_id, stage_id), [])
        while (slot := free_slot(self.widths[stage_id], lane.height, taken, near)) is None:
            self.widths[stage_id] += CARD_PITCH_X
        taken.append(slot)
        return slot

    def width_command(self, document: Document, parent: Macro) -> None:
        """A child command that widens the stages this finder had to widen."""
        if any(self.widths[s.id] != s.width for s in self.map.stages):
            stages = [dataclasses.replace(s, width=self.widths[s.id]) for s in self.map.stages]
            SetFields(document, "map", self.map.id, {"stages": stages}, parent=parent)


def add_step(
    document: Document,
    map_id: str,
    actor_id: str,
    stage_id: str,
    text: str,
    near: tuple[float, float] = (0.0, 0.0),
    after: str | None = None,
) -> tuple[QUndoCommand, str]:
    """A new step in a cell (at the free slot nearest `near`), linked from `after`."""
    workshop = document.workshop
    journey_map = _map(workshop, map_id)
    if journey_map.lane(actor_id) is None or journey_map.stage(stage_id) is None:
        raise EditError("Add a lane and a stage to the map before adding steps.")
    finder = SlotFinder(workshop, journey_map, set())
    x, y = finder.place(actor_id, stage_id, near)
    step = Step(workshop.new_card_id("s"), map_id, stage_id, actor_id, text, x=x, y=y)
    command = macro("Add step")
    finder.width_command(document, command)
    links = []
    if after is not None:
        links.append(Link(workshop.new_card_id("l"), after, step.id))
    InsertItems(document, steps=[step], links=links, parent=command)
    return command, step.id


def move_steps(
    document: Document, moves: dict[str, tuple[str, str, tuple[float, float]]]
) -> QUndoCommand | None:
    """Move steps to cells: step id -> (actor, stage, wished offset); snaps to free slots."""
    if not moves:
        return None
    workshop = document.workshop
    first = workshop.steps[next(iter(moves))]
    journey_map = _map(workshop, first.map)
    finder = SlotFinder(workshop, journey_map, set(moves))
    command = macro("Move step" if len(moves) == 1 else f"Move {len(moves)} steps")
    changed = False
    for step_id, (actor_id, stage_id, near) in moves.items():
        step = workshop.steps[step_id]
        x, y = finder.place(actor_id, stage_id, near)
        fields = {"actor": actor_id, "stage": stage_id, "x": x, "y": y}
        if any(getattr(step, k) != v for k, v in fields.items()):
            changed = True
        SetFields(document, "step", step_id, fields, parent=command)
    finder.width_command(document, command)
    return command if changed or len(command.parts) > len(moves) else None


def add_link(document: Document, source: str, target: str) -> QUndoCommand:
    """A link from one step to another of the same map."""
    workshop = document.workshop
    a, b = workshop.steps.get(source), workshop.steps.get(target)
    if a is None or b is None:
        raise EditError("Both ends of a link must be steps.")
    if a.map != b.map:
        raise EditError("Links join steps of one map.")
    if source == target:
        raise EditError("A step cannot link to itself.")
    if any(lk.source == source and lk.target == target for lk in workshop.links.values()):
        raise EditError("These steps are linked already.")
    link = Link(workshop.new_card_id("l"), source, target)
    handoff = a.actor != b.actor
    return InsertItems(document, "Add handoff" if handoff else "Add link", links=[link])


def delete_items(
    document: Document,
    step_ids: Iterable[str] = (),
    link_ids: Iterable[str] = (),
    note_ids: Iterable[str] = (),
) -> QUndoCommand | None:
    """Delete steps (with their links and notes), links and notes."""
    command = RemoveItems(document, step_ids=step_ids, link_ids=link_ids, note_ids=note_ids)
    if command.is_empty():
        return None
    parts = [
        (len(command.step_ids), "step"),
        (len(command.link_ids), "link"),
        (len(command.note_ids), "note"),
    ]
    named = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in parts if n]
    command.setText("Delete " + ", ".join(named))
    return command


def edit_step(document: Document, step_id: str, merge: bool = False, **fields) -> QUndoCommand:
    """Change a step's text, channel, description, emotion or `with` actors."""
    names = {
        "text": "Edit step text",
        "channel": "Change channel",
        "description": "Edit description",
        "emotion": "Rate step",
        "with_actors": "Change who takes part",
    }
    text = names.get(next(iter(fields)), "Edit step") if len(fields) == 1 else "Edit step"
    key = f"step:{step_id}:{','.join(sorted(fields))}" if merge else None
    return SetFields(document, "step", step_id, fields, text, merge_key=key)


# -- notes ------------------------------------------------------------------------------


def add_note(
    document: Document, step_id: str, kind: str, actor_id: str, **fields
) -> tuple[QUndoCommand, str]:
    """A new need, pain, idea, quote or feeling on a step."""
    workshop = document.workshop
    if step_id not in workshop.steps:
        raise EditError("Select a step to add a note to.")
    if kind == "feeling" and any(
        n.kind == "feeling" and n.actor == actor_id for n in document.notes_of(step_id)
    ):
        raise EditError(f"{workshop.actors[actor_id].name} has already rated this step.")
    weight = DEFAULT_WEIGHT if kind in ("need", "pain") else None
    rating = 0 if kind == "feeling" else None
    note = Note(
        workshop.new_card_id(kind[0]), step_id, kind, actor_id, weight=weight, rating=rating
    )
    for key, value in fields.items():
        setattr(note, key, value)
    return InsertItems(document, f"Add {kind}", notes=[note]), note.id


def edit_note(document: Document, note_id: str, merge: bool = False, **fields) -> QUndoCommand:
    """Change a note's text, actor, dimension, direction, weight or rating."""
    kind = document.workshop.notes[note_id].kind
    key = f"note:{note_id}:{','.join(sorted(fields))}" if merge else None
    return SetFields(document, "note", note_id, fields, f"Edit {kind}", merge_key=key)


# -- conflicts --------------------------------------------------------------------------


def record_conflict(
    document: Document,
    a: str,
    b: str,
    status: str | None = None,
    note: str | None = None,
    merge: bool = False,
) -> QUndoCommand:
    """Record the group's status and note for a pair of needs (merge: typing a note)."""
    key = pair_key(a, b)
    old = document.workshop.conflicts.get(key) or ConflictRecord(*key)
    if status is not None and status not in CONFLICT_STATUSES:
        raise EditError(f"Unknown status {status!r}.")
    new = dataclasses.replace(
        old,
        status=old.status if status is None else status,
        note=old.note if note is None else note,
    )
    text = f"Mark conflict {new.status}" if status is not None else "Edit conflict note"
    merge_key = f"conflict:{key[0]}|{key[1]}:{'status' if status is not None else 'note'}"
    return SetConflictRecord(
        document,
        key,
        new if not new.is_default() else None,
        text,
        merge_key=merge_key if merge else None,
    )


def declare_conflict(document: Document, a: str, b: str, declared: bool = True) -> QUndoCommand:
    """Declare two needs of different actors in conflict, or withdraw the declaration."""
    workshop = document.workshop
    need_a, need_b = workshop.notes.get(a), workshop.notes.get(b)
    if need_a is None or need_b is None or need_a.kind != "need" or need_b.kind != "need":
        raise EditError("A conflict is between two needs.")
    if declared and need_a.actor == need_b.actor:
        raise EditError("A conflict is between needs of two different actors.")
    if declared and workshop.map_of_note(need_a) != workshop.map_of_note(need_b):
        raise EditError("A conflict is between needs on the same map.")
    key = pair_key(a, b)
    old = workshop.conflicts.get(key) or ConflictRecord(*key)
    new = dataclasses.replace(old, declared=declared)
    text = "Declare conflict" if declared else "Remove declared conflict"
    return SetConflictRecord(document, key, new if not new.is_default() else None, text)


# -- stages -----------------------------------------------------------------------------


def _set_stages(document: Document, journey_map: JourneyMap, stages: list[Stage], text: str):
    return SetFields(document, "map", journey_map.id, {"stages": stages}, text)


def add_stage(document: Document, map_id: str, name: str = "", index: int = -1) -> QUndoCommand:
    """A new stage (column), at the end or before position `index`."""
    journey_map = _map(document.workshop, map_id)
    taken = [s.name for s in journey_map.stages]
    name = _check_name("stage", name, taken) if name else _unique_name("New stage", taken)
    stage = Stage(document.workshop.new_stage_id(journey_map, name), name)
    stages = list(journey_map.stages)
    stages.insert(index if 0 <= index <= len(stages) else len(stages), stage)
    return _set_stages(document, journey_map, stages, f"Add stage {name!r}")


def rename_stage(document: Document, map_id: str, stage_id: str, name: str) -> QUndoCommand:
    journey_map = _map(document.workshop, map_id)
    others = [s.name for s in journey_map.stages if s.id != stage_id]
    name = _check_name("stage", name, others)
    stages = [
        dataclasses.replace(s, name=name) if s.id == stage_id else s for s in journey_map.stages
    ]
    return _set_stages(document, journey_map, stages, f"Rename stage to {name!r}")


def move_stage(document: Document, map_id: str, stage_id: str, index: int) -> QUndoCommand | None:
    """Put a stage at position `index`; None when it is there already or out of range."""
    journey_map = _map(document.workshop, map_id)
    stages = list(journey_map.stages)
    current = journey_map.stage_index(stage_id)
    if not 0 <= index < len(stages) or index == current:
        return None
    stages.insert(index, stages.pop(current))
    return _set_stages(document, journey_map, stages, "Move stage")


def delete_stage(document: Document, map_id: str, stage_id: str) -> QUndoCommand:
    """Delete a stage and the steps in it."""
    journey_map = _map(document.workshop, map_id)
    stage = journey_map.stage(stage_id)
    assert stage is not None
    command = macro(f"Delete stage {stage.name!r}")
    steps = [s.id for s in document.workshop.steps_of(map_id) if s.stage == stage_id]
    RemoveItems(document, step_ids=steps, parent=command)
    stages = [s for s in journey_map.stages if s.id != stage_id]
    SetFields(document, "map", map_id, {"stages": stages}, parent=command)
    return command


# -- lanes and actors -------------------------------------------------------------------


def add_lane(
    document: Document, map_id: str, actor_name: str, role: str = "other", index: int = -1
) -> QUndoCommand:
    """A lane for an actor (an existing one by name, or a new one)."""
    workshop = document.workshop
    journey_map = _map(workshop, map_id)
    actor_name = actor_name.strip()
    if not actor_name:
        raise EditError("A lane needs the name of a person or role.")
    if role not in ROLES:
        raise EditError(f"Unknown role {role!r}.")
    command = macro(f"Add lane {actor_name!r}")
    actor = workshop.actor_named(actor_name)
    if actor is None:
        actor = Actor(
            workshop.new_actor_id(actor_name), actor_name, role, workshop.next_actor_colour()
        )
        InsertItems(document, actors=[actor], parent=command)
    elif journey_map.lane(actor.id) is not None:
        raise EditError(f"{actor_name} has a lane on this map already.")
    lanes = list(journey_map.lanes)
    lanes.insert(index if 0 <= index <= len(lanes) else len(lanes), Lane(actor.id))
    SetFields(document, "map", map_id, {"lanes": lanes}, parent=command)
    return command


def edit_actor(document: Document, actor_id: str, **fields) -> QUndoCommand:
    """Rename, recolour or change the role of an actor (on every map)."""
    workshop = document.workshop
    if "name" in fields:
        others = [a.name for a in workshop.actors.values() if a.id != actor_id]
        fields["name"] = _check_name("lane", fields["name"], others)
    if "role" in fields and fields["role"] not in ROLES:
        raise EditError(f"Unknown role {fields['role']!r}.")
    text = {"name": "Rename lane", "colour": "Recolour lane", "role": "Change role"}.get(
        next(iter(fields)), "Edit lane"
    )
    return SetFields(document, "actor", actor_id, fields, text)


def move_lane(document: Document, map_id: str, actor_id: str, index: int) -> QUndoCommand | None:
    journey_map = _map(document.workshop, map_id)
    lanes = list(journey_map.lanes)
    current = journey_map.lane_index(actor_id)
    if not 0 <= index < len(lanes) or index == current:
        return None
    lanes.insert(index, lanes.pop(current))
    return SetFields(document, "map", map_id, {"lanes": lanes}, "Move lane")


def actors_in_use(workshop: Workshop, gone_steps: set[str], gone_lane: tuple[str, str]) -> set[str]:
    """Actors still referred to once some steps and one lane (map id, actor id) are gone."""
    used: set[str] = set()
    for journey_map in workshop.maps:
        used.update(
            lane.actor for lane in journey_map.lanes if (journey_map.id, lane.actor) != gone_lane
        )
    for step in workshop.steps.values():
        if step.id not in gone_steps:
            used.add(step.actor)
            used.update(step.with_actors)
    for note in workshop.notes.values():
        if note.step not in gone_steps:
            used.add(note.actor)
    return used


def delete_lane(document: Document, map_id: str, actor_id: str) -> QUndoCommand:
    """Delete a lane with its steps; the actor goes too when nothing else refers to it."""
    workshop = document.workshop
    journey_map = _map(workshop, map_id)
    name = workshop.actors[actor_id].name
    command = macro(f"Delete lane {name!r}")
    steps = {s.id for s in workshop.steps_of(map_id) if s.actor == actor_id}
    RemoveItems(document, step_ids=steps, parent=command)
    lanes = [lane for lane in journey_map.lanes if lane.actor != actor_id]
    SetFields(document, "map", map_id, {"lanes": lanes}, parent=command)
    if actor_id not in actors_in_use(workshop, steps, (map_id, actor_id)):
        RemoveItems(document, actor_ids=[actor_id], parent=command)
    return command


# -- maps -------------------------------------------------------------------------------


def add_map(document: Document, name: str = "") -> tuple[QUndoCommand, str]:
    """A new map with one stage and, when the workshop has actors, the first one's lane."""
    workshop = document.workshop
    taken = [m.name for m in workshop.maps]
    name = _check_name("map", name, taken) if name else _unique_name("Journey", taken)
    journey_map = JourneyMap(workshop.new_map_id(name), name)
    journey_map.stages.append(Stage(workshop.new_stage_id(journey_map, "Stage 1"), "Stage 1"))
    if workshop.actors:
        journey_map.lanes.append(Lane(next(iter(workshop.actors))))
    return InsertItems(document, f"Add map {name!r}", maps=[journey_map]), journey_map.id


def rename_map(document: Document, map_id: str, name: str) -> QUndoCommand:
    others = [m.name for m in document.workshop.maps if m.id != map_id]
    name = _check_name("map", name, others)
    return SetFields(document, "map", map_id, {"name": name}, f"Rename map to {name!r}")


def set_radius(document: Document, map_id: str, radius: int) -> QUndoCommand:
    if not RADIUS_MIN <= radius <= RADIUS_MAX:
        raise EditError(f"The conflict radius is {RADIUS_MIN} to {RADIUS_MAX} links.")
    return SetFields(document, "map", map_id, {"radius": radius}, "Change conflict radius")


def delete_map(document: Document, map_id: str) -> QUndoCommand:
    """Delete a map with all its steps (actors stay: other maps may use them)."""
    journey_map = _map(document.workshop, map_id)
    if len(document.workshop.maps) == 1:
        raise EditError("A workshop keeps at least one map.")
    return RemoveItems(document, f"Delete map {journey_map.name!r}", map_ids=[map_id])


def duplicate_map(document: Document, map_id: str, name: str = "") -> tuple[QUndoCommand, str]:
    """A copy of a map with new ids: steps, links, notes and the group's records."""
    workshop = document.workshop
    source = _map(workshop, map_id)
    taken = [m.name for m in workshop.maps]
    name = _check_name("map", name, taken) if name else _unique_name(f"{source.name} (copy)", taken)
    copy_map = JourneyMap(workshop.new_map_id(name), name, radius=source.radius)
    stage_ids: dict[str, str] = {}
    for stage in source.stages:
        new_id = workshop.new_stage_id(copy_map, stage.name)
        while new_id in stage_ids.values():
            new_id += "_"
        stage_ids[stage.id] = new_id
        copy_map.stages.append(Stage(new_id, stage.name, stage.width))
    copy_map.lanes = [dataclasses.replace(lane) for lane in source.lanes]
    ids = IdMaker(workshop)
    steps, links, notes, records = [], [], [], []
    new_of: dict[str, str] = {}
    for step in workshop.steps_of(map_id):
        new_of[step.id] = ids.new("s")
        steps.append(
            dataclasses.replace(
                step,
                id=new_of[step.id],
                map=copy_map.id,
                stage=stage_ids[step.stage],
                with_actors=list(step.with_actors),
            )
        )
    for link in workshop.links_of(map_id):
        links.append(Link(ids.new("l"), new_of[link.source], new_of[link.target]))
    for note in workshop.notes.values():
        if note.step in new_of:
            new_of[note.id] = ids.new(note.kind[0])
            notes.append(dataclasses.replace(note, id=new_of[note.id], step=new_of[note.step]))
    for record in workshop.conflicts.values():
        if record.a in new_of and record.b in new_of:
            a, b = pair_key(new_of[record.a], new_of[record.b])
            records.append(dataclasses.replace(record, a=a, b=b))
    command = InsertItems(
        document,
        f"Duplicate map {source.name!r}",
        maps=[copy_map],
        steps=steps,
        links=links,
        notes=notes,
        records=records,
    )
    return command, copy_map.id


class IdMaker:
    """Fresh card ids for many new items at once: one counter per prefix, no id twice."""

    def __init__(self, workshop: Workshop) -> None:
        self.taken = workshop.card_ids()
        self.counters: dict[str, int] = {}

    def new(self, prefix: str) -> str:
        if prefix not in self.counters:
            self.counters[prefix] = int(next_free_id(prefix, self.taken)[len(prefix) :]) - 1
        while True:
            self.counters[prefix] += 1
            candidate = f"{prefix}{self.counters[prefix]}"
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate


def auto_layout(document: Document, map_id: str) -> QUndoCommand | None:
    """Arrange a map's steps in their cells by the links, without overlaps."""
    workshop = document.workshop
    journey_map = _map(workshop, map_id)
    layout = plan_layout(workshop, map_id)
    command = macro("Arrange map")
    stages = [dataclasses.replace(s, width=layout.stage_widths[s.id]) for s in journey_map.stages]
    lanes = [
        dataclasses.replace(ln, height=layout.lane_heights[ln.actor]) for ln in journey_map.lanes
    ]
    if stages != journey_map.stages or lanes != journey_map.lanes:
        SetFields(document, "map", map_id, {"stages": stages, "lanes": lanes}, parent=command)
    for step_id, (x, y) in layout.positions.items():
        step = workshop.steps[step_id]
        if (step.x, step.y) != (x, y):
            SetFields(document, "step", step_id, {"x": x, "y": y}, parent=command)
    return command if command.parts else None


# -- dot votes --------------------------------------------------------------------------


def place_dots(
    document: Document, group: str, kind: str, target: tuple[str, ...], delta: int = 1
) -> QUndoCommand | None:
    """Add (or with a negative delta, take back) dots of a group on a step or a conflict.

    `target` is `(step_id,)` for a step, `(need_a, need_b)` for a conflict.
    """
    workshop = document.workshop
    if group not in VOTING_GROUPS:
        raise EditError(f"Unknown voting group {group!r}.")
    if kind == "step":
        if len(target) != 1 or target[0] not in workshop.steps:
            raise EditError("Votes go on a step of the map.")
    elif kind == "conflict":
        if len(target) != 2 or any(workshop.notes.get(n) is None for n in target):
            raise EditError("Votes go on a conflict between two needs.")
        target = conflict_target(*target)
    else:
        raise EditError(f"Unknown kind of vote {kind!r}.")
    key = (group, kind, tuple(target))
    old = workshop.votes.get(key)
    dots = (old.dots if old else 0) + delta
    if dots < 0 or delta == 0:
        return None
    text = "Add a dot" if delta > 0 else "Take back a dot"
    return SetVote(document, key, Vote(group, kind, key[2], dots) if dots else None, text)
