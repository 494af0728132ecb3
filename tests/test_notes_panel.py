"""The notes dock, driven with keys and clicks: adding, editing and deleting notes on a step."""

from __future__ import annotations

import pytest
from editor_helpers import (
    DESK,
    NURSE,
    OFFSCREEN_NOISE,
    PATIENT,
    close_window,
    open_window,
    small_workshop,
    snapshot,
)
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication

from app import edits
from app.document import Document
from app.model import Note
from widgets.docks.notes import NotesPanel, known_dimensions
from widgets.selection import Selection

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)

Left = Qt.MouseButton.LeftButton
NoMod = Qt.KeyboardModifier.NoModifier
Ctrl = Qt.KeyboardModifier.ControlModifier


def make_panel(qtbot, workshop=None) -> NotesPanel:
    document = Document(workshop or small_workshop())
    panel = NotesPanel(document, Selection(document))
    qtbot.addWidget(panel)
    panel.resize(460, 900)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


@pytest.fixture
def panel(qtbot) -> NotesPanel:
    return make_panel(qtbot)


def undo_texts(panel: NotesPanel) -> list[str]:
    stack = panel.document.undo_stack
    return [stack.text(i) for i in range(stack.count())]


def click_note(qtbot, panel: NotesPanel, note_id: str) -> None:
    item = panel._tree_item(note_id)
    assert item is not None
    rect = panel.tree.visualItemRect(item)
    qtbot.mouseClick(panel.tree.viewport(), Left, NoMod, rect.center())


def group_titles(panel: NotesPanel) -> list[str]:
    tree = panel.tree
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]


def test_notes_of_the_selected_step_grouped_by_kind_in_plain_words(panel: NotesPanel) -> None:
    assert panel.heading.text().startswith("Select one step")
    assert not panel.add_buttons["need"].isEnabled()
    panel.selection.select(["s1"])
    assert panel.heading.text() == "Notes on: Check in"
    assert group_titles(panel) == [
        "Needs (1)",
        "Pain points (1)",
        "Ideas (1)",
        "Quotes (0)",
        "Feelings (0)",
    ]
    assert panel.note_ids_shown() == ["n1", "p1", "i1"]
    lines = [panel._tree_item(n).text(0) for n in ("n1", "p1", "i1")]
    assert lines == [
        "Patient wants less waiting time (weight 4): Know how long",
        "Patient (weight 3): Nobody says anything",
        "Nurse: A screen with the queue",
    ]
    panel.selection.select(["s3"])
    assert panel.note_ids_shown() == ["q1"]
    assert panel._tree_item("q1").text(0) == "Patient: “I lost my place twice”"
    panel.selection.select(["s1", "s3"])
    assert panel.note_ids_shown() == []


def test_clicking_a_note_selects_it_and_opens_its_editor(qtbot, panel) -> None:
    panel.selection.select(["s1"])
    assert not panel.text_edit.isVisible()
    click_note(qtbot, panel, "p1")
    assert panel.selection.note == "p1"
    assert panel.text_edit.isVisible() and panel.text_edit.toPlainText() == "Nobody says anything"
    assert panel.weight_spin.isVisible() and panel.weight_spin.value() == 3
    assert not panel.dimension_edit.isVisible() and not panel.rating_combo.isVisible()
    assert panel.editor.title() == "Pain by Patient"
    panel.selection.set_note("n1")  # chosen elsewhere (a conflict list, the canvas)
    assert panel.tree.currentItem() is panel._tree_item("n1")
    assert panel.dimension_edit.isVisible() and panel.dimension_edit.text() == "waiting time"


@pytest.mark.parametrize(
    ("kind", "actor", "group"),
    [
        ("need", PATIENT, "Needs (2)"),
        ("pain", PATIENT, "Pain points (2)"),
        ("idea", PATIENT, "Ideas (2)"),
        ("quote", PATIENT, "Quotes (1)"),
        ("feeling", NURSE, "Feelings (1)"),  # the first actor who has not rated the step
    ],
)
def test_add_buttons_add_a_note_of_each_kind_and_select_it(qtbot, panel, kind, actor, group):
    panel.selection.select(["s1"])
    qtbot.mouseClick(panel.add_buttons[kind], Left)
    note_id = panel.selection.note
    note = panel.document.workshop.notes[note_id]
    assert (note.step, note.kind, note.actor) == ("s1", kind, actor)
    assert group in group_titles(panel)
    assert panel.tree.currentItem() is panel._tree_item(note_id)
    assert undo_texts(panel) == [f"Add {kind}"]
    qtbot.keyClicks(panel.text_edit, "Typed straight away")
    assert note.text == "Typed straight away"
    panel.document.undo_stack.undo()
    panel.document.undo_stack.undo()
    assert note_id not in panel.document.workshop.notes
    assert panel.note_ids_shown() == ["n1", "p1", "i1"]


