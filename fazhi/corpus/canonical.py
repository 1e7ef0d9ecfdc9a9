"""Canonical indicator names, and the rules that map a phrase in a report onto one.

The names are those of the samples README (`../shared/samples/README.md`, 「Canonical indicator
names」) and the dispute indicators the project computes (RULES.md §4–§5, §11.D). A phrase maps
onto a canonical name only when it measures exactly that: 矛盾纠纷化解成功率 is not 矛盾纠纷化解率,
诉前调解成功率 is not 调解成功率, 行政复议调解率 is not 行政复议调撤率. Context decides which
proceeding a bare rate belongs to: in "行政复议…调撤率56.5%" it is 行政复议调撤率.

Each rule names the words the phrase must hold and, for counts, what may be left once the
proceeding's own words are taken out (收案, 新收, 受理 …), so that 行政复议立案前化解25件 never
becomes 行政复议收案数.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SAMPLE_NAMES = (  # samples README
    "行政诉讼败诉率",
    "行政诉讼调撤率",
    "行政诉讼收案数",
    "行政复议收案数",
    "行政复议审结数",
    "行政复议纠错率",
    "行政复议调撤率",
    "复议诉讼收案比",
    "复议后败诉数",
    "行政机关负责人出庭应诉率",
    "调解受理数",
    "调解成功率",
    "诉前调解成功率",
    "矛盾纠纷排查数",
    "矛盾纠纷化解数",
    "矛盾纠纷化解率",
    "合法性审查件数",
    "规范性文件合法性审查数",
    "规范性文件备案数",
    "规范性文件备案审查率",
    "重大行政决策事项数",
    "重大行政决策目录化管理率",
    "政府常务会议学法次数",
    "执法人员持证率",
    "公职律师配备率",
    "行政检查压减率",
    "首违不罚事项数",
)
# Dispute indicators the project computes (fazhi/disputes/indicators.py), by their registered
# names: a test holds the two together.
COMPUTED_NAMES = (
    "行政诉讼一审审结数",
    "行政诉讼败诉数",
    "行政复议纠错数",
    "复议后起诉率",
    "行政复议平均办案天数",
)
CANONICAL_NAMES = SAMPLE_NAMES + COMPUTED_NAMES
CANONICAL = frozenset(CANONICAL_NAMES)

# Topics: which proceeding or field a sentence is about.
REVIEW, LITIGATION, MEDIATION, NORMATIVE, DECISION = "复议", "诉讼", "调解", "规范性文件", "决策"
TOPIC_RE = re.compile(
    r"(?P<复议>行政复议|复议)|(?P<诉讼>行政诉讼|行政应诉|行政案件|行政审判|一审行政|行政败诉|诉讼)"
    r"|(?P<调解>调解)|(?P<规范性文件>规范性文件)|(?P<决策>重大行政决策)"
)
PROCEEDING_PREFIX = {REVIEW: "行政复议", LITIGATION: "行政诉讼"}
# Words that belong to the proceeding itself, taken out before a count's verb is judged.
PROCEEDING_WORDS = re.compile(
    r"行政复议|行政诉讼|一审行政|行政应诉|复议|诉讼|一审|行政|案件|各类|申请|总数|总量|数量|数|量|共|累计|全年"
)
INTAKE = frozenset({"收案", "新收", "受理", "收到", "接收", "收", "新收案", "发案", "发生", ""})
CLOSED = frozenset({"审结", "办结", "结案", "审结办结", "一审审结"})
CORRECTED = frozenset({"纠错", "纠正", "纠错决定", "直接纠错"})
LOST = frozenset({"败诉", "机关败诉"})


@dataclass(frozen=True)
class Phrase:
    """What the canonical rules look at: the cleaned subject and what surrounds it."""

    core: str  # the subject as cleaned (行政诉讼败诉率, 审结, 受理各类矛盾纠纷案件)
    kind: str  # rate, count, ratio, money, time, people, other
    topic: str  # the proceeding or field the sentence is about ("" when none)
    paragraph_topics: frozenset[str]
    qualified: bool = False  # a subset ("其中疑难复杂案件…") or a named group
    sentence: str = ""


def canonical_name(phrase: Phrase) -> str | None:
    """The canonical indicator `phrase` measures, or None."""
    if phrase.qualified:
        return None
    if phrase.kind == "rate":
        return _rate(phrase)
    if phrase.kind == "ratio":
        return _ratio(phrase)
    if phrase.kind in ("count", "people"):
        return _count(phrase)
    if phrase.kind == "time" and "复议" in phrase.core:
        average = re.search(r"平均(?:办案|办理|审理|结案)", phrase.core)
        return "行政复议平均办案天数" if average else None
    return None


def _rate(p: Phrase) -> str | None:
    """A rate's canonical name; a phrase without 率 (目录化管理实现100%) is tried with it."""
    name = _rate_rules(p.core, p)
    if name is None and not p.core.endswith("率"):
        name = _rate_rules(f"{p.core}率", p)
    return name


