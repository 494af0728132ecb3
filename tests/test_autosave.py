"""Autosave writes recovery copies of unsaved work; after a crash the next start offers them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QLabel

from app.document import Document
from app.edits import edit_step
from app.locks import lock_path
from app.recovery import Recovery, find_recoveries, recovery_folder, write_recovery
from app.store import load_workshop, save_workshop
from widgets.application import WindowManager, start
from widgets.autosave import Autosave
from widgets.recovery_dialog import DISCARD, LATER, RESTORE, RecoveryDialog

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "workshops" / "outpatient-clinic.journey"
EDITED_TEXT = "Waits 40 minutes for the clinic (unsaved edit)"

# The offscreen platform warns that it cannot pass a main window's size hints on.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

# A copy of the app that opens a workshop, edits it, lets autosave write its recovery
# copy at the user's pause, and then dies without closing anything (a crash, a power cut).
CRASHING_COPY = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from app.edits import edit_step
    from widgets.application import WindowManager, make_application

    app = make_application()
    manager = WindowManager(interactive=True)
    window = manager.open_path(Path(sys.argv[1]))
    window.autosave.idle_timer.setInterval(20)
    written = []
    window.autosave.written.connect(written.append)
    window.document.push(edit_step(window.document, "s1", text=sys.argv[2]))
    deadline = time.monotonic() + 60
    while not written and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    print("written" if written else "not written", flush=True)
    os._exit(3)
    """
)


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test has its own recovery folder (and so do the copies it starts)."""
    folder = tmp_path / "app-data"
    monkeypatch.setenv("JOURNEY_WORKSHOP_DATA", str(folder))
    return folder


@pytest.fixture
def original(tmp_path: Path) -> Path:
    """The user's own workshop file."""
    folder = tmp_path / "workshops"
    folder.mkdir()
    path = folder / "clinic.journey"
    save_workshop(load_workshop(SAMPLE), path)
    return path


@pytest.fixture
def manager(qtbot) -> Iterator[WindowManager]:
    """A window manager as in the app, with its prompts answered by the test."""
    manager = WindowManager(interactive=True)
    manager.reports = []
    manager.report = lambda parent, title, message: manager.reports.append(message)
    manager.ask_other_copy = _unexpected
    yield manager
    for window in list(manager.windows):
        window.files.ask_unsaved = lambda title, question: "discard"
        window.close()


def _unexpected(*args: object) -> str:
    raise AssertionError(f"unexpected prompt: {args}")


def copies() -> list[str]:
    """The files in the recovery folder."""
    folder = recovery_folder()
    return sorted(os.listdir(folder)) if folder.exists() else []


def autosave_of(document: Document, **intervals: int) -> tuple[Autosave, list[str]]:
    autosave = Autosave(document, None, **intervals)
    reported: list[str] = []
    autosave.report = reported.append
    return autosave, reported


