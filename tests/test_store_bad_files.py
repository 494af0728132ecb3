"""Opening files that are not good workshops: each gives a StoreError naming the file and why.

Every case also checks that loading wrote nothing: the folder is byte for byte as before.
"""

from __future__ import annotations

import builtins
import json
import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import example_workshop

from app.errors import StoreError
from app.store import MAX_FILE_BYTES, load_workshop, save_workshop, workshop_to_tables

Tables = dict[str, dict[str, dict[str, Any]]]


def folder_contents(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def load_error(path: Path) -> str:
    """The message of the StoreError that loading `path` raises; checks nothing was written."""
    folder = path.parent
    before = folder_contents(folder)
    with pytest.raises(StoreError) as caught:
        load_workshop(path)
    assert folder_contents(folder) == before
    message = str(caught.value)
    assert message.startswith(str(path))
    assert "Traceback" not in message and "Error" not in message
    return message


def good_tables() -> Tables:
    return workshop_to_tables(example_workshop())


def write_tables(path: Path, tables: object) -> Path:
    path.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------
# Files that are not workshops at all


def test_missing_file(tmp_path: Path) -> None:
    assert "there is no such file" in load_error(tmp_path / "gone.journey")


def test_missing_folder(tmp_path: Path) -> None:
    assert "there is no such file" in load_error(tmp_path / "gone" / "w.journey")


def test_folder(tmp_path: Path) -> None:
    folder = tmp_path / "w.journey"
    folder.mkdir()
    assert "this is a folder, not a workshop file" in load_error(folder)


def test_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.journey"
    os.mkfifo(fifo)
    assert "not a regular file" in load_error(fifo)  # and it did not block reading the pipe


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "w.journey"
    save_workshop(example_workshop(), path)
    path.chmod(0o000)
    try:
        with open(path, "rb"):
            readable = True  # root reads anything: make open() refuse, as it would for others
    except PermissionError:
        readable = False
    if readable:
        real_open = builtins.open

        def refuse(file: Any, *args: Any, **kwargs: Any) -> Any:
            if file == path or str(file) == str(path):
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", refuse)
    try:
        message = load_error(path)
    finally:
        path.chmod(0o644)
    assert "cannot be read: permission denied" in message


def test_file_over_100_mb_is_refused_before_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.journey"
    with open(path, "wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: takes no disk space
    real_open = builtins.open

    def no_reading(file: Any, *args: Any, **kwargs: Any) -> Any:
        assert str(file) != str(path), "the size must be checked before reading"
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", no_reading)
    message = load_error(path)
    assert "larger than the 100 MB a workshop file can be" in message
    assert MAX_FILE_BYTES == 100 * 1024 * 1024


def test_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "w.journey"
    save_workshop(example_workshop(), path)
    with open(path, "ab") as file:
        file.truncate(MAX_FILE_BYTES)  # padded with NUL bytes: read, then found damaged
    assert "damaged or not a workshop file" in load_error(path)


@pytest.mark.parametrize("content", [b"", b"   \n\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "w.journey"
    path.write_bytes(content)
    assert "the file is empty" in load_error(path)


def test_truncated_file(tmp_path: Path) -> None:
    path = tmp_path / "w.journey"
    save_workshop(example_workshop(), path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    message = load_error(path)
    assert "damaged or not a workshop file" in message
    assert "it ends too early, at line" in message


def test_file_cut_in_a_string_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "w.journey"
    save_workshop(example_workshop(), path)
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"Front desk") + 3])
    message = load_error(path)
    assert "damaged or not a workshop file" in message
    assert "line 5" in message


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "notes.journey"
    path.write_text("Workshop notes\nBring sticky notes.\n", encoding="utf-8")
    message = load_error(path)
    assert "damaged or not a workshop file" in message
    assert "the JSON is broken at line 1, column 1" in message


def test_broken_json_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "w.journey"
    save_workshop(example_workshop(), path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace('"GP",', '"GP"')
    path.write_text("".join(lines), encoding="utf-8")
    assert "the JSON is broken at line 4, column" in load_error(path)


def test_deeply_nested_json(tmp_path: Path) -> None:
    path = tmp_path / "w.journey"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    assert "damaged or not a workshop file" in load_error(path)


def test_huge_number(tmp_path: Path) -> None:
    path = tmp_path / "w.journey"
    path.write_text('{"meta": ' + "9" * 10_000 + "}", encoding="utf-8")
    assert "damaged or not a workshop file" in load_error(path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "w.journey"
    save_workshop(example_workshop(), path)
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    message = load_error(path)
    assert "it is not UTF-8 text (byte" in message
    assert "damaged or not a workshop file" in message


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "w.journey"
    save_workshop(example_workshop(), path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_workshop(path) == example_workshop()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ([1, 2, 3], "it holds JSON, but a list instead of the tables of a workshop"),
        ("journey", "it holds JSON, but a text instead"),
        (None, "it holds JSON, but null instead"),
        ({}, "it has no meta table"),
        ({"_default": {"1": {"name": "milk", "qty": 2}}}, "it has no meta table"),
        ({"meta": {}}, "it has no meta table"),
        ({"meta": []}, "it has no meta table"),
        ({"meta": {"1": {"format": "shopping-list"}}}, 'its meta record says format "shopping'),
        ({"meta": {"1": {"schema_version": 1}}}, "its meta record says format null"),
        ({"meta": {"1": "journey-workshop"}}, "its meta record says format null"),
    ],
)
def test_json_that_is_not_a_workshop(tmp_path: Path, data: object, words: str) -> None:
    message = load_error(write_tables(tmp_path / "w.journey", data))
    assert words in message
    if isinstance(data, dict) and data:
        assert "not a Journey Workshop file" in message


def test_a_tinydb_database_of_another_program(tmp_path: Path) -> None:
    from tinydb import TinyDB

    path = tmp_path / "shopping.json"
    with TinyDB(path) as database:
        database.insert({"item": "milk"})
    message = load_error(path)
    assert "not a Journey Workshop file: it has no meta table" in message
    assert "TinyDB database of another program" in message


# ---------------------------------------------------------------------------------------
# Workshops with a damaged table or record


def set_field(table: str, doc_id: str, field: str, value: object) -> Callable[[Tables], None]:
    def change(tables: Tables) -> None:
        tables[table][doc_id][field] = value

    return change


def drop_field(table: str, doc_id: str, field: str) -> Callable[[Tables], None]:
    def change(tables: Tables) -> None:
        del tables[table][doc_id][field]

    return change


def set_part(doc_id: str, part: str, index: int, field: str, value: object) -> Callable:
    def change(tables: Tables) -> None:
        tables["maps"][doc_id][part][index][field] = value

    return change


def add_record(table: str, record: dict[str, Any]) -> Callable[[Tables], None]:
    def change(tables: Tables) -> None:
        tables[table][str(len(tables[table]) + 1)] = record

    return change


def copy_record(table: str, doc_id: str, **changes: object) -> Callable[[Tables], None]:
    def change(tables: Tables) -> None:
        tables[table][str(len(tables[table]) + 1)] = {**tables[table][doc_id], **changes}

    return change


def replace_table(table: str, value: object) -> Callable[[Tables], None]:
    def change(tables: Tables) -> None:
        tables[table] = value  # type: ignore[assignment]

    return change


# (case name, change, words the message must hold). The sample workshop's doc ids: steps
# s1..s5 are 1..5, notes n1..n7 are 1..7, links l1..l4 are 1..4, maps m-before 1, m-day 2.
# fmt: off
DAMAGED = [
    # the shape of the database
    ("table not an object", replace_table("steps", []), ['table "steps" is a list']),
    ("record not an object", replace_table("links", {"1": 5}),
     ['table "links", record 1 is a number, not an object']),
    ("doc id not a number", replace_table("links", {"first": {"id": "l1"}}),
     ['table "links" has a record numbered "first"']),
    ("two meta records", add_record("meta", {"format": "journey-workshop"}),
     ['table "meta" holds 2 records instead of one']),
    ("schema version text", set_field("meta", "1", "schema_version", "1"),
     ['field "schema_version" is "1"', "whole number"]),
    ("schema version zero", set_field("meta", "1", "schema_version", 0),
     ['field "schema_version" is 0']),
    ("no workshop record", replace_table("workshop", {}),
     ['table "workshop" holds 0 records instead of one']),
    # types and missing fields
    ("title a number", set_field("workshop", "1", "title", 7),
     ['table "workshop", record 1', 'field "title" is 7; it must be a text']),
    ("missing info field", drop_field("workshop", "1", "facilitator"),
     ['field "facilitator" is missing']),
    ("step text a number", set_field("steps", "3", "text", 42),
     ['table "steps", record 3 (id "s3")', 'field "text" is 42; it must be a text']),
    ("step missing emotion", drop_field("steps", "2", "emotion"),
     ['table "steps", record 2 (id "s2")', 'field "emotion" is missing']),
    ("step x a text", set_field("steps", "1", "x", "24"),
     ['(id "s1")', 'field "x" is "24"; it must be a number']),
    ("step x NaN", set_field("steps", "1", "y", math.nan), ['field "y" is NaN']),
    ("step x infinite", set_field("steps", "1", "x", math.inf), ['field "x" is Infinity']),
    ("step id empty", set_field("steps", "1", "id", ""),
     ['table "steps", record 1', 'field "id" is ""; it must be a text that is not empty']),
    ("step id a number", set_field("steps", "1", "id", 1), ['field "id" is 1']),
    ("with not a list", set_field("steps", "1", "with", "a-desk"),
     ['field "with" is "a-desk"; it must be a list of actor ids']),
    ("emotion true", set_field("steps", "2", "emotion", True),
     ['field "emotion" is true; it must be null or a whole number from -3 to 3']),
    ("emotion 2.0", set_field("steps", "2", "emotion", 2.0), ['field "emotion" is 2.0']),
    ("note missing kind", drop_field("notes", "4", "kind"),
     ['table "notes", record 4 (id "n4")', 'field "kind" is missing']),
    ("weight a text", set_field("notes", "1", "weight", "high"), ['field "weight" is "high"']),
    ("weight a fraction", set_field("notes", "1", "weight", 2.5), ['field "weight" is 2.5']),
    ("declared a text", set_field("conflicts", "1", "declared", "yes"),
     ['table "conflicts", record 1 (needs "n1" and "n2")', 'field "declared" is "yes"',
      "true or false"]),
    ("conflict missing note", drop_field("conflicts", "2", "note"), ['field "note" is missing']),
    ("actor name null", set_field("actors", "2", "name", None),
     ['table "actors", record 2 (id "a-gp")', 'field "name" is null']),
    ("stages not a list", set_field("maps", "1", "stages", {}),
     ['table "maps", record 1 (id "m-before")', 'field "stages" is {}']),
    ("stage not an object", set_field("maps", "1", "stages", ["Book"]),
     ['record 1 (id "m-before"), stage 1: it is a text, not an object']),
    ("stage width text", set_part("1", "stages", 1, "width", "wide"),
     ['(id "m-before"), stage 2: field "width" is "wide"; it must be a number']),
    ("stage width zero", set_part("1", "stages", 0, "width", 0),
     ['stage 1: field "width" is 0.0; it must be a number above 0']),
    ("lane height negative", set_part("2", "lanes", 1, "height", -5.0),
     ['(id "m-day"), lane 2: field "height" is -5.0; it must be a number above 0']),
    ("lane missing height", lambda t: t["maps"]["2"]["lanes"][0].pop("height"),
     ['lane 1: field "height" is missing']),
    # references to missing items
    ("step in unknown map", set_field("steps", "2", "map", "m-gone"),
     ['(id "s2")', 'the step is in map "m-gone", which is not in the file']),
    ("step in unknown stage", set_field("steps", "2", "stage", "m-before.gone"),
     ['the step is in stage "m-before.gone", which map "m-before" does not have']),
    ("step in stage of other map", set_field("steps", "2", "stage", "m-day.consult"),
     ['the step is in stage "m-day.consult", which map "m-before" does not have']),
    ("step of unknown actor", set_field("steps", "5", "actor", "a-nurse"),
     ['(id "s5")', 'the lane of actor "a-nurse", who is not in the file']),
    ("step in a lane its map lacks", set_field("steps", "2", "actor", "a-gp"),
     ['(id "s2")', 'the lane of actor "a-gp", which map "m-before" does not have']),
    ("with unknown actor", set_field("steps", "4", "with", ["a-gp", "a-nurse"]),
     ['(id "s4")', 'field "with" names actor "a-nurse", who is not in the file']),
    ("with a number", set_field("steps", "4", "with", [3]), ['field "with" names actor 3']),
    ("lane of unknown actor", set_part("1", "lanes", 0, "actor", "a-nurse"),
     ['(id "m-before"), lane 1: the lane is of actor "a-nurse", who is not in the file']),
    ("note on missing step", set_field("notes", "3", "step", "s99"),
     ['table "notes", record 3 (id "n3")', 'the note is on step "s99", which is not in the file']),
    ("note by unknown actor", set_field("notes", "3", "actor", "a-nurse"),
     ['the note is by actor "a-nurse", who is not in the file']),
    ("link to missing step", set_field("links", "2", "target", "s99"),
     ['table "links", record 2 (id "l2")', 'the link joins step "s99", which is not in the file']),
    ("link from missing step", set_field("links", "2", "source", "s99"),
     ['the link joins step "s99"']),
    ("link across maps", set_field("links", "4", "source", "s1"),
     ['(id "l4")', 'the link joins steps of two maps ("m-before" and "m-day")']),
    ("conflict of missing need", set_field("conflicts", "1", "b", "n99"),
     ['table "conflicts", record 1', 'the record is about note "n99", which is not in the file']),
    ("conflict of a pain", set_field("conflicts", "1", "b", "n3"),
     ['note "n3" is a pain, not a need']),
    ("conflict of one need", set_field("conflicts", "1", "b", "n1"),
     ["the two needs must be different"]),
    ("conflict larger id first", lambda t: t["conflicts"]["1"].update(a="n2", b="n1"),
     ['the smaller id first (as "n1", "n2")']),
    ("votes on a missing step", set_field("votes", "1", "target", ["s99"]),
     ['table "votes", record 1', 'the votes are on step ["s99"], which is not in the file']),
    ("votes on a pain", set_field("votes", "2", "target", ["n1", "n3"]),
     ['the votes are on conflict ["n1", "n3"], which is not two needs']),
    ("votes on a reversed pair", set_field("votes", "2", "target", ["n2", "n1"]),
     ["the smaller id first"]),
    ("votes of an unknown group", set_field("votes", "1", "group", "managers"),
     ['field "group" is "managers"']),
    ("votes of an unknown kind", set_field("votes", "1", "kind", "map"),
     ['field "kind" is "map"']),
    ("zero dots", set_field("votes", "1", "dots", 0), ['field "dots" is 0']),
    ("target not a list", set_field("votes", "1", "target", "s1"), ['field "target" is "s1"']),
    ("duplicate votes", copy_record("votes", "1"), ["patients and carers voted twice on step"]),
    # duplicate ids
    ("duplicate actor", copy_record("actors", "1"), ['the actor id "a-patient" is used twice']),
    ("duplicate map", copy_record("maps", "2"), ['the map id "m-day" is used twice']),
    ("duplicate stage", set_part("1", "stages", 1, "id", "m-before.book"),
     ['stage 2: the stage id "m-before.book" is used twice in this map']),
    ("two lanes of one actor", set_part("1", "lanes", 1, "actor", "a-patient"),
     ['lane 2: actor "a-patient" has two lanes in this map']),
    ("duplicate step", copy_record("steps", "1"),
     ['table "steps", record 6 (id "s1")', 'the id "s1" is used twice']),
    ("note with a step's id", set_field("notes", "2", "id", "s2"),
     ['table "notes", record 2 (id "s2")', 'the id "s2" is used also in table "steps"']),
    ("link with a step's id", set_field("links", "1", "id", "s1"),
     ['the id "s1" is used also in table "steps"']),
    ("duplicate conflict", copy_record("conflicts", "1", status="open"),
     ['needs "n1" and "n2" have two records']),
    # values out of range
    ("emotion 4", set_field("steps", "2", "emotion", 4),
     ['(id "s2")', 'field "emotion" is 4; it must be null or a whole number from -3 to 3']),
    ("rating -4", set_field("notes", "6", "rating", -4),
     ['(id "n6")', 'field "rating" is -4; it must be null or a whole number from -3 to 3']),
    ("weight 0", set_field("notes", "1", "weight", 0),
     ['field "weight" is 0; it must be null or a whole number from 1 to 5']),
    ("weight 6", set_field("notes", "3", "weight", 6), ['(id "n3")', 'field "weight" is 6']),
    ("radius 4", set_field("maps", "2", "radius", 4),
     ['(id "m-day")', 'field "radius" is 4; it must be a whole number from 0 to 3']),
    ("radius null", set_field("maps", "2", "radius", None), ['field "radius" is null']),
    ("role", set_field("actors", "2", "role", "doctor"),
     ['field "role" is "doctor"; it must be one of "patient", "carer", "clinician"']),
    ("colour", set_field("actors", "2", "colour", "sky blue"),
     ['field "colour" is "sky blue"; it must be a colour written #RRGGBB']),
    ("engagement", set_field("workshop", "1", "engagement", "global"),
     ['field "engagement" is "global"; it must be one of "", "intrapersonal"']),
    ("note kind", set_field("notes", "4", "kind", "sticky"),
     ['(id "n4")', 'field "kind" is "sticky"; it must be one of "need", "pain"']),
    ("direction", set_field("notes", "1", "direction", "up"),
     ['field "direction" is "up"; it must be one of "", "more", "less"']),
    ("conflict status", set_field("conflicts", "2", "status", "closed"),
     ['field "status" is "closed"; it must be one of "open", "discussed", "resolved"']),
]
# fmt: on


@pytest.mark.parametrize(("change", "words"), [c[1:] for c in DAMAGED], ids=[c[0] for c in DAMAGED])
def test_damaged_workshop(
    tmp_path: Path, change: Callable[[Tables], None], words: list[str]
) -> None:
    tables = good_tables()
    change(tables)
    message = load_error(write_tables(tmp_path / "w.journey", tables))
    for word in words:
        assert word in message


def test_the_unchanged_sample_loads(tmp_path: Path) -> None:
    """The baseline of the cases above is a good file: each case fails for its own reason."""
    assert load_workshop(write_tables(tmp_path / "w.journey", good_tables())) == example_workshop()


def test_unknown_tables_and_fields_are_ignored(tmp_path: Path) -> None:
    tables = good_tables()
    tables["_default"] = {"1": {"anything": True}}
    tables["steps"]["1"]["sticker"] = "gold star"
    assert load_workshop(write_tables(tmp_path / "w.journey", tables)) == example_workshop()


def test_a_missing_table_of_items_means_none_of_them(tmp_path: Path) -> None:
    tables = good_tables()
    del tables["conflicts"]
    workshop = load_workshop(write_tables(tmp_path / "w.journey", tables))
    assert workshop.conflicts == {}
    assert workshop.notes == example_workshop().notes


def test_whole_numbers_for_positions_and_sizes_load_as_floats(tmp_path: Path) -> None:
    tables = good_tables()
    tables["steps"]["1"]["x"] = 30
    tables["maps"]["1"]["stages"][0]["width"] = 300
    workshop = load_workshop(write_tables(tmp_path / "w.journey", tables))
    assert type(workshop.steps["s1"].x) is float and workshop.steps["s1"].x == 30.0
    assert type(workshop.maps[0].stages[0].width) is float


# ---------------------------------------------------------------------------------------
# Whatever the damage: a StoreError or a workshop, never another exception

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)
FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _load_or_store_error(path: Path) -> None:
    try:
        load_workshop(path)
    except StoreError as error:
        assert str(error).startswith(str(path))


@FUZZ
@given(data=st.data())
def test_any_field_set_to_any_value_gives_a_store_error_or_a_workshop(data: st.DataObject) -> None:
    tables = good_tables()
    table = data.draw(st.sampled_from(sorted(tables)))
    doc_id = data.draw(st.sampled_from(sorted(tables[table])))
    record = tables[table][doc_id]
    target: dict[str, Any] | list[Any] = record
    if table == "maps" and data.draw(st.booleans()):
        part = record[data.draw(st.sampled_from(["stages", "lanes"]))]
        target = part[data.draw(st.integers(0, len(part) - 1))]
    field = data.draw(st.sampled_from(sorted(target)) | st.text(max_size=3))
    if data.draw(st.booleans()):
        target.pop(field, None)
    else:
        target[field] = data.draw(JSON_VALUES)
    with tempfile.TemporaryDirectory() as folder:
        _load_or_store_error(write_tables(Path(folder) / "w.journey", tables))


@FUZZ
@given(cut=st.integers(min_value=0), flip=st.integers(min_value=0), byte=st.integers(0, 255))
def test_any_cut_or_changed_byte_gives_a_store_error_or_a_workshop(
    cut: int, flip: int, byte: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "w.journey"
        save_workshop(example_workshop(), path)
        data = bytearray(path.read_bytes())
        data[flip % len(data)] = byte
        path.write_bytes(bytes(data[: len(data) - cut % len(data)]))
        _load_or_store_error(path)
