"""What the priorities panel lists: a map's steps and conflicts to vote on, as plain rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from PySide6.QtCore import QCoreApplication

from app.model import VOTING_GROUPS, JourneyMap, Step, Workshop, conflict_target
from app.priorities import target_label

TargetKey = tuple[str, tuple[str, ...]]  # (kind, target) as in Vote
MAX_DOT_GLYPHS = 10
HIDDEN_STATUS = "not a conflict"  # the group ruled it out: no voting unless it has dots


def tr(text: str) -> str:
    return QCoreApplication.translate("Priorities", text)


def group_title(group: str) -> str:
    """A voting group as the interface names it: `Patients and carers`."""
    return {
        "patients and carers": tr("Patients and carers"),
        "staff": tr("Staff"),
        "everyone": tr("Everyone"),
    }.get(group, group)


def short_title(group: str) -> str:
    """A voting group in a narrow column heading."""
    return {"patients and carers": tr("Patients")}.get(group, group_title(group))


class VoteRow(NamedTuple):
    """One thing to vote on: a step or a conflict of the shown map (a tuple: thousands are
    built and compared on every analysis)."""

    kind: str  # "step" or "conflict"
    target: tuple[str, ...]
    label: str  # short: the step's text, or "Patient ↔ GP: consultation time"
    where: str  # "Arrival · Patient", or the steps of a conflict
    detail: str  # the whole text, for the tooltip
    steps: tuple[str, ...]  # the step(s) to select on the map

    @property
    def key(self) -> TargetKey:
        return (self.kind, self.target)


def dots_of(workshop: Workshop, kind: str, target: tuple[str, ...], group: str | None) -> int:
    """Dots of one group on a target, or of all groups when `group` is None."""
    groups = VOTING_GROUPS if group is None else (group,)
    total = 0
    for name in groups:
        vote = workshop.votes.get((name, kind, target))
        if vote is not None:
            total += vote.dots
    return total


def dots_text(count: int) -> str:
    """`3  ●●●`: the number first (read aloud), then as many dots as fit."""
    if count <= 0:
        return "0"
    glyphs = "●" * min(count, MAX_DOT_GLYPHS) + ("…" if count > MAX_DOT_GLYPHS else "")
    return f"{count}  {glyphs}"


def steps_of_target(workshop: Workshop, kind: str, target: tuple[str, ...]) -> list[str]:
    """The steps a target sits on: the step, or the steps of a conflict's two needs."""
    if kind == "step":
        return [target[0]] if target and target[0] in workshop.steps else []
    steps: list[str] = []
    for need_id in target:
        need = workshop.notes.get(need_id)
        if need is not None and need.step in workshop.steps and need.step not in steps:
            steps.append(need.step)
    return steps


Place = tuple[int, int, float, float]  # a step's stage, lane, y and x: its reading order


def _reader(workshop: Workshop, journey_map: JourneyMap) -> Callable[[Step], tuple[Place, VoteRow]]:
    """Where a step of the map comes in reading order, and its row."""
    far = len(journey_map.stages) + len(journey_map.lanes) + 1
    stages = {stage.id: (i, stage.name) for i, stage in enumerate(journey_map.stages)}
    lanes = {lane.actor: i for i, lane in enumerate(journey_map.lanes)}
    actors = workshop.actors

    def read(step: Step) -> tuple[Place, VoteRow]:
        stage, stage_name = stages.get(step.stage, (far, ""))
        actor = actors.get(step.actor)
        where = " · ".join(part for part in (stage_name, actor.name if actor else "") if part)
        row = VoteRow("step", (step.id,), step.text, where, step.text, (step.id,))
        return (stage, lanes.get(step.actor, far), step.y, step.x), row

    return read


def step_rows(
    workshop: Workshop, map_id: str, places: dict[str, Place] | None = None
) -> list[VoteRow]:
    """The map's steps in reading order: stage by stage, lane by lane, top to bottom.
    `places`, if given, is filled with each step's place in that order."""
    journey_map = workshop.map(map_id)
    if journey_map is None:
        return []
    read = _reader(workshop, journey_map)
    placed = [read(step) for step in workshop.steps_of(map_id)]
    placed.sort(key=lambda p: p[0])
    if places is not None:
        places.clear()
        places.update((row.target[0], place) for place, row in placed)
    return [row for _place, row in placed]


def patch_step_rows(
    rows: list[VoteRow],
    places: dict[str, Place],
    workshop: Workshop,
    map_id: str,
    edited: Iterable[str],
) -> list[VoteRow] | None:
    """`rows` (from `step_rows` with `places`) with the rows of the `edited` steps made
    again: typing a step's words rebuilds one row, not 2,000. None when an edit may have
    moved a step in the reading order (its stage, lane or place changed, or it joined or
    left the map): then build them all again."""
    journey_map = workshop.map(map_id)
    if journey_map is None:
        return None
    read = _reader(workshop, journey_map)
    patched: list[VoteRow] | None = None
    index: dict[str, int] = {}
    for step_id in edited:
        step = workshop.steps.get(step_id)
        on_map = step is not None and step.map == map_id
        if step_id not in places:
            if on_map:
                return None
            continue  # a step of another map
        if step is None or not on_map:
            return None
        place, row = read(step)
        if place != places[step_id]:
            return None
        if patched is None:
            patched = list(rows)
            index = {r.target[0]: i for i, r in enumerate(rows)}
        patched[index[step_id]] = row
    return rows if patched is None else patched


