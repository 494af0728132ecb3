"""Benchmark the editor window: cold start, opening, repainting and dragging a 2,000-step map."""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.layout import apply_layout, plan_layout  # noqa: E402
from app.model import (  # noqa: E402
    ACTOR_PALETTE,
    Actor,
    JourneyMap,
    Lane,
    Link,
    Note,
    Stage,
    Step,
    Workshop,
    WorkshopInfo,
)
from app.store import save_workshop  # noqa: E402

SEED = 20240612
DEFAULT_REPEAT = 3
STEP_COUNT = 2_000
NEEDS_PER_STEP = 4  # ~8,000 needs on 2,000 steps
PAINS_PER_STEP = 0.5
FEELINGS_PER_STEP = 0.3
IDEAS_PER_STEP = 0.1
HANDOFF_SHARE = 0.2  # links between lanes, per step
SAMPLE = REPO / "workshops" / "outpatient-clinic.journey"
EXPORT_MODULE = REPO / "widgets" / "export.py"

# Name, role and how often the actor's lane holds a step.
ACTORS = (
    ("Patient", "patient", 24),
    ("Carer", "carer", 10),
    ("GP", "clinician", 14),
    ("Nurse", "clinician", 16),
    ("Receptionist", "staff", 10),
    ("Pharmacist", "clinician", 8),
    ("Physiotherapist", "clinician", 8),
    ("Social worker", "staff", 10),
)
STAGES = (
    "Noticing symptoms",
    "Booking",
    "Waiting",
    "Arrival",
    "Consultation",
    "Tests",
    "Results",
    "Diagnosis",
    "Treatment",
    "Pharmacy",
    "Rehabilitation",
    "Discharge",
    "Follow-up",
    "Living with it",
)
DIMENSIONS = (
    "consultation time",
    "information about delays",
    "appointment choice",
    "waiting time",
    "privacy",
    "follow-up calls",
    "paperwork",
    "written information",
    "continuity of staff",
    "travel distance",
    "out-of-hours access",
    "speed of test results",
    "family involvement",
    "clinic list length",
    "phone availability",
    "interpreter access",
    "home visits",
    "discharge planning time",
    "handover detail",
    "documentation time",
)
VERBS = ("Call about", "Wait for", "Check", "Explain", "Fill in", "Ask about", "Book", "Review")
OBJECTS = (
    "the appointment",
    "the referral letter",
    "the blood test",
    "the prescription",
    "the scan results",
    "the care plan",
    "the discharge summary",
    "the medication list",
)
TAILS = (
    "",
    "",
    " before the next visit",
    " with the family, who were not told what happens next and had to ring twice",
    " again, because nobody wrote down what was agreed at the last appointment",
)
CHANNELS = ("in person", "phone", "portal", "letter", "SMS", "video", "")
FEELING_WORDS = ("anxious", "rushed", "relieved", "confused", "reassured", "tired")


# ---------------------------------------------------------------------------------------
# The generated workshop


@dataclass
class Generated:
    """What the generated map holds, counted for the report."""

    steps: int
    links: int
    handoffs: int
    needs: int
    pains: int
    feelings: int
    ideas: int


