"""The priorities dock: dots placed per group with buttons and keys, the ranking, the map."""

from __future__ import annotations

from pathlib import Path

import pytest
from editor_helpers import (
    ARRIVE,
    M1,
    M2,
    OFFSCREEN_NOISE,
    PATIENT,
    SAMPLE,
    driven_window,
    settle,
    small_workshop,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from app import edits
from app.document import Document
from app.live_analysis import LiveAnalysis
from app.store import load_workshop, save_workshop
from widgets.priorities import DOTS, LABEL, MINUS, PLUS, TOTAL, WHERE, PrioritiesPanel
from widgets.priorities_rows import (
    ConflictRowCache,
    VoteRow,
    conflict_rows,
    patch_step_rows,
    step_rows,
)
from widgets.priorities_votes import VoteModel, make_vote_view
from widgets.selection import Selection

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)

Key = Qt.Key
PATIENTS, STAFF, EVERYONE = "patients and carers", "staff", "everyone"
OUTPATIENT_MAP = "m-as-is-outpatient-visit"


# -- helpers ----------------------------------------------------------------------------


def cell(panel: PrioritiesPanel, key: tuple, column: int) -> str:
    """What the vote list shows in `column` of `key`'s row."""
    index = panel.model.index_of(key, column)
    assert index.isValid(), f"no row for {key}"
    return index.data()


def keys(panel: PrioritiesPanel) -> list[tuple]:
    """The vote list's rows, in order, by (kind, target)."""
    return list(panel.model.keys())


def click_cell(qtbot, panel: PrioritiesPanel, key: tuple, column: int, times: int = 1) -> None:
    """Click the middle of a row's "+" or "−" cell, as a person does, `times` times."""
    view = panel.vote_list
    docks = getattr(panel.window(), "docks", {})
    if "priorities" in docks:  # the tab in front first, as a person would
        docks["priorities"].raise_()
    qtbot.wait(1)  # the list laid out after its last change, as on screen
    index = panel.model.index_of(key, column)
    assert index.isValid(), f"no row for {key}"
    view.scrollTo(index)
    point = view.visualRect(index).center()
    assert view.viewport().rect().contains(point)
    for _ in range(times):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def click_plus(qtbot, panel: PrioritiesPanel, step: str, times: int = 1) -> None:
    click_cell(qtbot, panel, ("step", (step,)), PLUS, times)


def click_minus(qtbot, panel: PrioritiesPanel, step: str) -> None:
    click_cell(qtbot, panel, ("step", (step,)), MINUS)


def dots(document: Document, group: str, kind: str, target: tuple[str, ...]) -> int:
    vote = document.workshop.votes.get((group, kind, target))
    return vote.dots if vote else 0


def ranking(tree: QTreeWidget) -> dict[str, list[tuple[str, tuple]]]:
    """The ranked list as heading -> [(place, (kind, target))], read from the tree."""
    read: dict[str, list[tuple[str, tuple]]] = {}
    for i in range(tree.topLevelItemCount()):
        heading = tree.topLevelItem(i)
        rows = [heading.child(j) for j in range(heading.childCount())]
        read[heading.text(0)] = [(r.text(0), r.data(0, Qt.ItemDataRole.UserRole)) for r in rows]
    return read


def row_of(tree: QTreeWidget, key: tuple) -> QTreeWidgetItem:
    for i in range(tree.topLevelItemCount()):
        heading = tree.topLevelItem(i)
        for j in range(heading.childCount()):
            if heading.child(j).data(0, Qt.ItemDataRole.UserRole) == key:
                return heading.child(j)
    raise AssertionError(f"no row for {key}")


def step(key: str) -> tuple[str, tuple[str, ...]]:
    return ("step", (key,))


def conflict(a: str, b: str) -> tuple[str, tuple[str, ...]]:
    return ("conflict", (a, b))


TOP = "Top 5 — take to the joint event"
REST = "Also voted for"


# -- placing dots -----------------------------------------------------------------------


