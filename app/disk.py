"""Noticing that a workshop file was changed on disk by another program while it was open.

Take `FileStamp.of(path)` before reading a file to open it (a change made in between then
shows up as a change rather than going unnoticed) and again right after each save. Before
the next save, `stamp.check(path)` says whether the file is still what was opened:

- size, modification and change times and file identity all the same: unchanged, and the
  file is not read at all;
- a different size, or gone: changed;
- otherwise the content is hashed and compared, so a sync tool or a backup program that
  only touches the file (or replaces it by an identical copy) raises no false alarm, while
  a rewrite that put the old modification time back is still caught (the change time,
  which no program can set, differs).

As in git's "racily clean" index entries, a stamp taken within a few seconds of the file's
last change does not trust the times (a second change within the file system's time
resolution would leave them as they were): its first check compares the content.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from dataclasses import dataclass

from app.errors import StoreError

__all__ = ["FileStamp"]

_CHUNK = 1024 * 1024
_ATTEMPTS = 3
# Windows' st_ctime is the creation time, so there the content is always compared.
_HAS_CHANGE_TIME = os.name != "nt"
# Times this close to the moment of stamping may not tell a later change (FAT: 2 s steps).
_RACY_NS = 3_000_000_000


def _now_ns() -> int:
    return time.time_ns()


def _signature(info: os.stat_result) -> tuple[int, ...]:
    """What changes whenever the file does (on Windows, not quite: see `_HAS_CHANGE_TIME`)."""
    change = info.st_ctime_ns if _HAS_CHANGE_TIME else 0
    return (info.st_size, info.st_mtime_ns, change, info.st_dev, info.st_ino)


def _hash_open_file(descriptor: int) -> str:
    digest = hashlib.sha256()
    while chunk := os.read(descriptor, _CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _stamp_of_open_file(descriptor: int) -> tuple[os.stat_result, str]:
    """The file's status and content hash, read again if it changed while being read."""
    before = os.fstat(descriptor)
    for _ in range(_ATTEMPTS):
        os.lseek(descriptor, 0, os.SEEK_SET)
        digest = _hash_open_file(descriptor)
        after = os.fstat(descriptor)
        if _signature(after) == _signature(before):
            break
        before = after
    return before, digest


@dataclass(frozen=True)
class FileStamp:
    """What a file was when it was opened or saved: its status and a sha256 of its content."""

    size: int
    mtime_ns: int
    signature: tuple[int, ...]
    sha256: str
    trust_times: bool = True  # False for a file changed just before it was stamped

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> FileStamp:
        """The stamp of the file at `path` now; StoreError if it cannot be read."""
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):  # a pipe would block the read
                raise StoreError(f"{path}: this is not a regular file")
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except OSError as error:
            raise StoreError(f"{path}: the file cannot be read: {_why(error)}") from None
        try:
            info, digest = _stamp_of_open_file(descriptor)
        except OSError as error:
            raise StoreError(f"{path}: the file cannot be read: {_why(error)}") from None
        finally:
            os.close(descriptor)
        latest = max(info.st_mtime_ns, info.st_ctime_ns if _HAS_CHANGE_TIME else 0)
        trust = _HAS_CHANGE_TIME and _now_ns() - latest >= _RACY_NS
        return cls(info.st_size, info.st_mtime_ns, _signature(info), digest, trust)

    def check(self, path: str | os.PathLike[str]) -> str | None:
        """None if the file at `path` is still the one stamped; else what happened to it.

        The message reads "FILE: the file was changed by another program since you opened
        it" (or moved or deleted, or can no longer be read: also a reason not to save over
        it without asking).
        """
        gone = f"{path}: the file was moved or deleted by another program since you opened it"
        try:
            info = os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            return gone
        except OSError as error:
            return f"{path}: the file can no longer be read ({_why(error)}); it may have changed"
        changed = f"{path}: the file was changed by another program since you opened it"
        if not stat.S_ISREG(info.st_mode) or info.st_size != self.size:
            return changed
        if self.trust_times and _signature(info) == self.signature:
            return None
        try:
            now = FileStamp.of(path)
        except StoreError as error:
            if not os.path.lexists(path):
                return gone
            return f"{error}; it may have changed"
        return None if now.sha256 == self.sha256 else changed

    def changed(self, path: str | os.PathLike[str]) -> bool:
        """True when the file at `path` is not the one stamped (changed, gone, unreadable)."""
        return self.check(path) is not None

    def __repr__(self) -> str:
        return f"FileStamp(size={self.size}, mtime_ns={self.mtime_ns}, sha256={self.sha256[:12]}…)"


def _why(error: OSError) -> str:
    return (error.strerror or type(error).__name__).rstrip(".").lower()
