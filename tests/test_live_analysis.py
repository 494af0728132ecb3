"""The live analysis: snapshots equal the workshop, results follow edits, runs fold together."""

from __future__ import annotations

import contextlib
import copy
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_undo_property import one_edit

from app import edits
from app.analysis import find_conflicts, find_emotion_gaps
from app.document import Document
from app.errors import WorkshopError
from app.live_analysis import LiveAnalysis, WorkshopMirror
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
