"""A file open in another copy is not silently shared; one changed on disk is not overwritten."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.edits import edit_step
from app.locks import Lock, OtherCopy, lock_path
from app.recovery import recovery_folder
from app.store import load_workshop, save_workshop
from widgets import application
from widgets.application import WindowManager
from widgets.files import CANCEL, OPEN_ANYWAY, OVERWRITE, READ_ONLY, SAVE_COPY

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "workshops" / "outpatient-clinic.journey"
OTHER_SAMPLE = ROOT / "workshops" / "hospital-discharge.journey"
EDITED_TEXT = "Waits 40 minutes for the clinic (our edit)"

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

HOLDER = textwrap.dedent(
    """
    import sys
    from app.locks import acquire
    lock = acquire(sys.argv[1])
    print("locked" if lock.locked else "not locked", flush=True)
    sys.stdin.read()  # hold the lock until the test closes our stdin
    lock.release()
    """
)


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "app-data"
    monkeypatch.setenv("JOURNEY_WORKSHOP_DATA", str(folder))
    return folder


@pytest.fixture
def original(tmp_path: Path) -> Path:
    folder = tmp_path / "workshops"
    folder.mkdir()
    path = folder / "clinic.journey"
    save_workshop(load_workshop(SAMPLE), path)
    return path


class Prompts:
    """What the windows asked, and the answers the test gave."""

    def __init__(self) -> None:
        self.other_copy: list[OtherCopy] = []
        self.other_copy_answer = CANCEL
        self.reports: list[str] = []


def make_manager(prompts: Prompts) -> WindowManager:
    manager = WindowManager(interactive=True)
    manager.report = lambda parent, title, message: prompts.reports.append(message)

    def ask_other_copy(parent: object, error: OtherCopy) -> str:
        prompts.other_copy.append(error)
        return prompts.other_copy_answer

    manager.ask_other_copy = ask_other_copy
    return manager


@pytest.fixture
def prompts() -> Prompts:
    return Prompts()


@pytest.fixture
def managers(qtbot, prompts: Prompts) -> Iterator[list[WindowManager]]:
    """Two copies of the app's window manager (two running copies, as far as locks go)."""
    made = [make_manager(prompts), make_manager(prompts)]
    yield made
    for manager in made:
        for window in list(manager.windows):
            window.files.ask_unsaved = lambda title, question: "discard"
            window.close()


