"""The map canvas edited with mouse and keys: add, edit, move, link, select, delete, undo."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from editor_helpers import (
    ARRIVE,
    DESK,
    NURSE,
    OFFSCREEN_NOISE,
    PATIENT,
    SEE,
    WAIT,
    Ctrl,
    Driver,
    driven_window,
    small_workshop,
    snapshot,
)
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QUndoView

from app.model import CARD_WIDTH, CELL_PADDING, DEFAULT_STAGE_WIDTH, Link, Step
from widgets.canvas.items import LinkItem
from widgets.canvas.view import ZOOM_STEP

Key = Qt.Key
Shift = Qt.KeyboardModifier.ShiftModifier
Alt = Qt.KeyboardModifier.AltModifier
PITCH_X = CARD_WIDTH + CELL_PADDING

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


@pytest.fixture
def ed(qtbot) -> Iterator[Driver]:
    with driven_window(qtbot, small_workshop()) as driver:
        yield driver


def assert_undo_redo(ed: Driver, before: tuple, count: int = 1) -> None:
    """Undo the last `count` commands: the workshop is `before` again; redo: back to now."""
    after = snapshot(ed.workshop)
    for _ in range(count):
        ed.stack.undo()
    assert snapshot(ed.workshop) == before
    ed.assert_scene_matches_model()
    for _ in range(count):
        ed.stack.redo()
    assert snapshot(ed.workshop) == after
    ed.assert_scene_matches_model()


# -- adding steps and editing their text -------------------------------------------------


def test_double_click_on_an_empty_cell_adds_a_step_there_and_enter_keeps_the_typed_text(
    ed: Driver,
) -> None:
    before = snapshot(ed.workshop)
    ed.double_click(ed.cell_centre(DESK, ARRIVE))
    new = [s for s in ed.workshop.steps if s not in before[0].steps]
    assert len(new) == 1
    step = ed.workshop.steps[new[0]]
    assert (step.map, step.actor, step.stage, step.text) == ("m1", DESK, ARRIVE, "New step")
    assert (step.x, step.y) == (CELL_PADDING, CELL_PADDING)
    assert ed.inline.is_open() and ed.inline.step_id == step.id
    assert ed.window.selection.steps == [step.id]

    ed.type_in_editor("Hand over the form")
    ed.editor_key(Key.Key_Return)
    assert not ed.inline.is_open()
    assert ed.workshop.steps[step.id].text == "Hand over the form"
    assert ed.undo_texts() == ["Add step", "Edit step text"]
    assert ed.window.actions_by_key["undo"].text() == "&Undo Edit step text"

    ed.stack.undo()
    assert ed.workshop.steps[step.id].text == "New step"
    ed.stack.undo()
    assert snapshot(ed.workshop) == before
    ed.assert_scene_matches_model()


def test_escape_in_the_new_steps_editor_keeps_new_step(ed: Driver) -> None:
    ed.double_click(ed.cell_centre(DESK, WAIT))
    step_id = ed.inline.step_id
    ed.type_in_editor("Something else")
    ed.editor_key(Key.Key_Escape)
    assert not ed.inline.is_open()
    assert ed.workshop.steps[step_id].text == "New step"
    assert ed.undo_texts() == ["Add step"]
    # The canvas has the keyboard again: F2 reopens the editor on the new step.
    ed.key(Key.Key_F2)
    assert ed.inline.is_open() and ed.inline.step_id == step_id


def test_shift_enter_in_the_editor_starts_a_new_line(ed: Driver) -> None:
    ed.double_click(ed.card_centre("s1"))
    assert ed.inline.is_open() and ed.inline.step_id == "s1"
    assert ed.undo_texts() == []
    ed.type_in_editor("Check in")
    ed.editor_key(Key.Key_Return, Shift)
    ed.type_in_editor("at the desk")
    assert ed.inline.is_open()
    ed.editor_key(Key.Key_Return)
    assert ed.workshop.steps["s1"].text == "Check in\nat the desk"
    assert ed.undo_texts() == ["Edit step text"]


@pytest.mark.parametrize("key", [Key.Key_F2, Key.Key_Return], ids=["F2", "Enter"])
def test_f2_and_enter_on_a_selected_card_open_the_editor(ed: Driver, key: Qt.Key) -> None:
    ed.click(ed.card_centre("s3"))
    assert ed.window.selection.steps == ["s3"]
    ed.key(key)
    assert ed.inline.is_open() and ed.inline.step_id == "s3"
    assert ed.inline.text() == "Wait in the corridor"
    ed.type_in_editor("Wait outside")
    ed.editor_key(Key.Key_Return)
    assert ed.workshop.steps["s3"].text == "Wait outside"
    assert ed.undo_texts() == ["Edit step text"]


def test_editing_keys_in_the_editor_edit_the_text_not_the_map(ed: Driver) -> None:
    """Delete, Backspace and arrows are canvas shortcuts, but not while typing."""
    ed.click(ed.card_centre("s1"))
    ed.key(Key.Key_F2)
    before = snapshot(ed.workshop)
    ed.editor_key(Key.Key_End)
    ed.editor_key(Key.Key_Backspace)
    ed.editor_key(Key.Key_Left)
    ed.editor_key(Key.Key_Delete)
    ed.editor_key(Key.Key_Home)
    ed.editor_key(Key.Key_Delete)
    assert ed.inline.text() == "heck "
    assert snapshot(ed.workshop) == before
    assert ed.window.selection.steps == ["s1"]
    ed.editor_key(Key.Key_Return)
    assert ed.workshop.steps["s1"].text == "heck"


def test_ctrl_return_while_typing_keeps_the_text_and_adds_the_next_step(ed: Driver) -> None:
    """Typing a journey: text, Ctrl+Enter, text, Enter."""
    ed.double_click(ed.cell_centre(DESK, ARRIVE))
    first = ed.inline.step_id
    ed.type_in_editor("Print the letter")
    ed.editor_key(Key.Key_Return, Ctrl)
    second = ed.inline.step_id
    assert ed.inline.is_open() and second != first
    ed.type_in_editor("Post the letter")
    ed.editor_key(Key.Key_Return)
    steps = ed.workshop.steps
    assert steps[first].text == "Print the letter"
    assert steps[second].text == "Post the letter"
    assert (steps[second].actor, steps[second].stage) == (DESK, WAIT)
    assert any(lk.source == first and lk.target == second for lk in ed.workshop.links.values())
    assert ed.undo_texts() == ["Add step", "Edit step text", "Add step", "Edit step text"]


def test_f2_while_typing_keeps_the_typed_text(ed: Driver) -> None:
    ed.click(ed.card_centre("s2"))
    ed.key(Key.Key_F2)
    ed.type_in_editor("Call the next name")
    QTest.keyClick(ed.inline.box, Key.Key_F2)
    assert ed.workshop.steps["s2"].text == "Call the next name"
    assert ed.inline.is_open() and ed.inline.text() == "Call the next name"
    ed.editor_key(Key.Key_Escape)
    assert ed.workshop.steps["s2"].text == "Call the next name"
    assert ed.undo_texts() == ["Edit step text"]


@pytest.mark.parametrize("how", ["toolbar", "Insert"])
def test_toolbar_add_step_puts_a_step_next_to_the_selected_one_widening_a_full_cell(
    ed: Driver, how: str
) -> None:
    before = snapshot(ed.workshop)
    ed.click(ed.card_centre("s1"))
    if how == "toolbar":
        button = ed.window.toolbar.widgetForAction(ed.window.actions_by_key["add_step"])
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    else:
        ed.key(Key.Key_Insert)
    assert ed.inline.is_open()
    ed.editor_key(Key.Key_Escape)
    (new_id,) = [s for s in ed.workshop.steps if s not in before[0].steps]
    step = ed.workshop.steps[new_id]
    assert (step.actor, step.stage, step.text) == (PATIENT, ARRIVE, "New step")
    assert (step.x, step.y) == (CELL_PADDING + PITCH_X, CELL_PADDING)
    assert ed.workshop.map("m1").stage(ARRIVE).width == DEFAULT_STAGE_WIDTH + PITCH_X
    assert not ed.card_rect(new_id).intersects(ed.card_rect("s1"))
    assert not any(lk.target == new_id for lk in ed.workshop.links.values())
    assert ed.undo_texts() == ["Add step"]
    assert_undo_redo(ed, before)


def test_ctrl_return_adds_a_linked_step_after_the_selected_one_in_its_lane(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    ed.click(ed.card_centre("s3"))
    ed.key(Key.Key_Return, Ctrl)
    assert ed.inline.is_open()
    ed.type_in_editor("Get called in")
    ed.editor_key(Key.Key_Return)
    (new_id,) = [s for s in ed.workshop.steps if s not in before[0].steps]
    step = ed.workshop.steps[new_id]
    # The Wait cell is full, so the step goes to the next stage, in the same lane.
    assert (step.actor, step.stage, step.text) == (PATIENT, SEE, "Get called in")
    (link,) = [lk for lk in ed.workshop.links.values() if lk.target == new_id]
    assert link.source == "s3"
    assert link.id in ed.scene.link_items
    assert ed.window.selection.steps == [new_id]
    assert ed.undo_texts() == ["Add step", "Edit step text"]
    assert_undo_redo(ed, before, count=2)


def test_ctrl_return_in_the_last_stage_stays_in_the_cell_and_widens_it(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    ed.click(ed.card_centre("s4"))
    ed.key(Key.Key_Return, Ctrl)
    ed.editor_key(Key.Key_Escape)
    (new_id,) = [s for s in ed.workshop.steps if s not in before[0].steps]
    step = ed.workshop.steps[new_id]
    assert (step.actor, step.stage) == (NURSE, SEE)
    assert step.x > ed.workshop.steps["s4"].x
    assert any(lk.source == "s4" and lk.target == new_id for lk in ed.workshop.links.values())
    assert ed.undo_texts() == ["Add step"]
    assert_undo_redo(ed, before)


# -- moving ------------------------------------------------------------------------------


def test_dragging_a_card_into_an_empty_cell_snaps_it_into_that_cell(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    target = ed.cell_centre(DESK, WAIT) + QPointF(37, -23)  # off-centre: it still snaps
    ed.drag(ed.card_centre("s3"), target)
    step = ed.workshop.steps["s3"]
    assert (step.actor, step.stage, step.x, step.y) == (DESK, WAIT, CELL_PADDING, CELL_PADDING)
    assert ed.undo_texts() == ["Move step"]
    ed.assert_scene_matches_model()
    assert_undo_redo(ed, before)


def test_dragging_a_card_into_a_full_cell_widens_its_stage_without_overlap(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    ed.drag(ed.card_centre("s4"), ed.card_centre("s2") + QPointF(30, 10))
    step = ed.workshop.steps["s4"]
    assert (step.actor, step.stage) == (NURSE, ARRIVE)
    assert ed.workshop.map("m1").stage(ARRIVE).width == DEFAULT_STAGE_WIDTH + PITCH_X
    assert not ed.card_rect("s4").intersects(ed.card_rect("s2"))
    assert ed.workshop.steps["s2"] == before[0].steps["s2"]
    assert ed.undo_texts() == ["Move step"]
    ed.assert_scene_matches_model()
    assert_undo_redo(ed, before)


def test_dragging_within_the_same_place_changes_nothing(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    ed.drag(ed.card_centre("s1"), ed.card_centre("s1") + QPointF(12, 8))
    assert snapshot(ed.workshop) == before
    assert ed.undo_texts() == []
    ed.assert_scene_matches_model()


def test_dragging_several_selected_cards_moves_them_all_in_one_undo_step(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    ed.select("s1", "s3")
    down = ed.cell_centre(DESK, ARRIVE) - ed.cell_centre(PATIENT, ARRIVE)
    ed.drag(ed.card_centre("s1"), ed.card_centre("s1") + down)
    s1, s3 = ed.workshop.steps["s1"], ed.workshop.steps["s3"]
    assert (s1.actor, s1.stage) == (DESK, ARRIVE)
    assert (s3.actor, s3.stage) == (DESK, WAIT)
    assert ed.undo_texts() == ["Move 2 steps"]
    ed.assert_scene_matches_model()
    assert_undo_redo(ed, before)


def test_alt_arrows_move_the_selected_step_one_cell(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    ed.click(ed.card_centre("s3"))
    ed.key(Key.Key_Down, Alt)
    assert (ed.workshop.steps["s3"].actor, ed.workshop.steps["s3"].stage) == (NURSE, WAIT)
    ed.key(Key.Key_Right, Alt)
    assert (ed.workshop.steps["s3"].actor, ed.workshop.steps["s3"].stage) == (NURSE, SEE)
    assert not ed.card_rect("s3").intersects(ed.card_rect("s4"))
    ed.key(Key.Key_Right, Alt)  # no stage further right: nothing happens
    assert ed.undo_texts() == ["Move step", "Move step"]
    ed.assert_scene_matches_model()
    assert_undo_redo(ed, before, count=2)


def test_escape_during_a_drag_puts_the_card_back(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    start, end = ed.at(ed.card_centre("s3")), ed.at(ed.cell_centre(DESK, WAIT))
    QTest.mousePress(ed.viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(ed.viewport, (start + end) / 2)
    QTest.mouseMove(ed.viewport, end)
    assert ed.card_rect("s3").top() > before[0].steps["s3"].y + 200  # it follows the mouse
    QTest.keyClick(ed.view, Key.Key_Escape)
    ed.assert_scene_matches_model()
    QTest.mouseRelease(ed.viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert snapshot(ed.workshop) == before
    assert ed.undo_texts() == []
    ed.assert_scene_matches_model()


def test_escape_while_drawing_a_link_adds_nothing(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    start, end = ed.at(ed.card_rim("s2")), ed.at(ed.card_centre("s4"))
    QTest.mousePress(ed.viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(ed.viewport, end)
    assert [i for i in ed.scene.items() if i.zValue() == 10]  # the rubber line
    QTest.keyClick(ed.view, Key.Key_Escape)
    assert not [i for i in ed.scene.items() if i.zValue() == 10]
    QTest.mouseRelease(ed.viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert snapshot(ed.workshop) == before
    assert ed.undo_texts() == []


# -- linking -----------------------------------------------------------------------------


def test_dragging_from_a_cards_rim_onto_another_card_in_the_lane_adds_a_link(
    ed: Driver,
) -> None:
    before = snapshot(ed.workshop)
    ed.drag(ed.card_rim("s2"), ed.card_centre("s4"))
    (link,) = [lk for lk in ed.workshop.links.values() if lk.id not in before[0].links]
    assert (link.source, link.target) == ("s2", "s4")
    assert ed.undo_texts() == ["Add link"]
    item = ed.scene.link_items[link.id]
    assert not item.handoff
    # The card itself did not move and the rubber line is gone.
    assert ed.workshop.steps["s2"] == before[0].steps["s2"]
    assert not [i for i in ed.scene.items() if i.zValue() == 10]
    assert_undo_redo(ed, before)


def test_a_link_across_lanes_is_a_handoff(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    ed.drag(ed.card_rim("s4"), ed.card_centre("s1"))
    (link,) = [lk for lk in ed.workshop.links.values() if lk.id not in before[0].links]
    assert (link.source, link.target) == ("s4", "s1")
    assert ed.undo_texts() == ["Add handoff"]
    assert ed.scene.link_items[link.id].handoff
    assert_undo_redo(ed, before)


def test_dragging_from_a_rim_onto_empty_space_adds_nothing(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    ed.drag(ed.card_rim("s1"), ed.cell_centre(DESK, SEE))
    assert snapshot(ed.workshop) == before
    assert ed.undo_texts() == []
    assert not [i for i in ed.scene.items() if i.zValue() == 10]
    ed.assert_scene_matches_model()


def test_linking_twice_is_refused_with_a_message(ed: Driver) -> None:
    ed.drag(ed.card_rim("s1"), ed.card_centre("s3"))
    assert ed.undo_texts() == []
    assert "linked already" in ed.window.statusBar().currentMessage()


# -- selecting ---------------------------------------------------------------------------


def test_click_and_ctrl_click_select_and_toggle_cards(ed: Driver) -> None:
    selection = ed.window.selection
    ed.click(ed.card_centre("s1"))
    assert selection.steps == ["s1"]
    ed.click(ed.card_centre("s2"), Ctrl)
    assert sorted(selection.steps) == ["s1", "s2"]
    ed.click(ed.card_centre("s4"), Ctrl)
    assert sorted(selection.steps) == ["s1", "s2", "s4"]
    ed.click(ed.card_centre("s1"), Ctrl)
    assert sorted(selection.steps) == ["s2", "s4"]
    ed.click(ed.cell_centre(DESK, SEE))
    assert selection.steps == []


def test_rubber_band_on_empty_canvas_selects_the_cards_it_touches(ed: Driver) -> None:
    ed.click(ed.card_centre("s1"))
    start = ed.cell_centre(DESK, SEE) + QPointF(100, 60)
    end = ed.card_centre("s3")
    ed.drag(start, end)
    assert sorted(ed.window.selection.steps) == ["s3", "s4"]
    assert ed.undo_texts() == []


def test_arrow_keys_select_the_neighbouring_card(ed: Driver) -> None:
    selection = ed.window.selection
    ed.click(ed.card_centre("s1"))
    ed.key(Key.Key_Right)
    assert selection.steps == ["s3"]
    ed.key(Key.Key_Left)
    assert selection.steps == ["s1"]
    ed.key(Key.Key_Down)
    assert selection.steps == ["s2"]
    ed.key(Key.Key_Up)
    assert selection.steps == ["s1"]
    ed.key(Key.Key_Up)  # nothing above: the selection stays
    assert selection.steps == ["s1"]
    assert ed.undo_texts() == []


def test_select_all_and_escape(ed: Driver) -> None:
    ed.key(Key.Key_A, Ctrl)
    assert sorted(ed.window.selection.steps) == ["s1", "s2", "s3", "s4"]
    assert all(item.isSelected() for item in ed.scene.step_items.values())
    ed.key(Key.Key_Escape)
    assert ed.window.selection.steps == []
    assert not ed.scene.selectedItems()


# -- deleting ----------------------------------------------------------------------------


def test_delete_key_removes_a_step_with_its_links_and_notes_and_undo_restores_order(
    ed: Driver,
) -> None:
    before = snapshot(ed.workshop)
    ed.click(ed.card_centre("s1"))
    ed.key(Key.Key_Delete)
    w = ed.workshop
    assert "s1" not in w.steps
    assert set(w.links) == {"l3"}
    assert set(w.notes) == {"q1"}
    assert ed.undo_texts() == ["Delete 1 step, 2 links, 3 notes"]
    assert ed.window.selection.steps == []
    ed.assert_scene_matches_model()
    assert_undo_redo(ed, before)


def test_backspace_deletes_several_selected_steps(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    ed.select("s2", "s4")
    ed.key(Key.Key_Backspace)
    assert set(ed.workshop.steps) == {"s1", "s3", "s10"}
    assert ed.undo_texts() == ["Delete 2 steps, 2 links"]
    assert_undo_redo(ed, before)


def test_a_clicked_link_is_selected_and_delete_removes_only_it(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    gap = QPointF((ed.card_rect("s1").right() + ed.card_rect("s3").left()) / 2, 0)
    point = QPointF(gap.x(), ed.card_centre("s1").y())
    assert isinstance(
        next(i for i in ed.scene.items(point) if i is not ed.scene.grid_item), LinkItem
    )
    ed.click(point)
    assert ed.window.selection.links == ["l1"]
    assert ed.window.selection.steps == []
    ed.key(Key.Key_Delete)
    assert "l1" not in ed.workshop.links
    assert set(ed.workshop.steps) == set(before[0].steps)
    assert ed.undo_texts() == ["Delete 1 link"]
    assert_undo_redo(ed, before)


# -- arranging ---------------------------------------------------------------------------


def test_ctrl_l_arranges_overlapping_cards_without_overlap_in_one_undo_step(
    qtbot,
) -> None:
    workshop = small_workshop()
    for step_id, x, y in (("s5", 40.0, 30.0), ("s6", 60.0, 50.0), ("s7", 20.0, 90.0)):
        workshop.steps[step_id] = Step(step_id, "m1", ARRIVE, PATIENT, f"Extra {step_id}", x=x, y=y)
    workshop.links["l9"] = Link("l9", "s5", "s6")
    with driven_window(qtbot, workshop) as ed:
        before = snapshot(ed.workshop)
        rects = ed.card_rects()
        assert rects["s1"].intersects(rects["s5"])  # the mess the command must tidy
        ed.key(Key.Key_L, Ctrl)
        assert ed.undo_texts() == ["Arrange map"]
        rects = ed.card_rects()
        assert set(rects) == {"s1", "s2", "s3", "s4", "s5", "s6", "s7"}
        for a, b in itertools.combinations(rects, 2):
            assert not rects[a].intersects(rects[b]), (a, b)
        grid = ed.scene.grid
        for step_id, rect in rects.items():
            step = ed.workshop.steps[step_id]
            x, y = grid.cell_origin(step.actor, step.stage)
            cell = QRectF(x, y, grid.stage_width[step.stage], grid.lane_height[step.actor])
            assert cell.contains(rect), step_id
            old = before[0].steps[step_id]
            assert (step.actor, step.stage) == (old.actor, old.stage), step_id
        # Linked steps keep their order: s5 comes before s6 in reading order.
        s5, s6 = ed.workshop.steps["s5"], ed.workshop.steps["s6"]
        assert (s5.y, s5.x) < (s6.y, s6.x)
        ed.assert_scene_matches_model()
        assert_undo_redo(ed, before)
        ed.key(Key.Key_L, Ctrl)  # already tidy: nothing more to undo
        assert ed.undo_texts() == ["Arrange map"]


# -- navigation --------------------------------------------------------------------------


def test_ctrl_wheel_zooms_around_the_pointer(ed: Driver) -> None:
    ed.key(Key.Key_1, Ctrl)
    assert ed.view.zoom() == pytest.approx(1.0)
    point = ed.card_centre("s3")
    ed.wheel(point, 1, Ctrl)
    assert ed.view.zoom() == pytest.approx(ZOOM_STEP)
    assert ed.window.zoom_label.text() == "Zoom 125 %"
    under = ed.view.mapToScene(ed.at(point))
    assert abs(under.x() - point.x()) < 2 and abs(under.y() - point.y()) < 2
    ed.wheel(point, -2, Ctrl)
    assert ed.view.zoom() == pytest.approx(1 / ZOOM_STEP)
    assert ed.undo_texts() == []


def test_plain_wheel_scrolls_instead_of_zooming(ed: Driver) -> None:
    ed.key(Key.Key_1, Ctrl)
    ed.view.set_zoom(2.0)
    bar = ed.view.verticalScrollBar()
    bar.setValue(bar.minimum())
    start = bar.value()
    ed.wheel(ed.card_centre("s1"), -2)
    assert bar.value() > start
    assert ed.view.zoom() == pytest.approx(2.0)


def test_zoom_keys_fit_and_selection(ed: Driver) -> None:
    view = ed.view
    ed.key(Key.Key_1, Ctrl)
    ed.key(Key.Key_Plus, Ctrl)
    assert view.zoom() == pytest.approx(ZOOM_STEP)
    ed.key(Key.Key_Equal, Ctrl)
    assert view.zoom() == pytest.approx(ZOOM_STEP**2)
    ed.key(Key.Key_Minus, Ctrl)
    ed.key(Key.Key_Minus, Ctrl)
    ed.key(Key.Key_Minus, Ctrl)
    assert view.zoom() == pytest.approx(1 / ZOOM_STEP)

    ed.key(Key.Key_0, Ctrl)
    assert ed.visible_rect().contains(ed.scene.map_rect())
    fit = view.zoom()

    ed.click(ed.card_centre("s4"))
    ed.key(Key.Key_2, Ctrl)
    visible = ed.visible_rect()
    card = ed.card_rect("s4")
    assert visible.contains(card)
    assert view.zoom() > fit
    assert abs(visible.center().x() - card.center().x()) < 30
    assert abs(visible.center().y() - card.center().y()) < 30
    assert ed.undo_texts() == []


def test_middle_button_drag_pans_the_view(ed: Driver) -> None:
    ed.key(Key.Key_1, Ctrl)
    ed.view.set_zoom(2.0)
    ed.view.centerOn(ed.card_centre("s3"))
    before = ed.visible_rect()
    start = ed.card_centre("s3")
    ed.drag(start, start + QPointF(-60, -40), button=Qt.MouseButton.MiddleButton)
    after = ed.visible_rect()
    # The map follows the hand: dragging left and up shows more on the right and below.
    assert after.left() > before.left() + 20
    assert after.top() > before.top() + 10
    assert ed.window.selection.steps == []
    assert ed.undo_texts() == []


def test_space_and_left_drag_pans_instead_of_moving_a_card(ed: Driver) -> None:
    ed.key(Key.Key_1, Ctrl)
    ed.view.set_zoom(2.0)
    ed.view.centerOn(ed.card_centre("s3"))
    before = ed.visible_rect()
    start = ed.card_centre("s3")
    QTest.keyPress(ed.view, Key.Key_Space)
    ed.drag(start, start + QPointF(-60, -40))
    QTest.keyRelease(ed.view, Key.Key_Space)
    assert ed.visible_rect().left() > before.left() + 20
    assert ed.undo_texts() == []
    ed.assert_scene_matches_model()
    # Without Space the same drag moves the card again.
    ed.drag(ed.card_centre("s3"), ed.cell_centre(NURSE, WAIT))
    assert ed.undo_texts() == ["Move step"]


def test_zooming_with_the_editor_open_keeps_the_typed_text(ed: Driver) -> None:
    ed.double_click(ed.card_centre("s4"))
    ed.type_in_editor("Take bloods and BP")
    ed.wheel(ed.card_centre("s1"), 1, Ctrl)
    assert not ed.inline.is_open()
    assert ed.workshop.steps["s4"].text == "Take bloods and BP"


# -- undo names and history --------------------------------------------------------------


def test_ctrl_z_undoes_and_ctrl_shift_z_and_ctrl_y_redo(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    ed.drag(ed.card_centre("s3"), ed.cell_centre(DESK, WAIT))
    ed.click(ed.card_centre("s1"))
    ed.key(Key.Key_Delete)
    after = snapshot(ed.workshop)
    ed.key(Key.Key_Z, Ctrl)
    ed.key(Key.Key_Z, Ctrl)
    assert snapshot(ed.workshop) == before
    ed.assert_scene_matches_model()
    ed.key(Key.Key_Z, Ctrl | Shift)
    ed.key(Key.Key_Y, Ctrl)
    assert snapshot(ed.workshop) == after
    ed.assert_scene_matches_model()


def test_edit_menu_and_history_view_name_every_command(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    ed.double_click(ed.cell_centre(DESK, SEE))
    ed.editor_key(Key.Key_Escape)
    ed.drag(ed.card_centre("s3"), ed.cell_centre(DESK, WAIT))
    ed.drag(ed.card_rim("s2"), ed.card_centre("s4"))
    ed.click(ed.card_centre("s1"))
    ed.key(Key.Key_Delete)
    texts = ["Add step", "Move step", "Add link", "Delete 1 step, 2 links, 3 notes"]
    assert ed.undo_texts() == texts
    assert ed.history_texts() == texts

    edit_menu = next(
        a.menu() for a in ed.window.menuBar().actions() if a.text().replace("&", "") == "Edit"
    )
    undo, redo = edit_menu.actions()[:2]
    assert undo.text() == "&Undo Delete 1 step, 2 links, 3 notes"
    assert not redo.isEnabled()
    undo.trigger()
    assert undo.text() == "&Undo Add link"
    assert redo.text() == "&Redo Delete 1 step, 2 links, 3 notes"

    # Clicking the "<opened>" row of the history goes back to the start.
    history = ed.window.docks["history"]
    history.show()
    history.raise_()
    view = history.widget()
    assert isinstance(view, QUndoView)
    row = view.visualRect(view.model().index(0, 0))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=row.center())
    assert ed.stack.index() == 0
    assert snapshot(ed.workshop) == before
    ed.assert_scene_matches_model()
