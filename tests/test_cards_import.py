"""Importing a cards CSV: every rule of specs/cards-csv.md and every kind of problem."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from app.cards import COLUMNS, parse_cards, read_cards
from app.errors import CardsError
from app.model import Workshop

Row = dict[str, str]


def table(rows: list[Row], columns: tuple[str, ...] = COLUMNS, delimiter: str = ",") -> str:
    """A cards CSV text with `columns` as header and one line per row dict."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column.strip().casefold(), "") for column in columns])
    return buffer.getvalue()


def step(ref: str, actor: str = "Patient", text: str = "", **cells: str) -> Row:
    return {"kind": "step", "ref": ref, "actor": actor, "text": text or f"Step {ref}", **cells}


def note(kind: str, ref: str, step_ref: str, **cells: str) -> Row:
    return {"kind": kind, "ref": ref, "step": step_ref, "text": f"{kind} {ref}", **cells}


def parse(rows: list[Row], name: str = "cards.csv") -> Workshop:
    workshop, warnings = parse_cards(table(rows), name)
    assert warnings == []
    return workshop


def problems(text_or_rows: str | list[Row], name: str = "cards.csv") -> list[str]:
    text = text_or_rows if isinstance(text_or_rows, str) else table(text_or_rows)
    with pytest.raises(CardsError) as caught:
        parse_cards(text, name)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


def where(problem: str) -> tuple[int, str]:
    """The row and column a `FILE:ROW: column: message` problem names."""
    match = re.fullmatch(r"[^:]+:(\d+): ([a-z]+): .+", problem, flags=re.DOTALL)
    assert match, problem
    return int(match.group(1)), match.group(2)


# The spec's examples.


def test_antenatal_example_imports(data_dir: Path) -> None:
    workshop, warnings = read_cards(data_dir / "antenatal.csv")
    assert warnings == []
    assert workshop.info.title == "Antenatal"
    assert list(workshop.steps) == ["b1", "b2", "b3", "b4", "m1"]
    assert [n for n in workshop.notes if n.startswith("x")] == [f"x{i}" for i in range(1, 7)]
    (journey_map,) = workshop.maps
    assert journey_map.name == "Antenatal visit"
    assert [s.name for s in journey_map.stages] == ["Booking", "Visit", "After"]
    names = {a.id: a.name for a in workshop.actors.values()}
    assert [names[lane.actor] for lane in journey_map.lanes] == ["Expectant parent", "Midwife"]
    roles = {a.name: a.role for a in workshop.actors.values()}
    assert roles == {
        "Expectant parent": "patient",
        "Receptionist": "staff",
        "Sonographer": "clinician",
        "Midwife": "clinician",
    }
    assert [names[a] for a in workshop.steps["b1"].with_actors] == ["Receptionist"]
    assert workshop.steps["b1"].channel == "phone"
    assert [(link.source, link.target) for link in workshop.links.values()] == [
        ("b1", "b2"),
        ("b2", "b3"),
        ("m1", "b3"),
        ("b3", "b4"),
    ]
    assert list(workshop.conflicts) == [("x5", "x6")]
    assert workshop.conflicts[("x5", "x6")].declared
    assert workshop.notes["x6"].direction == "more"  # written `+`
    assert workshop.notes["x2"].dimension == "People in the Room"  # kept as written
    feelings = [n for n in workshop.notes.values() if n.kind == "feeling"]
    assert [(names[f.actor], f.step, f.rating, f.text) for f in feelings] == [
        ("Midwife", "b3", 1, "torn")
    ]
    assert workshop.steps["b3"].emotion == -2
    quote = next(n for n in workshop.notes.values() if n.kind == "quote")
    assert quote.text == '"I know they want more time, but the list is full"'
    assert quote.weight is None


def test_antenatal_errors_example_names_exactly_its_four_problems(data_dir: Path) -> None:
    with pytest.raises(CardsError) as caught:
        read_cards(data_dir / "antenatal-errors.csv")
    found = caught.value.problems
    assert all(p.startswith("antenatal-errors.csv:") for p in found)
    assert [where(p) for p in found] == [(3, "emotion"), (5, "ref"), (6, "step"), (7, "kind")]
    assert "'5'" in found[0]
    assert "x1" in found[1]
    assert "b7" in found[2] and "does not exist" in found[2]
    assert "unknown kind 'note'" in found[3]


