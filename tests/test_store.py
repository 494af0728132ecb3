"""Saving and loading workshop files: round trips, the file layout, atomic saves, versions."""

from __future__ import annotations

import errno
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from strategies import example_workshop, workshops
from tinydb import TinyDB

from app import __version__, migrations
from app.errors import StoreError
from app.model import ConflictRecord, Link, Note, Workshop
from app.store import (
    FIRST_APP_VERSION_FOR_SCHEMA,
    SCHEMA_VERSION,
    TABLE_NAMES,
    JourneyStorage,
    backup_path,
    load_workshop,
    save_workshop,
    tables_to_workshop,
    workshop_to_tables,
)

ROUND_TRIP = settings(max_examples=100, deadline=None)


def folder_contents(folder: Path) -> dict[str, bytes]:
    """Every file in `folder` by name, with its bytes: to show nothing else was written."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def assert_same_order(loaded: Workshop, original: Workshop) -> None:
    assert list(loaded.actors) == list(original.actors)
    assert [m.id for m in loaded.maps] == [m.id for m in original.maps]
    assert list(loaded.steps) == list(original.steps)
    assert list(loaded.links) == list(original.links)
    assert list(loaded.notes) == list(original.notes)
    assert list(loaded.conflicts) == list(original.conflicts)


# ---------------------------------------------------------------------------------------
# Round trips


@ROUND_TRIP
@given(workshops())
def test_load_of_save_gives_the_same_workshop_in_the_same_order(workshop: Workshop) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "w.journey"
        save_workshop(workshop, path)
        loaded = load_workshop(path)
    assert loaded == workshop
    assert_same_order(loaded, workshop)


@ROUND_TRIP
@given(workshops())
def test_tables_round_trip_without_a_file(workshop: Workshop) -> None:
    tables = workshop_to_tables(workshop)
    assert set(tables) == set(TABLE_NAMES)
    loaded = tables_to_workshop(tables, "memory")
    assert loaded == workshop
    assert_same_order(loaded, workshop)


@ROUND_TRIP
@given(workshops())
def test_saves_of_one_workshop_are_byte_identical(workshop: Workshop) -> None:
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder) / "a.journey", Path(folder) / "b.journey"
        save_workshop(workshop, first)
        save_workshop(load_workshop(first), second)
        assert first.read_bytes() == second.read_bytes()
        save_workshop(workshop, first)  # over itself
        assert first.read_bytes() == second.read_bytes()
        json.loads(first.read_text(encoding="utf-8"))  # plain JSON


def test_empty_workshop_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "empty.journey"
    save_workshop(Workshop(), path)
    assert load_workshop(path) == Workshop()
    for table in ("actors", "conflicts", "links", "maps", "notes", "steps"):
        assert f'  "{table}": {{}}' in path.read_text(encoding="utf-8")


def test_records_of_every_table_have_all_their_keys_even_when_empty(tmp_path: Path) -> None:
    path = tmp_path / "w.journey"
    save_workshop(example_workshop(), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data["steps"]["3"]) == {
        "id", "map", "stage", "actor", "text", "with", "channel", "description", "emotion",
        "x", "y",
    }  # fmt: skip
    assert data["steps"]["3"]["with"] == []
    assert data["steps"]["3"]["channel"] == ""
    assert data["steps"]["1"]["emotion"] is None
    note_keys = {"id", "step", "kind", "actor", "text", "dimension", "direction", "weight"}
    assert all(set(r) == note_keys | {"rating"} for r in data["notes"].values())
    assert all(
        set(r) == {"a", "b", "declared", "status", "note"} for r in data["conflicts"].values()
    )


def test_floats_round_trip_exactly_and_whole_numbers_are_written_as_floats(
    tmp_path: Path,
) -> None:
    workshop = example_workshop()
    tricky = [0.1 + 0.2, 5e-324, 1.7976931348623157e308, -0.0, 24]
    for step, value in zip(workshop.steps.values(), tricky, strict=True):
        step.x = value
        step.y = -value
    workshop.maps[0].stages[0].width = 0.1 + 0.7
    path = tmp_path / "w.journey"
    save_workshop(workshop, path)
    loaded = load_workshop(path)
    for step, value in zip(loaded.steps.values(), tricky, strict=True):
        assert type(step.x) is float and step.x == value
        assert math.copysign(1, step.x) == math.copysign(1, value)
    assert loaded.maps[0].stages[0].width == 0.1 + 0.7
    assert '"x": 24.0' in path.read_text(encoding="utf-8")


def test_text_is_utf8_without_escapes(tmp_path: Path) -> None:
    path = tmp_path / "w.journey"
    save_workshop(example_workshop(), path)
    raw = path.read_bytes()
    assert "Front desk 🏥".encode() in raw
    assert "Zoë".encode() in raw
    assert b"\\u" not in raw
    assert raw.endswith(b"}\n")


# ---------------------------------------------------------------------------------------
# The file layout


def test_file_layout_is_one_record_per_line_tables_in_name_order(tmp_path: Path) -> None:
    workshop = Workshop()
    workshop.info.title = "Clinic"
    path = tmp_path / "small.journey"
    save_workshop(workshop, path)
    assert path.read_text(encoding="utf-8") == (
        "{\n"
        '  "actors": {},\n'
        '  "conflicts": {},\n'
        '  "links": {},\n'
        '  "maps": {},\n'
        '  "meta": {\n'
        f'    "1": {{"app_version": "{__version__}", "format": "journey-workshop", '
        f'"schema_version": {SCHEMA_VERSION}}}\n'
        "  },\n"
        '  "notes": {},\n'
        '  "steps": {},\n'
        '  "votes": {},\n'
        '  "workshop": {\n'
        '    "1": {"date": "", "engagement": "", "facilitator": "", "notes": "", "service": "", '
        '"setting": "", "title": "Clinic"}\n'
        "  }\n"
        "}\n"
    )


def test_records_are_numbered_in_model_order_one_per_line(tmp_path: Path) -> None:
    path = tmp_path / "w.journey"
    workshop = example_workshop()
    save_workshop(workshop, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    step_lines = [line for line in lines if '"stage": ' in line and '"map": ' in line]
    assert [line.split(":")[0].strip() for line in step_lines] == [
        '"1"',
        '"2"',
        '"3"',
        '"4"',
        '"5"',
    ]
    assert ['"id": "s1"' in step_lines[0], '"id": "s5"' in step_lines[4]] == [True, True]


def test_loading_orders_records_by_doc_id_not_by_their_place_in_the_file(tmp_path: Path) -> None:
    tables = workshop_to_tables(example_workshop())
    tables["steps"] = dict(reversed(list(tables["steps"].items())))
    tables["notes"] = {"10" if k == "1" else k: v for k, v in tables["notes"].items()}
    path = tmp_path / "w.journey"
    path.write_text(json.dumps(tables), encoding="utf-8")
    loaded = load_workshop(path)
    assert list(loaded.steps) == ["s1", "s2", "s3", "s4", "s5"]
    assert list(loaded.notes) == ["n2", "n3", "n4", "n5", "n6", "n7", "n1"]


# ---------------------------------------------------------------------------------------
# TinyDB


def test_plain_tinydb_reads_the_file(tmp_path: Path) -> None:
    path = tmp_path / "w.journey"
    workshop = example_workshop()
    save_workshop(workshop, path)
    with TinyDB(path, access_mode="r") as database:
        assert database.tables() == set(TABLE_NAMES)
        steps = database.table("steps").all()
        assert [doc.doc_id for doc in steps] == [1, 2, 3, 4, 5]
        assert [doc["id"] for doc in steps] == list(workshop.steps)
        assert steps[3]["text"] == "Ten minutes\nwith the GP"
        assert database.table("meta").get(doc_id=1)["format"] == "journey-workshop"
        assert database.table("workshop").all()[0]["title"] == workshop.info.title
        assert len(database.table("notes")) == len(workshop.notes)


def test_journey_storage_reads_the_file_once_for_all_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.journey"
    save_workshop(example_workshop(), path)
    from app import store

    reads: list[object] = []
    real_read = store.read_database
    monkeypatch.setattr(store, "read_database", lambda p: reads.append(p) or real_read(p))
    assert load_workshop(path) == example_workshop()
    assert reads == [path]


def test_journey_storage_as_a_tinydb_storage_writes_atomically_with_a_backup(
    tmp_path: Path,
) -> None:
    path = tmp_path / "w.journey"
    save_workshop(example_workshop(), path)
    before = path.read_bytes()
    with TinyDB(path, storage=JourneyStorage) as database:
        database.table("workshop").update({"title": "Renamed"})
    assert load_workshop(path).info.title == "Renamed"
    assert backup_path(path).read_bytes() == before
    workshop = example_workshop()
    workshop.info.title = "Renamed"
    save_workshop(workshop, tmp_path / "same.journey")
    assert path.read_bytes() == (tmp_path / "same.journey").read_bytes()


def test_read_only_journey_storage_refuses_to_write(tmp_path: Path) -> None:
    path = tmp_path / "w.journey"
    save_workshop(example_workshop(), path)
    before = path.read_bytes()
    with (
        TinyDB(path, storage=JourneyStorage, access_mode="r") as database,
        pytest.raises(StoreError, match="read-only"),
    ):
        database.table("workshop").update({"title": "Renamed"})
    assert path.read_bytes() == before


# ---------------------------------------------------------------------------------------
# Backups and atomic saves


def test_backup_keeps_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "w.journey"
    workshop = example_workshop()
    save_workshop(workshop, path)
    assert not backup_path(path).exists()
    first = path.read_bytes()
    workshop.info.title = "Second"
    save_workshop(workshop, path)
    assert backup_path(path) == tmp_path / "w.journey.bak"
    assert backup_path(path).read_bytes() == first
    second = path.read_bytes()
    workshop.info.title = "Third"
    save_workshop(workshop, path)
    assert backup_path(path).read_bytes() == second
    assert load_workshop(path).info.title == "Third"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.journey", "w.journey.bak"]


def test_backup_is_the_old_file_hard_linked_not_copied(tmp_path: Path) -> None:
    path = tmp_path / "w.journey"
    save_workshop(example_workshop(), path)
    old_inode = path.stat().st_ino
    save_workshop(Workshop(), path)
    assert backup_path(path).stat().st_ino == old_inode
    assert path.stat().st_ino != old_inode


def test_backup_is_copied_where_hard_links_are_not_supported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.journey"
    save_workshop(example_workshop(), path)
    first = path.read_bytes()

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    save_workshop(Workshop(), path)
    assert backup_path(path).read_bytes() == first
    assert load_workshop(path) == Workshop()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.journey", "w.journey.bak"]


def test_save_keeps_the_file_permissions(tmp_path: Path) -> None:
    path = tmp_path / "w.journey"
    save_workshop(example_workshop(), path)
    path.chmod(0o640)
    save_workshop(Workshop(), path)
    assert path.stat().st_mode & 0o777 == 0o640


def test_save_through_a_symlink_updates_the_file_it_points_at(tmp_path: Path) -> None:
    real = tmp_path / "real.journey"
    save_workshop(Workshop(), real)
    link = tmp_path / "link.journey"
    link.symlink_to(real)
    save_workshop(example_workshop(), link)
    assert link.is_symlink()
    assert load_workshop(real) == example_workshop()


def _fail_with(code: int) -> OSError:
    return OSError(code, os.strerror(code))


@pytest.mark.parametrize("had_a_backup", [False, True])
def test_a_save_failing_at_fsync_leaves_the_old_file_and_no_temp_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, had_a_backup: bool
) -> None:
    path = tmp_path / "w.journey"
    save_workshop(Workshop(), path)
    save_workshop(example_workshop(), path if had_a_backup else tmp_path / "other.journey")
    if not had_a_backup:
        path = tmp_path / "other.journey"
    before = folder_contents(tmp_path)

    def disk_full(descriptor: int) -> None:
        raise _fail_with(errno.ENOSPC)

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(StoreError) as caught:
        save_workshop(Workshop(), path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert "the disk is full" in message
    assert "the previous version is unchanged" in message
    assert folder_contents(tmp_path) == before


def test_a_save_failing_midway_through_writing_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.journey"
    save_workshop(example_workshop(), path)
    before = folder_contents(tmp_path)
    real_write = os.write
    calls: list[int] = []

    def write_half_then_fill_the_disk(descriptor: int, data: bytes) -> int:
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(descriptor, bytes(data[: len(data) // 2]))
        raise _fail_with(errno.ENOSPC)

    monkeypatch.setattr(os, "write", write_half_then_fill_the_disk)
    with pytest.raises(StoreError, match="the disk is full; the previous version is unchanged"):
        save_workshop(Workshop(), path)
    assert len(calls) == 2
    assert folder_contents(tmp_path) == before


def test_a_save_failing_at_the_final_rename_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.journey"
    save_workshop(example_workshop(), path)
    old = path.read_bytes()
    real_replace = os.replace

    def replace(source: str, destination: str) -> None:
        if Path(destination).name == "w.journey":
            raise _fail_with(errno.EIO)
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(StoreError, match="input/output error; the previous version is"):
        save_workshop(Workshop(), path)
    assert path.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.journey", "w.journey.bak"]


def test_a_first_save_that_fails_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(descriptor: int) -> None:
        raise _fail_with(errno.ENOSPC)

    monkeypatch.setattr(os, "fsync", disk_full)
    path = tmp_path / "new.journey"
    with pytest.raises(StoreError, match="the disk is full; nothing was written"):
        save_workshop(example_workshop(), path)
    assert list(tmp_path.iterdir()) == []


def _make_folder_read_only(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod the folder read-only; where that doesn't stop us (root), make os.open say so."""
    folder.chmod(0o555)
    probe = folder / "probe"
    try:
        probe.touch()
    except PermissionError:
        return
    probe.unlink()
    real_open = os.open

    def refuse_in_folder(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if Path(path).parent == folder and flags & os.O_CREAT:
            raise _fail_with(errno.EACCES)
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse_in_folder)


