"""Journey diagnostics on small hand-built maps: one group of tests per diagnostic."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterable

import pytest

from app.diagnostics import FlaggedStep, Hotspot, MapDiagnostics, diagnose, diagnostics_json
from app.model import Actor, JourneyMap, Lane, Link, Note, Stage, Step, Workshop


class Journey:
    """One map with stages and lanes, filled with steps, links and notes by short calls."""

    def __init__(self, stages: tuple[str, ...] = ("Before", "During", "After")) -> None:
        self.workshop = Workshop()
        self.map = JourneyMap(
            id="m1", name="Clinic visit", stages=[Stage(id=f"st-{n}", name=n) for n in stages]
        )
        self.workshop.maps.append(self.map)

    def actor(self, name: str, lane: bool = True) -> str:
        actor_id = f"a-{name.lower()}"
        if actor_id not in self.workshop.actors:
            self.workshop.actors[actor_id] = Actor(id=actor_id, name=name)
        if lane and self.map.lane(actor_id) is None:
            self.map.lanes.append(Lane(actor=actor_id))
        return actor_id

    def step(
        self,
        ref: str,
        stage: str = "Before",
        actor: str = "Patient",
        emotion: int | None = None,
        x: float = 24.0,
        y: float = 24.0,
    ) -> str:
        self.workshop.steps[ref] = Step(
            id=ref,
            map=self.map.id,
            stage=f"st-{stage}",
            actor=self.actor(actor),
            text=f"Step {ref}",
            emotion=emotion,
            x=x,
            y=y,
        )
        return ref

    def link(self, *refs: str) -> None:
        """Links each step to the next: link("s1", "s2", "s3") makes s1→s2 and s2→s3."""
        for source, target in itertools.pairwise(refs):
            link_id = f"l{len(self.workshop.links) + 1}"
            self.workshop.links[link_id] = Link(id=link_id, source=source, target=target)

    def note(self, step: str, kind: str, actor: str, **fields: object) -> None:
        note_id = f"n{len(self.workshop.notes) + 1}"
        self.workshop.notes[note_id] = Note(
            id=note_id, step=step, kind=kind, actor=self.actor(actor, lane=False), **fields
        )

    def diagnose(self) -> MapDiagnostics:
        (result,) = diagnose(self.workshop)
        return result


def ids(items: Iterable[FlaggedStep | Hotspot]) -> list[str]:
    return [item.step for item in items]


# -- hotspots ------------------------------------------------------------------------------


def test_hotspot_score_adds_pain_weights_and_negative_ratings() -> None:
    journey = Journey()
    journey.step("s1", emotion=-2)
    journey.note("s1", "pain", "Patient", text="Long wait", weight=4)
    journey.note("s1", "pain", "Carer", text="No parking")  # no weight: 3
    journey.note("s1", "feeling", "GP", rating=-1)
    journey.note("s1", "feeling", "Nurse", rating=3)  # positive ratings do not count
    journey.note("s1", "feeling", "Admin", rating=1)
    journey.note("s1", "feeling", "Porter", rating=0)
    (hotspot,) = journey.diagnose().hotspots
    assert hotspot.score == 4 + 3 + 2 + 1
    assert (hotspot.pains, hotspot.pain_weight, hotspot.distress) == (2, 7, 3)
    assert (hotspot.lowest_rating, hotspot.lowest_by) == (-2, "Patient")
    assert (hotspot.actor, hotspot.stage, hotspot.text) == ("Patient", "Before", "Step s1")
    assert hotspot.explanation == (
        "'Step s1': 2 pains weighing 7 and negative ratings (Patient -2, GP -1); score 7 + 3 = 10"
    )


def test_steps_without_pain_or_negative_rating_are_no_hotspot() -> None:
    journey = Journey()
    journey.step("s1", emotion=0)
    journey.step("s2", emotion=2)
    journey.step("s3")
    journey.note("s2", "feeling", "GP", rating=1)
    journey.note("s3", "idea", "GP", text="Text reminders")
    journey.note("s3", "need", "GP", text="Fewer calls", weight=5)  # needs are not pains
    assert journey.diagnose().hotspots == ()


def test_hotspots_are_ranked_by_score_then_step_id() -> None:
    journey = Journey()
    journey.step("s9", emotion=-3)
    journey.step("s10")
    journey.note("s10", "pain", "Patient", weight=3)
    journey.step("s2", emotion=-1)
    journey.step("s1")
    journey.note("s1", "pain", "Patient", weight=5)
    hotspots = journey.diagnose().hotspots
    assert [(h.step, h.score) for h in hotspots] == [("s1", 5), ("s10", 3), ("s9", 3), ("s2", 1)]
    assert hotspots[0].lowest_rating is None
    assert hotspots[0].lowest_by == ""
    assert hotspots[0].explanation == "'Step s1': 1 pain weighing 5; score 5"
    assert hotspots[2].explanation == "'Step s9': negative ratings (Patient -3); score 3"


def test_lowest_rating_ties_go_to_the_first_actor_name() -> None:
    journey = Journey()
    journey.step("s1", actor="Zoe", emotion=-2)
    journey.note("s1", "feeling", "Amy", rating=-2)
    (hotspot,) = journey.diagnose().hotspots
    assert (hotspot.lowest_rating, hotspot.lowest_by, hotspot.score) == (-2, "Amy", 4)


# -- handoffs ------------------------------------------------------------------------------


def test_handoffs_are_links_between_lanes_counted_per_stage() -> None:
    journey = Journey(stages=("Before", "During", "After", "Later"))
    journey.step("p1", "Before")
    journey.step("f1", "Before", actor="Front desk")
    journey.step("p2", "During")
    journey.step("g1", "During", actor="GP")
    journey.step("p3", "Later")
    journey.link("p1", "f1", "p2", "g1", "p3")  # three handoffs and f1→p2
    journey.link("p1", "p2")  # same lane: not a handoff
    result = journey.diagnose()
    assert [
        (h.link, h.source, h.source_actor, h.target, h.target_actor) for h in result.handoffs
    ] == [
        ("l1", "p1", "Patient", "f1", "Front desk"),
        ("l2", "f1", "Front desk", "p2", "Patient"),
        ("l3", "p2", "Patient", "g1", "GP"),
        ("l4", "g1", "GP", "p3", "Patient"),
    ]
    assert [h.stage for h in result.handoffs] == ["Before", "Before", "During", "During"]
    assert [(c.stage, c.count) for c in result.handoffs_by_stage] == [
        ("Before", 2),
        ("During", 2),
        ("After", 0),
        ("Later", 0),
    ]
    assert result.handoffs[0].to_json() == {
        "link": "l1",
        "from": "p1",
        "from_actor": "Patient",
        "to": "f1",
        "to_actor": "Front desk",
        "stage": "Before",
    }


def test_a_map_without_links_has_zero_handoffs_in_every_stage() -> None:
    journey = Journey()
    journey.step("s1")
    result = journey.diagnose()
    assert result.handoffs == ()
    assert [c.count for c in result.handoffs_by_stage] == [0, 0, 0]


# -- dead ends -----------------------------------------------------------------------------


def test_dead_ends_are_steps_without_a_next_step_before_the_last_stage() -> None:
    journey = Journey()
    journey.step("s1", "Before")
    journey.step("s2", "During")
    journey.step("s3", "During", actor="GP")  # only an incoming link
    journey.step("s4", "After")  # the journey may end here
    journey.step("s5", "Before", actor="GP")  # no links at all
    journey.link("s1", "s2", "s4")
    journey.link("s1", "s3")
    dead_ends = journey.diagnose().dead_ends
    assert ids(dead_ends) == ["s5", "s3"]  # map order: stage, then lane
    assert dead_ends[1].explanation == "'Step s3' has no link to a next step"
    assert (dead_ends[1].actor, dead_ends[1].stage) == ("GP", "During")


def test_steps_are_listed_in_map_order_stage_lane_then_place_in_the_cell() -> None:
    journey = Journey()
    journey.step("gp", "Before", actor="GP")
    journey.step("during", "During")
    journey.map.lanes.reverse()  # the Patient's lane first, although created second
    journey.step("bottom-left", "Before", x=24.0, y=200.0)
    journey.step("top-right", "Before", x=300.0, y=24.0)
    journey.step("top-left", "Before", x=24.0, y=24.0)
    journey.step("end", "After")
    assert ids(journey.diagnose().dead_ends) == [
        "top-left",
        "top-right",
        "bottom-left",
        "gp",
        "during",
    ]


def test_empty_last_stages_do_not_turn_every_end_into_a_dead_end() -> None:
    journey = Journey(stages=("Before", "During", "After", "Follow-up"))
    journey.step("s1", "Before")
    journey.step("s2", "During")
    journey.step("s3", "During", actor="GP")
    journey.link("s1", "s2")
    result = journey.diagnose()
    assert result.end_stage == "During"
    assert ids(result.dead_ends) == []


# -- loops ---------------------------------------------------------------------------------


def test_a_straight_journey_has_no_loops() -> None:
    journey = Journey()
    journey.link(journey.step("s1"), journey.step("s2", "During"), journey.step("s3", "After"))
    assert journey.diagnose().loops == ()


def test_rework_loop_lists_its_steps_in_map_order_and_one_cycle() -> None:
    journey = Journey()
    journey.step("s1", "Before")
    journey.step("s2", "During")
    journey.step("s3", "During", actor="GP")
    journey.step("s4", "After")
    journey.link("s1", "s3", "s2", "s3", "s4")  # s3 → s2 → s3: tests sent back for redoing
    (loop,) = journey.diagnose().loops
    assert loop.steps == ("s2", "s3")
    assert loop.cycle == ("s2", "s3")
    assert loop.explanation == (
        "2 steps the journey can go round again: 'Step s2' → 'Step s3' → 'Step s2'"
    )
    assert loop.to_json() == {
        "steps": ["s2", "s3"],
        "cycle": ["s2", "s3"],
        "explanation": loop.explanation,
    }


def test_a_self_link_is_a_loop_of_one_step() -> None:
    journey = Journey()
    journey.step("s1")
    journey.link("s1", "s1")
    (loop,) = journey.diagnose().loops
    assert (loop.steps, loop.cycle) == (("s1",), ("s1",))


def test_each_group_of_steps_going_round_is_one_loop() -> None:
    journey = Journey()
    for ref, stage in [("a1", "Before"), ("a2", "Before"), ("a3", "Before")]:
        journey.step(ref, stage, y=24.0 + 200 * int(ref[1]))
    for ref in ("b1", "b2"):
        journey.step(ref, "After", x=24.0 + 300 * int(ref[1]))
    journey.link("b2", "b1", "b2")
    journey.link("a3", "a1", "a2", "a3")  # a figure of eight: two cycles in one group
    journey.link("a1", "a3")
    loops = journey.diagnose().loops
    assert [loop.steps for loop in loops] == [("a1", "a2", "a3"), ("b1", "b2")]
    cycle = loops[0].cycle
    assert cycle == ("a1", "a3")  # the shortest way round from the earliest step
    assert len(set(cycle)) == len(cycle)
    graph_edges = {(link.source, link.target) for link in journey.workshop.links.values()}
    assert all(edge in graph_edges for edge in zip(cycle, (*cycle[1:], cycle[0]), strict=True))


def test_loops_never_enumerate_every_cycle() -> None:
    journey = Journey()
    refs = [journey.step(f"s{i}", x=float(i)) for i in range(80)]
    journey.link(*refs)
    journey.link(*reversed(refs))  # 2^79-ish simple cycles
    started = time.perf_counter()
    (loop,) = journey.diagnose().loops
    assert time.perf_counter() - started < 2.0
    assert len(loop.steps) == 80
    assert loop.cycle == ("s0", "s1")


# -- unreachable -----------------------------------------------------------------------------


def test_unreachable_steps_have_no_path_from_the_first_stage() -> None:
    journey = Journey()
    journey.step("s1", "Before")
    journey.step("g1", "Before", actor="GP")
    journey.step("s2", "During")
    journey.step("s3", "During", actor="GP")  # links only lead away from it
    journey.step("s4", "After")
    journey.link("g1", "s2", "s4")
    journey.link("s3", "s4")
    journey.link("s3", "s1")  # into the first stage: still no path to s3
    result = journey.diagnose()
    assert result.start_stage == "Before"
    assert ids(result.unreachable) == ["s3"]
    assert result.unreachable[0].explanation == (
        "no path of links leads to 'Step s3' from 'Before'"
    )


def test_unreachable_starts_from_the_first_stage_that_has_steps() -> None:
    journey = Journey(stages=("Awareness", "Before", "During"))
    journey.step("s1", "Before")
    journey.step("s2", "During")
    journey.step("s3", "During", actor="GP")
    journey.link("s1", "s2")
    result = journey.diagnose()
    assert result.start_stage == "Before"
    assert ids(result.unreachable) == ["s3"]


def test_an_empty_map_has_nothing_to_report() -> None:
    result = Journey().diagnose()
    assert (result.start_stage, result.end_stage) == (None, None)
    assert result.unreachable == result.dead_ends == result.loops == result.hotspots == ()
    assert result.emotion_curves == ()


# -- emotion curves --------------------------------------------------------------------------


def test_emotion_curve_per_actor_per_stage_with_means() -> None:
    journey = Journey()
    journey.step("s1", "Before", emotion=-1)
    journey.step("s2", "Before", emotion=2, x=300.0)
    journey.step("s3", "After", emotion=-3)
    journey.step("g1", "During", actor="GP")  # GP rates nothing of their own
    journey.note("s3", "feeling", "GP", rating=1)
    journey.note("s1", "feeling", "Carer", rating=0)  # no lane: comes after the lanes
    journey.note("s1", "feeling", "Admin", rating=-2)
    curves = journey.diagnose().emotion_curves
    assert [c.actor for c in curves] == ["Patient", "GP", "Admin", "Carer"]
    patient = curves[0]
    assert [(m.stage, m.ratings, m.mean) for m in patient.stages] == [
        ("Before", (("s1", -1), ("s2", 2)), 0.5),
        ("During", (), None),
        ("After", (("s3", -3),), -3.0),
    ]
    assert [m.mean for m in curves[1].stages] == [None, None, 1.0]
    assert patient.to_json()["stages"][0] == {
        "stage": "Before",
        "ratings": [{"step": "s1", "rating": -1}, {"step": "s2", "rating": 2}],
        "mean": 0.5,
    }


def test_emotion_curve_mean_is_rounded_to_two_decimals() -> None:
    journey = Journey()
    for i, emotion in enumerate((1, 1, -1)):
        journey.step(f"s{i}", emotion=emotion, x=float(i))
    (curve,) = journey.diagnose().emotion_curves
    assert curve.stages[0].mean == 0.33


# -- several maps and JSON -------------------------------------------------------------------


def test_every_map_is_diagnosed_on_its_own() -> None:
    journey = Journey()
    journey.step("s1")
    journey.note("s1", "pain", "Patient", weight=2)
    other = JourneyMap(id="m2", name="Ward", stages=[Stage(id="w1", name="Admission")])
    journey.workshop.maps.append(other)
    journey.workshop.steps["w1"] = Step(id="w1", map="m2", stage="w1", actor="a-patient", text="In")
    journey.link("s1", "w1")  # crosses maps: neither a handoff nor a path
    results = diagnose(journey.workshop)
    assert [(r.map_name, ids(r.hotspots), ids(r.dead_ends)) for r in results] == [
        ("Clinic visit", ["s1"], []),
        ("Ward", [], []),
    ]
    assert [r.map_name for r in diagnose(journey.workshop, "m2")] == ["Ward"]


def test_diagnostics_json_is_plain_json_for_every_map() -> None:
    journey = Journey()
    journey.step("s1", emotion=-2)
    journey.step("s2", "During", actor="GP")
    journey.link("s1", "s2", "s1")
    data = diagnostics_json(journey.workshop)
    assert json.loads(json.dumps(data)) == data
    (clinic,) = data["maps"]
    assert list(clinic) == [
        "map",
        "start_stage",
        "end_stage",
        "hotspots",
        "handoffs",
        "handoffs_by_stage",
        "dead_ends",
        "loops",
        "unreachable",
        "emotion_curves",
    ]
    assert clinic["map"] == "Clinic visit"
    assert [h["step"] for h in clinic["hotspots"]] == ["s1"]
    assert [h["link"] for h in clinic["handoffs"]] == ["l1", "l2"]
    assert clinic["loops"][0]["steps"] == ["s1", "s2"]
    assert clinic["emotion_curves"][0]["actor"] == "Patient"


@pytest.mark.parametrize("stage_names", [("Only",), ("First", "Second")])
def test_steps_in_the_only_stage_with_steps_are_neither_dead_nor_unreachable(
    stage_names: tuple[str, ...],
) -> None:
    journey = Journey(stages=stage_names)
    journey.step("s1", stage_names[0])
    journey.step("s2", stage_names[0], actor="GP")
    result = journey.diagnose()
    assert (result.dead_ends, result.unreachable) == ((), ())
