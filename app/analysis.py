"""Conflicting needs and emotion gaps, found by the rule in specs/conflicts.md.

Qt-free: builds a networkx graph of each map's steps on demand and returns plain, frozen
result objects that panels, charts and the CLI read. Every result carries a one-line
explanation a facilitator can read out to the room.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

from app.model import (
    DEFAULT_WEIGHT,
    DIRECTIONS,
    ConflictRecord,
    JourneyMap,
    Note,
    Workshop,
    normalise_dimension,
    pair_key,
)

DETECTED = "detected"
DECLARED = "declared"
MIN_EMOTION_GAP = 3


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two needs that pull against each other, found by the rule or declared by the group."""

    map_id: str
    map_name: str
    a: str
    b: str
    actors: tuple[str, str]  # actor names of a and b
    dimension: str  # normalised, when both needs share it; else ""
    steps: tuple[str, str]  # steps of a and b
    distance: int | None  # links between the steps; None when not connected
    severity: float
    source: str  # DETECTED or DECLARED
    status: str
    note: str
    explanation: str

    def to_json(self) -> dict[str, Any]:
        """The object `conflicts --json` prints for this conflict, keys in the spec's order."""
        return {
            "map": self.map_name,
            "a": self.a,
            "b": self.b,
            "actors": list(self.actors),
            "dimension": self.dimension,
            "steps": list(self.steps),
            "distance": self.distance,
            "severity": self.severity,
            "source": self.source,
            "status": self.status,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class EmotionGap:
    """A step where the people who meet there rate it at least 3 points apart."""

    map_id: str
    map_name: str
    step: str
    actors: tuple[str, str]  # names: the lowest rating's actor first, then the highest's
    gap: int
    low: int
    high: int
    explanation: str

    def to_json(self) -> dict[str, Any]:
        """The object `conflicts --json` prints for this gap."""
        return {
            "map": self.map_name,
            "step": self.step,
            "actors": list(self.actors),
            "gap": self.gap,
        }


def weight_of(note: Note) -> int:
    """A need's or pain's weight, the default (3) when none was given."""
    return DEFAULT_WEIGHT if note.weight is None else note.weight


def actor_name(workshop: Workshop, actor_id: str) -> str:
    """The actor's display name, or the id itself for an actor the workshop does not know."""
    actor = workshop.actors.get(actor_id)
    return actor.name if actor is not None else actor_id


def format_number(value: float) -> str:
    """A severity as people write it: 12 rather than 12.0, 8.33 rather than 8.333333."""
    rounded = round(value, 2)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:g}"


def quoted(text: str) -> str:
    """A card's words in quotes, on one line: `'Call to book the scan'`."""
    return "'" + " ".join(text.split()) + "'"


def format_rating(rating: int) -> str:
    """An emotion rating with its sign: -2, 0, +1."""
    return f"{rating:+d}" if rating else "0"


def ratings_by_step(workshop: Workshop) -> dict[str, dict[str, int]]:
    """Each rated step's emotion ratings by actor id: the step's own, then feeling notes.

    At most one rating per actor counts; where the data holds more, the last one does.
    """
    ratings: dict[str, dict[str, int]] = defaultdict(dict)
    for step in workshop.steps.values():
        if step.emotion is not None:
            ratings[step.id][step.actor] = step.emotion
    for note in workshop.notes.values():
        if note.kind == "feeling" and note.rating is not None and note.step in workshop.steps:
            ratings[note.step][note.actor] = note.rating
    return dict(ratings)


def _graphs(workshop: Workshop, maps: Iterable[JourneyMap]) -> dict[str, nx.Graph]:
    """Every map's undirected step graph, built in one pass over steps and links."""
    import networkx as nx  # imported when used: it is slow to load

    graphs = {m.id: nx.Graph() for m in maps}
    for step in workshop.steps.values():
        if step.map in graphs:
            graphs[step.map].add_node(step.id)
    for link in workshop.links.values():
        source, target = workshop.steps.get(link.source), workshop.steps.get(link.target)
        if source is not None and target is not None and source.map == target.map:
            graph = graphs.get(source.map)
            if graph is not None:
                graph.add_edge(source.id, target.id)
    return graphs


def _selected_maps(workshop: Workshop, map_id: str | None) -> list[JourneyMap]:
    return [m for m in workshop.maps if map_id is None or m.id == map_id]


# -- conflicts ---------------------------------------------------------------------------


def _wants(workshop: Workshop, need: Note, dimension: str) -> str:
    """`Patient wants more consultation time`, or the need's own words when it has no
    dimension and direction."""
    who = actor_name(workshop, need.actor)
    if dimension and need.direction in DIRECTIONS:
        return f"{who} wants {need.direction} {dimension}"
    if need.text:
        return f"{who} needs {quoted(need.text)}"
    return f"{who}'s need {need.id}"


