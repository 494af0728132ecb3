"""Conflicts exports: the formula-safe CSV, the Markdown report, the CLI options, the GUI."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.analysis import conflicts_json, find_conflicts, find_emotion_gaps, format_number
from app.cli import main
from app.conflict_report import (
    CSV_COLUMNS,
    conflicts_csv,
    conflicts_markdown,
    md_text,
    save_conflicts_csv,
    save_conflicts_markdown,
)
from app.errors import WorkshopError
from app.model import (
    VOTING_GROUPS,
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
from app.priorities import TOP_PRIORITIES, rank_priorities, target_label
from app.reports import conflict_lines
from app.store import load_workshop, save_workshop

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "workshops").glob("*.journey"))
BOM = b"\xef\xbb\xbf"
DOTS = [f"dots: {group}" for group in VOTING_GROUPS]


# -- helpers -----------------------------------------------------------------------------


def csv_rows(text: str) -> list[dict[str, str]]:
    """The data rows of a conflicts CSV, parsed as a spreadsheet tool would."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    assert tuple(header) == CSV_COLUMNS
    return [dict(zip(header, row, strict=True)) for row in reader]


def split_row(line: str) -> list[str]:
    """The cells of a Markdown table row, split at unescaped pipes, escapes undone."""
    assert line.startswith("|") and line.endswith("|"), line
    cells, cell, i = [], "", 1
    body = line[:-1]
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            cell += body[i + 1]
            i += 2
            continue
        if ch == "|":
            cells.append(cell.strip())
            cell = ""
        else:
            cell += ch
        i += 1
    cells.append(cell.strip())
    return cells


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def section(markdown: str, heading: str) -> list[str]:
    """The lines under `heading` up to the next heading of the same or a higher level."""
    lines = markdown.splitlines()
    start = lines.index(heading) + 1
    level = len(heading) - len(heading.lstrip("#"))
    end = next(
        (
            i
            for i in range(start, len(lines))
            if lines[i].startswith("#") and len(lines[i]) - len(lines[i].lstrip("#")) <= level
        ),
        len(lines),
    )
    return lines[start:end]


def table_rows(lines: list[str]) -> list[list[str]]:
    """The body rows of the first table in `lines` (header and rule skipped)."""
    rows = [line for line in lines if line.startswith("|")]
    assert len(rows) >= 2, lines
    return [split_row(line) for line in rows[2:]]


def dots_on(workshop: Workshop, a: str, b: str) -> dict[str, int]:
    """The dots on the conflict a/b per group, straight from workshop.votes."""
    found = {group: 0 for group in VOTING_GROUPS}
    for (group, kind, target), vote in workshop.votes.items():
        if kind == "conflict" and tuple(sorted(target)) == (a, b):
            found[group] += vote.dots
    return found


def tricky_workshop() -> Workshop:
    """Two maps; needs whose words look like formulas, hold pipes and span lines."""
    actors = {
        "a-patient": Actor("a-patient", "Patient | carer", "patient"),
        "a-gp": Actor("a-gp", "@GP", "clinician"),
    }
    maps = [
        JourneyMap(
            "m-visit",
            "Visit",
            [Stage("m-visit.s", "Stage 1")],
            [Lane("a-patient"), Lane("a-gp")],
        ),
        JourneyMap(
            "m-home",
            "Home # care",
            [Stage("m-home.s", "Stage 1")],
            [Lane("a-patient"), Lane("a-gp")],
        ),
    ]
    steps = {
        "s1": Step("s1", "m-visit", "m-visit.s", "a-patient", '=HYPERLINK("x")', emotion=-3),
        "s2": Step("s2", "m-visit", "m-visit.s", "a-gp", "See the GP"),
        "s3": Step("s3", "m-home", "m-home.s", "a-patient", "At home"),
    }
    links = {"l1": Link("l1", "s1", "s2")}
    notes = {
        "n1": Note("n1", "s1", "need", "a-patient", "=SUM(A1)", "time", "more", 5),
        "n2": Note("n2", "s2", "need", "a-gp", "+44 20 7946 0000", "time", "less", 4),
        "n3": Note("n3", "s1", "need", "a-gp", "-3", "Time", "less", 3),
        "n4": Note("n4", "s3", "need", "a-patient", "a | b \\ c\nsecond line", "visits", "more"),
        "n5": Note("n5", "s3", "need", "a-gp", "# not a heading", "visits", "less"),
        "f1": Note("f1", "s1", "feeling", "a-gp", "calm", rating=1),
    }
    conflicts = {
        ("n1", "n2"): ConflictRecord(
            "n1", "n2", status="discussed", note='Line one, "quoted"\nLine two | piped'
        ),
    }
    votes = {
        v.key: v
        for v in (
            Vote("patients and carers", "conflict", ("n1", "n2"), 3),
            Vote("staff", "conflict", ("n1", "n2"), 2),
            Vote("everyone", "conflict", ("n4", "n5"), 4),
            Vote("staff", "step", ("s2",), 1),
        )
    }
    return Workshop(
        info=WorkshopInfo(title="Tricky | workshop", date="2026-06-01", facilitator="Sam"),
        actors=actors,
        maps=maps,
        steps=steps,
        links=links,
        notes=notes,
        conflicts=conflicts,
        votes=votes,
    )