def test_row_buttons_place_the_chosen_groups_dots_undo_redo_save_and_reopen(
    qtbot, tmp_path: Path
) -> None:
    with driven_window(qtbot, small_workshop()) as driver:
        window, document = driver.window, driver.document
        panel = window.priorities_panel
        dock = window.docks["priorities"]
        assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
        if "conflicts" in window.docks:  # a tab beside the conflicts it votes on
            assert dock in window.tabifiedDockWidgets(window.docks["conflicts"])
        assert panel.group_buttons[PATIENTS].isChecked()

        click_plus(qtbot, panel, "s1", times=3)
        assert dots(document, PATIENTS, "step", ("s1",)) == 3
        assert document.undo_stack.count() == 3  # each dot its own undo step
        assert document.undo_stack.undoText() == "Add a dot"
        qtbot.mouseClick(panel.group_buttons[STAFF], Qt.MouseButton.LeftButton)
        assert panel.group == STAFF and not panel.group_buttons[PATIENTS].isChecked()
        click_plus(qtbot, panel, "s1")
        click_plus(qtbot, panel, "s3", times=2)
        click_minus(qtbot, panel, "s3")
        assert panel.current_key() == step("s3")  # the clicked row, ready for the keys
        # staff's dots, everyone's
        assert (cell(panel, step("s1"), DOTS), cell(panel, step("s1"), TOTAL)) == ("1  ●", "4")
        assert panel.model.headerData(DOTS, Qt.Orientation.Horizontal) == "Staff"
        assert dots(document, STAFF, "step", ("s3",)) == 1

        document.undo_stack.undo()  # the dot taken back comes back
        assert dots(document, STAFF, "step", ("s3",)) == 2
        assert cell(panel, step("s3"), DOTS) == "2  ●●"
        for _ in range(3):
            document.undo_stack.undo()
        assert dots(document, STAFF, "step", ("s1",)) == 0
        assert cell(panel, step("s1"), DOTS) == "0"
        assert cell(panel, step("s1"), TOTAL) == "3"
        for _ in range(4):
            document.undo_stack.redo()
        expected = {
            (PATIENTS, "step", ("s1",)): 3,
            (STAFF, "step", ("s1",)): 1,
            (STAFF, "step", ("s3",)): 1,
        }
        assert {k: v.dots for k, v in document.workshop.votes.items()} == expected

        path = tmp_path / "voted.journey"
        save_workshop(document.workshop, path)

    reopened = load_workshop(path)
    assert {k: v.dots for k, v in reopened.votes.items()} == expected
    with driven_window(qtbot, reopened) as driver:
        panel = driver.window.priorities_panel
        assert cell(panel, step("s1"), DOTS) == "3  ●●●"  # patients and carers, first
        assert cell(panel, step("s1"), TOTAL) == "4"
        assert driver.scene.step_items["s1"].face.dots == 4


def test_keys_on_the_focused_row_add_take_back_and_pick_the_group(qtbot) -> None:
    with driven_window(qtbot, small_workshop()) as driver:
        window, document = driver.window, driver.document
        window.docks["priorities"].raise_()
        panel = window.priorities_panel
        vote_list = panel.vote_list
        vote_list.setFocus()
        vote_list.setCurrentIndex(panel.model.index_of(step("s2")))
        steps_before = set(document.workshop.steps)

        qtbot.keyClick(vote_list, Key.Key_Plus, Qt.KeyboardModifier.ShiftModifier)
        qtbot.keyClick(vote_list, Key.Key_Insert)  # the window's Insert (add a step) waits
        qtbot.keyClick(vote_list, Key.Key_Plus, Qt.KeyboardModifier.KeypadModifier)
        assert dots(document, PATIENTS, "step", ("s2",)) == 3
        qtbot.keyClick(vote_list, Key.Key_Minus)
        assert dots(document, PATIENTS, "step", ("s2",)) == 2
        qtbot.keyClick(vote_list, Key.Key_2)  # staff
        assert panel.group_buttons[STAFF].isChecked()
        qtbot.keyClick(vote_list, Key.Key_Equal)  # "+" without Shift
        assert dots(document, STAFF, "step", ("s2",)) == 1
        qtbot.keyClick(vote_list, Key.Key_Delete)  # a dot, never the step
        assert dots(document, STAFF, "step", ("s2",)) == 0
        assert set(document.workshop.steps) == steps_before

        qtbot.keyClick(vote_list, Key.Key_Delete)  # nothing left to take back
        assert panel.error.isVisibleTo(panel)
        assert "Staff have no dots here" in panel.error.text()
        qtbot.keyClick(vote_list, Key.Key_Down)
        qtbot.keyClick(vote_list, Key.Key_Plus)  # the next row in reading order
        assert dots(document, STAFF, "step", ("s3",)) == 1
        assert not panel.error.isVisibleTo(panel)
        qtbot.keyClick(vote_list, Key.Key_3)
        assert panel.group == EVERYONE