def _detected_explanation(
    workshop: Workshop, first: Note, second: Note, dimension: str, distance: int, severity: float
) -> str:
    steps = workshop.steps
    product = f"{weight_of(first)} × {weight_of(second)}"
    if distance == 0:
        where = f"same step {quoted(steps[first.step].text)}"
        formula = f"{product} = {format_number(severity)}"
    else:
        links = "link" if distance == 1 else "links"
        texts = f"{quoted(steps[first.step].text)} and {quoted(steps[second.step].text)}"
        where = f"{distance} {links} apart ({texts})"
        formula = f"{product} / (1 + {distance}) = {format_number(severity)}"
    second_actor = actor_name(workshop, second.actor)
    return (
        f"{_wants(workshop, first, dimension)}; {second_actor} wants {second.direction};"
        f" {where}; {formula}"
    )


def _declared_explanation(
    workshop: Workshop, first: Note, second: Note, dimension: str, severity: float
) -> str:
    steps = workshop.steps
    first_dim = dimension or normalise_dimension(first.dimension)
    second_dim = dimension or normalise_dimension(second.dimension)
    return (
        f"declared by the group; {_wants(workshop, first, first_dim)} on"
        f" {quoted(steps[first.step].text)}; {_wants(workshop, second, second_dim)} on"
        f" {quoted(steps[second.step].text)}; {weight_of(first)} × {weight_of(second)}"
        f" = {format_number(severity)}"
    )


def _directed_need(note: Note, normalised: dict[str, str]) -> tuple[str, str] | None:
    """(normalised dimension, direction) of a need that can take part in detected
    conflicts; `normalised` caches each dimension's written form."""
    if note.kind != "need" or note.direction not in DIRECTIONS:
        return None
    dimension = normalised.get(note.dimension)
    if dimension is None:
        dimension = normalised[note.dimension] = normalise_dimension(note.dimension)
    return (dimension, note.direction) if dimension else None


def find_conflicts(workshop: Workshop, map_id: str | None = None) -> list[Conflict]:
    """Every detected and declared conflict of the workshop (or of one map), most severe
    first.

    Detected pairs are found without comparing all pairs: needs are grouped by map and
    normalised dimension into `more` and `less` needs by step, and each step holding a
    `more` need is searched outward (breadth first, up to the map's radius) for steps
    holding a `less` need.
    """
    import networkx as nx  # imported when used: it is slow to load

    maps = _selected_maps(workshop, map_id)
    maps_by_id = {m.id: m for m in maps}
    graphs = _graphs(workshop, maps)
    records = {pair_key(r.a, r.b): r for r in workshop.conflicts.values()}
    declared = {key for key, r in records.items() if r.declared}

    # map -> dimension -> direction -> step -> needs
    index: dict[str, dict[str, dict[str, dict[str, list[Note]]]]] = {m.id: {} for m in maps}
    normalised: dict[str, str] = {}
    for note in workshop.notes.values():
        step = workshop.steps.get(note.step)
        if step is None or step.map not in index:
            continue
        wanted = _directed_need(note, normalised)
        if wanted is None:
            continue
        dimension, direction = wanted
        by_direction = index[step.map].setdefault(dimension, {"more": {}, "less": {}})
        by_direction[direction].setdefault(step.id, []).append(note)

    conflicts: list[Conflict] = []
    for journey_map in maps:
        graph = graphs[journey_map.id]
        radius = journey_map.radius
        reach_cache: dict[str, dict[str, int]] = {}
        for dimension, by_direction in index[journey_map.id].items():
            less_by_step = by_direction["less"]
            if not less_by_step:
                continue
            for more_step, more_needs in by_direction["more"].items():
                reached = reach_cache.get(more_step)
                if reached is None:
                    reached = (
                        {more_step: 0}
                        if radius <= 0
                        else nx.single_source_shortest_path_length(graph, more_step, cutoff=radius)
                    )
                    reach_cache[more_step] = reached
                if len(reached) <= len(less_by_step):
                    near = [(s, d) for s, d in reached.items() if s in less_by_step]
                else:
                    near = [(s, reached[s]) for s in less_by_step if s in reached]
                for less_step, distance in near:
                    for more_need in more_needs:
                        for less_need in less_by_step[less_step]:
                            if more_need.actor == less_need.actor:
                                continue
                            key = pair_key(more_need.id, less_need.id)
                            if key in declared:
                                continue
                            conflicts.append(
                                _detected(workshop, journey_map, key, dimension, distance, records)
                            )

    for key in sorted(declared):
        conflict = _declared(workshop, key, records, maps_by_id, graphs)
        if conflict is not None:
            conflicts.append(conflict)

    conflicts.sort(key=lambda c: (-c.severity, c.a, c.b))
    return conflicts


