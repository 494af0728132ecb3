"""What the headless commands print: aligned tables for people, JSON for programs."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from app.model import Workshop
from app.textout import number, signed, table, wrap


def print_json(data: Any, out: TextIO | None = None) -> None:
    """JSON as the spec shows it: UTF-8 text, one-space indents, a final newline."""
    out = out or sys.stdout
    out.write(json.dumps(data, ensure_ascii=False, indent=1))
    out.write("\n")


def _lines_out(lines: list[str], out: TextIO | None) -> None:
    (out or sys.stdout).write("\n".join(lines) + "\n")


def conflict_lines(workshop: Workshop) -> list[str]:
    """Conflicts and emotion gaps of every map as a table, each with its explanation."""
    from app.analysis import find_conflicts, find_emotion_gaps

    conflicts = find_conflicts(workshop)
    gaps = find_emotion_gaps(workshop)
    several_maps = len(workshop.maps) > 1
    lines = [f"Conflicting needs: {len(conflicts)}"]
    if conflicts:
        headers = [
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
        if several_maps:
            headers.insert(1, "map")
        rows = []
        for i, c in enumerate(conflicts, 1):
            row = [
                str(i),
                number(c.severity),
                f"{c.a} / {c.b}",
                f"{c.actors[0]} / {c.actors[1]}",
                c.dimension or "-",
                f"{c.steps[0]} / {c.steps[1]}",
                "-" if c.distance is None else str(c.distance),
                c.source,
                c.status,
            ]
            if several_maps:
                row.insert(1, c.map_name)
            rows.append(row)
        lines += table(headers, rows, right=(0, 2 if several_maps else 1))
        lines.append("")
        for i, c in enumerate(conflicts, 1):
            lines += wrap(f"{i}. {c.explanation}", indent="  ")
            if c.note:
                lines += wrap(f"Group's note: {c.note}", indent="     ")
    lines += ["", f"Emotion gaps: {len(gaps)}"]
    if gaps:
        headers = ["step", "lowest", "highest", "gap"]
        if several_maps:
            headers.insert(0, "map")
        rows = []
        for g in gaps:
            row = [
                g.step,
                f"{g.actors[0]} {signed(g.low)}",
                f"{g.actors[1]} {signed(g.high)}",
                str(g.gap),
            ]
            if several_maps:
                row.insert(0, g.map_name)
            rows.append(row)
        lines += table(headers, rows, right=(len(headers) - 1,))
        lines.append("")
        lines += [line for g in gaps for line in wrap(g.explanation, indent="  ")]
    return lines


def print_conflicts(workshop: Workshop, out: TextIO | None = None) -> None:
    _lines_out(conflict_lines(workshop), out)


def diagnostic_lines(workshop: Workshop) -> list[str]:
    """Hotspots, handoffs, dead ends, loops, unreachable steps and emotion curves per map."""
    from app.diagnostics import diagnose

    lines: list[str] = []
    for d in diagnose(workshop):
        if lines:
            lines.append("")
        lines += [f"Map: {d.map_name}", "=" * (5 + len(d.map_name)), ""]
        lines.append(
            f"Hotspots (pain weight + how far below zero people rated it): {len(d.hotspots)}"
        )
        if d.hotspots:
            lines += table(
                ["score", "step", "actor", "stage", "pains", "lowest"],
                [
                    [
                        str(h.score),
                        f"{h.step}: {h.text}",
                        h.actor,
                        h.stage,
                        f"{h.pains} (weight {h.pain_weight})",
                        f"{signed(h.lowest_rating)} {h.lowest_by}".strip(),
                    ]
                    for h in d.hotspots
                ],
                right=(0,),
            )
        lines += ["", f"Handoffs between lanes: {len(d.handoffs)}"]
        if d.handoffs_by_stage:
            lines += table(
                ["stage", "handoffs"],
                [[c.stage, str(c.count)] for c in d.handoffs_by_stage],
                right=(1,),
            )
        for h in d.handoffs:
            lines.append(f"  {h.source} ({h.source_actor}) -> {h.target} ({h.target_actor})")
        for title, flagged in (
            ("Dead ends (no way forward before the last stage)", d.dead_ends),
            ("Unreachable (no path from the first stage)", d.unreachable),
        ):
            lines += ["", f"{title}: {len(flagged)}"]
            for f in flagged:
                lines += wrap(f"{f.step}: {f.text} ({f.actor}, {f.stage}). {f.explanation}", "  ")
        lines += ["", f"Loops (rework): {len(d.loops)}"]
        for loop in d.loops:
            lines += wrap(f"{' -> '.join([*loop.cycle, loop.cycle[0]])}. {loop.explanation}", "  ")
        lines += ["", "Emotion curves (mean rating per stage):"]
        if d.emotion_curves:
            stages = [s.stage for s in d.emotion_curves[0].stages]
            lines += table(
                ["actor", *stages],
                [
                    [c.actor, *(signed(s.mean) if s.mean is not None else "." for s in c.stages)]
                    for c in d.emotion_curves
                ],
                right=tuple(range(1, len(stages) + 1)),
            )
        else:
            lines.append("  nobody rated a step yet")
    return lines


def print_diagnostics(workshop: Workshop, out: TextIO | None = None) -> None:
    _lines_out(diagnostic_lines(workshop), out)


def info_lines(workshop: Workshop, path: Path) -> list[str]:
    """What a workshop file holds: its properties and, per map, counts of everything."""
    info = workshop.info
    lines = [f"{path}"]
    for label, value in (
        ("Title", info.title),
        ("Date", info.date),
        ("Facilitator", info.facilitator),
        ("Service", info.service),
        ("Setting", info.setting),
        ("Engagement", info.engagement),
    ):
        lines.append(f"  {label + ':':13}{value or '-'}")
    if info.notes:
        lines += wrap(info.notes, indent="  ")
    lines.append(
        f"  {'Actors:':13}" + ", ".join(f"{a.name} ({a.role})" for a in workshop.actors.values())
    )
    rows = []
    decided = Counter(r.status for r in workshop.conflicts.values() if r.status != "open" or r.note)
    declared = sum(1 for r in workshop.conflicts.values() if r.declared)
    for journey_map in workshop.maps:
        steps = [s for s in workshop.steps.values() if s.map == journey_map.id]
        step_ids = {s.id for s in steps}
        kinds = Counter(n.kind for n in workshop.notes.values() if n.step in step_ids)
        links = sum(1 for link in workshop.links.values() if link.source in step_ids)
        rows.append(
            [
                journey_map.name,
                str(len(journey_map.stages)),
                str(len(journey_map.lanes)),
                str(len(steps)),
                str(links),
                *(str(kinds[k]) for k in ("need", "pain", "idea", "quote", "feeling")),
                str(journey_map.radius),
            ]
        )
    lines.append("")
    lines += table(
        [
            "map",
            "stages",
            "lanes",
            "steps",
            "links",
            "needs",
            "pains",
            "ideas",
            "quotes",
            "feelings",
            "radius",
        ],
        rows,
        right=tuple(range(1, 11)),
    )
    if decided or declared:
        lines.append("")
    if declared:
        lines.append(f"Conflicts declared by the group: {declared}")
    if decided:
        statuses = ", ".join(f"{count} {status}" for status, count in sorted(decided.items()))
        lines.append(f"Decisions recorded: {statuses}")
    return lines


def print_info(workshop: Workshop, path: Path, out: TextIO | None = None) -> None:
    _lines_out(info_lines(workshop, path), out)
