"""Lock files that tell other running copies of the app a workshop file is already open.

Opening `clinic.journey` writes `.clinic.journey.lock` next to it: a small JSON record of
who opened it (pid, computer, user, when). A second copy that opens the same file finds
the lock and gets an `OtherCopy` to show ("open read-only instead?"). A lock left behind by
a crash or a power cut is taken over: its process is gone (or, on Linux and Windows, the
pid now belongs to a different process). A lock from another computer cannot be checked,
so it counts as held and says which computer and since when; `acquire(take_over=True)` is
the user's "open anyway". Where no lock can be written (a read-only share or USB stick)
`acquire` still returns a `Lock`, one whose `locked` is False and says why.

The lock file appears all at once, complete: it is written as a temp file, then hard-linked
to its name, which fails if a lock is there already (on file systems without hard links it
is created with `O_EXCL` instead). No process ever sees a half-written lock of a live copy.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
import secrets
import socket
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app import __version__
from app.errors import WorkshopError

__all__ = [
    "HOSTNAME",
    "Lock",
    "OtherCopy",
    "acquire",
    "format_time",
    "is_running",
    "lock_path",
    "now",
    "process_start",
]

HOSTNAME = socket.gethostname()
LOCK_SUFFIX = ".lock"
_MAX_LOCK_BYTES = 64 * 1024
_ATTEMPTS = 5
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# ---------------------------------------------------------------------------------------
# Processes and times


def now() -> datetime:
    """The current local time, with its UTC offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def format_time(moment: datetime) -> str:
    """`26 Nov 2026 14:03` in local time; English month names whatever the locale."""
    local = moment.astimezone() if moment.tzinfo else moment
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year} {local:%H:%M}"


def process_start(pid: int) -> str | None:
    """When process `pid` started, as a token; None where that is not known (macOS).

    Two processes that had the same pid (one after the other, or before and after a
    restart) have different tokens, so a pid reused after a crash is not taken for the copy
    of the app that wrote a lock or a recovery.
    """
    if pid <= 0:
        return None
    if sys.platform.startswith("linux"):
        try:
            text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
            boot = Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
        except OSError:
            return None
        # After "pid (command name)" come the fields from the third; start time is the 22nd.
        fields = text[text.rfind(")") + 2 :].split()
        return f"{boot}:{fields[19]}" if len(fields) > 19 else None
    if sys.platform == "win32":
        return _windows_process(pid)[1]
    return None


def is_running(pid: int, start: str | None = None) -> bool:
    """True when process `pid` runs on this computer and, where both are known, started at
    `start` (a `process_start` token); False for a pid that is gone or was reused."""
    if pid <= 0:
        return False  # os.kill(0, ...) would mean this process group, not a process
    if sys.platform == "win32":
        running, current = _windows_process(pid)  # os.kill on Windows would end the process
    else:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass  # it exists, run by another user
        except OSError:
            return False
        running, current = True, process_start(pid)
    if running and start is not None and current is not None:
        return start == current
    return running


def _windows_process(pid: int) -> tuple[bool, str | None]:
    """Whether process `pid` runs, and its creation time as a token, through the Win32 API."""
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenProcess.restype = wintypes.HANDLE
    kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    query_limited_information, still_active, access_denied = 0x1000, 259, 5
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return ctypes.get_last_error() == access_denied, None
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True, None
        if code.value != still_active:
            return False, None
        times = [wintypes.FILETIME() for _ in range(4)]
        if not kernel32.GetProcessTimes(handle, *(ctypes.byref(t) for t in times)):
            return True, None
        created = times[0]
        return True, str((created.dwHighDateTime << 32) | created.dwLowDateTime)
    finally:
        kernel32.CloseHandle(handle)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment nor in the password database
        return ""


# ---------------------------------------------------------------------------------------
# Who holds a lock


class OtherCopy(WorkshopError):
    """The workshop file is open in another running copy of the app (or was, on another
    computer that we cannot ask). `str(error)` says who, where and since when."""

    def __init__(
        self, path: Path, pid: int, hostname: str, user: str, since: datetime | None
    ) -> None:
        self.path = path
        self.pid = pid
        self.hostname = hostname
        self.user = user
        self.since = since
        super().__init__(self.describe())

    @property
    def on_this_computer(self) -> bool:
        """True when the other copy runs here, so it surely still has the file open."""
        return self.hostname == HOSTNAME

    def describe(self) -> str:
        """One plain paragraph for the dialog that offers to open the file read-only."""
        name = self.path.name
        opened = "opened"
        if self.user:
            opened += f" by {self.user}"
        if self.since is not None:
            opened += f" on {format_time(self.since)}"
        if self.on_this_computer and self.pid == os.getpid():
            return f"{name} is already open in another window ({opened})."
        if self.on_this_computer:
            return f"{name} is already open in another copy of Journey Workshop ({opened})."
        host = self.hostname or "an unknown computer"
        return (
            f"{name} is open in Journey Workshop on the computer {host} ({opened}). If it is "
            "no longer open there, Journey Workshop was not closed properly on that computer "
            "and you can open the file anyway."
        )


def _holder(raw: bytes) -> dict[str, Any] | None:
    """The record of a lock file, or None if it is not one (damaged, empty, foreign)."""
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(record, dict):
        return None
    pid, hostname = record.get("pid"), record.get("hostname")
    if not isinstance(pid, int) or isinstance(pid, bool) or not isinstance(hostname, str):
        return None
    return record


