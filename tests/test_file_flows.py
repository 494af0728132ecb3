"""The File menu as a person uses it: new, open, save, save as, close with unsaved work,
open recent, drop a file, import and export cards, workshop properties."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from editor_helpers import OFFSCREEN_NOISE, settle
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from app import edits
from app.cards import read_cards
from app.store import load_workshop
from widgets import properties_dialog
from widgets.application import WindowManager
from widgets.files import recent_files

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "workshops" / "outpatient-clinic.journey"
CARDS = ROOT / "workshops" / "cards" / "hospital-discharge.csv"

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


@pytest.fixture
def workshop_file(tmp_path: Path) -> Path:
    path = tmp_path / "clinic.journey"
    shutil.copy(SAMPLE, path)
    return path


@pytest.fixture
def manager(qtbot):
    manager = WindowManager(interactive=True)
    yield manager
    for window in list(manager.windows):
        window.files.ask_unsaved = lambda title, question: "discard"
        settle(qtbot)
        window.close()
    manager.release_all()


def edit_something(window) -> None:
    step = next(iter(window.document.workshop.steps))
    window.document.push(edits.edit_step(window.document, step, text="Edited in the test"))


def test_the_title_names_the_file_and_marks_unsaved_work(qtbot, manager, workshop_file) -> None:
    window = manager.open_path(workshop_file)
    assert window.windowTitle().startswith("clinic.journey[*]")
    assert not window.isWindowModified()
    edit_something(window)
    assert window.isWindowModified()
    assert window.actions_by_key["save"].isEnabled()
    window.actions_by_key["save"].trigger()
    assert not window.isWindowModified()
    assert load_workshop(workshop_file).steps == window.document.workshop.steps


@pytest.mark.parametrize("answer", ["cancel", "discard", "save"])
def test_closing_with_unsaved_work_asks_first(qtbot, manager, workshop_file, answer) -> None:
    window = manager.open_path(workshop_file)
    before = workshop_file.read_bytes()
    edit_something(window)
    asked: list[str] = []

    def ask(title: str, question: str) -> str:
        asked.append(question)
        return answer

    window.files.ask_unsaved = ask
    settle(qtbot)
    closed = window.close()
    assert asked and "clinic.journey" in asked[0]
    assert closed == (answer != "cancel")
    if answer == "cancel":
        assert window.isVisible() and window.document.is_modified()
    if answer == "save":
        assert load_workshop(workshop_file).steps == window.document.workshop.steps
    else:
        assert workshop_file.read_bytes() == before  # never written without being asked


def test_closing_without_changes_does_not_ask(qtbot, manager, workshop_file) -> None:
    window = manager.open_path(workshop_file)
    window.files.ask_unsaved = lambda title, question: pytest.fail("asked needlessly")
    settle(qtbot)
    assert window.close()


def test_save_as_moves_the_workshop_to_the_new_file_and_remembers_it(
    qtbot, manager, workshop_file, tmp_path
) -> None:
    window = manager.open_path(workshop_file)
    target = tmp_path / "copy for the board.journey"
    window.files.ask_save_path = lambda title, suggestion: target
    edit_something(window)
    window.actions_by_key["save_as"].trigger()
    assert window.document.path == target
    assert window.windowTitle().startswith("copy for the board.journey")
    assert load_workshop(target) == window.document.workshop
    assert target.resolve() in [p.resolve() for p in recent_files()]
    window._rebuild_recent_menu()
    assert any(str(target) in a.text() for a in window.recent_menu.actions())


def test_new_opens_an_empty_window_and_an_opened_file_replaces_it(
    qtbot, manager, workshop_file
) -> None:
    first = manager.new_window()
    first.show()
    first.actions_by_key["new"].trigger()
    assert len(manager.windows) == 2
    empty = manager.windows[-1]
    assert empty.is_pristine()
    opened = manager.open_path(workshop_file, empty)
    assert opened is not empty and opened.document.path == workshop_file
    assert empty not in manager.windows  # the untouched window made way for the file
    assert manager.open_path(workshop_file) is opened  # open twice: the same window


def test_a_cards_csv_opens_as_a_new_unsaved_workshop(qtbot, manager, tmp_path) -> None:
    window = manager.open_path(CARDS)
    assert window.document.path is None
    assert window.document.is_modified()
    expected, _ = read_cards(CARDS)
    assert window.document.workshop == expected
    target = tmp_path / "discharge.journey"
    window.files.ask_save_path = lambda title, suggestion: target
    window.actions_by_key["save"].trigger()  # the first save asks where
    assert load_workshop(target) == expected


def test_a_bad_file_is_reported_and_opens_nothing(qtbot, manager, tmp_path) -> None:
    bad = tmp_path / "broken.journey"
    bad.write_text('{"meta": ', encoding="utf-8")
    reported: list[str] = []
    manager.report = lambda parent, title, message: reported.append(message)
    assert manager.open_path(bad) is None
    assert reported and "broken.journey" in reported[0]
    assert manager.windows == []


def test_dropping_a_workshop_on_the_window_asks_to_open_it(qtbot, manager, workshop_file) -> None:
    window = manager.new_window()
    window.show()
    requested: list[Path] = []
    window.open_requested.disconnect()
    window.open_requested.connect(requested.append)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(workshop_file)), QUrl.fromLocalFile("/tmp/notes.txt")])
    point, copy = QPoint(40, 40), Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, copy, data, buttons, keys)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()  # the window takes workshop files
    QApplication.sendEvent(window, QDropEvent(QPointF(point), copy, data, buttons, keys))
    assert requested == [workshop_file]


def test_export_cards_writes_a_csv_that_imports_back(
    qtbot, manager, workshop_file, tmp_path, monkeypatch
) -> None:
    window = manager.open_path(workshop_file)
    target = tmp_path / "clinic cards.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    window.actions_by_key["export_cards"].trigger()
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, for Excel
    again, warnings = read_cards(target)
    assert warnings == []
    assert again.steps.keys() == window.document.workshop.steps.keys()


def test_workshop_properties_are_one_undoable_edit(qtbot, manager, workshop_file, monkeypatch):
    window = manager.open_path(workshop_file)

    def fill_in(dialog: QDialog) -> int:
        dialog.title.setText("Joint event, second round")
        dialog.facilitator.setText("Priya Raman")
        dialog.engagement.setCurrentIndex(dialog.engagement.findData("systemic"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(properties_dialog.PropertiesDialog, "exec", fill_in)
    before = window.document.workshop.info
    window.actions_by_key["properties"].trigger()
    info = window.document.workshop.info
    assert (info.title, info.facilitator, info.engagement) == (
        "Joint event, second round",
        "Priya Raman",
        "systemic",
    )
    assert info.date == before.date  # untouched fields stay
    assert window.document.undo_stack.undoText() == "Edit workshop properties"
    window.document.undo_stack.undo()
    assert window.document.workshop.info == before