def test_saving_into_a_read_only_folder_is_refused_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "w.journey"
    save_workshop(example_workshop(), path)
    before = folder_contents(folder)
    _make_folder_read_only(folder, monkeypatch)
    try:
        with pytest.raises(StoreError) as caught:
            save_workshop(Workshop(), path)
    finally:
        folder.chmod(0o755)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert "permission denied" in message
    assert "the previous version is unchanged" in message
    assert folder_contents(folder) == before


def test_saving_on_a_read_only_disk_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only_disk(*args: object) -> int:
        raise _fail_with(errno.EROFS)

    monkeypatch.setattr(os, "open", read_only_disk)
    with pytest.raises(StoreError, match="the disk is read-only; nothing was written"):
        save_workshop(Workshop(), tmp_path / "w.journey")


def test_saving_onto_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="this is a folder"):
        save_workshop(Workshop(), tmp_path)


def test_saving_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "w.journey"
    with pytest.raises(StoreError, match="the folder does not exist; nothing was written"):
        save_workshop(Workshop(), path)
    assert list(tmp_path.iterdir()) == []


def test_an_inconsistent_workshop_is_not_saved(tmp_path: Path) -> None:
    path = tmp_path / "w.journey"
    save_workshop(example_workshop(), path)
    before = folder_contents(tmp_path)
    broken = example_workshop()
    del broken.steps["s3"]  # its note n5 and links l2, l3 now point at nothing
    with pytest.raises(StoreError) as caught:
        save_workshop(broken, path)
    message = str(caught.value)
    assert message.startswith(f"{path}: could not save: the workshop is inconsistent")
    assert '"s3"' in message and "the file was not changed" in message
    assert folder_contents(tmp_path) == before


