"""The conflicts table as a formula-safe CSV for spreadsheets and as Markdown for minutes.

Qt-free. Both exports list conflicts in the order of specs/conflicts.md (all maps, or one),
with what the group recorded (status and note) and the dot votes on each conflict. The
CSV is one table, conflicts only: one row per conflict, cells escaped as the cards CSV
escapes them (a text starting with `=`, `+`, `-` or `@` gets a leading `'`; numbers stay
numbers). The Markdown report adds, per map, the emotion gaps, and at the end the top
priorities of the dot vote, overall and per group.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from app.analysis import (
    Conflict,
    EmotionGap,
    find_conflicts,
    find_emotion_gaps,
    format_number,
    format_rating,
)
from app.atomic import replace_file
from app.cards_export import escape_cell
from app.errors import WorkshopError
from app.model import VOTING_GROUPS, JourneyMap, Workshop, pair_key
from app.priorities import TOP_PRIORITIES, Priority, rank_priorities

# The CSV's header: the conflict, what the group recorded, dots per group, then the refs.
CSV_COLUMNS = (
    "map",
    "severity",
    "actor A",
    "need A",
    "step A",
    "actor B",
    "need B",
    "step B",
    "dimension",
    "distance",
    "source",
    "status",
    "note",
    "explanation",
    *(f"dots: {group}" for group in VOTING_GROUPS),
    "dots: total",
    "ref A",
    "ref B",
)
NO_DIMENSION = "—"  # a declared pair whose needs are about different things


# -- shared ------------------------------------------------------------------------------


def _check_map(workshop: Workshop, map_id: str | None) -> list[JourneyMap]:
    """The maps a report covers: all of them, or the one `map_id` names."""
    if map_id is None:
        return list(workshop.maps)
    journey_map = workshop.map(map_id)
    if journey_map is None:
        names = ", ".join(f"'{m.name}'" for m in workshop.maps) or "none"
        raise WorkshopError(f"no map with the id '{map_id}'; the workshop's maps: {names}")
    return [journey_map]


def conflict_dots(workshop: Workshop) -> dict[tuple[str, str], dict[str, int]]:
    """The dots on each conflict (keyed by its pair of needs, smaller ref first) by group."""
    dots: dict[tuple[str, str], dict[str, int]] = {}
    for vote in workshop.votes.values():
        if vote.kind != "conflict" or len(vote.target) != 2:
            continue
        by_group = dots.setdefault(pair_key(*vote.target), {})
        by_group[vote.group] = by_group.get(vote.group, 0) + vote.dots
    return dots


def _need_text(workshop: Workshop, need_id: str) -> str:
    need = workshop.notes.get(need_id)
    return need.text if need is not None else need_id


def _step_text(workshop: Workshop, step_id: str) -> str:
    step = workshop.steps.get(step_id)
    return step.text if step is not None else step_id


def _save(path: Path, data: bytes, what: str) -> None:
    """Write `data` at `path` atomically: all or nothing."""
    replace_file(path, data, failure=f"could not save {what}")


# -- CSV ---------------------------------------------------------------------------------


def conflicts_csv(workshop: Workshop, map_id: str | None = None) -> str:
    """The conflicts of every map (or of `map_id`) as CSV text: a header, one row per
    conflict in the spec's order, `\\r\\n` line ends, no byte-order mark."""
    return _csv_and_count(workshop, map_id)[0]


def _csv_and_count(workshop: Workshop, map_id: str | None) -> tuple[str, int]:
    _check_map(workshop, map_id)
    conflicts = find_conflicts(workshop, map_id)
    dots = conflict_dots(workshop)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for conflict in conflicts:
        writer.writerow([escape_cell(cell) for cell in _csv_row(workshop, conflict, dots)])
    return buffer.getvalue(), len(conflicts)


