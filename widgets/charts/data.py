"""What the charts show, worked out from an analysis result: plain Python, no Qt, testable.

Each chart takes one of these frozen objects and only draws it:

- `EmotionData`: per actor, a point per rated step at (stage index + jitter, rating) and a
  line through the stage means (stages nobody in that lane rated are skipped); the map's
  emotion gaps as brackets at their step's x.
- `MatrixData`: actors x actors, the number and total severity of the conflicts between
  each pair, symmetric.
- `DimensionData`: per normalised dimension, the number and total severity of conflicts;
  declared pairs about different things share one bar (`DIFFERENT_THINGS`).

Conflicts the group marked `not a conflict` are left out of the matrix and the bars (the
group judged them not to pull against each other) and counted in `dismissed`, which the
charts print under the chart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.model import ACTOR_PALETTE, Workshop

DISMISSED = "not a conflict"
# Where the points of one stage's steps go: side by side around the stage's x, at most
# JITTER_STEP apart and all within JITTER_SPAN, so they stay inside their stage's slot.
JITTER_STEP = 0.12
JITTER_SPAN = 0.56
LABEL_SPACING = 0.5  # rating units between two gap labels on one side of a stage
# Colour is never the only signal: each actor also has a marker and a dash of its own.
# Marker names are pyqtgraph's: circle, square, triangle down, diamond, triangle up, star,
# pentagon, hexagon.
SYMBOLS = ("o", "s", "t", "d", "t1", "star", "p", "h")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash")
DIFFERENT_THINGS = ""  # the dimension of declared pairs whose needs are about different things
COUNT, SEVERITY = "count", "severity"
MEASURES = (COUNT, SEVERITY)


@dataclass(frozen=True, slots=True)
class ActorStyle:
    """How one actor is drawn: its own colour, and a marker and dash that differ by lane."""

    name: str
    colour: str
    symbol: str
    dash: str


def actor_styles(workshop: Workshop, actor_ids: Sequence[str]) -> dict[str, ActorStyle]:
    """Styles for actors in this order (the map's lanes first): the i-th gets marker i
    and dash i, so neighbours never share both even when they share a colour."""
    styles = {}
    for i, actor_id in enumerate(actor_ids):
        actor = workshop.actors.get(actor_id)
        name = actor.name if actor is not None else actor_id
        colour = actor.colour if actor is not None else ACTOR_PALETTE[i % len(ACTOR_PALETTE)]
        styles[actor_id] = ActorStyle(
            name, colour, SYMBOLS[i % len(SYMBOLS)], DASHES[i % len(DASHES)]
        )
    return styles


# -- emotion curves ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EmotionPoint:
    """One rating: drawn at (x, rating); `x` is its stage's index plus the step's jitter."""

    x: float
    rating: int
    step: str
    stage: int


@dataclass(frozen=True, slots=True)
class EmotionSeries:
    """One actor's ratings and the line through its stage means."""

    actor_id: str
    style: ActorStyle
    points: tuple[EmotionPoint, ...]
    mean_x: tuple[float, ...]  # stage indices of the stages this actor rated
    mean_y: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class GapMark:
    """An emotion gap: a bracket from `low` to `high` at the step's x."""

    step: str
    x: float
    low: int
    high: int
    gap: int
    actors: tuple[str, str]  # lowest rating's actor, then the highest's
    label_y: float = 0.0  # where its "gap N" label goes: this high, on this side
    label_side: str = "right"


@dataclass(frozen=True, slots=True)
class EmotionData:
    """The emotion-curves chart of one map."""

    map_id: str
    map_name: str
    stages: tuple[str, ...]
    series: tuple[EmotionSeries, ...]
    gaps: tuple[GapMark, ...]

    def step_x(self) -> dict[str, float]:
        """Each rated step's x (the same for every actor who rated it)."""
        return {p.step: p.x for s in self.series for p in s.points}

    def points_of(self, steps: Iterable[str]) -> list[tuple[float, int]]:
        """(x, rating) of every point of these steps, for marking the selection."""
        wanted = set(steps)
        return [(p.x, p.rating) for s in self.series for p in s.points if p.step in wanted]


def jitter(count: int) -> list[float]:
    """Offsets from the stage's x for `count` steps in one stage, in step order: centred,
    evenly spaced, deterministic."""
    if count <= 1:
        return [0.0] * count
    spacing = min(JITTER_STEP, JITTER_SPAN / (count - 1))
    middle = (count - 1) / 2
    return [round((i - middle) * spacing, 4) for i in range(count)]


def emotion_inputs(result: Any, workshop: Workshop) -> tuple:
    """Everything `emotion_data` reads, to compare with what the chart shows before making
    its data again: most edits change no rating, and comparing these takes a fraction of a
    millisecond where making the data takes a few."""
    journey_map = workshop.map(result.map_id)
    ids = [curve.actor_id for curve in result.curves]
    return (
        result.map_id,
        tuple(result.curves),
        tuple(result.gaps_of(result.map_id)),
        (journey_map.name, tuple(s.name for s in journey_map.stages)) if journey_map else None,
        tuple(actor_styles(workshop, ids).items()),
    )


def emotion_data(result: Any, workshop: Workshop) -> EmotionData:
    """The emotion chart of `result.map_id` from the result's curves and gaps.

    The curves come in lane order, each actor's ratings in map order; a step's place in its
    stage is where it first appears in that reading, and every actor's point for the step
    shares its x, so a gap's bracket joins them.
    """
    journey_map = workshop.map(result.map_id)
    curves = tuple(result.curves)
    if curves:
        stages = tuple(mood.stage for mood in curves[0].stages)
    elif journey_map is not None:
        stages = tuple(stage.name for stage in journey_map.stages)
    else:
        stages = ()
    order: list[dict[str, None]] = [{} for _ in stages]
    for curve in curves:
        for index, mood in enumerate(curve.stages):
            for step, _rating in mood.ratings:
                order[index].setdefault(step)
    x_of: dict[str, float] = {}
    for index, steps in enumerate(order):
        for step, offset in zip(steps, jitter(len(steps)), strict=True):
            x_of[step] = index + offset
    styles = actor_styles(workshop, [curve.actor_id for curve in curves])
    series = []
    for curve in curves:
        points = tuple(
            EmotionPoint(x_of[step], rating, step, index)
            for index, mood in enumerate(curve.stages)
            for step, rating in mood.ratings
        )
        rated = [(float(i), mood.mean) for i, mood in enumerate(curve.stages) if mood.ratings]
        style = styles[curve.actor_id]
        if style.name != curve.actor:  # renamed since the analysis ran: the result's name
            style = ActorStyle(curve.actor, style.colour, style.symbol, style.dash)
        series.append(
            EmotionSeries(
                curve.actor_id,
                style,
                points,
                tuple(x for x, _ in rated),
                tuple(float(mean) for _, mean in rated),
            )
        )
    gaps = place_gap_labels(
        [
            GapMark(gap.step, x_of[gap.step], gap.low, gap.high, gap.gap, tuple(gap.actors))
            for gap in result.gaps_of(result.map_id)
            if gap.step in x_of
        ],
        len(stages),
    )
    return EmotionData(
        result.map_id,
        journey_map.name if journey_map is not None else "",
        stages,
        tuple(series),
        gaps,
    )


def place_gap_labels(gaps: Sequence[GapMark], stages: int) -> tuple[GapMark, ...]:
    """Put each gap's label beside its bracket, half-way up: to the right, but to the left
    for the first of several brackets in one stage and in the last stage (no room on the
    right there); labels on the same side of one stage move apart so none hides another."""
    by_stage: dict[int, list[int]] = {}
    for index, gap in enumerate(gaps):
        by_stage.setdefault(round(gap.x), []).append(index)
    placed = list(gaps)
    for stage, indices in by_stage.items():
        indices.sort(key=lambda i: (gaps[i].x, gaps[i].step))
        taken: dict[str, list[float]] = {"left": [], "right": []}
        for order, index in enumerate(indices):
            gap = gaps[index]
            first_of_several = order == 0 and len(indices) > 1
            side = "left" if first_of_several or stage >= stages - 1 else "right"
            y = (gap.low + gap.high) / 2
            while any(abs(y - other) < LABEL_SPACING for other in taken[side]):
                y += LABEL_SPACING
            taken[side].append(y)
            # Made directly: `dataclasses.replace` costs 5 us a call, 0.6 ms a chart.
            placed[index] = GapMark(
                gap.step, gap.x, gap.low, gap.high, gap.gap, gap.actors, y, side
            )
    return tuple(placed)


# -- conflict matrix ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatrixData:
    """Conflicts between each pair of actors; `counts[i][j] == counts[j][i]`."""

    map_id: str
    map_name: str
    actors: tuple[str, ...]  # names: the map's lanes in order, then others by name
    counts: tuple[tuple[int, ...], ...]
    severity: tuple[tuple[float, ...], ...]
    total: int  # conflicts counted
    dismissed: int  # conflicts left out: marked "not a conflict"

    def values(self, measure: str) -> tuple[tuple[float, ...], ...]:
        return self.severity if measure == SEVERITY else self.counts

    def highest(self, measure: str) -> float:
        return max((v for row in self.values(measure) for v in row), default=0)


def lane_actor_names(workshop: Workshop, map_id: str) -> list[str]:
    """Names of the map's lane actors, top to bottom."""
    journey_map = workshop.map(map_id)
    if journey_map is None:
        return []
    names = []
    for lane in journey_map.lanes:
        actor = workshop.actors.get(lane.actor)
        name = actor.name if actor is not None else lane.actor
        if name not in names:
            names.append(name)
    return names


def counted(conflicts: Iterable[Any]) -> tuple[list[Any], int]:
    """The conflicts the charts count, and how many were left out as dismissed."""
    kept, dismissed = [], 0
    for conflict in conflicts:
        if conflict.status == DISMISSED:
            dismissed += 1
        else:
            kept.append(conflict)
    return kept, dismissed


def matrix_data(result: Any, workshop: Workshop) -> MatrixData:
    """The conflict matrix of `result.map_id`: every lane actor of the map, then (by name)
    any other actor whose needs take part in its conflicts."""
    everything = result.conflicts_of(result.map_id)
    conflicts, dismissed = counted(everything)
    actors = lane_actor_names(workshop, result.map_id)
    # Actors of dismissed pairs too, so a status change never reshapes the matrix.
    others = sorted({n for c in everything for n in c.actors} - set(actors), key=str.casefold)
    actors.extend(others)
    index = {name: i for i, name in enumerate(actors)}
    size = len(actors)
    counts = [[0] * size for _ in range(size)]
    severity = [[0.0] * size for _ in range(size)]
    for conflict in conflicts:
        i, j = index[conflict.actors[0]], index[conflict.actors[1]]
        counts[i][j] += 1
        severity[i][j] += conflict.severity
        if i != j:
            counts[j][i] += 1
            severity[j][i] += conflict.severity
    journey_map = workshop.map(result.map_id)
    return MatrixData(
        result.map_id,
        journey_map.name if journey_map is not None else "",
        tuple(actors),
        tuple(tuple(row) for row in counts),
        tuple(tuple(round(v, 2) for v in row) for row in severity),
        len(conflicts),
        dismissed,
    )


# -- conflicts by dimension --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DimensionBar:
    """One dimension's conflicts; `dimension` is DIFFERENT_THINGS for declared pairs whose
    needs are about different things."""

    dimension: str
    count: int
    severity: float

    def value(self, measure: str) -> float:
        return self.severity if measure == SEVERITY else self.count


@dataclass(frozen=True, slots=True)
class DimensionData:
    """The bars of one map, most conflicts first; DIFFERENT_THINGS always last."""

    map_id: str
    map_name: str
    bars: tuple[DimensionBar, ...]
    dismissed: int

    def ordered(self, measure: str) -> tuple[DimensionBar, ...]:
        """The bars by the measure shown, highest first; DIFFERENT_THINGS last."""
        return tuple(
            sorted(
                self.bars,
                key=lambda b: (
                    b.dimension == DIFFERENT_THINGS,
                    -b.value(measure),
                    -b.value(SEVERITY if measure == COUNT else COUNT),
                    b.dimension,
                ),
            )
        )


def dimension_data(result: Any, workshop: Workshop) -> DimensionData:
    """Conflicts of `result.map_id` grouped by their (normalised) dimension."""
    conflicts, dismissed = counted(result.conflicts_of(result.map_id))
    totals: dict[str, list[float]] = {}
    for conflict in conflicts:
        total = totals.setdefault(conflict.dimension, [0, 0.0])
        total[0] += 1
        total[1] += conflict.severity
    bars = tuple(
        DimensionBar(dimension, int(count), round(severity, 2))
        for dimension, (count, severity) in totals.items()
    )
    journey_map = workshop.map(result.map_id)
    data = DimensionData(
        result.map_id, journey_map.name if journey_map is not None else "", bars, dismissed
    )
    return DimensionData(data.map_id, data.map_name, data.ordered(COUNT), dismissed)
