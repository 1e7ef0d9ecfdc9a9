"""Plain-text helpers shared by the apps' command-line output."""

from __future__ import annotations

import unicodedata
from collections.abc import Container, Iterable, Sequence


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: wide and fullwidth (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render_table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], *, right: Container[int] = ()
) -> str:
    """An aligned plain-text table: the header, a rule, the rows; the columns whose indexes are
    in `right` right-aligned (numbers). Widths count CJK characters as two columns."""
    lines = [list(headers), *(list(row) for row in rows)]
    widths = [max(display_width(line[i]) for line in lines) for i in range(len(headers))]

    def pad(cell: str, index: int) -> str:
        padding = " " * (widths[index] - display_width(cell))
        return padding + cell if index in right else cell + padding

    out = ["  ".join(pad(cell, i) for i, cell in enumerate(line)).rstrip() for line in lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)