def test_steps_in_reading_order_and_rows_follow_edits_elsewhere(qtbot) -> None:
    with driven_window(qtbot, small_workshop()) as driver:
        document, panel = driver.document, driver.window.priorities_panel
        driver.window.docks["priorities"].raise_()  # the tab in front, as a person would
        qtbot.waitUntil(panel.on_screen)
        labels = [cell(panel, step(s), LABEL) for s in ("s1", "s2", "s3", "s4")]
        assert keys(panel)[:4] == [step("s1"), step("s2"), step("s3"), step("s4")]
        assert labels == ["Check in", "Call the name", "Wait in the corridor", "Take bloods"]
        assert cell(panel, step("s2"), WHERE) == "Arrive · Nurse"
        assert panel.model.index(0, LABEL).data() == "Steps (4)"  # the heading counts them

        model = panel.model
        row = QPersistentModelIndex(model.index_of(step("s1")))
        with (
            qtbot.assertNotEmitted(model.modelReset),
            qtbot.assertNotEmitted(model.rowsRemoved),
            qtbot.assertNotEmitted(model.rowsInserted),
        ):
            document.push(edits.edit_step(document, "s1", text="Check in at the desk"))
            qtbot.waitUntil(lambda: cell(panel, step("s1"), LABEL) == "Check in at the desk")
        assert row.isValid() and model.key_at(row) == step("s1")  # updated in place

        command, new_id = edits.add_step(document, "m1", PATIENT, ARRIVE, "Find the clinic")
        with qtbot.assertNotEmitted(model.modelReset):  # one row inserted, not all rebuilt
            document.push(command)
            qtbot.waitUntil(lambda: step(new_id) in keys(panel))
        assert row.isValid() and model.key_at(row) == step("s1")
        assert model.index(0, LABEL).data() == "Steps (5)"
        click_plus(qtbot, panel, new_id)
        document.undo_stack.undo()
        document.undo_stack.undo()
        qtbot.waitUntil(lambda: step(new_id) not in keys(panel))

        driver.window.selection.show_map(M2)
        qtbot.waitUntil(lambda: keys(panel) == [step("s10")])


def test_a_steps_words_remake_its_row_alone_and_a_move_all_of_them() -> None:
    workshop = small_workshop()
    places: dict = {}
    rows = step_rows(workshop, M1, places)
    workshop.steps["s2"].text = "Call the name twice"
    patched = patch_step_rows(rows, places, workshop, M1, {"s2"})
    assert patched == step_rows(workshop, M1)
    assert [new is old for new, old in zip(patched, rows, strict=True)] == [
        row.target != ("s2",) for row in rows
    ]
    assert patch_step_rows(rows, places, workshop, M1, {"s10"}) is rows  # another map's
    workshop.steps["s1"].y += 500  # its place in the reading order may change: all again
    assert patch_step_rows(rows, places, workshop, M1, {"s1"}) is None
    workshop.steps["s10"].map = M1  # joined the map
    assert patch_step_rows(rows, places, workshop, M1, {"s10"}) is None


