"""The outline dock: a tree of maps, stages, lanes, steps and notes, in step with the canvas."""

from __future__ import annotations

import random
import time

import pytest
from editor_helpers import (
    ARRIVE,
    DESK,
    M1,
    M2,
    NURSE,
    OFFSCREEN_NOISE,
    PATIENT,
    SAMPLE,
    SEE,
    WAIT,
    close_window,
    open_window,
    small_workshop,
)
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from app import edits
from app.document import Document
from app.layout import apply_layout, plan_layout
from app.model import Actor, JourneyMap, Lane, Note, Stage, Step, Workshop
from app.store import load_workshop
from widgets.docks.outline import OutlineModel, OutlinePanel
from widgets.selection import Selection

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)

Display = Qt.ItemDataRole.DisplayRole
Key = Qt.Key


# -- helpers ----------------------------------------------------------------------------


def texts(model: OutlineModel, parent: QModelIndex | None = None) -> list[str]:
    parent = parent or QModelIndex()
    return [model.index(r, 0, parent).data(Display) for r in range(model.rowCount(parent))]


def tree(model: OutlineModel, parent: QModelIndex | None = None) -> list:
    """The whole tree as nested [text, [children...]] lists, read through the Qt API."""
    parent = parent or QModelIndex()
    rows = []
    for r in range(model.rowCount(parent)):
        index = model.index(r, 0, parent)
        children = tree(model, index)
        rows.append([index.data(Display), children] if children else index.data(Display))
    return rows


def keys(model: OutlineModel, parent: QModelIndex | None = None) -> list:
    """The row keys, nested the same way: what a fresh build must equal."""
    parent = parent or QModelIndex()
    out = []
    for r in range(model.rowCount(parent)):
        index = model.index(r, 0, parent)
        node = model.node(index)
        assert node is not None
        assert model.parent(index) == parent
        out.append((node.key, index.data(Display), keys(model, index)))
    return out


def assert_matches_fresh_build(model: OutlineModel) -> None:
    model.flush()
    assert keys(model) == keys(OutlineModel(model.document))


def row(model: OutlineModel, kind: str, *ids: str) -> QModelIndex:
    index = model.index_for(kind, *ids)
    assert index.isValid(), (kind, ids)
    return index


@pytest.fixture
def panel(qtbot) -> OutlinePanel:
    document = Document(small_workshop())
    errors: list[tuple[str, str]] = []
    panel = OutlinePanel(
        document, Selection(document), show_error=lambda t, m: errors.append((t, m))
    )
    panel.errors = errors  # type: ignore[attr-defined]
    qtbot.addWidget(panel)
    panel.resize(500, 700)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


@pytest.fixture
def window(qtbot):
    driver = open_window(qtbot, small_workshop())
    try:
        yield driver.window
    finally:
        close_window(driver)


def crowded_workshop() -> Workshop:
    """One map, one stage, two lanes; the Patient cell holds three cards out of link order."""
    w = Workshop()
    w.actors["a-p"] = Actor("a-p", "Patient", "patient")
    w.actors["a-d"] = Actor("a-d", "Front desk", "staff")
    w.maps.append(JourneyMap("m", "As is", [Stage("m.b", "Booking")], [Lane("a-p"), Lane("a-d")]))
    for step in (
        Step("s3", "m", "m.b", "a-p", "Third: bottom row", x=24, y=208),
        Step("s2", "m", "m.b", "a-p", "Second: top right", x=308, y=24),
        Step("s1", "m", "m.b", "a-p", "First: top left", channel="phone", emotion=-2),
        Step("s4", "m", "m.b", "a-d", "Offer a slot", with_actors=["a-p"]),
    ):
        w.steps[step.id] = step
    for note in (
        Note("f1", "s1", "feeling", "a-d", "relieved", rating=1),
        Note("n1", "s1", "need", "a-p", "Time to ask", "consultation time", "more", 5),
        Note("n2", "s1", "need", "a-p", "", "choice of time", "", None),
        Note("p1", "s1", "pain", "a-p", "On hold for ages", weight=4),
        Note("q1", "s1", "quote", "a-p", "I gave up  twice"),
    ):
        w.notes[note.id] = note
    return w


