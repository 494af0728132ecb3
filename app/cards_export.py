"""Write a workshop as a cards CSV (specs/cards-csv.md) and save it atomically for Excel.

`write_cards` writes every map, stage, lane, step, link, note, emotion and declared conflict
with refs, so that importing the text gives the same workshop and writing that again gives
the same text, byte for byte. Rows go map by map: the map's steps, its links, the notes on
its steps, then the declared conflicts between its needs.

What the format cannot hold, so import defaults or rebuilds it (not encoded on purpose):
- the workshop's info (import takes the title from the file name), actor colours (import
  gives the palette in order), a step's description, the map's conflict radius;
- positions and stage widths / lane heights: import lays every map out again;
- a stage or lane order that no order of rows can show (import orders them by first
  appearance), and empty stages, lanes and maps, and actors with no step or note;
- a map with no links but several steps in one lane (import adds the implied links);
- a conflict's status and note, and records that are not declared;
- a text or name starting with `'` followed by `=`, `+`, `-` or `@` (import drops that
  `'`), an actor name with `;` named in another step's `with`, surrounding white space;
- dangling items (a link or note whose step is gone) are left out.
"""

from __future__ import annotations

import csv
import heapq
import io
import re
from collections import defaultdict
from pathlib import Path

from app.atomic import replace_file
from app.model import JourneyMap, Note, Step, Workshop

# The columns of the spec's table, in its order: the header `write_cards` writes.
COLUMNS = (
    "kind",
    "ref",
    "map",
    "stage",
    "actor",
    "role",
    "text",
    "step",
    "from",
    "to",
    "emotion",
    "dimension",
    "direction",
    "weight",
    "with",
    "channel",
)
FORMULA_STARTS = ("=", "+", "-", "@")
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
WITH_SEPARATOR = "; "

Row = dict[str, str]


