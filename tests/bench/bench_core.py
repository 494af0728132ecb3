"""Benchmark the headless core on a large generated workshop: import, conflicts, open, save."""

from __future__ import annotations

import argparse
import csv
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
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED = 20240611
DEFAULT_REPEAT = 5
STEP_COUNT = 3_000
NEED_COUNT = 12_000
PAIN_COUNT = 1_500
IDEA_COUNT = 600
QUOTE_COUNT = 400
FEELING_COUNT = 1_500
HANDOFF_COUNT = 906  # with ~2,994 links along the lanes: ~1.3 links per step
DECLARED_COUNT = 30
MAP_NAME = "Big journey"
COLUMNS = ("kind", "ref", "map", "stage", "actor", "role", "text", "step", "from", "to")
COLUMNS += ("emotion", "dimension", "direction", "weight", "with", "channel")

STAGES = (
    "Noticing symptoms",
    "Booking",
    "Waiting",
    "Arrival",
    "Consultation",
    "Tests",
    "Results",
    "Treatment",
    "Pharmacy",
    "Discharge",
    "Follow-up",
    "Living with it",
)
# Name, role and how often the actor's lane holds a step.
ACTORS = (
    ("Patient", "patient", 30),
    ("Carer", "carer", 12),
    ("GP", "clinician", 18),
    ("Nurse", "clinician", 18),
    ("Receptionist", "staff", 12),
    ("Pharmacist", "clinician", 10),
)
DIMENSIONS = (
    "consultation time",
    "information about delays",
    "appointment choice",
    "people in the room",
    "explanation time",
    "waiting time",
    "privacy",
    "follow-up calls",
    "paperwork",
    "written information",
    "time to ask questions",
    "continuity of staff",
    "travel distance",
    "out-of-hours access",
    "medication reviews",
    "speed of test results",
    "family involvement",
    "clinic list length",
    "phone availability",
    "portal messages",
    "interpreter access",
    "quiet space",
    "choice of clinician",
    "home visits",
    "discharge planning time",
    "handover detail",
    "SMS reminders",
    "shared decision making",
    "staff breaks",
    "referral speed",
    "visiting rules",
    "documentation time",
    "video appointments",
    "parking",
    "noise on the ward",
    "check-in steps",
    "pain relief reviews",
    "care plan updates",
    "specialist input",
    "self-management support",
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
    "the next visit",
    "the waiting list",
)
CHANNELS = ("in person", "phone", "portal", "letter", "SMS", "video")
FEELING_WORDS = ("anxious", "rushed", "relieved", "confused", "reassured", "tired", "")


# ---------------------------------------------------------------------------------------
# The generated workshop


@dataclass
class Generated:
    """What went into the cards CSV, counted for the report."""

    rows: int = 0
    steps: int = 0
    shared_steps: int = 0
    rated_steps: int = 0
    lane_links: int = 0
    handoff_links: int = 0
    needs: int = 0
    needs_with_dimension: int = 0
    needs_by_other_actor: int = 0
    pains: int = 0
    ideas: int = 0
    quotes: int = 0
    feelings: int = 0
    declared: int = 0
    lane_steps: dict[str, int] = field(default_factory=dict)


def _dimension_cell(rng: random.Random, dimension: str) -> str:
    """The dimension as people type it: mostly as is, sometimes capitalised or spaced."""
    roll = rng.random()
    if roll < 0.1:
        return dimension.title()
    if roll < 0.15:
        return f" {dimension.replace(' ', '  ')} "
    return dimension


