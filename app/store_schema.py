"""Workshop ⇄ plain tables: the records a `.journey` file holds, and every check made on them.

The tables are what the file holds (`{table name: {doc id: record}}`, doc ids "1", "2", …
in model order). `workshop_to_tables` never fails. `tables_to_workshop` upgrades older
formats (`app.migrations`), then checks types, ranges, ids and references in one pass per
table (ids are indexed in dicts and sets first, so the checks stay linear) and raises
StoreError naming the first thing wrong; `read_tables` does the same, raising
`FileProblem` without a file name.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import fields
from operator import itemgetter
from typing import Any

from app import __version__, migrations
from app.errors import StoreError
from app.model import (
    CONFLICT_STATUSES,
    DIRECTIONS,
    EMOTION_MAX,
    EMOTION_MIN,
    ENGAGEMENT_LEVELS,
    NOTE_KINDS,
    RADIUS_MAX,
    RADIUS_MIN,
    ROLES,
    VOTE_KINDS,
    VOTING_GROUPS,
    WEIGHT_MAX,
    WEIGHT_MIN,
    Actor,
    ConflictRecord,
    JourneyMap,
    Lane,
    Link,
    Note,
    Stage,
    Step,
    Vote,
    Workshop,
    WorkshopInfo,
)

Record = dict[str, Any]
Tables = dict[str, dict[str, Record]]

FORMAT_MARKER = "journey-workshop"
TABLE_NAMES = (
    "actors",
    "conflicts",
    "links",
    "maps",
    "meta",
    "notes",
    "steps",
    "votes",
    "workshop",
)
INFO_FIELDS = tuple(f.name for f in fields(WorkshopInfo))
NoneType = type(None)


class FileProblem(Exception):
    """What is wrong with a workshop file or its tables, in plain words."""

    def for_file(self, path: object) -> str:
        """The whole message for the user, starting with the file's name."""
        return f"{path}: {self}"


