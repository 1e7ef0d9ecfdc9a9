"""From the words around a figure to an indicator name: the subject, cleaned, plus a suffix.

"共组织召开行政诉讼案件研商会40余次" → subject 行政诉讼案件研商会 → 行政诉讼案件研商会次数;
"全县检查总户次达12955次" → 检查总户次; "对576家企业进行…" names what follows the figure (企业数).
"""

from __future__ import annotations

import re

from fazhi.corpus.numbers import (
    MONEY_UNITS,
    PEOPLE_UNITS,
    RATE_UNITS,
    SESSION_UNITS,
    TIME_UNITS,
    VISIT_UNITS,
)

# Words that open a clause without naming anything: scope, time, connectives.
LEADING = re.compile(
    r"^(?:其中|同时|此外|另外|并且|并|及|以及|在(?=全)|力争|力保|确保|争取|力求|共计|共|累计|合计|总计|全年|年度|今年|当年|一年来|"
    r"年内|目前|截至目前|截至|截止|已经|已|先后|依法|全县|全市|全区|全镇|全乡|全省|市本级|县本级|"
    r"我县|我市|我区|本县|本市|本区|"
    r"区本级|本级|各级|县级|市级|\d{4}年(?:以来|度|全年|上半年|下半年|底|末)?|以来|年度|全年|上年度)+"
)
# Verbs and particles between a subject and its figure: 败诉率「降至」2.54%.
TRAILING = re.compile(
    r"(?:达到|达|为|是|有|至|到|降至|降到|下降至|下降到|降低至|降低到|升至|上升至|上升到|提升至|"
    r"提升到|提高至|提高到|增至|增长至|增加至|增长到|增加到|缩减至|缩短至|压缩至|减少至|控制在|保持在|"
    r"保持|稳定在|实现|共计|共|累计|约|近|超过|超|逾|突破|高达|仅为|仅|占比|占|分别|均|都|总计|合计|"
    r"计|已|再|同比|以上|以下|持续|连续|全部|等|、)+$"
)
# Verbs that only say a thing was done; the thing is the subject (发送专项督办单 → 专项督办单).
GENERIC_VERBS = re.compile(
    r"^(?:推动形成|梳理形成|组织召开|组织开展|组织|召开|开展|发送|发出|制发|印发|出台|举办|建立|设立|"
    r"建成|创新设置|设置|选聘|配备|收集|提出|上报|完成|形成|推动|实施|落实|全面打通|打通|培育|联合|"
    r"择优选择|选择|共有|拥有)"
)
# A preposition left alone is no subject (对576家企业 → the subject follows the figure).
PREPOSITIONS = frozenset("对向从在按与于为给将把有")
QUOTES = re.compile(r"[“”‘’\"'《》「」『』〈〉【】\s]")
PARENTHESES = re.compile(r"[(（][^)）]{0,12}[)）]")
RATE_ENDINGS = ("率", "比例", "占比", "比重", "满意度", "增幅", "降幅", "覆盖面", "知晓度", "比")
MONEY_ENDINGS = ("金额", "资金", "损失", "罚款", "经费", "费用", "额", "款", "投入", "标的", "收入")
TIME_ENDINGS = ("时间", "时限", "天数", "周期", "时长", "用时", "年数", "月数")
COUNT_ENDINGS = ("数", "量", "数量", "总数", "件数", "次数")
# A rate of an action done to every item (合法性审查率, 目录化管理率), not a share of a thing.
ACTION_ENDINGS = (
    "审查", "管理", "覆盖", "公开", "办结", "化解", "调解", "备案", "公示", "录入", "办理", "完成",
    "整改", "执行", "参与", "出庭", "应诉", "结案", "配备", "知晓", "纠错", "审核", "评查", "上线",
)  # fmt: skip
MAX_NAME = 24


def clean_subject(text: str) -> str:
    """The thing a figure measures, without scope, time, quotes and the verb before the figure."""
    core = PARENTHESES.sub("", QUOTES.sub("", text))
    previous = None
    while core != previous:
        previous = core
        core = LEADING.sub("", core)
        core = TRAILING.sub("", core)
        stripped = GENERIC_VERBS.sub("", core)
        if len(stripped) >= 2:
            core = stripped
    return "" if core in PREPOSITIONS else _shorten(core)


def _shorten(core: str) -> str:
    """A long subject keeps its end, where Chinese puts the head noun, cut at a word boundary."""
    if len(core) <= MAX_NAME:
        return core
    tail = core[-MAX_NAME:]
    cut = re.search(r"[的和及与等、]", tail)
    return tail[cut.end() :] if cut and len(tail) - cut.end() >= 4 else tail


# Verbs of the statistics reports keep (审查44件、备案32件): what is left of a subject without its
# verb is the object a following bare verb shares.
STAT_VERBS = re.compile(
    r"^(?:审查|备案|报备|审结|办结|受理|收案|新收|化解|调解|纠错|办理|查处|发现|整改|制定|出台|清理|"
    r"修改|废止|公布|公示)|(?:审查|备案|报备|审结|办结|受理|收案|化解|调解|纠错|办理|查处|发现|整改|"
    r"制定|出台|清理|修改|废止|公布|公示)$"
)


def shared_object(previous: str) -> str:
    """行政规范性文件审查 → 行政规范性文件; 审查行政规范性文件 → the same; else ""."""
    match = STAT_VERBS.search(previous)
    if match is None:
        return ""
    return previous[: match.start()] + previous[match.end() :]


def unit_kind(unit: str) -> str:
    base = unit[1:] if unit[:1] in ("万", "亿") and len(unit) > 1 else unit
    if unit in RATE_UNITS:
        return "points" if unit == "个百分点" else "rate"
    if unit == "比值":
        return "ratio"
    for kind, units in (
        ("money", MONEY_UNITS),
        ("time", TIME_UNITS),
        ("people", PEOPLE_UNITS),
        ("visits", VISIT_UNITS),
        ("sessions", SESSION_UNITS),
    ):
        if unit in units or base in units:
            return kind
    return "count"


def with_suffix(core: str, unit: str) -> str:
    """The subject turned into an indicator name by what its unit counts."""
    kind = unit_kind(unit)
    base = unit.lstrip("万亿") or unit
    if kind in ("rate", "points"):
        if core.endswith(RATE_ENDINGS):
            return core
        return f"{core}{'率' if core.endswith(ACTION_ENDINGS) else '比例'}"
    if kind == "ratio":
        return core if core.endswith(("比", "比值")) else f"{core}比"
    if kind == "money":
        return core if core.endswith(MONEY_ENDINGS) else f"{core}金额"
    if kind == "time":
        return (
            core if core.endswith(TIME_ENDINGS) else f"{core}{'年数' if base == '年' else '时长'}"
        )
    if kind == "people":
        return core if core.endswith("人数") else f"{core}{'数' if core.endswith('人') else '人数'}"
    if kind == "visits":
        return core if core.endswith(base) else f"{core}{base}"
    if kind == "sessions":
        if core.endswith(("次", "次数", "场次", "场", "批次")):
            return core
        return f"{core}{'场次' if base in ('场', '场次') else '次数'}"
    return core if core.endswith(COUNT_ENDINGS) else f"{core}数"


def strip_suffix(name: str) -> str:
    """An indicator name back to its subject, for a 同比 change named after the figure before it."""
    name = re.sub(r"^(?:\d{4}年|原)", "", name)
    return re.sub(r"(?:目标|同比增幅|同比降幅|排名)$", "", name)