def generate_workshop(step_count: int = STEP_COUNT, seed: int = SEED) -> Workshop:
    """One map, 8 lanes x 14 stages, `step_count` steps linked along their lanes plus
    handoffs to nearby later steps of other lanes, ~4 needs a step and some pains,
    feelings and ideas, laid out by `plan_layout`."""
    rng = random.Random(seed)
    workshop = Workshop(info=WorkshopInfo(title="Editor benchmark"))
    for index, (name, role, _share) in enumerate(ACTORS):
        actor_id = f"a{index + 1}"
        colour = ACTOR_PALETTE[index % len(ACTOR_PALETTE)]
        workshop.actors[actor_id] = Actor(actor_id, name, role, colour)
    actor_ids = list(workshop.actors)
    shares = [share for _name, _role, share in ACTORS]
    journey_map = JourneyMap(
        "m1",
        "Big journey",
        [Stage(f"m1.s{i + 1}", name) for i, name in enumerate(STAGES)],
        [Lane(actor_id) for actor_id in actor_ids],
    )
    workshop.maps.append(journey_map)

    step_ids: list[str] = []
    previous_in_lane: dict[str, str] = {}

    def add_link(source: str, target: str) -> None:
        link_id = f"l{len(workshop.links) + 1}"
        workshop.links[link_id] = Link(link_id, source, target)

    for number in range(1, step_count + 1):
        stage = journey_map.stages[(number - 1) * len(STAGES) // step_count]
        actor = rng.choices(actor_ids, shares)[0]
        others = [a for a in actor_ids if a != actor]
        step_id = f"s{number}"
        workshop.steps[step_id] = Step(
            step_id,
            "m1",
            stage.id,
            actor,
            f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(TAILS)}",
            with_actors=rng.sample(others, rng.choice((1, 2))) if rng.random() < 0.2 else [],
            channel=rng.choice(CHANNELS),
            emotion=rng.randint(-3, 3) if rng.random() < 0.5 else None,
        )
        step_ids.append(step_id)
        if actor in previous_in_lane:
            add_link(previous_in_lane[actor], step_id)
        previous_in_lane[actor] = step_id
    lane_of = {s: workshop.steps[s].actor for s in step_ids}
    handoffs = 0
    while handoffs < int(step_count * HANDOFF_SHARE):
        source = rng.randrange(step_count - 1)
        target = min(step_count - 1, source + rng.randint(1, 20))
        if lane_of[step_ids[source]] != lane_of[step_ids[target]]:
            add_link(step_ids[source], step_ids[target])
            handoffs += 1

    def add_note(step_id: str, kind: str, actor: str, **fields: object) -> None:
        note_id = f"n{len(workshop.notes) + 1}"
        workshop.notes[note_id] = Note(note_id, step_id, kind, actor, **fields)  # type: ignore[arg-type]

    for step_id in step_ids:
        own = lane_of[step_id]
        for _ in range(NEEDS_PER_STEP):
            actor = own if rng.random() < 0.65 else rng.choice(actor_ids)
            dimension = rng.choice(DIMENSIONS)
            direction = rng.choice(("more", "less"))
            add_note(
                step_id,
                "need",
                actor,
                text=f"{direction.title()} {dimension}, please",
                dimension=dimension,
                direction=direction,
                weight=rng.randint(1, 5),
            )
        if rng.random() < PAINS_PER_STEP:
            add_note(
                step_id,
                "pain",
                own,
                text=f"Nobody told us about {rng.choice(OBJECTS)}",
                weight=rng.randint(1, 5),
            )
        if rng.random() < FEELINGS_PER_STEP:
            add_note(
                step_id,
                "feeling",
                rng.choice([a for a in actor_ids if a != own]),
                text=rng.choice(FEELING_WORDS),
                rating=rng.randint(-3, 3),
            )
        if rng.random() < IDEAS_PER_STEP:
            add_note(step_id, "idea", own, text="A text message when it is ready")
    apply_layout(workshop, "m1", plan_layout(workshop, "m1"))
    return workshop


def count(workshop: Workshop) -> Generated:
    steps = workshop.steps
    kinds = [note.kind for note in workshop.notes.values()]
    handoffs = sum(
        steps[link.source].actor != steps[link.target].actor for link in workshop.links.values()
    )
    return Generated(
        len(steps),
        len(workshop.links),
        handoffs,
        kinds.count("need"),
        kinds.count("pain"),
        kinds.count("feeling"),
        kinds.count("idea"),
    )


# ---------------------------------------------------------------------------------------
# Fresh processes


class BenchError(RuntimeError):
    """A measured process failed; the message holds its stderr."""


@dataclass
class Run:
    """One child process: wall time from fork to exit, its own peak memory, its output,
    and its start on CLOCK_MONOTONIC (to compare with times the child reports)."""

    wall: float
    peak_mb: float
    started: float
    stdout: str
    stderr: str

    def report(self) -> dict:
        """The JSON object the child printed on its last line."""
        lines = self.stdout.strip().splitlines()
        if not lines:
            raise BenchError(f"the child printed nothing: {self.stderr}")
        return json.loads(lines[-1])


# A ~5 MB launcher forks the measured command, so its ru_maxrss is the command's own: on
# Linux a process keeps the high-water mark of the process it was forked from across exec,
# so a child of this script would report this script's size (see bench_core.py).
LAUNCHER = """\
import os, sys, time
result, argv = sys.argv[1], sys.argv[2:]
start = time.clock_gettime(time.CLOCK_MONOTONIC)
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_pid, status, usage = os.wait4(pid, 0)
wall = time.clock_gettime(time.CLOCK_MONOTONIC) - start
with open(result, "w") as file:
    file.write(f"{wall} {usage.ru_maxrss} {start} {os.waitstatus_to_exitcode(status)}")
"""