class DamagedRecordProblem(FileProblem):
    """A record is of the wrong shape, out of range, or points at something missing."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"the file is damaged: {detail}")
        self.detail = detail


class NewerFormatProblem(FileProblem):
    """The file was written in a newer format than this copy of the app reads."""

    def __init__(self, file_version: int, app_version: object) -> None:
        super().__init__(f"file format {file_version} is newer than this copy reads")
        self.file_version = file_version
        self.app_version = app_version if isinstance(app_version, str) else ""

    def for_file(self, path: object) -> str:
        mine = f"this copy ({__version__}) reads format {migrations.SCHEMA_VERSION} and older"
        if self.app_version.strip():
            return (
                f"{path} was saved by Journey Workshop {self.app_version} "
                f"(file format {self.file_version}); {mine}. Install Journey Workshop "
                f"{self.app_version} or newer to open it."
            )
        return (
            f"{path} was saved by a newer Journey Workshop (file format {self.file_version}); "
            f"{mine}. Install a newer Journey Workshop to open it."
        )


# ---------------------------------------------------------------------------------------
# Model -> tables


def _numbered(records: Iterable[Record]) -> dict[str, Record]:
    return {str(number): record for number, record in enumerate(records, start=1)}


def _float(value: Any) -> Any:
    """Whole numbers as floats, so positions and sizes are always written the same way."""
    return float(value) if type(value) is int else value


def workshop_to_tables(workshop: Workshop) -> Tables:
    """The plain tables of `workshop`: what a `.journey` file holds, meta record included."""
    info = workshop.info
    return {
        "meta": {
            "1": {
                "format": FORMAT_MARKER,
                "schema_version": migrations.SCHEMA_VERSION,
                "app_version": __version__,
            }
        },
        "workshop": {"1": {name: getattr(info, name) for name in INFO_FIELDS}},
        "actors": _numbered(
            {"id": a.id, "name": a.name, "role": a.role, "colour": a.colour}
            for a in workshop.actors.values()
        ),
        "maps": _numbered(
            {
                "id": m.id,
                "name": m.name,
                "radius": m.radius,
                "stages": [
                    {"id": stage.id, "name": stage.name, "width": _float(stage.width)}
                    for stage in m.stages
                ],
                "lanes": [{"actor": lane.actor, "height": _float(lane.height)} for lane in m.lanes],
            }
            for m in workshop.maps
        ),
        "steps": _numbered(
            {
                "id": s.id,
                "map": s.map,
                "stage": s.stage,
                "actor": s.actor,
                "text": s.text,
                "with": list(s.with_actors),
                "channel": s.channel,
                "description": s.description,
                "emotion": s.emotion,
                "x": _float(s.x),
                "y": _float(s.y),
            }
            for s in workshop.steps.values()
        ),
        "links": _numbered(
            {"id": link.id, "source": link.source, "target": link.target}
            for link in workshop.links.values()
        ),
        "notes": _numbered(
            {
                "id": n.id,
                "step": n.step,
                "kind": n.kind,
                "actor": n.actor,
                "text": n.text,
                "dimension": n.dimension,
                "direction": n.direction,
                "weight": n.weight,
                "rating": n.rating,
            }
            for n in workshop.notes.values()
        ),
        "conflicts": _numbered(
            {"a": c.a, "b": c.b, "declared": c.declared, "status": c.status, "note": c.note}
            for c in workshop.conflicts.values()
        ),
        "votes": _numbered(
            {"group": v.group, "kind": v.kind, "target": list(v.target), "dots": v.dots}
            for v in workshop.votes.values()
        ),
    }


# ---------------------------------------------------------------------------------------
# Database shape and meta record


def _show(value: Any) -> str:
    """A short printable form of a value from the file."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind_of_json(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a text", bool: "true or false"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def check_database(data: Any) -> int:
    """Check that `data` is a workshop's tables in a format this copy reads; its version.

    Checks the TinyDB shape (tables of records keyed by whole-number doc ids) and the meta
    record; refuses newer formats with `NewerFormatProblem`.
    """
    if not isinstance(data, dict):
        raise FileProblem(
            "the file is damaged or not a workshop file: it holds JSON, but "
            f"{_kind_of_json(data)} instead of the tables of a workshop"
        )
    version = _check_meta(data.get("meta"))
    for name, table in data.items():
        if not isinstance(table, dict):
            raise FileProblem(
                f"the file is damaged: table {_show(name)} is {_kind_of_json(table)}, not an object"
            )
        for doc_id, record in table.items():
            try:
                int(doc_id)
            except (TypeError, ValueError):
                raise FileProblem(
                    f"the file is damaged: table {_show(name)} has a record numbered "
                    f"{_show(doc_id)}; records must be numbered 1, 2, 3 …"
                ) from None
            if not isinstance(record, dict):
                raise FileProblem(
                    f"the file is damaged: table {_show(name)}, record {doc_id} is "
                    f"{_kind_of_json(record)}, not an object"
                )
    return version


def _check_meta(meta: Any) -> int:
    not_ours = "the file is not a Journey Workshop file"
    if not isinstance(meta, dict) or not meta:
        raise FileProblem(
            f"{not_ours}: it has no meta table (it may be a TinyDB database of another program)"
        )
    if len(meta) != 1:
        raise FileProblem(
            f'the file is damaged: table "meta" holds {len(meta)} records instead of one'
        )
    record = next(iter(meta.values()))
    if not isinstance(record, dict) or record.get("format") != FORMAT_MARKER:
        marker = record.get("format") if isinstance(record, dict) else None
        raise FileProblem(
            f'{not_ours}: its meta record says format {_show(marker)}, not "{FORMAT_MARKER}"'
        )
    version = record.get("schema_version")
    if type(version) is not int or version < 1:
        raise FileProblem(
            f'the file is damaged: in table "meta", field "schema_version" is {_show(version)}; '
            "it must be a whole number from 1 up"
        )
    if version > migrations.SCHEMA_VERSION:
        raise NewerFormatProblem(version, record.get("app_version"))
    return version


# ---------------------------------------------------------------------------------------
# Tables -> model