# The file: encoding, delimiter, header.


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "with-bom.csv"
    path.write_bytes(table([step("s1", text="Zoë arrives")]).encode("utf-8-sig"))
    workshop, _ = read_cards(path)
    assert workshop.steps["s1"].text == "Zoë arrives"
    workshop, _ = parse_cards("\ufeff" + table([step("s1")]), "x.csv")
    assert list(workshop.steps) == ["s1"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_detected_from_the_header(delimiter: str) -> None:
    rows = [step("s1", text="Call, then wait; again"), note("need", "n1", "s1")]
    workshop, _ = parse_cards(table(rows, delimiter=delimiter), "cards.csv")
    assert workshop.steps["s1"].text == "Call, then wait; again"
    assert workshop.notes["n1"].step == "s1"


def test_delimiter_with_a_kind_column_wins_over_more_columns() -> None:
    text = "a,b,c,d;kind;text;actor\nx,y,z,w;step;Arrive;Patient\n"
    workshop, warnings = parse_cards(text, "cards.csv")
    assert [s.text for s in workshop.steps.values()] == ["Arrive"]
    assert warnings == ["cards.csv:1: warning: unknown columns ignored: a,b,c,d"]


def test_header_names_are_case_insensitive_and_trimmed() -> None:
    columns = (" KIND ", "Ref", "  Actor", "TEXT ", "Emotion")
    text = table(
        [{"kind": "Step", "ref": "s1", "actor": "GP", "text": "Listen", "emotion": "2"}], columns
    )
    workshop, warnings = parse_cards(text, "cards.csv")
    assert warnings == []
    assert workshop.steps["s1"].text == "Listen"
    assert workshop.steps["s1"].emotion == 2


def test_columns_may_come_in_any_order() -> None:
    rows = [
        step("s1", map="Clinic", stage="Arrive", role="patient", emotion="-1", channel="phone"),
        step("s2", actor="Nurse", map="Clinic", stage="Triage", **{"with": "Patient"}),
        note("need", "n1", "s2", dimension="time", direction="more", weight="4"),
        {"kind": "link", "from": "s1", "to": "s2"},
    ]
    forward = parse_cards(table(rows), "cards.csv")[0]
    backward = parse_cards(table(rows, tuple(reversed(COLUMNS))), "cards.csv")[0]
    assert backward == forward


def test_unknown_columns_are_ignored_with_one_warning_naming_them_all() -> None:
    columns = ("kind", "Colour", "actor", "text", "Post-it notes", "colour")
    text = table([{"kind": "step", "actor": "GP", "text": "Listen"}], columns)
    workshop, warnings = parse_cards(text, "wall.csv")
    assert warnings == ["wall.csv:1: warning: unknown columns ignored: Colour, Post-it notes"]
    assert len(workshop.steps) == 1


def test_duplicate_column_is_an_error() -> None:
    found = problems("kind,text,actor,Text\nstep,A,GP,B\n")
    assert found == ["cards.csv:1: text: duplicate column 'text' (columns B and D); keep one"]


def test_header_without_kind_names_the_columns_it_found() -> None:
    found = problems("Type, Text ,Actor\nstep,Arrive,Patient\n", "wall.csv")
    assert len(found) == 1
    assert found[0].startswith("wall.csv:1: kind: ")
    assert "'Type', 'Text', 'Actor'" in found[0]


@pytest.mark.parametrize("text", ["", "   \r\n\r\n", "\ufeff"])
def test_empty_file_is_a_clear_error(text: str) -> None:
    found = problems(text, "empty.csv")
    assert len(found) == 1 and found[0].startswith("empty.csv: the file is empty")


def test_empty_file_on_disk(tmp_path: Path) -> None:
    (tmp_path / "blank.csv").write_bytes(b"")
    with pytest.raises(CardsError, match=r"^blank\.csv: the file is empty"):
        read_cards(tmp_path / "blank.csv")


def test_not_utf8_names_the_byte_and_suggests_csv_utf8(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("kind,actor,text\nstep,Zoë,Caf\u00e9 visit\n".encode("cp1252"))
    with pytest.raises(CardsError) as caught:
        read_cards(path)
    (message,) = caught.value.problems
    assert message.startswith("export.csv: not UTF-8")
    assert "0xEB" in message and "byte offset 23" in message and "line 2" in message
    assert "CSV UTF-8" in message


def test_directory_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "cards.csv").mkdir()
    with pytest.raises(CardsError, match=r"^cards\.csv: is a folder"):
        read_cards(tmp_path / "cards.csv")


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CardsError, match=r"^gone\.csv: no such file"):
        read_cards(tmp_path / "gone.csv")