def generate_cards(path: Path, seed: int = SEED) -> Generated:
    """Write a deterministic cards CSV of one big map and return what it holds."""
    rng = random.Random(seed)
    facts = Generated()
    names = [name for name, _role, _share in ACTORS]
    role_of = {name: role for name, role, _share in ACTORS}
    shares = [share for _name, _role, share in ACTORS]
    rows: list[dict[str, str]] = []
    role_given: set[str] = set()

    def actor_cells(name: str) -> dict[str, str]:
        """The actor cell, with its role on the first row that names the actor."""
        if name in role_given:
            return {"actor": name}
        role_given.add(name)
        return {"actor": name, "role": role_of[name]}

    # Steps: stages in order, lanes at random; some shared touchpoints and ratings.
    step_actor: list[str] = []
    step_with: list[list[str]] = []
    for index in range(STEP_COUNT):
        actor = rng.choices(names, shares)[0]
        others = [name for name in names if name != actor]
        with_names = rng.sample(others, rng.choice((1, 1, 2))) if rng.random() < 0.15 else []
        emotion = str(rng.choice((-3, -2, -2, -1, -1, 0, 0, 1, 1, 2, 3)))
        rated = rng.random() < 0.5
        row = {
            "kind": "step",
            "ref": f"s{index + 1}",
            "map": MAP_NAME,
            "stage": STAGES[index * len(STAGES) // STEP_COUNT],
            "text": f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
            "emotion": emotion if rated else "",
            "with": "; ".join(with_names),
            "channel": rng.choice(CHANNELS) if rng.random() < 0.9 else "",
            **actor_cells(actor),
        }
        rows.append(row)
        step_actor.append(actor)
        step_with.append(with_names)
        facts.lane_steps[actor] = facts.lane_steps.get(actor, 0) + 1
        facts.shared_steps += bool(with_names)
        facts.rated_steps += rated
    facts.steps = STEP_COUNT

    # Links: each lane in order, then handoffs to a nearby later step of another lane.
    links: set[tuple[int, int]] = set()
    last_in_lane: dict[str, int] = {}
    for index, actor in enumerate(step_actor):
        if actor in last_in_lane:
            links.add((last_in_lane[actor], index))
        last_in_lane[actor] = index
    facts.lane_links = len(links)
    while len(links) < facts.lane_links + HANDOFF_COUNT:
        source = rng.randrange(STEP_COUNT - 1)
        target = min(STEP_COUNT - 1, source + rng.randint(1, 15))
        if step_actor[source] != step_actor[target]:
            links.add((source, target))
    facts.handoff_links = len(links) - facts.lane_links
    for source, target in sorted(links):
        rows.append({"kind": "link", "from": f"s{source + 1}", "to": f"s{target + 1}"})

    # Notes, grouped by step as someone typing up the wall would: needs, pains, ideas,
    # quotes, and feelings (ratings of a step by actors other than its own).
    notes_by_step: list[list[dict[str, str]]] = [[] for _ in range(STEP_COUNT)]
    needs_by_step: list[list[tuple[str, str]]] = [[] for _ in range(STEP_COUNT)]  # (ref, owner)
    dimension_weights = [1 / (rank + 1) ** 0.5 for rank in range(len(DIMENSIONS))]
    for number in range(1, NEED_COUNT + 1):
        step = rng.randrange(STEP_COUNT)
        owner = step_actor[step] if rng.random() < 0.65 else rng.choice(names)
        row = {
            "kind": "need",
            "ref": f"n{number}",
            "step": f"s{step + 1}",
            "weight": str(rng.randint(1, 5)) if rng.random() < 0.9 else "",
        }
        if owner != step_actor[step]:
            row |= actor_cells(owner)
            facts.needs_by_other_actor += 1
        if rng.random() < 0.95:
            dimension = rng.choices(DIMENSIONS, dimension_weights)[0]
            direction = rng.choice(("more", "less", "+", "-"))
            word = "More" if direction in ("more", "+") else "Less"
            row |= {
                "dimension": _dimension_cell(rng, dimension),
                "direction": direction,
                "text": f"{word} {dimension}, please",
            }
            facts.needs_with_dimension += 1
        else:
            row["text"] = f"Someone to {rng.choice(VERBS).lower()} {rng.choice(OBJECTS)} with me"
        notes_by_step[step].append(row)
        needs_by_step[step].append((row["ref"], owner))
    facts.needs = NEED_COUNT
    for _ in range(PAIN_COUNT):
        step = rng.randrange(STEP_COUNT)
        notes_by_step[step].append(
            {
                "kind": "pain",
                "step": f"s{step + 1}",
                "text": f"Nobody told us about {rng.choice(OBJECTS)}",
                "weight": str(rng.randint(1, 5)),
            }
        )
    facts.pains = PAIN_COUNT
    for kind, count, text in (
        ("idea", IDEA_COUNT, "A text message when {} is ready"),
        ("quote", QUOTE_COUNT, '"I never know where {} has got to"'),
    ):
        for _ in range(count):
            step = rng.randrange(STEP_COUNT)
            notes_by_step[step].append(
                {"kind": kind, "step": f"s{step + 1}", "text": text.format(rng.choice(OBJECTS))}
            )
    facts.ideas, facts.quotes = IDEA_COUNT, QUOTE_COUNT
    rated: set[tuple[int, str]] = set()
    while len(rated) < FEELING_COUNT:
        step = rng.randrange(STEP_COUNT)
        candidates = step_with[step] or [n for n in names if n != step_actor[step]]
        actor = rng.choice(candidates)
        if (step, actor) in rated:
            continue
        rated.add((step, actor))
        notes_by_step[step].append(
            {
                "kind": "feeling",
                "step": f"s{step + 1}",
                "text": rng.choice(FEELING_WORDS),
                "emotion": str(rng.randint(-3, 3)),
                **actor_cells(actor),
            }
        )
    facts.feelings = FEELING_COUNT
    for step_notes in notes_by_step:
        rows.extend(step_notes)

    # Declared conflicts: pairs of needs of different actors, most near each other.
    declared: set[tuple[str, str]] = set()
    all_needs = [need for step_needs in needs_by_step for need in step_needs]
    while len(declared) < DECLARED_COUNT:
        step = rng.randrange(STEP_COUNT - 1)
        nearby = needs_by_step[step] + needs_by_step[step + 1]
        pool = nearby if rng.random() < 0.7 else all_needs
        if not needs_by_step[step] or len(pool) < 2:
            continue
        first = rng.choice(needs_by_step[step])
        second = rng.choice(pool)
        if first[1] != second[1]:
            declared.add((first[0], second[0]) if rng.random() < 0.5 else (second[0], first[0]))
    for source, target in sorted(declared):
        if (target, source) not in declared or source < target:
            rows.append({"kind": "conflict", "from": source, "to": target})
            facts.declared += 1

    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    facts.rows = len(rows)
    return facts


# ---------------------------------------------------------------------------------------
# Measuring child processes


class BenchError(RuntimeError):
    """A measured command failed; the message holds its stderr."""


@dataclass
class Run:
    """One child process: wall time from spawn to exit, its own peak memory, its output."""

    wall: float
    peak_mb: float
    stdout: str
    stderr: str


def _peak_mb(maxrss: int) -> float:
    """ru_maxrss in megabytes (10^6 bytes): KiB on Linux, bytes on macOS."""
    kib = maxrss / 1024 if sys.platform == "darwin" else maxrss
    return kib * 1024 / 1e6


# The measured command is started by this small launcher, not by the benchmark itself: on
# Linux a process's ru_maxrss starts from the memory of the process it was forked from (the
# kernel keeps the high-water mark across exec), so a child of this big script would report
# this script's size. A fresh launcher of ~5 MB forks the command, so the figure is the
# command's own (anything above the launcher's ~5 MB, and every Python process is above it).
LAUNCHER = """\
import os, sys, time
result, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_pid, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(result, "w") as file:
    file.write(f"{wall} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run_child(argv: Sequence[str], cwd: Path) -> Run:
    """Run `argv` (its first item a full path) in a fresh process, draining its stdout;
    its wall time from fork to exit and its own peak memory; BenchError if it fails."""
    with tempfile.TemporaryDirectory(prefix="journey-run-") as folder:
        result = Path(folder) / "result"
        launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER, str(result), *argv]
        done = subprocess.run(launcher, cwd=cwd, capture_output=True, check=False)
        message = done.stderr.decode("utf-8", "replace").strip()
        if done.returncode != 0 or not result.exists():
            raise BenchError(f"{' '.join(argv[:3])} … could not be run: {message}")
        wall, maxrss, code = result.read_text().split()
    if int(code) != 0:
        raise BenchError(f"{' '.join(argv[:3])} … exited {code}: {message}")
    return Run(float(wall), _peak_mb(int(maxrss)), done.stdout.decode("utf-8"), message)


@dataclass
class Series:
    """Repeated runs of one measurement."""

    runs: list[Run]
    inner: list[float]  # the time the child measured itself, when it did

    @property
    def wall(self) -> float:
        return statistics.median(run.wall for run in self.runs)

    @property
    def seconds(self) -> float:
        return statistics.median(self.inner)

    @property
    def peak_mb(self) -> float:
        return max(run.peak_mb for run in self.runs)

    def wall_text(self) -> str:
        """The median wall time and the range of all runs."""
        times = [run.wall for run in self.runs]
        return f"{self.wall:.3f} s ({min(times):.3f}-{max(times):.3f})"

    def seconds_text(self) -> str:
        """The median time measured inside the process, the range, and the peak memory."""
        return (
            f"{self.seconds:.3f} s ({min(self.inner):.3f}-{max(self.inner):.3f}), "
            f"{self.peak_mb:.0f} MB peak"
        )


def measure(*argvs: Sequence[str], repeat: int) -> list[Series]:
    """`repeat` fresh runs of each command, taken in turn (a, b, a, b, …) so that a change
    in the machine's load hits all of them alike; a child that prints {"seconds": …}
    reports its own time."""
    series = [Series([], []) for _ in argvs]
    for _ in range(repeat):
        for argv, found in zip(argvs, series, strict=True):
            run = run_child(argv, REPO)
            found.runs.append(run)
            if run.stdout.startswith('{"seconds"'):
                found.inner.append(json.loads(run.stdout)["seconds"])
    return series


def paired_ratio(app: Series, plain: Series) -> float:
    """The median of the ratios of runs taken one after the other: steadier than a ratio of
    medians when other work on the machine comes and goes."""
    return statistics.median(a / b for a, b in zip(app.inner, plain.inner, strict=True))


# Code run by `python -c` in a fresh process; each prints {"seconds": …} as its last act.
OPEN_WORKSHOP = """\
import json, sys, time
from pathlib import Path
from app.store import load_workshop
path = Path(sys.argv[1])
start = time.perf_counter()
workshop = load_workshop(path)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "steps": len(workshop.steps)}))
"""
OPEN_JSON = """\
import json, sys, time
start = time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as file:
    data = json.load(file)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "tables": len(data)}))