# -- what the tree says -----------------------------------------------------------------


def test_sample_workshop_reads_as_a_tree(qtbot, qtmodeltester) -> None:
    document = Document(load_workshop(SAMPLE))
    model = OutlineModel(document)
    qtmodeltester.check(model)
    assert texts(model) == ["Map: As is: outpatient visit (20 steps)"]
    journey = model.index(0, 0)
    stages = texts(model, journey)
    assert len(stages) == 7
    assert stages[0] == "Stage 1 of 7: Booking"
    assert stages[2] == "Stage 3 of 7: Arrival and waiting"
    arrival = model.index(2, 0, journey)
    assert texts(model, arrival) == [
        "Patient (patient): 3 steps",
        "Front desk (staff): 1 step",
        "Clinic nurse (clinician): 1 step",
    ]
    steps = [s for st in range(7) for s in _children(model, model.index(st, 0, journey), 2)]
    assert len(steps) == 20
    notes = [n for s in steps for n in _children(model, s, 1)]
    assert len(notes) == len(document.workshop.notes) == 49
    s1 = row(model, "step", "s1")
    assert s1.data(Display) == (
        "Phone to book after the GP referral — phone; Patient feels -2, Front desk +1; "
        "2 needs, 1 pain; with Front desk"
    )
    n7 = row(model, "note", "n7")
    assert n7.data(Display) == (
        "Need by Patient: more consultation time, weight 5: Time to ask all my questions"
    )
    for index in (journey, arrival, s1, n7):
        assert index.data(Qt.ItemDataRole.AccessibleTextRole) == index.data(Display)
        assert index.data(Qt.ItemDataRole.ToolTipRole).startswith(index.data(Display))


def _children(model: OutlineModel, parent: QModelIndex, depth: int) -> list[QModelIndex]:
    """The rows `depth` levels below `parent`."""
    rows = [model.index(r, 0, parent) for r in range(model.rowCount(parent))]
    return rows if depth == 1 else [x for r in rows for x in _children(model, r, depth - 1)]


def test_small_workshop_tree_in_lane_and_card_order(qtmodeltester) -> None:
    model = OutlineModel(Document(crowded_workshop()))
    qtmodeltester.check(model)
    assert tree(model) == [
        [
            "Map: As is (4 steps)",
            [
                [
                    "Stage 1 of 1: Booking",
                    [
                        [
                            "Patient (patient): 3 steps",
                            [
                                [
                                    "First: top left — phone; Patient feels -2, Front desk +1; "
                                    "2 needs, 1 pain, 1 quote",
                                    [
                                        "Feeling by Front desk: rating +1: relieved",
                                        "Need by Patient: more consultation time, weight 5: "
                                        "Time to ask",
                                        "Need by Patient: choice of time",
                                        "Pain by Patient: weight 4: On hold for ages",
                                        "Quote by Patient: “I gave up twice”",
                                    ],
                                ],
                                "Second: top right",
                                "Third: bottom row",
                            ],
                        ],
                        ["Front desk (staff): 1 step", ["Offer a slot; with Patient"]],
                    ],
                ]
            ],
        ]
    ]


def test_every_map_with_empty_stages_and_only_lanes_that_have_steps(panel) -> None:
    model = panel.outline
    assert texts(model) == ["Map: Visit (4 steps)", "Map: Follow-up (1 step)"]
    visit = model.index(0, 0)
    assert texts(model, visit) == [
        "Stage 1 of 3: Arrive",
        "Stage 2 of 3: Wait",
        "Stage 3 of 3: See",
    ]
    assert texts(model, row(model, "stage", ARRIVE)) == [
        "Patient (patient): 1 step",
        "Nurse (clinician): 1 step",
    ]
    assert texts(model, row(model, "stage", SEE)) == ["Nurse (clinician): 1 step"]
    assert panel.accessibleName() == "Journey outline"
    assert "Delete" in panel.accessibleDescription()


# -- following the document -------------------------------------------------------------