def test_title_comes_from_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "antenatal_visit-march.csv"
    path.write_text(table([step("s1")]), encoding="utf-8")
    assert read_cards(path)[0].info.title == "Antenatal visit march"


# Rows and cells.


def test_blank_rows_are_skipped_but_keep_their_row_number() -> None:
    header, first, second, _end = table([step("s1"), step("s2", emotion="9")]).split("\r\n")
    text = "\r\n".join([header, first, "", ",,,,", "  , \t ", second, ""])
    assert [where(p) for p in problems(text)] == [(6, "emotion")]


def test_row_numbers_count_records_not_lines() -> None:
    rows = [step("s1", text="Line one\nline two\nline three"), step("s2", emotion="7")]
    assert [where(p) for p in problems(rows)] == [(3, "emotion")]


def test_cells_are_trimmed() -> None:
    workshop = parse([step("  s1 ", actor=" GP ", text="  Listen  "), note("idea", "i1", " s1")])
    assert workshop.steps["s1"].text == "Listen"
    assert [a.name for a in workshop.actors.values()] == ["GP"]
    assert workshop.notes["i1"].step == "s1"


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("'=SUM(A1:A3)", "=SUM(A1:A3)"),
        ("'+44 20 7946 0000", "+44 20 7946 0000"),
        ("'-less waiting", "-less waiting"),
        ("'@reception", "@reception"),
        ("''=x", "''=x"),
        ("'quoted", "'quoted"),
        ("'", "'"),
        ("  '=x  ", "=x"),
    ],
)
def test_one_quote_before_a_formula_character_is_dropped(written: str, kept: str) -> None:
    workshop = parse([step("s1", text=written)])
    assert workshop.steps["s1"].text == kept


def test_quote_escape_applies_to_every_cell() -> None:
    workshop = parse(
        [
            step("'=r1", actor="'@Desk", text="Check in", stage="'-1", **{"with": "'+Ward; GP"}),
            note("quote", "q1", "'=r1"),
        ]
    )
    step_ = workshop.steps["=r1"]
    names = {a.id: a.name for a in workshop.actors.values()}
    assert names[step_.actor] == "@Desk"
    assert [names[a] for a in step_.with_actors] == ["+Ward", "GP"]
    assert workshop.maps[0].stages[0].name == "-1"
    assert workshop.notes["q1"].step == "=r1"


def test_unused_cells_are_ignored_with_a_warning() -> None:
    rows = [
        step("s1", weight="4"),
        note("need", "n1", "s1", emotion="2"),
        note("need", "n2", "s1", emotion="1"),
        {"kind": "link", "from": "s1", "to": "s1", "actor": "GP"},
    ]
    workshop, warnings = parse_cards(table(rows), "c.csv")
    assert warnings == [
        "c.csv:2: warning: 'weight' is not used on step rows and was ignored (row 2)",
        "c.csv:3: warning: 'emotion' is not used on need rows and was ignored (rows 3, 4)",
        "c.csv:5: warning: 'actor' is not used on link rows and was ignored (row 5)",
    ]
    assert [a.name for a in workshop.actors.values()] == ["Patient"]


def test_cells_past_the_header_are_ignored_with_a_warning() -> None:
    text = "kind,actor,text\nstep,GP,Listen,extra,more\nstep,GP,Talk\n"
    workshop, warnings = parse_cards(text, "c.csv")
    assert len(workshop.steps) == 2
    assert warnings == ["c.csv:2: warning: cells in columns without a header name ignored (row 2)"]


def test_unreadable_row_is_a_clear_error() -> None:
    text = 'kind,actor,text\nstep,GP,"never closed' + "x" * 140_000 + "\n"
    found = problems(text)
    assert len(found) == 1 and found[0].startswith("cards.csv:2: cannot read the row")


# Kinds and required columns.


def test_kind_is_case_insensitive() -> None:
    workshop = parse([{**step("s1"), "kind": "STEP"}, {**note("need", "n1", "s1"), "kind": "Need"}])
    assert list(workshop.steps) == ["s1"] and workshop.notes["n1"].kind == "need"


