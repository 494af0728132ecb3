"""The workshop model: plain dataclasses for actors, maps, steps, links, notes and conflicts.

No Qt and no I/O here. Every item has a stable string id; steps keep their position as an
offset of the card's top-left corner inside its lane x stage cell, so moving or resizing a
stage never moves the steps of the other stages.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

ROLES = ("patient", "carer", "clinician", "staff", "other")
ENGAGEMENT_LEVELS = ("intrapersonal", "interpersonal", "organisational", "systemic")
NOTE_KINDS = ("need", "pain", "idea", "quote", "feeling")
WEIGHTED_KINDS = ("need", "pain")
DIRECTIONS = ("more", "less")
CONFLICT_STATUSES = ("open", "discussed", "resolved", "trade-off accepted", "not a conflict")
# Dot voting (Experience-Based Co-Design): who votes, and on what.
VOTING_GROUPS = ("patients and carers", "staff", "everyone")
VOTE_KINDS = ("step", "conflict")

EMOTION_MIN, EMOTION_MAX = -3, 3
WEIGHT_MIN, WEIGHT_MAX, DEFAULT_WEIGHT = 1, 5, 3
RADIUS_MIN, RADIUS_MAX, DEFAULT_RADIUS = 0, 3, 1

# Okabe & Ito's colour-blind-safe palette, in the order new actors get it (black last).
ACTOR_PALETTE = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
)

# Card and cell geometry in scene units (pixels at 100 % zoom), shared by layout and canvas.
CARD_WIDTH = 260.0
CARD_HEIGHT = 160.0
CELL_PADDING = 24.0
DEFAULT_STAGE_WIDTH = CARD_WIDTH + 2 * CELL_PADDING
DEFAULT_LANE_HEIGHT = CARD_HEIGHT + 2 * CELL_PADDING


@dataclass
class WorkshopInfo:
    """What the workshop is: shown in the properties dialog and printed by `info`."""

    title: str = ""
    date: str = ""  # ISO 8601 (YYYY-MM-DD) or empty
    facilitator: str = ""
    service: str = ""
    setting: str = ""
    engagement: str = ""  # one of ENGAGEMENT_LEVELS or empty
    notes: str = ""


@dataclass
class Actor:
    """A person or role that has a lane: Patient, GP, Front desk."""

    id: str
    name: str
    role: str = "other"
    colour: str = ACTOR_PALETTE[0]


@dataclass
class Stage:
    """A column of a map; `width` is the column's width in scene units."""

    id: str
    name: str
    width: float = DEFAULT_STAGE_WIDTH


@dataclass
class Lane:
    """A row of a map, showing one actor's steps; `height` is the row's height."""

    actor: str
    height: float = DEFAULT_LANE_HEIGHT


@dataclass
class JourneyMap:
    """One journey map: ordered stages across, ordered lanes down, and its conflict radius."""

    id: str
    name: str
    stages: list[Stage] = field(default_factory=list)
    lanes: list[Lane] = field(default_factory=list)
    radius: int = DEFAULT_RADIUS

    def stage(self, stage_id: str) -> Stage | None:
        return next((s for s in self.stages if s.id == stage_id), None)

    def stage_index(self, stage_id: str) -> int:
        return next((i for i, s in enumerate(self.stages) if s.id == stage_id), -1)

    def lane(self, actor_id: str) -> Lane | None:
        return next((lane for lane in self.lanes if lane.actor == actor_id), None)

    def lane_index(self, actor_id: str) -> int:
        return next((i for i, lane in enumerate(self.lanes) if lane.actor == actor_id), -1)


@dataclass
class Step:
    """A touchpoint card in the lane of `actor` and the column `stage` of map `map`.

    `x`, `y` place the card's top-left corner inside its cell. `emotion` is how the step's own
    actor feels there (-3..3) or None; other actors rate it with feeling notes.
    """

    id: str
    map: str
    stage: str
    actor: str
    text: str
    with_actors: list[str] = field(default_factory=list)
    channel: str = ""
    description: str = ""
    emotion: int | None = None
    x: float = CELL_PADDING
    y: float = CELL_PADDING


@dataclass
class Link:
    """A directed link between two steps of one map; across lanes it is a handoff."""

    id: str
    source: str
    target: str


@dataclass
class Note:
    """A card stuck on a step: a need, pain, idea, quote or feeling, written by `actor`.

    Needs use `dimension`, `direction` and `weight`; pains use `weight`; feelings use
    `rating` (-3..3) and keep their emotion words in `text`.
    """

    id: str
    step: str
    kind: str
    actor: str
    text: str = ""
    dimension: str = ""
    direction: str = ""
    weight: int | None = None
    rating: int | None = None


