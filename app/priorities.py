"""Dot-voting priorities (Experience-Based Co-Design): what each group ranked highest.

Each participant group (patients and carers, staff, everyone) puts dots on steps and on
conflicts. The ranking per group and overall is what the facilitator takes to the joint
event: the few items with most dots.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.model import VOTING_GROUPS, Workshop

TOP_PRIORITIES = 5  # EBCD groups agree four or five shared priorities


@dataclass(frozen=True)
class Priority:
    """One voted-on step or conflict, with its dots per group and in all."""

    kind: str  # "step" or "conflict"
    target: tuple[str, ...]  # (step id,) or (need a, need b)
    map_id: str
    label: str
    dots: dict[str, int]
    total: int

    def dots_of(self, group: str | None) -> int:
        """Dots from one group, or from all groups when `group` is None."""
        return self.total if group is None else self.dots.get(group, 0)

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "target": list(self.target),
            "label": self.label,
            "dots": {g: self.dots.get(g, 0) for g in VOTING_GROUPS},
            "total": self.total,
        }


def target_label(workshop: Workshop, kind: str, target: tuple[str, ...]) -> str:
    """How a voted item reads in a list: the step's text, or the two sides of a conflict."""
    if kind == "step":
        step = workshop.steps.get(target[0])
        return step.text if step else target[0]
    sides = []
    for need_id in target:
        need = workshop.notes.get(need_id)
        if need is None:
            sides.append(need_id)
            continue
        actor = workshop.actors.get(need.actor)
        sides.append(f"{actor.name if actor else need.actor}: {need.text}")
    return " ↔ ".join(sides)


def _map_of(workshop: Workshop, kind: str, target: tuple[str, ...]) -> str:
    if kind == "step":
        step = workshop.steps.get(target[0])
        return step.map if step else ""
    need = workshop.notes.get(target[0])
    step = workshop.steps.get(need.step) if need else None
    return step.map if step else ""


def rank_priorities(
    workshop: Workshop, map_id: str | None = None, group: str | None = None
) -> list[Priority]:
    """Voted items (of one map, or all), most dots first for `group` (None: all groups).

    Ties: more dots overall first, then conflicts before steps, then by label.
    """
    by_target: dict[tuple[str, tuple[str, ...]], dict[str, int]] = {}
    for vote in workshop.votes.values():
        dots = by_target.setdefault((vote.kind, vote.target), {})
        dots[vote.group] = dots.get(vote.group, 0) + vote.dots
    items = []
    for (kind, target), dots in by_target.items():
        item_map = _map_of(workshop, kind, target)
        if map_id is not None and item_map != map_id:
            continue
        items.append(
            Priority(
                kind,
                target,
                item_map,
                target_label(workshop, kind, target),
                dots,
                sum(dots.values()),
            )
        )
    items = [item for item in items if item.dots_of(group) > 0]
    items.sort(key=lambda p: (-p.dots_of(group), -p.total, p.kind != "conflict", p.label))
    return items