# -- CSV ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_csv_has_one_row_per_conflict_in_spec_order_with_votes(
    sample: Path, tmp_path: Path
) -> None:
    workshop = load_workshop(sample)
    target = tmp_path / "conflicts.csv"
    count = save_conflicts_csv(workshop, target)
    data = target.read_bytes()
    assert data.startswith(BOM)
    text = data.decode("utf-8-sig")
    assert text == conflicts_csv(workshop)
    assert text.endswith("\r\n")
    rows = csv_rows(text)
    expected = find_conflicts(workshop)
    assert count == len(rows) == len(expected) > 0
    for row, conflict in zip(rows, expected, strict=True):
        assert (row["ref A"], row["ref B"]) == (conflict.a, conflict.b)
        assert row["map"] == conflict.map_name
        assert float(row["severity"]) == conflict.severity
        assert (row["actor A"], row["actor B"]) == conflict.actors
        assert row["need A"] == workshop.notes[conflict.a].text
        assert row["step B"] == workshop.steps[conflict.steps[1]].text
        assert row["dimension"] == conflict.dimension
        assert row["distance"] == ("" if conflict.distance is None else str(conflict.distance))
        assert (row["source"], row["status"]) == (conflict.source, conflict.status)
        assert row["note"] == conflict.note
        assert row["explanation"] == conflict.explanation
        dots = dots_on(workshop, conflict.a, conflict.b)
        assert [int(row[column]) for column in DOTS] == [dots[g] for g in VOTING_GROUPS]
        assert int(row["dots: total"]) == sum(dots.values())
    assert any(int(row["dots: total"]) > 0 for row in rows)  # the samples carry votes
    assert any(row["note"] for row in rows)


def test_csv_escapes_formulas_keeps_numbers_and_multi_line_notes() -> None:
    workshop = tricky_workshop()
    text = conflicts_csv(workshop)
    rows = {(row["ref A"], row["ref B"]): row for row in csv_rows(text)}
    assert set(rows) == {("n1", "n2"), ("n1", "n3"), ("n4", "n5")}
    first = rows[("n1", "n2")]
    assert first["need A"] == "'=SUM(A1)"
    assert first["need B"] == "'+44 20 7946 0000"
    assert first["step A"] == '\'=HYPERLINK("x")'
    assert first["actor B"] == "'@GP"
    assert first["actor A"] == "Patient | carer"
    assert first["severity"] == format_number(5 * 4 / 2) == "10"
    assert first["note"] == 'Line one, "quoted"\nLine two | piped'
    assert first["status"] == "discussed"
    assert [first[c] for c in DOTS] == ["3", "2", "0"]
    assert first["dots: total"] == "5"
    assert rows[("n1", "n3")]["need B"] == "-3"  # a number stays a number
    assert rows[("n4", "n5")]["need A"] == "a | b \\ c\nsecond line"
    assert rows[("n4", "n5")]["dots: everyone"] == "4"
    # Every cell a spreadsheet would evaluate is escaped.
    for row in rows.values():
        for column, cell in row.items():
            if cell and cell[0] in "=+-@":
                assert re.fullmatch(r"-?\d+(\.\d+)?", cell), (column, cell)


