"""Import a cards CSV (one spreadsheet row per sticky note) into a workshop: specs/cards-csv.md.

`read_cards`/`parse_cards` import, `write_cards`/`save_cards` (in app.cards_export) export.
An import succeeds whole or raises `CardsError` listing every problem, each as
`FILE:ROW: column: message` with ROW as a spreadsheet numbers it (the header is row 1).

Where the spec is silent, this module chooses (and says so next to the code):
- the workshop's dicts hold each map's items together, maps in order, rows in row order
  within a map; actors are created in the order those items name them (each map's steps,
  actor then `with`, then its notes). For a file whose maps come one after the other and
  whose steps come before their notes (what `cards` writes) that is plain row order; for
  any file it makes import, export and import again give the very same workshop;
- an empty `stage` cell is, as the spec says, the map's last stage so far: the newest of
  the stages its rows have named (not the stage of the row above);
- a cell in a column the row's kind does not use is ignored with a warning; so are cells
  past the last header name or under an empty one;
- `role` counts only on rows that name an actor in `actor`;
- a link from a step to itself is allowed (the spec does not forbid it).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TypeVar

from app.cards_export import COLUMNS, FORMULA_STARTS, save_cards, write_cards
from app.errors import CardsError
from app.layout import apply_layout, plan_layout
from app.model import (
    DEFAULT_WEIGHT,
    EMOTION_MAX,
    EMOTION_MIN,
    NOTE_KINDS,
    ROLES,
    WEIGHT_MAX,
    WEIGHT_MIN,
    WEIGHTED_KINDS,
    Actor,
    ConflictRecord,
    JourneyMap,
    Lane,
    Link,
    Note,
    Stage,
    Step,
    Workshop,
    WorkshopInfo,
    pair_key,
)

__all__ = ["COLUMNS", "parse_cards", "read_cards", "save_cards", "write_cards"]

_T = TypeVar("_T")
_V = TypeVar("_V")

KINDS = ("step", "need", "pain", "idea", "quote", "feeling", "link", "conflict")
DELIMITERS = (",", ";", "\t")
ID_PREFIXES = dict(step="s", need="n", pain="p", idea="i", quote="q", feeling="f", link="l")
_NOTE_COLUMNS = {"actor", "role", "text", "step"}
USED_COLUMNS = {
    "step": {"map", "stage", "actor", "role", "text", "emotion", "with", "channel"},
    "need": _NOTE_COLUMNS | {"dimension", "direction", "weight"},
    "pain": _NOTE_COLUMNS | {"weight"},
    "idea": _NOTE_COLUMNS,
    "quote": _NOTE_COLUMNS,
    "feeling": _NOTE_COLUMNS | {"emotion"},
    "link": {"from", "to"},
    "conflict": {"from", "to"},
}
DIRECTION_WORDS = {"more": "more", "+": "more", "less": "less", "-": "less"}
DEFAULT_MAP = "Journey"
DEFAULT_STAGE = "Stage 1"
INTEGER = re.compile(r"[+-]?[0-9]{1,9}")  # short: int() of a huge string would raise
UTF8_ADVICE = (
    'save the sheet as "CSV UTF-8" (Excel: Save As > CSV UTF-8 (Comma delimited); '
    'LibreOffice: character set "Unicode (UTF-8)") and import it again'
)


def read_cards(path: Path) -> tuple[Workshop, list[str]]:
    """Import the cards CSV at `path`: the workshop and the warnings, or `CardsError`."""
    name = path.name
    if path.is_dir():
        raise CardsError([f"{name}: is a folder, not a cards CSV file"])
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CardsError([f"{name}: no such file ({path})"]) from None
    except OSError as error:
        raise CardsError([f"{name}: cannot read the file: {error.strerror or error}"]) from None
    return parse_cards(_decode(data, name), name)


def parse_cards(text: str, name: str) -> tuple[Workshop, list[str]]:
    """Import cards CSV text; `name` (the file's name) starts every message and gives the title."""
    rows, warnings = _read_table(text, name)
    cards = _CardsImport(name, rows)
    for row in rows:
        cards.add_row(row)
    cards.resolve()
    if cards.problems:
        ordered = sorted(cards.problems, key=lambda problem: problem[0])
        raise CardsError([message for _row, message in ordered])
    return cards.build(), warnings + cards.unused_column_warnings()


def _decode(data: bytes, name: str) -> str:
    """The file's text: UTF-8 with or without a byte-order mark, or a `CardsError`."""
    bom = b"\xef\xbb\xbf"
    skipped = len(bom) if data.startswith(bom) else 0
    try:
        return data[skipped:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = skipped + error.start
        line = data.count(b"\n", 0, offset) + 1
        where = f"byte 0x{data[offset]:02X} at byte offset {offset} (line {line})"
        raise CardsError(
            [f"{name}: not UTF-8 text: {where} cannot be read; {UTF8_ADVICE}"]
        ) from None


@dataclass
class _Row:
    """One data row: its spreadsheet row number and its cells by (known) column name."""

    number: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")


def _clean_cell(cell: str) -> str:
    """A cell's value: surrounding white space dropped, then one `'` before = + - @."""
    value = cell.strip()
    if value[:1] == "'" and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value


def _read_table(text: str, name: str) -> tuple[list[_Row], list[str]]:
    """Split the text into rows of known columns; header problems raise at once."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        example = ",".join(COLUMNS)
        raise CardsError([f"{name}: the file is empty; its first row must be a header: {example}"])
    delimiter, header = _detect_delimiter(text)
    names = [cell.strip() for cell in header]
    keys = [cell.casefold() for cell in names]
    if "kind" not in keys:
        found = ", ".join(f"'{cell}'" for cell in names if cell) or "none"
        raise CardsError([f"{name}:1: kind: the header has no 'kind' column (found: {found})"])
    positions: dict[str, int] = {}
    unknown: dict[str, str] = {}
    problems = []
    for index, key in enumerate(keys):
        if key in positions:
            problems.append(
                f"{name}:1: {key}: duplicate column '{key}' (columns "
                f"{_column_letter(positions[key])} and {_column_letter(index)}); keep one"
            )
        elif key in COLUMNS:
            positions[key] = index
        elif key:  # an empty header name: cells under it count as stray cells below
            unknown.setdefault(key, names[index])
    if problems:
        raise CardsError(problems)
    warnings: list[str] = []
    if unknown:
        warnings.append(
            f"{name}:1: warning: unknown columns ignored: {', '.join(unknown.values())}"
        )
    named = {i for i, key in enumerate(keys) if key}

    rows: list[_Row] = []
    stray_rows: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 1
    next(reader)  # the header
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise CardsError([f"{name}:{number + 1}: cannot read the row: {error}"]) from None
        number += 1  # records, not lines: a quoted cell with line breaks is one row
        cells = [_clean_cell(cell) for cell in record]
        if not any(cells):
            continue  # a blank row: skipped, but it keeps its number
        if any(cell for i, cell in enumerate(cells) if i not in named):
            stray_rows.append(number)
        rows.append(
            _Row(number, {key: cells[i] if i < len(cells) else "" for key, i in positions.items()})
        )
    if stray_rows:
        warnings.append(
            f"{name}:{stray_rows[0]}: warning: cells in columns without a header name ignored "
            f"({_rows_text(stray_rows)})"
        )
    return rows, warnings


def _detect_delimiter(text: str) -> tuple[str, list[str]]:
    """The delimiter whose header has a `kind` column, else the one giving most columns."""
    best: tuple[tuple[bool, int], str, list[str]] | None = None
    for delimiter in DELIMITERS:
        try:
            header = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
        except csv.Error:
            header = []
        score = (any(cell.strip().casefold() == "kind" for cell in header), len(header))
        if best is None or score > best[0]:
            best = (score, delimiter, header)
    assert best is not None
    return best[1], best[2]


def _column_letter(index: int) -> str:
    """A spreadsheet's name for the column at 0-based `index`: A, B, …, Z, AA, …"""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _rows_text(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:8]) + (", …" if len(numbers) > 8 else "")
    return f"row {shown}" if len(numbers) == 1 else f"rows {shown}"


def _or_list(words: Iterable[str]) -> str:
    items = list(words)
    return ", ".join(items[:-1]) + " or " + items[-1]


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _title(name: str) -> str:
    """The workshop title from the file name: `antenatal_visit.csv` gives `Antenatal visit`."""
    stem = PurePath(name).stem.replace("-", " ").replace("_", " ")
    return stem[:1].upper() + stem[1:]


class _IdMaker:
    """Fresh ids per prefix (`s1`, `s2`, …), skipping every ref of the file. O(1) each."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.counters: dict[str, int] = defaultdict(int)

    def new(self, prefix: str) -> str:
        while True:
            self.counters[prefix] += 1
            candidate = f"{prefix}{self.counters[prefix]}"
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate


@dataclass
class _StepRow:
    """A step row: names as written until `build` turns them into ids."""

    row: int
    id: str
    map: str
    stage: str
    actor: str
    text: str
    with_names: list[str]
    channel: str
    emotion: int | None


@dataclass
class _NoteRow:
    """A note row: `note` is the model note, its `step` and `actor` filled in by `build`."""

    row: int
    note: Note
    step_cell: str
    actor: str  # as written; empty means the step's actor
    step: _StepRow | None = None  # resolved

    @property
    def owner(self) -> str:
        """The name of the actor whose note this is."""
        return self.actor or (self.step.actor if self.step else "")


@dataclass
class _JoinRow:
    """A link row (two steps) or a conflict row (two needs), resolved in the second pass."""

    row: int
    id: str
    from_cell: str
    to_cell: str
    ends: tuple[_StepRow, _StepRow] | tuple[_NoteRow, _NoteRow] | None = None


def _group_by_map(items: Iterable[_T], map_of: Callable[[_T], str]) -> dict[str, list[_T]]:
    groups: dict[str, list[_T]] = defaultdict(list)
    for item in items:
        groups[map_of(item)].append(item)
    return groups


@dataclass
class _CardsImport:
    """The rows of one file on their way to a workshop, and the problems found."""

    name: str
    all_rows: list[_Row]
    problems: list[tuple[int, str]] = field(default_factory=list)
    steps: list[_StepRow] = field(default_factory=list)
    notes: list[_NoteRow] = field(default_factory=list)
    links: list[_JoinRow] = field(default_factory=list)
    conflicts: list[_JoinRow] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # actor name -> first role given
    ref_rows: dict[str, tuple[int, str]] = field(default_factory=dict)  # ref -> (row, kind)
    step_by_ref: dict[str, _StepRow] = field(default_factory=dict)
    steps_by_text: dict[str, list[_StepRow]] = field(default_factory=lambda: defaultdict(list))
    need_by_ref: dict[str, _NoteRow] = field(default_factory=dict)
    last_stage: dict[str, str] = field(default_factory=dict)  # map name -> its newest stage
    stages_seen: set[tuple[str, str]] = field(default_factory=set)  # (map name, stage)
    unused: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    ids: _IdMaker = field(init=False)

    def __post_init__(self) -> None:
        self.ids = _IdMaker({row["ref"] for row in self.all_rows if row["ref"]})

    def error(self, row: int, column: str, message: str) -> None:
        self.problems.append((row, f"{self.name}:{row}: {column}: {message}"))

    # First pass: each row on its own.

    def add_row(self, row: _Row) -> None:
        """Check one row and keep what it says; references are resolved later."""
        kind = row["kind"].casefold()
        if kind not in KINDS:
            what = f"unknown kind '{row['kind']}'" if row["kind"] else "a row needs a kind"
            self.error(row.number, "kind", f"{what} (expected {_or_list(KINDS)})")
            return
        for column, value in row.cells.items():
            used = column in USED_COLUMNS[kind] and (column != "role" or row["actor"])
            if value and column not in ("kind", "ref") and not used:
                self.unused[(column, kind)].append(row.number)
        ref = self._claim_ref(row, kind)
        if row["actor"] and "actor" in USED_COLUMNS[kind]:
            self._note_role(row)
        if kind == "step":
            self._add_step(row, ref)
        elif kind in NOTE_KINDS:
            self._add_note(row, kind, ref)
        else:
            what = "a step's ref or exact text" if kind == "link" else "a need's ref"
            for column in ("from", "to"):
                if not row[column]:
                    self.error(row.number, column, f"{_a(kind)} needs '{column}' ({what})")
            join = _JoinRow(row.number, ref, row["from"], row["to"])
            if kind == "link":
                join.id = ref or self.ids.new(ID_PREFIXES["link"])
                self.links.append(join)
            else:  # a conflict's ref is only checked for uniqueness
                self.conflicts.append(join)

    def _claim_ref(self, row: _Row, kind: str) -> str:
        ref = row["ref"]
        if ref in self.ref_rows:
            first = self.ref_rows[ref][0]
            self.error(row.number, "ref", f"duplicate ref '{ref}' (first used on row {first})")
            return ""
        if ref:
            self.ref_rows[ref] = (row.number, kind)
        return ref

    def _note_role(self, row: _Row) -> None:
        written = row["role"]
        if written and written.casefold() not in ROLES:
            self.error(row.number, "role", f"unknown role '{written}' (expected {_or_list(ROLES)})")
        elif written:
            self.roles.setdefault(row["actor"], written.casefold())

    def _integer(self, row: _Row, column: str, low: int, high: int) -> int | None:
        written = row[column]
        if not written:
            return None
        if INTEGER.fullmatch(written) and low <= int(written) <= high:
            return int(written)
        self.error(row.number, column, f"'{written}' is not a whole number from {low} to {high}")
        return None

    def _add_step(self, row: _Row, ref: str) -> None:
        text, actor = row["text"], row["actor"]
        if not text:
            self.error(row.number, "text", "a step needs text")
        if not actor:
            self.error(row.number, "actor", "a step needs an actor (the lane it sits in)")
        map_name = row["map"] or DEFAULT_MAP
        # An empty stage is the map's last stage so far: the newest stage its rows named.
        stage = row["stage"] or self.last_stage.get(map_name, DEFAULT_STAGE)
        if (map_name, stage) not in self.stages_seen:
            self.stages_seen.add((map_name, stage))
            self.last_stage[map_name] = stage
        others = [name for item in row["with"].split(";") if (name := item.strip())]
        with_names = [name for name in dict.fromkeys(others) if name != actor]
        emotion = self._integer(row, "emotion", EMOTION_MIN, EMOTION_MAX)
        step_id = ref or self.ids.new(ID_PREFIXES["step"])
        step = _StepRow(row.number, step_id, map_name, stage, actor, text, with_names, "", emotion)
        step.channel = row["channel"]
        self.steps.append(step)
        if ref:
            self.step_by_ref[ref] = step
        if text:
            self.steps_by_text[text].append(step)

    def _add_note(self, row: _Row, kind: str, ref: str) -> None:
        if kind != "feeling" and not row["text"]:
            self.error(row.number, "text", f"{_a(kind)} needs text")
        if not row["step"]:
            self.error(row.number, "step", f"{_a(kind)} needs a step (a step's ref or exact text)")
        note = Note(ref or self.ids.new(ID_PREFIXES[kind]), "", kind, "", row["text"])
        if kind in WEIGHTED_KINDS:
            weight = self._integer(row, "weight", WEIGHT_MIN, WEIGHT_MAX)
            note.weight = DEFAULT_WEIGHT if weight is None else weight
        if kind == "need":
            self._need_dimension(row, note)
        if kind == "feeling":
            if not row["emotion"]:
                message = "a feeling needs an emotion (a whole number from -3 to 3)"
                self.error(row.number, "emotion", message)
            note.rating = self._integer(row, "emotion", EMOTION_MIN, EMOTION_MAX)
        self.notes.append(_NoteRow(row.number, note, row["step"], row["actor"]))
        if kind == "need" and ref:
            self.need_by_ref[ref] = self.notes[-1]

    def _need_dimension(self, row: _Row, note: Note) -> None:
        note.dimension = row["dimension"]  # as written; the conflict rule normalises it
        written = row["direction"]
        note.direction = DIRECTION_WORDS.get(written.casefold(), "")
        if written and not note.direction:
            message = f"unknown direction '{written}' (expected more, less, + or -)"
            self.error(row.number, "direction", message)
        if note.dimension and not written:
            message = "a need with a dimension needs a direction (more or less)"
            self.error(row.number, "direction", message)
        if written and not note.dimension:
            self.error(row.number, "dimension", "a need with a direction needs a dimension")

    # Second pass: references between rows (forward references are fine).

    def resolve(self) -> None:
        """Find the steps and needs that rows name, and check what joins them."""
        for note in self.notes:
            note.step = self._find_step(note.row, "step", note.step_cell)
        for link in self.links:
            source = self._find_step(link.row, "from", link.from_cell)
            target = self._find_step(link.row, "to", link.to_cell)
            if source and target and source.map != target.map:
                message = (
                    f"links join steps of one map: '{link.from_cell}' is on map "
                    f"'{source.map}', '{link.to_cell}' on map '{target.map}'"
                )
                self.error(link.row, "to", message)
            elif source and target:
                link.ends = (source, target)
        self._check_ratings()
        declared: dict[tuple[str, str], int] = {}
        for conflict in self.conflicts:
            self._resolve_conflict(conflict, declared)

    def _find_step(self, row: int, column: str, written: str) -> _StepRow | None:
        """The step a cell names: by ref, else by exact text; None (and a problem) if none."""
        if not written:
            return None  # already reported as missing
        if written in self.step_by_ref:
            return self.step_by_ref[written]
        matches = self.steps_by_text.get(written, [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            rows = _rows_text([step.row for step in matches])
            message = f"'{written}' is the text of several steps ({rows}); use the step's ref"
        elif written in self.ref_rows and self.ref_rows[written][1] != "step":
            message = f"'{written}' is {_a(self.ref_rows[written][1])}, not a step"
        else:
            message = f"step '{written}' does not exist (no step has that ref or text)"
        self.error(row, column, message)
        return None

    def _check_ratings(self) -> None:
        """At most one rating per actor and step: the step's own emotion or feeling rows."""
        ratings = [(s.row, s.id, s.actor) for s in self.steps if s.emotion is not None]
        ratings += [
            (n.row, n.step.id, n.owner)
            for n in self.notes
            if n.note.rating is not None and n.step is not None
        ]
        first_rating: dict[tuple[str, str], int] = {}
        for row, step_id, actor in sorted(ratings):
            earlier = first_rating.setdefault((step_id, actor), row)
            if actor and earlier != row:
                message = (
                    f"{actor} already rated step '{step_id}' on row {earlier} "
                    "(one rating per actor and step)"
                )
                self.error(row, "emotion", message)

    def _find_need(self, row: int, column: str, written: str) -> _NoteRow | None:
        if not written or written in self.need_by_ref:
            return self.need_by_ref.get(written)
        if written in self.ref_rows:
            kind = self.ref_rows[written][1]
            message = f"'{written}' is {_a(kind)}, not a need; a conflict joins two needs"
        else:
            message = f"need '{written}' does not exist (a conflict names needs by their ref)"
        self.error(row, column, message)
        return None

    def _resolve_conflict(self, conflict: _JoinRow, declared: dict[tuple[str, str], int]) -> None:
        a = self._find_need(conflict.row, "from", conflict.from_cell)
        b = self._find_need(conflict.row, "to", conflict.to_cell)
        if a is None or b is None:
            return  # reported already
        names = f"needs '{a.note.id}' and '{b.note.id}'"
        key = pair_key(a.note.id, b.note.id)
        if a is b:
            message = f"a conflict joins two different needs (both are '{a.note.id}')"
        elif a.step is None or b.step is None:
            return  # the need's own row has the problem
        elif a.owner == b.owner:
            message = f"{names} are both {a.owner}'s; a conflict joins needs of different actors"
        elif a.step.map != b.step.map:
            maps = f"'{a.step.map}' and '{b.step.map}'"
            message = f"{names} are on different maps ({maps}); a conflict joins needs of one map"
        elif key in declared:
            message = f"the conflict {key[0]}/{key[1]} is already declared on row {declared[key]}"
            self.error(conflict.row, "from", message)
            return
        else:
            declared[key] = conflict.row
            conflict.ends = (a, b)
            return
        self.error(conflict.row, "to", message)

    def unused_column_warnings(self) -> list[str]:
        """One warning per column that a kind of row does not use but some rows filled in."""
        return [
            f"{self.name}:{rows[0]}: warning: '{column}' is not used on {kind} rows and was "
            f"ignored ({_rows_text(rows)})"
            for (column, kind), rows in sorted(self.unused.items(), key=lambda item: item[1][0])
        ]

    # Building the workshop, once every row is known to be right.

    def build(self) -> Workshop:
        """The workshop, map by map, each map's items in row order; then laid out."""
        workshop = Workshop(info=WorkshopInfo(title=_title(self.name)))
        steps_by_map = _group_by_map(self.steps, lambda step: step.map)
        notes_by_map = _group_by_map(self.notes, lambda note: _resolved(note.step).map)
        links_by_map = _group_by_map(self.links, lambda link: _resolved(link.ends)[0].map)
        conflicts_by_map = _group_by_map(
            self.conflicts, lambda conflict: _resolved(_resolved(conflict.ends)[0].step).map
        )
        # Actors in the order the workshop's items name them, so that export and import
        # again give the same ids (slugs made unique in creation order) and colours.
        actor_ids: dict[str, str] = {}
        for map_name, steps in steps_by_map.items():
            names = [name for step in steps for name in (step.actor, *step.with_names)]
            for name in names + [note.owner for note in notes_by_map[map_name]]:
                if name not in actor_ids:
                    role = self.roles.get(name, "other")
                    actor = Actor(workshop.new_actor_id(name), name, role)
                    actor.colour = workshop.next_actor_colour()
                    workshop.actors[actor.id] = actor
                    actor_ids[name] = actor.id

        for map_name, steps in steps_by_map.items():
            journey_map = JourneyMap(workshop.new_map_id(map_name), map_name)
            workshop.maps.append(journey_map)
            self._add_steps(workshop, journey_map, steps, actor_ids)
            for link in links_by_map[map_name]:
                source, target = _resolved(link.ends)
                workshop.links[link.id] = Link(link.id, source.id, target.id)
            if not links_by_map[map_name]:
                self._add_implied_links(workshop, journey_map)
            for row in notes_by_map[map_name]:
                row.note.step, row.note.actor = _resolved(row.step).id, actor_ids[row.owner]
                workshop.notes[row.note.id] = row.note
            for conflict in conflicts_by_map[map_name]:
                a, b = _resolved(conflict.ends)
                key = pair_key(a.note.id, b.note.id)
                workshop.conflicts[key] = ConflictRecord(*key, declared=True)
        for journey_map in workshop.maps:
            apply_layout(workshop, journey_map.id, plan_layout(workshop, journey_map.id))
        return workshop

    def _add_steps(
        self,
        workshop: Workshop,
        journey_map: JourneyMap,
        steps: list[_StepRow],
        actors: dict[str, str],
    ) -> None:
        """The map's steps, and its stages and lanes in order of first appearance."""
        stage_ids: dict[str, str] = {}
        for row in steps:
            if row.stage not in stage_ids:
                stage = Stage(workshop.new_stage_id(journey_map, row.stage), row.stage)
                journey_map.stages.append(stage)
                stage_ids[row.stage] = stage.id
            if journey_map.lane(actors[row.actor]) is None:
                journey_map.lanes.append(Lane(actors[row.actor]))
            step = Step(row.id, journey_map.id, stage_ids[row.stage], actors[row.actor], row.text)
            step.with_actors = [actors[name] for name in row.with_names]
            step.channel, step.emotion = row.channel, row.emotion
            workshop.steps[step.id] = step

    def _add_implied_links(self, workshop: Workshop, journey_map: JourneyMap) -> None:
        """A map without link rows: each step links to the next step of its lane, lane by lane."""
        by_lane: dict[str, list[str]] = defaultdict(list)
        for step in workshop.steps_of(journey_map.id):
            by_lane[step.actor].append(step.id)
        for lane in journey_map.lanes:
            for source, target in itertools.pairwise(by_lane[lane.actor]):
                link_id = self.ids.new(ID_PREFIXES["link"])
                workshop.links[link_id] = Link(link_id, source, target)


def _resolved(value: _V | None) -> _V:
    """A reference the second pass resolved (build runs only when every one was)."""
    assert value is not None
    return value
