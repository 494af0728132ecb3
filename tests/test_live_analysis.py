"""The live analysis: snapshots equal the workshop, results follow edits, runs fold together."""

from __future__ import annotations

import contextlib
import copy
import gc
import sys
from pathlib import Path

import shiboken6
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_undo_property import one_edit

from app import edits, heap, live_analysis
from app.analysis import find_conflicts, find_emotion_gaps
from app.document import Document
from app.errors import WorkshopError
from app.live_analysis import BIG_WORKSHOP, SWITCH_INTERVAL, LiveAnalysis, WorkshopMirror
from app.model import Note
from app.store import load_workshop

SAMPLE = Path(__file__).resolve().parent.parent / "workshops" / "outpatient-clinic.journey"


def test_a_snapshot_is_not_touched_by_later_edits() -> None:
    document = Document(load_workshop(SAMPLE))
    mirror = WorkshopMirror(document)
    step_id = next(iter(document.workshop.steps))
    before = mirror.snapshot()
    frozen = copy.deepcopy(before)
    document.push(edits.edit_step(document, step_id, text="Changed after the snapshot"))
    assert before == frozen
    assert mirror.snapshot().steps[step_id].text == "Changed after the snapshot"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_snapshots_equal_the_live_workshop_through_edits_undo_and_redo(
    data: st.DataObject,
) -> None:
    document = Document(load_workshop(SAMPLE))
    mirror = WorkshopMirror(document)
    for _ in range(data.draw(st.integers(1, 8))):
        with contextlib.suppress(WorkshopError):
            one_edit(document, data)
        snapshot = mirror.snapshot()
        assert snapshot == document.workshop
        assert list(snapshot.notes) == list(document.workshop.notes)
        assert list(snapshot.steps) == list(document.workshop.steps)
    while document.undo_stack.canUndo():
        document.undo_stack.undo()
    assert mirror.snapshot() == document.workshop


def test_the_result_follows_an_edit_and_runs_in_a_worker(qtbot) -> None:
    document = Document(load_workshop(SAMPLE))
    map_id = document.workshop.maps[0].id
    live = LiveAnalysis(document, lambda: map_id)
    first = live.run_now()
    assert [c.a for c in first.conflicts] == [c.a for c in find_conflicts(document.workshop)]
    need = next(n for n in document.workshop.notes.values() if n.dimension)
    with qtbot.waitSignal(live.updated, timeout=5000) as blocker:
        document.push(edits.edit_note(document, need.id, dimension="something else entirely"))
    result = blocker.args[0]
    assert result.generation == live.generation
    assert [(c.a, c.b) for c in result.conflicts] == [
        (c.a, c.b) for c in find_conflicts(document.workshop)
    ]
    assert len(result.gaps) == len(find_emotion_gaps(document.workshop))
    assert result.curves and result.map_id == map_id


def test_edits_during_a_run_are_folded_into_one_final_run(qtbot) -> None:
    document = Document(load_workshop(SAMPLE))
    map_id = document.workshop.maps[0].id
    live = LiveAnalysis(document, lambda: map_id)
    results = []
    live.updated.connect(results.append)
    steps = list(document.workshop.steps)
    for index, step_id in enumerate(steps[:10]):
        document.push(edits.edit_step(document, step_id, text=f"Edited {index}"))
    qtbot.waitUntil(
        lambda: bool(results) and results[-1].generation == live.generation, timeout=5000
    )
    qtbot.wait(100)  # nothing more arrives after the last generation
    assert results[-1].generation == live.generation
    assert len(results) < 10


def test_a_big_workshops_first_result_freezes_the_heap_until_its_analysis_goes(qtbot) -> None:
    workshop = load_workshop(SAMPLE)
    small = LiveAnalysis(Document(copy.deepcopy(workshop)), lambda: workshop.maps[0].id)
    step = next(iter(workshop.steps.values()))
    for index in range(BIG_WORKSHOP):
        note_id = f"extra-{index}"
        workshop.notes[note_id] = Note(note_id, step.id, "idea", step.actor, text=f"Idea {index}")
    live = LiveAnalysis(Document(workshop), lambda: workshop.maps[0].id)
    heap.thaw()  # whatever an earlier test left frozen
    with qtbot.waitSignal(small.updated, timeout=5000):
        small.request()
    assert not heap.is_frozen()  # a small workshop's full collections are short anyway
    with qtbot.waitSignal(live.updated, timeout=5000):
        live.request()
    assert heap.is_frozen() and gc.get_freeze_count() > 0
    with qtbot.waitSignal(live.updated, timeout=5000):
        live.request()
    shiboken6.delete(live)  # the window closed: its reference cycles may go now
    assert not heap.is_frozen() and gc.get_freeze_count() == 0


def test_threads_take_turns_every_millisecond_while_an_analysis_runs(qtbot, monkeypatch) -> None:
    document = Document(load_workshop(SAMPLE))
    map_id = document.workshop.maps[0].id
    live = LiveAnalysis(document, lambda: map_id)
    seen = []
    real = live_analysis.analyse

    def analyse(*args: object) -> object:
        seen.append(sys.getswitchinterval())
        return real(*args)

    monkeypatch.setattr(live_analysis, "analyse", analyse)
    before = sys.getswitchinterval()
    with qtbot.waitSignal(live.updated, timeout=5000):
        live.request()
    assert seen == [SWITCH_INTERVAL] and sys.getswitchinterval() == before