def test_csv_of_one_map_and_an_unknown_map() -> None:
    workshop = tricky_workshop()
    rows = csv_rows(conflicts_csv(workshop, "m-home"))
    assert [(r["map"], r["ref A"], r["ref B"]) for r in rows] == [("Home # care", "n4", "n5")]
    with pytest.raises(WorkshopError, match="'Visit', 'Home # care'"):
        conflicts_csv(workshop, "m-nope")


def test_csv_with_no_conflicts_is_just_the_header() -> None:
    assert (
        conflicts_csv(Workshop())
        == ",".join(f'"{c}"' if "," in c else c for c in CSV_COLUMNS) + "\r\n"
    )


# -- Markdown ----------------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_markdown_lists_every_conflict_gap_and_the_top_priorities(sample: Path) -> None:
    workshop = load_workshop(sample)
    text = conflicts_markdown(workshop)
    assert text.startswith(f"# {workshop.info.title}\n")
    assert f"- Date: {workshop.info.date}" in text
    assert f"- Facilitator: {workshop.info.facilitator}" in text
    conflicts = find_conflicts(workshop)
    journey_map = workshop.maps[0]
    map_lines = section(text, f"## Map: {journey_map.name}")
    rows = table_rows(section("\n".join(map_lines), "### Conflicting needs"))
    assert len(rows) == len(conflicts)
    for i, (cells, c) in enumerate(zip(rows, conflicts, strict=True), 1):
        assert len(cells) == 8
        assert cells[0] == str(i)
        assert cells[1] == format_number(c.severity)
        assert cells[2] == f"{c.actors[0]} ↔ {c.actors[1]}"
        assert cells[3] == (c.dimension or "—")
        assert cells[4] == workshop.notes[c.a].text
        assert cells[6] == c.status
        assert cells[7] == str(sum(dots_on(workshop, c.a, c.b).values()))
        assert f"\n{i}. {md_text(c.explanation, starts_item=True)}\n" in text
        if c.note:
            assert f"   - Group's note: {md_text(c.note)}" in text
    gaps = table_rows(section("\n".join(map_lines), "### Emotion gaps"))
    assert [(r[0], r[3]) for r in gaps] == [
        (workshop.steps[g.step].text, str(g.gap)) for g in find_emotion_gaps(workshop)
    ]

    for heading, group in [
        ("### All groups together", None),
        *((f"### {g[0].upper()}{g[1:]}", g) for g in VOTING_GROUPS),
    ]:
        items = [line for line in section(text, heading) if re.match(r"\d+\. ", line)]
        ranked = rank_priorities(workshop, group=group)[:TOP_PRIORITIES]
        assert len(items) == len(ranked) > 0
        listed_dots = []
        for i, (line, priority) in enumerate(zip(items, ranked, strict=True), 1):
            label = target_label(workshop, priority.kind, priority.target)
            assert line.startswith(f"{i}. {md_text(label, starts_item=True)} — {priority.kind}, ")
            dots = int(re.search(r", (\d+) dots?$", line).group(1))
            # The count is the votes' own sum, not just what the ranking says.
            expected = sum(
                v.dots
                for v in workshop.votes.values()
                if v.kind == priority.kind
                and v.target == priority.target
                and (group is None or v.group == group)
            )
            assert dots == expected
            listed_dots.append(dots)
        assert listed_dots == sorted(listed_dots, reverse=True)


def test_markdown_sample_top_priority_is_the_most_voted_item() -> None:
    workshop = load_workshop(ROOT / "workshops" / "outpatient-clinic.journey")
    text = conflicts_markdown(workshop)
    totals: dict[tuple[str, tuple[str, ...]], int] = {}
    for vote in workshop.votes.values():
        totals[(vote.kind, vote.target)] = totals.get((vote.kind, vote.target), 0) + vote.dots
    (kind, target), most = max(totals.items(), key=lambda item: item[1])
    assert list(totals.values()).count(most) == 1
    first = section(text, "### All groups together")[1]
    assert first == f"1. {target_label(workshop, kind, target)} — {kind}, {most} dots"