def escape_cell(value: str) -> str:
    """The cell as written: a leading `'` keeps a spreadsheet from taking it as a formula."""
    if value.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_cards(workshop: Workshop) -> str:
    """The cards CSV text of a workshop: header and `\\r\\n` line ends, no byte-order mark."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in _rows(workshop):
        writer.writerow([escape_cell(row.get(column, "")) for column in COLUMNS])
    return buffer.getvalue()


def save_cards(workshop: Workshop, path: Path) -> None:
    """Save the cards CSV with a UTF-8 byte-order mark (so Excel shows accents), atomically."""
    replace_file(
        path, write_cards(workshop).encode("utf-8-sig"), failure="could not save the cards CSV"
    )


def steps_in_writing_order(journey_map: JourneyMap, steps: list[Step]) -> list[Step]:
    """The map's steps (given in model order) in an order whose rows show lanes and stages in
    the map's order, by first appearance, whenever some order can.

    Each time, the first step in model order whose lane and stage are both already shown,
    or are the next ones to show, is written: so a model order that already shows them
    right (every imported map) is kept as it is. When no step fits, the order cannot be
    expressed and the first unwritten step in model order goes next. O(n log n).
    """
    lanes = _Appearances([lane.actor for lane in journey_map.lanes])
    stages = _Appearances([stage.id for stage in journey_map.stages])
    waiting_on_lane: dict[str, list[int]] = defaultdict(list)
    waiting_on_stage: dict[str, list[int]] = defaultdict(list)
    ready: list[int] = []  # heap of indices into `steps`

    def consider(index: int) -> None:
        step = steps[index]
        if not lanes.allows(step.actor):
            waiting_on_lane[step.actor].append(index)
        elif not stages.allows(step.stage):
            waiting_on_stage[step.stage].append(index)
        else:
            heapq.heappush(ready, index)

    for index in range(len(steps)):
        consider(index)
    written = [False] * len(steps)
    order: list[Step] = []
    first_unwritten = 0
    while len(order) < len(steps):
        if ready:
            index = heapq.heappop(ready)
        else:  # inexpressible: take the model's next step
            while written[first_unwritten]:
                first_unwritten += 1
            index = first_unwritten
        written[index] = True
        order.append(steps[index])
        for lane in lanes.show(steps[index].actor):
            for waiting in waiting_on_lane.pop(lane, []):
                if not written[waiting]:
                    consider(waiting)
        for stage in stages.show(steps[index].stage):
            for waiting in waiting_on_stage.pop(stage, []):
                if not written[waiting]:
                    consider(waiting)
    return order


class _Appearances:
    """Which items of an ordered list (a map's lanes or stages) the rows have shown so far."""

    def __init__(self, order: list[str]) -> None:
        self.order = order
        self.shown: set[str] = set()
        self.next_index = 0

    @property
    def next(self) -> str | None:
        return self.order[self.next_index] if self.next_index < len(self.order) else None

    def allows(self, item: str) -> bool:
        """True when a row showing `item` now keeps the list's order."""
        return item in self.shown or item == self.next

    def show(self, item: str) -> list[str]:
        """Record that a row showed `item`; return the items a row may now show that it
        could not before."""
        if item in self.shown:
            return []
        self.shown.add(item)
        before = self.next
        while self.next_index < len(self.order) and self.order[self.next_index] in self.shown:
            self.next_index += 1
        after = self.next
        return [item] + ([after] if after is not None and after != before else [])


def _rows(workshop: Workshop) -> list[Row]:
    """Every row but the header, map by map."""
    map_of_step = {step.id: step.map for step in workshop.steps.values()}
    steps_by_map: dict[str, list[Step]] = defaultdict(list)
    for step in workshop.steps.values():
        steps_by_map[step.map].append(step)
    notes_by_map: dict[str, list[Note]] = defaultdict(list)
    for note in workshop.notes.values():
        if note.step in map_of_step:
            notes_by_map[map_of_step[note.step]].append(note)
    needs = {note.id: note for note in workshop.notes.values() if note.kind == "need"}
    conflicts_by_map: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for record in workshop.conflicts.values():
        if record.declared and record.a in needs and record.b in needs:
            a_map = map_of_step.get(needs[record.a].step)
            if a_map is not None and a_map == map_of_step.get(needs[record.b].step):
                conflicts_by_map[a_map].append((record.a, record.b))

    rows: list[Row] = []
    for journey_map in workshop.maps:
        stage_names = {stage.id: stage.name for stage in journey_map.stages}
        for step in steps_in_writing_order(journey_map, steps_by_map[journey_map.id]):
            rows.append(
                {
                    "kind": "step",
                    "ref": step.id,
                    "map": journey_map.name,
                    "stage": stage_names.get(step.stage, ""),
                    **_actor_cells(workshop, step.actor),
                    "text": step.text,
                    "emotion": _number(step.emotion),
                    "with": WITH_SEPARATOR.join(_actor_name(workshop, a) for a in step.with_actors),
                    "channel": step.channel,
                }
            )
        for link in workshop.links_of(journey_map.id):
            rows.append({"kind": "link", "ref": link.id, "from": link.source, "to": link.target})
        rows.extend(_note_row(workshop, note) for note in notes_by_map[journey_map.id])
        rows.extend(
            {"kind": "conflict", "from": a, "to": b} for a, b in conflicts_by_map[journey_map.id]
        )
    return rows


def _note_row(workshop: Workshop, note: Note) -> Row:
    row: Row = {
        "kind": note.kind,
        "ref": note.id,
        **_actor_cells(workshop, note.actor),
        "text": note.text,
        "step": note.step,
    }
    if note.kind == "need":
        row.update(dimension=note.dimension, direction=note.direction)
    if note.kind in ("need", "pain"):
        row["weight"] = _number(note.weight)
    if note.kind == "feeling":
        row["emotion"] = _number(note.rating)
    return row


def _actor_cells(workshop: Workshop, actor_id: str) -> Row:
    actor = workshop.actors.get(actor_id)
    return {"actor": actor.name if actor else actor_id, "role": actor.role if actor else ""}


def _actor_name(workshop: Workshop, actor_id: str) -> str:
    actor = workshop.actors.get(actor_id)
    return actor.name if actor else actor_id


def _number(value: int | None) -> str:
    return "" if value is None else str(value)