def test_adding_steps_and_notes_with_undo_and_redo(panel, qtmodeltester) -> None:
    qtmodeltester.check(panel.outline)
    model, doc = panel.outline, panel.document
    command, new_id = edits.add_step(doc, M1, DESK, WAIT, "Ask at the desk")
    doc.push(command)
    lane = row(model, "lane", WAIT, DESK)
    assert texts(model, lane) == ["Ask at the desk"]
    assert lane.data(Display) == "Front desk (staff): 1 step"
    assert model.index(0, 0).data(Display) == "Map: Visit (5 steps)"
    command, _ = edits.add_note(doc, new_id, "pain", DESK, text="Queue", weight=2)
    doc.push(command)
    assert texts(model, row(model, "step", new_id)) == ["Pain by Front desk: weight 2: Queue"]
    assert row(model, "step", new_id).data(Display) == "Ask at the desk; 1 pain"
    assert_matches_fresh_build(model)
    doc.undo_stack.undo()
    assert row(model, "step", new_id).data(Display) == "Ask at the desk"
    doc.undo_stack.undo()
    assert not model.index_for("lane", WAIT, DESK).isValid()
    assert texts(model, row(model, "stage", WAIT)) == ["Patient (patient): 1 step"]
    assert model.index(0, 0).data(Display) == "Map: Visit (4 steps)"
    doc.undo_stack.redo()
    doc.undo_stack.redo()
    assert texts(model, row(model, "step", new_id)) == ["Pain by Front desk: weight 2: Queue"]
    assert_matches_fresh_build(model)


def test_editing_moving_and_deleting_update_rows_in_place(panel) -> None:
    model, doc = panel.outline, panel.document
    panel.expandAll()
    doc.push(edits.edit_step(doc, "s1", text="Check in at the kiosk"))
    assert row(model, "step", "s1").data(Display).startswith("Check in at the kiosk; 1 need")
    doc.push(edits.edit_note(doc, "n1", weight=2))
    assert row(model, "note", "n1").data(Display) == (
        "Need by Patient: less waiting time, weight 2: Know how long"
    )
    doc.push(edits.move_steps(doc, {"s1": (PATIENT, SEE, (0.0, 0.0))}))
    assert texts(model, row(model, "stage", ARRIVE)) == ["Nurse (clinician): 1 step"]
    assert texts(model, row(model, "lane", SEE, PATIENT)) == [
        "Check in at the kiosk; 1 need, 1 pain, 1 idea"
    ]
    assert panel.isExpanded(row(model, "step", "s1"))  # moved with its notes, still open
    assert_matches_fresh_build(model)
    doc.push(edits.delete_items(doc, step_ids=["s1"]))
    assert not model.index_for("step", "s1").isValid()
    assert not model.index_for("note", "n1").isValid()
    assert not model.index_for("lane", SEE, PATIENT).isValid()
    doc.undo_stack.undo()
    assert texts(model, row(model, "step", "s1"))[0].startswith("Need by Patient")
    doc.undo_stack.undo()  # the move
    assert texts(model, row(model, "stage", ARRIVE))[0] == "Patient (patient): 1 step"
    assert_matches_fresh_build(model)


def test_stages_lanes_actors_and_maps_follow(panel) -> None:
    model, doc = panel.outline, panel.document
    panel.expandAll()
    doc.push(edits.rename_stage(doc, M1, WAIT, "Waiting room"))
    assert row(model, "stage", WAIT).data(Display) == "Stage 2 of 3: Waiting room"
    doc.push(edits.add_stage(doc, M1, "Leave"))
    assert row(model, "stage", ARRIVE).data(Display) == "Stage 1 of 4: Arrive"
    doc.push(edits.move_stage(doc, M1, SEE, 0))
    assert texts(model, model.index(0, 0))[:2] == ["Stage 1 of 4: See", "Stage 2 of 4: Arrive"]
    assert panel.isExpanded(row(model, "lane", ARRIVE, PATIENT))  # kept through the rebuild
    doc.push(edits.edit_actor(doc, PATIENT, name="Person"))
    assert row(model, "lane", ARRIVE, PATIENT).data(Display) == "Person (patient): 1 step"
    assert row(model, "step", "s2").data(Display) == "Call the name; with Person"
    doc.push(edits.move_lane(doc, M1, NURSE, 0))
    assert texts(model, row(model, "stage", ARRIVE)) == [
        "Nurse (clinician): 1 step",
        "Person (patient): 1 step",
    ]
    doc.push(edits.delete_lane(doc, M1, NURSE))
    assert not model.index_for("step", "s2").isValid()
    command, _ = edits.add_map(doc, "To be")
    doc.push(command)
    assert texts(model)[-1] == "Map: To be (0 steps)"
    doc.push(edits.delete_items(doc, step_ids=["s10"]))
    assert texts(model)[1] == "Map: Follow-up (0 steps)"
    assert_matches_fresh_build(model)
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
        assert_matches_fresh_build(model)
    assert tree(model) == tree(OutlineModel(Document(small_workshop())))


