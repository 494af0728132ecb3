"""The inspector dock, driven with keys and clicks: every change one undo step on the document."""

from __future__ import annotations

import pytest
from editor_helpers import (
    ARRIVE,
    DESK,
    NURSE,
    OFFSCREEN_NOISE,
    PATIENT,
    SEE,
    Ctrl,
    close_window,
    open_window,
    small_workshop,
    snapshot,
)
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QStyle

from app import edits
from app.document import Document
from widgets.docks.inspector import InspectorPanel
from widgets.selection import Selection

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)

Left = Qt.MouseButton.LeftButton
NoMod = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def panel(qtbot) -> InspectorPanel:
    document = Document(small_workshop())
    panel = InspectorPanel(document, Selection(document))
    qtbot.addWidget(panel)
    panel.resize(460, 820)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def undo_texts(panel: InspectorPanel) -> list[str]:
    stack = panel.document.undo_stack
    return [stack.text(i) for i in range(stack.count())]


def leave(widget) -> None:
    """What happens to a field when the user tabs or clicks away from it."""
    QApplication.sendEvent(widget, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))


def test_nothing_selected_shows_a_hint_and_several_steps_a_count(panel: InspectorPanel) -> None:
    assert panel.pages.currentIndex() == panel.PAGE_HINT
    assert panel.hint.text().startswith("Select a step on the map")
    panel.selection.select(["s1", "s3"])
    assert panel.pages.currentIndex() == panel.PAGE_HINT
    assert panel.hint.text().startswith("2 steps selected")
    panel.selection.select(["s1"])
    assert panel.pages.currentIndex() == panel.PAGE_STEP
    assert panel.text_edit.toPlainText() == "Check in"


def test_typing_the_text_is_one_undo_step_and_keeps_the_cursor(qtbot, panel) -> None:
    panel.selection.select(["s1"])
    step = panel.document.workshop.steps["s1"]
    box = panel.text_edit
    qtbot.keyClick(box, Qt.Key.Key_End, Ctrl)
    qtbot.keyClicks(box, " at the desk")
    assert step.text == "Check in at the desk"
    assert box.textCursor().position() == len("Check in at the desk")
    qtbot.keyClick(box, Qt.Key.Key_Home, Ctrl)
    qtbot.keyClick(box, Qt.Key.Key_Right)
    qtbot.keyClicks(box, "X")
    assert step.text == "CXheck in at the desk"
    assert box.textCursor().position() == 2  # the model's echo did not move the cursor
    assert undo_texts(panel) == ["Edit step text"]
    panel.document.undo_stack.undo()
    assert step.text == "Check in"
    assert box.toPlainText() == "Check in"


def test_leaving_the_field_ends_the_merged_undo_step(qtbot, panel) -> None:
    panel.selection.select(["s1"])
    box = panel.text_edit
    qtbot.keyClick(box, Qt.Key.Key_End, Ctrl)
    qtbot.keyClicks(box, " early")
    leave(box)
    qtbot.keyClicks(box, "!")
    assert panel.document.workshop.steps["s1"].text == "Check in early!"
    assert undo_texts(panel) == ["Edit step text", "Edit step text"]
    panel.document.undo_stack.undo()
    assert panel.document.workshop.steps["s1"].text == "Check in early"


def test_ctrl_z_in_a_field_undoes_the_document(qtbot, panel) -> None:
    panel.selection.select(["s1"])
    box = panel.description_edit
    qtbot.keyClicks(box, "At the kiosk")
    step = panel.document.workshop.steps["s1"]
    assert step.description == "At the kiosk"
    qtbot.keyClick(box, Qt.Key.Key_Z, Ctrl)
    assert step.description == ""
    assert box.toPlainText() == ""
    qtbot.keyClick(box, Qt.Key.Key_Y, Ctrl)
    assert step.description == "At the kiosk"
    assert box.toPlainText() == "At the kiosk"


