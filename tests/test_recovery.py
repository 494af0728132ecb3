"""Recovery copies: written away from the user's file, offered after a crash, never lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import example_workshop, workshops

from app import __version__, locks
from app.errors import StoreError
from app.locks import HOSTNAME
from app.model import Workshop
from app.recovery import (
    Recovery,
    data_folder,
    discard,
    find_recoveries,
    recovery_folder,
    remove_recovery,
    write_recovery,
)
from app.store import load_workshop, save_workshop


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder: nothing is written to the real one."""
    folder = tmp_path / "data"
    monkeypatch.setenv("JOURNEY_WORKSHOP_DATA", str(folder))
    return folder


@pytest.fixture
def original(tmp_path: Path) -> Path:
    """The user's own file, as saved before the unsaved changes."""
    folder = tmp_path / "workshops"
    folder.mkdir()
    path = folder / "outpatient.journey"
    save_workshop(example_workshop(), path)
    return path


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait(timeout=30)
    return process.pid


def left_by(info_path: Path, **fields: object) -> None:
    """Make a recovery look written by another process (by default one that has ended)."""
    info = json.loads(info_path.read_text(encoding="utf-8"))
    info.update(fields if "pid" in fields else {"pid": dead_pid(), **fields})
    info_path.write_text(json.dumps(info), encoding="utf-8")


def crashed(workshop: Workshop, original: Path | None, session: str | None = None) -> Path:
    """A recovery as a copy of the app that then crashed would leave it; its info path."""
    copy = write_recovery(workshop, original, session or uuid.uuid4().hex)
    info_path = copy.with_suffix(".json")
    left_by(info_path)
    return info_path


def edited() -> Workshop:
    workshop = example_workshop()
    workshop.info.title = "Outpatient clinic"
    next(iter(workshop.steps.values())).text = "Waits 40 minutes (unsaved edit)"
    return workshop


def test_write_find_load_discard_round_trip(original: Path, data_home: Path) -> None:
    workshop = edited()
    session = str(uuid.uuid4())
    copy = write_recovery(workshop, original, session)
    assert copy.parent == data_home / "recovery" == recovery_folder()
    info = json.loads(copy.with_suffix(".json").read_text(encoding="utf-8"))
    assert info["original"] == str(original.absolute())
    assert info["title"] == "Outpatient clinic"
    assert info["pid"] == os.getpid()
    assert info["hostname"] == HOSTNAME
    assert info["app_version"] == __version__
    assert info["session"] == session
    assert datetime.fromisoformat(info["written_at"]).tzinfo is not None
    assert load_workshop(copy) == workshop  # a normal workshop file

    left_by(copy.with_suffix(".json"))
    [found] = find_recoveries()
    assert found.problem is None
    assert found.original == original.absolute()
    assert found.title == "Outpatient clinic"
    assert found.session == session
    assert found.app_version == __version__
    assert found.load() == workshop
    assert found.load() != load_workshop(original)

    discard(found)
    assert find_recoveries() == []
    assert os.listdir(recovery_folder()) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workshops())
def test_any_workshop_comes_back_from_its_recovery(workshop: Workshop) -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        copy = write_recovery(workshop, None, "s1", folder=folder)
        left_by(copy.with_suffix(".json"), pid=-1)  # no such process
        [found] = find_recoveries(folder)
        assert found.problem is None
        assert found.load() == workshop


def test_one_recovery_per_window_and_file(original: Path, tmp_path: Path) -> None:
    session = uuid.uuid4().hex
    first = write_recovery(example_workshop(), original, session)
    again = write_recovery(edited(), original, session)
    assert again == first
    assert load_workshop(again) == edited()
    other_file = write_recovery(edited(), tmp_path / "other.journey", session)
    untitled = write_recovery(edited(), None, session)
    other_window = write_recovery(edited(), original, uuid.uuid4().hex)
    names = {first, other_file, untitled, other_window}
    assert len(names) == 4
    assert len(os.listdir(recovery_folder())) == 8  # a workshop and its description each


def test_the_recovery_of_a_running_copy_is_not_offered(original: Path) -> None:
    write_recovery(edited(), original, uuid.uuid4().hex)  # this process is running
    assert find_recoveries() == []