def _peak_mb(maxrss: int) -> float:
    """ru_maxrss in megabytes (10^6 bytes): KiB on Linux, bytes on macOS."""
    kib = maxrss / 1024 if sys.platform == "darwin" else maxrss
    return kib * 1024 / 1e6


def run_child(argv: Sequence[str], env: dict[str, str], timeout: float = 300) -> Run:
    """Run `argv` (its first item a full path) in a fresh process from the repository."""
    with tempfile.TemporaryDirectory(prefix="journey-run-") as folder:
        result = Path(folder) / "result"
        launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER, str(result), *argv]
        done = subprocess.run(
            launcher, cwd=REPO, env=env, capture_output=True, check=False, timeout=timeout
        )
        message = done.stderr.decode("utf-8", "replace").strip()
        if done.returncode != 0 or not result.exists():
            raise BenchError(f"{' '.join(argv[:3])} … could not be run: {message}")
        wall, maxrss, started, code = result.read_text().split()
    if int(code) != 0:
        raise BenchError(f"{' '.join(argv[:3])} … exited {code}: {message}")
    return Run(
        float(wall),
        _peak_mb(int(maxrss)),
        float(started),
        done.stdout.decode("utf-8", "replace"),
        message,
    )


# Shared by the harnesses below: when the map view has painted, and waiting in the event
# loop (not spinning in Python, which would starve the analysis thread). The view's
# paintEvent is wrapped before any view exists (PySide looks a Python override up once per
# object), so a paint counts when it has ended, whatever the event loop does next.
HARNESS_COMMON = """\
import json, resource, statistics, sys, time
from pathlib import Path
from PySide6.QtCore import QEventLoop, QPointF, QTimer
from PySide6.QtWidgets import QGraphicsView
from widgets.application import WindowManager, make_application
from widgets.canvas.view import MapView

def monotonic():
    return time.clock_gettime(time.CLOCK_MONOTONIC)

class Paints:
    '''Paints of map views: how many have ended, when the first one ended, and whether
    pyqtgraph had been imported by then.'''
    count = 0
    first_done = None
    pyqtgraph_at_first = None

def _timed_paint_event(view, event):
    QGraphicsView.paintEvent(view, event)
    Paints.count += 1
    if Paints.first_done is None:
        Paints.first_done = monotonic()
        Paints.pyqtgraph_at_first = "pyqtgraph" in sys.modules

MapView.paintEvent = _timed_paint_event
paints = Paints

def wait_for(done, limit=120.0):
    '''Run the event loop until done() is true.'''
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: done() and loop.quit())
    timer.start(5)
    deadline = monotonic() + limit
    while not done():
        if monotonic() > deadline:
            raise SystemExit("timed out waiting in the event loop")
        QTimer.singleShot(200, loop.quit)
        loop.exec()
    timer.stop()

def idle(app, rounds=5):
    for _ in range(rounds):
        app.processEvents()

def peak_mb():
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (maxrss / 1024 if sys.platform == "darwin" else maxrss) * 1024 / 1e6
"""

# Start-up as `journey-workshop FILE` does it, until the first paint of the map.
FIRST_PAINT = (
    HARNESS_COMMON
    + """
from app.launch import launch_window  # noqa: the entry point's own imports
app = make_application()
manager = WindowManager(interactive=False)
window = manager.open_path(Path(sys.argv[1]))
wait_for(lambda: paints.first_done is not None)
settle = QEventLoop()
QTimer.singleShot(1000, settle.quit)
settle.exec()
print(json.dumps({
    "first_paint": paints.first_done,
    "pyqtgraph": paints.pyqtgraph_at_first,
    "pyqtgraph_later": "pyqtgraph" in sys.modules,
}))
"""
)