def test_unknown_or_missing_kind() -> None:
    found = problems([step("s1"), {"kind": "note", "text": "x"}, {"text": "no kind"}])
    assert found == [
        "cards.csv:3: kind: unknown kind 'note' (expected step, need, pain, idea, quote, "
        "feeling, link or conflict)",
        "cards.csv:4: kind: a row needs a kind (expected step, need, pain, idea, quote, "
        "feeling, link or conflict)",
    ]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ({"kind": "step", "actor": "GP"}, "text", "a step needs text"),
        ({"kind": "step", "text": "Listen"}, "actor", "a step needs an actor"),
        ({"kind": "need", "step": "s1"}, "text", "a need needs text"),
        ({"kind": "pain", "step": "s1"}, "text", "a pain needs text"),
        ({"kind": "idea", "step": "s1"}, "text", "an idea needs text"),
        ({"kind": "quote", "step": "s1"}, "text", "a quote needs text"),
        ({"kind": "need", "text": "Time"}, "step", "a need needs a step"),
        ({"kind": "idea", "text": "Kiosk"}, "step", "an idea needs a step"),
        ({"kind": "feeling", "emotion": "1"}, "step", "a feeling needs a step"),
        ({"kind": "feeling", "step": "s1"}, "emotion", "a feeling needs an emotion"),
        ({"kind": "link", "to": "s1"}, "from", "a link needs 'from'"),
        ({"kind": "link", "from": "s1"}, "to", "a link needs 'to'"),
        ({"kind": "conflict", "to": "n1"}, "from", "a conflict needs 'from'"),
        ({"kind": "conflict", "from": "n1"}, "to", "a conflict needs 'to'"),
    ],
)
def test_missing_required_column(row: Row, column: str, message: str) -> None:
    found = problems([step("s1"), {"kind": "need", "ref": "n1", "step": "s1", "text": "x"}, row])
    assert len(found) == 1
    assert where(found[0]) == (4, column)
    assert found[0].startswith(f"cards.csv:4: {column}: {message}")


def test_feeling_needs_no_text() -> None:
    workshop = parse([step("s1"), {"kind": "feeling", "step": "s1", "actor": "GP", "emotion": "0"}])
    (feeling,) = workshop.notes.values()
    assert (feeling.text, feeling.rating, feeling.weight) == ("", 0, None)


# Refs and generated ids.


def test_duplicate_ref_is_an_error_naming_the_first_row() -> None:
    found = problems(
        [
            step("s1"),
            note("need", "s1", "s1"),
            {"kind": "link", "ref": "s1", "from": "s1", "to": "s1"},
        ]
    )
    assert found == [
        "cards.csv:3: ref: duplicate ref 's1' (first used on row 2)",
        "cards.csv:4: ref: duplicate ref 's1' (first used on row 2)",
    ]


def test_generated_ids_skip_every_ref_of_the_file() -> None:
    workshop = parse(
        [
            step(""),  # s1 is taken by a need's ref below
            step("n1", text="Two"),
            {"kind": "need", "ref": "s1", "step": "n1", "text": "Taken id"},
            {"kind": "need", "step": "n1", "text": "Gets n2"},
            {"kind": "pain", "step": "n1", "text": "Gets p1"},
            {"kind": "idea", "step": "n1", "text": "Gets i1"},
            {"kind": "quote", "step": "n1", "text": "Gets q1"},
            {"kind": "feeling", "step": "n1", "actor": "GP", "emotion": "1"},
            {"kind": "link", "ref": "l1", "from": "Step", "to": "n1"},
            {"kind": "link", "from": "n1", "to": "Step"},
        ]
    )
    assert list(workshop.steps) == ["s2", "n1"]
    assert list(workshop.notes) == ["s1", "n2", "p1", "i1", "q1", "f1"]
    assert list(workshop.links) == ["l1", "l2"]


# Maps, stages, lanes, actors.


def test_maps_and_stages_by_first_appearance_with_defaults() -> None:
    workshop = parse(
        [
            step("a1"),
            step("b1", map="Follow-up", stage="Review"),
            step("a2", stage="Visit"),
            step("a3"),  # the map's previous stage: Visit
            step("b2", map="Follow-up", stage="Letter"),
            step("a4", map="Journey", stage="Booking"),
        ]
    )
    assert [(m.id, m.name) for m in workshop.maps] == [
        ("m-journey", "Journey"),
        ("m-follow-up", "Follow-up"),
    ]
    journey, follow_up = workshop.maps
    assert [s.name for s in journey.stages] == ["Stage 1", "Visit", "Booking"]
    assert [s.id for s in follow_up.stages] == ["m-follow-up.review", "m-follow-up.letter"]
    stage_names = {s.id: s.name for m in workshop.maps for s in m.stages}
    assert {i: stage_names[s.stage] for i, s in workshop.steps.items()} == {
        "a1": "Stage 1",
        "a2": "Visit",
        "a3": "Visit",
        "a4": "Booking",
        "b1": "Review",
        "b2": "Letter",
    }


