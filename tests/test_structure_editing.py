"""Stages and lanes edited from the window: add, rename, recolour, reorder, delete, undo."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from editor_helpers import (
    ARRIVE,
    DESK,
    NURSE,
    OFFSCREEN_NOISE,
    PATIENT,
    WAIT,
    Driver,
    driven_window,
    small_workshop,
    snapshot,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QDialog, QInputDialog, QWidget

from app.model import ACTOR_PALETTE
from widgets.structure import LaneDialog

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


class Answers:
    """Stands in for the dialogs: records what was asked and gives the queued answers."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, bool]] = []
        self.colour = QColor()
        self.confirm = True
        self.asked: list[tuple[str, ...]] = []

    def get_text(self, parent: QWidget, title: str, label: str, *args, **kwargs):
        self.asked.append((title, label, kwargs.get("text", "")))
        return self.texts.pop(0)

    def get_colour(self, initial: QColor, parent: QWidget, title: str, *args) -> QColor:
        self.asked.append((title, initial.name()))
        return self.colour

    def confirmation(self, title: str, text: str) -> bool:
        self.asked.append((title, text))
        return self.confirm


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    fake = Answers()
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(fake.get_text))
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(fake.get_colour))
    return fake


@pytest.fixture
def ed(qtbot, answers: Answers) -> Iterator[Driver]:
    with driven_window(qtbot, small_workshop()) as driver:
        driver.window.structure.ask_confirmation = answers.confirmation
        yield driver


def stage_names(ed: Driver, map_id: str = "m1") -> list[str]:
    return [s.name for s in ed.workshop.map(map_id).stages]


def lane_actors(ed: Driver, map_id: str = "m1") -> list[str]:
    return [lane.actor for lane in ed.workshop.map(map_id).lanes]


def header_names(ed: Driver) -> tuple[list[str], list[str]]:
    """What the canvas's headers show."""
    face = ed.scene.grid_item.face
    return [s.name for s in face.stages], [ln.name for ln in face.lanes]


def assert_one_undo_step(ed: Driver, before: tuple, text: str) -> None:
    assert ed.undo_texts() == [text]
    after = snapshot(ed.workshop)
    ed.stack.undo()
    assert snapshot(ed.workshop) == before
    ed.assert_scene_matches_model()
    ed.stack.redo()
    assert snapshot(ed.workshop) == after
    ed.assert_scene_matches_model()


# -- stages ------------------------------------------------------------------------------


def test_add_stage_from_the_map_menu_goes_after_the_selected_steps_stage(
    ed: Driver, answers: Answers
) -> None:
    before = snapshot(ed.workshop)
    ed.click(ed.card_centre("s3"))
    answers.texts.append(("Triage", True))
    ed.window.actions_by_key["add_stage"].trigger()
    assert stage_names(ed) == ["Arrive", "Wait", "Triage", "See"]
    assert header_names(ed)[0] == ["Arrive", "Wait", "Triage", "See"]
    assert_one_undo_step(ed, before, "Add stage 'Triage'")
    # The cards of See moved right with their column.
    ed.assert_scene_matches_model()


def test_cancelled_or_duplicate_stage_names_change_nothing(ed: Driver, answers: Answers) -> None:
    before = snapshot(ed.workshop)
    answers.texts += [("Triage", False), ("wait", True)]
    ed.window.actions_by_key["add_stage"].trigger()
    ed.window.actions_by_key["add_stage"].trigger()
    assert snapshot(ed.workshop) == before
    assert ed.undo_texts() == []
    assert "already a stage called 'wait'" in ed.window.statusBar().currentMessage()


def test_double_click_on_a_stage_header_renames_the_stage(ed: Driver, answers: Answers) -> None:
    before = snapshot(ed.workshop)
    answers.texts.append(("Arrival", True))
    ed.double_click(ed.stage_header(ARRIVE))
    assert answers.asked[-1] == ("Rename stage", "Stage name:", "Arrive")
    assert stage_names(ed) == ["Arrival", "Wait", "See"]
    assert header_names(ed)[0] == ["Arrival", "Wait", "See"]
    assert set(ed.workshop.steps) == set(before[0].steps)  # no step was added
    assert_one_undo_step(ed, before, "Rename stage to 'Arrival'")


def test_stage_header_menu_rename(ed: Driver, answers: Answers) -> None:
    before = snapshot(ed.workshop)
    answers.texts.append(("Waiting room", True))
    entries = ed.context_menu(ed.stage_header(WAIT), "r")
    assert entries == [
        "Rename Stage…",
        "Add Stage After…",
        "Move Left",
        "Move Right",
        "Delete Stage",
    ]
    assert answers.asked[-1] == ("Rename stage", "Stage name:", "Wait")
    assert stage_names(ed) == ["Arrive", "Waiting room", "See"]
    assert_one_undo_step(ed, before, "Rename stage to 'Waiting room'")