def test_add_shortcut_adds_a_need_from_the_keyboard(qtbot, panel) -> None:
    panel.selection.select(["s1"])
    with qtbot.waitActive(panel):
        panel.activateWindow()
    button = panel.add_buttons["need"]
    assert button.shortcut().toString() == "Ctrl+Shift+N"
    qtbot.keyClick(panel.tree, Qt.Key.Key_N, Ctrl | Qt.KeyboardModifier.ShiftModifier)
    # A button's shortcut clicks it after a short animated press.
    qtbot.waitUntil(lambda: len(panel.document.notes_of("s1")) == 4)
    added = panel.document.workshop.notes[panel.selection.note]
    assert (added.kind, added.actor) == ("need", PATIENT)


def test_editing_a_need_merges_typing_and_offers_known_dimensions(qtbot) -> None:
    workshop = small_workshop()
    workshop.notes["n9"] = Note("n9", "s4", "need", NURSE, "Keep on time", "Waiting  Time")
    workshop.notes["n10"] = Note("n10", "s4", "need", NURSE, "Room to talk", "consultation time")
    panel = make_panel(qtbot, workshop)
    assert known_dimensions(workshop) == ["consultation time", "waiting time"]  # one spelling
    panel.selection.select(["s1"])
    click_note(qtbot, panel, "n1")
    note = workshop.notes["n1"]
    edit = panel.dimension_edit
    with qtbot.waitActive(panel):
        panel.activateWindow()
    edit.setFocus()  # a line edit takes a completion only while it has the focus
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClick(edit, Qt.Key.Key_A, Ctrl)
    qtbot.keyClicks(edit, "TIME")
    completer = panel.completer
    offered = [
        completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())
    ]
    assert offered == ["consultation time", "Waiting  Time"]
    popup = completer.popup()
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert edit.text() == "consultation time"
    assert note.dimension == "consultation time"
    assert undo_texts(panel) == ["Edit need"]
    panel.document.undo_stack.undo()
    assert note.dimension == "waiting time"
    assert edit.text() == "waiting time"


def test_direction_and_weight_of_a_need(qtbot, panel) -> None:
    panel.selection.select(["s1"])
    click_note(qtbot, panel, "n1")
    note = panel.document.workshop.notes["n1"]
    combo = panel.direction_combo
    assert combo.currentText() == "wants less"
    qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert note.direction == "more"
    combo.setCurrentIndex(combo.findData(""))
    assert note.direction == ""
    assert panel._tree_item("n1").text(0) == "Patient needs waiting time (weight 4): Know how long"
    qtbot.keyClick(panel.weight_spin, Qt.Key.Key_Up)
    assert note.weight == 5
    qtbot.keyClick(panel.weight_spin, Qt.Key.Key_Up)
    assert note.weight == 5  # 5 is the most
    assert undo_texts(panel) == ["Edit need", "Edit need", "Edit need"]
    panel.document.undo_stack.undo()
    assert note.weight == 4 and panel.weight_spin.value() == 4


def test_feeling_rating_and_a_second_rating_by_one_actor_refused(qtbot, panel) -> None:
    document = panel.document
    panel.selection.select(["s1"])
    qtbot.mouseClick(panel.add_buttons["feeling"], Left)
    first = document.workshop.notes[panel.selection.note]
    assert first.actor == NURSE and first.rating == 0
    panel.rating_combo.setCurrentIndex(panel.rating_combo.findText("-1 a bit bad"))
    qtbot.keyClicks(panel.text_edit, "rushed")
    assert (first.rating, first.text) == (-1, "rushed")
    assert panel._tree_item(first.id).text(0) == "Nurse feels -1: rushed"
    qtbot.mouseClick(panel.add_buttons["feeling"], Left)
    second = document.workshop.notes[panel.selection.note]
    assert second.actor == DESK
    count = document.undo_stack.count()
    panel.actor_combo.setCurrentIndex(panel.actor_combo.findData(NURSE))
    assert second.actor == DESK
    assert document.undo_stack.count() == count
    assert panel.error.isVisible()
    assert panel.error.text().startswith("Nurse has already rated this step")
    assert panel.actor_combo.currentData() == DESK
    qtbot.mouseClick(panel.add_buttons["feeling"], Left)  # the step's own actor is left
    assert document.workshop.notes[panel.selection.note].actor == PATIENT
    assert not panel.error.isVisible()
    qtbot.mouseClick(panel.add_buttons["feeling"], Left)
    assert panel.error.text() == "Everyone has already rated this step."
    assert len([n for n in document.notes_of("s1") if n.kind == "feeling"]) == 3


def test_changing_whose_note_it_is(panel: NotesPanel) -> None:
    panel.selection.select(["s1"])
    panel.selection.set_note("i1")
    panel.actor_combo.setCurrentIndex(panel.actor_combo.findData(DESK))
    assert panel.document.workshop.notes["i1"].actor == DESK
    assert panel._tree_item("i1").text(0) == "Front desk: A screen with the queue"


