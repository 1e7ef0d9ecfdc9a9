"""A readable comparison of two versions of a text: paragraph by paragraph, and inside a changed
paragraph character by character (Chinese has no spaces to split words on)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher


@dataclass(frozen=True)
class Run:
    kind: str  # "same", "added", "removed"
    text: str


@dataclass(frozen=True)
class Line:
    kind: str  # "same", "added", "removed", "changed"
    runs: list[Run]


def compare(old: str, new: str) -> list[Line]:
    """The paragraphs of `new` against `old`; an edited paragraph shows what went and came."""
    before = [p for p in (old or "").splitlines() if p.strip()]
    after = [p for p in (new or "").splitlines() if p.strip()]
    lines: list[Line] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            lines += [Line("same", [Run("same", p)]) for p in before[a1:a2]]
        elif op == "delete":
            lines += [Line("removed", [Run("removed", p)]) for p in before[a1:a2]]
        elif op == "insert":
            lines += [Line("added", [Run("added", p)]) for p in after[b1:b2]]
        else:
            lines += _replaced(before[a1:a2], after[b1:b2])
    return lines


def _replaced(old: list[str], new: list[str]) -> list[Line]:
    """Paragraphs replaced pairwise are compared inside; the rest are removed or added."""
    lines = [Line("changed", inline(a, b)) for a, b in zip(old, new, strict=False)]
    lines += [Line("removed", [Run("removed", p)]) for p in old[len(new) :]]
    lines += [Line("added", [Run("added", p)]) for p in new[len(old) :]]
    return lines


# A number (61.01%) or a Latin word is one token, so a changed figure shows whole; every other
# character is its own token.
TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[A-Za-z]+|\s+|.", re.DOTALL)


def inline(old: str, new: str) -> list[Run]:
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    runs: list[Run] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(Run("same", "".join(a[a1:a2])))
            continue
        if a2 > a1:
            runs.append(Run("removed", "".join(a[a1:a2])))
        if b2 > b1:
            runs.append(Run("added", "".join(b[b1:b2])))
    return runs


def summary(lines: list[Line]) -> dict[str, int]:
    """How many characters were added and removed."""
    counts = {"added": 0, "removed": 0}
    for line in lines:
        for run in line.runs:
            if run.kind in counts:
                counts[run.kind] += len(run.text)
    return counts
