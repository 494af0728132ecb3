"""A file open in another running copy is reported; stale and broken lock files are taken over."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from app import locks
from app.errors import WorkshopError
from app.locks import HOSTNAME, Lock, OtherCopy, acquire, is_running, lock_path, process_start

ROOT = Path(__file__).resolve().parent.parent

HOLDER = textwrap.dedent(
    """
    import sys
    from app.locks import acquire
    lock = acquire(sys.argv[1])
    print("locked" if lock.locked else "not locked", flush=True)
    sys.stdin.read()  # hold the lock until the test closes our stdin
    lock.release()
    print("released", flush=True)
    """
)


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    path = tmp_path / "clinic.journey"
    path.write_text("{}\n", encoding="utf-8")
    return path


@pytest.fixture
def holder(workshop: Path) -> Iterator[subprocess.Popen[str]]:
    """Another running copy of the app that has `workshop` open."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(workshop)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "locked"
    yield child
    if child.poll() is None:
        child.kill()
    child.wait(timeout=30)
    for stream in (child.stdin, child.stdout):
        if stream is not None:
            stream.close()


def dead_pid() -> int:
    """The pid of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait(timeout=30)
    return process.pid


def write_lock(workshop: Path, **fields: object) -> Path:
    record = {
        "hostname": HOSTNAME,
        "pid": os.getpid(),
        "started": "2026-11-26T14:03:00+00:00",
        "user": "anna",
    }
    record.update(fields)
    target = lock_path(workshop)
    target.write_text(json.dumps(record), encoding="utf-8")
    return target


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_acquire_writes_a_lock_file_and_release_removes_it(workshop: Path) -> None:
    lock = acquire(workshop)
    target = workshop.with_name(".clinic.journey.lock")
    assert lock.locked and lock.problem == ""
    assert lock.lock_path == target
    record = json.loads(target.read_text(encoding="utf-8"))
    assert record["pid"] == os.getpid()
    assert record["hostname"] == HOSTNAME
    assert isinstance(record["user"], str)
    assert datetime.fromisoformat(record["started"]).tzinfo is not None
    assert lock.is_ours()
    assert files_in(workshop.parent) == {"clinic.journey", ".clinic.journey.lock"}
    lock.release()
    assert not target.exists()
    assert not lock.locked
    lock.release()  # twice is fine
    assert files_in(workshop.parent) == {"clinic.journey"}


def test_lock_as_a_context_manager(workshop: Path) -> None:
    with acquire(workshop) as lock:
        assert lock.lock_path.exists()
    assert not lock.lock_path.exists()


def test_a_file_open_in_another_running_copy_is_reported(
    workshop: Path, holder: subprocess.Popen[str]
) -> None:
    with pytest.raises(OtherCopy) as raised:
        acquire(workshop)
    other = raised.value
    assert other.pid == holder.pid
    assert other.on_this_computer
    assert other.hostname == HOSTNAME
    assert other.since is not None
    assert isinstance(other, WorkshopError)
    assert str(other).startswith("clinic.journey is already open in another copy")
    assert lock_path(workshop).exists()  # the other copy's lock is left alone


def test_the_other_copy_releases_its_lock_on_close(
    workshop: Path, holder: subprocess.Popen[str]
) -> None:
    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.close()
    assert holder.stdout.readline().strip() == "released"
    holder.wait(timeout=30)
    assert not lock_path(workshop).exists()
    lock = acquire(workshop)
    assert lock.locked
    lock.release()


def test_the_lock_of_a_copy_that_crashed_is_taken_over(
    workshop: Path, holder: subprocess.Popen[str]
) -> None:
    holder.kill()  # it never releases its lock
    holder.wait(timeout=30)
    assert lock_path(workshop).exists()
    lock = acquire(workshop)
    assert lock.locked and lock.is_ours()
    assert json.loads(lock.lock_path.read_text(encoding="utf-8"))["pid"] == os.getpid()
    lock.release()
    assert files_in(workshop.parent) == {"clinic.journey"}


def test_a_stale_lock_of_a_dead_process_is_taken_over(workshop: Path) -> None:
    write_lock(workshop, pid=dead_pid())
    lock = acquire(workshop)
    assert lock.locked
    assert json.loads(lock.lock_path.read_text(encoding="utf-8"))["pid"] == os.getpid()
    lock.release()


def test_a_lock_whose_pid_now_belongs_to_another_process_is_taken_over(
    workshop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # After a power cut the pid in the lock may belong to some other program by now.
    monkeypatch.setattr(locks, "process_start", lambda pid: "started-after-the-crash")
    write_lock(workshop, pid=os.getpid(), process_start="started-before-the-crash")
    lock = acquire(workshop)
    assert lock.locked
    lock.release()


def test_a_lock_of_a_live_process_with_the_same_start_is_held(
    workshop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(locks, "process_start", lambda pid: "the-same-start")
    write_lock(workshop, pid=os.getpid(), process_start="the-same-start")
    with pytest.raises(OtherCopy, match="already open in another window"):
        acquire(workshop)


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\xff garbage", b"[1, 2]", b'{"pid": "12", "hostname": "x"}', b'{"pid": 5'],
    ids=["empty", "binary", "list", "wrong-types", "cut-short"],
)
def test_a_damaged_lock_file_is_taken_over(workshop: Path, content: bytes) -> None:
    target = lock_path(workshop)
    target.write_bytes(content)
    lock = acquire(workshop)
    assert lock.locked
    assert json.loads(target.read_text(encoding="utf-8"))["pid"] == os.getpid()
    lock.release()
    assert files_in(workshop.parent) == {"clinic.journey"}


def test_a_lock_from_another_computer_counts_as_held_and_says_where(workshop: Path) -> None:
    target = write_lock(workshop, hostname="ward-laptop-7", pid=dead_pid(), user="sam")
    before = target.read_bytes()
    with pytest.raises(OtherCopy) as raised:
        acquire(workshop)
    other = raised.value
    assert not other.on_this_computer
    assert other.user == "sam"
    assert other.since == datetime.fromisoformat("2026-11-26T14:03:00+00:00")
    message = str(other)
    assert "on the computer ward-laptop-7" in message
    assert "by sam" in message
    assert "open the file anyway" in message
    assert target.read_bytes() == before


def test_open_anyway_takes_over_a_held_lock_and_the_other_release_leaves_it(
    workshop: Path,
) -> None:
    first = acquire(workshop)
    with pytest.raises(OtherCopy):
        acquire(workshop)
    second = acquire(workshop, take_over=True)
    assert second.locked and second.is_ours()
    assert not first.is_ours()
    first.release()  # not ours any more: the new lock stays
    assert second.lock_path.exists() and second.is_ours()
    second.release()
    assert not second.lock_path.exists()


def test_a_read_only_folder_gives_a_lock_that_says_it_could_not_lock(
    workshop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as patch:
        patch.setattr(os, "open", refuse)
        lock = acquire(workshop)
    assert isinstance(lock, Lock)
    assert not lock.locked
    assert "read-only" in lock.problem
    assert "clinic.journey" in lock.problem
    assert not lock.is_ours()
    lock.release()  # nothing to do, and no error
    assert files_in(workshop.parent) == {"clinic.journey"}


def test_without_hard_links_the_lock_is_created_exclusively(
    workshop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*args: object, **kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")  # as FAT on Linux says

    monkeypatch.setattr(os, "link", no_links)
    lock = acquire(workshop)
    assert lock.locked
    with pytest.raises(OtherCopy):
        acquire(workshop)
    lock.release()
    assert files_in(workshop.parent) == {"clinic.journey"}


def test_the_lock_file_of_a_symlinked_workshop_is_next_to_the_real_file(
    workshop: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "links"
    elsewhere.mkdir()
    link = elsewhere / "shortcut.journey"
    link.symlink_to(workshop)
    with acquire(link) as lock:
        assert lock.lock_path == lock_path(workshop)
        with pytest.raises(OtherCopy):
            acquire(workshop)


def test_taking_over_does_not_remove_a_lock_made_meanwhile(workshop: Path) -> None:
    # Two copies find the same stale lock; the first takes over before the second moves
    # what it believes is the stale file: the second must put the first one's lock back.
    stale = write_lock(workshop, pid=dead_pid()).read_bytes()
    first = acquire(workshop)
    locks._move_aside(lock_path(workshop), stale)
    assert first.is_ours()
    first.release()


def test_is_running_tells_live_from_dead_processes() -> None:
    assert is_running(os.getpid())
    assert not is_running(dead_pid())
    assert not is_running(0)
    assert not is_running(-1)
    start = process_start(os.getpid())
    if sys.platform.startswith("linux"):
        assert start is not None
        assert start == process_start(os.getpid())
    assert is_running(os.getpid(), start)
    assert is_running(os.getpid(), "unknown") == (start is None)


def test_the_core_modules_import_without_qt() -> None:
    code = textwrap.dedent(
        """
        import importlib.abc, sys

        class BlockQt(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph"):
                    raise ImportError(name)
                return None

        sys.meta_path.insert(0, BlockQt())
        import app.disk, app.locks, app.recovery
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