def _rate_rules(core: str, p: Phrase) -> str | None:
    topic = p.topic
    rules: tuple[tuple[bool, str], ...] = (
        ("诉前调解成功率" in core, "诉前调解成功率"),
        (bool(re.fullmatch(r"(?:人民|矛盾纠纷|纠纷)?调解成功率", core)), "调解成功率"),
        (bool(re.fullmatch(r"(?:行政)?(?:复议|诉讼|应诉)?(?:案件)?调撤率", core)), _by_topic(core, topic, "调撤率")),
        (_litigation_loss_rate(core, topic), "行政诉讼败诉率"),
        (bool(re.fullmatch(r"(?:行政)?(?:复议)?(?:案件)?(?:直接|综合)?纠错率", core)) and (topic == REVIEW or "复议" in core), "行政复议纠错率"),
        (bool(re.search(r"负责人出庭(?:应诉)?率|^(?:年度)?出庭应诉率$", core)), "行政机关负责人出庭应诉率"),
        (bool(re.fullmatch(r"(?:行政)?(?:执法人员)?持证率", core)), "执法人员持证率"),
        ("备案审查率" in core and ("规范性文件" in core or topic == NORMATIVE), "规范性文件备案审查率"),
        ("目录化管理率" in core and ("重大行政决策" in core or topic == DECISION), "重大行政决策目录化管理率"),
        (core == "矛盾纠纷化解率" or (core == "化解率" and "矛盾纠纷" in p.sentence), "矛盾纠纷化解率"),
        ("公职律师配备率" in core, "公职律师配备率"),
        ("行政检查" in core and "压减" in core, "行政检查压减率"),
        ("复议后起诉率" in core, "复议后起诉率"),
    )  # fmt: skip
    return next((name for matched, name in rules if matched and name), None)


def _litigation_loss_rate(core: str, topic: str) -> bool:
    """行政诉讼败诉率, 行政机关败诉率, 行政败诉率; a bare 败诉率 unless the sentence is about 复议."""
    if not re.fullmatch(
        r"(?:一审)?(?:行政诉讼|行政机关|行政案件|行政)?(?:案件)?(?:一审)?败诉率", core
    ):
        return False
    return bool(re.search(r"诉讼|机关|案件", core)) or topic != REVIEW


def _by_topic(core: str, topic: str, rate: str) -> str:
    if "复议" in core or (topic == REVIEW and "诉讼" not in core):
        return f"行政复议{rate}"
    if "诉讼" in core or "应诉" in core or topic == LITIGATION:
        return f"行政诉讼{rate}"
    return ""


def _ratio(p: Phrase) -> str | None:
    if "复议" in p.core and ("诉讼" in p.core or "一审" in p.core):
        return "复议诉讼收案比"
    return None


def _count(p: Phrase) -> str | None:
    core = p.core
    for rule in (_fixed_count, _normative_count, _proceeding_count, _dispute_count):
        name = rule(core, p)
        if name:
            return name
    return None


def _fixed_count(core: str, p: Phrase) -> str | None:
    if "复议后败诉" in core:
        return "复议后败诉数"
    if "首违不罚" in core and p.kind == "count":
        return "首违不罚事项数"
    if "常务会议" in core and "学法" in core:
        return "政府常务会议学法次数"
    decision = re.fullmatch(
        r"(?:作出|出台|审议|实施|纳入目录(?:管理)?的?)?重大行政决策(?:事项)?(?:目录)?", core
    )
    if decision:
        return "重大行政决策事项数"
    return None


def _normative_count(core: str, p: Phrase) -> str | None:
    normative = "规范性文件" in core or p.topic == NORMATIVE
    if normative and "备案" in core and "审查" not in core and "纠错" not in core:
        return "规范性文件备案数"
    if "规范性文件" in core and "审查" in core and "备案" not in core:
        return "规范性文件合法性审查数"
    if re.fullmatch(
        r"(?:年度|全年|开展|完成|办理)?合法性审查(?:各类)?(?:文件|事项|件|件数)?", core
    ):
        return "合法性审查件数"
    return None


def _proceeding_count(core: str, p: Phrase) -> str | None:
    explicit = "复议" in core or "诉讼" in core or "应诉" in core
    topic = _explicit_topic(core) or p.topic
    if topic not in (REVIEW, LITIGATION) or "同比" in core:
        return None
    rest = PROCEEDING_WORDS.sub("", core)
    if topic == REVIEW:
        table = (
            (INTAKE, "行政复议收案数"),
            (CLOSED, "行政复议审结数"),
            (CORRECTED, "行政复议纠错数"),
        )
    else:
        table = (
            (INTAKE, "行政诉讼收案数"),
            (CLOSED, "行政诉讼一审审结数"),
            (LOST, "行政诉讼败诉数"),
        )
    for words, name in table:
        if rest in words and (rest or explicit):
            return name
    return None


def _explicit_topic(core: str) -> str:
    if "复议" in core and "诉讼" not in core:
        return REVIEW
    if ("诉讼" in core or "应诉" in core) and "复议" not in core:
        return LITIGATION
    return ""


def _dispute_count(core: str, p: Phrase) -> str | None:
    if "纠纷" not in core and MEDIATION not in core:
        return None
    mediation = MEDIATION in core or p.topic == MEDIATION or MEDIATION in p.paragraph_topics
    if "受理" in core and mediation:
        return "调解受理数"
    if "矛盾纠纷" in core and "排查" in core:
        return "矛盾纠纷排查数"
    if re.fullmatch(r"(?:成功)?化解(?:各类)?矛盾纠纷(?:案件)?", core):
        return "矛盾纠纷化解数"
    return None