def test_random_edits_undo_and_redo_keep_the_tree_equal_to_a_fresh_build(
    panel, qtmodeltester
) -> None:
    model, doc = panel.outline, panel.document
    qtmodeltester.check(model)  # and Qt's model tester watches every change below
    rng = random.Random(7)
    panel.expandToDepth(1)
    for n in range(60):
        w = doc.workshop
        steps = sorted(w.steps)
        choice = rng.randrange(8)
        if choice == 0 or not steps:
            journey = w.maps[0]
            lane, stage = rng.choice(journey.lanes), rng.choice(journey.stages)
            doc.push(edits.add_step(doc, journey.id, lane.actor, stage.id, f"new {n}")[0])
        elif choice == 1:
            step = w.steps[rng.choice(steps)]
            journey = w.map(step.map)
            lane, stage = rng.choice(journey.lanes), rng.choice(journey.stages)
            doc.push(
                edits.move_steps(doc, {step.id: (lane.actor, stage.id, (rng.random() * 400, 0))})
            )
        elif choice == 2:
            picked = rng.sample(steps, min(len(steps), rng.randrange(1, 4)))
            doc.push(edits.delete_items(doc, step_ids=picked))
        elif choice == 3:
            kind = rng.choice(["need", "pain", "idea", "quote"])
            doc.push(edits.add_note(doc, rng.choice(steps), kind, PATIENT, text=f"note {n}")[0])
        elif choice == 4 and w.notes:
            doc.push(edits.delete_items(doc, note_ids=[rng.choice(sorted(w.notes))]))
        elif choice == 5:
            doc.push(edits.edit_step(doc, rng.choice(steps), text=f"text {n}", emotion=1))
        elif choice == 6 and doc.undo_stack.canUndo():
            doc.undo_stack.undo()
        elif doc.undo_stack.canRedo():
            doc.undo_stack.redo()
        assert keys(model) == keys(OutlineModel(doc)), n


def test_a_big_batch_rebuilds_its_map_once_and_keeps_open_rows(panel, qtbot, qtmodeltester) -> None:
    model, doc = panel.outline, panel.document
    qtmodeltester.check(model)
    for n in range(40):
        doc.push(edits.add_step(doc, M1, NURSE, WAIT, f"extra {n}")[0])
    panel.expandAll()
    panel.setCurrentIndex(row(model, "step", "s4"))
    extra = [s for s in doc.workshop.steps if doc.workshop.steps[s].text.startswith("extra")]
    with qtbot.waitSignal(model.layoutChanged):
        doc.push(edits.delete_items(doc, step_ids=extra))
    assert panel.isExpanded(row(model, "lane", SEE, NURSE))
    assert panel.currentIndex() == row(model, "step", "s4")
    assert_matches_fresh_build(model)


def test_changes_outside_the_undo_stack_are_caught_up_on_the_next_turn(panel, qtbot) -> None:
    model, doc = panel.outline, panel.document
    doc.insert_note(Note("x1", "s4", "idea", NURSE, "A chair"))
    assert model.pending()
    qtbot.waitUntil(lambda: not model.pending())
    assert texts(model, row(model, "step", "s4")) == ["Idea by Nurse: A chair"]