class _Field:
    """A field of a record: its name, the JSON types it may have and what to tell users."""

    __slots__ = ("expect", "name", "types")

    def __init__(self, name: str, types: tuple[type, ...], expect: str) -> None:
        self.name = name
        self.types = types
        self.expect = expect


def _id(name: str) -> _Field:
    return _Field(name, (str,), "a text that is not empty")


def _text(name: str) -> _Field:
    return _Field(name, (str,), "a text")


def _number(name: str) -> _Field:
    return _Field(name, (float, int), "a number")


def _optional_int(name: str, low: int, high: int) -> _Field:
    return _Field(name, (int, NoneType), f"null or a whole number from {low} to {high}")


def _int(name: str, low: int, high: int) -> _Field:
    return _Field(name, (int,), f"a whole number from {low} to {high}")


def _choice(name: str, choices: Iterable[str]) -> _Field:
    return _Field(name, (str,), "one of " + ", ".join(f'"{c}"' for c in choices))


def _list(name: str, expect: str) -> _Field:
    return _Field(name, (list,), expect)


class _Shape:
    """The fields of one kind of record, with a fast check of all their types at once."""

    def __init__(self, *record_fields: _Field) -> None:
        self.fields = record_fields
        self.names = tuple(f.name for f in record_fields)
        self.by_name = {f.name: f for f in record_fields}
        self.getter = itemgetter(*self.names)
        allowed: set[tuple[type, ...]] = {()}
        for f in record_fields:
            allowed = {(*prefix, t) for prefix in allowed for t in f.types}
        self.allowed_types = frozenset(allowed)


INFO_SHAPE = _Shape(
    *(_choice(n, ("", *ENGAGEMENT_LEVELS)) if n == "engagement" else _text(n) for n in INFO_FIELDS)
)
ACTOR_SHAPE = _Shape(_id("id"), _text("name"), _choice("role", ROLES), _text("colour"))
MAP_SHAPE = _Shape(
    _id("id"),
    _text("name"),
    _int("radius", RADIUS_MIN, RADIUS_MAX),
    _list("stages", "a list of stages"),
    _list("lanes", "a list of lanes"),
)
STAGE_SHAPE = _Shape(_id("id"), _text("name"), _number("width"))
LANE_SHAPE = _Shape(_id("actor"), _number("height"))
STEP_SHAPE = _Shape(
    _id("id"),
    _id("map"),
    _id("stage"),
    _id("actor"),
    _text("text"),
    _list("with", "a list of actor ids"),
    _text("channel"),
    _text("description"),
    _optional_int("emotion", EMOTION_MIN, EMOTION_MAX),
    _number("x"),
    _number("y"),
)
LINK_SHAPE = _Shape(_id("id"), _id("source"), _id("target"))
NOTE_SHAPE = _Shape(
    _id("id"),
    _id("step"),
    _choice("kind", NOTE_KINDS),
    _id("actor"),
    _text("text"),
    _text("dimension"),
    _choice("direction", ("", *DIRECTIONS)),
    _optional_int("weight", WEIGHT_MIN, WEIGHT_MAX),
    _optional_int("rating", EMOTION_MIN, EMOTION_MAX),
)
CONFLICT_SHAPE = _Shape(
    _id("a"),
    _id("b"),
    _Field("declared", (bool,), "true or false"),
    _choice("status", CONFLICT_STATUSES),
    _text("note"),
)

MAX_DOTS = 10_000
VOTE_SHAPE = _Shape(
    _choice("group", VOTING_GROUPS),
    _choice("kind", VOTE_KINDS),
    _list("target", "a list of one step id or two need ids"),
    _int("dots", 1, MAX_DOTS),
)

ROLE_SET = frozenset(ROLES)
ENGAGEMENT_SET = frozenset(("", *ENGAGEMENT_LEVELS))
NOTE_KIND_SET = frozenset(NOTE_KINDS)
DIRECTION_SET = frozenset(("", *DIRECTIONS))
STATUS_SET = frozenset(CONFLICT_STATUSES)
HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def _is_colour(value: str) -> bool:
    """`#RGB`, `#RRGGBB` or `#AARRGGBB`, as Qt reads them."""
    return len(value) in (4, 7, 9) and value[0] == "#" and HEX_DIGITS.issuperset(value[1:])