def test_delete_note_then_undo_puts_it_back_in_the_same_place(qtbot, panel) -> None:
    workshop = panel.document.workshop
    before = snapshot(workshop)
    panel.selection.select(["s1"])
    click_note(qtbot, panel, "p1")
    qtbot.mouseClick(panel.delete_button, Left)
    assert "p1" not in workshop.notes
    assert panel.note_ids_shown() == ["n1", "i1"]
    assert panel.selection.note == "i1"  # the next note, ready for the next key
    assert undo_texts(panel) == ["Delete 1 note"]
    panel.document.undo_stack.undo()
    assert snapshot(workshop) == before
    assert panel.note_ids_shown() == ["n1", "p1", "i1"]
    click_note(qtbot, panel, "n1")
    qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)
    assert "n1" not in workshop.notes
    panel.document.undo_stack.undo()
    assert snapshot(workshop) == before


def test_follows_selection_and_undo_redo_made_elsewhere(panel: NotesPanel) -> None:
    document = panel.document
    panel.selection.select(["s3"])
    panel.selection.set_note("q1")
    document.push(edits.edit_note(document, "q1", text="I lost my place three times"))
    assert panel.text_edit.toPlainText() == "I lost my place three times"
    assert panel._tree_item("q1").text(0) == "Patient: “I lost my place three times”"
    command, new_id = edits.add_note(document, "s3", "idea", NURSE, text="Call by number")
    document.push(command)
    assert panel.note_ids_shown() == [new_id, "q1"]  # ideas come before quotes
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert panel.text_edit.toPlainText() == "I lost my place twice"
    assert panel.note_ids_shown() == ["q1"]
    document.undo_stack.redo()
    assert panel.text_edit.toPlainText() == "I lost my place three times"
    document.push(edits.edit_step(document, "s3", text="Wait by the lifts"))
    assert panel.heading.text() == "Notes on: Wait by the lifts"
    panel.selection.select(["s1"])
    assert panel.note_ids_shown() == ["n1", "p1", "i1"]
    assert not panel.text_edit.isVisible()


def test_typing_a_note_is_one_undo_step_until_the_field_is_left(qtbot, panel) -> None:
    panel.selection.select(["s1"])
    click_note(qtbot, panel, "i1")
    note = panel.document.workshop.notes["i1"]
    qtbot.keyClick(panel.text_edit, Qt.Key.Key_End, Ctrl)
    qtbot.keyClicks(panel.text_edit, " in the waiting room")
    assert note.text == "A screen with the queue in the waiting room"
    assert undo_texts(panel) == ["Edit idea"]
    QApplication.sendEvent(
        panel.text_edit, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason)
    )
    qtbot.keyClicks(panel.text_edit, "!")
    assert undo_texts(panel) == ["Edit idea", "Edit idea"]
    qtbot.keyClick(panel.text_edit, Qt.Key.Key_Z, Ctrl)
    qtbot.keyClick(panel.text_edit, Qt.Key.Key_Z, Ctrl)
    assert note.text == "A screen with the queue"
    assert panel.text_edit.toPlainText() == "A screen with the queue"


def test_read_only_workshop_shows_notes_but_changes_nothing(qtbot, panel) -> None:
    panel.document.read_only = True
    panel.selection.select(["s1"])
    click_note(qtbot, panel, "n1")
    assert panel.selection.note == "n1"
    assert all(not b.isEnabled() for b in panel.add_buttons.values())
    assert panel.text_edit.isReadOnly() and panel.dimension_edit.isReadOnly()
    assert not panel.actor_combo.isEnabled() and not panel.weight_spin.isEnabled()
    assert not panel.delete_button.isEnabled()
    qtbot.keyClicks(panel.text_edit, "typed")
    qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)
    assert panel.document.workshop.notes["n1"].text == "Know how long"
    assert panel.document.undo_stack.count() == 0


def test_every_field_has_an_accessible_name(panel: NotesPanel) -> None:
    panel.selection.select(["s1"])
    panel.selection.set_note("n1")
    fields = [
        *panel.add_buttons.values(),
        panel.tree,
        panel.text_edit,
        panel.actor_combo,
        panel.dimension_edit,
        panel.direction_combo,
        panel.weight_spin,
        panel.rating_combo,
        panel.delete_button,
    ]
    assert all(field.accessibleName() for field in fields)
    assert panel.add_buttons["quote"].accessibleName() == "Add quote"


def test_window_wiring_notes_follow_the_canvas(qtbot) -> None:
    driver = open_window(qtbot, small_workshop())
    try:
        window = driver.window
        dock = window.docks["notes"]
        assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
        assert window.docks["history"] in window.tabifiedDockWidgets(dock)
        panel = dock.widget()
        assert isinstance(panel, NotesPanel)
        driver.select("s1")
        assert panel.note_ids_shown() == ["n1", "p1", "i1"]
        qtbot.mouseClick(panel.add_buttons["pain"], Left)
        qtbot.keyClicks(panel.text_edit, "Cold corridor")
        assert driver.history_texts()[-2:] == ["Add pain", "Edit pain"]
        driver.select("s3")
        assert panel.note_ids_shown() == ["q1"]
    finally:
        close_window(driver)
