"""Benchmark map exports: PNG (scale 1 and 2), SVG and PDF of a 2,000-step map and a sample."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.errors import WorkshopError  # noqa: E402
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
from app.store import load_workshop  # noqa: E402
from widgets.application import make_application  # noqa: E402
from widgets.export import ExportInfo, export_map  # noqa: E402

SEED = 20240611
STEP_COUNT = 2_000
SAMPLE = REPO / "workshops" / "outpatient-clinic.journey"
ACTORS = (
    ("Patient", "patient"),
    ("Carer", "carer"),
    ("GP", "clinician"),
    ("Nurse", "clinician"),
    ("Receptionist", "staff"),
    ("Pharmacist", "clinician"),
)
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
VERBS = ("Call about", "Wait for", "Check", "Explain", "Fill in", "Ask about", "Book", "Review")
OBJECTS = (
    "the appointment",
    "the referral letter",
    "the blood test",
    "the prescription",
    "the scan results",
    "the care plan",
    "the medication list",
)
CHANNELS = ("in person", "phone", "portal", "letter", "SMS", "video")


def generate_workshop(step_count: int = STEP_COUNT, seed: int = SEED) -> Workshop:
    """One map, 6 lanes x 12 stages, `step_count` steps linked along the lanes with
    handoffs, a need and a rating on some steps, laid out by `plan_layout`."""
    rng = random.Random(seed)
    workshop = Workshop(info=WorkshopInfo(title="Export benchmark"))
    for index, (name, role) in enumerate(ACTORS):
        actor_id = f"a{index + 1}"
        colour = ACTOR_PALETTE[index % len(ACTOR_PALETTE)]
        workshop.actors[actor_id] = Actor(actor_id, name, role, colour)
    journey_map = JourneyMap(
        "m1",
        "Big journey",
        [Stage(f"m1.s{i + 1}", name) for i, name in enumerate(STAGES)],
        [Lane(actor_id) for actor_id in workshop.actors],
    )
    workshop.maps.append(journey_map)
    actor_ids = list(workshop.actors)
    previous_in_lane: dict[str, str] = {}
    for number in range(1, step_count + 1):
        stage = journey_map.stages[(number - 1) * len(STAGES) // step_count]
        actor = rng.choice(actor_ids)
        step_id = f"s{number}"
        workshop.steps[step_id] = Step(
            step_id,
            "m1",
            stage.id,
            actor,
            f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} ({number})",
            with_actors=[rng.choice(actor_ids)] if rng.random() < 0.3 else [],
            channel=rng.choice(CHANNELS),
            emotion=rng.randint(-3, 3) if rng.random() < 0.5 else None,
        )
        if actor in previous_in_lane:
            link_id = f"l{len(workshop.links) + 1}"
            workshop.links[link_id] = Link(link_id, previous_in_lane[actor], step_id)
        if rng.random() < 0.25 and number > 1:
            link_id = f"l{len(workshop.links) + 1}"
            source = f"s{rng.randint(max(1, number - 30), number - 1)}"
            workshop.links[link_id] = Link(link_id, source, step_id)
        previous_in_lane[actor] = step_id
        if rng.random() < 0.4:
            note_id = f"n{len(workshop.notes) + 1}"
            workshop.notes[note_id] = Note(
                note_id,
                step_id,
                "need",
                actor,
                "time",
                dimension="waiting time",
                direction=rng.choice(("more", "less")),
                weight=3,
            )
    apply_layout(workshop, "m1", plan_layout(workshop, "m1"))
    return workshop


def time_export(
    workshop: Workshop, out: Path, options: dict, repeat: int
) -> tuple[float, ExportInfo]:
    """The median wall time of `repeat` exports of the workshop's first map, and what the
    last one wrote."""
    times: list[float] = []
    info = None
    for _ in range(repeat):
        start = time.perf_counter()
        info = export_map(workshop, workshop.maps[0].id, out, **options)
        times.append(time.perf_counter() - start)
    assert info is not None
    return statistics.median(times), info


def main(argv: Sequence[str] | None = None) -> int:
    """Export both workshops in each format, print a table of median times and sizes."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--steps", type=int, default=STEP_COUNT, help="steps in the big map")
    args = parser.parse_args(argv)

    make_application()
    started = time.perf_counter()
    big = generate_workshop(args.steps)
    generated = time.perf_counter() - started
    sample = load_workshop(SAMPLE)
    cases = [
        (f"{len(big.steps):,}-step map", big),
        (f"{SAMPLE.stem} ({len(list(sample.steps_of(sample.maps[0].id)))} steps)", sample),
    ]
    formats = [
        ("PNG 1x", "map.png", {"scale": 1.0}),
        ("PNG 2x", "map.png", {"scale": 2.0}),
        ("SVG", "map.svg", {}),
        ("PDF", "map.pdf", {}),
        ("PDF A4", "map.pdf", {"page": "A4"}),
    ]
    print(f"== Export benchmark (median of {args.repeat} runs, offscreen Qt) ==")
    print(f"generated the big map in {generated:.2f} s")
    print(f"{'map':32} {'format':8} {'seconds':>8} {'file':>10}  size")
    with tempfile.TemporaryDirectory() as folder:
        for label, workshop in cases:
            for name, file_name, options in formats:
                out = Path(folder) / file_name
                try:
                    seconds, info = time_export(workshop, out, options, args.repeat)
                except WorkshopError as error:  # too big for a picture: said, not a crash
                    reason = str(error).split(": ", 1)[-1]
                    print(f"{label:32} {name:8} {'-':>8} {'-':>10}  refused: {reason}")
                    continue
                size = out.stat().st_size
                print(f"{label:32} {name:8} {seconds:8.2f} {size / 1e6:7.2f} MB  {info.describe()}")
                out.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