def _sorted_records(tables: Mapping[str, Any], name: str) -> list[tuple[str, Record]]:
    """The records of table `name` as (doc id, record) pairs, in doc-id order."""
    table = tables.get(name) or {}
    items = list(table.items())
    numbers = list(map(int, table))
    if numbers != sorted(numbers):
        order = sorted(range(len(items)), key=numbers.__getitem__)
        items = [items[index] for index in order]
    return items


class _Place:
    """Where in the tables a record is, for messages: table, doc id and the record's id."""

    __slots__ = ("doc_id", "part", "record", "table")

    def __init__(self, table: str, doc_id: str, record: Record, part: str = "") -> None:
        self.table = table
        self.doc_id = doc_id
        self.record = record
        self.part = part

    def __str__(self) -> str:
        ident = self.record.get("id") if self.table != "conflicts" else None
        name = f" (id {_show(ident)})" if isinstance(ident, str) and ident else ""
        if self.table == "conflicts":
            a, b = self.record.get("a"), self.record.get("b")
            if isinstance(a, str) and isinstance(b, str):
                name = f" (needs {_show(a)} and {_show(b)})"
        part = f", {self.part}" if self.part else ""
        return f"table {_show(self.table)}, record {self.doc_id}{name}{part}"

    def problem(self, text: str) -> DamagedRecordProblem:
        return DamagedRecordProblem(f"{self}: {text}")

    def field_problem(self, field_name: str, value: Any, expect: str) -> DamagedRecordProblem:
        return self.problem(f"field {_show(field_name)} is {_show(value)}; it must be {expect}")


def _values(shape: _Shape, record: Record, place: _Place) -> tuple[Any, ...]:
    """The record's fields in `shape` order, each of an allowed type."""
    try:
        values = shape.getter(record)
    except KeyError:
        missing = [n for n in shape.names if n not in record]
        raise place.problem(f'field "{missing[0]}" is missing') from None
    if len(shape.names) == 1:
        values = (values,)
    if tuple(map(type, values)) not in shape.allowed_types:
        for f, value in zip(shape.fields, values, strict=True):
            if type(value) not in f.types:
                raise place.field_problem(f.name, value, f.expect)
    return values


def _bad_value(shape: _Shape, field_name: str, value: Any, place: _Place) -> DamagedRecordProblem:
    return place.field_problem(field_name, value, shape.by_name[field_name].expect)


def _number_value(shape: _Shape, field_name: str, value: float, place: _Place) -> float:
    if not math.isfinite(value):
        raise _bad_value(shape, field_name, value, place)
    return float(value)


