"""Cards CSV round trip: import(export(W)) is W, and exporting it again gives the same bytes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.cards import COLUMNS, parse_cards, read_cards, save_cards, write_cards
from app.model import Workshop

NAME = "generated-cards.csv"
ACTORS = (
    "Patient",
    "patient",
    "GP",
    "Front desk",
    "=Nurse",
    "-Carer",
    "Zoë",
    'Pat, "carer"',
    "@Desk",
)
MAPS = ("Journey", "Follow-up", "journey", "=Plan")
STAGES = ("", "", "Booking", "Visit", "visit", "After", "-1", "@home")
REFS = (*(f"r{i}" for i in range(40)), "s1", "s2", "n1", "l1", "l2", "p1", "f1", "=x", "-7", "+y")
ROLES = ("", "", "patient", "Clinician", "STAFF", "carer", "other")
DIMENSIONS = ("time", " Time ", "people in the room", "=cost")
DIRECTIONS = ("more", "less", "+", "-", "MORE")
TEXTS = st.text(alphabet="ab =+-@'\",;\t\r\né", min_size=1, max_size=10).filter(str.strip)
EMOTIONS = st.sampled_from(("-3", "-1", "0", "+2", "3"))
WEIGHTS = st.sampled_from(("", "1", "3", "+5"))


def clean(cell: str) -> str:
    """A cell's value as import reads it (trimmed, one `'` before = + - @ dropped)."""
    value = cell.strip()
    return value[1:] if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@") else value


@st.composite
def card_files(draw: st.DrawFn) -> str:
    """A valid cards CSV: random steps, notes, links and conflicts over a few maps, in any
    row order, any column order, with any of the three delimiters."""
    refs = iter(draw(st.permutations(REFS)))

    def new_ref() -> str:
        return next(refs) if draw(st.booleans()) else ""

    rows: list[dict[str, str]] = []
    maps = draw(st.lists(st.sampled_from(MAPS), min_size=1, max_size=3, unique=True))
    for _ in range(draw(st.integers(1, 8))):
        map_name = draw(st.sampled_from(maps))
        rows.append(
            {
                "kind": draw(st.sampled_from(("step", "Step"))),
                "ref": new_ref(),
                "map": "" if map_name == "Journey" and draw(st.booleans()) else map_name,
                "stage": draw(st.sampled_from(STAGES)),
                "actor": draw(st.sampled_from(ACTORS)),
                "role": draw(st.sampled_from(ROLES)),
                "text": draw(TEXTS),
                "emotion": draw(st.sampled_from(("",)) | EMOTIONS),
                "with": draw(st.sampled_from(("; ", ";"))).join(
                    draw(st.lists(st.sampled_from(ACTORS), max_size=3))
                ),
                "channel": draw(st.sampled_from(("", "phone", "=SMS"))),
            }
        )
    steps = list(rows)
    texts = [clean(step["text"]) for step in steps]
    # A note points at a step by its ref, or else by its text when no other step has it.
    keys = [
        s["ref"] or (t if texts.count(t) == 1 else "") for s, t in zip(steps, texts, strict=True)
    ]
    targets = [i for i, key in enumerate(keys) if key]
    rated = {(i, s["actor"]) for i, s in enumerate(steps) if s["emotion"]}
    needs: list[tuple[str, str, str]] = []  # ref, owner, map
    for _ in range(draw(st.integers(0, 10)) if targets else 0):
        i = draw(st.sampled_from(targets))
        kind = draw(st.sampled_from(("need", "pain", "idea", "quote", "feeling")))
        actor = draw(st.sampled_from(("", *ACTORS)))
        owner = actor or steps[i]["actor"]
        row = {"kind": kind, "ref": new_ref(), "actor": actor, "step": keys[i], "text": draw(TEXTS)}
        if actor:
            row["role"] = draw(st.sampled_from(ROLES))
        if kind == "need" and draw(st.booleans()):
            row["dimension"] = draw(st.sampled_from(DIMENSIONS))
            row["direction"] = draw(st.sampled_from(DIRECTIONS))
        if kind in ("need", "pain"):
            row["weight"] = draw(WEIGHTS)
        if kind == "feeling":
            if (i, owner) in rated:
                continue
            rated.add((i, owner))
            row["emotion"] = draw(EMOTIONS)
            row["text"] = draw(st.sampled_from(("", "anxious; rushed")))
        if kind == "need" and row["ref"]:
            needs.append((row["ref"], owner, clean(steps[i]["map"]) or "Journey"))
        rows.append(row)
    for map_name in maps:
        in_map = [i for i in targets if (clean(steps[i]["map"]) or "Journey") == map_name]
        for _ in range(draw(st.integers(0, 3)) if in_map else 0):
            source, target = draw(st.sampled_from(in_map)), draw(st.sampled_from(in_map))
            rows.append(
                {"kind": "link", "ref": new_ref(), "from": keys[source], "to": keys[target]}
            )
    pairs = [
        (a, b)
        for i, (a, owner_a, map_a) in enumerate(needs)
        for (b, owner_b, map_b) in needs[i + 1 :]
        if owner_a != owner_b and map_a == map_b
    ]
    for a, b in draw(st.lists(st.sampled_from(pairs), unique=True, max_size=3)) if pairs else []:
        ends = (b, a) if draw(st.booleans()) else (a, b)
        rows.append({"kind": "conflict", "from": ends[0], "to": ends[1]})

    columns = draw(st.permutations(COLUMNS))
    header = [column.upper() if draw(st.booleans()) else f" {column} " for column in columns]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=draw(st.sampled_from((",", ";", "\t"))))
    writer.writerow(header)
    for row in draw(st.permutations(rows)):
        writer.writerow([row.get(column, "") for column in columns])
    return buffer.getvalue()


def assert_same_workshop(imported: Workshop, original: Workshop) -> None:
    """Equal as dataclasses, and every collection in the same order."""
    assert imported == original
    assert list(imported.actors) == list(original.actors)
    assert list(imported.steps) == list(original.steps)
    assert list(imported.links) == list(original.links)
    assert list(imported.notes) == list(original.notes)
    assert list(imported.conflicts) == list(original.conflicts)
    for new_map, old_map in zip(imported.maps, original.maps, strict=True):
        assert [s.id for s in new_map.stages] == [s.id for s in old_map.stages]
        assert [lane.actor for lane in new_map.lanes] == [lane.actor for lane in old_map.lanes]


def test_antenatal_example_round_trips(data_dir: Path) -> None:
    workshop, _ = read_cards(data_dir / "antenatal.csv")
    exported = write_cards(workshop)
    again, warnings = parse_cards(exported, "antenatal.csv")
    assert warnings == []
    assert_same_workshop(again, workshop)
    assert write_cards(again) == exported


def test_saved_file_reads_back_the_same(data_dir: Path, tmp_path: Path) -> None:
    workshop, _ = read_cards(data_dir / "antenatal.csv")
    save_cards(workshop, tmp_path / "antenatal.csv")
    again, warnings = read_cards(tmp_path / "antenatal.csv")
    assert warnings == []
    assert_same_workshop(again, workshop)


def test_a_messy_sheet_round_trips() -> None:
    # Semicolons, notes before their steps, maps interleaved, implied links in one map.
    text = (
        "Text;KIND;actor;Map;stage;step;from;to;ref;with;emotion\r\n"
        "Bring someone;need;Carer;;;Arrive;;;;;\r\n"
        "Arrive;step;Patient;;Door;;;;;Carer;-1\r\n"
        "Phone back;step;Nurse;Later;Call;;;;c1;;\r\n"
        "Wait;step;Patient;;;;;;;;\r\n"
        "Sit down;step;Patient;;Room;;;;;;\r\n"
        "Letter;step;Nurse;Later;Post;;;;c2;;\r\n"
        ";link;;;;;c2;c1;;;\r\n"
        "ok;feeling;Carer;;;Wait;;;;;+1\r\n"
    )
    workshop, _ = parse_cards(text, NAME)
    assert len(workshop.maps) == 2 and len(workshop.links) == 3
    exported = write_cards(workshop)
    again, _ = parse_cards(exported, NAME)
    assert_same_workshop(again, workshop)
    assert write_cards(again) == exported


@settings(max_examples=100, deadline=None)
@given(card_files())
def test_csv_made_workshops_round_trip(text: str) -> None:
    workshop, _ = parse_cards(text, NAME)
    exported = write_cards(workshop)
    again, warnings = parse_cards(exported, NAME)
    assert warnings == []
    assert_same_workshop(again, workshop)
    assert write_cards(again) == exported
