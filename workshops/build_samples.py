"""Rebuild the sample workshops (`workshops/*.journey`) from their cards CSV and about.json.

The CSV files in `workshops/cards/` are the transcriptions of each workshop's wall of
sticky notes; `about.json` adds what a CSV cannot hold: the workshop's properties, the
decisions the group recorded on some conflicts, and the groups' dot votes. Run after
editing either:

    .venv/bin/python workshops/build_samples.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from app.cards import read_cards  # noqa: E402
from app.model import ConflictRecord, Vote, Workshop, WorkshopInfo, pair_key  # noqa: E402
from app.store import save_workshop  # noqa: E402


def build_sample(csv_path: Path, about: dict) -> Workshop:
    """The workshop of one sample: its cards, properties and recorded decisions."""
    workshop, warnings = read_cards(csv_path)
    if warnings:
        raise SystemExit("\n".join(warnings))
    workshop.info = WorkshopInfo(
        title=about["title"],
        date=about["date"],
        facilitator=about["facilitator"],
        service=about["service"],
        setting=about["setting"],
        engagement=about["engagement"],
        notes=about["notes"],
    )
    for record in about["records"]:
        key = pair_key(record["a"], record["b"])
        old = workshop.conflicts.get(key)
        workshop.conflicts[key] = ConflictRecord(
            *key,
            declared=old.declared if old else False,
            status=record["status"],
            note=record["note"],
        )
    for data in about.get("votes", []):
        kind = data["kind"]
        target = tuple(data["target"]) if kind == "step" else pair_key(*data["target"])
        vote = Vote(data["group"], kind, target, data["dots"])
        workshop.votes[vote.key] = vote
    return workshop


def build_all(out_dir: Path = HERE) -> list[Path]:
    """Write every sample into `out_dir`; returns the files written."""
    about = json.loads((HERE / "cards" / "about.json").read_text(encoding="utf-8"))
    written = []
    for name, details in about.items():
        target = out_dir / f"{name}.journey"
        save_workshop(build_sample(HERE / "cards" / f"{name}.csv", details), target)
        target.with_name(target.name + ".bak").unlink(missing_ok=True)
        written.append(target)
    return written


if __name__ == "__main__":
    for path in build_all():
        print(path.relative_to(HERE.parent))