@pytest.mark.parametrize(
    ("spoil", "words"),
    [
        (lambda w: setattr(w.steps["s1"], "x", math.nan), 'field "x" is NaN'),
        (lambda w: setattr(w.notes["n1"], "weight", 9), 'field "weight" is 9'),
        (lambda w: w.links.update(l9=Link("l9", "s1", "s4")), "two maps"),
        (lambda w: w.notes.update(s1=Note("s1", "s1", "idea", "a-gp")), 'id "s1" is used'),
        (
            lambda w: w.conflicts.update({("n1", "n3"): ConflictRecord("n1", "n3")}),
            "not a need",
        ),
        (lambda w: setattr(w.steps["s1"], "text", None), 'field "text" is null'),
    ],
)
def test_saving_checks_what_loading_checks(tmp_path: Path, spoil: object, words: str) -> None:
    workshop = example_workshop()
    spoil(workshop)  # type: ignore[operator]
    with pytest.raises(StoreError, match=words):
        save_workshop(workshop, tmp_path / "w.journey")
    assert list(tmp_path.iterdir()) == []


def test_saving_keeps_the_callers_workshop_unchanged(tmp_path: Path) -> None:
    workshop = example_workshop()
    save_workshop(workshop, tmp_path / "w.journey")
    assert workshop == example_workshop()
    loaded = load_workshop(tmp_path / "w.journey")
    loaded.steps["s1"].with_actors.append("a-gp")
    tables = workshop_to_tables(workshop)
    tables["steps"]["1"]["with"].append("a-patient")
    assert workshop.steps["s1"].with_actors == ["a-desk"]