def test_no_reset_or_relayout_while_typing_and_editing(panel, qtbot) -> None:
    model, doc = panel.outline, panel.document
    panel.expandAll()
    counts = {"reset": 0, "layout": 0, "inserted": 0, "removed": 0, "changed": 0}
    model.modelReset.connect(lambda: counts.__setitem__("reset", counts["reset"] + 1))
    model.layoutChanged.connect(lambda: counts.__setitem__("layout", counts["layout"] + 1))
    model.rowsInserted.connect(lambda *_: counts.__setitem__("inserted", counts["inserted"] + 1))
    model.rowsRemoved.connect(lambda *_: counts.__setitem__("removed", counts["removed"] + 1))
    model.dataChanged.connect(lambda *_: counts.__setitem__("changed", counts["changed"] + 1))
    for n in range(1, 30):  # what the inspector sends while someone types
        doc.push(edits.edit_step(doc, "s3", merge=True, text="Wait in the corridor"[:n]))
    assert counts == {"reset": 0, "layout": 0, "inserted": 0, "removed": 0, "changed": 29}
    doc.push(edits.add_step(doc, M1, PATIENT, SEE, "Go home")[0])
    doc.push(edits.move_steps(doc, {"s3": (PATIENT, ARRIVE, (400.0, 0.0))}))
    assert counts["reset"] == counts["layout"] == 0
    assert counts["inserted"] == 2  # the lane Patient in See, then its step


def test_a_2000_step_8000_note_workshop_builds_well_under_a_second() -> None:
    rng = random.Random(3)
    w = Workshop()
    for i in range(6):
        w.actors[f"a{i}"] = Actor(f"a{i}", f"Actor {i}", "other")
    stages = [Stage(f"m.s{i}", f"Stage {i}") for i in range(12)]
    w.maps.append(JourneyMap("m", "Big", stages, [Lane(a) for a in w.actors]))
    for i in range(2000):
        stage, actor = f"m.s{rng.randrange(12)}", f"a{rng.randrange(6)}"
        w.steps[f"s{i}"] = Step(f"s{i}", "m", stage, actor, f"Step {i}", emotion=-1)
    kinds = ["need", "pain", "idea", "quote", "feeling"]
    for i in range(8000):
        kind = kinds[i % 5]
        rating = 1 if kind == "feeling" else None
        note = Note(f"n{i}", f"s{rng.randrange(2000)}", kind, "a0", f"n {i}", rating=rating)
        w.notes[note.id] = note
    apply_layout(w, "m", plan_layout(w, "m"))
    document = Document(w)
    start = time.perf_counter()
    model = OutlineModel(document)
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5, elapsed  # about 0.02 s here
    assert (
        len(list(model.nodes()))
        == 1 + 12 + len({(s.stage, s.actor) for s in w.steps.values()}) + 2000 + 8000
    )


# -- selection both ways ----------------------------------------------------------------


def test_selecting_rows_selects_on_the_canvas_and_shows_the_map(panel) -> None:
    model, selection = panel.outline, panel.selection
    panel.setCurrentIndex(row(model, "step", "s3"))
    assert selection.steps == ["s3"] and selection.note == ""
    panel.setCurrentIndex(row(model, "note", "p1"))
    assert (selection.steps, selection.note) == (["s1"], "p1")
    panel.setCurrentIndex(row(model, "step", "s10"))
    assert (selection.map_id, selection.steps) == (M2, ["s10"])
    panel.setCurrentIndex(model.index(0, 0))
    assert (selection.map_id, selection.steps) == (M1, [])


def test_canvas_selection_selects_and_reveals_the_row_without_echo(panel, qtbot) -> None:
    model, selection = panel.outline, panel.selection
    panel.collapseAll()
    with qtbot.waitSignals([selection.selection_changed], timeout=100):
        selection.select(["s4"])
    step = row(model, "step", "s4")
    assert panel.currentIndex() == step
    assert panel.selectionModel().selectedRows() == [step]
    assert panel.isExpanded(row(model, "lane", SEE, NURSE))
    emitted: list[int] = []
    selection.selection_changed.connect(lambda: emitted.append(1))
    selection.select(["s1", "s3"], note="")
    assert len(emitted) == 1  # the tree following did not select back
    assert {model.node(i).item for i in panel.selectionModel().selectedRows()} == {"s1", "s3"}
    selection.select(["s1"], note="i1")
    assert panel.currentIndex() == row(model, "note", "i1")
    selection.select([])
    assert panel.selectionModel().selectedRows() == []


