"""What each row of the outline says: short sentences that read well aloud."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from app.analysis import actor_name, format_rating
from app.model import Note, Step, Workshop

COUNTED_KINDS = ("need", "pain", "idea", "quote")


def tr(text: str) -> str:
    return QCoreApplication.translate("Outline", text)


def plural(n: int, one: str, many: str) -> str:
    """`one` or `many` (each with a {0} for the number), as `n` asks."""
    return (one if n == 1 else many).format(n)


def steps_count(n: int) -> str:
    return plural(n, tr("{0} step"), tr("{0} steps"))


def map_text(name: str, steps: int) -> str:
    """`Map: As is: outpatient visit (20 steps)`."""
    return tr("Map: {0} ({1})").format(name, steps_count(steps))


def stage_text(position: int, total: int, name: str) -> str:
    """`Stage 3 of 7: Arrival and waiting`."""
    return tr("Stage {0} of {1}: {2}").format(position, total, name)


def lane_text(workshop: Workshop, actor_id: str, steps: int) -> str:
    """`Patient (patient): 3 steps`."""
    actor = workshop.actors.get(actor_id)
    if actor is None:
        return f"{actor_id}: {steps_count(steps)}"
    return tr("{0} ({1}): {2}").format(actor.name, actor.role, steps_count(steps))


def step_text(workshop: Workshop, step: Step, notes: Iterable[Note]) -> str:
    """The step's words, channel, who feels how, what notes it has and who takes part.

    `Phone to book — phone; Patient feels -2, Front desk +1; 2 needs, 1 pain; with Front
    desk`.
    """
    head = " ".join(step.text.split()) or tr("(no text)")
    if step.channel:
        head += f" — {step.channel}"
    parts = [head]
    ratings: dict[str, int] = {}
    if step.emotion is not None:
        ratings[step.actor] = step.emotion
    counts = dict.fromkeys(COUNTED_KINDS, 0)
    for note in notes:
        if note.kind == "feeling" and note.rating is not None:
            ratings[note.actor] = note.rating
        elif note.kind in counts:
            counts[note.kind] += 1
    if ratings:
        (first, rating), *rest = ratings.items()
        said = [tr("{0} feels {1}").format(actor_name(workshop, first), format_rating(rating))]
        said += [f"{actor_name(workshop, a)} {format_rating(r)}" for a, r in rest]
        parts.append(", ".join(said))
    words = {
        "need": (tr("{0} need"), tr("{0} needs")),
        "pain": (tr("{0} pain"), tr("{0} pains")),
        "idea": (tr("{0} idea"), tr("{0} ideas")),
        "quote": (tr("{0} quote"), tr("{0} quotes")),
    }
    counted = [plural(n, *words[kind]) for kind, n in counts.items() if n]
    if counted:
        parts.append(", ".join(counted))
    if step.with_actors:
        names = ", ".join(actor_name(workshop, a) for a in step.with_actors)
        parts.append(tr("with {0}").format(names))
    return "; ".join(parts)


def note_text(workshop: Workshop, note: Note) -> str:
    """`Need by Patient: more consultation time, weight 5: Time to ask all my questions`."""
    kinds = {
        "need": tr("Need"),
        "pain": tr("Pain"),
        "idea": tr("Idea"),
        "quote": tr("Quote"),
        "feeling": tr("Feeling"),
    }
    who = actor_name(workshop, note.actor)
    text = tr("{0} by {1}").format(kinds.get(note.kind, note.kind), who)
    details = []
    if note.kind == "need" and note.dimension:
        details.append(f"{note.direction} {note.dimension}".strip())
    if note.kind in ("need", "pain") and note.weight is not None:
        details.append(tr("weight {0}").format(note.weight))
    if note.kind == "feeling" and note.rating is not None:
        details.append(tr("rating {0}").format(format_rating(note.rating)))
    if details:
        text += ": " + ", ".join(details)
    words = " ".join(note.text.split())
    if words:
        text += ": " + (f"“{words}”" if note.kind == "quote" else words)
    return text