def test_markdown_escapes_pipes_so_rows_keep_their_columns() -> None:
    workshop = tricky_workshop()
    text = conflicts_markdown(workshop)
    assert text.startswith("# Tricky \\| workshop\n")
    home = section(text, "## Map: Home # care")
    rows = table_rows(section("\n".join(home), "### Conflicting needs"))
    assert len(rows) == 1
    cells = rows[0]
    assert len(cells) == 8
    assert cells[2] == "Patient | carer ↔ @GP"
    # A backslash and a pipe survive; the line break becomes <br>, not a new row.
    assert cells[4] == "a | b \\ c<br>second line"
    assert cells[5] == "# not a heading"
    visit = section(text, "## Map: Visit")
    visit_rows = table_rows(section("\n".join(visit), "### Conflicting needs"))
    assert all(len(row) == 8 for row in visit_rows)
    assert '   - Group\'s note: Line one, "quoted"<br>Line two \\| piped' in text
    gap_rows = table_rows(section("\n".join(visit), "### Emotion gaps"))
    assert gap_rows == [['=HYPERLINK("x")', "Patient | carer -3", "@GP +1", "4"]]
    # Several maps: priorities say which map each item is on.
    assert "(map Home # care) — conflict, 4 dots" in text
    # Every table line has the same number of cells as its header.
    for block in re.findall(r"(?:^\|.*\|\n)+", text, flags=re.MULTILINE):
        widths = {len(split_row(line)) for line in block.splitlines()}
        assert len(widths) == 1, block


def test_markdown_text_escaping() -> None:
    assert md_text("a|b") == "a\\|b"
    assert md_text("back\\slash") == "back\\\\slash"
    assert md_text("one\r\ntwo\nthree") == "one<br>two<br>three"
    assert (
        md_text("*x* _y_ `z` [l](u) <b> ~s~")
        == "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\<b\\> \\~s\\~"
    )
    assert md_text("A&E &amp;") == "A&E \\&amp;"
    assert md_text("- item", starts_item=True) == "\\- item"
    assert md_text("1. item", starts_item=True) == "1\\. item"
    assert md_text("# Title #", starts_item=True) == "\\# Title \\#"
    assert md_text("3-4 weeks", starts_item=True) == "3-4 weeks"
    assert md_text("-3", starts_item=True) == "-3"


def test_markdown_of_one_map_and_of_an_empty_workshop() -> None:
    workshop = tricky_workshop()
    text = conflicts_markdown(workshop, "m-home")
    assert "## Map: Home # care" in text and "## Map: Visit" not in text
    assert "Conflicting needs: 1. Emotion gaps: 0." in text
    assert "No emotion gaps" in text
    priorities = section(text, "### All groups together")
    assert [line for line in priorities if line.startswith("1.")] == [
        "1. Patient \\| carer: a \\| b \\\\ c<br>second line ↔ @GP: # not a heading"
        " — conflict, 4 dots"
    ]
    assert section(text, "### Staff")[1] == "No dots from this group yet."
    empty = conflicts_markdown(Workshop())
    assert empty.startswith("# Journey workshop\n\nConflicting needs: 0. Emotion gaps: 0.\n")
    assert "No dots yet." in empty
    assert empty.endswith("\n") and not empty.endswith("\n\n")


# -- saving ------------------------------------------------------------------------------


def test_saves_are_atomic_and_markdown_has_no_bom(tmp_path: Path) -> None:
    workshop = tricky_workshop()
    md = tmp_path / "minutes.md"
    md.write_text("old", encoding="utf-8")
    assert save_conflicts_markdown(workshop, md) == 3
    assert md.read_bytes() == conflicts_markdown(workshop).encode("utf-8")
    assert save_conflicts_csv(workshop, tmp_path / "c.csv", "m-visit") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.csv", "minutes.md"]