def test_behind_another_tab_the_rows_wait_and_catch_up_when_shown(qtbot) -> None:
    with driven_window(qtbot, small_workshop()) as driver:
        window, document, panel = driver.window, driver.document, driver.window.priorities_panel
        window.docks["conflicts"].raise_()  # Qt keeps the tab behind "visible", out of view
        qtbot.waitUntil(lambda: panel.isVisible() and not panel.on_screen())
        settle(qtbot)
        document.push(edits.edit_step(document, "s1", text="Check in at the desk"))
        analysis = window.analysis
        qtbot.waitUntil(lambda: analysis.result.generation == analysis.generation)
        settle(qtbot)
        assert cell(panel, step("s1"), LABEL) == "Check in"  # no work for a hidden list
        window.docks["priorities"].raise_()
        qtbot.waitUntil(lambda: cell(panel, step("s1"), LABEL) == "Check in at the desk")


def test_plus_and_minus_cells_are_painted_buttons_with_words_for_screen_readers(
    qtbot, qtmodeltester
) -> None:
    with driven_window(qtbot, small_workshop()) as driver:
        window, document = driver.window, driver.document
        window.docks["priorities"].raise_()
        panel = window.priorities_panel
        qtmodeltester.check(panel.model)
        view, model = panel.vote_list, panel.model
        plus, minus = model.index_of(step("s1"), PLUS), model.index_of(step("s1"), MINUS)
        assert (plus.data(), minus.data()) == ("+", "−")
        assert plus.data(Qt.ItemDataRole.AccessibleTextRole) == "Add a dot to Check in"
        assert minus.data(Qt.ItemDataRole.ToolTipRole) == "Take back a dot from Check in"
        assert view.indexWidget(plus) is None  # drawn, not a widget per row
        qtbot.wait(1)
        view.scrollTo(plus)
        rect = view.visualRect(plus)
        assert view.viewport().rect().contains(rect)
        assert rect.width() >= 38 and rect.height() >= 30  # big enough to hit at a projector
        image = view.viewport().grab(rect).toImage()
        colours = {image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}
        assert len(colours) > 3  # a frame and a sign, not an empty cell

        # A quick double click on "+" is two dots, and leaves the map alone.
        point = rect.center()
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        assert dots(document, PATIENTS, "step", ("s1",)) == 2
        assert window.selection.steps == []
        # A click beside the button (the cell's margin) is no dot.
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.topLeft())
        assert dots(document, PATIENTS, "step", ("s1",)) == 2


def test_five_thousand_rows_are_built_and_updated_quickly(qtbot) -> None:
    """The list scales: rows are data, not widgets; an update touches what changed."""
    document = Document(small_workshop())
    panel = PrioritiesPanel(document, Selection(document))
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    model = panel.model
    rows = [
        VoteRow("conflict", (f"a{i}", f"b{i}"), f"Need {i}", "there", "detail", ())
        for i in range(5_000)
    ]
    model.set_rows(([], rows))
    qtbot.wait(1)
    assert model.rowCount() == 5_002 and model.last_update_ms < 100  # 6 ms here
    fewer = rows[:100] + rows[101:]  # one conflict gone, one new, one reworded
    fewer.insert(3000, VoteRow("conflict", ("new", "one"), "New", "", "", ()))
    fewer[10] = fewer[10]._replace(label="Reworded")
    kept = QPersistentModelIndex(model.index_of(rows[4000].key))
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_rows(([], fewer))
    assert model.last_update_ms < 100
    assert kept.isValid() and model.key_at(kept) == rows[4000].key
    assert list(model.keys()) == [row.key for row in fewer]
    assert model.index_of(fewer[10].key).data() == "Reworded"
    assert panel.vote_list.rowSpan(model.heading_rows()[1], 0) == 1
    assert panel.vote_list.columnSpan(model.heading_rows()[1], 0) == model.columnCount()


