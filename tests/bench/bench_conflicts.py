"""Benchmark the live analysis on a 2,000-step map: an edit until panels and charts show it."""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
for folder in (REPO, Path(__file__).resolve().parent):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from bench_editor import (  # noqa: E402  the editor benchmark's map and report helpers
    ACTORS,
    DIMENSIONS,
    SEED,
    STAGES,
    Line,
    _child_env,
    _machine_facts,
    _table,
    count,
    generate_workshop,
)

from app.model import Workshop  # noqa: E402

STEP_COUNT = 2_000
EDITS = 20  # per layout
KEYSTROKES = 30
KEYS_PER_SECOND = 8.0  # a fast typist
LATENCY_TARGET = 0.100
TURN_TARGET = 0.016
# The editor benchmark's 20 dimensions make ~650 conflicts; 40 make a few hundred.
MORE_DIMENSIONS = (
    "explanation time",
    "people in the room",
    "time to ask questions",
    "medication reviews",
    "portal messages",
    "quiet space",
    "parking",
    "hospital transport",
    "text reminders",
    "same-day appointments",
    "named contact",
    "shared records",
    "time with the consultant",
    "ward visiting hours",
    "plain language",
    "self-referral",
    "group sessions",
    "clinic start time",
    "test repeats",
    "overnight stays",
)
LAYOUTS = (
    ("conflicts", "conflicts panel in front"),
    ("charts", "emotion chart in front"),
    ("priorities", "priorities panel in front"),
)
TYPED = " - and nobody told the family."


def big_workshop(step_count: int = STEP_COUNT, seed: int = SEED) -> Workshop:
    """The editor benchmark's map (8 lanes x 14 stages, ~4 needs a step) with its needs
    spread over 40 dimensions instead of 20: several hundred conflicts."""
    workshop = generate_workshop(step_count, seed)
    dimensions = (*DIMENSIONS, *MORE_DIMENSIONS)
    rng = random.Random(seed + 1)
    for note in workshop.notes.values():
        if note.kind == "need":
            note.dimension = rng.choice(dimensions)
            note.text = f"{(note.direction or '').title()} {note.dimension}, please"
    return workshop


# ---------------------------------------------------------------------------------------
# The measuring process: one window, the map open, edits pushed and timed


@dataclass
class Call:
    """One timed call of a window part that shows the analysis (main thread)."""

    what: str
    start: float
    end: float
    generation: int | None = None
    kind: str | None = None  # a chart's


@dataclass
class Trace:
    """The calls timed by `instrument`, in the order they ended."""

    calls: list[Call] = field(default_factory=list)
    intervals: set[float] = field(default_factory=set)  # GIL switch intervals in analyses

    def since(self, moment: float, what: str) -> list[Call]:
        return [c for c in self.calls if c.what == what and c.start >= moment]


def instrument(trace: Trace) -> None:
    """Time the analysis' main-thread work: wrap, on their classes and before any window
    exists (connections and timers then take the wrapped methods), the snapshot and
    report of `LiveAnalysis`, the panels' and charts' updates and the conflict badges."""
    from app.live_analysis import LiveAnalysis
    from widgets.charts.dock import ChartPage
    from widgets.conflicts.panel import ConflictsPanel
    from widgets.main_window import MainWindow
    from widgets.priorities import PrioritiesPanel

    def wrap(cls: type, name: str, what: str) -> None:
        original = getattr(cls, name)

        @functools.wraps(original)
        def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(self, *args, **kwargs)
            finally:
                generation = getattr(args[0], "generation", None) if args else None
                kind = getattr(self, "kind", None)
                trace.calls.append(Call(what, start, time.perf_counter(), generation, kind))

        setattr(cls, name, timed)

    import app.live_analysis as live

    analyse = live.analyse

    def analyse_noting_the_interval(*args: Any) -> Any:
        trace.intervals.add(sys.getswitchinterval())
        return analyse(*args)

    live.analyse = analyse_noting_the_interval
    wrap(LiveAnalysis, "_start", "snapshot")
    wrap(LiveAnalysis, "_on_finished", "updated")
    wrap(ConflictsPanel, "show_result", "conflicts panel")
    wrap(ChartPage, "refresh", "chart")
    wrap(MainWindow, "_on_analysis_updated", "badges")
    wrap(PrioritiesPanel, "sync_rows", "priorities")