def test_stage_header_menu_add_after(ed: Driver, answers: Answers) -> None:
    before = snapshot(ed.workshop)
    answers.texts.append(("Triage", True))
    ed.context_menu(ed.stage_header(ARRIVE), "a")
    assert stage_names(ed) == ["Arrive", "Triage", "Wait", "See"]
    assert_one_undo_step(ed, before, "Add stage 'Triage'")


def test_stage_header_menu_moves_a_stage_with_its_steps(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    ed.context_menu(ed.stage_header(ARRIVE), "g")
    assert stage_names(ed) == ["Wait", "Arrive", "See"]
    assert ed.workshop.steps["s1"].stage == ARRIVE
    assert ed.card_rect("s1").left() > ed.card_rect("s3").left()
    ed.assert_scene_matches_model()
    assert_one_undo_step(ed, before, "Move stage")


def test_map_menu_moves_the_selected_steps_stage_left_and_refuses_past_the_edge(
    ed: Driver,
) -> None:
    before = snapshot(ed.workshop)
    ed.click(ed.card_centre("s4"))
    ed.window.actions_by_key["stage_left"].trigger()
    assert stage_names(ed) == ["Arrive", "See", "Wait"]
    ed.window.actions_by_key["stage_left"].trigger()
    ed.window.actions_by_key["stage_left"].trigger()  # already first: nothing to do
    assert stage_names(ed) == ["See", "Arrive", "Wait"]
    assert ed.undo_texts() == ["Move stage", "Move stage"]
    ed.stack.undo()
    ed.stack.undo()
    assert snapshot(ed.workshop) == before


def test_deleting_a_stage_asks_first_and_takes_its_steps_links_and_notes(
    ed: Driver, answers: Answers
) -> None:
    before = snapshot(ed.workshop)
    answers.confirm = False
    ed.context_menu(ed.stage_header(WAIT), "d")
    assert snapshot(ed.workshop) == before
    assert "1 step" in answers.asked[-1][1]

    answers.confirm = True
    ed.context_menu(ed.stage_header(WAIT), "d")
    assert stage_names(ed) == ["Arrive", "See"]
    assert "s3" not in ed.workshop.steps
    assert set(ed.workshop.links) == {"l2"}
    assert "q1" not in ed.workshop.notes
    ed.assert_scene_matches_model()
    assert_one_undo_step(ed, before, "Delete stage 'Wait'")


def test_deleting_an_empty_stage_does_not_ask(ed: Driver, answers: Answers) -> None:
    answers.texts.append(("Empty", True))
    ed.window.actions_by_key["add_stage"].trigger()
    before = snapshot(ed.workshop)
    answers.asked.clear()
    ed.context_menu(ed.stage_header(ed.workshop.map("m1").stages[1].id), "d")
    assert answers.asked == []
    assert stage_names(ed) == ["Arrive", "Wait", "See"]
    assert ed.undo_texts()[-1] == "Delete stage 'Empty'"
    ed.stack.undo()
    assert snapshot(ed.workshop) == before


# -- lanes -------------------------------------------------------------------------------


def test_add_lane_for_a_new_person(ed: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    offered: list[list[str]] = []

    def fake_exec(dialog: LaneDialog) -> int:
        offered.append([dialog.name.itemText(i) for i in range(dialog.name.count())])
        dialog.name.setCurrentText("Pharmacist")
        dialog.role.setCurrentIndex(dialog.role.findData("staff"))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(LaneDialog, "exec", fake_exec)
    before = snapshot(ed.workshop)
    ed.window.actions_by_key["add_lane"].trigger()
    assert offered == [[]]  # every actor has a lane on this map already
    actor = ed.workshop.actor_named("Pharmacist")
    assert actor is not None
    assert (actor.role, actor.colour) == ("staff", ACTOR_PALETTE[3])
    assert lane_actors(ed) == [PATIENT, NURSE, DESK, actor.id]
    assert header_names(ed)[1] == ["Patient", "Nurse", "Front desk", "Pharmacist"]
    assert_one_undo_step(ed, before, "Add lane 'Pharmacist'")


def test_add_lane_for_someone_on_another_map_reuses_the_actor(
    ed: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fake_exec(dialog: LaneDialog) -> int:
        assert [dialog.name.itemText(i) for i in range(dialog.name.count())] == [
            "Nurse",
            "Front desk",
        ]
        dialog.name.setCurrentIndex(0)
        dialog.role.setCurrentIndex(dialog.role.findData("patient"))  # ignored: Nurse exists
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(LaneDialog, "exec", fake_exec)
    ed.window.selection.show_map("m2")
    before = snapshot(ed.workshop)
    ed.window.actions_by_key["add_lane"].trigger()
    assert lane_actors(ed, "m2") == [PATIENT, NURSE]
    assert list(ed.workshop.actors) == [PATIENT, NURSE, DESK]
    assert ed.workshop.actors[NURSE].role == "clinician"
    assert_one_undo_step(ed, before, "Add lane 'Nurse'")


def test_double_click_on_a_lane_header_renames_the_actor(ed: Driver, answers: Answers) -> None:
    before = snapshot(ed.workshop)
    answers.texts.append(("Practice nurse", True))
    ed.double_click(ed.lane_header(NURSE))
    assert answers.asked[-1] == ("Rename lane", "Name:", "Nurse")
    assert ed.workshop.actors[NURSE].name == "Practice nurse"
    assert header_names(ed)[1] == ["Patient", "Practice nurse", "Front desk"]
    assert ed.scene.step_items["s2"].face.text == "Call the name"
    assert_one_undo_step(ed, before, "Rename lane")


def test_lane_header_menu_recolours_the_lane_and_its_cards(ed: Driver, answers: Answers) -> None:
    before = snapshot(ed.workshop)
    answers.colour = QColor("#123456")
    entries = ed.context_menu(ed.lane_header(PATIENT), "c")
    assert "Change Colour…" in entries
    assert answers.asked[-1][1] == "#e69f00"
    assert ed.workshop.actors[PATIENT].colour == "#123456"
    assert ed.scene.grid_item.face.lanes[0].colour == QColor("#123456")
    assert ed.scene.step_items["s1"].face.colour == QColor("#123456")
    assert_one_undo_step(ed, before, "Recolour lane")


def test_cancelling_the_colour_dialog_changes_nothing(ed: Driver, answers: Answers) -> None:
    answers.colour = QColor()  # invalid: the user pressed Cancel
    ed.context_menu(ed.lane_header(PATIENT), "c")
    assert ed.undo_texts() == []


def test_lane_header_menu_sets_the_role(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    ed.context_menu(ed.lane_header(DESK), "Role", "other")
    assert ed.workshop.actors[DESK].role == "other"
    assert ed.scene.grid_item.face.lanes[2].role == "other"
    assert_one_undo_step(ed, before, "Change role")


def test_lane_header_menu_moves_lanes_up_and_down(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    ed.context_menu(ed.lane_header(PATIENT), "Move Down")
    assert lane_actors(ed) == [NURSE, PATIENT, DESK]
    ed.assert_scene_matches_model()
    ed.context_menu(ed.lane_header(DESK), "u")
    assert lane_actors(ed) == [NURSE, DESK, PATIENT]
    assert ed.card_rect("s1").top() > ed.card_rect("s2").top()
    assert ed.undo_texts() == ["Move lane", "Move lane"]
    ed.stack.undo()
    ed.stack.undo()
    assert snapshot(ed.workshop) == before
    ed.assert_scene_matches_model()


def test_context_menu_mnemonics_are_unique(ed: Driver) -> None:
    """Each entry of a canvas menu has its own Alt letter, so one key press picks it."""
    structure = ed.window.structure
    for kind, item in (("lane", PATIENT), ("stage", ARRIVE), ("step", "s1"), ("", "")):
        menu = structure.context_menu(kind, item)
        letters = [
            a.text()[a.text().index("&") + 1].lower() for a in menu.actions() if "&" in a.text()
        ]
        assert len(letters) == len(set(letters)), (kind, letters)


def test_deleting_a_lane_takes_its_steps_and_keeps_an_actor_still_in_use(
    ed: Driver, answers: Answers
) -> None:
    before = snapshot(ed.workshop)
    ed.window.actions_by_key["delete_lane"].trigger()  # nothing selected: the first lane
    assert answers.asked[-1][0] == "Delete lane"
    assert lane_actors(ed) == [NURSE, DESK]
    assert "s1" not in ed.workshop.steps
    assert PATIENT in ed.workshop.actors  # the Follow-up map still has a Patient lane
    ed.assert_scene_matches_model()
    assert_one_undo_step(ed, before, "Delete lane 'Patient'")


def test_deleting_an_unused_empty_lane_removes_its_actor_without_asking(
    ed: Driver, answers: Answers
) -> None:
    before = snapshot(ed.workshop)
    ed.context_menu(ed.lane_header(DESK), "d")
    assert answers.asked == []
    assert lane_actors(ed) == [PATIENT, NURSE]
    assert DESK not in ed.workshop.actors
    assert_one_undo_step(ed, before, "Delete lane 'Front desk'")


def test_renaming_a_lane_to_a_taken_name_is_refused(ed: Driver, answers: Answers) -> None:
    answers.texts.append(("patient", True))
    ed.double_click(ed.lane_header(DESK))
    assert ed.workshop.actors[DESK].name == "Front desk"
    assert ed.undo_texts() == []
    assert "already" in ed.window.statusBar().currentMessage()


def test_cards_follow_their_column_when_a_stage_before_it_widens(ed: Driver) -> None:
    see_left = ed.card_rect("s4").left()
    ed.drag(ed.card_centre("s2"), ed.card_centre("s1"))  # into a full cell: Arrive widens
    assert ed.card_rect("s4").left() > see_left
    assert ed.workshop.steps["s4"].x == small_workshop().steps["s4"].x
    ed.assert_scene_matches_model()