def test_empty_stage_is_the_maps_last_stage_so_far_not_the_row_above() -> None:
    workshop = parse(
        [
            step("p1", stage="Booking"),
            step("p2", stage="Visit"),
            step("p3", stage="After"),
            step("n1", actor="Nurse", stage="Visit"),
            step("n2", actor="Nurse"),  # the map's last stage so far is After
            step("x1", map="Other", actor="Nurse", stage="Review"),
            step("p4"),  # each map keeps its own last stage
        ]
    )
    stage_names = {s.id: s.name for m in workshop.maps for s in m.stages}
    assert stage_names[workshop.steps["n2"].stage] == "After"
    assert stage_names[workshop.steps["p4"].stage] == "After"


def test_same_names_get_distinct_ids() -> None:
    workshop = parse(
        [
            step("s1", stage="Visit"),
            step("s2", stage="visit!", actor="patient"),
            step("s3", map="journey"),
        ]
    )
    assert [m.id for m in workshop.maps] == ["m-journey", "m-journey-2"]
    assert [s.id for s in workshop.maps[0].stages] == ["m-journey.visit", "m-journey.visit-2"]
    assert list(workshop.actors) == ["a-patient", "a-patient-2"]


def test_lanes_are_step_actors_in_order_of_first_appearance() -> None:
    workshop = parse(
        [
            step("s1", actor="Front desk", **{"with": "Patient"}),
            step("s2", actor="GP"),
            step("s3", actor="Front desk"),
            step("s4", actor="Patient"),
        ]
    )
    lanes = [workshop.actors[lane.actor].name for lane in workshop.maps[0].lanes]
    assert lanes == ["Front desk", "GP", "Patient"]
    assert list(workshop.actors) == ["a-front-desk", "a-patient", "a-gp"]


def test_actor_colours_follow_the_palette_in_creation_order() -> None:
    workshop = parse([step("s1", actor="A", **{"with": "B; C"}), step("s2", actor="D")])
    colours = [a.colour for a in workshop.actors.values()]
    assert colours == ["#E69F00", "#56B4E9", "#009E73", "#F0E442"]


def test_roles_first_non_empty_wins_case_insensitive_default_other() -> None:
    workshop = parse(
        [
            step("s1", actor="GP"),
            step("s2", actor="GP", role="Clinician"),
            step("s3", actor="GP", role="staff"),
            step("s4", actor="Patient", **{"with": "Carer"}),
        ]
    )
    roles = {a.name: a.role for a in workshop.actors.values()}
    assert roles == {"GP": "clinician", "Patient": "other", "Carer": "other"}


def test_unknown_role_is_an_error() -> None:
    found = problems([step("s1", actor="GP", role="doctor")])
    assert found == [
        "cards.csv:2: role: unknown role 'doctor' (expected patient, carer, clinician, staff "
        "or other)"
    ]


def test_role_on_a_note_names_the_notes_actor() -> None:
    workshop = parse([step("s1"), note("need", "n1", "s1", actor="Nurse", role="clinician")])
    assert workshop.actors["a-nurse"].role == "clinician"


def test_shared_step_with_actors() -> None:
    workshop = parse(
        [
            step("s1", actor="Patient", **{"with": " Nurse ;GP;; Patient; Nurse ; New person"}),
            step("s2", actor="Nurse"),
        ]
    )
    names = {a.id: a.name for a in workshop.actors.values()}
    assert [names[a] for a in workshop.steps["s1"].with_actors] == ["Nurse", "GP", "New person"]
    assert [names[lane.actor] for lane in workshop.maps[0].lanes] == ["Patient", "Nurse"]
    assert set(names.values()) == {"Patient", "Nurse", "GP", "New person"}


# Step references.