def _csv_row(
    workshop: Workshop, c: Conflict, dots: dict[tuple[str, str], dict[str, int]]
) -> list[str]:
    by_group = dots.get((c.a, c.b), {})
    return [
        c.map_name,
        format_number(c.severity),
        c.actors[0],
        _need_text(workshop, c.a),
        _step_text(workshop, c.steps[0]),
        c.actors[1],
        _need_text(workshop, c.b),
        _step_text(workshop, c.steps[1]),
        c.dimension,
        "" if c.distance is None else str(c.distance),
        c.source,
        c.status,
        c.note,
        c.explanation,
        *(str(by_group.get(group, 0)) for group in VOTING_GROUPS),
        str(sum(by_group.values())),
        c.a,
        c.b,
    ]


def save_conflicts_csv(workshop: Workshop, path: Path, map_id: str | None = None) -> int:
    """Save the conflicts CSV at `path` with a UTF-8 byte-order mark (so Excel shows
    accents), atomically; returns how many conflicts it holds. Raises WorkshopError."""
    text, count = _csv_and_count(workshop, map_id)
    _save(Path(path), text.encode("utf-8-sig"), "the conflicts CSV")
    return count


# -- Markdown ----------------------------------------------------------------------------

# Characters that can start inline formatting anywhere in a line (CommonMark and GitHub's
# tables, strikethrough and autolinks); `&` only where it would start an entity.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~]|&(?=#?\w+;))")
# What makes the start of a list item's text a heading or a nested list: `# `, `- `, `1. `.
_BLOCK_START = re.compile(r"^(\d{0,9})([#+\-.)])(?=\s|$)")
_CLOSING_HASHES = re.compile(r"(?<=\s)(#+)$")  # `# Title ##`: dropped from a heading


def md_text(text: str, starts_item: bool = False) -> str:
    """`text` as literal Markdown on one line: special characters backslash-escaped (so a
    `|` never splits a table cell), line breaks as `<br>`. `starts_item`: the text begins
    a heading or a list item, so what would make it a heading, quote or nested list there
    (a leading `#`, `-`, `+` or `1.`, trailing ` #`) is escaped too."""
    lines = [_INLINE_SPECIAL.sub(r"\\\1", line).strip() for line in text.splitlines()]
    escaped = "<br>".join(lines)
    if starts_item:
        escaped = _BLOCK_START.sub(r"\1\\\2", escaped, count=1)
        escaped = _CLOSING_HASHES.sub(r"\\\1", escaped)
    return escaped


def md_table(headers: list[str], rows: list[list[str]], right: tuple[int, ...] = ()) -> list[str]:
    """A GitHub-flavoured Markdown table; cells are already escaped with `md_text`."""
    rule = ["---:" if i in right else "---" for i in range(len(headers))]
    return ["| " + " | ".join(cells) + " |" for cells in (headers, rule, *rows)]


def _dots(count: int) -> str:
    return f"{count} dot" if count == 1 else f"{count} dots"


def conflicts_markdown(workshop: Workshop, map_id: str | None = None) -> str:
    """A report to paste into the minutes: per map its conflicts (a table, then each one's
    explanation and the group's note) and emotion gaps, then the dot-vote priorities."""
    return _markdown_and_count(workshop, map_id)[0]


def _markdown_and_count(workshop: Workshop, map_id: str | None) -> tuple[str, int]:
    maps = _check_map(workshop, map_id)
    conflicts = find_conflicts(workshop, map_id)
    gaps = find_emotion_gaps(workshop, map_id)
    dots = conflict_dots(workshop)
    info = workshop.info
    lines = [f"# {md_text(info.title or 'Journey workshop', starts_item=True)}", ""]
    for label, value in (("Date", info.date), ("Facilitator", info.facilitator)):
        if value:
            lines.append(f"- {label}: {md_text(value)}")
    if lines[-1]:
        lines.append("")
    lines += [
        f"Conflicting needs: {len(conflicts)}. Emotion gaps: {len(gaps)}.",
        "",
    ]
    for journey_map in maps:
        lines += _map_section(
            workshop,
            journey_map,
            [c for c in conflicts if c.map_id == journey_map.id],
            [g for g in gaps if g.map_id == journey_map.id],
            dots,
        )
    lines += _priorities_section(workshop, map_id, several_maps=len(maps) > 1)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n", len(conflicts)