def test_when_only_conflicts_change_the_step_rows_and_the_headings_stay(qtbot) -> None:
    model = VoteModel(Document(small_workshop()))
    view, _buttons = make_vote_view(model, "votes", "")
    qtbot.addWidget(view)
    steps = [VoteRow("step", (f"s{i}",), f"Step {i}", "", "", (f"s{i}",)) for i in range(2_000)]
    conflicts = [
        VoteRow("conflict", (f"a{i}", f"b{i}"), f"Need {i}", "", "", ()) for i in range(400)
    ]
    model.set_rows((steps, conflicts))
    step_index = QPersistentModelIndex(model.index_of(steps[1500].key))
    fewer = [row for i, row in enumerate(conflicts) if i % 50 != 7]  # eight runs gone
    with (
        qtbot.assertNotEmitted(model.modelReset),
        qtbot.assertNotEmitted(model.headings_moved),  # the spans stay as they are
        qtbot.waitSignal(model.rowsRemoved),
    ):
        assert model.set_rows((list(steps), fewer))  # equal step rows, another list
    assert step_index.row() == 1 + 1500
    assert list(model.keys()) == [row.key for row in (*steps, *fewer)]
    assert model.index(model.heading_rows()[1], LABEL).data() == f"Conflicts ({len(fewer)})"
    with qtbot.assertNotEmitted(model.headings_moved):
        model.set_rows((steps, conflicts))  # back
    assert [model.index_of(row.key).row() for row in conflicts[:3]] == [2002, 2003, 2004]
    steps.pop(3)  # a step went: the conflicts' heading moved up a row
    with qtbot.waitSignal(model.headings_moved):
        model.set_rows((steps, conflicts))
    heading = model.heading_rows()[1]
    assert heading == 2_000 and view.columnSpan(heading, LABEL) == model.columnCount()


ROW_POOL = [VoteRow("step", (f"s{i}",), f"Step {i}", "", "", (f"s{i}",)) for i in range(6)] + [
    VoteRow("conflict", (f"a{i}", f"b{i}"), f"Need {i}", "", "", ()) for i in range(8)
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    updates=st.lists(
        st.tuples(
            st.lists(st.sampled_from(ROW_POOL[:6]), unique=True, max_size=6),
            st.lists(st.sampled_from(ROW_POOL[6:]), unique=True, max_size=8),
            st.sets(st.integers(0, 13), max_size=3),  # rows reworded in this update
        ),
        min_size=1,
        max_size=6,
    )
)
def test_any_sequence_of_updates_leaves_the_model_as_if_built_afresh(qapp, updates) -> None:
    model = VoteModel(Document(small_workshop()))
    tester = QAbstractItemModelTester(  # checks every signal against the data (warns)
        model, QAbstractItemModelTester.FailureReportingMode.Warning
    )
    for steps, conflicts, reworded in updates:
        steps, conflicts = (
            [row._replace(label=row.label + "!") if ROW_POOL.index(row) in reworded else row
             for row in section]
            for section in (steps, conflicts)
        )  # fmt: skip
        model.set_rows((steps, conflicts))
        fresh = VoteModel(model.document)
        fresh.set_rows((steps, conflicts))
        assert model.rows == fresh.rows
        assert model._keys == fresh._keys and model._row_of == fresh._row_of
        assert model.heading_rows() == fresh.heading_rows() == [0, len(steps) + 1]
    del tester


# -- conflicts --------------------------------------------------------------------------