# ---------------------------------------------------------------------------------------
# Versions and migrations


def _version_1_file(path: Path) -> None:
    """A hand-made file of format 1, as Journey Workshop 0.1.0 wrote it."""
    path.write_text(
        """{
  "actors": {
    "1": {"colour": "#E69F00", "id": "a-patient", "name": "Patient", "role": "patient"},
    "2": {"colour": "#56B4E9", "id": "a-gp", "name": "GP", "role": "clinician"}
  },
  "conflicts": {
    "1": {"a": "n1", "b": "n2", "declared": true, "note": "Agreed", "status": "discussed"}
  },
  "links": {},
  "maps": {
    "1": {"id": "m1", "lanes": [{"actor": "a-patient", "height": 198.0}, {"actor": "a-gp", "height": 198.0}], "name": "Journey", "radius": 1, "stages": [{"id": "m1.visit", "name": "Visit", "width": 288.0}]}
  },
  "meta": {
    "1": {"app_version": "0.1.0", "format": "journey-workshop", "schema_version": 1}
  },
  "notes": {
    "1": {"actor": "a-patient", "dimension": "time", "direction": "more", "id": "n1", "kind": "need", "rating": null, "step": "s1", "text": "Time to ask", "weight": 4},
    "2": {"actor": "a-gp", "dimension": "time", "direction": "less", "id": "n2", "kind": "need", "rating": null, "step": "s1", "text": "Keep to time", "weight": 3}
  },
  "steps": {
    "1": {"actor": "a-patient", "channel": "", "description": "", "emotion": -1, "id": "s1", "map": "m1", "stage": "m1.visit", "text": "Consultation", "with": ["a-gp"], "x": 24.0, "y": 24.0}
  },
  "workshop": {
    "1": {"date": "2024-01-31", "engagement": "", "facilitator": "Sam", "notes": "", "service": "GP", "setting": "", "title": "Old"}
  }
}
""",  # noqa: E501
        encoding="utf-8",
    )


