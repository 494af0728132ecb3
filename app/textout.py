"""Plain-text tables and wrapping for the command line's human-readable output."""

from __future__ import annotations

import shutil
import textwrap
import unicodedata
from collections.abc import Sequence


def display_width(text: str) -> int:
    """How many terminal columns `text` takes (wide East Asian characters count twice)."""
    return sum(
        0
        if unicodedata.combining(ch)
        else 2
        if unicodedata.east_asian_width(ch) in ("W", "F")
        else 1
        for ch in text
    )


def pad(text: str, width: int, align_right: bool = False) -> str:
    """`text` padded with spaces to `width` terminal columns."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if align_right else text + fill


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()
) -> list[str]:
    """Lines of an aligned table; columns whose index is in `right` are right-aligned."""
    widths = [display_width(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], display_width(cell))
    lines = [
        "  ".join(pad(h, widths[i], i in right) for i, h in enumerate(headers)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    for row in rows:
        lines.append(
            "  ".join(pad(cell, widths[i], i in right) for i, cell in enumerate(row)).rstrip()
        )
    return lines


def wrap(text: str, indent: str = "    ") -> list[str]:
    """`text` wrapped to the terminal's width with a hanging indent."""
    width = max(40, min(110, shutil.get_terminal_size((100, 24)).columns))
    return textwrap.wrap(
        text, width=width, initial_indent=indent, subsequent_indent=indent + "  "
    ) or [indent]


def signed(value: int | float | None) -> str:
    """An emotion rating written with its sign (+2, 0, -3), or a dash when missing."""
    if value is None:
        return "-"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:+.1f}"
    return f"{int(value):+d}" if value else "0"


def number(value: float) -> str:
    """A severity or score without needless decimals (12, 8.33)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
