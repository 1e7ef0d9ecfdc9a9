"""A report's outline as it numbers it, and the statutory parts its top-level headings cover.

Numbering styles: 一、 (一) 1. (1) ① and runs of 一是/二是 inside a paragraph. Levels follow the
order in which styles nest in this report (a report that starts at (一) has (一) on level 1).

The five parts every annual report must contain: 《法治政府建设与责任落实督察工作规定》
(厅字〔2019〕28号) 第四章, as listed in RULES.md §1.1. Part 5 (其他需要报告的情况) is needed only
when there is something else to report, so only parts 1–4 are flagged when missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

STATUTORY_PARTS = {
    1: "上一年度推进法治政府建设的主要举措和成效",
    2: "上一年度存在的不足和原因",
    3: "党政主要负责人履行推进法治建设第一责任人职责情况",
    4: "下一年度推进法治政府建设的主要安排",
    5: "其他需要报告的情况",
}
REQUIRED_PARTS = (1, 2, 3, 4)

CN = "一二三四五六七八九十"
LINE_STYLES = (
    ("cn", re.compile(rf"^([{CN}]{{1,3}})\s*[、.．]")),
    ("cn_paren", re.compile(rf"^[(（]\s*([{CN}]{{1,3}})\s*[)）]")),
    ("arabic", re.compile(r"^(\d{1,2})\s*[.．、](?![\d.．])")),
    ("arabic_paren", re.compile(r"^[(（](\d{1,2})[)）]")),
    ("circled", re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮])")),
)
RUN_RE = re.compile(rf"(?:^|(?<=[。；;：:，,]))([{CN}]{{1,3}})是")
HEADING_END = re.compile(r"[。；;：:！？!?]")
CLAUSE_END = re.compile(r"[，,]")
MAX_HEADING = 60

PART_RULES = (
    (3, re.compile(r"第一责任人|主要负责人|履行.{0,12}职责|履职")),
    (2, re.compile(r"不足|问题|短板|差距|薄弱")),
    (5, re.compile(r"其他|其它")),
    (4, re.compile(r"安排|思路|计划|打算|下一步|下一年|明年|展望|工作任务|重点任务|工作重点|谋划")),
    (1, re.compile(r"举措|成效|成绩|进展|情况|做法|推进|亮点|主要工作|工作回顾")),
)
MENTION_RULES = {
    1: re.compile(r"成效|取得"),
    2: re.compile(r"不足|问题和|存在问题|短板"),
    3: re.compile(r"第一责任人"),
    4: re.compile(r"下一步|下一年度|明年"),
    5: re.compile(r"其他需要报告"),
}
YEAR_RE = re.compile(r"(20\d\d)\s*年")


@dataclass
class Heading:
    level: int
    number: str  # the marker as printed: 一、 (一) 1. 一是
    heading: str
    start: int  # offset of the marker in the clean text
    end: int = 0  # where the section ends: the next heading on the same or a higher level
    style: str = ""
    parts: list[int] = field(default_factory=list)  # statutory parts (top level only)

    @property
    def statutory_part(self) -> int | None:
        return self.parts[0] if self.parts else None


@dataclass(frozen=True)
class MissingPart:
    part: int
    name: str
    mentioned_in_text: bool  # the body speaks of it, without a heading of its own


def parse_outline(text: str, year: int | None = None) -> list[Heading]:
    """Every numbered heading in reading order, with levels, ends and statutory parts."""
    headings: list[Heading] = []
    offset = 0
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if index > 0:  # the first line is the title
            headings.extend(_line_headings(line, offset))
        offset += len(line) + 1
    _assign_levels(headings)
    _assign_ends(headings, len(text))
    _assign_parts(headings, year)
    return headings


def _line_headings(line: str, offset: int) -> list[Heading]:
    found: list[Heading] = []
    for style, pattern in LINE_STYLES:
        match = pattern.match(line)
        if match:
            found.append(_heading(line, offset, match.end(), style, MAX_HEADING))
            break
    runs = list(RUN_RE.finditer(line))
    if len(runs) >= 2 and runs[0].group(1) == "一" and runs[1].group(1) == "二":
        for run in runs:
            found.append(_heading(line, offset, run.end(), "run", 40, marker_start=run.start()))
    return found


def _heading(
    line: str, offset: int, body_start: int, style: str, cap: int, marker_start: int = 0
) -> Heading:
    """The heading text: from after the marker to the end of its first sentence (capped)."""
    rest = line[body_start:]
    stop = HEADING_END.search(rest)
    if stop and stop.start() <= cap:
        text = rest[: stop.start()]
    elif len(rest) <= cap:
        text = rest
    else:
        comma = CLAUSE_END.search(rest)
        text = rest[: comma.start()] if comma and comma.start() <= cap else rest[:cap]
    number = line[marker_start:body_start].strip()
    return Heading(0, number, text.strip(), offset + marker_start, style=style)


def _assign_levels(headings: list[Heading]) -> None:
    """A style seen before closes the deeper ones; a new style nests under the current one."""
    stack: list[str] = []
    for heading in headings:
        if heading.style in stack:
            del stack[stack.index(heading.style) + 1 :]
        else:
            stack.append(heading.style)
        heading.level = stack.index(heading.style) + 1


def _assign_ends(headings: list[Heading], length: int) -> None:
    for index, heading in enumerate(headings):
        later = (h.start for h in headings[index + 1 :] if h.level <= heading.level)
        heading.end = next(later, length)


def _assign_parts(headings: list[Heading], year: int | None) -> None:
    """Top-level headings get the statutory parts their words name; untitled topic chapters
    (一、政府职能依法全面履行) before any later part report on the year, so they are part 1."""
    later_part_seen = False
    for heading in (h for h in headings if h.level == 1):
        heading.parts = classify_heading(heading.heading, year)
        later_part_seen = later_part_seen or any(p in (2, 3, 4) for p in heading.parts)
        if not heading.parts and not later_part_seen:
            heading.parts = [1]


def classify_heading(text: str, year: int | None) -> list[int]:
    """The statutory parts a top-level heading names (a combined heading may name two)."""
    parts = [part for part, pattern in PART_RULES if pattern.search(text)]
    years = [int(y) for y in YEAR_RE.findall(text)]
    if year and any(y > year for y in years) and 4 not in parts:
        parts = [p for p in parts if p != 1] + [4]
    if 1 in parts and len(parts) > 1:
        parts.remove(1)  # 情况 / 推进 are weak words beside a specific one
    return sorted(parts, key=lambda p: (p != _first_named(text, parts), p))


def _first_named(text: str, parts: list[int]) -> int | None:
    """Of several parts, the one whose words come first in the heading."""
    positions = {}
    for part, pattern in PART_RULES:
        match = pattern.search(text) if part in parts else None
        if match:
            positions[part] = match.start()
    return min(positions, key=lambda p: positions[p]) if positions else None


def missing_parts(headings: list[Heading], text: str) -> list[MissingPart]:
    """The required statutory parts no top-level heading covers, and whether the body speaks
    of each anyway (a 不足 paragraph inside part 1 is not a part of its own)."""
    covered = {p for h in headings if h.level == 1 for p in h.parts}
    return [
        MissingPart(part, STATUTORY_PARTS[part], mentions_part(text, part))
        for part in REQUIRED_PARTS
        if part not in covered
    ]


def mentions_part(text: str, part: int) -> bool:
    """Whether the body speaks of statutory `part` (without a heading of its own, perhaps)."""
    return bool(MENTION_RULES[part].search(text))


def part_at(headings: list[Heading], offset: int) -> int | None:
    """The statutory part of the top-level section that contains `offset`."""
    part = None
    for heading in headings:
        if heading.level == 1 and heading.start <= offset:
            part = heading.statutory_part
    return part