class _TablesReader:
    """Builds a Workshop from current-format tables, checking as it goes."""

    def __init__(self, tables: Mapping[str, Any]) -> None:
        self.tables = tables
        self.workshop = Workshop()
        self.stages_of_map: dict[str, set[str]] = {}
        self.lanes_of_map: dict[str, set[str]] = {}
        self.card_tables: dict[str, str] = {}  # card id -> table that holds it

    def read(self) -> Workshop:
        self._read_info()
        self._read_actors()
        self._read_maps()
        self._read_steps()
        self._read_links()
        self._read_notes()
        self._read_conflicts()
        self._read_votes()
        return self.workshop

    def _read_info(self) -> None:
        records = _sorted_records(self.tables, "workshop")
        if len(records) != 1:
            raise FileProblem(
                f'the file is damaged: table "workshop" holds {len(records)} records instead of one'
            )
        doc_id, record = records[0]
        place = _Place("workshop", doc_id, record)
        values = _values(INFO_SHAPE, record, place)
        info = WorkshopInfo(**dict(zip(INFO_FIELDS, values, strict=True)))
        if info.engagement not in ENGAGEMENT_SET:
            raise _bad_value(INFO_SHAPE, "engagement", info.engagement, place)
        self.workshop.info = info

    def _new_card_id(self, ident: str, table: str, place: _Place) -> None:
        if ident in self.card_tables:
            other = self.card_tables[ident]
            where = "twice" if other == table else f"also in table {_show(other)}"
            raise place.problem(
                f"the id {_show(ident)} is used {where}; steps, links and notes need ids of "
                "their own"
            )
        self.card_tables[ident] = table

    def _read_actors(self) -> None:
        actors = self.workshop.actors
        for doc_id, record in _sorted_records(self.tables, "actors"):
            place = _Place("actors", doc_id, record)
            ident, name, role, colour = _values(ACTOR_SHAPE, record, place)
            if not ident:
                raise _bad_value(ACTOR_SHAPE, "id", ident, place)
            if ident in actors:
                raise place.problem(f"the actor id {_show(ident)} is used twice")
            if role not in ROLE_SET:
                raise _bad_value(ACTOR_SHAPE, "role", role, place)
            if not _is_colour(colour):
                raise place.field_problem(
                    "colour", colour, "a colour written #RRGGBB, such as #E69F00"
                )
            actors[ident] = Actor(id=ident, name=name, role=role, colour=colour)

    def _read_maps(self) -> None:
        maps = self.workshop.maps
        actors = self.workshop.actors
        for doc_id, record in _sorted_records(self.tables, "maps"):
            place = _Place("maps", doc_id, record)
            ident, name, radius, stage_records, lane_records = _values(MAP_SHAPE, record, place)
            if not ident:
                raise _bad_value(MAP_SHAPE, "id", ident, place)
            if ident in self.stages_of_map:
                raise place.problem(f"the map id {_show(ident)} is used twice")
            if not RADIUS_MIN <= radius <= RADIUS_MAX:
                raise _bad_value(MAP_SHAPE, "radius", radius, place)
            stages: list[Stage] = []
            stage_ids: set[str] = set()
            for number, stage_record in enumerate(stage_records, start=1):
                part = _Place("maps", doc_id, record, f"stage {number}")
                if not isinstance(stage_record, dict):
                    raise part.problem(f"it is {_kind_of_json(stage_record)}, not an object")
                stage_id, stage_name, width = _values(STAGE_SHAPE, stage_record, part)
                if not stage_id:
                    raise _bad_value(STAGE_SHAPE, "id", stage_id, part)
                if stage_id in stage_ids:
                    raise part.problem(f"the stage id {_show(stage_id)} is used twice in this map")
                width = _number_value(STAGE_SHAPE, "width", width, part)
                if width <= 0:
                    raise part.field_problem("width", width, "a number above 0")
                stage_ids.add(stage_id)
                stages.append(Stage(id=stage_id, name=stage_name, width=width))
            lanes: list[Lane] = []
            lane_actors: set[str] = set()
            for number, lane_record in enumerate(lane_records, start=1):
                part = _Place("maps", doc_id, record, f"lane {number}")
                if not isinstance(lane_record, dict):
                    raise part.problem(f"it is {_kind_of_json(lane_record)}, not an object")
                actor, height = _values(LANE_SHAPE, lane_record, part)
                if actor not in actors:
                    raise part.problem(
                        f"the lane is of actor {_show(actor)}, who is not in the file"
                    )
                if actor in lane_actors:
                    raise part.problem(f"actor {_show(actor)} has two lanes in this map")
                height = _number_value(LANE_SHAPE, "height", height, part)
                if height <= 0:
                    raise part.field_problem("height", height, "a number above 0")
                lane_actors.add(actor)
                lanes.append(Lane(actor=actor, height=height))
            self.stages_of_map[ident] = stage_ids
            self.lanes_of_map[ident] = lane_actors
            maps.append(JourneyMap(id=ident, name=name, stages=stages, lanes=lanes, radius=radius))

    def _read_steps(self) -> None:
        steps = self.workshop.steps
        actors = self.workshop.actors
        stages_of_map = self.stages_of_map
        for doc_id, record in _sorted_records(self.tables, "steps"):
            place = _Place("steps", doc_id, record)
            values = _values(STEP_SHAPE, record, place)
            ident, map_id, stage, actor, text, with_actors, channel, description = values[:8]
            emotion, x, y = values[8:]
            if not ident:
                raise _bad_value(STEP_SHAPE, "id", ident, place)
            self._new_card_id(ident, "steps", place)
            map_stages = stages_of_map.get(map_id)
            if map_stages is None:
                raise place.problem(f"the step is in map {_show(map_id)}, which is not in the file")
            if stage not in map_stages:
                raise place.problem(
                    f"the step is in stage {_show(stage)}, which map {_show(map_id)} does not have"
                )
            if actor not in actors:
                raise place.problem(
                    f"the step is in the lane of actor {_show(actor)}, who is not in the file"
                )
            if actor not in self.lanes_of_map[map_id]:
                raise place.problem(
                    f"the step is in the lane of actor {_show(actor)}, "
                    f"which map {_show(map_id)} does not have"
                )
            for other in with_actors:
                if type(other) is not str or other not in actors:
                    raise place.problem(
                        f'field "with" names actor {_show(other)}, who is not in the file'
                    )
            if emotion is not None and not EMOTION_MIN <= emotion <= EMOTION_MAX:
                raise _bad_value(STEP_SHAPE, "emotion", emotion, place)
            steps[ident] = Step(
                id=ident,
                map=map_id,
                stage=stage,
                actor=actor,
                text=text,
                with_actors=list(with_actors),
                channel=channel,
                description=description,
                emotion=emotion,
                x=_number_value(STEP_SHAPE, "x", x, place),
                y=_number_value(STEP_SHAPE, "y", y, place),
            )

    def _read_links(self) -> None:
        links = self.workshop.links
        steps = self.workshop.steps
        for doc_id, record in _sorted_records(self.tables, "links"):
            place = _Place("links", doc_id, record)
            ident, source, target = _values(LINK_SHAPE, record, place)
            if not ident:
                raise _bad_value(LINK_SHAPE, "id", ident, place)
            self._new_card_id(ident, "links", place)
            source_step = steps.get(source)
            target_step = steps.get(target)
            if source_step is None or target_step is None:
                missing = source if source_step is None else target
                raise place.problem(
                    f"the link joins step {_show(missing)}, which is not in the file"
                )
            if source_step.map != target_step.map:
                raise place.problem(
                    f"the link joins steps of two maps ({_show(source_step.map)} and "
                    f"{_show(target_step.map)}); links stay within one map"
                )
            links[ident] = Link(id=ident, source=source, target=target)

    def _read_notes(self) -> None:
        notes = self.workshop.notes
        steps = self.workshop.steps
        actors = self.workshop.actors
        for doc_id, record in _sorted_records(self.tables, "notes"):
            place = _Place("notes", doc_id, record)
            (ident, step, kind, actor, text, dimension, direction, weight, rating) = _values(
                NOTE_SHAPE, record, place
            )
            if not ident:
                raise _bad_value(NOTE_SHAPE, "id", ident, place)
            self._new_card_id(ident, "notes", place)
            if step not in steps:
                raise place.problem(f"the note is on step {_show(step)}, which is not in the file")
            if actor not in actors:
                raise place.problem(f"the note is by actor {_show(actor)}, who is not in the file")
            if kind not in NOTE_KIND_SET:
                raise _bad_value(NOTE_SHAPE, "kind", kind, place)
            if direction not in DIRECTION_SET:
                raise _bad_value(NOTE_SHAPE, "direction", direction, place)
            if weight is not None and not WEIGHT_MIN <= weight <= WEIGHT_MAX:
                raise _bad_value(NOTE_SHAPE, "weight", weight, place)
            if rating is not None and not EMOTION_MIN <= rating <= EMOTION_MAX:
                raise _bad_value(NOTE_SHAPE, "rating", rating, place)
            notes[ident] = Note(
                id=ident,
                step=step,
                kind=kind,
                actor=actor,
                text=text,
                dimension=dimension,
                direction=direction,
                weight=weight,
                rating=rating,
            )

    def _read_conflicts(self) -> None:
        conflicts = self.workshop.conflicts
        notes = self.workshop.notes
        for doc_id, record in _sorted_records(self.tables, "conflicts"):
            place = _Place("conflicts", doc_id, record)
            a, b, declared, status, note = _values(CONFLICT_SHAPE, record, place)
            for side in (a, b):
                need = notes.get(side)
                if need is None:
                    raise place.problem(
                        f"the record is about note {_show(side)}, which is not in the file"
                    )
                if need.kind != "need":
                    raise place.problem(f"note {_show(side)} is a {need.kind}, not a need")
            if not a < b:
                raise place.problem(
                    "the two needs must be different, the smaller id first (as "
                    f'"{min(a, b)}", "{max(a, b)}")'
                )
            if (a, b) in conflicts:
                raise place.problem(f"needs {_show(a)} and {_show(b)} have two records")
            if status not in STATUS_SET:
                raise _bad_value(CONFLICT_SHAPE, "status", status, place)
            conflicts[(a, b)] = ConflictRecord(
                a=a, b=b, declared=declared, status=status, note=note
            )

    def _read_votes(self) -> None:
        votes, steps, notes = self.workshop.votes, self.workshop.steps, self.workshop.notes
        for doc_id, record in _sorted_records(self.tables, "votes"):
            place = _Place("votes", doc_id, record)
            group, kind, target_list, dots = _values(VOTE_SHAPE, record, place)
            target = tuple(target_list)
            if group not in VOTING_GROUPS:
                raise _bad_value(VOTE_SHAPE, "group", group, place)
            if kind not in VOTE_KINDS:
                raise _bad_value(VOTE_SHAPE, "kind", kind, place)
            if not 1 <= dots <= MAX_DOTS:
                raise _bad_value(VOTE_SHAPE, "dots", dots, place)
            if any(type(part) is not str for part in target):
                raise place.field_problem("target", target_list, "a list of ids")
            if kind == "step" and (len(target) != 1 or target[0] not in steps):
                raise place.problem(
                    f"the votes are on step {_show(target_list)}, which is not in the file"
                )
            if kind == "conflict" and (
                len(target) != 2
                or not target[0] < target[1]
                or any(notes.get(n) is None or notes[n].kind != "need" for n in target)
            ):
                raise place.problem(
                    f"the votes are on conflict {_show(target_list)}, which is not two needs "
                    "of the file, the smaller id first"
                )
            if (group, kind, target) in votes:
                raise place.problem(f"{group} voted twice on {kind} {_show(target_list)}")
            votes[(group, kind, target)] = Vote(group, kind, target, dots)