def _map_section(
    workshop: Workshop,
    journey_map: JourneyMap,
    conflicts: list[Conflict],
    gaps: list[EmotionGap],
    dots: dict[tuple[str, str], dict[str, int]],
) -> list[str]:
    name = md_text(journey_map.name, starts_item=True)
    lines = [f"## Map: {name}", "", "### Conflicting needs", ""]
    if not conflicts:
        lines += ["No conflicting needs found.", ""]
    else:
        rows = [
            [
                str(i),
                format_number(c.severity),
                f"{md_text(c.actors[0])} ↔ {md_text(c.actors[1])}",
                md_text(c.dimension) or NO_DIMENSION,
                md_text(_need_text(workshop, c.a)),
                md_text(_need_text(workshop, c.b)),
                md_text(c.status),
                str(sum(dots.get((c.a, c.b), {}).values())),
            ]
            for i, c in enumerate(conflicts, 1)
        ]
        headers = ["#", "Severity", "Actors", "Dimension", "Need A", "Need B", "Status", "Dots"]
        lines += md_table(headers, rows, right=(0, 1, 7))
        lines += ["", "Why each was flagged, and what the group noted:", ""]
        for i, c in enumerate(conflicts, 1):
            lines.append(f"{i}. {md_text(c.explanation, starts_item=True)}")
            if c.note:
                lines.append(f"   - Group's note: {md_text(c.note)}")
        lines.append("")
    lines += ["### Emotion gaps", ""]
    if not gaps:
        lines += ["No emotion gaps (ratings 3 or more apart on one step).", ""]
    else:
        rows = [
            [
                md_text(_step_text(workshop, g.step)),
                f"{md_text(g.actors[0])} {format_rating(g.low)}",
                f"{md_text(g.actors[1])} {format_rating(g.high)}",
                str(g.gap),
            ]
            for g in gaps
        ]
        lines += [*md_table(["Step", "Lowest", "Highest", "Gap"], rows, right=(3,)), ""]
    return lines


def _priorities_section(workshop: Workshop, map_id: str | None, several_maps: bool) -> list[str]:
    lines = [f"## Priorities: the top {TOP_PRIORITIES} by dot vote", ""]
    map_names = {m.id: m.name for m in workshop.maps}
    groups: list[tuple[str, str | None]] = [("All groups together", None)]
    groups += [(group[:1].upper() + group[1:], group) for group in VOTING_GROUPS]
    for title, group in groups:
        lines += [f"### {title}", ""]
        ranked = rank_priorities(workshop, map_id=map_id, group=group)[:TOP_PRIORITIES]
        if not ranked:
            lines += ["No dots yet." if group is None else "No dots from this group yet.", ""]
            continue
        for i, item in enumerate(ranked, 1):
            lines.append(f"{i}. {_priority_text(item, group, map_names, several_maps)}")
        lines.append("")
    return lines


def _priority_text(
    item: Priority, group: str | None, map_names: dict[str, str], several_maps: bool
) -> str:
    """`Patient: More time ↔ GP: Keep to time — conflict, 12 dots`."""
    where = f" (map {md_text(map_names.get(item.map_id, item.map_id))})" if several_maps else ""
    label = md_text(item.label, starts_item=True)
    return f"{label}{where} — {item.kind}, {_dots(item.dots_of(group))}"


def save_conflicts_markdown(workshop: Workshop, path: Path, map_id: str | None = None) -> int:
    """Save the Markdown report at `path` as UTF-8 (no byte-order mark), atomically;
    returns how many conflicts it lists. Raises WorkshopError."""
    text, count = _markdown_and_count(workshop, map_id)
    _save(Path(path), text.encode("utf-8"), "the conflicts report")
    return count
