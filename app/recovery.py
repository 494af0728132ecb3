"""Recovery copies of unsaved work, written away from the user's file and offered after a crash.

While a window has unsaved changes the GUI calls `write_recovery` every couple of minutes
and when the user pauses; a clean save or close calls `remove_recovery`. At start-up
`find_recoveries` lists what copies that are no longer running left behind, for a "restore
your unsaved work?" dialog. The user's own file is never written, nor anything next to it.

Recovery copies live in a per-user folder (`recovery/` in `data_folder()`), two files each:

    SESSION-KEY.journey   the workshop, a normal workshop file (load it like any other)
    SESSION-KEY.json      what it is: original file, title, when, and which process wrote it

SESSION is the window's id (a uuid the GUI makes) and KEY comes from the original file's
path, so each window keeps one recovery per file. Both files are written through a temp
file and an atomic rename, the workshop first, so a crash while writing leaves the previous
recovery or a complete new one. The folder and files are private to the user (mode 0700 and
0600): workshops hold what patients said.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app import __version__
from app.atomic import reason, replace_file
from app.errors import StoreError
from app.locks import HOSTNAME, format_time, is_running, now, process_start
from app.model import Workshop
from app.store import load_workshop, render_database, workshop_to_tables

__all__ = [
    "Recovery",
    "data_folder",
    "discard",
    "find_recoveries",
    "recovery_folder",
    "remove_recovery",
    "write_recovery",
]

DATA_ENV = "JOURNEY_WORKSHOP_DATA"
WORKSHOP_SUFFIX = ".journey"
INFO_SUFFIX = ".json"
INFO_FORMAT = 1
_MAX_INFO_BYTES = 1024 * 1024
_SESSION = re.compile(r"[A-Za-z0-9_-]{1,64}")


# ---------------------------------------------------------------------------------------
# Where


def data_folder(environ: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    """The per-user folder for the app's own data; it may not exist yet.

    `$JOURNEY_WORKSHOP_DATA` if set; on Windows `%LOCALAPPDATA%\\Journey Workshop` (local,
    not roaming: recoveries belong to this computer); on macOS `~/Library/Application
    Support/Journey Workshop`; elsewhere `$XDG_DATA_HOME/journey-workshop` or
    `~/.local/share/journey-workshop`.
    """
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if env.get(DATA_ENV):
        return Path(env[DATA_ENV])
    if platform == "win32":
        base = env.get("LOCALAPPDATA") or env.get("APPDATA")
        root = Path(base) if base else Path.home() / "AppData" / "Local"
        return root / "Journey Workshop"
    if platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Journey Workshop"
    xdg = env.get("XDG_DATA_HOME", "")
    if xdg and os.path.isabs(xdg):  # the XDG spec says to ignore a relative path
        return Path(xdg) / "journey-workshop"
    return Path.home() / ".local" / "share" / "journey-workshop"


def recovery_folder() -> Path:
    """Where recovery copies are kept: `recovery/` in `data_folder()`."""
    return data_folder() / "recovery"


def _absolute(original: str | os.PathLike[str] | None) -> Path | None:
    return None if original is None else Path(os.path.abspath(original))


def _stem(session: str, original: Path | None) -> str:
    """The file name (without suffix) of the recovery of `original` in window `session`."""
    if not _SESSION.fullmatch(session):
        raise ValueError(f"a session id is 1 to 64 letters, digits, - or _, not {session!r}")
    key = b"untitled" if original is None else b"file:" + os.fsencode(original)
    return f"{session}-{hashlib.sha256(key).hexdigest()[:16]}"


# ---------------------------------------------------------------------------------------
# Writing


def write_recovery(
    workshop: Workshop,
    original: str | os.PathLike[str] | None,
    session: str,
    folder: Path | None = None,
) -> Path:
    """Write a recovery copy of `workshop` (opened from `original`, None if untitled).

    Replaces the previous recovery of this window and file atomically; returns the path
    of the workshop copy. Raises StoreError (with the reason) if it cannot be written, and
    ValueError for a session id that is not a plain token.
    """
    where = recovery_folder() if folder is None else folder
    source = _absolute(original)
    stem = _stem(session, source)
    try:
        text = render_database(workshop_to_tables(workshop))
    except (TypeError, ValueError) as error:
        raise StoreError(
            f"could not write a recovery copy: the workshop holds a value a file cannot "
            f"store ({error})"
        ) from None
    info = {
        "format": INFO_FORMAT,
        "app_version": __version__,
        "hostname": HOSTNAME,
        "original": None if source is None else str(source),
        "pid": os.getpid(),
        "process_start": process_start(os.getpid()),
        "session": session,
        "title": workshop.info.title,
        "written_at": datetime.now().astimezone().isoformat(),  # to the microsecond
    }
    target = where / (stem + WORKSHOP_SUFFIX)
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"{where}: could not write a recovery copy: {reason(error)}") from None
    failure = "could not write a recovery copy"
    # Private (0600): recovery copies hold what patients said.
    replace_file(target, text.encode("utf-8"), failure=failure, mode=0o600, error_type=StoreError)
    # ASCII escapes keep any file name (even one that is not valid UTF-8) readable.
    description = (json.dumps(info, indent=2) + "\n").encode()
    replace_file(
        where / (stem + INFO_SUFFIX), description, failure=failure, mode=0o600,
        error_type=StoreError,
    )  # fmt: skip
    return target


def remove_recovery(
    original: str | os.PathLike[str] | None, session: str, folder: Path | None = None
) -> None:
    """Remove this window's recovery of `original`: after a clean save, a close, or a
    "save as" (pass the old path). Nothing to remove is fine."""
    where = recovery_folder() if folder is None else folder
    stem = _stem(session, _absolute(original))
    for suffix in (WORKSHOP_SUFFIX, INFO_SUFFIX):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(where / (stem + suffix))


# ---------------------------------------------------------------------------------------
# Finding


@dataclass
class Recovery:
    """A recovery copy left behind by a copy of the app that is no longer running.

    `problem` is None for a copy that can be restored, else why it cannot (it is listed
    all the same, and only `discard` removes it). `original` is None for a workshop that
    was never saved.
    """

    workshop_path: Path
    info_path: Path
    original: Path | None
    title: str
    written_at: datetime
    pid: int | None
    hostname: str
    app_version: str
    session: str
    problem: str | None = None
    original_saved_later: bool = False

    def load(self) -> Workshop:
        """The recovered workshop; StoreError if the copy is damaged."""
        return load_workshop(self.workshop_path)

    def describe(self) -> str:
        """One plain line for the restore dialog, such as
        `'Outpatient clinic' (workshops/x.journey), unsaved changes from 26 Nov 2026 14:03`."""
        title = " ".join(self.title.split())
        if not title:
            title = self.original.stem if self.original else "Untitled workshop"
        if len(title) > 60:
            title = title[:59] + "…"
        if self.original is None:
            where = "never saved"
        elif self.original.parent.name:
            where = f"{self.original.parent.name}/{self.original.name}"
        else:
            where = self.original.name
        line = f"'{title}' ({where}), unsaved changes from {format_time(self.written_at)}"
        if self.hostname and self.hostname != HOSTNAME:
            line += f" on the computer {self.hostname}"
        if self.original_saved_later:
            line += "; the file was saved again after that"
        if self.problem:
            line += f"; cannot be restored: {self.problem}"
        return line


def find_recoveries(folder: Path | None = None) -> list[Recovery]:
    """Recovery copies whose app is no longer running, newest first.

    Those of copies still running on this computer (another open window) are left out;
    those from another computer cannot be checked and are listed. Damaged ones are listed
    with a `problem`.
    """
    where = recovery_folder() if folder is None else folder
    try:
        names = os.listdir(where)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as error:
        reason = (error.strerror or type(error).__name__).rstrip(".").lower()
        raise StoreError(f"{where}: the recovery copies cannot be read: {reason}") from None
    stems = sorted(
        {
            name[: -len(suffix)]
            for name in names
            for suffix in (WORKSHOP_SUFFIX, INFO_SUFFIX)
            if name.endswith(suffix) and not name.startswith(".") and len(name) > len(suffix)
        }
    )
    found = []
    for stem in stems:
        recovery = _recovery(where / (stem + WORKSHOP_SUFFIX), where / (stem + INFO_SUFFIX))
        if recovery is not None:
            found.append(recovery)
    found.sort(key=lambda r: r.written_at.timestamp(), reverse=True)
    return found


def _recovery(workshop_path: Path, info_path: Path) -> Recovery | None:
    """The recovery in these two files, None if its app still runs here."""
    info, problem = _read_info(info_path)
    if info is not None and info["hostname"] == HOSTNAME:
        start = info.get("process_start")
        if is_running(info["pid"], start if isinstance(start, str) else None):
            return None
    title = ""
    try:
        title = load_workshop(workshop_path).info.title
    except StoreError as error:
        if not os.path.lexists(workshop_path):
            problem = problem or "the workshop copy is missing"
        else:
            problem = problem or f"the workshop copy is damaged ({_after_name(error)})"
    written_at = _mtime(workshop_path) or _mtime(info_path) or now()
    if info is None:
        return Recovery(
            workshop_path, info_path, None, title, written_at, None, "", "", "", problem
        )
    original = None if info["original"] is None else Path(info["original"])
    written = datetime.fromisoformat(info["written_at"])
    if written.tzinfo is None:
        written = written.astimezone()
    saved_later = False
    if original is not None:
        later = _mtime(original)  # a stat: the original is never opened
        saved_later = later is not None and later > written
    return Recovery(
        workshop_path,
        info_path,
        original,
        info["title"],
        written,
        info["pid"],
        info["hostname"],
        info.get("app_version") if isinstance(info.get("app_version"), str) else "",
        info.get("session") if isinstance(info.get("session"), str) else "",
        problem,
        saved_later,
    )


def _read_info(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """The checked description of a recovery, or None and what is wrong with it."""
    try:
        with open(path, "rb") as file:
            raw = file.read(_MAX_INFO_BYTES + 1)
    except FileNotFoundError:
        return None, "its description file is missing"
    except OSError as error:
        reason = (error.strerror or type(error).__name__).rstrip(".").lower()
        return None, f"its description file cannot be read ({reason})"
    try:
        info = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, "its description file is damaged"
    if not isinstance(info, dict) or len(raw) > _MAX_INFO_BYTES:
        return None, "its description file is damaged"
    checks = {
        "original": lambda v: v is None or (isinstance(v, str) and os.path.isabs(v)),
        "title": lambda v: isinstance(v, str),
        "pid": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "hostname": lambda v: isinstance(v, str),
        "written_at": _is_time,
    }
    bad = [key for key, ok in checks.items() if key not in info or not ok(info[key])]
    if bad:
        return None, f"its description file is damaged (bad or missing {', '.join(bad)})"
    return info, None


def _is_time(value: Any) -> bool:
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _mtime(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(os.stat(path).st_mtime).astimezone()
    except (OSError, ValueError, OverflowError):
        return None


def _after_name(error: StoreError) -> str:
    """A StoreError's message without the file name it starts with."""
    message = str(error)
    head, sep, rest = message.partition(": ")
    return rest if sep and head.endswith(WORKSHOP_SUFFIX) else message


def discard(recovery: Recovery) -> None:
    """Remove a recovery copy (both its files); StoreError if that is not possible."""
    for path in (recovery.workshop_path, recovery.info_path):
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        except OSError as error:
            reason = (error.strerror or type(error).__name__).rstrip(".").lower()
            raise StoreError(f"{path}: the recovery copy could not be removed: {reason}") from None
