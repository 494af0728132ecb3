"""The analysis of the open workshop, kept up to date in a worker thread after every edit.

The conflict rule and the diagnostics take tens of milliseconds on a large workshop, too
long to run in the event loop after each keystroke. After an edit, `LiveAnalysis` takes a
snapshot of the workshop (cheap: `WorkshopMirror` keeps copies of the items and re-copies
only those the edit touched), analyses it in a worker thread, and reports the result in
the main thread. Edits that arrive while a run is going are folded into the next run.

While a run goes, threads take turns with the GIL every millisecond instead of Python's
5 ms: the main thread then waits at most that long whenever it needs Python (a slot, a
card's paint, starting the worker thread itself), rather than up to 5 ms each time.

With a big workshop open, the first result also freezes the objects alive then out of the
garbage collector's full passes (`app.heap`): otherwise the analysis' garbage brings a
50-110 ms pass, which stalls the event loop, about every half second of typing.

Signals:
    updated(result): a new `AnalysisResult`, for the workshop as it was at `generation`.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal

from app import heap
from app.document import Document
from app.model import Workshop

BIG_WORKSHOP = 2_000  # steps and notes from which the heap is frozen (see app.heap)
SWITCH_INTERVAL = 0.001  # seconds between GIL turns while an analysis runs


@dataclass(frozen=True)
class AnalysisResult:
    """Conflicts and emotion gaps of every map, and the shown map's emotion curves."""

    generation: int
    map_id: str
    conflicts: list = field(default_factory=list)  # app.analysis.Conflict
    gaps: list = field(default_factory=list)  # app.analysis.EmotionGap
    curves: tuple = ()  # app.diagnostics.EmotionCurve of map_id
    seconds: float = 0.0

    def conflicts_of(self, map_id: str) -> list:
        return [c for c in self.conflicts if c.map_id == map_id]

    def gaps_of(self, map_id: str) -> list:
        return [g for g in self.gaps if g.map_id == map_id]


def analyse(snapshot: Workshop, map_id: str, generation: int) -> AnalysisResult:
    """Run the conflict rule and the shown map's emotion curves on a snapshot."""
    from app.analysis import find_conflicts, find_emotion_gaps
    from app.diagnostics import emotion_curves

    started = time.perf_counter()
    conflicts = find_conflicts(snapshot)
    gaps = find_emotion_gaps(snapshot)
    curves = emotion_curves(snapshot, map_id) if snapshot.map(map_id) is not None else ()
    return AnalysisResult(
        generation, map_id, conflicts, gaps, curves, time.perf_counter() - started
    )


class WorkshopMirror(QObject):
    """Private copies of a document's items, refreshed only where the document changed.

    `snapshot()` returns a Workshop that no later edit will touch: edited items are
    replaced by fresh copies in the mirror, never changed in place.
    """

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._copy = _copy_workshop(document.workshop)
        self._dirty: dict[str, set] = {k: set() for k in KINDS}
        self._everything = False
        d = document
        for signal, kind in (
            (d.step_added, "steps"),
            (d.step_removed, "steps"),
            (d.step_changed, "steps"),
            (d.link_added, "links"),
            (d.link_removed, "links"),
            (d.actor_added, "actors"),
            (d.actor_removed, "actors"),
            (d.actor_changed, "actors"),
        ):
            signal.connect(lambda item_id, k=kind: self._dirty[k].add(item_id))
        for signal in (d.note_added, d.note_removed, d.note_changed):
            signal.connect(lambda note_id, _step: self._dirty["notes"].add(note_id))
        for signal in (d.map_added, d.map_removed, d.map_changed):
            signal.connect(lambda _map_id: self._mark_maps())
        d.conflict_status_changed.connect(lambda a, b: self._dirty["conflicts"].add((a, b)))
        d.vote_changed.connect(lambda *key: self._dirty["votes"].add(key))
        d.info_changed.connect(self._mark_info)

    def _mark_maps(self) -> None:
        self._dirty["maps"].add("*")

    def _mark_info(self) -> None:
        self._dirty["info"].add("*")

    def snapshot(self) -> Workshop:
        """A consistent copy of the workshop as it is now."""
        live, mirror = self.document.workshop, self._copy
        for kind in ("actors", "steps", "links", "notes", "conflicts", "votes"):
            source, target = getattr(live, kind), getattr(mirror, kind)
            dirty = self._dirty[kind]
            if not dirty:
                continue
            for key in dirty:
                if key in source:
                    target[key] = dataclasses.replace(source[key])
                else:
                    target.pop(key, None)
            dirty.clear()
            # Keep the live order (undo puts items back in their old places).
            if list(target) != list(source):
                setattr(mirror, kind, {key: target[key] for key in source})
        if self._dirty["maps"]:
            mirror.maps = copy.deepcopy(live.maps)
            self._dirty["maps"].clear()
        if self._dirty["info"]:
            mirror.info = dataclasses.replace(live.info)
            self._dirty["info"].clear()
        return Workshop(
            mirror.info,
            dict(mirror.actors),
            list(mirror.maps),
            dict(mirror.steps),
            dict(mirror.links),
            dict(mirror.notes),
            dict(mirror.conflicts),
            dict(mirror.votes),
        )


