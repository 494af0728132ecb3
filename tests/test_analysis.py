"""The conflict rule (specs/conflicts.md) and emotion gaps, one test per rule."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.analysis import (
    Conflict,
    EmotionGap,
    conflicts_json,
    find_conflicts,
    find_emotion_gaps,
    ratings_by_step,
)
from app.model import (
    Actor,
    ConflictRecord,
    JourneyMap,
    Lane,
    Link,
    Note,
    Stage,
    Step,
    Workshop,
    pair_key,
)

CONFLICT_KEYS = [
    "map",
    "a",
    "b",
    "actors",
    "dimension",
    "steps",
    "distance",
    "severity",
    "source",
    "status",
    "note",
]


class Builder:
    """Builds a workshop from model objects in a few readable lines."""

    def __init__(self) -> None:
        self.workshop = Workshop()

    def map(self, name: str = "Journey", radius: int = 1, stages: int = 3) -> str:
        map_id = f"m{len(self.workshop.maps) + 1}"
        self.workshop.maps.append(
            JourneyMap(
                id=map_id,
                name=name,
                stages=[Stage(id=f"{map_id}.st{i}", name=f"Stage {i}") for i in range(stages)],
                radius=radius,
            )
        )
        return map_id

    def actor(self, name: str) -> str:
        found = self.workshop.actor_named(name)
        if found is not None:
            return found.id
        actor_id = self.workshop.new_actor_id(name)
        self.workshop.actors[actor_id] = Actor(id=actor_id, name=name)
        return actor_id

    def step(
        self,
        ref: str,
        actor: str = "Patient",
        map_id: str = "m1",
        stage: int = 0,
        text: str = "",
        emotion: int | None = None,
    ) -> str:
        if self.workshop.map(map_id) is None:
            self.map()
        journey_map = self.workshop.map(map_id)
        assert journey_map is not None
        actor_id = self.actor(actor)
        if journey_map.lane(actor_id) is None:
            journey_map.lanes.append(Lane(actor=actor_id))
        self.workshop.steps[ref] = Step(
            id=ref,
            map=map_id,
            stage=journey_map.stages[stage].id,
            actor=actor_id,
            text=text or f"Step {ref}",
            emotion=emotion,
        )
        return ref

    def link(self, source: str, target: str) -> None:
        link_id = f"l{len(self.workshop.links) + 1}"
        self.workshop.links[link_id] = Link(id=link_id, source=source, target=target)

    def chain(self, *refs: str) -> None:
        for source, target in itertools.pairwise(refs):
            self.link(source, target)

    def need(
        self,
        ref: str,
        step: str,
        actor: str,
        dimension: str = "consultation time",
        direction: str = "more",
        weight: int | None = 3,
        text: str = "",
    ) -> str:
        self.workshop.notes[ref] = Note(
            id=ref,
            step=step,
            kind="need",
            actor=self.actor(actor),
            text=text or f"Need {ref}",
            dimension=dimension,
            direction=direction,
            weight=weight,
        )
        return ref

    def feeling(self, ref: str, step: str, actor: str, rating: int) -> None:
        self.workshop.notes[ref] = Note(
            id=ref, step=step, kind="feeling", actor=self.actor(actor), rating=rating
        )

    def record(
        self, a: str, b: str, declared: bool = False, status: str = "open", note: str = ""
    ) -> None:
        key = pair_key(a, b)
        self.workshop.conflicts[key] = ConflictRecord(
            a=key[0], b=key[1], declared=declared, status=status, note=note
        )


def pair_on_steps(
    first_step: str = "s1",
    second_step: str = "s1",
    radius: int = 1,
    weights: tuple[int | None, int | None] = (3, 3),
) -> Builder:
    """A one-map workshop with Patient wanting more and GP less consultation time."""
    build = Builder()
    build.map(radius=radius)
    for ref in sorted({first_step, second_step}):
        build.step(ref)
    build.need("n1", first_step, "Patient", weight=weights[0])
    build.need("n2", second_step, "GP", direction="less", weight=weights[1])
    return build


def only(conflicts: list[Conflict]) -> Conflict:
    assert len(conflicts) == 1, conflicts
    return conflicts[0]


# -- the spec's example --------------------------------------------------------------------


@pytest.fixture
def antenatal() -> Workshop:
    """The workshop `import` makes from tests/data/antenatal.csv, built by hand."""
    build = Builder()
    workshop = build.workshop
    workshop.maps.append(
        JourneyMap(
            id="m-antenatal-visit",
            name="Antenatal visit",
            stages=[
                Stage(id="m.booking", name="Booking"),
                Stage(id="m.visit", name="Visit"),
                Stage(id="m.after", name="After"),
            ],
        )
    )
    journey_map = workshop.maps[0]
    for name, role in [
        ("Expectant parent", "patient"),
        ("Receptionist", "staff"),
        ("Sonographer", "clinician"),
        ("Midwife", "clinician"),
    ]:
        actor_id = build.actor(name)
        workshop.actors[actor_id].role = role
    parent, midwife = build.actor("Expectant parent"), build.actor("Midwife")
    journey_map.lanes = [Lane(actor=parent), Lane(actor=midwife)]
    for ref, stage, actor, text, emotion in [
        ("b1", "m.booking", parent, "Call to book the scan", -1),
        ("b2", "m.visit", parent, "Scan with sonographer", 2),
        ("b3", "m.visit", parent, "Talk through results", -2),
        ("b4", "m.after", parent, "Wait for the letter", -1),
        ("m1", "m.visit", midwife, "Check the scan report", 0),
    ]:
        workshop.steps[ref] = Step(
            id=ref, map=journey_map.id, stage=stage, actor=actor, text=text, emotion=emotion
        )
    build.chain("b1", "b2", "b3")
    build.link("m1", "b3")
    build.link("b3", "b4")
    build.need("x1", "b2", "Expectant parent", "people in the room", "more", 4)
    build.need("x2", "b2", "Sonographer", "People in the Room", "less", 3)
    build.need("x3", "b3", "Expectant parent", "explanation time", "more", 5)
    build.need("x4", "m1", "Midwife", "explanation time", "less", 4)
    build.need("x5", "b1", "Receptionist", "explanation time", "less", 2, "Short calls")
    build.need("x6", "b1", "Expectant parent", "appointment choice", "more", 3)
    workshop.notes["p1"] = Note(
        id="p1", step="b4", kind="pain", actor=parent, text="Letter took weeks", weight=4
    )
    workshop.notes["q1"] = Note(id="q1", step="b3", kind="quote", actor=midwife, text="Full")
    build.feeling("f1", "b3", "Midwife", 1)
    build.record("x6", "x5", declared=True)
    return workshop


def test_antenatal_example_matches_the_expected_json(antenatal: Workshop, data_dir: Path) -> None:
    expected = json.loads((data_dir / "antenatal.expected.json").read_text(encoding="utf-8"))
    result = conflicts_json(antenatal)
    assert result == expected
    assert json.loads(json.dumps(result)) == expected  # plain JSON types only


def test_conflict_json_has_the_spec_keys_in_the_spec_order(antenatal: Workshop) -> None:
    for item in conflicts_json(antenatal)["conflicts"]:
        assert list(item) == CONFLICT_KEYS
    gap = conflicts_json(antenatal)["emotion_gaps"][0]
    assert list(gap) == ["map", "step", "actors", "gap"]


def test_antenatal_explanations_read_as_plain_sentences(antenatal: Workshop) -> None:
    explanations = {c.a: c.explanation for c in find_conflicts(antenatal)}
    assert explanations["x1"] == (
        "Expectant parent wants more people in the room; Sonographer wants less;"
        " same step 'Scan with sonographer'; 4 × 3 = 12"
    )
    assert explanations["x3"] == (
        "Expectant parent wants more explanation time; Midwife wants less;"
        " 1 link apart ('Talk through results' and 'Check the scan report');"
        " 5 × 4 / (1 + 1) = 10"
    )
    assert explanations["x5"] == (
        "declared by the group; Receptionist wants less explanation time on"
        " 'Call to book the scan'; Expectant parent wants more appointment choice on"
        " 'Call to book the scan'; 2 × 3 = 6"
    )
    gap = only_gap(find_emotion_gaps(antenatal))
    assert (
        gap.explanation
        == "Expectant parent rates 'Talk through results' -2, Midwife +1: a gap of 3"
    )


# -- detected conflicts: the four conditions -----------------------------------------------


def test_same_step_opposite_directions_of_different_actors_conflict() -> None:
    conflict = only(find_conflicts(pair_on_steps(weights=(5, 5)).workshop))
    assert (conflict.a, conflict.b) == ("n1", "n2")
    assert conflict.actors == ("Patient", "GP")
    assert conflict.steps == ("s1", "s1")
    assert conflict.dimension == "consultation time"
    assert conflict.distance == 0
    assert conflict.severity == 25.0
    assert conflict.source == "detected"
    assert (conflict.status, conflict.note) == ("open", "")
    assert conflict.map_name == "Journey"


def test_needs_of_the_same_actor_never_conflict() -> None:
    build = pair_on_steps()
    build.workshop.notes["n2"].actor = build.actor("Patient")
    assert find_conflicts(build.workshop) == []


@pytest.mark.parametrize("directions", [("more", "more"), ("less", "less")])
def test_needs_wanting_the_same_direction_never_conflict(directions: tuple[str, str]) -> None:
    build = pair_on_steps()
    build.workshop.notes["n1"].direction, build.workshop.notes["n2"].direction = directions
    assert find_conflicts(build.workshop) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("dimension", ""), ("dimension", " \t "), ("direction", ""), ("direction", "lots")],
)
def test_needs_without_dimension_or_direction_never_take_part(field: str, value: str) -> None:
    build = pair_on_steps()
    setattr(build.workshop.notes["n2"], field, value)
    assert find_conflicts(build.workshop) == []
    setattr(build.workshop.notes["n1"], field, value)
    build.workshop.notes["n2"] = Note(**{**vars(build.workshop.notes["n1"]), "id": "n2"})
    assert find_conflicts(build.workshop) == []


def test_only_need_cards_take_part() -> None:
    build = pair_on_steps()
    build.workshop.notes["n2"].kind = "pain"
    assert find_conflicts(build.workshop) == []


@pytest.mark.parametrize(
    ("written", "other", "normalised"),
    [
        ("Consultation Time", "consultation time", "consultation time"),
        ("ＣＯＮＳＵＬＴＡＴＩＯＮ time", "consultation time", "consultation time"),  # full-width
        ("Straße", "STRASSE", "strasse"),  # case-folded, not just lower-cased
        ("consultation \t  time", "consultation time", "consultation time"),
        ("consultation\u00a0time", "consultation time", "consultation time"),  # NFKC space
        ("  consultation time\t", "consultation time", "consultation time"),
        ("ﬁle access", "file access", "file access"),  # NFKC ligature
    ],
)
def test_dimensions_are_compared_normalised(written: str, other: str, normalised: str) -> None:
    build = pair_on_steps()
    build.workshop.notes["n1"].dimension = written
    build.workshop.notes["n2"].dimension = other
    assert only(find_conflicts(build.workshop)).dimension == normalised


@pytest.mark.parametrize("other", ["consultation-time", "consultationtime", "consultation times"])
def test_different_dimensions_do_not_conflict(other: str) -> None:
    build = pair_on_steps()
    build.workshop.notes["n2"].dimension = other
    assert find_conflicts(build.workshop) == []


def chain_of_steps(radius: int, length: int = 5) -> Builder:
    build = Builder()
    build.map(radius=radius)
    refs = [build.step(f"s{i}") for i in range(length)]
    build.chain(*refs)
    return build


@pytest.mark.parametrize("radius", [0, 1, 2, 3])
@pytest.mark.parametrize("distance", [0, 1, 2, 3, 4])
def test_needs_conflict_up_to_the_map_radius(radius: int, distance: int) -> None:
    build = chain_of_steps(radius)
    build.need("n1", "s0", "Patient")
    build.need("n2", f"s{distance}", "GP", direction="less")
    conflicts = find_conflicts(build.workshop)
    if distance <= radius:
        assert only(conflicts).distance == distance
    else:
        assert conflicts == []


def test_steps_without_a_path_are_never_near() -> None:
    build = chain_of_steps(radius=3, length=2)
    build.step("t0")
    build.step("t1")
    build.link("t0", "t1")
    build.need("n1", "s0", "Patient")
    build.need("n2", "t0", "GP", direction="less")
    assert find_conflicts(build.workshop) == []


def test_links_are_taken_as_undirected() -> None:
    build = Builder()
    build.map(radius=2)
    for ref in ("s1", "s2", "s3"):
        build.step(ref)
    build.link("s2", "s1")  # points from the less need's step to the more need's
    build.link("s3", "s2")
    build.need("n1", "s1", "Patient")
    build.need("n2", "s3", "GP", direction="less")
    assert only(find_conflicts(build.workshop)).distance == 2


def test_distance_is_the_shortest_path() -> None:
    build = chain_of_steps(radius=3, length=4)
    build.link("s3", "s0")
    build.need("n1", "s0", "Patient")
    build.need("n2", "s3", "GP", direction="less")
    assert only(find_conflicts(build.workshop)).distance == 1


def test_links_to_another_maps_steps_do_not_connect() -> None:
    build = Builder()
    build.map("One", radius=2)
    build.map("Two", radius=2)
    build.step("s1", map_id="m1")
    build.step("s2", map_id="m2")
    build.link("s1", "s2")
    build.need("n1", "s1", "Patient")
    build.need("n2", "s2", "GP", direction="less")
    assert find_conflicts(build.workshop) == []


def test_every_pair_on_near_steps_is_listed() -> None:
    build = pair_on_steps("s1", "s2")
    build.link("s1", "s2")
    build.need("n3", "s1", "Carer")
    build.need("n4", "s2", "Patient", direction="less")  # Patient vs Patient n1: no
    pairs = [(c.a, c.b) for c in find_conflicts(build.workshop)]
    assert sorted(pairs) == [("n1", "n2"), ("n2", "n3"), ("n3", "n4")]


# -- severity ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weights", "distance", "severity"),
    [
        ((5, 5), 0, 25.0),
        ((4, 3), 1, 6.0),
        ((5, 5), 2, 8.33),
        ((5, 4), 2, 6.67),
        ((1, 1), 3, 0.25),
        ((3, 3), 1, 4.5),
        ((None, None), 0, 9.0),  # no weight given: 3 each
        ((None, 5), 2, 5.0),
    ],
)
def test_severity_is_the_weights_product_over_one_plus_distance(
    weights: tuple[int | None, int | None], distance: int, severity: float
) -> None:
    build = chain_of_steps(radius=3, length=4)
    build.need("n1", "s0", "Patient", weight=weights[0])
    build.need("n2", f"s{distance}", "GP", direction="less", weight=weights[1])
    conflict = only(find_conflicts(build.workshop))
    assert conflict.severity == severity
    assert isinstance(conflict.severity, float)


def test_explanation_shows_the_rule_for_steps_further_apart() -> None:
    build = chain_of_steps(radius=2)
    build.need("n1", "s0", "Patient", weight=5)
    build.need("n2", "s2", "GP", direction="less", weight=5)
    assert only(find_conflicts(build.workshop)).explanation == (
        "Patient wants more consultation time; GP wants less;"
        " 2 links apart ('Step s0' and 'Step s2'); 5 × 5 / (1 + 2) = 8.33"
    )


# -- declared conflicts ---------------------------------------------------------------------


def test_declared_pair_is_listed_once_as_declared_even_if_detected() -> None:
    build = pair_on_steps()
    build.record("n2", "n1", declared=True)
    conflict = only(find_conflicts(build.workshop))
    assert conflict.source == "declared"
    assert conflict.dimension == "consultation time"
    assert conflict.explanation.startswith("declared by the group; ")


def test_declared_severity_is_not_softened_by_distance() -> None:
    build = chain_of_steps(radius=1)
    build.need("n1", "s0", "Patient", weight=4)
    build.need("n2", "s3", "GP", direction="less", weight=5)
    build.record("n1", "n2", declared=True)
    conflict = only(find_conflicts(build.workshop))
    assert (conflict.source, conflict.severity, conflict.distance) == ("declared", 20.0, 3)
    assert isinstance(conflict.severity, float)


def test_declared_pair_on_unconnected_steps_has_no_distance() -> None:
    build = pair_on_steps("s1", "s2")
    build.record("n1", "n2", declared=True)
    conflict = only(find_conflicts(build.workshop))
    assert conflict.distance is None
    assert conflict.to_json()["distance"] is None


def test_declared_pair_on_different_maps_has_no_distance() -> None:
    build = Builder()
    build.map("One")
    build.map("Two")
    build.step("s1", map_id="m1")
    build.step("s2", map_id="m2")
    build.need("n1", "s1", "Patient")
    build.need("n2", "s2", "GP", direction="less")
    build.record("n1", "n2", declared=True)
    conflict = only(find_conflicts(build.workshop))
    assert (conflict.map_name, conflict.distance) == ("One", None)


@pytest.mark.parametrize(
    ("first", "second", "dimension"),
    [
        ("appointment choice", "explanation time", ""),
        ("", "explanation time", ""),
        ("", "", ""),
        ("Explanation  Time", "explanation time", "explanation time"),
    ],
)
def test_declared_pair_dimension_is_shared_or_empty(
    first: str, second: str, dimension: str
) -> None:
    build = pair_on_steps()
    build.workshop.notes["n1"].dimension = first
    build.workshop.notes["n2"].dimension = second
    build.workshop.notes["n2"].direction = "more"  # not a detected pair by itself
    build.record("n1", "n2", declared=True)
    conflict = only(find_conflicts(build.workshop))
    assert (conflict.source, conflict.dimension) == ("declared", dimension)


def test_declared_pair_of_needs_without_dimension_explains_with_their_words() -> None:
    build = pair_on_steps()
    for ref in ("n1", "n2"):
        build.workshop.notes[ref].dimension = ""
        build.workshop.notes[ref].direction = ""
    build.workshop.notes["n1"].text = "Time to ask questions"
    build.workshop.notes["n2"].weight = 2
    build.record("n1", "n2", declared=True)
    assert only(find_conflicts(build.workshop)).explanation == (
        "declared by the group; Patient needs 'Time to ask questions' on 'Step s1';"
        " GP needs 'Need n2' on 'Step s1'; 3 × 2 = 6"
    )


def test_declared_pair_whose_need_is_gone_is_not_listed() -> None:
    build = pair_on_steps()
    build.record("n1", "n2", declared=True)
    del build.workshop.notes["n2"]
    assert find_conflicts(build.workshop) == []


# -- what facilitators record ---------------------------------------------------------------


@pytest.mark.parametrize("declared", [False, True])
def test_status_and_note_come_from_the_pairs_record(declared: bool) -> None:
    build = pair_on_steps()
    build.record("n1", "n2", declared=declared, status="discussed", note="Ask the practice")
    conflict = only(find_conflicts(build.workshop))
    assert (conflict.status, conflict.note) == ("discussed", "Ask the practice")
    assert conflict.source == ("declared" if declared else "detected")


def test_dismissed_pair_stays_listed_with_its_status() -> None:
    build = pair_on_steps()
    build.record("n1", "n2", status="not a conflict", note="Different clinics")
    conflict = only(find_conflicts(build.workshop))
    assert (conflict.status, conflict.note) == ("not a conflict", "Different clinics")
    assert conflict.to_json()["status"] == "not a conflict"


def test_record_of_a_pair_no_longer_detected_is_not_listed() -> None:
    build = pair_on_steps()
    build.record("n1", "n2", status="resolved", note="Longer slots on Fridays")
    build.workshop.notes["n2"].direction = "more"
    assert find_conflicts(build.workshop) == []


def test_status_of_other_pairs_does_not_leak() -> None:
    build = pair_on_steps()
    build.need("n3", "s1", "Carer", direction="less")
    build.record("n1", "n3", status="resolved")
    statuses = {(c.a, c.b): c.status for c in find_conflicts(build.workshop)}
    assert statuses == {("n1", "n2"): "open", ("n1", "n3"): "resolved"}


# -- order -----------------------------------------------------------------------------------


def test_pair_is_written_smaller_ref_first_and_actors_and_steps_follow() -> None:
    build = Builder()
    build.map()
    build.step("s1")
    build.step("s2", actor="GP")
    build.link("s1", "s2")
    build.need("n9", "s1", "Patient")
    build.need("n10", "s2", "GP", direction="less")
    conflict = only(find_conflicts(build.workshop))
    assert (conflict.a, conflict.b) == ("n10", "n9")  # plain string order
    assert conflict.actors == ("GP", "Patient")
    assert conflict.steps == ("s2", "s1")
    assert conflict.explanation.startswith("GP wants less consultation time; Patient wants more;")


def test_conflicts_are_ordered_by_severity_then_a_then_b() -> None:
    build = Builder()
    build.map()
    build.step("s1")
    build.need("n9", "s1", "Patient")
    build.need("n20", "s1", "GP", direction="less")  # (n20, n9): 9.0
    build.need("n10", "s1", "Carer", dimension="parking")
    build.need("n3", "s1", "Front desk", dimension="parking", direction="less")  # (n10, n3)
    build.need("n2", "s1", "Nurse", dimension="parking", direction="less")  # (n10, n2)
    build.need("n12", "s1", "Carer", dimension="noise")
    build.need("n11", "s1", "GP", dimension="noise", direction="less")  # (n11, n12)
    build.need("n1", "s1", "Patient", dimension="quiet", weight=5)
    build.need("n8", "s1", "GP", dimension="quiet", direction="less", weight=5)
    order = [(c.a, c.b, c.severity) for c in find_conflicts(build.workshop)]
    assert order == [
        ("n1", "n8", 25.0),
        ("n10", "n2", 9.0),
        ("n10", "n3", 9.0),
        ("n11", "n12", 9.0),
        ("n20", "n9", 9.0),
    ]


def test_declared_and_detected_are_ordered_together() -> None:
    build = pair_on_steps(weights=(2, 2))
    build.need("n3", "s1", "Carer", dimension="", direction="", weight=5)
    build.need("n4", "s1", "GP", dimension="", direction="", weight=1)
    build.record("n3", "n4", declared=True)  # 5.0
    build.need("n5", "s1", "Nurse", dimension="parking", weight=3)
    build.need("n6", "s1", "Patient", dimension="parking", direction="less", weight=3)
    order = [(c.a, c.source) for c in find_conflicts(build.workshop)]
    assert order == [("n5", "detected"), ("n3", "declared"), ("n1", "detected")]


def test_every_map_uses_its_own_radius_and_all_maps_are_sorted_together() -> None:
    build = Builder()
    build.map("Clinic", radius=0)
    build.map("Ward", radius=2)
    for map_id, prefix in (("m1", "c"), ("m2", "w")):
        for i in range(3):
            build.step(f"{prefix}{i}", map_id=map_id)
        build.chain(f"{prefix}0", f"{prefix}1", f"{prefix}2")
    build.need("c-more", "c0", "Patient", weight=5)
    build.need("c-less", "c1", "GP", direction="less", weight=5)  # 1 apart, radius 0: no
    build.need("c-more-2", "c2", "Patient", dimension="parking", weight=2)
    build.need("c-less-2", "c2", "GP", dimension="parking", direction="less", weight=2)
    build.need("w-more", "w0", "Patient", weight=5)
    build.need("w-less", "w2", "GP", direction="less", weight=5)  # 2 apart, radius 2: 8.33
    result = conflicts_json(build.workshop)["conflicts"]
    assert [(c["map"], c["a"], c["b"], c["severity"]) for c in result] == [
        ("Ward", "w-less", "w-more", 8.33),
        ("Clinic", "c-less-2", "c-more-2", 4.0),
    ]
    assert [c.map_id for c in find_conflicts(build.workshop, "m2")] == ["m2"]


# -- emotion gaps ----------------------------------------------------------------------------


def only_gap(gaps: list[EmotionGap]) -> EmotionGap:
    assert len(gaps) == 1, gaps
    return gaps[0]


def rated_step(own: int | None, **feelings: int) -> Builder:
    build = Builder()
    build.map()
    build.step("s1", actor="Patient", emotion=own, text="Consultation")
    for i, (actor, rating) in enumerate(feelings.items()):
        build.feeling(f"f{i}", "s1", actor, rating)
    return build


def test_gap_uses_the_steps_own_rating_and_other_actors_feelings() -> None:
    gap = only_gap(find_emotion_gaps(rated_step(-2, GP=1, Carer=2).workshop))
    assert (gap.step, gap.actors, gap.gap, gap.low, gap.high) == (
        "s1",
        ("Patient", "Carer"),
        4,
        -2,
        2,
    )
    assert gap.to_json() == {
        "map": "Journey",
        "step": "s1",
        "actors": ["Patient", "Carer"],
        "gap": 4,
    }
    assert gap.explanation == "Patient rates 'Consultation' -2, Carer +2: a gap of 4"


def test_gap_between_feelings_alone_counts() -> None:
    gap = only_gap(find_emotion_gaps(rated_step(None, GP=3, Carer=0).workshop))
    assert (gap.actors, gap.gap) == (("Carer", "GP"), 3)
    assert gap.explanation == "Carer rates 'Consultation' 0, GP +3: a gap of 3"


@pytest.mark.parametrize(("high", "listed"), [(1, True), (0, False), (2, True)])
def test_gap_of_three_or_more_counts_and_two_does_not(high: int, listed: bool) -> None:
    gaps = find_emotion_gaps(rated_step(-2, GP=high).workshop)
    assert [g.gap for g in gaps] == ([high + 2] if listed else [])


def test_a_single_rating_is_no_gap() -> None:
    assert find_emotion_gaps(rated_step(-3).workshop) == []


def test_gap_ties_are_broken_by_actor_name() -> None:
    gap = only_gap(find_emotion_gaps(rated_step(-1, Zoe=-1, Ann=2, Bob=2, Al=-1).workshop))
    assert gap.actors == ("Al", "Ann")


def test_only_the_last_rating_of_an_actor_counts() -> None:
    build = rated_step(-3, GP=1)
    build.feeling("f9", "s1", "Patient", 0)  # the Patient's later rating replaces -3
    assert find_emotion_gaps(build.workshop) == []
    assert ratings_by_step(build.workshop) == {"s1": {build.actor("Patient"): 0, "a-gp": 1}}


def test_gaps_are_ordered_by_size_then_step_ref_over_all_maps() -> None:
    build = Builder()
    build.map("One")
    build.map("Two")
    for ref, map_id, own, other in [
        ("s9", "m1", -2, 1),
        ("s10", "m2", -2, 1),
        ("s2", "m1", -3, 3),
        ("s3", "m2", 0, 1),
    ]:
        build.step(ref, map_id=map_id, emotion=own)
        build.feeling(f"f-{ref}", ref, "GP", other)
    gaps = [(g.map_name, g.step, g.gap) for g in find_emotion_gaps(build.workshop)]
    assert gaps == [("One", "s2", 6), ("Two", "s10", 3), ("One", "s9", 3)]
    assert [g.step for g in find_emotion_gaps(build.workshop, "m2")] == ["s10"]


def test_empty_workshop_has_nothing_to_report() -> None:
    assert conflicts_json(Workshop()) == {"conflicts": [], "emotion_gaps": []}


def test_explanations_stay_on_one_line() -> None:
    build = pair_on_steps("s1", "s2")
    build.link("s1", "s2")
    build.workshop.steps["s1"].text = "Ask the GP\nabout   results"
    build.workshop.steps["s1"].emotion = -2
    build.feeling("f1", "s1", "GP", 2)
    explanations = [c.explanation for c in find_conflicts(build.workshop)]
    explanations += [g.explanation for g in find_emotion_gaps(build.workshop)]
    assert len(explanations) == 2
    assert all("'Ask the GP about results'" in text for text in explanations)
    assert not any("\n" in text for text in explanations)


def test_analysis_needs_no_qt() -> None:
    blocked = (
        "import sys; sys.modules['PySide6'] = None; "
        "import app.analysis, app.diagnostics; "
        "assert not [m for m in sys.modules if m.startswith('PySide6') and sys.modules[m]]"
    )
    subprocess.run([sys.executable, "-c", blocked], check=True)


def test_conflict_counts_by_step_skip_dismissed_pairs_and_count_a_shared_step_once() -> None:
    from app.analysis import Conflict, conflict_counts_by_step

    def conflict(steps: tuple[str, str], status: str) -> Conflict:
        return Conflict(
            "m", "Map", "n1", "n2", ("A", "B"), "d", steps, 0, 1.0, "detected", status, "", ""
        )

    counts = conflict_counts_by_step(
        [
            conflict(("s1", "s1"), "open"),
            conflict(("s1", "s2"), "resolved"),
            conflict(("s3", "s4"), "not a conflict"),
        ]
    )
    assert counts == {"s1": 2, "s2": 1}