def test_conflicts_join_the_vote_list_when_the_analysis_reports(qtbot) -> None:
    workshop = load_workshop(SAMPLE)
    workshop.votes.clear()
    document = Document(workshop)
    selection = Selection(document)
    analysis = LiveAnalysis(document, lambda: selection.map_id)
    panel = PrioritiesPanel(document, selection, analysis=analysis)
    qtbot.addWidget(panel)
    panel.resize(1400, 500)
    panel.show()
    qtbot.waitExposed(panel)
    assert not [key for key in keys(panel) if key[0] == "conflict"]

    with qtbot.waitSignal(analysis.updated):
        analysis.run_now()
    qtbot.waitUntil(lambda: conflict("n7", "n8") in keys(panel))  # the next event-loop turn
    conflicts = [key for key in keys(panel) if key[0] == "conflict"]
    assert conflict("n7", "n8") in conflicts and conflict("n10", "n11") in conflicts
    assert conflict("n1", "n2") not in conflicts  # the group said: not a conflict
    assert cell(panel, conflict("n7", "n8"), LABEL) == "Patient ↔ Cardiologist: consultation time"
    declared = cell(panel, conflict("n7", "n9"), LABEL)  # no shared dimension
    assert declared.startswith("Patient: ") and "Clinic nurse: " in declared
    assert keys(panel).index(conflict("n7", "n8")) > keys(panel).index(step("s20"))
    heading = panel.model.heading_rows()[1]  # the row above the conflicts, across the list
    assert panel.model.index(heading, LABEL).data() == f"Conflicts ({len(conflicts)})"
    assert panel.vote_list.columnSpan(heading, LABEL) == panel.model.columnCount()
    assert panel.model.index_of(conflict("n7", "n8")).row() > heading

    with (  # the same conflicts again: nothing is rebuilt
        qtbot.assertNotEmitted(panel.model.modelReset),
        qtbot.assertNotEmitted(panel.model.rowsInserted),
        qtbot.assertNotEmitted(panel.model.dataChanged),
    ):
        analysis.run_now()
        qtbot.wait(20)
    click_cell(qtbot, panel, conflict("n7", "n8"), PLUS)
    assert dots(document, PATIENTS, "conflict", ("n7", "n8")) == 1
    first = "Conflict: Patient ↔ Cardiologist: consultation time"  # ranked after the event
    qtbot.waitUntil(lambda: panel.ranked.tree.topLevelItem(0).child(0).text(1) == first)
    analysis.deleteLater()


def test_conflict_rows_are_kept_between_syncs_and_made_again_when_their_words_change() -> None:
    workshop = load_workshop(SAMPLE)
    workshop.votes.clear()
    from app.analysis import find_conflicts

    conflicts = find_conflicts(workshop)
    cache = ConflictRowCache()
    first = cache.rows(workshop, OUTPATIENT_MAP, conflicts)
    assert first == conflict_rows(workshop, OUTPATIENT_MAP, conflicts)
    assert cache.made == len(first) == len(cache) == 4  # one is "not a conflict"

    again = cache.rows(workshop, OUTPATIENT_MAP, conflicts)
    assert cache.made == 0 and all(new is old for new, old in zip(again, first, strict=True))

    workshop.notes["n8"].text = "Ten more minutes"  # a need's words: its conflicts' rows
    cache.forget_note("n8")
    third = cache.rows(workshop, OUTPATIENT_MAP, conflicts)
    assert third == conflict_rows(workshop, OUTPATIENT_MAP, conflicts)
    assert "Ten more minutes" in third[0].detail
    assert [new is old for new, old in zip(third, first, strict=True)] == [
        "n8" not in row.target for row in first
    ]

    workshop.steps["s9"].text = "Nurse takes bloods"  # a step's words: rows that name it
    cache.forget_step("s9")
    fourth = cache.rows(workshop, OUTPATIENT_MAP, conflicts)
    assert fourth == conflict_rows(workshop, OUTPATIENT_MAP, conflicts)
    assert [new is old for new, old in zip(fourth, third, strict=True)] == [
        "s9" not in row.steps for row in third
    ]

    cache.clear()  # an actor renamed, steps came or went: all made again
    assert cache.rows(workshop, OUTPATIENT_MAP, conflicts) == fourth and cache.made == 4
    assert cache.rows(workshop, OUTPATIENT_MAP, conflicts[:1]) == fourth[:1]
    assert len(cache) == 1  # only the rows shown are kept


