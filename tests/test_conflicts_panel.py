"""The conflicts panel, driven as a facilitator does: click rows, filter, record decisions."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from editor_helpers import OFFSCREEN_NOISE, SAMPLE, Driver, driven_window, settle
from PySide6.QtCore import QEvent, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtTest import QAbstractItemModelTester, QTest
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QTableView

from app import edits
from app.analysis import find_conflicts
from app.model import pair_key
from app.store import load_workshop, save_workshop
from widgets.conflicts.declare_dialog import DeclareConflictDialog
from widgets.conflicts.panel import ConflictsPanel
from widgets.conflicts.table_model import ConflictTableModel, RowsFilter, RowsModel

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)

Left = Qt.MouseButton.LeftButton
NoMod = Qt.KeyboardModifier.NoModifier
C = ConflictTableModel
# The sample's conflicts in the spec's order: severity, then the refs.
SAMPLE_ORDER = [("n7", "n8"), ("n7", "n9"), ("n1", "n2"), ("n10", "n11"), ("n5", "n6")]
NURSE, CARDIOLOGIST, BILLING = "a-clinic-nurse", "a-cardiologist", "a-billing-office"


@pytest.fixture
def driver(qtbot) -> Iterator[Driver]:
    with driven_window(qtbot, load_workshop(SAMPLE)) as driver:
        wait_for_analysis(driver)
        yield driver


def panel_of(driver: Driver) -> ConflictsPanel:
    return driver.window.conflicts_panel


def wait_for_analysis(driver: Driver) -> None:
    """Until the panel shows the analysis of the workshop as it is now."""
    analysis = driver.window.analysis
    panel = panel_of(driver)
    driver.qtbot.waitUntil(
        lambda: panel.result is not None and panel.result.generation == analysis.generation
    )
    settle(driver.qtbot)


def keys_shown(table: QTableView) -> list:
    proxy = table.model()
    assert isinstance(proxy, RowsFilter)
    return [proxy.key_at(row) for row in range(proxy.rowCount())]


def cell(table: QTableView, row: int, column: int) -> str:
    return table.model().index(row, column).data()


def click_row(table: QTableView, row: int) -> None:
    index = table.model().index(row, 1)
    table.scrollTo(index)
    QTest.mouseClick(table.viewport(), Left, NoMod, table.visualRect(index).center())


def click_key(panel: ConflictsPanel, key: tuple[str, str]) -> None:
    row = keys_shown(panel.conflict_table).index(key)
    click_row(panel.conflict_table, row)
    assert panel.wanted == key


def click_header(table: QTableView, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Left, NoMod, QPoint(x, header.height() // 2))


def choose(combo: QComboBox, text: str) -> None:
    """Pick an entry of a closed combo box with the keyboard: focus it (as a click or Tab
    does), Home, then Down to the entry."""
    assert combo.findText(text) >= 0, (text, [combo.itemText(i) for i in range(combo.count())])
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(combo, Qt.Key.Key_Home)
    while combo.currentText() != text:
        index = combo.currentIndex()
        QTest.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() == index + 1


def leave(widget) -> None:
    """What happens to a field when the user tabs or clicks away from it."""
    QApplication.sendEvent(widget, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))


def undo_texts(driver: Driver) -> list[str]:
    stack = driver.stack
    return [stack.text(i) for i in range(stack.count())]


# -- listing ---------------------------------------------------------------------------


def test_lists_the_samples_conflicts_in_the_specs_order(driver: Driver) -> None:
    panel = panel_of(driver)
    table = panel.conflict_table
    expected = [(c.a, c.b) for c in find_conflicts(driver.workshop)]
    assert expected == SAMPLE_ORDER
    assert keys_shown(table) == SAMPLE_ORDER
    row = [cell(table, 0, column) for column in range(C.MAP)]
    assert row == [
        "20",
        "Patient ↔ Cardiologist",
        "consultation time",
        "Time to ask all my questions",
        "Keep to 15-minute slots to finish the list",
        "Consultation with the cardiologist",
        "detected",
        "trade-off accepted",
    ]
    assert cell(table, 1, C.SOURCE) == "declared"
    assert cell(table, 1, C.DIMENSION) == "(different things)"
    assert cell(table, 3, C.STEPS) == "Open an invoice of codes an… / Send the standard invoice"
    # A dismissed pair stays listed, its status in words.
    assert cell(table, 2, C.STATUS) == "not a conflict"
    assert panel.tabs.tabText(0) == "Conflicts (5)"
    assert panel.tabs.tabText(1) == "Emotion gaps (2)"
    assert keys_shown(panel.gap_table) == ["s1", "s10"]
    assert cell(panel.gap_table, 0, 2) == "Patient -2"
    assert cell(panel.gap_table, 0, 3) == "Front desk +1"


def test_sorting_by_clicking_the_headers(driver: Driver) -> None:
    table = panel_of(driver).conflict_table
    click_header(table, C.ACTORS)
    actors = [cell(table, row, C.ACTORS) for row in range(5)]
    assert actors == sorted(actors, key=str.casefold)
    # Ties keep the spec's order: the two Patient ↔ Front desk rows, n1/n2 before n5/n6.
    assert keys_shown(table)[-2:] == [("n1", "n2"), ("n5", "n6")]
    click_header(table, C.ACTORS)
    assert [cell(table, row, C.ACTORS) for row in range(5)] == sorted(
        actors, key=str.casefold, reverse=True
    )
    click_header(table, C.SEVERITY)
    severities = [float(cell(table, row, C.SEVERITY)) for row in range(5)]
    assert severities == sorted(severities)  # numerically, lowest first on the first click
    click_header(table, C.SEVERITY)
    assert keys_shown(table) == SAMPLE_ORDER  # highest first: the spec's order again


# -- filters ---------------------------------------------------------------------------


def test_filters_by_pair_status_and_words(driver: Driver) -> None:
    panel = panel_of(driver)
    table = panel.conflict_table
    pairs = [panel.pair_combo.itemText(i) for i in range(panel.pair_combo.count())]
    assert pairs[0] == "All pairs"
    assert "Patient ↔ Front desk" in pairs
    choose(panel.pair_combo, "Patient ↔ Front desk")
    assert keys_shown(table) == [("n1", "n2"), ("n5", "n6")]
    assert panel.tabs.tabText(0) == "Conflicts (2 of 5)"
    choose(panel.pair_combo, "All pairs")

    choose(panel.status_combo, "Still open (open or discussed)")
    assert keys_shown(table) == [("n7", "n9"), ("n10", "n11")]
    choose(panel.status_combo, "resolved")
    assert keys_shown(table) == [("n5", "n6")]
    choose(panel.status_combo, "All statuses")

    QTest.keyClicks(panel.text_filter, "INVOICE")
    assert keys_shown(table) == [("n10", "n11")]
    panel.text_filter.clear()
    QTest.keyClicks(panel.text_filter, "cardiologist")  # an actor, and words of the rule
    assert keys_shown(table) == [("n7", "n8"), ("n7", "n9")]
    panel.text_filter.clear()
    assert keys_shown(table) == SAMPLE_ORDER


def test_this_map_or_all_maps(driver: Driver) -> None:
    panel = panel_of(driver)
    map_id = driver.window.selection.map_id
    command, copy_id = edits.duplicate_map(driver.document, map_id)
    driver.document.push(command)
    wait_for_analysis(driver)
    assert len(keys_shown(panel.conflict_table)) == 5
    assert panel.conflict_table.isColumnHidden(C.MAP)
    choose(panel.map_combo, "All maps")
    assert len(keys_shown(panel.conflict_table)) == 10
    assert not panel.conflict_table.isColumnHidden(C.MAP)
    # A row of the other map shows that map with the two cards marked.
    row = next(
        r for r in range(10) if cell(panel.conflict_table, r, C.MAP) != "As is: outpatient visit"
    )
    click_row(panel.conflict_table, row)
    assert driver.window.selection.map_id == copy_id
    assert driver.scene.tension is not None
    choose(panel.map_combo, "This map")
    assert len(keys_shown(panel.conflict_table)) == 5
    assert all(
        panel.conflicts.conflict_row(key).conflict.map_id == copy_id
        for key in keys_shown(panel.conflict_table)
    )


def test_selecting_a_step_shows_its_conflicts(driver: Driver) -> None:
    panel = panel_of(driver)
    driver.view.zoom_to_fit()
    driver.click(driver.card_centre("s10"))
    assert driver.window.selection.steps == ["s10"]
    assert keys_shown(panel.conflict_table) == [("n7", "n8"), ("n7", "n9")]
    assert keys_shown(panel.gap_table) == ["s10"]
    panel.step_toggle.click()
    assert keys_shown(panel.conflict_table) == SAMPLE_ORDER
    panel.step_toggle.click()
    assert len(keys_shown(panel.conflict_table)) == 2
    driver.key(Qt.Key.Key_Escape)  # nothing selected: every conflict again
    assert keys_shown(panel.conflict_table) == SAMPLE_ORDER


# -- the canvas ------------------------------------------------------------------------


def test_selecting_a_row_marks_both_cards_and_brings_them_into_view(driver: Driver) -> None:
    panel = panel_of(driver)
    driver.view.set_zoom(1.0)
    driver.view.centerOn(driver.card_centre("s1"))
    assert not driver.visible_rect().contains(driver.card_rect("s18"))
    click_key(panel, ("n10", "n11"))
    tension = driver.scene.tension
    assert tension is not None
    assert tension.step_ids == ("s19", "s18")
    assert tension.label == "Patient ↔ Billing office: bill detail"
    assert len(tension.marks) == 2
    for step in ("s19", "s18"):
        card = driver.card_rect(step)
        assert any(mark.contains(card) for mark in tension.marks)
        assert driver.visible_rect().contains(card)
    assert driver.view.zoom() <= 1.0
    # The line is a zig-zag from one mark to the other, not a link.
    line = tension.line_path()
    assert line.elementCount() > 6
    assert (
        tension.marks[0].adjusted(-1, -1, 1, 1).contains(line.elementAt(0).x, line.elementAt(0).y)
    )
    # The selection on the canvas stays as it was; the detail explains the pair.
    assert driver.window.selection.steps == []
    assert panel.explanation.text().startswith("Patient wants more bill detail; Billing office")
    # One card for two needs on the same step; the mark follows the card when it moves.
    click_key(panel, ("n7", "n8"))
    tension = driver.scene.tension
    assert tension.step_ids == ("s10", "s10")
    assert len(tension.marks) == 1 and tension.line_path().isEmpty()
    before = tension.marks[0]
    driver.scene.step_items["s10"].moveBy(30, 0)
    assert tension.marks[0] == before.translated(30, 0)


def test_tension_goes_when_the_row_is_filtered_away(driver: Driver) -> None:
    panel = panel_of(driver)
    click_key(panel, ("n5", "n6"))
    assert driver.scene.tension is not None
    QTest.keyClicks(panel.text_filter, "invoice")
    assert panel.wanted is None
    assert driver.scene.tension is None
    assert panel.detail.currentIndex() == panel.PAGE_HINT


# -- live updates ----------------------------------------------------------------------


def test_a_new_detected_conflict_appears_after_the_edit(driver: Driver, qtbot) -> None:
    panel = panel_of(driver)
    doc = driver.document
    click_key(panel, ("n10", "n11"))
    with qtbot.waitSignal(driver.window.analysis.updated, timeout=3000):
        command, note_id = edits.add_note(
            doc,
            "s11",
            "need",
            CARDIOLOGIST,
            text="Finish the clinic on time",
            dimension="Consultation  Time",
            direction="less",
            weight=3,
        )
        doc.push(command)
    wait_for_analysis(driver)
    key = pair_key("n7", note_id)
    shown = keys_shown(panel.conflict_table)
    assert key in shown
    row = shown.index(key)
    assert cell(panel.conflict_table, row, C.SEVERITY) == "7.5"
    assert cell(panel.conflict_table, row, C.NEED_A if key[0] == "n7" else C.NEED_B) == (
        "Time to ask all my questions"
    )
    assert shown == [(c.a, c.b) for c in find_conflicts(doc.workshop)]
    assert panel.wanted == ("n10", "n11")  # the picked row stays picked
    assert keys_shown(panel.conflict_table)[
        panel.conflict_table.selectionModel().selectedRows()[0].row()
    ] == ("n10", "n11")
    doc.undo_stack.undo()
    wait_for_analysis(driver)
    assert keys_shown(panel.conflict_table) == SAMPLE_ORDER


# -- recording decisions ---------------------------------------------------------------


def test_status_is_recorded_undone_saved_and_kept(driver: Driver, tmp_path: Path) -> None:
    panel = panel_of(driver)
    doc = driver.document
    key = ("n10", "n11")
    click_key(panel, key)
    assert panel.status_edit.currentText() == "open"
    choose(panel.status_edit, "discussed")
    assert doc.workshop.conflicts[key].status == "discussed"
    assert undo_texts(driver)[-1] == "Mark conflict discussed"
    row = keys_shown(panel.conflict_table).index(key)
    assert cell(panel.conflict_table, row, C.STATUS) == "discussed"

    doc.undo_stack.undo()
    assert key not in doc.workshop.conflicts  # back to nothing recorded
    assert panel.status_edit.currentText() == "open"
    assert cell(panel.conflict_table, row, C.STATUS) == "open"
    doc.undo_stack.redo()
    assert panel.status_edit.currentText() == "discussed"

    # An unrelated edit keeps the record; so do saving and opening again.
    doc.push(edits.edit_step(doc, "s3", text="Get an SMS reminder a week before"))
    wait_for_analysis(driver)
    assert cell(panel.conflict_table, row, C.STATUS) == "discussed"
    path = tmp_path / "clinic.journey"
    save_workshop(doc.workshop, path)
    assert load_workshop(path).conflicts[key].status == "discussed"
    assert load_workshop(path).conflicts[key].note == ""


def test_dismissed_pair_stays_listed(driver: Driver) -> None:
    panel = panel_of(driver)
    key = ("n10", "n11")
    click_key(panel, key)
    choose(panel.status_edit, "not a conflict")
    wait_for_analysis(driver)
    shown = keys_shown(panel.conflict_table)
    assert key in shown
    assert cell(panel.conflict_table, shown.index(key), C.STATUS) == "not a conflict"
    # The badge counts leave it out, the list does not.
    assert driver.scene.conflict_counts.get("s18", 0) == 0


def test_status_left_out_by_the_filter_keeps_the_detail(driver: Driver) -> None:
    panel = panel_of(driver)
    choose(panel.status_combo, "Still open (open or discussed)")
    click_key(panel, ("n10", "n11"))
    choose(panel.status_edit, "resolved")
    assert ("n10", "n11") not in keys_shown(panel.conflict_table)
    assert panel.wanted == ("n10", "n11")
    assert panel.detail.currentIndex() == panel.PAGE_CONFLICT
    assert "hidden by the filters" in panel.facts.text()
    driver.document.undo_stack.undo()
    assert ("n10", "n11") in keys_shown(panel.conflict_table)
    assert panel.conflict_table.selectionModel().hasSelection()


def test_typing_a_note_is_one_undo_step(driver: Driver, qtbot) -> None:
    panel = panel_of(driver)
    doc = driver.document
    key = ("n10", "n11")
    click_key(panel, key)
    box = panel.note_edit
    QTest.keyClicks(box, "Itemised bills ")
    qtbot.waitUntil(lambda: key in doc.workshop.conflicts)  # recorded after a pause
    assert doc.workshop.conflicts[key].note == "Itemised bills "
    QTest.keyClicks(box, "from April")
    leave(box)
    assert doc.workshop.conflicts[key].note == "Itemised bills from April"
    assert undo_texts(driver) == ["Edit conflict note"]
    row = keys_shown(panel.conflict_table).index(key)
    assert "April" not in cell(panel.conflict_table, row, C.STATUS)

    # Ctrl+Z in the note undoes the document, and the note shows it.
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert key not in doc.workshop.conflicts
    assert box.toPlainText() == ""
    doc.undo_stack.redo()
    assert box.toPlainText() == "Itemised bills from April"

    # A second visit to the field is a second step; another row has its own note.
    QTest.keyClick(box, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(box, ".")
    leave(box)
    assert undo_texts(driver) == ["Edit conflict note", "Edit conflict note"]
    click_key(panel, ("n5", "n6"))
    assert box.toPlainText().startswith("A screen in the waiting room")
    click_key(panel, key)
    assert box.toPlainText() == "Itemised bills from April."


def test_a_note_typed_then_a_row_clicked_is_kept(driver: Driver) -> None:
    panel = panel_of(driver)
    click_key(panel, ("n10", "n11"))
    QTest.keyClicks(panel.note_edit, "Ask finance")
    click_key(panel, ("n7", "n8"))  # before the pause: still recorded for the first pair
    assert driver.workshop.conflicts[("n10", "n11")].note == "Ask finance"
    assert driver.workshop.conflicts[("n7", "n8")].note.startswith("15-minute slots")


# -- declaring -------------------------------------------------------------------------


def test_declare_a_conflict_through_the_dialog(driver: Driver, monkeypatch) -> None:
    panel = panel_of(driver)
    seen = {}

    def pick(dialog: DeclareConflictDialog) -> int:
        seen["first"] = dialog.chosen()
        dialog.choose("n1", "n11")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DeclareConflictDialog, "exec", pick)
    QTest.mouseClick(panel.declare_button, Left)
    record = driver.workshop.conflicts[("n1", "n11")]
    assert record.declared and record.status == "open"
    assert undo_texts(driver)[-1] == "Declare conflict"
    wait_for_analysis(driver)
    shown = keys_shown(panel.conflict_table)
    row = shown.index(("n1", "n11"))
    assert cell(panel.conflict_table, row, C.SOURCE) == "declared"
    assert cell(panel.conflict_table, row, C.SEVERITY) == "12"
    assert panel.wanted == ("n1", "n11")  # picked, to record what the group says
    assert panel.remove_button.isVisibleTo(panel)


def test_the_dialog_offers_other_actors_needs_and_starts_from_the_selected_need(
    driver: Driver, qtbot
) -> None:
    driver.window.selection.select(["s10"], note="n7")
    dialog = DeclareConflictDialog(driver.document, driver.window.selection.map_id, "n7")
    qtbot.addWidget(dialog)
    assert dialog.first_list.currentItem().data(Qt.ItemDataRole.UserRole) == "n7"
    shown = [
        dialog.second_list.item(r).data(Qt.ItemDataRole.UserRole)
        for r in range(dialog.second_list.count())
        if not dialog.second_list.item(r).isHidden()
    ]
    patient_needs = {n.id for n in driver.workshop.notes.values() if n.actor == "a-patient"}
    assert shown and not patient_needs & set(shown)
    assert not dialog.ok_button.isEnabled()
    dialog.choose("n7", "n9")  # declared already in the sample
    assert not dialog.ok_button.isEnabled()
    assert "already" in dialog.message.text()
    dialog.choose("n7", "n12")
    assert dialog.ok_button.isEnabled()
    QTest.keyClicks(dialog.second_filter, "angry")
    assert dialog.chosen() == ("n7", "n12")
    assert (
        sum(not dialog.second_list.item(r).isHidden() for r in range(dialog.second_list.count()))
        == 1
    )


def test_remove_a_declared_conflict(driver: Driver) -> None:
    panel = panel_of(driver)
    click_key(panel, ("n7", "n9"))
    assert panel.remove_button.isVisibleTo(panel)
    QTest.mouseClick(panel.remove_button, Left)
    assert ("n7", "n9") not in driver.workshop.conflicts
    assert undo_texts(driver)[-1] == "Remove declared conflict"
    wait_for_analysis(driver)
    assert ("n7", "n9") not in keys_shown(panel.conflict_table)
    assert driver.scene.tension is None
    driver.document.undo_stack.undo()
    wait_for_analysis(driver)
    assert ("n7", "n9") in keys_shown(panel.conflict_table)
    assert panel.wanted == ("n7", "n9")  # still picked: selected again when it came back


def test_read_only_workshop_cannot_be_edited_from_the_panel(driver: Driver) -> None:
    panel = panel_of(driver)
    driver.document.read_only = True
    driver.document.path_changed.emit("")
    click_key(panel, ("n10", "n11"))
    assert not panel.status_edit.isEnabled()
    assert not panel.note_edit.isEnabled()
    assert not panel.declare_button.isEnabled()


# -- the model's diffs -----------------------------------------------------------------


class _Row(tuple):
    """A row of the small model below: (key, value)."""

    @property
    def key(self) -> str:
        return self[0]


class _Rows(RowsModel):
    """A small model for checking the diffs: sorted by value, ties by key."""

    HEADERS = ("Key", "Value")

    def display(self, row: _Row, column: int) -> str:
        return row[column]

    def spec_key(self, row: _Row) -> tuple:
        return (row[0],)


def test_updates_are_diffs_that_keep_order_and_persistent_rows() -> None:
    model = _Rows()
    model.sort(1, Qt.SortOrder.AscendingOrder)
    proxy = RowsFilter(model)
    tester = QAbstractItemModelTester(proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    inserted: list[int] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append(last - first + 1))
    rng = random.Random(7)
    keys = [f"k{i:02}" for i in range(40)]
    for _ in range(300):
        chosen = sorted(rng.sample(keys, rng.randint(1, 40)))
        rows = [_Row((k, rng.choice("abcde"))) for k in chosen]
        survivor = next((k for k in chosen if model.row_of(k) >= 0), None)
        held = QPersistentModelIndex(model.index(model.row_of(survivor), 0)) if survivor else None
        unchanged = {r.key for r in rows if r in model.rows}
        inserted.clear()
        model.set_rows(rows)
        assert model.rows == sorted(rows, key=lambda r: r[1])  # stable: ties by key
        assert sum(inserted) == len(rows) - len(unchanged)  # only new or moved rows
        if held is not None and survivor in unchanged:
            assert held.isValid() and model.rows[held.row()].key == survivor
        assert [model.row_of(r.key) for r in model.rows] == list(range(len(model.rows)))
    assert not resets  # 40 rows never need a reset
    del tester
