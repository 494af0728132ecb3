"""Random edit sequences: undoing all returns the original, redoing all the final workshop.

Every edit goes through `app.edits` and `app.clipboard` as the editor's widgets use them,
and every state reached must still save and load (so no edit leaves a broken workshop).
"""

from __future__ import annotations

import contextlib
import copy
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import clipboard, edits
from app.commands import SetInfo
from app.document import Document
from app.errors import WorkshopError
from app.model import CONFLICT_STATUSES, ROLES, VOTING_GROUPS, Workshop, WorkshopInfo
from app.store import load_workshop, save_workshop

SAMPLE = Path(__file__).resolve().parent.parent / "workshops" / "outpatient-clinic.journey"


def snapshot(workshop: Workshop) -> tuple:
    """Everything that must come back, key orders included."""
    return (
        copy.deepcopy(workshop),
        list(workshop.actors),
        list(workshop.steps),
        list(workshop.links),
        list(workshop.notes),
        list(workshop.conflicts),
        list(workshop.votes),
        [m.id for m in workshop.maps],
    )


def one_edit(document: Document, data: st.DataObject) -> None:
    """Build one random edit from what the workshop holds, and push it if it is valid."""
    w = document.workshop
    pick = data.draw
    journey_map = pick(st.sampled_from(w.maps))
    steps = [s.id for s in w.steps_of(journey_map.id)]
    needs = [n.id for n in w.notes.values() if n.kind == "need"]
    kind = pick(
        st.sampled_from(
            [
                "add_step",
                "move",
                "link",
                "delete",
                "edit_step",
                "add_note",
                "edit_note",
                "record",
                "declare",
                "add_stage",
                "rename_stage",
                "move_stage",
                "delete_stage",
                "add_lane",
                "edit_actor",
                "move_lane",
                "delete_lane",
                "add_map",
                "duplicate_map",
                "delete_map",
                "radius",
                "layout",
                "paste",
                "info",
                "vote",
            ]
        )
    )
    lanes = [lane.actor for lane in journey_map.lanes]
    stages = [s.id for s in journey_map.stages]
    text = pick(st.text(min_size=1, max_size=12).filter(str.strip))
    command = None
    if kind == "add_step" and lanes and stages:
        after = pick(st.sampled_from([None, *steps]))
        command, _ = edits.add_step(
            document,
            journey_map.id,
            pick(st.sampled_from(lanes)),
            pick(st.sampled_from(stages)),
            text,
            after=after,
        )
    elif kind == "move" and steps:
        chosen = pick(st.lists(st.sampled_from(steps), min_size=1, max_size=3, unique=True))
        moves = {
            s: (pick(st.sampled_from(lanes)), pick(st.sampled_from(stages)), (0.0, 0.0))
            for s in chosen
        }
        command = edits.move_steps(document, moves)
    elif kind == "link" and len(steps) > 1:
        a, b = pick(st.lists(st.sampled_from(steps), min_size=2, max_size=2, unique=True))
        command = edits.add_link(document, a, b)
    elif kind == "delete" and (steps or w.links or w.notes):
        command = edits.delete_items(
            document,
            step_ids=pick(st.lists(st.sampled_from(steps), max_size=2)) if steps else [],
            link_ids=pick(st.lists(st.sampled_from(list(w.links)), max_size=2)) if w.links else [],
            note_ids=pick(st.lists(st.sampled_from(list(w.notes)), max_size=2)) if w.notes else [],
        )
    elif kind == "edit_step" and steps:
        command = edits.edit_step(
            document,
            pick(st.sampled_from(steps)),
            text=text,
            emotion=pick(st.sampled_from([None, -3, 0, 2])),
            with_actors=pick(st.lists(st.sampled_from(list(w.actors)), max_size=2, unique=True)),
        )
    elif kind == "add_note" and steps:
        note_kind = pick(st.sampled_from(["need", "pain", "idea", "quote", "feeling"]))
        fields = {"text": text}
        if note_kind == "need":
            fields |= {
                "dimension": pick(st.sampled_from(["time", "Time ", "cost"])),
                "direction": pick(st.sampled_from(["more", "less"])),
            }
        command, _ = edits.add_note(
            document,
            pick(st.sampled_from(steps)),
            note_kind,
            pick(st.sampled_from(list(w.actors))),
            **fields,
        )
    elif kind == "edit_note" and w.notes:
        command = edits.edit_note(document, pick(st.sampled_from(list(w.notes))), text=text)
    elif kind == "record" and len(needs) > 1:
        a, b = pick(st.lists(st.sampled_from(needs), min_size=2, max_size=2, unique=True))
        command = edits.record_conflict(
            document, a, b, pick(st.sampled_from(CONFLICT_STATUSES)), text
        )
    elif kind == "declare" and len(needs) > 1:
        a, b = pick(st.lists(st.sampled_from(needs), min_size=2, max_size=2, unique=True))
        command = edits.declare_conflict(document, a, b, pick(st.booleans()))
    elif kind == "add_stage":
        command = edits.add_stage(document, journey_map.id, text, pick(st.integers(-1, 5)))
    elif kind == "rename_stage" and stages:
        command = edits.rename_stage(document, journey_map.id, pick(st.sampled_from(stages)), text)
    elif kind == "move_stage" and stages:
        command = edits.move_stage(
            document, journey_map.id, pick(st.sampled_from(stages)), pick(st.integers(0, 6))
        )
    elif kind == "delete_stage" and stages:
        command = edits.delete_stage(document, journey_map.id, pick(st.sampled_from(stages)))
    elif kind == "add_lane":
        command = edits.add_lane(document, journey_map.id, text, pick(st.sampled_from(ROLES)))
    elif kind == "edit_actor" and w.actors:
        command = edits.edit_actor(
            document, pick(st.sampled_from(list(w.actors))), name=text, colour="#123456"
        )
    elif kind == "move_lane" and lanes:
        command = edits.move_lane(
            document, journey_map.id, pick(st.sampled_from(lanes)), pick(st.integers(0, 6))
        )
    elif kind == "delete_lane" and lanes:
        command = edits.delete_lane(document, journey_map.id, pick(st.sampled_from(lanes)))
    elif kind == "add_map":
        command, _ = edits.add_map(document, text)
    elif kind == "duplicate_map":
        command, _ = edits.duplicate_map(document, journey_map.id)
    elif kind == "delete_map":
        command = edits.delete_map(document, journey_map.id)
    elif kind == "radius":
        command = edits.set_radius(document, journey_map.id, pick(st.integers(0, 3)))
    elif kind == "layout":
        command = edits.auto_layout(document, journey_map.id)
    elif kind == "paste" and steps:
        chosen = pick(st.lists(st.sampled_from(steps), min_size=1, max_size=3, unique=True))
        fragment = clipboard.parse_fragment(
            clipboard.fragment_text(clipboard.copy_fragment(w, chosen))
        )
        target = pick(st.sampled_from(w.maps))
        command, _ = clipboard.paste_fragment(document, target.id, fragment)
    elif kind == "vote" and (steps or len(needs) > 1):
        group = pick(st.sampled_from(VOTING_GROUPS))
        if steps and (len(needs) < 2 or pick(st.booleans())):
            target: tuple[str, ...] = (pick(st.sampled_from(steps)),)
            vote_kind = "step"
        else:
            target = tuple(
                pick(st.lists(st.sampled_from(needs), min_size=2, max_size=2, unique=True))
            )
            vote_kind = "conflict"
        command = edits.place_dots(
            document, group, vote_kind, target, pick(st.sampled_from([1, 2, -1]))
        )
    elif kind == "info":
        command = SetInfo(document, WorkshopInfo(title=text, engagement="systemic"))
    if command is not None:
        document.push(command)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_undo_all_returns_the_original_and_redo_all_the_final(
    data: st.DataObject, tmp_path_factory
) -> None:
    document = Document(load_workshop(SAMPLE))
    original = snapshot(document.workshop)
    for _ in range(data.draw(st.integers(1, 12))):
        with contextlib.suppress(WorkshopError):  # a refused edit changes nothing
            one_edit(document, data)
    final = snapshot(document.workshop)
    saved = tmp_path_factory.mktemp("undo") / "final.journey"
    save_workshop(document.workshop, saved)
    assert load_workshop(saved) == document.workshop

    stack = document.undo_stack
    while stack.canUndo():
        stack.undo()
    assert snapshot(document.workshop) == original
    while stack.canRedo():
        stack.redo()
    assert snapshot(document.workshop) == final