def test_channel_from_the_list_or_typed_freely(qtbot, panel) -> None:
    panel.selection.select(["s4"])
    step = panel.document.workshop.steps["s4"]
    combo = panel.channel_combo
    assert combo.currentText() == "in person"
    combo.setCurrentIndex(combo.findText("video"))
    assert step.channel == "video"
    line = combo.lineEdit()
    qtbot.keyClick(line, Qt.Key.Key_A, Ctrl)
    qtbot.keyClicks(line, "community pharmacy")
    assert step.channel == "community pharmacy"
    assert undo_texts(panel) == ["Change channel", "Change channel"]
    panel.document.undo_stack.undo()
    assert step.channel == "video"
    assert combo.currentText() == "video"
    panel.document.undo_stack.undo()
    assert step.channel == "in person"


def test_lane_combo_moves_the_step_to_another_lane_and_undo_puts_it_back(qtbot, panel) -> None:
    before = snapshot(panel.document.workshop)
    panel.selection.select(["s1"])
    assert [panel.lane_combo.itemText(i) for i in range(3)] == ["Patient", "Nurse", "Front desk"]
    qtbot.keyClick(panel.lane_combo, Qt.Key.Key_Down)
    step = panel.document.workshop.steps["s1"]
    assert (step.actor, step.stage) == (NURSE, ARRIVE)
    assert panel.lane_combo.currentText() == "Nurse"
    assert panel.emotion_label.text() == "H&ow Nurse feels:"
    assert undo_texts(panel) == ["Move step"]
    panel.document.undo_stack.undo()
    assert snapshot(panel.document.workshop) == before
    assert panel.lane_combo.currentText() == "Patient"


def test_stage_combo_moves_the_step_to_another_stage(panel: InspectorPanel) -> None:
    panel.selection.select(["s1"])
    combo = panel.stage_combo
    combo.setCurrentIndex(combo.findText("See"))
    step = panel.document.workshop.steps["s1"]
    assert (step.actor, step.stage) == (PATIENT, SEE)
    panel.document.undo_stack.undo()
    assert step.stage == ARRIVE
    assert combo.currentText() == "Arrive"


def test_emotion_in_words_and_numbers(panel: InspectorPanel) -> None:
    panel.selection.select(["s3"])
    combo = panel.emotion_combo
    assert combo.currentText() == "-2 bad"
    assert [combo.itemText(i) for i in (0, 1, 4, 7)] == [
        "not rated",
        "-3 very bad",
        "0 neutral",
        "+3 very good",
    ]
    combo.setCurrentIndex(combo.findText("+1 a bit good"))
    step = panel.document.workshop.steps["s3"]
    assert step.emotion == 1
    combo.setCurrentIndex(0)
    assert step.emotion is None
    assert undo_texts(panel) == ["Rate step", "Rate step"]
    panel.document.undo_stack.undo()
    assert combo.currentText() == "+1 a bit good"