def tables_to_workshop(tables: Mapping[str, Any], path_for_messages: object) -> Workshop:
    """The Workshop the tables describe, upgrading older formats first.

    Raises StoreError (message: `path_for_messages`, then what is wrong) for tables that
    are not a workshop, are damaged, or come from a newer version of the app.
    """
    try:
        return read_tables(tables)
    except FileProblem as problem:
        raise StoreError(problem.for_file(path_for_messages)) from None


def read_tables(tables: Mapping[str, Any]) -> Workshop:
    """Like `tables_to_workshop`, raising `FileProblem` (no file name) instead."""
    version = check_database(tables)
    if version < migrations.SCHEMA_VERSION:
        tables = upgrade(tables, version)
    return _TablesReader(tables).read()


def upgrade(tables: Mapping[str, Any], version: int) -> Tables:
    """`tables` of format `version` migrated to the current format, or `FileProblem`."""
    try:
        upgraded = migrations.migrate(dict(tables), version)
    except migrations.MigrationMissingError as error:
        raise FileProblem(f"the file cannot be opened: {error}") from None
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as error:
        raise FileProblem(
            f"the file is damaged: it could not be upgraded from file format {version} "
            f"({type(error).__name__}: {error})"
        ) from None
    check_database(upgraded)
    return upgraded
