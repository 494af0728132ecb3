"""The sample workshops: complete, realistic, built from their CSV sources, and round-tripping."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from app.analysis import find_conflicts, find_emotion_gaps
from app.cards import parse_cards, write_cards
from app.cli import main
from app.model import Workshop, WorkshopInfo
from app.store import load_workshop

ROOT = Path(__file__).resolve().parent.parent
WORKSHOPS = ROOT / "workshops"
SAMPLES = sorted(WORKSHOPS.glob("*.journey"))
STAFF_ROLES = ("staff", "clinician")


def build_samples_module() -> ModuleType:
    """`workshops/build_samples.py`, which is a script, loaded as a module."""
    spec = importlib.util.spec_from_file_location("build_samples", WORKSHOPS / "build_samples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_there_are_at_least_three_samples_each_with_its_sources() -> None:
    assert len(SAMPLES) >= 3
    about = json.loads((WORKSHOPS / "cards" / "about.json").read_text(encoding="utf-8"))
    assert sorted(about) == [sample.stem for sample in SAMPLES]
    for sample in SAMPLES:
        assert (WORKSHOPS / "cards" / f"{sample.stem}.csv").is_file()


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
def test_sample_is_a_complete_workshop(sample: Path) -> None:
    workshop = load_workshop(sample)
    info = workshop.info
    assert info.title and info.date and info.facilitator and info.service and info.notes

    assert len(workshop.steps) >= 15
    for journey_map in workshop.maps:
        assert len(journey_map.stages) >= 4, journey_map.name
        roles = [workshop.actors[lane.actor].role for lane in journey_map.lanes]
        assert "patient" in roles, journey_map.name
        assert sum(role in STAFF_ROLES for role in roles) >= 2, journey_map.name

    handoffs = [
        link
        for link in workshop.links.values()
        if workshop.steps[link.source].actor != workshop.steps[link.target].actor
    ]
    assert handoffs

    kinds = {note.kind for note in workshop.notes.values()}
    assert kinds >= {"need", "pain", "idea", "quote", "feeling"}
    feelings_by = {n.actor for n in workshop.notes.values() if n.kind == "feeling"}
    assert len(feelings_by) >= 2
    rated_by = feelings_by | {s.actor for s in workshop.steps.values() if s.emotion is not None}
    assert len(rated_by) >= 3

    conflicts = find_conflicts(workshop)
    assert any(c.source == "detected" for c in conflicts)
    assert any(c.source == "declared" for c in conflicts)
    assert find_emotion_gaps(workshop)
    decided = [r for r in workshop.conflicts.values() if r.status != "open" and r.note]
    assert decided
    shown = {(c.a, c.b): (c.status, c.note) for c in conflicts}
    for record in decided:
        assert shown[record.key] == (record.status, record.note)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
def test_conflicts_json_of_each_sample_lists_conflicts_and_gaps(
    capsys: pytest.CaptureFixture[str], sample: Path
) -> None:
    assert main(["conflicts", str(sample), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["conflicts"] and found["emotion_gaps"]
    assert {c["source"] for c in found["conflicts"]} == {"detected", "declared"}
    assert {c["status"] for c in found["conflicts"]} > {"open"}


def test_build_all_reproduces_every_shipped_sample_byte_for_byte(tmp_path: Path) -> None:
    written = build_samples_module().build_all(tmp_path)
    assert sorted(path.name for path in written) == [sample.name for sample in SAMPLES]
    assert sorted(path.name for path in tmp_path.iterdir()) == [s.name for s in SAMPLES]
    for path in written:
        assert path.read_bytes() == (WORKSHOPS / path.name).read_bytes(), (
            f"{path.name} has drifted from its cards CSV: run workshops/build_samples.py"
        )


def without_what_cards_cannot_hold(workshop: Workshop) -> Workshop:
    """The workshop with no info, no votes, and only its declared conflicts, as plain ones."""
    declared = {
        key: dataclasses.replace(record, status="open", note="")
        for key, record in workshop.conflicts.items()
        if record.declared
    }
    return dataclasses.replace(workshop, info=WorkshopInfo(), conflicts=declared, votes={})


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
def test_cards_export_of_each_sample_imports_to_the_same_workshop(sample: Path) -> None:
    workshop = load_workshop(sample)
    again, warnings = parse_cards(write_cards(workshop), f"{sample.stem}.csv")
    assert warnings == []
    expected = without_what_cards_cannot_hold(workshop)
    found = without_what_cards_cannot_hold(again)
    assert found == expected
    assert list(found.actors) == list(expected.actors)
    assert list(found.steps) == list(expected.steps)
    assert list(found.links) == list(expected.links)
    assert list(found.notes) == list(expected.notes)
    assert list(found.conflicts) == list(expected.conflicts)
    assert again.conflicts == found.conflicts  # import makes plain open declarations