def crashed(workshop_path: Path, text: str = EDITED_TEXT) -> None:
    """Run a copy of the app that edits `workshop_path` and crashes after autosave."""
    result = subprocess.run(
        [sys.executable, "-c", CRASHING_COPY, str(workshop_path), text],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 3, result.stderr
    assert result.stdout.strip() == "written", result.stderr


def left_behind(workshop_path: Path | None, title: str = "Left behind") -> Recovery:
    """A recovery copy as a crashed copy of the app leaves it (its process has ended)."""
    workshop = load_workshop(SAMPLE)
    workshop.info.title = title
    copy = write_recovery(workshop, workshop_path, os.urandom(8).hex())
    info_path = copy.with_suffix(".json")
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    info = json.loads(info_path.read_text(encoding="utf-8"))
    info["pid"] = int(ended.stdout)
    info_path.write_text(json.dumps(info), encoding="utf-8")
    [found] = [r for r in find_recoveries() if r.workshop_path == copy]
    return found


# ---------------------------------------------------------------------------------------
# Writing and removing


def test_a_pause_after_an_edit_writes_a_recovery_copy_off_the_users_file(
    qtbot, original: Path
) -> None:
    before = original.read_bytes()
    document = Document(load_workshop(original), original)
    autosave, reported = autosave_of(document, idle_ms=20, period_ms=3_600_000)
    with qtbot.waitSignal(autosave.written, timeout=5000) as written:
        document.push(edit_step(document, "s1", text=EDITED_TEXT))
    copy = written.args[0]
    assert copy.parent == recovery_folder()
    assert load_workshop(copy) == document.workshop
    assert original.read_bytes() == before
    assert sorted(os.listdir(original.parent)) == ["clinic.journey"]
    assert reported == []


def test_long_editing_without_a_pause_is_copied_every_period(qtbot, original: Path) -> None:
    document = Document(load_workshop(original), original)
    autosave, _ = autosave_of(document, idle_ms=3_600_000, period_ms=30)
    with qtbot.waitSignal(autosave.written, timeout=5000):
        document.push(edit_step(document, "s1", text=EDITED_TEXT))
    assert len(copies()) == 2  # the workshop and its description


def test_nothing_is_written_without_unsaved_changes(qtbot, original: Path) -> None:
    document = Document(load_workshop(original), original)
    autosave, _ = autosave_of(document, idle_ms=10, period_ms=10)
    written: list[Path] = []
    autosave.written.connect(written.append)
    qtbot.wait(100)
    document.push(edit_step(document, "s1", text=EDITED_TEXT))
    document.undo_stack.undo()  # back to the file's state before the pause
    qtbot.wait(100)
    assert written == [] and copies() == []
    assert autosave.write_now() is False


def test_copies_are_written_only_when_something_changed_since_the_last(
    qtbot, original: Path
) -> None:
    document = Document(load_workshop(original), original)
    autosave, _ = autosave_of(document, idle_ms=10, period_ms=10)
    written: list[Path] = []
    autosave.written.connect(written.append)
    document.push(edit_step(document, "s1", text=EDITED_TEXT))
    qtbot.waitUntil(lambda: len(written) == 1)
    qtbot.wait(100)
    assert len(written) == 1


def test_undoing_back_to_the_file_removes_the_copy(qtbot, original: Path) -> None:
    document = Document(load_workshop(original), original)
    autosave, _ = autosave_of(document, idle_ms=10)
    with qtbot.waitSignal(autosave.written):
        document.push(edit_step(document, "s1", text=EDITED_TEXT))
    assert copies()
    document.undo_stack.undo()
    assert copies() == []


def test_a_copy_that_cannot_be_written_is_reported_once(qtbot, original: Path) -> None:
    recovery_folder().parent.mkdir(parents=True)
    recovery_folder().write_text("not a folder", encoding="utf-8")  # like a full disk
    document = Document(load_workshop(original), original)
    autosave, reported = autosave_of(document, idle_ms=3_600_000)
    failed: list[str] = []
    autosave.failed.connect(failed.append)
    for text in ("one", "two", "three"):
        document.push(edit_step(document, "s1", text=text))
        assert autosave.write_now() is False
    assert len(reported) == 1 and failed == reported
    assert "could not be kept safe" in reported[0] and "Save the workshop" in reported[0]
    recovery_folder().unlink()
    assert autosave.write_now() is True
    assert len(reported) == 2 and "was written" in reported[1]


def test_saving_removes_the_copy(qtbot, manager: WindowManager, original: Path) -> None:
    window = manager.open_path(original)
    window.document.push(edit_step(window.document, "s1", text=EDITED_TEXT))
    assert window.autosave.write_now()
    assert copies()
    assert window.files.save()
    assert copies() == []
    assert load_workshop(original).steps["s1"].text == EDITED_TEXT


def test_save_as_removes_the_copy_kept_under_the_old_name(
    qtbot, manager: WindowManager, original: Path, tmp_path: Path
) -> None:
    window = manager.open_path(original)
    window.document.push(edit_step(window.document, "s1", text=EDITED_TEXT))
    assert window.autosave.write_now()
    window.files.ask_save_path = lambda title, suggestion: tmp_path / "renamed.journey"
    assert window.files.save_as()
    assert copies() == []
    window.document.push(edit_step(window.document, "s1", text="Later edit"))
    assert window.autosave.write_now()
    [found] = find_recoveries_of_any_process()
    assert found == tmp_path / "renamed.journey"


def find_recoveries_of_any_process() -> list[Path]:
    """The originals of every recovery copy, this process's own included."""
    folder = recovery_folder()
    infos = [json.loads((folder / n).read_text()) for n in copies() if n.endswith(".json")]
    return [Path(info["original"]) for info in infos]


@pytest.mark.parametrize("answer", ["discard", "save"])
def test_closing_the_window_removes_the_copy(
    qtbot, manager: WindowManager, original: Path, answer: str
) -> None:
    window = manager.open_path(original)
    window.document.push(edit_step(window.document, "s1", text=EDITED_TEXT))
    assert window.autosave.write_now()
    window.files.ask_unsaved = lambda title, question: "cancel"
    assert not window.close()
    assert copies(), "cancelling the close keeps the work and its copy"
    window.files.ask_unsaved = lambda title, question: answer
    assert window.close()
    assert copies() == []
    saved = load_workshop(original).steps["s1"].text
    assert (saved == EDITED_TEXT) == (answer == "save")


# ---------------------------------------------------------------------------------------
# After a crash


def test_after_a_crash_the_next_start_restores_the_unsaved_work(
    qtbot, manager: WindowManager, original: Path
) -> None:
    before = original.read_bytes()
    crashed(original)
    assert lock_path(original).exists(), "the crash left its lock behind"
    offered: list[list[Recovery]] = []

    def restore_all(found: list[Recovery]) -> list[tuple[Recovery, str]]:
        offered.append(found)
        return [(recovery, RESTORE) for recovery in found]

    manager.ask_recoveries = restore_all
    window = start(manager, None)
    [[recovery]] = offered
    assert recovery.original == original and recovery.problem is None
    assert "clinic.journey" in recovery.describe()
    assert manager.windows == [window]
    document = window.document
    assert document.path == original
    assert document.is_modified() and window.isWindowModified()
    assert document.workshop.steps["s1"].text == EDITED_TEXT
    assert not document.read_only
    assert original.read_bytes() == before
    # The dead copy's lock was taken over without asking; its recovery copy became ours.
    assert window.files.lock is not None and window.files.lock.is_ours()
    assert not recovery.workshop_path.exists()
    assert find_recoveries() == [] and len(copies()) == 2
    window.files.ask_unsaved = lambda title, question: "save"
    assert window.close()
    assert load_workshop(original).steps["s1"].text == EDITED_TEXT
    assert copies() == [] and not lock_path(original).exists()


def test_discarding_removes_the_copy_and_opens_nothing(
    qtbot, manager: WindowManager, original: Path
) -> None:
    before = original.read_bytes()
    left_behind(original)
    manager.ask_recoveries = lambda found: [(r, DISCARD) for r in found]
    window = start(manager, original)
    assert copies() == []
    assert window.document.path == original and not window.document.is_modified()
    assert original.read_bytes() == before


def test_deciding_later_keeps_the_copy_for_the_next_start(
    qtbot, manager: WindowManager, original: Path
) -> None:
    recovery = left_behind(original)
    manager.ask_recoveries = lambda found: [(r, LATER) for r in found]
    window = start(manager, None)
    assert manager.windows == [window] and window.is_pristine()
    assert [r.workshop_path for r in find_recoveries()] == [recovery.workshop_path]


def test_work_that_was_never_saved_comes_back_untitled(qtbot, manager: WindowManager) -> None:
    left_behind(None, title="Unsaved ideas")
    manager.ask_recoveries = lambda found: [(r, RESTORE) for r in found]
    window = start(manager, None)
    assert window.document.path is None and window.document.is_modified()
    assert window.document.workshop.info.title == "Unsaved ideas"
    assert window.files.lock is None


def test_restoring_over_a_file_saved_since_asks_before_saving(
    qtbot, manager: WindowManager, original: Path
) -> None:
    recovery = left_behind(original)
    newer = original.stat().st_mtime + 60
    os.utime(original, (newer, newer))
    [recovery] = find_recoveries()
    assert recovery.original_saved_later
    dialog = RecoveryDialog([recovery])
    qtbot.addWidget(dialog)
    notes = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("clinic.journey was saved again" in note for note in notes)
    manager.ask_recoveries = lambda found: [(r, RESTORE) for r in found]
    window = start(manager, None)
    before = original.read_bytes()
    asked: list[str] = []
    window.files.ask_changed_on_disk = lambda problem: asked.append(problem) or "cancel"
    assert not window.files.save()
    assert len(asked) == 1 and original.read_bytes() == before


def test_a_damaged_copy_is_never_restored(qtbot, manager: WindowManager, original: Path) -> None:
    recovery = left_behind(original)
    recovery.workshop_path.write_text("{ broken", encoding="utf-8")
    [damaged] = find_recoveries()
    assert damaged.problem
    dialog = RecoveryDialog([damaged])
    qtbot.addWidget(dialog)
    choices = [dialog.combos[0].itemData(i) for i in range(dialog.combos[0].count())]
    assert choices == [LATER, DISCARD]
    manager.ask_recoveries = lambda found: [(r, RESTORE) for r in found]
    window = start(manager, None)
    assert window.is_pristine() and len(find_recoveries()) == 1


def test_screenshot_mode_offers_nothing(qtbot, original: Path) -> None:
    left_behind(original)
    manager = WindowManager(interactive=False)
    manager.ask_recoveries = _unexpected
    window = start(manager, original)
    qtbot.addWidget(window)
    assert window.document.path == original and not window.document.is_modified()
    assert window.files.lock is None and not lock_path(original).exists()
    assert len(find_recoveries()) == 1


# ---------------------------------------------------------------------------------------
# The dialog


def test_the_dialog_restores_by_default_and_decides_later_when_dismissed(
    qtbot, original: Path
) -> None:
    found = [left_behind(original, "First"), left_behind(None, "Second")]
    dialog = RecoveryDialog(found)
    qtbot.addWidget(dialog)
    dialog.combos[1].setCurrentIndex(dialog.combos[1].findData(DISCARD))
    dialog.accept()
    assert [choice for _, choice in dialog.choices()] == [RESTORE, DISCARD]
    dialog = RecoveryDialog(found)
    qtbot.addWidget(dialog)
    dialog.reject()
    assert [choice for _, choice in dialog.choices()] == [LATER, LATER]


def test_restore_all_and_discard_all(qtbot, original: Path) -> None:
    found = [left_behind(original, "First"), left_behind(None, "Second")]
    dialog = RecoveryDialog(found)
    qtbot.addWidget(dialog)
    dialog.combos[0].setCurrentIndex(dialog.combos[0].findData(LATER))
    dialog.restore_all_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [choice for _, choice in dialog.choices()] == [RESTORE, RESTORE]

    dialog = RecoveryDialog(found)
    qtbot.addWidget(dialog)
    questions: list[str] = []
    dialog.confirm = lambda question: questions.append(question) or False
    dialog.discard_all_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted  # not confirmed: still open
    dialog.confirm = lambda question: True
    dialog.discard_all_button.click()
    assert [choice for _, choice in dialog.choices()] == [DISCARD, DISCARD]
    assert "Discard all 2" in questions[0]