def _still_held(record: dict[str, Any]) -> bool:
    """True unless the lock's process is known to be gone (it ran here and does not now)."""
    if record["hostname"] != HOSTNAME:
        return True  # another computer: we cannot tell
    start = record.get("process_start")
    return is_running(record["pid"], start if isinstance(start, str) else None)


def _other_copy(path: Path, record: dict[str, Any]) -> OtherCopy:
    started = record.get("started")
    since: datetime | None = None
    if isinstance(started, str):
        with contextlib.suppress(ValueError):
            since = datetime.fromisoformat(started)
    user = record.get("user")
    return OtherCopy(
        path, record["pid"], record["hostname"], user if isinstance(user, str) else "", since
    )


# ---------------------------------------------------------------------------------------
# Locks


def lock_path(path: str | os.PathLike[str]) -> Path:
    """The lock file of the workshop at `path`: `.NAME.journey.lock` next to the real file."""
    real = Path(os.path.realpath(path))  # one lock whatever symlink the file is opened through
    return real.with_name(f".{real.name}{LOCK_SUFFIX}")


@dataclass
class Lock:
    """This copy's claim on a workshop file; `locked` is False where none could be made.

    `problem` says why not (for a status line; the file can still be edited and saved).
    Use as a context manager, or call `release()` when the file is closed.
    """

    path: Path
    lock_path: Path
    locked: bool
    problem: str = ""
    _content: bytes = field(default=b"", repr=False)

    def is_ours(self) -> bool:
        """True while the lock file is still the one this Lock wrote (not taken over)."""
        return self.locked and _read(self.lock_path) == self._content

    def release(self) -> None:
        """Remove the lock file if it is still ours; never fails (a leftover goes stale)."""
        if not self.locked:
            return
        self.locked = False
        if _read(self.lock_path) == self._content:
            with contextlib.suppress(OSError):
                os.unlink(self.lock_path)

    def __enter__(self) -> Lock:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def acquire(path: str | os.PathLike[str], *, take_over: bool = False) -> Lock:
    """Claim the workshop file at `path` for this copy of the app.

    Raises OtherCopy if another running copy has it open (or a copy on another computer
    does, as far as we can tell), unless `take_over`. Stale and damaged lock files are
    taken over. Where the folder is read-only, returns a Lock that is not `locked`.
    """
    workshop = Path(path)
    target = lock_path(workshop)
    record = {
        "app": "Journey Workshop",
        "hostname": HOSTNAME,
        "pid": os.getpid(),
        "process_start": process_start(os.getpid()),
        "started": now().isoformat(),
        "token": secrets.token_hex(8),  # tells two locks of one process apart
        "user": _user(),
        "version": __version__,
    }
    content = (json.dumps(record, sort_keys=True, indent=2) + "\n").encode("utf-8")
    for _ in range(_ATTEMPTS):
        try:
            if _create(target, content):
                return Lock(workshop, target, True, "", content)
        except OSError as error:
            return _no_lock(workshop, target, error)
        seen = _read(target)
        if seen is None:
            continue  # released meanwhile: try again
        holder = _holder(seen)
        if holder is not None and not take_over and _still_held(holder):
            raise _other_copy(workshop, holder)
        try:
            _move_aside(target, seen)
        except OSError as error:
            return _no_lock(workshop, target, error)
    return Lock(
        workshop,
        target,
        False,
        f"{workshop}: the file is not protected against being opened twice: its lock file "
        "kept changing (other copies of Journey Workshop are opening it right now)",
    )


def _no_lock(workshop: Path, target: Path, error: OSError) -> Lock:
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "its folder is read-only"
    else:
        reason = (error.strerror or type(error).__name__).rstrip(".").lower()
    problem = (
        f"{workshop}: the file is not protected against being opened twice "
        f"({reason}, so no lock file {target.name} can be written)"
    )
    return Lock(workshop, target, False, problem)


def _read(target: Path) -> bytes | None:
    """The bytes of a lock file, None if there is none (a lock file is never big)."""
    try:
        with open(target, "rb") as file:
            return file.read(_MAX_LOCK_BYTES)
    except FileNotFoundError:
        return None
    except OSError:
        return b""  # unreadable: a damaged lock


def _write_new(path: Path, data: bytes) -> None:
    """Create `path` (it must not exist) holding `data`; nothing is left on failure."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags, 0o644)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
        finally:
            os.close(descriptor)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


def _create(target: Path, content: bytes) -> bool:
    """Make the lock file, complete at once; False if there is one already."""
    temp = target.with_name(f"{target.name}.{secrets.token_hex(6)}.tmp")
    _write_new(temp, content)  # OSError here: the folder is not writable
    try:
        try:
            os.link(temp, target)
            return True
        except FileExistsError:
            return False
        except OSError:
            pass  # no hard links on this file system (FAT, some network shares)
        try:
            _write_new(target, content)
            return True
        except FileExistsError:
            return False
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _move_aside(target: Path, seen: bytes) -> None:
    """Remove the stale lock file whose bytes were `seen`, and only that one.

    Renaming is atomic, so of two copies taking over at once only one moves the stale
    file; the other one moves the fresh lock of the first, notices and puts it back.
    """
    aside = target.with_name(f"{target.name}.{secrets.token_hex(6)}.stale")
    try:
        os.rename(target, aside)
    except FileNotFoundError:
        return
    try:
        if _read(aside) != seen:
            try:
                os.link(aside, target)
            except FileExistsError:
                pass
            except OSError:
                if not os.path.lexists(target):
                    os.replace(aside, target)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(aside)
