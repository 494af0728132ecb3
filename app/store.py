"""Reading and writing `.journey` workshop files: checked on load, saved atomically.

A workshop file is a TinyDB database (JSON, one table per kind of item, readable by plain
`tinydb.TinyDB(path)`), written by `JourneyStorage` in a stable, diff-friendly layout:

    {
      "actors": {
        "1": {"colour": "#E69F00", "id": "a-patient", "name": "Patient", "role": "patient"}
      },
      "conflicts": {},
      ...
    }

Tables in name order, one record per line in doc-id order, keys sorted, UTF-8. Saving
writes a temp file in the same folder, fsyncs it, keeps the previous version as
`NAME.journey.bak` and renames the temp file over the old one, so a crash or a full disk
never leaves a half-written workshop. The record layout and its checks are in
`app.store_schema`; format versions and upgrades in `app.migrations`.
"""

from __future__ import annotations

import gc
import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from app.atomic import BACKUP_SUFFIX, TEMP_SUFFIX, backup_path, reason, replace_file
from app.errors import StoreError
from app.migrations import FIRST_APP_VERSION_FOR_SCHEMA, SCHEMA_VERSION
from app.model import Workshop
from app.store_schema import (
    FORMAT_MARKER,
    TABLE_NAMES,
    DamagedRecordProblem,
    FileProblem,
    check_database,
    read_tables,
    tables_to_workshop,
    workshop_to_tables,
)

__all__ = [
    "BACKUP_SUFFIX",
    "FIRST_APP_VERSION_FOR_SCHEMA",
    "FORMAT_MARKER",
    "MAX_FILE_BYTES",
    "SCHEMA_VERSION",
    "TABLE_NAMES",
    "TEMP_SUFFIX",
    "JourneyStorage",
    "backup_path",
    "load_workshop",
    "render_database",
    "save_workshop",
    "tables_to_workshop",
    "workshop_to_tables",
]

MAX_FILE_BYTES = 100 * 1024 * 1024

_ENCODER = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(", ", ": "), allow_nan=False
)

# ---------------------------------------------------------------------------------------
# Reading