KINDS = ("actors", "steps", "links", "notes", "conflicts", "votes", "maps", "info")


def _copy_workshop(workshop: Workshop) -> Workshop:
    return Workshop(
        dataclasses.replace(workshop.info),
        {k: dataclasses.replace(v) for k, v in workshop.actors.items()},
        copy.deepcopy(workshop.maps),
        {k: dataclasses.replace(v) for k, v in workshop.steps.items()},
        {k: dataclasses.replace(v) for k, v in workshop.links.items()},
        {k: dataclasses.replace(v) for k, v in workshop.notes.items()},
        {k: dataclasses.replace(v) for k, v in workshop.conflicts.items()},
        {k: dataclasses.replace(v) for k, v in workshop.votes.items()},
    )


class ShortSlices:
    """`sys.setswitchinterval(SWITCH_INTERVAL)` from the first `enter()` to the last
    `leave()` (any thread), then the interval as it was."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._saved = 0.0

    def enter(self) -> None:
        with self._lock:
            if self._running == 0:
                self._saved = sys.getswitchinterval()
                sys.setswitchinterval(min(self._saved, SWITCH_INTERVAL))
            self._running += 1

    def leave(self) -> None:
        with self._lock:
            self._running -= 1
            if self._running == 0:
                sys.setswitchinterval(self._saved)


SHORT_SLICES = ShortSlices()


class LiveAnalysis(QObject):
    """Re-analyses the document in a worker thread after edits; see the module docstring."""

    updated = Signal(object)
    _finished = Signal(object)  # from the worker thread to the main thread

    def __init__(
        self,
        document: Document,
        map_id: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.map_id = map_id
        self.mirror = WorkshopMirror(document, self)
        self.generation = 0
        self.result: AnalysisResult | None = None
        self._running = False
        self._pending = False
        self._kick = QTimer(self)
        self._kick.setSingleShot(True)
        self._kick.setInterval(0)
        self._kick.timeout.connect(self._start)
        self._finished.connect(self._on_finished)
        document.changed.connect(self.request)
        # Whether this analysis froze the heap; when it goes, so does the freeze (the
        # closed window's reference cycles can then be collected). Not `self`: the lambda
        # runs as the object is destroyed.
        froze = self._froze = [False]
        self.destroyed.connect(lambda *_: froze[0] and heap.thaw())

    def request(self) -> None:
        """Analyse again soon (edits in the same event-loop turn share one run)."""
        self.generation += 1
        self._kick.start()

    def _start(self) -> None:
        if self._running:
            self._pending = True
            return
        self._running = True
        self._pending = False
        snapshot = self.mirror.snapshot()
        generation, map_id = self.generation, self.map_id()
        worker = threading.Thread(
            target=self._work, args=(snapshot, map_id, generation), daemon=True
        )
        # Before the start: the start itself waits for the GIL once the worker has it.
        SHORT_SLICES.enter()
        try:
            worker.start()
        except BaseException:
            SHORT_SLICES.leave()
            raise

    def _work(self, snapshot: Workshop, map_id: str, generation: int) -> None:
        try:
            result = analyse(snapshot, map_id, generation)
        except Exception as error:  # a bug must not leave the panel waiting forever
            result = error
        finally:
            SHORT_SLICES.leave()
        # The window may have closed while this ran: then there is nobody left to tell.
        with contextlib.suppress(RuntimeError):
            self._finished.emit(result)

    def _on_finished(self, result: object) -> None:
        self._running = False
        if isinstance(result, AnalysisResult):
            self.result = result
            self.updated.emit(result)
            self._freeze_heap()
        if self._pending or (
            isinstance(result, AnalysisResult) and result.generation != self.generation
        ):
            self._start()
        if isinstance(result, Exception):
            raise result

    def _freeze_heap(self) -> None:
        """Freeze the long-lived objects once a big workshop's window is built and shown
        (again after another window's freeze was thawed)."""
        if self._froze[0] and heap.is_frozen():
            return
        workshop = self.document.workshop
        if len(workshop.steps) + len(workshop.notes) >= BIG_WORKSHOP:
            heap.freeze_long_lived()
            self._froze[0] = True

    def run_now(self) -> AnalysisResult:
        """Analyse in this thread and report at once (start-up, exports, tests)."""
        result = analyse(self.mirror.snapshot(), self.map_id(), self.generation)
        self.result = result
        self.updated.emit(result)
        return result
