"""Arrange a map's steps in their lane x stage cells by the links, with no overlapping cards.

Plain data in, plain data out: `plan_layout` returns the positions and cell sizes and
`apply_layout` writes them, so the editor can wrap the change in one undo command.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from dataclasses import dataclass, field

from app.model import (
    CARD_HEIGHT,
    CARD_WIDTH,
    CELL_PADDING,
    DEFAULT_LANE_HEIGHT,
    DEFAULT_STAGE_WIDTH,
    JourneyMap,
    Step,
    Workshop,
)

MAX_CARDS_PER_ROW = 3
CARD_PITCH_X = CARD_WIDTH + CELL_PADDING
CARD_PITCH_Y = CARD_HEIGHT + CELL_PADDING


@dataclass
class Layout:
    """Where each step goes inside its cell, and how wide or tall each stage and lane is."""

    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    stage_widths: dict[str, float] = field(default_factory=dict)
    lane_heights: dict[str, float] = field(default_factory=dict)


def link_ranks(step_ids: list[str], links: list[tuple[str, str]]) -> dict[str, int]:
    """Each step's depth along the links (longest path from a start), ignoring back links.

    Steps on a cycle are ranked by the order the walk reaches them, so rework loops
    still get a stable, readable order.
    """
    order = {step: i for i, step in enumerate(step_ids)}
    successors: dict[str, list[str]] = defaultdict(list)
    indegree = dict.fromkeys(step_ids, 0)
    for source, target in links:
        if source in order and target in order and source != target:
            successors[source].append(target)
            indegree[target] += 1
    rank = dict.fromkeys(step_ids, 0)
    queue = deque(s for s in step_ids if indegree[s] == 0)
    seen: set[str] = set()
    while len(seen) < len(step_ids):
        if not queue:  # only cycles remain: break one at its earliest step
            queue.append(min((s for s in step_ids if s not in seen), key=order.__getitem__))
        step = queue.popleft()
        if step in seen:
            continue
        seen.add(step)
        for nxt in successors[step]:
            if nxt in seen:
                continue
            rank[nxt] = max(rank[nxt], rank[step] + 1)
            indegree[nxt] -= 1
            if indegree[nxt] <= 0:
                queue.append(nxt)
    return rank


def plan_layout(workshop: Workshop, map_id: str) -> Layout:
    """Plan a tidy layout of one map: cards in link order, up to three a row per cell."""
    journey_map = workshop.map(map_id)
    if journey_map is None:
        raise KeyError(map_id)
    steps = list(workshop.steps_of(map_id))
    step_ids = [s.id for s in steps]
    ranks = link_ranks(step_ids, [(link.source, link.target) for link in workshop.links_of(map_id)])
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    for step in sorted(steps, key=lambda s: (ranks[s.id], s.y, s.x)):
        cells[(step.actor, step.stage)].append(step.id)

    layout = Layout()
    columns = {
        stage.id: min(
            MAX_CARDS_PER_ROW,
            max((len(cells[(lane.actor, stage.id)]) for lane in journey_map.lanes), default=1),
        )
        for stage in journey_map.stages
    }
    for stage in journey_map.stages:
        cols = max(1, columns[stage.id])
        layout.stage_widths[stage.id] = max(DEFAULT_STAGE_WIDTH, CELL_PADDING + cols * CARD_PITCH_X)
    for lane in journey_map.lanes:
        rows = max(
            (
                math.ceil(len(cells[(lane.actor, stage.id)]) / max(1, columns[stage.id]))
                for stage in journey_map.stages
            ),
            default=1,
        )
        layout.lane_heights[lane.actor] = max(
            DEFAULT_LANE_HEIGHT, CELL_PADDING + max(1, rows) * CARD_PITCH_Y
        )
    for (_actor, stage_id), ids in cells.items():
        cols = max(1, columns.get(stage_id, 1))
        for i, step_id in enumerate(ids):
            row, col = divmod(i, cols)
            layout.positions[step_id] = (
                CELL_PADDING + col * CARD_PITCH_X,
                CELL_PADDING + row * CARD_PITCH_Y,
            )
    return layout


def apply_layout(workshop: Workshop, map_id: str, layout: Layout) -> None:
    """Write a planned layout into the workshop."""
    journey_map = workshop.map(map_id)
    if journey_map is None:
        raise KeyError(map_id)
    for stage in journey_map.stages:
        stage.width = layout.stage_widths.get(stage.id, stage.width)
    for lane in journey_map.lanes:
        lane.height = layout.lane_heights.get(lane.actor, lane.height)
    for step_id, (x, y) in layout.positions.items():
        workshop.steps[step_id].x = x
        workshop.steps[step_id].y = y


LANE_HEADER_WIDTH = 200.0
STAGE_HEADER_HEIGHT = 64.0


@dataclass
class MapGrid:
    """Where a map's stage columns and lane rows are in scene coordinates.

    Column x = lane header width + widths of the stages before it; row y likewise.
    """

    stage_x: dict[str, float]
    stage_width: dict[str, float]
    lane_y: dict[str, float]
    lane_height: dict[str, float]
    width: float
    height: float

    @classmethod
    def of(cls, journey_map: JourneyMap) -> MapGrid:
        stage_x: dict[str, float] = {}
        x = LANE_HEADER_WIDTH
        for stage in journey_map.stages:
            stage_x[stage.id] = x
            x += stage.width
        lane_y: dict[str, float] = {}
        y = STAGE_HEADER_HEIGHT
        for lane in journey_map.lanes:
            lane_y[lane.actor] = y
            y += lane.height
        return cls(
            stage_x,
            {s.id: s.width for s in journey_map.stages},
            lane_y,
            {lane.actor: lane.height for lane in journey_map.lanes},
            x,
            y,
        )

    def cell_origin(self, actor_id: str, stage_id: str) -> tuple[float, float]:
        return self.stage_x[stage_id], self.lane_y[actor_id]

    def step_origin(self, step: Step) -> tuple[float, float]:
        """The scene position of a step card's top-left corner."""
        x, y = self.cell_origin(step.actor, step.stage)
        return x + step.x, y + step.y

    def cell_at(self, x: float, y: float) -> tuple[str, str] | None:
        """The (actor, stage) cell under a scene point, or None outside the cells."""
        stage = next(
            (s for s, sx in self.stage_x.items() if sx <= x < sx + self.stage_width[s]), None
        )
        actor = next(
            (a for a, ly in self.lane_y.items() if ly <= y < ly + self.lane_height[a]), None
        )
        return (actor, stage) if stage is not None and actor is not None else None

    def nearest_cell(self, x: float, y: float) -> tuple[str, str] | None:
        """The cell under a point, or the closest one when the point is outside the grid."""
        if not self.stage_x or not self.lane_y:
            return None
        x = min(max(x, LANE_HEADER_WIDTH), self.width - 1)
        y = min(max(y, STAGE_HEADER_HEIGHT), self.height - 1)
        return self.cell_at(x, y)


def cell_slots(width: float, height: float) -> list[tuple[float, float]]:
    """The card slots of a cell of this size, row by row (at least one)."""
    cols = max(1, int((width - CELL_PADDING) // CARD_PITCH_X))
    rows = max(1, int((height - CELL_PADDING) // CARD_PITCH_Y))
    return [
        (CELL_PADDING + c * CARD_PITCH_X, CELL_PADDING + r * CARD_PITCH_Y)
        for r in range(rows)
        for c in range(cols)
    ]


def free_slot(
    width: float,
    height: float,
    taken: list[tuple[float, float]],
    near: tuple[float, float] = (0.0, 0.0),
) -> tuple[float, float] | None:
    """The free slot of a cell closest to `near` (a cell offset), or None when it is full.

    A slot is taken when a card's top-left lies within half a pitch of it.
    """
    free = [
        slot
        for slot in cell_slots(width, height)
        if all(
            abs(slot[0] - tx) >= CARD_PITCH_X / 2 or abs(slot[1] - ty) >= CARD_PITCH_Y / 2
            for tx, ty in taken
        )
    ]
    if not free:
        return None
    return min(free, key=lambda s: (s[0] - near[0]) ** 2 + (s[1] - near[1]) ** 2)