# Open the big map, then repaint it and drag one of its cards.
SESSION = (
    HARNESS_COMMON
    + """
frames = int(sys.argv[2])
app = make_application()
manager = WindowManager(interactive=False)
started = monotonic()
window = manager.open_path(Path(sys.argv[1]))
opened = monotonic()
wait_for(lambda: paints.first_done is not None)
first_paint = paints.first_done - started
# Settled: the live analysis has reported and its conflict badges are on the cards.
wait_for(lambda: window.analysis.result is not None)
idle(app)
settled = monotonic() - started

view, scene = window.view, window.scene
viewport = view.viewport()
view.zoom_to_fit()
idle(app)
fit_zoom = view.zoom()
repaints, repaints_cpu = [], []
for _ in range(frames):
    begin, begin_cpu = monotonic(), time.thread_time()
    viewport.repaint()
    repaints.append(monotonic() - begin)
    repaints_cpu.append(time.thread_time() - begin_cpu)

def pick_card():
    '''A card near the middle of the map with the most links.'''
    centre = scene.map_rect().center()
    def score(step_id):
        item = scene.step_items[step_id]
        distance = (item.pos() - centre).manhattanLength()
        return (-len(scene._links_of_step.get(step_id, ())), distance)
    near = sorted(scene.step_items, key=lambda s: (
        (scene.step_items[s].pos() - centre).manhattanLength()))[:40]
    return scene.step_items[min(near, key=score)]

def drag(item, pixels):
    '''Move the card `pixels` view pixels a frame, as a mouse drag does; each frame's
    time from the move to the end of the repaint it caused, and the CPU time of it.'''
    step = QPointF(pixels, pixels * 0.5) / view.zoom()
    times, cpu = [], []
    for index in range(frames * 2):
        direction = 1 if index < frames else -1
        before = paints.count
        begin, begin_cpu = monotonic(), time.thread_time()
        item.setPos(item.pos() + step * direction)
        for _ in range(50):
            app.processEvents()
            if paints.count > before:
                break
        times.append(monotonic() - begin)
        cpu.append(time.thread_time() - begin_cpu)
    return statistics.median(times), statistics.median(cpu)

item = pick_card()
links = len(scene._links_of_step.get(item.step_id, ()))
scene.clearSelection()
item.setSelected(True)
idle(app)
drag_fit = drag(item, 4)
view.set_zoom(1.0)
view.centerOn(item)
idle(app)
drag_100 = drag(item, 4)
scene.reposition_step(item.step_id)
idle(app)
print(json.dumps({
    "open_call": opened - started,
    "first_paint": first_paint,
    "settled": settled,
    "fit_zoom": fit_zoom,
    "viewport": [viewport.width(), viewport.height()],
    "repaint_first": repaints[0],
    "repaint_median": statistics.median(repaints[1:] or repaints),
    "repaint_median_cpu": statistics.median(repaints_cpu[1:] or repaints_cpu),
    "drag_fit": drag_fit[0],
    "drag_fit_cpu": drag_fit[1],
    "drag_100": drag_100[0],
    "drag_100_cpu": drag_100[1],
    "drag_links": links,
    "cards": len(scene.step_items),
    "arrows": len(scene.link_items),
    "conflict_badges": len(scene.conflict_counts),
    "peak_mb": peak_mb(),
}))
"""
)

# Export the big map as PNG, SVG and PDF; the median of `repeat` runs of each.
EXPORTS = """\
import json, statistics, sys, time
from pathlib import Path
from app.store import load_workshop
from widgets.application import make_application
from widgets.export import export_map
make_application()
workshop = load_workshop(Path(sys.argv[1]))
folder, repeat = Path(sys.argv[2]), int(sys.argv[3])
report = {}
for suffix in ("png", "svg", "pdf"):
    out = folder / f"map.{suffix}"
    times = []
    for _ in range(repeat):
        begin = time.perf_counter()
        info = export_map(workshop, workshop.maps[0].id, out)
        times.append(time.perf_counter() - begin)
    report[suffix] = {
        "seconds": statistics.median(times),
        "mb": out.stat().st_size / 1e6,
        "what": info.describe(),
    }
    out.unlink()
print(json.dumps(report))
"""


# ---------------------------------------------------------------------------------------
# The report


@dataclass
class Line:
    """One row of the final table."""

    measure: str
    figure: str
    target: str = ""
    ok: bool | None = None  # None: no target

    @property
    def verdict(self) -> str:
        return "" if self.ok is None else ("ok" if self.ok else "MISSED")


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]
    out = ["  ".join(cell.ljust(width) for cell, width in zip(headers, widths, strict=True))]
    out.append("  ".join("-" * width for width in widths))
    for row in rows:
        out.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return [line.rstrip() for line in out]


def _spread(values: Sequence[float], unit: str = "s", scale: float = 1.0) -> str:
    """The median and the range, e.g. `0.712 s (0.690-0.750)`."""
    digits = 3 if unit == "s" else 1
    median = statistics.median(values) * scale
    low, high = min(values) * scale, max(values) * scale
    if len(values) == 1:
        return f"{median:.{digits}f} {unit}"
    return f"{median:.{digits}f} {unit} ({low:.{digits}f}-{high:.{digits}f})"