def test_save_into_a_missing_folder_says_so_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "c.csv"
    with pytest.raises(WorkshopError) as raised:
        save_conflicts_csv(tricky_workshop(), target)
    assert str(raised.value).startswith(f"{target}: could not save the conflicts CSV: ")
    assert str(raised.value).endswith("nothing was written")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_save_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.mkdir()  # os.replace cannot put a file over a folder
    with pytest.raises(WorkshopError, match="could not save the conflicts report"):
        save_conflicts_markdown(tricky_workshop(), target)
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]
    assert target.is_dir() and list(target.iterdir()) == []


# -- command line ------------------------------------------------------------------------


def run_main(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    try:
        status = main([str(arg) for arg in args])
    except SystemExit as done:
        status = done.code if isinstance(done.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err


def run_app(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture
def two_maps(tmp_path: Path) -> Path:
    path = tmp_path / "tricky.journey"
    save_workshop(tricky_workshop(), path)
    return path


def test_cli_writes_csv_and_markdown_and_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sample = SAMPLES[0]
    workshop = load_workshop(sample)
    out_csv, out_md = tmp_path / "out.csv", tmp_path / "out.md"
    status, out, err = run_main(capsys, "conflicts", sample, "--csv", out_csv, "--markdown", out_md)
    count = len(find_conflicts(workshop))
    assert (status, err) == (0, "")
    assert out == f"{out_csv}: {count} conflicts\n{out_md}: {count} conflicts\n"
    assert out_csv.read_bytes() == BOM + conflicts_csv(workshop).encode("utf-8")
    assert out_md.read_text(encoding="utf-8") == conflicts_markdown(workshop)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "out.md"]


def test_cli_exports_go_to_stdout_with_a_dash(tmp_path: Path) -> None:
    sample = SAMPLES[-1]
    workshop = load_workshop(sample)
    result = run_app("conflicts", sample, "--csv", "-")
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout == conflicts_csv(workshop).encode("utf-8")  # no BOM, \r\n kept
    out_md = tmp_path / "r.md"
    result = run_app("conflicts", sample, "--markdown", "-", "--csv", tmp_path / "c.csv")
    assert result.returncode == 0
    assert result.stdout == conflicts_markdown(workshop).encode("utf-8")
    count = len(find_conflicts(workshop))
    assert result.stderr.decode() == f"{tmp_path / 'c.csv'}: {count} conflicts\n"
    assert not out_md.exists() and (tmp_path / "c.csv").exists()


def test_cli_json_is_unchanged_and_combines_with_exports(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sample = SAMPLES[1]
    workshop = load_workshop(sample)
    status, out, err = run_main(capsys, "conflicts", sample, "--json")
    assert (status, err) == (0, "")
    assert out == json.dumps(conflicts_json(workshop), ensure_ascii=False, indent=1) + "\n"
    status, table, _ = run_main(capsys, "conflicts", sample)
    assert status == 0
    assert table == "\n".join(conflict_lines(workshop)) + "\n"

    status, with_csv, err = run_main(
        capsys, "conflicts", sample, "--json", "--csv", tmp_path / "c.csv"
    )
    assert (status, with_csv) == (0, out)
    assert err == f"{tmp_path / 'c.csv'}: {len(find_conflicts(workshop))} conflicts\n"


def test_cli_map_option_limits_everything_to_one_map(
    capsys: pytest.CaptureFixture[str], two_maps: Path, tmp_path: Path
) -> None:
    out_csv = tmp_path / "home.csv"
    status, out, _ = run_main(
        capsys, "conflicts", two_maps, "--map", "Home # care", "--csv", out_csv
    )
    assert (status, out) == (0, f"{out_csv}: 1 conflict\n")
    rows = csv_rows(out_csv.read_bytes().decode("utf-8-sig"))
    assert [(r["ref A"], r["ref B"]) for r in rows] == [("n4", "n5")]

    status, out, _ = run_main(capsys, "conflicts", two_maps, "--map", "m-visit", "--json")
    assert status == 0
    data = json.loads(out)
    assert {c["map"] for c in data["conflicts"]} == {"Visit"}
    assert len(data["conflicts"]) == 2 and len(data["emotion_gaps"]) == 1

    status, out, _ = run_main(capsys, "conflicts", two_maps, "--map", "Visit")
    assert status == 0
    assert out.startswith("Conflicting needs: 2\n")


def test_cli_unknown_map_names_the_maps(
    capsys: pytest.CaptureFixture[str], two_maps: Path, tmp_path: Path
) -> None:
    status, out, err = run_main(
        capsys, "conflicts", two_maps, "--map", "Nope", "--csv", tmp_path / "x.csv"
    )
    assert (status, out) == (1, "")
    assert "no map named 'Nope'" in err and "'Visit', 'Home # care'" in err
    assert not (tmp_path / "x.csv").exists()


def test_cli_missing_folder_fails_cleanly_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_md = tmp_path / "r.md"
    status, out, err = run_main(
        capsys,
        "conflicts",
        SAMPLES[0],
        "--markdown",
        out_md,
        "--csv",
        tmp_path / "missing" / "c.csv",
    )
    assert (status, out) == (1, "")
    assert f"{tmp_path / 'missing' / 'c.csv'}: could not save" in err
    assert "does not exist" in err
    assert list(tmp_path.iterdir()) == []  # not even the Markdown, checked first


def test_cli_refuses_to_overwrite_the_workshop_and_two_stdout_outputs(
    capsys: pytest.CaptureFixture[str], two_maps: Path
) -> None:
    before = two_maps.read_bytes()
    status, _, err = run_main(capsys, "conflicts", two_maps, "--csv", two_maps)
    assert status == 1 and "workshop file itself" in err
    assert two_maps.read_bytes() == before
    for extra in (["--json", "--csv", "-"], ["--csv", "-", "--markdown", "-"]):
        status, out, err = run_main(capsys, "conflicts", two_maps, *extra)
        assert (status, out) == (2, "") and "stdout" in err
    status, _, err = run_main(capsys, "conflicts", two_maps, "--csv", "x", "--markdown", "x")
    assert status == 2 and "same file" in err


def test_cli_help_documents_the_exports(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_main(capsys, "conflicts", "--help")
    assert status == 0
    for option in ("--csv OUT.csv", "--markdown OUT.md", "--map NAME", "instead of the table"):
        assert option in " ".join(out.split())


# -- the window's export actions ---------------------------------------------------------


def test_gui_exports_ask_for_a_file_add_the_suffix_and_report_errors(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.document import Document
    from widgets.conflicts import export_actions

    document = Document(tricky_workshop(), tmp_path / "tricky.journey")
    asked: list[tuple[str, str]] = []
    answer = [str(tmp_path / "minutes")]

    def fake_dialog(parent, title, start, file_filter):
        asked.append((start, file_filter))
        return answer[0], file_filter

    warnings: list[str] = []
    monkeypatch.setattr(export_actions.QFileDialog, "getSaveFileName", fake_dialog)
    monkeypatch.setattr(
        export_actions.QMessageBox, "warning", lambda parent, title, text: warnings.append(text)
    )

    written = export_actions.export_conflicts_markdown(None, document)
    assert written == tmp_path / "minutes.md"
    assert written.read_text(encoding="utf-8") == conflicts_markdown(document.workshop)
    assert asked[-1] == (str(tmp_path / "tricky conflicts.md"), "Markdown documents (*.md)")

    answer[0] = str(tmp_path / "visit.csv")
    written = export_actions.export_conflicts_csv(None, document, "m-visit")
    assert written == tmp_path / "visit.csv"
    assert written.read_bytes() == BOM + conflicts_csv(document.workshop, "m-visit").encode()
    assert asked[-1][0] == str(tmp_path / "tricky conflicts.csv")

    answer[0] = ""  # cancelled
    assert export_actions.export_conflicts_csv(None, document) is None

    answer[0] = str(tmp_path / "missing" / "c.csv")
    assert export_actions.export_conflicts_csv(None, document) is None
    assert len(warnings) == 1 and "could not save the conflicts CSV" in warnings[0]
    assert warnings == [w for w in warnings if str(tmp_path / "missing" / "c.csv") in w]
