"""The one way files are written: all at once, with a plain reason when it cannot be."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from app.atomic import backup_path, replace_file
from app.errors import StoreError, WorkshopError


def test_a_new_file_is_written_whole_and_no_temp_file_is_left(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    replace_file(target, "Rapport sur la clinique — ça va".encode())
    assert target.read_text(encoding="utf-8") == "Rapport sur la clinique — ça va"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_an_old_file_becomes_the_backup_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "w.journey"
    target.write_bytes(b"first")
    replace_file(target, b"second")
    assert not backup_path(target).exists()
    replace_file(target, b"third", keep_backup=True)
    assert target.read_bytes() == b"third"
    assert backup_path(target).read_bytes() == b"second"


def test_a_symlink_is_followed_and_permissions_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.journey"
    real.write_bytes(b"old")
    os.chmod(real, 0o640)
    link = tmp_path / "link.journey"
    link.symlink_to(real)
    replace_file(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert (real.stat().st_mode & 0o777) == 0o640


def test_a_failed_write_leaves_the_old_file_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "w.journey"
    target.write_bytes(b"keep me")

    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(StoreError) as caught:
        replace_file(target, b"lost", keep_backup=True, error_type=StoreError)
    assert str(caught.value) == (
        f"{target}: could not save: the disk is full; the previous version is unchanged"
    )
    assert target.read_bytes() == b"keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["w.journey"]


def test_a_missing_folder_or_a_folder_as_target_is_refused_in_plain_words(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "gone" / "x.csv"
    with pytest.raises(WorkshopError, match="the folder does not exist; nothing was written"):
        replace_file(missing, b"x", failure="could not export")
    with pytest.raises(WorkshopError, match="this is a folder; choose a file name"):
        replace_file(tmp_path, b"x")