def test_the_recovery_of_another_running_copy_is_not_offered(original: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        copy = write_recovery(edited(), original, uuid.uuid4().hex)
        left_by(
            copy.with_suffix(".json"),
            pid=child.pid,
            process_start=locks.process_start(child.pid),
        )
        assert find_recoveries() == []
    finally:
        child.kill()
        child.wait(timeout=30)
    [found] = find_recoveries()  # now it has ended
    assert found.load() == edited()


def test_the_recovery_of_an_ended_copy_is_offered(original: Path) -> None:
    crashed(edited(), original)
    [found] = find_recoveries()
    assert found.problem is None
    assert found.hostname == HOSTNAME


def test_a_pid_reused_by_another_process_does_not_hide_a_recovery(
    original: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = write_recovery(edited(), original, uuid.uuid4().hex)
    left_by(copy.with_suffix(".json"), pid=os.getpid(), process_start="before-the-power-cut")
    monkeypatch.setattr(locks, "process_start", lambda pid: "after-the-power-cut")
    assert [r.workshop_path for r in find_recoveries()] == [copy]


def test_the_recovery_of_another_computer_is_offered(original: Path) -> None:
    copy = write_recovery(edited(), original, uuid.uuid4().hex)
    left_by(copy.with_suffix(".json"), pid=os.getpid(), hostname="ward-laptop-7")
    [found] = find_recoveries()
    assert found.hostname == "ward-laptop-7"
    assert "on the computer ward-laptop-7" in found.describe()


def test_recoveries_come_newest_first(tmp_path: Path) -> None:
    for day, name in ((3, "c"), (1, "a"), (2, "b")):
        info = crashed(edited(), tmp_path / f"{name}.journey")
        left_by(info, written_at=f"2026-11-0{day}T10:00:00+00:00")
    found = find_recoveries()
    assert [r.original.name for r in found if r.original] == ["c.journey", "b.journey", "a.journey"]


@pytest.mark.parametrize(
    "damage",
    ["info-garbage", "info-wrong-types", "info-missing", "workshop-garbage", "workshop-missing"],
)
def test_a_damaged_recovery_is_listed_with_its_problem_and_kept(
    original: Path, damage: str
) -> None:
    info_path = crashed(edited(), original)
    copy = info_path.with_suffix(".journey")
    if damage == "info-garbage":
        info_path.write_bytes(b"\x00{not json")
    elif damage == "info-wrong-types":
        left_by(info_path, title=5, written_at="yesterday")
    elif damage == "info-missing":
        info_path.unlink()
    elif damage == "workshop-garbage":
        copy.write_text('{"actors": {', encoding="utf-8")
    else:
        copy.unlink()
    before = sorted(os.listdir(recovery_folder()))

    [found] = find_recoveries()
    assert found.problem
    assert "cannot be restored" in found.describe()
    assert sorted(os.listdir(recovery_folder())) == before  # nothing deleted
    if damage.startswith("info"):
        assert "description" in found.problem
        assert found.load() == edited()  # the work itself is still there
    else:
        assert "workshop copy" in found.problem
        with pytest.raises(StoreError):
            found.load()
    discard(found)
    assert os.listdir(recovery_folder()) == []


def test_recovery_never_touches_the_original_file(original: Path) -> None:
    folder = original.parent
    before = original.read_bytes()
    info = os.stat(original)
    session = uuid.uuid4().hex
    for _ in range(3):
        write_recovery(edited(), original, session)
    left_by(next(recovery_folder().glob("*.json")))
    [found] = find_recoveries()
    assert found.load() == edited()
    discard(found)
    write_recovery(edited(), original, session)
    remove_recovery(original, session)
    assert original.read_bytes() == before
    assert os.stat(original).st_mtime_ns == info.st_mtime_ns
    assert os.stat(original).st_ino == info.st_ino
    assert os.listdir(folder) == ["outpatient.journey"]


def test_writes_leave_no_temp_files(original: Path) -> None:
    session = uuid.uuid4().hex
    for _ in range(3):
        copy = write_recovery(edited(), original, session)
    assert sorted(os.listdir(recovery_folder())) == sorted([copy.name, copy.stem + ".json"])


def test_a_failed_write_keeps_the_previous_recovery_and_no_temp_file(
    original: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = uuid.uuid4().hex
    copy = write_recovery(example_workshop(), original, session)
    files = {p.name: p.read_bytes() for p in recovery_folder().iterdir()}

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", full_disk)
        with pytest.raises(StoreError, match="could not write a recovery copy: the disk is full"):
            write_recovery(edited(), original, session)
    assert {p.name: p.read_bytes() for p in recovery_folder().iterdir()} == files
    assert load_workshop(copy) == example_workshop()


def test_recovery_files_are_private_to_the_user(original: Path) -> None:
    copy = write_recovery(edited(), original, uuid.uuid4().hex)
    if os.name != "nt":
        assert copy.stat().st_mode & 0o077 == 0
        assert copy.with_suffix(".json").stat().st_mode & 0o077 == 0
        assert recovery_folder().stat().st_mode & 0o077 == 0


def test_a_clean_save_or_close_removes_the_recovery(original: Path) -> None:
    session = uuid.uuid4().hex
    write_recovery(edited(), original, session)
    other = write_recovery(edited(), None, session)
    remove_recovery(original, session)
    remove_recovery(original, session)  # nothing left to remove: fine
    assert sorted(os.listdir(recovery_folder())) == sorted([other.name, other.stem + ".json"])


def test_a_session_id_must_be_a_plain_token(original: Path) -> None:
    for bad in ("", "../escape", "a b", "x" * 65):
        with pytest.raises(ValueError, match="session id"):
            write_recovery(edited(), original, bad)


def test_describe_is_one_plain_line(original: Path) -> None:
    written = "2026-11-26T14:03:00"
    left_by(crashed(edited(), original), written_at=written)
    [found] = find_recoveries()
    assert found.describe() == (
        "'Outpatient clinic' (workshops/outpatient.journey), unsaved changes from "
        "26 Nov 2026 14:03; the file was saved again after that"
    )
    discard(found)

    untitled = Workshop()
    untitled.info.title = "  Living\nwith   diabetes "
    left_by(crashed(untitled, None), written_at=written)
    [found] = find_recoveries()
    assert found.original is None
    assert found.describe() == (
        "'Living with diabetes' (never saved), unsaved changes from 26 Nov 2026 14:03"
    )


def test_a_recovery_newer_than_the_file_does_not_say_it_was_saved_later(original: Path) -> None:
    crashed(edited(), original)
    [found] = find_recoveries()
    assert not found.original_saved_later
    assert "saved again" not in found.describe()


def test_no_recovery_folder_means_no_recoveries() -> None:
    assert not recovery_folder().exists()
    assert find_recoveries() == []


def test_data_folder_per_platform(monkeypatch: pytest.MonkeyPatch, data_home: Path) -> None:
    data_home_of_this_test = data_home / "recovery"
    assert recovery_folder() == data_home_of_this_test
    home = Path.home()
    assert data_folder({"JOURNEY_WORKSHOP_DATA": "/x/y"}, "linux") == Path("/x/y")
    assert data_folder({"XDG_DATA_HOME": "/xdg"}, "linux") == Path("/xdg/journey-workshop")
    assert data_folder({"XDG_DATA_HOME": "relative"}, "linux") == (
        home / ".local/share/journey-workshop"
    )
    assert data_folder({}, "linux") == home / ".local/share/journey-workshop"
    assert data_folder({"LOCALAPPDATA": "/L", "APPDATA": "/R"}, "win32") == Path(
        "/L/Journey Workshop"
    )
    assert data_folder({"APPDATA": "/R"}, "win32") == Path("/R/Journey Workshop")
    assert data_folder({}, "darwin") == home / "Library/Application Support/Journey Workshop"
    monkeypatch.delenv("JOURNEY_WORKSHOP_DATA")
    monkeypatch.setenv("XDG_DATA_HOME", "/somewhere")
    assert recovery_folder() == data_folder() / "recovery"
    assert recovery_folder() != data_home_of_this_test  # the variable is read at each call


def test_recovery_is_a_dataclass_of_plain_values(original: Path) -> None:
    crashed(edited(), original)
    [found] = find_recoveries()
    assert isinstance(found, Recovery)
    assert isinstance(found.written_at, datetime)
    assert found.pid is not None and not locks.is_running(found.pid)