class Heartbeat:
    """How long the main thread's event-loop turns take: a 1-ms precise timer notes the
    gaps between its ticks. (A 0-ms timer would spin the main thread, which then takes
    the GIL back from the analysis thread after every slice and slows it down; 1 ms
    costs the worker almost nothing and is fine enough for a 16-ms target.)"""

    INTERVAL_MS = 1
    NOTED = 0.0025  # gaps longer than this are kept

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(self.INTERVAL_MS)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.gaps: list[tuple[float, float]] = []
        self.ticks: list[float] = []  # only while `keep_ticks`
        self.keep_ticks = False

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        if now - self.last > self.NOTED:
            self.gaps.append((self.last, now))
        self.last = now
        if self.keep_ticks:
            self.ticks.append(now)

    def longest(self, begin: float, end: float, clip: bool = False) -> float:
        """The longest gap between ticks that overlaps [begin, end] (at least one tick);
        with `clip`, only the parts of the gaps inside [begin, end] count."""
        longest = self.INTERVAL_MS / 1000
        for start, stop in self.gaps:
            if stop > begin and start < end:
                if clip:
                    start, stop = max(start, begin), min(stop, end)
                longest = max(longest, stop - start)
        return longest

    def tick_after(self, moment: float) -> float | None:
        """The end of the event-loop turn that was running at `moment`."""
        for start, stop in self.gaps:
            if start <= moment < stop:
                return stop
        return None


class Paints:
    """When a widget's viewport was last painted (an event filter)."""

    def __init__(self) -> None:
        from PySide6.QtCore import QEvent, QObject

        paints = self

        class Filter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint:
                    paints.times.append(time.perf_counter())
                return False

        self.filter = Filter()
        self.times: list[float] = []
        self.watched: Any = None

    def watch(self, widget: Any) -> None:
        if self.watched is not None:
            self.watched.removeEventFilter(self.filter)
        self.watched = widget
        self.times.clear()
        widget.installEventFilter(self.filter)

    def first_after(self, moment: float) -> float | None:
        return next((t for t in self.times if t >= moment), None)