def test_step_reference_by_ref_then_by_exact_text() -> None:
    workshop = parse(
        [
            step("s1", text="Arrive"),
            step("Arrive", text="Tricky: my ref is another step's text"),
            note("idea", "i1", "Arrive"),
            note("idea", "i2", "Tricky: my ref is another step's text"),
        ]
    )
    assert workshop.notes["i1"].step == "Arrive"
    assert workshop.notes["i2"].step == "Arrive"


def test_step_text_on_several_steps_is_an_error_naming_the_rows() -> None:
    found = problems(
        [step("s1", text="Wait"), step("s2", text="Wait", map="Other"), note("pain", "p1", "Wait")]
    )
    assert found == [
        "cards.csv:4: step: 'Wait' is the text of several steps (rows 2, 3); use the step's ref"
    ]


def test_unknown_step_and_non_step_refs() -> None:
    found = problems(
        [
            step("s1"),
            note("need", "n1", "s1"),
            note("idea", "i1", "nowhere"),
            note("idea", "i2", "n1"),
            {"kind": "link", "from": "s1", "to": "n1"},
        ]
    )
    assert found == [
        "cards.csv:4: step: step 'nowhere' does not exist (no step has that ref or text)",
        "cards.csv:5: step: 'n1' is a need, not a step",
        "cards.csv:6: to: 'n1' is a need, not a step",
    ]


def test_forward_references_are_fine() -> None:
    workshop = parse(
        [
            note("need", "n1", "s2", actor="GP"),
            {"kind": "link", "from": "s1", "to": "Later step"},
            step("s1"),
            step("s2", text="Later step"),
        ]
    )
    assert workshop.notes["n1"].step == "s2"
    assert [(k.source, k.target) for k in workshop.links.values()] == [("s1", "s2")]


def test_note_without_actor_is_the_steps_actors() -> None:
    workshop = parse([step("s1", actor="GP"), note("pain", "p1", "s1")])
    assert workshop.notes["p1"].actor == workshop.steps["s1"].actor == "a-gp"


# Links.


def test_links_are_kept_as_given_including_duplicates() -> None:
    workshop = parse(
        [
            step("s1"),
            step("s2", actor="GP"),
            {"kind": "link", "ref": "go", "from": "s1", "to": "s2"},
            {"kind": "link", "from": "s1", "to": "s2"},
            {"kind": "link", "from": "s2", "to": "s1"},
        ]
    )
    assert [(k.id, k.source, k.target) for k in workshop.links.values()] == [
        ("go", "s1", "s2"),
        ("l1", "s1", "s2"),
        ("l2", "s2", "s1"),
    ]


def test_implied_links_join_each_lanes_steps_in_row_order() -> None:
    workshop = parse(
        [
            step("p1"),
            step("g1", actor="GP"),
            step("p2", stage="Later"),
            step("g2", actor="GP"),
            step("p3"),
        ]
    )
    pairs = [(k.id, k.source, k.target) for k in workshop.links.values()]
    assert pairs == [("l1", "p1", "p2"), ("l2", "p2", "p3"), ("l3", "g1", "g2")]


def test_no_implied_links_in_a_map_with_a_link_row() -> None:
    workshop = parse(
        [
            step("a1"),
            step("a2"),
            step("a3"),
            {"kind": "link", "from": "a3", "to": "a1"},
            step("b1", map="Other"),
            step("b2", map="Other"),
        ]
    )
    pairs = [(k.source, k.target) for k in workshop.links.values()]
    assert pairs == [("a3", "a1"), ("b1", "b2")]


def test_link_between_maps_is_an_error() -> None:
    found = problems(
        [step("a1"), step("b1", map="Other"), {"kind": "link", "from": "a1", "to": "b1"}]
    )
    assert len(found) == 1
    assert where(found[0]) == (4, "to") and "links join steps of one map" in found[0]


# Numbers and words.


@pytest.mark.parametrize(
    ("written", "value"), [("-3", -3), ("+2", 2), ("0", 0), ("3", 3), ("", None)]
)
def test_step_emotion(written: str, value: int | None) -> None:
    assert parse([step("s1", emotion=written)]).steps["s1"].emotion == value


@pytest.mark.parametrize("written", ["4", "-4", "2.0", "two", "1e0", "½", "9" * 5000])
def test_bad_emotion(written: str) -> None:
    found = problems(
        [
            step("s1", emotion=written),
            step("s2"),
            {**note("feeling", "f1", "s2"), "emotion": written},
        ]
    )
    assert [where(p) for p in found] == [(2, "emotion"), (4, "emotion")]
    assert found[0].endswith(f"'{written}' is not a whole number from -3 to 3")
    assert found[1].endswith(f"'{written}' is not a whole number from -3 to 3")