@pytest.fixture
def holder(original: Path) -> Iterator[subprocess.Popen[str]]:
    """Another running copy of the app that has `original` open."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(original)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdin is not None
    assert child.stdout.readline().strip() == "locked"
    yield child
    child.stdin.close()
    child.wait(timeout=30)
    child.stdout.close()


def errors_of(window) -> list[str]:
    shown: list[str] = []
    window.files.show_error = lambda title, message: shown.append(message)
    return shown


# ---------------------------------------------------------------------------------------
# Another copy has the file open


def test_a_file_open_in_another_running_copy_offers_read_only(
    qtbot, managers: list[WindowManager], prompts: Prompts, original: Path, holder
) -> None:
    before = original.read_bytes()
    held = lock_path(original).read_bytes()
    prompts.other_copy_answer = READ_ONLY
    window = managers[0].open_path(original)
    [error] = prompts.other_copy
    assert error.pid == holder.pid and error.on_this_computer
    assert "already open in another copy of Journey Workshop" in error.describe()
    document = window.document
    assert document.read_only and "(read-only)" in window.windowTitle()
    document.push(edit_step(document, "s1", text=EDITED_TEXT))
    assert document.workshop.steps["s1"].text != EDITED_TEXT
    assert not document.is_modified()
    window.close()
    assert lock_path(original).read_bytes() == held, "the other copy keeps its lock"
    assert original.read_bytes() == before


def test_a_second_window_manager_is_asked_too(
    qtbot, managers: list[WindowManager], prompts: Prompts, original: Path
) -> None:
    first = managers[0].open_path(original)
    assert first.files.lock is not None and first.files.lock.is_ours()
    prompts.other_copy_answer = READ_ONLY
    second = managers[1].open_path(original)
    assert len(prompts.other_copy) == 1
    assert second.document.read_only and not first.document.read_only


def test_read_only_saves_go_to_save_as(
    qtbot, managers: list[WindowManager], prompts: Prompts, original: Path, tmp_path: Path
) -> None:
    managers[0].open_path(original)
    prompts.other_copy_answer = READ_ONLY
    window = managers[1].open_path(original)
    before = original.read_bytes()
    asked: list[str] = []
    copy = tmp_path / "my-copy.journey"
    window.files.ask_save_path = lambda title, suggestion: asked.append(suggestion) or copy
    assert window.files.save()
    assert asked and original.read_bytes() == before
    assert window.document.path == copy and not window.document.read_only
    assert window.files.lock is not None and window.files.lock.is_ours()
    assert "(read-only)" not in window.windowTitle()


def test_open_anyway_takes_the_file_over(
    qtbot, managers: list[WindowManager], prompts: Prompts, original: Path
) -> None:
    first = managers[0].open_path(original)
    prompts.other_copy_answer = OPEN_ANYWAY
    second = managers[1].open_path(original)
    assert not second.document.read_only
    assert second.files.lock is not None and second.files.lock.is_ours()
    assert first.files.lock is not None and not first.files.lock.is_ours()
    first.close()
    assert lock_path(original).exists(), "closing the first copy leaves the new lock"
    second.close()
    assert not lock_path(original).exists()


def test_cancel_opens_nothing(
    qtbot, managers: list[WindowManager], prompts: Prompts, original: Path, holder
) -> None:
    held = lock_path(original).read_bytes()
    prompts.other_copy_answer = CANCEL
    assert managers[0].open_path(original) is None
    assert managers[0].windows == []
    assert lock_path(original).read_bytes() == held


def test_the_lock_is_released_on_close(
    qtbot, managers: list[WindowManager], prompts: Prompts, original: Path
) -> None:
    window = managers[0].open_path(original)
    assert lock_path(original).exists()
    window.close()
    assert not lock_path(original).exists()
    assert managers[1].open_path(original) is not None
    assert prompts.other_copy == []


def test_save_as_moves_the_lock_to_the_new_file(
    qtbot, managers: list[WindowManager], original: Path, tmp_path: Path
) -> None:
    window = managers[0].open_path(original)
    renamed = tmp_path / "renamed.journey"
    window.files.ask_save_path = lambda title, suggestion: renamed
    assert window.files.save_as()
    assert not lock_path(original).exists() and lock_path(renamed).exists()


def test_save_as_over_a_file_open_in_another_copy_is_refused(
    qtbot, managers: list[WindowManager], original: Path, holder, tmp_path: Path
) -> None:
    before = original.read_bytes()
    mine = tmp_path / "mine.journey"
    save_workshop(load_workshop(OTHER_SAMPLE), mine)
    window = managers[0].open_path(mine)
    shown = errors_of(window)
    window.files.ask_save_path = lambda title, suggestion: original
    assert not window.files.save_as()
    assert "already open in another copy" in shown[0] and "another name" in shown[0]
    assert original.read_bytes() == before
    assert window.document.path == mine and lock_path(mine).exists()


def test_no_lock_in_a_read_only_folder_is_said_in_the_status_bar(
    qtbot, managers: list[WindowManager], original: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    problem = f"{original}: the file is not protected against being opened twice"

    def no_lock(path: Path, take_over: bool = False) -> Lock:
        return Lock(Path(path), lock_path(path), False, problem)

    monkeypatch.setattr(application, "acquire", no_lock)
    window = managers[0].open_path(original)
    assert window.statusBar().currentMessage() == problem
    assert not window.document.read_only
    window.document.push(edit_step(window.document, "s1", text=EDITED_TEXT))
    assert window.files.save()
    assert load_workshop(original).steps["s1"].text == EDITED_TEXT


# ---------------------------------------------------------------------------------------
# Another program changed the file


def changed_elsewhere(path: Path) -> bytes:
    """Another program saves a different workshop over `path`; its bytes."""
    save_workshop(load_workshop(OTHER_SAMPLE), path)
    return path.read_bytes()


def edited_window(manager: WindowManager, path: Path):
    window = manager.open_path(path)
    window.document.push(edit_step(window.document, "s1", text=EDITED_TEXT))
    return window


def answering(window, answer: str) -> list[str]:
    asked: list[str] = []
    window.files.ask_changed_on_disk = lambda problem: asked.append(problem) or answer
    return asked


def test_cancel_leaves_the_other_programs_version(
    qtbot, managers: list[WindowManager], original: Path
) -> None:
    window = edited_window(managers[0], original)
    theirs = changed_elsewhere(original)
    asked = answering(window, CANCEL)
    assert not window.files.save()
    assert asked == [f"{original}: the file was changed by another program since you opened it"]
    assert original.read_bytes() == theirs
    assert window.document.is_modified()


def test_save_anyway_overwrites(qtbot, managers: list[WindowManager], original: Path) -> None:
    window = edited_window(managers[0], original)
    changed_elsewhere(original)
    asked = answering(window, OVERWRITE)
    assert window.files.save()
    assert len(asked) == 1
    assert load_workshop(original) == window.document.workshop
    assert not window.document.is_modified()
    assert window.files.save() and len(asked) == 1, "the new stamp is ours: no question"


def test_save_as_a_copy_keeps_both(
    qtbot, managers: list[WindowManager], original: Path, tmp_path: Path
) -> None:
    window = edited_window(managers[0], original)
    theirs = changed_elsewhere(original)
    answering(window, SAVE_COPY)
    copy = tmp_path / "clinic (mine).journey"
    window.files.ask_save_path = lambda title, suggestion: copy
    assert window.files.save()
    assert original.read_bytes() == theirs
    assert load_workshop(copy).steps["s1"].text == EDITED_TEXT
    assert window.document.path == copy and not lock_path(original).exists()


def test_an_unchanged_file_saves_without_asking(
    qtbot, managers: list[WindowManager], original: Path
) -> None:
    window = edited_window(managers[0], original)
    os.utime(original)  # a sync tool touched it: same content
    asked = answering(window, CANCEL)
    assert window.files.save()
    assert asked == []
    assert load_workshop(original).steps["s1"].text == EDITED_TEXT


def test_a_deleted_file_is_noticed_too(
    qtbot, managers: list[WindowManager], original: Path
) -> None:
    window = edited_window(managers[0], original)
    original.unlink()
    asked = answering(window, CANCEL)
    assert not window.files.save()
    assert "moved or deleted" in asked[0] and not original.exists()


# ---------------------------------------------------------------------------------------
# Bad files


@pytest.mark.parametrize(
    ("content", "said"),
    [(b"", "the file is empty"), (b'{"steps": ', "damaged"), (b"\xff\xfe", "not UTF-8")],
)
def test_a_bad_file_is_reported_and_nothing_is_opened_or_written(
    qtbot,
    managers: list[WindowManager],
    prompts: Prompts,
    tmp_path: Path,
    content: bytes,
    said: str,
) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    bad = folder / "broken.journey"
    bad.write_bytes(content)
    assert managers[0].open_path(bad) is None
    [message] = prompts.reports
    assert message.startswith(str(bad)) and said in message
    assert managers[0].windows == []
    assert os.listdir(folder) == ["broken.journey"] and bad.read_bytes() == content
    assert not recovery_folder().exists()


def test_a_change_while_open_is_noticed_without_a_dialog(
    qtbot, managers: list[WindowManager], original: Path
) -> None:
    window = edited_window(managers[0], original)
    assert window.files.save()  # our own save raises no alarm
    qtbot.wait(200)
    assert "another program" not in window.statusBar().currentMessage()
    changed_elsewhere(original)
    qtbot.waitUntil(lambda: "another program" in window.statusBar().currentMessage())
    assert "Saving will ask before replacing it" in window.statusBar().currentMessage()
    changed_elsewhere(original)  # noticed once, not at every change
    window.statusBar().clearMessage()
    qtbot.wait(200)
    assert window.statusBar().currentMessage() == ""
