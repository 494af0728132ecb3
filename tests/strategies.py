"""Hypothesis strategies for valid, consistent workshops, and one small hand-made workshop.

`workshops()` draws Workshop objects that `save_workshop` accepts: every step sits in a
stage of its own map and in a lane its map has, links stay within one map (across lanes,
with cycles), notes of every kind sit on steps, conflict records join needs of different
actors (smaller id first), each actor rates a step at most once, and texts and ids mix
plain words with accents, emoji, newlines and any other Unicode (surrogates excepted).
Items of every kind come in a shuffled order, so tests can check that order survives.
Every workshop has at least two actors (so conflicts can happen) and one map whose first
stage and lane exist; further maps may have no stages or lanes, as a new map has.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from app.model import (
    ACTOR_PALETTE,
    CELL_PADDING,
    CONFLICT_STATUSES,
    DEFAULT_LANE_HEIGHT,
    DEFAULT_STAGE_WIDTH,
    DIRECTIONS,
    EMOTION_MAX,
    EMOTION_MIN,
    ENGAGEMENT_LEVELS,
    NOTE_KINDS,
    RADIUS_MAX,
    RADIUS_MIN,
    ROLES,
    VOTING_GROUPS,
    WEIGHT_MAX,
    WEIGHT_MIN,
    Actor,
    ConflictRecord,
    JourneyMap,
    Lane,
    Link,
    Note,
    Stage,
    Step,
    Vote,
    Workshop,
    WorkshopInfo,
    pair_key,
)

SAMPLE_TEXTS = (
    "",
    "Patient",
    "Book an appointment",
    "Café crème à l'hôpital",
    "Ärztin – Notaufnahme",
    "Zoë waits 40 min 😟",
    "👩‍⚕️ GP",
    "line one\nline two",
    "windows line\r\nend",
    "tab\tseparated",
    "  spaces around  ",
    '"quoted", \\ backslash',
    "日本語のメモ",
    "non\u00a0breaking",
    "=SUM(A1)",
)
SAMPLE_DIMENSIONS = (
    "consultation time",
    "Consultation  Time",
    "ＣＯＮＳＵＬＴＡＴＩＯＮ time",
    "information about delays",
    "discharge time",
    "café",
)
SAMPLE_CHANNELS = ("", "in person", "phone", "portal", "letter", "SMS", "video")

_ANY_CHARACTER = st.characters(exclude_categories=("Cs",))  # surrogates cannot be UTF-8
_DrawFn = Any  # hypothesis's `draw` function


def texts(max_size: int = 30) -> st.SearchStrategy[str]:
    """Free text as people type it: plain words, accents, emoji, newlines, any Unicode."""
    return st.one_of(
        st.sampled_from(SAMPLE_TEXTS), st.text(alphabet=_ANY_CHARACTER, max_size=max_size)
    )


def ids() -> st.SearchStrategy[str]:
    """Item ids: short ones like the app makes (`s12`, `a-patient`) and arbitrary Unicode."""
    return st.one_of(
        st.from_regex(r"[a-z]{1,2}[0-9]{1,3}", fullmatch=True),
        st.from_regex(r"[a-z]-[a-z]{1,8}", fullmatch=True),
        st.text(alphabet=_ANY_CHARACTER, min_size=1, max_size=8),
    )


def positions() -> st.SearchStrategy[float]:
    """Offsets inside a cell: the default, everyday values and any finite float."""
    return st.one_of(
        st.just(CELL_PADDING),
        st.floats(min_value=-2000, max_value=2000),
        st.floats(allow_nan=False, allow_infinity=False),
    )


def sizes(default: float) -> st.SearchStrategy[float]:
    """Stage widths and lane heights: the default or any positive finite float."""
    return st.one_of(st.just(default), st.floats(min_value=1e-3, max_value=1e6))


def colours() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(ACTOR_PALETTE), st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True)
    )


def infos() -> st.SearchStrategy[WorkshopInfo]:
    """What a workshop is: title, date, facilitator, … with any text in them."""
    dates = st.one_of(st.just(""), st.dates().map(lambda d: d.isoformat()))
    return st.builds(
        WorkshopInfo,
        title=texts(),
        date=dates,
        facilitator=texts(),
        service=texts(),
        setting=texts(),
        engagement=st.sampled_from(("", *ENGAGEMENT_LEVELS)),
        notes=texts(200),
    )


def _unique(draw: _DrawFn, taken: set[str]) -> str:
    """A drawn id not in `taken` (made unique with a suffix if need be); added to it."""
    ident = draw(ids())
    base, number = ident, 1
    while ident in taken:
        number += 1
        ident = f"{base}~{number}"
    taken.add(ident)
    return ident


def _optional_int(low: int, high: int) -> st.SearchStrategy[int | None]:
    return st.one_of(st.none(), st.integers(low, high))


@st.composite
def workshops(
    draw: _DrawFn,
    max_actors: int = 5,
    max_maps: int = 3,
    max_stages: int = 4,
    max_steps_per_map: int = 6,
    max_links_per_map: int = 8,
    max_notes_per_step: int = 3,
    max_conflicts: int = 6,
) -> Workshop:
    """A valid, consistent Workshop; raise the limits for bigger ones."""
    workshop = Workshop(info=draw(infos()))

    actor_ids: set[str] = set()
    for _ in range(draw(st.integers(min(2, max_actors), max_actors))):
        actor = Actor(
            id=_unique(draw, actor_ids),
            name=draw(texts()),
            role=draw(st.sampled_from(ROLES)),
            colour=draw(colours()),
        )
        workshop.actors[actor.id] = actor
    actors = list(workshop.actors)

    map_ids: set[str] = set()
    stage_ids: set[str] = set()
    for number in range(draw(st.integers(1, max_maps))):
        least = 1 if number == 0 else 0  # the first map has a stage and a lane, others may not
        stages = [
            Stage(id=_unique(draw, stage_ids), name=draw(texts()), width=draw(sizes(288.0)))
            for _ in range(draw(st.integers(least, max_stages)))
        ]
        lane_actors = draw(st.lists(st.sampled_from(actors), unique=True, min_size=least))
        lanes = [Lane(actor=a, height=draw(sizes(DEFAULT_LANE_HEIGHT))) for a in lane_actors]
        workshop.maps.append(
            JourneyMap(
                id=_unique(draw, map_ids),
                name=draw(texts()),
                stages=stages,
                lanes=lanes,
                radius=draw(st.integers(RADIUS_MIN, RADIUS_MAX)),
            )
        )

    card_ids: set[str] = set()
    steps: list[Step] = []
    links: list[Link] = []
    for journey_map in workshop.maps:
        if not journey_map.stages or not journey_map.lanes:
            continue
        map_steps: list[Step] = []
        for _ in range(draw(st.integers(0, max_steps_per_map))):
            actor = draw(st.sampled_from([lane.actor for lane in journey_map.lanes]))
            others = [a for a in actors if a != actor]
            with_actors = (
                draw(st.lists(st.sampled_from(others), unique=True, max_size=3)) if others else []
            )
            map_steps.append(
                Step(
                    id=_unique(draw, card_ids),
                    map=journey_map.id,
                    stage=draw(st.sampled_from([s.id for s in journey_map.stages])),
                    actor=actor,
                    text=draw(texts()),
                    with_actors=with_actors,
                    channel=draw(st.one_of(st.sampled_from(SAMPLE_CHANNELS), texts(10))),
                    description=draw(texts(80)),
                    emotion=draw(_optional_int(EMOTION_MIN, EMOTION_MAX)),
                    x=draw(positions()),
                    y=draw(positions()),
                )
            )
        steps.extend(map_steps)
        if len(map_steps) < 2:
            continue
        pairs = st.tuples(st.sampled_from(map_steps), st.sampled_from(map_steps)).filter(
            lambda pair: pair[0] is not pair[1]
        )
        for source, target in draw(st.lists(pairs, max_size=max_links_per_map)):
            links.append(Link(id=_unique(draw, card_ids), source=source.id, target=target.id))
            if draw(st.booleans()) and draw(st.booleans()):  # now and then, a cycle back
                links.append(Link(id=_unique(draw, card_ids), source=target.id, target=source.id))

    for step in draw(st.permutations(steps)):
        workshop.steps[step.id] = step
    for link in draw(st.permutations(links)):
        workshop.links[link.id] = link

    notes: list[Note] = []
    for step in steps:
        rated = {step.actor} if step.emotion is not None else set()
        for _ in range(draw(st.integers(0, max_notes_per_step))):
            notes.append(_note(draw, _unique(draw, card_ids), step, actors, rated))
    for note in draw(st.permutations(notes)):
        workshop.notes[note.id] = note

    needs = [n for n in notes if n.kind == "need"]
    candidates = [
        pair_key(first.id, second.id)
        for i, first in enumerate(needs)
        for second in needs[i + 1 : i + 20]
        if first.actor != second.actor
    ]
    chosen = (
        draw(st.lists(st.sampled_from(candidates), unique=True, max_size=max_conflicts))
        if candidates
        else []
    )
    for a, b in chosen:
        workshop.conflicts[(a, b)] = ConflictRecord(
            a=a,
            b=b,
            declared=draw(st.booleans()),
            status=draw(st.sampled_from(CONFLICT_STATUSES)),
            note=draw(texts()),
        )
    targets = [("step", (s,)) for s in workshop.steps] + [
        ("conflict", (a, b)) for a, b in candidates
    ]
    if targets:
        for group, (kind, target) in draw(
            st.lists(
                st.tuples(st.sampled_from(VOTING_GROUPS), st.sampled_from(targets)),
                unique=True,
                max_size=6,
            )
        ):
            workshop.votes[(group, kind, target)] = Vote(
                group, kind, target, draw(st.integers(1, 12))
            )
    return workshop


def _note(draw: _DrawFn, ident: str, step: Step, actors: list[str], rated: set[str]) -> Note:
    """A note of any kind on `step`, with the fields its kind uses; feelings rate once each."""
    kind = draw(st.sampled_from(("need", "need", *NOTE_KINDS)))  # needs make conflicts
    actor = draw(st.sampled_from(actors))
    if kind == "feeling":
        unrated = [a for a in actors if a not in rated]
        if not unrated:
            kind = "idea"
        else:
            actor = draw(st.sampled_from(unrated))
            rated.add(actor)
    note = Note(id=ident, step=step.id, kind=kind, actor=actor, text=draw(texts()))
    if kind == "need":
        if draw(st.booleans()):
            note.dimension = draw(st.one_of(st.sampled_from(SAMPLE_DIMENSIONS), texts(20)))
            note.direction = draw(st.sampled_from(DIRECTIONS))
        note.weight = draw(_optional_int(WEIGHT_MIN, WEIGHT_MAX))
    elif kind == "pain":
        note.weight = draw(_optional_int(WEIGHT_MIN, WEIGHT_MAX))
    elif kind == "feeling":
        note.rating = draw(st.integers(EMOTION_MIN, EMOTION_MAX))
    return note


def example_workshop() -> Workshop:
    """A small hand-made workshop with one of everything, the same every time."""
    workshop = Workshop(
        info=WorkshopInfo(
            title="Outpatient clinic — Zoë's journey",
            date="2024-05-14",
            facilitator="Ana Müller",
            service="Cardiology",
            setting="Joint event",
            engagement="interpersonal",
            notes="Two maps: before and on the day.\nTrigger film shown first.",
        )
    )
    for actor in (
        Actor("a-patient", "Patient", "patient", "#E69F00"),
        Actor("a-gp", "GP", "clinician", "#56B4E9"),
        Actor("a-desk", "Front desk 🏥", "staff", "#009E73"),
    ):
        workshop.actors[actor.id] = actor
    workshop.maps = [
        JourneyMap(
            "m-before",
            "Before",
            [Stage("m-before.book", "Book"), Stage("m-before.wait", "Wait", 300.5)],
            [Lane("a-patient"), Lane("a-desk", 210.0)],
            radius=1,
        ),
        JourneyMap(
            "m-day",
            "On the day",
            [Stage("m-day.consult", "Consultation", DEFAULT_STAGE_WIDTH)],
            [Lane("a-patient"), Lane("a-gp")],
            radius=2,
        ),
    ]
    for step in (
        Step("s1", "m-before", "m-before.book", "a-patient", "Phone to book", ["a-desk"], "phone"),
        Step("s2", "m-before", "m-before.book", "a-desk", "Find a slot", emotion=-1, x=30.25),
        Step("s3", "m-before", "m-before.wait", "a-patient", "Wait for the letter", emotion=-2),
        Step("s4", "m-day", "m-day.consult", "a-patient", "Ten minutes\nwith the GP", ["a-gp"]),
        Step("s5", "m-day", "m-day.consult", "a-gp", "See the patient", description="Slot"),
    ):
        workshop.steps[step.id] = step
    for link in (Link("l1", "s1", "s2"), Link("l2", "s2", "s3"), Link("l3", "s3", "s1")):
        workshop.links[link.id] = link
    workshop.links["l4"] = Link("l4", "s4", "s5")
    for note in (
        Note("n1", "s4", "need", "a-patient", "Time to ask", "consultation time", "more", 4),
        Note("n2", "s5", "need", "a-gp", "Keep to slots", "Consultation Time", "less", 3),
        Note("n3", "s1", "pain", "a-patient", "On hold for 20 min", weight=5),
        Note("n4", "s1", "idea", "a-desk", "Call-back option"),
        Note("n5", "s3", "quote", "a-patient", "“I didn't know if they'd forgotten me”"),
        Note("n6", "s2", "feeling", "a-patient", "rushed; anxious", rating=-2),
        Note("n7", "s2", "need", "a-desk", "Fewer calls", "information about delays", "less"),
    ):
        workshop.notes[note.id] = note
    workshop.conflicts[("n1", "n2")] = ConflictRecord("n1", "n2", False, "discussed", "Agreed")
    workshop.conflicts[("n1", "n7")] = ConflictRecord("n1", "n7", True, "open", "")
    for vote in (
        Vote("patients and carers", "step", ("s1",), 4),
        Vote("staff", "conflict", ("n1", "n2"), 2),
    ):
        workshop.votes[vote.key] = vote
    return workshop