def test_weights_and_their_defaults() -> None:
    workshop = parse(
        [
            step("s1"),
            note("need", "n1", "s1", weight="5"),
            note("need", "n2", "s1"),
            note("pain", "p1", "s1", weight="+1"),
            note("pain", "p2", "s1"),
            note("idea", "i1", "s1"),
            note("quote", "q1", "s1"),
        ]
    )
    weights = {i: n.weight for i, n in workshop.notes.items()}
    assert weights == {"n1": 5, "n2": 3, "p1": 1, "p2": 3, "i1": None, "q1": None}


@pytest.mark.parametrize("written", ["0", "6", "2.5", "high"])
def test_bad_weight(written: str) -> None:
    found = problems(
        [
            step("s1"),
            note("need", "n1", "s1", weight=written),
            note("pain", "p1", "s1", weight=written),
        ]
    )
    assert [where(p) for p in found] == [(3, "weight"), (4, "weight")]
    assert found[0].endswith(f"'{written}' is not a whole number from 1 to 5")


@pytest.mark.parametrize(
    ("written", "direction"),
    [
        ("more", "more"),
        ("MORE", "more"),
        ("+", "more"),
        ("less", "less"),
        ("Less", "less"),
        ("-", "less"),
    ],
)
def test_need_direction_words(written: str, direction: str) -> None:
    workshop = parse(
        [step("s1"), note("need", "n1", "s1", dimension=" Waiting time ", direction=written)]
    )
    assert (workshop.notes["n1"].dimension, workshop.notes["n1"].direction) == (
        "Waiting time",
        direction,
    )


def test_need_direction_and_dimension_go_together() -> None:
    found = problems(
        [
            step("s1"),
            note("need", "n1", "s1", dimension="time"),
            note("need", "n2", "s1", direction="more"),
            note("need", "n3", "s1", dimension="time", direction="up"),
        ]
    )
    assert found == [
        "cards.csv:3: direction: a need with a dimension needs a direction (more or less)",
        "cards.csv:4: dimension: a need with a direction needs a dimension",
        "cards.csv:5: direction: unknown direction 'up' (expected more, less, + or -)",
    ]


def test_need_without_dimension_or_direction_is_fine() -> None:
    note_ = parse([step("s1"), note("need", "n1", "s1")]).notes["n1"]
    assert (note_.dimension, note_.direction, note_.weight) == ("", "", 3)


# Ratings.


def test_several_actors_rate_one_shared_step() -> None:
    workshop = parse(
        [
            step("s1", actor="Patient", emotion="-2", **{"with": "Nurse; GP"}),
            {"kind": "feeling", "step": "s1", "actor": "Nurse", "emotion": "+1", "text": "rushed"},
            {"kind": "feeling", "step": "s1", "actor": "GP", "emotion": "2"},
        ]
    )
    names = {a.id: a.name for a in workshop.actors.values()}
    ratings = [(names[n.actor], n.rating, n.text) for n in workshop.notes.values()]
    assert ratings == [("Nurse", 1, "rushed"), ("GP", 2, "")]
    assert workshop.steps["s1"].emotion == -2


def test_two_ratings_by_one_actor_is_an_error_on_the_later_row() -> None:
    found = problems(
        [
            {"kind": "feeling", "step": "s1", "actor": "Patient", "emotion": "1"},  # row 2
            step("s1", actor="Patient", emotion="-1"),  # row 3: the step's own rating
            {"kind": "feeling", "step": "s1", "emotion": "2"},  # row 4: the step's actor again
            {"kind": "feeling", "step": "s1", "actor": "GP", "emotion": "2"},
            {"kind": "feeling", "step": "s1", "actor": "GP", "emotion": "-2"},  # row 6
            {"kind": "feeling", "step": "s1", "actor": "Nurse", "emotion": "0"},
        ]
    )
    rule = "(one rating per actor and step)"
    assert found == [
        f"cards.csv:3: emotion: Patient already rated step 's1' on row 2 {rule}",
        f"cards.csv:4: emotion: Patient already rated step 's1' on row 2 {rule}",
        f"cards.csv:6: emotion: GP already rated step 's1' on row 5 {rule}",
    ]


