"""Journey diagnostics: hotspots, handoffs, dead ends, loops, unreachable steps, emotion curves.

Qt-free, like `app.analysis`: each map's links become a directed networkx graph on demand,
and the results are plain frozen objects with `to_json()` for the CLI and the panels.

"Map order" below means the order a person reads the map in: by stage, then lane, then
the card's place in its cell (top to bottom, left to right), then creation order.

A journey starts in the first stage and ends in the last; where those stages are still
empty (a facilitator often adds "Awareness" or "Follow-up" columns to fill in later), the
first and last stages that hold steps count instead, so an empty column does not make
every step unreachable or every ending a dead end. Links between steps of different maps
are ignored.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

from app.analysis import actor_name, format_rating, quoted, ratings_by_step, weight_of
from app.model import JourneyMap, Link, Step, Workshop


@dataclass(frozen=True, slots=True)
class Hotspot:
    """A step where it hurts: its pain weight plus how far below zero people rated it."""

    step: str
    text: str
    actor: str  # name of the step's actor
    stage: str  # stage name
    score: int  # pain_weight + distress
    pains: int
    pain_weight: int
    distress: int  # sum of |rating| over the negative ratings
    lowest_rating: int | None
    lowest_by: str  # name of the actor who gave the lowest rating ("" when none)
    explanation: str

    def to_json(self) -> dict[str, Any]:
        """This hotspot as plain JSON data."""
        return {
            "step": self.step,
            "text": self.text,
            "actor": self.actor,
            "stage": self.stage,
            "score": self.score,
            "pains": self.pains,
            "pain_weight": self.pain_weight,
            "distress": self.distress,
            "lowest_rating": self.lowest_rating,
            "lowest_by": self.lowest_by,
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class Handoff:
    """A link from one actor's lane to another's, where the journey changes hands."""

    link: str
    source: str
    source_actor: str
    target: str
    target_actor: str
    stage: str  # name of the source step's stage

    def to_json(self) -> dict[str, Any]:
        """This handoff as plain JSON data."""
        return {
            "link": self.link,
            "from": self.source,
            "from_actor": self.source_actor,
            "to": self.target,
            "to_actor": self.target_actor,
            "stage": self.stage,
        }


@dataclass(frozen=True, slots=True)
class StageCount:
    """How many handoffs start in one stage."""

    stage_id: str
    stage: str
    count: int

    def to_json(self) -> dict[str, Any]:
        """This count as plain JSON data."""
        return {"stage": self.stage, "count": self.count}


@dataclass(frozen=True, slots=True)
class FlaggedStep:
    """A step a diagnostic points at (a dead end, an unreachable step), and why."""

    step: str
    text: str
    actor: str
    stage: str
    explanation: str

    def to_json(self) -> dict[str, Any]:
        """This step as plain JSON data."""
        return {
            "step": self.step,
            "text": self.text,
            "actor": self.actor,
            "stage": self.stage,
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class Loop:
    """Steps the links go round in (rework): one strongly connected group of steps.

    `steps` holds the whole group in map order; `cycle` the shortest way round it from its
    earliest step in map order, in link order (the last step links back to the first).
    """

    steps: tuple[str, ...]
    cycle: tuple[str, ...]
    explanation: str

    def to_json(self) -> dict[str, Any]:
        """This loop as plain JSON data."""
        return {
            "steps": list(self.steps),
            "cycle": list(self.cycle),
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class StageMood:
    """One actor's ratings in one stage, in map order, and their mean (None: no rating)."""

    stage_id: str
    stage: str
    ratings: tuple[tuple[str, int], ...]  # (step id, rating)
    mean: float | None  # rounded to two decimals

    def to_json(self) -> dict[str, Any]:
        """This point of the curve as plain JSON data."""
        return {
            "stage": self.stage,
            "ratings": [{"step": step, "rating": rating} for step, rating in self.ratings],
            "mean": self.mean,
        }


@dataclass(frozen=True, slots=True)
class EmotionCurve:
    """How one actor felt along the map: one point per stage, in stage order."""

    actor_id: str
    actor: str
    stages: tuple[StageMood, ...]

    def to_json(self) -> dict[str, Any]:
        """This curve as plain JSON data."""
        return {"actor": self.actor, "stages": [s.to_json() for s in self.stages]}


