"""A file changed on disk by another program is noticed before a save; a touch is not."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from app import disk
from app.disk import FileStamp
from app.errors import StoreError

CONTENT = b'{"actors": {}, "meta": {"1": {"schema_version": 1}}}\n'


@pytest.fixture
def workshop_file(tmp_path: Path) -> Path:
    path = tmp_path / "clinic.journey"
    path.write_bytes(CONTENT)
    return path


def _settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stamp as if the file had last changed a while ago (tests make files just before)."""
    monkeypatch.setattr(disk, "_now_ns", lambda: time.time_ns() + 60_000_000_000)


def _count_hashes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = disk._hash_open_file

    def counting(descriptor: int) -> str:
        calls.append(descriptor)
        return real(descriptor)

    monkeypatch.setattr(disk, "_hash_open_file", counting)
    return calls


def test_stamp_holds_size_time_and_content_hash(workshop_file: Path) -> None:
    import hashlib

    stamp = FileStamp.of(workshop_file)
    info = os.stat(workshop_file)
    assert stamp.size == len(CONTENT)
    assert stamp.mtime_ns == info.st_mtime_ns
    assert stamp.sha256 == hashlib.sha256(CONTENT).hexdigest()


def test_an_unchanged_file_is_not_changed_and_is_not_read_again(
    workshop_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _settled(monkeypatch)
    stamp = FileStamp.of(workshop_file)
    assert stamp.trust_times
    hashes = _count_hashes(monkeypatch)
    assert not stamp.changed(workshop_file)
    assert stamp.check(workshop_file) is None
    assert hashes == []


def test_content_rewritten_with_the_same_size_and_old_mtime_put_back_is_changed(
    workshop_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _settled(monkeypatch)
    stamp = FileStamp.of(workshop_file)
    info = os.stat(workshop_file)
    rewritten = CONTENT.replace(b"actors", b"ACTORS")
    assert len(rewritten) == len(CONTENT)
    with open(workshop_file, "r+b") as file:  # in place, as an editor without atomic saves
        file.write(rewritten)
    os.utime(workshop_file, ns=(info.st_atime_ns, info.st_mtime_ns))
    after = os.stat(workshop_file)
    assert (after.st_size, after.st_mtime_ns) == (stamp.size, stamp.mtime_ns)
    assert stamp.changed(workshop_file)
    message = stamp.check(workshop_file)
    assert message == (
        f"{workshop_file}: the file was changed by another program since you opened it"
    )


def test_a_touched_file_with_the_same_content_is_not_changed(
    workshop_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _settled(monkeypatch)
    stamp = FileStamp.of(workshop_file)
    info = os.stat(workshop_file)
    os.utime(workshop_file, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))
    hashes = _count_hashes(monkeypatch)
    assert not stamp.changed(workshop_file)
    assert len(hashes) == 1  # the time differed, so the content was compared


def test_a_file_replaced_by_an_identical_copy_is_not_changed(workshop_file: Path) -> None:
    stamp = FileStamp.of(workshop_file)
    copy = workshop_file.with_name("sync-tool.tmp")
    copy.write_bytes(CONTENT)
    os.replace(copy, workshop_file)  # as a sync tool does: a new file, the same bytes
    assert not stamp.changed(workshop_file)


def test_a_file_replaced_by_other_content_is_changed(workshop_file: Path) -> None:
    stamp = FileStamp.of(workshop_file)
    copy = workshop_file.with_name("other.tmp")
    copy.write_bytes(CONTENT + b" ")
    os.replace(copy, workshop_file)
    assert stamp.changed(workshop_file)


def test_a_deleted_file_is_changed(workshop_file: Path) -> None:
    stamp = FileStamp.of(workshop_file)
    workshop_file.unlink()
    assert stamp.changed(workshop_file)
    assert stamp.check(workshop_file) == (
        f"{workshop_file}: the file was moved or deleted by another program since you opened it"
    )


def test_a_file_replaced_by_a_folder_is_changed(workshop_file: Path) -> None:
    stamp = FileStamp.of(workshop_file)
    workshop_file.unlink()
    workshop_file.mkdir()
    assert stamp.changed(workshop_file)


def test_a_file_that_can_no_longer_be_read_counts_as_changed(
    workshop_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stamp = FileStamp.of(workshop_file)
    info = os.stat(workshop_file)
    os.utime(workshop_file, ns=(info.st_atime_ns, info.st_mtime_ns + 1))
    real_open = os.open

    def refuse(path: object, *args: object, **kwargs: object) -> int:
        if Path(str(path)) == workshop_file:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    message = stamp.check(workshop_file)
    assert message is not None
    assert "permission denied" in message
    assert "it may have changed" in message


def test_stamp_of_a_missing_file_or_a_folder_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot be read"):
        FileStamp.of(tmp_path / "missing.journey")
    with pytest.raises(StoreError, match="not a regular file"):
        FileStamp.of(tmp_path)


def test_a_stamp_taken_while_the_file_is_being_written_is_of_the_final_content(
    workshop_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = disk._hash_open_file
    writes = [CONTENT + b"  "]

    def hash_then_change(descriptor: int) -> str:
        digest = real(descriptor)
        if writes:  # another program appends while the first read is under way
            workshop_file.write_bytes(writes.pop())
        return digest

    monkeypatch.setattr(disk, "_hash_open_file", hash_then_change)
    stamp = FileStamp.of(workshop_file)
    monkeypatch.setattr(disk, "_hash_open_file", real)
    assert stamp.size == len(CONTENT) + 2
    assert stamp == FileStamp.of(workshop_file)
    assert not stamp.changed(workshop_file)


def test_a_file_stamped_just_after_it_changed_has_its_content_compared(
    workshop_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stamp = FileStamp.of(workshop_file)  # the file was written a moment ago
    assert not stamp.trust_times
    # A file system with coarse times: a second write in the same tick leaves them as
    # they were, so only the content can tell.
    monkeypatch.setattr(disk, "_signature", lambda info: stamp.signature)
    hashes = _count_hashes(monkeypatch)
    assert not stamp.changed(workshop_file)
    assert len(hashes) == 1
    workshop_file.write_bytes(CONTENT.replace(b"meta", b"META"))
    assert stamp.changed(workshop_file)