def test_conflict_rows_follow_the_words_of_their_needs_steps_and_actors(qtbot) -> None:
    workshop = load_workshop(SAMPLE)
    workshop.votes.clear()
    document = Document(workshop)
    selection = Selection(document)
    analysis = LiveAnalysis(document, lambda: selection.map_id)
    panel = PrioritiesPanel(document, selection, analysis=analysis)
    qtbot.addWidget(panel)
    panel.resize(1400, 500)
    panel.show()
    qtbot.waitExposed(panel)
    analysis.run_now()
    found = conflict("n7", "n8")
    qtbot.waitUntil(lambda: found in keys(panel))

    def tooltip(key: tuple) -> str:
        return panel.model.index_of(key, LABEL).data(Qt.ItemDataRole.ToolTipRole)

    document.push(edits.edit_note(document, "n8", text="Ten more minutes"))
    qtbot.waitUntil(lambda: "Ten more minutes" in tooltip(found))
    assert "Ten more minutes" not in tooltip(conflict("n10", "n11"))
    document.push(edits.edit_step(document, "s10", text="Seen by the consultant"))
    qtbot.waitUntil(lambda: cell(panel, found, WHERE).startswith("Seen by the consultant"))
    nurse = document.workshop.notes["n9"].actor  # declared: the needs' actors label it
    document.push(edits.edit_actor(document, nurse, name="Practice nurse"))
    qtbot.waitUntil(lambda: "Practice nurse: " in cell(panel, conflict("n7", "n9"), LABEL))
    analysis.deleteLater()


# -- ranking ----------------------------------------------------------------------------


def test_ranking_per_group_and_overall_with_the_top_five_marked_in_words(qtbot) -> None:
    with driven_window(qtbot, load_workshop(SAMPLE)) as driver:
        document, panel = driver.document, driver.window.priorities_panel
        assert ranking(panel.ranked.tree) == {
            TOP: [
                ("1", step("s7")),
                ("2", conflict("n7", "n8")),
                ("3", step("s20")),
                ("4", step("s5")),
            ]
        }
        qtbot.mouseClick(panel.group_buttons[STAFF], Qt.MouseButton.LeftButton)
        assert ranking(panel.ranked.tree) == {
            TOP: [("1", step("s8")), ("2", conflict("n10", "n11")), ("3", step("s1"))]
        }
        assert panel.ranked.combo.currentText() == "The voting group (Staff)"
        assert panel.ranked.tree.isColumnHidden(2) and not panel.ranked.tree.isColumnHidden(3)

        panel.ranked.combo.setCurrentIndex(panel.ranked.combo.findText("All groups together"))
        assert ranking(panel.ranked.tree) == {
            TOP: [
                ("1", conflict("n7", "n8")),
                ("2", step("s7")),
                ("3", conflict("n10", "n11")),
                ("4", step("s8")),
                ("5", step("s20")),
            ],
            REST: [("6", step("s1")), ("7", step("s5"))],
        }
        top = panel.ranked.tree.topLevelItem(0)
        assert (
            top.child(0).font(1).bold()
            and not panel.ranked.tree.topLevelItem(1).child(0).font(1).bold()
        )
        assert [top.child(0).text(c) for c in (2, 3, 4, 5)] == ["5", "", "7", "12"]
        assert not panel.ranked.tie_note.isVisibleTo(panel)

        click_plus(qtbot, panel, "s1")  # staff: s1 4 dots, as many as s20 in fifth place
        qtbot.waitUntil(lambda: panel.ranked.tie_note.isVisibleTo(panel))
        assert "Places 5 and 6 have 4 dots each" in panel.ranked.tie_note.text()
        document.undo_stack.undo()
        qtbot.waitUntil(lambda: not panel.ranked.tie_note.isVisibleTo(panel))