@dataclass
class ConflictRecord:
    """What the group recorded about a pair of needs (a < b), and whether they declared it."""

    a: str
    b: str
    declared: bool = False
    status: str = "open"
    note: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.a, self.b)

    def is_default(self) -> bool:
        """True when the record says nothing beyond what the rule finds by itself."""
        return not self.declared and self.status == "open" and not self.note


@dataclass
class Vote:
    """The dots one participant group put on a step or on a conflict (a pair of needs).

    `target` holds the step's id, or for a conflict its two need ids (smaller first).
    """

    group: str
    kind: str
    target: tuple[str, ...]
    dots: int = 1

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return (self.group, self.kind, self.target)


def conflict_target(a: str, b: str) -> tuple[str, str]:
    """How a vote names the conflict between needs a and b."""
    return pair_key(a, b)


def pair_key(a: str, b: str) -> tuple[str, str]:
    """The key of the pair of needs a and b: the smaller id first, by plain string order."""
    return (a, b) if a <= b else (b, a)


def normalise_dimension(text: str) -> str:
    """A need's dimension as the conflict rule compares it (NFKC, case-folded, spaces)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


@dataclass
class Workshop:
    """A whole workshop: everything one `.journey` file holds.

    The dicts keep their items in creation order, which is the order files and cards CSV
    write them in.
    """

    info: WorkshopInfo = field(default_factory=WorkshopInfo)
    actors: dict[str, Actor] = field(default_factory=dict)
    maps: list[JourneyMap] = field(default_factory=list)
    steps: dict[str, Step] = field(default_factory=dict)
    links: dict[str, Link] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)
    conflicts: dict[tuple[str, str], ConflictRecord] = field(default_factory=dict)
    votes: dict[tuple[str, str, tuple[str, ...]], Vote] = field(default_factory=dict)

    def map(self, map_id: str) -> JourneyMap | None:
        return next((m for m in self.maps if m.id == map_id), None)

    def map_named(self, name: str) -> JourneyMap | None:
        return next((m for m in self.maps if m.name == name), None)

    def actor_named(self, name: str) -> Actor | None:
        return next((a for a in self.actors.values() if a.name == name), None)

    def steps_of(self, map_id: str) -> Iterator[Step]:
        return (s for s in self.steps.values() if s.map == map_id)

    def links_of(self, map_id: str) -> Iterator[Link]:
        return (
            link
            for link in self.links.values()
            if (s := self.steps.get(link.source)) is not None and s.map == map_id
        )

    def notes_of(self, step_id: str) -> Iterator[Note]:
        return (n for n in self.notes.values() if n.step == step_id)

    def map_of_note(self, note: Note) -> str:
        return self.steps[note.step].map

    def card_ids(self) -> set[str]:
        """Ids of steps, links and notes: one namespace, as cards CSV refs are."""
        return set(self.steps) | set(self.links) | set(self.notes)

    def new_card_id(self, prefix: str) -> str:
        """A fresh id for a step, link or note, like `s12`."""
        return next_free_id(prefix, self.card_ids())

    def new_actor_id(self, name: str) -> str:
        return slug_id("a", name, self.actors.keys())

    def new_map_id(self, name: str) -> str:
        return slug_id("m", name, (m.id for m in self.maps))

    def new_stage_id(self, journey_map: JourneyMap, name: str) -> str:
        taken = {s.id for m in self.maps for s in m.stages}
        return slug_id(f"{journey_map.id}.", name, taken)

    def next_actor_colour(self) -> str:
        return ACTOR_PALETTE[len(self.actors) % len(ACTOR_PALETTE)]


def next_free_id(prefix: str, taken: Iterable[str]) -> str:
    """`prefix` followed by the smallest number above every id with that prefix in `taken`."""
    highest = 0
    for item in taken:
        if item.startswith(prefix) and item[len(prefix) :].isdigit():
            highest = max(highest, int(item[len(prefix) :]))
    return f"{prefix}{highest + 1}"


def slug_id(prefix: str, name: str, taken: Iterable[str]) -> str:
    """A readable id made from `name` (`a-front-desk`), made unique against `taken`."""
    slug = re.sub(r"[^\w]+", "-", normalise_dimension(name)).strip("-_") or "item"
    sep = "" if prefix.endswith(".") else "-"
    base = f"{prefix}{sep}{slug}"
    taken_set = set(taken)
    candidate, n = base, 1
    while candidate in taken_set:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