# What a conflict row is made from besides the workshop: its target and, for a conflict
# the rule found, the two actors and the dimension its label names (None: the needs' words
# label it, as for a declared conflict or one that is only kept for its dots).
RowSource = tuple[tuple[str, ...], tuple[str, str, str] | None]


class ConflictRowCache:
    """Conflict rows kept from one sync of the vote list to the next.

    After each analysis the list is made again from a few hundred conflicts; nearly all of
    them are the ones it showed before. Making a row (both needs' words, both steps' texts)
    took most of a sync's 7-10 ms on a 2,000-step map; a kept row is taken as it is, and
    the same row object makes the list's comparison of old and new rows instant. The owner
    says what changed in the document: a note's row (`forget_note`), a step's
    (`forget_step`), or anything (`clear`: actors, maps, steps that came or went).
    """

    def __init__(self) -> None:
        self._rows: dict[RowSource, VoteRow] = {}
        self.made = 0  # rows made (not taken from the cache) by the last `rows()`

    def __len__(self) -> int:
        return len(self._rows)

    def clear(self) -> None:
        self._rows.clear()

    def forget_note(self, note_id: str) -> None:
        """A need was edited, added or removed: the rows of its conflicts are made again."""
        for source in [s for s in self._rows if note_id in s[0]]:
            del self._rows[source]

    def forget_step(self, step_id: str) -> None:
        """A step's words (or place) changed: the rows that name it are made again."""
        for source in [s for s, row in self._rows.items() if step_id in row.steps]:
            del self._rows[source]

    def rows(self, workshop: Workshop, map_id: str, conflicts: Iterable) -> list[VoteRow]:
        """`conflict_rows`, taking kept rows; keeps just the rows it returns."""
        kept, self._rows = self._rows, {}
        self.made = 0

        def row(target: tuple[str, ...], named: tuple[str, str, str] | None) -> VoteRow:
            source = (target, named)
            made = kept.get(source)
            if made is None:
                self.made += 1
                label = (
                    f"{named[0]} ↔ {named[1]}: {named[2]}"
                    if named is not None
                    else target_label(workshop, "conflict", target)  # the needs say it
                )
                made = _conflict_row(workshop, target, label)
            self._rows[source] = made
            return made

        return _conflict_rows(workshop, map_id, conflicts, row)


def conflict_rows(workshop: Workshop, map_id: str, conflicts: Iterable) -> list[VoteRow]:
    """The map's conflicts (from the latest analysis, most severe first), then any other
    conflict of the map that has dots (one the rule no longer finds keeps its votes)."""

    def row(target: tuple[str, ...], named: tuple[str, str, str] | None) -> VoteRow:
        label = (
            f"{named[0]} ↔ {named[1]}: {named[2]}"
            if named is not None
            else target_label(workshop, "conflict", target)  # declared: the needs say it
        )
        return _conflict_row(workshop, target, label)

    return _conflict_rows(workshop, map_id, conflicts, row)


def _conflict_rows(
    workshop: Workshop,
    map_id: str,
    conflicts: Iterable,
    row: Callable[[tuple[str, ...], tuple[str, str, str] | None], VoteRow],
) -> list[VoteRow]:
    """Which conflicts the list shows, in order; `row(target, named)` makes each row."""
    rows: list[VoteRow] = []
    seen: set[tuple[str, ...]] = set()
    voted = {
        vote.target for vote in workshop.votes.values() if vote.kind == "conflict" and vote.dots > 0
    }
    notes = workshop.notes
    for conflict in conflicts:
        if conflict.map_id != map_id:
            continue
        target = conflict_target(conflict.a, conflict.b)
        if target in seen or target[0] not in notes or target[1] not in notes:
            continue
        if conflict.status == HIDDEN_STATUS and target not in voted:
            continue
        seen.add(target)
        named = (
            (conflict.actors[0], conflict.actors[1], conflict.dimension)
            if conflict.dimension
            else None
        )
        rows.append(row(target, named))
    for target in sorted(voted - seen):
        steps = steps_of_target(workshop, "conflict", target)
        if steps and workshop.steps[steps[0]].map == map_id and len(target) == 2:
            rows.append(row(target, None))
    return rows


def _conflict_row(workshop: Workshop, target: tuple[str, ...], label: str) -> VoteRow:
    steps = tuple(steps_of_target(workshop, "conflict", target))
    where = " ↔ ".join(workshop.steps[s].text for s in steps)
    return VoteRow(
        "conflict", target, label, where, target_label(workshop, "conflict", target), steps
    )