def test_enter_and_double_click_show_a_ranked_step_or_a_conflicts_two_steps(qtbot) -> None:
    with driven_window(qtbot, load_workshop(SAMPLE)) as driver:
        window = driver.window
        window.docks["priorities"].raise_()
        settle(qtbot)  # the analysis has reported: the ranking is not rebuilt under the mouse
        panel, selection = window.priorities_panel, window.selection
        panel.ranked.combo.setCurrentIndex(1)  # all groups together
        ranked = panel.ranked.tree
        ranked.setFocus()
        ranked.setCurrentItem(row_of(ranked, step("s7")))
        qtbot.keyClick(ranked, Key.Key_Return)
        assert selection.steps == ["s7"]
        assert panel.current_key() == step("s7")  # ready for + and −

        item = row_of(ranked, conflict("n10", "n11"))
        ranked.scrollToItem(item)
        point = ranked.visualItemRect(item).center()
        # A person's double-click: a click, then the second press that Qt reports as double.
        qtbot.mouseClick(ranked.viewport(), Qt.MouseButton.LeftButton, pos=point)
        qtbot.mouseDClick(ranked.viewport(), Qt.MouseButton.LeftButton, pos=point)
        assert sorted(selection.steps) == ["s18", "s19"]  # the two needs' steps

        vote_list = panel.vote_list
        vote_list.setFocus()
        vote_list.setCurrentIndex(panel.model.index_of(step("s2")))
        qtbot.keyClick(vote_list, Key.Key_Enter)
        assert selection.steps == ["s2"]
        assert driver.scene.step_items["s2"].isSelected()

        index = panel.model.index_of(step("s5"), WHERE)  # a double-click on the vote list
        vote_list.scrollTo(index)
        point = vote_list.visualRect(index).center()
        qtbot.mouseClick(vote_list.viewport(), Qt.MouseButton.LeftButton, pos=point)
        qtbot.mouseDClick(vote_list.viewport(), Qt.MouseButton.LeftButton, pos=point)
        assert selection.steps == ["s5"]


# -- refusals and the map ---------------------------------------------------------------


def test_a_read_only_workshop_refuses_dots_and_says_why(qtbot) -> None:
    with driven_window(qtbot, small_workshop()) as driver:
        document, panel = driver.document, driver.window.priorities_panel
        document.read_only = True
        click_plus(qtbot, panel, "s1")
        assert document.workshop.votes == {}
        assert document.undo_stack.count() == 0
        assert panel.error.isVisibleTo(panel) and "read-only" in panel.error.text()
        assert cell(panel, step("s1"), DOTS) == "0"


def test_cards_show_the_dots_of_every_group(qtbot) -> None:
    with driven_window(qtbot, load_workshop(SAMPLE)) as driver:
        document, scene = driver.document, driver.scene
        panel = driver.window.priorities_panel
        assert scene.step_items["s7"].face.dots == 6 + 4  # patients and carers, everyone
        assert scene.step_items["s2"].face.dots == 0
        click_plus(qtbot, panel, "s7")
        qtbot.mouseClick(panel.group_buttons[STAFF], Qt.MouseButton.LeftButton)
        click_plus(qtbot, panel, "s7")
        assert scene.step_items["s7"].face.dots == 12
        document.undo_stack.undo()
        document.undo_stack.undo()
        assert scene.step_items["s7"].face.dots == 10
        image = driver.view.grab()  # painted with the badge, at the fitted zoom
        assert not image.isNull()
        settle(qtbot)


def test_the_lists_stack_in_a_tall_dock_and_sit_side_by_side_in_a_wide_one(qtbot) -> None:
    document = Document(small_workshop())
    panel = PrioritiesPanel(document, Selection(document))
    qtbot.addWidget(panel)
    panel.resizeEvent(QResizeEvent(QSize(400, 900), panel.size()))
    assert panel.splitter.orientation() == Qt.Orientation.Vertical
    panel.resizeEvent(QResizeEvent(QSize(1400, 300), panel.size()))
    assert panel.splitter.orientation() == Qt.Orientation.Horizontal