@dataclass(frozen=True, slots=True)
class MapDiagnostics:
    """Everything the diagnostics find on one map."""

    map_id: str
    map_name: str
    start_stage: str | None  # name of the stage `unreachable` starts from
    end_stage: str | None  # name of the stage whose steps may end the journey
    hotspots: tuple[Hotspot, ...]
    handoffs: tuple[Handoff, ...]
    handoffs_by_stage: tuple[StageCount, ...]
    dead_ends: tuple[FlaggedStep, ...]
    loops: tuple[Loop, ...]
    unreachable: tuple[FlaggedStep, ...]
    emotion_curves: tuple[EmotionCurve, ...]

    def to_json(self) -> dict[str, Any]:
        """This map's diagnostics as plain JSON data."""
        return {
            "map": self.map_name,
            "start_stage": self.start_stage,
            "end_stage": self.end_stage,
            "hotspots": [h.to_json() for h in self.hotspots],
            "handoffs": [h.to_json() for h in self.handoffs],
            "handoffs_by_stage": [c.to_json() for c in self.handoffs_by_stage],
            "dead_ends": [d.to_json() for d in self.dead_ends],
            "loops": [loop.to_json() for loop in self.loops],
            "unreachable": [u.to_json() for u in self.unreachable],
            "emotion_curves": [c.to_json() for c in self.emotion_curves],
        }


def diagnose(workshop: Workshop, map_id: str | None = None) -> list[MapDiagnostics]:
    """The diagnostics of every map of the workshop (or of one map), in map order."""
    ratings = ratings_by_step(workshop)
    pains: dict[str, list[int]] = defaultdict(list)
    for note in workshop.notes.values():
        if note.kind == "pain":
            pains[note.step].append(weight_of(note))
    steps_by_map: dict[str, list[Step]] = defaultdict(list)
    for step in workshop.steps.values():
        steps_by_map[step.map].append(step)
    links_by_map: dict[str, list[Link]] = defaultdict(list)
    for link in workshop.links.values():
        source, target = workshop.steps.get(link.source), workshop.steps.get(link.target)
        if source is not None and target is not None and source.map == target.map:
            links_by_map[source.map].append(link)
    return [
        _MapDiagnosis(
            workshop,
            journey_map,
            steps_by_map[journey_map.id],
            links_by_map[journey_map.id],
            ratings,
            pains,
        ).run()
        for journey_map in workshop.maps
        if map_id is None or journey_map.id == map_id
    ]


def emotion_curves(workshop: Workshop, map_id: str) -> tuple[EmotionCurve, ...]:
    """One map's emotion curves alone (what the live chart needs, without the rest)."""
    journey_map = workshop.map(map_id)
    if journey_map is None:
        return ()
    steps = [step for step in workshop.steps.values() if step.map == map_id]
    ids = {step.id for step in steps}
    ratings = {k: v for k, v in ratings_by_step(workshop).items() if k in ids}
    return _MapDiagnosis(workshop, journey_map, steps, [], ratings, {}).emotion_curves()


def diagnostics_json(workshop: Workshop) -> dict[str, list[dict[str, Any]]]:
    """The diagnostics of every map as one JSON object: `{"maps": [...]}`."""
    return {"maps": [d.to_json() for d in diagnose(workshop)]}