def test_who_else_takes_part_by_space_and_by_click(qtbot, panel) -> None:
    panel.selection.select(["s1"])
    listing = panel.with_list
    names = [listing.item(i).text() for i in range(listing.count())]
    assert names == ["Nurse", "Front desk"]  # not the step's own actor
    listing.setCurrentRow(1)
    qtbot.keyClick(listing.viewport(), Qt.Key.Key_Space)
    step = panel.document.workshop.steps["s1"]
    assert step.with_actors == [DESK]
    rect = listing.visualItemRect(listing.item(0))
    style = listing.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, listing) + 1
    indicator = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, listing)
    qtbot.mouseClick(
        listing.viewport(),
        Left,
        NoMod,
        QPoint(rect.left() + margin + indicator // 2, rect.center().y()),
    )
    assert step.with_actors == [DESK, NURSE]
    assert undo_texts(panel) == ["Change who takes part", "Change who takes part"]
    panel.document.undo_stack.undo()
    assert step.with_actors == [DESK]
    assert listing.item(0).checkState() == Qt.CheckState.Unchecked
    assert listing.item(1).checkState() == Qt.CheckState.Checked


def test_a_link_shows_its_ends_and_whether_it_is_a_handoff(qtbot, panel) -> None:
    panel.selection.select([], ["l2"])
    assert panel.pages.currentIndex() == panel.PAGE_LINK
    assert panel.link_from.text().startswith("Call the name\n(Nurse, Arrive)")
    assert panel.link_to.text().startswith("Check in\n(Patient, Arrive)")
    assert panel.link_handoff.text() == "Yes: from Nurse to Patient"
    assert panel.link_heading.text() == "Handoff"
    panel.selection.select([], ["l1"])
    assert panel.link_handoff.text() == "No: both steps are in the lane of Patient"
    panel.selection.select([], ["l1", "l2"])
    assert panel.hint.text().startswith("2 links selected")


def test_delete_link_button_and_undo_restores_it_in_place(qtbot, panel) -> None:
    workshop = panel.document.workshop
    before = snapshot(workshop)
    panel.selection.select([], ["l2"])
    qtbot.mouseClick(panel.delete_link_button, Left)
    assert "l2" not in workshop.links
    assert panel.pages.currentIndex() == panel.PAGE_HINT
    assert undo_texts(panel) == ["Delete 1 link"]
    panel.document.undo_stack.undo()
    assert snapshot(workshop) == before


def test_follows_edits_made_elsewhere_and_undo_redo(panel: InspectorPanel) -> None:
    document = panel.document
    panel.selection.select(["s1"])
    document.push(edits.edit_step(document, "s1", text="Registered at the kiosk"))
    assert panel.text_edit.toPlainText() == "Registered at the kiosk"
    document.push(edits.edit_actor(document, NURSE, name="Clinic nurse"))
    assert panel.lane_combo.itemText(1) == "Clinic nurse"
    assert panel.with_list.item(0).text() == "Clinic nurse"
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert panel.text_edit.toPlainText() == "Check in"
    assert panel.lane_combo.itemText(1) == "Nurse"
    document.undo_stack.redo()
    assert panel.text_edit.toPlainText() == "Registered at the kiosk"
    document.push(edits.delete_items(document, step_ids=["s1"]))
    assert panel.pages.currentIndex() == panel.PAGE_HINT


def test_read_only_workshop_shows_the_fields_but_changes_nothing(qtbot, panel) -> None:
    panel.document.read_only = True
    panel.selection.select(["s1"])
    assert panel.read_only_note.isVisible()
    assert panel.text_edit.isReadOnly() and panel.description_edit.isReadOnly()
    for widget in (panel.lane_combo, panel.stage_combo, panel.channel_combo):
        assert not widget.isEnabled()
    assert not panel.emotion_combo.isEnabled() and not panel.with_list.isEnabled()
    qtbot.keyClicks(panel.text_edit, "typed")
    assert panel.document.workshop.steps["s1"].text == "Check in"
    assert panel.document.undo_stack.count() == 0
    panel.selection.select([], ["l1"])
    assert not panel.delete_link_button.isEnabled()


def test_every_field_has_an_accessible_name_and_a_label(panel: InspectorPanel) -> None:
    panel.selection.select(["s1"])
    fields = [
        panel.text_edit,
        panel.lane_combo,
        panel.stage_combo,
        panel.channel_combo,
        panel.description_edit,
        panel.emotion_combo,
        panel.with_list,
    ]
    for field in fields:
        assert field.accessibleName()
    chain, widget = [], panel.text_edit
    for _ in range(len(fields) - 1):
        widget = widget.nextInFocusChain()
        while widget not in fields:
            widget = widget.nextInFocusChain()
        chain.append(widget)
    assert chain == fields[1:]
    assert panel.text_edit.font().pointSizeF() >= QApplication.font().pointSizeF()


def test_window_wiring_canvas_selection_and_in_place_edit(qtbot) -> None:
    driver = open_window(qtbot, small_workshop())
    try:
        window = driver.window
        dock = window.docks["inspector"]
        assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
        keys = list(window.docks)
        assert keys.index("inspector") < keys.index("notes") < keys.index("history")
        panel = dock.widget()
        assert isinstance(panel, InspectorPanel)
        driver.select("s3")
        assert panel.text_edit.toPlainText() == "Wait in the corridor"
        window.canvas.edit_text("s3")
        driver.type_in_editor("Wait by the lifts")
        driver.editor_key(Qt.Key.Key_Return)
        assert panel.text_edit.toPlainText() == "Wait by the lifts"
        panel.emotion_combo.setCurrentIndex(panel.emotion_combo.findData(-3))
        assert driver.workshop.steps["s3"].emotion == -3
        assert driver.history_texts()[-2:] == ["Edit step text", "Rate step"]
    finally:
        close_window(driver)
