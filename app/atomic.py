"""Writing a file all at once: a temp file in the same folder, fsync, rename over the old.

Every file the app writes goes through `replace_file`, so a crash, a full disk or a pulled
USB stick never leaves a half-written file, and the message says why in plain words.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from app.errors import WorkshopError

TEMP_SUFFIX = ".tmp"
BACKUP_SUFFIX = ".bak"

REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "permission denied (the folder or the file is read-only for you)",
    errno.EPERM: "permission denied (the folder or the file is read-only for you)",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "it is a folder",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EIO: "the disk reported an input/output error",
    errno.EFBIG: "the file is too large for this disk",
    errno.EMFILE: "too many files are open",
}
if hasattr(errno, "EDQUOT"):
    REASONS[errno.EDQUOT] = "your disk quota is used up"


def reason(error: OSError, reading: bool = False) -> str:
    """An OSError in plain words, without the file name (the message has it already)."""
    if reading and error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (you are not allowed to read it)"
    if error.errno in REASONS:
        return REASONS[error.errno]
    return (error.strerror or str(error) or type(error).__name__).rstrip(".")


def backup_path(path: str | os.PathLike[str]) -> Path:
    """Where the previous version of `path` is kept: `NAME.bak` next to it."""
    target = Path(path)
    return target.with_name(target.name + BACKUP_SUFFIX)


def replace_file(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    failure: str = "could not save",
    keep_backup: bool = False,
    mode: int = 0o666,
    error_type: type[WorkshopError] = WorkshopError,
) -> None:
    """Replace the file at `path` by `data` all at once (following a symlink to its file).

    With `keep_backup` the old file becomes `NAME.bak` (a hard link, or a copy where links
    are not supported, e.g. FAT USB sticks). An existing file keeps its permissions; a new
    one gets `mode` (less the umask). On any error the old file is as it was, no temp file
    is left, and `error_type` says "PATH: FAILURE: why; what became of the old file".
    """
    target = Path(os.path.realpath(path))
    try:
        existed = stat.S_ISREG(os.stat(target).st_mode)
    except OSError:
        existed = False
    if target.is_dir():
        raise error_type(f"{path}: {failure}: this is a folder; choose a file name")
    created: list[Path] = []
    try:
        temp = _temp_name(target)
        created.append(temp)
        _write_new_file(temp, data, mode)
        if existed:
            with contextlib.suppress(OSError):  # FAT has no permissions to copy
                os.chmod(temp, stat.S_IMODE(os.stat(target).st_mode))
            if keep_backup:
                _keep_backup(target, created)
        os.replace(temp, target)
        created.remove(temp)
    except OSError as error:
        for leftover in created:
            with contextlib.suppress(OSError):
                os.unlink(leftover)
        outcome = "the previous version is unchanged" if existed else "nothing was written"
        raise error_type(f"{path}: {failure}: {reason(error)}; {outcome}") from None
    fsync_folder(target.parent)


def _temp_name(target: Path) -> Path:
    """A fresh name next to `target` for a file being written: `.NAME.RANDOM.tmp`."""
    return target.with_name(f".{target.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}")


def _write_new_file(path: Path, data: bytes, mode: int) -> None:
    """Create the file `path` (it must not exist), write `data` and flush it to the disk."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _keep_backup(target: Path, created: list[Path]) -> None:
    """Make the current `target` the `.bak` file, atomically."""
    backup = backup_path(target)
    temp = _temp_name(backup)
    created.append(temp)
    try:
        os.link(target, temp)
    except OSError:
        with open(target, "rb") as old:
            _write_new_file(temp, old.read(), 0o666)
    os.replace(temp, backup)
    created.remove(temp)


def fsync_folder(folder: Path) -> None:
    """Flush the folder's entries (the rename) to the disk; not possible on every system."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