def read_database(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The checked tables of the workshop file at `path`, or StoreError saying what is wrong."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise StoreError(f"{path}: there is no such file") from None
    except OSError as error:
        raise StoreError(f"{path}: the file cannot be read: {reason(error, True)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{path}: this is a folder, not a workshop file")
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"{path}: this is not a regular file, so it is not a workshop file")
    if info.st_size > MAX_FILE_BYTES:
        raise _too_big(path, info.st_size)
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise StoreError(f"{path}: the file cannot be read: {reason(error, True)}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise _too_big(path, len(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise StoreError(
            f"{path}: the file is damaged or not a workshop file: it is not UTF-8 text "
            f"(byte {error.start + 1} is not valid UTF-8)"
        ) from None
    del raw
    text = text.removeprefix("\ufeff")  # a byte-order mark from a text editor
    if not text.strip():
        raise StoreError(f"{path}: the file is empty: it is damaged or not a workshop file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        content = text.rstrip()
        if error.pos >= len(content) or error.msg.startswith("Unterminated string"):
            where = (
                f"it ends too early, at line {content.count(chr(10)) + 1} "
                "(the file was probably cut short)"
            )
        else:
            where = f"the JSON is broken at line {error.lineno}, column {error.colno} ({error.msg})"
        raise StoreError(f"{path}: the file is damaged or not a workshop file: {where}") from None
    except (ValueError, RecursionError) as error:
        raise StoreError(
            f"{path}: the file is damaged or not a workshop file: its JSON cannot be read ({error})"
        ) from None
    try:
        check_database(data)
    except FileProblem as problem:
        raise StoreError(problem.for_file(path)) from None
    return data


def _too_big(path: str | os.PathLike[str], size: int) -> StoreError:
    megabytes = size / (1024 * 1024)
    return StoreError(
        f"{path}: the file is {megabytes:,.0f} MB, larger than the "
        f"{MAX_FILE_BYTES // (1024 * 1024)} MB a workshop file can be: it is damaged or not a "
        "workshop file"
    )


# ---------------------------------------------------------------------------------------
# Writing


def render_database(tables: Mapping[str, Mapping[str, Any]]) -> str:
    """The file text of `tables`: stable and diff-friendly, one record per line.

    Tables in name order, records in doc-id order, record keys sorted; the same tables
    always give the same text. Raises TypeError or ValueError for values JSON cannot hold
    (NaN, infinity, objects).
    """
    encode = _ENCODER.encode
    blocks = []
    for name in sorted(tables):
        records = tables[name]
        if not records:
            blocks.append(f"  {encode(name)}: {{}}")
            continue
        lines = ",\n".join(
            f"    {encode(str(doc_id))}: {encode(record)}"
            for doc_id, record in sorted(records.items(), key=lambda item: int(item[0]))
        )
        blocks.append(f"  {encode(name)}: {{\n{lines}\n  }}")
    return "{\n" + ",\n".join(blocks) + "\n}\n"


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace the file at `path` by `data` all at once, keeping the old one as `.bak`.

    On any error the file is as it was and no temp file is left; raises StoreError.
    """
    replace_file(path, data, keep_backup=True, error_type=StoreError)


# ---------------------------------------------------------------------------------------
# The TinyDB storage


class JourneyStorage(Storage):
    """A TinyDB storage for workshop files: checked reads, atomic writes with a `.bak`.

    `TinyDB(path, storage=JourneyStorage, access_mode="r")` opens a workshop read-only
    (the file is read and checked once); with `access_mode="r+"` (the default) every
    TinyDB change rewrites the file atomically, so batch changes into one `write`.
    """

    def __init__(self, path: str | os.PathLike[str], access_mode: str = "r+") -> None:
        if access_mode not in ("r", "r+"):
            raise ValueError(f'access_mode must be "r" or "r+", not {access_mode!r}')
        self.path = path
        self.access_mode = access_mode
        self._cache: dict[str, Any] | None = None

    def read(self) -> dict[str, Any] | None:
        if self.access_mode == "r":
            if self._cache is None:
                self._cache = read_database(self.path)
            return self._cache
        if not os.path.lexists(self.path):
            return None
        return read_database(self.path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.access_mode == "r":
            raise StoreError(f"{self.path}: could not save: the file was opened read-only")
        try:
            text = render_database(data)
        except (TypeError, ValueError) as error:
            raise StoreError(
                f"{self.path}: could not save: the workshop holds a value a file cannot "
                f"store ({error}); the previous version is unchanged"
            ) from None
        write_atomically(self.path, text.encode("utf-8"))


# ---------------------------------------------------------------------------------------
# Workshops


def load_workshop(path: Path) -> Workshop:
    """The workshop saved at `path`; StoreError (file name first, then why) if it can't be.

    Reads through the TinyDB storage (the same that writes), taking its tables as they
    are: TinyDB's table API would copy every record into a Document first, which made
    opening a large workshop 4x slower than parsing its JSON. The collector is paused
    while the model is built: it would otherwise sweep the whole parsed file repeatedly.
    """
    tables = JourneyStorage(path, access_mode="r").read()
    collecting = gc.isenabled()
    gc.disable()
    try:
        return tables_to_workshop(tables if tables is not None else {}, path)
    finally:
        if collecting:
            gc.enable()


def save_workshop(workshop: Workshop, path: Path) -> None:
    """Save `workshop` at `path` atomically, keeping the previous file as `NAME.journey.bak`.

    Refuses (StoreError, nothing written) a workshop that could not be opened again, such
    as a note on a step that is gone: that is a bug to report, not a file to write.
    """
    tables = workshop_to_tables(workshop)
    try:
        read_tables(tables)
    except FileProblem as problem:
        detail = problem.detail if isinstance(problem, DamagedRecordProblem) else str(problem)
        raise StoreError(
            f"{path}: could not save: the workshop is inconsistent, which is a bug in "
            f"Journey Workshop (please report it): {detail}; the file was not changed"
        ) from None
    JourneyStorage(path).write(tables)
