"""Errors the core raises for bad input: each carries a message a facilitator can act on."""

from __future__ import annotations


class WorkshopError(Exception):
    """Bad input that the user can fix; `str(error)` is the whole message, file name first."""


class StoreError(WorkshopError):
    """A workshop file could not be read or written; nothing was changed."""


class CardsError(WorkshopError):
    """A cards CSV has problems; `problems` holds one `FILE:ROW: column: message` line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