def test_a_format_1_file_is_migrated_on_load_and_saved_in_the_new_format(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.journey"
    _version_1_file(path)
    original = path.read_bytes()

    workshop = load_workshop(path)
    assert workshop.info.title == "Old"
    assert workshop.steps["s1"].with_actors == ["a-gp"]
    assert workshop.conflicts[("n1", "n2")].status == "discussed"
    assert workshop.votes == {}  # format 2 added dot votes; format 1 files have none
    assert path.read_bytes() == original  # loading never writes

    save_workshop(workshop, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["meta"]["1"]["schema_version"] == SCHEMA_VERSION == 2
    assert data["meta"]["1"]["app_version"] == __version__
    assert data["votes"] == {}
    assert backup_path(path).read_bytes() == original
    assert load_workshop(path) == workshop


def test_each_migration_runs_once_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[int] = []

    def add_card_colour(tables: dict[str, dict[str, dict]]) -> dict[str, dict[str, dict]]:
        """Format 3 (made up for this test) gives every step a `colour`."""
        ran.append(2)
        assert "votes" in tables  # the real 1 -> 2 step ran first
        for record in tables["steps"].values():
            record["colour"] = "#FFFFFF"
        return tables

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(migrations.MIGRATIONS, 2, add_card_colour)
    path = tmp_path / "old.journey"
    _version_1_file(path)
    workshop = load_workshop(path)
    assert ran == [2]
    save_workshop(workshop, path)
    assert json.loads(path.read_text(encoding="utf-8"))["meta"]["1"]["schema_version"] == 3
    load_workshop(path)
    assert ran == [2]  # a format-3 file needs no migration


def test_migrate_chains_migrations_and_leaves_its_input_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(migrations.MIGRATIONS, 1, lambda t: {**t, "one": {}})
    monkeypatch.setitem(migrations.MIGRATIONS, 2, lambda t: {**t, "two": {"1": {"x": 1}}})
    tables = {"meta": {"1": {"format": "journey-workshop", "schema_version": 1}}}
    upgraded = migrations.migrate(tables, 1)
    assert set(upgraded) == {"meta", "one", "two"}
    assert upgraded["meta"]["1"]["schema_version"] == 3
    assert tables == {"meta": {"1": {"format": "journey-workshop", "schema_version": 1}}}
    assert migrations.migrate(upgraded, 3) is upgraded


def test_an_older_file_without_a_migration_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 3)
    path = tmp_path / "old.journey"
    _version_1_file(path)
    with pytest.raises(StoreError, match="no upgrade from file format 2 to 3"):
        load_workshop(path)


def test_a_migration_that_fails_on_a_damaged_file_gives_a_store_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(migrations.MIGRATIONS, 1, lambda tables: tables["no such table"])
    path = tmp_path / "old.journey"
    _version_1_file(path)
    with pytest.raises(StoreError, match="could not be upgraded from file format 1"):
        load_workshop(path)


def _newer_file(path: Path, meta: dict[str, object]) -> None:
    tables = workshop_to_tables(example_workshop())
    tables["meta"]["1"] = meta
    tables["steps"]["1"]["renamed field"] = tables["steps"]["1"].pop("text")
    path.write_text(json.dumps(tables), encoding="utf-8")


def test_a_newer_file_is_refused_naming_the_version_to_install(tmp_path: Path) -> None:
    path = tmp_path / "new.journey"
    version = SCHEMA_VERSION + 1
    _newer_file(
        path, {"format": "journey-workshop", "schema_version": version, "app_version": "0.3.0"}
    )
    before = folder_contents(tmp_path)
    with pytest.raises(StoreError) as caught:
        load_workshop(path)
    assert str(caught.value) == (
        f"{path} was saved by Journey Workshop 0.3.0 (file format {version}); this copy "
        f"({__version__}) reads format {SCHEMA_VERSION} and older. Install Journey Workshop "
        "0.3.0 or newer to open it."
    )
    assert folder_contents(tmp_path) == before


def test_a_newer_file_without_an_app_version_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "new.journey"
    _newer_file(path, {"format": "journey-workshop", "schema_version": 99})
    with pytest.raises(StoreError) as caught:
        load_workshop(path)
    assert str(caught.value).startswith(
        f"{path} was saved by a newer Journey Workshop (file format 99); this copy "
        f"({__version__}) reads format {SCHEMA_VERSION} and older."
    )


def test_every_format_records_the_first_app_version_that_wrote_it() -> None:
    assert set(FIRST_APP_VERSION_FOR_SCHEMA) == set(range(1, SCHEMA_VERSION + 1))
    assert FIRST_APP_VERSION_FOR_SCHEMA[SCHEMA_VERSION] <= __version__
    assert set(migrations.MIGRATIONS) == set(range(1, SCHEMA_VERSION))


# ---------------------------------------------------------------------------------------
# Layering


def test_the_store_imports_without_qt() -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None\n"
        "import app.store, app.store_schema, app.migrations\n"
        "assert not any(name.startswith('PySide6') and sys.modules[name] for name in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