class _MapDiagnosis:
    """Works out one map's diagnostics from its steps, links, ratings and pains."""

    def __init__(
        self,
        workshop: Workshop,
        journey_map: JourneyMap,
        steps: list[Step],
        links: list[Link],
        ratings: dict[str, dict[str, int]],
        pains: dict[str, list[int]],
    ) -> None:
        self.workshop = workshop
        self.map = journey_map
        self.ratings = ratings
        self.pains = pains
        self.stage_index = {stage.id: i for i, stage in enumerate(journey_map.stages)}
        self.stage_names = {stage.id: stage.name for stage in journey_map.stages}
        lane_index = {lane.actor: i for i, lane in enumerate(journey_map.lanes)}
        unknown_stage, unknown_lane = len(journey_map.stages), len(journey_map.lanes)
        creation = {step.id: i for i, step in enumerate(steps)}
        self.steps = sorted(
            steps,
            key=lambda s: (
                self.stage_index.get(s.stage, unknown_stage),
                lane_index.get(s.actor, unknown_lane),
                s.y,
                s.x,
                creation[s.id],
            ),
        )
        self.order = {step.id: i for i, step in enumerate(self.steps)}
        self.links = links
        used_stages = {step.stage for step in self.steps}
        staged = [stage for stage in journey_map.stages if stage.id in used_stages]
        self.start_stage = staged[0] if staged else None
        self.end_stage = staged[-1] if staged else None

    @cached_property
    def graph(self) -> nx.DiGraph:
        """The map's steps and links as a directed graph (built when first needed)."""
        import networkx as nx  # imported when used: it is slow to load

        graph = nx.DiGraph()
        graph.add_nodes_from(self.order)
        graph.add_edges_from((link.source, link.target) for link in self.links)
        return graph

    def run(self) -> MapDiagnostics:
        return MapDiagnostics(
            map_id=self.map.id,
            map_name=self.map.name,
            start_stage=self.start_stage.name if self.start_stage else None,
            end_stage=self.end_stage.name if self.end_stage else None,
            hotspots=self.hotspots(),
            handoffs=self.handoffs(),
            handoffs_by_stage=self.handoffs_by_stage(),
            dead_ends=self.dead_ends(),
            loops=self.loops(),
            unreachable=self.unreachable(),
            emotion_curves=self.emotion_curves(),
        )

    def _stage_name(self, step: Step) -> str:
        return self.stage_names.get(step.stage, step.stage)

    def _flag(self, step: Step, explanation: str) -> FlaggedStep:
        return FlaggedStep(
            step=step.id,
            text=step.text,
            actor=actor_name(self.workshop, step.actor),
            stage=self._stage_name(step),
            explanation=explanation,
        )

    def hotspots(self) -> tuple[Hotspot, ...]:
        found: list[Hotspot] = []
        for step in self.steps:
            pain_weights = self.pains.get(step.id, [])
            named = sorted(
                (rating, actor_name(self.workshop, actor))
                for actor, rating in self.ratings.get(step.id, {}).items()
            )
            negative = [(rating, name) for rating, name in named if rating < 0]
            pain_weight, distress = sum(pain_weights), -sum(r for r, _ in negative)
            score = pain_weight + distress
            if score <= 0:
                continue
            found.append(
                Hotspot(
                    step=step.id,
                    text=step.text,
                    actor=actor_name(self.workshop, step.actor),
                    stage=self._stage_name(step),
                    score=score,
                    pains=len(pain_weights),
                    pain_weight=pain_weight,
                    distress=distress,
                    lowest_rating=named[0][0] if named else None,
                    lowest_by=named[0][1] if named else "",
                    explanation=_hotspot_explanation(step, pain_weights, negative),
                )
            )
        found.sort(key=lambda h: (-h.score, h.step))
        return tuple(found)

    def handoffs(self) -> tuple[Handoff, ...]:
        steps = self.workshop.steps
        return tuple(
            Handoff(
                link=link.id,
                source=link.source,
                source_actor=actor_name(self.workshop, steps[link.source].actor),
                target=link.target,
                target_actor=actor_name(self.workshop, steps[link.target].actor),
                stage=self._stage_name(steps[link.source]),
            )
            for link in self.links
            if steps[link.source].actor != steps[link.target].actor
        )

    def handoffs_by_stage(self) -> tuple[StageCount, ...]:
        steps = self.workshop.steps
        counts = dict.fromkeys(self.stage_index, 0)
        for link in self.links:
            source, target = steps[link.source], steps[link.target]
            if source.actor != target.actor and source.stage in counts:
                counts[source.stage] += 1
        return tuple(StageCount(s.id, s.name, counts[s.id]) for s in self.map.stages)

    def dead_ends(self) -> tuple[FlaggedStep, ...]:
        end = self.end_stage
        return tuple(
            self._flag(step, f"{quoted(step.text)} has no link to a next step")
            for step in self.steps
            if self.graph.out_degree(step.id) == 0 and (end is None or step.stage != end.id)
        )

    def loops(self) -> tuple[Loop, ...]:
        import networkx as nx  # imported when used: it is slow to load

        texts = {step.id: step.text for step in self.steps}
        found: list[Loop] = []
        for component in nx.strongly_connected_components(self.graph):
            members = sorted(component, key=self.order.__getitem__)
            first = members[0]
            if len(members) == 1 and not self.graph.has_edge(first, first):
                continue
            cycle = self._shortest_cycle_through(first, component)
            path = " → ".join(quoted(texts[s]) for s in [*cycle, cycle[0]])
            size = f"{len(members)} steps" if len(members) > 1 else "1 step"
            found.append(
                Loop(
                    steps=tuple(members),
                    cycle=tuple(cycle),
                    explanation=f"{size} the journey can go round again: {path}",
                )
            )
        found.sort(key=lambda loop: self.order[loop.steps[0]])
        return tuple(found)

    def _shortest_cycle_through(self, first: str, component: set[str]) -> list[str]:
        """The shortest way round from `first` back to it inside its component (one
        breadth-first search: simple cycles are never enumerated)."""
        if self.graph.has_edge(first, first):
            return [first]
        parent: dict[str, str] = {}
        queue = deque([first])
        while queue:
            node = queue.popleft()
            for successor in self.graph.successors(node):
                if successor == first:
                    path = [node]
                    while path[-1] != first:
                        path.append(parent[path[-1]])
                    return path[::-1]
                if successor in component and successor not in parent:
                    parent[successor] = node
                    queue.append(successor)
        raise ValueError(f"{first} is on no cycle")  # cannot happen in a cyclic component

    def unreachable(self) -> tuple[FlaggedStep, ...]:
        """Steps no path of links leads to from the first stage that has steps."""
        start = self.start_stage
        if start is None:
            return ()
        reached = {step.id for step in self.steps if step.stage == start.id}
        queue = deque(reached)
        while queue:
            for successor in self.graph.successors(queue.popleft()):
                if successor not in reached:
                    reached.add(successor)
                    queue.append(successor)
        return tuple(
            self._flag(
                step, f"no path of links leads to {quoted(step.text)} from {quoted(start.name)}"
            )
            for step in self.steps
            if step.id not in reached
        )

    def emotion_curves(self) -> tuple[EmotionCurve, ...]:
        by_actor: dict[str, dict[str, list[tuple[str, int]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for step in self.steps:
            for actor, rating in self.ratings.get(step.id, {}).items():
                by_actor[actor][step.stage].append((step.id, rating))
        lanes = [lane.actor for lane in self.map.lanes if lane.actor in by_actor]
        others = sorted(
            (a for a in by_actor if a not in lanes), key=lambda a: actor_name(self.workshop, a)
        )
        curves = []
        for actor in [*lanes, *others]:
            moods = []
            for stage in self.map.stages:
                ratings = tuple(by_actor[actor].get(stage.id, ()))
                mean = round(sum(r for _, r in ratings) / len(ratings), 2) if ratings else None
                moods.append(StageMood(stage.id, stage.name, ratings, mean))
            curves.append(EmotionCurve(actor, actor_name(self.workshop, actor), tuple(moods)))
        return tuple(curves)


def _hotspot_explanation(
    step: Step, pain_weights: list[int], negative: list[tuple[int, str]]
) -> str:
    """`'Wait for the letter': 1 pain weighing 4 and negative ratings (Patient -1); score
    4 + 1 = 5`."""
    parts = []
    pain_weight, distress = sum(pain_weights), -sum(rating for rating, _ in negative)
    if pain_weights:
        plural = "pain" if len(pain_weights) == 1 else "pains"
        parts.append(f"{len(pain_weights)} {plural} weighing {pain_weight}")
    if negative:
        rated = ", ".join(f"{name} {format_rating(rating)}" for rating, name in negative)
        parts.append(f"negative ratings ({rated})")
    score = pain_weight + distress
    sums = f"{pain_weight} + {distress} = {score}" if pain_weights and negative else str(score)
    return f"{quoted(step.text)}: {' and '.join(parts)}; score {sums}"
