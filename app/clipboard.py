"""Copy and paste of steps, within a workshop and between two open workshops.

A copied selection becomes a plain JSON fragment that names actors and stages rather
than pointing at ids, so it can be pasted into any map: lanes and stages are matched by
name (and made when missing), and every pasted item gets a fresh id.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from PySide6.QtGui import QUndoCommand

from app.commands import InsertItems, SetFields, macro
from app.document import Document
from app.edits import EditError, IdMaker, SlotFinder
from app.model import (
    DIRECTIONS,
    NOTE_KINDS,
    ROLES,
    Actor,
    ConflictRecord,
    Lane,
    Link,
    Note,
    Stage,
    Step,
    Workshop,
    pair_key,
    slug_id,
)

MIME_TYPE = "application/x-journey-workshop-fragment"
FORMAT = "journey-workshop-fragment"


def copy_fragment(workshop: Workshop, step_ids: list[str]) -> dict[str, Any]:
    """The selected steps with the links between them, their notes and their records."""
    chosen = [workshop.steps[s] for s in workshop.steps if s in set(step_ids)]
    chosen_ids = {s.id for s in chosen}
    actors = workshop.actors
    stage_names = {st.id: st.name for m in workshop.maps for st in m.stages}
    notes = [n for n in workshop.notes.values() if n.step in chosen_ids]
    note_ids = {n.id for n in notes}
    used_actors = {s.actor for s in chosen} | {a for s in chosen for a in s.with_actors}
    used_actors |= {n.actor for n in notes}
    return {
        "format": FORMAT,
        "version": 1,
        "actors": [
            {"name": a.name, "role": a.role, "colour": a.colour}
            for a in actors.values()
            if a.id in used_actors
        ],
        "steps": [
            {
                "id": s.id,
                "stage": stage_names[s.stage],
                "actor": actors[s.actor].name,
                "text": s.text,
                "with": [actors[a].name for a in s.with_actors],
                "channel": s.channel,
                "description": s.description,
                "emotion": s.emotion,
                "x": s.x,
                "y": s.y,
            }
            for s in chosen
        ],
        "links": [
            {"source": lk.source, "target": lk.target}
            for lk in workshop.links.values()
            if lk.source in chosen_ids and lk.target in chosen_ids
        ],
        "notes": [
            {
                "id": n.id,
                "step": n.step,
                "kind": n.kind,
                "actor": actors[n.actor].name,
                "text": n.text,
                "dimension": n.dimension,
                "direction": n.direction,
                "weight": n.weight,
                "rating": n.rating,
            }
            for n in notes
        ],
        "records": [
            dataclasses.asdict(r)
            for r in workshop.conflicts.values()
            if r.a in note_ids and r.b in note_ids
        ],
    }


def fragment_text(fragment: dict[str, Any]) -> str:
    """The fragment as clipboard text (JSON)."""
    return json.dumps(fragment, ensure_ascii=False, sort_keys=True)


def plain_text(fragment: dict[str, Any]) -> str:
    """What other programs get when pasting: one step text per line."""
    return "\n".join(step["text"] for step in fragment["steps"])


def parse_fragment(text: str) -> dict[str, Any]:
    """A fragment from clipboard text; EditError when it is not one of ours or is damaged."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a fragment")
        _check_fragment(data)
    except (ValueError, KeyError, TypeError) as error:
        raise EditError(
            f"The clipboard does not hold steps from Journey Workshop ({error})."
        ) from None
    return data


def _check_fragment(data: dict[str, Any]) -> None:
    actor_names = {a["name"] for a in data["actors"]}
    for actor in data["actors"]:
        if not isinstance(actor["name"], str) or actor["role"] not in ROLES:
            raise ValueError("bad actor")
        if not isinstance(actor["colour"], str):
            raise ValueError("bad colour")
    step_ids = set()
    for step in data["steps"]:
        if step["actor"] not in actor_names or not set(step["with"]) <= actor_names:
            raise ValueError("a step names an unknown actor")
        for key in ("id", "stage", "text", "channel", "description"):
            if not isinstance(step[key], str):
                raise ValueError(f"bad step {key}")
        if step["emotion"] is not None and step["emotion"] not in range(-3, 4):
            raise ValueError("bad emotion")
        float(step["x"]), float(step["y"])
        step_ids.add(step["id"])
    for link in data["links"]:
        if link["source"] not in step_ids or link["target"] not in step_ids:
            raise ValueError("a link to a step that was not copied")
    note_ids = set()
    for note in data["notes"]:
        if note["step"] not in step_ids or note["actor"] not in actor_names:
            raise ValueError("a note on a step that was not copied")
        if note["kind"] not in NOTE_KINDS or note["direction"] not in ("", *DIRECTIONS):
            raise ValueError("bad note")
        note_ids.add(note["id"])
    for record in data["records"]:
        if record["a"] not in note_ids or record["b"] not in note_ids:
            raise ValueError("a record of needs that were not copied")