"""
SAVE_WORKSHOP = """\
import json, sys, time
from pathlib import Path
from app.store import load_workshop, save_workshop
workshop = load_workshop(Path(sys.argv[1]))
start = time.perf_counter()
save_workshop(workshop, Path(sys.argv[2]))
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds}))
"""
SAVE_JSON = """\
import json, sys, time
with open(sys.argv[1], encoding="utf-8") as file:
    data = json.load(file)
start = time.perf_counter()
with open(sys.argv[2], "w", encoding="utf-8") as file:
    json.dump(data, file)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds}))
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


def _machine_facts() -> list[str]:
    model = ""
    memory = ""
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                model = text.split(":", 1)[1].strip()
                break
        for text in Path("/proc/meminfo").read_text().splitlines():
            if text.startswith("MemTotal"):
                memory = f"{int(text.split()[1]) / 1024 / 1024:.1f} GiB RAM"
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return [
        f"CPU: {os.cpu_count()} logical ({usable} usable by this process) {model}".rstrip(),
        f"Memory: {memory or 'unknown'}; load average at start: {load}",
        f"Python {platform.python_version()} ({platform.python_implementation()}) "
        f"on {platform.platform()}",
    ]


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]
    rule = "  ".join("-" * width for width in widths)
    out = ["  ".join(cell.ljust(width) for cell, width in zip(headers, widths, strict=True))]
    out.append(rule)
    for row in rows:
        out.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return [line.rstrip() for line in out]


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1e6:.1f} MB"


