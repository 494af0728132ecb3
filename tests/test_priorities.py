"""Dot voting: dots placed and taken back as undoable edits, and priorities ranked per group."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import edits
from app.document import Document
from app.edits import EditError
from app.priorities import rank_priorities
from app.store import load_workshop, save_workshop

SAMPLE = Path(__file__).resolve().parent.parent / "workshops" / "outpatient-clinic.journey"


def blank_document() -> Document:
    document = Document(load_workshop(SAMPLE))
    document.workshop.votes.clear()
    return document


def test_dots_accumulate_undo_and_come_off_at_zero() -> None:
    document = blank_document()
    step = next(iter(document.workshop.steps))
    for _ in range(3):
        document.push(edits.place_dots(document, "staff", "step", (step,)))
    assert document.workshop.votes[("staff", "step", (step,))].dots == 3
    document.push(edits.place_dots(document, "staff", "step", (step,), -3))
    assert ("staff", "step", (step,)) not in document.workshop.votes
    assert edits.place_dots(document, "staff", "step", (step,), -1) is None
    document.undo_stack.undo()
    assert document.workshop.votes[("staff", "step", (step,))].dots == 3
    assert document.undo_stack.undoText() == "Add a dot"


def test_conflict_votes_name_the_pair_smaller_id_first_and_bad_targets_are_refused() -> None:
    document = blank_document()
    document.push(edits.place_dots(document, "everyone", "conflict", ("n8", "n7"), 2))
    assert document.workshop.votes[("everyone", "conflict", ("n7", "n8"))].dots == 2
    with pytest.raises(EditError):
        edits.place_dots(document, "everyone", "conflict", ("n7", "nope"))
    with pytest.raises(EditError):
        edits.place_dots(document, "managers", "step", ("s1",))
    with pytest.raises(EditError):
        edits.place_dots(document, "staff", "step", ("no such step",))


def test_deleting_a_step_or_need_takes_its_votes_and_undo_brings_them_back() -> None:
    document = blank_document()
    document.push(edits.place_dots(document, "staff", "step", ("s10",), 2))
    document.push(edits.place_dots(document, "everyone", "conflict", ("n7", "n8"), 3))
    before = dict(document.workshop.votes)
    document.push(edits.delete_items(document, step_ids=["s10"]))  # n7 and n8 sit on s10
    assert document.workshop.votes == {}
    document.undo_stack.undo()
    assert document.workshop.votes == before
    assert list(document.workshop.votes) == list(before)


def test_ranking_per_group_and_overall(tmp_path: Path) -> None:
    document = blank_document()
    push = document.push
    push(edits.place_dots(document, "patients and carers", "step", ("s1",), 5))
    push(edits.place_dots(document, "staff", "step", ("s8",), 4))
    push(edits.place_dots(document, "staff", "conflict", ("n7", "n8"), 2))
    push(edits.place_dots(document, "everyone", "conflict", ("n7", "n8"), 2))
    push(edits.place_dots(document, "everyone", "step", ("s1",), 1))
    workshop = document.workshop

    overall = rank_priorities(workshop)
    assert [(p.target, p.total) for p in overall] == [(("s1",), 6), (("n7", "n8"), 4), (("s8",), 4)]
    staff = rank_priorities(workshop, group="staff")
    assert [p.target for p in staff] == [("s8",), ("n7", "n8")]
    patients = rank_priorities(workshop, group="patients and carers")
    assert [p.target for p in patients] == [("s1",)]
    assert "Patient: " in overall[1].label and " ↔ " in overall[1].label
    assert overall[0].label == workshop.steps["s1"].text
    assert rank_priorities(workshop, map_id="elsewhere") == []

    path = tmp_path / "voted.journey"
    save_workshop(workshop, path)
    assert load_workshop(path).votes == workshop.votes