def _detected(
    workshop: Workshop,
    journey_map: JourneyMap,
    key: tuple[str, str],
    dimension: str,
    distance: int,
    records: dict[tuple[str, str], ConflictRecord],
) -> Conflict:
    first, second = workshop.notes[key[0]], workshop.notes[key[1]]
    severity = round(weight_of(first) * weight_of(second) / (1 + distance), 2)
    record = records.get(key)
    return Conflict(
        map_id=journey_map.id,
        map_name=journey_map.name,
        a=first.id,
        b=second.id,
        actors=(actor_name(workshop, first.actor), actor_name(workshop, second.actor)),
        dimension=dimension,
        steps=(first.step, second.step),
        distance=distance,
        severity=severity,
        source=DETECTED,
        status=record.status if record is not None else "open",
        note=record.note if record is not None else "",
        explanation=_detected_explanation(workshop, first, second, dimension, distance, severity),
    )


def _declared(
    workshop: Workshop,
    key: tuple[str, str],
    records: dict[tuple[str, str], ConflictRecord],
    maps_by_id: dict[str, JourneyMap],
    graphs: dict[str, nx.Graph],
) -> Conflict | None:
    """The declared pair `key`, or None when a need is gone, it pairs a need with itself,
    or its first need is on a map not being analysed."""
    import networkx as nx  # imported when used: it is slow to load

    first, second = workshop.notes.get(key[0]), workshop.notes.get(key[1])
    if first is None or second is None or first.id == second.id:
        return None
    first_step, second_step = workshop.steps.get(first.step), workshop.steps.get(second.step)
    if first_step is None or second_step is None or first_step.map not in maps_by_id:
        return None
    journey_map = maps_by_id[first_step.map]
    distance: int | None = None
    if second_step.map == first_step.map:
        try:
            distance = nx.shortest_path_length(graphs[journey_map.id], first.step, second.step)
        except nx.NetworkXNoPath:
            distance = None
    first_dimension = normalise_dimension(first.dimension)
    dimension = first_dimension if first_dimension == normalise_dimension(second.dimension) else ""
    severity = float(weight_of(first) * weight_of(second))
    record = records[key]
    return Conflict(
        map_id=journey_map.id,
        map_name=journey_map.name,
        a=first.id,
        b=second.id,
        actors=(actor_name(workshop, first.actor), actor_name(workshop, second.actor)),
        dimension=dimension,
        steps=(first.step, second.step),
        distance=distance,
        severity=severity,
        source=DECLARED,
        status=record.status,
        note=record.note,
        explanation=_declared_explanation(workshop, first, second, dimension, severity),
    )


# -- emotion gaps ------------------------------------------------------------------------


def find_emotion_gaps(workshop: Workshop, map_id: str | None = None) -> list[EmotionGap]:
    """Steps whose highest and lowest ratings differ by 3 or more, largest gap first."""
    maps_by_id = {m.id: m for m in _selected_maps(workshop, map_id)}
    gaps: list[EmotionGap] = []
    for step_id, ratings in ratings_by_step(workshop).items():
        step = workshop.steps[step_id]
        journey_map = maps_by_id.get(step.map)
        if journey_map is None or len(ratings) < 2:
            continue
        named = [(rating, actor_name(workshop, actor)) for actor, rating in ratings.items()]
        low, low_actor = min(named)
        high, high_actor = min((-rating, name) for rating, name in named)
        high = -high
        if high - low < MIN_EMOTION_GAP:
            continue
        gaps.append(
            EmotionGap(
                map_id=journey_map.id,
                map_name=journey_map.name,
                step=step.id,
                actors=(low_actor, high_actor),
                gap=high - low,
                low=low,
                high=high,
                explanation=(
                    f"{low_actor} rates {quoted(step.text)} {format_rating(low)},"
                    f" {high_actor} {format_rating(high)}: a gap of {high - low}"
                ),
            )
        )
    gaps.sort(key=lambda g: (-g.gap, g.step))
    return gaps


def conflicts_json(workshop: Workshop) -> dict[str, list[dict[str, Any]]]:
    """What `conflicts FILE --json` prints: the conflicts and emotion gaps of every map."""
    return {
        "conflicts": [c.to_json() for c in find_conflicts(workshop)],
        "emotion_gaps": [g.to_json() for g in find_emotion_gaps(workshop)],
    }


def conflict_counts_by_step(conflicts: Iterable[Conflict]) -> dict[str, int]:
    """How many conflicts each step takes part in, for the badges on the cards.

    A pair the group dismissed (`not a conflict`) stays listed but carries no badge.
    """
    counts: dict[str, int] = {}
    for conflict in conflicts:
        if conflict.status == "not a conflict":
            continue
        for step in dict.fromkeys(conflict.steps):
            counts[step] = counts.get(step, 0) + 1
    return counts
