"""Writing a workshop as a cards CSV: columns, row order, formula escaping, atomic saving."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from app.cards import parse_cards, save_cards, write_cards
from app.cards_export import COLUMNS, escape_cell, steps_in_writing_order
from app.errors import WorkshopError
from app.model import (
    Actor,
    ConflictRecord,
    JourneyMap,
    Lane,
    Link,
    Note,
    Stage,
    Step,
    Workshop,
    WorkshopInfo,
)

HEADER = (
    "kind,ref,map,stage,actor,role,text,step,from,to,"
    "emotion,dimension,direction,weight,with,channel"
)


def clinic() -> Workshop:
    """A workshop made in the app: model order differs from the order rows must show."""
    workshop = Workshop(info=WorkshopInfo(title="Clinic day", facilitator="Sam"))
    for actor in (
        Actor("a-pat", "Patient", "patient", "#000000"),
        Actor("a-gp", "GP", "clinician"),
        Actor("a-rec", "=Reception", "staff"),
    ):
        workshop.actors[actor.id] = actor
    workshop.maps = [
        JourneyMap(
            "m-1",
            "Clinic",
            [Stage("st-arrive", "Arrive"), Stage("st-consult", "Consult")],
            [Lane("a-pat"), Lane("a-gp")],
            radius=2,
        ),
        JourneyMap("m-2", "Follow-up", [Stage("st-letter", "Letter")], [Lane("a-pat")]),
    ]
    for step in (
        Step(
            "s-consult", "m-1", "st-consult", "a-gp", "Examine", ["a-pat"], "in person", emotion=0
        ),
        Step("s-arrive", "m-1", "st-arrive", "a-pat", "Check in", ["a-rec"], "kiosk", emotion=-2),
        Step("s-letter", "m-2", "st-letter", "a-pat", "Letter arrives", description="Slow"),
        Step("s-wait", "m-1", "st-arrive", "a-pat", "-wait-", x=500.0, y=70.0),
    ):
        workshop.steps[step.id] = step
    for link in (Link("k1", "s-wait", "s-consult"), Link("k2", "s-arrive", "s-wait")):
        workshop.links[link.id] = link
    for note in (
        Note("n-time", "s-consult", "need", "a-pat", "More time", "time", "more", 5),
        Note("n-list", "s-consult", "need", "a-gp", "Keep to the list", "Time", "less", None),
        Note("q", "s-letter", "quote", "a-pat", "=they never call"),
        Note("f-1", "s-consult", "feeling", "a-rec", "rushed", rating=-1),
        Note("p", "s-wait", "pain", "a-pat", "@home would be better", weight=2),
        Note("lost", "s-gone", "idea", "a-pat", "On a deleted step"),
    ):
        workshop.notes[note.id] = note
    workshop.links["k-lost"] = Link("k-lost", "s-gone", "s-wait")
    workshop.conflicts = {
        ("n-list", "n-time"): ConflictRecord("n-list", "n-time", True, "discussed", "Agreed"),
        ("f-1", "n-time"): ConflictRecord("f-1", "n-time", status="resolved"),
    }
    return workshop


def test_header_line_ends_and_no_byte_order_mark() -> None:
    text = write_cards(Workshop())
    assert text == HEADER + "\r\n"
    assert ",".join(COLUMNS) == HEADER
    assert not write_cards(clinic()).startswith("\ufeff")


def test_rows_map_by_map_steps_links_notes_conflicts() -> None:
    assert write_cards(clinic()).split("\r\n") == [
        HEADER,
        "step,s-arrive,Clinic,Arrive,Patient,patient,Check in,,,,-2,,,,'=Reception,kiosk",
        "step,s-consult,Clinic,Consult,GP,clinician,Examine,,,,0,,,,Patient,in person",
        "step,s-wait,Clinic,Arrive,Patient,patient,'-wait-,,,,,,,,,",
        "link,k1,,,,,,,s-wait,s-consult,,,,,,",
        "link,k2,,,,,,,s-arrive,s-wait,,,,,,",
        "need,n-time,,,Patient,patient,More time,s-consult,,,,time,more,5,,",
        "need,n-list,,,GP,clinician,Keep to the list,s-consult,,,,Time,less,,,",
        "feeling,f-1,,,'=Reception,staff,rushed,s-consult,,,-1,,,,,",
        "pain,p,,,Patient,patient,'@home would be better,s-wait,,,,,,2,,",
        "conflict,,,,,,,,n-list,n-time,,,,,,",
        "step,s-letter,Follow-up,Letter,Patient,patient,Letter arrives,,,,,,,,,",
        "quote,q,,,Patient,patient,'=they never call,s-letter,,,,,,,,",
        "",
    ]


def test_import_of_the_export_keeps_what_the_format_holds() -> None:
    original = clinic()
    workshop, warnings = parse_cards(write_cards(original), "clinic.csv")
    assert warnings == []
    assert list(workshop.steps) == ["s-arrive", "s-consult", "s-wait", "s-letter"]
    for step_id, step in workshop.steps.items():
        before = original.steps[step_id]
        assert (step.text, step.channel, step.emotion) == (
            before.text,
            before.channel,
            before.emotion,
        )
        assert [workshop.actors[a].name for a in step.with_actors] == [
            original.actors[a].name for a in before.with_actors
        ]
    for new_map, old_map in zip(workshop.maps, original.maps, strict=True):
        assert new_map.name == old_map.name
        assert [s.name for s in new_map.stages] == [s.name for s in old_map.stages]
        lanes = [workshop.actors[lane.actor].name for lane in new_map.lanes]
        assert lanes == [original.actors[lane.actor].name for lane in old_map.lanes]
    assert [(k.id, k.source, k.target) for k in workshop.links.values()] == [
        ("k1", "s-wait", "s-consult"),
        ("k2", "s-arrive", "s-wait"),
    ]
    assert list(workshop.notes) == ["n-time", "n-list", "f-1", "p", "q"]
    assert workshop.notes["q"].text == "=they never call"
    assert workshop.notes["n-list"].weight == 3  # empty weight: the default
    assert workshop.notes["f-1"].rating == -1
    assert list(workshop.conflicts) == [("n-list", "n-time")]
    assert workshop.conflicts[("n-list", "n-time")].status == "open"  # not in the format
    roles = {a.name: a.role for a in workshop.actors.values()}
    assert roles == {"Patient": "patient", "GP": "clinician", "=Reception": "staff"}


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=SUM(A1:A3)", "'=SUM(A1:A3)"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-less waiting", "'-less waiting"),
        ("@reception", "'@reception"),
        ("-", "'-"),
        ("+", "'+"),
        ("-3", "-3"),
        ("+2", "+2"),
        ("-1.5e3", "-1.5e3"),
        ("+.5", "+.5"),
        ("-2.", "-2."),
        ("1+1", "1+1"),
        ("'=x", "'=x"),
        ("", ""),
    ],
)
def test_formula_cells_are_escaped_numbers_are_not(value: str, written: str) -> None:
    assert escape_cell(value) == written


def step_order(lanes: list[str], stages: list[str], cells: list[tuple[str, str]]) -> list[int]:
    """The writing order (model indices) of steps in the given (lane, stage) cells."""
    journey_map = JourneyMap("m", "M", [Stage(s, s) for s in stages], [Lane(a) for a in lanes])
    steps = [Step(str(i), "m", stage, lane, "t") for i, (lane, stage) in enumerate(cells)]
    return [int(step.id) for step in steps_in_writing_order(journey_map, steps)]


def test_model_order_is_kept_when_it_shows_lanes_and_stages_right() -> None:
    cells = [("A", "X"), ("A", "Y"), ("B", "X"), ("A", "X"), ("B", "Y")]
    assert step_order(["A", "B"], ["X", "Y"], cells) == [0, 1, 2, 3, 4]


def test_steps_are_reordered_to_show_lanes_and_stages_in_order() -> None:
    cells = [("B", "Y"), ("A", "Y"), ("B", "X"), ("A", "X"), ("C", "Z"), ("B", "X")]
    order = step_order(["A", "B", "C"], ["X", "Y", "Z"], cells)
    assert order == [3, 0, 1, 2, 4, 5]
    lanes = list(dict.fromkeys(cells[i][0] for i in order))
    stages = list(dict.fromkeys(cells[i][1] for i in order))
    assert (lanes, stages) == (["A", "B", "C"], ["X", "Y", "Z"])


def test_inexpressible_order_still_writes_every_step_once() -> None:
    # No step in lane A and stage X: no order of rows can show A before B and X before Y.
    cells = [("B", "X"), ("A", "Y"), ("ghost", "X"), ("A", "nowhere")]
    order = step_order(["A", "B"], ["X", "Y"], cells)
    assert sorted(order) == [0, 1, 2, 3]
    assert order[0] == 0


def test_long_map_in_reverse_order_is_written_quickly() -> None:
    count = 3000
    stages = [f"st{i}" for i in range(count)]
    cells = [("A", stages[count - 1 - i]) for i in range(count)]
    order = step_order(["A"], stages, cells)
    assert order == list(range(count - 1, -1, -1))


def test_save_writes_a_byte_order_mark_and_replaces_the_file(tmp_path: Path) -> None:
    path = tmp_path / "clinic.csv"
    path.write_text("old contents", encoding="utf-8")
    save_cards(clinic(), path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].decode("utf-8") == write_cards(clinic())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clinic.csv"]


def test_save_failure_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "clinic.csv"
    path.write_text("the previous export", encoding="utf-8")

    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(WorkshopError) as caught:
        save_cards(clinic(), path)
    message = str(caught.value)
    assert message == (
        f"{path}: could not save the cards CSV: the disk is full; the previous version is unchanged"
    )
    assert path.read_text(encoding="utf-8") == "the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clinic.csv"]


def test_save_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "cards.csv"
    with pytest.raises(WorkshopError) as caught:
        save_cards(clinic(), target)
    assert str(caught.value) == (
        f"{target}: could not save the cards CSV: the folder does not exist; nothing was written"
    )