def _print_workshop(facts: Generated, csv_path: Path, journey: Path, imported: Run) -> None:
    lanes = ", ".join(f"{name} {facts.lane_steps[name]}" for name, _r, _s in ACTORS)
    links = facts.lane_links + facts.handoff_links
    print(f"Generated workshop (seed {SEED}): {facts.rows:,} CSV rows, {_size(csv_path)}")
    print(f"  1 map '{MAP_NAME}', {len(STAGES)} stages, {len(ACTORS)} actors with roles")
    print(
        f"  {facts.steps:,} steps (lanes: {lanes}); {facts.shared_steps} shared "
        f"('with'), {facts.rated_steps:,} rated by their own actor"
    )
    print(
        f"  {links:,} links ({links / facts.steps:.2f} per step): {facts.lane_links:,} along "
        f"lanes, {facts.handoff_links} handoffs between lanes"
    )
    print(
        f"  {facts.needs:,} needs ({facts.needs_with_dimension:,} with one of "
        f"{len(DIMENSIONS)} dimensions and a direction, {facts.needs_by_other_actor:,} by an "
        f"actor other than the step's), weights 1-5 or empty"
    )
    print(
        f"  {facts.pains:,} pains, {facts.ideas} ideas, {facts.quotes} quotes, "
        f"{facts.feelings:,} feelings (ratings by other actors), "
        f"{facts.declared} declared conflicts"
    )
    summary = imported.stdout.strip().rsplit(": ", 1)[-1]
    print(f"  import says: {summary}; workshop file {_size(journey)}")
    warnings = imported.stderr.splitlines()
    if warnings:
        print(f"  import warned ({len(warnings)} lines), first: {warnings[0]}")


def _tool(name: str) -> list[str]:
    """The venv's console script next to this Python, else `python -m app`."""
    script = Path(sys.executable).parent / name
    return [str(script)] if script.exists() else [sys.executable, "-m", "app"]