def _machine_facts() -> list[str]:
    model = ""
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                model = text.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return [
        f"CPU: {os.cpu_count()} logical ({usable} usable) {model}".rstrip(),
        f"Load average at start: {load}; Python {platform.python_version()} on "
        f"{platform.platform()}",
    ]


def _tool(name: str) -> list[str]:
    """The console script of this checkout's venv; else `python -m app`, which runs this
    checkout's code too (a venv's script runs the checkout the venv was installed from)."""
    script = Path(sys.executable).parent / name
    if script.exists() and script.resolve().is_relative_to(REPO):
        return [str(script)]
    return [sys.executable, "-m", "app"]


def _child_env(work: Path) -> dict[str, str]:
    """Offscreen Qt; settings, recent files and recovery copies in the temp folder."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["XDG_CONFIG_HOME"] = str(work / "config")
    env["JOURNEY_WORKSHOP_DATA"] = str(work / "data")
    return env


def run(repeat: int, frames: int, step_count: int, exports: bool = True) -> list[Line]:
    """Generate the map, measure everything in fresh processes; the table's lines."""
    python = sys.executable
    lines: list[Line] = []
    with tempfile.TemporaryDirectory(prefix="journey-bench-editor-") as folder:
        work = Path(folder)
        env = _child_env(work)
        sample = work / SAMPLE.name
        shutil.copyfile(SAMPLE, sample)  # the app's lock file goes next to it, not in the repo
        big = work / "big.journey"
        workshop = generate_workshop(step_count)
        save_workshop(workshop, big)
        facts = count(workshop)
        del workshop
        print(
            f"Generated map (seed {SEED}): {facts.steps:,} steps in {len(ACTORS)} lanes x "
            f"{len(STAGES)} stages, {facts.links:,} links ({facts.handoffs} handoffs), "
            f"{facts.needs:,} needs, {facts.pains} pains, {facts.feelings} feelings, "
            f"{facts.ideas} ideas; file {big.stat().st_size / 1e6:.1f} MB"
        )
        print(f"Qt platform: {env['QT_QPA_PLATFORM']}")

        # 1. Cold start to a saved screenshot, and start-up to the first paint.
        command = _tool("journey-workshop")
        shot = work / "shot.png"
        # Warm-up, not measured: byte code written (a fresh clone has none, an installed
        # app has it) and the files in the page cache.
        run_child([*command, str(sample), "--screenshot", str(shot)], env)
        cold = [
            run_child([*command, str(sample), "--screenshot", str(shot)], env)
            for _ in range(repeat)
        ]
        walls = [r.wall for r in cold]
        lines.append(
            Line(
                "cold start: --screenshot of the outpatient sample (process wall time)",
                _spread(walls),
                "<= 1.0 s",
                statistics.median(walls) <= 1.0,
            )
        )
        firsts = [run_child([python, "-c", FIRST_PAINT, str(sample)], env) for _ in range(repeat)]
        reports = [r.report() for r in firsts]
        to_paint = [rep["first_paint"] - r.started for rep, r in zip(reports, firsts, strict=True)]
        lines.append(Line("cold start: process start to first paint of the map", _spread(to_paint)))
        imported = [rep["pyqtgraph"] for rep in reports]
        later = [rep["pyqtgraph_later"] for rep in reports]
        lines.append(
            Line(
                "cold start: pyqtgraph imported by the first paint",
                "yes" if any(imported) else "no",
                "no",
                not any(imported),
            )
        )
        lines.append(
            Line(
                "cold start: pyqtgraph imported within 1 s after it (a chart on screen)",
                "yes" if any(later) else "no",
            )
        )

        # 2-5. The big map: open, repaint, drag, memory.
        sessions = [
            run_child([python, "-c", SESSION, str(big), str(frames)], env) for _ in range(repeat)
        ]
        reports = [r.report() for r in sessions]

        def figures(key: str) -> list[float]:
            return [rep[key] for rep in reports]

        last = reports[-1]
        width, height = last["viewport"]
        print(
            f"Big map window: {last['cards']:,} cards, {last['arrows']:,} arrows, "
            f"{last['conflict_badges']:,} conflict badges; map view {width} x {height} px, zoom to "
            f"fit {last['fit_zoom'] * 100:.1f} %; the dragged card has {last['drag_links']} links"
        )
        first_paint = figures("first_paint")
        repaint = figures("repaint_median")
        drag_fit, drag_100 = figures("drag_fit"), figures("drag_100")

        def frame_text(key: str) -> str:
            """Wall time (what the target is about), then the main thread's CPU time (what
            the work costs; the difference is waiting for a busy machine)."""
            cpu = statistics.median(figures(f"{key}_cpu")) * 1000
            return f"{_spread(figures(key), 'ms', 1000)}; CPU {cpu:.1f} ms"

        peak = max(r.peak_mb for r in sessions)
        lines += [
            Line("open 2,000 steps: open_path (load, build, show) returns",
                 _spread(figures("open_call"))),
            Line("open 2,000 steps: open_path to first paint", _spread(first_paint),
                 "<= 2 s", statistics.median(first_paint) <= 2.0),
            Line("open 2,000 steps: to analysis done and badges shown",
                 _spread(figures("settled"))),
            Line("repaint at zoom to fit: first (card caches rebuilt)",
                 _spread(figures("repaint_first"), "ms", 1000)),
            Line(f"repaint at zoom to fit: median of {frames - 1}", frame_text("repaint_median"),
                 "<= 30 ms", statistics.median(repaint) <= 0.030),
            Line("drag one card at 100 %: per frame (median)", frame_text("drag_100"),
                 "<= 16 ms", statistics.median(drag_100) <= 0.016),
            Line("drag one card at zoom to fit: per frame (median)", frame_text("drag_fit"),
                 "<= 16 ms", statistics.median(drag_fit) <= 0.016),
            Line("peak memory with the 2,000-step map open (ru_maxrss)", f"{peak:.0f} MB",
                 "<= 400 MB", peak <= 400),
        ]  # fmt: skip

        # 6. Exports.
        if not exports:
            lines.append(Line("export PNG/SVG/PDF", "skipped (--no-exports)"))
        elif not EXPORT_MODULE.exists():
            lines.append(Line("export PNG/SVG/PDF", "skipped: widgets/export.py does not exist"))
        else:
            exported = run_child(
                [python, "-c", EXPORTS, str(big), str(work), str(max(1, repeat // 2))], env, 900
            ).report()
            for suffix, found in exported.items():
                lines.append(
                    Line(
                        f"export {suffix.upper()} of the 2,000-step map",
                        f"{found['seconds']:.2f} s, {found['mb']:.1f} MB ({found['what']})",
                    )
                )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Print the machine, the map and the table of figures; exit 0 even when missed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--repeat",
        type=int,
        default=DEFAULT_REPEAT,
        help=f"fresh processes per measurement (default {DEFAULT_REPEAT})",
    )
    parser.add_argument("--frames", type=int, default=15, help="repaints / drag frames timed")
    parser.add_argument("--steps", type=int, default=STEP_COUNT, help="steps in the big map")
    parser.add_argument("--no-exports", action="store_true", help="skip the export timings")
    args = parser.parse_args(argv)
    if not (hasattr(os, "fork") and hasattr(os, "wait4")):
        print("bench_editor: needs os.fork and os.wait4 (Linux or macOS)")
        return 0
    print("== Editor benchmark: start-up, a 2,000-step map open, repainted and dragged ==")
    for fact in _machine_facts():
        print(fact)
    try:
        lines = run(max(1, args.repeat), max(2, args.frames), args.steps, not args.no_exports)
    except (BenchError, subprocess.TimeoutExpired) as error:
        print(f"bench_editor: a measured process failed: {error}", file=sys.stderr)
        return 1
    print()
    print(
        f"Each figure: the median of {max(1, args.repeat)} fresh processes (the range in "
        "brackets); frame times are the median of a process's frames. Memory is the highest "
        "ru_maxrss (1 MB = 10^6 bytes)."
    )
    rows = [(line.measure, line.figure, line.target or "-", line.verdict) for line in lines]
    for text in _table(("measure", "figure", "target", "ok/MISSED"), rows):
        print(text)
    load = os.getloadavg()[0]
    cpus = os.cpu_count() or 1
    if load > cpus / 2:
        print(
            f"Note: the machine was busy (load average {load:.2f} on {cpus} CPUs at the end); "
            "times are noisy, see the ranges."
        )
    missed = [line.measure for line in lines if line.ok is False]
    if missed:
        print(f"*** MISSED {len(missed)} target(s): {'; '.join(missed)} ***")
    else:
        print("All targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
