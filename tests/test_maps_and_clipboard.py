"""Maps (add, rename, duplicate, delete, switch) and the clipboard, within and across windows."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from editor_helpers import (
    ARRIVE,
    DESK,
    NURSE,
    OFFSCREEN_NOISE,
    PATIENT,
    SAMPLE,
    SEE,
    WAIT,
    Ctrl,
    Driver,
    driven_window,
    small_workshop,
    snapshot,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QInputDialog, QWidget

from app import clipboard
from app.model import Workshop
from app.store import load_workshop
from widgets.structure import MapSettingsDialog

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
Key = Qt.Key


@pytest.fixture
def ed(qtbot) -> Iterator[Driver]:
    with driven_window(qtbot, small_workshop()) as driver:
        yield driver


class TextAnswers:
    """Stands in for QInputDialog.getText: records the prompts, gives queued answers."""

    def __init__(self) -> None:
        self.queue: list[tuple[str, bool]] = []
        self.asked: list[tuple[str, str]] = []

    def __call__(self, parent: QWidget, title: str, label: str, *args, **kwargs):
        self.asked.append((title, kwargs.get("text", "")))
        return self.queue.pop(0)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> TextAnswers:
    fake = TextAnswers()
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(fake))
    return fake


def combo_names(ed: Driver) -> list[str]:
    combo = ed.window.map_combo
    return [combo.itemText(i) for i in range(combo.count())]


def map_content(workshop: Workshop, map_id: str) -> dict:
    """A map's content with its ids replaced by what a person sees (names and texts)."""
    journey_map = workshop.map(map_id)
    stages = {s.id: s.name for s in journey_map.stages}
    texts = {s.id: s.text for s in workshop.steps_of(map_id)}
    return {
        "stages": [(s.name, s.width) for s in journey_map.stages],
        "lanes": [(ln.actor, ln.height) for ln in journey_map.lanes],
        "radius": journey_map.radius,
        "steps": [
            (stages[s.stage], s.actor, s.text, s.x, s.y, s.with_actors, s.channel, s.emotion)
            for s in workshop.steps_of(map_id)
        ],
        "links": [(texts[lk.source], texts[lk.target]) for lk in workshop.links_of(map_id)],
        "notes": [
            (texts[n.step], n.kind, n.actor, n.text, n.dimension, n.direction, n.weight, n.rating)
            for n in workshop.notes.values()
            if n.step in texts
        ],
    }


# -- maps --------------------------------------------------------------------------------


def test_new_map_is_added_shown_and_editable(ed: Driver, answers: TextAnswers) -> None:
    before = snapshot(ed.workshop)
    answers.queue.append(("Discharge", True))
    ed.window.actions_by_key["new_map"].trigger()
    new_map = ed.workshop.map_named("Discharge")
    assert new_map is not None
    assert ed.window.selection.map_id == new_map.id
    assert ed.window.map_combo.currentText() == "Discharge"
    assert combo_names(ed) == ["Visit", "Follow-up", "Discharge"]
    assert ed.scene.step_items == {}
    assert [s.name for s in ed.scene.grid_item.face.stages] == ["Stage 1"]
    assert [ln.name for ln in ed.scene.grid_item.face.lanes] == ["Patient"]
    assert ed.undo_texts() == ["Add map 'Discharge'"]

    ed.double_click(ed.cell_centre(PATIENT, new_map.stages[0].id))
    ed.type_in_editor("Pack the bag")
    ed.editor_key(Key.Key_Return)
    (step,) = ed.workshop.steps_of(new_map.id)
    assert step.text == "Pack the bag"
    ed.stack.undo()
    ed.stack.undo()
    ed.stack.undo()
    assert snapshot(ed.workshop) == before
    assert combo_names(ed) == ["Visit", "Follow-up"]
    assert ed.window.selection.map_id == "m1"
    ed.assert_scene_matches_model()