def wait_for(done: Callable[[], bool], limit: float = 30.0) -> bool:
    """Run the event loop until done() (polled every 10 ms) or `limit` seconds."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    poll = QTimer()
    poll.timeout.connect(lambda: (done() or time.perf_counter() > deadline) and loop.quit())
    deadline = time.perf_counter() + limit
    poll.start(10)
    if not done():
        loop.exec()
    poll.stop()
    return done()


def pause(seconds: float) -> None:
    end = time.perf_counter() + seconds
    wait_for(lambda: time.perf_counter() >= end, seconds + 1)


@dataclass
class Edit:
    """One edit to push and how to tell that the window shows it."""

    kind: str
    make: Callable[[], Any]  # the QUndoCommand
    shown: Callable[[], bool]  # the front panel or chart reflects it


class Session:
    """The open window and the edits measured on it."""

    def __init__(self, path: Path, profile: bool) -> None:
        from widgets.application import WindowManager, make_application

        self.app = make_application()
        self.trace = Trace()
        instrument(self.trace)
        self.manager = WindowManager(interactive=False)
        started = time.perf_counter()
        window = self.manager.open_path(path)
        if window is None:
            raise SystemExit(f"could not open {path}")
        self.window = window
        if not wait_for(lambda: window.analysis.result is not None, 60):
            raise SystemExit("no analysis within 60 s")
        self.first_analysis = time.perf_counter() - started
        pause(0.5)
        self.heartbeat = Heartbeat()
        self.paints = Paints()
        self.front = "conflicts"
        self.profiler: Any = None
        if profile:
            import cProfile

            self.profiler = cProfile.Profile()

    # -- layouts ----------------------------------------------------------------------

    def show_layout(self, front: str) -> None:
        """Bring a bottom dock to the front (the emotion chart for "charts") and wait
        until it shows the latest analysis."""
        window = self.window
        self.front = front
        window.docks[front].raise_()
        if front == "charts":
            window.charts.show_chart("emotion")
            page = window.charts.pages["emotion"]
            if not wait_for(lambda: page.chart is not None and not page.stale, 30):
                raise SystemExit("the emotion chart was not drawn")
            self.paints.watch(page.chart.viewport())
        elif front == "priorities":
            panel = window.priorities_panel
            wait_for(lambda: panel.isVisible() and not panel._stale, 10)
            self.paints.watch(panel.vote_list.viewport())
        else:
            window.conflicts_panel.tabs.setCurrentIndex(0)
            self.paints.watch(window.conflicts_panel.conflict_table.viewport())
        pause(0.5)

    # -- what the window shows ----------------------------------------------------------

    def conflict_keys(self) -> set[tuple[str, str]]:
        return {row.key for row in self.window.conflicts_panel.conflicts.rows}

    def vote_keys(self) -> set[tuple]:
        return set(self.window.priorities_panel.model.keys())

    def step_label(self, step_id: str) -> str | None:
        model = self.window.priorities_panel.model
        index = model.index_of(("step", (step_id,)))
        return model.rows[index.row()].label if index.isValid() else None

    def chart_rating(self, step_id: str, actor: str) -> int | None:
        data = self.window.charts.pages["emotion"].chart.data
        for series in data.series:
            if series.actor_id == actor:
                for point in series.points:
                    if point.step == step_id:
                        return point.rating
        return None

    # -- the edits ----------------------------------------------------------------------

    def plan(self, count: int, rng: random.Random) -> list[Edit]:
        """Realistic edits, in turn: a need's direction flipped (its conflicts go), a
        step's text edited, the need flipped back (they come back), a step re-rated."""
        from app import edits
        from app.model import conflict_target

        window = self.window
        doc = window.document
        workshop = doc.workshop
        map_id = window.selection.map_id
        result = window.analysis.result
        assert result is not None
        by_need: dict[str, set[tuple[str, str]]] = {}
        for conflict in result.conflicts_of(map_id):
            key = (conflict.a, conflict.b) if conflict.a < conflict.b else (conflict.b, conflict.a)
            for need in key:
                by_need.setdefault(need, set()).add(key)
        needs = sorted(by_need, key=lambda n: (-len(by_need[n]), n))
        rated = [s for s in workshop.steps_of(map_id) if s.emotion is not None]
        plans: list[Edit] = []
        session = self

        def flip(need: str, keys: set[tuple[str, str]], back: bool) -> Edit:
            def make() -> Any:
                now = workshop.notes[need].direction
                return edits.edit_note(doc, need, direction="less" if now == "more" else "more")

            def shown() -> bool:
                present = session.conflict_keys()
                votes = session.vote_keys() if session.front == "priorities" else None
                for key in keys:
                    if (key in present) != back:
                        return False
                    if votes is not None and (("conflict", conflict_target(*key)) in votes) != back:
                        return False
                return True

            return Edit("flip back" if back else "flip direction", make, shown)

        def retext(step_id: str, text: str, keys: set[tuple[str, str]]) -> Edit:
            def shown() -> bool:
                panel = window.conflicts_panel.conflicts
                for key in keys:
                    row = panel.conflict_row(key)
                    if row is None or text not in (row.step_a, row.step_b):
                        return False
                return session.front != "priorities" or session.step_label(step_id) == text

            return Edit("step text", lambda: edits.edit_step(doc, step_id, text=text), shown)

        def rerate(step_id: str, rating: int) -> Edit:
            actor = workshop.steps[step_id].actor

            def shown() -> bool:
                return session.front != "charts" or session.chart_rating(step_id, actor) == rating

            return Edit("rate step", lambda: edits.edit_step(doc, step_id, emotion=rating), shown)

        cycle = 0
        while len(plans) < count:
            need = needs[cycle % len(needs)]
            keys = by_need[need]
            step_id = workshop.notes[need].step
            # The step's conflicts that the flip before this edit leaves standing.
            step_keys = {
                (c.a, c.b) if c.a < c.b else (c.b, c.a)
                for c in result.conflicts_of(map_id)
                if step_id in c.steps and need not in (c.a, c.b)
            }
            text = f"{workshop.steps[step_id].text.split(' (')[0]} (edit {cycle + 1})"
            rated_step = rated[rng.randrange(len(rated))]
            rating = next(r for r in (3, -3, 2, -2) if r != rated_step.emotion)
            plans += [
                flip(need, keys, back=False),
                retext(step_id, text, step_keys),
                flip(need, keys, back=True),
                rerate(rated_step.id, rating),
            ]
            cycle += 1
        return plans[:count]

    def settle(self) -> None:
        """Wait until no analysis runs or waits, then let the window idle a moment."""
        analysis = self.window.analysis
        wait_for(
            lambda: (
                not analysis._running
                and analysis.result is not None
                and analysis.result.generation == analysis.generation
            ),
            30,
        )
        pause(0.15)

    def displayed(self, pushed: float, generation: int) -> float | None:
        """When the window finished showing the analysis of `generation`: the end of the
        report that carried it (the conflicts panel and the badges update in it), and the
        end of the update of the panel or chart in front if that comes in a later turn
        (the priorities list's sync; the emotion chart's, where charts update after)."""
        reports = [
            c for c in self.trace.since(pushed, "updated") if (c.generation or 0) >= generation
        ]
        if not reports:
            return None
        report = reports[0]
        shown = report.end
        if self.front == "priorities":
            syncs = self.trace.since(shown, "priorities")
            if not syncs:
                return None
            shown = syncs[0].end
        elif self.front == "charts":
            refreshes = [c for c in self.trace.since(report.start, "chart") if c.kind == "emotion"]
            if not refreshes:
                return None
            shown = max(shown, refreshes[0].end)
        return shown

    def measure_edit(self, edit: Edit) -> dict[str, Any]:
        analysis = self.window.analysis
        command = edit.make()
        if self.profiler is not None:
            self.profiler.enable()
        pushed = time.perf_counter()
        self.window.document.push(command)
        push_end = time.perf_counter()
        generation = analysis.generation
        wait_for(lambda: self.displayed(pushed, generation) is not None, 30)
        shown = self.displayed(pushed, generation)
        assert shown is not None
        # The repaint of the panel or chart in front, if the change was in its view.
        wait_for(lambda: self.paints.first_after(shown) is not None, 0.3)
        paint = self.paints.first_after(shown)
        painted = (self.heartbeat.tick_after(paint) or paint) if paint is not None else None
        pause(0.03)  # the turn of the paint has ended and been noted
        if self.profiler is not None:
            self.profiler.disable()
        report = next(
            c for c in self.trace.since(pushed, "updated") if (c.generation or 0) >= generation
        )
        seconds = analysis.result.seconds if analysis.result is not None else float("nan")
        end = painted or self.heartbeat.tick_after(shown) or shown
        # The analysis' first main-thread work: the snapshot for the worker. Before it, the
        # main thread's turns are the edit's own (the canvas, the outline, the minimap).
        began = self.trace.since(pushed, "snapshot")[0].start
        parts = {
            what: sum(c.end - c.start for c in self.trace.since(pushed, what) if c.end <= end)
            for what in ("snapshot", "updated", "conflicts panel", "chart", "badges", "priorities")
        }
        return {
            "kind": edit.kind,
            "shown_ok": edit.shown(),
            "latency": shown - pushed,
            "painted": (painted - pushed) if painted is not None else None,
            "push": push_end - pushed,
            "edit_turn": self.heartbeat.longest(pushed, began, clip=True),
            "longest_turn": self.heartbeat.longest(began, end, clip=True),
            "report_turn": report.end - report.start,
            "analysis": seconds,
            "parts": parts,
        }

    def measure_typing(self, keystrokes: int, rate: float) -> dict[str, Any]:
        """Type into a step's text as a fast typist does (one merged undo step), the
        analysis running behind; each keystroke is due at a fixed time."""
        from PySide6.QtCore import QEventLoop, Qt, QTimer

        from app import edits

        window = self.window
        doc = window.document
        map_id = window.selection.map_id
        result = window.analysis.result
        assert result is not None
        conflict = max(result.conflicts_of(map_id), key=lambda c: (c.severity, c.a))
        step_id = conflict.steps[0]
        base = doc.workshop.steps[step_id].text
        typed = (TYPED * (keystrokes // len(TYPED) + 1))[:keystrokes]
        interval = 1.0 / rate
        undo_before = doc.undo_stack.index()
        waits: list[float] = []
        handled: list[float] = []
        loop = QEventLoop()
        start = time.perf_counter() + 0.05
        if self.profiler is not None:
            self.profiler.enable()

        timer = QTimer()
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(lambda: key(len(waits)))

        def key(index: int) -> None:
            now = time.perf_counter()
            due = start + index * interval
            waits.append(now - due)
            text = base + typed[: index + 1]
            doc.push(edits.edit_step(doc, step_id, merge=True, text=text))
            handled.append(time.perf_counter() - due)
            if index + 1 < keystrokes:
                schedule(index + 1)
            else:
                loop.quit()

        def schedule(index: int) -> None:
            delay = start + index * interval - time.perf_counter()
            timer.start(max(0, round(delay * 1000)))

        schedule(0)
        loop.exec()
        last_key = time.perf_counter()
        generation = window.analysis.generation
        wait_for(lambda: self.displayed(last_key, generation) is not None, 30)
        shown = self.displayed(last_key, generation) or time.perf_counter()
        pause(0.05)
        if self.profiler is not None:
            self.profiler.disable()
        final = base + typed
        row = window.conflicts_panel.conflicts.conflict_row(
            (conflict.a, conflict.b) if conflict.a < conflict.b else (conflict.b, conflict.a)
        )
        shown_ok = row is not None and final in (row.step_a, row.step_b)
        if self.front == "priorities":
            shown_ok = shown_ok and self.step_label(step_id) == final
        reports = [c for c in self.trace.since(start, "updated") if c.end <= shown]

        return {
            "keys": keystrokes,
            "undo_steps": doc.undo_stack.index() - undo_before,
            "longest_turn": self.heartbeat.longest(start, shown),
            "longest_wait": max(waits),
            "waits_over_target": sum(w > TURN_TARGET for w in waits),
            "longest_handled": max(handled),
            "reports": len(reports),
            "last_key_to_shown": shown - last_key,
            "shown_ok": shown_ok,
        }


def child(path: Path, edit_count: int, keystrokes: int, profile: bool) -> dict[str, Any]:
    """Open the map in a real window and measure every layout; the figures as a dict."""
    session = Session(path, profile)
    window = session.window
    rng = random.Random(SEED)
    report: dict[str, Any] = {
        "first_analysis": session.first_analysis,
        "conflicts": len(window.analysis.result.conflicts),
        "switch_interval": sys.getswitchinterval(),
        "switch_in_analysis": sorted(session.trace.intervals),
        "window": [window.width(), window.height()],
        "layouts": {},
    }
    session.heartbeat.start()
    for front, _title in LAYOUTS:
        session.show_layout(front)
        edits = []
        for edit in session.plan(edit_count, rng):
            session.settle()
            edits.append(session.measure_edit(edit))
        session.settle()
        typing = session.measure_typing(keystrokes, KEYS_PER_SECOND)
        window.document.undo_stack.undo()  # the typed text goes again
        report["layouts"][front] = {"edits": edits, "typing": typing}
    window.close()
    session.app.processEvents()
    if session.profiler is not None:
        import io
        import pstats

        out = io.StringIO()
        stats = pstats.Stats(session.profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(25)
        print(out.getvalue(), file=sys.stderr)
    return report


# ---------------------------------------------------------------------------------------
# The report


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def median_max(values: Sequence[float]) -> str:
    if not values:
        return "none measured"
    return f"{ms(statistics.median(values))} (max {ms(max(values))})"


def lines_of(report: dict[str, Any]) -> list[Line]:
    """The table's lines from the measuring process' figures; a verdict is on the worst."""
    lines: list[Line] = []
    every: list[dict[str, Any]] = []
    for front, title in LAYOUTS:
        layout = report["layouts"][front]
        edits, typing = layout["edits"], layout["typing"]
        every += edits
        n = len(edits)
        latency = [e["latency"] for e in edits]
        painted = [e["painted"] for e in edits if e["painted"] is not None]
        turns = [e["longest_turn"] for e in edits]
        own = [e["edit_turn"] for e in edits]
        ok = sum(e["shown_ok"] for e in edits)
        lines += [
            Line(
                f"{title}: edit to shown ({n} edits; {ok}/{n} checked in the view)",
                median_max(latency),
                "<= 100 ms",
                max(latency) <= LATENCY_TARGET and ok == n,
            ),
            Line(
                f"{title}: edit to repainted ({len(painted)} of {n} repainted it)",
                median_max(painted) if painted else "no repaint",
                "<= 100 ms",
                bool(painted) and max(painted) <= LATENCY_TARGET,
            ),
            Line(
                f"{title}: longest turn, analysis start to repainted",
                median_max(turns),
                "<= 16 ms",
                max(turns) <= TURN_TARGET,
            ),
            Line(
                f"{title}: longest turn of the edit itself, before the analysis",
                median_max(own),
            ),
            Line(
                f"{title}: typing {typing['keys']} keys at {KEYS_PER_SECOND:g}/s: longest turn",
                f"{ms(typing['longest_turn'])}; {typing['reports']} results shown meanwhile",
                "<= 16 ms",
                typing["longest_turn"] <= TURN_TARGET,
            ),
            Line(
                f"{title}: typing: longest wait of a keystroke "
                f"({typing['waits_over_target']} of {typing['keys']} over 16 ms)",
                f"{ms(typing['longest_wait'])}; handled within {ms(typing['longest_handled'])}",
                "<= 16 ms",
                typing["longest_wait"] <= TURN_TARGET,
            ),
            Line(
                f"{title}: typing: last key to shown (1 undo step, text checked)",
                f"{ms(typing['last_key_to_shown'])}; {typing['undo_steps']} undo step(s), "
                f"{'ok' if typing['shown_ok'] else 'NOT shown'}",
                "<= 100 ms",
                typing["last_key_to_shown"] <= LATENCY_TARGET
                and typing["undo_steps"] == 1
                and typing["shown_ok"],
            ),
        ]
    lines.append(
        Line(
            "analysis in the worker thread (AnalysisResult.seconds), every edit",
            median_max([e["analysis"] for e in every]),
        )
    )
    lines.append(
        Line("main thread: document.push of one edit", median_max([e["push"] for e in every]))
    )

    def part(what: str, edits: list[dict[str, Any]]) -> str:
        return median_max([e["parts"][what] for e in edits])

    layouts = report["layouts"]
    charts = [e for e in layouts["charts"]["edits"] if e["kind"] == "rate step"]
    for text, figure in (
        ("main thread: snapshot for the worker, thread start", part("snapshot", every)),
        ("main thread: the result's report, all its slots", part("updated", every)),
        ("  of which the conflicts panel (rows diffed)", part("conflicts panel", every)),
        ("  of which the conflict badges on the cards", part("badges", every)),
        ("main thread: emotion chart update, a re-rated step", part("chart", charts)),
        ("main thread: priorities list sync (when in front)",
         part("priorities", layouts["priorities"]["edits"])),
    ):  # fmt: skip
        lines.append(Line(text, figure))
    return lines


def run_child(path: Path, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        str(path),
        "--edits",
        str(args.edits),
        "--keys",
        str(args.keys),
    ]
    if args.profile:
        command.append("--profile")
    done = subprocess.run(
        command, cwd=REPO, env=_child_env(work), capture_output=True, text=True, timeout=900
    )
    if args.profile or done.returncode != 0:
        print(done.stderr, file=sys.stderr)
    if done.returncode != 0:
        raise SystemExit(f"bench_conflicts: the measuring process exited {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: Sequence[str] | None = None) -> int:
    """Print the machine, the map and the table of figures; exit 0 even when missed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--edits", type=int, default=EDITS, help="edits timed per layout")
    parser.add_argument("--keys", type=int, default=KEYSTROKES, help="keystrokes typed")
    parser.add_argument("--steps", type=int, default=STEP_COUNT, help="steps in the map")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile the main thread (figures distorted)"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        report = child(args.child, max(1, args.edits), max(2, args.keys), args.profile)
        print(json.dumps(report))
        return 0

    print("== Live analysis benchmark: one edit on a 2,000-step map until it is shown ==")
    for fact in _machine_facts():
        print(fact)
    from app.analysis import find_conflicts
    from app.store import save_workshop

    with tempfile.TemporaryDirectory(prefix="journey-bench-conflicts-") as folder:
        work = Path(folder)
        big = work / "big.journey"
        workshop = big_workshop(args.steps)
        save_workshop(workshop, big)
        facts = count(workshop)
        conflicts = len(find_conflicts(workshop))
        print(
            f"Generated map (seed {SEED}): {facts.steps:,} steps in {len(ACTORS)} lanes x "
            f"{len(STAGES)} stages, {facts.links:,} links, {facts.needs:,} needs over "
            f"{len(DIMENSIONS) + len(MORE_DIMENSIONS)} dimensions, {conflicts} conflicts; "
            f"file {big.stat().st_size / 1e6:.1f} MB"
        )
        del workshop
        report = run_child(big, work, args)
    width, height = report["window"]
    print(
        f"Window {width} x {height} px, offscreen; {report['conflicts']} conflicts; first "
        f"analysis shown {report['first_analysis']:.2f} s after open_path; GIL switch "
        f"interval {report['switch_interval'] * 1000:g} ms, during analyses "
        f"{', '.join(f'{i * 1000:g}' for i in report['switch_in_analysis'])} ms"
    )
    print(
        f"Each layout: {args.edits} edits one at a time (flip a need's direction, edit a "
        f"step's text, flip it back, re-rate a step), then {args.keys} keystrokes at "
        f"{KEYS_PER_SECOND:g}/s. 'Shown': the conflicts panel and the badges have taken "
        "the new result, and the panel or chart in front too (the emotion chart and the "
        "priorities list update in a later turn); 'repainted': the front view's next paint, "
        "when the edit changed what it shows. Turns: gaps between 1-ms heartbeats; a "
        "verdict is on the worst edit."
    )
    lines = lines_of(report)
    rows = [(line.measure, line.figure, line.target or "-", line.verdict) for line in lines]
    for text in _table(("measure", "figure", "target", "ok/MISSED"), rows):
        print(text)
    missed = [line.measure for line in lines if line.ok is False]
    if missed:
        print(f"*** MISSED {len(missed)} target(s) ***")
    else:
        print("All targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