def run(repeat: int) -> list[Line]:
    """Generate the workshop, measure everything, print the findings; the table's lines."""
    command = _tool("journey-workshop")
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="journey-bench-") as folder:
        work = Path(folder)
        csv_path, journey = work / "big.csv", work / "big.journey"
        saved, dumped = work / "saved.journey", work / "dumped.json"
        facts = generate_cards(csv_path)

        run_child([*command, "--version"], REPO)  # warm-up: byte code and file cache
        import_argv = [*command, "import", str(csv_path), "-o", str(journey), "--force"]
        [imports] = measure(import_argv, repeat=repeat)
        _print_workshop(facts, csv_path, journey, imports.runs[-1])

        [conflicts] = measure([*command, "conflicts", str(journey), "--json"], repeat=repeat)
        report = json.loads(conflicts.runs[-1].stdout)
        sources = [c["source"] for c in report["conflicts"]]
        print(
            f"  conflicts --json: {sources.count('detected'):,} detected and "
            f"{sources.count('declared')} declared conflicts, "
            f"{len(report['emotion_gaps']):,} emotion gaps "
            f"({len(conflicts.runs[-1].stdout) / 1e6:.1f} MB of JSON)"
        )

        open_app, open_json = measure(
            [python, "-c", OPEN_WORKSHOP, str(journey)],
            [python, "-c", OPEN_JSON, str(journey)],
            repeat=repeat,
        )
        # Both saves replace an existing file, as saving an open workshop does.
        shutil.copyfile(journey, saved)
        shutil.copyfile(journey, dumped)
        save_app, save_json = measure(
            [python, "-c", SAVE_WORKSHOP, str(journey), str(saved)],
            [python, "-c", SAVE_JSON, str(journey), str(dumped)],
            repeat=repeat,
        )
        [version] = measure([*command, "--version"], repeat=repeat)

    open_ratio = paired_ratio(open_app, open_json)
    save_ratio = paired_ratio(save_app, save_json)
    return [
        Line("import CSV: wall time", imports.wall_text()),
        Line("import CSV: peak memory", f"{imports.peak_mb:.0f} MB"),
        Line("conflicts --json: wall time", conflicts.wall_text(), "<= 1.5 s",
             conflicts.wall <= 1.5),
        Line("conflicts --json: peak memory", f"{conflicts.peak_mb:.0f} MB", "<= 250 MB",
             conflicts.peak_mb <= 250),
        Line("open: load_workshop", open_app.seconds_text()),
        Line("open: json.load", open_json.seconds_text()),
        Line("open: load_workshop / json.load", f"{open_ratio:.2f}x", "<= 3x", open_ratio <= 3),
        Line("save: save_workshop", save_app.seconds_text()),
        Line("save: json.dump", save_json.seconds_text()),
        Line("save: save_workshop / json.dump", f"{save_ratio:.2f}x", "<= 3x", save_ratio <= 3),
        Line("--version: wall time", version.wall_text(), "<= 0.3 s", version.wall <= 0.3),
        Line("--version: peak memory", f"{version.peak_mb:.0f} MB"),
    ]  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """Print the machine, the workshop and the table of figures; exit 0 even when missed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--repeat",
        type=int,
        default=DEFAULT_REPEAT,
        help=f"fresh processes per measurement (default {DEFAULT_REPEAT})",
    )
    args = parser.parse_args(argv)
    if not (hasattr(os, "fork") and hasattr(os, "wait4")):
        print("bench_core: needs os.fork and os.wait4 (Linux or macOS)")
        return 0
    print("== Core benchmark: one big workshop, each figure from fresh processes ==")
    for fact in _machine_facts():
        print(fact)
    try:
        lines = run(max(1, args.repeat))
    except BenchError as error:
        print(f"bench_core: a measured command failed: {error}", file=sys.stderr)
        return 1
    print()
    print(
        f"Each figure: {max(1, args.repeat)} fresh processes; the median time (the range of "
        "all runs in brackets) and the highest peak memory (ru_maxrss, 1 MB = 10^6 bytes).\n"
        "Wall times include process start; open and save are timed inside the process (no "
        "start-up, no imports),\nthe app and plain-json processes taken in turn; a ratio is "
        "the median of the ratios of those pairs."
    )
    rows = [(line.measure, line.figure, line.target or "-", line.verdict) for line in lines]
    for text in _table(("measure", "figure", "target", "result"), rows):
        print(text)
    load = os.getloadavg()[0]
    cpus = os.cpu_count() or 1
    if load > cpus / 2:
        print(
            f"Note: the machine was busy (load average {load:.2f} on {cpus} CPUs at the end); "
            "times are noisy, see the ranges, and run again when it is quieter."
        )
    missed = [line.measure for line in lines if line.ok is False]
    if missed:
        print(f"*** MISSED {len(missed)} target(s): {'; '.join(missed)} ***")
    else:
        print("All targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
