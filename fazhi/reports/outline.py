"""The report's outline as data: the five statutory parts, the sub-headings a county chooses,
and which module's figures a drafted paragraph summarises.

The five parts (《法治政府建设与责任落实督察工作规定》, 厅字〔2019〕28号, 第四章; RULES.md §1.1):
1 上一年度推进法治政府建设的主要举措和成效; 2 上一年度存在的不足和原因; 3 上一年度党政主要负责人
履行推进法治建设第一责任人职责、加强法治政府建设的情况; 4 下一年度推进法治政府建设的主要安排;
5 其他需要报告的情况.

An outline is a list of parts, each `{"part": 1, "heading": "一、…", "children": [{"heading":
"（一）…", "module": "disputes"}]}`. Headings may hold `{年度}`, `{下一年度}` and `{单位}`. A county
edits it as text, one heading a line (`as_text` / `parse_text`):

    [1] 一、{年度}年推进法治政府建设的主要举措和成效
      （一）推动行政争议实质性化解 [数据:disputes]
    [2] 二、{年度}年推进法治政府建设存在的不足和原因
"""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps

from fazhi.core.exceptions import ApplicationError

STATUTORY_PARTS = {
    1: "上一年度推进法治政府建设的主要举措和成效",
    2: "上一年度存在的不足和原因",
    3: "上一年度党政主要负责人履行推进法治建设第一责任人职责、加强法治政府建设的情况",
    4: "下一年度推进法治政府建设的主要安排",
    5: "其他需要报告的情况",
}
PART_NUMERALS = "一二三四五"
SUB_NUMERALS = "一二三四五六七八九十"

# 「[单位][年度]法治政府建设年度报告」 (issue 7); RULES.md §11.E writes the year first, and real
# reports vary (新昌县人民政府关于新昌县2023年度法治政府建设的报告): the pattern is the county's.
DEFAULT_TITLE = "{单位}{年度}年法治政府建设年度报告"
PLACEHOLDERS = ("{单位}", "{年度}", "{下一年度}")

# Sub-headings by theme, as the samples put them (新昌 2023, 临海 2023, 桐庐 2021).
DEFAULT_OUTLINE: list[dict[str, Any]] = [
    {
        "part": 1,
        "heading": "一、{年度}年推进法治政府建设的主要举措和成效",
        "children": [
            {"heading": "（一）加强统筹部署，压紧压实法治政府建设责任", "module": ""},
            {"heading": "（二）坚持依法科学民主决策，严格合法性审查", "module": "review"},
            {
                "heading": "（三）深化行政复议和应诉工作，推动行政争议实质性化解",
                "module": "disputes",
            },
            {"heading": "（四）严格规范公正文明执法，提升依法履职水平", "module": ""},
        ],
    },
    {"part": 2, "heading": "二、{年度}年推进法治政府建设存在的不足和原因", "children": []},
    {
        "part": 3,
        "heading": "三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "children": [],
    },
    {"part": 4, "heading": "四、{下一年度}年推进法治政府建设的主要安排", "children": []},
    {"part": 5, "heading": "五、其他需要报告的情况", "children": []},
]

# What the draft asks the editor to write, in 【】 so that the checks can tell an unfilled prompt.
PROMPT_OPEN, PROMPT_CLOSE = "【", "】"
PROMPT_RE = re.compile(r"【请填写[^】]*】")
PART_PROMPTS = {
    1: "【请填写：本部分的总体情况】",
    2: "【请填写：上一年度存在的不足和原因，如实反映问题】",
    3: "【请填写：党政主要负责人履行推进法治建设第一责任人职责的情况】",
    4: "【请填写：下一年度推进法治政府建设的主要安排】",
    5: "【请填写：其他需要报告的情况；没有的，写“无”】",
}
SUB_PROMPT = "【请填写：本方面的主要举措和成效，可由有关单位供稿】"