def paste_fragment(
    document: Document, map_id: str, fragment: dict[str, Any]
) -> tuple[QUndoCommand, list[str]]:
    """Paste a fragment into a map; returns the command and the new steps' ids."""
    workshop = document.workshop
    journey_map = workshop.map(map_id)
    if journey_map is None:
        raise EditError("Choose a map to paste into.")
    command = macro(
        "Paste step" if len(fragment["steps"]) == 1 else f"Paste {len(fragment['steps'])} steps"
    )

    actor_of: dict[str, str] = {}
    new_actors = []
    for data in fragment["actors"]:
        actor = workshop.actor_named(data["name"])
        if actor is None:
            taken = set(workshop.actors) | {a.id for a in new_actors}
            actor_id = slug_id("a", data["name"], taken)
            actor = Actor(actor_id, data["name"], data["role"], data["colour"])
            new_actors.append(actor)
        actor_of[data["name"]] = actor.id
    if new_actors:
        InsertItems(document, actors=new_actors, parent=command)

    planned = dataclasses.replace(
        journey_map,
        stages=[dataclasses.replace(s) for s in journey_map.stages],
        lanes=[dataclasses.replace(ln) for ln in journey_map.lanes],
    )
    stage_of = {s.name: s.id for s in planned.stages}
    for step in fragment["steps"]:
        lane_actor = actor_of[step["actor"]]
        if planned.lane(lane_actor) is None:
            planned.lanes.append(Lane(lane_actor))
        if step["stage"] not in stage_of:
            stage = Stage(workshop.new_stage_id(planned, step["stage"]), step["stage"])
            while any(stage.id == s.id for s in planned.stages):
                stage.id += "_"
            planned.stages.append(stage)
            stage_of[step["stage"]] = stage.id
    finder = SlotFinder(workshop, planned, set())
    ids = IdMaker(workshop)
    new_of: dict[str, str] = {}
    steps: list[Step] = []
    for data in fragment["steps"]:
        new_of[data["id"]] = ids.new("s")
        actor_id, stage_id = actor_of[data["actor"]], stage_of[data["stage"]]
        x, y = finder.place(actor_id, stage_id, (float(data["x"]), float(data["y"])))
        steps.append(
            Step(
                new_of[data["id"]],
                map_id,
                stage_id,
                actor_id,
                data["text"],
                [actor_of[name] for name in data["with"] if actor_of[name] != actor_id],
                data["channel"],
                data["description"],
                data["emotion"],
                x,
                y,
            )
        )
    planned.stages = [dataclasses.replace(s, width=finder.widths[s.id]) for s in planned.stages]
    if planned.stages != journey_map.stages or planned.lanes != journey_map.lanes:
        SetFields(
            document,
            "map",
            map_id,
            {"stages": planned.stages, "lanes": planned.lanes},
            parent=command,
        )
    links = [
        Link(ids.new("l"), new_of[lk["source"]], new_of[lk["target"]]) for lk in fragment["links"]
    ]
    notes = []
    for data in fragment["notes"]:
        new_of[data["id"]] = ids.new(data["kind"][0])
        notes.append(
            Note(
                new_of[data["id"]],
                new_of[data["step"]],
                data["kind"],
                actor_of[data["actor"]],
                data["text"],
                data["dimension"],
                data["direction"],
                data["weight"],
                data["rating"],
            )
        )
    records = []
    for data in fragment["records"]:
        a, b = pair_key(new_of[data["a"]], new_of[data["b"]])
        records.append(ConflictRecord(a, b, data["declared"], data["status"], data["note"]))
    InsertItems(document, steps=steps, links=links, notes=notes, records=records, parent=command)
    return command, [s.id for s in steps]