def test_keyboard_navigation_selects_on_the_canvas(window, qtbot) -> None:
    panel = window.docks["outline"].widget()
    model = panel.outline
    assert isinstance(panel, OutlinePanel)
    panel.setFocus()
    panel.setCurrentIndex(model.index(0, 0))
    panel.collapseAll()
    qtbot.keyClick(panel, Key.Key_Return)  # opens the map
    assert panel.isExpanded(model.index(0, 0))
    qtbot.keyClick(panel, Key.Key_Down)  # Stage 1 of 3: Arrive
    qtbot.keyClick(panel, Key.Key_Right)  # expand it
    qtbot.keyClick(panel, Key.Key_Down)  # Patient lane
    qtbot.keyClick(panel, Key.Key_Down)  # Nurse lane
    assert panel.currentIndex() == row(model, "lane", ARRIVE, NURSE)
    qtbot.keyClick(panel, Key.Key_Right)
    qtbot.keyClick(panel, Key.Key_Down)  # s2
    assert window.selection.steps == ["s2"]
    items = window.scene.selectedItems()
    assert [getattr(i, "step_id", None) for i in items] == ["s2"]
    qtbot.keyClick(panel, Key.Key_End)  # the last row: Follow-up's map when collapsed
    assert panel.currentIndex() == model.index(1, 0)
    assert window.selection.map_id == M2
    assert window.scene.map_id == M2
    qtbot.keyClick(panel, Key.Key_Home)
    assert window.selection.map_id == M1


def test_clicking_a_card_selects_its_row(window, qtbot) -> None:
    panel = window.docks["outline"].widget()
    window.scene.step_items["s3"].setSelected(True)
    assert panel.currentIndex() == row(panel.outline, "step", "s3")


# -- editing from the keyboard ----------------------------------------------------------


def _type_into_editor(panel: OutlinePanel, qtbot, text: str) -> None:
    editor = panel.indexWidget(panel.currentIndex())
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Key.Key_Return)  # the delegate commits on the next turn
    qtbot.waitUntil(lambda: panel.state() != QAbstractItemView.State.EditingState)


def test_f2_edits_a_step_text_as_one_undo_step(window, qtbot) -> None:
    panel = window.docks["outline"].widget()
    doc = window.document
    panel.setFocus()  # F2 and Return edit a card when the canvas has the focus
    assert panel.hasFocus()
    panel.setCurrentIndex(row(panel.outline, "step", "s1"))
    qtbot.keyClick(panel, Key.Key_F2)
    assert panel.state() == QAbstractItemView.State.EditingState
    before = doc.undo_stack.count()
    _type_into_editor(panel, qtbot, "Check in at reception")
    assert doc.workshop.steps["s1"].text == "Check in at reception"
    assert doc.undo_stack.count() == before + 1
    assert doc.undo_stack.undoText() == "Edit step text"
    assert row(panel.outline, "step", "s1").data(Display).startswith("Check in at reception;")
    doc.undo_stack.undo()
    assert doc.workshop.steps["s1"].text == "Check in"
    assert panel.currentIndex() == row(panel.outline, "step", "s1")


def test_enter_edits_too_and_escape_changes_nothing(panel, qtbot) -> None:
    doc = panel.document
    panel.setCurrentIndex(row(panel.outline, "step", "s4"))
    qtbot.keyClick(panel, Key.Key_Return)
    editor = panel.indexWidget(panel.currentIndex())
    assert isinstance(editor, QLineEdit) and editor.text() == "Take bloods"
    qtbot.keyClicks(editor, " again")
    qtbot.keyClick(editor, Key.Key_Escape)
    assert doc.workshop.steps["s4"].text == "Take bloods"
    assert doc.undo_stack.count() == 0
    qtbot.keyClick(panel, Key.Key_Return)
    _type_into_editor(panel, qtbot, "   ")
    qtbot.waitUntil(lambda: bool(panel.errors))
    assert panel.errors == [("Could not change the step", "A step needs some text.")]
    assert doc.undo_stack.count() == 0