PART_LINE = re.compile(r"^\[(?P<part>\d)\]\s*(?P<heading>.+)$")
MODULE_TAG = re.compile(r"\s*\[数据[:：]\s*(?P<module>[a-z][a-z0-9_]*)\s*\]\s*$")


def fill(text: str, *, unit: str, year: int) -> str:
    """A heading or title with its placeholders filled in."""
    return (
        text.replace("{单位}", unit)
        .replace("{下一年度}", str(year + 1))
        .replace("{年度}", str(year))
    )


def as_text(outline: list[dict[str, Any]]) -> str:
    """The outline in the editable one-heading-a-line form."""
    lines = []
    for part in outline:
        lines.append(f"[{part['part']}] {part['heading']}")
        for child in part.get("children", []):
            tag = f" [数据:{child['module']}]" if child.get("module") else ""
            lines.append(f"  {child['heading']}{tag}")
    return "\n".join(lines)


def parse_text(text: str) -> list[dict[str, Any]]:
    """The outline from its text form; an ApplicationError naming the line when it is wrong."""
    outline: list[dict[str, Any]] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        match = PART_LINE.match(line.strip())
        if match:
            heading = match.group("heading").strip()
            outline.append({"part": int(match.group("part")), "heading": heading, "children": []})
            continue
        if not outline:
            raise ApplicationError(
                f"提纲第 {number} 行：“{line.strip()}”之前缺少一级标题（一级标题以 [1]–[5] 开头）"
            )
        outline[-1]["children"].append(_child(line.strip(), number))
    validate(outline)
    return outline


def _child(line: str, number: int) -> dict[str, Any]:
    tag = MODULE_TAG.search(line)
    module = tag.group("module") if tag else ""
    heading = line[: tag.start()].strip() if tag else line
    if "[数据" in heading:
        raise ApplicationError(
            f"提纲第 {number} 行：数据标注应写作 [数据:模块代码]，如 [数据:disputes]"
        )
    if module and not apps.is_installed(f"fazhi.{module}"):
        raise ApplicationError(
            f"提纲第 {number} 行：未知的数据模块“{module}”（可选：{'、'.join(module_choices())}）"
        )
    return {"heading": heading, "module": module}


def validate(outline: list[dict[str, Any]]) -> None:
    """Each of the five statutory parts once, in order, with a heading (厅字〔2019〕28号 第四章)."""
    parts = [p["part"] for p in outline]
    if parts != [1, 2, 3, 4, 5]:
        shown = "、".join(f"[{p}]" for p in parts) or "无"
        raise ApplicationError(
            f"提纲须依次包含五个法定部分 [1]–[5]（现为：{shown}）："
            + "；".join(f"{n} {name}" for n, name in STATUTORY_PARTS.items())
        )
    for part in outline:
        if not part["heading"].strip():
            raise ApplicationError(f"提纲第 {part['part']} 部分缺少标题")
        for child in part.get("children", []):
            if not child["heading"].strip():
                raise ApplicationError(f"提纲第 {part['part']} 部分有一个空的二级标题")


def module_choices() -> list[str]:
    """App labels whose indicators a drafted paragraph can summarise (those registered)."""
    from fazhi.indicators import registry

    return list(dict.fromkeys(code.split(".")[0] for code in (i.code for i in registry.all())))


def module_label(label: str) -> str:
    """The Chinese name of an app (行政复议与应诉), or the label when it is not installed."""
    try:
        return str(apps.get_app_config(label).verbose_name)
    except LookupError:
        return label


def sub_numeral(index: int) -> str:
    """（一）…（十）, then （11） for a long part."""
    return SUB_NUMERALS[index - 1] if 1 <= index <= len(SUB_NUMERALS) else str(index)


def has_text(body: str) -> bool:
    """Whether `body` holds text beyond the draft's 【请填写…】 prompts."""
    return bool(PROMPT_RE.sub("", body or "").strip())