# Declared conflicts.


def conflict_rows() -> list[Row]:
    return [
        step("s1", actor="Patient"),
        step("s2", actor="GP"),
        step("t1", actor="GP", map="Other"),
        note("need", "n1", "s1"),
        note("need", "n2", "s2"),
        note("need", "n3", "s1", actor="GP"),
        note("need", "n4", "s1"),
        note("need", "n9", "t1"),
        note("idea", "i1", "s1"),
    ]


def test_declared_conflict_is_recorded_smaller_id_first() -> None:
    rows = [*conflict_rows(), {"kind": "conflict", "ref": "c1", "from": "n3", "to": "n1"}]
    workshop = parse(rows)
    assert list(workshop.conflicts) == [("n1", "n3")]
    record = workshop.conflicts[("n1", "n3")]
    assert (record.a, record.b, record.declared, record.status, record.note) == (
        "n1",
        "n3",
        True,
        "open",
        "",
    )
    assert "c1" not in workshop.card_ids()


def test_conflict_problems() -> None:
    rows = conflict_rows()  # rows 2..10
    rows += [
        {"kind": "conflict", "from": "n1", "to": "n2"},  # 11: fine
        {"kind": "conflict", "from": "n2", "to": "n1"},  # 12: declared on row 11
        {"kind": "conflict", "from": "n1", "to": "n1"},  # 13: same need
        {"kind": "conflict", "from": "n1", "to": "n4"},  # 14: same actor
        {"kind": "conflict", "from": "n1", "to": "n9"},  # 15: different maps
        {"kind": "conflict", "from": "i1", "to": "nx"},  # 16: an idea; no such need
        {"kind": "conflict", "from": "s1", "to": "Bring my partner"},  # 17: refs only
        {"kind": "conflict", "ref": "n1", "from": "n2", "to": "n4"},  # 18: duplicate ref
    ]
    found = problems(rows)
    assert [where(p) for p in found] == [
        (12, "from"),
        (13, "to"),
        (14, "to"),
        (15, "to"),
        (16, "from"),
        (16, "to"),
        (17, "from"),
        (17, "to"),
        (18, "ref"),
    ]
    assert "already declared on row 11" in found[0]
    assert "two different needs" in found[1]
    assert "both Patient's" in found[2]
    assert "different maps" in found[3]
    assert "'i1' is an idea, not a need" in found[4]
    assert "need 'nx' does not exist" in found[5]
    assert "'s1' is a step, not a need" in found[6]


# Reporting.


def test_every_problem_is_reported_sorted_by_row() -> None:
    found = problems(
        [
            note("need", "n1", "missing"),  # row 2: found in the second pass
            step("s1", emotion="9", role="boss"),  # row 3: two problems, first pass
            {"kind": "link", "from": "s1"},  # row 4
        ]
    )
    assert [where(p) for p in found] == [(2, "step"), (3, "role"), (3, "emotion"), (4, "to")]


def test_import_lays_the_map_out() -> None:
    workshop = parse([step("s1"), step("s2"), step("s3", actor="GP", stage="Next")])
    positions = {(s.stage, s.actor, s.x, s.y) for s in workshop.steps.values()}
    assert len(positions) == 3  # no two cards on top of each other
    journey_map = workshop.maps[0]
    assert journey_map.stages[0].width > journey_map.stages[1].width  # two cards side by side


def test_items_are_grouped_by_map_and_actors_follow_them() -> None:
    # So that export (map by map, steps before notes) and import again give the same ids
    # and colours; in a file written that way it is plain row order.
    workshop = parse(
        [
            note("need", "n1", "b1", actor="Carer"),
            step("a1", actor="Patient"),
            step("b1", map="Other", actor="Nurse"),
            note("idea", "i1", "a1"),
            step("a2", actor="GP"),
            {"kind": "link", "from": "b1", "to": "b1"},
            {"kind": "link", "from": "a1", "to": "a2"},
        ]
    )
    assert [m.name for m in workshop.maps] == ["Journey", "Other"]
    assert list(workshop.steps) == ["a1", "a2", "b1"]
    assert list(workshop.notes) == ["i1", "n1"]
    assert [(k.source, k.target) for k in workshop.links.values()] == [("a1", "a2"), ("b1", "b1")]
    assert [a.name for a in workshop.actors.values()] == ["Patient", "GP", "Nurse", "Carer"]