def test_delete_removes_steps_and_notes_and_undo_brings_them_back(window, qtbot) -> None:
    panel = window.docks["outline"].widget()
    doc, model = window.document, panel.outline
    panel.setFocus()
    panel.setCurrentIndex(row(model, "note", "p1"))
    qtbot.keyClick(panel, Key.Key_Delete)
    assert "p1" not in doc.workshop.notes and "s1" in doc.workshop.steps
    assert doc.undo_stack.undoText() == "Delete 1 note"
    assert not model.index_for("note", "p1").isValid()
    panel.setCurrentIndex(row(model, "step", "s3"))
    qtbot.keyClick(panel, Key.Key_Delete)
    assert "s3" not in doc.workshop.steps
    assert doc.undo_stack.undoText().startswith("Delete 1 step")
    assert "s3" not in window.scene.step_items
    doc.undo_stack.undo()
    assert texts(model, row(model, "lane", WAIT, PATIENT)) == [
        "Wait in the corridor; Patient feels -2; 1 quote"
    ]
    doc.undo_stack.undo()
    assert texts(model, row(model, "step", "s1"))[1].startswith("Pain by Patient")


def test_on_a_stage_row_enter_opens_and_closes_and_delete_does_nothing(panel, qtbot) -> None:
    stage = row(panel.outline, "stage", ARRIVE)
    panel.setCurrentIndex(stage)
    panel.collapse(stage)
    qtbot.keyClick(panel, Key.Key_Return)
    assert panel.isExpanded(stage)
    assert panel.state() != QAbstractItemView.State.EditingState
    qtbot.keyClick(panel, Key.Key_Return)
    assert not panel.isExpanded(stage)
    qtbot.keyClick(panel, Key.Key_Delete)
    assert panel.document.undo_stack.count() == 0


def test_f2_renames_stages_and_lanes(panel, qtbot) -> None:
    doc, model = panel.document, panel.outline
    panel.setCurrentIndex(row(model, "stage", WAIT))
    qtbot.keyClick(panel, Key.Key_F2)
    _type_into_editor(panel, qtbot, "Waiting room")
    assert doc.workshop.map(M1).stage(WAIT).name == "Waiting room"
    assert row(model, "stage", WAIT).data(Display) == "Stage 2 of 3: Waiting room"
    panel.setCurrentIndex(row(model, "lane", SEE, NURSE))
    qtbot.keyClick(panel, Key.Key_F2)
    _type_into_editor(panel, qtbot, "Practice nurse")
    assert doc.workshop.actors[NURSE].name == "Practice nurse"
    assert row(model, "lane", ARRIVE, NURSE).data(Display) == "Practice nurse (clinician): 1 step"
    assert doc.undo_stack.count() == 2
    panel.setCurrentIndex(row(model, "lane", SEE, NURSE))
    qtbot.keyClick(panel, Key.Key_F2)
    _type_into_editor(panel, qtbot, "Patient")
    qtbot.waitUntil(lambda: bool(panel.errors))
    assert "already a lane called 'Patient'" in panel.errors[0][1]
    assert doc.undo_stack.count() == 2


def test_f2_edits_a_note_text(panel, qtbot) -> None:
    panel.setCurrentIndex(row(panel.outline, "note", "i1"))
    qtbot.keyClick(panel, Key.Key_F2)
    _type_into_editor(panel, qtbot, "Show the queue on a screen")
    assert panel.document.workshop.notes["i1"].text == "Show the queue on a screen"
    assert panel.document.undo_stack.undoText() == "Edit idea"


def test_read_only_documents_offer_no_editing(panel, qtbot) -> None:
    panel.document.read_only = True
    step = row(panel.outline, "step", "s1")
    assert not step.flags() & Qt.ItemFlag.ItemIsEditable
    panel.setCurrentIndex(step)
    qtbot.keyClick(panel, Key.Key_F2)
    assert panel.state() != QAbstractItemView.State.EditingState
    qtbot.keyClick(panel, Key.Key_Delete)
    assert panel.errors and "read-only" in panel.errors[0][0]
    assert "s1" in panel.document.workshop.steps