def test_map_settings_dialog_renames_the_map(ed: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_exec(dialog: MapSettingsDialog) -> int:
        assert dialog.name.text() == "Visit"
        dialog.name.setText("As is: visit")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(MapSettingsDialog, "exec", fake_exec)
    before = snapshot(ed.workshop)
    ed.window.actions_by_key["map_settings"].trigger()
    assert ed.workshop.map("m1").name == "As is: visit"
    assert ed.window.map_combo.currentText() == "As is: visit"
    assert ed.undo_texts() == ["Rename map to 'As is: visit'"]
    ed.stack.undo()
    assert snapshot(ed.workshop) == before
    assert ed.window.map_combo.currentText() == "Visit"


def test_duplicate_map_copies_everything_with_new_ids(ed: Driver, answers: TextAnswers) -> None:
    before = snapshot(ed.workshop)
    answers.queue.append(("To be: Visit", True))
    ed.window.actions_by_key["duplicate_map"].trigger()
    assert answers.asked == [("Duplicate map", "To be: Visit")]
    copy_map = ed.workshop.map_named("To be: Visit")
    assert copy_map is not None and copy_map.id != "m1"
    assert ed.window.selection.map_id == copy_map.id
    assert map_content(ed.workshop, copy_map.id) == map_content(ed.workshop, "m1")
    original_ids = {s.id for s in ed.workshop.maps[0].stages} | set(before[0].steps)
    original_ids |= set(before[0].links) | set(before[0].notes)
    copied_steps = {s.id for s in ed.workshop.steps_of(copy_map.id)}
    copied_ids = {s.id for s in copy_map.stages} | copied_steps
    copied_ids |= {lk.id for lk in ed.workshop.links_of(copy_map.id)}
    copied_ids |= {n.id for n in ed.workshop.notes.values() if n.step in copied_steps}
    assert len(copied_ids) == len(original_ids) - 1  # s10 is on the other map
    assert not copied_ids & original_ids
    assert set(ed.scene.step_items) == copied_steps
    ed.assert_scene_matches_model()
    assert ed.undo_texts() == ["Duplicate map 'Visit'"]
    ed.stack.undo()
    assert snapshot(ed.workshop) == before
    assert ed.window.selection.map_id == "m1"
    ed.assert_scene_matches_model()


def test_deleting_maps_asks_and_the_last_map_is_refused(ed: Driver) -> None:
    asked: list[str] = []

    def confirm(title: str, text: str) -> bool:
        asked.append(text)
        return True

    ed.window.structure.ask_confirmation = confirm
    before = snapshot(ed.workshop)
    ed.window.selection.show_map("m2")
    ed.window.actions_by_key["delete_map"].trigger()
    assert "'Follow-up' and its 1 step" in asked[-1]
    assert [m.id for m in ed.workshop.maps] == ["m1"]
    assert "s10" not in ed.workshop.steps
    assert ed.window.selection.map_id == "m1"
    assert combo_names(ed) == ["Visit"]
    ed.assert_scene_matches_model()
    assert ed.undo_texts() == ["Delete map 'Follow-up'"]

    ed.window.actions_by_key["delete_map"].trigger()
    assert [m.id for m in ed.workshop.maps] == ["m1"]
    assert ed.undo_texts() == ["Delete map 'Follow-up'"]
    assert "at least one map" in ed.window.statusBar().currentMessage()

    ed.stack.undo()
    assert snapshot(ed.workshop) == before
    assert combo_names(ed) == ["Visit", "Follow-up"]


def test_map_combo_switches_the_shown_map(ed: Driver) -> None:
    combo = ed.window.map_combo
    combo.setFocus()
    QTest.keyClick(combo, Key.Key_Down)
    assert ed.window.selection.map_id == "m2"
    assert set(ed.scene.step_items) == {"s10"}
    assert [s.name for s in ed.scene.grid_item.face.stages] == ["Call"]
    QTest.keyClick(combo, Key.Key_Up)
    assert ed.window.selection.map_id == "m1"
    assert set(ed.scene.step_items) == {"s1", "s2", "s3", "s4"}
    ed.assert_scene_matches_model()
    assert ed.undo_texts() == []


def test_undoing_an_edit_on_a_hidden_map_leaves_the_shown_map_alone(ed: Driver) -> None:
    ed.drag(ed.card_centre("s3"), ed.cell_centre(DESK, WAIT))
    ed.window.selection.show_map("m2")
    ed.stack.undo()
    assert ed.workshop.steps["s3"].actor == PATIENT
    assert set(ed.scene.step_items) == {"s10"}
    ed.assert_scene_matches_model()


# -- clipboard within a window -----------------------------------------------------------


def test_copy_and_paste_makes_new_steps_with_their_notes_and_inner_links(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    ed.select("s1", "s3")
    ed.key(Key.Key_C, Ctrl)
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.text() == "Check in\nWait in the corridor"
    assert json.loads(bytes(mime.data(clipboard.MIME_TYPE).data()))["format"] == clipboard.FORMAT
    assert ed.undo_texts() == []

    ed.key(Key.Key_V, Ctrl)
    new = [s for s in ed.workshop.steps.values() if s.id not in before[0].steps]
    assert sorted(ed.window.selection.steps) == sorted(s.id for s in new)
    by_text = {s.text: s for s in new}
    assert set(by_text) == {"Check in", "Wait in the corridor"}
    a, b = by_text["Check in"], by_text["Wait in the corridor"]
    assert (a.actor, a.stage, b.actor, b.stage) == (PATIENT, ARRIVE, PATIENT, WAIT)
    new_links = [lk for lk in ed.workshop.links.values() if lk.id not in before[0].links]
    assert [(lk.source, lk.target) for lk in new_links] == [(a.id, b.id)]
    new_notes = [n for n in ed.workshop.notes.values() if n.id not in before[0].notes]
    assert sorted((n.step, n.kind, n.text) for n in new_notes) == sorted(
        [
            (a.id, "need", "Know how long"),
            (a.id, "pain", "Nobody says anything"),
            (a.id, "idea", "A screen with the queue"),
            (b.id, "quote", "I lost my place twice"),
        ]
    )
    rects = ed.card_rects()
    for step_id, rect in rects.items():
        assert not any(r.intersects(rect) for other, r in rects.items() if other != step_id)
    assert ed.undo_texts() == ["Paste 2 steps"]
    ed.assert_scene_matches_model()
    after = snapshot(ed.workshop)
    ed.stack.undo()
    assert snapshot(ed.workshop) == before
    ed.stack.redo()
    assert snapshot(ed.workshop) == after


def test_cut_removes_the_steps_and_paste_brings_copies_back(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    ed.click(ed.card_centre("s1"))
    ed.key(Key.Key_X, Ctrl)
    assert "s1" not in ed.workshop.steps
    assert ed.undo_texts() == ["Cut 1 step, 2 links, 3 notes"]
    ed.key(Key.Key_V, Ctrl)
    (pasted,) = [s for s in ed.workshop.steps.values() if s.id not in before[0].steps]
    assert (pasted.text, pasted.actor, pasted.stage) == ("Check in", PATIENT, ARRIVE)
    assert (pasted.x, pasted.y) == (before[0].steps["s1"].x, before[0].steps["s1"].y)
    assert len(list(ed.workshop.notes_of(pasted.id))) == 3
    assert ed.undo_texts() == ["Cut 1 step, 2 links, 3 notes", "Paste step"]
    ed.stack.undo()
    ed.stack.undo()
    assert snapshot(ed.workshop) == before


def test_ctrl_d_duplicates_the_selected_step_next_to_it(ed: Driver) -> None:
    before = snapshot(ed.workshop)
    ed.click(ed.card_centre("s4"))
    ed.key(Key.Key_D, Ctrl)
    (copy_step,) = [s for s in ed.workshop.steps.values() if s.id not in before[0].steps]
    original = ed.workshop.steps["s4"]
    assert (copy_step.text, copy_step.channel, copy_step.actor, copy_step.stage) == (
        original.text,
        original.channel,
        NURSE,
        SEE,
    )
    assert not ed.card_rect(copy_step.id).intersects(ed.card_rect("s4"))
    assert ed.window.selection.steps == [copy_step.id]
    assert ed.undo_texts() == ["Duplicate step"]
    assert ed.window.actions_by_key["undo"].text() == "&Undo Duplicate step"
    ed.stack.undo()
    assert snapshot(ed.workshop) == before


def test_paste_without_our_data_on_the_clipboard_says_so(ed: Driver) -> None:
    QGuiApplication.clipboard().setText("just some text")
    before = snapshot(ed.workshop)
    ed.key(Key.Key_V, Ctrl)
    assert snapshot(ed.workshop) == before
    assert ed.undo_texts() == []
    assert "Nothing to paste" in ed.window.statusBar().currentMessage()


# -- clipboard between two windows -------------------------------------------------------


def test_paste_into_another_workshop_makes_the_missing_lanes_stages_and_actors(
    qtbot,
) -> None:
    sample = load_workshop(SAMPLE)
    with (
        driven_window(qtbot, small_workshop()) as a,
        driven_window(qtbot, sample) as b,
    ):
        a_before, b_before = snapshot(a.workshop), snapshot(b.workshop)
        a.activate()
        a.select("s2", "s1")
        a.key(Key.Key_C, Ctrl)

        b.activate()
        b_map = b.workshop.maps[0]
        b.click(b.scene.map_rect().bottomRight())  # nothing selected there
        b.key(Key.Key_V, Ctrl)
        assert snapshot(a.workshop) == a_before
        assert a.undo_texts() == []
        assert b.undo_texts() == ["Paste 2 steps"]

        w = b.workshop
        nurse = w.actor_named("Nurse")
        patient = w.actor_named("Patient")
        assert nurse is not None and patient is not None
        assert patient.id == "a-patient"  # matched by name, not made again
        assert (nurse.role, nurse.colour) == ("clinician", "#56B4E9")
        assert list(w.actors)[:-1] == list(b_before[0].actors)
        assert [ln.actor for ln in b_map.lanes][-1] == nurse.id
        arrive = next(s for s in b_map.stages if s.name == "Arrive")
        assert b_map.stages[-1] is arrive

        new = {s.text: s for s in w.steps.values() if s.id not in b_before[0].steps}
        assert set(new) == {"Check in", "Call the name"}
        call, check_in = new["Call the name"], new["Check in"]
        assert (call.actor, call.stage, call.with_actors) == (nurse.id, arrive.id, [patient.id])
        assert (check_in.actor, check_in.stage) == (patient.id, arrive.id)
        new_links = [lk for lk in w.links.values() if lk.id not in b_before[0].links]
        assert [(lk.source, lk.target) for lk in new_links] == [(call.id, check_in.id)]
        new_notes = [n for n in w.notes.values() if n.id not in b_before[0].notes]
        assert sorted((n.kind, n.actor) for n in new_notes) == [
            ("idea", nurse.id),
            ("need", patient.id),
            ("pain", patient.id),
        ]
        assert sorted(b.window.selection.steps) == sorted([call.id, check_in.id])
        b.assert_scene_matches_model()
        assert [s.name for s in b.scene.grid_item.face.stages][-1] == "Arrive"

        b.stack.undo()
        assert snapshot(b.workshop) == b_before
        b.assert_scene_matches_model()
