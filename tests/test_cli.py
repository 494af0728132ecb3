"""The `journey-workshop` command as a user runs it: output, exit status and messages."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import app
from app.cards import COLUMNS, parse_cards, read_cards
from app.cli import main
from app.model import Workshop
from app.store import backup_path, load_workshop

ROOT = Path(__file__).resolve().parent.parent
OUTPATIENT = ROOT / "workshops" / "outpatient-clinic.journey"
BOM = b"\xef\xbb\xbf"
COMMAND_NAMES = ("import", "cards", "conflicts", "analyze", "info")


def run_app(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """`python -m app ARGS` from the repository root, as a user's shell would run it."""
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        env=env,
        timeout=60,
    )


def run_main(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """`app.cli.main(ARGS)` in this process: exit status, stdout and stderr."""
    try:
        status = main([str(arg) for arg in args])
    except SystemExit as done:  # argparse's --help, --version and usage errors
        status = done.code if isinstance(done.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err


def flat(text: str) -> str:
    """Text with its wrapping undone: every run of white space made one space."""
    return " ".join(text.split())


def table_after(lines: list[str], first_header: str) -> list[list[str]]:
    """The cells of the table whose header row starts with `first_header` (header first).

    Checks the alignment on the way: every row's cells lie within the columns the dashes
    under the header mark, the gaps between columns are blank, and each column is
    consistently left- or right-aligned (header included).
    """
    top = next(i for i, line in enumerate(lines) if line.startswith(first_header))
    spans = [match.span() for match in re.finditer(r"-+", lines[top + 1])]
    assert lines[top + 1] == "  ".join("-" * (end - start) for start, end in spans)
    rows = [lines[top]]
    for line in lines[top + 2 :]:
        if not line.strip():
            break
        rows.append(line)
    cells = []
    for row in rows:
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert row[end:start].strip() == "", f"a cell spills over a gap: {row!r}"
        assert row[spans[-1][1] :] == "", f"a cell runs past the last column: {row!r}"
        cells.append([row[start:end] for start, end in spans])
    for column in range(len(spans)):
        width = spans[column][1] - spans[column][0]
        texts = [row[column] for row in cells]
        left = all(text[:1] != " " for text in texts)
        right = all(len(text) == width and text[-1] != " " for text in texts)
        assert left or right, f"column {column} is neither left- nor right-aligned: {texts}"
    return [[text.strip() for text in row] for row in cells]


def assert_same_workshop(found: Workshop, expected: Workshop) -> None:
    """Equal content, and every collection in the same order."""
    assert found == expected
    assert list(found.actors) == list(expected.actors)
    assert list(found.steps) == list(expected.steps)
    assert list(found.links) == list(expected.links)
    assert list(found.notes) == list(expected.notes)
    assert list(found.conflicts) == list(expected.conflicts)


@pytest.fixture
def antenatal(capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path) -> Path:
    """The spec's antenatal example imported through the command line."""
    target = tmp_path / "antenatal.journey"
    status, _, err = run_main(capsys, "import", data_dir / "antenatal.csv", "-o", target)
    assert status == 0, err
    return target


# import


def test_import_writes_a_loadable_workshop_and_prints_a_summary(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "antenatal.journey"
    status, out, err = run_main(capsys, "import", data_dir / "antenatal.csv", "-o", target)
    assert (status, err) == (0, "")
    assert out == f"{target}: 1 map(s), 5 steps, 4 links, 9 notes\n"
    expected, _ = read_cards(data_dir / "antenatal.csv")
    assert_same_workshop(load_workshop(target), expected)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["antenatal.journey"]


def test_import_refuses_an_existing_output_and_leaves_it_untouched(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "plan.journey"
    before = OUTPATIENT.read_bytes()
    target.write_bytes(before)
    status, out, err = run_main(capsys, "import", data_dir / "antenatal.csv", "-o", target)
    assert status == 1
    assert out == ""
    assert str(target) in err and "--force" in err
    assert len(err.splitlines()) == 1
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.journey"]


def test_import_with_force_replaces_the_file_and_keeps_the_old_one_as_bak(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "plan.journey"
    before = OUTPATIENT.read_bytes()
    target.write_bytes(before)
    status, _, err = run_main(capsys, "import", data_dir / "antenatal.csv", "-o", target, "--force")
    assert (status, err) == (0, "")
    expected, _ = read_cards(data_dir / "antenatal.csv")
    assert_same_workshop(load_workshop(target), expected)
    assert backup_path(target).read_bytes() == before


def test_import_of_the_spec_bad_example_reports_every_problem_and_writes_nothing(
    data_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "antenatal.journey"
    result = run_app("import", data_dir / "antenatal-errors.csv", "-o", target)
    assert result.returncode == 1
    assert result.stdout == b""
    lines = result.stderr.decode("utf-8").splitlines()
    problems = [re.fullmatch(r"antenatal-errors\.csv:(\d+): (\w+): (.+)", line) for line in lines]
    assert all(problems), lines
    where = [(int(m.group(1)), m.group(2)) for m in problems if m]
    assert where == [(3, "emotion"), (5, "ref"), (6, "step"), (7, "kind")]
    assert list(tmp_path.iterdir()) == []


def test_import_warnings_go_to_stderr_and_the_import_goes_ahead(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "wall.csv"
    source.write_text(
        "kind,actor,text,Colour,votes\nstep,Patient,Arrive,yellow,3\nstep,Patient,Leave,,\n",
        encoding="utf-8",
    )
    target = tmp_path / "wall.journey"
    status, out, err = run_main(capsys, "import", source, "-o", target)
    assert status == 0
    assert out == f"{target}: 1 map(s), 2 steps, 1 links, 0 notes\n"
    assert len(err.splitlines()) == 1
    assert err.startswith("wall.csv:1: warning:")
    assert "Colour" in err and "votes" in err
    assert len(load_workshop(target).steps) == 2


# cards


def test_cards_to_stdout_is_a_csv_that_imports_to_the_same_workshop(
    capsys: pytest.CaptureFixture[str], antenatal: Path
) -> None:
    status, out, err = run_main(capsys, "cards", antenatal, "-o", "-")
    assert (status, err) == (0, "")
    assert not out.startswith("\ufeff")
    assert out.split("\r\n")[0] == ",".join(COLUMNS)
    again, warnings = parse_cards(out, "antenatal.csv")
    assert warnings == []
    assert_same_workshop(again, load_workshop(antenatal))


def test_cards_to_a_file_writes_utf8_with_a_byte_order_mark(
    capsys: pytest.CaptureFixture[str], antenatal: Path, tmp_path: Path
) -> None:
    target = tmp_path / "antenatal.csv"
    status, out, err = run_main(capsys, "cards", antenatal, "-o", target)
    assert (status, out, err) == (0, "", "")
    data = target.read_bytes()
    assert data.startswith(BOM + b"kind,ref,")
    data.decode("utf-8")
    again, warnings = read_cards(target)
    assert warnings == []
    assert_same_workshop(again, load_workshop(antenatal))


def test_cards_refuses_to_write_over_the_workshop_it_reads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    workshop = tmp_path / "clinic.journey"
    before = OUTPATIENT.read_bytes()
    workshop.write_bytes(before)
    status, out, err = run_main(capsys, "cards", workshop, "-o", workshop)
    assert (status, out) == (1, "")
    assert str(workshop) in err and len(err.splitlines()) == 1
    assert workshop.read_bytes() == before


# conflicts


def test_conflicts_json_of_the_antenatal_example_is_the_spec_output(
    antenatal: Path, data_dir: Path
) -> None:
    result = run_app("conflicts", antenatal, "--json")
    assert (result.returncode, result.stderr) == (0, b"")
    text = result.stdout.decode("utf-8")  # strict: raises on anything but UTF-8
    assert text.endswith("}\n")
    expected = json.loads((data_dir / "antenatal.expected.json").read_text(encoding="utf-8"))
    assert json.loads(text) == expected


def test_machine_output_is_utf8_whatever_encoding_python_picks_for_stdout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # PYTHONIOENCODING=cp1252 stands in for Windows, where redirected stdout is the ANSI
    # code page: JSON and CSV must still come out as UTF-8 with their own line ends.
    source = tmp_path / "café.csv"
    source.write_text(
        "kind,ref,actor,role,text,step,dimension,direction\n"
        "step,s1,Zoë,patient,Café → ward 🏥,,,\n"
        "need,n1,Zoë,,More time,s1,time,more\n"
        "need,n2,Nurse,clinician,Less time,s1,time,less\n",
        encoding="utf-8",
    )
    target = tmp_path / "café.journey"
    assert run_main(capsys, "import", source, "-o", target)[0] == 0
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}

    result = run_app("conflicts", target, "--json", env=env)
    assert (result.returncode, result.stderr) == (0, b"")
    assert json.loads(result.stdout.decode("utf-8"))["conflicts"][0]["actors"] == ["Zoë", "Nurse"]

    result = run_app("cards", target, "-o", "-", env=env)
    assert (result.returncode, result.stderr) == (0, b"")
    assert b"\r\r\n" not in result.stdout
    again, _ = parse_cards(result.stdout.decode("utf-8"), "café.csv")
    assert_same_workshop(again, load_workshop(target))


@pytest.mark.parametrize("command", ["conflicts", "analyze"])
def test_human_output_replaces_characters_stdout_cannot_show_instead_of_failing(
    command: str,
) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    result = run_app(command, OUTPATIENT, env=env)
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout.decode("ascii")


def test_conflicts_table_is_aligned_and_each_conflict_is_explained(
    capsys: pytest.CaptureFixture[str], antenatal: Path, data_dir: Path
) -> None:
    status, out, err = run_main(capsys, "conflicts", antenatal)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    expected = json.loads((data_dir / "antenatal.expected.json").read_text(encoding="utf-8"))
    assert lines[0] == f"Conflicting needs: {len(expected['conflicts'])}"

    header, *rows = table_after(lines, "#")
    assert header == [
        "#",
        "severity",
        "needs",
        "actors",
        "dimension",
        "steps",
        "links",
        "source",
        "status",
    ]
    assert rows == [
        [
            str(i),
            f"{c['severity']:g}",
            f"{c['a']} / {c['b']}",
            " / ".join(c["actors"]),
            c["dimension"] or "-",
            " / ".join(c["steps"]),
            str(c["distance"]),
            c["source"],
            c["status"],
        ]
        for i, c in enumerate(expected["conflicts"], 1)
    ]

    text = flat(out)
    for explanation in (
        "1. Expectant parent wants more people in the room; Sonographer wants less; "
        "same step 'Scan with sonographer'; 4 × 3 = 12",
        "2. Expectant parent wants more explanation time; Midwife wants less; 1 link apart "
        "('Talk through results' and 'Check the scan report'); 5 × 4 / (1 + 1) = 10",
        "3. declared by the group; Receptionist wants less explanation time on "
        "'Call to book the scan'; Expectant parent wants more appointment choice",
    ):
        assert explanation in text

    assert "Emotion gaps: 1" in lines
    assert table_after(lines, "step") == [
        ["step", "lowest", "highest", "gap"],
        ["b3", "Expectant parent -2", "Midwife +1", "3"],
    ]
    assert "Expectant parent rates 'Talk through results' -2, Midwife +1: a gap of 3" in text


def test_conflicts_show_the_groups_notes_and_no_map_column_for_one_map(
    capsys: pytest.CaptureFixture[str],
) -> None:
    sample = ROOT / "workshops" / "hospital-discharge.journey"
    status, out, _ = run_main(capsys, "conflicts", sample)
    assert status == 0
    notes = [r.note for r in load_workshop(sample).conflicts.values() if r.note]
    assert notes
    for note in notes:
        assert flat(f"Group's note: {note}") in flat(out)
    header = table_after(out.splitlines(), "#")[0]
    assert "map" not in header


def test_conflicts_table_gets_a_map_column_when_the_workshop_has_several_maps(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "two.csv"
    source.write_text(
        "kind,ref,map,actor,role,text,step,dimension,direction,emotion\n"
        "step,s1,Now,Patient,patient,Wait for the call,,,,-3\n"
        "step,s2,Later,Patient,,Join the group,,,,2\n"
        "need,n1,,Patient,,Hear sooner,s1,waiting,less,\n"
        "need,n2,,Nurse,clinician,Batch the calls,s1,waiting,more,\n"
        "need,n3,,Patient,,Bring my wife,s2,group size,more,\n"
        "need,n4,,Dietitian,clinician,Small groups,s2,Group  Size,less,\n"
        "feeling,,,Nurse,,,s1,,,1\n",
        encoding="utf-8",
    )
    target = tmp_path / "two.journey"
    assert run_main(capsys, "import", source, "-o", target)[0] == 0
    status, out, _ = run_main(capsys, "conflicts", target)
    assert status == 0
    lines = out.splitlines()
    header, *rows = table_after(lines, "#")
    assert header[:3] == ["#", "map", "severity"]
    assert sorted((row[1], row[3]) for row in rows) == [("Later", "n3 / n4"), ("Now", "n1 / n2")]
    assert table_after(lines, "map") == [
        ["map", "step", "lowest", "highest", "gap"],
        ["Now", "s1", "Patient -3", "Nurse +1", "4"],
    ]


# analyze


def test_analyze_names_the_dead_end_the_loops_and_the_hotspots(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run_main(capsys, "analyze", OUTPATIENT)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Map: As is: outpatient visit"
    text = flat(out)
    assert "Dead ends (no way forward before the last stage): 1" in lines
    assert "s17: Take a message for the cardiologist (Front desk, Results and follow-up)" in text
    assert "Loops (rework): 2" in lines
    assert "s2 -> s3 -> s4 -> s2." in text
    assert "s7 -> s8 -> s7." in text
    hotspots = table_after(lines, "score")
    assert hotspots[0] == ["score", "step", "actor", "stage", "pains", "lowest"]
    assert hotspots[1][:3] == ["9", "s7: Wait: the clinic is running 50 minutes late", "Patient"]
    curves = table_after(lines, "actor")
    workshop = load_workshop(OUTPATIENT)
    assert curves[0] == ["actor", *(stage.name for stage in workshop.maps[0].stages)]
    assert curves[1][:2] == ["Patient", "-2"]


def test_analyze_json_has_every_diagnostic_with_real_values(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run_main(capsys, "analyze", OUTPATIENT, "--json")
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert list(data) == ["maps"]
    (found,) = data["maps"]
    assert set(found) == {
        "map",
        "start_stage",
        "end_stage",
        "hotspots",
        "handoffs",
        "handoffs_by_stage",
        "dead_ends",
        "loops",
        "unreachable",
        "emotion_curves",
    }
    assert (found["map"], found["start_stage"], found["end_stage"]) == (
        "As is: outpatient visit",
        "Booking",
        "Billing",
    )
    assert [(d["step"], d["actor"]) for d in found["dead_ends"]] == [("s17", "Front desk")]
    assert [loop["cycle"] for loop in found["loops"]] == [["s2", "s3", "s4"], ["s7", "s8"]]
    assert "Call to rebook: the slot clashes with a shift" in found["loops"][0]["explanation"]
    assert found["unreachable"] == []
    assert found["hotspots"][0]["step"] == "s7" and found["hotspots"][0]["score"] == 9
    handoffs = found["handoffs"]
    assert handoffs and all(h["from_actor"] != h["to_actor"] for h in handoffs)
    assert sum(c["count"] for c in found["handoffs_by_stage"]) == len(handoffs)
    patient = next(c for c in found["emotion_curves"] if c["actor"] == "Patient")
    assert patient["stages"][0] == {
        "stage": "Booking",
        "ratings": [{"step": "s1", "rating": -2}],
        "mean": -2.0,
    }


# info


def test_info_shows_the_workshop_properties_and_counts_per_map(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run_main(capsys, "info", OUTPATIENT)
    assert (status, err) == (0, "")
    workshop = load_workshop(OUTPATIENT)
    lines = out.splitlines()
    assert lines[0] == str(OUTPATIENT)
    assert f"  Title:       {workshop.info.title}" in lines
    assert f"  Facilitator: {workshop.info.facilitator}" in lines
    assert "  Date:        2026-03-12" in lines
    (journey_map,) = workshop.maps
    notes = list(workshop.notes.values())
    header, row = table_after(lines, "map")
    counted = dict(zip(header, row, strict=True))
    assert counted == {
        "map": journey_map.name,
        "stages": str(len(journey_map.stages)),
        "lanes": str(len(journey_map.lanes)),
        "steps": str(len(workshop.steps)),
        "links": str(len(workshop.links)),
        **{
            f"{kind}s": str(sum(n.kind == kind for n in notes))
            for kind in ("need", "pain", "idea", "quote", "feeling")
        },
        "radius": "1",
    }
    assert "Conflicts declared by the group: 1" in lines
    assert "Decisions recorded: 1 not a conflict, 1 resolved, 1 trade-off accepted" in lines


# --version, --help, usage


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_main(capsys, "--version") == (0, f"journey-workshop {app.__version__}\n", "")
    assert re.fullmatch(r"\d+\.\d+\.\d+", app.__version__)


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_main(capsys, "--help")
    assert (status, err) == (0, "")
    assert out.startswith("usage: journey-workshop")
    listed = [
        line.split()[0]
        for line in out.splitlines()
        if line.startswith("  ") and line[2:3].isalpha()
    ]
    for name in COMMAND_NAMES:
        assert name in listed, out
    assert "-o - for stdout" in out and "--force" in out and "--json" in out


@pytest.mark.parametrize("command", COMMAND_NAMES)
def test_each_command_has_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    status, out, err = run_main(capsys, command, "--help")
    assert (status, err) == (0, "")
    assert out.startswith(f"usage: journey-workshop {command}")


@pytest.mark.parametrize(
    "args",
    [
        ["conflicts", "--bogus", "x.journey"],
        ["--bogus"],
        ["import", "tests/data/antenatal.csv"],
        ["cards", "x.journey"],
        ["info", "a.journey", "b.journey"],
        *([name] for name in COMMAND_NAMES),
    ],
    ids=lambda args: " ".join(args),
)
def test_wrong_usage_exits_2_with_the_usage_on_stderr(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    status, out, err = run_main(capsys, *args)
    assert (status, out) == (2, "")
    assert err.startswith("usage: journey-workshop")
    assert "error:" in err


# bad input


def bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    """Commands on unusable files: the arguments, and the file the message must name."""
    folder = tmp_path / "a folder.journey"
    folder.mkdir()
    corrupt = tmp_path / "corrupt.journey"
    corrupt.write_bytes(OUTPATIENT.read_bytes()[:500])
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("kind,actor,text\nstep,Zoë,Café\n".encode("latin-1"))
    out = str(tmp_path / "out.journey")
    return {
        "missing workshop": (["info", str(tmp_path / "gone.journey")], "gone.journey"),
        "missing csv": (["import", str(tmp_path / "gone.csv"), "-o", out], "gone.csv"),
        "folder as workshop": (["conflicts", str(folder)], folder.name),
        "folder as csv": (["import", str(folder), "-o", out], folder.name),
        "corrupt workshop": (["analyze", str(corrupt)], "corrupt.journey"),
        "csv as workshop": (["conflicts", str(ROOT / "tests/data/antenatal.csv")], "antenatal.csv"),
        "not utf-8 csv": (["import", str(latin1), "-o", out], "latin1.csv"),
        "output folder missing": (
            [
                "import",
                str(ROOT / "tests/data/antenatal.csv"),
                "-o",
                str(tmp_path / "no/x.journey"),
            ],
            "x.journey",
        ),
    }


def test_bad_input_exits_1_with_a_short_message_naming_the_file(tmp_path: Path) -> None:
    for case, (args, name) in bad_inputs(tmp_path).items():
        result = run_app(*args)
        err = result.stderr.decode("utf-8")
        assert result.returncode == 1, (case, err)
        assert result.stdout == b"", case
        assert "Traceback" not in err, (case, err)
        assert 1 <= len(err.splitlines()) <= 3, (case, err)
        assert name in err, (case, err)
    assert not (tmp_path / "out.journey").exists()


# no display, closed pipes


def test_opening_a_window_without_a_display_says_so_in_one_line(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    for args in ([OUTPATIENT], []):
        result = run_app(*args, env=env)
        assert result.returncode == 1  # an exit, not a signal from a Qt abort
        assert result.stdout == b""
        lines = result.stderr.decode("utf-8").splitlines()
        assert len(lines) == 1, lines
        assert "no display" in lines[0]
        for name in COMMAND_NAMES:
            assert name in lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ["conflicts", OUTPATIENT],
        ["conflicts", OUTPATIENT, "--json"],
        ["analyze", OUTPATIENT],
        ["cards", OUTPATIENT, "-o", "-"],
        ["info", OUTPATIENT],
    ],
    ids=lambda args: " ".join(str(a) for a in args[:1] + args[2:]),
)
def test_writing_to_a_pipe_nobody_reads_is_no_error(args: list[str | Path]) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # like `| head -0`: the reader has gone before the first write
    try:
        result = subprocess.run(
            [sys.executable, "-m", "app", *map(str, args)],
            cwd=ROOT,
            stdout=writer,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    finally:
        os.close(writer)
    assert result.stderr == b""
    assert result.returncode == 0


def test_reading_one_line_of_a_long_report_then_closing_the_pipe_is_no_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = ["kind,ref,stage,actor,role,text,step,dimension,direction,weight"]
    for i in range(400):
        rows += [
            f"step,s{i},Stage {i // 40},Patient,patient,Step {i} of a long journey,,,,",
            f"need,a{i},,Patient,,More of thing {i},s{i},thing {i},more,5",
            f"need,b{i},,Nurse,clinician,Less of thing {i},s{i},thing {i},less,4",
        ]
    source = tmp_path / "long.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    target = tmp_path / "long.journey"
    assert run_main(capsys, "import", source, "-o", target)[0] == 0

    process = subprocess.Popen(
        [sys.executable, "-m", "app", "conflicts", str(target)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline() == b"Conflicting needs: 400\n"
    process.stdout.close()  # the report is far larger than the pipe's buffer
    status = process.wait(timeout=60)
    err = process.stderr.read()
    process.stderr.close()
    assert err == b""
    assert status == 0
